"""A shared map link's first HTML carries a drawing of its map (web.first_pixels): it shows in the
map's box before Leaflet has drawn, in the same place and size, and is gone once the live map is
there (waits for the page's own marks, never a fixed time)."""

import pytest

from tests.browser.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.mirror]
LINK = "/?indikator=nettside_vekt&aar=2025&kommune=1804"
RECORD = """
new MutationObserver(function () {
  const d = document.querySelector('.kk-forste');
  if (d && !window.__kkFirstRect) {
    requestAnimationFrame(function () {
      const r = d.getBoundingClientRect();
      window.__kkFirstRect = [r.x, r.y, r.width, r.height];
    });
  }
}).observe(document, { childList: true, subtree: true });
"""


def painted(page) -> None:
    page.wait_for_function(
        "performance.getEntriesByName('kk-painted').length > 0", timeout=60000, polling="raf"
    )


def warmed(browser, app_url) -> None:
    """A server that has just started has no data yet and sends no drawing (it never waits): one
    visit first, as any reader before."""
    warm = browser.new_page()
    warm.goto(app_url + LINK)
    painted(warm)
    warm.close()


def test_the_drawing_stands_where_the_map_will_be_and_goes_when_it_is_drawn(browser, app_url):
    warmed(browser, app_url)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_init_script(RECORD)
    page = ctx.new_page()
    page.goto(app_url + LINK)
    painted(page)
    settled(page)
    page.wait_for_function("document.querySelectorAll('.kk-forste').length === 0")
    first = page.evaluate("window.__kkFirstRect")
    assert first, "no drawing was shown before the live map"
    live = page.evaluate(
        "(() => { const r = document.querySelector('.kk-map').getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; })()"
    )
    assert [round(v) for v in first] == [round(v) for v in live]  # no jump when it is replaced
    assert page.evaluate("performance.getEntriesByName('kk-first-painted').length") == 1
    ctx.close()


def test_without_the_geometry_the_drawing_still_shows_the_view(browser, app_url):
    """The live map cannot draw (its geometry is refused): the reader still sees the view's map,
    in the class colours, with the chosen kommune outlined, and the error in words."""
    warmed(browser, app_url)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.route("**/app/static/geo/**", lambda route: route.abort())
    page.goto(app_url + LINK)
    page.wait_for_selector(".kk-map-error", timeout=60000)
    svg = page.locator(".kk-forste svg")
    assert svg.is_visible()
    fills = set(
        page.eval_on_selector_all(
            ".kk-forste svg g path", "ps => ps.map(p => p.getAttribute('fill'))"
        )
    )
    assert len(fills - {"none"}) >= 3  # the view's classes
    assert page.locator('.kk-forste path[stroke="#000"]').count() == 1  # Bodø outlined
    ctx.close()
