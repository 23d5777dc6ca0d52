"""Chart specs (Altair) of the size-group page: the distribution of one indicator per group with the
kommune marked, the share answering yes per group, and each group's median or share over the years.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from kommunekart.base import fmt
from kommunekart.base.constants import GROUP_PALETTE, KOMMUNE_COLOUR
from kommunekart.base.strings import t
from kommunekart.render.charts import value_axis, with_unit


def distribution_chart(
    table: pd.DataFrame, groups: pd.Series, indicator, selected: str | None
) -> alt.Chart:
    """Every kommune as a point in its group (jittered), a box per group, the chosen kommune
    marked."""
    data = pd.DataFrame(
        {
            "gruppe": groups.astype(str),
            "verdi": table["value"],
            "kommune": table["name"],
            "nr": table["kommunenummer"],
            "valgt": table["kommunenummer"] == selected,
        }
    ).dropna(subset=["verdi"])
    order = [str(c) for c in groups.cat.categories]
    x = alt.X(
        "gruppe:N",
        title=t("kol.gruppe"),
        sort=order,
        axis=alt.Axis(labelAngle=0 if len(order) <= 6 else -40, labelLimit=160),
    )
    y = alt.Y("verdi:Q", title=with_unit(indicator.name, indicator.unit), **value_axis(indicator))
    medians = data.groupby("gruppe", as_index=False)["verdi"].median()
    median_tick = (
        alt.Chart(medians)
        .mark_tick(size=70, thickness=3, color="#000000")
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("gruppe:N", title=t("kol.gruppe")),
                alt.Tooltip("verdi:Q", title=t("kol.median"), format=",.1f"),
            ],
        )
    )
    points = (
        alt.Chart(data)
        .transform_calculate(jitter="(random() - 0.5) * 30")
        .mark_circle(size=28, opacity=0.75)
        .encode(
            x=x,
            y=y,
            xOffset=alt.XOffset("jitter:Q", scale=alt.Scale(domain=[-40, 40])),
            color=alt.value(KOMMUNE_COLOUR),
            tooltip=[
                alt.Tooltip("kommune:N", title=t("kol.kommune")),
                alt.Tooltip("nr:N", title=t("kol.kommunenummer")),
                alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=",.1f"),
                alt.Tooltip("gruppe:N", title=t("kol.gruppe")),
            ],
        )
    )
    chosen = (
        alt.Chart(data[data["valgt"]])
        .mark_point(size=260, shape="diamond", filled=True, color="#000000")
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("kommune:N", title=t("kol.valgt")),
                alt.Tooltip("verdi:Q", title=t("kol.verdi")),
            ],
        )
    )
    label = (
        alt.Chart(data[data["valgt"]])
        .mark_text(dx=12, align="left", fontWeight="bold")
        .encode(x=x, y=y, text="kommune:N")
    )
    layers = points + median_tick
    if data["valgt"].any():  # an empty layer is an unnamed graphic to a screen reader (axe)
        layers = layers + chosen + label
    return layers.properties(height=380)


def share_chart(stats: pd.DataFrame, indicator, selected_group: str | None) -> alt.Chart:
    """Share of kommuner answering 'ja' per group (bars), with n in the label; the chosen kommune's
    group outlined."""
    data = stats.assign(
        andel=stats["share_yes"] * 100,
        gruppe=stats["group"].astype(str),
        tekst=[
            f"{fmt.share(v)} (n = {n - m})" if v == v else "–"
            for v, n, m in zip(stats["share_yes"], stats["n"], stats["n_missing"])
        ],
        valgt=stats["group"].astype(str) == str(selected_group),
    )
    order = list(data["gruppe"])
    base = alt.Chart(data).encode(
        x=alt.X(
            "gruppe:N",
            title=t("kol.gruppe"),
            sort=order,
            axis=alt.Axis(labelAngle=0 if len(order) <= 6 else -40),
        ),
        y=alt.Y("andel:Q", title=t("graf.andel_ja"), scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar(color=KOMMUNE_COLOUR).encode(
        stroke=alt.condition("datum.valgt", alt.value("#000000"), alt.value(None)),
        strokeWidth=alt.condition("datum.valgt", alt.value(3), alt.value(0)),
        tooltip=[
            alt.Tooltip("gruppe:N", title=t("kol.gruppe")),
            alt.Tooltip("tekst:N", title=t("kol.andel_ja")),
        ],
    )
    text = base.mark_text(dy=-8).encode(text="tekst:N")
    return (bars + text).properties(height=340)


def group_trend_chart(
    over: pd.DataFrame, indicator, chosen: pd.DataFrame | None = None, chosen_name: str = ""
) -> alt.Chart:
    """Lines per group over the years; ``chosen`` (year, value) adds the chosen kommune as a black
    line."""
    scale = 100.0 if indicator.kind == "yesno" else 1.0
    stat = (
        t("graf.andel_ja")
        if indicator.kind == "yesno"
        else with_unit(t("graf.median"), indicator.unit)
    )
    data = over.assign(
        verdi=over["stat"] * scale, år=over["year"].astype(str), gruppe=over["group"].astype(str)
    )
    order = list(dict.fromkeys(data["gruppe"]))
    lines = _group_lines(data, order, indicator, stat)
    if chosen is None or chosen.empty:
        return lines
    me = pd.DataFrame(
        {
            "år": chosen["year"].astype(str),
            "verdi": chosen["value"] * scale,
            "serie": f"{t('kol.valgt')}: {chosen_name}",
        }
    ).dropna(subset=["verdi"])
    mark = (
        alt.Chart(me)
        .mark_line(
            color="#000000",
            strokeWidth=2.5,
            point=alt.OverlayMarkDef(shape="diamond", size=90, color="#000000"),
        )
        .encode(
            x="år:O",
            y="verdi:Q",
            tooltip=[
                alt.Tooltip("serie:N", title=t("kol.hva")),
                alt.Tooltip("år:O", title=t("kol.aar")),
                alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f"),
            ],
        )
    )
    label = (
        alt.Chart(me.tail(1))
        .mark_text(align="left", dx=8, fontWeight="bold")
        .encode(x="år:O", y="verdi:Q", text="serie:N")
    )
    return lines + mark + label


def _group_lines(data: pd.DataFrame, order: list, indicator, stat: str) -> alt.Chart:
    return (
        alt.Chart(data.dropna(subset=["verdi"]))
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True))
        .encode(
            x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "verdi:Q",
                title=stat[:1].upper() + stat[1:],
                **({"scale": alt.Scale(zero=indicator.kind == "yesno")} | value_axis(indicator)),
            ),
            color=alt.Color(
                "gruppe:N",
                title=t("kol.gruppe"),
                sort=order,
                scale=alt.Scale(range=GROUP_PALETTE[: max(1, len(order))])
                if len(order) <= 8
                else alt.Undefined,
                legend=alt.Legend(
                    orient="right" if len(order) > 6 else "bottom",
                    columns=1 if len(order) > 6 else 4,
                    labelLimit=220,
                ),
            ),
            strokeDash=alt.StrokeDash("gruppe:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("gruppe:N", title=t("kol.gruppe")),
                alt.Tooltip("år:O", title=t("kol.aar")),
                alt.Tooltip("verdi:Q", title=stat, format=".1f"),
                alt.Tooltip("n:Q", title=t("kol.antall")),
            ],
        )
        .properties(height=300)
    )
