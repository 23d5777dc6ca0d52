"""Kommuneprofil: one kommune against its peers and over time. Its own helpers (tables, peer links)
are here; shared widgets come from kommunekart.web."""

import pandas as pd
import streamlit as st

from kommunekart.analysis import profile, stats
from kommunekart.base import fmt
from kommunekart.base.fmt import format_value
from kommunekart.base.strings import md, md_escape, t
from kommunekart.lineage.kommuner import size_class_label
from kommunekart.render import charts, export
from kommunekart.render.legend import sources_line
from kommunekart.web import data, first_part, state, tables, widgets

PAGE = "profil"
W_TREND_INDICATOR = "w_profil_indikator"  # this page's widget key


def profile_table(ds, rows: pd.DataFrame) -> None:
    """Every indicator grouped by theme: value, medians, rank and percentile; missing is marked."""
    for theme in ds.catalogue.themes:
        part = rows[rows["theme"] == theme]
        if part.empty:
            continue
        recs = []
        for _, r in part.iterrows():
            ind = ds.catalogue[r["indicator"]]
            recs.append(
                {
                    t("kol.indikator"): ind.name,
                    t("kol.kommune_verdi"): format_value(r["value"], ind, r["status"]),
                    t("kol.median_storrelse"): format_value(r["size_median"], ind),
                    t("kol.median_fylke"): format_value(r["fylke_median"], ind),
                    t("kol.median_landet"): format_value(r["national_median"], ind),
                    t("kol.rang"): profile.place_text(r, ind.kind),
                    t("kol.persentil"): "–"
                    if fmt.is_missing(r["percentile"])
                    else fmt.percent(r["percentile"]),
                }
            )
        st.markdown(f"**{t(f'tema.{theme}')}**")
        tables.text_table(pd.DataFrame(recs).set_index(t("kol.indikator")))  # a few rows of text
        for _, r in part.iterrows():
            ind = ds.catalogue[r["indicator"]]
            if ind.caveat:
                st.caption(f"{md_escape(ind.name)}: {md('forbehold', tekst=ind.caveat)}")


def trend_indicator_select(ds) -> None:
    cat = ds.catalogue
    key = W_TREND_INDICATOR
    if st.session_state.get(key) != state.view().indicator:
        st.session_state[key] = state.view().indicator
    label = lambda i: f"{t(f'tema.{cat[i].theme}')}: {cat[i].name}"
    st.selectbox(
        t("profil.trend.indikator"),
        cat.ids,
        key=key,
        format_func=label,
        on_change=widgets.on_pick(key, cat.ids, lambda v: state.update(indicator=v), label),
    )


def trend_table(tr: pd.DataFrame, ind) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                t("kol.aar"): tr["year"].astype(str),
                t("kol.kommune_verdi"): [format_value(v, ind) for v in tr["value"]],
                t("kol.gruppe_median"): [format_value(v, ind) for v in tr["size_median"]],
                t("kol.storrelse"): tr["size_class"].map(size_class_label),
                t("kol.merknad_trend"): tr["note"],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def peer_table(peers: pd.DataFrame, ind, code: str, name: str, year: int) -> None:
    """The nearest kommuner by population as a table with their values, one click to compare them
    side by side, and CSV/XLSX of the table."""
    from kommunekart.web.urlstate import MAX_COMPARE

    frame = export.view_frame(peers, ind, year)
    tables.view_frame_table(frame, ind)
    nearest = [code, *peers["kommunenummer"].head(MAX_COMPARE - 1)]
    widgets.page_link(
        "sammenlign",
        md("profil.naboer.sammenlign", navn=name, n=len(nearest) - 1),
        kommuner=",".join(nearest),
    )
    widgets.table_downloads(
        frame,
        export.export_meta(
            t("profil.naboer", aar=year) + f" – {name}",
            year,
            data.current().built_at,
            [ind],
            link=widgets.view_link(widgets.PAGES[PAGE][2]),
        ),
        f"naermeste_{code}_{year}",
        (t("kart.last_ned_csv"), t("kart.last_ned_xlsx")),
    )


# the measurements and assessments of the kommune's own websites: weight and automated tests (third
# parties), its accessibility statements (Uutilsynet) and Difi's assessment
WEBSITE = (
    "nettside_vekt",
    "nettside_wcag",
    "uu_brudd",
    "uu_erklaeringer",
    "uu_oppdatert",
    "difi_kvalitet",
)


def website_section(ds, code: str, year: int, name: str) -> None:
    """Nettsiden: every website measurement for every year it has, beside the median of the
    kommune's size class, the weight's trend, and each one's coverage, caveat and source."""
    inds = [ds.catalogue[i] for i in WEBSITE if i in ds.catalogue]
    if not inds:
        return
    st.header(t("profil.nettside", navn=name))
    recs = []
    for ind in inds:
        tr = data.trend(ds, code, year, ind.id)
        for _, r in tr.iterrows():
            tab = stats.view_table(ds, ind.id, int(r["year"]))
            own = tab.loc[tab["kommunenummer"] == code, "status"]
            status = own.iloc[0] if len(own) and not r["carried"] else ""
            recs.append(
                {
                    t("kol.indikator"): ind.name,
                    t("kol.aar"): str(int(r["year"])),
                    t("kol.kommune_verdi"): format_value(r["value"], ind, status),
                    t("kol.gruppe_median"): format_value(r["size_median"], ind),
                    t("kol.merknad_trend"): r["note"],
                }
            )
    st.dataframe(pd.DataFrame(recs), hide_index=True, width="stretch")
    weight = inds[0]
    tr = data.trend(ds, code, year, weight.id)
    if tr["value"].notna().any():
        widgets.chart(
            lambda: charts.trend_chart(tr, name, weight),
            [weight],
            key=("profil.nettside", code, year, weight.id),
        )
        st.caption(
            md(
                "profil.trend.alt",
                navn=name,
                indikator=weight.name,
                aar=", ".join(map(str, tr["year"])),
            )
        )
    for ind in inds:
        st.caption(f"{md_escape(ind.name)}: {md('forbehold', tekst=ind.caveat)}")
        st.caption(md_escape(sources_line([ind])))


def profile_cite(ds, rows, code: str, year: int, name: str) -> str:
    """How to cite this profile (the print heading and the PDF say the same)."""
    from kommunekart.render.legend import citation

    return citation(
        [ds.catalogue[i] for i in rows["indicator"]],
        f"{t('nav.profil')}: {name} ({code}), {year}",
        widgets.view_link(widgets.PAGES[PAGE][2]),
        ds.built_at,
    )


def print_heading(ds, rows, code: str, year: int, name: str) -> None:
    """On paper only (page_head's print styles): the sources and how to cite the profile, on the
    first page under the summary."""
    import html

    inds = [ds.catalogue[i] for i in rows["indicator"]]
    cite = profile_cite(ds, rows, code, year, name)
    st.html(
        f'<div class="kk-kun-utskrift"><p>{html.escape(sources_line(inds))}</p>'
        f"<p><strong>{html.escape(t('sitat.tittel'))}:</strong> {html.escape(cite)}</p></div>"
    )


def profile_pdf_button(ds, me, code: str, year: int, rows, tr, ind) -> None:
    """The profile as two A4 pages (made on the server when asked), with sources and citation."""
    from kommunekart.base.strings import lang, language
    from kommunekart.render.profile_pdf import profile_pdf

    group = size_class_label(me["size_class"])
    intro = t(
        "profil.ingress",
        nr=code,
        fylke=me["fylke_name"],
        folketall=fmt.number(me["population"]),
        aar=year,
        gruppe=group,
    )
    summary = profile.summary_text(me["name"], me["size_class"], rows)
    cite = profile_cite(ds, rows, code, year, me["name"])
    reader = lang()

    def make() -> bytes:  # made when clicked, outside this run: in the reader's language
        with language(reader):
            return profile_pdf(
                me["name"], code, year, intro, summary, rows, ds.catalogue, tr, ind, cite, group
            )

    st.download_button(
        t("profil.last_ned_pdf"),
        make,
        file_name=f"kommuneprofil_{code}_{year}.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("profil.last_ned_pdf.hjelp"),
    )


ds = data.current()
embedded = state.embedded_only()


# after the first part on a page's first visit (as on the map): the profile comes first
def controls():
    with st.sidebar:
        widgets.year_control(ds)
        widgets.kommune_search(ds)


view = state.view()
attrs = ds.attrs_for(view.year)
if not view.kommune or view.kommune not in attrs.index:
    st.title(t("nav.profil"))
    widgets.notices()
    st.info(t("profil.velg") + " " + t("profil.ukjent"))
    if not embedded:
        controls()
    widgets.finish(PAGE)
    st.stop()

code, year = view.kommune, view.year
me = attrs.loc[code]
rows = data.profile_rows(ds, code, year)
ind = ds.catalogue[view.indicator]
shown = [ds.catalogue[i] for i in rows["indicator"]]  # every indicator in the profile
index_inds = [i for i in shown if i.theme == "indeks"]

if embedded:  # an embedded profile: the summary, the two charts and the source, nothing else
    st.header(md("profil.tittel", navn=me["name"]) + f", {year}")
    widgets.notices()
    st.markdown(md_escape(profile.summary_text(me["name"], me["size_class"], rows)))
    widgets.chart(
        lambda: charts.index_chart(rows, me["name"]),
        index_inds,
        key=("profil.indekser", code, year),
    )
    widgets.chart(
        lambda: charts.trend_chart(data.trend(ds, code, year, ind.id), me["name"], ind),
        [ind],
        key=("profil.trend", code, year, ind.id),
    )
    widgets.finish(PAGE)
    st.stop()

st.title(md("profil.tittel", navn=me["name"]))
widgets.notices()
head, loc = st.columns([3, 1])
with head:
    st.markdown(
        md(
            "profil.ingress",
            nr=code,
            fylke=me["fylke_name"],
            folketall=fmt.number(me["population"]),
            aar=year,
            gruppe=size_class_label(me["size_class"]),
        )
    )
    st.markdown(md_escape(profile.summary_text(me["name"], me["size_class"], rows)))
    print_heading(ds, rows, code, year, me["name"])
    # the kommune among all kommuner on two indicators (the view's against population)
    widgets.page_link(
        "sammenheng", md("sammenheng.lenke", navn=me["name"]), icon=":material/scatter_plot:"
    )
    if any(i.is_demo for i in shown):
        st.warning(t("demo.etikett") + ". " + t("demo.forklaring"))
    st.header(t("profil.historikk"))
    events = profile.history(ds.changes, code, year) + profile.kommsummer_lines(
        ds.kommsummer, code, year
    )
    for line in events or [t("profil.historikk.ingen")]:
        st.markdown(f"- {md_escape(line)}")
    st.caption(t("profil.historikk.kilde"))
with loc:
    widgets.image(
        data.locator_png(year, code),
        t("profil.lokator.alt", navn=me["name"], fylke=me["fylke_name"]),
        t("profil.lokator", navn=me["name"]),
    )

st.header(t("profil.indikatorer", aar=year))
profile_table(ds, rows)

first_part.stop_until_shown(PAGE)  # the rest once the browser shows this
controls()

website_section(ds, code, year, me["name"])

group = size_class_label(me["size_class"])
st.header(t("profil.indekser", gruppe=group))


def index_chart():
    return charts.index_chart(rows, me["name"])


widgets.chart(index_chart, index_inds, key=("profil.indekser", code, year))
st.caption(md("profil.indekser.alt", navn=me["name"]))
widgets.chart_downloads(
    index_chart,
    f"{me['name']}: {t('profil.indekser', gruppe=group)}, {year}",
    f"indekser_{code}_{year}",
    index_inds,
    key="dl_indekser",
)

st.header(t("profil.trend"))
trend_indicator_select(ds)
ind = ds.catalogue[state.view().indicator]
widgets.caveat(ind)
tr = data.trend(ds, code, year, ind.id)


def trend_chart():
    return charts.trend_chart(tr, me["name"], ind)


widgets.chart(trend_chart, [ind], key=("profil.trend", code, year, ind.id))
st.caption(
    md("profil.trend.alt", navn=me["name"], indikator=ind.name, aar=", ".join(map(str, tr["year"])))
)
widgets.chart_downloads(
    trend_chart, f"{me['name']}: {ind.name}", f"utvikling_{code}_{ind.id}", [ind], key="dl_trend"
)
trend_table(tr, ind)

st.header(t("profil.naboer", aar=year))
st.caption(md("profil.naboer.hjelp", navn=me["name"]))
peer_table(profile.peers(ds, code, year, ind.id), ind, code, me["name"], year)

widgets.table_downloads(
    export.profile_frame(rows, me["name"], code, year, ds.catalogue),
    export.export_meta(
        f"{t('nav.profil')}: {me['name']} ({code})",
        year,
        ds.built_at,
        shown,
        link=widgets.view_link(widgets.PAGES[PAGE][2]),
    ),
    f"kommuneprofil_{code}_{year}",
    (t("profil.last_ned_csv"), t("profil.last_ned_xlsx")),
)
st.caption(md_escape(sources_line(shown)))
profile_pdf_button(ds, me, code, year, rows, tr, ind)
# the code blocks (Streamlit's 1,5 MB highlighter) when asked
if st.toggle(t("del.lenke"), key=state.W_SHARE):
    widgets.share_panel(
        widgets.PAGES[PAGE][2], t("profil.tittel", navn=me["name"]), shown, static_embed=PAGE
    )
widgets.finish(PAGE)
