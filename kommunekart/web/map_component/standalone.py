"""The current map view as one self-contained HTML file (standalone.html filled in): the app's own
kart.js with Leaflet, geometry, colours and the legend model inlined, so it opens offline from a
file or a presentation tool. Text from data is escaped. Pure (no Streamlit)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

from kommunekart.base.strings import t
from kommunekart.pipeline.geoassets import kommune_properties, rounded_geojson
from kommunekart.render.legend import Legend
from kommunekart.web.map_component.spec import map_spec

HERE = Path(__file__).parent
MAP_JS = HERE / "kart.js"
MAP_CSS = HERE / "kart.css"
TEMPLATE = HERE / "standalone.html"
EXPORT = "export default render;"


def _script_json(obj) -> str:
    """JSON for inside a <script> element: "</" could close the element, so it is escaped."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def standalone_html(
    kommuner,
    fylker,
    table,
    classes,
    indicator,
    year: int,
    selected: str | None,
    legend: Legend,
    cite: str = "",
) -> str:
    """``table``: the view table (kommunenummer, name, value, status, size_class); ``cite``: where
    the file comes from («Kommunekart, data fra …: <link>»), under the sources."""
    import xstatic.pkg.leaflet as xleaflet

    leaflet = Path(xleaflet.BASE_DIR)
    map_js = MAP_JS.read_text(encoding="utf-8")
    if EXPORT not in map_js:
        raise RuntimeError(f"kart.js must end with '{EXPORT}'")
    urls = {year: {"kommune": "inline:kommune", "fylke": "inline:fylke"}}
    spec = map_spec(
        table,
        classes,
        indicator,
        year,
        urls,
        selected,
        aria=t("kart.region_fil", indikator=indicator.name, aar=legend.year),
    )
    spec.leaflet_js = spec.leaflet_css = None
    named = kommuner.drop(columns="name", errors="ignore").merge(
        table[["kommunenummer", "name"]], on="kommunenummer", how="left"
    )
    geo = {
        "inline:kommune": rounded_geojson(
            kommuner, kommune_properties(named, table.set_index("kommunenummer"))
        ),
        "inline:fylke": rounded_geojson(fylker, {"f": "fylkenummer"}),
    }
    # kart.js takes its geometry and Leaflet from window.__kommunekart when they are already there
    preload = (
        "window.__kommunekart = {leaflet: Promise.resolve(window.L), geo: {"
        + ",".join(
            f"{json.dumps(k)}: Promise.resolve({v.replace('</', '<' + chr(92) + '/')})"
            for k, v in geo.items()
        )
        + "}};"
    )
    e = html.escape
    items = "".join(
        f'<li><span class="kk-swatch" style="background:{c}"></span>{e(label)}</li>'
        for label, c in legend.items
    )
    notes = [
        f'<div class="kk-small">{e(x)}</div>'
        for x in (legend.note, *legend.credits, legend.caveat, cite)
        if x
    ]
    if legend.demo:
        notes.append(f'<div class="kk-demo">{e(legend.demo)}</div>')
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=e(f"{legend.title}, {legend.year} - Kommunekart"),
        heading=e(f"{legend.title}, {legend.year}"),
        legend_name=e(t("legende.tittel")),
        items=items,
        notes="\n".join(notes),
        leaflet_css=(leaflet / "leaflet.css").read_text(encoding="utf-8"),
        map_css=MAP_CSS.read_text(encoding="utf-8"),
        leaflet_js=(leaflet / "leaflet.js").read_text(encoding="utf-8"),
        preload=preload,
        map_js=map_js.replace(EXPORT, ""),
        spec=_script_json(spec.to_dict()),
    )
