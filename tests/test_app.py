"""AppTest smoke tests of every page: no exception, the right headings, notices for bad links."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kommunekart.web import state as S
from tests.helpers import shown, shown_before

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "sider").glob("*.py"))


def run(path, first_view=False, **params):
    """Open ``path`` (app.py or a page in sider/) through the router, as a visitor following a link.
    Unless ``first_view``, as after a visitor's first views: the browser has reported the map drawn
    (kart.js) and each page's first part shown (web.first_part), so a run sends the whole page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if not first_view:
        shown_before(at)
    for k, v in params.items():
        at.query_params[k] = v
    if path.name != "app.py":
        at.switch_page(str(path.relative_to(ROOT)))
    return at.run()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_renders_without_exception(page):
    at = run(page)
    assert not at.exception, at.exception
    assert at.title, "page has no title"


DEFAULT_TITLE = "Brudd på WCAG-krav på hovednettstedet (egenerklæring, Uutilsynet), 2026"


@pytest.mark.mirror
def test_the_front_page_opens_on_a_measurement_with_its_own_source_and_caveat():
    at = run(ROOT / "app.py")
    assert DEFAULT_TITLE in shown(at.title[0].value)
    text = " ".join(shown(m.value) for m in at.markdown) + " ".join(
        shown(c.value) for c in at.caption
    )
    notes = " ".join(shown(i.value) for i in at.info)
    assert "Demonstrasjonsdata" not in text  # a measurement, not the demonstration model
    assert "Kilde: Uutilsynet (tilgjengelegheitserklæringar)" in text
    assert "Kartgrunnlag: Kartverket (CC BY 4.0)" in text
    assert "Kilde: SSB" not in text  # the numbers are not SSB's
    assert "357 kommuner i 2026" in text
    assert "Egenerklært, ikke kontrollert av tilsynet" in notes and "348 av 357 kommuner" in notes


@pytest.mark.mirror
def test_a_demonstration_indicator_is_labelled_demo_with_its_source():
    at = run(ROOT / "app.py", indikator="indeks_samlet")
    assert "Indeks: samlet digitalisering, 2024" in shown(at.title[0].value)
    text = " ".join(shown(m.value) for m in at.markdown) + " ".join(
        shown(c.value) for c in at.caption
    )
    assert "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in text
    assert "Kartgrunnlag: Kartverket (CC BY 4.0)" in text
    assert "Kilde: SSB" not in text  # the numbers are not SSB's
    assert "357 kommuner i 2024" in text


@pytest.mark.mirror
def test_first_view_sends_the_map_first_and_the_rest_when_the_browser_has_drawn_it():
    at = run(ROOT / "app.py", first_view=True, kommune="0301")
    assert not at.exception and DEFAULT_TITLE in shown(at.title[0].value)
    assert not at.selectbox and not at.radio  # the menus wait for the map
    at.session_state[S.MAP_DRAWN] = True  # what the component's "klar" trigger sets
    at.run()
    assert at.selectbox(key=S.W_INDICATOR).value == "uu_brudd"
    assert any("Oslo (0301)" in shown(h.value) for h in at.header)


@pytest.mark.mirror
@pytest.mark.parametrize(
    "page, first, rest",
    [  # the last heading of the first part, the first of the rest
        ("kommuneprofil.py", "profil.indikatorer", "profil.trend"),
        ("storrelsesgrupper.py", "grupper.fordeling", "grupper.kommuner"),
        ("sammenlign.py", "sammenlign.prikker", "sammenlign.trend"),
    ],
)
def test_a_pages_first_visit_sends_its_main_part_first_and_the_rest_once_the_browser_has_shown_it(
    page, first, rest
):
    from kommunekart.base.strings import t

    first, rest = t(first, aar=2024), t(rest)
    at = run(ROOT / "sider" / page, first_view=True, kommune="0301", aar="2024")
    heads = lambda: " ".join(shown(h.value) for h in at.header)
    assert not at.exception and first in heads() and rest not in heads()
    assert S.W_YEAR not in [r.key for r in at.radio]  # the menus come with the rest (as on the map)
    # what the component's "vist" trigger adds
    at.session_state[S.SHOWN] = {
        "profil",
        "grupper",
        "sammenlign",
    }
    at.run()
    assert not at.exception and first in heads() and rest in heads()
    assert at.radio(key=S.W_YEAR).value == 2024


@pytest.mark.mirror
def test_the_data_pages_first_visit_sends_the_upload_box_first_then_the_rest():
    at = run(ROOT / "sider" / "data.py", first_view=True)
    assert not at.exception and at.get("file_uploader")
    assert not at.selectbox and not at.get("page_link")  # the year and the menu come with the rest
    at.session_state[S.SHOWN] = {"data"}  # what the component's "vist" trigger adds
    at.run()
    assert not at.exception and at.get("file_uploader") and at.selectbox and at.get("page_link")
    assert at.text_input  # the SSB tab's table number


@pytest.mark.mirror
@pytest.mark.parametrize(
    "page, words", [("kommuneprofil.py", "profil.velg"), ("sammenlign.py", "sammenlign.ingen")]
)
def test_a_page_with_no_kommune_chosen_says_so_and_has_its_menus(page, words):
    from kommunekart.base.strings import t

    at = run(ROOT / "sider" / page, first_view=True)
    assert not at.exception
    assert any(t(words) in shown(i.value) for i in at.info)
    # the year, and on the profile the kommune search, to go on
    assert at.radio(key=S.W_YEAR).value == 2026
    if page == "kommuneprofil.py":
        assert at.selectbox(key=S.W_SEARCH) is not None


@pytest.mark.mirror
def test_map_page_link_reopens_the_same_view():
    at = run(ROOT / "app.py", indikator="strategi", aar="2018", kommune="0301", klasser="jenks")
    assert not at.exception
    assert "Har strategi for IKT/digitalisering, 2018" in shown(at.title[0].value)
    assert at.selectbox(key=S.W_INDICATOR).value == "strategi"
    assert at.radio(key=S.W_YEAR).value == 2018
    assert at.radio(key=S.W_CLASSES).value == "jenks"
    assert any("Oslo (0301)" in shown(h.value) for h in at.header)
    assert "422 kommuner i 2018" in " ".join(shown(c.value) for c in at.caption)


@pytest.mark.mirror
def test_map_page_bad_link_falls_back_with_notices():
    at = run(ROOT / "app.py", indikator="finnesikke", aar="1999", kommune="abc", klasser="<b>")
    assert not at.exception
    notices = " ".join(shown(i.value) for i in at.info)
    assert "finnesikke" in notices and "1999" in notices and "abc" in notices
    assert DEFAULT_TITLE in shown(at.title[0].value)


@pytest.mark.mirror
def test_picker_selects_kommune_and_year_change_translates_number():
    at = run(ROOT / "app.py", indikator="indeks_samlet")
    picker = at.selectbox(key=S.W_SEARCH)
    assert picker.value is None
    # what typing filters on: Sami/other names, older names and numbers, a fylke for shared names
    found = lambda text: [o for o in picker.options if text.lower() in o.lower()]
    assert found("romsa") == ["Tromsø – 5501 (også Romsa, Tromssa; før 5401, 1902)"]
    assert found("5430") == ["Guovdageaidnu - Kautokeino – 5612 (før 5430, 2011)"]
    assert [o.split(" – ")[0] for o in found("herøy")] == [
        "Herøy (Møre og Romsdal)",
        "Herøy (Nordland)",
    ]
    assert found("Ski,")[0].startswith("Nordre Follo – 3207")
    picker.set_value("5501").run()
    assert any("Tromsø (5501)" in shown(h.value) for h in at.header)
    at.radio(key=S.W_YEAR).set_value(2018).run()
    assert not at.exception
    assert any("Tromsø (1902)" in shown(h.value) for h in at.header)
    assert at.selectbox(key=S.W_SEARCH).value == "1902"


@pytest.mark.mirror
def test_one_indicator_picker_finds_every_theme_and_synonyms():
    at = run(ROOT / "app.py")
    picker = at.selectbox(key=S.W_INDICATOR)
    found = [o for o in picker.options if "innkjøp" in o.lower()]
    assert found == [
        "Digitaliserte anskaffelsesprosesser · Digital aktivitet · demonstrasjonsdata (innkjøp, "
        "anbud, e-handel)"
    ], found
    kinds = {o.split(" · ")[0]: o.split(" · ")[2].split(" (")[0] for o in picker.options}
    assert kinds["Brudd på WCAG-krav på hovednettstedet (egenerklæring, Uutilsynet)"] == "målt"
    assert (
        kinds["Kvalitet på nett: samlet (Difi)"] == "målt"
        and kinds["Indeks: samlet digitalisering"] == "demonstrasjonsdata"
    )
    assert {o.split(" · ")[1].split(" (")[0] for o in picker.options} >= {
        "Digital prioritering",
        "Digital kompetanse",
        "Digital aktivitet",
    }
    picker.set_value("digitale_anskaffelser").run()
    assert not at.exception and at.query_params["indikator"] == "digitale_anskaffelser"


def test_missing_data_gives_a_page_saying_what_and_how_to_fix(tmp_path, monkeypatch):
    from kommunekart.pipeline import build
    from kommunekart.sources import mirror
    from kommunekart.web import data

    monkeypatch.setenv(mirror.MIRROR_ENV, str(tmp_path))
    monkeypatch.setenv(mirror.OFFLINE_ENV, "1")
    # no artefact: the build must read the sources
    monkeypatch.setenv(build.BUILD_ENV, str(tmp_path / "build"))
    data.reset()
    try:
        at = run(ROOT / "app.py")
        assert not at.exception
        assert shown(at.title[0].value) == "Kartdataene mangler"
        msg = shown(at.error[0].value)
        assert "kommune.geojson" in msg and "KOMMUNEKART_MIRROR" in msg and "https://" in msg
    finally:
        monkeypatch.undo()
        data.reset()


@pytest.mark.mirror
def test_link_with_todays_number_for_an_old_year_shows_the_same_kommune():
    at = run(ROOT / "app.py", kommune="5501", aar="2018")
    assert not at.exception
    assert any("Tromsø (1902)" in shown(h.value) for h in at.header)
    assert any("nummer 1902" in shown(i.value) for i in at.info)


@pytest.mark.mirror
def test_real_indicator_shows_its_own_source_and_caveat():
    at = run(ROOT / "app.py", indikator="digisos_tidlig", aar="2020")
    assert not at.exception
    assert any("Ikke dagens status" in shown(i.value) for i in at.info)
    assert any("NAV" in shown(c.value) for c in at.caption)
    assert not any("Demonstrasjonsdata" in shown(w.value) for w in at.warning)


@pytest.mark.mirror
def test_a_year_the_indicator_lacks_says_so_and_offers_the_nearest_year():
    """The automated WCAG tests start in 2025: a link to 2022 drew a grey map without a word."""
    at = run(ROOT / "app.py", indikator="nettside_wcag", aar="2022")
    assert not at.exception
    warning = " ".join(shown(w.value) for w in at.warning)
    assert "har ingen tall for 2022" in warning and "2025, 2026" in warning, warning
    links = [str(p.proto) for p in at.get("page_link") if "nærmeste" in str(p.proto)]
    assert links and "aar=2025" in links[0]
    at = run(ROOT / "app.py", indikator="nettside_wcag", aar="2025")
    assert not any("har ingen tall" in shown(w.value) for w in at.warning)


@pytest.mark.mirror
def test_the_maps_table_reads_as_the_page_ja_nei_and_missing_with_its_reason():
    at = run(ROOT / "app.py", indikator="digisos_tidlig", aar="2020")
    at.toggle(key=S.W_TABLE).set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Verdi"]) == {"Ja", "Nei"}, set(table["Verdi"])  # not 1/0
    at = run(ROOT / "app.py", indikator="bredband_100", aar="2024")
    at.toggle(key=S.W_TABLE).set_value(True).run()
    table = at.dataframe[0].value.set_index("Kommunenummer")
    assert "None" not in table.astype(str).to_numpy()
    assert "delt kommune" in table.at["1806", "Merknad"]  # Narvik: why it is missing, on its row


@pytest.mark.parametrize(
    "page", [ROOT / "app.py", ROOT / "sider" / "kommuneprofil.py"], ids=lambda p: p.name
)
def test_a_broken_saved_table_is_left_out_and_every_visitor_is_told(
    real_dataset, tmp_path, monkeypatch, page
):
    """A saved table cut short (data/egne) is never shown with wrong numbers: the server leaves it
    out as it loads, and every page says which one, as text, and what the operator can do."""
    from kommunekart.pipeline import build, userdata
    from kommunekart.web import data

    (tmp_path / "egen_brutt.yaml").write_text(
        "id: egen_brutt\nname: {nb: '[Brutt](http://x.invalid)'}\n"
        "definition: {nb: d}\nsha256: '0'\n",
        encoding="utf-8",
    )
    (tmp_path / "egen_brutt.csv").write_text(
        "kommunenummer,year,value,status\n5501,2024,787\n", encoding="utf-8"
    )
    monkeypatch.setenv(userdata.SAVED_ENV, str(tmp_path))
    monkeypatch.setattr(data, "_SKIPPED", [])
    monkeypatch.setattr(build, "load_or_build", lambda progress=None: real_dataset)
    loaded = data._load()
    assert "egen_brutt" not in loaded.catalogue and data.skipped_saved() == ["egen_brutt"]
    at = run(page, kommune="5501")
    assert not at.exception, at.exception
    warned = [shown(w.value) for w in at.warning]
    assert any(
        "ikke kunne leses riktig" in w and "egen_brutt" in w and "kommandolinjen" in w
        for w in warned
    ), warned


@pytest.mark.mirror
def test_a_fault_no_check_caught_shows_the_apps_words_and_a_reference_never_a_traceback(
    monkeypatch, caplog
):
    """As deployed (showErrorDetails "none"): the visitor reads what happened and a reference, and
    no exception text or server path; the operator finds the traceback in the log under that
    reference."""
    import re

    from streamlit import config

    from kommunekart.web import page_head

    def broken():
        raise RuntimeError("/srv/kommunekart/hemmelig/sti.py: boom")

    monkeypatch.setattr(page_head, "language", broken)
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "none")
    try:
        with caplog.at_level("ERROR", logger="kommunekart"):
            at = run(ROOT / "app.py")
    finally:
        config.set_option("client.showErrorDetails", before)
    assert not at.exception
    said = [shown(e.value) for e in at.error]
    ref = re.search(r"referansen \W*(\w{8})", said[0]).group(1)
    assert "serverloggen" in said[0] and "laste siden på nytt" in said[0]
    assert not any("hemmelig" in x or "boom" in x for x in said + [m.value for m in at.markdown])
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and "hemmelig" in str(logged[0].exc_info[1])


@pytest.mark.mirror
def test_with_error_details_on_the_fault_reaches_the_developer_as_well():
    """The unit tests run with Streamlit's details on (conftest): a fault is not swallowed by the
    app's message, so every `assert not at.exception` in the suite still catches it."""
    from unittest import mock

    from kommunekart.web import page_head

    with mock.patch.object(page_head, "language", side_effect=RuntimeError("boom")):
        at = run(ROOT / "app.py")
    assert at.exception and "boom" in at.exception[0].message
    assert any("referansen" in shown(e.value) for e in at.error)
