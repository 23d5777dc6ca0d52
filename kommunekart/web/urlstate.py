"""Deep links: parse and build the query string of a view. Bad values fall back with a notice.

Light on purpose (imports nothing heavy): the server parses every link with it, and tests use it
without the dataset. Identifiers are English; the URL parameters stay Norwegian (PARAM)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from kommunekart.base.constants import (
    CLASS_METHODS,
    COLOUR_BY,
    DEFAULT_GROUPING,
    DEFAULT_METHOD,
    GROUPINGS,
)
from kommunekart.base.errors import Message


@dataclass(frozen=True)
class View:
    """What a visitor is looking at: the same on every page, kept in the address."""

    indicator: str
    year: int
    kommune: str | None = None
    classes: str = DEFAULT_METHOD
    grouping: str = DEFAULT_GROUPING
    size: str | None = None  # Finn kommuner: size class (finder.SIZE_FILTERS)
    fylke: str | None = None  # Finn kommuner: fylkenummer of the view's year
    value: str | None = None  # Finn kommuner: value filter (finder.parse_value)
    # Sammenlign kommuner: up to MAX_COMPARE kommunenummer, comma-separated
    compare: str | None = None
    lang: str | None = None  # the interface language: None = bokmål, "nn" nynorsk, "en" English
    # Endring: the map shows the change from this year to ``year`` (start_years)
    start: int | None = None
    # Sammenheng: the second indicator (None: DEFAULT_AGAINST) and what colours the dots
    against: str | None = None
    colour_by: str | None = None


LANGS = ("nb", "nn", "en")  # as strings.LANGS (kept here so that this module imports nothing heavy)


MAX_COMPARE = 6


PARAM = {
    "indicator": "indikator",
    "year": "aar",
    "kommune": "kommune",
    "classes": "klasser",
    "grouping": "grupper",
    "size": "storrelse",
    "fylke": "fylke",
    "value": "verdi",
    "compare": "kommuner",
    "lang": "sprak",
    "start": "fra",
    "against": "mot",
    "colour_by": "farge",
}
PARAMS = tuple(PARAM.values())
FIELD = {p: f for f, p in PARAM.items()}


def _first(value):
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def parse_field(
    name: str,
    raw,
    catalogue,
    years,
    codes_by_year: Mapping[int, set],
    year: int,
    translate: Callable | None = None,
):
    """One URL value as the view's field ``name``: (value, notice or None). ``value`` is None when
    ``raw`` is not valid (the caller falls back). ``year``: the view's year (for kommune
    numbers)."""
    raw = _first(raw)
    if raw is None:
        return None, None
    text = str(raw).strip()
    if name == "indicator":
        if text in catalogue:
            return text, None
        return None, Message("url.ukjent_indikator", {"verdi": text[:60]})
    if name == "year":
        if text.isdigit() and int(text) in years:
            return int(text), None
        return None, Message(
            "url.ukjent_aar", {"verdi": text[:20], "gyldige": ", ".join(map(str, years))}
        )
    if name == "against":
        if text in catalogue:
            return text, None
        return None, Message("url.ukjent_mot", {"verdi": text[:60]})
    if name == "colour_by":
        if text in COLOUR_BY:
            return text, None
        return None, Message(
            "url.ukjent_farge", {"verdi": text[:30], "gyldige": ", ".join(COLOUR_BY)}
        )
    if name == "start":
        if text.isdigit() and int(text) in years:
            return int(text), None
        return None, Message("url.ukjent_fra", {"verdi": text[:20]})
    if name == "classes":
        if text in CLASS_METHODS:
            return text, None
        return None, Message(
            "url.ukjent_klasser", {"verdi": text[:30], "gyldige": ", ".join(CLASS_METHODS)}
        )
    if name == "grouping":
        if text in GROUPINGS:
            return text, None
        return None, Message(
            "url.ukjent_grupper", {"verdi": text[:30], "gyldige": ", ".join(GROUPINGS)}
        )
    if name == "size":
        from kommunekart.analysis.finder import SIZE_FILTERS

        if text in SIZE_FILTERS:
            return text, None
        return None, Message(
            "url.ukjent_storrelse", {"verdi": text[:30], "gyldige": ", ".join(SIZE_FILTERS)}
        )
    if name == "fylke":
        if re.fullmatch(r"\d{2}", text) and any(
            c.startswith(text) for c in codes_by_year.get(year, ())
        ):
            return text, None
        return None, Message("url.ukjent_fylke", {"verdi": text[:30], "aar": year})
    if name == "value":
        from kommunekart.analysis.finder import parse_value

        if parse_value(text):
            return text.lower(), None
        return None, Message("url.ukjent_verdi", {"verdi": text[:30]})
    if name == "lang":
        code = text.lower()
        if code in LANGS:
            return (None if code == "nb" else code), None
        return None, Message("url.ukjent_sprak", {"verdi": text[:20], "gyldige": ", ".join(LANGS)})
    if name == "compare":
        return _parse_compare(text, codes_by_year.get(year, set()), year, translate)
    if name == "kommune":
        if not re.fullmatch(r"\d{3,4}", text):
            return None, Message("url.kommune_format", {"verdi": text[:30]})
        code = text.zfill(4)
        if code in codes_by_year.get(year, set()):
            return code, None
        other = translate(code, year) if translate else None
        if other in codes_by_year.get(year, set()):
            return other, Message(
                "url.kommune_oversatt", {"verdi": code, "aar": year, "nytt": other}
            )
        return None, Message("url.ukjent_kommune", {"verdi": code, "aar": year})
    raise KeyError(name)


def _parse_compare(text: str, valid: set, year: int, translate):
    """«0301,4601,1103» -> the same list (older numbers translated to ``year``); what is left out is
    said."""
    kept, bad = [], []
    for part in [p.strip() for p in text.split(",") if p.strip()][:50]:
        code = part.zfill(4) if re.fullmatch(r"\d{3,4}", part) else None
        if code and code not in valid and translate:
            code = translate(code, year)
        if code in valid:
            if code not in kept:
                kept.append(code)
        else:
            bad.append(part[:12])
    notice = None
    if bad:
        notice = Message("url.ukjent_sammenlign", {"liste": ", ".join(bad[:6]), "aar": year})
    elif len(kept) > MAX_COMPARE:
        notice = Message("url.for_mange_sammenlign", {"n": len(kept), "maks": MAX_COMPARE})
    kept = kept[:MAX_COMPARE]
    return (",".join(kept) if kept else None), notice


def default_view(catalogue, years, default_year: int | None = None) -> View:
    """The front page: the default indicator in ``default_year`` (its latest year with numbers)."""
    return View(catalogue.default, default_year or max(years))


def parse(
    params: Mapping,
    catalogue,
    years,
    codes_by_year: Mapping[int, set],
    translate=None,
    fallback: View | None = None,
    years_of: Callable | None = None,
) -> tuple[View, list[Message]]:
    """Read a view from URL parameters; a parameter that is absent or bad takes ``fallback``'s value
    (default: the default view). Never raises on user input; returns notices (codes).
    ``translate(code, year)``: optional; the number the same kommune has in ``year`` (reforms)."""
    years_of = years_of or (lambda indicator: years)  # the years an indicator has numbers for
    base = fallback or default_view(catalogue, years, max(years_of(catalogue.default)))
    values, notices = {}, []
    for name in (
        "lang",
        "indicator",
        "year",
        "classes",
        "grouping",
        "size",
        "value",
        "fylke",
        "compare",
        "kommune",
        "start",
        "against",
        "colour_by",
    ):
        value, notice = parse_field(
            name,
            params.get(PARAM[name]),
            catalogue,
            years,
            codes_by_year,
            values.get("year", base.year),
            translate,
        )
        if notice:
            # said in the notice itself
            if name in (
                "size",
                "fylke",
                "value",
                "compare",
                "lang",
                "start",
                "against",
                "colour_by",
            ):
                pass
            elif value is None:  # say what is shown instead
                shown = (
                    catalogue[base.indicator].name if name == "indicator" else getattr(base, name)
                )
                notice = Message(notice.code, {**notice.params, "standard": shown})
            notices.append(notice)
        dropped = (
            notice is not None
            and value is None
            and name in ("size", "fylke", "value", "compare", "start", "against", "colour_by")
        )
        if name == "lang" and notice is None and params.get(PARAM[name]) is not None:
            values[name] = value  # «sprak=nb»: bokmål, whatever the fallback was
            continue
        values[name] = value if value is not None else (None if dropped else getattr(base, name))
        if name == "year" and value is None and values["year"] not in years_of(values["indicator"]):
            # a linked indicator without a year: its latest
            values["year"] = max(years_of(values["indicator"]))
    if values["kommune"] is not None and values["kommune"] not in codes_by_year.get(
        values["year"], set()
    ):
        values["kommune"] = None  # the fallback's kommune does not exist in the linked year
    if values["fylke"] and not any(
        c.startswith(values["fylke"]) for c in codes_by_year.get(values["year"], ())
    ):
        values["fylke"] = None  # the fallback's fylke does not exist in the linked year
    starts = catalogue[values["indicator"]].change_starts(
        years_of(values["indicator"]), values["year"]
    )
    if values["start"] is not None and values["start"] not in starts:
        if "start" in {FIELD.get(k) for k in params}:  # a link's, not the session's: said
            notices.append(
                Message(
                    "endring.passer_ikke",
                    {
                        "fra": values["start"],
                        "indikator": catalogue[values["indicator"]].name,
                        "aar": values["year"],
                        "gyldige": ", ".join(map(str, starts)) or "–",
                    },
                )
            )
        values["start"] = None
    return View(**values), notices


def to_params(view: View, keys=PARAMS) -> dict[str, str]:
    """The query parameters of a view (omitting an empty kommune), limited to ``keys``."""
    out = {}
    for f in fields(View):
        value = getattr(view, f.name)
        if value is not None and PARAM[f.name] in keys:
            out[PARAM[f.name]] = str(value)
    return out
