"""Colours of the maps (app and print): one place, so the screen and the handout agree.

Zone colours follow the sequence of the plan's key (none white, groundwater blue, build
with conditions orange, keep free red); changes use green (looser) and red (stricter).
"""
from __future__ import annotations

ZONE_COLOURS: dict[int, str] = {0: "#ffffff", 1: "#9ecae1", 2: "#fd8d3c", 3: "#d7301f"}
NODATA_COLOUR = "#d9d9d9"
CHANGE_COLOURS: dict[int, str] = {-1: "#1a9850", 0: "#ffffff", 1: "#d73027"}

__all__ = ["CHANGE_COLOURS", "NODATA_COLOUR", "ZONE_COLOURS"]
