"""Streamlit's own frontend files, precompressed, for nginx to send from disk (deploy/README.md,
«Streamlit's own files»). Run once per installed Streamlit, where nginx can read the folder:

    .venv/bin/python -m kommunekart.web.frontend_files /srv/kommunekart/frontend

Streamlit (1.67) serves its frontend (`/static/js`, `/static/css`, `/static/media`: ~2,1 MB of
script on a first visit) uncompressed and with `Cache-Control: public` and no lifetime, so a proxy
gzips it again for every visitor and a returning visitor asks for every file again. Every one of
these names carries a hash of its content (Vite's build), so a file never changes under its name.
This copies them into ``<folder>/static/`` and writes beside each compressible file a ``.gz``
(gzip, level 9) and, where the ``brotli`` package is installed, a ``.br``; nginx's
``gzip_static`` / ``brotli_static`` send those as they are and mark them immutable
(deploy/nginx/kommunekart.conf, ``location ^~ /static/``). A name nginx does not find there (a
replica of another Streamlit version) is asked of the replicas as before. The folder is written
under a temporary name and renamed into place when complete, so nginx never reads half of it.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import shutil
import sys
from pathlib import Path

COMPRESSIBLE = {".js", ".css", ".svg", ".json", ".txt", ".html", ".ttf"}
MIN_BYTES = 1024  # nginx's gzip_min_length: smaller files are sent as they are
MARKER = ".kommunekart-frontend"  # a folder this wrote: the only kind it replaces


class NotOurFolder(Exception):
    """The folder exists and is not a copy this module made: never replaced."""


def streamlit_static() -> Path:
    """The folder Streamlit serves at ``/static/`` (found without importing Streamlit)."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise RuntimeError("streamlit is not installed")
    return Path(spec.origin).parent / "static" / "static"


def _brotli():
    try:
        import brotli  # optional: pip install brotli

        return brotli
    except ImportError:
        return None


def write(folder: Path, source: Path | None = None) -> dict[str, int]:
    """Copy and precompress; returns counts and bytes (files, gz, br, bytes, gz_bytes, br_bytes)."""
    source = source or streamlit_static()
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise NotOurFolder(str(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = folder.parent / f".{folder.name}.{os.getpid()}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    brotli = _brotli()
    counts = dict.fromkeys(("files", "gz", "br", "bytes", "gz_bytes", "br_bytes"), 0)
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        target = work / "static" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        target.write_bytes(data)
        counts["files"] += 1
        counts["bytes"] += len(data)
        if path.suffix not in COMPRESSIBLE or len(data) < MIN_BYTES:
            continue
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        Path(f"{target}.gz").write_bytes(packed)
        counts["gz"] += 1
        counts["gz_bytes"] += len(packed)
        if brotli is not None:
            packed = brotli.compress(data, quality=11)
            Path(f"{target}.br").write_bytes(packed)
            counts["br"] += 1
            counts["br_bytes"] += len(packed)
    (work / MARKER).write_text(str(source) + "\n")
    old = folder.parent / f".{folder.name}.{os.getpid()}.old"
    if folder.exists():
        folder.rename(old)
    work.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return counts


def main(argv: list[str]) -> int:
    from kommunekart.base.fmt import number
    from kommunekart.base.strings import t

    if argv in (["-h"], ["--help"]):
        print(t("frontend.bruk"))
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        print(t("frontend.bruk"), file=sys.stderr)
        return 2
    try:
        c = write(Path(argv[0]))
    except NotOurFolder as err:
        print(t("frontend.ikke_var", mappe=str(err)), file=sys.stderr)
        return 2
    mb = {k: number(c[f"{k}bytes"] / 1e6, 1) for k in ("", "gz_", "br_")}
    br = t("frontend.br", br=c["br"], br_mb=mb["br_"]) if c["br"] else t("frontend.uten_br")
    print(
        t(
            "frontend.ferdig",
            filer=c["files"],
            mb=mb[""],
            mappe=argv[0],
            gz=c["gz"],
            gz_mb=mb["gz_"],
            br=br,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
