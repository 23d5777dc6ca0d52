"""Uploads held in the server's memory, bounded per session.

Streamlit keeps every file a session uploads in memory until the session ends (and a disconnected
session lingers): a script that sent thirty 19 MB files to one session had them all accepted, +561
MB. The data page shows one file at a time, so a session keeps its newest MAX_FILES uploads within
MAX_MB; an older one is released as a newer one arrives (a file replaced in the upload box is
deleted by the browser anyway). nginx limits how often one address may upload
(deploy/nginx/kommunekart.conf).
"""

from __future__ import annotations

import logging

MAX_FILES = 2  # the file shown, and the one replacing it while the browser's delete is on its way
MAX_MB = 42  # two files at the upload limit (20 MB) and their multipart overhead


def release_older(
    storage: dict, max_files: int = MAX_FILES, max_bytes: int = MAX_MB * 1024 * 1024
) -> list[str]:
    """Drop the oldest files of one session's storage (file_id -> record with .data, oldest first)
    until it holds at most ``max_files`` within ``max_bytes``; the newest is always kept. Returns
    the ids dropped."""
    dropped = []
    while len(storage) > 1 and (
        len(storage) > max_files or sum(len(r.data) for r in storage.values()) > max_bytes
    ):
        oldest = next(iter(storage))
        storage.pop(oldest)
        dropped.append(oldest)
    return dropped


def cap_uploads() -> None:
    """Wrap Streamlit's in-memory upload manager (1.67) so each add keeps the session within the
    caps."""
    try:
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    except ImportError:
        logging.getLogger("kommunekart").warning(
            "Fant ikke Streamlits opplastingslager; opplastinger er ikke begrenset per økt"
        )
        return
    if getattr(MemoryUploadedFileManager.add_file, "_kommunekart", False):
        return
    add = MemoryUploadedFileManager.add_file

    def add_file(self, session_id, file):
        add(self, session_id, file)
        with self._lock:
            storage = self.file_storage.get(session_id) or {}
            before = {fid: len(r.data) for fid, r in storage.items()}
            dropped = release_older(storage)
            for fid in dropped:  # the manager's own counters (its stats) follow
                self._total_bytes -= before[fid]
                self._file_count -= 1
        if dropped:
            logging.getLogger("kommunekart").info(
                "Økt %s: %d eldre opplasting(er) frigjort", session_id[:8], len(dropped)
            )

    add_file._kommunekart = True
    MemoryUploadedFileManager.add_file = add_file


def return_big_buffers() -> None:
    """Large buffers (uploads, their copies) from their own memory maps, given back to the system
    when freed. glibc serves them from its heap once one has been freed (its mmap threshold grows up
    to 32 MB), and a heap grown by thirty 19 MB uploads does not shrink: fixing the threshold at 1
    MB turns that off."""
    import ctypes

    m_mmap_threshold = -3  # <malloc.h>
    try:
        ctypes.CDLL("libc.so.6").mallopt(m_mmap_threshold, 1024 * 1024)
    except (OSError, AttributeError):  # not glibc: its own allocator's rules
        pass
