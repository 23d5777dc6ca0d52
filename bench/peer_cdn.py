"""The streamlit-folium peer's CDN files, answered from local copies (this machine is offline):
Leaflet from the xstatic-leaflet package, the others from the npm registry (npm pack, cached in
bench/.cache/). Two stylesheets with no package (glyphicons 3.0.0, folium's rotate css) are served
empty; the peer's choropleth does not use them. Used by bench_vs_peer.py and bench_targets.py."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlparse

CACHE = Path(__file__).resolve().parent / ".cache"

NPM = {  # package -> files needed
    "jquery@3.7.1": "jquery-3.7.1",
    "bootstrap@5.2.2": "bootstrap-5.2.2",
    # 2.0.2 is not on npm; same files
    "leaflet.awesome-markers@2.0.5": "leaflet.awesome-markers-2.0.5",
    "@fortawesome/fontawesome-free@6.2.0": "fortawesome-fontawesome-free-6.2.0",
    "d3@4.13.0": "d3-4.13.0",
    "d3@3.5.5": "d3-3.5.5",
}


def npm_package(spec: str) -> Path:
    name = NPM[spec]
    target = CACHE / name
    if not (target / "package").is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=CACHE,
            check=True,
            capture_output=True,
            timeout=120,
        )
        with tarfile.open(CACHE / f"{name}.tgz") as tar:
            tar.extractall(target, filter="data")
    return target / "package"


def cdn_map() -> list[tuple[str, Path | None]]:
    """(URL prefix, local directory or file); None = serve an empty stylesheet."""
    import xstatic.pkg.leaflet as xleaflet

    return [
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/", Path(xleaflet.BASE_DIR)),
        (
            "https://code.jquery.com/jquery-3.7.1.min.js",
            npm_package("jquery@3.7.1") / "dist" / "jquery.min.js",
        ),
        ("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/", npm_package("bootstrap@5.2.2")),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/",
            npm_package("leaflet.awesome-markers@2.0.5") / "dist",
        ),
        (
            "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/",
            npm_package("@fortawesome/fontawesome-free@6.2.0"),
        ),
        ("https://d3js.org/d3.v4.min.js", npm_package("d3@4.13.0") / "build" / "d3.min.js"),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
            npm_package("d3@3.5.5") / "d3.min.js",
        ),
        ("https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css", None),
        ("https://cdn.jsdelivr.net/gh/python-visualization/folium/", None),
    ]


MIME = {
    ".js": "application/javascript",
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


def install_cdn_routes(context, mapping, unmatched: list):
    def handle(route):
        url = route.request.url
        host = urlparse(url).hostname
        if host in ("127.0.0.1", "localhost"):
            return route.continue_()
        for prefix, local in mapping:
            if url.startswith(prefix):
                if local is None:
                    return route.fulfill(status=200, body="", content_type="text/css")
                path = local if local.is_file() else local / url[len(prefix) :].split("?")[0]
                if path.is_file():
                    return route.fulfill(
                        status=200,
                        path=str(path),
                        content_type=MIME.get(path.suffix, "application/octet-stream"),
                    )
        unmatched.append(url)
        return route.abort()

    context.route("**/*", handle)
