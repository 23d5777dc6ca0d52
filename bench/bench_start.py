"""Server start to first painted map (issue 12): with a browser tab already open (headless
Chromium), spawn the server, open the map as soon as the server answers, and stop the clock when the
browser has drawn every kommune polygon: the browser's own mark of the animation frame that first
showed the map (kart.js, "kk-painted"), and beside it when Playwright saw the drawn map (its waiting
adds 0,1-0,4 s while the page is still busy). (Until the seventh session the tab was opened after
the server answered, which put the browser's own ~0,3 s in the figure.) Prints figures, asserts
nothing. Run on demand:

    .venv/bin/python bench/bench_start.py [--runs 3]

Cases: `make run` (python -m kommunekart.web.serve, which loads the artefact as soon as the server
listens), plain `streamlit run app.py` with the artefact (the first visitor loads it), and an empty
artefact folder (a fresh clone's first start without `make run`'s build: the first visitor waits for
the build).
"""

from __future__ import annotations

import argparse
import json
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
from kommunekart.web.map_component import protocol
from tests.browser.chromium import CHROMIUM, FLAGS, free_port

# kart.js marks the animation frame that first shows the map ("kk-painted"): its wall-clock time
PAINTED_AT = """() => { const m = performance.getEntriesByName('kk-painted');
    return m.length ? performance.timeOrigin + m[0].startTime : null; }"""
SERVE = [sys.executable, "-m", "kommunekart.web.serve"]  # what `make run` starts
# plain Streamlit: the first visitor loads the data
PLAIN = [
    sys.executable,
    "-m",
    "streamlit",
    "run",
    "app.py",
]


def one_start(browser, env: dict, command=SERVE) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page()  # the reader's browser is open before the server starts (~0,3 s here)
    t0 = time.perf_counter()
    wall0 = time.time()  # the same clock as the page's performance.timeOrigin
    proc = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.02)
        healthy = time.perf_counter() - t0
        page.goto(url + "/", wait_until="commit")
        page.wait_for_selector(f".{protocol.MAP_CLASS}[{protocol.DRAWN_ATTR}]", timeout=120_000)
        drawn = time.perf_counter() - t0
        n = page.locator(protocol.SHOWN_POLYGONS).count()
        # the browser's own mark of the frame that showed the map
        painted_ms = page.evaluate(PAINTED_AT)
        return {
            "health_s": healthy,
            "map_drawn_s": drawn,
            "polygons": n,
            "map_painted_s": painted_ms / 1000 - wall0 if painted_ms else None,
        }
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=20)


def prepare() -> None:
    """What `make run` does before it starts the server (`make build`): the dataset artefact and the
    byte code (where Python may not write it, as here with PYTHONDONTWRITEBYTECODE, a start would
    otherwise compile every changed module again)."""
    subprocess.run(
        [sys.executable, "-m", "kommunekart.pipeline.build"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "app.py", "kommunekart", "sider"],
        cwd=ROOT,
        check=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    prepare()
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        results["make run (artefact)"] = [
            one_start(browser, dict(os.environ)) for _ in range(args.runs)
        ]
        results["streamlit run (artefact)"] = [
            one_start(browser, dict(os.environ), PLAIN) for _ in range(args.runs)
        ]
        cold = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as empty:
                cold.append(one_start(browser, {**os.environ, "KOMMUNEKART_BUILD": empty}))
        results["no artefact (builds)"] = cold
        browser.close()
    print(
        f"{'server start ->':26s} {'health (median)':>16s} {'map painted (median, min-max)':>32s} "
        f"{'seen by Playwright':>26s} {'polygons':>9s}"
    )
    for case, runs in results.items():
        drawn = [r["map_drawn_s"] for r in runs]
        painted = [r["map_painted_s"] for r in runs]
        print(
            f"{case:26s} {statistics.median(r['health_s'] for r in runs):15.2f}s "
            f"{statistics.median(painted):19.2f} s ({min(painted):.2f}-{max(painted):.2f}) "
            f"{statistics.median(drawn):13.2f} s ({min(drawn):.2f}-{max(drawn):.2f}) "
            f"{runs[0]['polygons']:9d}"
        )
    summary = {
        case: {
            "health_median_s": round(statistics.median(r["health_s"] for r in runs), 2),
            "map_painted_median_s": round(statistics.median(r["map_painted_s"] for r in runs), 2),
            "map_seen_by_playwright_median_s": round(
                statistics.median(r["map_drawn_s"] for r in runs), 2
            ),
        }
        for case, runs in results.items()
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "start.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
