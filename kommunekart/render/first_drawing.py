"""A first drawing of a map view as SVG, for the first HTML of a shared link (web.first_pixels):
the kommuner in the projection and extent of the live map's first view (Leaflet's Web Mercator
fitted to Norway), filled with the view's class colours, the chosen kommune outlined. Shown inside
the map's box until Leaflet has drawn the same map over it. Pure: geometry and classes in, text
out; each year's outlines are made once (simplified to well under a screen pixel at the zoom the
live map opens at)."""

from __future__ import annotations

import html
import math

NORWAY = ((57.95, 4.5), (71.2, 31.2))  # kart.js's NORWAY: the bounds the live map fits
UNITS = 64  # SVG units per Web Mercator pixel at zoom 0 (the live map opens at zoom ~5,5: 45×)
TOLERANCE = 1.0  # in SVG units: about 0,7 screen pixels at the live map's first zoom
WORLD = 20037508.342789244  # half the Web Mercator world, in metres


def zoom0(lon: float, lat: float) -> tuple[float, float]:
    """A point in Leaflet's pixels at zoom 0 (256 × 256 for the world)."""
    x = (lon + 180.0) / 360.0 * 256.0
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * 256.0
    return x, y


def frame() -> tuple[float, float, float, float]:
    """The NORWAY bounds in SVG units: x, y, width, height (the SVG's viewBox)."""
    (s, w), (n, e) = NORWAY
    x0, y0 = zoom0(w, n)
    x1, y1 = zoom0(e, s)
    return x0 * UNITS, y0 * UNITS, (x1 - x0) * UNITS, (y1 - y0) * UNITS


def outlines(areas, code: str = "kommunenummer") -> dict[str, str]:
    """Each area's number (``code``) -> the SVG path of its outline (SVG units, whole numbers)."""
    from shapely.affinity import affine_transform

    merc = areas.to_crs(3857)
    k = UNITS * 256.0 / (2 * WORLD)
    # metres -> SVG units: x' = (X + WORLD)·k, y' = (WORLD - Y)·k
    matrix = [k, 0, 0, -k, WORLD * k, WORLD * k]
    out: dict[str, str] = {}
    for nr, geom in zip(merc[code], merc.geometry):
        g = affine_transform(geom, matrix).simplify(TOLERANCE, preserve_topology=False)
        parts = []
        for poly in getattr(g, "geoms", [g]):
            if poly.is_empty or poly.geom_type != "Polygon":
                continue
            for ring in (poly.exterior, *poly.interiors):
                pts = [(round(x), round(y)) for x, y in ring.coords[:-1]]
                pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
                if len(pts) < 3:
                    continue
                first, rest = pts[0], pts[1:]
                d = [f"M{first[0]} {first[1]}"]
                prev = first
                for p in rest:  # relative moves: shorter text
                    d.append(f"l{p[0] - prev[0]} {p[1] - prev[1]}")
                    prev = p
                parts.append("".join(d) + "z")
        if parts:
            out[nr] = "".join(parts)
    return out


def drawing(
    paths: dict[str, str],
    cls: dict[str, int],
    colours,
    selected: str | None,
    dim=(),
    fylker: dict[str, str] | None = None,
) -> str:
    """The SVG: one path per colour (the kommuner of a class; "Mangler data", the last colour, where
    a kommune has none), white borders and the faint kommuner («Finn kommuner») as on the live map,
    the chosen kommune outlined in black on top. Kommuner smaller than a screen pixel at the first
    zoom (Kvitsøy, Træna) are left out, as they are invisible there. ``fylker``: their outlines,
    drawn over the kommuner as the live map draws them."""
    x, y, w, h = frame()
    last = len(colours) - 1
    dim = set(dim)
    groups: dict[tuple[str, bool], list[str]] = {}
    for code, d in paths.items():
        c = cls.get(code)
        groups.setdefault((colours[last if c is None else c], code in dim), []).append(d)
    faint_attr = ' fill-opacity="0.12"'
    keep = 'vector-effect="non-scaling-stroke"'  # strokes in screen pixels, as Leaflet's
    body = "".join(
        f'<path fill="{html.escape(colour)}"{faint_attr if faint else ""} {keep} '
        f'd="{"".join(ds)}"/>'
        for (colour, faint), ds in groups.items()
    )
    if fylker:
        body += (
            f'<path fill="none" stroke="#222" stroke-width="1.1" stroke-opacity="0.8" {keep} '
            f'd="{"".join(fylker.values())}"/>'
        )
    chosen = ""
    if selected and selected in paths:
        chosen = (
            f'<path fill="none" stroke="#000" stroke-width="3.5" {keep} d="{paths[selected]}"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}" '
        'overflow="visible" aria-hidden="true" focusable="false">'
        '<g stroke="#fff" stroke-width="0.4" stroke-linejoin="round" fill-opacity="0.92">'
        f"{body}</g>{chosen}</svg>"
    )
