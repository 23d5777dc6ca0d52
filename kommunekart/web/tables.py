"""Tables on a page: numbers that read the Norwegian way while sorting by value, a view's table as
the downloads have it, and short tables of text as plain HTML tables (screen readers read them as
tables). Used by every page."""

from __future__ import annotations

import html

import streamlit as st

from kommunekart.base.strings import t


def number_table(frame, decimals: dict, column_config: dict | None = None) -> None:
    """A table whose numbers read the Norwegian way (1 234,5; missing as "–") while sorting by
    value:
    ``decimals`` maps a numeric column to its number of decimals."""
    from kommunekart.base.fmt import number

    styled = frame.style.format(
        {c: (lambda v, d=d: number(v, d)) for c, d in decimals.items()}, na_rep="–"
    )
    st.dataframe(styled, hide_index=True, width="stretch", column_config=column_config)


def view_frame_table(frame, indicator, also_drop=()) -> None:
    """A view's table (export.view_frame, as the downloads have it) on the page: without the columns
    that are the same on every row (year, indicator, source, data type: the heading and the source
    line say them once) nor ``also_drop``, its numbers read the Norwegian way while sorting by
    value."""
    same = [t("kol.aar"), t("kol.indikator"), t("kol.kilde"), t("kol.datatype"), *also_drop]
    # Ja/Nei and letters are text: missing is «–», not None
    text_value = indicator.kind in (
        "yesno",
        "grade",
    )
    numeric = {t("kol.folketall"): 0} | ({} if text_value else {t("kol.verdi"): indicator.decimals})
    frame = frame.drop(columns=[c for c in same if c in frame.columns])
    if text_value and t("kol.verdi") in frame.columns:
        frame = frame.assign(**{t("kol.verdi"): frame[t("kol.verdi")].fillna("–")})
    number_table(frame, numeric)


# Streamlit's own table look (st.table with this theme: 14 px, faded headers, light rules, rounded
# frame)
_TEXT_TABLE_STYLE = (
    "<style>.kk-tabell{overflow-x:auto;border:1px solid rgb(232,229,226);border-radius:.5rem;"
    "}.kk-tabell table{border-collapse:collapse;width:100%;font-size:14px;"
    "line-height:21px;color:#111}.kk-tabell th,.kk-tabell td{padding:4px 6px 4px "
    "8px;text-align:left;"
    "vertical-align:middle;border-bottom:1px solid rgb(232,229,226);border-right:1px solid "
    "rgb(232,229,226)}.kk-tabell th{font-weight:400;color:rgba(17,17,17,.7)}"
    ".kk-tabell tbody tr:last-child>*{border-bottom:0}.kk-tabell tr>*:last-child{border-right:0}"
    ".kk-tabell:focus-visible{outline:2px solid #111;outline-offset:2px}</style>"
)


def text_table(frame) -> None:
    """A short table of text as a plain HTML table (a screen reader reads it as a table, the text
    wraps), its index as each row's header. Through st.html, not st.table: st.table reads every cell
    as Markdown and its code is loaded apart (measured: a title + st.table 0,15-0,2 s later in the
    browser than a title + an HTML table, bench/floor_app.py). Every cell, row header and column
    name is escaped."""
    e = html.escape
    head = "".join(
        f'<th scope="col">{e(str(c))}</th>' for c in [frame.index.name or "", *frame.columns]
    )
    rows = "".join(
        f'<tr><th scope="row">{e(str(i))}</th>'
        + "".join(f"<td>{e(str(v))}</td>" for v in row)
        + "</tr>"
        for i, row in zip(frame.index, frame.itertuples(index=False))
    )
    # the frame scrolls sideways on a narrow screen; tabindex lets a keyboard scroll it
    st.html(
        f'{_TEXT_TABLE_STYLE}<div class="kk-tabell" tabindex="0">'
        f"<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
