"""SSB's API path, offline: real JSON-stat responses from the mirror and hand-made ones per the
spec."""

import io
import json
import urllib.error
from email.message import Message

import numpy as np
import pytest

from kommunekart.readers import ssbapi
from kommunekart.readers.importer import ImportProblem
from kommunekart.sources import http
from kommunekart.sources.mirror import mirror_root
from tests.helpers import problem, texts

RAW = mirror_root() / "raw"


@pytest.mark.mirror
def test_real_jsonstat2_response_keeps_ssb_status_symbols():
    text = (
        RAW / "ssb_jsonstat2_fixture_05300" / "ssb_05300_jsonstat2_dapla-statbank-client.json"
    ).read_text()
    frame = ssbapi.parse_jsonstat(text)
    assert len(frame) == 6 * 8 * 1 * 9 and {
        "Avstand1",
        "Kulturtilbud",
        "ContentsCode",
        "Tid",
    } <= set(frame.columns)
    missing = frame[frame["value"].isna()]
    assert (
        len(missing) == 28
        and (missing["status"] == ".").sum() == 20
        and (missing["status"] == "..").sum() == 8
    )
    with problem(ImportProblem, "ingen regionvariabel"):
        ssbapi.to_tidy(frame)  # table 05300 has no Region: said plainly


@pytest.mark.mirror
def test_real_jsonstat1_bundle_from_the_old_api():
    text = (RAW / "ssb_jsonstat_v0_fixture_jsonstatpy" / "ssb_29843_jsonstat1.json").read_text()
    frame = ssbapi.parse_jsonstat(text)
    assert len(frame) == 20 * 6 * 312
    assert (frame["status"] == ".").sum() == 7200 and frame["value"].isna().sum() == 7200


def jsonstat2(regions, years, values, status=None):
    """A JSON-stat 2.0 dataset as SSB's v2 API returns it (spec: id/size/dimension/value/status)."""
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "label": "Test",
            "id": ["Region", "ContentsCode", "Tid"],
            "size": [len(regions), 1, len(years)],
            "dimension": {
                "Region": {
                    "label": "region",
                    "category": {
                        "index": {r: i for i, r in enumerate(regions)},
                        "label": {r: r for r in regions},
                    },
                },
                "ContentsCode": {
                    "label": "statistikkvariabel",
                    "category": {"index": {"Personer": 0}, "label": {"Personer": "Personer"}},
                },
                "Tid": {
                    "label": "år",
                    "category": {
                        "index": {y: i for i, y in enumerate(years)},
                        "label": {y: y for y in years},
                    },
                },
            },
            "value": values,
            "status": status or {},
            "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        }
    )


def test_kommune_table_becomes_tidy_and_other_regions_are_reported():
    text = jsonstat2(
        ["0", "03", "0301", "1508"], ["2023", "2024"], [1, 2, 3, 4, 5, 6, None, 8], {"6": ":"}
    )
    res = ssbapi.to_tidy(ssbapi.parse_jsonstat(text))
    d = res.data.set_index(["kommunenummer", "year"])
    assert list(d.index.get_level_values(0).unique()) == ["0301", "1508"]
    assert d.loc[("0301", 2024), "value"] == 6 and np.isnan(d.loc[("1508", 2023), "value"])
    assert d.loc[("1508", 2023), "status"] == ":"
    assert "0, 03" in texts(res.notes)[0]


def test_table_id_is_checked():
    assert ssbapi.validate_table_id(" 07459 ") == "07459"
    for bad in ("7459", "abcde", "07459; drop", ""):
        with problem(ImportProblem, "fem sifre"):
            ssbapi.validate_table_id(bad)


def test_long_region_lists_are_split_under_the_url_limit():
    regions = [f"{i:04d}" for i in range(101, 1500)]
    urls = ssbapi.split_queries(
        "07459",
        regions,
        {"Tid": "top(1)", "ContentsCode": "Personer1"},
        cells_per_region=1,
        codelists={"Region": "agg_KommSummer"},
    )
    assert len(urls) > 1 and all(len(u) <= ssbapi.MAX_URL for u in urls)
    assert all(
        "codelist[Region]=agg_KommSummer" in u and "outputFormat=json-stat2" in u for u in urls
    )
    asked = [c for u in urls for c in u.split("valueCodes[Region]=")[1].split("&")[0].split(",")]
    assert asked == regions  # every region asked for exactly once
    big = ssbapi.split_queries(
        "07459", regions[:50], {"Tid": "*"}, cells_per_region=ssbapi.CELL_LIMIT // 10
    )
    assert len(big) == 5  # the cell limit splits too


def http_error(code, headers=None):
    msg = Message()
    for k, v in (headers or {}).items():
        msg[k] = v
    return urllib.error.HTTPError("https://data.ssb.no/x", code, "err", msg, io.BytesIO(b""))


@pytest.mark.mirror
def test_backs_off_on_429_then_succeeds():
    calls, slept = [], []

    def opener(url, timeout):
        calls.append(url)
        if len(calls) < 3:
            raise http_error(429, {"Retry-After": "1"})
        return io.BytesIO(b'{"ok": 1}')

    assert ssbapi.fetch_json("u", opener=opener, sleep=slept.append) == '{"ok": 1}'
    assert len(calls) == 3 and slept == [1.0, 1.0]


@pytest.mark.mirror
@pytest.mark.parametrize(
    "error, words",
    [
        (http_error(404), "fant ikke tabellen"),
        (http_error(400), "avviste spørringen"),
        (http_error(503), "Prøv igjen senere"),
        (urllib.error.URLError("Name or service not known"), "uten nett"),
        (TimeoutError("timed out"), "uten nett"),
    ],
)
def test_api_errors_get_a_norwegian_message(error, words):
    def opener(url, timeout):
        raise error

    with problem(ImportProblem, words):
        ssbapi.fetch_json("u", opener=opener, sleep=lambda s: None, retries=0)


def test_garbage_response_is_reported():
    with problem(ImportProblem, "JSON-stat"):
        ssbapi.parse_jsonstat("<html>Service unavailable</html>")


# ---------------------------------------------------------------- table metadata -> choices ->
# queries
FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "ssb"


def meta_07459():
    return ssbapi.parse_metadata(
        (FIXTURES / "metadata_07459.json").read_text(encoding="utf-8"), "07459"
    )


def test_metadata_gives_roles_labels_and_what_may_be_left_out():
    meta = meta_07459()
    assert meta.region.id == "Region" and meta.time.codes == ("2019", "2022", "2023", "2024")
    assert meta.contents.text("Personer1") == "Personer"
    assert [d.id for d in meta.others] == ["Kjonn", "Alder"] and all(
        d.elimination for d in meta.others
    )
    assert ("agg_KommSummer", "Kommuner (summert til dagens inndeling)") in meta.region.codelists
    assert "Befolkning" in meta.title and meta.updated.startswith("2025-02-20")


def test_queries_use_ssbs_kommune_code_list_and_the_users_choices():
    meta = meta_07459()
    (url,) = ssbapi.data_urls(meta, "Personer1", ["2023", "2024"], {"Kjonn": "2", "Alder": None})
    assert url.startswith(ssbapi.BASE + "/tables/07459/data?")
    assert "valueCodes[Region]=*" in url and "codelist[Region]=agg_KommSummer" in url
    assert (
        "valueCodes[Tid]=2023,2024" in url and "valueCodes[Kjonn]=2" in url and "Alder" not in url
    )


def test_without_a_code_list_the_tables_own_kommune_codes_are_listed_and_split():
    meta = meta_07459()
    region = meta.region
    many = tuple(f"{i:04d}" for i in range(100, 700)) + ("0", "03")
    meta = type(meta)(
        meta.table_id,
        meta.title,
        meta.updated,
        tuple(
            type(region)(**{**region.__dict__, "codelists": (), "codes": many})
            if d is region
            else d
            for d in meta.dims
        ),
    )
    urls = ssbapi.data_urls(meta, "Personer1", ["2024"], {})
    asked = [c for u in urls for c in u.split("valueCodes[Region]=")[1].split("&")[0].split(",")]
    assert len(urls) > 1 and all(len(u) <= ssbapi.MAX_URL for u in urls)
    assert asked == list(many[:-2])  # every kommune once, land and fylke not asked for


@pytest.mark.parametrize(
    "content, years, choices, words",
    [
        ("Personer1", [], {}, "minst ett år"),
        ("Personer1", ["1999"], {}, "har ikke årene 1999"),
        ("Dode", ["2024"], {}, "statistikkvariabelen «Dode»"),
        ("Personer1", ["2024"], {"Kjonn": "9"}, "ikke en verdi av «kjønn»"),
    ],
)
def test_bad_choices_are_named(content, years, choices, words):
    with problem(ImportProblem, words):
        ssbapi.data_urls(meta_07459(), content, years, choices)


def test_several_periods_in_one_year_are_refused_with_a_reason():
    meta = meta_07459()
    tid = meta.time
    monthly = type(tid)(**{**tid.__dict__, "codes": ("2024M01", "2024M02", "2023M12")})
    meta = type(meta)(
        meta.table_id,
        meta.title,
        meta.updated,
        tuple(monthly if d is tid else d for d in meta.dims),
    )
    # one period per year is fine
    assert ssbapi.data_urls(meta, "Personer1", ["2024M02", "2023M12"], {})
    with problem(ImportProblem, "én periode per år"):
        ssbapi.data_urls(meta, "Personer1", ["2024M01", "2024M02"], {})
    months = jsonstat2(["0301"], ["2024M01", "2024M02"], [1, 2])
    with problem(ImportProblem, "flere perioder i samme år"):
        ssbapi.to_tidy(ssbapi.parse_jsonstat(months))


def test_a_dimension_ssb_requires_must_be_chosen_and_a_total_is_proposed():
    meta = meta_07459()
    kjonn = meta.others[0]
    strict = type(kjonn)(
        **{
            **kjonn.__dict__,
            "elimination": False,
            "codes": ("1", "2", "0"),
            "labels": {"1": "Menn", "2": "Kvinner", "0": "Begge kjønn"},
        }
    )
    assert ssbapi.default_choice(strict) == "0" and ssbapi.default_choice(kjonn) is None
    meta = type(meta)(
        meta.table_id,
        meta.title,
        meta.updated,
        tuple(strict if d is kjonn else d for d in meta.dims),
    )
    with problem(ImportProblem, "Velg én verdi for «kjønn»"):
        ssbapi.data_urls(meta, "Personer1", ["2024"], {"Kjonn": None})


@pytest.mark.mirror
def test_metadata_without_kommune_level_or_garbage_is_refused():
    text = (
        RAW / "ssb_jsonstat2_fixture_05300" / "ssb_05300_jsonstat2_dapla-statbank-client.json"
    ).read_text()
    with problem(ImportProblem, "ingen regionvariabel"):
        ssbapi.kommune_regions(ssbapi.parse_metadata(text, "05300"))
    for bad in ("<html>", "[]", '{"id": []}'):
        with pytest.raises(ImportProblem):
            ssbapi.parse_metadata(bad, "07459")


def test_fetch_table_joins_the_answers_and_says_what_was_chosen():
    meta = meta_07459()
    answers = []

    def fake_fetch(url):
        answers.append(url)
        return jsonstat2(["0", "0301", "1508"], ["2024"], [10, 7, None], {"2": ".."})

    res = ssbapi.fetch_table(
        meta, "Personer1", ["2024"], {"Kjonn": "2", "Alder": None}, fetch=fake_fetch
    )
    assert len(answers) == 1 and list(res.data["kommunenummer"]) == ["0301", "1508"]
    assert set(res.data["indicator"]) == {"Personer"} and res.data["status"].tolist() == ["", ".."]
    assert any("kjønn: Kvinner" in n for n in texts(res.notes)) and any(
        "alder" in n for n in texts(res.notes)
    )
    assert not any("dagens kommuneinndeling" in n for n in texts(res.notes))
    older = ssbapi.fetch_table(meta, "Personer1", ["2019"], {"Alder": None}, fetch=fake_fetch)
    # then 2024's map fits
    assert any("summert tallene til dagens kommuneinndeling" in n for n in texts(older.notes))


def test_the_api_base_can_point_at_a_proxy_and_copied_urls_follow_it(monkeypatch):
    monkeypatch.setenv(ssbapi.API_ENV, "http://proxy.local/pxweb/v2/")
    assert ssbapi.metadata_url("07459").startswith(
        "http://proxy.local/pxweb/v2/tables/07459/metadata?"
    )
    copied = ssbapi.BASE + "/tables/07459/data?lang=no&valueCodes[Tid]=2024"
    assert ssbapi.url_from_user(copied).startswith("http://proxy.local/pxweb/v2/tables/07459/data?")


# ---------------------------------------------------------------- hostile or broken input and
# answers
@pytest.mark.parametrize("typed", ["０７４５９", "07459\u200b", "\u202e07459", " 07459\u00a0"])
def test_a_table_number_typed_in_another_form_of_the_same_digits_is_read_as_it(typed):
    assert ssbapi.validate_table_id(typed) == "07459"


@pytest.mark.parametrize("typed", ["0745", "٠٧٤٥٩x", "07459; DROP", "../07459"])
def test_what_is_not_five_digits_is_refused_with_the_rule(typed):
    with problem(ImportProblem, "fem sifre"):
        ssbapi.validate_table_id(typed)


@pytest.mark.parametrize(
    "pasted",
    [
        ssbapi.BASE + "/tables/07459/data?lang=no&valueCodes[Tid]=2024 2023",
        ssbapi.BASE + "/tables/07459/data?lang=no\n&x=1",
        ssbapi.BASE + "/tables/07459/data?lang=nø",
    ],
)
def test_an_address_with_a_space_or_a_line_break_says_so(pasted):
    with problem(ImportProblem, "mellomrom, linjeskift"):
        ssbapi.url_from_user(pasted)


@pytest.mark.mirror
def test_an_answer_that_is_not_utf8_says_so():
    with problem(ImportProblem, "UTF-8"):
        ssbapi.fetch_json(
            "u", opener=lambda url, timeout: io.BytesIO('{"label": "Bodø"}'.encode("latin-1"))
        )


@pytest.mark.parametrize(
    "text",
    [
        '{"version": "2.0", "class": "dataset"}',
        '{"a": 1}',
        '{"a": {"b": 2}}',
        '{"version": "2.0", "id": ["Tid"], "size": [1], "dimension": "x", "value": [1]}',
    ],
)
def test_json_that_is_not_a_jsonstat_dataset_says_so(text):
    with problem(ImportProblem, "ikke et JSON-stat-datasett"):
        ssbapi.parse_jsonstat(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"id": ["Tid"], "dimension": {"Tid": "x"}}',
        '{"id": ["Tid"], "dimension": {"Tid": {"category": {"index": 5}}}}',
        '{"id": ["Tid"], "role": [1], "dimension": {"Tid": {}}}',
    ],
)
def test_metadata_that_is_json_but_not_shaped_as_ssbs_says_so(text):
    with problem(ImportProblem, "ikke gyldig JSON-stat"):
        ssbapi.parse_metadata(text, "07459")


class _Endless(io.RawIOBase):
    """An answer that never ends (counts what was read)."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, n=-1):
        n = 1 << 20 if n is None or n < 0 else n
        self.read_bytes += n
        return b" " * n


def test_a_huge_answer_is_stopped_at_the_cap_not_read_whole():
    endless = _Endless()
    with problem(ImportProblem, "for stort"):
        http.read_capped(endless, limit_mb=3)
    assert endless.read_bytes <= 4 * 1024 * 1024


def test_an_answer_declaring_a_huge_size_is_refused_before_reading():
    class Declared(io.BytesIO):
        headers = {"Content-Length": str(300 * 1024 * 1024)}

    resp = Declared(b"{}")
    with problem(ImportProblem, r"for stort \(300 MB"):
        http.read_capped(resp)
    assert resp.tell() == 0


def test_an_answer_that_trickles_is_stopped_after_the_total_time():
    ticks = iter(range(0, 10_000, 50))
    with problem(ImportProblem, "innen 120 sekunder"):
        http.read_capped(_Endless(), limit_mb=1000, clock=lambda: next(ticks))


@pytest.mark.mirror
def test_redirects_are_followed_on_the_same_host_never_to_another():
    """A real HTTP server on 127.0.0.1: a redirect on the same host is followed; one to «localhost»
    (another host name) is refused before anything is asked there."""
    import http.server
    import threading

    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.headers["Host"].split(":")[0] + self.path)
            if self.path == "/same":
                self.send_response(302)
                self.send_header("Location", "/ok")
            elif self.path == "/away":
                self.send_response(302)
                self.send_header("Location", f"http://localhost:{self.server.server_port}/ok")
            else:
                self.send_response(200)
            self.end_headers()
            if self.path == "/ok":
                self.wfile.write(b'{"ok": 1}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        assert ssbapi.fetch_json(base + "/same", retries=0) == '{"ok": 1}'
        with problem(ImportProblem, "annen server \\(localhost\\)"):
            ssbapi.fetch_json(base + "/away", retries=0)
    finally:
        server.shutdown()
    assert asked == ["127.0.0.1/same", "127.0.0.1/ok", "127.0.0.1/away"]
