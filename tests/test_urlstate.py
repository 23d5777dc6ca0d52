import pytest

from kommunekart.base.strings import message
from kommunekart.web import urlstate

CODES = {2018: {"0301", "1902"}, 2024: {"0301", "5501"}}
YEARS = (2018, 2020, 2022, 2024)


def parse(params, catalogue, fallback=None):
    return urlstate.parse(params, catalogue, YEARS, CODES, fallback=fallback)


def test_valid_link_round_trips(catalogue):
    params = {
        "indikator": "strategi",
        "aar": "2018",
        "kommune": "1902",
        "klasser": "jenks",
        "grupper": "fylke",
    }
    view, notices = parse(params, catalogue)
    assert notices == []
    assert urlstate.to_params(view) == params


def test_no_parameters_give_the_default_view(catalogue):
    view, notices = parse({}, catalogue)
    assert (view.indicator, view.year, view.kommune, view.classes) == (
        catalogue.default,
        2024,
        None,
        "kvantiler",
    )
    assert notices == []


@pytest.mark.parametrize(
    "params, code, word",
    [
        ({"indikator": "<script>"}, "url.ukjent_indikator", "indikatoren"),
        ({"aar": "2019"}, "url.ukjent_aar", "Året"),
        ({"aar": "tjue"}, "url.ukjent_aar", "Året"),
        ({"klasser": "x"}, "url.ukjent_klasser", "Klasseinndelingen"),
        ({"grupper": "alder"}, "url.ukjent_grupper", "Grupperingen"),
        ({"kommune": "oslo"}, "url.kommune_format", "kommunenummer"),
        ({"kommune": "5501", "aar": "2018"}, "url.ukjent_kommune", "finnes ikke i 2018"),
    ],
)
def test_bad_values_fall_back_with_a_visible_notice(catalogue, params, code, word):
    view, notices = parse(params, catalogue)
    assert [n.code for n in notices] == [code]
    assert word in message(notices[0])  # the catalogue has a sentence for the code
    default, _ = parse({}, catalogue)
    for key in params:
        if key == "kommune":
            assert view.kommune is None
        elif key != "aar" or params.get("kommune") is None:
            assert getattr(view, urlstate.FIELD[key]) == getattr(default, urlstate.FIELD[key])


def test_a_bad_value_keeps_this_sessions_choice_rather_than_the_default(catalogue):
    mine = urlstate.View("strategi", 2018, "0301", "jenks", "fylke")
    view, notices = parse(
        {"aar": "1999", "klasser": "x", "indikator": "apne_data"}, catalogue, fallback=mine
    )
    assert view == urlstate.View("apne_data", 2018, "0301", "jenks", "fylke")
    assert {n.code for n in notices} == {"url.ukjent_aar", "url.ukjent_klasser"}
    # says what is shown instead
    assert "2018" in message(notices[0]) or "2018" in message(notices[1])


def test_three_digit_kommune_gets_its_leading_zero(catalogue):
    view, notices = parse({"kommune": "301"}, catalogue)
    assert view.kommune == "0301" and notices == []


def test_kommune_from_another_years_numbering_is_carried_over_with_a_notice(catalogue):
    view, notices = urlstate.parse(
        {"kommune": "5501", "aar": "2018"},
        catalogue,
        YEARS,
        CODES,
        translate=lambda code, year: {"5501": "1902"}.get(code),
    )
    assert view.kommune == "1902"
    assert [n.code for n in notices] == ["url.kommune_oversatt"] and notices[0].params[
        "nytt"
    ] == "1902"
    assert "nummer 1902" in message(notices[0])


def test_only_the_pages_parameters_are_written():
    view = urlstate.View("strategi", 2024, None, "jenks", "fin")
    assert urlstate.to_params(view, ("indikator", "aar", "kommune")) == {
        "indikator": "strategi",
        "aar": "2024",
    }


def test_the_url_parser_imports_nothing_heavy():
    import subprocess
    import sys

    code = (
        "import sys, kommunekart.web.urlstate, kommunekart.sources.catalogue; "
        "print(sorted(m for m in ('pandas', 'geopandas', 'matplotlib', 'streamlit', 'numpy') if m "
        "in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"
