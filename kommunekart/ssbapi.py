"""SSB tables by id through PxWebApi v2 (JSON-stat 2.0), turned into the project's tidy form.

Pure parts (URL building, query splitting, JSON-stat parsing with pyjstat, tidying) are separate from
the one function that touches the network (``fetch_json``), which takes an ``opener`` so tests run
offline. Every failure raises ``ImportFeil`` with a Norwegian message saying what to do.

API (PxWebApi v2, SSB): GET {BASE}/tables/{id}/data?lang=no&outputFormat=json-stat2
  &valueCodes[Region]=0301,1508&codelist[Region]=agg_KommSummer&valueCodes[Tid]=top(2)&valueCodes[ContentsCode]=*
URLs are limited to about 2 000 characters, so long region lists are split into several queries.
"""
from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import numpy as np
import pandas as pd

from .importer import YEAR_RE, ImportFeil, ImportResult, region_code

BASE = "https://data.ssb.no/api/pxwebapi/v2"
MAX_URL = 1900
CELL_LIMIT = 800_000
TIMEOUT_S = 30


def validate_table_id(text: str) -> str:
    s = str(text).strip()
    if not re.fullmatch(r"\d{5}", s):
        raise ImportFeil(f"«{s[:20]}» er ikke et tabellnummer. SSBs tabellnummer har fem sifre, f.eks. 07459 "
                         "(står øverst på tabellsiden i Statistikkbanken).")
    return s


def data_url(table_id: str, value_codes: dict[str, str | list[str]], codelists: dict[str, str] | None = None,
             lang: str = "no") -> str:
    parts = [f"lang={lang}", "outputFormat=json-stat2"]
    for dim, codes in value_codes.items():
        codes = ",".join(codes) if isinstance(codes, (list, tuple)) else codes
        parts.append(f"valueCodes[{quote(dim)}]={quote(codes, safe=',*?()')}")
    for dim, codelist in (codelists or {}).items():
        parts.append(f"codelist[{quote(dim)}]={quote(codelist)}")
    return f"{BASE}/tables/{validate_table_id(table_id)}/data?" + "&".join(parts)


def split_queries(table_id: str, regions: list[str], other: dict[str, str | list[str]], cells_per_region: int,
                  codelists: dict[str, str] | None = None, region_dim: str = "Region") -> list[str]:
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
    """A table id (latest year, all contents, kommune level via SSB's KommSummer grouping) or a PxWebApi v2
    data URL copied from Statistikkbanken (its output format is set to JSON-stat 2.0)."""
    ref = ref.strip()
    if ref.startswith("https://data.ssb.no/api/pxwebapi/v2/tables/"):
        url = re.sub(r"([?&])outputFormat=[^&]*", r"\1outputFormat=json-stat2", ref, flags=re.I)
        return url if "outputformat=json-stat2" in url.lower() else url + ("&" if "?" in url else "?") + "outputFormat=json-stat2"
    if ref.startswith("http"):
        raise ImportFeil("Adressen er ikke en spørring mot SSBs API (den skal begynne med "
                         "https://data.ssb.no/api/pxwebapi/v2/tables/). Lim inn tabellnummeret i stedet.")
    return data_url(validate_table_id(ref), {"Region": "*", "ContentsCode": "*", "Tid": "top(1)"},
                    {"Region": "agg_KommSummer"})


def fetch_json(url: str, opener=urllib.request.urlopen, sleep=time.sleep, retries: int = 3) -> str:
    """GET a URL, backing off on 429 (too many requests). Norwegian errors for everything else.
    With KOMMUNEKART_OFFLINE=1 nothing is fetched (tests, air-gapped servers)."""
    import os

    from .sources import OFFLINE_ENV

    if os.environ.get(OFFLINE_ENV) == "1":
        raise ImportFeil("Henting fra SSBs API er slått av på denne serveren (uten nett). Last ned tabellen som CSV "
                         "fra Statistikkbanken og last den inn som fil i stedet.")
    for attempt in range(retries + 1):
        try:
            with opener(url, timeout=TIMEOUT_S) as resp:
                return resp.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            if err.code == 429 and attempt < retries:
                wait = float(err.headers.get("Retry-After", 2 ** attempt)) if err.headers else 2 ** attempt
                sleep(min(wait, 30))
                continue
            if err.code == 404:
                raise ImportFeil("SSB fant ikke tabellen. Sjekk tabellnummeret i Statistikkbanken.") from None
            if err.code == 429:
                raise ImportFeil("SSB ber oss vente (for mange spørringer). Prøv igjen om et minutt.") from None
            if err.code in (400, 403, 413):
                raise ImportFeil(f"SSB avviste spørringen (HTTP {err.code}): for mange celler eller en ukjent kode. "
                                 "Velg færre år eller variabler.") from None
            raise ImportFeil(f"SSB svarte med en feil (HTTP {err.code}). Prøv igjen senere, eller last ned tabellen "
                             "som CSV fra Statistikkbanken og last den inn som fil.") from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise ImportFeil("Får ikke kontakt med SSBs API (" + str(getattr(err, "reason", err))[:80] + "). "
                             "Maskinen kan være uten nett: last ned tabellen som CSV fra Statistikkbanken og last den "
                             "inn som fil i stedet.") from None
    raise ImportFeil("SSB svarte ikke etter flere forsøk. Prøv igjen senere.")


def parse_jsonstat(text: str) -> pd.DataFrame:
    """JSON-stat 2.0 dataset (or a JSON-stat 1 bundle) -> one row per cell: a column per dimension
    (codes), ``value`` and ``status`` (SSB's symbol for missing cells, '' otherwise)."""
    from pyjstat import pyjstat

    try:
        obj = json.loads(text)
    except (ValueError, TypeError):
        raise ImportFeil("Svaret fra SSB var ikke gyldig JSON-stat.") from None
    if not isinstance(obj, dict):
        raise ImportFeil("Svaret fra SSB var ikke et JSON-stat-datasett.")
    if obj.get("class") == "dataset" or "version" in obj:
        ds = obj
        frame = pyjstat.Dataset.read(text).write("dataframe", naming="id")
    else:  # JSON-stat 1 bundle: {"name": {dataset}}
        name, ds = next(iter(obj.items()))
        frame = pyjstat.from_json_stat(obj, naming="id")[0]
    status = ds.get("status") or {}
    if isinstance(status, list):
        symbols = [s or "" for s in status]
    elif isinstance(status, str):
        symbols = [status] * len(frame)
    else:
        symbols = [status.get(str(i), "") for i in range(len(frame))]
    frame["status"] = [s if (s and np.isnan(v)) else ("" if not np.isnan(v) else (s or ".."))
                       for s, v in zip(symbols, frame["value"].astype(float))]
    return frame


def to_tidy(frame: pd.DataFrame, indicator: str | None = None, region_dim: str = "Region", time_dim: str = "Tid",
            content_dim: str = "ContentsCode") -> ImportResult:
    """Kommune rows of a parsed table in the tidy form; other regions are left out and reported."""
    if region_dim not in frame.columns:
        raise ImportFeil("Tabellen har ingen regionvariabel, så den kan ikke vises per kommune. Velg en tabell med "
                         "«region» på kommunenivå (f.eks. 07459).")
    codes = frame[region_dim].astype(str).map(region_code)
    other = frame.loc[codes.isna(), region_dim].astype(str).unique()
    if codes.isna().all():
        raise ImportFeil("Tabellen har ingen tall på kommunenivå (bare land, fylker eller andre regioner).")
    years = frame[time_dim].astype(str).str.extract(YEAR_RE)[0] if time_dim in frame else None
    if years is None or years.isna().any():
        raise ImportFeil("Fant ikke årene i tabellen (variabelen «Tid»).")
    extra = [c for c in frame.columns if c not in (region_dim, time_dim, "value", "status")]
    label = frame[content_dim].astype(str) if (content_dim in frame and indicator is None) else (indicator or "verdi")
    tidy = pd.DataFrame({"kommunenummer": codes, "year": years.astype(int), "indicator": label,
                         "value": frame["value"].astype(float), "status": frame["status"]})[codes.notna()]
    notes = []
    if len(other):
        notes.append(f"Utelot {len(other)} regioner som ikke er kommuner: {', '.join(other[:6])}.")
    dims = [c for c in extra if c != content_dim and frame[c].nunique() > 1]
    if dims:
        raise ImportFeil(f"Tabellen har flere verdier for {', '.join(dims)}. Velg én verdi for hver av dem i spørringen.")
    return ImportResult(tidy.reset_index(drop=True), notes, region_dim, [content_dim])
