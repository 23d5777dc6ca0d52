"""The frozen dataset every page reads, and the pure steps that assemble it.

``assemble`` is pure given its inputs (frames); ``build.py`` runs the pipeline (sources -> readers
-> assemble/demo/real indicators -> artefact) and loads the artefact. A ``Dataset`` is never changed
after it is made: each view table is built once, on first use, and a user's own indicator is an
overlay (``userdata.with_user_indicator``) that makes a new Dataset with its own ``key``.
Join checks raise ``JoinError`` (a code and its parameters) rather than dropping rows.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from kommunekart.base.errors import Problem
from kommunekart.lineage.kommuner import SHOWN_ON_LATER_MAP, numbering, search_index, size_class
from kommunekart.sources.catalogue import Catalogue

VALUE_COLUMNS = ["kommunenummer", "year", "indicator", "value", "status"]


class JoinError(Problem):
    """Rows of a data frame do not match the kommune boundaries of their year."""


@dataclass(frozen=True)
class Dataset:
    key: str  # identifies the content: the build's key, plus the overlays on it
    catalogue: Catalogue
    # GeoDataFrames per year: kommunenummer, name, fylkenummer, fylke_name
    kommuner: Mapping[int, pd.DataFrame]
    fylker: Mapping[int, pd.DataFrame]
    # year, kommunenummer, name, fylkenummer, fylke_name, population, size_class
    attrs: pd.DataFrame
    values: pd.DataFrame  # kommunenummer, year, indicator, value, status
    changes: pd.DataFrame  # KLASS 131 change table
    # SSB's KommSummer grouping (historical codes -> 2024 kommuner)
    kommsummer: pd.DataFrame | None = None
    # year, kommunenummer, population: 2015-2026, each year's own numbering
    population: pd.DataFrame | None = None
    # year, kommunenummer, name: the kommuner of 1 January 2010-2026 (KLASS 131)
    klass: pd.DataFrame | None = None
    search: Mapping[int, pd.DataFrame] = field(default_factory=dict)
    # "indicator|year|method" -> class bounds
    breaks: Mapping[str, list] = field(default_factory=dict)
    # (indicator, year) -> view table (ViewTables)
    tables: Mapping[tuple, pd.DataFrame] = field(default_factory=dict)
    built_at: str = ""  # when the sources were read (the build), shown in exports

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.kommuner))  # the keys: the geometry itself is not loaded for this

    def attrs_for(self, year: int) -> pd.DataFrame:
        return self.attrs[self.attrs["year"] == year].set_index("kommunenummer")

    def codes(self, year: int) -> frozenset[str]:
        """The kommunenummer of ``year``'s map (from the attributes: no geometry needed); computed
        once per dataset (every page run asks, to read the address)."""
        cache = self.__dict__.setdefault("_codes", {})  # frozen dataclass: a plain per-object memo
        if year not in cache:
            cache[year] = frozenset(self.attrs.loc[self.attrs["year"] == year, "kommunenummer"])
        return cache[year]

    def codes_in(self, year: int) -> set[str]:
        """The kommunenummer in use 1 January ``year`` (any year 2010-2026, not only the map years):
        KLASS 131's list of that year (the population file's numbers where the dataset has no list).
        """
        if year in self.kommuner and numbering(year) == year:
            return self.codes(year)
        # frozen dataclass: a plain per-object memo
        cache = self.__dict__.setdefault("_codes_in", {})
        if year not in cache:
            if self.klass is not None and (self.klass["year"] == year).any():
                cache[year] = set(self.klass.loc[self.klass["year"] == year, "kommunenummer"])
            else:
                pop = self.population
                cache[year] = set(
                    pop.loc[(pop["year"] == year) & (pop["population"] > 0), "kommunenummer"]
                )
        return cache[year]

    def codes_by_year(self) -> dict[int, set[str]]:
        return {y: self.codes(y) for y in self.years}

    @property
    def own_years(self) -> tuple[int, ...]:
        """The map years in their own numbering (not the older years drawn on a later map): what a
        user's table of a year is checked against."""
        return tuple(y for y in self.years if numbering(y) == y)

    def codes_by_own_year(self) -> dict[int, set[str]]:
        return {y: self.codes(y) for y in self.own_years}

    def years_with(self, indicator: str) -> tuple[int, ...]:
        """The years where ``indicator`` has at least one value (the survey every other year,
        website measurements every year 2022-2026); all years when it has none."""
        # frozen dataclass: a plain per-object memo
        cache = self.__dict__.setdefault("_years_with", {})
        if indicator not in cache:
            v = self.values
            have = sorted(
                int(y)
                for y in v.loc[(v["indicator"] == indicator) & v["value"].notna(), "year"].unique()
            )
            cache[indicator] = tuple(y for y in have if y in self.kommuner) or self.years
        return cache[indicator]


def view_table_of(attrs_year: pd.DataFrame, vals: pd.DataFrame) -> pd.DataFrame:
    """Every kommune of the year's borders (none dropped) with its attributes, value and status
    ("..", missing, where there is no row)."""
    tab = attrs_year.merge(
        vals[["kommunenummer", "value", "status"]], on="kommunenummer", how="left"
    )
    tab["status"] = tab["status"].fillna("..")
    return tab.sort_values("kommunenummer").reset_index(drop=True)


class ViewTables(Mapping):
    """Read-only {(indicator, year): view table}, each table built on first use and then kept (a
    server start does not build the 70 tables; the map page needs one). ``parent``: the tables of
    the dataset this one overlays (a user's indicator), shared rather than rebuilt."""

    def __init__(self, attrs: pd.DataFrame, values: pd.DataFrame, parent: ViewTables | None = None):
        self._attrs, self._values, self._parent = attrs, values, parent
        self._rows = {
            (ind, int(y)): idx
            for (ind, y), idx in values.groupby(["indicator", "year"], sort=False).indices.items()
        }
        self._built: dict = {}
        self._lock = threading.Lock()

    def __getitem__(self, key):
        key = (key[0], int(key[1]))
        if key not in self._rows:
            if self._parent is not None:
                return self._parent[key]
            raise KeyError(key)
        if key not in self._built:
            with self._lock:
                if key not in self._built:
                    attrs_year = self._attrs[self._attrs["year"] == key[1]]
                    self._built[key] = view_table_of(attrs_year, self._values.iloc[self._rows[key]])
        return self._built[key]

    def __iter__(self):
        parent = [k for k in (self._parent or {}) if k not in self._rows]
        return iter([*self._rows, *parent])

    def __len__(self):
        return len(list(iter(self)))

    def __contains__(self, key):
        return (key[0], int(key[1])) in self._rows or (
            self._parent is not None and key in self._parent
        )

    def over(self, values: pd.DataFrame) -> ViewTables:
        """The tables of ``values`` (an overlay's rows) on top of these."""
        return ViewTables(self._attrs, values, parent=self)


def frozen(mapping) -> Mapping:
    return (
        mapping
        if isinstance(mapping, (LazyFrames, ViewTables))
        else MappingProxyType(dict(mapping))
    )


class LazyFrames(Mapping):
    """Read-only {year: frame} whose frames are read on first use (the geometry: the map page draws
    from static files and needs none of it, so a server start does not wait for it)."""

    def __init__(self, loaders: dict):
        self._loaders, self._frames, self._lock = dict(loaders), {}, threading.Lock()

    def __getitem__(self, year):
        if year not in self._frames:
            with self._lock:
                if year not in self._frames:
                    self._frames[year] = self._loaders[year]()
        return self._frames[year]

    def __contains__(
        self, year
    ) -> bool:  # Mapping's own reads the frame; a year's presence needs none
        return year in self._loaders

    def __iter__(self):
        return iter(self._loaders)

    def __len__(self):
        return len(self._loaders)


def check_codes(frame: pd.DataFrame, valid: dict[int, set[str]], what: str) -> None:
    """Every row's kommunenummer must be a 4-digit string valid in its year (no silent drops)."""
    bad_format = ~frame["kommunenummer"].astype(str).str.fullmatch(r"\d{4}")
    if bad_format.any():
        ex = ", ".join(frame.loc[bad_format, "kommunenummer"].astype(str).head(5))
        raise JoinError(
            "feil.kobling", n=int(bad_format.sum()), hva=what, aar="datasettet", eksempler=ex
        )
    for year, rows in frame.groupby("year"):
        unknown = ~rows["kommunenummer"].isin(valid.get(int(year), set()))
        if unknown.any():
            ex = ", ".join(sorted(rows.loc[unknown, "kommunenummer"].unique())[:5])
            raise JoinError(
                "feil.kobling", n=int(unknown.sum()), hva=what, aar=int(year), eksempler=ex
            )


def assemble_attrs(kommuner: dict, population: pd.DataFrame) -> pd.DataFrame:
    """Kommune attributes per year with population and SSB size class; every kommune of every map
    must have a population (checked). A year drawn on a later map (SHOWN_ON_LATER_MAP) takes that
    map's attributes, population and size classes."""
    years = sorted(y for y in kommuner if y not in SHOWN_ON_LATER_MAP)
    valid = {y: set(kommuner[y]["kommunenummer"]) for y in years}
    pop = population[population["year"].isin(years)]
    check_codes(pop, valid, "folketallet")
    for y in years:
        missing = valid[y] - set(pop.loc[pop["year"] == y, "kommunenummer"])
        if missing:
            raise JoinError(
                "feil.kobling",
                n=len(missing),
                hva="kartet (uten folketall)",
                aar=y,
                eksempler=", ".join(sorted(missing)[:5]),
            )
    attrs = pd.concat(
        [kommuner[y].drop(columns="geometry").assign(year=y) for y in years], ignore_index=True
    ).merge(pop[["year", "kommunenummer", "population"]], on=["year", "kommunenummer"], how="left")
    attrs["size_class"] = size_class(attrs["population"]).to_numpy()
    later = [
        attrs[attrs["year"] == SHOWN_ON_LATER_MAP[y]].assign(year=y)
        for y in sorted(kommuner)
        if y not in years
    ]
    return pd.concat([*later, attrs], ignore_index=True) if later else attrs


def population_values(population: pd.DataFrame, years) -> pd.DataFrame:
    """Population as the real indicator ``folketall``."""
    pop = population[population["year"].isin(list(years))]
    return pop.assign(indicator="folketall", value=pop["population"].astype(float), status="")[
        VALUE_COLUMNS
    ]


def coverage_counts(
    values: pd.DataFrame, attrs: pd.DataFrame
) -> dict[str, dict[int, tuple[int, int]]]:
    """{indicator: {year: (kommuner with a value, kommuner on that year's map)}} of the dataset's
    values."""
    on_map = attrs.groupby("year")["kommunenummer"].nunique()
    known = (
        values[values["value"].notna()].groupby(["indicator", "year"])["kommunenummer"].nunique()
    )
    out: dict[str, dict[int, tuple[int, int]]] = {}
    for (ind, year), n in known.items():
        out.setdefault(ind, {})[int(year)] = (int(n), int(on_map.get(year, n)))
    return out


def make(
    key: str,
    catalogue: Catalogue,
    kommuner: dict,
    fylker: dict,
    attrs: pd.DataFrame,
    values: pd.DataFrame,
    changes: pd.DataFrame,
    kommsummer=None,
    aliases: dict | None = None,
    breaks: dict | None = None,
    built_at: str = "",
    search: dict | None = None,
    population: pd.DataFrame | None = None,
    klass: pd.DataFrame | None = None,
) -> Dataset:
    """A Dataset with its view tables and search index built once (checked: every value row's
    kommunenummer is valid in its year)."""
    years = sorted(kommuner)
    catalogue = catalogue.with_coverage(coverage_counts(values, attrs))
    check_codes(
        values,
        {y: set(attrs.loc[attrs["year"] == y, "kommunenummer"]) for y in years},
        "indikatorverdiene",
    )
    search = (
        search if search is not None else {y: search_index(kommuner[y], aliases) for y in years}
    )
    return Dataset(
        key=key,
        catalogue=catalogue,
        kommuner=frozen(kommuner),
        fylker=frozen(fylker),
        attrs=attrs,
        values=values,
        changes=changes,
        kommsummer=kommsummer,
        population=population,
        klass=klass,
        search=frozen(search),
        breaks=frozen(breaks or {}),
        tables=ViewTables(attrs, values),
        built_at=built_at,
    )
