"""Write the benchmarks' latest figures into docs/performance.md, newest first.

Each bench script keeps its figures in bench/results/<name>.json (git-ignored); this reads them all
and puts one dated section at the top of the measurements in docs/performance.md, above the
sections of earlier runs, which stay as they were. Run after the benches:

    .venv/bin/python bench/report.py            # after e.g. `make bench`
    .venv/bin/python bench/report.py --print    # only print the section
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
MARK = "<!-- bench/report.py writes the sections below, newest first -->"


def flat(value, prefix: str = "") -> list[tuple[str, object]]:
    """Nested results as (dotted name, figure) rows; lists of figures are shown as they are."""
    if isinstance(value, dict):
        rows = []
        for key, inner in value.items():
            rows += flat(inner, f"{prefix}{key} · ")
        return rows
    return [(prefix.removesuffix(" · "), value)]


def shown(value) -> str:
    """A figure the Norwegian way (kommunekart's own number format: 1 234,567)."""
    if isinstance(value, float):
        from kommunekart.base.fmt import number

        return number(value, 3)
    if isinstance(value, list) and len(value) > 6:
        return f"{len(value)} values"
    return str(value).replace("|", "/")


def section(now: datetime) -> str:
    lines = [
        f"## {now:%Y-%m-%d %H:%M} UTC",
        "",
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.machine()}; "
        "commands: `make bench` (or each `bench/bench_*.py`), then `bench/report.py`.",
        "",
    ]
    files = sorted(RESULTS.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not files:
        raise SystemExit("no bench/results/*.json: run the benchmarks first (make bench)")
    for path in files:
        taken = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        lines += [
            f"### {path.stem} ({taken:%Y-%m-%d %H:%M} UTC)",
            "",
            "| measured | figure |",
            "|---|---|",
        ]
        lines += [f"| {name} | {shown(v)} |" for name, v in flat(json.loads(path.read_text()))]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--print", action="store_true", help="print the section, write nothing")
    args = ap.parse_args()
    text = section(datetime.now(UTC))
    if args.print:
        print(text)
        return
    doc = DOC.read_text(encoding="utf-8")
    head, _, rest = doc.partition(MARK)
    DOC.write_text(f"{head}{MARK}\n\n{text}\n{rest.lstrip()}", encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
