"""SSB's API path, offline: real JSON-stat responses from the mirror and hand-made ones per the spec."""
import io
import json
import urllib.error
from email.message import Message

import numpy as np
import pytest

from kommunekart import ssbapi
from kommunekart.importer import ImportFeil
from kommunekart.sources import mirror_root

RAW = mirror_root() / "raw"


def test_real_jsonstat2_response_keeps_ssb_status_symbols():
    text = (RAW / "ssb_jsonstat2_fixture_05300" / "ssb_05300_jsonstat2_dapla-statbank-client.json").read_text()
    frame = ssbapi.parse_jsonstat(text)
    assert len(frame) == 6 * 8 * 1 * 9 and {"Avstand1", "Kulturtilbud", "ContentsCode", "Tid"} <= set(frame.columns)
    missing = frame[frame["value"].isna()]
    assert len(missing) == 28 and (missing["status"] == ".").sum() == 20 and (missing["status"] == "..").sum() == 8
    with pytest.raises(ImportFeil, match="ingen regionvariabel"):
        ssbapi.to_tidy(frame)  # table 05300 has no Region: said plainly


def test_real_jsonstat1_bundle_from_the_old_api():
    text = (RAW / "ssb_jsonstat_v0_fixture_jsonstatpy" / "ssb_29843_jsonstat1.json").read_text()
    frame = ssbapi.parse_jsonstat(text)
    assert len(frame) == 20 * 6 * 312
    assert (frame["status"] == ".").sum() == 7200 and frame["value"].isna().sum() == 7200


def jsonstat2(regions, years, values, status=None):
    """A JSON-stat 2.0 dataset as SSB's v2 API returns it (spec: id/size/dimension/value/status)."""
    return json.dumps({
        "version": "2.0", "class": "dataset", "label": "Test", "id": ["Region", "ContentsCode", "Tid"],
        "size": [len(regions), 1, len(years)],
        "dimension": {
            "Region": {"label": "region", "category": {"index": {r: i for i, r in enumerate(regions)},
                                                      "label": {r: r for r in regions}}},
            "ContentsCode": {"label": "statistikkvariabel", "category": {"index": {"Personer": 0}, "label": {"Personer": "Personer"}}},
            "Tid": {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)}, "label": {y: y for y in years}}},
        },
        "value": values, "status": status or {}, "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    })


def test_kommune_table_becomes_tidy_and_other_regions_are_reported():
    text = jsonstat2(["0", "03", "0301", "1508"], ["2023", "2024"], [1, 2, 3, 4, 5, 6, None, 8], {"6": ":"})
    res = ssbapi.to_tidy(ssbapi.parse_jsonstat(text))
    d = res.data.set_index(["kommunenummer", "year"])
    assert list(d.index.get_level_values(0).unique()) == ["0301", "1508"]
    assert d.loc[("0301", 2024), "value"] == 6 and np.isnan(d.loc[("1508", 2023), "value"])
    assert d.loc[("1508", 2023), "status"] == ":"
    assert "0, 03" in res.notes[0]


def test_table_id_is_checked():
    assert ssbapi.validate_table_id(" 07459 ") == "07459"
    for bad in ("7459", "abcde", "07459; drop", ""):
        with pytest.raises(ImportFeil, match="fem sifre"):
            ssbapi.validate_table_id(bad)


def test_long_region_lists_are_split_under_the_url_limit():
    regions = [f"{i:04d}" for i in range(101, 1500)]
    urls = ssbapi.split_queries("07459", regions, {"Tid": "top(1)", "ContentsCode": "Personer1"}, cells_per_region=1,
                                codelists={"Region": "agg_KommSummer"})
    assert len(urls) > 1 and all(len(u) <= ssbapi.MAX_URL for u in urls)
    assert all("codelist[Region]=agg_KommSummer" in u and "outputFormat=json-stat2" in u for u in urls)
    asked = [c for u in urls for c in u.split("valueCodes[Region]=")[1].split("&")[0].split(",")]
    assert asked == regions  # every region asked for exactly once
    big = ssbapi.split_queries("07459", regions[:50], {"Tid": "*"}, cells_per_region=ssbapi.CELL_LIMIT // 10)
    assert len(big) == 5  # the cell limit splits too


def http_error(code, headers=None):
    msg = Message()
    for k, v in (headers or {}).items():
        msg[k] = v
    return urllib.error.HTTPError("https://data.ssb.no/x", code, "err", msg, io.BytesIO(b""))


def test_backs_off_on_429_then_succeeds():
    calls, slept = [], []

    def opener(url, timeout):
        calls.append(url)
        if len(calls) < 3:
            raise http_error(429, {"Retry-After": "1"})
        return io.BytesIO(b'{"ok": 1}')

    assert ssbapi.fetch_json("u", opener=opener, sleep=slept.append) == '{"ok": 1}'
    assert len(calls) == 3 and slept == [1.0, 1.0]


@pytest.mark.parametrize("error, words", [
    (http_error(404), "fant ikke tabellen"),
    (http_error(400), "avviste spørringen"),
    (http_error(503), "Prøv igjen senere"),
    (urllib.error.URLError("Name or service not known"), "uten nett"),
    (TimeoutError("timed out"), "uten nett"),
])
def test_api_errors_get_a_norwegian_message(error, words):
    def opener(url, timeout):
        raise error

    with pytest.raises(ImportFeil, match=words):
        ssbapi.fetch_json("u", opener=opener, sleep=lambda s: None, retries=0)


def test_garbage_response_is_reported():
    with pytest.raises(ImportFeil, match="JSON-stat"):
        ssbapi.parse_jsonstat("<html>Service unavailable</html>")
