"""Static figures (matplotlib) and chart specs (Altair) for pages and exports."""
from __future__ import annotations

import io

import altair as alt
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .strings import t  # noqa: E402

UTM33 = 25833  # Norway's own projection: Northern Norway is not squeezed
KOMMUNE_COLOUR = "#0072B2"
GROUP_COLOUR = "#E69F00"


def locator_png(kommuner, fylker, code: str, width_in: float = 2.6) -> bytes:
    """A small map of Norway (fylker in grey) with the kommune ``code`` filled dark (drawn in UTM 33)."""
    fy = fylker.to_crs(UTM33)  # a no-op when the frames are already projected
    me = kommuner[kommuner["kommunenummer"] == code].to_crs(UTM33)
    fig, ax = plt.subplots(figsize=(width_in, width_in * 1.25), dpi=110)
    fy.plot(ax=ax, color="#e3e3e3", edgecolor="#9a9a9a", linewidth=0.3)
    me.plot(ax=ax, color=KOMMUNE_COLOUR, edgecolor="#000000", linewidth=0.6)
    if not me.empty:
        c = me.geometry.iloc[0].representative_point()
        ax.plot(c.x, c.y, marker="o", markersize=11, markerfacecolor="none", markeredgecolor="#000000", markeredgewidth=1.4)
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.text(0.01, 0.01, "Kartverket (CC BY 4.0)", fontsize=5, color="#555555")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.02)
    plt.close(fig)
    return buf.getvalue()


def index_chart(rows: pd.DataFrame, name: str) -> alt.Chart:
    """Grouped bars: the kommune's four indices against its size-class median (2018 median = 100)."""
    idx = rows[rows["theme"] == "indeks"].assign(name=lambda d: d["name"].str.replace("Indeks: ", "", regex=False))
    data = pd.concat([
        pd.DataFrame({"indeks": idx["name"], "serie": name, "verdi": idx["value"]}),
        pd.DataFrame({"indeks": idx["name"], "serie": t("kol.gruppe_median"), "verdi": idx["size_median"]}),
    ]).dropna()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("indeks:N", title=None, sort=list(idx["name"]), axis=alt.Axis(labelLimit=250)),
            yOffset=alt.YOffset("serie:N", sort=[name, t("kol.gruppe_median")]),
            x=alt.X("verdi:Q", title="Indeks (median for kommunene i 2018 = 100)"),
            color=alt.Color("serie:N", title=None, sort=[name, t("kol.gruppe_median")],
                            scale=alt.Scale(range=[KOMMUNE_COLOUR, GROUP_COLOUR]), legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("indeks:N", title="Indeks"), alt.Tooltip("serie:N", title=t("kol.hva")),
                     alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".0f")],
        )
        .properties(height=230)
    )


def trend_chart(tr: pd.DataFrame, name: str, indicator) -> alt.Chart:
    """Lines over the survey years: the kommune (solid, carried-over points hollow) and its size-class median."""
    scale = 100.0 if indicator.kind == "yesno" else 1.0
    unit = "%" if indicator.kind == "yesno" else indicator.unit
    data = pd.concat([
        pd.DataFrame({"år": tr["year"].astype(str), "serie": name, "verdi": tr["value"] * scale, "merknad": tr["note"]}),
        pd.DataFrame({"år": tr["year"].astype(str), "serie": t("kol.gruppe_median"), "verdi": tr["size_median"] * scale,
                      "merknad": ""}),
    ])
    order = [name, t("kol.gruppe_median")]
    y_title = f"{indicator.name}" + (f" ({unit})" if unit else "")
    if indicator.kind == "yesno":
        y_title = f"{indicator.name}: {name} 100 = ja, 0 = nei; gruppen: andel ja (%)"
    base = alt.Chart(data).encode(
        x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("verdi:Q", title=y_title, scale=alt.Scale(zero=indicator.kind == "yesno")),
        color=alt.Color("serie:N", title=None, sort=order, scale=alt.Scale(range=[KOMMUNE_COLOUR, GROUP_COLOUR]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("serie:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("serie:N", title=t("kol.hva")), alt.Tooltip("år:O", title=t("kol.aar")),
                 alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f"), alt.Tooltip("merknad:N", title=t("kol.merknad_trend"))],
    )
    return (base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True))).properties(height=260)
