"""AppTest of the data page: the SSB-table field gives a clear message (offline here), bad ids too."""
import pytest

from kommunekart import ssbapi
from kommunekart.importer import ImportFeil

from .helpers import open_page


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("KOMMUNEKART_OFFLINE", "1")


@pytest.mark.parametrize("ref, words", [
    ("07459", "uten nett"),
    ("7459", "fem sifre"),
    ("https://example.com/x", "ikke en spørring mot SSBs API"),
])
def test_ssb_table_field_explains_what_went_wrong(offline, ref, words):
    at = open_page("sider/data.py")
    assert not at.exception
    at.text_input(key="ssb_tabell").input(ref).run()
    assert not at.exception
    assert any(words in e.value for e in at.error), [e.value for e in at.error]


def test_table_id_and_copied_api_url_become_json_stat2_queries():
    url = ssbapi.url_from_user("07459")
    assert url.startswith("https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?")
    assert "outputFormat=json-stat2" in url and "codelist[Region]=agg_KommSummer" in url and "top(1)" in url
    copied = "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=csv&valueCodes[Tid]=2024"
    assert "outputFormat=json-stat2" in ssbapi.url_from_user(copied) and "csv" not in ssbapi.url_from_user(copied)
    with pytest.raises(ImportFeil):
        ssbapi.url_from_user("http://evil.example/tables/07459")
