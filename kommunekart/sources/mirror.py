"""Where the project's input files come from: local mirror first, then cache, then public URL +
sha256.

The sources files (``geo/sources.yaml``, ``data/sources.yaml``) name each file's mirror path, public
URL and sha256. Nothing here is Streamlit-specific; a missing or corrupt file raises
``DataSourceError`` whose message (Norwegian) says what is missing and how to fix it.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kommunekart.base.errors import Message, Problem
from kommunekart.base.files import ROOT, read_yaml

MIRROR_ENV = "KOMMUNEKART_MIRROR"
OFFLINE_ENV = "KOMMUNEKART_OFFLINE"  # "1": never download (tests, air-gapped servers)
DEFAULT_MIRROR = ROOT.parent / "shared" / "data"
SOURCE_FILES = {"geo": ROOT / "geo" / "sources.yaml", "data": ROOT / "data" / "sources.yaml"}
DOWNLOAD_TIMEOUT_S = 30


class DataSourceError(Problem):
    """A source file could not be found, downloaded or verified (a code; text by
    strings.message)."""


@dataclass(frozen=True)
class Source:
    key: str
    mirror: str
    url: str | None
    sha256: str
    cache_dir: Path

    @property
    def cache_path(self) -> Path:
        return self.cache_dir / Path(self.mirror).name.replace("/", "_")


def mirror_root() -> Path:
    return Path(os.environ.get(MIRROR_ENV, str(DEFAULT_MIRROR))).expanduser()


def load_sources(kind: str, path: Path | None = None) -> dict[str, Source]:
    path = path or SOURCE_FILES[kind]
    spec = read_yaml(path)
    cache_dir = path.parent / "cache"
    return {
        key: Source(
            key=key, mirror=v["mirror"], url=v.get("url"), sha256=v["sha256"], cache_dir=cache_dir
        )
        for key, v in spec["files"].items()
    }


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _verify(path: Path, source: Source) -> Path:
    actual = sha256_of(path)
    if actual != source.sha256:
        raise DataSourceError(
            "feil.data.sjekksum",
            fil=str(path),
            faktisk=actual[:12] + "…",
            ventet=source.sha256[:12] + "…",
        )
    return path


def _download(source: Source, opener=urllib.request.urlopen) -> Path:
    source.cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = source.cache_path.with_suffix(".part")
    with opener(source.url, timeout=DOWNLOAD_TIMEOUT_S) as resp, open(tmp, "wb") as out:
        while block := resp.read(1 << 20):
            out.write(block)
    try:
        _verify(tmp, source)
    except DataSourceError:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(source.cache_path)
    return source.cache_path


def resolve(source: Source, mirror: Path | None = None, opener=urllib.request.urlopen) -> Path:
    """Return a verified local path for ``source`` (mirror, cache, or a fresh download)."""
    mirror = mirror if mirror is not None else mirror_root()
    tried = []
    local = mirror / source.mirror
    if local.is_file():
        return _verify(local, source)
    tried.append(str(local))
    if source.cache_path.is_file():
        return _verify(source.cache_path, source)
    tried.append(str(source.cache_path))
    problem = Message("feil.data.ingen_url")
    if source.url and os.environ.get(OFFLINE_ENV) == "1":
        problem = Message("feil.data.offline", {"env": OFFLINE_ENV})
    elif source.url:
        try:
            return _download(source, opener=opener)
        except DataSourceError:
            raise
        except (urllib.error.URLError, OSError, TimeoutError, ValueError) as err:
            problem = Message(
                "feil.data.nett", {"url": source.url, "feil": str(getattr(err, "reason", err))}
            )
    raise DataSourceError(
        "feil.data.mangler",
        fil=Path(source.mirror).name,
        hva=source.key,
        steder=", ".join(tried),
        problem=problem,
        env=MIRROR_ENV,
        standard=str(DEFAULT_MIRROR),
        url=source.url or "–",
    )


def path_of(kind: str, key: str) -> Path:
    """Convenience: resolve the source ``key`` of the sources file ``kind`` ('geo' or 'data')."""
    return resolve(load_sources(kind)[key])
