"""Readers of a static embed through the project's nginx, beside the live embed, run on demand:

    .venv/bin/python bench/bench_embed.py [--readers 1000] [--sessions 100]

Starts the app as `make run` does and the project's nginx (deploy/nginx/kommunekart.conf, loopback
only) in front of it. ``--readers`` readers open one map view's static embed (/innebygd) at once,
each as a browser does: the page, then Leaflet (JS, CSS) and the year's two geometry files, on one
kept-alive connection. Prints errors, the p50/p95 of a reader's whole load, nginx's cache hits, and
the app's CPU seconds and resident memory before and after (expected: untouched: nginx answers
from its cache). Then the live embed (a Streamlit session per reader): ``--sessions`` browser-like
sessions (bench/sessions.py) through the same nginx, with the app's memory and CPU. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_load import load, start_server
from sessions import percentile, rss_mb, save_and_report

from tests.browser.chromium import free_port
from tests.nginx import running_nginx

VIEW = "/innebygd?indikator=nettside_vekt&aar=2025&kommune=1804"


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def fetch_all(host: str, port: int, paths: list[str], timeout: float = 60.0):
    """GET each path on one connection; (seconds, error or None, cache statuses)."""
    t0 = time.perf_counter()
    caches = []
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        for path in paths:
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "Accept-Encoding: gzip\r\n\r\n".encode()
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
            status = int(head.split(b" ", 2)[1])
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            if length:
                await asyncio.wait_for(reader.readexactly(int(length.group(1))), timeout)
            else:  # chunked
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            cache = re.search(rb"(?i)x-cache: *(\w+)", head)
            caches.append(cache.group(1).decode() if cache else "")
            if status != 200:
                writer.close()
                return time.perf_counter() - t0, f"{status} {path}", caches
        writer.close()
        return time.perf_counter() - t0, None, caches
    except Exception as err:  # counted, with its kind
        return time.perf_counter() - t0, f"{type(err).__name__}", caches


async def readers(url: str, n: int) -> dict:
    import urllib.request

    host, port = url.removeprefix("http://").split(":")
    page = urllib.request.urlopen(url + VIEW, timeout=60).read().decode()  # made once, cached
    assets = re.findall(r'(?:src|href)="(/app/static/[^"]+)"', page)
    assets += re.findall(r'"(/app/static/geo/(?:kommune|fylke)_[^"]+\.json)"', page)[:2]
    paths = [VIEW, *dict.fromkeys(assets)]
    t0 = time.perf_counter()
    done = await asyncio.gather(*(fetch_all(host, int(port), paths) for _ in range(n)))
    wall = time.perf_counter() - t0
    took = [d[0] for d in done]
    errors = [d[1] for d in done if d[1]]
    pages = [d[2][0] for d in done if d[2]]
    return {
        "readers": n,
        "files_per_reader": len(paths),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "wall_s": wall,
        "reader_p50_s": statistics.median(took),
        "reader_p95_s": percentile(took, 0.95),
        "page_cache_hits": sum(1 for c in pages if c == "HIT"),
    }


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--readers", type=int, default=1000)
    ap.add_argument("--sessions", type=int, default=100)
    a = ap.parse_args()
    port = free_port()
    proc = start_server(port)
    res: dict = {}
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            running_nginx(Path(tmp), port, connections=4 * a.readers + 256) as url,
        ):
            # the first reader of the view makes it (app), then nginx keeps it
            asyncio.run(readers(url, 1))
            time.sleep(1.0)
            rss0, cpu0 = rss_mb(proc.pid), cpu_s(proc.pid)
            static = asyncio.run(readers(url, a.readers))
            time.sleep(0.5)
            static |= {
                "app_cpu_s": cpu_s(proc.pid) - cpu0,
                "app_rss_before_mb": rss0,
                "app_rss_after_mb": rss_mb(proc.pid),
            }
            res["static"] = static
            rss1, cpu1 = rss_mb(proc.pid), cpu_s(proc.pid)
            live = asyncio.run(load(url, proc.pid, a.sessions, 0, 1.0))
            live |= {"app_cpu_s": cpu_s(proc.pid) - cpu1, "app_rss_before_mb": rss1}
            res["live"] = live
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return save_and_report(res, "embed", report)


def report(r: dict) -> None:
    s, v = r["static"], r["live"]
    print(
        f"static embed through nginx: {s['readers']} readers at once, "
        f"{s['files_per_reader']} files each"
    )
    print(
        f"  errors {s['errors']} {s['error_examples']}; whole load p50 {s['reader_p50_s']:.3f} s, "
        f"p95 {s['reader_p95_s']:.3f} s (wall {s['wall_s']:.2f} s); page from nginx's cache: "
        f"{s['page_cache_hits']} of {s['readers']}"
    )
    print(
        f"  app: CPU {s['app_cpu_s']:.2f} s, memory {s['app_rss_before_mb']:.0f} -> "
        f"{s['app_rss_after_mb']:.0f} MB"
    )
    print(
        f"live embed (a Streamlit session each): {v['sessions']} sessions, errors {v['errors']}, "
        f"first view p50 {v['first_view_median_s']:.2f} s, p95 {v['first_view_p95_s']:.2f} s"
    )
    print(
        f"  app: CPU {v['app_cpu_s']:.2f} s, memory {v['app_rss_before_mb']:.0f} -> "
        f"{v['rss_all_sessions_mb']:.0f} MB ({v['rss_per_extra_session_mb']:.2f} MB per session)"
    )


if __name__ == "__main__":
    main()
