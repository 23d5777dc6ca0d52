"""Numbers in Norwegian style: 1 234,5 and 12 % (non-breaking spaces), missing shown as missing."""
from __future__ import annotations

import math

NBSP = "\u00a0"
# SSB's table symbols -> the catalogue key of their meaning (strings.py); "" = an ordinary value
STATUS_KEYS = {"..": "status.mangler", ".": "status.ikke_aktuelt", "...": "status.ikke_ennaa",
               ":": "status.konfidensielt", "-": "status.null", "x": "status.ikke_offentliggjort"}


def status_text(symbol) -> str:
    """The meaning of an SSB symbol in plain Norwegian ('' for an ordinary value; unknown symbols as they are)."""
    from .strings import t

    if not isinstance(symbol, str) or not symbol:
        return ""
    return t(STATUS_KEYS[symbol]) if symbol in STATUS_KEYS else symbol


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (thin grouping with a non-breaking space, decimal comma)."""
    if is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", NBSP)
    if text.startswith("-") and float(text.replace(NBSP, "").replace(",", ".")) == 0:
        text = text[1:]
    return text


def percent(value, decimals: int = 0) -> str:
    """12.3 (already in per cent) -> '12 %'."""
    if is_missing(value):
        return "–"
    return f"{number(value, decimals)}{NBSP}%"


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
    """A value as text; a missing value says why when SSB's symbol tells (e.g. «:» hidden for privacy)."""
    from .strings import t

    if is_missing(value):
        return status_text(status) if status and status != ".." else t("legende.mangler")
    if kind == "yesno":
        return t("legende.ja") if value >= 0.5 else t("legende.nei")
    return with_unit(value, unit, decimals)


def format_value(value, indicator, status: str = "") -> str:
    """A value as shown in tables and exports; for yes/no a group's share (0 < v < 1) reads "NN % ja"."""
    if indicator.kind == "yesno" and status == "" and not is_missing(value) and 0 < value < 1:
        return f"{share(value)} ja"
    return value_text(value, status, indicator.unit, indicator.kind, indicator.decimals)
