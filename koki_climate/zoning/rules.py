"""Zone classes in planners' terms and the thresholds that define them.

The thresholds are policy, not physics: a planning office must be able to see and change
them, so they live in one small frozen value that is stored with every result.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

#: Class codes of the zone grid; a higher code is the stricter zone and wins where zones overlap.
KEINE, GRUNDWASSER, AUFLAGEN, FREIHALTEN = 0, 1, 2, 3
NODATA = 255  #: outside the region / where an input is missing

ZONE_CLASSES: dict[int, str] = {0: "keine", 1: "grundwasser", 2: "auflagen", 3: "freihalten"}
ZONE_CODES: dict[str, int] = {name: code for code, name in ZONE_CLASSES.items()}

#: Short labels for legends and tables.
ZONE_LABELS: dict[str, dict[int, str]] = {
    "de": {0: "Keine Einschränkung", 1: "Hohes Grundwasser", 2: "Bauen mit Auflagen", 3: "Freihalten"},
    "en": {0: "No restriction", 1: "High groundwater", 2: "Build with conditions", 3: "Keep free"},
}

#: One plain-language sentence per class, for council members and citizens.
ZONE_DESCRIPTIONS: dict[str, dict[int, str]] = {
    "de": {
        0: "Nach diesem Szenario keine besondere Gefährdung.",
        1: "Grundwasser steht voraussichtlich bis etwa 1 m unter Gelände an: Keller gefährdet.",
        2: "Bei einem extremen Regenereignis überflutet: nur hochwasserangepasst bauen.",
        3: "Bei einem 100-jährlichen Regenereignis (HQ100-ähnlich) überflutet: von neuer Bebauung freihalten.",
    },
    "en": {
        0: "No particular hazard under this scenario.",
        1: "Groundwater expected within about 1 m of the surface: basements at risk.",
        2: "Flooded in an extreme rain event: build only flood-adapted.",
        3: "Flooded in a 100-year rain event (HQ100-like): keep free of new buildings.",
    },
}

#: Planned uses that mean new building on a parcel (the words of ``planned_use``).
NEW_BUILDING_USES: tuple[str, ...] = ("planned_development",)


def zone_label(code: int, lang: str = "de") -> str:
    """Short label of a class code in ``lang`` (German if the language is unknown)."""
    return ZONE_LABELS.get(lang, ZONE_LABELS["de"]).get(int(code), "keine Daten" if lang == "de" else "no data")


@dataclass(frozen=True)
class ZoningRules:
    """Thresholds that turn probabilities and depths into zones.

    Defaults and why:

    - ``flood_threshold = 0.5``: a cell belongs to the HQ100-like flood area when its
      (calibrated) probability of inundation in that design event is at least one half,
      i.e. it is more likely flooded than not. Caution is expressed by the *policy*, not by
      editing this threshold: the precautionary policy uses the model's conformal threshold
      (:meth:`precautionary`), calibrated so that the zone contains a stated share of the
      held-out flooded area, so the two policies stay comparable.
    - ``extreme_threshold = 0.5``: the same rule for the extreme (HQextrem-like) event.
    - ``groundwater_depth_m = 1.0``: projected high groundwater within about 1 m of the
      surface wets basements and foundations (the issue's "about 1 m"); depth is positive
      downwards, so cells with depth <= 1.0 m are in the groundwater zone.
    - ``min_area_ha = 0.5``: the minimum mapping unit. At the land-use plan's usual scale of
      1:10 000, 0.5 ha is about 7 mm x 7 mm on paper, the smallest area a plan shows
      sensibly; smaller specks are removed and smaller holes filled. With grid cells larger
      than this area nothing is removed.
    - ``smoothing_cells = 1``: radius (cells) of a morphological closing that fills one-cell
      gaps and notches, which are noise at the grid's resolution. A closing only ever adds
      area, so smoothing never shrinks a flood zone; 0 switches it off.
    - ``conflict_share = 0.05``: a parcel planned for development is in conflict when more
      than 5 % of it lies in a flood zone (class 2 or 3). A few percent keeps edge cells
      that only graze a parcel (a raster artefact) from flagging it; anything more is worth
      a planner's look.
    """

    flood_threshold: float = 0.5
    extreme_threshold: float = 0.5
    groundwater_depth_m: float = 1.0
    min_area_ha: float = 0.5
    smoothing_cells: int = 1
    conflict_share: float = 0.05

    def __post_init__(self) -> None:
        for name in ("flood_threshold", "extreme_threshold", "conflict_share"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
                raise ValueError(f"ZoningRules.{name} must be between 0 and 1, got {value!r}")
        if not (isinstance(self.groundwater_depth_m, (int, float)) and math.isfinite(self.groundwater_depth_m)):
            raise ValueError(f"ZoningRules.groundwater_depth_m must be a number of metres, got {self.groundwater_depth_m!r}")
        if not (isinstance(self.min_area_ha, (int, float)) and 0.0 <= self.min_area_ha < math.inf):
            raise ValueError(f"ZoningRules.min_area_ha must be >= 0, got {self.min_area_ha!r}")
        if isinstance(self.smoothing_cells, bool) or not isinstance(self.smoothing_cells, int) or self.smoothing_cells < 0:
            raise ValueError(f"ZoningRules.smoothing_cells must be an integer >= 0, got {self.smoothing_cells!r}")

    def precautionary(self, thresholds: dict[str, float]) -> "ZoningRules":
        """The rules of the precautionary policy: the model's coverage thresholds where they are lower.

        ``thresholds`` are the conformal thresholds per design event (``hq100``, ``hqextrem``)
        from the model card: the zone p >= t contains the promised share of the flooded area.
        Taking the lower of both keeps every precautionary zone a superset of the expected one.
        """
        return replace(self, flood_threshold=min(self.flood_threshold, float(thresholds["hq100"])),
                       extreme_threshold=min(self.extreme_threshold, float(thresholds["hqextrem"])))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON, NetCDF attributes and the scenario's provenance."""
        return asdict(self)
