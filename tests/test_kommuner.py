import pandas as pd
import pytest

from kommunekart.lineage import kommuner as K


def test_size_class_bounds_follow_ssb():
    assert list(K.size_class([4999, 5000, 19999, 20000, None])) == [
        "liten",
        "mellom",
        "mellom",
        "stor",
        None,
    ]


def test_normalise_folds_aa_oe_and_sami_letters():
    assert K.normalise("Ålesund") == K.normalise("aalesund") == "aalesund"
    assert K.normalise("Evenes - Evenášši") == "evenes evenassi"
    assert K.normalise("Bærum") == "baerum"


def test_search_by_part_of_name_parallel_name_alias_and_number():
    kom = pd.DataFrame(
        {
            "kommunenummer": ["5501", "1508", "5612", "1580"],
            "name": ["Tromsø", "Ålesund", "Guovdageaidnu - Kautokeino", "Haram"],
        }
    )
    idx = K.search_index(kom, {"5501": ["Romsa"]})
    assert K.search(idx, "Tromsø") == ["5501"]
    assert K.search(idx, "romsa") == ["5501"]
    assert K.search(idx, "5501") == ["5501"]
    assert K.search(idx, "aalesund") == K.search(idx, "ålesund") == ["1508"]
    assert K.search(idx, "kautok") == ["5612"]
    assert K.search(idx, "15") == ["1508", "1580"]
    assert K.search(idx, "zzz") == []
    assert K.search(idx, "   ") == []


def test_lineage_follows_mergers_and_splits(tiny_changes):
    lin = K.lineage(tiny_changes, 2018, 2024, ["0001", "0002", "0003"])
    assert lin == {"2001": {"0001", "0002"}, "2002": {"0001", "0002"}, "1003": {"0003"}}
    assert K.lineage(tiny_changes, 2018, 2020, ["0001", "0002", "0003"])["1001"] == {"0001", "0002"}


def test_translate_code_only_when_unambiguous(tiny_changes):
    assert K.translate_code(tiny_changes, "0003", 2018, 2024) == "1003"
    assert K.translate_code(tiny_changes, "1003", 2024, 2018) == "0003"
    assert K.translate_code(tiny_changes, "0001", 2018, 2020) == "1001"
    assert K.translate_code(tiny_changes, "0001", 2018, 2024) is None  # split later
    assert K.translate_code(tiny_changes, "1001", 2020, 2018) is None  # a merger seen backwards
    assert K.translate_code(tiny_changes, "0301", 2018, 2024) == "0301"  # unchanged


@pytest.mark.mirror
@pytest.mark.parametrize("year", [2017, 2018, 2019, 2020, 2022, 2023, 2024])
def test_the_kommuner_of_a_year_are_klass_own_list_of_that_year(year):
    """«In use» comes from KLASS 131: the 2017 version with the change table applied forward (and
    the 2024 version with it undone backward) gives exactly KLASS's own version of each year, codes
    and names."""
    import json

    from kommunekart.readers import load
    from kommunekart.sources import mirror

    mirror = mirror.mirror_root() / "raw" / "klass131"
    read = lambda y: json.loads(
        (mirror / f"klass131_version_Kommuneinndeling_{y}.json").read_text("utf-8")
    )
    own = {i["code"]: i["name"] for i in read(year)["classificationItems"] if i["code"] != "9999"}
    changes = load.read_changes()
    assert K.klass_kommuner(read(2017), changes, 2017, year) == own
    assert K.klass_kommuner(read(2024), changes, 2024, year) == own
