"""The planner's side of participation: exports (CSV for Excel, GeoPackage for QGIS), the check
of water reports against the zones, and the digest of stored comments."""
from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import pytest

from koki_climate.participation.comment_digest import MIN_COMMENTS, UNKNOWN_ZONE, digest_comments
from koki_climate.participation.comments import Comment, CommentStore, NewComment
from koki_climate.participation.export import (
    COLUMNS, comments_csv_bytes, comments_frame, comments_gpkg_bytes, defuse_formula,
)
from koki_climate.participation.model_check import possible_misses, water_reports_summary
from koki_climate.scenario import Scenario
from koki_climate.store.library import ScenarioStore

CRS = "EPSG:25832"
WHEN = datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)


def _c(id: int, text: str = "Hier stand Wasser.", *, category: str = "water_seen", zone: str | None = "keine",
       status: str = "pending", x: float = 500_000.0, y: float = 5_700_000.0, crs: str = CRS,
       observed: bool = False) -> Comment:
    return Comment(id=id, submission_id=f"s{id}", created_at=WHEN, scenario_name="Entwurf", scenario_version=1,
                   scenario_hash="h" * 16, x=x, y=y, radius_m=20.0, crs=crs, category=category, text=text,
                   language="de", zone=zone, status=status, observed=observed)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM German Excel needs to read UTF-8 (umlauts)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


# --- exports --------------------------------------------------------------------------------------
def test_csv_has_exactly_the_comments_texts_with_umlauts_and_line_breaks():
    texts = ["Keller in der Mühlenstraße überflutet", "Zeile eins\r\nZeile zwei; mit \"Zitat\"", "Frage zur Aue"]
    rows = _csv_rows(comments_csv_bytes([_c(i + 1, text) for i, text in enumerate(texts)]))
    assert [r["text"] for r in rows] == texts  # quoted fields keep separators, quotes and line breaks
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert list(rows[0]) == [*COLUMNS, "x", "y", "crs"]
    assert rows[0]["created_at"] == "2024-05-01T12:30:00+00:00" and rows[0]["scenario"] == "Entwurf@1"
    assert rows[0]["x"] == "500000,0" and rows[0]["crs"] == CRS  # decimal comma for German Excel


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil\";\"klick\")", "+49 170 123", "-1+1", "@SUM(A1)",
                                  "\tTab", "\rWagenrücklauf"])
def test_formula_looking_text_gets_an_apostrophe_in_csv_but_not_in_geopackage(text, tmp_path):
    comments = [_c(1, text), _c(2, "harmlos = gleich")]
    rows = _csv_rows(comments_csv_bytes(comments))
    assert rows[0]["text"] == "'" + text  # a spreadsheet shows it as text, never runs it
    assert rows[1]["text"] == "harmlos = gleich"  # only the first character decides
    path = tmp_path / "c.gpkg"
    path.write_bytes(comments_gpkg_bytes(comments))
    assert list(gpd.read_file(path, layer="comments")["text"]) == [text, "harmlos = gleich"]


def test_formula_defusing_touches_only_strings():
    assert defuse_formula(-3.5) == -3.5 and defuse_formula(None) is None and defuse_formula("a=b") == "a=b"


def test_geopackage_reads_back_as_points_in_the_region_crs(tmp_path):
    comments = [_c(1, x=500_100.0, y=5_700_200.0), _c(2, "Einwand", category="objection", zone="auflagen",
                                                       x=501_000.0, y=5_701_000.0, status="approved")]
    path = tmp_path / "comments.gpkg"
    path.write_bytes(comments_gpkg_bytes(comments))
    frame = gpd.read_file(path, layer="comments")
    assert frame.crs.to_epsg() == 25832
    assert [(p.x, p.y) for p in frame.geometry] == [(500_100.0, 5_700_200.0), (501_000.0, 5_701_000.0)]
    assert list(frame["id"]) == [1, 2] and list(frame["zone"]) == ["keine", "auflagen"]
    assert list(frame["status"]) == ["pending", "approved"] and list(frame["observed_flood"]) == [False, False]
    assert set(COLUMNS) <= set(frame.columns)


def test_comments_in_another_crs_are_reprojected_into_one_layer():
    lon_lat = _c(2, x=9.0, y=51.0, crs="EPSG:4326")
    frame = comments_frame([_c(1), lon_lat, _c(3)])
    assert frame.crs.to_epsg() == 25832 and list(frame["id"]) == [1, 2, 3]  # the input's order
    back = frame.to_crs("EPSG:4326").geometry.iloc[1]
    assert back.x == pytest.approx(9.0, abs=1e-9) and back.y == pytest.approx(51.0, abs=1e-9)


def test_no_comments_give_valid_files_with_headers_and_an_empty_layer(tmp_path):
    rows = comments_csv_bytes([]).decode("utf-8-sig").splitlines()
    assert rows == [";".join([*COLUMNS, "x", "y", "crs"])]
    path = tmp_path / "empty.gpkg"
    path.write_bytes(comments_gpkg_bytes([], CRS))
    frame = gpd.read_file(path, layer="comments")
    assert len(frame) == 0 and frame.crs.to_epsg() == 25832 and set(COLUMNS) <= set(frame.columns)


def test_stored_comments_export_with_their_review_and_observation(tmp_path, monkeypatch):
    monkeypatch.setenv("KOKI_MODE", "planner")
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    library = ScenarioStore(url, read_only=False)
    library.save("Entwurf", Scenario("rcp85", "2071-2100"), author="p")
    library.publish("Entwurf", 1, actor="p")
    library.close()
    store = CommentStore(url, mode="planner")
    new = dict(scenario_name="Entwurf", scenario_version=1, crs=CRS, radius_m=10.0, language="de")
    water = store.post(NewComment(uuid.uuid4().hex, x=500_000.0, y=5_700_000.0, category="water_seen",
                                  text="Wasser im Keller", zone="keine", **new))
    store.post(NewComment(uuid.uuid4().hex, x=500_500.0, y=5_700_500.0, category="question", text="Warum?", **new))
    store.review(water.id, "approved", actor="Planung")
    store.confirm_observed(water.id, actor="Planung")
    rows = _csv_rows(comments_csv_bytes(store.comments()))
    store.close()
    assert [(r["text"], r["status"], r["observed_flood"]) for r in rows] == [
        ("Wasser im Keller", "approved", "True"), ("Warum?", "pending", "False")]
    assert rows[0]["scenario_hash"] == Scenario("rcp85", "2071-2100").hash


# --- residents vs the model --------------------------------------------------------------------
def test_possible_misses_are_water_reports_outside_zones_2_and_3():
    comments = [
        _c(1, zone="keine"),                          # water where the model saw none: a miss
        _c(2, zone="grundwasser"),                    # groundwater zone is not a flood zone: a miss
        _c(3, zone="auflagen"),                       # inside zone 2: agrees
        _c(4, zone="freihalten"),                     # inside zone 3: agrees
        _c(5, zone=None),                             # no zone at the point: no statement
        _c(6, category="objection", zone="keine"),    # not a water report
        _c(7, zone="keine", status="hidden"),         # hidden by the planner
        _c(8, zone="keine", observed=True),           # confirmed already: still a miss of the model
    ]
    assert [c.id for c in possible_misses(comments)] == [1, 2, 8]
    assert [c.id for c in possible_misses(comments, include_hidden=True)] == [1, 2, 7, 8]


def test_water_reports_summary_counts_inside_outside_and_unknown():
    comments = [_c(1, zone="keine"), _c(2, zone="auflagen"), _c(3, zone="freihalten"), _c(4, zone="freihalten"),
                _c(5, zone=None), _c(6, zone="keine", observed=True), _c(7, category="hint", zone="auflagen"),
                _c(8, zone="auflagen", status="hidden")]
    summary = water_reports_summary(comments)
    # water reports 1-6 (7 is a hint, 8 hidden): 2, 3, 4 inside; 1, 6 outside; 5 unknown
    assert (summary.total, summary.inside, summary.outside, summary.unknown, summary.confirmed) == (6, 3, 2, 1, 1)
    assert summary.share_inside == pytest.approx(3 / 5)  # of the reports with a zone
    assert water_reports_summary([_c(1, zone=None)]).share_inside is None


# --- digest -----------------------------------------------------------------------------------
BASEMENT = ["Nach dem Starkregen stand das Wasser im Keller", "Keller voll Wasser nach Starkregen im Juli",
            "Wasser im Keller, die Kanalisation lief über", "Starkregen: Keller und Garage unter Wasser",
            "Im Keller stand das Wasser knöcheltief nach dem Starkregen", "Wieder Wasser im Keller beim Starkregen"]
TREES = ["Bitte mehr Bäume an der Hauptstraße pflanzen", "Die Bäume im Park spenden Schatten, mehr Bäume bitte",
         "Schatten durch Bäume fehlt auf dem Marktplatz", "Mehr Bäume und Schatten für heiße Sommer",
         "Bäume pflanzen statt Parkplätze, für Schatten", "Der Park braucht mehr Bäume und Schatten"]


def test_digest_counts_each_theme_per_zone_and_category():
    comments = ([_c(i + 1, text, zone="auflagen" if i < 4 else None) for i, text in enumerate(BASEMENT)]
                + [_c(i + 101, text, category="hint", zone="keine") for i, text in enumerate(TREES)])
    result = digest_comments(comments, themes=2)
    assert result.problem is None and result.n_comments == 12
    by_comment = {int(a.id): a.theme for a in result.digest.assignments}
    basement = {by_comment[c.id] for c in comments[:6]}
    trees = {by_comment[c.id] for c in comments[6:]}
    assert len(basement) == 1 and len(trees) == 1 and basement != trees  # two clear themes, apart
    (b,), (t,) = basement, trees
    assert result.by_zone.loc[b, "auflagen"] == 4 and result.by_zone.loc[b, UNKNOWN_ZONE] == 2
    assert result.by_zone.loc[t, "keine"] == 6
    assert result.by_category.loc[b, "water_seen"] == 6 and result.by_category.loc[t, "hint"] == 6
    assert int(result.by_zone.to_numpy().sum()) == int(result.by_category.to_numpy().sum()) == 12
    representatives = {int(i) for theme in result.digest.themes for i in theme.representative_ids}
    assert representatives <= {c.id for c in comments}  # representatives are comment ids


def test_too_few_comments_give_a_reason_not_an_exception():
    result = digest_comments([_c(i) for i in range(1, MIN_COMMENTS)])
    assert result.digest is None and result.problem == "too_few" and result.n_comments == MIN_COMMENTS - 1


def test_comments_without_words_give_a_reason_not_an_exception():
    result = digest_comments([_c(i, "und die der") for i in range(1, MIN_COMMENTS + 1)])
    assert result.digest is None and result.problem == "no_words"
