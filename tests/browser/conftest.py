"""Real-browser tests: the app on a free local port (health polled, not slept), Debian's
chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, FLAGS, free_port, wait_for_answer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app_url():
    """The app as `make run` starts it: the build step first (on a fresh clone it reads the sources
    and computes the class breaks, which can take minutes), then the server, which loads its
    artefact."""
    build = subprocess.run(
        [sys.executable, "-m", "kommunekart.pipeline.build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.fail("the build step failed:\n" + build.stdout[-1000:] + build.stderr[-2000:])
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kommunekart.web.serve",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for_answer(
        f"{url}/_stcore/health",
        proc,
        lambda r: r.read() == b"ok",
        what="streamlit's /_stcore/health",
    )
    yield url
    proc.terminate()
    proc.wait(timeout=10)


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
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.requests_seen = []
    pg.on("request", lambda r: pg.requests_seen.append(r.url))
    yield pg
    ctx.close()


def map_frame(page, timeout_s: float = 45):
    """The frame holding the map (the page itself; kept general) once Leaflet has drawn the kommune
    polygons."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator("path.leaflet-interactive").count() > 0:
                    return frame
            except Exception:  # frame detached while re-rendering
                pass
        page.wait_for_timeout(200)
    raise AssertionError(f"the map did not draw any kommune within {timeout_s:.0f} s")
