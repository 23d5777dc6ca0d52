import io
import json
from pathlib import Path

import pandas as pd

from kommunekart.analysis.classify import classify
from kommunekart.pipeline import geoassets
from kommunekart.render import export
from kommunekart.web.map_component import protocol
from kommunekart.web.map_component.spec import map_spec
from kommunekart.web.map_component.standalone import _script_json


def table():
    return pd.DataFrame(
        {
            "kommunenummer": ["0301", "1508"],
            "name": ['=HYPERLINK("x")', "<img src=x onerror=alert(1)>"],
            "fylke_name": ["Oslo", "Møre og Romsdal"],
            "value": [1.0, float("nan")],
            "status": ["", ".."],
            "size_class": ["stor", "stor"],
            "population": [717710, 67000],
        }
    )


def test_csv_is_excel_ready_labelled_and_formula_safe(catalogue):
    ind = catalogue["strategi"]
    raw = export.view_csv(table(), ind, 2024)
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(raw), sep=";", dtype=str, encoding="utf-8-sig")
    assert list(df["Kommunenummer"]) == ["0301", "1508"]
    assert df.loc[0, "Kommune"].startswith("'=")
    assert (df["Datatype"] == "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall").all()
    assert df.loc[0, "Kilde"] == "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall"  # not "SSB"
    assert df.loc[1, "Merknad"].startswith("Mangler data")


def test_csv_of_a_view_carries_its_citation_on_every_row(catalogue):
    ind = catalogue["nettside_vekt"]
    link = "https://kommunekart.example/?side=kart&indikator=forsidevekt&aar=2025"
    meta = export.export_meta("Forsidevekt 2025", 2025, "2026-11-30T10:00:00", [ind], link=link)
    frame = export.view_frame(table(), ind, 2025)
    df = pd.read_csv(io.BytesIO(export.frame_csv(frame, meta)), sep=";", dtype=str)
    cite = df["Sitering"]
    assert len(cite) == 2 and cite.nunique() == 1
    assert link in cite[0] and ind.credit in cite[0] and "Kommunekart" in cite[0]
    # without a view, no citation column
    assert "Sitering" not in pd.read_csv(io.BytesIO(export.frame_csv(frame)), sep=";").columns


def test_tooltip_text_from_data_is_escaped_in_the_static_file_and_the_spec(catalogue):
    import geopandas as gpd
    from shapely.geometry import box

    ind = catalogue["strategi"]
    tb = table()
    kommuner = gpd.GeoDataFrame(
        {"kommunenummer": tb["kommunenummer"], "name": tb["name"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs=4326,
    )
    props = geoassets.kommune_properties(kommuner, tb.set_index("kommunenummer"))
    assert props.loc[1, "n"] == "&lt;img src=x onerror=alert(1)&gt;"
    # the class id; the spec's labels say it in the visitor's language
    assert props.loc[0, "s"] == "stor"
    geo = json.loads(geoassets.rounded_geojson(kommuner, props))
    assert "<img" not in json.dumps(geo)

    c = classify(tb["value"], kind="yesno")
    urls = {2024: {"kommune": "/k.json", "fylke": "/f.json"}}
    spec = map_spec(tb, c, ind, 2024, urls, "0301").to_dict()
    assert spec["vals"] == {"0301": "Ja", "1508": "Mangler data"}
    assert spec["labels"]["sizes"]["stor"] == "20 000 innbyggere og over"
    assert spec["cls"] == {"0301": 0, "1508": 2}
    assert (
        spec["ind"] == "Har strategi for IKT/digitalisering"
        and spec["labels"]["nr"] == "Kommunenr."
    )
    assert "geometry" not in json.dumps(spec)  # geometry travels once, as a static file
    assert (
        spec["protocol"]["ready"] == protocol.READY and spec["protocol"]["click"] == protocol.CLICK
    )


def test_ssb_symbols_say_what_they_mean_in_tooltips_and_tables(catalogue):
    ind = catalogue["bredband_100"]
    tb = table().assign(value=[float("nan"), float("nan")], status=[":", "..."])
    spec = map_spec(
        tb,
        classify(pd.Series([1.0, 2.0]), kind=ind.kind),
        ind,
        2024,
        {2024: {"kommune": "/k", "fylke": "/f"}},
        None,
    ).to_dict()
    assert spec["vals"]["0301"].startswith("Skjult av hensyn til personvern")
    assert spec["vals"]["1508"].startswith("Ikke tilgjengelig ennå")
    df = pd.read_csv(
        io.BytesIO(export.view_csv(tb, ind, 2024)), sep=";", dtype=str, encoding="utf-8-sig"
    )
    assert df["Merknad"].str.contains("personvern").iloc[0]


def test_spec_json_cannot_close_the_script_tag():
    text = _script_json({"tips": {"0301": "</script><script>alert(1)</script>"}})
    assert "</script>" not in text
    assert json.loads(text.replace("<\\/", "</"))["tips"]["0301"].startswith("</script>")


def test_the_maps_static_files_are_written_whole_and_once(tmp_path, tiny_kommuner):
    """The server writes Leaflet and the geometry while visitors may already ask for them: each file
    appears whole (written aside, then renamed), and a second start with the same data writes
    nothing."""
    import geopandas as gpd
    import xstatic.pkg.leaflet as xleaflet

    fylker = {
        y: gpd.GeoDataFrame({"fylkenummer": ["01"]}, geometry=[g.union_all()], crs=4326)
        for y, g in ((y, k.geometry) for y, k in tiny_kommuner.items())
    }
    attrs = pd.DataFrame(
        {
            "year": [2024] * 3 + [2018] * 3,
            "kommunenummer": ["2001", "2002", "1003", "0001", "0002", "0003"],
            "size_class": ["liten"] * 6,
        }
    )
    urls = geoassets.write_static_assets(
        tiny_kommuner, fylker, attrs, static_dir=tmp_path, key="k1"
    )
    assert sorted(urls) == [2018, 2024]
    leaflet = (tmp_path / "leaflet" / "leaflet.js").read_bytes()
    assert leaflet == (Path(xleaflet.BASE_DIR) / "leaflet.js").read_bytes()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["geo", "leaflet"]  # no half-made copy left beside them
    geo = json.loads((tmp_path / "geo" / urls[2024]["kommune"].rsplit("/", 1)[1]).read_text())
    assert [f["properties"]["n"] for f in geo["features"]] == ["A2", "B2", "C - Čé"]
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert (
        geoassets.write_static_assets(tiny_kommuner, fylker, attrs, static_dir=tmp_path, key="k1")
        == urls
    )
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_cut_geometry_file_is_written_again_and_any_number_of_saved_tables_fits_a_file_name(
    tmp_path, tiny_kommuner
):
    """A geometry file cut short (a full disk, a copy stopped half way) no longer has the hash its
    name carries: the next start writes it again. The dataset key grows with every saved table; the
    index's name stays short (it was the whole key: «File name too long» for every visitor at six
    tables)."""
    import geopandas as gpd

    fylker = {
        y: gpd.GeoDataFrame({"fylkenummer": ["01"]}, geometry=[g.union_all()], crs=4326)
        for y, g in ((y, k.geometry) for y, k in tiny_kommuner.items())
    }
    attrs = pd.DataFrame(
        {
            "year": [2024] * 3 + [2018] * 3,
            "kommunenummer": ["2001", "2002", "1003", "0001", "0002", "0003"],
            "size_class": ["liten"] * 6,
        }
    )
    key = "fac5c8a513bec31d2b34" + "".join(
        f"+egen_{name}"
        for name in (
            "befolkning_2024",
            "andel_over_67_ar",
            "arbeidsledighet",
            "barnehagedekning",
            "sykefravaer_i_kommunen",
            "bredband_1000_mbit_s",
        )
        * 4
    )
    urls = geoassets.write_static_assets(tiny_kommuner, fylker, attrs, static_dir=tmp_path, key=key)
    index = list((tmp_path / "geo").glob("index_*.json"))
    assert len(index) == 1 and len(index[0].name) < 64
    target = tmp_path / "geo" / urls[2024]["kommune"].rsplit("/", 1)[1]
    whole = target.read_bytes()
    target.write_bytes(whole[: len(whole) // 2])
    assert (
        geoassets.write_static_assets(tiny_kommuner, fylker, attrs, static_dir=tmp_path, key=key)
        == urls
    )
    assert target.read_bytes() == whole
    index[0].write_text("{not json")  # a damaged index is written again too
    assert (
        geoassets.write_static_assets(tiny_kommuner, fylker, attrs, static_dir=tmp_path, key=key)
        == urls
    )
    assert json.loads(index[0].read_text())


def test_the_browser_fetches_ahead_only_the_years_a_visitor_can_change_to(catalogue):
    """The other years' geometry is fetched when the browser is idle, nearest year first, and only
    for the years the indicator has (the year control's): not 2019, 2021, 2023 and 2025 for the
    survey."""
    ind = catalogue["strategi"]
    tb = table()
    urls = {y: {"kommune": f"/k{y}.json", "fylke": f"/f{y}.json"} for y in range(2018, 2026)}
    urls[2025] = dict(urls[2024])  # the same borders: the same file, nothing to fetch
    spec = map_spec(
        tb,
        classify(tb["value"], kind="yesno"),
        ind,
        2022,
        urls,
        None,
        years={2018, 2020, 2022, 2024},
    )
    assert [k for k, _ in spec.prefetch] == ["/k2020.json", "/k2024.json", "/k2018.json"]
    every = map_spec(tb, classify(tb["value"], kind="yesno"), ind, 2024, urls, None)
    assert [k for k, _ in every.prefetch][:3] == ["/k2023.json", "/k2022.json", "/k2021.json"]
    assert "/k2024.json" not in [k for k, _ in every.prefetch]
