from kommunekart.base import fmt

NB = "\u00a0"


def test_numbers_use_space_groups_and_decimal_comma():
    assert fmt.number(1234.5, 1) == f"1{NB}234,5"
    assert fmt.number(5550203) == f"5{NB}550{NB}203"
    assert fmt.number(-0.2) == "0"


def test_percent_and_share():
    assert fmt.percent(12) == f"12{NB}%"
    assert fmt.share(0.745, 1) == f"74,5{NB}%"


def test_missing_is_shown_as_missing_not_zero():
    assert fmt.number(float("nan")) == "–"
    assert fmt.with_unit(None, "%") == "–"


def test_values_are_rounded_half_up_as_people_do():
    assert fmt.number(7.25, 1) == "7,3"
    assert fmt.number(0.125, 2) == "0,13"
    assert fmt.number(17.759141800000002, 1) == "17,8"
    assert fmt.number(-0.04, 1) == "0,0"
