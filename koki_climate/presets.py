"""Named scenarios ("Heute", "2100 ungebremst (RCP8.5)", …) and resolving user input to a Scenario.

Presets that touch parcels pick them by a stated rule from the region's own parcel table
(e.g. unseal the sealed parcels in the floodplain), so the same presets work for any region
and their canonical JSON lists the explicit parcel ids.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from koki_climate.errors import InputError
from koki_climate.region import Region
from koki_climate.scenario import LandUseChange, Scenario

#: parcels whose mean height above drainage is below this are "in the floodplain" (m)
FLOODPLAIN_HAND_M = 3.0
#: share of sealing removed by the unsealing preset (green roofs, permeable paving)
UNSEAL_FRACTION = 0.5


#: English display names of the presets (the German names stay the identifiers in links and CLI)
PRESET_NAMES_EN: dict[str, str] = {
    "Heute": "Today",
    "2050 Klimaschutz (RCP2.6)": "2050 mitigation (RCP2.6)",
    "2050 moderat (RCP4.5)": "2050 moderate (RCP4.5)",
    "2100 ungebremst (RCP8.5)": "2100 unmitigated (RCP8.5)",
    "2100 RCP8.5 + Entsiegelung": "2100 RCP8.5 + unsealing",
    "2100 RCP8.5 vorsorgend": "2100 RCP8.5 precautionary",
}


def preset_label(name: str, lang: str) -> str:
    """How a preset is shown to people: its German name, or the English one in English."""
    return PRESET_NAMES_EN.get(name, name) if lang == "en" else name


@dataclass(frozen=True)
class Preset:
    """A named scenario with a plain-language description (German, English)."""

    name: str
    scenario: Scenario
    description_de: str
    description_en: str

    def to_dict(self) -> dict:
        return {"name": self.name, "scenario": self.scenario.to_dict(),
                "canonical_json": self.scenario.canonical_json(), "hash": self.scenario.hash,
                "description_de": self.description_de, "description_en": self.description_en}


def floodplain_sealed_parcels(region: Region, hand: np.ndarray | None = None,
                              parcel_index: np.ndarray | None = None) -> tuple[str, ...]:
    """Settlement and industry parcels lying mostly on the floodplain (low above drainage)."""
    parcels = region.parcels
    if parcels is None or len(parcels) == 0:
        return ()
    if hand is None:
        from koki_climate.terrain import terrain_features
        river = region.grid["river"] if "river" in region.grid else None
        hand = terrain_features(region.grid["elevation"], river)["hand"].values
    if parcel_index is None:
        from koki_climate.risk.features import parcel_index_grid
        parcel_index = parcel_index_grid(region).values
    index = np.asarray(parcel_index).ravel()
    inside = index >= 0
    values = np.nan_to_num(hand.ravel()[inside], nan=np.inf)
    low = np.bincount(index[inside], weights=(values < FLOODPLAIN_HAND_M).astype(float), minlength=len(parcels))
    count = np.bincount(index[inside], minlength=len(parcels))
    share = np.where(count > 0, low / np.maximum(count, 1), 0.0)
    sealed_use = parcels["current_use"].isin(["settlement", "industry"]).to_numpy()
    return tuple(sorted(parcels["parcel_id"].to_numpy()[(share > 0.5) & sealed_use]))


def presets(region: Region, hand: np.ndarray | None = None, parcel_index: np.ndarray | None = None) -> list[Preset]:
    """The named scenarios for a region, from today to an unmitigated 2100 with unsealing.

    ``hand`` and ``parcel_index`` (grids the engine already has) are computed when not given.
    """
    develop = LandUseChange("develop_planned")
    items = [
        Preset("Heute", Scenario(), "Klima 1991–2020, heutige Nutzung.", "Climate 1991–2020, today's land use."),
        Preset("2050 Klimaschutz (RCP2.6)", Scenario("rcp26", "2021-2050", land_use_changes=(develop,)),
               "Starker Klimaschutz, 2021–2050, geplante Baugebiete bebaut.",
               "Strong mitigation, 2021–2050, planned developments built."),
        Preset("2050 moderat (RCP4.5)", Scenario("rcp45", "2021-2050", land_use_changes=(develop,)),
               "Mittlerer Pfad, 2021–2050, geplante Baugebiete bebaut.",
               "Intermediate pathway, 2021–2050, planned developments built."),
        Preset("2100 ungebremst (RCP8.5)", Scenario("rcp85", "2071-2100", land_use_changes=(develop,)),
               "Ungebremster Klimawandel, 2071–2100, geplante Baugebiete bebaut.",
               "Unmitigated climate change, 2071–2100, planned developments built."),
    ]
    unseal = floodplain_sealed_parcels(region, hand, parcel_index)
    if unseal:
        items.append(Preset(
            "2100 RCP8.5 + Entsiegelung",
            Scenario("rcp85", "2071-2100",
                     land_use_changes=(develop, LandUseChange("unseal", unseal, UNSEAL_FRACTION))),
            f"Wie 2100 ungebremst, dazu {len(unseal)} versiegelte Flurstücke in der Aue zur Hälfte entsiegelt.",
            f"As 2100 unmitigated, plus {len(unseal)} sealed floodplain parcels half unsealed."))
    items.append(Preset(
        "2100 RCP8.5 vorsorgend",
        Scenario("rcp85", "2071-2100", land_use_changes=(develop,), policy="precautionary"),
        "Wie 2100 ungebremst, Zonen nach dem Vorsorgeprinzip (so bemessen, dass sie 90 % der Überflutungsfläche enthalten).",
        "As 2100 unmitigated, zones by the precautionary principle (calibrated to contain 90 % of the flooded area)."))
    return items


def resolve_scenario(text: str, available: list[Preset]) -> Scenario:
    """A preset name (case-insensitive) or scenario JSON -> Scenario; clear error otherwise."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return Scenario.from_json(stripped)
    for preset in available:
        if preset.name.casefold() == stripped.casefold():
            return preset.scenario
    names = ", ".join(f"'{p.name}'" for p in available)
    raise InputError(f"unknown scenario '{text}': give a preset name ({names}) or scenario JSON")
