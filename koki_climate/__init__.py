"""KoKI Klima: climate-aware flood-risk and groundwater analysis for municipal land-use planning.

The package is a plain Python library; the Streamlit app in ``app.py``/``pages/`` is a thin
layer over it (only ``koki_climate.ui`` imports streamlit).
"""
from __future__ import annotations

__version__ = "0.1.0"
