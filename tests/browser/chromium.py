"""Debian's chromium as the browser tests and the benchmarks launch it (one place for both)."""
import os
import socket

CHROMIUM = os.environ.get("KOMMUNEKART_CHROMIUM", "/usr/bin/chromium")
# without the background-networking flags Chromium's own connections are refused by a closed network
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
