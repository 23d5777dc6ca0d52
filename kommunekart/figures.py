"""Static figures (matplotlib) and chart specs (Altair) for pages and exports."""
from __future__ import annotations

import io

import altair as alt
import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text: searchable, editable in slides
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from . import fmt  # noqa: E402
from .strings import t  # noqa: E402

# d3-format's locale for Vega: numbers on axes and in tooltips read the Norwegian way (1 234,5), or
# the English way (1,234.5) in English
NB_LOCALE = {"number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"],
                        "percent": "\u00a0%"}}
EN_LOCALE = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " kr"], "percent": "%"}}


def vega_locale() -> dict:
    from .strings import lang

    return EN_LOCALE if lang() == "en" else NB_LOCALE
UTM33 = 25833


def _plain(text) -> str:
    """Text from data for matplotlib, which would read "$...$" as mathtext: shown as it is."""
    return str(text).replace("$", r"\$")  # Norway's own projection: Northern Norway is not squeezed
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


def value_axis(indicator) -> dict:
    """For a grade (A+ = 1 … F = 7): letters on the axis, A+ at the top, no zero."""
    if indicator.kind != "grade":
        return {}
    letters = "['', " + ", ".join(f"'{g}'" for g in fmt.GRADES) + "]"
    return {"axis": alt.Axis(values=list(range(1, len(fmt.GRADES) + 1)), labelExpr=f"{letters}[datum.value]"),
            "scale": alt.Scale(domain=[len(fmt.GRADES) + 0.5, 0.5])}


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
            x=alt.X("verdi:Q", title=t("graf.indeks_akse")),
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
    y_title = with_unit(indicator.name, unit)
    if indicator.kind == "yesno":
        y_title = t("graf.jaNei_akse", indikator=indicator.name, navn=name)
    base = alt.Chart(data).encode(
        x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("verdi:Q", title=y_title, **({"scale": alt.Scale(zero=indicator.kind == "yesno")} | value_axis(indicator))),
        color=alt.Color("serie:N", title=None, sort=order, scale=alt.Scale(range=[KOMMUNE_COLOUR, GROUP_COLOUR]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("serie:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("serie:N", title=t("kol.hva")), alt.Tooltip("år:O", title=t("kol.aar")),
                 alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f"), alt.Tooltip("merknad:N", title=t("kol.merknad_trend"))],
    )
    return (base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True))).properties(height=260)


def with_unit(name: str, unit: str) -> str:
    """An axis title with its unit written once: «Forsidens vekt (MB)», never «… (MB) (MB)»."""
    if not unit or f"({unit})" in name:
        return name
    return f"{name} ({unit})"


GROUP_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]  # Okabe-Ito


def distribution_chart(table: pd.DataFrame, groups: pd.Series, indicator, selected: str | None) -> alt.Chart:
    """Every kommune as a point in its group (jittered), a box per group, the chosen kommune marked."""
    data = pd.DataFrame({
        "gruppe": groups.astype(str), "verdi": table["value"], "kommune": table["name"],
        "nr": table["kommunenummer"], "valgt": table["kommunenummer"] == selected,
    }).dropna(subset=["verdi"])
    order = [str(c) for c in groups.cat.categories]
    x = alt.X("gruppe:N", title=t("kol.gruppe"), sort=order, axis=alt.Axis(labelAngle=0 if len(order) <= 6 else -40, labelLimit=160))
    y = alt.Y("verdi:Q", title=with_unit(indicator.name, indicator.unit), **value_axis(indicator))
    medians = data.groupby("gruppe", as_index=False)["verdi"].median()
    median_tick = alt.Chart(medians).mark_tick(size=70, thickness=3, color="#000000").encode(
        x=x, y=y, tooltip=[alt.Tooltip("gruppe:N", title=t("kol.gruppe")), alt.Tooltip("verdi:Q", title=t("kol.median"), format=",.1f")])
    points = (
        alt.Chart(data)
        .transform_calculate(jitter="(random() - 0.5) * 30")
        .mark_circle(size=28, opacity=0.75)
        .encode(
            x=x, y=y, xOffset=alt.XOffset("jitter:Q", scale=alt.Scale(domain=[-40, 40])),
            color=alt.value(KOMMUNE_COLOUR),
            tooltip=[alt.Tooltip("kommune:N", title=t("kol.kommune")), alt.Tooltip("nr:N", title=t("kol.kommunenummer")),
                     alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=",.1f"), alt.Tooltip("gruppe:N", title=t("kol.gruppe"))],
        )
    )
    chosen = alt.Chart(data[data["valgt"]]).mark_point(size=260, shape="diamond", filled=True, color="#000000").encode(
        x=x, y=y, tooltip=[alt.Tooltip("kommune:N", title=t("kol.valgt")), alt.Tooltip("verdi:Q", title=t("kol.verdi"))])
    label = alt.Chart(data[data["valgt"]]).mark_text(dx=12, align="left", fontWeight="bold").encode(x=x, y=y, text="kommune:N")
    return (points + median_tick + chosen + label).properties(height=380)


def share_chart(stats: pd.DataFrame, indicator, selected_group: str | None) -> alt.Chart:
    """Share of kommuner answering 'ja' per group (bars), with n in the label; the chosen kommune's group outlined."""
    data = stats.assign(andel=stats["share_yes"] * 100, gruppe=stats["group"].astype(str),
                        tekst=[f"{fmt.share(v)} (n = {n - m})" if v == v else "–"
                               for v, n, m in zip(stats["share_yes"], stats["n"], stats["n_missing"])],
                        valgt=stats["group"].astype(str) == str(selected_group))
    order = list(data["gruppe"])
    base = alt.Chart(data).encode(
        x=alt.X("gruppe:N", title=t("kol.gruppe"), sort=order, axis=alt.Axis(labelAngle=0 if len(order) <= 6 else -40)),
        y=alt.Y("andel:Q", title=t("graf.andel_ja"), scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar(color=KOMMUNE_COLOUR).encode(
        stroke=alt.condition("datum.valgt", alt.value("#000000"), alt.value(None)),
        strokeWidth=alt.condition("datum.valgt", alt.value(3), alt.value(0)),
        tooltip=[alt.Tooltip("gruppe:N", title=t("kol.gruppe")), alt.Tooltip("tekst:N", title=t("kol.andel_ja"))])
    text = base.mark_text(dy=-8).encode(text="tekst:N")
    return (bars + text).properties(height=340)


def group_trend_chart(over: pd.DataFrame, indicator, chosen: pd.DataFrame | None = None, chosen_name: str = "") -> alt.Chart:
    """Lines per group over the years; ``chosen`` (year, value) adds the chosen kommune as a black line."""
    scale = 100.0 if indicator.kind == "yesno" else 1.0
    stat = t("graf.andel_ja") if indicator.kind == "yesno" else with_unit(t("graf.median"), indicator.unit)
    data = over.assign(verdi=over["stat"] * scale, år=over["year"].astype(str), gruppe=over["group"].astype(str))
    order = list(dict.fromkeys(data["gruppe"]))
    lines = _group_lines(data, order, indicator, stat)
    if chosen is None or chosen.empty:
        return lines
    me = pd.DataFrame({"år": chosen["year"].astype(str), "verdi": chosen["value"] * scale,
                       "serie": f"{t('kol.valgt')}: {chosen_name}"}).dropna(subset=["verdi"])
    mark = alt.Chart(me).mark_line(color="#000000", strokeWidth=2.5, point=alt.OverlayMarkDef(shape="diamond", size=90, color="#000000")).encode(
        x="år:O", y="verdi:Q", tooltip=[alt.Tooltip("serie:N", title=t("kol.hva")), alt.Tooltip("år:O", title=t("kol.aar")),
                                        alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f")])
    label = alt.Chart(me.tail(1)).mark_text(align="left", dx=8, fontWeight="bold").encode(x="år:O", y="verdi:Q", text="serie:N")
    return lines + mark + label


def _group_lines(data: pd.DataFrame, order: list, indicator, stat: str) -> alt.Chart:
    return (
        alt.Chart(data.dropna(subset=["verdi"]))
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True))
        .encode(
            x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("verdi:Q", title=stat[:1].upper() + stat[1:],
                    **({"scale": alt.Scale(zero=indicator.kind == "yesno")} | value_axis(indicator))),
            color=alt.Color("gruppe:N", title=t("kol.gruppe"), sort=order,
                            scale=alt.Scale(range=GROUP_PALETTE[: max(1, len(order))]) if len(order) <= 8 else alt.Undefined,
                            legend=alt.Legend(orient="right" if len(order) > 6 else "bottom",
                                              columns=1 if len(order) > 6 else 4, labelLimit=220)),
            strokeDash=alt.StrokeDash("gruppe:N", sort=order, legend=None),
            tooltip=[alt.Tooltip("gruppe:N", title=t("kol.gruppe")), alt.Tooltip("år:O", title=t("kol.aar")),
                     alt.Tooltip("verdi:Q", title=stat, format=".1f"), alt.Tooltip("n:Q", title=t("kol.antall"))],
        )
        .properties(height=300)
    )


# ---------------------------------------------------------------- static map (PNG/SVG) for slides and articles
SIZES = {  # inches (w, h) at 150 dpi for PNG
    "lysbilde": (13.333, 7.5),  # 16:9 slide
    "artikkel": (6.5, 8.0),  # article column, portrait
}


def map_figure(kommuner_utm, fylker_utm, table: pd.DataFrame, classes, indicator, year: int,
               selected: str | None = None, size: str = "lysbilde"):
    """The current map view as a matplotlib figure, drawn in UTM 33 so Northern Norway keeps its shape:
    title, legend with class breaks and 'Mangler data', year, source line and the demo label."""
    w, h = SIZES[size]
    fig = plt.figure(figsize=(w, h))
    if size == "lysbilde":
        ax = fig.add_axes([0.0, 0.02, 0.56, 0.96])
        text_x, legend_anchor, legend_loc = 0.58, (0.58, 0.70), "upper left"
    else:
        ax = fig.add_axes([0.02, 0.20, 0.96, 0.70])
        text_x, legend_anchor, legend_loc = 0.04, (0.04, 0.19), "upper left"
    colour_of = dict(zip(table["kommunenummer"], [classes.colours[i] for i in classes.assign]))
    k = kommuner_utm.assign(colour=kommuner_utm["kommunenummer"].map(colour_of).fillna(classes.colours[-1]))
    k.plot(ax=ax, color=k["colour"], edgecolor="#ffffff", linewidth=0.15)
    fylker_utm.boundary.plot(ax=ax, color="#333333", linewidth=0.4)
    if selected:
        me = k[k["kommunenummer"] == selected]
        if not me.empty:
            me.boundary.plot(ax=ax, color="#000000", linewidth=1.6)
            c = me.geometry.iloc[0].representative_point()
            name = table.loc[table["kommunenummer"] == selected, "name"]
            ax.annotate(_plain(name.iloc[0] if len(name) else selected), (c.x, c.y), xytext=(18, 8), textcoords="offset points",
                        fontsize=9, fontweight="bold", arrowprops={"arrowstyle": "-", "color": "#000000", "lw": 0.8},
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#000000", "lw": 0.5})
    ax.set_axis_off()
    ax.set_aspect("equal")
    title_y = 0.93 if size == "lysbilde" else 0.97
    fig.text(text_x, title_y, _plain(indicator.name), fontsize=18 if size == "lysbilde" else 14, fontweight="bold", va="top", wrap=True)
    fig.text(text_x, title_y - (0.07 if size == "lysbilde" else 0.035),
             f"{year}, kommuneinndelingen per 1. januar {year}", fontsize=11, va="top", color="#333333")
    from .legend import footer_lines, map_legend

    lg = map_legend(classes, indicator, year)  # the same legend model as the page and the HTML file
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#444444", linewidth=0.5) for _, c in lg.items]
    leg = fig.legend(handles, [_plain(label) for label, _ in lg.items], loc=legend_loc, bbox_to_anchor=legend_anchor,
                     frameon=False, fontsize=11 if size == "lysbilde" else 9, title=_plain(lg.note) if lg.note else None,
                     ncol=1 if size == "lysbilde" else 3)
    leg._legend_box.align = "left"
    import textwrap

    foot = [part for line in footer_lines(lg) for part in textwrap.wrap(line, 90 if size == "lysbilde" else 80)]
    fig.text(text_x if size == "lysbilde" else 0.04, 0.03, _plain("\n".join(foot)), fontsize=9, color="#222222", va="bottom")
    return fig


def figure_bytes(fig, fmt_: str = "png", dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt_, dpi=dpi, metadata={"Title": fig.texts[0].get_text() if fig.texts else ""}
                if fmt_ in ("png", "svg") else None)
    plt.close(fig)
    return buf.getvalue()


def with_credits(chart: alt.Chart, credits: list[str]) -> alt.Chart:
    """The chart with its source lines (and the demo label) inside the figure, under the plot, and
    Norwegian number formats. Streamlit gives the whole figure the chart's height, so the plot gets a
    little more room for the lines under it."""
    extra = {}
    if isinstance(getattr(chart, "height", None), int):
        extra["height"] = chart.height + 16 * len(credits) + 16
    return chart.properties(title=alt.TitleParams(text=list(credits), orient="bottom", anchor="start", fontSize=11,
                                                  fontWeight="normal", color="#333333", offset=12), **extra
                            ).configure(locale=vega_locale())


def chart_spec(chart: alt.Chart) -> dict:
    """The Vega-Lite spec of a chart as Streamlit draws it, made without Altair's schema validation on every
    run (the validation was ~40 % of a page's server time; the tests validate every chart of every page)
    and without the default theme's 300 px view size (Streamlit's own conversion leaves it out too)."""
    spec = chart.to_dict(validate=False)
    view = spec.get("config", {}).get("view")
    if view:
        for k, v in alt.theme.get()().get("config", {}).get("view", {}).items():
            if view.get(k) == v:
                del view[k]
        if not view:
            del spec["config"]["view"]
    return spec


EXPORT_SIZES = {"lysbilde": (1280, 720), "artikkel": (760, 520)}  # whole image, px (PNG at scale 2)


def chart_export(chart: alt.Chart, title: str, credits: list[str], fmt_: str = "png", size: str = "lysbilde") -> bytes:
    """A chart as PNG or SVG (vl-convert, offline) with the same conventions as the map export:
    title and the credit lines (legend.chart_credits: sources and, for demonstration values, the label)
    inside the image, sized for its use: ``lysbilde`` 16:9 (1280×720), ``artikkel`` 760 wide. Without
    a size the years of a trend got 20 px each and printed over each other («2018202020222024»)."""
    import vl_convert as vlc  # imported on demand: only when someone downloads a chart

    width, height = EXPORT_SIZES[size]
    lines = list(credits)
    titled = chart.properties(title=alt.TitleParams(text=title, subtitle=lines, anchor="start", fontSize=16,
                                                    subtitleFontSize=11, subtitleColor="#333333"))
    spec = titled.configure(locale=vega_locale()).to_dict()
    if not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet")):  # a single or layered view fits
        spec.update(width=width, height=height, autosize={"type": "fit", "contains": "padding"})
    if fmt_ == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    return vlc.vegalite_to_png(spec, scale=2)


def compare_dots(part: pd.DataFrame, catalogue) -> alt.Chart:
    """A theme's indicators as rows, each kommune a dot at its place among all kommuner (0 = lowest,
    100 = highest: one scale for indicators with different units); the value in the tooltip. Yes/no
    indicators have no place (they are in the table)."""
    data = part.dropna(subset=["percentile"]).assign(
        indikator=lambda d: [catalogue[i].name for i in d["indicator"]],
        tekst=lambda d: [fmt.format_value(v, catalogue[i], s) for i, v, s in zip(d["indicator"], d["value"], d["status"])],
        kommune=lambda d: [f"{n} ({c})" for n, c in zip(d["name"], d["kommunenummer"])],
    )
    order = list(dict.fromkeys(part["name"] + " (" + part["kommunenummer"] + ")"))
    return alt.Chart(data).mark_point(filled=True, size=120, opacity=0.9).encode(
        x=alt.X("percentile:Q", title=t("sammenlign.plass"), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("indikator:N", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("kommune:N", title=None, sort=order, scale=alt.Scale(range=GROUP_PALETTE),
                        legend=alt.Legend(orient="top", columns=3, labelLimit=260)),
        shape=alt.Shape("kommune:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("kommune:N", title=t("kol.kommune")), alt.Tooltip("indikator:N", title=t("kol.indikator")),
                 alt.Tooltip("tekst:N", title=t("kol.verdi"))],
    ).properties(height=40 * max(1, data["indikator"].nunique()) + 150)


def compare_trend_chart(tr: pd.DataFrame, indicator) -> alt.Chart:
    """The chosen kommuner's lines over the survey years (values combined across reforms as in the profile)."""
    scale = 100.0 if indicator.kind == "yesno" else 1.0
    data = pd.DataFrame({"år": tr["year"].astype(str), "kommune": tr["series"], "verdi": tr["value"] * scale,
                         "merknad": tr["note"]})
    order = list(dict.fromkeys(data["kommune"]))
    unit = "%" if indicator.kind == "yesno" else indicator.unit
    return alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(
        x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("verdi:Q", title=with_unit(indicator.name, unit),
                **({"scale": alt.Scale(zero=False)} | value_axis(indicator))),
        color=alt.Color("kommune:N", title=None, sort=order, scale=alt.Scale(range=GROUP_PALETTE),
                        legend=alt.Legend(orient="top", columns=3, labelLimit=260)),
        strokeDash=alt.StrokeDash("kommune:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("kommune:N", title=t("kol.kommune")), alt.Tooltip("år:O", title=t("kol.aar")),
                 alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f"),
                 alt.Tooltip("merknad:N", title=t("kol.merknad_trend"))],
    ).properties(height=380)
