"""Names and numbers of any year to one year's kommuner, and tables that have names but no
numbers."""

from pathlib import Path

import pytest

from kommunekart.lineage.names import KommuneNames
from kommunekart.pipeline import userdata
from kommunekart.readers import importer
from tests.helpers import texts

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data

CORPUS = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture(scope="module")
def names(real_dataset):
    return KommuneNames.of(real_dataset)


def codes(found):
    return [c.code for c in found]


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("Tromsø", 2024, ["5501"]),
        ("Romsa", 2020, ["5401"]),  # alias
        ("Guovdageaidnu", 2024, ["5612"]),
        ("kautokeino", 2019, ["2011"]),  # Sami and Norwegian parts
        ("Herøy", 2024, ["1515", "1818"]),
        ("Herøy i Nordland", 2024, ["1818"]),  # ambiguous; a fylke hint
        ("Herøy (Møre og Romsdal)", 2022, ["1515"]),
        ("Våler", 2020, ["3018", "3419"]),
        ("Ski", 2024, ["3207"]),
        ("Oppegård", 2025, ["3207"]),  # older names: the kommune they are part of now
        ("5430", 2024, ["5612"]),
        ("0213", 2024, ["3207"]),  # older numbers
        ("Rindal", 2019, ["5061"]),
        ("Rindal", 2018, ["1567"]),  # the year's own numbering
        ("1504", 2024, []),  # old Ålesund: in two 2024 kommuner, never guessed
        ("Nordre Follo", 2019, []),  # a newer name is not a part of an older kommune
        ("1580", 2022, []),  # 2024 Haram was a part of 2020-2023 Ålesund, not all of it
        ("Atlantis", 2024, []),
    ],
)
def test_a_text_names_the_kommuner_of_that_year(names, text, year, expected):
    assert codes(names.resolve(text, year)) == expected


def test_older_names_say_what_they_were(names):
    (ski,) = names.resolve("Ski", 2024)
    assert ski.via == "eldre_navn" and ski.found == "Ski (2018)" and ski.name == "Nordre Follo"


def test_picker_suggestions_start_with_exact_matches_then_parts_of_names(names):
    found = names.suggest("her", 2024)
    assert codes(found)[:2] == ["1515", "1818"]
    assert codes(names.suggest("5430", 2024)) == ["5612"]


def test_a_table_with_names_only_is_matched_and_unmatched_names_are_listed(names):
    raw = (CORPUS / "navn_uten_nummer.csv").read_bytes()
    res = importer.read_table(
        raw, "andel.csv", names=names.resolve, name_choices={"Herøy": "", "Våler": ""}
    )
    assert res.by_name
    assert dict(zip(res.data["kommunenummer"], res.data["value"])) == {
        "5501": 12.5,
        "5612": 3.0,
        "3207": 4.0,
    }
    notes = " ".join(texts(res.notes))
    assert (
        "«Atlantis»" in notes
        and "Ski (2018) → Nordre Follo (3207)" in notes
        and "Hele landet" in notes
    )


def test_ambiguous_names_are_asked_about_and_a_fylke_column_answers(names):
    raw = "Kommune;Verdi 2024\nHerøy;1\nVåler;2\nBergen;3\n".encode()
    res = importer.read_table(raw, names=names.resolve)
    assert set(res.ambiguous) == {"Herøy", "Våler"}
    assert [c for c, _ in res.ambiguous["Herøy"]] == ["1515", "1818"]
    assert res.ambiguous["Herøy"][1][1] == "Herøy (Nordland) – 1818"
    assert list(res.data["kommunenummer"]) == ["4601"]
    chosen = importer.read_table(
        raw, names=names.resolve, name_choices={"Herøy": "1818", "Våler": ""}
    )
    assert sorted(chosen.data["kommunenummer"]) == ["1818", "4601"]
    assert "«Våler»" in " ".join(texts(chosen.notes))
    with_fylke = importer.read_table(
        (CORPUS / "navn_med_fylke.csv").read_bytes(), names=names.resolve
    )
    assert (
        sorted(with_fylke.data["kommunenummer"]) == ["1818", "3114", "4601"]
        and not with_fylke.ambiguous
    )


def test_a_wide_table_over_a_reform_is_one_series_and_empty_cells_are_not_unknown_kommuner(
    real_dataset, names
):
    raw = (CORPUS / "bred_over_reform.csv").read_bytes()
    res = importer.read_table(raw, "bredband.csv")
    assert list(res.data["indicator"].unique()) == ["bredband"]
    assert sorted(res.data["year"].unique()) == [2019, 2024]
    assert importer.check_codes(res, real_dataset.codes_by_year()) == []
    values, notes, _ = userdata.series_values(real_dataset, res.data, "bredband")
    assert {(k, y) for k, y in zip(values["kommunenummer"], values["year"])} == {
        ("1504", 2018),
        ("0301", 2018),
        ("1508", 2024),
        ("0301", 2024),
    }
    assert "2 tomme celler" in " ".join(texts(notes))
    by_name = importer.read_table(
        "Kommune;2019;2024\nÅlesund;10;11\n".encode(), names=names.resolve
    )
    assert dict(zip(by_name.data["year"], by_name.data["kommunenummer"])) == {
        2019: "1504",
        2024: "1508",
    }
