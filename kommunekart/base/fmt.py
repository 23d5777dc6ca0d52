"""Numbers in Norwegian style: 1 234,5 and 12 % (non-breaking spaces), missing shown as missing.

The locale's symbols and grouping come from Babel (CLDR, the visitor's language:
strings.babel_locale); values are rounded half up (7,25 -> 7,3, as people round), not to the nearest
even digit."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

NBSP = "\u00a0"
# SSB's table symbols -> the catalogue key of their meaning (strings.py); "" = an ordinary value
STATUS_KEYS = {
    "..": "status.mangler",
    ".": "status.ikke_aktuelt",
    "...": "status.ikke_ennaa",
    ":": "status.konfidensielt",
    "-": "status.null",
    "x": "status.ikke_offentliggjort",
}


# why a measurement (not SSB's) is missing: the project's own codes, never read from a user's file
MEASURE_STATUS = {
    code: f"status.{code}"
    for code in (
        "ikke_malt",
        "feilet",
        "ingen_erklaering",
        "ingen_hovedside",
        "ny_etter_maling",
        "ikke_vurdert",
        "delt",
        "del_mangler",
    )
}


def status_text(symbol) -> str:
    """The meaning of an SSB symbol in plain Norwegian ('' for an ordinary value; unknown symbols as
    they are)."""
    from kommunekart.base.strings import t

    if not isinstance(symbol, str) or not symbol:
        return ""
    key = STATUS_KEYS.get(symbol) or MEASURE_STATUS.get(symbol)
    return t(key) if key else symbol


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@lru_cache(maxsize=32)
def _pattern(decimals: int, locale: str):
    from babel import Locale
    from babel.numbers import parse_pattern

    pattern = parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))
    return pattern, Decimal(1).scaleb(-decimals), Locale.parse(locale)


def number(value, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (grouping with a non-breaking space, decimal comma; Babel, nb_NO)."""
    if is_missing(value) or (isinstance(value, float) and math.isinf(value)):
        return "–"
    from kommunekart.base.strings import babel_locale

    pattern, step, locale = _pattern(max(0, int(decimals)), babel_locale())
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return pattern.apply(rounded, locale, decimal_quantization=False)


def round_half_up(value, decimals: int = 0) -> float:
    """A value rounded as it is shown (half up), for downloads: 17.759141800000002 -> 17.8."""
    if is_missing(value):
        return float("nan")
    return float(
        Decimal(repr(float(value))).quantize(
            Decimal(1).scaleb(-max(0, int(decimals))), rounding=ROUND_HALF_UP
        )
    )


def as_shown(values, decimals: int = 0):
    """A column of values at the precision they are shown with (half up, as ``number``): ranks,
    ties, percentiles and top-N lists are computed on these, so «0 %» is one place shared by every
    kommune that shows 0 %, never «201. av 422» among 213 showing 0 %."""
    import pandas as pd

    v = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    return v.map(lambda x: round_half_up(x, decimals))


def percent(value, decimals: int = 0) -> str:
    """12.3 (already in per cent) -> '12 %'."""
    from kommunekart.base.strings import lang

    if is_missing(value):
        return "–"
    return f"{number(value, decimals)}{'' if lang() == 'en' else NBSP}%"  # 12 % (nb, nn), 12% (en)


def share(value, decimals: int = 0) -> str:
    """0.123 (a share 0-1) -> '12 %'."""
    if is_missing(value):
        return "–"
    return percent(100 * float(value), decimals)


def with_unit(value, unit: str, decimals: int = 0) -> str:
    """Format a value with its catalogue unit ('%' is glued with a non-breaking space)."""
    if is_missing(value):
        return "–"
    if unit == "%":
        return percent(value, decimals)
    if not unit:
        return number(value, decimals)
    return f"{number(value, decimals)}{NBSP}{unit}"


def value_text(value, status: str, unit: str, kind: str, decimals: int) -> str:
    """A value as text; a missing value says why when SSB's symbol tells (e.g. «:» hidden for
    privacy)."""
    from kommunekart.base.strings import t

    if is_missing(value):
        return status_text(status) if status and status != ".." else t("legende.mangler")
    if kind == "yesno":
        return t("legende.ja") if value >= 0.5 else t("legende.nei")
    if kind == "grade":
        return grade_text(value)
    if kind == "yesnochange":  # Endring of a yes/no: +1 from «nei» to «ja», -1 back
        key = (
            "endring.fra_nei" if value > 0 else "endring.fra_ja" if value < 0 else "endring.uendret"
        )
        return t(key)
    if kind == "change":
        return signed(value, decimals) + (f"{NBSP}{unit}" if unit else "")
    return with_unit(value, unit, decimals)


def signed(value, decimals: int = 0) -> str:
    """A change with its sign: «+0,35», «−1,2» (the locale's minus), «0» for none."""
    text = number(value, decimals)
    return text if is_missing(value) or text.lstrip("0,. ") == "" or value < 0 else "+" + text


# an ordered grade (Website Carbon's rating), stored as 1-7
GRADES = (
    "A+",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
)


def grade_text(value) -> str:
    """1 -> "A+", 3 -> "B"; a median between two grades (2,5) -> "A–B"."""
    v = float(value)
    lo, hi = math.floor(v), math.ceil(v)
    if not 1 <= lo <= len(GRADES) or not 1 <= hi <= len(GRADES):
        return number(v, 1)
    return GRADES[lo - 1] if lo == hi else f"{GRADES[lo - 1]}–{GRADES[hi - 1]}"


def format_value(value, indicator, status: str = "") -> str:
    """A value as shown in tables and exports; for yes/no a group's share (0 < v < 1) reads "NN %
    ja"."""
    if indicator.kind == "yesno" and status == "" and not is_missing(value) and 0 < value < 1:
        from kommunekart.base.strings import t

        return f"{share(value)} {t('legende.ja').lower()}"
    return value_text(value, status, indicator.unit, indicator.kind, indicator.decimals)


def date_text(day) -> str:
    """A date in the visitor's language (Babel): 29. nov. 2026 / 29 Nov 2026."""
    from babel.dates import format_date

    from kommunekart.base.strings import babel_locale

    return format_date(day, format="medium", locale=babel_locale())
