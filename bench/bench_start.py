"""Server start to first painted map (issue 12): spawn `streamlit run app.py`, open the map in headless
Chromium as soon as the server answers, and stop the clock when the browser has drawn every kommune
polygon. Prints figures, asserts nothing. Run on demand:

    .venv/bin/python bench/bench_start.py [--runs 3]

Cases: `make run` (python -m kommunekart.web.serve, which loads the artefact while the server starts),
plain `streamlit run app.py` with the artefact (the first visitor loads it), and an empty artefact
folder (a fresh clone's first start without `make run`'s build: the first visitor waits for the build).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kommunekart.web.map_component import protocol  # noqa: E402

from tests.browser.chromium import CHROMIUM, FLAGS, free_port  # noqa: E402



SERVE = [sys.executable, "-m", "kommunekart.web.serve"]  # what `make run` starts
PLAIN = [sys.executable, "-m", "streamlit", "run", "app.py"]  # plain Streamlit: the first visitor loads the data


def one_start(browser, env: dict, command=SERVE) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen([*command, "--server.port", str(port), "--server.address", "127.0.0.1"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.02)
        healthy = time.perf_counter() - t0
        page = browser.new_page()
        page.goto(url + "/", wait_until="commit")
        page.wait_for_selector(f".{protocol.MAP_CLASS}[{protocol.DRAWN_ATTR}]", timeout=120_000)
        drawn = time.perf_counter() - t0
        n = page.locator("path.leaflet-interactive").count()
        page.close()
        return {"health_s": healthy, "map_drawn_s": drawn, "polygons": n}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    subprocess.run([sys.executable, "-m", "kommunekart.build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        results["make run (artefact)"] = [one_start(browser, dict(os.environ)) for _ in range(args.runs)]
        results["streamlit run (artefact)"] = [one_start(browser, dict(os.environ), PLAIN) for _ in range(args.runs)]
        cold = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as empty:
                cold.append(one_start(browser, {**os.environ, "KOMMUNEKART_BUILD": empty}))
        results["no artefact (builds)"] = cold
        browser.close()
    print(f"{'server start ->':26s} {'health (median)':>16s} {'map drawn (median, min-max)':>30s} {'polygons':>9s}")
    for case, runs in results.items():
        drawn = [r["map_drawn_s"] for r in runs]
        print(f"{case:26s} {statistics.median(r['health_s'] for r in runs):15.2f}s "
              f"{statistics.median(drawn):17.2f} s ({min(drawn):.2f}-{max(drawn):.2f}) {runs[0]['polygons']:9d}")


if __name__ == "__main__":
    main()
