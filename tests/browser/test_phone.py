"""The map on a phone (a touch screen, 390×844): one finger scrolls the page past the map, two move
it, a tap chooses a kommune and its line is shown under the map and read out (issue 32)."""

import re

from tests.browser.conftest import map_at_rest, map_frame, settled
from tests.browser.test_map_browser import SHOWN_POLYGONS

SCROLLER_JS = """() => {  // the element the page scrolls in (Streamlit's main area, or the page)
  let el = document.querySelector('.kk-map');
  while (el && el !== document.body) {
    const s = getComputedStyle(el);
    if (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight) { return el; }
    el = el.parentElement;
  }
  return document.scrollingElement;
}"""


def swipe(page, cdp, x: float, y0: float, y1: float, steps: int = 8) -> None:
    """One finger from (x, y0) to (x, y1), as the touch screen sends it."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for i in range(1, steps + 1):
        y = y0 + (y1 - y0) * i / steps
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_on_a_phone_one_finger_scrolls_past_the_map_and_a_tap_chooses_and_says_it(
    touch_phone, app_url
):
    page = touch_phone
    page.goto(app_url + "/?indikator=uu_brudd&aar=2026", wait_until="domcontentloaded")
    frame = map_frame(page)
    map_at_rest(page)
    settled(page)
    box = page.locator(".kk-map").bounding_box()
    # the map leaves part of the screen to the page (it was 640 of 844 px and took every swipe)
    assert box["height"] <= 0.62 * 844 + 1, box
    scroller = page.evaluate_handle(SCROLLER_JS)
    top = scroller.evaluate("s => s.scrollTop")
    where = page.evaluate("() => document.querySelector('.leaflet-map-pane').style.transform")
    cdp = page.context.new_cdp_session(page)
    swipe(page, cdp, 195, box["y"] + box["height"] * 0.8, box["y"] + box["height"] * 0.2)
    page.wait_for_function("([s, t]) => s.scrollTop > t + 100", arg=[scroller, top])
    # the page moved, the map did not
    assert (
        page.evaluate("() => document.querySelector('.leaflet-map-pane').style.transform") == where
    )
    swipe(page, cdp, 195, 200, 700)  # and back
    page.wait_for_function("([s, t]) => s.scrollTop <= t", arg=[scroller, top])
    map_at_rest(page)
    # a tap on a kommune chooses it (one whose middle is on screen and not under another)
    x, y = page.evaluate(
        """(sel) => { for (const p of document.querySelectorAll(sel)) {
             const b = p.getBoundingClientRect(), x = b.x + b.width / 2, y = b.y + b.height / 2;
             if (b.width > 6 && y > 80 && y < innerHeight - 80 &&
                 document.elementFromPoint(x, y) === p) { return [x, y]; } } }""",
        SHOWN_POLYGONS,
    )
    page.touchscreen.tap(x, y)
    page.wait_for_url(re.compile(r"kommune=\d{4}"), timeout=30000)
    code = re.search(r"kommune=(\d{4})", page.url).group(1)
    line = frame.locator(".kk-live")
    line.filter(has_text=re.compile(rf"^Valgt: .+, Kommunenr\. {code}: ")).wait_for(timeout=20000)
    assert line.get_attribute("aria-live") == "polite"
    shown, under = line.evaluate(
        """(l) => { const r = l.getBoundingClientRect(),
                       m = document.querySelector('.kk-map').getBoundingClientRect();
                    return [r.height > 10 && r.width > 100, r.top >= m.bottom - 1]; }"""
    )
    assert shown and under
