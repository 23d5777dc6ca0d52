"""Kommune names and numbers of any year to the kommunenummer of one year (pure).

One matcher for everything a person types or a file holds: the kommune picker's suggestions, tables
with names but no numbers, and real sources keyed by name. A text matches a kommune by its name in
that year's borders (with or without the fylke SSB adds to a shared name: «Herøy (Nordland)»), a
parallel Sami or Kven name («Guovdageaidnu»), a project alias, a four-digit number of any year
2015-2026, or an older name or number that continues as exactly one kommune in that year (SSB's
change table: «Ski» or «0213» in 2024 is 3207 Nordre Follo). A text that fits several kommuner
(«Herøy», «Våler») gives every one; a fylke hint («Herøy i Nordland», a fylke column) narrows them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kommunekart.base.strings import t
from kommunekart.lineage.kommuner import (
    SHOWN_ON_LATER_MAP,
    lineage,
    normalise,
    search,
    translate_code,
)

# how a text was matched (strings: "navn.via.<via>")
DIRECT, OLDER_NAME, OLDER_NUMBER = "navn", "eldre_navn", "eldre_nummer"
_PAREN = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
_IN_FYLKE = re.compile(r"^(.*?)\s+(?:i|,)\s+(.+)$", re.I)


@dataclass(frozen=True)
class Candidate:
    code: str  # kommunenummer in the year asked for
    name: str  # its name that year
    fylke: str
    via: str = DIRECT  # DIRECT, OLDER_NAME or OLDER_NUMBER
    found: str = ""  # what matched, when not the kommune itself: «Ski (2018)», «5430 (2020)»

    @property
    def label(self) -> str:
        """«Herøy (Nordland) – 1818», «Våler (Østfold) – 3114», «Bergen – 4601, Vestland»."""
        shown = base_name(self.fylke.split(" - ")[0])
        return f"{self.name} – {self.code}" + ("" if shown in self.name else f", {shown}")


def base_name(name: str) -> str:
    """A name without the fylke SSB adds to shared names: «Herøy (Nordland)» -> «Herøy»."""
    m = _PAREN.match(str(name))
    return m.group(1) if m else str(name)


class KommuneNames:
    """Built once per dataset from its search indices (per map year), attributes, population (which
    numbers existed in each year 2015-2026) and SSB's change table."""

    def __init__(
        self,
        search_indices: Mapping[int, pd.DataFrame],
        attrs: pd.DataFrame,
        changes: pd.DataFrame,
        population: pd.DataFrame | None = None,
    ):
        # a year drawn on a later map has that map's kommuner, not its own: not a year of names
        self.indices = {y: i for y, i in search_indices.items() if int(y) not in SHOWN_ON_LATER_MAP}
        self.map_years = sorted(self.indices)
        self.changes = changes
        self._attrs = {
            int(y): g.set_index("kommunenummer")[["name", "fylke_name"]]
            for y, g in attrs.groupby("year")
            if int(y) in self.indices
        }
        self._keys: dict[int, dict[str, set[str]]] = {}
        for year, idx in self.indices.items():
            keys: dict[str, set[str]] = {}
            for code, name, key in zip(idx["kommunenummer"], idx["name"], idx["key"]):
                for k in {key, normalise(base_name(name))}:
                    keys.setdefault(k, set()).add(code)
            self._keys[year] = keys
        self._numbers: dict[int, set[str]] = {}
        if population is not None:
            for year, g in population[population["population"] > 0].groupby("year"):
                self._numbers[int(year)] = set(g["kommunenummer"])
        for year in self.map_years:
            self._numbers.setdefault(year, set(self._attrs[year].index))
        self._memo: dict[tuple, list[Candidate]] = {}

    @classmethod
    def of(cls, ds) -> KommuneNames:
        return cls(ds.search, ds.attrs, ds.changes, ds.population)

    def map_year(self, year: int | None) -> int:
        """The map whose borders hold ``year``: the latest map year not after it (else the
        first)."""
        if year is None:
            return self.map_years[-1]
        return max([y for y in self.map_years if y <= year], default=self.map_years[0])

    def _candidate(
        self, code: str, year: int, via: str = DIRECT, found: str = ""
    ) -> Candidate | None:
        attrs = self._attrs[self.map_year(year)]
        own = (
            code
            if self.map_year(year) == year
            else translate_code(self.changes, code, year, self.map_year(year))
        )
        if own is None or own not in attrs.index:
            return None
        return Candidate(code, attrs.at[own, "name"], attrs.at[own, "fylke_name"], via, found)

    def _carried(self, code: str, from_year: int, year: int) -> str | None:
        """``code`` of ``from_year`` as one kommune of ``year``; backwards only when it is the same
        kommune both ways (a renumbering, not a part of a later split: 2024 Haram is not 2022
        Ålesund)."""
        if from_year == year:
            return code
        now = translate_code(self.changes, code, from_year, year)
        if now and from_year > year and translate_code(self.changes, now, year, from_year) != code:
            return None
        return now

    def resolve(self, text: str, year: int | None = None, hint: str = "") -> list[Candidate]:
        """Every kommune of ``year`` (its own numbering) that ``text`` names exactly, best way
        first:
        the year's own names, else older or newer names and numbers that continue as one kommune."""
        year = self.map_year(None) if year is None else int(year)
        memo_key = (text, year, hint)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._resolve(str(text).strip(), year, hint)
        return self._memo[memo_key]

    def _resolve(self, text: str, year: int, hint: str) -> list[Candidate]:
        if not text:
            return []
        digits = re.fullmatch(r"(?:K-)?(\d{3,4})", text)
        if digits:
            return self._by_number(digits.group(1).zfill(4), year)
        found = self._by_name(normalise(text), year)
        if not found:  # «Herøy i Nordland», «Herøy, Nordland»
            m = _IN_FYLKE.match(text)
            if m:
                found = self._by_name(normalise(m.group(1)), year)
                hint = hint or m.group(2)
        if len(found) > 1 and hint:
            h = normalise(hint)
            narrowed = [
                c for c in found if h and (h in normalise(c.fylke) or h in normalise(c.name))
            ]
            found = narrowed or found
        return found

    def _by_name(self, key: str, year: int) -> list[Candidate]:
        if not key:
            return []
        own_year = self.map_year(year)
        codes = self._keys[own_year].get(key, set())
        if codes:
            return [
                c
                for c in (
                    self._candidate(self._carried(k, own_year, year) or k, year)
                    for k in sorted(codes)
                )
                if c is not None
            ]
        out: dict[str, Candidate] = {}
        for other in sorted(self.map_years, key=lambda y: abs(y - own_year)):
            for code in sorted(self._keys[other].get(key, ())):
                now = self._carried(code, other, year)
                if now and now not in out:
                    name = (
                        self.indices[other].set_index("kommunenummer").loc[[code], "name"].iloc[0]
                    )
                    cand = self._candidate(now, year, OLDER_NAME, f"{name} ({other})")
                    if cand:
                        out[now] = cand
        return list(out.values())

    def _by_number(self, code: str, year: int) -> list[Candidate]:
        if code in self._numbers.get(year, ()) or (
            year in self.map_years and code in self._attrs[year].index
        ):
            cand = self._candidate(code, year)
            return [cand] if cand else []
        out: dict[str, Candidate] = {}
        for other in sorted(self._numbers, key=lambda y: abs(y - year)):
            if code in self._numbers[other]:
                now = self._carried(code, other, year)
                if now and now not in out and now in self._numbers.get(year, {now}):
                    cand = self._candidate(now, year, OLDER_NUMBER, f"{code} ({other})")
                    if cand:
                        out[now] = cand
                if out:
                    break
        return list(out.values())

    def suggest(self, text: str, year: int | None = None, limit: int = 10) -> list[Candidate]:
        """For the picker: exact matches (any year's names and numbers) first, then names of
        ``year`` that start with or contain the text."""
        year = self.map_year(year)
        out = {c.code: c for c in self.resolve(text, year)}
        for code in search(self.indices[year], text, limit=limit + len(out)):
            if code not in out:
                cand = self._candidate(code, year)
                if cand:
                    out[code] = cand
        return list(out.values())[:limit]

    def picker_labels(self, year: int) -> dict[str, str]:
        """For the kommune picker: each kommune of a map year with every text that finds it while
        typing: «Tromsø – 5501 (også Romsa, Tromssa; før 5401, 1902)», «Nordre Follo – 3207 (før
        Ski, Oppegård, …)». Streamlit's select box filters its options by what is typed, so these
        are the suggestions."""
        attrs = self._attrs[year]
        extra: dict[str, list[str]] = {code: [] for code in attrs.index}
        idx = self.indices[year]
        for code, group in idx.groupby("kommunenummer"):
            own = normalise(attrs.at[code, "name"])
            for name in sorted(dict.fromkeys(group["key"])):
                if name not in own and name != normalise(base_name(attrs.at[code, "name"])):
                    extra[code].append(name.title())
        before: dict[str, list[str]] = {code: [] for code in attrs.index}
        names_before: dict[str, list[str]] = {code: [] for code in attrs.index}
        for other in sorted((y for y in self._numbers if y < year), reverse=True):
            lin = lineage(self.changes, other, year, self._numbers[other])
            whole = {
                old
                for old in set().union(*lin.values())
                if sum(old in o for o in lin.values()) == 1
            }
            names = (
                self.indices[other]
                .drop_duplicates("kommunenummer")
                .set_index("kommunenummer")["name"]
                if other in self.indices
                else None
            )
            for now, origin in lin.items():
                if now not in before:
                    continue
                for old in sorted(origin & whole):
                    if old != now and old not in before[now]:
                        before[now].append(old)
                    if names is not None and old in names.index:
                        name = base_name(names[old])
                        if (
                            name != base_name(attrs.at[now, "name"])
                            and name not in names_before[now]
                        ):
                            names_before[now].append(name)
        out = {}
        for code in attrs.index:
            parts = []
            if extra[code]:
                parts.append(t("navn.ogsaa", liste=", ".join(extra[code])))
            old = names_before[code] + before[code]
            if old:
                parts.append(t("navn.foer", liste=", ".join(old)))
            out[code] = f"{attrs.at[code, 'name']} – {code}" + (
                f" ({'; '.join(parts)})" if parts else ""
            )
        return dict(sorted(out.items(), key=lambda kv: normalise(kv[1])))
