"""A kommune's profile as a PDF of at most two A4 pages, for a council meeting (matplotlib's PDF
backend: no browser, text kept as text so it can be searched and read aloud). Page 1: the kommune,
year, size class, the summary, the sources, the citation and the indicators; page 2: the rest of
the indicators and the chosen indicator's trend with its source (and the demonstration label where
the numbers are that). Pure: frames in, bytes out."""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd

from kommunekart.base.fmt import format_value, number
from kommunekart.base.strings import t
from kommunekart.render.legend import chart_credits, sources_line

A4 = (8.27, 11.69)  # inches
LINE = 0.0125  # a table row, as a share of the page's height
ROWS_PAGE_1, ROWS_PAGE_2 = 44, 30  # table lines (theme headings included) that fit each page


def _lines(rows: pd.DataFrame, catalogue) -> list[tuple[str, tuple[str, ...]]]:
    """The table's lines: ("tema", (heading,)) or ("rad", cells)."""
    out = []
    for theme in catalogue.themes:
        part = rows[rows["theme"] == theme]
        if part.empty:
            continue
        out.append(("tema", (t(f"tema.{theme}"),)))
        for _, r in part.iterrows():
            ind = catalogue[r["indicator"]]
            out.append(
                (
                    "rad",
                    (
                        ind.name,
                        format_value(r["value"], ind, r["status"]),
                        format_value(r["size_median"], ind),
                        format_value(r["national_median"], ind),
                    ),
                )
            )
    return out


def _table(fig, lines, top: float) -> float:
    """Draws the lines from ``top`` down; returns where it ended."""
    xs = (0.07, 0.58, 0.72, 0.86)
    heads = (t("kol.indikator"), t("kol.kommune_verdi"), t("kol.median_storrelse"))
    heads = (*heads, t("kol.median_landet"))
    y = top
    for x, h in zip(xs, heads):
        fig.text(
            x,
            y,
            "\n".join(textwrap.wrap(h, 18 if x > 0.5 else 60)),
            fontsize=7,
            va="top",
            color="#444444",
        )
    y -= 2.3 * LINE
    for kind, cells in lines:
        if kind == "tema":
            y -= 0.4 * LINE
            fig.text(xs[0], y, cells[0], fontsize=8.5, fontweight="bold", va="top")
        else:
            name = textwrap.shorten(cells[0], 78, placeholder=" …")
            for x, c in zip(xs, (name, *cells[1:])):
                fig.text(x, y, c, fontsize=7.5, va="top")
        y -= LINE
    return y


def _norwegian_ticks(axis, integer: bool) -> None:
    """Tick labels as the rest of the app writes numbers (1 234,5), whole numbers only for counts
    (matplotlib's own labels are «5.2»)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if integer:
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(
        FuncFormatter(lambda v, _: number(v, 0 if float(v).is_integer() else 1))
    )


def _footer(fig, page: int, title: str, demo: bool) -> None:
    """The page number, Kommunekart and the profile's title (the whole citation is on page 1), and
    the demonstration label on every page that has such numbers."""
    parts = [f"{page}/2", "Kommunekart", title] + ([t("demo.etikett")] if demo else [])
    fig.text(0.07, 0.02, " · ".join(parts), fontsize=6.5, color="#444444")


def _trend(fig, tr: pd.DataFrame, ind, name: str, top: float) -> None:
    """The chosen indicator's trend (the kommune and its size class's median) with its source and
    demo label under it."""
    ax = fig.add_axes([0.1, top - 0.28, 0.82, 0.24])
    scale = 100.0 if ind.kind == "yesno" else 1.0
    years = tr["year"].astype(int).to_numpy()
    ax.plot(years, tr["value"] * scale, marker="o", color="#0072B2", label=name)
    ax.plot(
        years,
        tr["size_median"] * scale,
        marker="s",
        ls="--",
        color="#E69F00",
        label=t("kol.gruppe_median"),
    )
    ax.set_xticks(years)
    ax.set_title(f"{ind.name}", fontsize=10, loc="left")
    unit = "%" if ind.kind == "yesno" else ind.unit
    if unit:
        ax.set_ylabel(unit, fontsize=8)
    ax.tick_params(labelsize=8)
    _norwegian_ticks(ax.yaxis, ind.kind != "yesno" and ind.decimals == 0)
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.spines[["top", "right"]].set_visible(False)
    for v, y in zip(tr["value"] * scale, years):
        if not np.isnan(v):
            ax.annotate(
                format_value(v / scale, ind),
                (y, v),
                fontsize=7,
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
            )
    fig.text(
        0.1, top - 0.31, "\n".join(chart_credits([ind])), fontsize=7.5, va="top", color="#222222"
    )


def _indices(fig, rows: pd.DataFrame, catalogue, name: str, group: str, top: float) -> None:
    """The four indices against the size class's median (the profile's bar chart), with source."""
    idx = rows[rows["theme"] == "indeks"]
    if idx.empty or idx["value"].isna().all():
        return
    ax = fig.add_axes([0.3, top - 0.2, 0.62, 0.17])
    ys = np.arange(len(idx))
    ax.barh(ys - 0.2, idx["value"], height=0.38, color="#0072B2", label=name)
    ax.barh(
        ys + 0.2, idx["size_median"], height=0.38, color="#E69F00", label=t("kol.gruppe_median")
    )
    ax.set_yticks(ys, [n.replace("Indeks: ", "") for n in idx["name"]], fontsize=8)
    ax.invert_yaxis()
    ax.tick_params(labelsize=8)
    _norwegian_ticks(ax.xaxis, False)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.15), ncol=2)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(t("profil.indekser", gruppe=group), fontsize=10, loc="left")
    inds = [catalogue[i] for i in idx["indicator"]]
    fig.text(
        0.1, top - 0.26, "\n".join(chart_credits(inds)), fontsize=7.5, va="top", color="#222222"
    )


def profile_pdf(
    name: str,
    code: str,
    year: int,
    intro: str,
    summary: str,
    rows: pd.DataFrame,
    catalogue,
    trend: pd.DataFrame,
    trend_indicator,
    citation: str,
    group: str = "",
) -> bytes:
    """The PDF's bytes: two A4 pages at most (the table is cut between rows, never inside one)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    indicators = [catalogue[i] for i in rows["indicator"]]
    lines = _lines(rows, catalogue)
    first, rest = lines[:ROWS_PAGE_1], lines[ROWS_PAGE_1 : ROWS_PAGE_1 + ROWS_PAGE_2]
    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        with PdfPages(
            buf, metadata={"Title": f"{t('nav.profil')}: {name} ({code}), {year}"}
        ) as pdf:
            fig = plt.figure(figsize=A4)
            fig.text(
                0.07,
                0.96,
                f"{t('nav.profil')}: {name} ({code}), {year}",
                fontsize=16,
                fontweight="bold",
                va="top",
            )
            y = 0.925
            for para in (intro, summary):
                wrapped = textwrap.wrap(para, 110)
                fig.text(0.07, y, "\n".join(wrapped), fontsize=8.5, va="top")
                y -= 0.014 * len(wrapped) + 0.008
            foot = [sources_line(indicators)]
            if any(i.is_demo for i in indicators):
                foot.append(t("demo.etikett") + ". " + t("demo.forklaring"))
            foot.append(t("sitat.tittel") + ": " + citation)
            wrapped = [p for line in foot for p in textwrap.wrap(line, 120)]
            fig.text(0.07, y, "\n".join(wrapped), fontsize=7.5, va="top", color="#222222")
            y -= 0.0125 * len(wrapped) + 0.012
            _table(fig, first, y)
            title = f"{t('nav.profil')}: {name} ({code}), {year}"
            demo = any(i.is_demo for i in indicators)
            _footer(fig, 1, title, demo)
            pdf.savefig(fig)
            plt.close(fig)
            fig = plt.figure(figsize=A4)
            y = 0.96
            if rest:
                y = _table(fig, rest, y) - 0.02
            if not trend.empty:
                _trend(fig, trend, trend_indicator, name, y)
                y -= 0.36
            _indices(fig, rows, catalogue, name, group, y)
            _footer(fig, 2, title, demo)
            pdf.savefig(fig)
            plt.close(fig)
    return buf.getvalue()
