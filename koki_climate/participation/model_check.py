"""Residents' knowledge against the model: where people saw water and the zones did not expect it.

A "water seen" comment (``water_seen``) carries the zone class at its point when it was
posted, on the version it comments. Zones 2 and 3 ("auflagen", "freihalten") are the areas the
model finds flooded in a design event; a report of water *outside* them is a place the model
may have missed, worth a planner's look (and, when confirmed, an observed flood point for the
next training). A report without a zone (posted where the version has no zone class, e.g.
outside the grid) says nothing about the model and is counted apart.

Hidden comments are left out by default: a planner hid them as not a contribution.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from koki_climate.participation.comments import WATER_SEEN, Comment
from koki_climate.zoning.rules import AUFLAGEN, FREIHALTEN, ZONE_CLASSES

#: zone classes 2 and 3: flooded in a design event according to the model
FLOOD_ZONES: tuple[str, ...] = (ZONE_CLASSES[AUFLAGEN], ZONE_CLASSES[FREIHALTEN])
#: zone classes 0 and 1: not flooded in a design event according to the model
DRY_ZONES: tuple[str, ...] = tuple(name for name in ZONE_CLASSES.values() if name not in FLOOD_ZONES)


def water_reports(comments: Sequence[Comment], *, include_hidden: bool = False) -> list[Comment]:
    """The reports of water seen (without the hidden ones unless asked)."""
    return [c for c in comments if c.category == WATER_SEEN and (include_hidden or c.status != "hidden")]


def possible_misses(comments: Sequence[Comment], *, include_hidden: bool = False) -> list[Comment]:
    """Reports of water at a point the model zoned outside zones 2/3: the planner's list of possible model errors.

    Reports without a known zone class are not in it (the model made no statement there); the
    order is the input's.
    """
    return [c for c in water_reports(comments, include_hidden=include_hidden) if c.zone in DRY_ZONES]


@dataclass(frozen=True)
class WaterReportSummary:
    """How many water reports fall inside and outside the flood zones (see :func:`water_reports_summary`)."""

    total: int
    inside: int        # in zone 2 or 3 when posted
    outside: int       # in zone 0 or 1: the possible misses
    unknown: int       # no (known) zone class at the point
    confirmed: int     # confirmed by a planner as observed floods (inside, outside or unknown)

    @property
    def share_inside(self) -> float | None:
        """Share of the reports with a zone that lie in zones 2/3 (None when there is none)."""
        known = self.inside + self.outside
        return self.inside / known if known else None


def water_reports_summary(comments: Sequence[Comment], *, include_hidden: bool = False) -> WaterReportSummary:
    """Counts of water reports inside vs outside zones 2/3: a plain check figure of the model against residents.

    Not a validation score: the reports are self-selected (people write where water bothered
    them, near where they live, when they heard of the participation), they are not a sample of
    the region, and a design event is not any past rain. A high share inside says the zones
    agree with what people remember; a report outside is a place to look at, not a proven error.
    """
    reports = water_reports(comments, include_hidden=include_hidden)
    inside = sum(c.zone in FLOOD_ZONES for c in reports)
    outside = sum(c.zone in DRY_ZONES for c in reports)
    return WaterReportSummary(total=len(reports), inside=inside, outside=outside,
                              unknown=len(reports) - inside - outside, confirmed=sum(c.observed for c in reports))


__all__ = ["DRY_ZONES", "FLOOD_ZONES", "WaterReportSummary", "possible_misses", "water_reports",
           "water_reports_summary"]
