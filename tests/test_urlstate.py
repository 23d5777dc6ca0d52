import pytest

from kommunekart import urlstate

CODES = {2018: {"0301", "1902"}, 2024: {"0301", "5501"}}
YEARS = (2018, 2020, 2022, 2024)


def parse(params, catalogue):
    return urlstate.parse(params, catalogue, YEARS, CODES)


def test_valid_link_round_trips(catalogue):
    params = {"indikator": "strategi", "aar": "2018", "kommune": "1902", "klasser": "jenks", "grupper": "fylke"}
    view, notices = parse(params, catalogue)
    assert notices == []
    assert urlstate.to_params(view) == params


def test_no_parameters_give_the_default_view(catalogue):
    view, notices = parse({}, catalogue)
    assert (view.indikator, view.aar, view.kommune, view.klasser) == (catalogue.default, 2024, None, "kvantiler")
    assert notices == []


@pytest.mark.parametrize("params, word", [
    ({"indikator": "<script>"}, "indikatoren"),
    ({"aar": "2019"}, "Året"),
    ({"aar": "tjue"}, "Året"),
    ({"klasser": "x"}, "Klasseinndelingen"),
    ({"grupper": "alder"}, "Grupperingen"),
    ({"kommune": "oslo"}, "kommunenummer"),
    ({"kommune": "5501", "aar": "2018"}, "finnes ikke i 2018"),
])
def test_bad_values_fall_back_with_a_visible_notice(catalogue, params, word):
    view, notices = parse(params, catalogue)
    assert len(notices) == 1 and word in notices[0]
    default, _ = parse({}, catalogue)
    changed = [k for k in params if k != "aar" or params.get("kommune") is None]
    for key in changed:
        if key == "kommune":
            assert view.kommune is None
        elif key == "aar":
            assert view.aar == default.aar
        else:
            assert getattr(view, key) == getattr(default, key)


def test_three_digit_kommune_gets_its_leading_zero(catalogue):
    view, notices = parse({"kommune": "301"}, catalogue)
    assert view.kommune == "0301" and notices == []


def test_kommune_from_another_years_numbering_is_carried_over_with_a_notice(catalogue):
    view, notices = urlstate.parse({"kommune": "5501", "aar": "2018"}, catalogue, YEARS, CODES,
                                   translate=lambda code, year: {"5501": "1902"}.get(code))
    assert view.kommune == "1902"
    assert len(notices) == 1 and "nummer 1902" in notices[0]
