"""The place card: "Was bedeutet das für diese Stelle?" for a clicked point, in plain words.

Lays out :func:`koki_climate.ui.plain_words.place_card_text` (the words) for the facts of
:func:`koki_climate.risk.place.place_facts` (the numbers). Scenario names come from people,
so they are made inert for Markdown before they enter a sentence, and wrapped in Unicode
isolates so a Latin name keeps its order inside an Arabic sentence; no HTML is rendered.
"""
from __future__ import annotations

import streamlit as st

from koki_climate.risk.place import PlaceFacts
from koki_climate.ui.messages import inert
from koki_climate.ui.plain_words import place_card_text

#: first strong isolate … pop directional isolate: a name is laid out on its own, whatever its script
_ISOLATE = "\u2068{}\u2069"


def _name(text: str) -> str:
    """A person's text made inert (Markdown) and isolated (bidirectional layout)."""
    return _ISOLATE.format(inert(text))


def place_card(facts: PlaceFacts, lang: str, *, scenario_label: str | None = None) -> None:
    """Render the place card of ``facts`` in ``lang`` (a bordered box: title, zone, water, why, others)."""
    card = place_card_text(facts, lang, scenario_label=scenario_label, escape=_name)
    with st.container(border=True):
        st.subheader(card.title, anchor=False)
        if card.scenario:
            st.caption(card.scenario)
        if card.notice:
            st.info(card.notice)
            st.caption(card.advisory)
            return
        st.markdown(f"**{card.zone_label}:** {card.zone_name}")
        st.markdown(card.zone_text)
        st.markdown(f"**{card.water_label}**")
        st.markdown("\n".join(f"- **{event}:** {sentence}" for event, sentence in card.water))
        if card.uncertain:
            st.warning(card.uncertain)
        st.markdown(f"**{card.why_label}**")
        st.markdown("\n".join(f"- {reason}" for reason in card.why))
        if card.others:
            st.markdown(f"**{card.others_label}**")
            st.markdown("\n".join(f"- {sentence}" for sentence in card.others))
        st.caption(card.advisory)
