"""Workbooks (.xlsx) as rows of text, read safely: the archive's directory is checked before
openpyxl opens it (a 0,7 MB file can unpack to 200 MB), and at most importer.MAX_CELLS cells are
read."""

from __future__ import annotations

import io
import re

from kommunekart.base.errors import ImportProblem

MIB = 1024 * 1024
XLSX_MAX_UNPACKED = 100 * MIB  # what a workbook may unpack to (a 0.7 MB file can unpack to 200 MB)
XLSX_MAX_ENTRIES = 500
MAX_CELLS = 2_000_000  # rows x columns read from a sheet (or a CSV file)
# a table of kommuner: one column per year and series (SSB's widest exports: ~200)
MAX_COLUMNS = 1_000
MAX_ROWS = 250_000  # 357 kommuner x 50 years x 14 series
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")


def column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_shape(rows: int, columns: int) -> None:
    """The one place for the size limits of a table, checked from its structure before it is
    read."""
    if columns > MAX_COLUMNS:
        raise ImportProblem(
            "imp.for_mange_kolonner",
            n=f"{columns:,}".replace(",", " "),
            grense=f"{MAX_COLUMNS:,}".replace(",", " "),
        )
    if rows > MAX_ROWS:
        raise ImportProblem(
            "imp.for_mange_rader",
            n=f"{rows:,}".replace(",", " "),
            grense=f"{MAX_ROWS:,}".replace(",", " "),
        )
    if rows * max(columns, 1) > MAX_CELLS:
        raise ImportProblem("imp.for_mange_celler", grense=f"{MAX_CELLS:,}".replace(",", " "))


def check_sheet_xml(xml: bytes) -> None:
    """A sheet's size from its XML (the cells' references and the rows), before openpyxl reads a row
    of it: read-only mode pads every row to the widest one, so one cell at XFD1 makes 16 384 per
    row."""
    cols, rows = 0, 0
    for m in _CELL_REF.finditer(xml):
        cols = max(cols, column_index(m.group(1)))
        rows = max(rows, int(m.group(2)))
    rows = max(rows, len(_ROW_TAG.findall(xml)))
    check_shape(rows, cols)


def is_xlsx(raw: bytes, name: str = "") -> bool:
    return raw[:4] == b"PK\x03\x04" and (
        name.lower().endswith((".xlsx", ".xlsm")) or b"xl/workbook" in raw[:4096]
    )


def check_xlsx_archive(raw: bytes) -> None:
    """Refuse a workbook before it is opened when its archive is broken, has too many parts or would
    unpack to more than XLSX_MAX_UNPACKED (a zip bomb): the sizes come from the archive's directory.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportProblem("imp.excel_ulesbar", feil="zip") from None
    unpacked = sum(i.file_size for i in infos)
    if len(infos) > XLSX_MAX_ENTRIES or unpacked > XLSX_MAX_UNPACKED:
        raise ImportProblem(
            "imp.excel_for_stor",
            mb=round(unpacked / MIB),
            grense=round(XLSX_MAX_UNPACKED / MIB),
            deler=len(infos),
        )
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise ImportProblem("imp.excel_ulesbar", feil="xl/workbook.xml")


def _has_table(ws, look: int = 50) -> bool:
    """A sheet with at least two rows of two filled cells among its first ``look`` rows."""
    filled = 0
    for row in ws.iter_rows(max_row=look, values_only=True):
        filled += sum(1 for v in row if v not in (None, "")) >= 2
        if filled >= 2:
            return True
    return False


def xlsx_rows(raw: bytes, sheet: str | None = None) -> tuple[list[list[str]], str, list[str]]:
    """One sheet of an XLSX file as rows of text (numbers written with a decimal comma, so that
    1.234 stays 1,234 and is not read as a thousands separator), its name and every sheet's name.
    Without ``sheet``: the first sheet with a table (at least two rows), else the first. The
    archive is checked first and at most MAX_CELLS cells are read (openpyxl's read-only mode
    streams the sheet)."""
    check_xlsx_archive(raw)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    # a broken zip or XML that openpyxl cannot parse (ParseError too)
    except Exception as err:
        raise ImportProblem("imp.excel_ulesbar", feil=type(err).__name__) from None
    names = list(wb.sheetnames)
    if sheet is not None and sheet not in names:
        raise ImportProblem("imp.ukjent_ark", ark=sheet, ark_liste=", ".join(names))
    try:
        return _read_sheet(wb, raw, sheet, names)
    except ImportProblem:
        raise
    # a sheet's XML that openpyxl cannot parse (malformed, cut, odd types)
    except Exception as err:
        raise ImportProblem("imp.excel_ulesbar", feil=type(err).__name__) from None
    finally:
        wb.close()


def _read_sheet(wb, raw: bytes, sheet: str | None, names: list[str]):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        parts = set(z.namelist())

        seen = set()

        def checked(name):
            path = getattr(wb[name], "_worksheet_path", "").lstrip("/")
            if path in parts and path not in seen:
                check_sheet_xml(z.read(path))  # the archive's unpacked size is already bounded
                seen.add(path)
            return wb[name]

        if sheet is None:
            sheet = next((n for n in names if _has_table(checked(n))), names[0])
        ws = checked(sheet)
    rows, n_cells = [], 0
    for row in ws.iter_rows(values_only=True):
        n_cells += len(row)
        if n_cells > MAX_CELLS:
            raise ImportProblem("imp.for_mange_celler", grense=f"{MAX_CELLS:,}".replace(",", " "))
        cells = []
        for v in row:
            if isinstance(v, bool) or v is None:
                cells.append("" if v is None else str(v))
            elif isinstance(v, (int, float)):
                cells.append(
                    repr(float(v)).replace(".", ",").removesuffix(",0")
                    if isinstance(v, float)
                    else str(v)
                )
            else:
                cells.append(str(v))
        rows.append(cells)
    # trailing empty columns (formatting) do not count
    width = max(
        (max((i + 1 for i, c in enumerate(r) if c.strip()), default=0) for r in rows), default=0
    )
    return [r[:width] + [""] * (width - len(r)) for r in rows], sheet, names
