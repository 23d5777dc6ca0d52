"""A user's own imported table as an indicator for this session (pure; no Streamlit).

The shared dataset is never changed: ``with_user_indicator`` returns a new Dataset that shares the
shared frames' geometry and attributes and adds the user's indicator, for one session only."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kommunekart.base.errors import Message
from kommunekart.base.files import ROOT
from kommunekart.base.strings import t
from kommunekart.pipeline.breaks import breaks_jobs, cached_breaks
from kommunekart.pipeline.dataset import VALUE_COLUMNS, Dataset, frozen
from kommunekart.readers.importer import ImportProblem
from kommunekart.sources.catalogue import Catalogue, Indicator

USER_THEME = "egne"
SAVED_ENV = "KOMMUNEKART_EGNE_DATA"  # where the CLI saves indicators (default data/egne)


# the direction choice (page and CLI), default first
HIGHER_IS_BETTER = {
    "ingen": None,
    "hoy": True,
    "lav": False,
}


def series_years(data: pd.DataFrame, series: str) -> list[int]:
    return sorted(int(y) for y in data.loc[data["indicator"] == series, "year"].unique())


def default_name(data: pd.DataFrame, series: str) -> str:
    """The series' name, with its year when it has one year only (the map may show it under
    another)."""
    years = series_years(data, series)
    return f"{series} ({years[0]})" if len(years) == 1 else series


def decimals_for(values: pd.DataFrame) -> int:
    """Whole numbers are shown without decimals, others with one."""
    v = values["value"].dropna()
    return 0 if len(v) and (v == v.round()).all() else 1


def _in_every_language(key: str, **params) -> dict[str, str]:
    """A catalogue sentence in every language, stored with a user's indicator (today's date in
    each)."""
    from kommunekart.base import fmt
    from kommunekart.base.strings import LANGS, language

    out = {}
    for code in LANGS:
        with language(code):
            out[code] = t(key, dato=fmt.date_text(date.today()), **params)
    return out


def make_indicator(
    name: str,
    unit: str,
    source: str,
    higher_is_better: bool | None,
    existing: list[str],
    caveat: str = "",
    merge: str = "weighted_mean",
    decimals: int = 1,
) -> Indicator:
    from kommunekart.base.textclean import clean_name

    # as typed or pasted, without invisible characters (a name with a hidden bidi override reads
    # backwards)
    name, unit, source = (clean_name(x)[0] for x in (name, unit, source))
    base = "egen_" + (re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "data")
    ind_id, n = base, 2
    while ind_id in existing:
        ind_id, n = f"{base}_{n}", n + 1
    return Indicator(
        id=ind_id,
        names={"nb": name.strip()[:120] or "Egne data"},
        theme=USER_THEME,
        kind="count",
        unit_names=unit.strip()[:30],
        higher_is_better=higher_is_better,
        decimals=decimals,
        data="egen",
        definitions=_in_every_language("egen.definisjon", kilde=source.strip()[:200]),
        source_names=source.strip()[:200],
        caveats={"nb": caveat} if caveat else None,
        merge=merge,
    )


def prepare_values(
    data: pd.DataFrame, indicator_label: str, codes_by_year: dict[int, set]
) -> tuple[pd.DataFrame, list[str]]:
    """The rows of one imported indicator that can be drawn: years the app has maps for,
    kommunenummer valid that year. Everything left out is counted in the returned notes (never
    silently)."""
    part = data[data["indicator"] == indicator_label]
    notes = []
    other_years = sorted(set(part["year"]) - set(codes_by_year))
    if other_years:
        notes.append(
            Message(
                "data.note.aar_uten_kart",
                {
                    "aar": ", ".join(map(str, other_years)),
                    "kart": ", ".join(map(str, sorted(codes_by_year))),
                },
            )
        )
    part = part[part["year"].isin(list(codes_by_year))]
    valid = np.array(
        [k in codes_by_year[int(y)] for k, y in zip(part["kommunenummer"], part["year"])],
        dtype=bool,
    )
    empty = ~valid & part["value"].isna().to_numpy() & part["status"].isin(["", ".."]).to_numpy()
    # empty cells of numbers not in use that year (a table spanning a reform): nothing to draw
    if empty.any():
        notes.append(Message("data.note.tomme_celler", {"n": int(empty.sum())}))
        valid_or_empty = valid | empty
        part, valid = part[valid_or_empty], valid[valid_or_empty]
    if (~valid).any():
        bad = part.loc[~valid, ["kommunenummer", "year"]]
        ex = ", ".join(f"{k} ({y})" for k, y in bad.head(8).itertuples(index=False))
        notes.append(
            Message("data.note.ugyldige_nummer", {"n": int((~valid).sum()), "eksempler": ex})
        )
    return part[valid].copy(), notes


def with_user_indicator(
    ds: Dataset, ind: Indicator, values: pd.DataFrame, breaks: dict | None = None
) -> Dataset:
    """A new Dataset = ``ds`` + one user indicator (values: kommunenummer, year, value, status),
    with its own key; ``ds`` is not changed (an overlay: the frames of ``ds`` are shared, not
    copied)."""
    import hashlib

    themes = (
        ds.catalogue.themes
        if USER_THEME in ds.catalogue.themes
        else ds.catalogue.themes + (USER_THEME,)
    )
    others = tuple(i for i in ds.catalogue.indicators if i.id != ind.id)
    catalogue = Catalogue(themes=themes, indicators=others + (ind,), default=ds.catalogue.default)
    rows = values.assign(indicator=ind.id)[VALUE_COLUMNS]
    merged = dict(ds.breaks)
    merged.update(breaks or {})
    digest = hashlib.sha256(
        pd.util.hash_pandas_object(rows, index=False).values.tobytes() + repr(ind).encode()
    ).hexdigest()[:12]
    tables = ds.tables.over(rows)
    return dataclasses.replace(
        ds,
        key=f"{ds.key}+{ind.id}.{digest}",
        catalogue=catalogue,
        values=pd.concat([ds.values[ds.values["indicator"] != ind.id], rows], ignore_index=True),
        tables=tables,
        breaks=frozen(merged),
    )


def user_breaks(ind: Indicator, values: pd.DataFrame, codes_by_year: dict[int, set]) -> dict:
    """Class bounds for the user's indicator (computed in a child process, like the built-in ones,
    and cached on disk like them: the same table loaded again is not computed again)."""
    jobs = breaks_jobs(
        ind.id, ind.kind, {int(y): g["value"].to_numpy() for y, g in values.groupby("year")}
    )
    return cached_breaks(jobs, ROOT / "data" / "cache")


def best_numbering(ds: Dataset, codes: set[str], year: int) -> tuple[int, int]:
    """The 1 January whose kommune numbers (KLASS 131, 2010-2024) hold most of ``codes``, and how
    many: a table of 2013's values on 2019's numbers (Nkom) fits 2019, not 2013. Ties: the year
    nearest to
    ``year`` (the values' year), then the later."""
    candidates = [y for y in range(2010, 2025) if ds.codes_in(y)]
    score = {y: len(codes & ds.codes_in(y)) for y in candidates}
    best = max(candidates, key=lambda y: (score[y], -abs(y - int(year)), y))
    return best, score[best]


def carry_user_values(
    ds: Dataset,
    data: pd.DataFrame,
    indicator_label: str,
    year: int,
    how: str,
    numbering: int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """One year of an imported series, keyed on any kommune numbering since 2010, carried onto the
    2024 map with SSB's KommSummer grouping (``how``: "sum" for counts, "weighted_mean" for shares
    and averages, weighted by population). ``numbering``: the 1 January whose kommune numbers the
    table uses, separate from the year its values describe (default: the one the codes fit best,
    said in the notes). Returns the 2024 rows and notes saying what happened."""
    from kommunekart.lineage import reform

    part = data[(data["indicator"] == indicator_label) & (data["year"] == year)]
    codes = set(part["kommunenummer"])
    if numbering is None:
        numbering, fit = best_numbering(ds, codes, year)
        notes = [
            Message(
                "data.note.nummerering_auto",
                {"aar": numbering, "treff": fit, "alle": len(codes), "verdiaar": year},
            )
        ]
    else:
        numbering = int(numbering)
        if not ds.codes_in(numbering) or numbering > 2024:
            raise ImportProblem("data.nummerering_ugyldig", aar=numbering)
        notes = [
            Message(
                "data.note.nummerering",
                {
                    "aar": numbering,
                    "treff": len(codes & ds.codes_in(numbering)),
                    "alle": len(codes),
                    "verdiaar": year,
                },
            )
        ]
    # the population of the numbering's own year (from 2015)
    weights_year = min(max(numbering, 2015), 2024)
    carried, report = reform.carry_to_2024(
        part[["kommunenummer", "value", "status"]],
        numbering,
        how,
        ds.population,
        ds.changes,
        ds.kommsummer,
        ds.codes(2024),
        in_use_of=ds.codes_in,
    )
    notes += reform.report_messages(report, numbering)
    if how == "weighted_mean" and report["merged"]:
        notes.append(Message("data.note.vektet", {"aar": weights_year}))
    return carried.assign(year=2024)[["kommunenummer", "year", "value", "status"]], notes


def to_map_years(
    ds: Dataset, data: pd.DataFrame, series: str
) -> tuple[pd.DataFrame, list[str], str]:
    """Years without a map of their own drawn on the map of the same kommune borders: 2019 on
    2018's, 2021 on 2020's, 2023 on 2022's, 2025 and later on 2024's; a number renamed in between
    (2019: Rindal 5061 -> 1567) is translated with SSB's change table. A year whose map already has
    the series' own numbers is left as it is (prepare_values reports it). Returns the rows, notes
    and a caveat naming what was moved."""
    from kommunekart.lineage.kommuner import translate_code

    part = data[data["indicator"] == series].copy()
    own = set(part["year"].astype(int))
    moved, notes = {}, []
    for year in sorted(own - set(ds.own_years)):
        target = max([m for m in ds.own_years if m <= year], default=None)
        if target is None or target in own or target in moved.values():
            continue
        rows = part["year"] == year
        codes = ds.codes(target)
        renamed = {
            k: translate_code(ds.changes, k, year, target)
            for k in set(part.loc[rows, "kommunenummer"]) - codes
        }
        renamed = {k: v for k, v in renamed.items() if v and v in codes}
        # a row under the new number in the same year is a stale one (SSB's exports list numbers not
        # in use that year with 0): it gives way; a real value there is a conflict, and nothing is
        # renamed
        stale = rows & part["kommunenummer"].isin(set(renamed.values()))
        if (part.loc[stale, "value"].fillna(0) != 0).any():
            renamed = {}
        else:
            part = part[~stale]
            rows = part["year"] == year
        part.loc[rows, "kommunenummer"] = part.loc[rows, "kommunenummer"].replace(renamed)
        part.loc[rows, "year"] = target
        moved[year] = target
        notes.append(Message("data.note.flyttet", {"aar": year, "kart": target}))
        if renamed:
            notes.append(
                Message(
                    "data.note.nytt_nummer",
                    {"liste": ", ".join(f"{a} → {b}" for a, b in sorted(renamed.items()))},
                )
            )
    caveat = "; ".join(t("data.flyttet_kort", aar=y, kart=m) for y, m in moved.items())
    return part, notes, (caveat[:1].upper() + caveat[1:] + ".") if caveat else ""


def series_values(
    ds: Dataset,
    data: pd.DataFrame,
    series: str,
    target: str = "egen",
    from_year: int | None = None,
    how: str = "weighted_mean",
    numbering: int | None = None,
) -> tuple[pd.DataFrame, list[str], str]:
    """The rows of one imported series ready for the map: on the map of their own year's borders
    (``target="egen"``) or one year carried onto the 2024 map (``target="2024"``). Returns values,
    notes and the caveat that goes with the indicator."""

    if target == "2024":
        years = series_years(data, series)
        year = from_year if from_year is not None else (years[-1] if years else None)
        if year not in years:
            raise ImportProblem("cli.fra_aar", aar=year, gyldige=", ".join(map(str, years)))
        values, notes = carry_user_values(ds, data, series, year, how, numbering)
        return values, notes, t("data.omregnet", aar=year)
    part, moved_notes, caveat = to_map_years(ds, data, series)
    values, notes = prepare_values(part, series, ds.codes_by_own_year())
    return values, moved_notes + notes, caveat


# ---------------------------------------------------------------- saved indicators (data/egne,
# written by the CLI)
def saved_dir() -> Path:
    return Path(os.environ.get(SAVED_ENV) or ROOT / "data" / "egne")


class SavedExists(ImportProblem):
    """``--lagre`` of a name already saved, without being told to replace it."""


def save_indicator(
    ind: Indicator,
    values: pd.DataFrame,
    folder: Path | None = None,
    retrieved: str = "",
    replace: bool = False,
) -> Path:
    """Write an imported indicator as ``<id>.csv`` (kommunenummer, year, value, status) beside
    ``<id>.yaml`` (its catalogue entry, with the CSV's sha256), so the app shows it to every visitor
    from its next start. A name already saved is refused (SavedExists) unless ``replace``."""
    import hashlib

    from kommunekart.base.files import write_atomic

    folder = folder or saved_dir()
    path = folder / f"{ind.id}.yaml"
    if not replace and (path.is_file() or path.with_suffix(".csv").is_file()):
        raise SavedExists("cli.finnes", navn=ind.name, id=ind.id, sti=path)
    body = values[["kommunenummer", "year", "value", "status"]].to_csv(index=False).encode("utf-8")
    # the numbers first, the catalogue entry last: the app lists *.yaml, so it never sees an
    # indicator whose numbers are half written (replicas read this folder while the CLI writes it);
    # the checksum in the entry catches a CSV changed or cut short later
    write_atomic(folder / f"{ind.id}.csv", body)
    meta = {
        "id": ind.id,
        "name": dict(ind.names),
        "theme": ind.theme,
        "kind": ind.kind,
        "unit": ind.unit,
        "higher_is_better": ind.higher_is_better,
        "decimals": ind.decimals,
        "data": ind.data,
        "definition": dict(ind.definitions),
        "source": ind.source,
        "merge": ind.merge,
        "caveat": dict(ind.caveats or {}),
        "retrieved": retrieved,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return write_atomic(path, yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))


def saved_ids(folder: Path | None = None) -> list[str]:
    folder = folder or saved_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_saved(
    folder: Path | None = None, skipped: list | None = None
) -> list[tuple[Indicator, pd.DataFrame]]:
    """Every indicator saved in ``folder`` whose numbers are whole (the CSV has the checksum its
    entry names). A file that cannot be read, or was changed or cut short, is skipped, never shown:
    logged for the operator and, when ``skipped`` is given, added to it as the file's name (for the
    visitors)."""
    import hashlib
    import io
    import logging

    folder = folder or saved_dir()
    out = []
    for meta_path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
            ind = Indicator(
                id=str(meta["id"]),
                names=dict(meta["name"]),
                theme=USER_THEME,
                kind=meta.get("kind", "count"),
                unit_names=str(meta.get("unit") or ""),
                higher_is_better=meta.get("higher_is_better"),
                decimals=int(meta.get("decimals", 1)),
                data="egen",
                definitions=dict(meta["definition"]),
                source_names=str(meta.get("source") or ""),
                merge=meta.get("merge", "weighted_mean"),
                caveats=meta.get("caveat") or None,
            )
            body = meta_path.with_suffix(".csv").read_bytes()
            if hashlib.sha256(body).hexdigest() != meta.get("sha256"):
                raise ValueError(
                    "the CSV does not have the checksum in its entry (changed, cut short or "
                    "saved before checksums); save it again with the CLI"
                )
            values = pd.read_csv(
                io.BytesIO(body),
                dtype={"kommunenummer": str, "status": str},
                keep_default_na=False,
                na_values={"value": [""]},
            )
            values["value"] = pd.to_numeric(values["value"], errors="raise").astype(float)
            values["year"] = values["year"].astype(int)
            out.append((ind, values))
        except Exception as err:
            logging.getLogger("kommunekart").warning(
                "Hopper over lagret indikator %s: %s", meta_path.name, err
            )
            if skipped is not None:
                skipped.append(meta_path.stem)
    return out
