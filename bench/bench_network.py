"""A first view over a slower line: the map page opened in headless Chromium with the network
throttled (Chrome's own emulation: 10 Mbit/s down, 5 up, 40 ms round trip by default), straight from
a replica (as `make run` serves it: Streamlit sends its frontend uncompressed) and through the
project's nginx (deploy/nginx/, which gzips it). Prints page open -> map painted and the bytes the
browser received, asserts nothing. Needs nginx (see bench_replicas.py). Run on demand:

    .venv/bin/python bench/bench_network.py [--runs 3] [--mbit 10] [--rtt-ms 40]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import bench_replicas
from bench_load import start_server
from bench_targets import PAGES

from tests.browser.chromium import CHROMIUM, FLAGS, free_port


def line(ctx, page, mbit: float, rtt_ms: float):
    """The page's CDP session with the network on and, for ``mbit`` > 0, Chromium's emulation of
    a line of ``mbit`` down (half of it up) and ``rtt_ms`` round trips."""
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    if mbit:
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": rtt_ms,
                "downloadThroughput": mbit * 1e6 / 8,
                "uploadThroughput": mbit * 1e6 / 16,
            },
        )
    return cdp


def first_view(browser, url: str, ready: str, mbit: float, rtt_ms: float) -> tuple[float, int]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    cdp = line(ctx, page, mbit, rtt_ms)
    received = [0]
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(0, received[0] + e.get("encodedDataLength", 0)),
    )
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(ready, timeout=120_000, polling="raf")
    took = time.perf_counter() - t0
    ctx.close()
    return took, received[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mbit", type=float, default=10.0)
    ap.add_argument("--rtt-ms", type=float, default=40.0)
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port, listen = free_port(), free_port()
    replica = start_server(port)
    folder = Path(tempfile.mkdtemp(prefix="kk-nginx-"))
    nginx = bench_replicas.start_nginx([port, port, port], listen, folder)
    path, ready = PAGES["Kart"]
    res: dict[str, list[tuple[float, int]]] = {
        "straight from the app": [],
        "through nginx (gzip)": [],
    }
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            # warms the server
            first_view(browser, f"http://127.0.0.1:{port}{path}", ready, 1000, 0)
            for _ in range(a.runs):  # interleaved
                res["straight from the app"].append(
                    first_view(browser, f"http://127.0.0.1:{port}{path}", ready, a.mbit, a.rtt_ms)
                )
                res["through nginx (gzip)"].append(
                    first_view(browser, f"http://127.0.0.1:{listen}{path}", ready, a.mbit, a.rtt_ms)
                )
            browser.close()
    finally:
        nginx.terminate()
        replica.terminate()
        replica.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"map page, first view over {a.mbit:g} Mbit/s and {a.rtt_ms:g} ms round trip ({a.runs} "
        "runs, median (min-max)):"
    )
    for name, runs in res.items():
        times = [t for t, _ in runs]
        print(
            f"  {name:24s} {statistics.median(times):6.2f} s ({min(times):.2f}-{max(times):.2f})"
            f"   received {statistics.median(b for _, b in runs) / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
