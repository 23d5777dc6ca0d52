"""The deployment files (deploy/): what a reader behind nginx depends on that the app cannot do itself."""
from pathlib import Path

NGINX = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "kommunekart.conf"


def directives(text: str) -> dict[str, list[str]]:
    """nginx directives (comments dropped): name -> the words after it, for each occurrence joined."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().rstrip(";")
        if line and not line.endswith(("{", "}")):
            name, *words = line.split()
            out.setdefault(name, []).extend(words)
    return out


def test_nginx_compresses_streamlits_frontend():
    """Streamlit sends its ~2 MB of JavaScript uncompressed and leaves compression to the proxy: the
    project's nginx gzips it (bench_replicas: 2,13 MB -> 0,53 MB for a first view), for readers behind a
    proxy of their own too, and tells caches the answer varies."""
    d = directives(NGINX.read_text())
    assert d["gzip"] == ["on"]
    assert {"application/javascript", "text/css", "application/json"} <= set(d["gzip_types"])
    assert d["gzip_proxied"] == ["any"] and d["gzip_vary"] == ["on"]
