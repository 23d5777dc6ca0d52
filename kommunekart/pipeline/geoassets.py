"""Leaflet and each year's simplified geometry as static files, served by Streamlit at /app/static/.

Written by the build step (and checked at server start): Leaflet from the ``xstatic-leaflet``
package, and per year one kommune and one fylke GeoJSON file with coordinates rounded to about 100
m. File names carry a content hash, so browsers may cache them for ever; ``index_<hash of
key>.json`` remembers the names for a dataset key, so a server start only checks that the files are
there and whole. Text in the properties (names, size classes) is HTML-escaped here, before it
reaches the browser.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np

from kommunekart.base.files import ROOT

STATIC_DIR = ROOT / "static"
STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"
COORD_DECIMALS = 3  # about 100 m: finer than the xs boundaries themselves


def kommune_properties(kommuner, attrs_year):
    """The static per-feature properties of a year's geometry file: k (kommunenummer), n (name) and
    s (size class id: liten, mellom, stor; the spec's labels give its words in the visitor's
    language), the text already HTML-escaped because the browser puts it into tooltips."""
    import pandas as pd

    sizes = attrs_year["size_class"] if "size_class" in attrs_year else pd.Series(dtype=object)
    return pd.DataFrame(
        {
            "k": kommuner["kommunenummer"].to_numpy(),
            "n": [html.escape(str(n)) for n in kommuner["name"]],
            "s": [html.escape(str(sizes.get(k) or "")) for k in kommuner["kommunenummer"]],
        },
        index=kommuner.index,
    )


def rounded_geojson(gdf, props) -> str:
    """GeoJSON text with coordinates rounded; ``props`` is a frame of properties (one row per
    feature) or a mapping {short name: column of gdf}."""
    import shapely

    geoms = shapely.transform(gdf.geometry.values, lambda c: np.round(c, COORD_DECIMALS))
    if isinstance(props, dict):
        records = [{short: row[col] for short, col in props.items()} for _, row in gdf.iterrows()]
    else:
        records = props.to_dict("records")
    feats = [
        {"type": "Feature", "properties": rec, "geometry": json.loads(shapely.to_geojson(g))}
        for g, rec in zip(geoms, records)
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": feats}, separators=(",", ":"), ensure_ascii=False
    )


def _intact(path: Path) -> bool:
    """A geometry file whose content still has the hash in its name (a truncated or damaged file, or
    one that is gone, is written again)."""
    try:
        digest = path.stem.rsplit("_", 1)[1]
        from kommunekart.sources.mirror import sha256_of

        return sha256_of(path)[: len(digest)] == digest
    except (OSError, IndexError):
        return False


def _write(target: Path, text: str) -> None:
    from kommunekart.base.files import write_atomic

    if not _intact(target):
        write_atomic(target, text)


def write_static_assets(
    kommuner: dict, fylker: dict, attrs, static_dir: Path = STATIC_DIR, key: str | None = None
) -> dict[int, dict[str, str]]:
    """Write Leaflet and per-year geometry into ``static_dir``; return the URLs per year. With a
    dataset ``key``, a server start that finds all files of that key does no work."""
    import xstatic.pkg.leaflet as xleaflet

    leaflet_dir = static_dir / "leaflet"
    if not (leaflet_dir / "leaflet.js").is_file():  # copied whole, then renamed: never half there
        static_dir.mkdir(parents=True, exist_ok=True)
        part = Path(tempfile.mkdtemp(prefix=".leaflet-", dir=static_dir))
        shutil.copytree(xleaflet.BASE_DIR, part, dirs_exist_ok=True)
        try:
            part.chmod(0o755)
            part.rename(leaflet_dir)
        except OSError:  # another process was first: keep theirs; an old partial copy: fill it in
            shutil.rmtree(part, ignore_errors=True)
            if not (leaflet_dir / "leaflet.js").is_file():
                shutil.copytree(xleaflet.BASE_DIR, leaflet_dir, dirs_exist_ok=True)
    geo_dir = static_dir / "geo"
    geo_dir.mkdir(parents=True, exist_ok=True)
    # the key grows with every saved table (build key + each overlay's id): its hash names the
    # index, so any number of saved tables gives a file name of the same length
    index = geo_dir / f"index_{hashlib.sha256(key.encode()).hexdigest()[:24]}.json" if key else None
    if index is not None and index.is_file():
        try:
            urls = {int(y): u for y, u in json.loads(index.read_text()).items()}
        except (ValueError, AttributeError):  # a damaged index: written again below
            urls = {}
        if urls and all(
            _intact(geo_dir / Path(u).name) for per in urls.values() for u in per.values()
        ):
            return urls
    urls: dict[int, dict[str, str]] = {}
    for year in sorted(kommuner):
        urls[year] = {}
        attrs_year = attrs[attrs["year"] == year].set_index("kommunenummer")
        for kind, gdf, props in (
            ("kommune", kommuner[year], kommune_properties(kommuner[year], attrs_year)),
            ("fylke", fylker[year], {"f": "fylkenummer"}),
        ):
            text = rounded_geojson(gdf, props)
            name = f"{kind}_{year}_{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
            _write(geo_dir / name, text)
            urls[year][kind] = f"{STATIC_URL}/geo/{name}"
    if index is not None:
        from kommunekart.base.files import write_atomic

        write_atomic(index, json.dumps(urls))
    return urls
