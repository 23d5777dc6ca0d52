"""The server's memory while hostile files are uploaded one after another, and under a flood of
uploads to one session (issue 33). Run on demand; prints figures, asserts nothing:

    .venv/bin/python bench/bench_upload_memory.py [--flood 30]

Starts the app as `make run` does, opens the data page in Chromium and puts each file into the
upload box as a reader would, waits for the page's answer (a message or the preview) and prints the
server's resident memory after each. Then it replays the upload box's own request (its session, its
XSRF header) ``--flood`` times with a 19 MB file under new file ids, as a script would, and prints
the memory again; then closes the browser and prints it once more. Target: back within 50 MB of the
start.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_load import start_server
from sessions import rss_mb

from tests.browser.chromium import CHROMIUM, FLAGS, free_port


def hostile_files(folder: Path) -> list[tuple[str, Path]]:
    import openpyxl

    out = []

    def put(label, name, data):
        path = folder / name
        path.write_bytes(data)
        out.append((label, path))

    codes = [f"{k:04d}" for k in range(101, 5500)]
    put(
        "19 MB CSV, 150 000 rows of long text",
        "lang_tekst.csv",
        (
            "kommune;verdi 2024;merknad\n"
            + "".join(f"{codes[i % len(codes)]};{i % 97};{'x' * 110}\n" for i in range(150_000))
        ).encode(),
    )
    put(
        "1,8 MB CSV, 100 000 columns",
        "bred.csv",
        (
            "kommune;"
            + ";".join(f"v{i} 2024" for i in range(100_000))
            + "\n0301;"
            + ";".join("1" * 100_000)
            + "\n"
        ).encode(),
    )
    put(
        "7 MB CSV, 1 million short rows",
        "million.csv",
        b"kommune;verdi 2024\n" + b"0301;1\n" * 1_000_000,
    )
    wb = openpyxl.Workbook()
    for i in range(1, 3000):
        wb.active.append([f"{i:04d}", i])
    wb.active["XFD1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    put("0,3 MB workbook with a cell at XFD1", "xfd.xlsx", buf.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<row/>" * (200 * 1024 * 1024 // 6))
    put("0,2 MB zip bomb (unpacks to 200 MB)", "bombe.xlsx", bomb.getvalue())
    wb = openpyxl.Workbook()
    wb.active.append(["kommune", "x 2024"])
    good = io.BytesIO()
    wb.save(good)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            dst.writestr(
                info,
                b"<worksheet><sheetData><row"
                if info.filename.endswith("sheet1.xml")
                else src.read(info),
            )
    put("workbook with malformed sheet XML", "brutt.xlsx", broken.getvalue())
    put("an ordinary CSV (two kommuner)", "vanlig.csv", b"kommune;verdi 2024\n0301;5\n4601;7\n")
    return out


def answer(page, name: str, timeout_s: float = 300) -> str:
    """The data page's answer to the upload of ``name``: once the box shows the file, the run it
    starts (seen running, or 2 s passed) and ends; then its error, or «read»."""
    deadline = time.monotonic() + timeout_s
    app = page.locator("[data-testid=stApp]")
    chip = page.locator("[data-testid=stFileChipName]")
    spinner = page.locator("[data-testid=stFileChipIconSpinner]")
    # sent whole
    while time.monotonic() < deadline and not (
        chip.count() and chip.first.inner_text().strip() == name and not spinner.count()
    ):
        page.wait_for_timeout(50)
    seen = time.monotonic()
    while (
        time.monotonic() < min(deadline, seen + 2)
        and app.get_attribute("data-test-script-state") != "running"
    ):
        page.wait_for_timeout(20)
    while time.monotonic() < deadline and app.get_attribute("data-test-script-state") == "running":
        page.wait_for_timeout(50)
    err = page.locator("[data-testid=stAlertContentError]")
    if err.count():
        return "refused: " + err.first.inner_text()[:100].replace("\n", " ")
    return "read" if page.get_by_text("er lest").count() else "no message"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--flood", type=int, default=30)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            files = hostile_files(Path(tmp))
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            uploads = []
            page.on(
                "request",
                lambda r: (
                    uploads.append(r)
                    if "/_stcore/upload_file/" in r.url and r.method == "PUT"
                    else None
                ),
            )
            page.goto(base + "/data", wait_until="domcontentloaded")
            page.locator("[data-testid=stFileUploaderDropzoneInput]").wait_for(
                state="attached", timeout=60000
            )
            ordinary = next(path for label, path in files if path.name == "vanlig.csv")
            page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(ordinary))
            # the data page's own first use (its map, its caches) before the start
            answer(page, ordinary.name)
            time.sleep(2)
            start = rss_mb(proc.pid)
            print(
                f"server at start (data page open, one ordinary file read): {start:.0f} MB",
                flush=True,
            )
            peak = start
            for label, path in files:
                t0 = time.perf_counter()
                page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
                said = answer(page, path.name)
                now = rss_mb(proc.pid)
                peak = max(peak, now)
                print(
                    f"{label:45s} {time.perf_counter() - t0:6.1f} s  {now:5.0f} MB "
                    f"({now - start:+.0f})  {said}",
                    flush=True,
                )
            if uploads and args.flood:
                first = uploads[-1]
                url, headers = (
                    first.url.rsplit("/", 1)[0],
                    {k: v for k, v in first.headers.items() if k.lower() == "x-xsrftoken"},
                )
                body = b"kommune;verdi 2024\n" + b"0301;1\n" * (19 * 1024 * 1024 // 7)
                codes = []
                t0 = time.perf_counter()
                for i in range(args.flood):
                    r = page.request.put(
                        f"{url}/flom{i}",
                        headers=headers,
                        multipart={
                            "file": {"name": f"flom{i}.csv", "mimeType": "text/csv", "buffer": body}
                        },
                    )
                    codes.append(r.status)
                now = rss_mb(proc.pid)
                peak = max(peak, now)
                print(
                    f"flood: {args.flood} uploads of 19 MB to one session in "
                    f"{time.perf_counter() - t0:.1f} s "
                    f"(answers {sorted(set(codes))}): {now:.0f} MB ({now - start:+.0f})"
                )
            browser.close()
            for wait in (5, 60):
                time.sleep(wait - (5 if wait == 60 else 0))
                end = rss_mb(proc.pid)
                print(
                    f"{wait} s after the browser closed: {end:.0f} MB ({end - start:+.0f} from the "
                    "start)",
                    flush=True,
                )
            print(f"peak {peak:.0f} MB ({peak - start:+.0f})")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
