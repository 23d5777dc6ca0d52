import pandas as pd

from kommunekart import kommuner as K


def test_size_class_bounds_follow_ssb():
    assert list(K.size_class([4999, 5000, 19999, 20000, None])) == ["liten", "mellom", "mellom", "stor", None]


def test_normalise_folds_aa_oe_and_sami_letters():
    assert K.normalise("Ålesund") == K.normalise("aalesund") == "aalesund"
    assert K.normalise("Evenes - Evenášši") == "evenes evenassi"
    assert K.normalise("Bærum") == "baerum"


def test_search_by_part_of_name_parallel_name_alias_and_number():
    kom = pd.DataFrame({"kommunenummer": ["5501", "1508", "5612", "1580"],
                        "name": ["Tromsø", "Ålesund", "Guovdageaidnu - Kautokeino", "Haram"]})
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
