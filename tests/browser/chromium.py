"""Debian's chromium as the browser tests and the benchmarks launch it (one place for both)."""

import os
import socket

CHROMIUM = os.environ.get("KOMMUNEKART_CHROMIUM", "/usr/bin/chromium")
# without the background-networking flags Chromium's own connections are refused by a closed network
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve_command(port: int) -> list[str]:
    """The server as `make run` starts it, on ``port`` of 127.0.0.1 (cwd: the project)."""
    import sys

    return [
        sys.executable,
        "-m",
        "kommunekart.web.serve",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_answer(
    url: str,
    proc,
    expect=lambda r: r.status == 200,
    timeout_s: float = 60,
    what: str = "",
    context=None,
) -> None:
    """Poll ``url`` until it answers as expected (a server just started); fail with the server's
    output. ``context``: an ssl context (a server with a certificate of its own)."""
    import time
    import urllib.request

    import pytest

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as r:
                if expect(r):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    pytest.fail(
        f"{what or url} did not answer within {timeout_s:.0f} s:\n"
        + proc.stdout.read().decode()[-2000:]
    )
