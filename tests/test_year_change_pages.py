"""A change of year on every page with a year control (issue 29): afterwards the controls show the
view (the year, the indicator and the kommune read from the widgets), the address says the same
and the page's heading and numbers are of the new year."""

import pytest

from kommunekart.web import state as S
from tests.helpers import open_page, shown

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data

# page -> (address parameters, the controls it has besides the year)
PAGES = {
    None: ({"indikator": "strategi", "kommune": "1804"}, (S.W_INDICATOR, S.W_SEARCH)),
    "sider/kommuneprofil.py": ({"kommune": "1804", "indikator": "strategi"}, (S.W_SEARCH,)),
    "sider/storrelsesgrupper.py": (
        {"indikator": "strategi", "kommune": "1804"},
        (S.W_INDICATOR, S.W_SEARCH),
    ),
    "sider/sammenlign.py": ({"kommuner": "0301,1804", "indikator": "strategi"}, ()),
    "sider/sammenheng.py": (
        {"indikator": "strategi", "mot": "uu_brudd", "kommune": "1804"},
        (S.W_SEARCH,),
    ),
}
EXPECTED = {S.W_INDICATOR: "strategi", S.W_SEARCH: "1804"}


def headings(at) -> str:
    return " ".join(shown(h.value) for h in [*at.title, *at.header, *at.subheader])


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p or "kart")
def test_after_a_change_of_year_the_controls_the_address_and_the_page_agree(page):
    params, controls = PAGES[page]
    at = open_page(page, aar="2022", **params)
    assert not at.exception, at.exception
    year = at.radio(key=S.W_YEAR)
    assert year.value == 2022 and "2022" in headings(at)
    year.set_value(2020).run()
    assert not at.exception, at.exception
    assert at.radio(key=S.W_YEAR).value == 2020
    assert at.query_params["aar"] in ("2020", ["2020"])
    shown_now = headings(at)
    assert "2020" in shown_now and "2022" not in shown_now, shown_now
    for key in controls:  # the other controls still show the view, not their first option
        widget = at.selectbox(key=key)
        assert widget.value == EXPECTED[key], (key, widget.value)
