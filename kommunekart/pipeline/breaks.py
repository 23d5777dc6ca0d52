"""Class bounds (mapclassify) precomputed by the build for every (indicator, year, method), in a
child process so the server never imports mapclassify's scipy/scikit-learn stack; analysis.classify
assigns values to them."""

from __future__ import annotations

import numpy as np

from kommunekart.base.constants import CLASS_METHODS, DEFAULT_METHOD

# URL value -> mapclassify
METHODS = dict(zip(CLASS_METHODS, ("Quantiles", "FisherJenks", "EqualInterval")))
K = 5


def compute_breaks(values, method: str = DEFAULT_METHOD, k: int = K) -> list[float]:
    """Upper class bounds from mapclassify (NaN ignored)."""
    import mapclassify  # imported here: it pulls in scipy and scikit-learn (about 110 MB)

    data = np.asarray([np.nan if v is None else v for v in values], dtype=float)
    data = data[~np.isnan(data)]
    cls = getattr(mapclassify, METHODS.get(method, METHODS[DEFAULT_METHOD]))(data, k=k)
    return sorted(set(float(b) for b in cls.bins))


def _compute_many(jobs: dict) -> dict:
    return {key: compute_breaks(vals, method) for key, (vals, method) in jobs.items()}


def breaks_in_subprocess(jobs: dict[str, tuple[list, str]]) -> dict[str, list[float]]:
    """Run ``compute_breaks`` for many (values, method) jobs in a short-lived child process, so the
    long-running server never imports mapclassify's scipy/scikit-learn stack."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not jobs:
        return {}
    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        return pool.submit(_compute_many, jobs).result()


def cached_breaks(jobs: dict, cache_dir) -> dict:
    """``breaks_in_subprocess(jobs)``, cached on disk by a hash of the jobs (written atomically)."""
    import hashlib
    import json
    from pathlib import Path

    if not jobs:
        return {}
    digest = hashlib.sha256(json.dumps(jobs, sort_keys=True).encode()).hexdigest()[:16]
    path = Path(cache_dir) / f"breaks_{digest}.json"
    if path.is_file():
        return json.loads(path.read_text())
    result = breaks_in_subprocess(jobs)
    from kommunekart.base.files import write_atomic

    try:
        write_atomic(path, json.dumps(result))
    except OSError:  # a read-only cache (replicas sharing one folder): computed, not kept
        pass
    return result


def breaks_key(indicator_id: str, year: int, method: str) -> str:
    return f"{indicator_id}|{int(year)}|{method}"


def breaks_jobs(indicator_id: str, kind: str, values_by_year: dict) -> dict[str, tuple[list, str]]:
    """The (values, method) jobs for ``breaks_in_subprocess``: every method, for the years whose
    values need mapclassify. Missing values become None (JSON-safe) and are ignored by
    ``compute_breaks``."""
    jobs = {}
    for year, vals in values_by_year.items():
        vals = np.asarray(vals, dtype=float)
        if needs_breaks(vals, kind):
            for method in METHODS:
                jobs[breaks_key(indicator_id, year, method)] = (
                    [None if np.isnan(x) else float(x) for x in vals],
                    method,
                )
    return jobs


def needs_breaks(values, kind: str, k: int = K) -> bool:
    """Whether classifying these values calls mapclassify (not for yes/no or few distinct
    values)."""
    v = np.asarray(values, dtype=float)
    return kind not in ("yesno", "grade") and len(np.unique(v[~np.isnan(v)])) > k
