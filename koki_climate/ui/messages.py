"""Problems shown to people: full detail for planners, plain words without paths for the public.

On the public instance a visitor learns *that* something is not available and what it is,
in the page's language, never a file path, a cache key or an exception text.
"""
from __future__ import annotations

import streamlit as st

from koki_climate.config import is_public
from koki_climate.errors import KokiError, NotPreparedError
from koki_climate.ui.i18n import t


_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$&=\"'")


def inert(text: str) -> str:
    """User text made inert for Streamlit's Markdown: every ASCII punctuation mark backslash-escaped.

    Names and descriptions typed by people (scenario names, comments) are shown through this
    wherever Streamlit renders Markdown (messages, captions, expander labels), so a link, an
    emphasis, an icon shortcode (``:material/…:``), a colour directive or LaTeX stays plain
    text; control characters other than newlines are dropped.
    """
    out = []
    for char in str(text):
        if char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        elif ord(char) < 32 and char != "\n" or char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            continue
        else:
            out.append(char)
    return "".join(out)


def message(exc: KokiError, lang: str, prefix_key: str | None = None) -> str:
    """The text to show for ``exc``: plain and path-free in public mode, detailed elsewhere."""
    if isinstance(exc, NotPreparedError):
        plain = t(f"not_prepared_{exc.what}", lang)
        return plain if is_public() else f"{plain} ({exc})"
    if is_public():
        return t("public_unavailable", lang)
    return f"{t(prefix_key, lang)} {exc}" if prefix_key else str(exc)


def show_error(exc: KokiError, lang: str, prefix_key: str | None = None) -> None:
    """``st.error`` with :func:`message`."""
    st.error(message(exc, lang, prefix_key))


def unexpected_message(exc: Exception, lang: str, prefix_key: str) -> str:
    """An error no one planned for: its type and text for a planner, one plain sentence for the public."""
    if isinstance(exc, KokiError):
        return message(exc, lang, prefix_key)
    if is_public():
        return t("server_error", lang)
    return f"{t(prefix_key, lang)} {type(exc).__name__}: {exc}"
