"""The targets' table of bench/bench_targets.py (issue 34): each figure against its target, the
first views against Streamlit's floor for a page of the same kinds of elements in the same run; as
text, as Markdown, and into the README (the latest run's targets) and docs/performance.md (every
run's whole table)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# each page's first view against the floor of a page with the same kinds of elements, measured in
# the same run (served as make run serves the app): (floor page, allowance in s)
AGAINST_FLOOR = {
    "Kart": ("tittel", 0.30),
    "Kommuneprofil": ("tittel + st.image (SVG)", 0.25),
    "Størrelsesgrupper": ("tittel + Vega", 0.25),
    "Sammenlign": ("tittel + Vega", 0.25),
    "Last inn data": ("tittel + opplasting", 0.25),
}


def _s(v: float) -> str:
    return f"{v:.2f}".replace(".", ",")


def table(res: dict) -> list[tuple[str, str, str, str, str]]:
    """One row per target: (what, measured median (min-max), the floor in the same run, the
    target, met or not); rows without a target are the context the targets are read against."""
    rows = []
    floor = res.get("floor_served_s", {})

    def row(name, d, target="", limit=None, against=""):
        measured = f"{_s(d['median'])} s ({_s(d['min'])}-{_s(d['max'])})"
        verdict = "" if limit is None else ("met" if d["median"] <= limit else "NOT met")
        rows.append((name, measured, against, target, verdict))

    def floor_of(name, extra):
        f = AGAINST_FLOOR[name][0]
        return floor[f]["median"] + extra, f"{_s(floor[f]['median'])} s ({f})"

    for name, d in res["first_view_s"].items():
        if name in AGAINST_FLOOR and AGAINST_FLOOR[name][0] in floor:
            limit, against = floor_of(name, AGAINST_FLOOR[name][1])
            extra = _s(AGAINST_FLOOR[name][1])
            row(f"first view: {name}", d, f"floor + {extra} = {_s(limit)} s", limit, against)
        else:
            row(f"first view: {name}", d)
    for name, d in res.get("returning_view_s", {}).items():
        if name in AGAINST_FLOOR and AGAINST_FLOOR[name][0] in floor:
            limit, against = floor_of(name, 0.15)
            row(f"returning visitor: {name}", d, f"floor + 0,15 = {_s(limit)} s", limit, against)
        else:
            row(f"returning visitor: {name}", d)
    for name, d in res.get("embed_view_s", {}).items():
        row(f"first view: {name}", d, "<= 0,30 s", 0.30)
    for kind, d in res["map_change_s"].items():  # a view first asked for: beside the target
        if "first" in kind:
            row(f"map: change of {kind}", d)
        else:
            row(f"map: change of {kind}", d, "<= 0,15 s", 0.15)
    if not res.get("page_change_s"):
        rows.append(("other pages: change of year", "failed (see the run's output)", "", "", ""))
    for name, d in res.get("page_change_s", {}).items():
        row(f"{name}: change of year", d, "<= 0,5 s", 0.5)
    fp = res["first_paint_s"]
    row("first paint, Kommunekart", fp["kommunekart"])
    row("first paint, peer (streamlit-folium)", fp["peer"])
    rows.append(
        (
            "first paint, Kommunekart / peer",
            _s(fp["ratio"]),
            "",
            "<= 0,35",
            "met" if fp["ratio"] <= 0.35 else "NOT met",
        )
    )
    row("server start -> map painted", res["start_to_map_s"], "<= 3 s", 3.0)
    if "start_to_map_seen_s" in res:  # the same starts, when Playwright saw the map
        row("server start -> map seen by Playwright", res["start_to_map_seen_s"])
    for name, d in res.get("floor_served_s", {}).items():  # the least a Streamlit page takes
        row(f"Streamlit's floor, served as make run: {name}", d)
    for name, d in res.get("floor_view_s", {}).items():
        row(f"Streamlit's floor, plain streamlit run: {name}", d)
    return rows


def markdown(rows, when: str, targets_only: bool = False) -> str:
    """The table as Markdown; ``targets_only``: the rows with a target (the README's; the floors
    and whole pages are in bench/results/targets.md)."""
    if targets_only:
        rows = [r for r in rows if r[3]]
    lines = [
        f"Measured {when} on this machine (2 cores) by `.venv/bin/python bench/bench_targets.py "
        "--runs 3 --readme`; the floor is Streamlit's own page with the same kinds of elements "
        "(bench/floor_app.py) in the same run."
        + (
            " The floors, whole pages and earlier runs: [docs/performance.md](docs/performance.md)."
            if targets_only
            else ""
        ),
        "",
        "| | measured, median (min-max) | floor in the same run | target | met |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- bench_targets: latest -->", "<!-- /bench_targets -->"
EVERY_RUN = "<!-- bench_targets: every run's whole table, newest first -->"


def to_readme(short: str, whole: str) -> None:
    """The README keeps the latest run's targets only; docs/performance.md every run's whole table
    (with the floors and the whole pages), newest first."""
    readme, doc = ROOT / "README.md", ROOT / "docs" / "performance.md"
    r = readme.read_text()
    a, b = r.index(README_START) + len(README_START), r.index(README_END)
    readme.write_text(r[:a] + "\n" + short + r[b:])
    d = doc.read_text()
    doc.write_text(d.replace(EVERY_RUN, EVERY_RUN + "\n\n" + whole.rstrip("\n") + "\n", 1))


def report(res: dict, readme: bool = False) -> None:
    from datetime import UTC, datetime

    rows = table(res)
    heads = ("", "measured", "floor", "target", "")
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(5)]
    for r in [heads, *rows]:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = markdown(rows, when)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "targets.md").write_text(text)
    if readme:
        to_readme(markdown(rows, when, True), text)
