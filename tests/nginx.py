"""The project's nginx files (deploy/nginx/kommunekart.conf) in a real nginx on a free port, in
front of one upstream: for tests/test_deploy.py (a stand-in app) and the browser test through nginx
(the app)."""

import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "kommunekart.conf"


@contextmanager
def running_nginx(folder: Path, upstream_port: int, connections: int = 256):
    """``connections``: nginx's worker_connections (the embed benchmark's 1 000 readers need
    more)."""
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
    (folder / "kommunekart.conf").write_text(
        SITE.read_text()
        .replace("listen 8080;", f"listen 127.0.0.1:{port};")
        .replace("/var/lib/nginx/kommunekart", str(cache))
    )
    temp = " ".join(
        f"{k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"daemon off; worker_processes 1; pid {folder / 'nginx.pid'}; error_log "
        f"{folder / 'error.log'};\n"
        f"events {{ worker_connections {connections}; }}\n"
        f"http {{ access_log off; {temp}\n"
        "  upstream kommunekart "
        f"{{ hash $kk_sticky consistent; server 127.0.0.1:{upstream_port}; }}\n"
        f"  include {folder / 'kommunekart.conf'}; }}\n"
    )
    proc = subprocess.Popen(
        [binary, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for_answer(url + "/nginx-health", proc, timeout_s=10, what="nginx")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(cache, ignore_errors=True)
