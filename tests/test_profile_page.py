"""AppTest of the Kommuneprofil page for a large, a small and a merged kommune, and a bad link."""

import pytest

from kommunekart.web import state as S
from tests.helpers import html_tables, open_page, shown

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data


def open_profile(**params):
    return open_page("sider/kommuneprofil.py", **params)


def texts(at):
    return " ".join(
        [
            *(shown(m.value) for m in at.markdown),
            *(shown(c.value) for c in at.caption),
            *(shown(s.value) for s in at.header),
        ]
    )


@pytest.mark.parametrize(
    "code, year, name, group",
    [
        ("0301", "2024", "Oslo", "20 000 innbyggere og over"),
        ("1151", "2024", "Utsira", "under 5 000 innbyggere"),
        ("1508", "2024", "Ålesund", "20 000 innbyggere og over"),
    ],
)
def test_profile_shows_header_summary_tables_and_downloads(code, year, name, group):
    at = open_profile(kommune=code, aar=year)
    assert not at.exception, at.exception
    assert shown(at.title[0].value) == f"Kommuneprofil: {name}"
    body = texts(at)
    assert f"Kommunenummer {code}" in body and group in body
    assert "ligger bedre enn medianen for kommuner med" in body
    assert any(
        "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in shown(w.value) for w in at.warning
    )
    tables = html_tables(at)
    assert len(tables) >= 5  # one table per theme, each indicator a row (as text a reader sees)
    rows = [i for tb in tables for i in tb.index]
    assert "Har strategi for IKT/digitalisering" in rows and "Indeks: samlet digitalisering" in rows
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Last ned profilen (CSV)" in labels and "Last ned profilen (Excel)" in labels
    assert (
        labels.count("Diagram for lysbilde (PNG, 16:9)") == 2
        and labels.count("Diagram for lysbilde (SVG, 16:9)") == 2
        and labels.count("Diagram for artikkel (PNG)") == 2
    )


def test_merged_kommune_shows_its_history_and_carried_over_trend():
    at = open_profile(kommune="1508", aar="2024", indikator="indeks_samlet")
    body = texts(at)
    assert "ble opprettet ved sammenslåing av 1504 Ålesund" in body
    assert "1507 Ålesund ble delt i 1508 Ålesund og 1580 Haram" in body
    assert (
        "summeres tall for disse tidligere kommunenumrene inn i Ålesund: " in body
        and "1523 Ørskog" in body
    )
    trend = next(
        d.value
        for d in at.dataframe
        if "Merknad" in d.value.columns
        and "År" in d.value.columns
        and "Indikator" not in d.value.columns
    )
    assert list(trend["År"]) == ["2018", "2020", "2022", "2024"]
    assert "1507 Ålesund" in trend["Merknad"].iloc[1]


@pytest.mark.parametrize("bad", ["9999", "abc", "<script>"])
def test_unknown_kommune_shows_search_and_a_friendly_message(bad):
    at = open_profile(kommune=bad)
    assert not at.exception
    assert any("Søk etter navn eller kommunenummer" in shown(i.value) for i in at.info)
    assert at.selectbox(key=S.W_SEARCH) is not None


def test_the_profile_shares_its_exact_link_when_asked():
    at = open_page("sider/kommuneprofil.py", kommune="4601", aar="2022")
    assert not at.code  # not sent until asked (first view)
    at.toggle(key=S.W_SHARE).set_value(True).run()
    link, cite, static, live = (c.value for c in at.code)
    assert "kommune=4601" in link and "aar=2022" in link
    # the static embed of the profile's chart (no session per reader), and the live page's
    assert "/innebygd/profil?" in static and "kommune=4601" in static
    assert "embed=true" in live and "kontroller=1" in live
    # how to cite it: the sources, the demonstration label, what it shows, the date and the link
    assert (
        cite.endswith(link) and "Kommuneprofil: Bergen" in cite and "Kommunekart, data fra " in cite
    )
    assert "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in cite and "Nkom" in cite
