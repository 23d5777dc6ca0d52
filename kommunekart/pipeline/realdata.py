"""The two real indicators in the default catalogue, read from their own sources. Pure given inputs.

- ``bredband_100``: Nkom's 2013 coverage of 100 Mbit/s, imported with the same importer users get,
  the year 2013 drawn on the 2018 map (2019 numbers -> 2018 numbers; kommuner.SHOWN_ON_LATER_MAP)
  and carried to 2024 with SSB's KommSummer (the catalogue's ``measured`` says 2024 is the 2013
  measurement).
- ``digisos_tidlig``: NAV's Digisos early adopters (yes/no by 3 April 2020), on the 2020 map and
  carried to 2024 (a kommune formed from several is "ja" only if all its parts were on the list;
  both parts of a divided one are "ja" if it was).
"""

from __future__ import annotations

import pandas as pd

from kommunekart.lineage import reform
from kommunekart.lineage.kommuner import translate_code
from kommunekart.pipeline.dataset import VALUE_COLUMNS, check_codes


def broadband(
    raw: bytes,
    population: pd.DataFrame,
    changes: pd.DataFrame,
    kommsummer: pd.DataFrame,
    codes: dict[int, set],
) -> tuple[pd.DataFrame, dict]:
    """Rows of ``bredband_100`` for 2013 (on the 2018 map) and 2024, and the carry-over report. The
    file uses the numbers of 2019: carried to 2024 from those (weighted by the population of 2019 in
    2019's numbering)."""
    from kommunekart.readers import importer

    res = importer.read_table(raw, "hist_coverage.csv", region_column="knr", year=2019)
    own = res.data[res.data["indicator"] == "100S"].copy()
    own["value"] = own["value"] * 100  # share 0-1 -> per cent
    part = own.copy()
    part["kommunenummer"] = [
        k if k in codes[2018] else (translate_code(changes, k, 2019, 2018) or k)
        for k in part["kommunenummer"]
    ]
    check_codes(part.assign(year=2018), {2018: codes[2018]}, "bredbåndstallene")
    carried, report = reform.carry_to_2024(
        own, 2019, "weighted_mean", population, changes, kommsummer, codes[2024]
    )
    new = pd.concat([part.assign(year=2013), carried.assign(year=2024)], ignore_index=True)
    return new.assign(indicator="bredband_100")[VALUE_COLUMNS], report


def digisos(
    raw: pd.DataFrame,
    population: pd.DataFrame,
    changes: pd.DataFrame,
    kommsummer: pd.DataFrame,
    codes: dict[int, set],
    cutoff: str = "2020-04-03",
) -> tuple[pd.DataFrame, dict]:
    """Rows of ``digisos_tidlig`` for 2020 and 2024 (``raw``: NAV's list, read as text)."""
    raw = raw.assign(kommunenummer_2020=raw["kommunenummer_2020"].str.zfill(4))
    check_codes(
        raw.rename(columns={"kommunenummer_2020": "kommunenummer"}).assign(year=2020),
        {2020: codes[2020]},
        "Digisos-listen",
    )
    # on the list on the day (not «ever before it»: Sørreisa was added and removed on 2020-03-26;
    # only Sørreisa and Bergen ever left the list, PROVENANCE.md, so first and last dates say it
    # exactly)
    on_list = set(
        raw.loc[
            (raw["digisos_first_seen"] <= cutoff) & (raw["last_seen_in_list"] >= cutoff),
            "kommunenummer_2020",
        ]
    )
    part = pd.DataFrame({"kommunenummer": sorted(codes[2020])})
    part["value"] = part["kommunenummer"].isin(on_list).astype(float)
    part["status"] = ""
    carried, report = reform.carry_to_2024(
        part, 2020, "all", population, changes, kommsummer, codes[2024]
    )
    new = pd.concat([part.assign(year=2020), carried.assign(year=2024)], ignore_index=True)
    return new.assign(indicator="digisos_tidlig")[VALUE_COLUMNS], report
