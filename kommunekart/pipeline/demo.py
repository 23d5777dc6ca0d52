"""Demonstration values for the survey indicators: seeded, documented, and labelled everywhere.

Real per-kommune values of SSB's survey "Digitalisering og IKT i offentlig sektor" are not available
offline, so Kommunekart generates its own. The model (seed ``SEED``):

1. Each kommune of 2018 (422, 2018 borders) gets a persistent latent "digital maturity"
   u ~ N(0, 1) plus a small random walk over the survey years (sd ``DRIFT_SD`` per survey).
2. A kommune of a later year takes the population-weighted mean (2018 population) of its 2018
   predecessors' maturity, following SSB's KLASS 131 change table; both halves of a split kommune
   inherit the old kommune's value. So a merged kommune's trend is continuous across the reform.
3. The score used by every indicator is maturity + ``POP_EFFECT`` * z(log population of that year),
   so large kommuner lead.
4. Yes/no indicators: the kommuner with the highest score + noise answer "ja", as many as the
   national target share for that year (``YESNO_TARGETS``, from data/demo_targets.yaml: SSB's
   published national figures where they exist, each with its page; the others marked as assumed).
   Indicators where "ja" is bad (problems, obstacles) use the negated score.
5. Counts are Poisson or binomial, shares a logistic curve of the score, with year trends.
6. About ``NONRESPONSE`` of kommuner per year did not answer: every survey value is missing ("..").
   "." marks "ikke aktuelt" (no strategy -> areas covered; did not try to recruit -> recruitment
   problems).
7. Theme indices: each indicator is standardised against its 2018 distribution (lower-is-better
   indicators turned), averaged per theme, and scaled so that the 2018 median kommune = 100 and one
   2018 standard deviation = 10 points. The overall index does the same with the three theme scores.

All values from here are "Demonstrasjonsdata - ikke SSBs tall" and must be shown as such.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kommunekart.base.constants import OVERALL_INDEX, SURVEY_THEMES, SURVEY_YEARS
from kommunekart.base.files import ROOT
from kommunekart.lineage.kommuner import lineage
from kommunekart.sources.catalogue import Catalogue

SEED = 20240501
DRIFT_SD = 0.15
POP_EFFECT = 0.8
NONRESPONSE = 0.015
YEARS = SURVEY_YEARS

# National share of kommuner answering "ja" (of those answering and for whom it applies), per survey
# year: data/demo_targets.yaml, where each value is marked published (SSB's figure, with its page)
# or assumed (interpolated or the model's own assumption).
TARGETS_FILE = ROOT / "data" / "demo_targets.yaml"


def load_targets(path: Path = TARGETS_FILE) -> dict:
    from kommunekart.base.files import read_yaml

    return read_yaml(path)


TARGETS = load_targets()  # read once (the exports name how many values are published)
YESNO_TARGETS = {
    ind: {int(y): float(t["value"]) for y, t in years.items()}
    for ind, years in TARGETS["yesno"].items()
}
TRIED_TO_RECRUIT = {int(y): float(t["value"]) for y, t in TARGETS["tried_to_recruit"].items()}
BAD_WHEN_YES = {"mangler_kompetanse", "rekrutteringsproblemer"}

MISSING = ".."  # SSB: oppgave mangler
NOT_APPLICABLE = "."  # SSB: tall kan ikke forekomme / ikke aktuelt


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _top_share(score: np.ndarray, share: float, eligible: np.ndarray) -> np.ndarray:
    """1 for the round(share * n) highest-scoring eligible entries, 0 for the other eligible
    ones."""
    out = np.zeros(len(score))
    idx = np.flatnonzero(eligible)
    n_yes = int(round(share * len(idx)))
    order = idx[np.argsort(-score[idx], kind="stable")]
    out[order[:n_yes]] = 1.0
    return out


def maturity(
    population: pd.DataFrame,
    changes: pd.DataFrame,
    years=YEARS,
    seed: int = SEED,
    drift_sd: float = DRIFT_SD,
) -> pd.DataFrame:
    """Latent maturity per (year, kommunenummer) in each year's own borders (steps 1-2 above)."""
    rng = np.random.default_rng(seed)
    base_year = years[0]
    pop0 = (
        population[population["year"] == base_year]
        .set_index("kommunenummer")["population"]
        .sort_index()
    )
    codes0 = pop0.index.to_numpy()
    u = rng.normal(0.0, 1.0, len(codes0))
    walk = {base_year: u}
    for prev, year in zip(years, years[1:]):
        walk[year] = walk[prev] + rng.normal(0.0, drift_sd, len(codes0))
    per_code0 = {y: pd.Series(walk[y], index=codes0) for y in years}
    frames = []
    for year in years:
        codes = population.loc[population["year"] == year, "kommunenummer"].sort_values().to_numpy()
        origin = (
            lineage(changes, base_year, year, codes0)
            if year != base_year
            else {c: {c} for c in codes0}
        )
        vals = []
        for code in codes:
            pred = sorted(origin.get(code, ()))
            if not pred:
                raise ValueError(
                    f"kommune {code} ({year}) has no 2018 predecessor in the change table"
                )
            w = pop0.loc[pred].to_numpy(dtype=float)
            vals.append(float(np.average(per_code0[year].loc[pred].to_numpy(), weights=w)))
        frames.append(pd.DataFrame({"year": year, "kommunenummer": codes, "maturity": vals}))
    return pd.concat(frames, ignore_index=True)


def generate(
    population: pd.DataFrame,
    changes: pd.DataFrame,
    catalogue: Catalogue,
    years=YEARS,
    seed: int = SEED,
) -> pd.DataFrame:
    """Long frame (kommunenummer, year, indicator, value, status) of demo survey values and
    indices."""
    rng = np.random.default_rng(seed + 1)
    mat = maturity(population, changes, years, seed)
    mat = mat.merge(
        population[["year", "kommunenummer", "population"]],
        on=["year", "kommunenummer"],
        how="left",
    )
    logpop = np.log(mat["population"].astype(float))
    base = logpop[mat["year"] == years[0]]
    zpop = ((logpop - base.mean()) / base.std()).to_numpy()
    score_all = mat["maturity"].to_numpy() + POP_EFFECT * zpop
    rows = []
    for ti, year in enumerate(years):
        sel = (mat["year"] == year).to_numpy()
        codes = mat.loc[sel, "kommunenummer"].to_numpy()
        s, zp, n = score_all[sel], zpop[sel], int(sel.sum())
        answered = rng.random(n) >= NONRESPONSE
        vals: dict[str, np.ndarray] = {}
        status: dict[str, np.ndarray] = {}

        def noise(sd, n=n):
            return rng.normal(0.0, sd, n)

        for ind_id, targets in YESNO_TARGETS.items():
            direction = -1.0 if ind_id in BAD_WHEN_YES else 1.0
            eligible = answered.copy()
            st = np.where(answered, "", MISSING).astype(object)
            if ind_id == "rekrutteringsproblemer":
                tried = _top_share(0.8 * zp + noise(1.0), TRIED_TO_RECRUIT[year], answered) == 1
                st[answered & ~tried] = NOT_APPLICABLE
                eligible = answered & tried
            vals[ind_id] = _top_share(direction * s + noise(0.9), targets[year], eligible)
            status[ind_id] = st
        has_strategy = vals["strategi"] == 1
        vals["strategi_omrader"] = rng.binomial(10, _sigmoid(-0.2 + 0.25 * ti + 0.7 * s)).astype(
            float
        )
        status["strategi_omrader"] = np.where(
            answered, np.where(has_strategy, "", NOT_APPLICABLE), MISSING
        ).astype(object)
        vals["ikt_prosjekter"] = rng.poisson(np.exp(1.0 + 0.1 * ti + 0.35 * s + 0.45 * zp)).astype(
            float
        )
        vals["egne_ansatte"] = np.round(100 * _sigmoid(-0.3 + 0.4 * s + 0.6 * zp + noise(0.4)))
        vals["digitale_tjenester"] = rng.poisson(np.exp(1.5 + 0.15 * ti + 0.4 * s)).astype(float)
        vals["skytjenester"] = rng.binomial(8, _sigmoid(-0.6 + 0.35 * ti + 0.7 * s)).astype(float)
        vals["digitale_anskaffelser"] = np.round(
            100 * _sigmoid(-0.5 + 0.3 * ti + 0.6 * s + noise(0.5))
        )
        for ind_id in (
            "ikt_prosjekter",
            "egne_ansatte",
            "digitale_tjenester",
            "skytjenester",
            "digitale_anskaffelser",
        ):
            status[ind_id] = np.where(answered, "", MISSING).astype(object)
        for ind_id, v in vals.items():
            st = status[ind_id]
            rows.append(
                pd.DataFrame(
                    {
                        "kommunenummer": codes,
                        "year": year,
                        "indicator": ind_id,
                        "value": np.where(st == "", v, np.nan),
                        "status": st,
                    }
                )
            )
    survey = pd.concat(rows, ignore_index=True)
    return pd.concat([survey, theme_indices(survey, catalogue)], ignore_index=True)


def theme_indices(
    survey: pd.DataFrame, catalogue: Catalogue, base_year: int = YEARS[0]
) -> pd.DataFrame:
    """Theme and overall indices (step 7). ``survey``: long frame of the survey indicators."""
    wide = survey.pivot(index=["kommunenummer", "year"], columns="indicator", values="value")
    status = survey.pivot(index=["kommunenummer", "year"], columns="indicator", values="status")
    # no strategy -> the strategy covers no areas (for the index only; the indicator itself shows
    # ".")
    if "strategi_omrader" in wide:
        wide.loc[status["strategi_omrader"] == NOT_APPLICABLE, "strategi_omrader"] = 0.0
    is_base = wide.index.get_level_values("year") == base_year
    answered = (status != MISSING).any(axis=1)

    def scale(raw: pd.Series) -> pd.Series:
        b = raw[is_base]
        return 100 + 10 * (raw - b.median()) / b.std()

    theme_scores = {}
    out = []
    for theme in SURVEY_THEMES:
        members = [i for i in catalogue.in_theme(theme) if i.id in wide]
        z = pd.DataFrame(index=wide.index)
        for ind in members:
            col = wide[ind.id]
            b = col[is_base]
            zz = (col - b.mean()) / (b.std() or 1.0)
            z[ind.id] = zz if ind.higher_is_better is not False else -zz
        raw = z.mean(axis=1, skipna=True).where(answered)
        theme_scores[theme] = (raw - raw[is_base].mean()) / raw[is_base].std()
        out.append(scale(raw).rename(f"indeks_{theme}"))
    overall = pd.DataFrame(theme_scores).mean(axis=1, skipna=True).where(answered)
    out.append(scale(overall).rename(OVERALL_INDEX))
    idx = (
        pd.concat(out, axis=1)
        .round(1)
        .reset_index()
        .melt(id_vars=["kommunenummer", "year"], var_name="indicator", value_name="value")
    )
    idx["status"] = np.where(idx["value"].isna(), MISSING, "")
    return idx[["kommunenummer", "year", "indicator", "value", "status"]]
