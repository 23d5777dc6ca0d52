"""Run every benchmark in bench/ and print their figures (not part of CI); then bench/report.py
puts them into docs/performance.md."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for script in sorted(HERE.glob("bench_*.py")):
    print(f"== {script.name}")
    sys.argv = [str(script)]
    runpy.run_path(str(script), run_name="__main__")
print("== report")
sys.argv = [str(HERE / "report.py")]
runpy.run_path(str(HERE / "report.py"), run_name="__main__")
