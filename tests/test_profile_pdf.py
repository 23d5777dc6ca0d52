"""The profile's PDF (two A4 pages at most): its text holds the kommune's name, its values, the
sources, the demonstration label and the citation (read back with pypdf, as a reader's search or
screen reader would)."""

import io

import pypdf

from kommunekart.analysis import profile
from kommunekart.base.fmt import format_value
from kommunekart.render.profile_pdf import profile_pdf


def test_the_profile_pdf_reads_back_with_name_values_sources_and_citation(small_dataset):
    ds = small_dataset
    code, year = "9120", 2024
    rows = profile.indicator_rows(ds, code, year)
    tr = profile.trend(ds, code, year, "egne_ansatte")
    cite = "Kilde. «Kommuneprofil: Alfabeta». Kommunekart, data fra 2026-12-03. /kommuneprofil?x=1"
    pdf = profile_pdf(
        "Alfabeta",
        code,
        year,
        "Kommunenummer 9120 · Nordfylke",
        "Alfabeta ligger over medianen.",
        rows,
        ds.catalogue,
        tr,
        ds.catalogue["egne_ansatte"],
        cite,
        "5 000–19 999 innbyggere",
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:  # A4 portrait, in points
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595) < 2 and abs(h - 842) < 2
    text = " ".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "Kommuneprofil: Alfabeta (9120), 2024" in flat
    for _, r in rows.iterrows():  # every value as the page shows it
        ind = ds.catalogue[r["indicator"]]
        assert ind.name[:30] in flat
        assert format_value(r["value"], ind, r["status"]).replace("\u00a0", " ") in flat.replace(
            "\u00a0", " "
        )
    assert "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in flat  # egne_ansatte is demo
    assert "Kommunekart, data fra 2026-12-03" in flat
    for page in reader.pages:  # a page torn off the meeting's handout still says what it is
        one = " ".join(page.extract_text().split())
        assert "Kommunekart · Kommuneprofil: Alfabeta (9120), 2024" in one
        assert "Demonstrasjonsdata (Kommunekart) – ikke SSBs tall" in one
