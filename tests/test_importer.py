"""The CSV importer: SSB's real 07459 exports, a hand-made corpus of bad files, and a property
test."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunekart.readers import importer
from kommunekart.readers.importer import ImportProblem
from kommunekart.sources.mirror import mirror_root
from tests.helpers import ROOT, problem, texts

CORPUS = Path(__file__).parent / "fixtures" / "import"
EXPORTS = mirror_root() / "raw" / "ssb07459_population_csdata"
# national totals and kommuner with people, per the mirror's population/PROVENANCE.md
TOTALS = {
    2018: 5_295_619,
    2019: 5_328_212,
    2020: 5_367_580,
    2021: 5_391_369,
    2022: 5_425_270,
    2023: 5_488_984,
    2024: 5_550_203,
}
KOMMUNER = {2018: 422, 2019: 422, 2020: 356, 2021: 356, 2022: 356, 2023: 356, 2024: 357}
FILES = {
    "Personer2015-2018.csv": 2018,
    "Personer2019.csv": 2019,
    "Personer2020.csv": 2020,
    "Personer2021.csv": 2021,
    "Personer2022.csv": 2022,
    "Personer2023.csv": 2023,
    "Personer2024.csv": 2024,
}


@pytest.mark.mirror
@pytest.mark.parametrize("name, year", FILES.items())
def test_real_ssb_07459_exports_import_without_editing(name, year):
    res = importer.read_table((EXPORTS / name).read_bytes(), name, indicator="folketall")
    part = res.data[res.data["year"] == year]
    assert int(part["value"].sum()) == TOTALS[year]
    assert part.loc[part["value"] > 0, "kommunenummer"].nunique() == KOMMUNER[year]
    assert part["kommunenummer"].str.fullmatch(r"\d{4}").all()
    assert any("Summerte over «age»" in n for n in texts(res.notes))
    if year >= 2020:
        # left out, and said so
        assert any("Svalbard" in n and "Continental shelf" in n for n in texts(res.notes))


def test_ssb_export_latin1_with_title_lines_symbols_and_national_row():
    res = importer.read_table((CORPUS / "ok_ssb_latin1.csv").read_bytes())
    d = res.data.set_index("kommunenummer")
    assert list(d.index) == ["0301", "1508"] and (d["year"] == 2024).all()
    assert d.loc["0301", "value"] == 12 and d.loc["0301", "indicator"] == "Tjenester"
    notes = " ".join(texts(res.notes))
    assert "Min tabell" in notes and "Hele landet" in notes and "Continental shelf" in notes


def test_wide_utf8_bom_tab_file_keeps_ssb_symbols():
    d = importer.read_table((CORPUS / "ok_utf8_bom_tab_bred.csv").read_bytes()).data
    got = {
        (k, y): (v, s)
        for k, y, v, s in d[["kommunenummer", "year", "value", "status"]].itertuples(index=False)
    }
    assert got[("0301", 2022)] == (1.0, "")
    assert np.isnan(got[("0301", 2024)][0]) and got[("0301", 2024)][1] == ".."
    assert np.isnan(got[("1508", 2022)][0]) and got[("1508", 2022)][1] == ":"
    assert got[("1508", 2024)] == (0.0, "-")  # nil counts as zero


def test_own_table_with_year_given_and_long_table_with_year_column():
    d = importer.read_table((CORPUS / "ok_egen_tabell.csv").read_bytes(), year=2024).data
    assert d.set_index("kommunenummer")["value"].to_dict() == {"0301": 12.5, "1508": 7.0}
    long = importer.read_table((CORPUS / "flere_aar_lang.csv").read_bytes()).data
    assert sorted(long["year"].unique()) == [2022, 2024] and len(long) == 3


@pytest.mark.parametrize(
    "name, code, words",
    [
        ("tom.csv", "imp.tom", "tom"),
        ("ingen_kommunekolonne.csv", "imp.ingen_kommunekolonne", "kommunenummer"),
        ("dublett.csv", "imp.dublett", "samme kommune og år"),
        ("tekst_i_tallkolonne.csv", "imp.tekst_i_tall", "«mange»"),
        ("alt_mangler.csv", "imp.alle_mangler", "Alle verdiene mangler"),
        ("mangler_aar.csv", "imp.mangler_aar", "hvilket år"),
        ("feil_antall_kolonner.csv", "imp.ujevne_rader", "antall kolonner"),
        ("excel_som_csv.csv", "imp.binaer", "binærfil"),
        ("inf_og_nan.csv", "imp.tekst_i_tall", "«inf»"),
        ("json_med_csv_navn.csv", "imp.json", "JSON"),
    ],
)
def test_bad_files_get_a_norwegian_message_saying_what_to_fix(name, code, words):
    with problem(ImportProblem, words, code=code):
        importer.read_table((CORPUS / name).read_bytes(), name)


def test_over_size_file_states_the_limit():
    with problem(ImportProblem, "grensen er 1 MB"):
        importer.read_table(b"kommune;verdi 2024\n" + b"0301;1\n" * 200_000, max_bytes=1_000_000)


def test_unknown_kommunenummer_are_reported_not_dropped():
    res = importer.read_table(b"kommune;verdi 2024\n0301;1\n9999;2\n")
    assert len(res.data) == 2
    notes = texts(importer.check_codes(res, {2024: {"0301"}}))
    assert "9999" in notes[0] and "2024" in notes[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=2000)
    | st.text(alphabet='0123456789;,\t\n\r" K-.:abcæøå', max_size=400).map(str.encode)
)
def test_no_byte_string_makes_the_importer_raise_anything_but_its_own_error(raw):
    try:
        res = importer.read_table(raw, year=2024)
    except ImportProblem:
        return
    assert set(res.data.columns) == {"kommunenummer", "year", "indicator", "value", "status"}


def xlsx_bytes(rows):
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_with_title_row_symbols_and_decimals():
    raw = xlsx_bytes(
        [
            ["Tabell 1: Bredbånd"],
            [],
            ["Region", "Dekning 2024"],
            ["K-0301 Oslo", 99.5],
            ["K-1508 Ålesund", 1.234],
            ["K-5501 Tromsø", ".."],
            ["0 Hele landet", 97],
        ]
    )
    res = importer.read_table(raw, "tabell.xlsx")
    d = res.data.set_index("kommunenummer")
    # not 1234
    assert d.loc["0301", "value"] == 99.5 and d.loc["1508", "value"] == pytest.approx(1.234)
    assert np.isnan(d.loc["5501", "value"]) and d.loc["5501", "status"] == ".."
    assert any("Excel" in n for n in texts(res.notes)) and any(
        "Hele landet" in n for n in texts(res.notes)
    )
    assert res.columns == ["Region", "Dekning 2024"]


def test_broken_xlsx_says_so():
    raw = xlsx_bytes([["kommune", "x 2024"], ["0301", 1]])
    with problem(ImportProblem, "Excel-fil, men kunne ikke leses"):
        importer.read_table(raw[:200] + b"\x00" * 50, "tabell.xlsx")


@pytest.mark.parametrize("name, year", FILES.items())
def test_real_ssb_07459_exports_map_with_every_kommune_and_the_national_total(
    real_dataset, name, year
):
    """Imported as a user would, each year lands on the map of its borders (2019 on 2018's, 2021 on
    2020's, 2023 on 2022's) with every kommune of that map and the national total intact."""
    from kommunekart.pipeline import userdata

    res = importer.read_table((EXPORTS / name).read_bytes(), name, indicator="folketall")
    data = res.data[res.data["year"] == year]
    values, notes, _ = userdata.series_values(real_dataset, data, "folketall")
    notes = texts(notes)
    map_year = max(y for y in real_dataset.years if y <= year)
    assert set(values["year"]) == {map_year}
    assert values["value"].notna().sum() == len(real_dataset.kommuner[map_year]) == KOMMUNER[year]
    assert int(values["value"].sum()) == TOTALS[year]


def test_a_zip_bomb_workbook_is_refused_from_its_directory_before_it_is_opened(monkeypatch):
    import io
    import zipfile

    import openpyxl

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        # unpacks to 200 MB
        z.writestr("xl/worksheets/sheet1.xml", "<row/>" * (200 * 1024 * 1024 // 6))
    raw = buf.getvalue()
    assert len(raw) < 1_000_000
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened the bomb"))
    with problem(ImportProblem, "pakker seg ut til 200 MB", code="imp.excel_for_stor"):
        importer.read_table(raw, "bombe.xlsx")


def test_inf_nan_and_absurd_magnitudes_are_refused_with_the_cells_named():
    good = "".join(
        f"{k};{i},5\n"
        for i, k in enumerate(["5001", "1506", "3107", "3201", "4204", "1804", "5501"])
    )
    raw = ("kommune;verdi 2024\n0301;inf\n1103;1e308\n4601;NaN\n" + good).encode()
    with problem(ImportProblem, "«inf».*«1e308».*«NaN»", code="imp.tekst_i_tall") as err:
        importer.read_table(raw, "t.csv")
    assert err.value.params["n"] == 3


def test_the_upload_limit_is_the_same_number_everywhere():
    import tomllib

    from kommunekart.base.strings import t

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == importer.MAX_MB
    assert f"{importer.MAX_MB} MB" in t("data.fil", mb=importer.MAX_MB)
    with problem(ImportProblem, f"grensen er {importer.MAX_MB} MB"):
        importer.read_table(b"kommune;verdi 2024\n" + b"0301;1\n" * (importer.MAX_BYTES // 7 + 1))


def test_json_named_csv_is_said_to_be_json():
    with problem(ImportProblem, "ser ut som JSON", code="imp.json"):
        importer.read_table(b'\xef\xbb\xbf {"class": "dataset", "value": [1]}', "tabell.csv")


def test_a_workbook_with_several_sheets_reads_the_one_with_the_table_and_any_other_on_request():
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Forside"
    wb.active["A1"] = "Om tabellen"
    data = wb.create_sheet("Tall")
    for row in [["kommune", "verdi 2024"], ["0301", 12.5], ["1103", 7]]:
        data.append(row)
    other = wb.create_sheet("Andre tall")
    for row in [["kommune", "antall 2023"], ["0301", 3], ["5001", 4]]:
        other.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    res = importer.read_table(buf.getvalue(), "tabell.xlsx")
    assert res.sheet == "Tall" and res.sheets == ["Forside", "Tall", "Andre tall"]
    assert "arket «Tall» (filen har 3 ark)" in " ".join(texts(res.notes))
    again = importer.read_table(buf.getvalue(), "tabell.xlsx", sheet_name="Andre tall")
    assert set(again.data["kommunenummer"]) == {"0301", "5001"} and set(again.data["year"]) == {
        2023
    }
    with problem(ImportProblem, "Arket «Mangler» finnes ikke", code="imp.ukjent_ark"):
        importer.read_table(buf.getvalue(), "tabell.xlsx", sheet_name="Mangler")


def refused_with_peak(raw: bytes, name: str, words: str, code: str) -> int:
    """Import ``raw`` expecting the refusal ``code``; the peak of Python's allocations meanwhile
    (bytes)."""
    import tracemalloc

    tracemalloc.start()
    try:
        with problem(ImportProblem, words, code=code):
            importer.read_table(raw, name)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_real_zip_bomb_is_refused_without_unpacking_it():
    """A valid 0,7 MB workbook that unpacks to 200 MB (openpyxl would open it) is refused from the
    archive's directory: Python's own allocations during the import stay far under 100 MB (time:
    bench/bench_import.py)."""
    from tests.helpers import zip_bomb_xlsx

    raw = zip_bomb_xlsx(200)
    assert len(raw) < 1_000_000
    peak = refused_with_peak(raw, "bombe.xlsx", "pakker seg ut til 200 MB", "imp.excel_for_stor")
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB"


def test_a_file_over_the_limit_is_refused_before_anything_is_copied():
    raw = b"kommune;verdi 2024\n" + b"0301;1\n" * (importer.MAX_BYTES // 7 + 1)
    assert refused_with_peak(raw, "stor.csv", "grensen er 20 MB", "imp.for_stor") < len(raw) / 10


def test_a_header_with_a_link_stays_the_series_name_as_text():
    res = importer.read_table((CORPUS / "lenke_i_overskrift.csv").read_bytes(), "lenke.csv")
    assert list(res.data["indicator"].unique()) == ["[Klikk her](https://example.invalid/login)"]


# ---------------------------------------------------------------- costly shapes, refused from their
# structure
def _rewrite_sheet(raw: bytes, xml: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(
                info, xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            )
    return out.getvalue()


def test_a_workbook_with_one_cell_far_to_the_right_is_refused_before_a_row_is_read(monkeypatch):
    """One cell at XFD1 made openpyxl's read-only mode pad every row to 16 384 cells (62 s, +291 MB
    for a 0,34 MB file): the sheet's XML says its width, and that is checked first."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    wb = openpyxl.Workbook()
    for i in range(1, 3000):
        wb.active.append([f"{i:04d}", i])
    wb.active["XFD1"] = "x"
    buf = __import__("io").BytesIO()
    wb.save(buf)
    monkeypatch.setattr(
        ReadOnlyWorksheet, "_cells_by_row", lambda *a, **k: pytest.fail("read a row")
    )
    with problem(ImportProblem, "16 384 kolonner; grensen er 1 000", code="imp.for_mange_kolonner"):
        importer.read_table(buf.getvalue(), "bred.xlsx")


def test_a_workbook_whose_sheet_xml_is_malformed_says_so():
    raw = xlsx_bytes([["kommune", "x 2024"], ["0301", 1], ["4601", 2]])
    for xml in (
        b'<worksheet><sheetData><row r="1"><c r="A1"',
        b"\xff\xfe not xml at all",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="n"><v>abc</v></c></row></sheetData></worksheet>',
    ):
        with problem(ImportProblem, "Excel-fil, men kunne ikke leses", code="imp.excel_ulesbar"):
            importer.read_table(_rewrite_sheet(raw, xml), "t.xlsx")


def test_a_csv_with_a_hundred_thousand_columns_is_refused_before_it_is_parsed(monkeypatch):
    """1,8 MB, 100 000 columns: 227 s of guessing before; now the header's separators are counted
    first."""
    raw = (
        "kommune;"
        + ";".join(f"v{i} 2024" for i in range(100_000))
        + "\n0301;"
        + ";".join("1" * 100_000)
        + "\n"
    ).encode()
    monkeypatch.setattr(importer.csv, "reader", lambda *a, **k: pytest.fail("parsed the file"))
    with problem(ImportProblem, "100 001 kolonner", code="imp.for_mange_kolonner"):
        importer.read_table(raw, "bred.csv")


def test_a_csv_with_a_million_rows_is_refused_before_it_is_parsed(monkeypatch):
    raw = b"kommune;verdi 2024\n" + b"0301;1\n" * 1_000_000
    assert len(raw) < importer.MAX_BYTES
    monkeypatch.setattr(importer.csv, "reader", lambda *a, **k: pytest.fail("parsed the file"))
    with problem(ImportProblem, "1 000 002 rader; grensen er 250 000", code="imp.for_mange_rader"):
        importer.read_table(raw, "lang.csv")


def test_a_wide_row_below_the_header_area_is_refused_after_parsing_not_guessed_over():
    rows = "kommune;verdi 2024\n" + "0301;1\n" * 300 + ";".join(["1"] * 5000) + "\n"
    with problem(ImportProblem):
        importer.read_table(rows.encode(), "t.csv")
