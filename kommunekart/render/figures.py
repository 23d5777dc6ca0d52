"""Static figures (matplotlib) for pages and exports: the kommune locator, the map as PNG/SVG.
Chart specs (Altair) are in render/charts.py."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text: searchable, editable in slides
import matplotlib.pyplot as plt
import pandas as pd

from kommunekart.base.constants import KOMMUNE_COLOUR

UTM33 = 25833


def _plain(text) -> str:
    """Text from data for matplotlib, which would read "$...$" as mathtext: shown as it is."""
    return str(text).replace("$", r"\$")  # Norway's own projection: Northern Norway is not squeezed


def locator_png(kommuner, fylker, code: str, width_in: float = 2.6) -> bytes:
    """A small map of Norway (fylker in grey) with the kommune ``code`` filled dark (drawn in UTM
    33)."""
    fy = fylker.to_crs(UTM33)  # a no-op when the frames are already projected
    me = kommuner[kommuner["kommunenummer"] == code].to_crs(UTM33)
    fig, ax = plt.subplots(figsize=(width_in, width_in * 1.25), dpi=110)
    fy.plot(ax=ax, color="#e3e3e3", edgecolor="#9a9a9a", linewidth=0.3)
    me.plot(ax=ax, color=KOMMUNE_COLOUR, edgecolor="#000000", linewidth=0.6)
    if not me.empty:
        c = me.geometry.iloc[0].representative_point()
        ax.plot(
            c.x,
            c.y,
            marker="o",
            markersize=11,
            markerfacecolor="none",
            markeredgecolor="#000000",
            markeredgewidth=1.4,
        )
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.text(0.01, 0.01, "Kartverket (CC BY 4.0)", fontsize=5, color="#555555")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.02)
    plt.close(fig)
    return buf.getvalue()


# ---------------------------------------------------------------- static map (PNG/SVG) for slides
# and articles
SIZES = {  # inches (w, h) at 150 dpi for PNG
    "lysbilde": (13.333, 7.5),  # 16:9 slide
    "artikkel": (6.5, 8.0),  # article column, portrait
}


def map_figure(
    kommuner_utm,
    fylker_utm,
    table: pd.DataFrame,
    classes,
    indicator,
    year: int,
    selected: str | None = None,
    size: str = "lysbilde",
    cite: str = "",
):
    """The current map view as a matplotlib figure, drawn in UTM 33 so Northern Norway keeps its
    shape:
    title, legend with class breaks and 'Mangler data', year, source line and the demo label;
    ``cite``: where the figure comes from («Kommunekart, data fra …: <link>»), the last line."""
    w, h = SIZES[size]
    fig = plt.figure(figsize=(w, h))
    if size == "lysbilde":
        ax = fig.add_axes([0.0, 0.02, 0.56, 0.96])
        text_x, legend_anchor, legend_loc = 0.58, (0.58, 0.70), "upper left"
    else:
        ax = fig.add_axes([0.02, 0.20, 0.96, 0.70])
        text_x, legend_anchor, legend_loc = 0.04, (0.04, 0.19), "upper left"
    colour_of = dict(zip(table["kommunenummer"], [classes.colours[i] for i in classes.assign]))
    k = kommuner_utm.assign(
        colour=kommuner_utm["kommunenummer"].map(colour_of).fillna(classes.colours[-1])
    )
    k.plot(ax=ax, color=k["colour"], edgecolor="#ffffff", linewidth=0.15)
    fylker_utm.boundary.plot(ax=ax, color="#333333", linewidth=0.4)
    if selected:
        me = k[k["kommunenummer"] == selected]
        if not me.empty:
            me.boundary.plot(ax=ax, color="#000000", linewidth=1.6)
            c = me.geometry.iloc[0].representative_point()
            name = table.loc[table["kommunenummer"] == selected, "name"]
            ax.annotate(
                _plain(name.iloc[0] if len(name) else selected),
                (c.x, c.y),
                xytext=(18, 8),
                textcoords="offset points",
                fontsize=9,
                fontweight="bold",
                arrowprops={"arrowstyle": "-", "color": "#000000", "lw": 0.8},
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#000000", "lw": 0.5},
            )
    ax.set_axis_off()
    ax.set_aspect("equal")
    title_y = 0.93 if size == "lysbilde" else 0.97
    fig.text(
        text_x,
        title_y,
        _plain(indicator.name),
        fontsize=18 if size == "lysbilde" else 14,
        fontweight="bold",
        va="top",
        wrap=True,
    )
    fig.text(
        text_x,
        title_y - (0.07 if size == "lysbilde" else 0.035),
        f"{indicator.period or year}, kommuneinndelingen per 1. januar {year}",
        fontsize=11,
        va="top",
        color="#333333",
    )
    from kommunekart.render.legend import footer_lines, map_legend

    lg = map_legend(classes, indicator, year)  # the same legend model as the page and the HTML file
    handles = [
        plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#444444", linewidth=0.5)
        for _, c in lg.items
    ]
    leg = fig.legend(
        handles,
        [_plain(label) for label, _ in lg.items],
        loc=legend_loc,
        bbox_to_anchor=legend_anchor,
        frameon=False,
        fontsize=11 if size == "lysbilde" else 9,
        title=_plain(lg.note) if lg.note else None,
        ncol=1 if size == "lysbilde" else 3,
    )
    leg._legend_box.align = "left"
    import textwrap

    foot = [
        part
        for line in [*footer_lines(lg), *([cite] if cite else [])]
        for part in textwrap.wrap(line, 90 if size == "lysbilde" else 80)
    ]
    fig.text(
        text_x if size == "lysbilde" else 0.04,
        0.03,
        _plain("\n".join(foot)),
        fontsize=9,
        color="#222222",
        va="bottom",
    )
    return fig


def figure_bytes(fig, fmt_: str = "png", dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format=fmt_,
        dpi=dpi,
        metadata={"Title": fig.texts[0].get_text() if fig.texts else ""}
        if fmt_ in ("png", "svg")
        else None,
    )
    plt.close(fig)
    return buf.getvalue()
