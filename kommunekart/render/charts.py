"""Chart specs (Altair/Vega-Lite) for the pages and their PNG/SVG exports (vl-convert): the
profile's index and trend, the size groups' distribution, shares and trends, the comparison's dots
and lines. Colours are colour-blind safe (Okabe-Ito); every chart names its source."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kommunekart.base import fmt
from kommunekart.base.constants import GROUP_COLOUR, GROUP_PALETTE, KOMMUNE_COLOUR, TEXT_COLOUR
from kommunekart.base.strings import t

# d3-format's locale for Vega: numbers on axes and in tooltips read the Norwegian way (1 234,5), or
# the English way (1,234.5) in English
NB_LOCALE = {
    "number": {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
        "percent": "\u00a0%",
    }
}


EN_LOCALE = {
    "number": {
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["", " kr"],
        "percent": "%",
    }
}


def vega_locale() -> dict:
    from kommunekart.base.strings import lang

    return EN_LOCALE if lang() == "en" else NB_LOCALE


def value_axis(indicator) -> dict:
    """For a grade (A+ = 1 … F = 7): letters on the axis, A+ at the top, no zero."""
    if indicator.kind != "grade":
        return {}
    letters = "['', " + ", ".join(f"'{g}'" for g in fmt.GRADES) + "]"
    return {
        "axis": alt.Axis(
            values=list(range(1, len(fmt.GRADES) + 1)), labelExpr=f"{letters}[datum.value]"
        ),
        "scale": alt.Scale(domain=[len(fmt.GRADES) + 0.5, 0.5]),
    }


def index_chart(rows: pd.DataFrame, name: str) -> alt.Chart:
    """Grouped bars: the kommune's four indices against its size-class median (2018 median =
    100)."""
    idx = rows[rows["theme"] == "indeks"].assign(
        name=lambda d: d["name"].str.replace("Indeks: ", "", regex=False)
    )
    data = pd.concat(
        [
            pd.DataFrame({"indeks": idx["name"], "serie": name, "verdi": idx["value"]}),
            pd.DataFrame(
                {
                    "indeks": idx["name"],
                    "serie": t("kol.gruppe_median"),
                    "verdi": idx["size_median"],
                }
            ),
        ]
    ).dropna()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("indeks:N", title=None, sort=list(idx["name"]), axis=alt.Axis(labelLimit=250)),
            yOffset=alt.YOffset("serie:N", sort=[name, t("kol.gruppe_median")]),
            x=alt.X("verdi:Q", title=t("graf.indeks_akse")),
            color=alt.Color(
                "serie:N",
                title=None,
                sort=[name, t("kol.gruppe_median")],
                scale=alt.Scale(range=[KOMMUNE_COLOUR, GROUP_COLOUR]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("indeks:N", title="Indeks"),
                alt.Tooltip("serie:N", title=t("kol.hva")),
                alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".0f"),
            ],
        )
        .properties(height=230)
    )


def trend_chart(tr: pd.DataFrame, name: str, indicator) -> alt.Chart:
    """Lines over the survey years: the kommune (solid, carried-over points hollow) and its
    size-class median."""
    scale = 100.0 if indicator.kind == "yesno" else 1.0
    unit = "%" if indicator.kind == "yesno" else indicator.unit
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "år": tr["year"].astype(str),
                    "serie": name,
                    "verdi": tr["value"] * scale,
                    "merknad": tr["note"],
                }
            ),
            pd.DataFrame(
                {
                    "år": tr["year"].astype(str),
                    "serie": t("kol.gruppe_median"),
                    "verdi": tr["size_median"] * scale,
                    "merknad": "",
                }
            ),
        ]
    )
    order = [name, t("kol.gruppe_median")]
    y_title = with_unit(indicator.name, unit)
    if indicator.kind == "yesno":
        y_title = t("graf.jaNei_akse", indikator=indicator.name, navn=name)
    base = alt.Chart(data).encode(
        x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "verdi:Q",
            title=y_title,
            **({"scale": alt.Scale(zero=indicator.kind == "yesno")} | value_axis(indicator)),
        ),
        color=alt.Color(
            "serie:N",
            title=None,
            sort=order,
            scale=alt.Scale(range=[KOMMUNE_COLOUR, GROUP_COLOUR]),
            legend=alt.Legend(orient="bottom"),
        ),
        strokeDash=alt.StrokeDash("serie:N", sort=order, legend=None),
        tooltip=[
            alt.Tooltip("serie:N", title=t("kol.hva")),
            alt.Tooltip("år:O", title=t("kol.aar")),
            alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f"),
            alt.Tooltip("merknad:N", title=t("kol.merknad_trend")),
        ],
    )
    return (base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True))).properties(height=260)


def with_unit(name: str, unit: str) -> str:
    """An axis title with its unit written once: «Forsidens vekt (MB)», never «… (MB) (MB)»."""
    if not unit or f"({unit})" in name:
        return name
    return f"{name} ({unit})"


def with_credits(chart: alt.Chart, credits: list[str]) -> alt.Chart:
    """The chart with its source lines (and the demo label) inside the figure, under the plot, and
    Norwegian number formats. Streamlit gives the whole figure the chart's height, so the plot gets
    a little more room for the lines under it."""
    import textwrap

    # short lines: a long source line was cut («S…») on a phone's narrow chart
    credits = [part for line in credits for part in textwrap.wrap(line, 60)]
    extra = {}
    if isinstance(getattr(chart, "height", None), int):
        extra["height"] = chart.height + 16 * len(credits) + 16
    return chart.properties(
        title=alt.TitleParams(
            text=list(credits),
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color="#333333",
            offset=12,
        ),
        **extra,
    ).configure(
        locale=vega_locale(),
        # Streamlit's chart theme writes axis and legend text in #808495 (3,7:1 on white; AA
        # needs 4,5:1)
        axis=alt.AxisConfig(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR),
        legend=alt.LegendConfig(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR),
    )


def chart_spec(chart: alt.Chart) -> dict:
    """The Vega-Lite spec of a chart as Streamlit draws it, made without Altair's schema validation
    on every run (the validation was ~40 % of a page's server time; the tests validate every chart
    of every page) and without the default theme's 300 px view size (Streamlit's own conversion
    leaves it out too)."""
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


def chart_export(
    chart: alt.Chart, title: str, credits: list[str], fmt_: str = "png", size: str = "lysbilde"
) -> bytes:
    """A chart as PNG or SVG (vl-convert, offline) with the same conventions as the map export:
    title and the credit lines (legend.chart_credits: sources and, for demonstration values, the
    label) inside the image, sized for its use: ``lysbilde`` 16:9 (1280×720), ``artikkel`` 760 wide.
    Without a size the years of a trend got 20 px each and printed over each other
    («2018202020222024»)."""
    import vl_convert as vlc  # imported on demand: only when someone downloads a chart

    width, height = EXPORT_SIZES[size]
    lines = list(credits)
    titled = chart.properties(
        title=alt.TitleParams(
            text=title,
            subtitle=lines,
            anchor="start",
            fontSize=16,
            subtitleFontSize=11,
            subtitleColor="#333333",
        )
    )
    spec = titled.configure(locale=vega_locale()).to_dict()
    # a single or layered view fits
    if not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet")):
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
        tekst=lambda d: [
            fmt.format_value(v, catalogue[i], s)
            for i, v, s in zip(d["indicator"], d["value"], d["status"])
        ],
        kommune=lambda d: [f"{n} ({c})" for n, c in zip(d["name"], d["kommunenummer"])],
    )
    order = list(dict.fromkeys(part["name"] + " (" + part["kommunenummer"] + ")"))
    return (
        alt.Chart(data)
        .mark_point(filled=True, size=120, opacity=0.9)
        .encode(
            x=alt.X("percentile:Q", title=t("sammenlign.plass"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("indikator:N", title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "kommune:N",
                title=None,
                sort=order,
                scale=alt.Scale(range=GROUP_PALETTE),
                legend=alt.Legend(orient="top", columns=3, labelLimit=260),
            ),
            shape=alt.Shape("kommune:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("kommune:N", title=t("kol.kommune")),
                alt.Tooltip("indikator:N", title=t("kol.indikator")),
                alt.Tooltip("tekst:N", title=t("kol.verdi")),
            ],
        )
        .properties(height=40 * max(1, data["indikator"].nunique()) + 150)
    )


def compare_trend_chart(tr: pd.DataFrame, indicator) -> alt.Chart:
    """The chosen kommuner's lines over the survey years (values combined across reforms as in the
    profile)."""
    scale = 100.0 if indicator.kind == "yesno" else 1.0
    data = pd.DataFrame(
        {
            "år": tr["year"].astype(str),
            "kommune": tr["series"],
            "verdi": tr["value"] * scale,
            "merknad": tr["note"],
        }
    )
    order = list(dict.fromkeys(data["kommune"]))
    unit = "%" if indicator.kind == "yesno" else indicator.unit
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True))
        .encode(
            x=alt.X("år:O", title=t("kol.aar"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "verdi:Q",
                title=with_unit(indicator.name, unit),
                **({"scale": alt.Scale(zero=False)} | value_axis(indicator)),
            ),
            color=alt.Color(
                "kommune:N",
                title=None,
                sort=order,
                scale=alt.Scale(range=GROUP_PALETTE),
                legend=alt.Legend(orient="top", columns=3, labelLimit=260),
            ),
            strokeDash=alt.StrokeDash("kommune:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("kommune:N", title=t("kol.kommune")),
                alt.Tooltip("år:O", title=t("kol.aar")),
                alt.Tooltip("verdi:Q", title=t("kol.verdi"), format=".1f"),
                alt.Tooltip("merknad:N", title=t("kol.merknad_trend")),
            ],
        )
        .properties(height=380)
    )


def _axis(indicator, values: pd.Series, year: int, scale: str, show_year: bool):
    """An axis of the scatter: its title with unit (and year when the axes differ), a log scale
    where the data need it, Nei/Ja or letters for yes/no and grades."""
    title = with_unit(indicator.name, indicator.unit) + (f", {year}" if show_year else "")
    if indicator.kind == "yesno":
        axis = alt.Axis(
            values=[0, 1],
            labelExpr=f"datum.value == 1 ? '{t('legende.ja')}' : '{t('legende.nei')}'",
        )
        return title, {"axis": axis, "scale": alt.Scale(domain=[-0.5, 1.5])}
    if indicator.kind == "grade":
        return title, value_axis(indicator)
    if scale != "linear":
        # ticks at 1 and 3 of each power of ten (Vega's own log ticks crowd the axis with lines)
        import math

        top = float(values.max()) if len(values) else 1.0
        ticks = [m * 10**k for k in range(0, int(math.log10(max(top, 1))) + 2) for m in (1, 3)]
        ticks = [v for v in ticks if v <= top * 3] + ([0] if scale == "symlog" else [])
        return title, {"scale": alt.Scale(type=scale), "axis": alt.Axis(values=sorted(ticks))}
    return title, {"scale": alt.Scale(zero=False)}


def scatter_chart(p, x_ind, y_ind, selected: str | None, colour_by: str) -> alt.Chart:
    """Sammenheng: one dot per kommune with both values, coloured by size class (or fylke, with a
    shape as well so that no colour alone tells them apart), the chosen kommune a black diamond
    with its name. A yes/no axis spreads its dots a little (the same spread every time) so that
    they do not hide each other."""
    from kommunekart.analysis.relation import scale_type
    from kommunekart.lineage.kommuner import SIZE_CLASS_IDS, size_class_label

    data = p.table[p.table["both"]].copy()

    def spread(kind):  # a fixed spread by kommunenummer, ±0,3
        if kind != "yesno":
            return 0.0
        return ((data["kommunenummer"].astype(int) * 0.6180339) % 1 - 0.5) * 0.6

    data["px"] = data["x"] + spread(x_ind.kind)
    data["py"] = data["y"] + spread(y_ind.kind)
    data["kommune"] = data["name"] + " (" + data["kommunenummer"] + ")"
    data["xt"] = [fmt.format_value(v, x_ind) for v in data["x"]]
    data["yt"] = [fmt.format_value(v, y_ind) for v in data["y"]]
    two_years = p.y_year != p.x_year
    xt, xe = _axis(x_ind, data["x"], p.x_year, scale_type(data["x"], x_ind.kind), two_years)
    yt, ye = _axis(y_ind, data["y"], p.y_year, scale_type(data["y"], y_ind.kind), two_years)
    if colour_by == "fylke":
        data["gruppe"] = data["fylke_name"]
        order = sorted(data["gruppe"].unique())
    else:
        data["gruppe"] = data["size_class"].map(size_class_label)
        order = [size_class_label(c) for c in SIZE_CLASS_IDS]
    legend_title = t("kol.fylke") if colour_by == "fylke" else t("kol.storrelse")
    base = alt.Chart(data).encode(
        x=alt.X("px:Q", title=xt, **xe),
        y=alt.Y("py:Q", title=yt, **ye),
    )
    dots = base.mark_point(filled=True, size=55, opacity=0.75).encode(
        color=alt.Color(
            "gruppe:N",
            title=legend_title,
            sort=order,
            # Okabe-Ito without yellow (faint on white) and black (the chosen kommune)
            scale=alt.Scale(
                domain=order, range=[c for c in GROUP_PALETTE if c not in ("#F0E442", "#000000")]
            ),
            # one column for the three size classes: the legend fits a phone
            legend=alt.Legend(
                orient="top", columns=2 if colour_by == "fylke" else 1, labelLimit=170
            ),
        ),
        shape=alt.Shape("gruppe:N", sort=order, legend=None)
        if colour_by == "fylke"
        else alt.value("circle"),
        tooltip=[
            alt.Tooltip("kommune:N", title=t("kol.kommune")),
            alt.Tooltip("xt:N", title=x_ind.name),
            alt.Tooltip("yt:N", title=y_ind.name),
            alt.Tooltip("gruppe:N", title=legend_title),
        ],
    )
    layers = [dots]
    me = data[data["kommunenummer"] == selected]
    if not me.empty:
        mark = alt.Chart(me).encode(x="px:Q", y="py:Q")
        layers.append(
            mark.mark_point(shape="diamond", size=260, filled=True, color="#000000", opacity=1)
        )
        layers.append(
            mark.mark_text(
                align="left", dx=10, dy=-10, fontSize=13, fontWeight="bold", color="#000000"
            ).encode(text="name:N")
        )
    return alt.layer(*layers).properties(height=460)
