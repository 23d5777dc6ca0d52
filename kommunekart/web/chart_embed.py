"""Static embeds of the chart pages (/innebygd/<page>?<view>): the page's main chart as an SVG drawn
on the server (vl-convert, the same chart as the page's PNG/SVG download), with its title, sources,
the demonstration label where it applies, the data's date and version and a link back to the live
page. No script but the height report: nothing to load, no Streamlit session. Each page's chart is
made here from the dataset and the view alone, so every replica makes the same page."""

from __future__ import annotations

import html

from kommunekart.base.strings import t
from kommunekart.render.legend import built_date, chart_credits

# the page that embeds reads this message: {kommunekart: "hoyde", hoyde: <px>}
RESIZE_JS = (
    "(function(){function h(){parent.postMessage({kommunekart:'hoyde',"
    "hoyde:document.documentElement.scrollHeight},'*')}"
    "addEventListener('load',h);if(window.ResizeObserver){new ResizeObserver(h)"
    ".observe(document.body)}})();"
)
PAGE_CSS = (
    "html,body{margin:0;font-family:'Source Sans Pro',system-ui,sans-serif;color:#111}"
    ".kk-innebygd{padding:8px}.kk-tittel{font-size:1.15rem;margin:0 0 6px;line-height:1.25}"
    ".kk-liten{font-size:13px;margin:4px 0;color:#222}.kk-merknad{font-size:14px;margin:4px 0;"
    "padding:6px 8px;background:#eef4fb}a{color:#1f4e99}"
    ":focus-visible{outline:3px solid #1f4e99;outline-offset:2px}"
)
# page id -> the URL parameters its static embed keeps
KEYS = {
    "profil": ("kommune", "aar", "sprak"),
    "grupper": ("indikator", "aar", "kommune", "grupper", "sprak"),
    "sammenlign": ("kommuner", "aar", "indikator", "sprak"),
    "sammenheng": ("indikator", "mot", "aar", "kommune", "farge", "sprak"),
}


def chart_of(ds, page: str, view):
    """(title, Altair chart or None, indicators) of a page's main chart for ``view``; None when the
    view has nothing to draw (no kommune chosen, no kommuner to compare), said on the page."""
    from kommunekart.render import charts, group_charts
    from kommunekart.web import data

    if page == "profil":
        attrs = ds.attrs_for(view.year)
        if view.kommune not in attrs.index:
            return t("nav.profil"), None, []
        rows = data.profile_rows(ds, view.kommune, view.year)
        name = attrs.at[view.kommune, "name"]
        inds = [ds.catalogue[i] for i in rows["indicator"] if ds.catalogue[i].theme == "indeks"]
        group = attrs.at[view.kommune, "size_class"]
        from kommunekart.lineage.kommuner import size_class_label

        title = f"{name}: {t('profil.indekser', gruppe=size_class_label(group))}, {view.year}"
        return title, charts.index_chart(rows, name), inds
    ind = ds.catalogue[view.indicator]
    if page == "grupper":
        from kommunekart.analysis import groups, stats

        table = stats.view_table(ds, ind.id, view.year)
        labels = groups.group_labels(table, view.grouping)
        title = t("grupper.tittel", indikator=ind.name, aar=view.year)
        if ind.kind == "yesno":
            gstats = groups.group_stats(table["value"], labels, ind.kind)
            hit = table.index[table["kommunenummer"] == view.kommune]
            chosen = str(labels.loc[hit[0]]) if len(hit) else None
            return title, group_charts.share_chart(gstats, ind, chosen), [ind]
        return title, group_charts.distribution_chart(table, labels, ind, view.kommune), [ind]
    if page == "sammenlign":
        codes = [c for c in (view.compare or "").split(",") if c]
        title = f"{t('nav.sammenlign')}: {ind.name}"
        if not codes:
            return title, None, []
        tr = data.trends(ds, codes, view.year, ind.id)
        return title, (charts.compare_trend_chart(tr, ind) if not tr.empty else None), [ind]
    if page == "sammenheng":
        from kommunekart.analysis.relation import against_of
        from kommunekart.base.constants import COLOUR_BY

        y_ind = ds.catalogue[against_of(ds.catalogue, ind.id, view.against)]
        p = data.relation_pair(ds, ind.id, y_ind.id, view.year)
        title = t("sammenheng.navn", x=ind.name, y=y_ind.name, aar=view.year)
        if p.y_year is None or p.n < 3:
            return title, None, [ind, y_ind]
        chosen = view.kommune if view.kommune in set(p.table["kommunenummer"]) else None
        chart = charts.scatter_chart(p, ind, y_ind, chosen, view.colour_by or COLOUR_BY[0])
        return title, chart, [ind, y_ind]
    raise KeyError(page)


def page(ds, page_id: str, view, notices, live: str) -> str:
    """The static page of a chart page's view (``live``: the link back)."""
    from kommunekart.base.strings import language, message

    e = html.escape
    with language(view.lang or "nb"):
        title, chart, inds = chart_of(ds, page_id, view)
        said = "".join(f'<p class="kk-merknad">{e(message(n))}</p>' for n in notices)
        if chart is None:
            figure = f'<p class="kk-merknad">{e(t("innebygd.ingen_figur"))}</p>'
        else:
            import vl_convert as vlc

            from kommunekart.render.charts import vega_locale

            spec = chart.properties(width=640).configure(locale=vega_locale())
            svg = vlc.vegalite_to_svg(spec.to_dict())
            alt = e(t("innebygd.figur_alt", tittel=title))
            figure = f'<figure role="img" aria-label="{alt}">{svg}</figure>'
        foot = chart_credits(inds) if inds else []
        when = t("innebygd.data", dato=built_date(ds.built_at), versjon=ds.key[:8])
        return (
            f'<!DOCTYPE html><html lang="{e(view.lang or "nb")}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)} - Kommunekart</title><style>{PAGE_CSS}"
            "figure{margin:0}figure svg{max-width:100%;height:auto}</style></head>"
            f'<body class="kk-innebygd"><h1 class="kk-tittel">{e(title)}</h1>{said}{figure}'
            + "".join(f'<p class="kk-liten">{e(x)}</p>' for x in foot)
            + f'<p class="kk-liten">{e(when)} · <a href="{e(live)}" target="_blank" '
            f'rel="noopener">{e(t("innebygd.apne"))}</a></p>'
            f"<script>{RESIZE_JS}</script></body></html>"
        )
