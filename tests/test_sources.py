import hashlib
import io
import urllib.error

import pytest

from kommunekart.base.strings import message
from kommunekart.sources import mirror
from kommunekart.sources.mirror import DataSourceError, Source


def make_source(tmp_path, content=b"hello", url="https://example.invalid/f.geojson"):
    return Source(
        "kommune_2024",
        "geo/f.geojson",
        url,
        hashlib.sha256(content).hexdigest(),
        tmp_path / "cache",
    )


@pytest.fixture
def online(monkeypatch):
    """Downloads allowed whatever the shell says (KOMMUNEKART_OFFLINE=1 in an air-gapped run): these
    tests give resolve() a fake network of their own."""
    monkeypatch.delenv(mirror.OFFLINE_ENV, raising=False)


def test_offline_mode_refuses_the_download_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(mirror.OFFLINE_ENV, "1")
    src = Source(
        "kommune_2024",
        "geo/f.geojson",
        "https://example.invalid/f.geojson",
        "0" * 64,
        tmp_path / "cache",
    )

    def no_call(*a, **k):
        raise AssertionError("offline mode must not open the network")

    with pytest.raises(DataSourceError) as err:
        mirror.resolve(src, mirror=tmp_path / "none", opener=no_call)
    assert err.value.params["problem"].code == "feil.data.offline"


def test_mirror_file_is_used_first(tmp_path):
    src = make_source(tmp_path)
    (tmp_path / "mirror" / "geo").mkdir(parents=True)
    (tmp_path / "mirror" / "geo" / "f.geojson").write_bytes(b"hello")
    assert (
        mirror.resolve(src, mirror=tmp_path / "mirror") == tmp_path / "mirror" / "geo" / "f.geojson"
    )


def test_bad_checksum_is_reported_not_used(tmp_path):
    src = make_source(tmp_path)
    (tmp_path / "m" / "geo").mkdir(parents=True)
    (tmp_path / "m" / "geo" / "f.geojson").write_bytes(b"tampered")
    with pytest.raises(DataSourceError) as err:
        mirror.resolve(src, mirror=tmp_path / "m")
    assert err.value.code == "feil.data.sjekksum" and "feil sjekksum" in message(err.value)


def test_download_is_verified_and_cached(tmp_path, online):
    src = make_source(tmp_path)
    calls = []

    def opener(url, timeout):
        calls.append(url)
        return io.BytesIO(b"hello")

    path = mirror.resolve(src, mirror=tmp_path / "none", opener=opener)
    assert path.read_bytes() == b"hello" and path.parent == tmp_path / "cache"
    assert mirror.resolve(src, mirror=tmp_path / "none", opener=opener) == path
    assert len(calls) == 1  # second time from the cache


def test_corrupt_download_is_discarded(tmp_path, online):
    src = make_source(tmp_path)
    with pytest.raises(DataSourceError) as err:
        mirror.resolve(
            src, mirror=tmp_path / "none", opener=lambda url, timeout: io.BytesIO(b"evil")
        )
    assert err.value.code == "feil.data.sjekksum"
    assert not any((tmp_path / "cache").iterdir())


def test_no_network_says_what_is_missing_and_how_to_fix(tmp_path, online):
    src = make_source(tmp_path)

    def offline(url, timeout):
        raise urllib.error.URLError("Name or service not known")

    with pytest.raises(DataSourceError) as err:
        mirror.resolve(src, mirror=tmp_path / "none", opener=offline)
    msg = message(err.value)
    assert err.value.params["fil"] == "f.geojson" and "Name or service not known" in msg
    assert (
        "f.geojson" in msg
        and mirror.MIRROR_ENV in msg
        and "https://example.invalid/f.geojson" in msg
    )


def test_file_without_url_must_come_from_mirror(tmp_path):
    src = make_source(tmp_path, url=None)
    with pytest.raises(DataSourceError) as err:
        mirror.resolve(src, mirror=tmp_path / "none")
    assert err.value.params[
        "problem"
    ].code == "feil.data.ingen_url" and "lokale speilet" in message(err.value)


def test_sources_files_name_url_and_sha256_for_every_year():
    geo = mirror.load_sources("geo")
    for year in (2018, 2020, 2022, 2024):
        for kind in ("kommune", "fylke"):
            s = geo[f"{kind}_{year}"]
            assert s.url.startswith("https://") and len(s.sha256) == 64
