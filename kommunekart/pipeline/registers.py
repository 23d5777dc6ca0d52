"""Two public agencies' records of every kommune's website, read from their sources. Pure given
inputs.

- Uutilsynet's accessibility statements (tilgjengelegheitserklæringar), the state on 2026-06-01,
  drawn on the 2026 map (2024 borders). Statements carry organisation numbers only: SSB's key
  (kommune_orgnr_ssb) gives 2020-2023 kommunenummer, carried to 2024's with the change table; a
  kommune not in the key (the new Ålesund and Haram of 2024, Porsanger, Storfjord) is placed by its
  name with the kommune picker's matcher. Three indicators:
  ``uu_brudd``: WCAG requirements breached on the kommune's main website, from the statement of its
  own front domain (MAIN_SITE: ``<name>.kommune.no`` or a Sami ``*.suohkan.no``/``*.gielda.no``,
  with or without www., the front page or a language root, a host no other kommune uses); several
  such statements: the latest, and on the same day the one with most breaches. ``uu_erklaeringer``:
  the number of statements the kommune has published. ``uu_oppdatert``: the share of them updated in
  time. A kommune without a statement is «ingen erklæring funnet», never 0; a kommune whose
  statements name no front domain is «ingen erklæring for hovednettstedet».
- Difi's «Kvalitet på nett» 2010, 2011 and 2013: every kommune website's points as a share of the
  year's maximum, the stars (1-6) and the three parts as shares. Names only, matched to the kommune
  list of the year (KLASS 131: the 2017 version with the change table undone back to the year).
  Drawn on the earliest map, 2018's (SHOWN_ON), for the kommuner whose borders did not change
  between the measurement and 2018 (renumbered ones keep their value); a kommune merged after the
  measurement is «ny kommune etter målingen», never an average of old websites.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import defaultdict
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from kommunekart.lineage.kommuner import SHOWN_ON_LATER_MAP as SHOWN_ON
from kommunekart.lineage.kommuner import klass_kommuner, lineage, normalise, translate_code
from kommunekart.pipeline.dataset import VALUE_COLUMNS, check_codes

STATEMENT_YEAR = 2026
UU_IDS = ("uu_brudd", "uu_erklaeringer", "uu_oppdatert")
DIFI_PARTS = {
    "difi_kvalitet": ("poeng", "maxpoeng"),
    "difi_tilgjengelighet": ("tilgang_poeng", "tilgang_maxpoeng"),
    "difi_brukertilpasning": ("brukertilpass_poeng", "brukertilpass_maxpoeng"),
    "difi_nyttig": ("nyttig_poeng", "nyttig_maxpoeng"),
}
DIFI_IDS = (*DIFI_PARTS, "difi_stjerner")
_FRONT = re.compile(r"(?:www\.)?([a-z0-9-]+)\.(?:kommune\.no|suohkan\.no|gielda\.no)")
_LANG_ROOT = re.compile(r"/?(?:(?:no|nb|nn|en|se|sma|smj)/?)?")
# fylkenummer before the 2018-2024 reforms (the first two digits of a kommunenummer then)
OLD_FYLKER = {
    "01": "Østfold",
    "02": "Akershus",
    "03": "Oslo",
    "04": "Hedmark",
    "05": "Oppland",
    "06": "Buskerud",
    "07": "Vestfold",
    "08": "Telemark",
    "09": "Aust-Agder",
    "10": "Vest-Agder",
    "11": "Rogaland",
    "12": "Hordaland",
    "14": "Sogn og Fjordane",
    "15": "Møre og Romsdal",
    "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag",
    "18": "Nordland",
    "19": "Troms",
    "20": "Finnmark",
}
_REGIONS = {normalise("Vesterålen"): "18"}  # Difi's hints that are regions, not fylker


def name_slugs(name: str) -> set[str]:
    """The ways a kommune's name is written in a domain: «Nærøysund» -> naroysund, naeroysund,
    neroysund, naroeysund…; each part of a parallel name (``Røros - Rosse``), without SSB's
    «(fylke)»."""
    out = set()
    for part in str(name).split(" - "):
        forms = {""}
        for ch in part.lower().split(" (")[0]:
            opts = {"æ": ("ae", "a", "e"), "ø": ("o", "oe"), "å": ("a", "aa")}.get(ch)
            if opts is None:
                ch = "".join(
                    c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
                )
                opts = (ch if ch.isalnum() else "",)
            forms = {f + o for f in forms for o in opts}
        out |= forms
    return out


def front_page(address) -> str | None:
    """The host of an address that is a front page (``https://www.ha.no/`` -> ``ha.no``; the front
    page or a language root, ``…/no/``), without www.; None for a deeper page or no address."""
    if not isinstance(address, str) or not address.strip():
        return None
    text = address.strip()
    parts = urlsplit(text if "://" in text else "http://" + text)
    host = (parts.hostname or "").strip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    return host if host and _LANG_ROOT.fullmatch(parts.path or "") else None


def front_host(address) -> str | None:
    """The kommune front domain a statement is for (``bergen.kommune.no``,
    ``guovdageainnu.suohkan.no``),
    or None: ``https://www.bergen.kommune.no/`` yes, ``…/no/`` yes, a deeper page or another domain
    no."""
    host = front_page(address)
    return host if host and _FRONT.fullmatch(host) else None


# ---------------------------------------------------------------- Uutilsynet
def _label(statement: dict) -> str:
    return (front_host(statement.get("iktLoeysingAdresse")) or "").split(".")[0].replace("-", "")


def kommune_statements(raw: bytes) -> list[dict]:
    """The statements of kommuner (the body's name ends in « KOMMUNE»; fylkeskommuner do not)."""
    records = json.loads(raw)["records"]
    return [
        r
        for r in records
        if str(r.get("verksemdNamn", "")).upper().endswith(" KOMMUNE")
        and not str(r["verksemdNamn"]).upper().endswith("FYLKESKOMMUNE")
    ]


def place_organisations(
    statements: list[dict], orgnr: pd.DataFrame, names, changes: pd.DataFrame, valid: set
) -> tuple[dict[str, str], dict]:
    """{organisasjonsnummer: kommunenummer of 2024} and a report {"by_name": {orgnr: (name, code)},
    "left_out": {orgnr: name}}. Two organisations on one kommune is an error (raised)."""
    key = dict(zip(orgnr["organisasjonsnummer"], orgnr["kommunenummer_2020_2023"].str.zfill(4)))
    placed, by_name, left_out = {}, {}, {}
    for org, name in dict(
        (r["organisasjonsnummer"], r["verksemdNamn"]) for r in statements
    ).items():
        code = translate_code(changes, key[org], 2023, 2024) if org in key else None
        if code not in valid:
            plain = re.sub(r"\s+KOMMUNE$", "", name.split(" / ")[-1], flags=re.I).strip()
            hits = names(plain.title(), STATEMENT_YEAR, "")
            code = hits[0].code if len(hits) == 1 else None
            if code:
                by_name[org] = (name, code)
        if code is None:
            left_out[org] = name
            continue
        placed[org] = code
    twice = [c for c in set(placed.values()) if list(placed.values()).count(c) > 1]
    if twice:
        raise ValueError(
            f"tilgjengelighetserklæringene: flere organisasjoner på {', '.join(sorted(twice))}"
        )
    return placed, {"by_name": by_name, "left_out": left_out}


def statement_values(
    raw: bytes,
    orgnr: pd.DataFrame,
    names,
    changes: pd.DataFrame,
    kommune_names: dict[str, str],
    own_domains: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Rows of the three ``uu_*`` indicators for STATEMENT_YEAR on the kommuner of ``kommune_names``
    ({kommunenummer: name}, the 2024 kommuner; ``own_domains``: {kommunenummer: front domain} of the
    kommuner whose main website is elsewhere, data/kommune_domener.yaml), and a report: {"n":
    kommuner with a statement, "main": {code: the statement chosen}, "no_main": [codes], "by_name":
    …, "left_out": …}."""
    valid = set(kommune_names)
    statements = kommune_statements(raw)
    placed, report = place_organisations(statements, orgnr, names, changes, valid)
    by_kommune: dict[str, list[dict]] = defaultdict(list)
    for r in statements:
        if r["organisasjonsnummer"] in placed:
            by_kommune[placed[r["organisasjonsnummer"]]].append(r)
    # front hosts shared by several kommuner (min.kommune.no) are no one's own
    users = defaultdict(set)
    for code, rows in by_kommune.items():
        for r in rows:
            host = front_host(r.get("iktLoeysingAdresse"))
            if host:
                users[host].add(code)
    main, rows_out = {}, []
    for code in sorted(valid):
        rows = by_kommune.get(code, [])
        if not rows:
            status = "ingen_erklaering"
            rows_out += [(code, ind, np.nan, status) for ind in UU_IDS]
            continue
        own = [
            r for r in rows if (h := front_host(r.get("iktLoeysingAdresse"))) and users[h] == {code}
        ]
        elsewhere = (own_domains or {}).get(code)
        own = own or [
            r for r in rows if elsewhere and front_page(r.get("iktLoeysingAdresse")) == elsewhere
        ]
        slugs = name_slugs(kommune_names[code])
        named = [
            r
            for r in own
            if _label(r).startswith(tuple(slugs)) or any(s.startswith(_label(r)) for s in slugs)
        ]
        # bergen.kommune.no before kbl.kommune.no; e-h.kommune.no when it is the only one
        own = named or own
        if own:
            chosen = max(
                own, key=lambda r: (str(r.get("sisteOppdatering", "")), int(r.get("talBrot") or 0))
            )
            main[code] = chosen
            rows_out.append((code, "uu_brudd", float(chosen["talBrot"]), ""))
        else:
            rows_out.append((code, "uu_brudd", np.nan, "ingen_hovedside"))
        rows_out.append((code, "uu_erklaeringer", float(len(rows)), ""))
        updated = sum(1 for r in rows if r.get("erklaeringErOppdatert") is True)
        rows_out.append((code, "uu_oppdatert", 100.0 * updated / len(rows), ""))
    frame = pd.DataFrame(
        rows_out, columns=["kommunenummer", "indicator", "value", "status"]
    ).assign(year=STATEMENT_YEAR)
    check_codes(frame, {STATEMENT_YEAR: valid}, "tilgjengelighetserklæringene")
    report.update(
        n=len(by_kommune), main=main, no_main=sorted(c for c in by_kommune if c not in main)
    )
    return frame[VALUE_COLUMNS], report


# ---------------------------------------------------------------- Difi, Kvalitet på nett
def kommuner_of_year(
    version: dict, changes: pd.DataFrame, version_year: int, year: int
) -> dict[str, str]:
    """{kommunenummer: name} of the kommuner of 1 January ``year`` (KLASS 131:
    kommuner.klass_kommuner)."""
    return klass_kommuner(version, changes, version_year, year)


def _plain(name: str) -> tuple[str, str]:
    """«Bø kommune (Vesterålen)» -> («bo», «vesteralen»); «Karasjok kommune - Kárásjoga gielda» ->
    («karasjok», ""); «Våler kommune i Solør (Hedmark)» -> («valer», «hedmark»)."""
    text, hint = str(name), ""
    m = re.search(r"\(([^)]+)\)\s*$", text)
    if m:
        hint, text = m.group(1), text[: m.start()]
    text = re.sub(r"\s+kommune\b.*$", "", text, flags=re.I)
    return normalise(text), normalise(hint)


def match_names(rows: pd.DataFrame, kommuner: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """{Difi's name: kommunenummer of its year} for the kommune rows, and the names that fit no
    single kommune (listed, never guessed)."""
    keys = defaultdict(set)
    for code, name in kommuner.items():
        for part in str(name).split(" - "):
            keys[normalise(part.split(" (")[0])].add(code)
    found, unmatched = {}, []
    for name in rows["nettstednavn"]:
        hits, hint = set(), ""
        for part in str(name).split(" - "):  # «Guovdageainnu suohkan - Kautokeino kommune»
            key, hint = _plain(part)
            hits = keys.get(key, set())
            if hits:
                break
        if len(hits) > 1 and hint:
            fylke = _REGIONS.get(hint) or next(
                (f for f, n in OLD_FYLKER.items() if normalise(n) == hint), None
            )
            hits = {c for c in hits if c[:2] == fylke}
        if len(hits) == 1:
            found[name] = next(iter(hits))
        else:
            unmatched.append(name)
    return found, unmatched


def read_difi(raw: bytes) -> pd.DataFrame:
    """The kommune rows of one year's ``dataset.csv`` (``;``, UTF-8 with BOM), numbers as
    numbers."""
    frame = pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str)
    name = frame["nettstednavn"].fillna("")
    rows = frame[
        name.str.contains(r"\bkommune\b", case=False)
        & ~name.str.contains("fylkeskommune", case=False)
    ].copy()
    for col in (*[c for pair in DIFI_PARTS.values() for c in pair], "stjerner"):
        rows[col] = pd.to_numeric(rows[col], errors="raise")
    return rows


def difi_values(
    raws: dict[int, bytes],
    version: dict,
    changes: pd.DataFrame,
    valid: dict[int, set],
    version_year: int = 2017,
) -> tuple[pd.DataFrame, dict]:
    """Rows of the ``difi_*`` indicators for each year of ``raws`` on the map of SHOWN_ON[year], and
    a report {year: {"n": kommuner with a score, "unmatched": [names], "merged": [codes of the map
    that are new after the measurement], "renumbered": {old: new}}}."""
    out, report = [], {}
    for year, raw in sorted(raws.items()):
        map_year = SHOWN_ON[year]
        rows = read_difi(raw)
        then = kommuner_of_year(version, changes, version_year, year)
        found, unmatched = match_names(rows, then)
        by_code = {}
        for name, code in found.items():
            if code in by_code:
                raise ValueError(f"Kvalitet på nett {year}: to nettsteder på {code}")
            by_code[code] = rows.loc[rows["nettstednavn"] == name].iloc[0]
        origin = lineage(changes, year, map_year, then)
        shared = defaultdict(int)
        for codes in origin.values():
            for c in codes:
                shared[c] += 1
        merged, renumbered, rows_out = [], {}, []
        for code in sorted(valid[map_year]):
            parts = origin.get(code, set())
            same = len(parts) == 1 and shared[next(iter(parts))] == 1
            if not same:
                merged.append(code)
                rows_out += [(code, ind, np.nan, "ny_etter_maling") for ind in DIFI_IDS]
                continue
            old = next(iter(parts))
            if old != code:
                renumbered[old] = code
            row = by_code.get(old)
            if row is None:
                rows_out += [(code, ind, np.nan, "ikke_vurdert") for ind in DIFI_IDS]
                continue
            for ind, (points, top) in DIFI_PARTS.items():
                rows_out.append((code, ind, 100.0 * float(row[points]) / float(row[top]), ""))
            rows_out.append((code, "difi_stjerner", float(row["stjerner"]), ""))
        frame = pd.DataFrame(
            rows_out, columns=["kommunenummer", "indicator", "value", "status"]
        ).assign(year=year)
        check_codes(frame, {year: valid[map_year]}, "Kvalitet på nett")
        out.append(frame[VALUE_COLUMNS])
        n = int(frame.loc[frame["indicator"] == "difi_kvalitet", "value"].notna().sum())
        report[year] = {
            "n": n,
            "assessed": len(found),
            "unmatched": unmatched,
            "merged": merged,
            "renumbered": renumbered,
        }
    return pd.concat(out, ignore_index=True), report
