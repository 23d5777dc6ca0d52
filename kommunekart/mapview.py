"""The interactive choropleth: Leaflet served locally, geometry served once as static files.

Design (see ../shared/notes/streamlit-folium-offline.md):
- ``write_static_assets`` copies Leaflet from the ``xstatic-leaflet`` package and writes each year's
  simplified kommune and fylke geometry to ``static/`` (git-ignored), served by Streamlit at
  ``/app/static/``. No request leaves the app's own server.
- ``component_spec`` is all the app's map component (``kart.js``, a Streamlit custom component v2 in
  the page itself) gets per view: the class and value text per kommune. A change of indicator or
  year sends colours, not geometry; the browser keeps the map and each year's polygons.
- ``standalone_html`` puts the same kart.js, Leaflet and the geometry into one self-contained HTML
  file for download.
Tooltip text is HTML-escaped here, before it reaches the browser.
"""
from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path

import numpy as np
import shapely

from . import fmt
from .classify import Classes
from .kommuner import size_class_label
from .strings import t

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
STATIC_URL = "/app/static"
COORD_DECIMALS = 3  # about 100 m: finer than the xs boundaries themselves


def kommune_properties(kommuner, attrs_year):
    """The static per-feature properties of a year's geometry file: k (kommunenummer), n (name) and
    s (size class), the text already HTML-escaped because the browser puts it into tooltips."""
    import pandas as pd

    sizes = attrs_year["size_class"] if "size_class" in attrs_year else pd.Series(dtype=object)
    return pd.DataFrame({
        "k": kommuner["kommunenummer"].to_numpy(),
        "n": [html.escape(str(n)) for n in kommuner["navn"]],
        "s": [html.escape(size_class_label(sizes.get(k))) for k in kommuner["kommunenummer"]],
    }, index=kommuner.index)


def _rounded_geojson(gdf, props) -> str:
    """GeoJSON text with coordinates rounded; ``props`` is a frame of properties (one row per feature)
    or a mapping {short name: column of gdf}."""
    geoms = shapely.transform(gdf.geometry.values, lambda c: np.round(c, COORD_DECIMALS))
    if isinstance(props, dict):
        records = [{short: row[col] for short, col in props.items()} for _, row in gdf.iterrows()]
    else:
        records = props.to_dict("records")
    feats = [{"type": "Feature", "properties": rec, "geometry": json.loads(shapely.to_geojson(g))}
             for g, rec in zip(geoms, records)]
    return json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"), ensure_ascii=False)


def write_static_assets(kommuner: dict, fylker: dict, attrs, static_dir: Path = STATIC_DIR) -> dict[int, dict[str, str]]:
    """Write Leaflet and per-year geometry into ``static_dir``; return the URLs per year.
    File names carry a content hash, so browsers may cache them for ever."""
    import xstatic.pkg.leaflet as xleaflet

    leaflet_dir = static_dir / "leaflet"
    if not (leaflet_dir / "leaflet.js").is_file():
        shutil.copytree(xleaflet.BASE_DIR, leaflet_dir, dirs_exist_ok=True)
    geo_dir = static_dir / "geo"
    geo_dir.mkdir(parents=True, exist_ok=True)
    urls: dict[int, dict[str, str]] = {}
    for year in sorted(kommuner):
        urls[year] = {}
        attrs_year = attrs[attrs["year"] == year].set_index("kommunenummer")
        for kind, gdf, props in (("kommune", kommuner[year], kommune_properties(kommuner[year], attrs_year)),
                                 ("fylke", fylker[year], {"f": "fylkenummer"})):
            text = _rounded_geojson(gdf, props)
            digest = hashlib.sha256(text.encode()).hexdigest()[:12]
            name = f"{kind}_{year}_{digest}.json"
            target = geo_dir / name
            if not target.is_file():
                tmp = target.with_suffix(".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(target)
            urls[year][kind] = f"{STATIC_URL}/geo/{name}"
    return urls


def format_value(value, indicator, status: str = "") -> str:
    """A value as shown in tables and exports; for yes/no a group's share (0 < v < 1) reads "NN % ja"."""
    if indicator.kind == "yesno" and status == "" and not fmt.is_missing(value) and 0 < value < 1:
        return f"{fmt.share(value)} ja"
    return value_text(value, status, indicator.unit, indicator.kind, indicator.decimals)


def value_text(value, status: str, unit: str, kind: str, decimals: int) -> str:
    """A value as text; a missing value says why when SSB's symbol tells (e.g. «:» hidden for privacy)."""
    if fmt.is_missing(value):
        return fmt.status_text(status) if status and status != ".." else t("legende.mangler")
    if kind == "yesno":
        return t("legende.ja") if value >= 0.5 else t("legende.nei")
    return fmt.with_unit(value, unit, decimals)


def view_spec(table, classes: Classes, indicator, year: int, urls: dict, selected: str | None) -> dict:
    """Everything the browser needs to colour one view: no geometry, no names (those are in the
    static file), only the class and the HTML-escaped value text per kommune."""
    e = html.escape
    codes = table["kommunenummer"].tolist()
    vals = {nr: e(value_text(v, st, indicator.unit, indicator.kind, indicator.decimals))
            for nr, v, st in zip(codes, table["value"], table["status"])}
    spec = {
        "kommune_url": urls[year]["kommune"],
        "fylke_url": urls[year]["fylke"],
        "colours": classes.colours,
        "cls": {nr: int(c) for nr, c in zip(codes, classes.assign)},
        "vals": vals,
        "ind": e(indicator.name),
        "year": int(year),
        "labels": {"nr": e(t("tips.kommunenummer")), "size": e(t("tips.storrelse")), "year": e(t("tips.aar")),
                   "missing": e(t("legende.mangler")), "error": t("kart.feil")},
        "selected": selected,
    }
    spec["token"] = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    return spec


def component_spec(table, classes: Classes, indicator, year: int, urls: dict, selected: str | None) -> dict:
    """``view_spec`` plus what the app's map component (kart.js) needs to load Leaflet from this
    server and label the map (``aria`` is set as an attribute, so plain text)."""
    spec = view_spec(table, classes, indicator, year, urls, selected)
    spec.update({
        "leaflet_js": f"{STATIC_URL}/leaflet/leaflet.js",
        "leaflet_css": f"{STATIC_URL}/leaflet/leaflet.css",
        "credit": html.escape(t("kilde")),
        "aria": t("kart.region", indikator=indicator.name, aar=year),
    })
    return spec


MAP_JS = Path(__file__).with_name("kart.js")
MAP_CSS = ".kk-map{height:640px;width:100%;background:#f2f5f8}.kk-map-error{color:#8a1c1c}"


def _script_json(obj) -> str:
    """JSON for inside a <script> element: "</" could close the element, so it is escaped."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def standalone_html(kommuner, fylker, table, classes: Classes, indicator, year: int, selected: str | None,
                    legend_labels: list[str], demo: bool) -> str:
    # ``table``: the view table (kommunenummer, navn, value, status, size_class)
    """One self-contained HTML file of the current view: the app's own map code (kart.js) with
    Leaflet, geometry and colours inlined, so it opens offline in a browser or a presentation tool.
    Text from data is escaped."""
    import xstatic.pkg.leaflet as xleaflet

    leaflet_js = (Path(xleaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    leaflet_css = (Path(xleaflet.BASE_DIR) / "leaflet.css").read_text(encoding="utf-8")
    map_js = MAP_JS.read_text(encoding="utf-8")
    if "export default render;" not in map_js:
        raise RuntimeError("kart.js must end with 'export default render;'")
    urls = {year: {"kommune": "inline:kommune", "fylke": "inline:fylke"}}
    spec = component_spec(table, classes, indicator, year, urls, selected)
    spec.update(leaflet_js=None, leaflet_css=None, aria=t("kart.region_fil", indikator=indicator.name, aar=year))
    inline_geo = {
        "inline:kommune": _rounded_geojson(kommuner, kommune_properties(
            kommuner.drop(columns="navn", errors="ignore").merge(table[["kommunenummer", "navn"]], on="kommunenummer", how="left"),
            table.set_index("kommunenummer"))),
        "inline:fylke": _rounded_geojson(fylker, {"f": "fylkenummer"}),
    }
    # kart.js takes its geometry and Leaflet from window.__kommunekart when they are already there
    preload = "window.__kommunekart = {leaflet: Promise.resolve(window.L), geo: {" + ",".join(
        f"{json.dumps(k)}: Promise.resolve({v.replace('</', '<' + chr(92) + '/')})" for k, v in inline_geo.items()
    ) + "}};"
    e = html.escape
    legend = "".join(
        f'<li><span style="display:inline-block;width:1.2em;height:.9em;background:{c};border:1px solid #444;'
        f'margin-right:.4em"></span>{e(label)}</li>' for label, c in zip(legend_labels, classes.colours)
    )
    panel = (
        '<div style="position:absolute;top:10px;right:10px;z-index:1000;background:#fff;padding:8px 12px;'
        'font:14px sans-serif;border:1px solid #999;max-width:320px">'
        f"<strong>{e(indicator.name)}, {year}</strong><ul style='list-style:none;padding:0;margin:.4em 0'>{legend}</ul>"
        f"<div style='font-size:12px'>{e(t('kilde'))}</div>"
        + (f"<div style='font-size:12px;font-weight:bold'>{e(t('demo.etikett'))}</div>" if demo else "")
        + (f"<div style='font-size:12px'>{e(t('forbehold', tekst=indicator.caveat))}</div>" if indicator.caveat else "")
        + "</div>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(indicator.name)}, {year} - Kommunekart</title>"
        f"<style>{leaflet_css}</style>"
        f"<style>html,body{{margin:0;height:100%}}{MAP_CSS.replace('640px', '100vh')}</style></head>"
        f'<body><div id="kart"></div>{panel}'
        f"<script>{leaflet_js}</script><script>{preload}</script>"
        f'<script type="module">{map_js.replace("export default render;", "")}\n'
        f'render({{data: {_script_json(spec)}, parentElement: document.getElementById("kart"), '
        "setTriggerValue: function () {}});</script></body></html>\n"
    )
