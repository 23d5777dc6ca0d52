"""Downloads of the data behind a view (pure: frames in, bytes out)."""

from __future__ import annotations

import pandas as pd

from kommunekart.base import fmt
from kommunekart.base.strings import t
from kommunekart.lineage.kommuner import size_class_label

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def view_frame(table: pd.DataFrame, indicator, year: int) -> pd.DataFrame:
    """The table behind a map view, with Norwegian headers, source and data-type label on every
    row."""
    status = table["status"].map(fmt.status_text)
    out = pd.DataFrame(
        {
            t("kol.kommunenummer"): table["kommunenummer"],
            t("kol.kommune"): table["name"],
            t("kol.fylke"): table["fylke_name"],
            t("kol.aar"): year,
            t("kol.indikator"): indicator.name,
            t("kol.verdi"): shown_values(table["value"], indicator),
            t("kol.status"): status,
            t("kol.storrelse"): table["size_class"].map(size_class_label),
            t("kol.folketall"): table["population"],
            t("kol.kilde"): indicator.credit,
            t("kol.datatype"): indicator.data_label,
        }
    )
    return out.map(neutralise)


def shown_values(values, indicator) -> list:
    """Values as a table shows them: Ja/Nei and letters as text, numbers at their decimals."""
    if indicator.kind in ("yesno", "yesnochange", "grade"):
        return [
            None if fmt.is_missing(v) else fmt.value_text(v, "", "", indicator.kind, 0)
            for v in values
        ]
    return [fmt.round_half_up(v, indicator.decimals) for v in values]


def change_column(change_indicator) -> str:
    """The change's column header, with its unit («Endring (prosentpoeng)»)."""
    unit = change_indicator.unit if change_indicator.kind == "change" else ""
    return f"{t('kol.endring')} ({unit})" if unit else t("kol.endring")


def change_frame(table: pd.DataFrame, indicator, change_indicator, start: int, end: int):
    """The table behind a change view (analysis.change.change_table): both years' values, the
    change, what each kommune is compared with or why it is not, source and data type."""
    out = pd.DataFrame(
        {
            t("kol.kommunenummer"): table["kommunenummer"],
            t("kol.kommune"): table["name"],
            t("kol.fylke"): table["fylke_name"],
            t("kol.indikator"): indicator.name,
            t("kol.fra_aar"): start,
            t("kol.verdi_i", aar=start): shown_values(table["start_value"], indicator),
            t("kol.til_aar"): end,
            t("kol.verdi_i", aar=end): shown_values(table["end_value"], indicator),
            change_column(change_indicator): shown_values(table["value"], change_indicator),
            t("kol.sammenlignet"): table["note"],
            t("kol.grunn"): table["reason"],
            t("kol.storrelse"): table["size_class"].map(size_class_label),
            t("kol.folketall"): table["population"],
            t("kol.kilde"): indicator.credit,
            t("kol.datatype"): indicator.data_label,
        }
    )
    return out.map(neutralise)


def view_csv(table: pd.DataFrame, indicator, year: int) -> bytes:
    """CSV for Norwegian Excel: UTF-8 with BOM, ';' separator, decimal comma, kommunenummer as
    text."""
    return frame_csv(view_frame(table, indicator, year))


def profile_frame(rows: pd.DataFrame, name: str, code: str, year: int, catalogue) -> pd.DataFrame:
    """The numbers of a kommune profile with units, status, source and data-type label per row."""
    from kommunekart.analysis.profile import place_text
    from kommunekart.base.fmt import format_value as fv

    recs = []
    for _, r in rows.iterrows():
        ind = catalogue[r["indicator"]]
        recs.append(
            {
                t("kol.kommunenummer"): code,
                t("kol.kommune"): name,
                t("kol.aar"): year,
                t("kol.tema"): t(f"tema.{ind.theme}"),
                t("kol.indikator"): ind.name,
                t("kol.verdi"): fmt.round_half_up(r["value"], ind.decimals),
                t("kol.status"): fmt.status_text(r["status"]),
                t("kol.kommune_verdi"): fv(r["value"], ind, r["status"]),
                t("kol.median_storrelse"): fv(r["size_median"], ind),
                t("kol.median_fylke"): fv(r["fylke_median"], ind),
                t("kol.median_landet"): fv(r["national_median"], ind),
                t("kol.rang"): place_text(r, ind.kind),
                t("kol.kilde"): ind.credit,
                t("kol.datatype"): ind.data_label,
            }
        )
    return pd.DataFrame(recs).map(neutralise)


def export_meta(title: str, year: int, built_at: str, indicators, link: str = "") -> dict[str, str]:
    """The 'Om dataene' sheet: title, year, the sources of exactly these indicators (never "SSB" for
    numbers that are not SSB's), data type, and for one indicator its definition, unit and source;
    'Hentet' is when the build read the source files; with the view's ``link``, how to cite it."""
    from kommunekart.render.legend import citation, sources_line

    indicators = list(indicators)
    demo = any(i.is_demo for i in indicators)
    meta = {
        t("om.tittel"): title,
        t("om.aar"): str(year),
        t("om.kilde"): sources_line(indicators),
        t("om.kartgrunnlag"): t("kartgrunnlag"),
        t("om.datatype"): "; ".join(dict.fromkeys(i.data_label for i in indicators)),
        t("om.hentet"): built_at,
    }
    if link:
        meta[t("sitat.tittel")] = citation(indicators, title, link, built_at)
    if demo:
        from kommunekart.pipeline.demo import TARGETS as targets

        entries = [x for years in targets["yesno"].values() for x in years.values()]
        meta[t("om.merknad")] = t("demo.forklaring")
        meta[t("om.demo_maal")] = t(
            "demo.maal",
            publisert=sum(x["status"] == "published" for x in entries),
            alle=len(entries),
        )
    if len(indicators) == 1:
        ind = indicators[0]
        meta.update(
            {
                t("om.indikator"): ind.name,
                t("om.definisjon"): ind.definition,
                t("om.enhet"): ind.unit or "-",
                t("om.kilde_indikator"): ind.source,
            }
        )
        if ind.caveat:
            meta[t("om.forbehold")] = ind.caveat
    else:  # several: each real measurement's limits (coverage, what is measured), named
        caveats = [f"{i.name}: {i.caveat}" for i in indicators if i.caveat and not i.is_demo]
        if caveats:
            meta[t("om.forbehold")] = " | ".join(caveats)
    return meta


def frame_csv(frame: pd.DataFrame, meta: dict[str, str] | None = None) -> bytes:
    """CSV for Norwegian Excel: UTF-8 with BOM, ';' separator, decimal comma. With the view's
    ``meta`` (export_meta with a link), the citation is a last column on every row, as the source
    is: a CSV has no second sheet, and a line below the rows would break the file for a reader."""
    cite = (meta or {}).get(t("sitat.tittel"))
    if cite:
        frame = frame.assign(**{t("kol.sitering"): neutralise(cite)})
    return frame.to_csv(index=False, sep=";", decimal=",", encoding="utf-8-sig").encode("utf-8-sig")


def frame_xlsx(frame: pd.DataFrame, meta: dict[str, str], sheet: str = "Data") -> bytes:
    """XLSX with the data sheet and an 'Om dataene' sheet (source, year, label, retrieval date)."""
    import io
    from datetime import date

    buf = io.BytesIO()
    info = pd.DataFrame(
        {
            t("om.felt"): [*meta.keys(), t("om.laget")],
            t("om.verdi"): [*meta.values(), date.today().isoformat()],
        }
    ).map(neutralise)
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        frame.to_excel(xl, sheet_name=sheet, index=False)
        info.to_excel(xl, sheet_name=t("om.ark")[:31], index=False)
        for ws in xl.book.worksheets:
            for col in ws.columns:
                ws.column_dimensions[col[0].column_letter].width = min(
                    60, max(10, max(len(str(c.value or "")) for c in col) + 2)
                )
    return buf.getvalue()
