import io
import json

import pandas as pd

from kommunekart import export, mapview
from kommunekart.classify import classify


def table():
    return pd.DataFrame({
        "kommunenummer": ["0301", "1508"], "navn": ["=HYPERLINK(\"x\")", "<img src=x onerror=alert(1)>"],
        "fylkenavn": ["Oslo", "Møre og Romsdal"], "value": [1.0, float("nan")], "status": ["", ".."],
        "size_class": ["stor", "stor"], "population": [717710, 67000],
    })


def test_csv_is_excel_ready_labelled_and_formula_safe(catalogue):
    ind = catalogue["strategi"]
    raw = export.view_csv(table(), ind, 2024)
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(raw), sep=";", dtype=str, encoding="utf-8-sig")
    assert list(df["Kommunenummer"]) == ["0301", "1508"]
    assert df.loc[0, "Kommune"].startswith("'=")
    assert (df["Datatype"] == "Demonstrasjonsdata - ikke SSBs tall").all()
    assert "Kartverket" in df.loc[0, "Kilde"]
    assert df.loc[1, "Merknad"].startswith("Mangler data")


def test_tooltips_escape_text_from_data(catalogue):
    ind = catalogue["strategi"]
    tb = table()
    c = classify(tb["value"], kind="yesno")
    urls = {2024: {"kommune": "/k.json", "fylke": "/f.json"}}
    spec = mapview.view_spec(tb, c, ind, 2024, urls, "0301")
    tip = spec["tips"]["1508"]
    assert "<img" not in tip and "&lt;img src=x" in tip
    assert "Mangler data" in tip and "Kommunenr." in tip and "2024" in tip
    assert "Ja" in spec["tips"]["0301"]


def test_spec_json_cannot_close_the_script_tag():
    el = mapview._Draw({"tips": {"0301": "</script><script>alert(1)</script>"}})
    assert "</script>" not in el.spec_json
    assert json.loads(el.spec_json.replace("<\\/", "</"))["tips"]["0301"].startswith("</script>")
