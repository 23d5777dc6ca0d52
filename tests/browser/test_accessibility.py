"""axe-core 4.12 (bundled by the pinned axe-playwright-python) on every page in its main states, in
Chromium: no critical and no serious violation. Moderate and minor ones are printed (see the issue
note)."""

from pathlib import Path

import pytest

from tests.browser.conftest import map_frame, settled

STATES = {
    "kart med kommune og tabell": (
        "/?kommune=0301&indikator=strategi&aar=2024&storrelse=liten&verdi=nei"
    ),
    "profil": "/kommuneprofil?kommune=1804&aar=2024",
    "størrelsesgrupper (fylke)": (
        "/storrelsesgrupper?kommune=0301&grupper=fylke&indikator=nettside_vekt&aar=2024"
    ),
    "sammenligning": "/sammenlign?kommuner=0301,4601,1804&aar=2024",
    # no kommune chosen: the charts have no «chosen kommune» layer (an empty one was an unnamed
    # graphic)
    "størrelsesgrupper uten kommune": "/storrelsesgrupper?indikator=nettside_vekt&aar=2024",
    "størrelsesgrupper ja/nei uten kommune": "/storrelsesgrupper?indikator=strategi&aar=2024",
    "profil på nynorsk": "/kommuneprofil?kommune=1804&aar=2024&sprak=nn",
    "sammenligning på engelsk": "/sammenlign?kommuner=0301,4601,1804&aar=2024&sprak=en",
    "kart med endring og tabell": "/?indikator=nettside_vekt&aar=2025&fra=2022&kommune=1804",
    "kart med endring på nynorsk": "/?indikator=strategi&aar=2024&fra=2018&sprak=nn",
    "sammenheng": "/sammenheng?indikator=nettside_vekt&aar=2025&kommune=1804",
    "sammenheng etter fylke på engelsk": (
        "/sammenheng?indikator=strategi&mot=uu_brudd&aar=2024&farge=fylke&sprak=en"
    ),
    "innebygd kart": "/?indikator=strategi&aar=2024&embed=true",
    "innebygd profil": "/kommuneprofil?kommune=0301&aar=2024&embed=true",
}


def axe(page) -> list[dict]:
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]


def report(name: str, violations: list[dict]) -> list[str]:
    bad = [
        f"{v['impact']} {v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("critical", "serious")
    ]
    for v in violations:
        if v["impact"] not in ("critical", "serious"):
            print(f"[axe {name}] {v['impact']} {v['id']}: {len(v['nodes'])}")
    return bad


@pytest.mark.parametrize("name", list(STATES))
def test_no_critical_or_serious_axe_violation(page, app_url, name):
    page.goto(app_url + STATES[name], wait_until="domcontentloaded")
    if not any(w in name for w in ("profil", "sammenligning", "grupper", "sammenheng")):
        map_frame(page)
    if name.startswith("kart"):
        page.get_by_text(  # the table under the map, open
            "Vis tabell over alle kommuner" if "nynorsk" not in name else "Vis tabell over alle"
        ).first.click()
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=20000)
    page.get_by_role("heading").first.wait_for(timeout=30000)
    settled(page)  # every run of the page is over: charts and tables drawn
    assert report(name, axe(page)) == []


# every control a finger can reach, smaller than 24×24 px (a radio's or a toggle's input counts by
# its label; the skip link is 1 px until it has focus)
SMALL_TARGETS_JS = """() => [...document.querySelectorAll("button, a[href], [role='button'], " +
    "[role='tab'], [role='switch'], input, select, textarea, summary, [tabindex='0'], " +
    "label:has(input[type=checkbox]), label:has(input[type=radio])")].filter(e => {
  if (e.matches("input[type=radio], input[type=checkbox], [data-testid='stSkipToContent']") ||
      e.closest('.leaflet-pane')) return false;  // the map's polygons: the map is one stop
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' &&
    (r.width < 24 || r.height < 24);
}).map(e => [e.tagName, e.getAttribute('aria-label') || e.innerText.slice(0, 30),
             Math.round(e.getBoundingClientRect().width),
             Math.round(e.getBoundingClientRect().height)])"""


@pytest.mark.parametrize("name", list(STATES))
def test_on_a_phone_no_serious_axe_violation_and_every_touch_target_is_24_px(
    touch_phone, app_url, name
):
    """390×844 with touch, the sidebar opened (its controls), axe's target-size rule on."""
    page = touch_phone
    page.goto(app_url + STATES[name], wait_until="domcontentloaded")
    page.get_by_role("heading").first.wait_for(timeout=30000)
    settled(page)
    if "innebygd" not in name:
        page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_test_id("stSidebarCollapseButton").wait_for(timeout=10000)
        settled(page)
    assert page.evaluate(SMALL_TARGETS_JS) == []
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    found = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    )["violations"]
    assert report(f"{name}, telefon", found) == []


def test_the_data_page_after_an_upload_has_no_critical_or_serious_axe_violation(
    page, app_url, tmp_path
):
    csv = tmp_path / "t.csv"
    csv.write_text("Kommune;Verdi 2024\nHerøy;1\nBergen;2\nTromsø;3\n", encoding="utf-8")
    page.goto(app_url + "/data", wait_until="domcontentloaded")
    page.wait_for_selector("input[type=file]", state="attached", timeout=30000)
    page.set_input_files("input[type=file]", str(csv))
    page.get_by_text("passer flere kommuner").first.wait_for(timeout=30000)
    assert report("data", axe(page)) == []


@pytest.mark.parametrize(
    "lang,words",
    [("nn", "Hjelp: Indikator (skriv for å søkje)"), ("en", "Help: Indicator (type to search)")],
)
def test_the_page_says_its_language_and_streamlits_own_texts_are_in_it(page, app_url, lang, words):
    """<html lang> is the visitor's language (screen readers read nynorsk and English right), and
    Streamlit's own English labels («Help for …») are the app's words; axe finds nothing serious."""
    page.goto(
        app_url + f"/?sprak={lang}&indikator=strategi&aar=2024", wait_until="domcontentloaded"
    )
    map_frame(page)
    page.get_by_role("heading").first.wait_for(timeout=30000)
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=20000)
    # the menus follow the map
    page.wait_for_selector(f'[aria-label="{words}"]', state="attached", timeout=20000)
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('[aria-label]')).map(e => "
        "e.getAttribute('aria-label'))"
    )
    english = {"Help for ", "Collapse sidebar", "Link to heading"}
    assert words in labels and not any(
        x.startswith(e) for x in labels for e in english if lang != "en"
    )
    assert report(lang, axe(page)) == []


@pytest.mark.parametrize(
    "lang,axis,legend",
    [
        ("nb", "X-akse: År", "Tegnforklaring: Bodø, Median i størrelsesgruppen"),
        ("nn", "X-akse: År", "Teiknforklaring: Bodø, Median i storleiksgruppa"),
    ],
)
def test_the_charts_axes_legends_and_tools_are_read_in_the_pages_language(
    page, app_url, lang, axis, legend
):
    """Vega's ARIA texts («X-axis titled 'År' for a discrete scale …», «visualization») and the
    chart toolbar's («Download as PNG», «Fullscreen: …») in the visitor's language."""
    page.goto(
        app_url + f"/kommuneprofil?kommune=1804&aar=2024&sprak={lang}",
        wait_until="domcontentloaded",
    )
    page.get_by_role("heading").first.wait_for(timeout=30000)
    settled(page)
    page.wait_for_selector(f'[aria-label="{axis}"]', state="attached", timeout=20000)
    said = page.evaluate(
        """() => [...document.querySelectorAll('[aria-label],[aria-roledescription]')]
             .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('aria-roledescription')])
             .filter(Boolean)"""
    )
    assert legend in said and "diagram" in said
    english = ("-axis", "Symbol legend", "visualization", "Download as", "Fullscreen", "Copy ")
    assert [x for x in said if any(e in x for e in english)] == []


def test_the_tables_column_menu_is_in_the_pages_language(page, app_url):
    """The map's table (its text alternative): the column menu said «Sort ascending», «Hide
    column» … on a Norwegian page."""
    page.goto(app_url + "/?indikator=strategi&aar=2024", wait_until="domcontentloaded")
    map_frame(page)
    settled(page)
    page.get_by_text("Vis tabell over alle kommuner").first.click()
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=20000)
    settled(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + 150, box["y"] + 18)  # the first column's header
    page.mouse.click(box["x"] + 150, box["y"] + 18)
    menu = page.get_by_role("menuitem")
    menu.first.wait_for(timeout=10000)
    page.get_by_role("menuitem", name="Sorter stigende").wait_for(timeout=10000)
    items = " ".join(menu.all_inner_texts())
    assert "Skjul kolonnen" in items and "Statistikk" in items, items
    english = ("Sort ascending", "Sort descending", "Hide column", "Pin column", "Statistics")
    assert not [e for e in english if e in items], items


def test_a_chart_is_no_hidden_tab_stops_more(page, app_url):
    """Streamlit's toolbar gave every chart and image four hidden Tab stops (72 on the profile):
    none is left in a chart's or an image's toolbar; the page's own downloads are still there."""
    page.goto(app_url + "/kommuneprofil?kommune=1804&aar=2024", wait_until="domcontentloaded")
    page.get_by_role("heading").first.wait_for(timeout=30000)
    settled(page)
    in_charts = page.evaluate(
        """() => [...document.querySelectorAll('a[href],button,input,select,[tabindex]')]
             .filter(e => e.tabIndex >= 0 && e.getClientRects().length &&
                          e.closest("[data-testid='stElementToolbar']") &&
                          e.closest("[data-testid='stElementContainer']").querySelector(
                            "[data-testid='stVegaLiteChart'], [data-testid='stImage']")).length"""
    )
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 2 and in_charts == 0
    assert page.get_by_role("button", name="Diagram for lysbilde (PNG, 16:9)").count() >= 1


def test_the_download_and_embed_panel_open_has_no_serious_violation(page, app_url):
    """The panel with the link and the <iframe> snippet: its code blocks wrap instead of scrolling
    sideways (a scroll region a keyboard could not reach)."""
    page.goto(app_url + "/?indikator=strategi&aar=2024&kommune=0301", wait_until="domcontentloaded")
    map_frame(page)
    page.get_by_text("Vis nedlasting, lenke og innbygging").first.click()
    page.get_by_text("Bygg inn på en nettside").first.wait_for(timeout=20000)
    settled(page)
    assert report("delepanel", axe(page)) == []


def test_the_current_page_is_marked_in_the_menu(page, app_url):
    page.goto(app_url + "/kommuneprofil?kommune=1804&aar=2024", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Kommuneprofil: Bodø").first.wait_for(timeout=30000)
    current = page.locator(
        "[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink'][aria-current='page']"
    )
    current.first.wait_for(timeout=20000)
    links = page.evaluate(
        "[...document.querySelectorAll(\"[data-testid='stSidebar'] a\")]"
        ".map(a => [a.getAttribute('href'), a.getAttribute('aria-current'), a.innerText])"
    )
    assert current.count() == 1 and "Kommuneprofil" in current.inner_text(), links


def test_focus_is_shown_with_enough_contrast(page, app_url):
    """Every control shows where the focus is: the app's outline (3 px, #1f4e99), not the
    browser's faint default."""
    page.goto(app_url + "/?indikator=strategi&aar=2024", wait_until="domcontentloaded")
    map_frame(page)
    settled(page)
    link = page.locator("a[data-testid='stPageLink-NavLink']").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = link.evaluate(
        "a => { const s = getComputedStyle(a); return [s.outlineStyle, s.outlineWidth, "
        "s.outlineColor]; }"
    )
    assert style == ["solid", "3px", "rgb(31, 78, 153)"], style


def test_in_forced_colours_the_legend_and_the_map_keep_their_colours(page, app_url):
    """Windows high contrast (Chromium's forced-colors emulation): the legend's swatches and the
    map's classes carry meaning, so they keep their colours (they all turned black)."""
    page.emulate_media(forced_colors="active")
    page.goto(app_url + "/?indikator=strategi&aar=2024", wait_until="domcontentloaded")
    frame = map_frame(page)
    settled(page)
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    swatches = page.locator(".kk-swatch")
    assert swatches.count() >= 2
    kept = swatches.evaluate_all(
        "els => els.map(e => [getComputedStyle(e).forcedColorAdjust, "
        "getComputedStyle(e).backgroundColor])"
    )
    assert {k for k, _ in kept} == {"none"} and len({c for _, c in kept}) >= 2, kept
    fills = frame.locator("path.leaflet-interactive").evaluate_all(
        "ps => [...new Set(ps.slice(0, 400).map(p => getComputedStyle(p).fill))]"
    )
    assert len(fills) >= 2, fills  # the classes stay apart
    # the chosen year's radio stands out from the others (its drawn circle had become plain)
    circles = page.locator("[data-testid='stSidebar'] [data-testid='stRadioOption']").evaluate_all(
        """ls => ls.map(l => [l.getAttribute('data-selected') === 'true',
                   getComputedStyle(l.querySelector(':scope > div > div')).backgroundColor])"""
    )
    chosen = {c for sel, c in circles if sel}
    others = {c for sel, c in circles if not sel}
    assert len(chosen) == 1 and others and chosen.isdisjoint(others), circles
