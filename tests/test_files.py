"""Replicas share one folder for saved indicators (data/egne) and the build cache: the app reads it
(it may be mounted read-only), the CLI writes it, and a reader never sees half a file."""

import threading

import pandas as pd

from kommunekart.base import files
from kommunekart.pipeline import build, userdata
from kommunekart.sources.catalogue import Indicator


def test_a_reader_sees_a_whole_file_or_the_previous_one_never_half(tmp_path):
    target = tmp_path / "x.json"
    size = 2_000_000
    files.write_atomic(target, "a" * size)
    seen, stop = set(), threading.Event()

    def read():
        while not stop.is_set():
            text = target.read_text()
            seen.add((text[:1], len(text), text[:1] * len(text) == text))

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(40):
        files.write_atomic(target, ("b" if i % 2 else "a") * size)
    stop.set()
    reader.join()
    assert all(n == size and whole for _, n, whole in seen), seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]  # no temporary file left


def test_a_saved_indicator_appears_only_when_its_numbers_are_complete(tmp_path, monkeypatch):
    order = []
    real = files.write_atomic
    monkeypatch.setattr(
        files,
        "write_atomic",
        lambda target, data: (order.append(target.name), real(target, data))[1],
    )
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
        {"kommunenummer": ["0301"], "year": [2024], "value": [1.0], "status": [""]}
    )
    userdata.save_indicator(ind, values, tmp_path)
    # the app lists *.yaml: the numbers are there first
    assert order == [
        "egen_x.csv",
        "egen_x.yaml",
    ]
    ((saved, frame),) = userdata.load_saved(tmp_path)
    assert saved.id == "egen_x" and frame["value"].tolist() == [1.0]


def test_a_read_only_build_folder_does_not_stop_the_app(tmp_path, monkeypatch):
    class Built:
        key = "k"

    monkeypatch.setenv(build.BUILD_ENV, str(tmp_path))
    monkeypatch.setattr(build, "build_dataset", lambda progress, key: Built())

    def refuse(ds, folder=None):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(build, "write_artifact", refuse)
    assert isinstance(build.load_or_build(), Built)  # built in memory, used, not kept
