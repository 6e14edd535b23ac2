"""Safe extraction of uploaded, zipped regions (koki_climate.region.upload)."""
from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from koki_climate.errors import InputError, KokiError, ReadOnlyError
from koki_climate.region import open_region
from koki_climate.region.upload import extract_region_zip, remove_extracted

MANIFEST = b'format_version = 1\n[region]\nname = "X"\ncrs = "EPSG:25832"\n'


def zip_folder(folder: Path, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".koki-cache" not in path.parts:
                archive.write(path, prefix + str(path.relative_to(folder)))
    return buffer.getvalue()


def zip_entries(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def planner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOKI_MODE", "planner")


@pytest.fixture(scope="module")
def region_zip(small_region_dir: Path) -> bytes:
    return zip_folder(small_region_dir, prefix="musterstadt-small/")


def leftovers(target: Path) -> list[Path]:
    return list(target.rglob("*")) if target.exists() else []


def test_valid_zip_extracts_and_opens(region_zip: bytes, small_region_dir: Path, tmp_path: Path) -> None:
    folder = extract_region_zip(region_zip, tmp_path / "uploads", max_bytes=500_000_000)
    assert (folder / "region.toml").exists()
    assert folder.name == "musterstadt-small" and folder.is_relative_to(tmp_path / "uploads")
    region = open_region(folder)
    assert region.name == open_region(small_region_dir).name
    assert region.shape == (240, 240)
    # a file object (what st.file_uploader gives) works too, into a fresh folder
    again = extract_region_zip(io.BytesIO(region_zip), tmp_path / "uploads", max_bytes=500_000_000)
    assert again != folder and (again / "region.toml").exists()
    remove_extracted(again, tmp_path / "uploads")
    assert not again.exists() and folder.exists()


def test_region_at_zip_root(small_region_dir: Path, tmp_path: Path) -> None:
    folder = extract_region_zip(zip_folder(small_region_dir), tmp_path, max_bytes=500_000_000)
    assert (folder / "region.toml").exists() and folder.parent == tmp_path


@pytest.mark.parametrize("name", ["../evil.txt", "region/../../evil.txt", "/etc/evil.txt", "C:/evil.txt",
                                  "..\\evil.txt"])
def test_path_traversal_refused(name: str, tmp_path: Path) -> None:
    data = zip_entries({"region/region.toml": MANIFEST, name: b"owned"})
    target = tmp_path / "uploads"
    with pytest.raises(InputError, match="not allowed"):
        extract_region_zip(data, target, max_bytes=10_000)
    assert leftovers(target) == []
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("region/region.toml", MANIFEST)
        link = zipfile.ZipInfo("region/link")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        extract_region_zip(buffer.getvalue(), tmp_path / "uploads", max_bytes=10_000)
    assert leftovers(tmp_path / "uploads") == []


def test_oversize_refused(region_zip: bytes, tmp_path: Path) -> None:
    target = tmp_path / "uploads"
    with pytest.raises(InputError, match="larger than the limit"):
        extract_region_zip(region_zip, target, max_bytes=100_000)
    assert leftovers(target) == []


def test_too_many_files_refused(tmp_path: Path) -> None:
    data = zip_entries({"region.toml": MANIFEST, **{f"f{i}.csv": b"x" for i in range(20)}})
    with pytest.raises(InputError, match="entries"):
        extract_region_zip(data, tmp_path, max_bytes=10_000, max_files=10)


def _lying_zip(real_size: int, declared: int) -> bytes:
    """A zip whose central directory under-declares a highly compressible member (a zip bomb)."""
    data = zip_entries({"region/region.toml": MANIFEST, "region/bomb.bin": b"\0" * real_size})
    raw = bytearray(data)
    # patch the uncompressed size in the local header and the central directory entry of bomb.bin
    name = b"region/bomb.bin"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            header_len = 30 if signature == b"PK\x03\x04" else 46
            if raw[start + header_len:start + header_len + len(name)] == name:
                raw[start + offset:start + offset + 4] = declared.to_bytes(4, "little")
            start += 4
    return bytes(raw)


def test_zip_bomb_refused_by_declared_size(tmp_path: Path) -> None:
    data = zip_entries({"region/region.toml": MANIFEST, "region/bomb.bin": b"\0" * 5_000_000})
    assert len(data) < 20_000  # tiny upload, huge content
    target = tmp_path / "uploads"
    with pytest.raises(InputError, match="larger than the limit"):
        extract_region_zip(data, target, max_bytes=1_000_000)
    assert leftovers(target) == []  # refused before anything was written


def test_zip_bomb_with_false_sizes_stopped_while_extracting(tmp_path: Path) -> None:
    """Declared sizes pass the check, but the bytes actually unpacked are counted and bounded."""
    data = _lying_zip(real_size=5_000_000, declared=1_000)
    info = {i.filename: i for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert info["region/bomb.bin"].file_size == 1_000  # the lie passes the declared-size check
    target = tmp_path / "uploads"
    with pytest.raises(InputError, match="declared|limit|unpacked"):
        extract_region_zip(data, target, max_bytes=2_000_000)
    assert leftovers(target) == []


def test_no_manifest_refused(tmp_path: Path) -> None:
    data = zip_entries({"region/terrain.nc": b"CDF\x01", "region/readme.txt": b"hello"})
    with pytest.raises(InputError, match="region.toml"):
        extract_region_zip(data, tmp_path / "uploads", max_bytes=10_000)
    assert leftovers(tmp_path / "uploads") == []


def test_not_a_zip_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable zip"):
        extract_region_zip(b"this is not a zip file", tmp_path / "uploads", max_bytes=10_000)
    assert leftovers(tmp_path / "uploads") == []


def test_manifest_pointing_outside_refused(tmp_path: Path) -> None:
    manifest = MANIFEST + (b'[layers.elevation]\nfile = "../../../outside.nc"\n[layers.landuse]\nfile = "a.nc"\n'
                           b'[layers.impervious]\nfile = "a.nc"\n[layers.flood_events]\nfile = "a.nc"\n'
                           b'[layers.groundwater_depth]\nfile = "a.nc"\n[layers.river]\nfile = "a.nc"\n')
    data = zip_entries({"region/region.toml": manifest, "region/a.nc": b"x"})
    target = tmp_path / "uploads"
    try:
        extract_region_zip(data, target, max_bytes=10_000)
    except InputError as exc:
        assert "outside" in str(exc)
        assert leftovers(target) == []
    else:  # the manifest was not parseable as a region at all: then nothing outside is named
        pytest.fail("a manifest naming files outside the upload must be refused")


def test_public_mode_raises_read_only(region_zip: bytes, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOKI_MODE", "public")
    target = tmp_path / "uploads"
    with pytest.raises(ReadOnlyError):
        extract_region_zip(region_zip, target, max_bytes=500_000_000)
    assert not target.exists()
    assert issubclass(ReadOnlyError, KokiError)
