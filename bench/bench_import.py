"""Time and memory of refusing hostile files (run on demand: `python bench/bench_import.py`).

Prints figures, asserts nothing. Each case runs in a fresh Python process; memory is the growth of
the process's peak resident size (ru_maxrss) over its size just before the import, time is the
import's wall time.
  - a real zip bomb: a valid 0,7 MB .xlsx that unpacks to 200 MB (tests/helpers.zip_bomb_xlsx), read
    by importer.read_table as the data page does with an upload
  - a 60 MB CSV handed to read_table (the upload field's own limit, server.maxUploadSize, refuses it
    before the page sees it) and to the CLI (python -m kommunekart.cli fil ...), which checks the
    size on disk before it reads the file
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from kommunekart.readers import importer
raw = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
try:
    importer.read_table(raw, {name!r})
    outcome = "lest"
except importer.ImportProblem as err:
    outcome = err.code
print(json.dumps({{"s": time.perf_counter() - t0,
    "mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
                  "outcome": outcome}}))
"""


def in_child(path: Path, name: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path), name=name)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli(path: Path) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "kommunekart.cli", "fil", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return {
        "s": time.perf_counter() - t0,
        "peak_mb": int(proc.stderr.strip().splitlines()[-1]) / 1024,
        "rc": proc.returncode,
        "said": (proc.stdout + proc.stderr).strip().splitlines()[0][:110],
    }


def main() -> dict:
    from tests.helpers import zip_bomb_xlsx

    tmp = Path(tempfile.mkdtemp())
    bomb = tmp / "bombe.xlsx"
    bomb.write_bytes(zip_bomb_xlsx(200))
    big = tmp / "stor.csv"
    with big.open("wb") as f:
        f.write(b"kommune;verdi 2024\n")
        line = b"0301;1234,5\n"
        f.write(line * (60 * 1024 * 1024 // len(line)))
    results = {
        "zip bomb 0,7 MB -> 200 MB, read_table": in_child(bomb, bomb.name),
        "CSV 60 MB, read_table": in_child(big, big.name),
        "zip bomb, CLI (whole process)": cli(bomb),
        "CSV 60 MB, CLI (whole process)": cli(big),
    }
    print(
        f"zip bomb on disk: {bomb.stat().st_size / 1e6:.2f} MB; CSV: "
        f"{big.stat().st_size / 2**20:.0f} MB"
    )
    for case, r in results.items():
        if "mb" in r:
            print(f"{case:42s} {r['s']:7.3f} s  +{r['mb']:6.1f} MB peak growth  -> {r['outcome']}")
        else:
            print(
                f"{case:42s} {r['s']:7.3f} s  {r['peak_mb']:6.1f} MB peak RSS  rc={r['rc']}  "
                f"{r['said']}"
            )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "import.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
