"""100 concurrent browser-like sessions on one server (bench/sessions.py), run on demand:

    .venv/bin/python bench/bench_load.py [--sessions 100] [--switches 5] [--pause 1.0]

Starts the app as `make run` does (python -m kommunekart.web.serve, the build artefact present),
opens the sessions at once, and when all are open lets each change its view ``--switches`` times
about ``--pause`` s apart (a reader looks at the map between changes), and prints: errors
(exceptions on a page, a wrong title, a dropped connection), first view median/p95, switch
median/p95, and the server's resident memory with 1 session and with all open (per extra session).
Targets (issue 18): 0 errors, p95 switch <= 1 s, <= 2 MB per extra session.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sessions import (
    Session,
    percentile,
    rss_mb,
    run_session,
    save_and_report,
    seconds,
)

from tests.browser.chromium import free_port, serve_command


def start_server(port: int, env: dict | None = None) -> subprocess.Popen:
    import os

    proc = subprocess.Popen(
        serve_command(port),
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            if (
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read()
                == b"ok"
            ):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the app did not start")


async def load(base: str, pid: int, n: int, switches: int, pause: float) -> dict:
    warm = await run_session(
        Session(base, 0), switches=len(__import__("sessions").VIEWS), pause_s=0.05
    )
    await asyncio.sleep(1.0)
    one = rss_mb(pid)  # one session (the warm-up's) has been open; every view's numbers are cached
    opened = asyncio.Event()
    hold = asyncio.Event()
    sessions = [Session(base, i + 1) for i in range(n)]
    counter = {"started": 0}

    async def one_session(s):
        ev = asyncio.Event()
        task = asyncio.create_task(
            run_session(s, switches, pause, started=ev, hold=hold, go=opened)
        )
        await ev.wait()
        counter["started"] += 1
        if counter["started"] == n:
            opened.set()
        return await task

    t0 = time.perf_counter()
    tasks = [asyncio.create_task(one_session(s)) for s in sessions]
    try:
        await asyncio.wait_for(opened.wait(), 300)
    except TimeoutError:
        pass
    opened_s = time.perf_counter() - t0
    await asyncio.sleep(2 * pause + 1)
    many = rss_mb(pid)  # every session open at once
    hold.set()
    done = await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    first = [s.first_s for s in done if s.first_s is not None]
    sw = [x for s in done for x in s.switches]
    errors = [e for s in done for e in s.errors] + list(warm.errors)
    return {
        "sessions": n,
        "all_open_s": opened_s,
        "pause_s": pause,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "wall_s": wall,
        "first_view_median_s": statistics.median(first) if first else None,
        "first_view_p95_s": percentile(first, 0.95),
        "switches": len(sw),
        "switch_median_s": statistics.median(sw) if sw else None,
        "switch_p95_s": percentile(sw, 0.95),
        "rss_1_session_mb": one,
        "rss_all_sessions_mb": many,
        "rss_per_extra_session_mb": (many - one) / max(1, n - 1),
    }


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--switches", type=int, default=5)
    ap.add_argument(
        "--pause",
        type=float,
        default=5.0,
        help="a reader's seconds between changes (jittered 0,5-1,5x; a person reads the map first)",
    )
    a = ap.parse_args()
    port = free_port()
    proc = start_server(port)
    try:
        res = asyncio.run(
            load(f"http://127.0.0.1:{port}", proc.pid, a.sessions, a.switches, a.pause)
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return save_and_report(res, "load", report)


def report(r: dict) -> None:
    def s(v):
        return seconds(v, 3)

    rows = [
        ("sessions at once", str(r["sessions"]), ""),
        ("all open after", s(r["all_open_s"]), ""),
        ("a reader's pause between changes", f"{r['pause_s']:.1f} s ±50 %", ""),
        ("errors", str(r["errors"]), "0"),
        (
            "first view, median / p95",
            f"{s(r['first_view_median_s'])} / {s(r['first_view_p95_s'])}",
            "",
        ),
        (f"switches ({r['switches']}), median", s(r["switch_median_s"]), ""),
        ("switches, p95", s(r["switch_p95_s"]), "<= 1 s"),
        ("server RSS, 1 session", f"{r['rss_1_session_mb']:.1f} MB", ""),
        ("server RSS, all sessions open", f"{r['rss_all_sessions_mb']:.1f} MB", ""),
        ("RSS per extra session", f"{r['rss_per_extra_session_mb']:.2f} MB", "<= 2 MB"),
    ]
    print(f"{'':34s} {'measured':>24s} {'target':>10s}")
    for name, v, target in rows:
        print(f"{name:34s} {v:>24s} {target:>10s}")
    met = (
        r["errors"] == 0
        and (r["switch_p95_s"] or 99) <= 1.0
        and r["rss_per_extra_session_mb"] <= 2.0
    )
    print("targets met" if met else "targets NOT met")
    for e in r["error_examples"]:
        print("  error:", e)


if __name__ == "__main__":
    main()
