"""Three replicas behind Debian's nginx, with the project's own nginx files (deploy/nginx/), one
command:

    .venv/bin/python bench/bench_replicas.py [--sessions 200] [--pause 1.0]

Builds the dataset once (the build step: the replicas share its folder and only read it), starts
three replicas (python -m kommunekart.web.serve, one cookie secret) and nginx (kommunekart.conf +
upstream.host.conf with this run's ports), opens ``--sessions`` browser-like sessions through nginx
(bench/sessions.py: the page, the sticky cookie, the websocket, view changes), then stops one
replica (SIGKILL, as a crash) while every session is changing views. Prints how the sessions were
spread over the replicas, errors, how many lost their replica, reconnected through nginx and got the
same view back from their address (and how long that took), and whether any other session noticed.
Needs nginx (apt-get install nginx; installed by this script when run as root and missing).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_load import start_server
from sessions import Session, percentile, run_session, save_and_report, seconds

from tests.browser.chromium import free_port

NGINX_DIR = ROOT / "deploy" / "nginx"


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found:
        return found
    if os.geteuid() == 0:
        print("installing Debian's nginx ...", flush=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "nginx"], check=True, stdout=subprocess.DEVNULL
        )
        return "/usr/sbin/nginx"
    sys.exit("nginx is missing: sudo apt-get install nginx")


def start_nginx(ports: list[int], listen: int, folder: Path) -> subprocess.Popen:
    """nginx with the project's files, only the ports changed (the replicas' and the listening
    one)."""
    site = (
        (NGINX_DIR / "kommunekart.conf")
        .read_text()
        .replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    )
    upstream = (NGINX_DIR / "upstream.host.conf").read_text()
    for default, port in zip((8501, 8502, 8503), ports):
        upstream = upstream.replace(f"127.0.0.1:{default} ", f"127.0.0.1:{port} ")
    (folder / "kommunekart.conf").write_text(site)
    (folder / "upstream.conf").write_text(upstream)
    temp = "".join(
        f"{kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"worker_processes 2;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 4096; }\n"
        f"http {{\naccess_log off;\n{temp}"
        f"include {folder}/kommunekart.conf;\ninclude {folder}/upstream.conf;\n}}\n"
    )
    nginx = nginx_binary()
    subprocess.run(
        [nginx, "-t", "-q", "-p", str(folder), "-c", str(folder / "nginx.conf")], check=True
    )
    proc = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
    )
    for _ in range(100):
        try:
            if (
                urllib.request.urlopen(f"http://127.0.0.1:{listen}/nginx-health", timeout=1)
                .read()
                .strip()
                == b"ok"
            ):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not start")


def established(port: int) -> int:
    """Connections from nginx to a replica (a session's websocket each, plus a few idle
    keepalives)."""
    out = subprocess.run(
        ["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
    )
    return len([line for line in out.stdout.splitlines() if line.strip()])


async def scenario(
    base: str, n: int, pause: float, replicas: list[subprocess.Popen], ports: list[int]
) -> dict:
    hold = asyncio.Event()
    started = [asyncio.Event() for _ in range(n)]
    sessions = [Session(base, i) for i in range(n)]
    tasks = [
        asyncio.create_task(run_session(s, 0, pause, started=ev, hold=hold))
        for s, ev in zip(sessions, started)
    ]
    t0 = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(ev.wait() for ev in started)), 600)
    opened_s = time.perf_counter() - t0
    await asyncio.sleep(3 * pause)  # every session changing views
    spread = [established(p) for p in ports]
    victim = 1
    replicas[victim].send_signal(signal.SIGKILL)
    killed_at = time.perf_counter()
    # sessions keep changing views; the victim's reconnect
    await asyncio.sleep(max(10.0, 8 * pause))
    hold.set()
    done = await asyncio.gather(*tasks)
    moved = [s for s in done if s.reconnects]
    others = [s for s in done if not s.reconnects]
    reconnect = [x for s in moved for x in s.reconnect_s]
    sw = [x for s in done for x in s.switches]
    return {
        "sessions": n,
        "all_open_s": opened_s,
        "connections_per_replica_before_stop": spread,
        "stopped_replica": victim,
        "stopped_after_s": killed_at - t0,
        "errors": sum(len(s.errors) for s in done),
        "error_examples": sorted({e for s in done for e in s.errors})[:5],
        "sessions_that_lost_their_replica": len(moved),
        "of_those_same_view_back": sum(1 for s in moved if s.views_checked_after_reconnect),
        "reconnect_to_view_median_s": statistics.median(reconnect) if reconnect else None,
        "reconnect_to_view_max_s": max(reconnect) if reconnect else None,
        "other_sessions": len(others),
        "other_sessions_with_errors": sum(1 for s in others if s.errors),
        "switches": len(sw),
        "switch_median_s": statistics.median(sw) if sw else None,
        "switch_p95_s": percentile(sw, 0.95),
    }


def first_view_bytes(base: str) -> int:
    """Bytes a browser receives for Streamlit's page and the files it names (what a first visit
    loads before the app's own messages), asking for gzip as browsers do."""
    import gzip
    import re

    def get(path: str) -> tuple[int, bytes]:
        req = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as r:
            sent = r.read()  # as sent: urllib does not unpack it
            return len(sent), gzip.decompress(sent) if r.headers.get(
                "Content-Encoding"
            ) == "gzip" else sent

    size, page = get("/")
    names = set(re.findall(rb'(?:href|src)="\./(static/[^"]+\.(?:js|css))"', page))
    return size + sum(get("/" + n.decode())[0] for n in names)


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument(
        "--pause",
        type=float,
        default=5.0,
        help="a reader's seconds between view changes (jittered 0,5-1,5x)",
    )
    a = ap.parse_args()
    subprocess.run(
        [sys.executable, "-m", "kommunekart.pipeline.build"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    ports, listen = [free_port() for _ in range(3)], free_port()
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}  # one secret for all replicas
    replicas = [start_server(p, env) for p in ports]
    folder = Path(tempfile.mkdtemp(prefix="kk-nginx-"))
    nginx = start_nginx(ports, listen, folder)
    try:
        sent = {
            "replica": first_view_bytes(f"http://127.0.0.1:{ports[0]}"),
            "nginx": first_view_bytes(f"http://127.0.0.1:{listen}"),
        }
        res = asyncio.run(
            scenario(f"http://127.0.0.1:{listen}", a.sessions, a.pause, replicas, ports)
        )
        res["first_view_bytes"] = sent
    finally:
        nginx.terminate()
        for r in replicas:
            if r.poll() is None:
                r.terminate()
        for r in replicas:
            r.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return save_and_report(res, "replicas", report)


def report(r: dict) -> None:
    def s(v):
        return seconds(v, 2)

    sent = r.get("first_view_bytes")
    if sent:
        print(
            f"Streamlit's page and files for a first view: {sent['replica'] / 1e6:.2f} MB from a "
            "replica, "
            f"{sent['nginx'] / 1e6:.2f} MB through nginx (gzip)"
        )
    print(
        f"{r['sessions']} sessions through nginx to 3 replicas, all open after {s(r['all_open_s'])}"
    )
    print(
        "  websocket connections per replica before the stop: "
        f"{r['connections_per_replica_before_stop']}"
    )
    print(
        f"  replica {r['stopped_replica'] + 1} killed (SIGKILL) {s(r['stopped_after_s'])} after "
        "the start"
    )
    print(f"  errors: {r['errors']}")
    print(
        "  sessions that lost their replica and reconnected: "
        f"{r['sessions_that_lost_their_replica']}, "
        f"with the same view back from the address: {r['of_those_same_view_back']} "
        f"(lost -> view shown again: median {s(r['reconnect_to_view_median_s'])}, max "
        f"{s(r['reconnect_to_view_max_s'])})"
    )
    print(
        f"  the other {r['other_sessions']} sessions: {r['other_sessions_with_errors']} noticed "
        "anything (errors)"
    )
    print(
        f"  view changes: {r['switches']}, median {s(r['switch_median_s'])}, p95 "
        f"{s(r['switch_p95_s'])}"
    )
    ok = (
        r["errors"] == 0
        and r["sessions_that_lost_their_replica"] == r["of_those_same_view_back"] > 0
    )
    print("replica test passed" if ok else "replica test FAILED")
    for e in r["error_examples"]:
        print("  error:", e)


if __name__ == "__main__":
    main()
