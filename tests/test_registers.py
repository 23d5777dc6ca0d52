"""Uutilsynet's accessibility statements and Difi's «Kvalitet på nett»: the rules on small hand-made
records, counts against a direct count from the raw files, and five kommuner of each source checked
by hand against the raw files (values written here as read there)."""

import json

import pandas as pd
import pytest

from kommunekart.analysis.stats import view_table
from kommunekart.base.fmt import status_text
from kommunekart.pipeline import registers
from kommunekart.sources import mirror
from tests.helpers import shown


# ---------------------------------------------------------------- the rules, without the mirror
@pytest.mark.parametrize(
    "address, host",
    [
        ("https://www.bergen.kommune.no/", "bergen.kommune.no"),
        ("https://bergen.kommune.no", "bergen.kommune.no"),
        ("https://www.lyngdal.kommune.no/no/", "lyngdal.kommune.no"),
        ("https://.www.solund.kommune.no", "solund.kommune.no"),  # as Solund's statement writes it
        ("https://www.guovdageainnu.suohkan.no/", "guovdageainnu.suohkan.no"),
        ("https://skjema.sor-varanger.kommune.no/skjema/1", None),  # a deeper page
        # not a kommune domain (data/kommune_domener.yaml names it)
        (
            "https://www.sarpsborg.com/",
            None,
        ),
        (None, None),
        ("", None),
    ],
)
def test_a_front_domain_is_a_kommune_domain_front_page(address, host):
    assert registers.front_host(address) == host


def _statement(org, name, address, date, breaches, updated=True):
    return {
        "organisasjonsnummer": org,
        "verksemdNamn": name,
        "iktLoeysingAdresse": address,
        "sisteOppdatering": date,
        "erklaeringErOppdatert": updated,
        "talBrot": breaches,
    }


def test_the_main_website_rule_on_hand_made_statements():
    """A: its own domain twice (the latest counts), a shared min.kommune.no and a library; B: only
    statements of other sites (no main website); C: none at all (no statement, never 0); D: its main
    site on another domain, named in the project's own list; E: two front domains, the one with its
    name wins over a newer service subdomain."""
    records = [
        _statement("1", "A KOMMUNE", "https://www.a.kommune.no/", "2024-01-01", 9, False),
        _statement("1", "A KOMMUNE", "https://a.kommune.no", "2025-06-01", 4),
        _statement("1", "A KOMMUNE", "https://min.kommune.no/", "2026-01-01", 1),
        _statement("1", "A KOMMUNE", "https://a.bib.no/", "2026-01-01", 0),
        _statement("2", "B KOMMUNE", "https://min.kommune.no/", "2026-01-01", 1),
        _statement("2", "B KOMMUNE", "https://skjema.b.kommune.no/x", "2026-01-01", 3),
        _statement("4", "D KOMMUNE", "https://www.dby.no/", "2026-01-01", 7),
        _statement("5", "E KOMMUNE", "https://kbl.kommune.no/", "2026-05-01", 3),
        _statement("5", "E KOMMUNE", "https://www.e.kommune.no/", "2026-03-01", 2),
        _statement("9", "A FYLKESKOMMUNE", "https://www.a.kommune.no/", "2026-01-01", 0),
    ]
    raw = json.dumps({"records": records}).encode()
    orgnr = pd.DataFrame(
        {
            "organisasjonsnummer": ["1", "2", "4", "5"],
            "kommunenummer_2020_2023": ["0001", "0002", "0004", "0005"],
        }
    )
    changes = pd.DataFrame(columns=["changeOccurred", "oldCode", "oldName", "newCode", "newName"])
    changes["changeOccurred"] = pd.to_datetime(changes["changeOccurred"])
    names = {"0001": "A", "0002": "B", "0003": "C", "0004": "D", "0005": "E"}
    frame, report = registers.statement_values(
        raw, orgnr, lambda *a: [], changes, names, {"0004": "dby.no"}
    )
    got = frame.set_index(["kommunenummer", "indicator"])
    assert got.loc[("0001", "uu_brudd"), "value"] == 4  # the latest of its own domain's statements
    assert got.loc[("0001", "uu_erklaeringer"), "value"] == 4
    assert got.loc[("0001", "uu_oppdatert"), "value"] == 75
    assert (
        pd.isna(got.loc[("0002", "uu_brudd"), "value"])
        and got.loc[("0002", "uu_brudd"), "status"] == "ingen_hovedside"
    )
    assert got.loc[("0002", "uu_erklaeringer"), "value"] == 2
    for ind in registers.UU_IDS:  # no statement: missing with its reason, never 0
        assert (
            pd.isna(got.loc[("0003", ind), "value"])
            and got.loc[("0003", ind), "status"] == "ingen_erklaering"
        )
    assert got.loc[("0004", "uu_brudd"), "value"] == 7
    assert got.loc[("0005", "uu_brudd"), "value"] == 2  # e.kommune.no, not the newer kbl.kommune.no
    assert report["n"] == 4 and report["no_main"] == ["0002"]


def test_the_kommune_list_of_an_earlier_year_undoes_the_change_table():
    version = {
        "classificationItems": [
            {"code": "0704", "name": "Tønsberg"},
            {"code": "0710", "name": "Sandefjord"},
            {"code": "9999", "name": "Uoppgitt"},
        ]
    }
    rows = [
        ("2017-01-01", "0704", "Tønsberg", "0704", "Tønsberg"),
        ("2017-01-01", "0720", "Stokke", "0704", "Tønsberg"),
        ("2017-01-01", "0706", "Sandefjord", "0710", "Sandefjord"),
        ("2017-01-01", "0719", "Andebu", "0710", "Sandefjord"),
        ("2017-01-01", "0720", "Stokke", "0710", "Sandefjord"),
    ]
    changes = pd.DataFrame(
        rows, columns=["changeOccurred", "oldCode", "oldName", "newCode", "newName"]
    )
    changes["changeOccurred"] = pd.to_datetime(changes["changeOccurred"])
    assert registers.kommuner_of_year(version, changes, 2017, 2013) == {
        "0704": "Tønsberg",
        "0706": "Sandefjord",
        "0719": "Andebu",
        "0720": "Stokke",
    }
    assert registers.kommuner_of_year(version, changes, 2017, 2017) == {
        "0704": "Tønsberg",
        "0710": "Sandefjord",
    }


def test_difi_names_match_with_fylke_hints_and_parallel_names():
    kommuner = {
        "0821": "Bø (Telemark)",
        "1867": "Bø (Nordland)",
        "0419": "Våler (Hedmark)",
        "0137": "Våler (Østfold)",
        "2011": "Guovdageaidnu - Kautokeino",
        "2021": "Karasjok - Kárásjohka",
    }
    rows = pd.DataFrame(
        {
            "nettstednavn": [
                "Bø kommune (Telemark)",
                "Bø kommune (Vesterålen)",
                "Våler kommune i Solør (Hedmark)",
                "Våler kommune (Østfold)",
                "Guovdageainnu suohkan - Kautokeino kommune",
                "Karasjok kommune - Kárásjoga gielda",
                "Bø kommune",
                "Atlantis kommune",
            ]
        }
    )
    found, unmatched = registers.match_names(rows, kommuner)
    assert found == {
        "Bø kommune (Telemark)": "0821",
        "Bø kommune (Vesterålen)": "1867",
        "Våler kommune i Solør (Hedmark)": "0419",
        "Våler kommune (Østfold)": "0137",
        "Guovdageainnu suohkan - Kautokeino kommune": "2011",
        "Karasjok kommune - Kárásjoga gielda": "2021",
    }
    # two kommuner, or none: listed, never guessed
    assert unmatched == [
        "Bø kommune",
        "Atlantis kommune",
    ]


# ---------------------------------------------------------------- the real files (mirror)
@pytest.fixture(scope="module")
def statements():
    return json.loads(mirror.path_of("data", "uu_statements").read_bytes())["records"]


def test_counts_of_kommuner_with_a_statement_match_a_direct_count(real_dataset, statements):
    orgs = {r["organisasjonsnummer"] for r in statements if r["verksemdNamn"].endswith(" KOMMUNE")}
    table = view_table(real_dataset, "uu_erklaeringer", 2026)
    assert len(table) == 357 and table["value"].notna().sum() == len(orgs) == 348
    assert (
        table["value"].sum()
        == sum(1 for r in statements if r["verksemdNamn"].endswith(" KOMMUNE"))
        == 5464
    )
    none = table[table["value"].isna()]
    assert set(none["status"]) == {"ingen_erklaering"} and len(none) == 9
    breaches = view_table(real_dataset, "uu_brudd", 2026)
    # every kommune with a statement has one for its main website
    assert breaches["value"].notna().sum() == 348
    assert set(breaches.loc[breaches["value"].isna(), "status"]) == {"ingen_erklaering"}


@pytest.mark.parametrize(
    "code, name, breaches, count, updated",
    [
        # www.asker.kommune.no 2025-09-30 (3), not 2025-02-10 (0)
        (
            "3203",
            "Asker",
            3,
            81,
            100 * 30 / 81,
        ),
        # www.bergen.kommune.no, not kbl.kommune.no or min.kommune.no
        (
            "4601",
            "Bergen",
            2,
            96,
            100 * 80 / 96,
        ),
        ("5612", "Guovdageaidnu - Kautokeino", 12, 8, 0),  # www.guovdageainnu.suohkan.no
        ("1580", "Haram", 4, 38, 100 * 20 / 38),  # a new organisation of 2024: placed by name
        ("4636", "Solund", 10, 1, 0),  # its one statement, written «https://.www.solund.kommune.no»
    ],
)
def test_five_kommuner_checked_by_hand_against_the_statements(
    real_dataset, code, name, breaches, count, updated
):
    rows = {
        i: view_table(real_dataset, i, 2026).set_index("kommunenummer").loc[code]
        for i in registers.UU_IDS
    }
    assert rows["uu_brudd"]["name"] == name
    assert rows["uu_brudd"]["value"] == breaches
    assert rows["uu_erklaeringer"]["value"] == count
    assert rows["uu_oppdatert"]["value"] == pytest.approx(updated)


def test_the_caveat_counts_are_the_datas(real_dataset):
    table = view_table(real_dataset, "uu_erklaeringer", 2026)
    n, total = int(table["value"].notna().sum()), len(table)
    assert (n, total) == (348, 357)  # PROVENANCE.md: 5 464 statements by 348 kommuner
    for ind in registers.UU_IDS:
        assert f"{n} av {total} kommuner i 2026 har publisert" in real_dataset.catalogue[ind].caveat
    counted = [
        int(view_table(real_dataset, "difi_kvalitet", y)["value"].notna().sum())
        for y in (2010, 2011, 2013)
    ]
    assert counted == [410, 410, 412]
    assert (
        f"{counted[0]} av 422 kommuner i 2010 og 2011 og {counted[2]} av 422 i 2013"
        in real_dataset.catalogue["difi_kvalitet"].caveat
    )


@pytest.mark.mirror
@pytest.mark.parametrize("year", [2010, 2011, 2013])
def test_every_difi_kommune_name_is_matched_and_counted_once(year):
    raw = mirror.path_of("data", f"difi_{year}").read_bytes()
    rows = registers.read_difi(raw)
    from kommunekart.readers import load

    changes = load.read_changes()
    version = json.loads(mirror.path_of("data", "klass131_2017").read_text(encoding="utf-8"))
    then = registers.kommuner_of_year(version, changes, 2017, year)
    # the kommuner of 1 January that year
    assert len(then) == {2010: 430, 2011: 430, 2013: 428}[year]
    found, unmatched = registers.match_names(rows, then)
    assert unmatched == []  # every kommune website of the file has its kommune
    assert len(found) == len(rows) == 424 and len(set(found.values())) == 424


@pytest.mark.parametrize(
    "code, name, total, stars, access",
    [  # 2013, read from oversikt2013/dataset.csv
        ("0220", "Asker", 74, 5, 100 * 20 / 36),
        ("1201", "Bergen", 71, 5, 100 * 22 / 36),
        ("2011", "Guovdageaidnu - Kautokeino", 37, 2, 100 * 15 / 36),
        ("1534", "Haram", 59, 4, 100 * 18 / 36),
        ("1412", "Solund", 64, 4, 100 * 26 / 36),
    ],
)
def test_five_kommuner_checked_by_hand_against_difi_2013(
    real_dataset, code, name, total, stars, access
):
    get = lambda i: view_table(real_dataset, i, 2013).set_index("kommunenummer").loc[code]
    assert get("difi_kvalitet")["name"] == name
    assert get("difi_kvalitet")["value"] == pytest.approx(total)
    assert get("difi_stjerner")["value"] == stars
    assert get("difi_tilgjengelighet")["value"] == pytest.approx(access)


def test_a_kommune_merged_after_the_measurement_has_no_average_of_old_websites(real_dataset):
    """Indre Fosen (2018) = Rissa (45 %) + Leksvik (51 %) in 2013; Trøndelag's renumbered kommuner
    keep their own value (Agdenes 1622 -> 5016: 54 %)."""
    table = view_table(real_dataset, "difi_kvalitet", 2013).set_index("kommunenummer")
    assert pd.isna(table.at["5054", "value"]) and table.at["5054", "status"] == "ny_etter_maling"
    assert status_text("ny_etter_maling") == "Mangler data – ny kommune etter målingen"
    assert table.at["5016", "value"] == pytest.approx(54)
    merged = set(table.index[table["status"] == "ny_etter_maling"])
    # Tønsberg took part of divided Stokke
    assert merged == {
        "0704",
        "0710",
        "0712",
        "0715",
        "0729",
        "5054",
    }
    assert len(table) == 422  # the 2018 map


def test_the_profile_trend_of_a_merged_kommune_says_new_after_the_measurement(real_dataset):
    from kommunekart.analysis.profile import trend

    rows = trend(real_dataset, "5001", 2024, "difi_kvalitet")  # Trondheim 2020 = Trondheim + Klæbu
    assert (
        rows["value"].isna().all()
        and rows["note"].str.startswith("Ny kommune etter målingen").all()
    )
    # the same borders as 2018's Haram
    haram = trend(real_dataset, "1580", 2024, "difi_kvalitet").set_index("year")
    assert haram.at[2013, "value"] == pytest.approx(59)
    # renumbered, not new
    bergen = trend(real_dataset, "4601", 2024, "difi_kvalitet").set_index("year")
    assert (
        bergen.at[2013, "value"] == pytest.approx(71)
        and "Ny kommune" not in bergen.at[2013, "note"]
    )
    assert (
        bergen.at[2013, "note"]
        == "Samme kommune med et annet nummer det året: tallet er for 1201 Bergen."
    )


def test_the_data_type_names_the_kind_of_source(real_dataset):
    cat = real_dataset.catalogue
    assert cat["folketall"].data_label == "Offisiell statistikk (SSB)"
    for ind in ("uu_brudd", "difi_kvalitet", "digisos_tidlig", "bredband_100"):
        assert cat[ind].data_label == "Register eller vurdering fra en offentlig etat"
    for ind in ("nettside_vekt", "nettside_co2", "nettside_wcag"):
        assert cat[ind].data_label == "Måling gjort av en tredjepart (ikke offentlig statistikk)"
    assert cat["strategi"].data_label.startswith("Demonstrasjonsdata")
    assert not any(
        "offisielle" in shown(t).lower()
        for t in [cat[i].data_label for i in cat.ids if not cat[i].is_demo]
    )
