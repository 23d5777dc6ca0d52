"""Static embeds (web.static_embed, web.embed_server) against the server as `make run` starts it:
the page of a view draws its map with no websocket (no Streamlit session per reader), carries its
sources, demo label, date and link back, is cached by its ETag; oEmbed answers by address; bad
input is answered in words; the map's share panel hands out the static snippet."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from kommunekart.web.map_component.protocol import DRAWN_ATTR, SHOWN_POLYGONS
from tests.browser.conftest import map_frame, settled

VIEW = "indikator=strategi&aar=2024&kommune=1804"


def get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_a_static_embed_draws_the_map_without_a_streamlit_session(page, app_url):
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.set_viewport_size({"width": 320, "height": 400})
    page.goto(f"{app_url}/innebygd?{VIEW}", wait_until="domcontentloaded")
    page.locator(f"[{DRAWN_ATTR}]").wait_for(state="attached", timeout=20000)  # kart.js: drawn
    assert page.locator(SHOWN_POLYGONS).count() == 357
    assert sockets == []  # no websocket: no session, no script run
    text = page.locator("body").inner_text()
    assert "Har strategi for IKT/digitalisering, 2024" in text
    assert "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in text  # inside the figure too
    assert "Kartgrunnlag: Kartverket (CC BY 4.0)" in text
    assert re.search(r"Data fra \d{4}-\d\d-\d\d, versjon \w{8}", text)
    back = page.get_by_role("link", name="Åpne i Kommunekart")
    href = back.evaluate("a => a.href")  # resolved against the embed's own address
    assert href.startswith(app_url + "/?") and "kommune=1804" in href


def test_the_page_is_one_file_per_view_cached_by_its_etag(app_url):
    status, headers, body = get(f"{app_url}/innebygd?{VIEW}")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "max-age=" in headers["cache-control"] and headers["etag"]
    # nothing from another site: Leaflet and the geometry are the app's own files
    assert not re.search(rb'(src|href)="(https?:)?//', body)
    again, _h, empty = get(f"{app_url}/innebygd?{VIEW}", {"If-None-Match": headers["etag"]})
    assert again == 304 and empty == b""
    other = get(f"{app_url}/innebygd?indikator=strategi&aar=2022")[1]["etag"]
    assert other != headers["etag"]  # another view, another file


def test_bad_input_is_answered_in_words(app_url):
    status, _h, body = get(f"{app_url}/innebygd?indikator=%3Cscript%3Ex&aar=1999")
    assert status == 200
    # said, as text: «Fant ikke indikatoren «&lt;script&gt;x» fra lenken»
    assert b"<script>x" not in body and "indikatoren «&lt;script&gt;x»".encode() in body
    assert "Året «1999» i lenken finnes ikke".encode() in body
    status, _h, body = get(f"{app_url}/innebygd?" + "x=" + "a" * 3000)
    assert status == 414 and b"for lang" in body
    status, _h, body = get(f"{app_url}/oembed?url=" + urllib.parse.quote("https://evil.example/"))
    assert status == 404 and b"Traceback" not in body


def test_oembed_answers_with_the_static_snippet(app_url):
    view_url = f"{app_url}/?{VIEW}"
    status, headers, body = get(f"{app_url}/oembed?url={urllib.parse.quote(view_url)}")
    assert status == 200 and headers["content-type"].startswith("application/json")
    answer = json.loads(body)
    assert answer["type"] == "rich" and answer["version"] == "1.0"
    assert f'src="{app_url}/innebygd?' in answer["html"] and "postMessage" not in answer["html"]
    assert "addEventListener('message'" in answer["html"]  # the height listener


def test_the_maps_share_panel_hands_out_the_static_snippet(page, app_url):
    page.goto(f"{app_url}/?{VIEW}", wait_until="domcontentloaded")
    map_frame(page)
    settled(page)
    page.get_by_text("Vis nedlasting, lenke og innbygging").first.click()
    code = page.locator("[data-testid='stCode']").filter(has_text="/innebygd?")
    code.first.wait_for(timeout=20000)
    snippet = code.first.inner_text()
    src = re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&")
    assert "kommune=1804" in src and "data-kommunekart" in snippet
    status, _h, body = get(src)
    assert status == 200 and b"kk-innebygd" in body


CHART_VIEWS = {
    "profil": ("kommune=1804&aar=2024", "Bodø: Indekser mot medianen"),
    "grupper": (
        "indikator=nettside_vekt&aar=2025&kommune=1804",
        "Størrelsesgrupper: Forsidens vekt",
    ),
    "sammenlign": ("kommuner=0301,1804&aar=2024&indikator=strategi", "Sammenlign kommuner"),
    "sammenheng": ("indikator=nettside_vekt&aar=2025", "Forsidens vekt (MB) og Folketall"),
}


def test_every_chart_page_has_a_static_embed_of_its_chart(page, app_url):
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    for pid, (query, title) in CHART_VIEWS.items():
        status, headers, body = get(f"{app_url}/innebygd/{pid}?{query}")
        assert status == 200 and headers["etag"], pid
        text = body.decode()
        assert title in text and "<svg" in text and "Kilde" in text, pid
        assert not re.search(r'<script[^>]+src=|<link[^>]+href="(https?:)?//', text), pid
        page.goto(f"{app_url}/innebygd/{pid}?{query}", wait_until="load")
        href = page.get_by_role("link", name="Åpne i Kommunekart").evaluate("a => a.href")
        assert href.startswith(f"{app_url}/{'kommuneprofil' if pid == 'profil' else ''}"), href
    assert sockets == []
    # a demonstration indicator says so in the embed itself
    body = get(f"{app_url}/innebygd/sammenlign?kommuner=0301&aar=2024&indikator=strategi")[2]
    assert "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in body.decode()
    # nothing to draw: said, not an empty frame
    assert (
        "Ingen figur for denne visningen" in get(f"{app_url}/innebygd/profil?aar=2024")[2].decode()
    )


def test_the_apps_content_hashed_files_are_kept_a_year_by_a_returning_visitor(app_url):
    body = get(f"{app_url}/innebygd?{VIEW}")[2].decode()
    geometry = re.search(r'"(/app/static/geo/kommune_[^"]+\.json)"', body).group(1)
    status, headers, _ = get(app_url + geometry)
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    leaflet = get(f"{app_url}/app/static/leaflet/leaflet.js")[1]
    assert leaflet["cache-control"] == "public, max-age=86400"  # not hashed: a day
