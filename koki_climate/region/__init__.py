"""Regions: manifest, lazy validated loading onto one grid, and the sample-region generator."""
from __future__ import annotations

from koki_climate.region.core import Region, open_region
from koki_climate.region.manifest import Manifest, read_manifest

__all__ = ["Region", "open_region", "Manifest", "read_manifest"]
