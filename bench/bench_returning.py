"""A first and a returning visit of the map, through the project's nginx before and after
Streamlit's own files came precompressed from nginx's disk with a year's lifetime (issue 34 item 4,
deploy/README.md «Streamlit's own files»). Run on demand (needs nginx, and for the brotli rows
Debian's libnginx-mod-http-brotli-static):

    .venv/bin/python bench/bench_returning.py [--runs 3] [--mbit 10] [--rtt-ms 40]

One app process (as `make run` starts it) behind four servers, each opened ``runs`` times in a new
browser context (an empty cache: the first visit), then once more in the same context (the
returning visitor: a new tab, the same address), interleaved:
  - straight from the app (Streamlit's headers: `Cache-Control: public`, no lifetime);
  - nginx as it was before (kommunekart.conf of commit BEFORE: every file gzipped per visitor);
  - nginx now, HTTP/1.1 (the .gz/.br written once, `immutable`);
  - nginx now over TLS with HTTP/2 (a certificate made for the run).
Over a line emulated by Chromium (10 Mbit/s, 40 ms by default) and over loopback unthrottled.
Measured: page open -> map painted, bytes received, requests made and how many the browser's
cache answered. Prints the medians and writes bench/results/returning.json; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import bench_network
from bench_load import start_server
from bench_targets import PAGES

from kommunekart.web import frontend_files
from tests.browser.chromium import CHROMIUM, FLAGS, free_port
from tests.nginx import BROTLI_MODULE, running_nginx

BEFORE = "56557a3"  # the last commit whose kommunekart.conf proxied /static/ like every path


def visit(ctx, url: str, ready: str, mbit: float, rtt_ms: float) -> dict:
    page = ctx.new_page()
    cdp = bench_network.line(ctx, page, mbit, rtt_ms)
    got = {"bytes": 0, "requests": 0, "protocol": set()}
    cached: set[str] = set()

    def finished(e):
        got["bytes"] += e.get("encodedDataLength", 0)

    def response(e):
        got["requests"] += 1
        r = e["response"]
        if r.get("fromDiskCache") or r.get("fromMemoryCache"):
            cached.add(e["requestId"])
        if r.get("protocol"):
            got["protocol"].add(r["protocol"])

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.responseReceived", response)
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(ready, timeout=120_000, polling="raf")
    got["seconds"] = time.perf_counter() - t0
    page.close()
    got["cached"] = len(cached)
    got["protocol"] = sorted(got["protocol"])
    return got


def nginx_cpu(folder: Path) -> float:
    """CPU seconds of an nginx's worker processes so far (its master's children)."""
    master = (folder / "nginx.pid").read_text().strip()
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def certificate(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    for p in (folder, cert, key):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return cert, key


def spki_hash(cert: Path) -> str:
    """The certificate's key hash for Chromium's --ignore-certificate-errors-spki-list (a
    certificate accepted so, unlike --ignore-certificate-errors, leaves the cache working)."""
    pub = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], check=True, capture_output=True
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"], input=pub, check=True, capture_output=True
    ).stdout
    digest = subprocess.run(
        ["openssl", "dgst", "-sha256", "-binary"], input=der, check=True, capture_output=True
    ).stdout
    import base64

    return base64.b64encode(digest).decode()


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mbit", type=float, default=10.0)
    ap.add_argument("--rtt-ms", type=float, default=40.0)
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    path, ready = PAGES["Kart"]
    brotli = BROTLI_MODULE.exists()
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="kk-returning-"))
        work.chmod(0o755)
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        print("precompressing Streamlit's files ...", flush=True)
        counts = frontend_files.write(work / "frontend")
        port = free_port()
        app = start_server(port)
        stack.callback(app.wait, timeout=30)
        stack.callback(app.terminate)
        before = subprocess.run(
            ["git", "show", f"{BEFORE}:deploy/nginx/kommunekart.conf"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        cert = certificate(work / "tls")
        servers = {"straight from the app": f"http://127.0.0.1:{port}"}
        folders: dict[str, Path] = {}
        for name, kw in (
            ("nginx before (gzip per visitor)", {"site": before}),
            ("nginx now, HTTP/1.1", {"frontend": work / "frontend", "brotli": brotli}),
            (
                "nginx now, TLS + HTTP/2",
                {"frontend": work / "frontend", "brotli": brotli, "tls": cert},
            ),
        ):
            folder = work / f"nginx{len(servers)}"
            folder.mkdir()
            servers[name] = stack.enter_context(running_nginx(folder, port, **kw))
            folders[name] = folder
        lines = {"emulated": (a.mbit, a.rtt_ms), "loopback": (0.0, 0.0)}
        res: dict = {n: {ln: {"first": [], "returning": []} for ln in lines} for n in servers}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=[*FLAGS, f"--ignore-certificate-errors-spki-list={spki_hash(cert[0])}"],
            )
            warm = browser.new_context()
            visit(warm, servers["straight from the app"] + path, ready, 0, 0)
            warm.close()
            cpu0 = {n: nginx_cpu(f) for n, f in folders.items()}
            for _ in range(a.runs):
                for line, (mbit, rtt) in lines.items():
                    for name, base in servers.items():
                        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                        for kind in ("first", "returning"):
                            res[name][line][kind].append(visit(ctx, base + path, ready, mbit, rtt))
                        ctx.close()
            browser.close()
            cpu = {n: nginx_cpu(f) - cpu0[n] for n, f in folders.items()}
    out = {
        "runs": a.runs,
        "mbit": a.mbit,
        "rtt_ms": a.rtt_ms,
        "brotli": brotli,
        "precompressed": counts,
        "results": {},
        # nginx's CPU for one visitor's first and returning visit, on both lines
        "nginx_cpu_ms_per_visitor": {n: 1000 * c / (2 * a.runs) for n, c in cpu.items()},
    }
    for name, by_line in res.items():
        for line, kinds in by_line.items():
            for kind, runs in kinds.items():
                out["results"][f"{name} | {line} | {kind}"] = {
                    "seconds": statistics.median(r["seconds"] for r in runs),
                    "bytes": statistics.median(r["bytes"] for r in runs),
                    "requests": statistics.median(r["requests"] for r in runs),
                    "from_cache": statistics.median(r["cached"] for r in runs),
                    "protocols": sorted({p for r in runs for p in r["protocol"]}),
                }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "returning.json").write_text(json.dumps(out, indent=1))
    print(
        f"map page, medians of {a.runs} runs; emulated line {a.mbit:g} Mbit/s, {a.rtt_ms:g} ms; "
        f"brotli {'on' if brotli else 'off (module missing)'}"
    )
    print(f"{'server | line | visit':62s} {'map s':>6s} {'KB':>7s} {'req':>4s} {'cache':>5s}")
    for key, r in out["results"].items():
        print(
            f"{key:62s} {r['seconds']:6.2f} {r['bytes'] / 1e3:7.1f} {r['requests']:4.0f} "
            f"{r['from_cache']:5.0f}  {','.join(r['protocols'])}"
        )
    print("nginx CPU per visitor (a first and a returning visit):")
    for name, ms in out["nginx_cpu_ms_per_visitor"].items():
        print(f"  {name:40s} {ms:6.1f} ms")
    return out


if __name__ == "__main__":
    main()
