"""The project's nginx files (deploy/nginx/kommunekart.conf) in a real nginx on a free port, in
front of one upstream: for tests/test_deploy.py (a stand-in app) and the browser test through nginx
(the app)."""

import shutil
import ssl
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "kommunekart.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


@contextmanager
def running_nginx(
    folder: Path,
    upstream_port: int,
    connections: int = 256,
    frontend: Path | None = None,
    brotli: bool = False,
    tls: tuple[Path, Path] | None = None,
    site: str | None = None,
):
    """``connections``: nginx's worker_connections (the embed benchmark's 1 000 readers need
    more); ``frontend``: the folder of Streamlit's precompressed files (kommunekart.web.
    frontend_files) in place of /srv/kommunekart/frontend; ``brotli``: Debian's brotli_static module
    and deploy/nginx/brotli.conf; ``tls``: (certificate, key): the server listens with TLS and
    HTTP/2, as deploy/README.md's TLS server; ``site``: another text of kommunekart.conf (a
    benchmark's «before»)."""
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    assert binary, "nginx is not installed: apt-get install nginx-light (.ci/run does)"
    from tests.browser.chromium import free_port, wait_for_answer

    port = free_port()
    # the static embeds' cache: nginx's workers (not root) write it, so it is not under
    # ``folder`` (pytest's folders are closed to other users)
    cache = Path(tempfile.mkdtemp(prefix="kk-nginx-cache-"))
    cache.chmod(0o777)
    listen = f"listen 127.0.0.1:{port};"
    if tls:
        listen = (
            f"listen 127.0.0.1:{port} ssl http2; ssl_certificate {tls[0]}; "
            f"ssl_certificate_key {tls[1]};"
        )
    (folder / "kommunekart.conf").write_text(
        (SITE.read_text() if site is None else site)
        .replace("listen 8080;", listen)
        .replace("/var/lib/nginx/kommunekart", str(cache))
        .replace("/srv/kommunekart/frontend", str(frontend or folder / "no-frontend"))
    )
    modules = ""
    if brotli:
        modules = f"load_module {BROTLI_MODULE};\n"
        (folder / "brotli.conf").write_text((SITE.parent / "brotli.conf").read_text())
    temp = " ".join(
        f"{k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"{modules}daemon off; worker_processes 1; pid {folder / 'nginx.pid'}; error_log "
        f"{folder / 'error.log'};\n"
        f"events {{ worker_connections {connections}; }}\n"
        f"http {{ access_log off; {temp}\n"
        "  upstream kommunekart "
        f"{{ hash $kk_sticky consistent; server 127.0.0.1:{upstream_port}; }}\n"
        f"  include {folder / 'kommunekart.conf'};"
        + (f" include {folder / 'brotli.conf'};" if brotli else "")
        + " }\n"
    )
    proc = subprocess.Popen(
        [binary, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    wait_for_answer(
        url + "/nginx-health",
        proc,
        timeout_s=10,
        what="nginx",
        context=ssl._create_unverified_context() if tls else None,
    )
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(cache, ignore_errors=True)
