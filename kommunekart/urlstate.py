"""Deep links: parse and build the query string of a view. Bad values fall back with a notice."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Mapping

from .classify import DEFAULT_METHOD, METHODS
from .groups import DEFAULT_GROUPING, GROUPINGS
from .strings import t

PARAMS = ("indikator", "aar", "kommune", "klasser", "grupper")
__all__ = ["View", "parse", "to_params", "PARAMS", "DEFAULT_METHOD", "DEFAULT_GROUPING"]


@dataclass
class View:
    indikator: str
    aar: int
    kommune: str | None = None
    klasser: str = DEFAULT_METHOD
    grupper: str = DEFAULT_GROUPING


def _first(value):
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def parse(params: Mapping, catalogue, years, codes_by_year: Mapping[int, set], translate=None) -> tuple[View, list[str]]:
    """Read a view from URL parameters. Never raises on user input; returns notices (Norwegian).
    ``translate(code, year)``: optional; the number the same kommune has in ``year`` (reforms)."""
    notices: list[str] = []
    default_year = max(years)
    ind = _first(params.get("indikator"))
    if ind is None or ind not in catalogue:
        if ind is not None:
            notices.append(t("url.ukjent_indikator", verdi=str(ind)[:60], standard=catalogue[catalogue.default].name))
        ind = catalogue.default
    year_raw = _first(params.get("aar"))
    year = default_year
    if year_raw is not None:
        if str(year_raw).strip().isdigit() and int(year_raw) in years:
            year = int(year_raw)
        else:
            notices.append(t("url.ukjent_aar", verdi=str(year_raw)[:20], gyldige=", ".join(map(str, years)), standard=default_year))
    method = _first(params.get("klasser"))
    if method is None or method not in METHODS:
        if method is not None:
            notices.append(t("url.ukjent_klasser", verdi=str(method)[:30], gyldige=", ".join(METHODS)))
        method = DEFAULT_METHOD
    grouping = _first(params.get("grupper"))
    if grouping is None or grouping not in GROUPINGS:
        if grouping is not None:
            notices.append(t("url.ukjent_grupper", verdi=str(grouping)[:30], gyldige=", ".join(GROUPINGS)))
        grouping = DEFAULT_GROUPING
    kommune = _first(params.get("kommune"))
    if kommune is not None:
        raw = str(kommune).strip()
        if not re.fullmatch(r"\d{3,4}", raw):
            notices.append(t("url.kommune_format", verdi=raw[:30]))
            kommune = None
        else:
            kommune = raw.zfill(4)
            if kommune not in codes_by_year.get(year, set()):
                other = translate(kommune, year) if translate else None
                if other in codes_by_year.get(year, set()):
                    notices.append(t("url.kommune_oversatt", verdi=kommune, aar=year, nytt=other))
                    kommune = other
                else:
                    notices.append(t("url.ukjent_kommune", verdi=kommune, aar=year))
                    kommune = None
    return View(ind, year, kommune, method, grouping), notices


def to_params(view: View) -> dict[str, str]:
    """The query parameters of a view (omitting an empty kommune)."""
    return {k: str(v) for k, v in asdict(view).items() if v is not None}
