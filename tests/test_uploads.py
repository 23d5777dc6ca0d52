"""A session cannot fill the server's memory with uploads: Streamlit's in-memory upload store (as
the server runs it, serve.mend_streamlit) keeps a session's newest files within the caps."""

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from kommunekart.web import uploads


def rec(i: int, mb: float) -> UploadedFileRec:
    return UploadedFileRec(
        file_id=f"f{i}", name=f"{i}.csv", type="text/csv", data=b"x" * int(mb * 1024 * 1024)
    )


def test_a_flood_of_uploads_to_one_session_holds_only_its_newest_files():
    uploads.cap_uploads()
    uploads.cap_uploads()  # once is enough: a second call does not wrap it twice
    mgr = MemoryUploadedFileManager("/_stcore/upload_file")
    for i in range(30):
        mgr.add_file("flood", rec(i, 1))
    mgr.add_file("other", rec(0, 1))
    # the newest two: what the page can show
    assert list(mgr.file_storage["flood"]) == [
        "f28",
        "f29",
    ]
    assert [f.file_id for f in mgr.get_files("flood", ["f29"])] == ["f29"]
    assert list(mgr.file_storage["other"]) == ["f0"]  # another visitor keeps theirs
    # Streamlit's own counters agree
    assert mgr._total_bytes == 3 * 1024 * 1024 and mgr._file_count == 3


def test_the_size_cap_releases_older_files_but_never_the_newest():
    storage = {f"f{i}": rec(i, 15) for i in range(3)}
    assert uploads.release_older(storage, max_files=5, max_bytes=40 * 1024 * 1024) == ["f0"]
    assert list(storage) == ["f1", "f2"]
    big = {"f9": rec(9, 50)}
    assert uploads.release_older(big, max_bytes=40 * 1024 * 1024) == [] and list(big) == ["f9"]
