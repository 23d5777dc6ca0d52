"""Names and codes as pasted: the same digits in another form are the same code; invisible
characters (zero-width, bidirectional controls) never make two equal-looking names differ, and the
user is told."""

import sys
import unicodedata

import pytest

from kommunekart.base.textclean import clean_code, clean_name, has_invisible
from kommunekart.readers import importer


def test_every_invisible_format_character_is_removed():
    """The hand-kept list in textclean holds every Unicode format character (Cf) Python knows."""
    missing = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and clean_code(f"a{chr(c)}b") != "ab"
    ]
    assert missing == []


@pytest.mark.parametrize(
    "typed, code",
    [
        ("０３０１", "0301"),
        ("\u20680301\u2069", "0301"),
        ("03\u200b01", "0301"),
        ("\ufeff0301", "0301"),
        ("0301\u00a0", "0301"),
    ],
)
def test_codes_in_other_forms_of_the_same_digits(typed, code):
    assert clean_code(typed) == code


def test_a_name_is_composed_and_said_when_an_invisible_character_was_removed():
    assert clean_name("Bode\u0301") == ("Bodé", False)  # composed, nothing hidden
    assert clean_name("Bod\u202eø") == ("Bodø", True)
    assert clean_name("  Andel   over 67  ") == ("Andel over 67", False)
    assert not has_invisible("Andel over 67") and has_invisible("An\u200bdel")


def test_an_upload_with_full_width_numbers_and_hidden_marks_is_read_and_the_user_told():
    raw = "Kommune\u200b;Verdi 2024\n０３０１;5\n\u20664601\u2069;7\n".encode("utf-8")
    result = importer.read_table(raw, "t.csv")
    assert sorted(result.data["kommunenummer"]) == ["0301", "4601"]
    assert result.region_column == "Kommune"
    from kommunekart.base.strings import message

    assert any("usynlige tegn" in message(n) and message(n).startswith("2 ") for n in result.notes)


def test_a_typed_indicator_name_loses_its_hidden_characters():
    from kommunekart.pipeline import userdata

    ind = userdata.make_indicator(
        "Sykefravær\u202e i kommunen\u200b", "dag\u200bsverk", "meg\u2066", None, []
    )
    assert ind.name == "Sykefravær i kommunen" and ind.unit == "dagsverk" and ind.source == "meg"


def test_an_uploaded_files_name_is_shown_as_it_reads():
    from kommunekart.base.textclean import clean_file_name

    assert clean_file_name("ｔａｌｌ．ｃｓｖ") == "tall.csv"  # full-width, as pasted
    assert clean_file_name("rapport\u202evsc.xlsx") == "rapportvsc.xlsx"  # no turning around
    assert clean_file_name("Bode\u0301 2024.csv") == "Bodé 2024.csv"
    assert clean_file_name("C:\\Users\\x\\tall.csv") == "tall.csv"
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("\u200b") == "fil"
