"""Real-browser tests: the app on a free local port (health polled, not slept), Debian's
chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, FLAGS, free_port, serve_command, wait_for_answer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built():
    """The build step as `make run` runs it first (on a fresh clone it reads the sources and
    computes the class breaks, which can take minutes)."""
    build = subprocess.run(
        [sys.executable, "-m", "kommunekart.pipeline.build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.fail("the build step failed:\n" + build.stdout[-1000:] + build.stderr[-2000:])


@contextmanager
def running_app():
    """The server as `make run` starts it, on a free port, until the block ends; it loads the
    artefact."""
    port = free_port()
    proc = subprocess.Popen(
        serve_command(port),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_answer(
            f"{url}/_stcore/health",
            proc,
            lambda r: r.read() == b"ok",
            what="streamlit's /_stcore/health",
        )
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(built):
    """One server shared by the browser tests."""
    with running_app() as url:
        yield url


@pytest.fixture
def fresh_app_url(built):
    """A server of its own that has served nothing yet (the first request of a fresh server)."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(.ci/run does)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def sized_page(browser):
    """``sized_page(width, height)``: a page in a window of that size (a phone, a small embed),
    closed after the test."""
    contexts = []

    def make(width: int, height: int):
        contexts.append(browser.new_context(viewport={"width": width, "height": height}))
        return contexts[-1].new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def touch_phone(browser):
    """A page on a phone: 390×844, touch, a mobile viewport; closed after the test."""
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.requests_seen = []
    pg.on("request", lambda r: pg.requests_seen.append(r.url))
    yield pg
    ctx.close()


# Streamlit's own end-to-end tests wait the same way (e2e_playwright's wait_for_app_run): the app
# connected, its script not running, no element left stale from the run before; here also no
# element still loading its code (Streamlit shows a skeleton meanwhile: the profile's two charts
# came 1 s after the run under load), no page's first part still waiting for the rest (its
# kk_vist_ element is there until the rerun that sends the rest) and every chart and table drawn
# (Vega's marks, the grid's canvas). The state must hold for QUIET_MS: a change can start a run
# the frame after the last one ended (a widget's value sent back).
QUIET_MS = 400
_SETTLED_JS = """(quiet) => {
  const app = document.querySelector("[data-testid='stApp']");
  const ok = app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector("[data-stale='true']")
    && !document.querySelector("[data-testid='stSkeleton']")
    && !document.querySelector("[class*='st-key-kk_vist_']")
    && [...document.querySelectorAll("[data-testid='stVegaLiteChart']")]
      .every(c => c.querySelector('.marks'))
    && [...document.querySelectorAll("[data-testid='stDataFrame']")]
      .every(g => g.querySelector('canvas'));
  const now = performance.now();
  if (!ok) { window.__kkSettledSince = null; return false; }
  if (window.__kkSettledSince == null) window.__kkSettledSince = now;
  return now - window.__kkSettledSince >= quiet;
}"""


def settled(page, timeout_ms: float = 30000) -> None:
    """Wait until the app has finished its runs: connected, no script running, nothing stale, every
    chart and table drawn, for QUIET_MS on end (polled each animation frame, never a fixed
    sleep)."""
    page.evaluate("window.__kkSettledSince = null")
    page.wait_for_function(_SETTLED_JS, arg=QUIET_MS, timeout=timeout_ms)


def map_frame(page, timeout_s: float = 45):
    """The frame holding the map (the page itself: kart.js runs in the page) once Leaflet has drawn
    the kommune polygons."""
    page.locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=timeout_s * 1000
    )
    return page.main_frame


_MAP_AT_REST_JS = """(quiet) => {
  const pane = document.querySelector('.leaflet-map-pane');
  const map = document.querySelector('.leaflet-container');
  if (!pane || !map || map.classList.contains('leaflet-zoom-anim')) return false;
  const now = performance.now(), where = pane.style.transform + '|' + map.clientWidth;
  if (window.__kkMapWhere !== where) { window.__kkMapWhere = where; window.__kkMapSince = now; }
  return now - window.__kkMapSince >= quiet;
}"""


def map_at_rest(page, timeout_ms: float = 10000) -> None:
    """Wait until Leaflet has stopped moving (no zoom animation, the pane where it was for
    QUIET_MS): after fitBounds or a resize."""
    page.evaluate("window.__kkMapWhere = null")
    page.wait_for_function(_MAP_AT_REST_JS, arg=QUIET_MS, timeout=timeout_ms)
