"""Server-side render time of each page with the data cached (run on demand: `make bench`).

Prints figures, asserts nothing. Server time = one AppTest script run in this process (what the
Streamlit server spends per rerun), after a first run has filled st.cache_resource.
  - dataset build from the sources (the build step) and load of its artefact (a server start)
  - map page rerun after changing the year (median / max over N)
  - profile page: first view of a kommune (its numbers not cached yet) and a repeat view
  - size-class page: first view of an indicator and a repeat view
  - map export: PNG for a 16:9 slide, PNG for an article column, SVG
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KOMMUNER = ["0301", "1151", "1508", "5001", "4601", "3205", "1804", "5501", "3907", "1875"]


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> dict:
    from streamlit.testing.v1 import AppTest

    from kommunekart.pipeline import build
    from kommunekart.web import state
    from kommunekart.web.widgets import PAGES

    cold = timed(lambda: build.build_dataset(key="bench"))
    build.load_or_build()
    load = timed(build.load_or_build)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[state.MAP_DRAWN] = True  # as after the browser's report that the map is drawn
    # and each page's first part shown (web.first_part): the whole page in one run
    whole = set(PAGES)
    at.query_params["indikator"] = (
        "strategi"  # a survey indicator: four years (the default has one)
    )
    at.run()
    years = [2018, 2020, 2022, 2024]
    map_times = [
        timed(lambda y=y: at.radio(key=state.W_YEAR).set_value(y).run()) for y in years * 2
    ]

    first, repeat = [], []
    for code in KOMMUNER:
        for bucket in (first, repeat):
            pt = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            pt.session_state[state.MAP_DRAWN] = True
            pt.session_state[state.SHOWN] = whole
            pt.query_params.update({"kommune": code, "aar": "2024"})
            pt.switch_page("sider/kommuneprofil.py")
            bucket.append(timed(pt.run))
            assert not pt.exception, pt.exception

    # map exports, exactly as the download buttons produce them (item 4 of issue 8; issue 7: <= 2 s)
    from kommunekart.analysis.classify import classify
    from kommunekart.render import figures
    from kommunekart.render.figures import UTM33
    from kommunekart.web import urlstate

    exports = {}
    ds = build.load_or_build()
    view = urlstate.View("indeks_samlet", 2024, "1508", "kvantiler")
    kommuner, fylker = ds.kommuner[2024].to_crs(UTM33), ds.fylker[2024].to_crs(UTM33)
    table = ds.tables[("indeks_samlet", 2024)]
    classes = classify(table["value"], breaks=ds.breaks.get("indeks_samlet|2024|kvantiler"))

    def map_image(size, fmt_):  # as the map page's download buttons draw it
        fig = figures.map_figure(
            kommuner, fylker, table, classes, ds.catalogue[view.indicator], 2024, view.kommune, size
        )
        return figures.figure_bytes(fig, fmt_)

    map_image("lysbilde", "png")
    for size, fmt_ in (("lysbilde", "png"), ("artikkel", "png"), ("lysbilde", "svg")):
        runs = [timed(lambda size=size, fmt_=fmt_: map_image(size, fmt_)) for _ in range(3)]
        exports[f"export_{size}_{fmt_}_median_s"] = statistics.median(runs)

    gfirst, grepeat = [], []
    for ind in ["strategi", "ikt_prosjekter", "egne_ansatte", "indeks_samlet", "skytjenester"]:
        for bucket in (gfirst, grepeat):
            gt = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            gt.session_state[state.MAP_DRAWN] = True
            gt.session_state[state.SHOWN] = whole
            gt.query_params.update({"indikator": ind, "aar": "2022", "kommune": "0301"})
            gt.switch_page("sider/storrelsesgrupper.py")
            bucket.append(timed(gt.run))
            assert not gt.exception, gt.exception

    out = {
        **exports,
        "groups_first_view_median_s": statistics.median(gfirst),
        "groups_repeat_view_median_s": statistics.median(grepeat),
        "dataset_build_from_sources_s": cold,
        "dataset_load_artefact_s": load,
        "map_rerun_median_s": statistics.median(map_times),
        "map_rerun_max_s": max(map_times),
        "profile_first_view_median_s": statistics.median(first),
        "profile_first_view_max_s": max(first),
        "profile_repeat_view_median_s": statistics.median(repeat),
        "profile_repeat_view_max_s": max(repeat),
    }
    out = {k: round(v, 3) for k, v in out.items()}
    for k, v in out.items():
        print(f"{k:32s} {v:7.3f} s")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "pages.json").write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
