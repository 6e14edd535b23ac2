"""Height above drainage (HAND) of the sample terrain, from how the terrain was built.

Each slope of the sample terrain belongs to the valley that carved it: the terrain is the
smooth minimum of the valley surfaces, and the valley whose surface is lowest at a cell
shapes it. Its stream's level is the cell's drainage level, so HAND needs no flow router.
(The distance to the nearest stream would be a poor guide: a slope can lie closer to one
stream and drain to another.) The generator must not call the model's terrain code
(:mod:`koki_climate.terrain`): the flood labels would otherwise be made from the very
features the model learns from.
"""
from __future__ import annotations

import numpy as np


def valley_hand(elevation: np.ndarray, river: np.ndarray, drain_level: np.ndarray) -> np.ndarray:
    """Height (m) above the level of the stream whose valley holds each cell; 0 on streams."""
    return np.where(river, 0.0, np.maximum(elevation - drain_level, 0.0))
