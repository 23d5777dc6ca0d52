"""Workbooks (.xlsx) as rows of text, read safely: the archive's directory is checked before openpyxl
opens it (a 0,7 MB file can unpack to 200 MB), and at most importer.MAX_CELLS cells are read."""
from __future__ import annotations

import io

from .errors import ImportProblem

MIB = 1024 * 1024
XLSX_MAX_UNPACKED = 100 * MIB  # what a workbook may unpack to (a 0.7 MB file can unpack to 200 MB)
XLSX_MAX_ENTRIES = 500
MAX_CELLS = 2_000_000  # rows x columns read from a sheet


def is_xlsx(raw: bytes, name: str = "") -> bool:
    return raw[:4] == b"PK\x03\x04" and (name.lower().endswith((".xlsx", ".xlsm")) or b"xl/workbook" in raw[:4096])


def check_xlsx_archive(raw: bytes) -> None:
    """Refuse a workbook before it is opened when its archive is broken, has too many parts or would
    unpack to more than XLSX_MAX_UNPACKED (a zip bomb): the sizes come from the archive's directory."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportProblem("imp.excel_ulesbar", feil="zip") from None
    unpacked = sum(i.file_size for i in infos)
    if len(infos) > XLSX_MAX_ENTRIES or unpacked > XLSX_MAX_UNPACKED:
        raise ImportProblem("imp.excel_for_stor", mb=round(unpacked / MIB), grense=round(XLSX_MAX_UNPACKED / MIB),
                            deler=len(infos))
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
    """One sheet of an XLSX file as rows of text (numbers written with a decimal comma, so that 1.234
    stays 1,234 and is not read as a thousands separator), its name and every sheet's name. Without
    ``sheet``: the first sheet with a table (at least two rows), else the first. The archive is checked
    first and at most MAX_CELLS cells are read (openpyxl's read-only mode streams the sheet)."""
    import zipfile

    check_xlsx_archive(raw)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise ImportProblem("imp.excel_ulesbar", feil=type(err).__name__) from None
    names = list(wb.sheetnames)
    if sheet is not None and sheet not in names:
        raise ImportProblem("imp.ukjent_ark", ark=sheet, ark_liste=", ".join(names))
    if sheet is None:
        sheet = next((n for n in names if _has_table(wb[n])), names[0])
    ws = wb[sheet]
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
                cells.append(repr(float(v)).replace(".", ",").removesuffix(",0") if isinstance(v, float) else str(v))
            else:
                cells.append(str(v))
        rows.append(cells)
    # trailing empty columns (formatting) do not count
    width = max((max((i + 1 for i, c in enumerate(r) if c.strip()), default=0) for r in rows), default=0)
    return [r[:width] + [""] * (width - len(r)) for r in rows], sheet, names
