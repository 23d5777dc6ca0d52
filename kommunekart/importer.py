"""Import kommune-level tables: SSB's own CSV exports (Statistikkbanken) and users' own CSV files.

Pure: bytes in, a tidy frame out (kommunenummer, year, indicator, value, status) plus notes (codes,
strings.message makes the Norwegian text) saying what was guessed, summed or left out. Every problem
raises ``ImportProblem`` with a code whose text names what is wrong and how to fix it; nothing else
escapes and no row is dropped without being reported.

Handles: UTF-8 (with or without BOM) and latin-1; ';', TAB and ',' separators; title lines before the
header; quoted fields; decimal comma and spaces in numbers; region labels "K-0301 Oslo",
"0301 Oslo" or a bare "0301"; one column per year ("Persons 2024", "2024") or a year column;
SSB's symbols (``..`` missing, ``:`` suppressed, ``.`` cannot occur, ``-`` nil, ``...`` not yet
available, ``x`` hidden); fylke, national and other non-kommune rows (left out and reported).
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import Message, Problem
from .fmt import STATUS_KEYS

MAX_MB = 20  # the one limit: the upload field, .streamlit/config.toml (server.maxUploadSize) and the CLI
MAX_BYTES = MAX_MB * 1024 * 1024
MIB = 1024 * 1024
XLSX_MAX_UNPACKED = 100 * MIB  # what a workbook may unpack to (a 0.7 MB file can unpack to 200 MB)
XLSX_MAX_ENTRIES = 500
MAX_CELLS = 2_000_000  # rows x columns read from a sheet
MAX_ABS = 1e15  # larger magnitudes (and inf) are not numbers a table of kommuner holds
# SSB symbols are kept as the cell's status (meanings: fmt.STATUS_KEYS / strings.py); "-" (nil) counts as 0
KOMMUNE_RE = re.compile(r"^\s*(?:K-)?(\d{4})(?:\s+(.*))?$")
NON_KOMMUNE_RE = re.compile(r"^\s*(?:K-(?:21-22|23|Rest)\b|F-|EKA|0\s|00\s|Hele landet|Landet|Norge|\d{2}(?:\s|$))", re.I)
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
KOMMUNE_HEADER_RE = re.compile(r"region|kommune|knr|komm|municipality", re.I)
YEAR_HEADER_RE = re.compile(r"^(år|aar|year|tid|årstall)$", re.I)


class ImportProblem(Problem, ValueError):
    """A user-facing import problem: a code and its parameters (strings.message makes the text,
    which names what is wrong and how to fix it)."""


@dataclass
class ImportResult:
    data: pd.DataFrame  # kommunenummer, year, indicator, value, status
    notes: list[Message] = field(default_factory=list)
    region_column: str = ""
    value_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # every column of the file (to correct the kommune column)
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets (to choose another)
    sheet: str = ""  # the sheet that was read


# ---------------------------------------------------------------- bytes -> text -> table
def decode(raw: bytes, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Text and the encoding used. Refuses empty, too large and binary files."""
    if not raw or not raw.strip():
        raise ImportProblem("imp.tom")
    if len(raw) > max_bytes:
        raise ImportProblem("imp.for_stor", mb=round(len(raw) / MIB, 1), grense=round(max_bytes / MIB))
    sample = raw[:65536]
    if sample.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise ImportProblem("imp.json")
    if b"\x00" in sample or sample[:4] in (b"PK\x03\x04", b"%PDF") or sample[:2] == b"\xff\xd8":
        raise ImportProblem("imp.binaer")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t")
        if controls > 5:
            raise ImportProblem("imp.kontrolltegn")
        return text, encoding
    raise ImportProblem("imp.tegnkoding")


def split_rows(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, data rows and title lines of CSV text: picks the separator that gives the most
    consistent rows and skips title lines above the header (as in SSB's exports)."""
    best = None
    for sep in (";", "\t", ","):
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (common >= 2, widths.count(common), common)
        if best is None or score > best[0]:
            best = (score, rows)
    if best is None:
        raise ImportProblem("imp.ingen_kolonner")
    return table_from_rows(best[1])


def table_from_rows(rows: list[list[str]]) -> tuple[list[str], list[list[str]], list[str]]:
    """Header (the first row of the usual width), data rows and the title lines above the header."""
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [len([c for c in r]) for r in rows if any(c.strip() for c in r)]
    width = max(set(widths), key=widths.count) if widths else 0
    if width < 2:
        raise ImportProblem("imp.ingen_kolonner")
    # the header: the first row of that width with at least two filled cells (a title row has one)
    start = next((i for i, r in enumerate(rows) if len(r) == width and sum(1 for c in r if c.strip()) >= 2), None)
    if start is None:
        raise ImportProblem("imp.ingen_overskrift")
    titles = [" ".join(c for c in r if c.strip()) for r in rows[:start] if any(c.strip() for c in r)]
    header = [c.strip() for c in rows[start]]
    body = [r for r in rows[start + 1:] if any(c.strip() for c in r)]
    bad = [i + start + 2 for i, r in enumerate(rows[start + 1:]) if any(c.strip() for c in r) and len(r) != width]
    if bad:
        raise ImportProblem("imp.ujevne_rader", n=len(bad), linjer=", ".join(map(str, bad[:5])))
    return header, body, titles


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


# ---------------------------------------------------------------- cells
def parse_number(cell: str) -> tuple[float, str] | None:
    """(value, status) for a number or an SSB symbol; None when the cell is other text."""
    s = cell.strip().replace("\u00a0", " ")
    if s in STATUS_KEYS:
        return (0.0 if s == "-" else np.nan), s
    if s == "":
        return np.nan, ".."
    s = s.replace(" ", "")
    if not re.fullmatch(r"[-+]?[\d.,]+(?:[eE][-+]?\d+)?", s):  # "inf", "NaN", "1e5x": not a number
        return None
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", s):  # 1.234.567,8
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d+,\d+", s):
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return (value, "") if math.isfinite(value) and abs(value) <= MAX_ABS else None


def region_code(label: str) -> str | None:
    """Kommunenummer of a region label ("K-0301 Oslo", "0301 Oslo", "301", "0301"), else None."""
    s = str(label).strip().strip('"')
    if NON_KOMMUNE_RE.match(s) and not re.match(r"^\s*(?:K-)?\d{4}(\s|$)", s):
        return None
    m = KOMMUNE_RE.match(s)
    if m:
        return m.group(1)
    if re.fullmatch(r"\d{3}", s):
        return s.zfill(4)
    return None


# ---------------------------------------------------------------- table -> long frame
def guess_region_column(header: list[str], body: list[list[str]]) -> int:
    scores = []
    for j, name in enumerate(header):
        cells = [r[j] for r in body[:500]]
        hits = sum(1 for c in cells if region_code(c))
        scores.append((hits + (50 if KOMMUNE_HEADER_RE.search(name) else 0), hits, j))
    score, hits, j = max(scores)
    if hits == 0:
        raise ImportProblem("imp.ingen_kommunekolonne")
    return j


def read_table(raw: bytes, name: str = "", indicator: str | None = None, year: int | None = None,
               max_bytes: int = MAX_BYTES, region_column: str | None = None, sheet_name: str | None = None
               ) -> ImportResult:
    """Import a CSV (SSB export or own table). ``year``: the year when the file has no year column or
    year in its headers; ``region_column``: the kommune column when the guess was wrong. Raises ImportProblem."""
    sheets, sheet = [], ""
    if is_xlsx(raw, name):
        if len(raw) > max_bytes:
            decode(raw, max_bytes)  # raises the size message
        rows, sheet, sheets = xlsx_rows(raw, sheet_name)
        header, body, titles = table_from_rows(rows)
        notes = [Message("imp.note.excel", {"ark": sheet, "n": len(sheets)})]
    else:
        text, encoding = decode(raw, max_bytes)
        header, body, titles = split_rows(text)
        notes = [Message("imp.note.koding", {"koding": encoding.upper().replace("-SIG", " med BOM")})]
    if titles:
        notes.append(Message("imp.note.tittel", {"tekst": " / ".join(titles)[:120]}))
    if not body:
        raise ImportProblem("imp.ingen_rader")
    if region_column:
        if region_column not in header:
            raise ImportProblem("imp.ukjent_kolonne", kolonne=region_column, kolonner=", ".join(header))
        rj = header.index(region_column)
    else:
        rj = guess_region_column(header, body)
    year_col = next((j for j, h in enumerate(header) if YEAR_HEADER_RE.match(h) and j != rj), None)
    value_cols = []
    for j, h in enumerate(header):
        if j in (rj, year_col):
            continue
        parsed = [parse_number(r[j]) for r in body[:1000]]
        numeric = sum(1 for p in parsed if p is not None)
        if numeric >= 0.5 * len(parsed):
            value_cols.append(j)
    if not value_cols:
        raise ImportProblem("imp.ingen_tall")
    other_cols = [j for j in range(len(header)) if j not in value_cols and j not in (rj, year_col)]

    records, bad_cells, skipped = [], [], []
    for i, r in enumerate(body):
        code = region_code(r[rj])
        if code is None:
            skipped.append(r[rj].strip())
            continue
        base_year = None
        if year_col is not None:
            m = YEAR_RE.search(r[year_col])
            if not m:
                bad_cells.append((i, header[year_col], r[year_col]))
                continue
            base_year = int(m.group(1))
        for j in value_cols:
            parsed = parse_number(r[j])
            if parsed is None:
                bad_cells.append((i, header[j], r[j]))
                continue
            m = YEAR_RE.search(header[j])
            y = base_year if base_year is not None else (int(m.group(1)) if m else year)
            label = indicator or (YEAR_RE.sub("", header[j]).strip(" -_") if m else header[j]) or header[j]
            records.append((code, y, label, parsed[0], parsed[1], tuple(r[k].strip() for k in other_cols)))
    if bad_cells:
        ex = "; ".join(f"linje {i + 2 + len(titles)}, kolonne «{c}»: «{v[:20]}»" for i, c, v in bad_cells[:5])
        raise ImportProblem("imp.tekst_i_tall", n=len(bad_cells), eksempler=ex)
    if not records:
        raise ImportProblem("imp.ingen_kommuner")
    if skipped:
        uniq = list(dict.fromkeys(skipped))
        notes.append(Message("imp.note.utelatt", {"n": len(skipped),
                                                  "eksempler": ", ".join(uniq[:6]) + (" …" if len(uniq) > 6 else "")}))
    df = pd.DataFrame(records, columns=["kommunenummer", "year", "indicator", "value", "status", "other"])
    if df["year"].isna().any():
        raise ImportProblem("imp.mangler_aar")
    df["year"] = df["year"].astype(int)
    repeated = df.duplicated(["kommunenummer", "year", "indicator"]).any()
    if other_cols and not repeated:  # e.g. a name column: one row per kommune, nothing to sum
        notes.append(Message("imp.note.ubrukt", {"kolonner": ", ".join(f"«{header[k]}»" for k in other_cols)}))
        other_cols = []
    if other_cols:  # e.g. age groups in SSB 07459: summed per kommune and year
        names = ", ".join(f"«{header[k]}»" for k in other_cols)
        n_levels = df["other"].nunique()
        grouped = df.groupby(["kommunenummer", "year", "indicator"], sort=True)
        value = grouped["value"].sum(min_count=1)
        status = grouped["status"].agg(lambda s: "" if (s == "").all() else s[s != ""].iloc[0])
        df = pd.concat([value, status], axis=1).reset_index()
        notes.append(Message("imp.note.summert", {"kolonner": names, "n": n_levels}))
    else:
        df = df.drop(columns="other")
        dup = df.duplicated(["kommunenummer", "year", "indicator"], keep=False)
        if dup.any():
            ex = df.loc[dup, ["kommunenummer", "year"]].drop_duplicates().head(5)
            raise ImportProblem("imp.dublett", n=int(dup.sum()),
                                eksempler=", ".join(f"{k} {y}" for k, y in ex.itertuples(index=False)))
    if df["value"].isna().all():
        raise ImportProblem("imp.alle_mangler")
    years = sorted(df["year"].unique())
    notes.append(Message("imp.note.oppsummering", {"kommuner": df["kommunenummer"].nunique(),
                                                   "aar": ", ".join(map(str, years)), "n": len(df["indicator"].unique())}))
    return ImportResult(df[["kommunenummer", "year", "indicator", "value", "status"]].reset_index(drop=True), notes,
                        header[rj], [header[j] for j in value_cols], list(header), sheets, sheet)


def check_codes(result: ImportResult, codes_by_year: dict[int, set[str]]) -> list[Message]:
    """Notes about kommunenummer that were not valid in their year (not dropped: the caller decides)."""
    notes = []
    for year, part in result.data.groupby("year"):
        valid = codes_by_year.get(int(year))
        if valid is None:
            continue
        unknown = sorted(set(part["kommunenummer"]) - valid)
        if unknown:
            notes.append(Message("imp.note.ukjente_nummer", {"n": len(unknown), "aar": int(year),
                                                             "liste": ", ".join(unknown[:8]) + (" …" if len(unknown) > 8 else "")}))
    return notes
