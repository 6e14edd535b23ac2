"""Posting a comment on a published version: one path for the app's form and the HTTP API.

The server, not the visitor, decides what is stored beside the text: the version's content
hash (from the library), the region's CRS and the zone class of the published result at the
point, at posting time — so a planner later sees what the citizen saw, even after the model
or the data changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from koki_climate.engine import Engine
from koki_climate.grid import cell_at
from koki_climate.participation.comments import Comment, CommentRefused, CommentStore, NewComment
from koki_climate.results import Result
from koki_climate.store.library import ScenarioStore
from koki_climate.zoning import ZONE_CLASSES


class OutsideRegion(CommentRefused):
    """The point lies outside the region's grid."""

    def __init__(self, x: float, y: float) -> None:
        super().__init__("outside", f"the point ({x:.1f}, {y:.1f}) lies outside the region")


def zone_at(result: Result, x: float, y: float) -> str | None:
    """Zone class name at (x, y) in the region's CRS; None where the grid has no data.

    Raises :class:`OutsideRegion` for a point outside the grid.
    """
    cell = cell_at(result.risk, x, y)
    if cell is None:
        raise OutsideRegion(x, y)
    row, col = cell
    return ZONE_CLASSES.get(int(result.risk["zone"].isel(y=row, x=col).values))


@dataclass(frozen=True)
class Posting:
    """What a visitor sends; everything else is looked up by the server."""

    submission_id: str
    scenario_ref: str  # "Name@version" of a published version
    x: float
    y: float
    category: str
    text: str
    language: str = ""
    radius_m: float = 0.0


def parse_ref(ref: str) -> tuple[str, int]:
    """``"Name@3"`` -> ("Name", 3); :class:`CommentRefused` for anything else."""
    name, sep, number = str(ref).rpartition("@")
    if not sep or not name or not number.isdigit():
        raise CommentRefused("version", f"{ref!r} is not a scenario version (Name@number)")
    return name, int(number)


def post(posting: Posting, *, comments: CommentStore, library: ScenarioStore, engine: Engine,
         session_key: str | None = None) -> Comment:
    """Check the version is published, find the zone at the point, store the comment once."""
    name, number = parse_ref(posting.scenario_ref)
    published = {(v.name, v.version): v for v in library.published()}
    version = published.get((name, number))
    if version is None:
        raise CommentRefused("version", f"{posting.scenario_ref} is not a published scenario version")
    zone = zone_at(engine.evaluate(version.scenario), posting.x, posting.y)
    return comments.post(NewComment(
        submission_id=posting.submission_id, scenario_name=name, scenario_version=number, x=posting.x, y=posting.y,
        category=posting.category, text=posting.text, crs=engine.region.crs.to_string(), radius_m=posting.radius_m,
        language=posting.language, zone=zone), session_key=session_key)


__all__ = ["OutsideRegion", "Posting", "parse_ref", "post", "zone_at"]
