"""Downloads of the data behind a view (pure: frames in, bytes out)."""
from __future__ import annotations

import pandas as pd

from .kommuner import size_class_label
from .strings import t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STATUS_TEXT = {"": "", "..": "status.mangler", ".": "status.ikke_aktuelt"}


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def view_frame(table: pd.DataFrame, indicator, year: int) -> pd.DataFrame:
    """The table behind a map view, with Norwegian headers, source and data-type label on every row."""
    status = table["status"].map(lambda s: t(STATUS_TEXT[s]) if STATUS_TEXT.get(s) else s)
    out = pd.DataFrame({
        t("kol.kommunenummer"): table["kommunenummer"],
        t("kol.kommune"): table["navn"],
        t("kol.fylke"): table["fylkenavn"],
        t("kol.aar"): year,
        t("kol.indikator"): indicator.name,
        t("kol.verdi"): table["value"],
        t("kol.status"): status,
        t("kol.storrelse"): table["size_class"].map(size_class_label),
        t("kol.folketall"): table["population"],
        t("kol.kilde"): indicator.source + " " + t("kilde"),
        t("kol.datatype"): t("demo.etikett") if indicator.is_demo else t("ekte.etikett"),
    })
    return out.map(neutralise)


def view_csv(table: pd.DataFrame, indicator, year: int) -> bytes:
    """CSV for Norwegian Excel: UTF-8 with BOM, ';' separator, decimal comma, kommunenummer as text."""
    frame = view_frame(table, indicator, year)
    return frame.to_csv(index=False, sep=";", decimal=",", encoding="utf-8-sig").encode("utf-8-sig")
