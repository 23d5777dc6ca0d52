"""Pure functions about kommuner: size classes, search by name or number, and reform lineage."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from kommunekart.base.constants import SIZE_BOUNDS, SSB_SIZES
from kommunekart.base.files import ROOT, read_yaml
from kommunekart.base.strings import t

# SSB's size classes (population 1 January): id, lower bound (inclusive), upper bound (exclusive)
# (id, from, up to) of SSB's three classes
SIZE_CLASSES = tuple((c, *SIZE_BOUNDS[c]) for c in SSB_SIZES)
SIZE_CLASS_IDS = tuple(c[0] for c in SIZE_CLASSES)


# Years of measurements older than the first map (2018), drawn on the earliest map whose borders
# they fit: their kommuner are numbered as on that map (``numbering``); a kommune merged after the
# measurement has none.
SHOWN_ON_LATER_MAP = {2010: 2018, 2011: 2018, 2013: 2018}


def numbering(year: int) -> int:
    """The year whose kommunenummer a map year uses: itself, or the later map it is drawn on."""
    return SHOWN_ON_LATER_MAP.get(int(year), int(year))


def size_class(population) -> pd.Series:
    """Map population counts to size-class ids ('liten', 'mellom', 'stor'); missing stays
    missing."""
    pop = pd.Series(population, dtype="float64")
    bins = [c[1] for c in SIZE_CLASSES] + [np.inf]
    out = pd.cut(pop, bins=bins, right=False, labels=list(SIZE_CLASS_IDS))
    return out.astype("object").where(out.notna(), None)


def size_class_label(class_id: str | None) -> str:
    return t(f"storrelse.{class_id}") if isinstance(class_id, str) and class_id else "–"


# ---------------------------------------------------------------- search
_FOLD = str.maketrans(
    {
        "å": "aa",
        "æ": "ae",
        "ø": "oe",
        "ä": "ae",
        "ö": "oe",
        "đ": "d",
        "ŧ": "t",
        "ŋ": "n",
        "š": "s",
        "ž": "z",
        "č": "c",
    }
)


def normalise(text: str) -> str:
    """Fold a name for searching: case, å/aa, æ/ae, ø/oe, Sami letters and accents, punctuation."""
    text = str(text).lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def load_aliases(path: Path | None = None) -> dict[str, list[str]]:
    path = path or ROOT / "data" / "kommune_aliases.yaml"
    spec = read_yaml(path) or {}
    return {str(k).zfill(4): list(v) for k, v in (spec.get("aliases") or {}).items()}


def search_index(
    kommuner: pd.DataFrame, extra_names: dict[str, list[str]] | None = None
) -> pd.DataFrame:
    """One row per (kommunenummer, searchable name). ``kommuner`` needs kommunenummer and name;
    parallel names written "A - B - C" are split so each part is searchable."""
    rows = []
    for nr, name in zip(kommuner["kommunenummer"], kommuner["name"]):
        names = {name, *[part.strip() for part in str(name).split(" - ")]}
        names |= set((extra_names or {}).get(nr, []))
        rows += [(nr, name, normalise(n)) for n in names if n]
    return pd.DataFrame(rows, columns=["kommunenummer", "name", "key"]).drop_duplicates()


def search(index: pd.DataFrame, query: str, limit: int = 10) -> list[str]:
    """Kommunenummer matching ``query`` (part of a name or a number), best first."""
    q = normalise(query)
    if not q:
        return []
    if q.isdigit():
        hits = index[index["kommunenummer"].str.startswith(q.zfill(4) if len(q) >= 4 else q)]
        return list(dict.fromkeys(hits.sort_values("kommunenummer")["kommunenummer"]))[:limit]
    score = np.select(
        [
            index["key"] == q,
            index["key"].str.startswith(q),
            index["key"].str.contains(q, regex=False),
        ],
        [0, 1, 2],
        default=9,
    )
    hits = index.assign(score=score)
    hits = hits[hits["score"] < 9].sort_values(["score", "name"])
    return list(dict.fromkeys(hits["kommunenummer"]))[:limit]


# ---------------------------------------------------------------- reforms
def lineage(
    changes: pd.DataFrame, from_year: int, to_year: int, start_codes
) -> dict[str, set[str]]:
    """For each kommunenummer valid 1 January ``to_year``, the set of ``from_year`` kommunenummer it
    came from, following KLASS 131 changes that took effect after 1 January ``from_year``. A kommune
    split in two appears in both successors' sets."""
    current: dict[str, set[str]] = {c: {c} for c in start_codes}
    window = changes[
        (changes["changeOccurred"].dt.year > from_year)
        & (changes["changeOccurred"].dt.year <= to_year)
    ]
    for _, step in window.sort_values("changeOccurred").groupby("changeOccurred"):
        moves = defaultdict(set)
        for old, new in zip(step["oldCode"], step["newCode"]):
            moves[old].add(new)
        nxt: dict[str, set[str]] = defaultdict(set)
        for code, origin in current.items():
            for new in moves.get(code, {code}):
                nxt[new] |= origin
        current = dict(nxt)
    return current


def klass_kommuner(
    version: dict, changes: pd.DataFrame, version_year: int, year: int
) -> dict[str, str]:
    """{kommunenummer: name} of the kommuner of 1 January ``year``: the KLASS 131 version of
    ``version_year`` with the change table's changes between them applied (a later year) or undone
    (an earlier year, latest change first). "In use" is KLASS's, not a population file's."""
    current = {i["code"]: i["name"] for i in version["classificationItems"] if i["code"] != "9999"}
    lo, hi = sorted((int(version_year), int(year)))
    window = changes[
        (changes["changeOccurred"].dt.year > lo) & (changes["changeOccurred"].dt.year <= hi)
    ]
    steps = sorted(
        window.groupby("changeOccurred"), key=lambda g: g[0], reverse=year < version_year
    )
    for _, step in steps:
        gone, come = (
            (step["oldCode"], zip(step["newCode"], step["newName"]))
            if year > version_year
            else (step["newCode"], zip(step["oldCode"], step["oldName"]))
        )
        for code in set(gone):
            current.pop(code, None)
        for code, name in come:
            current[code] = name
    return current


def klass_frame(version: dict, changes: pd.DataFrame, version_year: int, years) -> pd.DataFrame:
    """year, kommunenummer, name for every year of ``years`` (KLASS 131, as ``klass_kommuner``)."""
    rows = [
        (y, code, name)
        for y in years
        for code, name in klass_kommuner(version, changes, version_year, y).items()
    ]
    return pd.DataFrame(rows, columns=["year", "kommunenummer", "name"])


def translate_code(
    changes: pd.DataFrame, code: str | None, from_year: int, to_year: int
) -> str | None:
    """The one kommunenummer in ``to_year``'s numbering that continues ``code`` of ``from_year``, or
    None when there is no single answer (a merger seen backwards, a split seen forwards)."""
    if not code or from_year == to_year:
        return code
    lo, hi = sorted((from_year, to_year))
    window = changes[
        (changes["changeOccurred"].dt.year > lo) & (changes["changeOccurred"].dt.year <= hi)
    ]
    if code not in set(window["oldCode"]) | set(window["newCode"]):
        return code
    first_seen_new = window.groupby("newCode")["changeOccurred"].min()
    at_lo = {
        old
        for old, when in zip(window["oldCode"], window["changeOccurred"])
        if not (old in first_seen_new.index and first_seen_new[old] < when)
    }
    starts = at_lo | ({code} if to_year > from_year else set())
    lin = lineage(changes, lo, hi, starts)
    if to_year > from_year:
        succ = sorted(new for new, origin in lin.items() if code in origin)
        return succ[0] if len(succ) == 1 else None
    origin = sorted(lin.get(code, ()))
    return origin[0] if len(origin) == 1 else None
