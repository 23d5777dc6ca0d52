"""The interactive choropleth: Leaflet served locally, geometry served once as static files.

Design (see ../shared/notes/streamlit-folium-offline.md):
- ``write_static_assets`` copies Leaflet from the ``xstatic-leaflet`` package and writes each year's
  simplified kommune and fylke geometry to ``static/`` (git-ignored), served by Streamlit at
  ``/app/static/``. No request leaves the app's own server.
- ``component_spec`` is all the app's map component (``kart.js``, a Streamlit custom component v2 in
  the page itself) gets per view: the class and value text per kommune. A change of indicator or
  year sends colours, not geometry; the browser keeps the map and each year's polygons.
- ``base_map``/``view_layer`` (folium) build the same map as one self-contained HTML file for
  download (``standalone_html``).
Tooltip text is HTML-escaped here, before it reaches the browser.
"""
from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

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


_LOADER = """
{% macro script(this, kwargs) %}
window.kk = window.kk || {cache: {}};
kk.layers = kk.layers || {};
(function (map) {
  map.getContainer().style.background = '#f2f5f8';
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution({{ this.credit_json }});
})({{ this._parent.get_name() }});
kk.load = function (url) {
  if (!kk.cache[url]) { kk.cache[url] = fetch(url).then(function (r) { return r.json(); }); }
  return kk.cache[url];
};
// Each year's polygons are built once and kept on the map; a new view only restyles them and sets
// their tooltips. Names and size classes come HTML-escaped in the geometry file, values and labels
// HTML-escaped in the spec (see mapview.py), so nothing here inserts unescaped text.
kk.draw = function (group, spec) {
  Promise.all([kk.load(spec.kommune_url), kk.load(spec.fylke_url)]).then(function (geo) {
    var map = group._map;
    if (!map) { return; }  // a newer view has replaced this one
    var layer = kk.layers[spec.kommune_url];
    if (!layer) {
      layer = L.geoJson(geo[0], {onEachFeature: function (f, l) { l.bindTooltip('', {sticky: true}); }});
      layer.fylker = L.geoJson(geo[1], {interactive: false,
        style: {color: '#222222', weight: 1.1, opacity: 0.8, fill: false}});
      kk.layers[spec.kommune_url] = layer;
    }
    Object.keys(kk.layers).forEach(function (url) {
      if (url !== spec.kommune_url) { map.removeLayer(kk.layers[url]); map.removeLayer(kk.layers[url].fylker); }
    });
    if (!map.hasLayer(layer)) { layer.addTo(map); layer.fylker.addTo(map); }
    if (layer.kkParent && layer.kkParent !== group) { layer.removeEventParent(layer.kkParent); }
    layer.addEventParent(group);  // clicks reach streamlit-folium's handler on the group
    layer.kkParent = group;
    var selected = null, last = spec.colours.length - 1, lab = spec.labels;
    layer.eachLayer(function (l) {
      var p = l.feature.properties, k = p.k, cls = spec.cls[k], sel = (k === spec.selected);
      l.setStyle({fillColor: spec.colours[cls === undefined ? last : cls], fillOpacity: 0.92,
                  color: sel ? '#000000' : '#ffffff', weight: sel ? 3.5 : 0.4, opacity: 1});
      l.setTooltipContent('<b>' + p.n + '</b><br>' + lab.nr + ' ' + k + '<br>' + spec.ind + ': <b>' +
        (spec.vals[k] || lab.missing) + '</b><br>' + lab.size + ': ' + p.s + '<br>' + lab.year + ': ' + spec.year);
      if (sel) { selected = l; }
    });
    layer.fylker.bringToFront();
    if (selected) {
      selected.bringToFront();
      // a kommune picked in the search may be off-screen or tiny: bring it into view once
      if (spec.selected !== kk.lastSelected && !map.getBounds().contains(selected.getBounds())) {
        map.fitBounds(selected.getBounds(), {maxZoom: 7, padding: [40, 40]});
      }
    }
    kk.lastSelected = spec.selected;
    document.body.setAttribute('data-kk-drawn', spec.token);
  });
};
{% endmacro %}
"""

_DRAW = """
{% macro script(this, kwargs) %}
kk.draw({{ this._parent.get_name() }}, {{ this.spec_json }});
{% endmacro %}
"""


class _Loader(MacroElement):
    _template = Template(_LOADER)

    def __init__(self):
        super().__init__()
        self.credit_json = json.dumps(t("kilde"))


class _Draw(MacroElement):
    _template = Template(_DRAW)

    def __init__(self, spec: dict):
        super().__init__()
        self._name = "KkDraw"
        # JSON inside <script>: "</" could close the tag, so escape it
        self.spec_json = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def base_map() -> folium.Map:
    """The constant part of the map: Leaflet from our own server, no tiles, Norway in view."""
    m = folium.Map(location=[65.2, 17.8], zoom_start=4.75, tiles=None, min_zoom=3, max_zoom=12, zoom_snap=0.25,
                   attribution_control=True, control_scale=True)
    m.default_js = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
    _Loader().add_to(m)
    return m


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


def view_layer(spec: dict) -> folium.FeatureGroup:
    fg = folium.FeatureGroup(name="kommuner", control=False)
    _Draw(spec).add_to(fg)
    return fg


def standalone_html(kommuner, fylker, table, classes: Classes, indicator, year: int, selected: str | None,
                    legend_labels: list[str], demo: bool) -> str:
    # ``table``: the view table (kommunenummer, navn, value, status, size_class)
    """One self-contained HTML file of the current view: Leaflet, geometry and colours inlined, so it
    opens offline in a browser or a presentation tool. Text from data is escaped."""
    import xstatic.pkg.leaflet as xleaflet

    leaflet_js = (Path(xleaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    leaflet_css = (Path(xleaflet.BASE_DIR) / "leaflet.css").read_text(encoding="utf-8")
    urls = {year: {"kommune": "inline:kommune", "fylke": "inline:fylke"}}
    spec = view_spec(table, classes, indicator, year, urls, selected)
    m = base_map()
    fg = view_layer(spec)
    fg.add_to(m)
    page = m.get_root().render()
    inline_geo = {
        "inline:kommune": _rounded_geojson(kommuner, kommune_properties(
            kommuner.drop(columns="navn", errors="ignore").merge(table[["kommunenummer", "navn"]], on="kommunenummer", how="left"),
            table.set_index("kommunenummer"))),
        "inline:fylke": _rounded_geojson(fylker, {"f": "fylkenummer"}),
    }
    preload = "window.kk = {cache: {" + ",".join(
        f"{json.dumps(k)}: Promise.resolve({v.replace('</', '<' + chr(92) + '/')})" for k, v in inline_geo.items()
    ) + "}};"
    page = page.replace(f'<script src="{STATIC_URL}/leaflet/leaflet.js"></script>',
                        f"<script>{leaflet_js}</script><script>{preload}</script>")
    page = page.replace(f'<link rel="stylesheet" href="{STATIC_URL}/leaflet/leaflet.css"/>', f"<style>{leaflet_css}</style>")
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
    title = f"<title>{e(indicator.name)}, {year} - Kommunekart</title>"
    page = page.replace("<head>", "<head>" + title, 1).replace("</body>", panel + "</body>", 1)
    return page
