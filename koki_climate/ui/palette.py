"""Colours of the maps (app and print): one place, so the screen and the handout agree.

Zone colours follow the sequence of the plan's key (none white, groundwater blue, build
with conditions orange, keep free red); changes use green (looser) and red (stricter).
"""
from __future__ import annotations

ZONE_COLOURS: dict[int, str] = {0: "#ffffff", 1: "#9ecae1", 2: "#fd8d3c", 3: "#d7301f"}
NODATA_COLOUR = "#d9d9d9"
CHANGE_COLOURS: dict[int, str] = {-1: "#1a9850", 0: "#ffffff", 1: "#d73027"}

#: themes of the participation digest (qualitative, colour-blind safe: Okabe & Ito), repeated beyond eight
THEME_COLOURS: tuple[str, ...] = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
                                  "#000000")

__all__ = ["CHANGE_COLOURS", "NODATA_COLOUR", "THEME_COLOURS", "ZONE_COLOURS"]
