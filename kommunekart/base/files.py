"""Files that several processes share (replicas reading one folder, the CLI writing into it): a file
is written under a temporary name unique to the writer and renamed into place when complete, so a
reader sees either nothing or the whole file, never half of it (os.replace is atomic on one file
system)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

# the project folder (data/, geo/, static/ beside the package)
ROOT = Path(__file__).resolve().parents[2]


def temporary_name(target: Path) -> Path:
    """A hidden name beside ``target`` that no other writer uses and no reader's glob (*.yaml,
    *.json) matches."""
    return target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def write_atomic(target: Path, data: bytes | str) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(target)
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def read_yaml(path: Path):
    """A YAML file's content, parsed by libyaml where PyYAML has it (the pure-Python parser took
    ~0,1 s for one language catalogue, on the first visitor's page), with the same safe subset as
    yaml.safe_load."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # a safe loader
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
