"""Bokmål, nynorsk and English: every catalogue key in all three, the same placeholders, the
indicator texts, numbers and dates through Babel, and the language kept in the link (?sprak=nn) on
every page."""

import re
import string
from datetime import date

import pytest

from kommunekart.base import fmt
from kommunekart.base.strings import LANGS, catalogue, language, t
from kommunekart.sources.catalogue import load_catalogue
from kommunekart.web.urlstate import parse
from tests.helpers import open_page, shown


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_every_key_has_a_text_in_every_language_with_the_same_placeholders(lang):
    nb, other = catalogue("nb"), catalogue(lang)
    assert sorted(set(nb) - set(other)) == [] and sorted(set(other) - set(nb)) == []
    assert [k for k, v in other.items() if not str(v).strip()] == []
    assert {
        k: placeholders(other[k]) for k in nb if placeholders(other[k]) != placeholders(nb[k])
    } == {}


def test_the_languages_are_different_languages():
    nb, nn, en = catalogue("nb"), catalogue("nn"), catalogue("en")
    # most sentences differ (names, «Kart», «Median» may be the same); nynorsk is not bokmål copied
    assert sum(nb[k] != nn[k] for k in nb) > 0.6 * len(nb)
    assert sum(nb[k] != en[k] for k in nb) > 0.85 * len(nb)
    with language("nn"):
        assert (
            t("legende.mangler") == "Manglar data"
            and t("storrelse.liten") == "under 5 000 innbyggjarar"
        )
    with language("en"):
        assert t("legende.mangler") == "No data"


def test_every_indicator_text_is_in_every_language():
    cat = load_catalogue()
    for ind in cat.indicators:
        seen = {}
        for lang in LANGS:
            with language(lang):
                seen[lang] = (ind.name, ind.definition, ind.caveat, ind.unit, ind.synonyms)
                assert ind.name.strip() and ind.definition.strip(), (ind.id, lang)
        for field, label in enumerate(("name", "definition", "caveat", "unit", "synonyms")):
            if label in ("unit",) and seen["nb"][field] in ("", "%", "MB"):
                continue  # a symbol, the same in every language
            if label in ("caveat", "synonyms") and not seen["nb"][field]:
                continue
            assert seen["en"][field] != seen["nb"][field], (ind.id, label)


def test_numbers_and_dates_follow_the_language():
    with language("nb"):
        assert fmt.number(1234.5, 1) == "1\u00a0234,5" and fmt.percent(12) == "12\u00a0%"
        assert fmt.date_text(date(2026, 11, 29)) == "29. nov. 2026"
    with language("nn"):
        assert fmt.number(1234.5, 1) == "1\u00a0234,5"
    with language("en"):
        assert fmt.number(1234.5, 1) == "1,234.5" and fmt.percent(12) == "12%"
        assert fmt.date_text(date(2026, 11, 29)) == "29 Nov 2026"
        assert fmt.value_text(1.0, "", "", "yesno", 0) == "Yes"
    assert fmt.number(1234.5, 1) == "1\u00a0234,5"  # outside a `with`: bokmål again


def test_the_link_carries_the_language_and_a_bad_one_is_said():
    cat = load_catalogue()
    view, notices = parse({"sprak": "nn"}, cat, [2024], {2024: {"0301"}})
    assert view.lang == "nn" and notices == []
    view, notices = parse({"sprak": "NB"}, cat, [2024], {2024: {"0301"}}, fallback=view)
    assert view.lang is None and notices == []  # bokmål is the default: not written into links
    view, notices = parse(
        {"sprak": "se"},
        cat,
        [2024],
        {2024: {"0301"}},
        fallback=parse({"sprak": "en"}, cat, [2024], {2024: set()})[0],
    )
    assert view.lang == "en" and [n.code for n in notices] == ["url.ukjent_sprak"]


@pytest.mark.mirror
def test_map_page_in_nynorsk_and_english_and_the_menu_keeps_the_language():
    at = open_page(sprak="nn", indikator="strategi", aar="2024")
    assert not at.exception
    assert shown(at.title[0].value) == "Kart: Har strategi for IKT/digitalisering, 2024"
    text = " ".join(shown(m.value) for m in at.markdown) + " ".join(
        shown(c.value) for c in at.caption
    )
    assert "Del «ja» blant alle kommunar" in text and "kommuner" not in text
    assert at.selectbox(key="w_sprak").value == "nn"
    assert at.query_params["sprak"] == "nn"
    at = open_page(sprak="en", indikator="strategi", aar="2024")
    assert shown(at.title[0].value) == "Map: Has an ICT/digitalisation strategy, 2024"
    assert any(
        "Share «yes» among all municipalities" in shown(m.value)
        for m in list(at.markdown) + list(at.caption)
    )


@pytest.mark.mirror
def test_changing_the_language_changes_the_page_and_the_address():
    at = open_page(indikator="strategi", aar="2024")
    assert shown(at.title[0].value).startswith("Kart: Har strategi")
    at.selectbox(key="w_sprak").set_value("en").run()
    assert not at.exception
    assert shown(at.title[0].value).startswith("Map: Has an ICT")
    assert at.query_params["sprak"] == "en"


def answers_with(selectbox, label: str) -> None:
    """Make AppTest's selectbox answer with ``label`` as the browser did (AppTest itself only sends
    the labels of the options it was last given)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    class Stale(type(selectbox)):
        @property
        def _widget_state(self):
            ws = WidgetState()
            ws.id = self.id
            ws.string_value = label
            return ws

    selectbox.__class__ = Stale


@pytest.mark.mirror
def test_a_pickers_answer_in_the_language_before_a_change_keeps_the_view():
    """After a change of language the browser answered the map's pickers with their former labels
    («Alle fylker», «Alle størrelser»); Streamlit hands back such a label as the value, which became
    the view's fylke and crashed the page. Now it is read back as the option it names, and an answer
    that names no option leaves the view as it was."""
    at = open_page(indikator="strategi", aar="2024", fylke="46")
    answers_with(at.selectbox(key="w_finn_fylke"), "no such fylke")
    at.run()
    assert not at.exception and at.query_params["fylke"] == "46"

    at = open_page(indikator="strategi", aar="2024")
    at.selectbox(key="w_sprak").set_value("en").run()
    with language("nb"):
        answers_with(at.selectbox(key="w_finn_fylke"), t("finn.fylke.alle"))
        answers_with(at.selectbox(key="w_finn_storrelse"), t("finn.storrelse.alle"))
        answers_with(at.selectbox(key="w_finn_verdi"), t("finn.verdi.alle"))
    # AppTest labels the other widgets' answers in this thread: in the page's language
    with language("en"):
        at.run()
    assert not at.exception
    assert shown(at.title[0].value).startswith("Map: Has an ICT")
    assert {k: at.query_params[k] for k in ("sprak", "indikator", "aar")} == {
        "sprak": "en",
        "indikator": "strategi",
        "aar": "2024",
    }
    assert not {"fylke", "storrelse", "verdi"} & set(at.query_params)


@pytest.mark.mirror
@pytest.mark.parametrize(
    "page,words",
    [
        ("sider/kommuneprofil.py", "Municipality profile: Oslo"),
        ("sider/storrelsesgrupper.py", "Size classes:"),
        ("sider/sammenlign.py", "Compare municipalities, 2024"),
        ("sider/data.py", "Load your own figures"),
    ],
)
def test_every_page_in_english(page, words):
    at = open_page(page, sprak="en", kommune="0301", kommuner="0301,4601", aar="2024")
    assert not at.exception, at.exception
    assert words in shown(at.title[0].value)


@pytest.mark.mirror
def test_a_bad_language_in_the_link_is_said_in_words():
    at = open_page(sprak="klingon")
    assert not at.exception
    notices = " ".join(shown(w.value) for w in list(at.warning) + list(at.info))
    assert "klingon" in notices and re.search(r"nb, nn, en", notices)


def test_the_command_line_speaks_the_language_of_kommunekart_sprak(monkeypatch, capsys, tmp_path):
    from kommunekart import cli
    from kommunekart.base.strings import set_lang

    monkeypatch.setenv("KOMMUNEKART_SPRAK", "en")
    try:
        assert cli.main(["fil", str(tmp_path / "finnes-ikke.csv")]) == 2
    finally:
        set_lang("nb")  # the test's own thread: back to bokmål
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "was not found" in err


def test_counts_take_the_languages_plural_form():
    """«1 kommune», «2 kommuner»; «Én indikator mangler data», «3 indikatorer …» by Babel's
    plural rules (CLDR), not by hand."""
    from kommunekart.base.strings import language, plural_key, t, tn

    with language("nb"):
        assert t(plural_key("finn.ord", 1)) == "kommune"
        assert t(plural_key("finn.ord", 2)) == "kommuner"
        assert t(plural_key("finn.ord", 0)) == "kommuner"
        assert tn("profil.sammendrag.mangler", 1) == "Én indikator mangler data."
        assert tn("profil.sammendrag.mangler", 3) == "3 indikatorer mangler data."
    with language("en"):
        assert t(plural_key("finn.ord", 1)) != t(plural_key("finn.ord", 5))


# words that give away another language on a page in English or nynorsk (bokmål forms that nynorsk
# spells otherwise; Norwegian in English)
NOT_IN = {
    "en": r"\b(og|innbyggere|kommuner|kommunene|kommune(?!\.no)|ikke|Kilde|mangler|Valgt|Gruppe|"
    r"Verdi|svarer|blant|tallene|Kartgrunnlag|Demonstrasjonsdata|størrelse|Velg|år)\b",
    "nn": r"\b(ikke|hvor|hva|hvordan|mangler|Størrelsesgruppe|innbyggere|tallene|gruppen|velg|"
    r"Velg|søke|svarer|kommunens|eller ikke)\b",
}


def _page_texts(at) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        out += [shown(el.value) for el in getattr(at, kind)]
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
        out += [str(v) for v in frame.value.astype(str).head(5).to_numpy().ravel()]
    for kind in ("selectbox", "radio", "text_input", "toggle", "button"):
        out += [str(el.label) for el in getattr(at, kind)]
    return out


@pytest.mark.mirror
@pytest.mark.parametrize("lang", ["en", "nn"])
@pytest.mark.parametrize(
    "page",
    [
        None,
        "sider/kommuneprofil.py",
        "sider/storrelsesgrupper.py",
        "sider/sammenlign.py",
        "sider/sammenheng.py",
        "sider/data.py",
    ],
    ids=lambda p: p or "kart",
)
def test_every_page_speaks_the_readers_language_throughout(page, lang):
    """Not only the title: every heading, text, note, table column and control's label."""
    at = open_page(
        page, sprak=lang, kommune="0301", kommuner="0301,4601", aar="2024", indikator="strategi"
    )
    assert not at.exception, at.exception
    found = {
        (m.group(0), text[:100])
        for text in _page_texts(at)
        for m in re.finditer(NOT_IN[lang], text)
    }
    assert sorted(found) == []
