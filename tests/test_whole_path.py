"""Property: any bytes a user brings go through the whole path (import -> carry-over or own-year map
-> overlay -> class breaks -> map spec -> legend -> CSV/XLSX export) and raise only the importer's
own error (ImportProblem), never anything else."""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kommunekart.analysis import classify
from kommunekart.lineage.names import KommuneNames
from kommunekart.pipeline import userdata
from kommunekart.readers import importer
from kommunekart.readers.importer import ImportProblem
from kommunekart.render import export
from kommunekart.render.legend import map_legend
from kommunekart.web.map_component.spec import map_spec

pytestmark = pytest.mark.mirror  # every test here reads the mirror's data

# kommune labels of several numberings, names (some ambiguous, some unknown) and non-kommune rows
LABELS = [
    "0301",
    "K-0301 Oslo",
    "1504 Ålesund",
    "1508",
    "1580",
    "5061",
    "5430",
    "3207",
    "0213",
    "9999",
    "301",
    "Herøy",
    "Våler",
    "Ski",
    "Tromsø",
    "Guovdageaidnu",
    "Atlantis",
    "Hele landet",
    "F-03",
    "",
    "[x](https://e.invalid)",
]
CELLS = [
    "1",
    "2,5",
    "1 234,5",
    "-3",
    "..",
    ":",
    "-",
    "",
    "1e308",
    "inf",
    "NaN",
    "0",
    "12 %",
    "abc",
    "7.25",
]
HEADERS = [
    "kommune",
    "region",
    "verdi 2024",
    "2019",
    "2024",
    "år",
    "andel",
    "Personer 2020",
    "navn",
    "fylke",
    "<b>x</b>",
]


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=4, unique=True))
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(LABELS),
                st.lists(
                    st.sampled_from(CELLS + ["2024", "2019"]),
                    min_size=len(header),
                    max_size=len(header),
                ),
            ),
            min_size=0,
            max_size=12,
        )
    )
    sep = draw(st.sampled_from([";", ";", ";", "\t", ","]))
    lines = [sep.join(["kommune" if "kommune" not in header else "region", *header])]
    lines += [sep.join([label, *cells]) for label, cells in rows]
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "latin-1"])), errors="replace")


@pytest.fixture(scope="module")
def names(real_dataset):
    return KommuneNames.of(real_dataset).resolve


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    raw=tables(),
    year=st.sampled_from([None, 2019, 2024]),
    target=st.sampled_from(["egen", "2024"]),
    how=st.sampled_from(["sum", "weighted_mean"]),
)
def test_any_table_goes_the_whole_way_or_gets_the_importers_own_message(
    real_dataset, names, raw, year, target, how
):
    ds = real_dataset
    try:
        result = importer.read_table(raw, "egen.csv", year=year, names=names)
        importer.check_codes(result, ds.codes_by_year())
        for series in sorted(result.data["indicator"].unique()):
            values, _, caveat = userdata.series_values(ds, result.data, series, target, None, how)
            if values.empty:
                continue
            ind = userdata.make_indicator(
                series,
                "",
                "egen.csv",
                True,
                ds.catalogue.ids,
                caveat=caveat,
                merge=how,
                decimals=userdata.decimals_for(values),
            )
            mine = userdata.with_user_indicator(ds, ind, values)
            for y in sorted(values["year"].unique()):
                table = mine.tables[(ind.id, int(y))]
                classes = classify.classify(
                    table["value"], "kvantiler", ind.kind, ind.unit, ind.decimals
                )
                urls = {int(y): {"kommune": "k.json", "fylke": "f.json"}}
                spec = map_spec(
                    table, classes, ind, int(y), urls, None, legend=map_legend(classes, ind, int(y))
                )
                assert set(spec.cls) == set(table["kommunenummer"])
                frame = export.view_frame(table, ind, int(y))
                assert export.frame_csv(frame) and export.frame_xlsx(
                    frame, export.export_meta(ind.name, int(y), "", [ind])
                )
                event("drawn and exported")
    except ImportProblem as err:
        event(f"refused: {err.code}")
