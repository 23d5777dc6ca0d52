"""Small multiples: one small map of Norway per group of kommuner (PNG, matplotlib). Pure."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from kommunekart.base.strings import t
from kommunekart.render.figures import _plain


def _patches(ax, geoms, facecolor, edgecolor: str, linewidth: float) -> None:
    """Polygons as one collection (geopandas' plot redraws the whole figure on every call: 18 small
    maps took 26 s)."""
    from matplotlib.collections import PatchCollection
    from shapely.plotting import patch_from_polygon

    patches, colours = [], facecolor if isinstance(facecolor, list) else [facecolor] * len(geoms)
    faces = []
    for geom, colour in zip(geoms, colours):
        for poly in getattr(geom, "geoms", [geom]):
            if not poly.is_empty:
                patches.append(patch_from_polygon(poly))
                faces.append(colour)
    ax.add_collection(
        PatchCollection(patches, facecolors=faces, edgecolors=edgecolor, linewidths=linewidth)
    )


def small_multiples_png(
    kommuner_utm,
    fylker_utm,
    table: pd.DataFrame,
    groups: pd.Series,
    classes,
    title: str,
    indicator,
    width_in: float = 10.0,
    selected: str | None = None,
) -> bytes:
    """One map of Norway per group: the group's kommuner coloured by class, the others light
    grey."""
    import math

    cats = [str(c) for c in groups.cat.categories]
    ncols = min(len(cats), 6)
    nrows = math.ceil(len(cats) / ncols)  # fylker: 11-18 maps in rows of six
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(width_in, width_in * (0.55 if nrows == 1 else 0.3 * nrows + 0.12)),
        dpi=110,
        squeeze=False,
    )
    axes = [a for row in axes for a in row]
    for ax in axes[len(cats) :]:
        ax.set_axis_off()
    colour_of = dict(zip(table["kommunenummer"], [classes.colours[i] for i in classes.assign]))
    group_of = dict(zip(table["kommunenummer"], groups.astype(str)))
    # n as the charts count it (kommuner with a value), and of how many: 171 of 174, never two n's
    # unexplained
    with_value = (
        table.assign(g=groups.astype(str).to_numpy())[table["value"].notna().to_numpy()]
        .groupby("g")
        .size()
    )
    k = kommuner_utm.assign(
        colour=kommuner_utm["kommunenummer"].map(colour_of),
        gruppe=kommuner_utm["kommunenummer"].map(group_of),
    )
    # maps an inch or two wide: simplified shapes (1 km) and the fylker as the grey ground draw the
    # same picture many times faster than every kommune's full outline (18 fylke panels: 26 s -> a
    # few)
    k = k.assign(geometry=k.geometry.simplify(1000, preserve_topology=True))
    ground = fylker_utm.assign(geometry=fylker_utm.geometry.simplify(1000, preserve_topology=True))
    for ax, cat in zip(axes, cats):
        inside = k["gruppe"] == cat
        _patches(ax, ground.geometry, "#f0f0f0", "#777777", 0.25)
        if inside.any():
            _patches(ax, k.loc[inside, "geometry"], list(k.loc[inside, "colour"]), "#ffffff", 0.15)
        ax.autoscale_view()
        chosen = k[inside & (k["kommunenummer"] == selected)]
        if not chosen.empty:  # the chosen kommune, outlined and pointed at in its group's panel
            chosen.boundary.plot(ax=ax, color="#000000", linewidth=1.2)
            c = chosen.geometry.iloc[0].representative_point()
            ax.plot(
                c.x,
                c.y,
                marker="o",
                markersize=10,
                markerfacecolor="none",
                markeredgecolor="#000000",
                markeredgewidth=1.2,
            )
        n_all, n_value = int(inside.sum()), int(with_value.get(cat, 0))
        n_text = (
            t("smaakart.n", n=n_value)
            if n_value == n_all
            else t("smaakart.n_av", n=n_value, alle=n_all)
        )
        ax.set_title(f"{cat.split(' - ')[0]}\n({n_text})", fontsize=9 if len(cats) <= 6 else 7)
        ax.set_axis_off()
        ax.set_aspect("equal")
    handles = [
        plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#444444", linewidth=0.4)
        for c in classes.colours
    ]
    fig.legend(
        handles,
        [_plain(x) for x in classes.labels],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.03),
        ncol=min(6, len(handles)),
        fontsize=7,
        frameon=False,
    )
    fig.suptitle(_plain(title), fontsize=11)
    from kommunekart.render.legend import footer_lines, map_legend

    credit = " · ".join(footer_lines(map_legend(classes, indicator, 0)))
    fig.text(0.01, 0.005, _plain(credit), fontsize=6.5, color="#333333")
    fig.subplots_adjust(
        bottom=0.16 if nrows == 1 else 0.08,
        top=0.86 if nrows == 1 else 0.93,
        wspace=0.02,
        hspace=0.25,
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
