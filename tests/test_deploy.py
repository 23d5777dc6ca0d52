"""The deployment files (deploy/): what a reader behind nginx depends on that the app cannot do
itself."""

import gzip
import http.server
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from kommunekart.web import frontend_files

NGINX = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "kommunekart.conf"


def directives(text: str) -> dict[str, list[str]]:
    """nginx directives (comments dropped): name -> the words after it, for each occurrence
    joined."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().rstrip(";")
        if line and not line.endswith(("{", "}")):
            name, *words = line.split()
            out.setdefault(name, []).extend(words)
    return out


def test_nginx_compresses_streamlits_frontend():
    """Streamlit sends its ~2 MB of JavaScript uncompressed and leaves compression to the proxy: the
    project's nginx gzips it (bench_replicas: 2,13 MB -> 0,53 MB for a first view), for readers
    behind a proxy of their own too, and tells caches the answer varies."""
    d = directives(NGINX.read_text())
    assert d["gzip"] == ["on"]
    assert {"application/javascript", "text/css", "application/json"} <= set(d["gzip_types"])
    assert d["gzip_proxied"] == ["any"] and d["gzip_vary"] == ["on"]


# ---------------------------------------------------------------- a public site: headers, closed
# paths, TLS

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
)


def test_every_location_that_sets_its_own_headers_repeats_the_security_headers():
    """nginx drops the server's add_header lines in a location with an add_header of its own: each
    such location names the CSP and nosniff again (the upload answers get a stricter CSP of their
    own)."""
    text = NGINX.read_text()
    blocks = text.split("location ")[1:]
    for block in blocks:
        body = block.split("\n    }", 1)[0]
        if "add_header" in body:
            assert "Content-Security-Policy" in body and "X-Content-Type-Options nosniff" in body, (
                body[:80]
            )


def test_the_csp_allows_the_app_itself_and_nothing_else():
    d = directives(NGINX.read_text())
    csp = " ".join(d["default"])  # the map's value (map $host $kk_csp { default "..."; })
    for part in (
        "default-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "frame-ancestors $kk_frame_ancestors",
        "base-uri 'self'",
    ):
        assert part in csp, part
    assert "http" not in csp and " * " not in csp.replace("frame-ancestors *", "")  # no other host


@pytest.fixture(scope="module")
def nginx_in_front(tmp_path_factory):
    """The project's kommunekart.conf in a real nginx (Debian's, as .ci/run installs it), in front
    of a stand-in for the app that answers every path with 200."""
    from tests.nginx import running_nginx

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"app:" + self.path.encode())

        def log_message(self, *args):
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    # Streamlit's frontend as kommunekart.web.frontend_files copies it (a stand-in of its files)
    source = tmp_path_factory.mktemp("streamlit-static")
    (source / "js").mkdir()
    (source / "js" / "index.Ab12Cd.js").write_text(FRONTEND_JS)
    # nginx's workers (not root) read it: not under pytest's folders, which are closed to others
    parent = Path(tempfile.mkdtemp(prefix="kk-frontend-"))
    parent.chmod(0o755)
    frontend = parent / "frontend"
    frontend_files.write(frontend, source)
    with running_nginx(
        tmp_path_factory.mktemp("nginx"), app.server_port, frontend=frontend, brotli=True
    ) as url:
        yield url
    app.shutdown()
    shutil.rmtree(parent, ignore_errors=True)


FRONTEND_JS = "function kk(){return 'Kommunekart';}\n" * 300


def get(url, headers=None):
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=5
        ) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_nginx_sends_the_security_headers_and_frames_only_embeds_elsewhere(nginx_in_front):
    status, headers, body = get(nginx_in_front + "/kommuneprofil?kommune=0301")
    assert status == 200 and body == b"app:/kommuneprofil?kommune=0301"
    assert all(headers[h] for h in SECURITY_HEADERS)
    assert (
        headers["X-Content-Type-Options"] == "nosniff"
        and headers["X-Frame-Options"] == "SAMEORIGIN"
    )
    assert headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    assert "nginx/" not in (headers["Server"] or "")  # server_tokens off
    _, embed, _ = get(nginx_in_front + "/?embed=true&kommune=0301")
    assert (
        embed["Content-Security-Policy"].endswith("frame-ancestors *")
        and embed["X-Frame-Options"] is None
    )
    _, static, _ = get(nginx_in_front + "/app/static/geo/x.json")
    assert static["Content-Security-Policy"] and static["X-Content-Type-Options"] == "nosniff"


def test_streamlits_metrics_are_closed_to_the_public(nginx_in_front):
    for path in ("/_stcore/metrics", "/_stcore/metrics?x=1", "/_stcore/metrics/"):
        status, headers, body = get(nginx_in_front + path)
        assert status == 404 and b"app:" not in body
        assert headers["Content-Security-Policy"]
    assert get(nginx_in_front + "/_stcore/health")[0] == 200


def test_the_replica_cookie_is_secure_behind_tls(nginx_in_front):
    _, plain, _ = get(nginx_in_front + "/")
    _, tls, _ = get(nginx_in_front + "/", {"X-Forwarded-Proto": "https"})
    assert "Secure" not in plain["Set-Cookie"] and "HttpOnly" in plain["Set-Cookie"]
    assert tls["Set-Cookie"].endswith("; Secure")


def test_uploads_from_one_address_are_rate_limited(nginx_in_front):
    """A script sending upload after upload gets 429 after the burst; the app never sees the
    rest."""
    codes = [get(nginx_in_front + "/_stcore/upload_file/s/f")[0] for _ in range(12)]
    assert codes[:6] == [200] * 6 and codes[-1] == 429, codes


def test_streamlits_frontend_comes_precompressed_from_disk_and_is_kept_a_year(nginx_in_front):
    """A returning visitor's browser keeps Streamlit's files (their names carry their content's
    hash); nginx sends the .br or .gz written once, not a replica's file gzipped per visitor."""
    js = "/static/js/index.Ab12Cd.js"
    status, plain, body = get(nginx_in_front + js)
    assert status == 200 and body.decode() == FRONTEND_JS and not plain["Content-Encoding"]
    assert plain["Cache-Control"] == "public, max-age=31536000, immutable"
    # a module script of another type is refused by the browser (nosniff)
    assert plain["Content-Type"] == "application/javascript"
    assert plain["Content-Security-Policy"] and plain["X-Content-Type-Options"] == "nosniff"
    _, gz, body = get(nginx_in_front + js, {"Accept-Encoding": "gzip"})
    assert gz["Content-Encoding"] == "gzip" and gzip.decompress(body).decode() == FRONTEND_JS
    _, br, body = get(nginx_in_front + js, {"Accept-Encoding": "br, gzip"})
    assert br["Content-Encoding"] == "br" and brotli.decompress(body).decode() == FRONTEND_JS
    # a name not in the copy (another Streamlit version's replica): the replica answers, kept too
    status, other, body = get(nginx_in_front + "/static/js/other.Zz9.js")
    assert status == 200 and body == b"app:/static/js/other.Zz9.js"
    assert other["Cache-Control"] == "public, max-age=31536000, immutable"
    assert other["Content-Security-Policy"]


def test_the_frontend_copy_replaces_only_a_copy_of_its_own(tmp_path):
    """A mistyped folder (a home folder, /srv) is never replaced; the copy itself is, whole."""
    source = tmp_path / "src"
    (source / "js").mkdir(parents=True)
    (source / "js" / "a.Xy1.js").write_text(FRONTEND_JS)
    other = tmp_path / "someones-files"
    other.mkdir()
    (other / "letter.txt").write_text("keep me")
    with pytest.raises(frontend_files.NotOurFolder):
        frontend_files.write(other, source)
    assert (other / "letter.txt").read_text() == "keep me"
    copy = tmp_path / "frontend"
    frontend_files.write(copy, source)
    (source / "js" / "b.Zz2.js").write_text(FRONTEND_JS)  # a newer Streamlit's files
    counts = frontend_files.write(copy, source)
    assert counts["files"] == 2 and counts["gz"] == 2
    packed = (copy / "static" / "js" / "b.Zz2.js.gz").read_bytes()
    assert gzip.decompress(packed).decode() == FRONTEND_JS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frontend", "someones-files", "src"]
