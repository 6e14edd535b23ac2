"""AppTest of the Daten page (planners only) and the public instance without any upload."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
PAGE = "pages/daten.py"
PUBLIC_PAGES = ("pages/karte.py", "pages/vergleich.py", "pages/grundwasser.py", "pages/modell.py")


def open_app() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    return at


def open_daten() -> AppTest:
    at = open_app()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".koki-cache" not in path.parts:
                archive.write(path, "region/" + str(path.relative_to(folder)))
    return buffer.getvalue()


def test_daten_valid_folder_report(app_env, small_region_dir: Path) -> None:
    app_env("planner")
    at = open_daten()
    assert len(at.file_uploader) == 1
    at.text_input(key="data_path").input(str(small_region_dir)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("gültig" in s.value for s in at.success)
    frames = [df.value for df in at.dataframe]
    layers = next(f for f in frames if "Rolle" in f.columns)
    assert {"elevation", "landuse", "flood_events"} <= set(layers["Rolle"])
    overview = next(f for f in frames if "Angabe" in f.columns)
    assert "240 × 240" in " ".join(map(str, overview["Wert"]))
    assert len(at.json) >= 1  # the JSON report, one click away


@pytest.mark.parametrize("kind", ["missing", "no_manifest", "broken_manifest"])
def test_daten_broken_path_plain_error(app_env, tmp_path: Path, kind: str) -> None:
    app_env("planner")
    target = tmp_path / "nowhere"
    if kind != "missing":
        target.mkdir()
    if kind == "broken_manifest":
        (target / "region.toml").write_text("format_version = 1\n[region\nname = ", encoding="utf-8")
    at = open_daten()
    at.text_input(key="data_path").input(str(target)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1 and not at.success
    message = at.error[0].value
    assert "Traceback" not in message
    if kind == "broken_manifest":
        assert "nicht in Ordnung" in message
        assert any("region.toml" in c.value and "TOML" in c.value for c in at.code)
    else:
        assert str(target) in message


def test_daten_upload_zip(app_env, small_region_dir: Path, trained_small) -> None:
    app_env("planner")
    at = open_daten()
    at.file_uploader(key="data_upload").upload("region.zip", zipped(small_region_dir), "application/zip").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("gültig" in s.value for s in at.success)
    uploads = trained_small[1] / "uploads"
    assert len(list(uploads.glob(".koki-tmp-*-region"))) == 1

    at.file_uploader(key="data_upload").upload("bad.zip", b"not a zip", "application/zip").run()
    assert not at.exception
    assert len(at.error) == 1 and "abgelehnt" in at.error[0].value
    assert list(uploads.glob(".koki-tmp-*-region")) == []  # the previous upload was removed, nothing half-written


def test_public_instance_has_no_daten_page_and_no_upload(app_env) -> None:
    app_env("public")
    at = open_app()
    assert not at.exception
    # the Daten page is not registered on the public instance at all
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
    assert len(at.file_uploader) == 0
    for page in PUBLIC_PAGES:
        if not (REPO / page).exists():
            continue
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert len(at.file_uploader) == 0, page
    # ... and the page itself, even when run directly, refuses to do anything
    direct = AppTest.from_file(str(REPO / PAGE), default_timeout=60)
    direct.run()
    assert not direct.exception
    assert len(direct.file_uploader) == 0 and len(direct.text_input) == 0
    assert len(direct.error) == 1
