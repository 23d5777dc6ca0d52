"""Server-side timings of the map page (run on demand: `make bench`). Prints figures; asserts nothing.

- cold: building the dataset from the mirror (once per server process)
- page: one AppTest run of app.py with the data cached (server time of a rerun), median of N
"""
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(n: int = 7) -> dict:
    from streamlit.testing.v1 import AppTest

    from kommunekart import dataset

    t0 = time.perf_counter()
    dataset.load_default()
    cold = time.perf_counter() - t0

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()  # fills st.cache_resource
    times = []
    for i in range(n):
        at.query_params.update({"indikator": ["strategi", "indeks_samlet", "skytjenester"][i % 3]})
        t0 = time.perf_counter()
        at.radio(key="aar").set_value([2018, 2020, 2022, 2024][i % 4]).run()
        times.append(time.perf_counter() - t0)
    out = {"dataset_build_s": round(cold, 3), "map_page_rerun_median_s": round(statistics.median(times), 3),
           "map_page_rerun_max_s": round(max(times), 3), "runs": n}
    for k, v in out.items():
        print(f"{k:28s} {v}")
    return out


if __name__ == "__main__":
    main()
