"""A/B of the first HTML's drawing of the map (web.first_pixels, decision 0017). Run on demand:

    .venv/bin/python bench/bench_first_pixels.py [--runs 8]

Two servers as `make run` starts them, one with the drawing (B) and one without
(A: KOMMUNEKART_FORSTE_TEGNING=0), each warmed by one visit; then a shared link of the map is
opened ``runs`` times on each, alternating, each time in a new browser context (an empty cache), at
a desktop's and a phone's size. Measured inside the page (the browser's clock from navigation
start):
  - first map pixels: the frame that shows the drawing (B: kk-first-painted) or Leaflet's map
    (A, and B when the drawing was not used: kk-painted);
  - the live map painted (kk-painted);
  - layout shift: the sum of the page's layout-shift entries until 1 s after the live map was
    painted (the drawing's change to the live map must add none);
  - first interactive: the sidebar's first control there (the page's controls, when a reader can
    use them), and the HTML's size.
Prints the medians and writes bench/results/first_pixels.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_load import start_server

from tests.browser.chromium import CHROMIUM, FLAGS, free_port

LINK = "/?indikator=nettside_vekt&aar=2025&kommune=1804"
SIZES = {"skrivebord 1400×1000": (1400, 1000), "telefon 390×844": (390, 844)}
OBSERVE = """
window.__kkShift = 0;
new PerformanceObserver(function (l) {
  for (const e of l.getEntries()) { if (!e.hadRecentInput) { window.__kkShift += e.value; } }
}).observe({ type: "layout-shift", buffered: true });
new MutationObserver(function (_, o) {
  if (document.querySelector(
      '[data-testid="stSidebar"] input, [data-testid="stSidebarCollapsedControl"]')) {
    performance.mark("kk-controls"); o.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""
MARK = (
    "(n) => { const m = performance.getEntriesByName(n); return m.length ? m[0].startTime : null; }"
)


def one(browser, base: str, size) -> dict:
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    ctx.add_init_script(OBSERVE)
    page = ctx.new_page()
    page.goto(base + LINK, wait_until="commit")
    page.wait_for_function(
        "performance.getEntriesByName('kk-painted').length > 0 && "
        "performance.getEntriesByName('kk-controls').length > 0",
        timeout=60000,
        polling="raf",
    )
    painted = page.evaluate(MARK, "kk-painted")
    page.wait_for_function(f"performance.now() > {painted + 1000}", polling="raf")
    drawing = page.evaluate(MARK, "kk-first-painted")
    out = {
        "first_pixels": (drawing if drawing is not None else painted) / 1000,
        "drawing_used": drawing is not None,
        "live_map": painted / 1000,
        "shift": page.evaluate("window.__kkShift"),
        "controls": page.evaluate(MARK, "kk-controls") / 1000,
        "left_over": page.evaluate("document.querySelectorAll('.kk-forste').length"),
    }
    ctx.close()
    return out


def main() -> dict:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=8)
    runs = ap.parse_args().runs
    ports = {"A (uten tegning)": free_port(), "B (med tegning)": free_port()}
    procs = {
        "A (uten tegning)": start_server(
            ports["A (uten tegning)"], {"KOMMUNEKART_FORSTE_TEGNING": "0"}
        ),
        "B (med tegning)": start_server(ports["B (med tegning)"]),
    }
    res: dict = {"link": LINK, "runs": runs, "html_bytes": {}, "results": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for arm, port in ports.items():
                base = f"http://127.0.0.1:{port}"
                one(browser, base, (1400, 1000))  # warm: the view's numbers and drawing made
                with urllib.request.urlopen(base + LINK) as r:
                    res["html_bytes"][arm] = len(r.read())
            for size_name, size in SIZES.items():
                rows = {arm: [] for arm in ports}
                for _ in range(runs):
                    for arm, port in ports.items():  # alternating: the machine's drift on both
                        rows[arm].append(one(browser, f"http://127.0.0.1:{port}", size))
                res["results"][size_name] = {
                    arm: {
                        k: statistics.median(r[k] for r in runs_)
                        for k in ("first_pixels", "live_map", "shift", "controls")
                    }
                    | {
                        "drawing_used": sum(r["drawing_used"] for r in runs_),
                        "left_over": max(r["left_over"] for r in runs_),
                    }
                    for arm, runs_ in rows.items()
                }
            browser.close()
    finally:
        for proc in procs.values():
            proc.terminate()
            proc.wait(timeout=20)
    report(res)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "first_pixels.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
    return res


def report(res: dict) -> None:
    print(f"Delt lenke: {res['link']}; {res['runs']} visninger per arm og størrelse (medianer)")
    for arm, n in res["html_bytes"].items():
        print(f"  HTML {arm}: {n:,} byte".replace(",", " "))
    head = f"{'':24} {'arm':18} {'første kartpiksler':>18} {'levende kart':>13} "
    print(head + f"{'layoutskift':>12} {'kontroller':>11} {'tegning brukt':>14}")
    for size, arms in res["results"].items():
        for arm, r in arms.items():
            print(
                f"{size:24} {arm:18} {r['first_pixels']:>17.2f}s {r['live_map']:>12.2f}s "
                f"{r['shift']:>12.3f} {r['controls']:>10.2f}s "
                f"{r['drawing_used']:>8}/{res['runs']}"
            )


if __name__ == "__main__":
    main()
