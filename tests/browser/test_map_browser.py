"""The map in real Chromium: polygons per year, a tooltip on hover, and no request leaving
localhost."""

import re
from urllib.parse import urlparse

from kommunekart.web.map_component.protocol import SHOWN_POLYGONS
from tests.browser.conftest import map_at_rest, map_frame, settled


def polygon_count(frame, expected, page, timeout_ms: float = 10000):
    """The polygons shown once there are ``expected`` of them (the layer is drawn asynchronously
    after the geometry arrives), or as many as there are when the time is up."""
    try:
        frame.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length === n",
            arg=[SHOWN_POLYGONS, expected],
            timeout=timeout_ms,
        )
    except Exception:  # playwright's TimeoutError: the count says what was drawn instead
        pass
    return frame.locator(SHOWN_POLYGONS).count()


def test_map_draws_each_years_kommuner_offline_with_tooltips(page, app_url):
    page.goto(app_url + "/", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert polygon_count(frame, 357, page) == 357

    # hover a kommune and read its tooltip
    path = frame.locator(SHOWN_POLYGONS).nth(100)
    path.hover(force=True)
    tip = frame.locator(
        ".leaflet-tooltip"
    ).last  # the newest (the pointer may have crossed a neighbour)
    tip.wait_for(timeout=20000)
    text = tip.inner_text()
    assert (
        "Kommunenr." in text and "2026" in text and "Brudd på WCAG-krav på hovednettstedet" in text
    )

    page.goto(app_url + "/?aar=2018&indikator=strategi", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert polygon_count(frame, 422, page) == 422

    page.goto(app_url + "/?aar=2013&indikator=difi_kvalitet", wait_until="domcontentloaded")
    # Difi's 2013 assessment on the earliest map whose borders it fits: 2018's
    frame = map_frame(page)
    assert polygon_count(frame, 422, page) == 422

    hosts = {urlparse(u).hostname for u in page.requests_seen if u.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts


def test_click_on_the_map_selects_a_kommune_and_leads_to_its_profile(page, app_url):
    page.goto(app_url + "/", wait_until="domcontentloaded")
    frame = map_frame(page)
    polygon_count(frame, 357, page)
    path = frame.locator(SHOWN_POLYGONS).nth(200)
    path.hover(force=True)
    tip = frame.locator(
        ".leaflet-tooltip"
    ).last  # the newest (the pointer may have crossed a neighbour)
    tip.wait_for(timeout=20000)
    name = tip.inner_text().splitlines()[0]
    code = tip.inner_text().splitlines()[1].split()[-1]
    path.click(force=True)
    page.get_by_role("heading", name=f"{name} ({code})").wait_for(timeout=15000)
    page.wait_for_url(re.compile(f"kommune={code}"), timeout=30000)  # the link reopens this view
    page.get_by_role("link", name=f"Se kommuneprofilen for {name}").click()
    page.get_by_role("heading", name=f"Kommuneprofil: {name}").wait_for(timeout=20000)
    assert "/kommuneprofil" in page.url and f"kommune={code}" in page.url


def test_embed_link_shows_only_map_legend_and_source(page, app_url):
    page.requests_seen.clear()
    page.goto(app_url + "/?indikator=strategi&aar=2022&embed=true", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert polygon_count(frame, 356, page) == 356
    # the one legend, in the map
    page.locator(".kk-map-legend").get_by_text("Mangler data").wait_for(timeout=30000)
    assert page.get_by_text("Kartgrunnlag: Kartverket (CC BY 4.0)").count() >= 1
    # in the map
    assert (
        page.locator(".kk-badge").inner_text()
        == "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall"
    )
    assert page.locator("[data-testid='stSidebar']:visible").count() == 0
    assert page.get_by_label("Indikator").count() == 0
    page.goto(app_url + "/?indikator=finnesikke&embed=true", wait_until="domcontentloaded")
    # an embed says so too
    page.get_by_text("Fant ikke indikatoren «finnesikke»").wait_for(timeout=20000)

    # an embedded profile: summary, the two charts and the source; no sidebar, tables or downloads
    page.goto(
        app_url + "/kommuneprofil?kommune=0301&aar=2024&embed=true", wait_until="domcontentloaded"
    )
    page.get_by_role("heading", name="Kommuneprofil: Oslo, 2024").wait_for(timeout=30000)
    settled(page)
    assert page.locator("[data-testid='stVegaLiteChart']").count() == 2
    assert page.get_by_text("Kommunens historikk").count() == 0
    assert page.locator("[data-testid='stSidebar']:visible").count() == 0
    hosts = {urlparse(u).hostname for u in page.requests_seen if u.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts


def test_downloaded_standalone_map_draws_from_file_with_no_request(page, real_dataset, tmp_path):
    """The "Kart som HTML" download opens offline (file://) with the app's own map code."""
    from kommunekart.analysis import stats
    from kommunekart.analysis.classify import classify
    from kommunekart.render.legend import map_legend
    from kommunekart.web.map_component.standalone import standalone_html

    table = stats.view_table(real_dataset, "strategi", 2022)
    classes = classify(table["value"], kind="yesno")
    html_file = tmp_path / "kart.html"
    ind = real_dataset.catalogue["strategi"]
    html_file.write_text(
        standalone_html(
            real_dataset.kommuner[2022],
            real_dataset.fylker[2022],
            table,
            classes,
            ind,
            2022,
            "0301",
            map_legend(classes, ind, 2022),
        ),
        encoding="utf-8",
    )
    page.requests_seen.clear()
    page.goto(html_file.as_uri())
    assert polygon_count(page, 356, page) == 356
    page.locator("path.leaflet-interactive").nth(10).hover(force=True)
    assert "Har strategi for IKT/digitalisering" in page.locator(".leaflet-tooltip").inner_text()
    assert not [u for u in page.requests_seen if not u.startswith("file:")]


def test_the_menu_keeps_kommune_indicator_and_year_from_page_to_page(page, app_url):
    page.goto(app_url + "/?indikator=strategi&aar=2022&kommune=1804", wait_until="domcontentloaded")
    map_frame(page)
    page.get_by_role("heading", name="Bodø (1804)").wait_for(timeout=20000)
    menu = page.locator("[data-testid='stSidebar']")

    menu.get_by_role("link", name="Kommuneprofil").click()
    page.get_by_role("heading", name="Kommuneprofil: Bodø").wait_for(timeout=20000)
    page.wait_for_url(re.compile(r"kommune=1804"), timeout=30000)
    assert "aar=2022" in page.url and "indikator=strategi" in page.url
    menu.get_by_text("2024", exact=True).click()  # a change on this page follows to the next
    page.get_by_text("innbyggere 1. januar 2024").first.wait_for(timeout=20000)

    menu.get_by_role("link", name="Størrelsesgrupper").click()
    page.get_by_role(
        "heading", name="Størrelsesgrupper: Har strategi for IKT/digitalisering, 2024"
    ).wait_for(timeout=30000)
    page.get_by_text("Valgt kommune: Bodø (1804)").wait_for(timeout=30000)

    menu.get_by_role("link", name="Kart").click()
    page.get_by_role("heading", name="Kart: Har strategi for IKT/digitalisering, 2024").wait_for(
        timeout=20000
    )
    page.get_by_role("heading", name="Bodø (1804)").wait_for(timeout=20000)
    page.wait_for_url(re.compile(r"aar=2024"), timeout=30000)
    assert "kommune=1804" in page.url and "indikator=strategi" in page.url


def test_a_small_embed_keeps_the_demo_label_legend_and_source_inside_the_frame(sized_page, app_url):
    page = sized_page(320, 400)
    page.goto(app_url + "/?indikator=strategi&aar=2024&embed=true", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert polygon_count(frame, 357, page) == 357
    for selector, text in (
        (".kk-badge", "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall"),
        (".kk-map-legend", "Mangler data"),
        (".leaflet-control-attribution", "Kartgrunnlag: Kartverket (CC BY 4.0)"),
    ):
        el = page.locator(selector)
        assert text in el.inner_text()
        box = el.bounding_box()
        assert (
            box
            and box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= 320
            and box["y"] + box["height"] <= 400
        ), (selector, box)
    # all of Norway inside the map (the south was cut off: the map could not zoom out far enough)
    inside = frame.evaluate(
        """(sel) => {
        const m = document.querySelector('.leaflet-container').getBoundingClientRect();
        let l = 1e9, t = 1e9, r = -1e9, b = -1e9;
        document.querySelectorAll(sel).forEach(p => { const q = p.getBoundingClientRect();
            l = Math.min(l, q.left); t = Math.min(t, q.top); r = Math.max(r, q.right);
                b = Math.max(b, q.bottom); });
        return [l >= m.left - 1, t >= m.top - 1, r <= m.right + 1, b <= m.bottom + 1]; }""",
        SHOWN_POLYGONS,
    )
    assert inside == [True, True, True, True], inside


def test_a_desktop_embed_shows_one_legend(sized_page, app_url):
    page = sized_page(1000, 650)
    page.goto(app_url + "/?indikator=strategi&aar=2024&embed=true", wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.locator(".kk-map-legend").get_by_text("Mangler data").wait_for(timeout=20000)
    # the rest of the page is there
    page.get_by_text("Kartet viser Har strategi").first.wait_for(timeout=20000)
    # no second legend beside the map
    assert page.get_by_text("Tegnforklaring", exact=True).count() == 0


def test_a_link_value_with_addresses_makes_no_link_in_the_browser(page, app_url):
    """Streamlit's Markdown makes links of bare addresses even after backslash escapes; the notice
    must show them as text (strings.md_escape)."""
    page.goto(
        app_url + "/data?indikator=%5BKlikk%5D(https://x.invalid)%20www.x.invalid%20a@b.invalid",
        wait_until="domcontentloaded",
    )
    note = (
        page.locator("[data-testid='stAlertContentInfo']")
        .filter(has_text="Fant ikke indikatoren")
        .first
    )
    note.wait_for(timeout=30000)
    assert "[Klikk]" in note.inner_text() and note.locator("a").count() == 0


def test_the_strategy_question_in_three_actions_from_the_front_page(page, app_url, real_dataset):
    """«Which kommuner under 5 000 inhabitants had no strategy in 2024?»: pick the indicator by
    typing, the size class, the answer; the count matches the data, and the address keeps the
    question."""
    from kommunekart.analysis.stats import view_table

    table = view_table(real_dataset, "strategi", 2024)
    expected = int(((table["population"] < 5000) & (table["value"] == 0)).sum())
    page.goto(app_url + "/", wait_until="domcontentloaded")
    map_frame(page)

    def choose(label: str, typed: str, option: str):
        # each choice after the rerun of the one before: a click on a list the rerun redraws can
        # be lost (a busy machine's CI run timed out on «Nei»)
        settled(page)
        box = page.get_by_role("combobox", name=label, exact=True)
        box.click()
        box.fill(typed)
        page.get_by_role("option", name=option).first.click()

    # 1
    choose(
        "Indikator (skriv for å søke)",
        "strategi for",
        "Har strategi for IKT/digitalisering · Digital prioritering",
    )
    page.get_by_role("heading", name="Kart: Har strategi for IKT/digitalisering, 2024").wait_for(
        timeout=20000
    )
    choose("Innbyggere", "under 5", "under 5 000 (SSB)")  # 2
    choose("Verdi", "Nei", "Nei")  # 3
    page.get_by_text(f"{expected} kommuner med under 5 000 innbyggere svarte «nei»").wait_for(
        timeout=20000
    )
    page.wait_for_url(re.compile(r"verdi=nei"), timeout=30000)
    assert "storrelse=liten" in page.url and "indikator=strategi" in page.url


def test_the_largest_cut_in_front_page_weight_from_the_front_page(page, app_url, real_dataset):
    """«Which kommuner cut their front page's weight most from 2022 to 2025?»: the indicator by
    typing, «Vis endring fra» 2022; the first row of «Størst nedgang» is the direct computation's
    result."""
    import time

    from kommunekart.analysis.change import change_table

    tab = change_table(real_dataset, "nettside_vekt", 2022, 2025)
    first = tab.loc[tab["value"].idxmin(), "name"]
    started = time.monotonic()
    page.goto(app_url + "/", wait_until="domcontentloaded")
    map_frame(page)
    settled(page)
    box = page.get_by_role("combobox", name="Indikator (skriv for å søke)", exact=True)
    box.click()
    box.fill("vekt")
    page.get_by_role("option", name=re.compile(r"^Forsidens vekt")).first.click()
    page.get_by_role("heading", name="Kart: Forsidens vekt (MB), 2025").wait_for(timeout=20000)
    settled(page)
    box = page.get_by_role("combobox", name="Vis endring fra", exact=True)
    box.click()
    page.get_by_role("option", name="2022", exact=True).click()
    page.get_by_role("heading", name="Kart: Endring i Forsidens vekt (MB), 2022–2025").wait_for(
        timeout=20000
    )
    falls = page.locator(
        "[data-testid='stColumn']", has=page.get_by_role("heading", name="Størst nedgang")
    ).locator("[data-testid='stDataFrame']")
    cell = falls.locator("[role=row]").nth(1).locator("[role=gridcell]").first
    cell.wait_for(state="attached", timeout=20000)  # the grid's accessible table (canvas drawn)
    assert cell.text_content().strip() == first
    page.wait_for_url(re.compile(r"fra=2022"), timeout=30000)
    print(f"largest cut 2022-2025 from the front page: {time.monotonic() - started:.1f} s")


def test_weight_against_population_from_the_front_page(page, app_url, real_dataset):
    """«Is front-page weight related to kommune size?»: the menu's «Sammenheng», the indicator by
    typing; the chart is drawn and its caption's n and rank correlation are the direct
    computation's."""
    import time

    from kommunekart.analysis.relation import pair
    from kommunekart.base import fmt

    p = pair(real_dataset, "nettside_vekt", "folketall", 2025)
    both = p.table[p.table["both"]]
    said = f"ρ = {fmt.number(both['x'].rank().corr(both['y'].rank()), 2)} (n = {len(both)})"
    started = time.monotonic()
    page.goto(app_url + "/", wait_until="domcontentloaded")
    map_frame(page)
    settled(page)
    page.get_by_role("link", name="Sammenheng", exact=True).click()
    page.get_by_role("heading", name=re.compile(r"^Sammenheng: ")).wait_for(timeout=30000)
    settled(page)
    box = page.get_by_role("combobox", name="Indikator (skriv for å søke)", exact=True)
    box.click()
    box.fill("vekt")
    page.get_by_role("option", name=re.compile(r"^Forsidens vekt")).first.click()
    page.get_by_role(
        "heading", name="Sammenheng: Forsidens vekt (MB) og Folketall 1. januar, 2025"
    ).wait_for(timeout=20000)
    page.get_by_text(said, exact=False).wait_for(timeout=20000)
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=20000)
    page.wait_for_url(re.compile(r"mot=folketall"), timeout=30000)
    print(f"weight against population from the front page: {time.monotonic() - started:.1f} s")


def test_the_profile_prints_without_sidebar_or_buttons_and_with_its_citation(page, app_url):
    """In print, the sidebar, menus and buttons are gone and the sources and citation are on the
    first page (under the summary); on screen the print-only block is hidden."""
    page.goto(app_url + "/kommuneprofil?kommune=1804&aar=2024", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Kommuneprofil: Bodø").wait_for(timeout=30000)
    settled(page)
    cite = page.locator(".kk-kun-utskrift")
    assert not cite.is_visible()
    page.emulate_media(media="print")
    assert cite.is_visible() and "Slik siterer du" in cite.inner_text()
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stDownloadButton']").first.is_visible()
    # the citation comes before the table of indicators
    table_top = page.get_by_role("heading", name="Alle indikatorer, 2024").bounding_box()["y"]
    assert cite.bounding_box()["y"] < table_top


def test_the_comparison_page_draws_its_table_and_charts_from_a_link(page, app_url):
    page.goto(
        app_url + "/sammenlign?kommuner=0301,4601,1804&aar=2024&indikator=bredband_100",
        wait_until="domcontentloaded",
    )
    page.get_by_role("heading", name="Sammenlign kommuner, 2024").wait_for(timeout=30000)
    # the linked kommuner, each removable
    page.get_by_role("button", name="Fjern Bodø (1804)").wait_for(timeout=20000)
    # the first part's chart
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=20000)
    # per theme and the trend
    page.locator("[data-testid='stVegaLiteChart']").nth(2).wait_for(timeout=20000)
    page.get_by_role("link", name="Sammenlign kommuner").wait_for(timeout=30000)  # in the menu


def test_keyboard_only_changes_indicator_and_year_and_selects_a_kommune_on_the_map(page, app_url):
    """No mouse: Tab to the indicator picker and type, Tab to the year, Tab to the map (one tab
    stop, not one per polygon), type a name, Enter: the kommune is chosen and its value was read
    out."""
    page.goto(app_url + "/?indikator=strategi&aar=2024", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert (
        frame.locator("path.leaflet-interactive[tabindex='-1']").count()
        == frame.locator("path.leaflet-interactive").count()
    )
    picker = page.get_by_role("combobox", name="Indikator (skriv for å søke)", exact=True)
    picker.focus()
    page.keyboard.type("anskaff")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Kart: Digitaliserte anskaffelsesprosesser, 2024").wait_for(
        timeout=20000
    )
    # the indicator's rerun is over (Streamlit gives the focus back to the picker)
    settled(page)
    radio = page.get_by_role("radiogroup", name="År").get_by_role("radio", name="2024")
    radio.focus()
    page.wait_for_function(
        "document.activeElement && document.activeElement.type === 'radio'", timeout=20000
    )
    page.keyboard.press("ArrowLeft")  # radio group: the arrow keys change the year
    page.get_by_role("heading", name="Kart: Digitaliserte anskaffelsesprosesser, 2022").wait_for(
        timeout=20000
    )
    frame = map_frame(page)
    # the year's rerun is over (Streamlit gives the focus back to the last widget)
    settled(page)
    box = frame.locator(".kk-map")
    box.focus()
    page.keyboard.type("bod", delay=150)  # as a person types (the start of the name is enough)
    frame.locator(".kk-live").filter(has_text="Bodø").wait_for(timeout=20000)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Bodø (1804)").wait_for(timeout=20000)
    page.wait_for_url(re.compile(r"kommune=1804"), timeout=30000)


def test_on_a_phone_the_sidebar_starts_closed_and_all_of_norway_is_inside_the_map(
    touch_phone, app_url
):
    page = touch_phone
    page.goto(app_url + "/?indikator=strategi&aar=2024", wait_until="domcontentloaded")
    frame = map_frame(page)
    map_at_rest(page)  # fitBounds has settled
    assert not page.locator(
        "[data-testid='stSidebar']"
    ).is_visible()  # closed (on a wide screen it is open)
    view = frame.locator(".kk-map").bounding_box()
    assert view["width"] <= 390
    outside = frame.evaluate(
        """(v) => Array.from(document.querySelectorAll('"""
        + SHOWN_POLYGONS
        + """')).filter(p => {
        const b = p.getBoundingClientRect();
        return b.width > 0 && (b.left < v.x - 1 || b.right > v.x + v.width + 1 ||
            b.top < v.y - 1 || b.bottom > v.y + v.height + 1);
    }).length""",
        view,
    )
    assert outside == 0, f"{outside} kommuner outside the map's view at 390 px"
    heading = page.get_by_role("heading", level=1)
    title = heading.bounding_box()
    assert title["x"] + title["width"] <= 390
    # a phone's size, not 44 px
    assert heading.evaluate("h => parseFloat(getComputedStyle(h).fontSize)") <= 26


def test_the_controls_show_the_view_on_every_page_after_a_menu_walk(page, app_url):
    """The year, the indicator and the kommune read from the controls, not only from the address and
    the heading: after a menu click the profile's and the comparison's year showed 2018 (the first
    option) while the page showed 2022, and clicking «2018» did nothing."""
    from playwright.sync_api import expect

    page.goto(app_url + "/?indikator=strategi&aar=2022&kommune=1804", wait_until="domcontentloaded")
    map_frame(page)
    menu = page.locator("[data-testid='stSidebar']")
    walk = [
        ("Kommuneprofil", "Kommuneprofil: Bodø", True, False),
        ("Størrelsesgrupper", None, True, True),
        ("Sammenlign kommuner", "Sammenlign kommuner, 2022", False, False),
        ("Kart", None, True, True),
    ]
    for link, heading, has_kommune, has_indicator in [(None, None, True, True), *walk]:
        if link:
            menu.get_by_role("link", name=link).click()
        if heading:
            page.get_by_role("heading", name=heading).wait_for(timeout=30000)
        expect(menu.get_by_role("radio", name="2022", exact=True)).to_be_checked(timeout=30000)
        expect(menu.get_by_role("radio", name="2018", exact=True)).not_to_be_checked()
        if has_kommune:
            expect(
                menu.get_by_role("combobox", name="Kommune (skriv navn eller nummer)")
            ).to_have_value("Bodø – 1804", timeout=20000)
        if has_indicator:
            expect(menu.get_by_role("combobox", name="Indikator (skriv for å søke)")).to_have_value(
                re.compile(r"^Har strategi for IKT/digitalisering")
            )
        assert "aar=2022" in page.url, (link, page.url)
    menu.get_by_role(
        "link", name="Kommuneprofil"
    ).click()  # a second visit: the shown year is the one clicked
    page.get_by_role("heading", name="Kommuneprofil: Bodø").wait_for(timeout=30000)
    menu.get_by_text("2018", exact=True).click()
    page.get_by_text("innbyggere 1. januar 2018").first.wait_for(timeout=20000)
    expect(menu.get_by_role("radio", name="2018", exact=True)).to_be_checked()


def test_on_a_phone_all_of_norway_is_on_the_first_screen(sized_page, app_url):
    """390×844: the map began at y = 385 (title and caveat above it), so the south was below the
    fold; the caveat now follows the map there, and the map's height fits the screen."""
    page = sized_page(390, 844)
    page.goto(app_url + "/?indikator=uu_brudd&aar=2026", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert polygon_count(frame, 357, page) == 357
    page.get_by_text("Forbehold:").first.wait_for(timeout=20000)  # still on the page, under the map
    bottom = frame.evaluate(
        """(sel) => Math.max(...[...document.querySelectorAll(sel)]
                                .map(p => p.getBoundingClientRect().bottom))""",
        SHOWN_POLYGONS,
    )
    assert bottom <= 844, bottom
    caveat_top = page.get_by_text("Forbehold:").first.bounding_box()["y"]
    map_top = page.locator(".leaflet-container").bounding_box()["y"]
    assert caveat_top > map_top


def test_a_kommune_chosen_in_the_sidebar_is_announced_by_the_map(page, app_url):
    """A choice made anywhere (the sidebar's search here) is read out by the map's live region, not
    only drawn as an outline: «Valgt: Bergen, Kommunenr. 4601: …»."""
    page.goto(app_url + "/?indikator=uu_brudd&aar=2026", wait_until="domcontentloaded")
    frame = map_frame(page)
    box = page.get_by_role("combobox", name="Kommune (skriv navn eller nummer)")
    box.click()
    box.fill("Bergen")
    page.get_by_role("option", name=re.compile(r"^Bergen – 4601")).click()
    page.get_by_role("heading", name="Bergen (4601)").wait_for(timeout=20000)
    frame.locator(".kk-live").filter(
        has_text=re.compile(r"Valgt: Bergen, Kommunenr\. 4601: \d+\s+krav")
    ).wait_for(timeout=20000)


def test_on_a_phone_the_sidebar_closes_after_a_kommune_is_chosen_in_it(sized_page, app_url):
    page = sized_page(390, 844)
    page.goto(app_url + "/?indikator=uu_brudd&aar=2026", wait_until="domcontentloaded")
    frame = map_frame(page)
    page.get_by_test_id("stExpandSidebarButton").click()
    closer = page.get_by_test_id("stSidebarCollapseButton").get_by_role("button")
    expect_open = closer.get_attribute("aria-expanded")
    box = page.get_by_role("combobox", name="Kommune (skriv navn eller nummer)")
    box.click()
    box.fill("Bergen")
    page.get_by_role("option", name=re.compile(r"^Bergen – 4601")).click()
    frame.locator(".kk-live").filter(has_text="Valgt: Bergen").wait_for(timeout=20000)
    # closed: the open button is back
    page.get_by_test_id("stExpandSidebarButton").wait_for(timeout=30000)
    assert expect_open == "true"
