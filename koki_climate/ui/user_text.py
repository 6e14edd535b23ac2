"""Showing what visitors wrote: always as inert text.

Comments are stored exactly as written. On screen they go through :func:`inert` and then a
text element that renders neither HTML nor Markdown (``st.text``, a dataframe cell): bidi
overrides and isolates, which can make a text *look* like something else, and other
invisible control characters are shown as visible code points (``⟨U+202E⟩``); line breaks and
tabs stay.
"""
from __future__ import annotations

import unicodedata

KEPT = {"\n", "\t", "\u200c", "\u200d"}  # line breaks, tabs, (non-)joiners of Arabic and emoji


def inert(text: str) -> str:
    """``text`` with every control and bidi formatting character made visible."""
    out = []
    for char in str(text):
        if char in KEPT:
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf") or char in "\u2028\u2029":
            out.append(f"⟨U+{ord(char):04X}⟩")
        else:
            out.append(char)
    return "".join(out)


__all__ = ["inert"]
