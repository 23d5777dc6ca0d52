"""AppTest of the data page: the SSB-table field gives a clear message (offline here), bad ids too;
with recorded answers, a table id leads through SSB's metadata to a chosen series on the map."""

import json
from pathlib import Path

import pytest

from kommunekart.readers import ssbapi
from kommunekart.readers.importer import ImportProblem
from tests.helpers import open_page, problem, shown


@pytest.fixture(autouse=True)
def fresh_ssb_cache():
    """SSB's metadata is cached for an hour per table id (web.data.ssb_metadata): each test asks
    afresh."""
    from kommunekart.web import data

    data.ssb_metadata.clear()
    yield
    data.ssb_metadata.clear()


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("KOMMUNEKART_OFFLINE", "1")


@pytest.mark.mirror
@pytest.mark.parametrize(
    "ref, words",
    [
        ("07459", "uten nett"),
        ("7459", "fem sifre"),
        ("https://example.com/x", "ikke en spørring mot SSBs API"),
    ],
)
def test_ssb_table_field_explains_what_went_wrong(offline, ref, words):
    at = open_page("sider/data.py")
    assert not at.exception
    at.text_input(key="w_ssb_tabell").input(ref).run()
    assert not at.exception
    assert any(words in shown(e.value) for e in at.error), [shown(e.value) for e in at.error]


def test_copied_api_url_becomes_a_json_stat2_query():
    copied = "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=csv&valueCodes[Tid]=2024"
    assert "outputFormat=json-stat2" in ssbapi.url_from_user(
        copied
    ) and "csv" not in ssbapi.url_from_user(copied)
    with pytest.raises(ImportProblem):
        ssbapi.url_from_user("http://evil.example/tables/07459")
    with problem(ImportProblem, "tabellnummeret"):
        ssbapi.url_from_user("07459")


FIXTURES = Path(__file__).parent / "fixtures" / "ssb"


def recorded_answers(asked, regions, year):
    """Instead of the network: the metadata fixture, then a kommune-level JSON-stat 2.0 answer."""

    def fake_fetch(url, **_):
        asked.append(url)
        if "/metadata" in url:
            return (FIXTURES / "metadata_07459.json").read_text(encoding="utf-8")
        return json.dumps(
            {
                "version": "2.0",
                "class": "dataset",
                "id": ["Region", "Kjonn", "ContentsCode", "Tid"],
                "size": [len(regions), 1, 1, 1],
                "dimension": {
                    "Region": {"category": {"index": {r: i for i, r in enumerate(regions)}}},
                    "Kjonn": {"category": {"index": {"2": 0}}},
                    "ContentsCode": {"category": {"index": {"Personer1": 0}}},
                    "Tid": {"category": {"index": {year: 0}}},
                },
                "value": [100.0 * (i + 1) for i in range(len(regions) - 1)] + [None],
                "status": {str(len(regions) - 1): ":"},
            }
        )

    return fake_fetch


@pytest.mark.mirror
def test_table_id_shows_its_variables_and_fetches_the_chosen_series(monkeypatch):
    asked = []
    monkeypatch.setattr(
        ssbapi, "fetch_json", recorded_answers(asked, ["0", "0301", "1508", "9999"], "2024")
    )
    at = open_page("sider/data.py")
    at.text_input(key="w_ssb_tabell").input("07459").run()
    assert not at.exception and not at.error, [shown(e.value) for e in at.error]
    assert any("Befolkning" in shown(m.value) for m in at.markdown)
    assert at.multiselect(key="w_ssb_07459_aar").value == ["2024"]
    at.selectbox(key="w_ssb_07459_Kjonn").select("2").run()
    assert at.selectbox(key="w_ssb_07459_Alder").value is None  # left out: SSB's total
    at.button(key="w_ssb_hent").click().run()
    assert not at.exception
    data_url = asked[-1]
    assert (
        "/tables/07459/data?" in data_url
        and "valueCodes[Kjonn]=2" in data_url
        and "Alder" not in data_url
    )
    text = " ".join(shown(m.value) for m in at.markdown)
    # the choice and the unknown kommunenummer are said
    assert "kjønn: Kvinner" in text and "9999" in text
    assert any("Statistikkbanken, tabell 07459: Befolkning" in ti.value for ti in at.text_input)


@pytest.mark.mirror
def test_figures_on_2019_numbers_are_carried_to_the_2024_map_and_shown(monkeypatch):
    asked = []
    monkeypatch.setattr(
        ssbapi, "fetch_json", recorded_answers(asked, ["1504", "1523", "1534", "0301"], "2019")
    )
    at = open_page("sider/data.py")
    at.text_input(key="w_ssb_tabell").input("07459").run()
    at.multiselect(key="w_ssb_07459_aar").set_value(["2019"]).run()
    at.button(key="w_ssb_hent").click().run()
    assert not at.exception
    # same borders: said
    assert any("Tallene for 2019 vises på kartet for 2018" in shown(w.value) for w in at.warning)
    at.radio(key="w_data_inndeling").set_value("2024").run()
    at.radio(key="w_data_art").set_value("sum").run()
    assert not at.exception and not at.error
    info = " ".join(shown(i.value) for i in at.info)
    assert "Tallene med kommunenumrene fra 2019 er omregnet" in info and "slått sammen" in info
    preview = at.dataframe[0].value.set_index("Kommunenummer")
    # 1508 Ålesund is 1504+1523+1529+1546: with two parts missing it is missing, never the sum of
    # two parts 1534 = Haram
    assert preview.at["1508", "Verdi"] == "–" and preview.at["1580", "Verdi"] == "300"
    assert "1508 mangler 1529, 1546" in info
    assert "personvern" in preview.at["0301", "Merknad"]  # SSB's «:» explained
    at.button(key="w_data_bruk").click().run()
    assert not at.exception and at.success
    link = next(p for p in at.get("page_link"))
    assert "aar=2024" in str(link.proto)


@pytest.mark.mirror
def test_an_upload_with_names_only_asks_which_heroy_and_draws_the_table(offline):
    at = open_page("sider/data.py")
    raw = "Kommune;Andel 2024\nHerøy;10\nBergen;20\nTromsø;30\nAtlantis;5\n".encode()
    at.file_uploader(key="w_opplasting").upload("andel.csv", raw, "text/csv").run()
    assert not at.exception, at.exception
    page = " ".join(shown(m.value) for m in at.markdown)
    assert "«Herøy»" in page and "«Atlantis»" in page, page
    (pick,) = [s for s in at.selectbox if "Herøy" in s.label]
    assert pick.options == ["Herøy (Møre og Romsdal) – 1515", "Herøy (Nordland) – 1818", "Ikke med"]
    assert pick.value is None
    pick.set_value("1818").run()
    at.button(key="w_data_bruk").click().run()
    assert not at.exception
    from kommunekart.web import state

    ds = at.session_state[state.OVERLAY]
    ind = at.session_state[state.USER_INDICATOR]
    mine = ds.values[ds.values["indicator"] == ind]
    assert dict(zip(mine["kommunenummer"], mine["value"])) == {
        "1818": 10.0,
        "4601": 20.0,
        "5501": 30.0,
    }


@pytest.mark.mirror
def test_an_upload_is_drawn_on_a_map_on_the_data_page_itself(offline):
    at = open_page("sider/data.py")
    at.file_uploader(key="w_opplasting").upload(
        "t.csv", b"kommune;verdi 2024\n0301;5\n4601;7\n", "text/csv"
    ).run()
    at.button(key="w_data_bruk").click().run()
    assert not at.exception
    assert any("Kart: verdi (2024), 2024" == shown(h.value) for h in at.header), [
        h.value for h in at.header
    ]
    captions = " ".join(shown(c.value) for c in at.caption)
    assert "Kilde: t.csv" in captions and "Høyest: Bergen" in captions, captions


@pytest.mark.mirror
def test_the_numbering_of_a_table_is_chosen_apart_from_the_year_of_its_values(offline):
    """2013's values on later numbers (5061 Rindal exists from 2019, 5025 Røros from 2018): found by
    itself and said; a reader who picks another numbering sees what that does."""
    at = open_page("sider/data.py")
    raw = b"knr;dekning 2013\n5061;0,75\n5025;80\n0301;50\n"
    at.file_uploader(key="w_opplasting").upload("nkom.csv", raw, "text/csv").run()
    at.radio(key="w_data_inndeling").set_value("2024").run()
    assert not at.exception and not at.error
    info = " ".join(shown(i.value) for i in at.info)
    assert "passer best med kommuneinndelingen 1. januar 2019 (3 av 3" in info, info
    preview = at.dataframe[0].value.set_index("Kommunenummer")
    assert preview.at["5061", "Verdi"] == "0,75" and preview.at["5025", "Verdi"] == "80"
    at.selectbox(key="w_data_nummerering").set_value(2013).run()
    assert not at.exception
    info = " ".join(shown(i.value) for i in [*at.info, *at.warning])
    assert "passer best" not in info and "kommunenumrene fra 2013" in info, info
    assert (
        "slik du valgte (1 av 3" in info
        and "fantes ikke 1. januar 2013 og er ikke tatt med: 5025, 5061" in info
    )


def _every_proto(at):
    out, todo = [], [at._tree]
    while todo:
        node = todo.pop()
        todo.extend(getattr(node, "children", {}).values())
        if getattr(node, "proto", None) is not None:
            out.append((type(node).__name__, node.proto))
    return out


@pytest.mark.mirror
def test_markdown_in_an_uploaded_files_name_is_shown_as_text_never_fetched(offline):
    """A file named «![](http://…/x.png).csv» made every reader's browser fetch that image (a call
    home) from the progress box's label. Every label and text that Streamlit renders as Markdown has
    it escaped; only the source field (a plain text box) holds the name as typed."""
    name = "![](http://127.0.0.1:9/x.png).csv"
    at = open_page("sider/data.py")
    at.file_uploader(key="w_opplasting").upload(
        name, b"kommune;verdi 2024\n0301;5\n4601;7\n", "text/csv"
    ).run()
    assert not at.exception
    rendered = [(kind, str(proto)) for kind, proto in _every_proto(at) if kind != "TextInput"]
    assert any("x\\\\.png" in text for _, text in rendered)  # the name is shown, escaped
    assert not [kind for kind, text in rendered if "![](" in text or "](http" in text]


@pytest.mark.mirror
def test_markdown_in_an_ssb_variables_label_is_shown_as_text(monkeypatch):
    meta = json.loads((FIXTURES / "metadata_07459.json").read_text(encoding="utf-8"))
    meta["dimension"]["Kjonn"]["label"] = "kjønn ![](http://127.0.0.1:9/y.png)"
    monkeypatch.setattr(ssbapi, "fetch_json", lambda url, **_: json.dumps(meta))
    at = open_page("sider/data.py")
    at.text_input(key="w_ssb_tabell").input("07459").run()
    assert not at.exception
    label = at.selectbox(key="w_ssb_07459_Kjonn").label
    assert "y\\.png" in label and "![](" not in label


@pytest.mark.mirror
@pytest.mark.parametrize("typed", ["０７４５９", "07459\u200b"])
def test_a_table_number_in_full_width_digits_is_read_as_typed(offline, typed):
    at = open_page("sider/data.py")
    at.text_input(key="w_ssb_tabell").input(typed).run()
    assert not at.exception
    said = [shown(e.value) for e in at.error]
    assert any("uten nett" in s for s in said) and not any("fem sifre" in s for s in said), said


@pytest.mark.mirror
def test_a_pasted_address_with_a_space_says_what_is_wrong(offline):
    at = open_page("sider/data.py")
    at.text_input(key="w_ssb_tabell").input(
        ssbapi.BASE + "/tables/07459/data?lang=no&valueCodes[Tid]=2023, 2024"
    ).run()
    assert not at.exception
    assert any("mellomrom" in shown(e.value) for e in at.error), [shown(e.value) for e in at.error]


@pytest.mark.mirror
def test_a_session_keeps_the_reads_of_the_file_it_shows_only(offline):
    """Reads are kept in the session for its current file (a rerun does not read it again); a new
    file releases the reads of the one before (a server-wide cache held eight files' results for an
    hour)."""
    import hashlib

    from kommunekart.web import isolated

    at = open_page("sider/data.py")
    first = b"kommune;verdi 2024\n0301;5\n4601;7\n"
    at.file_uploader(key="w_opplasting").upload("a.csv", first, "text/csv").run()
    assert not at.exception
    reads = []
    real = isolated.run
    isolated.run = lambda fn, raw, name, **k: reads.append(name) or real(fn, raw, name, **k)
    try:
        at.run()  # a rerun (another control changed): the file is not read again
        assert reads == []
        second = b"kommune;verdi 2024\n0301;6\n1804;8\n"
        at.file_uploader(key="w_opplasting").upload("b.csv", second, "text/csv").run()
    finally:
        isolated.run = real
    assert not at.exception and reads and set(reads) == {"b.csv"}
    memo = at.session_state["kk_importer"]
    assert memo["file"] == hashlib.sha256(second).hexdigest() and all(
        k[0] == "b.csv" for k in memo["reads"]
    )


def test_a_name_typed_after_use_is_said_to_be_not_yet_on_the_map(offline):
    """The map under the form shows the name given at «Vis på kartet»; a new name typed afterwards
    is said to need the button again (it changed nothing, silently)."""
    at = open_page("sider/data.py")
    at.file_uploader(key="w_opplasting").upload(
        "t.csv", b"kommune;verdi 2024\n0301;5\n4601;7\n", "text/csv"
    ).run()
    at.button(key="w_data_bruk").click().run()
    assert not at.exception and not at.info
    field = next(w for w in at.text_input if w.label == "Navn på indikatoren")
    field.set_value("Andel med fiber").run()
    said = " ".join(shown(i.value) for i in at.info)
    assert "Navn, enhet eller kilde er endret" in said and "«Vis på kartet»" in said, said
    at.button(key="w_data_bruk").click().run()
    assert not at.info
    heads = [shown(h.value) for h in at.header]
    assert any(h.startswith("Kart: Andel med fiber") for h in heads), heads
