"""Kommunekart against a typical streamlit-folium app (../shared/bench/peer_app.py), side by side.

Run on demand (not in CI):  make bench   or   .venv/bin/python bench/bench_vs_peer.py [--runs 5]

Starts both apps on free ports (Kommunekart as `make run` does: python -m kommunekart.web.serve),
drives each in headless Debian Chromium (Playwright) and prints, per app, the median and the spread
(min-max) of:
  1. first paint: page open -> all kommune polygons painted in the map; and page open -> the
     "Indikator" menu usable (Kommunekart sends its menus after the map is drawn)
  2. indicator switch (and, for Kommunekart, year switch): change -> recoloured map painted, and the
     bytes received over the Streamlit websocket for that change
  3. server resident memory (VmRSS) with 1 and with 20 open sessions
  5. 50 concurrent browser-less sessions (websocket clients speaking Streamlit's protocol): errors,
     median and 95th percentile time from "run the page" to "script finished" (for Kommunekart the
     client also sends the map's "drawn" report, as a browser does, and waits for the second run)
Item 4 (profile/size-class page render time, PNG export) comes from bench_pages.py.
It prints the ratios Kommunekart/peer for 1-3 and writes bench/results/vs_peer.json.

The peer loads Leaflet, jQuery, Bootstrap, Font Awesome, awesome-markers and d3 from public CDNs.
This machine is offline, so the browser's requests for those URLs are answered from local copies
(bench/peer_cdn.py). The peer's code is not changed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PEER = (ROOT.parent / "shared" / "bench" / "peer_app.py").resolve()
RESULTS = ROOT / "bench" / "results"
from kommunekart.web.map_component.protocol import SHOWN_POLYGONS
from tests.browser.chromium import CHROMIUM, FLAGS, free_port

N_KOMMUNER = 357

# the peer's CDN files (bench_targets imports cdn_map from here); bench/ is on the path only from
# here
from peer_cdn import cdn_map, install_cdn_routes

# ---------------------------------------------------------------- servers


def start(script: Path, cwd: Path, run: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """A Streamlit app on a free port: Kommunekart (ROOT/app.py) the way `make run` starts it
    (python -m kommunekart.web.serve), any other script with plain `streamlit run`, or with ``run``
    (the arguments to Python that start it)."""
    port = free_port()
    if run is None:
        run = (
            ["-m", "kommunekart.web.serve"]
            if Path(script).resolve() == ROOT / "app.py"
            else ["-m", "streamlit", "run", str(script)]
        )
    proc = subprocess.Popen(
        [
            sys.executable,
            *run,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc)
    return proc, url


def wait_healthy(url: str, proc: subprocess.Popen) -> None:
    for _ in range(300):
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{url} did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- browser measurements
# the polygons shown (ours keeps other years on the map in hidden panes; the peer has none)
SIGNATURE_JS = (
    """() => Array.from(document.querySelectorAll('%s'))
                     .map(p => p.getAttribute('fill')).join(',')"""
    % SHOWN_POLYGONS
)


def painted(page, n: int, previous: str | None = None, timeout: float = 60.0) -> tuple[float, str]:
    """Poll until a frame holds n polygons whose fill signature differs from ``previous``."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        for frame in page.frames:
            try:
                sig = frame.evaluate(SIGNATURE_JS)
            except Exception:
                continue
            if sig and sig.count(",") + 1 >= n and sig != previous:
                return time.perf_counter(), sig
        time.sleep(0.015)
    raise TimeoutError("map not painted")


class WsCounter:
    def __init__(self, page):
        self.bytes = 0
        page.on("websocket", self._attach)

    def _attach(self, ws):
        ws.on("framereceived", lambda payload: self._add(payload))

    def _add(self, payload):
        self.bytes += len(payload) if payload else 0


def open_select(page, label: str):
    """Open a selectbox's list (not timed: the change is the click on the option)."""
    page.locator("[data-testid='stSelectbox']").filter(has_text=label).first.click()
    page.get_by_role("option").first.wait_for()


def choose(page, option: str):
    page.get_by_role("option", name=option, exact=True).click()


def first_paint(
    browser, url: str, mapping, runs: int
) -> tuple[list[float], list[float], list[str]]:
    """Page open -> kommune polygons painted; and page open -> the indicator menu usable (both apps
    have a selectbox labelled "Indikator"), since Kommunekart sends its menus after the map. A new
    browser context (empty cache) each time; as for bench_targets' first views, one visit before the
    counted ones warms the server (its caches, the first script run), the same for both apps."""
    times, controls, unmatched = [], [], []
    for i in range(runs + 1):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        install_cdn_routes(ctx, mapping, unmatched)
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        t1, _ = painted(page, N_KOMMUNER)
        page.locator("[data-testid='stSelectbox']").filter(has_text="Indikator").first.wait_for(
            state="visible"
        )
        if i:
            times.append(t1 - t0)
            controls.append(time.perf_counter() - t0)
        ctx.close()
    return times, controls, unmatched


def switches(browser, url: str, mapping, steps) -> tuple[list[float], list[int]]:
    """steps: list of (prepare, act) callables(page); the time from ``act`` (the change itself)
    until the map is repainted is measured; ``prepare`` (e.g. opening a dropdown) is not."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    unmatched: list[str] = []
    install_cdn_routes(ctx, mapping, unmatched)
    page = ctx.new_page()
    counter = WsCounter(page)
    page.goto(url, wait_until="commit")
    _, sig = painted(page, N_KOMMUNER)
    page.wait_for_timeout(1500)
    times, sizes = [], []
    for prepare, act in steps:
        prepare(page)
        before = counter.bytes
        t0 = time.perf_counter()
        act(page)
        t1, sig = painted(page, 350, previous=sig)  # 356/357/422 kommuner depending on the year
        times.append(t1 - t0)
        page.wait_for_timeout(800)  # let the rest of the rerun arrive before counting bytes
        sizes.append(counter.bytes - before)
    ctx.close()
    return times, sizes


def sessions_memory(browser, url: str, mapping, pid: int, n: int) -> tuple[float, float]:
    ctxs = []
    for i in range(n):
        ctx = browser.new_context(viewport={"width": 1200, "height": 900})
        install_cdn_routes(ctx, mapping, [])
        page = ctx.new_page()
        page.goto(url, wait_until="commit")
        painted(page, N_KOMMUNER, timeout=120)
        ctxs.append(ctx)
        if i == 0:
            time.sleep(1.0)
            one = rss_mb(pid)
    time.sleep(2.0)
    many = rss_mb(pid)
    for ctx in ctxs:
        ctx.close()
    return one, many


# ---------------------------------------------------------------- websocket load
async def ws_session(ws_url: str, timeout: float):
    """One browser-less session: ask for the page and wait until the script has finished. When the
    page holds a custom component that waits for the browser (Kommunekart's map reports "klar" once
    drawn, and the rest of the page follows), send that report as a browser would and wait for the
    second run too, so both apps are measured up to their whole page (bench/sessions.py)."""
    import websockets

    sys.path.insert(0, str(ROOT / "bench"))
    from sessions import _run_page

    t0 = time.perf_counter()
    # no client keepalive pings: a busy server answering late is measured, not disconnected
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout, ping_interval=None
    ) as ws:
        _, _, errors = await _run_page(ws, "", "", timeout, first=True)
        return time.perf_counter() - t0, errors


async def ws_load(url: str, n: int, timeout: float = 120.0) -> dict:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    results = await asyncio.gather(
        *(ws_session(ws_url, timeout) for _ in range(n)), return_exceptions=True
    )
    times = [r[0] for r in results if not isinstance(r, BaseException)]
    failures = [f"{type(r).__name__}: {r}"[:120] for r in results if isinstance(r, BaseException)]
    errors = len(failures) + sum(r[1] for r in results if not isinstance(r, BaseException))
    times.sort()
    return {
        "sessions": n,
        "errors": errors,
        "completed": len(times),
        "failures": sorted(set(failures)),
        "median_s": statistics.median(times) if times else None,
        "p95_s": times[max(0, int(round(0.95 * len(times))) - 1)] if times else None,
    }


# ---------------------------------------------------------------- main
def spread(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def measure(name, script, cwd, browser, mapping, runs, steps):
    proc, url = start(script, cwd)
    try:
        fp, ctl, unmatched = first_paint(browser, url, mapping, runs)
        sw_times, sw_bytes = switches(browser, url, mapping, steps["indikator"])
        out = {
            "first_paint_s": spread(fp),
            "controls_ready_s": spread(ctl),
            "switch_indicator_s": spread(sw_times),
            "switch_indicator_bytes": spread(sw_bytes),
            "blocked_requests": sorted(set(unmatched)),
        }
        if "aar" in steps:
            yt, yb = switches(browser, url, mapping, steps["aar"])
            out["switch_year_s"], out["switch_year_bytes"] = spread(yt), spread(yb)
        one, many = sessions_memory(browser, url, mapping, proc.pid, 20)
        out["rss_1_session_mb"], out["rss_20_sessions_mb"] = one, many
        out["rss_per_extra_session_mb"] = (many - one) / 19
        # Playwright's sync API owns this thread's event loop: run the websocket clients in another
        # thread
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            out["ws_50_sessions"] = pool.submit(lambda: asyncio.run(ws_load(url, 50))).result()
        print(f"  {name}: done", flush=True)
        return out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # still busy with the load test
            proc.kill()
            proc.wait()


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="repeats per timing")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    mapping = cdn_map()
    ours_ind = [
        f"{name} · Indekser"
        for name in (
            "Indeks: digital prioritering",
            "Indeks: digital kompetanse",
            "Indeks: digital aktivitet",
            "Indeks: samlet digitalisering",
        )
    ]
    peer_ind = ["ind1", "ind2", "ind3", "ind4", "ind0"]
    n = a.runs
    ours_steps = {
        "indikator": [
            (lambda p: open_select(p, "Indikator"), lambda p, o=o: choose(p, o))
            for o in (ours_ind * 3)[: n + 1]
        ],
        "aar": [
            (
                lambda p: None,
                lambda p, y=y: (
                    p.locator("[data-testid='stSidebar']").get_by_text(y, exact=True).click()
                ),
            )
            for y in (["2022", "2020", "2018", "2024"] * 3)[: n + 1]
        ],
    }
    peer_steps = {
        "indikator": [
            (lambda p: open_select(p, "Indikator"), lambda p, o=o: choose(p, o))
            for o in (peer_ind * 3)[: n + 1]
        ]
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        print("measuring (a few minutes) ...", flush=True)
        res = {
            "kommunekart": measure(
                "kommunekart", ROOT / "app.py", ROOT, browser, mapping, n, ours_steps
            ),
            "peer": measure("peer", PEER, PEER.parent, browser, mapping, n, peer_steps),
        }
        browser.close()
    k, p = res["kommunekart"], res["peer"]
    res["ratios"] = {
        "first_paint": k["first_paint_s"]["median"] / p["first_paint_s"]["median"],
        "switch_time": k["switch_indicator_s"]["median"] / p["switch_indicator_s"]["median"],
        "switch_bytes": k["switch_indicator_bytes"]["median"]
        / p["switch_indicator_bytes"]["median"],
        "rss_1_session": k["rss_1_session_mb"] / p["rss_1_session_mb"],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "vs_peer.json").write_text(json.dumps(res, indent=2))
    report(res)
    print(f"\nwritten: {RESULTS / 'vs_peer.json'}")
    return res


def secs(v):
    return "-" if v is None else f"{v:.2f} s"


def report(res):
    k, p, r = res["kommunekart"], res["peer"], res["ratios"]

    def s(d, unit="s", scale=1.0):
        return f"{d['median'] * scale:8.3f} {unit} ({d['min'] * scale:.3f}-{d['max'] * scale:.3f})"

    rows = [
        ("1. first paint", s(k["first_paint_s"]), s(p["first_paint_s"]), f"{r['first_paint']:.2f}"),
        ("1. menus usable", s(k["controls_ready_s"]), s(p["controls_ready_s"]), ""),
        (
            "2. indicator switch, time",
            s(k["switch_indicator_s"]),
            s(p["switch_indicator_s"]),
            f"{r['switch_time']:.2f}",
        ),
        (
            "2. indicator switch, ws bytes",
            s(k["switch_indicator_bytes"], "KB", 1 / 1024),
            s(p["switch_indicator_bytes"], "KB", 1 / 1024),
            f"{r['switch_bytes']:.3f}",
        ),
        ("2. year switch, time", s(k["switch_year_s"]), "-", ""),
        ("2. year switch, ws bytes", s(k["switch_year_bytes"], "KB", 1 / 1024), "-", ""),
        (
            "3. RSS, 1 session",
            f"{k['rss_1_session_mb']:8.1f} MB",
            f"{p['rss_1_session_mb']:8.1f} MB",
            f"{r['rss_1_session']:.2f}",
        ),
        (
            "3. RSS, 20 sessions",
            f"{k['rss_20_sessions_mb']:8.1f} MB",
            f"{p['rss_20_sessions_mb']:8.1f} MB",
            "",
        ),
        (
            "3. RSS per extra session",
            f"{k['rss_per_extra_session_mb']:8.2f} MB",
            f"{p['rss_per_extra_session_mb']:8.2f} MB",
            "",
        ),
        (
            "5. 50 ws sessions: errors",
            str(k["ws_50_sessions"]["errors"]),
            str(p["ws_50_sessions"]["errors"]),
            "",
        ),
        (
            "5. 50 ws sessions: median",
            secs(k["ws_50_sessions"]["median_s"]),
            secs(p["ws_50_sessions"]["median_s"]),
            "",
        ),
        (
            "5. 50 ws sessions: p95",
            secs(k["ws_50_sessions"]["p95_s"]),
            secs(p["ws_50_sessions"]["p95_s"]),
            "",
        ),
    ]
    print(f"\n{'':32s} {'kommunekart':>30s} {'peer':>30s} {'ratio':>7s}")
    for name, a, b, c in rows:
        print(f"{name:32s} {a:>30s} {b:>30s} {c:>7s}")
    for app in ("kommunekart", "peer"):
        if res[app]["ws_50_sessions"]["failures"]:
            print(f"{app}: websocket session failures: {res[app]['ws_50_sessions']['failures']}")
        if res[app]["blocked_requests"]:
            print(f"{app}: requests with no local copy (blocked): {res[app]['blocked_requests']}")


if __name__ == "__main__":
    main()
