"""Zoning: flood-protection zone classes, their polygons and the zones per parcel.

Classes in planners' terms: 3 ``freihalten`` (HQ100-like flood area: keep free of new
building), 2 ``auflagen`` (extreme-event area: build only flood-adapted), 1 ``grundwasser``
(high groundwater within about 1 m: basements at risk), 0 ``keine``; 255 is no data.
"""
from __future__ import annotations

from koki_climate.zoning.classify import (
    zone_areas_ha,
    zone_classes,
)
from koki_climate.zoning.rules import (
    NEW_BUILDING_USES,
    NODATA,
    ZONE_CLASSES,
    ZONE_CODES,
    ZONE_DESCRIPTIONS,
    ZONE_LABELS,
    ZoningRules,
    zone_label,
)
from koki_climate.zoning.vectors import SHARE_COLUMNS, parcel_overlay, planning_grid, zone_polygons

__all__ = [
    "NEW_BUILDING_USES", "NODATA", "SHARE_COLUMNS", "ZONE_CLASSES", "ZONE_CODES", "ZONE_DESCRIPTIONS",
    "ZONE_LABELS", "ZoningRules", "parcel_overlay", "planning_grid",
    "zone_areas_ha", "zone_classes", "zone_label", "zone_polygons",
]
