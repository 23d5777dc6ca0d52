"""The build step: the artefact holds the same dataset, a half-written one is never read, and a
user's indicator is an overlay with its own key (the shared dataset is not changed)."""

import pandas as pd
import pytest

from kommunekart.pipeline import build, userdata
from kommunekart.sources.catalogue import Indicator


def test_artefact_round_trips_the_dataset(real_dataset, tmp_path):
    folder = build.write_artifact(real_dataset, tmp_path)
    assert folder.name == real_dataset.key and (folder / "manifest.json").is_file()
    back = build.read_artifact(folder)
    assert back.key == real_dataset.key and back.years == real_dataset.years
    pd.testing.assert_frame_equal(back.values, real_dataset.values)
    pd.testing.assert_frame_equal(back.attrs, real_dataset.attrs, check_dtype=False)
    assert back.kommuner[2024].geometry.equals(real_dataset.kommuner[2024].geometry)
    assert dict(back.breaks) == dict(real_dataset.breaks)
    assert set(back.tables) == set(real_dataset.tables)
    pd.testing.assert_frame_equal(
        back.tables[("strategi", 2018)], real_dataset.tables[("strategi", 2018)], check_dtype=False
    )


def test_a_half_written_artefact_is_never_read(real_dataset, tmp_path, monkeypatch):
    monkeypatch.setenv(build.BUILD_ENV, str(tmp_path))
    key = build.build_key()
    (tmp_path / key).mkdir()
    (tmp_path / key / "values.parquet").write_bytes(b"half")  # no manifest: an interrupted write
    with pytest.raises(build.BrokenArtifact):
        build.read_artifact(tmp_path / key)
    assert not (tmp_path / key / "manifest.json").is_file()


@pytest.mark.parametrize("damage", ["truncate", "change", "remove"])
def test_a_damaged_artefact_is_built_again_not_shown_as_a_traceback(
    real_dataset, tmp_path, monkeypatch, damage
):
    monkeypatch.setenv(build.BUILD_ENV, str(tmp_path))
    monkeypatch.setattr(build, "build_key", lambda: real_dataset.key)
    folder = build.write_artifact(real_dataset, tmp_path)
    victim = folder / "values.parquet"
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    elif damage == "change":
        body = bytearray(victim.read_bytes())
        body[len(body) // 2] ^= 0xFF
        victim.write_bytes(bytes(body))
    else:
        victim.unlink()
    with pytest.raises(build.BrokenArtifact, match="values.parquet"):
        build.read_artifact(folder)
    built, steps = [], []
    monkeypatch.setattr(
        build, "build_dataset", lambda progress, key: built.append(key) or real_dataset
    )
    ds = build.load_or_build(steps.append)
    assert built == [real_dataset.key] and "bygg.skadet" in steps
    pd.testing.assert_frame_equal(ds.values, real_dataset.values)
    # the artefact written in its place is whole: the next start reads it and builds nothing
    assert build.read_artifact(folder).key == real_dataset.key
    assert not list(tmp_path.glob(".*broken*"))


def test_the_key_follows_the_inputs(monkeypatch, tmp_path):
    before = build.build_key()
    assert build.build_key() == before  # stable
    monkeypatch.setattr(build, "_INPUT_FILES", build._INPUT_FILES[:-1])
    assert build.build_key() != before


def test_a_users_indicator_is_an_overlay_with_its_own_key(real_dataset):
    ind = Indicator(
        id="egen_x",
        names={"nb": "X"},
        theme="egne",
        kind="count",
        unit_names="",
        higher_is_better=None,
        decimals=0,
        data="egen",
        definitions={"nb": "x"},
        source_names="meg",
    )
    values = pd.DataFrame(
        {"kommunenummer": ["0301", "1508"], "year": [2024, 2024], "value": [1.0, 2.0], "status": ""}
    )
    n_before = len(real_dataset.values)
    mine = userdata.with_user_indicator(real_dataset, ind, values)
    assert mine.key != real_dataset.key and mine.key.startswith(real_dataset.key)
    assert "egen_x" in mine.catalogue and "egen_x" not in real_dataset.catalogue
    assert len(real_dataset.values) == n_before and ("egen_x", 2024) not in real_dataset.tables
    tab = mine.tables[("egen_x", 2024)]
    assert len(tab) == 357 and tab.set_index("kommunenummer").at["1508", "value"] == 2.0
    with pytest.raises(TypeError):
        real_dataset.tables[("egen_x", 2024)] = tab  # read-only mapping


def test_asking_which_years_there_are_reads_no_geometry():
    """A server start asks which years have data (``year in ds.kommuner``); the boundaries are read
    only when a figure needs them (Mapping's own ``in`` read the frame: 0,27 s of every start,
    py-spy)."""
    from kommunekart.pipeline.dataset import LazyFrames

    def unread():
        raise AssertionError("the geometry was read")

    frames = LazyFrames({2020: unread, 2024: unread})
    assert (
        2024 in frames and 2019 not in frames and list(frames) == [2020, 2024] and len(frames) == 2
    )
