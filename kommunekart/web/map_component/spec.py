"""What the map component gets per view, typed: no geometry and no names (those are in the static
geometry files), only the class and the HTML-escaped value text per kommune. Pure (no Streamlit)."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import asdict, dataclass, field

from kommunekart.base.fmt import value_text
from kommunekart.base.strings import t
from kommunekart.lineage.kommuner import SIZE_CLASS_IDS, size_class_label
from kommunekart.pipeline.geoassets import LEAFLET_CSS, LEAFLET_JS
from kommunekart.render.legend import source_lines
from kommunekart.web.map_component import protocol


@dataclass
class MapSpec:
    kommune_url: (
        str  # the year's kommune geometry (static file, or "inline:kommune" in the standalone file)
    )
    fylke_url: str
    colours: list[str]  # one per class, "Mangler data" last
    cls: dict[str, int]  # kommunenummer -> class index
    vals: dict[str, str]  # kommunenummer -> value text (HTML-escaped)
    ind: str  # the indicator's name (HTML-escaped)
    year: int
    labels: dict[str, str]  # tooltip words (HTML-escaped) and the error text
    selected: str | None
    credit: str  # the attribution line (HTML-escaped): the indicator's source and Kartverket's
    badge: str  # the demo label shown inside the map (HTML-escaped), "" for real data
    aria: str  # the map's accessible name (set as an attribute: plain text)
    # in an embed: {title, items: [[label, colour]]} (HTML-escaped) drawn in the map
    legend: dict | None = None
    height: str = "640px"  # CSS height of the map (an embed fits its frame)
    # kommuner left out by «Finn kommuner»: drawn faint
    dim: list[str] = field(default_factory=list)
    leaflet_js: str | None = LEAFLET_JS
    leaflet_css: str | None = LEAFLET_CSS
    protocol: dict = field(default_factory=protocol.as_dict)
    wait: bool = False  # the page waits for protocol.READY before it sends the rest
    token: str = ""  # a hash of the view: set on the map element once drawn (protocol.DRAWN_ATTR)
    # [kommune_url, fylke_url] of the other years: fetched when idle
    prefetch: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def encode(self) -> EncodedSpec:
        return EncodedSpec.of(self)


@dataclass(frozen=True)
class EncodedSpec:
    """A view as the browser gets it, made once per view and shared read-only by every session: the
    spec as JSON bytes (Streamlit forwards bytes as they are, where a dict is JSON-encoded twice on
    every rerun - about a fifth of a map rerun's time, py-spy), with and without ``wait``."""

    token: str
    codes: frozenset  # the kommunenummer on the map (a click elsewhere is ignored)
    drawn: bytes  # wait=False: the browser has drawn the map before in this session
    waiting: bytes  # wait=True: the session's first view; the page waits for protocol.READY

    @classmethod
    def of(cls, spec: MapSpec) -> EncodedSpec:
        data = spec.to_dict()

        def dump(wait: bool) -> bytes:
            return json.dumps({**data, "wait": wait}, separators=(",", ":")).encode()

        return cls(
            token=spec.token, codes=frozenset(spec.cls), drawn=dump(False), waiting=dump(True)
        )


def map_spec(
    table,
    classes,
    indicator,
    year: int,
    urls: dict,
    selected: str | None,
    aria: str | None = None,
    legend=None,
    height: str = "640px",
    dim=(),
    years=None,
) -> MapSpec:
    """``legend``: a legend.Legend to draw inside the map (embeds and the standalone file);
    ``years``: the years a visitor can change to (the indicator's), whose geometry the browser
    fetches when idle (all years in ``urls`` when None)."""
    e = html.escape
    codes = table["kommunenummer"].tolist()
    spec = MapSpec(
        kommune_url=urls[year]["kommune"],
        fylke_url=urls[year]["fylke"],
        colours=list(classes.colours),
        cls={nr: int(c) for nr, c in zip(codes, classes.assign)},
        vals={
            nr: e(value_text(v, s, indicator.unit, indicator.kind, indicator.decimals))
            for nr, v, s in zip(codes, table["value"], table["status"])
        },
        ind=e(indicator.name),
        year=int(year),
        labels={
            "nr": e(t("tips.kommunenummer")),
            "size": e(t("tips.storrelse")),
            "year": e(t("tips.aar")),
            "missing": e(t("legende.mangler")),
            "error": t("kart.feil"),
            "chosen": e(t("tips.valgt")),
            "twofingers": e(t("kart.to_fingre")),
            "sizes": {c: e(size_class_label(c)) for c in SIZE_CLASS_IDS},
        },
        selected=selected,
        credit=e(" · ".join(source_lines(indicator))),
        badge=e(t("demo.etikett")) if indicator.is_demo else "",
        aria=aria or t("kart.region", indikator=indicator.name, aar=indicator.period or year),
    )
    if legend is not None:
        spec.legend = {
            "title": e(f"{legend.title}, {legend.year}"),
            "items": [[e(lab), c] for lab, c in legend.items],
        }
    spec.height = height
    spec.dim = sorted(dim)
    spec.prefetch = [
        [u["kommune"], u["fylke"]]
        for y, u in sorted(urls.items(), key=lambda kv: abs(kv[0] - year))
        if y != year
        and (years is None or y in years)
        and u.get("kommune")
        and u["kommune"] != spec.kommune_url
    ]
    spec.token = hashlib.sha1(json.dumps(spec.to_dict(), sort_keys=True).encode()).hexdigest()[:10]
    return spec
