"""SSB tables by id through PxWebApi v2 (JSON-stat 2.0), turned into the project's tidy form.

Pure parts (URL building, query splitting, JSON-stat parsing with pyjstat, tidying) are separate
from the one function that touches the network (``fetch_json``, in ssbhttp), which takes an
``opener`` so tests run offline. Every failure raises ``ImportProblem`` with a code whose text says
what to do.

Metadata (which contents, years and other dimensions a table has):
  GET {BASE}/tables/{id}/metadata?lang=no&outputFormat=json-stat2 (JSON-stat 2.0 without values;
  each dimension's extension says whether it may be left out ("elimination") and which code lists it
  has).
API (PxWebApi v2, SSB): GET {BASE}/tables/{id}/data?lang=no&outputFormat=json-stat2
  &valueCodes[Region]=0301,1508&codelist[Region]=agg_KommSummer&valueCodes[Tid]=top(2)&valueCodes[ContentsCode]=*
URLs are limited to about 2 000 characters, so long region lists are split into several queries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd

from kommunekart.base.errors import Message
from kommunekart.readers.importer import YEAR_RE, ImportProblem, ImportResult, region_code
from kommunekart.sources.http import fetch_json

BASE = "https://data.ssb.no/api/pxwebapi/v2"
API_ENV = "KOMMUNEKART_SSB_API"  # another PxWebApi v2 base URL (a proxy or mirror of SSB's API)
MAX_URL = 1900
CELL_LIMIT = 800_000


def api_base() -> str:
    import os

    return (os.environ.get(API_ENV) or BASE).rstrip("/")


def validate_table_id(text: str) -> str:
    """Five ASCII digits. Typed or pasted forms of the same (full-width «０７４５９», a zero-width
    space, a no-break space) are normalised (NFKC, invisible characters dropped) first."""
    from kommunekart.base.textclean import clean_code

    s = clean_code(str(text))
    if not re.fullmatch(r"[0-9]{5}", s):
        raise ImportProblem("ssb.tabellnummer", verdi=s[:20])
    return s


def data_url(
    table_id: str,
    value_codes: dict[str, str | list[str]],
    codelists: dict[str, str] | None = None,
    lang: str = "no",
) -> str:
    parts = [f"lang={lang}", "outputFormat=json-stat2"]
    for dim, codes in value_codes.items():
        codes = ",".join(codes) if isinstance(codes, (list, tuple)) else codes
        parts.append(f"valueCodes[{quote(dim)}]={quote(codes, safe=',*?()')}")
    for dim, codelist in (codelists or {}).items():
        parts.append(f"codelist[{quote(dim)}]={quote(codelist)}")
    return f"{api_base()}/tables/{validate_table_id(table_id)}/data?" + "&".join(parts)


def split_queries(
    table_id: str,
    regions: list[str],
    other: dict[str, str | list[str]],
    cells_per_region: int,
    codelists: dict[str, str] | None = None,
    region_dim: str = "Region",
) -> list[str]:
    """URLs that together ask for all ``regions``, each under the URL length and the cell limit."""
    urls, chunk = [], []
    max_regions = max(1, CELL_LIMIT // max(1, cells_per_region))
    for code in regions:
        trial = chunk + [code]
        url = data_url(table_id, {region_dim: trial, **other}, codelists)
        if chunk and (len(url) > MAX_URL or len(trial) > max_regions):
            urls.append(data_url(table_id, {region_dim: chunk, **other}, codelists))
            chunk = [code]
        else:
            chunk = trial
    if chunk:
        urls.append(data_url(table_id, {region_dim: chunk, **other}, codelists))
    return urls


def url_from_user(ref: str) -> str:
    """A PxWebApi v2 data URL copied from Statistikkbanken, with its output format set to JSON-stat
    2.0.
    (A bare table id goes through the metadata and the user's choices instead: ``data_urls``.)"""
    ref = ref.strip()
    if ref.startswith(BASE + "/tables/"):
        # pasted with a space or a line break
        if re.search(r"[\s\x00-\x1f\x7f]", ref) or not ref.isascii():
            raise ImportProblem("ssb.adresse_tegn")
        ref = api_base() + ref[len(BASE) :]
        url = re.sub(r"([?&])outputFormat=[^&]*", r"\1outputFormat=json-stat2", ref, flags=re.I)
        return (
            url
            if "outputformat=json-stat2" in url.lower()
            else url + ("&" if "?" in url else "?") + "outputFormat=json-stat2"
        )
    raise ImportProblem("ssb.ikke_api_adresse", start=BASE + "/tables/")


def parse_jsonstat(text: str) -> pd.DataFrame:
    """JSON-stat 2.0 dataset (or a JSON-stat 1 bundle) -> one row per cell: a column per dimension
    (codes), ``value`` and ``status`` (SSB's symbol for missing cells, '' otherwise)."""
    from pyjstat import pyjstat

    try:
        obj = json.loads(text)
    except (ValueError, TypeError):
        raise ImportProblem("ssb.ugyldig_svar") from None
    if not isinstance(obj, dict):
        raise ImportProblem("ssb.ikke_datasett")
    try:
        if obj.get("class") == "dataset" or "version" in obj:
            ds = obj
            frame = pyjstat.Dataset.read(text).write("dataframe", naming="id")
        else:  # JSON-stat 1 bundle: {"name": {dataset}}
            name, ds = next(iter(obj.items()))
            frame = pyjstat.from_json_stat(obj, naming="id")[0]
        if not isinstance(ds, dict) or "value" not in frame:
            raise ValueError("no values")
    except ImportProblem:
        raise
    except Exception:
        raise ImportProblem("ssb.ikke_datasett") from None
    status = ds.get("status") or {}
    if isinstance(status, list):
        symbols = [s or "" for s in status]
    elif isinstance(status, str):
        symbols = [status] * len(frame)
    else:
        symbols = [status.get(str(i), "") for i in range(len(frame))]
    frame["status"] = [
        s if (s and np.isnan(v)) else ("" if not np.isnan(v) else (s or ".."))
        for s, v in zip(symbols, frame["value"].astype(float))
    ]
    return frame


def to_tidy(
    frame: pd.DataFrame,
    indicator: str | None = None,
    region_dim: str = "Region",
    time_dim: str = "Tid",
    content_dim: str = "ContentsCode",
) -> ImportResult:
    """Kommune rows of a parsed table in the tidy form; other regions are left out and reported."""
    if region_dim not in frame.columns:
        raise ImportProblem("ssb.ingen_region", tabell="")
    codes = frame[region_dim].astype(str).map(region_code)
    other = frame.loc[codes.isna(), region_dim].astype(str).unique()
    if codes.isna().all():
        raise ImportProblem("ssb.ingen_kommuner", tabell="")
    years = frame[time_dim].astype(str).str.extract(YEAR_RE)[0] if time_dim in frame else None
    if years is None or years.isna().any():
        raise ImportProblem("ssb.ingen_aar")
    extra = [c for c in frame.columns if c not in (region_dim, time_dim, "value", "status")]
    label = (
        frame[content_dim].astype(str)
        if (content_dim in frame and indicator is None)
        else (indicator or "verdi")
    )
    tidy = pd.DataFrame(
        {
            "kommunenummer": codes,
            "year": years.astype(int),
            "indicator": label,
            "value": frame["value"].astype(float),
            "status": frame["status"],
        }
    )[codes.notna()]
    notes = []
    if len(other):
        notes.append(Message("ssb.note.utelatt", {"n": len(other), "liste": ", ".join(other[:6])}))
    dims = [c for c in extra if c != content_dim and frame[c].nunique() > 1]
    if dims:
        raise ImportProblem("ssb.flere_verdier", variabler=", ".join(dims))
    if tidy.duplicated(["kommunenummer", "year", "indicator"]).any():
        raise ImportProblem("ssb.flere_perioder", valgt="(måneder eller kvartal)")
    return ImportResult(tidy.reset_index(drop=True), notes, region_dim, [content_dim])


# ---------------------------------------------------------------- table metadata and the user's
# choices
# SSB's kommune groupings, preferred in this order
KOMMUNE_CODELISTS = (
    "agg_KommSummer",
    "vs_Kommun",
)
TOTAL_WORDS = ("i alt", "alle", "total", "begge kjønn", "hele landet")


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]
    labels: dict
    elimination: bool  # may be left out of a query (SSB then gives the total)
    role: str | None  # "geo", "time", "metric" or None
    codelists: tuple[tuple[str, str], ...] = ()
    units: dict | None = None

    def text(self, code: str) -> str:
        return f"{self.labels.get(code, code)}"


@dataclass(frozen=True)
class TableMeta:
    table_id: str
    title: str
    updated: str
    dims: tuple[Dimension, ...]

    def by_role(self, role: str) -> Dimension | None:
        return next((d for d in self.dims if d.role == role), None)

    @property
    def region(self) -> Dimension | None:
        return self.by_role("geo")

    @property
    def time(self) -> Dimension | None:
        return self.by_role("time")

    @property
    def contents(self) -> Dimension | None:
        return self.by_role("metric")

    @property
    def others(self) -> list[Dimension]:
        return [d for d in self.dims if d.role is None]


def plain_title(meta: TableMeta) -> str:
    """The table's title without SSB's leading "07459: "."""
    return re.sub(r"^\d{5}:\s*", "", meta.title)


def fetch_metadata(table_id: str) -> TableMeta:
    table_id = validate_table_id(table_id)
    return parse_metadata(fetch_json(metadata_url(table_id)), table_id)


def metadata_url(table_id: str, lang: str = "no") -> str:
    table = validate_table_id(table_id)
    return f"{api_base()}/tables/{table}/metadata?lang={lang}&outputFormat=json-stat2"


def parse_metadata(text: str, table_id: str) -> TableMeta:
    """PxWebApi v2 table metadata (JSON-stat 2.0, no values) -> TableMeta. Roles come from the
    dataset's ``role`` (geo/time/metric), falling back on SSB's usual ids Region/Tid/ContentsCode.
    """
    try:
        obj = json.loads(text)
    except (ValueError, TypeError):
        raise ImportProblem("ssb.ugyldig_metadata") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("dimension"), dict) or not obj.get("id"):
        raise ImportProblem("ssb.metadata_uten_variabler")
    try:
        return _metadata(obj, table_id)
    # JSON, but not shaped as SSB's metadata
    except (
        AttributeError,
        TypeError,
        ValueError,
        KeyError,
    ):
        raise ImportProblem("ssb.ugyldig_metadata") from None


def _metadata(obj: dict, table_id: str) -> TableMeta:
    roles = obj.get("role") or {}
    role_of = {d: r for r in ("geo", "time", "metric") for d in (roles.get(r) or [])}
    for dim_id, role in (("Region", "geo"), ("Tid", "time"), ("ContentsCode", "metric")):
        if role not in role_of.values() and dim_id in obj["dimension"]:
            role_of[dim_id] = role
    dims = []
    for dim_id in obj["id"]:
        d = obj["dimension"].get(dim_id) or {}
        cat = d.get("category") or {}
        index = cat.get("index") or {}
        codes = tuple(sorted(index, key=index.get) if isinstance(index, dict) else index)
        ext = d.get("extension") or {}
        lists = ext.get("codelists") or ext.get("codeLists") or []
        dims.append(
            Dimension(
                id=dim_id,
                label=str(d.get("label") or dim_id),
                codes=codes,
                labels=dict(cat.get("label") or {}),
                elimination=bool(ext.get("elimination", False)),
                role=role_of.get(dim_id),
                codelists=tuple(
                    (str(c.get("id")), str(c.get("label") or c.get("id")))
                    for c in lists
                    if isinstance(c, dict)
                ),
                units=cat.get("unit"),
            )
        )
    return TableMeta(
        table_id=table_id,
        title=str(obj.get("label") or table_id),
        updated=str(obj.get("updated") or ""),
        dims=tuple(dims),
    )


def kommune_regions(meta: TableMeta) -> tuple[str | list[str], dict[str, str]]:
    """How to ask for every kommune: through SSB's kommune code list when the table has one (``"*"``
    + codelist), else the table's own kommune codes (4 digits) listed explicitly."""
    region = meta.region
    if region is None:
        raise ImportProblem("ssb.ingen_region", tabell=meta.table_id)
    for wanted in KOMMUNE_CODELISTS:
        for cid, _ in region.codelists:
            if cid.lower().startswith(wanted.lower()):
                return "*", {region.id: cid}
    codes = [c for c in region.codes if re.fullmatch(r"\d{4}", c)]
    if not codes:
        raise ImportProblem("ssb.ingen_kommuner", tabell=meta.table_id)
    return codes, {}


def default_choice(dim: Dimension) -> str | None:
    """For a dimension the user must narrow to one value: leave it out when SSB allows (the total);
    else a value that reads like a total; else the first."""
    if dim.elimination:
        return None
    for code in dim.codes:
        if any(w in dim.text(code).lower() for w in TOTAL_WORDS):
            return code
    return dim.codes[0] if dim.codes else None


def data_urls(
    meta: TableMeta, content: str, years: list[str], choices: dict[str, str | None]
) -> list[str]:
    """The GET URLs for one content variable, the chosen years and one value (or the total) of every
    other dimension, at kommune level; split under the URL and cell limits."""
    if meta.contents is not None and content not in meta.contents.codes:
        raise ImportProblem("ssb.ukjent_innhold", tabell=meta.table_id, innhold=content)
    if meta.time is None:
        raise ImportProblem("ssb.ingen_tid", tabell=meta.table_id)
    if not years:
        raise ImportProblem("ssb.velg_aar")
    unknown = [y for y in years if y not in meta.time.codes]
    if unknown:
        raise ImportProblem("ssb.ukjente_aar", tabell=meta.table_id, aar=", ".join(unknown))
    per_year = pd.Series(
        [m.group(1) if (m := YEAR_RE.search(y)) else y for y in years]
    ).value_counts()
    if (per_year > 1).any():
        raise ImportProblem(
            "ssb.flere_perioder",
            valgt="(" + ", ".join(y for y in years if y[:4] in per_year[per_year > 1].index) + ")",
        )
    other: dict[str, str | list[str]] = {meta.time.id: list(years)}
    if meta.contents is not None:
        other[meta.contents.id] = content
    for dim in meta.others:
        code = choices.get(dim.id)
        if code is None and not dim.elimination:
            raise ImportProblem("ssb.velg_verdi", variabel=dim.label)
        if code is not None:
            if code not in dim.codes:
                raise ImportProblem(
                    "ssb.ukjent_verdi", kode=code, variabel=dim.label, tabell=meta.table_id
                )
            other[dim.id] = code
    regions, codelists = kommune_regions(meta)
    cells_per_region = len(years)
    if isinstance(regions, str):
        if 400 * cells_per_region > CELL_LIMIT:  # about 360 kommuner (more in older years)
            raise ImportProblem("ssb.for_stor", grense=f"{CELL_LIMIT:,}".replace(",", " "))
        return [data_url(meta.table_id, {meta.region.id: regions, **other}, codelists)]
    return split_queries(
        meta.table_id, regions, other, cells_per_region, codelists, region_dim=meta.region.id
    )


def fetch_table(
    meta: TableMeta, content: str, years: list[str], choices: dict[str, str | None], fetch=None
) -> ImportResult:
    """Fetch (several queries when needed), parse and tidy one content variable of a table."""
    fetch = fetch or fetch_json
    frames = [parse_jsonstat(fetch(url)) for url in data_urls(meta, content, years, choices)]
    frame = pd.concat(frames, ignore_index=True)
    label = meta.contents.text(content) if meta.contents is not None else meta.title
    res = to_tidy(
        frame,
        indicator=label,
        region_dim=meta.region.id,
        time_dim=meta.time.id,
        content_dim=meta.contents.id if meta.contents is not None else "ContentsCode",
    )
    codelist = next(iter(kommune_regions(meta)[1].values()), "")
    if codelist.lower().startswith("agg_") and any(
        y[:4].isdigit() and int(y[:4]) < 2024 for y in years
    ):
        res.notes.append(Message("ssb.note.dagens", {"liste": codelist}))
    picked = [
        f"{d.label}: {d.text(choices[d.id])}" for d in meta.others if choices.get(d.id) is not None
    ]
    totals = [d.label for d in meta.others if choices.get(d.id) is None]
    if picked:
        res.notes.append(Message("ssb.note.valgt", {"liste": "; ".join(picked)}))
    if totals:
        res.notes.append(Message("ssb.note.totaltall", {"liste": ", ".join(totals)}))
    return res
