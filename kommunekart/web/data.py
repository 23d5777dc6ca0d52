"""Cached data access: one accessor per concern, each keyed by the dataset's key (no cached and
uncached twins). The shared dataset is loaded once per server process from the build artefact; a
session with the user's own indicator has its own dataset (an overlay with its own key), and the
same accessors serve both."""

from __future__ import annotations

import functools
import threading

import pandas as pd
import streamlit as st

from kommunekart.analysis import stats
from kommunekart.base import strings
from kommunekart.base.strings import message, t
from kommunekart.pipeline import build
from kommunekart.pipeline.dataset import Dataset, JoinError
from kommunekart.sources.mirror import DataSourceError
from kommunekart.web import state, urlstate

_SHARED: list[
    Dataset
] = []  # the server's one shared dataset (read-only), loaded by the first visitor
_LOCK = threading.Lock()


_SKIPPED: list[str] = []  # saved tables (data/egne) left out as broken: said on every page


def skipped_saved() -> list[str]:
    return list(_SKIPPED)


def _load(progress=lambda step: None) -> Dataset:
    _SKIPPED.clear()
    ds = build.with_saved(build.load_or_build(progress), skipped=_SKIPPED)
    # The shared data lives as long as the server: move it out of the garbage collector's reach.
    # Streamlit runs a full collection after every script run; scanning these objects held each
    # page's last messages back by about 0.3 s (measured in Chromium).
    import gc

    gc.collect()
    gc.freeze()
    return ds


def _shared() -> Dataset:
    """Loaded once per server process (a module-level singleton rather than st.cache_resource, whose
    replay would show the progress box on every run): by ``preload`` when the server is started with
    ``python -m kommunekart.web.serve``, else by the first visitor, who sees the steps in words."""
    if _SHARED:
        return _SHARED[0]
    with _LOCK:
        if not _SHARED:
            slot = st.empty()
            box = slot.status(t("bygg.status"), expanded=False)
            ds = _load(lambda step: box.update(label=t(step)))
            slot.empty()  # the steps were shown while they ran; the page follows
            _SHARED.append(ds)
    return _SHARED[0]


def preload() -> None:
    """Load the shared dataset and the static file index before the first visitor (no UI)."""
    with _LOCK:
        if not _SHARED:
            _SHARED.append(_load())
    ds = _SHARED[0]
    from kommunekart.pipeline.geoassets import write_static_assets
    from kommunekart.web.urlstate import default_view

    _STATIC.setdefault(ds.key, write_static_assets(ds.kommuner, ds.fylker, ds.attrs, key=ds.key))
    front = default_view(ds.catalogue, ds.years, max(ds.years_with(ds.catalogue.default)))
    ds.tables[(front.indicator, front.year)]  # the default map's table


def warm() -> None:
    """What the first visitor's first runs would otherwise compute, done while their browser is
    still loading Streamlit's frontend (call once the server runs): the default map's class breaks,
    Streamlit's emoji pattern (compiled on the first non-ASCII text of an alert, ~0,14 s, py-spy)
    and the kommune picker's labels of the default year (~0,34 s in the run that sends the menus).
    """
    from streamlit.emojis import EMOJI_EXTRACTION_REGEX  # noqa: F401  (imported ahead: warms it)

    from kommunekart.web.urlstate import default_view

    ds = _shared()
    view = default_view(ds.catalogue, ds.years, max(ds.years_with(ds.catalogue.default)))
    classes(ds, view)
    picker_labels(view.year)


def reset() -> None:
    """Forget the loaded dataset (tests; a server loads it once)."""
    with _LOCK:
        _SHARED.clear()
    _STATIC.clear()
    st.cache_data.clear()
    st.cache_resource.clear()


def shared() -> Dataset:
    return _shared()


def current() -> Dataset:
    """This session's dataset: the shared one, or the shared one plus the user's own indicator."""
    try:
        overlay = st.session_state.get(state.OVERLAY)
    except Exception:  # outside a Streamlit session (benchmarks)
        overlay = None
    return overlay if overlay is not None else _shared()


def dataset_or_stop() -> Dataset:
    """This session's dataset, or a clear page saying what is missing and how to fix it."""
    try:
        _shared()
        return current()
    except (DataSourceError, JoinError) as err:
        st.title(t("feil.data.tittel"))
        # the project's own sources file: its addresses are meant to be copied
        st.error(message(err))
        st.stop()


_STATIC: dict[str, dict] = {}  # dataset key -> URLs of the static geometry files


def static_urls() -> dict:
    ds = _shared()
    if ds.key not in _STATIC:
        from kommunekart.pipeline.geoassets import write_static_assets

        _STATIC[ds.key] = write_static_assets(ds.kommuner, ds.fylker, ds.attrs, key=ds.key)
    return _STATIC[ds.key]


# ---------------------------------------------------------------- per (dataset, ...) accessors
def per_dataset(*, shared: bool = False, max_entries: int = 256):
    """One cached accessor per concern: ``fn(ds, *args)`` computed once per (dataset key, language,
    args) for all sessions, the dataset itself not hashed. ``shared``: handed out read-only, never
    copied per call (st.cache_resource); otherwise st.cache_data copies the result for each caller.
    """

    def wrap(fn):
        def cached(_ds: Dataset, key: str, lang: str, *args):
            return fn(_ds, *args)

        # Streamlit tells cached functions apart by module, name and source: this one's source is
        # the same for every accessor, so it takes the accessor's name
        cached.__module__, cached.__name__ = fn.__module__, f"_{fn.__name__}"
        cached.__qualname__ = f"_{fn.__qualname__}"
        store = (st.cache_resource if shared else st.cache_data)(
            show_spinner=False, max_entries=max_entries
        )(cached)

        @functools.wraps(fn)
        def call(ds: Dataset, *args):
            return store(ds, ds.key, strings.lang(), *args)

        return call

    return wrap


@per_dataset(max_entries=512)
def classes_of(ds: Dataset, indicator: str, year: int, method: str):
    """Class breaks of an indicator and year by ``method`` (the build's bounds where it made
    them)."""
    from kommunekart.analysis import classify
    from kommunekart.pipeline.breaks import breaks_key

    ind = ds.catalogue[indicator]
    table = stats.view_table(ds, indicator, year)
    breaks = ds.breaks.get(breaks_key(indicator, year, method))
    return classify.classify(
        table["value"], method, ind.kind, ind.unit, ind.decimals, breaks=breaks
    )


def classes(ds: Dataset, view: urlstate.View):
    """The classes of a view, computed once per (dataset, indicator, year, method)."""
    return classes_of(ds, view.indicator, view.year, view.classes)


@per_dataset(shared=True, max_entries=128)
def change_view(ds: Dataset, indicator: str, start: int, end: int):
    """Endring: (the change's indicator, its table, its classes), made once per dataset, years and
    language, and shared read-only."""
    from kommunekart.analysis import change

    table = change.change_table(ds, indicator, start, end)
    ind = change.change_indicator(ds.catalogue[indicator], start, end)
    return ind, table, change.change_classes(table["value"], ind.kind, ind.unit, ind.decimals)


@per_dataset(shared=True, max_entries=128)
def relation_pair(ds: Dataset, x_indicator: str, y_indicator: str, year: int):
    """Sammenheng: the two indicators' values per kommune and their rank correlation."""
    from kommunekart.analysis.relation import pair

    return pair(ds, x_indicator, y_indicator, year)


def shown(ds: Dataset, view: urlstate.View):
    """What the map of a view shows, (indicator, table, classes): the year's values, or with «fra»
    the change since then."""
    if view.start is not None:
        return change_view(ds, view.indicator, view.start, view.year)
    ind = ds.catalogue[view.indicator]
    return ind, stats.view_table(ds, view.indicator, view.year), classes(ds, view)


@per_dataset(shared=True, max_entries=512)
def indicator_stats(ds: Dataset, indicator: str, year: int) -> dict:
    """Ranks and medians of one indicator and year for all kommuner."""
    from kommunekart.analysis.profile import indicator_stats as make

    return make(ds, indicator, year)


@per_dataset(shared=True, max_entries=256)
def map_spec(ds: Dataset, view: urlstate.View, embedded: bool):
    """What the map gets for a view (class and value text of 357 kommuner), encoded once and shared
    read-only rather than made on every rerun. The static geometry's addresses follow from the
    dataset's key. An embed is the figure: legend inside, as high as the frame."""
    from kommunekart.analysis import finder
    from kommunekart.render.legend import map_legend
    from kommunekart.web.map_component.spec import map_spec as make

    ind, table, cls = shown(ds, view)
    dim = ()
    if view.size or view.fylke or (view.value and finder.fits(ind.kind, view.value)):
        kept = finder.apply(
            table, ind.kind, view.size, view.fylke, view.value, decimals=ind.decimals
        )
        dim = set(table["kommunenummer"]) - set(kept["kommunenummer"])
    return make(
        table,
        cls,
        ind,
        view.year,
        static_urls(),
        view.kommune,
        legend=map_legend(cls, ind, view.year) if embedded else None,
        height="max(220px, calc(100vh - 95px))"
        if embedded
        else "clamp(340px, calc(100svh - 190px), 640px)",
        dim=dim,
        years=set(ds.years_with(view.indicator)),
    ).encode()


@per_dataset(shared=True, max_entries=512)
def description(ds: Dataset, indicator: str, year: int, start: int | None = None) -> str:
    """The map's text alternative (highest, lowest, median, missing; of a change: largest fall and
    rise, how many could not be compared)."""
    if start is not None:
        from kommunekart.analysis.change import describe

        table = change_view(ds, indicator, start, year)[1]
        return describe(table, ds.catalogue[indicator], start, year)
    return stats.describe_view(stats.view_table(ds, indicator, year), ds.catalogue[indicator], year)


@per_dataset(max_entries=512)
def profile_rows(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """The profile's rows of a kommune (profile.indicator_rows, with the shared indicator stats)."""
    from kommunekart.analysis.profile import indicator_rows

    return indicator_rows(ds, code, year, stats_of=indicator_stats)


@per_dataset(max_entries=1024)
def trend(ds: Dataset, code: str, year: int, indicator: str) -> pd.DataFrame:
    """A kommune's values carried over the reforms (profile.trend): the change table's work was a
    third of the profile page's server time."""
    from kommunekart.analysis.profile import trend as make

    return make(ds, code, year, indicator)


def trends(ds: Dataset, codes: list[str], year: int, indicator: str) -> pd.DataFrame:
    from kommunekart.analysis.compare import trends as make

    return make(ds, codes, year, indicator, trend_of=trend)


@per_dataset(max_entries=256)
def over_time(ds: Dataset, indicator: str, grouping: str, year: int) -> pd.DataFrame:
    """Each group's statistic per survey year (groups.over_time)."""
    from kommunekart.analysis.groups import over_time as make

    return make(ds, indicator, grouping, year)


@per_dataset(max_entries=256)
def _compare_frame(ds: Dataset, codes: tuple, year: int) -> pd.DataFrame:
    from kommunekart.analysis.compare import frame

    return frame(ds, list(codes), year)


def compare_frame(ds: Dataset, codes: list[str], year: int) -> pd.DataFrame:
    """Every indicator of a year for the chosen kommuner (compare.frame)."""
    return _compare_frame(ds, tuple(codes), year)


@st.cache_data(show_spinner=False, max_entries=1024)
def _chart_spec(
    key: tuple, ds_key: str, indicator_ids: tuple, lang: str, _make, _indicators
) -> dict:
    from kommunekart.render.charts import chart_spec as spec
    from kommunekart.render.charts import with_credits
    from kommunekart.render.legend import chart_credits

    return spec(with_credits(_make(), chart_credits(_indicators)))


def chart_spec(make, indicators, key: tuple) -> dict:
    """A chart's Vega-Lite spec with its sources inside, made by calling ``make`` once per ``key``
    (what the chart shows besides this session's dataset and the language) for all sessions:
    building and converting the Altair charts was a third of the other pages' server time."""
    return _chart_spec(
        key, current().key, tuple(i.id for i in indicators), strings.lang(), make, indicators
    )


@st.cache_resource(show_spinner=False)
def projected(year: int):
    """Kommune and fylke geometry of ``year`` in UTM 33 (for the static maps)."""
    from kommunekart.render.figures import UTM33

    ds = _shared()
    return ds.kommuner[year].to_crs(UTM33), ds.fylker[year].to_crs(UTM33)


@st.cache_data(show_spinner=False, max_entries=256)
def locator_png(year: int, code: str) -> bytes:
    from kommunekart.render.figures import locator_png as draw

    kommuner, fylker = projected(year)
    return draw(kommuner, fylker, code)


@per_dataset(max_entries=128)
def small_multiples(
    ds: Dataset, indicator: str, year: int, selected: str | None = None, grouping: str = "ssb"
) -> bytes:
    """One small map per group of the chosen grouping (SSB's three, the finer six or the year's
    fylker)."""
    from kommunekart.analysis import groups
    from kommunekart.base.constants import DEFAULT_METHOD
    from kommunekart.render import smallmaps

    ind = ds.catalogue[indicator]
    table = stats.view_table(ds, indicator, year)
    cls = classes_of(ds, indicator, year, DEFAULT_METHOD)
    kommuner, fylker = projected(year)
    kommuner = kommuner.set_index("kommunenummer").loc[table["kommunenummer"]].reset_index()
    return smallmaps.small_multiples_png(
        kommuner,
        fylker,
        table,
        groups.group_labels(table, grouping),
        cls,
        f"{ind.name}, {year}",
        ind,
        selected=selected,
    )


# ---------------------------------------------------------------- data page
@per_dataset(shared=True, max_entries=4)
def _kommune_names(ds: Dataset):
    from kommunekart.lineage.names import KommuneNames

    return KommuneNames.of(ds)


def kommune_names():
    """The one name matcher (names, Sami names, older names and numbers) of the shared dataset."""
    return _kommune_names(_shared())


@per_dataset(shared=True, max_entries=64)
def _picker_labels(ds: Dataset, year: int) -> dict:
    return _kommune_names(ds).picker_labels(year)


def picker_labels(year: int) -> dict:
    """The kommune picker's options of a map year (kommunenummer -> every text that finds it)."""
    return _picker_labels(_shared(), year)


_IMPORTS = "kk_importer"  # session state: this session's reads of the file it shows


def imported_file(
    raw: bytes,
    name: str,
    year: int | None,
    region_column: str | None,
    sheet: str | None = None,
    name_choices: tuple = (),
):
    """A file read once, not on every rerun of the data page (a 2 MB SSB export takes ~2 s to read).
    Kept in the session, for the file it shows only: a new file releases the reads of the one before
    (a server-wide cache held eight files' results for an hour, whoever had uploaded them). Kommuner
    named without numbers are matched with ``kommune_names``; ``name_choices``: (name,
    kommunenummer) the user chose for names that fit several kommuner. Raises ImportProblem."""
    import hashlib

    from kommunekart.readers import importer
    from kommunekart.web import isolated

    digest = hashlib.sha256(raw).hexdigest()
    memo = st.session_state.get(_IMPORTS)
    if not memo or memo["file"] != digest:
        memo = st.session_state[_IMPORTS] = {"file": digest, "reads": {}}
    key = (name, year, region_column, sheet, tuple(name_choices))
    if key not in memo["reads"]:
        names = kommune_names()  # built here, before the fork: the child shares it
        # in a child process: the parse's memory is not kept by the server, and it has a time budget
        memo["reads"][key] = isolated.run(
            importer.read_table,
            raw,
            name,
            year=year,
            region_column=region_column,
            sheet_name=sheet,
            names=names.resolve,
            name_choices=dict(name_choices),
        )
    return memo["reads"][key]


@st.cache_data(ttl=3600, show_spinner=False, max_entries=50)
def ssb_metadata(table_id: str):
    from kommunekart.readers import ssbapi

    return ssbapi.fetch_metadata(table_id)
