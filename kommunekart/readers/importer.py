"""Import kommune-level tables: SSB's own CSV exports (Statistikkbanken) and users' own CSV files.

Pure: bytes in, a tidy frame out (kommunenummer, year, indicator, value, status) plus notes (codes,
strings.message makes the Norwegian text) saying what was guessed, summed or left out. Every problem
raises ``ImportProblem`` with a code whose text names what is wrong and how to fix it; nothing else
escapes and no row is dropped without being reported.

Handles: UTF-8 (with or without BOM) and latin-1; ';', TAB and ',' separators; title lines before
the header; quoted fields; decimal comma and spaces in numbers; region labels "K-0301 Oslo", "0301
Oslo" or a bare "0301"; one column per year ("Persons 2024", "2024") or a year column; SSB's symbols
(``..`` missing, ``:`` suppressed, ``.`` cannot occur, ``-`` nil, ``...`` not yet available, ``x``
hidden); fylke, national and other non-kommune rows (left out and reported).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kommunekart.base.errors import ImportProblem, Message
from kommunekart.base.fmt import STATUS_KEYS
from kommunekart.readers.tablenames import TableNames
from kommunekart.readers.workbook import MAX_COLUMNS, check_shape, is_xlsx, xlsx_rows

# the one limit: the upload field, .streamlit/config.toml (server.maxUploadSize) and the CLI
MAX_MB = 20
MAX_BYTES = MAX_MB * 1024 * 1024
MIB = 1024 * 1024
MAX_ABS = 1e15  # larger magnitudes (and inf) are not numbers a table of kommuner holds
# SSB symbols are kept as the cell's status (meanings: fmt.STATUS_KEYS / strings.py); "-" (nil)
# counts as 0
KOMMUNE_RE = re.compile(r"^\s*(?:K-)?(\d{4})(?:\s+(.*))?$")
NON_KOMMUNE_RE = re.compile(
    r"^\s*(?:K-(?:21-22|23|Rest)\b|F-|EKA|0\s|00\s|Hele landet|Landet|Norge|\d{2}(?:\s|$))", re.I
)
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
KOMMUNE_HEADER_RE = re.compile(r"region|kommune|knr|komm|municipality", re.I)
YEAR_HEADER_RE = re.compile(r"^(år|aar|year|tid|årstall)$", re.I)


@dataclass
class ImportResult:
    data: pd.DataFrame  # kommunenummer, year, indicator, value, status
    notes: list[Message] = field(default_factory=list)
    region_column: str = ""
    value_columns: list[str] = field(default_factory=list)
    # every column of the file (to correct the kommune column)
    columns: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets (to choose another)
    sheet: str = ""  # the sheet that was read
    by_name: bool = False  # kommuner found by their names (no kommunenummer in the file)
    # name -> [(kommunenummer, label)]: the user chooses
    ambiguous: dict = field(default_factory=dict)


# ---------------------------------------------------------------- bytes -> text -> table
def decode(raw: bytes, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Text and the encoding used. Refuses empty, too large and binary files."""
    if len(raw) > max_bytes:  # first: nothing is copied or read from a file over the limit
        raise ImportProblem(
            "imp.for_stor", mb=round(len(raw) / MIB, 1), grense=round(max_bytes / MIB)
        )
    if not raw or not raw.strip():
        raise ImportProblem("imp.tom")
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


def check_text_shape(text: str) -> None:
    """Rows and columns of CSV text counted before it is parsed (C-speed counts, nothing copied):
    the lines, and the separators in the widest of the first lines (the header and title area)."""
    lines = text.count("\n") + 1
    head = text[: min(len(text), 4 * 1024 * 1024)].split("\n", 200)[:200]
    columns = max((line.count(sep) + 1 for line in head for sep in (";", "\t", ",")), default=1)
    check_shape(lines, columns)


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
    if width > MAX_COLUMNS:  # a wide row further down than check_text_shape looked
        check_shape(len(rows), width)
    if width < 2:
        raise ImportProblem("imp.ingen_kolonner")
    # the header: the first row of that width with at least two filled cells (a title row has one)
    start = next(
        (i for i, r in enumerate(rows) if len(r) == width and sum(1 for c in r if c.strip()) >= 2),
        None,
    )
    if start is None:
        raise ImportProblem("imp.ingen_overskrift")
    titles = [
        " ".join(c for c in r if c.strip()) for r in rows[:start] if any(c.strip() for c in r)
    ]
    header = [c.strip() for c in rows[start]]
    body = [r for r in rows[start + 1 :] if any(c.strip() for c in r)]
    bad = [
        i + start + 2
        for i, r in enumerate(rows[start + 1 :])
        if any(c.strip() for c in r) and len(r) != width
    ]
    if bad:
        raise ImportProblem("imp.ujevne_rader", n=len(bad), linjer=", ".join(map(str, bad[:5])))
    return header, body, titles


def plain_cells(header: list[str], body: list[list[str]]) -> tuple[list[str], list[list[str]], int]:
    """Headers as names (NFC), cells as codes (NFKC: «０３０１» is 0301), zero-width and
    bidirectional control characters removed from both; with the number of cells changed by a
    removal (said to the user)."""
    from kommunekart.base.textclean import clean_code, clean_name, has_invisible

    names = [clean_name(h) for h in header]
    changed = sum(1 for _, c in names if c)
    changed += sum(1 for r in body for c in r if has_invisible(c))
    return [n for n, _ in names], [[clean_code(c) for c in r] for r in body], changed


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
def guess_name_column(header: list[str], body: list[list[str]], names, year: int | None) -> int:
    """The column whose cells name the most kommuner (a table with names but no numbers)."""
    scores = []
    for j, name in enumerate(header):
        cells = list(dict.fromkeys(r[j].strip() for r in body[:300]))
        hits = sum(1 for c in cells if c and parse_number(c) is None and names(c, year))
        scores.append((hits, bool(KOMMUNE_HEADER_RE.search(name)), j))
    hits, _, j = max(scores)
    if hits == 0:
        raise ImportProblem("imp.ingen_kommunekolonne")
    return j


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


def read_table(
    raw: bytes,
    name: str = "",
    indicator: str | None = None,
    year: int | None = None,
    max_bytes: int = MAX_BYTES,
    region_column: str | None = None,
    sheet_name: str | None = None,
    names=None,
    name_choices: dict[str, str] | None = None,
) -> ImportResult:
    """Import a CSV (SSB export or own table). ``year``: the year when the file has no year column
    or year in its headers; ``region_column``: the kommune column when the guess was wrong.
    ``names``: ``(text, year, hint) -> [candidates with .code, .label, .via, .found]``
    (lineage.names.KommuneNames.resolve) for tables with kommune names but no numbers;
    ``name_choices``: name -> kommunenummer ("" = leave out) for names that fit several kommuner.
    Raises ImportProblem."""
    sheets, sheet = [], ""
    if is_xlsx(raw, name):
        if len(raw) > max_bytes:
            decode(raw, max_bytes)  # raises the size message
        rows, sheet, sheets = xlsx_rows(raw, sheet_name)
        header, body, titles = table_from_rows(rows)
        notes = [Message("imp.note.excel", {"ark": sheet, "n": len(sheets)})]
    else:
        text, encoding = decode(raw, max_bytes)
        check_text_shape(text)
        header, body, titles = split_rows(text)
        shown = encoding.upper().replace(
            "-SIG", " med BOM" if raw.startswith(b"\xef\xbb\xbf") else ""
        )
        notes = [Message("imp.note.koding", {"koding": shown})]
    header, body, changed = plain_cells(header, body)
    if changed:
        notes.append(Message("imp.note.usynlige", {"n": changed}))
    if titles:
        notes.append(Message("imp.note.tittel", {"tekst": " / ".join(titles)[:120]}))
    if not body:
        raise ImportProblem("imp.ingen_rader")
    if region_column:
        if region_column not in header:
            raise ImportProblem(
                "imp.ukjent_kolonne", kolonne=region_column, kolonner=", ".join(header)
            )
        rj = header.index(region_column)
    else:
        try:
            rj = guess_region_column(header, body)
        except ImportProblem:
            if names is None:
                raise
            rj = guess_name_column(header, body, names, year)
    by_name = names is not None and not any(region_code(r[rj]) for r in body[:500])
    year_col = next((j for j, h in enumerate(header) if YEAR_HEADER_RE.match(h) and j != rj), None)
    fylke_col = (
        next((j for j, h in enumerate(header) if j != rj and re.search(r"fylke", h, re.I)), None)
        if by_name
        else None
    )
    value_cols = []
    for j in range(len(header)):
        if j in (rj, year_col, fylke_col):
            continue
        parsed = [parse_number(r[j]) for r in body[:1000]]
        numeric = sum(1 for p in parsed if p is not None)
        if numeric >= 0.5 * len(parsed):
            value_cols.append(j)
    if not value_cols:
        raise ImportProblem("imp.ingen_tall")
    other_cols = [
        j for j in range(len(header)) if j not in value_cols and j not in (rj, year_col, fylke_col)
    ]
    matcher = TableNames(names, name_choices or {}, NON_KOMMUNE_RE) if by_name else None

    records, bad_cells, skipped = [], [], []
    for i, r in enumerate(body):
        text = r[rj].strip()
        code = None
        if matcher is None:
            code = region_code(text)
            if code is None:
                skipped.append(text)
                continue
        elif NON_KOMMUNE_RE.match(text) and not matcher.names(text, year, ""):
            skipped.append(text)
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
            # a name is looked up in the year of its cell (Ålesund 2019 is not Ålesund 2024)
            if matcher is not None:
                code = matcher.code(text, y, r[fylke_col].strip() if fylke_col is not None else "")
                if code is None:
                    continue
            # a column headed by its year only ("2022", "2023"): one series over the years, named
            # after the file
            label = (
                indicator
                or (YEAR_RE.sub("", header[j]).strip(" -_") if m else header[j])
                or _stem(name)
            )
            records.append(
                (code, y, label, parsed[0], parsed[1], tuple(r[k].strip() for k in other_cols))
            )
    if bad_cells:
        ex = "; ".join(
            f"linje {i + 2 + len(titles)}, kolonne «{c}»: «{v[:20]}»" for i, c, v in bad_cells[:5]
        )
        raise ImportProblem("imp.tekst_i_tall", n=len(bad_cells), eksempler=ex)
    if matcher is not None:
        notes += matcher.notes()
    if not records:
        if matcher is not None and matcher.ambiguous:
            return ImportResult(
                pd.DataFrame(columns=["kommunenummer", "year", "indicator", "value", "status"]),
                notes,
                header[rj],
                [header[j] for j in value_cols],
                list(header),
                sheets,
                sheet,
                True,
                matcher.ambiguous,
            )
        raise ImportProblem("imp.ingen_kommuner")
    if skipped:
        uniq = list(dict.fromkeys(skipped))
        notes.append(
            Message(
                "imp.note.utelatt",
                {
                    "n": len(skipped),
                    "eksempler": ", ".join(uniq[:6]) + (" …" if len(uniq) > 6 else ""),
                },
            )
        )
    df = pd.DataFrame(
        records, columns=["kommunenummer", "year", "indicator", "value", "status", "other"]
    )
    if df["year"].isna().any():
        raise ImportProblem("imp.mangler_aar")
    df["year"] = df["year"].astype(int)
    repeated = df.duplicated(["kommunenummer", "year", "indicator"]).any()
    if other_cols and not repeated:  # e.g. a name column: one row per kommune, nothing to sum
        notes.append(
            Message(
                "imp.note.ubrukt", {"kolonner": ", ".join(f"«{header[k]}»" for k in other_cols)}
            )
        )
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
            raise ImportProblem(
                "imp.dublett",
                n=int(dup.sum()),
                eksempler=", ".join(f"{k} {y}" for k, y in ex.itertuples(index=False)),
            )
    if df["value"].isna().all():
        raise ImportProblem("imp.alle_mangler")
    years = sorted(df["year"].unique())
    notes.append(
        Message(
            "imp.note.oppsummering",
            {
                "kommuner": df["kommunenummer"].nunique(),
                "aar": ", ".join(map(str, years)),
                "n": len(df["indicator"].unique()),
            },
        )
    )
    return ImportResult(
        df[["kommunenummer", "year", "indicator", "value", "status"]].reset_index(drop=True),
        notes,
        header[rj],
        [header[j] for j in value_cols],
        list(header),
        sheets,
        sheet,
        by_name,
        matcher.ambiguous if matcher else {},
    )


def _stem(name: str) -> str:
    stem = re.sub(r"\.(csv|txt|xlsx|xlsm)$", "", str(name).rsplit("/", 1)[-1], flags=re.I).strip()
    return stem[:60] or "Verdi"


def check_codes(result: ImportResult, codes_by_year: dict[int, set[str]]) -> list[Message]:
    """Notes about kommunenummer that were not valid in their year (not dropped: the caller
    decides)."""
    notes = []
    # an empty cell for a number not in use that year (a wide table over a reform) is no unknown
    # kommune
    filled = result.data[result.data["value"].notna() | ~result.data["status"].isin(["", ".."])]
    for year, part in filled.groupby("year"):
        valid = codes_by_year.get(int(year))
        if valid is None:
            continue
        unknown = sorted(set(part["kommunenummer"]) - valid)
        if unknown:
            notes.append(
                Message(
                    "imp.note.ukjente_nummer",
                    {
                        "n": len(unknown),
                        "aar": int(year),
                        "liste": ", ".join(unknown[:8]) + (" …" if len(unknown) > 8 else ""),
                    },
                )
            )
    return notes
