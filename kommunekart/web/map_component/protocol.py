"""The contract between the map's Python side, kart.js, the tests and the benchmark. Plain constants
(imports nothing); kart.js receives them in every spec (``protocol``), so neither side spells them.
"""

COMPONENT = "kommunekart.kart"  # the component's registered name
KEY = "kart"  # the component's key in the page (its state lives under this session key)
# trigger: Leaflet and the geometry are loaded (or failed); the page may send the rest
READY = "klar"
CLICK = "klikk"  # trigger: the kommunenummer of a clicked polygon
DRAWN_ATTR = "data-kk-drawn"  # set on the map element, with the spec's token, once a view is drawn
MAP_CLASS = "kk-map"  # the map element's class
# a year's pane that is on the map but not shown (kart.js keeps years made)
HIDDEN_CLASS = "kk-hidden"
# the kommuner the map shows (CSS)
SHOWN_POLYGONS = f"path.leaflet-interactive:not(.{HIDDEN_CLASS} path)"
# A spec with wait=true tells the map that the page is waiting for READY (the session's first view).


def as_dict() -> dict[str, str]:
    return {
        "ready": READY,
        "click": CLICK,
        "drawn_attr": DRAWN_ATTR,
        "map_class": MAP_CLASS,
        "hidden_class": HIDDEN_CLASS,
    }
