"""The map page's Endring (change between two years): its control, the chosen kommune's panel, the
tables of a change and the «Største endringer» lists. Only the map page uses it (kept apart from
sider/kart.py for the module size limit). The numbers are analysis.change's."""

from __future__ import annotations

import streamlit as st

from kommunekart.base import fmt
from kommunekart.base.strings import md, md_escape, t
from kommunekart.render import export
from kommunekart.web import data, state, tables, widgets

W_START = "w_endring_fra"


def control(ds, view) -> None:
    """«Vis endring fra»: none, or an earlier year of the indicator with its own measurement."""
    from kommunekart.analysis.change import start_years

    starts = [None, *start_years(ds, view.indicator, view.year)]
    if len(starts) == 1:
        return
    label = lambda y: t("endring.kontroll.ingen") if y is None else str(y)
    widgets.sync(W_START, view.start)
    st.selectbox(
        t("endring.kontroll"),
        starts,
        key=W_START,
        format_func=label,
        help=t("endring.kontroll.hjelp"),
        on_change=widgets.on_pick(W_START, starts, lambda v: state.update(start=v), label),
    )


def panel(ds, view, table, code: str) -> None:
    """The chosen kommune's change: both years' values and the change, or why it is not compared."""
    row = table[table["kommunenummer"] == code]
    if row.empty:
        return
    r = row.iloc[0]
    base, ind = ds.catalogue[view.indicator], data.shown(ds, view)[0]
    st.header(md("panel.tittel", navn=r["name"], nr=code))

    def value(v):
        return fmt.value_text(v, "", base.unit, base.kind, base.decimals)

    said = fmt.value_text(r["value"], "", ind.unit, ind.kind, ind.decimals)
    st.markdown(md("endring.panel", fra=view.start, til=view.year, endring=said))
    st.markdown(
        md(
            "endring.panel.verdier",
            fra=view.start,
            til=view.year,
            verdi_fra=value(r["start_value"]),
            verdi_til=value(r["end_value"]),
        )
    )
    for text in (r["reason"], r["note"]):
        if text:
            st.caption(md_escape(text))
    widgets.page_link("profil", md("profil.lenke", navn=r["name"]))


def frame_of(ds, view, rows):
    """The rows as the tables and downloads have them (a change view's with both years)."""
    ind = data.shown(ds, view)[0]
    if view.start is None:
        return export.view_frame(rows, ind, view.year)
    return export.change_frame(rows, ds.catalogue[view.indicator], ind, view.start, view.year)


def frame_table(ds, view, frame) -> None:
    """A view's table on the page: the rows the downloads have (Ja/Nei, letters, «–» and the reason
    for a missing value, the indicator's decimals), the columns that are the same on every row left
    out."""
    ind = data.shown(ds, view)[0]
    if view.start is None:
        tables.view_frame_table(frame, ind)
        return
    base = ds.catalogue[view.indicator]
    same = [t(k) for k in ("kol.indikator", "kol.fra_aar", "kol.til_aar", "kol.kilde")]
    frame = frame.drop(columns=[c for c in [*same, t("kol.datatype")] if c in frame.columns])
    numeric = {t("kol.folketall"): 0}
    if base.kind not in ("yesno", "grade"):
        numeric |= {t("kol.verdi_i", aar=y): base.decimals for y in (view.start, view.year)}
    if ind.kind == "change":
        numeric[export.change_column(ind)] = ind.decimals
    numeric = {c: d for c, d in numeric.items() if c in frame.columns}
    texts = [c for c in frame.columns if c not in numeric]
    tables.number_table(frame.assign(**{c: frame[c].fillna("–") for c in texts}), numeric)


def lists(ds, view, table, link: str) -> None:
    """Største endringer: the largest falls and rises among the kommuner compared (after the filters
    of «Finn kommuner»), those not compared with the reason, and every change as CSV/XLSX."""
    from kommunekart.analysis import change, finder

    ind, base = data.shown(ds, view)[0], ds.catalogue[view.indicator]
    st.header(t("endring.tittel"))
    st.caption(t("endring.ingress", fra=view.start, til=view.year))
    kept = finder.apply(table, ind.kind, view.size, view.fylke, view.value, decimals=ind.decimals)
    shown_columns = [
        t("kol.kommune"),
        export.change_column(ind),
        t("kol.verdi_i", aar=view.start),
        t("kol.verdi_i", aar=view.year),
    ]
    for col, falls, title, none in zip(
        st.columns(2),
        (True, False),
        ("endring.ned", "endring.opp"),
        ("endring.ingen_ned", "endring.ingen_opp"),
    ):
        with col:
            st.subheader(t(title))
            rows = change.biggest(kept, 10, falls)
            if rows.empty:
                st.info(t(none))
            else:
                frame_table(ds, view, frame_of(ds, view, rows)[shown_columns])
    widgets.source_line(base, boundaries=False)
    missing = table[table["value"].isna()]
    if not missing.empty:
        with st.expander(t("endring.ikke_sammenlignet", n=len(missing))):
            tables.text_table(
                missing.set_index("name")[["kommunenummer", "reason"]]
                .rename_axis(t("kol.kommune"))
                .rename(columns={"kommunenummer": t("kol.kommunenummer"), "reason": t("kol.grunn")})
            )
    widgets.table_downloads(
        frame_of(ds, view, table),
        export.export_meta(f"{ind.name}, {ind.period}", view.year, ds.built_at, [base], link=link),
        f"kommunekart_{base.id}_{view.start}-{view.year}_endring",
        (t("endring.last_ned_csv"), t("endring.last_ned_xlsx")),
    )
