"""Shared fixtures: tiny hand-made frames for unit tests; the real dataset (mirror) for data
tests."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from kommunekart.sources.catalogue import load_catalogue


def pytest_collection_modifyitems(config, items):
    """Markers a quick run can leave out: ``browser`` (tests/browser: Chromium and a live server)
    and ``mirror`` (reads ../shared/data: every test using ``real_dataset``, and those marked)."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.mirror)  # the server builds its dataset from the mirror
        if "real_dataset" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.mirror)


@pytest.fixture(scope="session", autouse=True)
def error_details_on():
    """Streamlit's error details on in this process (the app's config turns them off for visitors):
    a fault the app catches (app.py) is raised on, so AppTest's at.exception sees it. The browser
    tests' server runs as deployed."""
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")
    yield


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture
def tiny_changes():
    """2018: 0001 + 0002 merge into 1001 (2020); 0003 renumbered to 1003; 1001 splits into 2001/2002
    (2024)."""
    rows = [
        ("2020-01-01", "0001", "A", "1001", "AB"),
        ("2020-01-01", "0002", "B", "1001", "AB"),
        ("2020-01-01", "0003", "C", "1003", "C"),
        ("2024-01-01", "1001", "AB", "2001", "A2"),
        ("2024-01-01", "1001", "AB", "2002", "B2"),
        ("2024-01-01", "1003", "C", "1003", "C - Čé"),
    ]
    df = pd.DataFrame(rows, columns=["changeOccurred", "oldCode", "oldName", "newCode", "newName"])
    df["changeOccurred"] = pd.to_datetime(df["changeOccurred"])
    return df


@pytest.fixture
def tiny_kommuner():
    def gdf(codes, names):
        return gpd.GeoDataFrame(
            {
                "kommunenummer": codes,
                "name": names,
                "fylkenummer": ["01"] * len(codes),
                "fylke_name": ["Testfylke"] * len(codes),
            },
            geometry=[box(i, 60, i + 1, 61) for i in range(len(codes))],
            crs=4326,
        )

    return {
        2018: gdf(["0001", "0002", "0003"], ["A", "B", "C"]),
        2024: gdf(["2001", "2002", "1003"], ["A2", "B2", "C - Čé"]),
    }


@pytest.fixture(scope="session")
def real_dataset():
    """The default dataset from the local mirror (../shared/data or $KOMMUNEKART_MIRROR)."""
    from kommunekart.pipeline import build

    return build.load_or_build()


@pytest.fixture(scope="session")
def small_dataset():
    """tests/fixtures/small as a Dataset (no mirror needed): see tests/small.py."""
    from tests.small import small_dataset as build

    return build()
