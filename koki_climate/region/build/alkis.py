"""The built-in table from ALKIS/ATKIS "tatsächliche Nutzung" object types to the product's classes.

Kept apart from :mod:`.landuse` because it is data with sources, not code: planners check
it against their cadastre, and ``docs/region-build.md`` prints it.

Object types (Kennung, AX_ class, German name) are those of the Objektartenbereich
"Tatsächliche Nutzung" of the ALKIS-Objektartenkatalog (GeoInfoDok 6.0 / 7.1, AdV); the
line objects of that area (42002 Straße, 42003 Straßenachse, 42005 Fahrbahnachse, 42008
Fahrwegachse, 42014 Bahnstrecke, 44002-44004 Wasserlauf, Kanal, Gewässerachse) are no
surfaces and are not listed. A file may name a type by its code (``41001``), its class name
(``AX_Wohnbauflaeche``) or its German name (``Wohnbaufläche``), in any case, with or
without umlauts: :func:`value_key` turns all three into one key.

Default sealed shares (used when no sealing raster is given) come from measured national
means where one exists for the type and are marked ``assumed`` otherwise; every value can
be overridden per type or per class (``sealing=`` of :func:`.landuse.build_landuse`).
"""
from __future__ import annotations

import math
import numbers
import re
import unicodedata
from dataclasses import dataclass

#: the product's land-use classes; class code = position + 1 (docs/region-format.md)
LANDUSE_CLASSES: tuple[str, ...] = ("settlement", "industry", "agriculture", "grassland", "forest", "water",
                                    "planned_development")

#: where a default sealed share comes from
SOURCES: dict[str, str] = {
    "ioer": "IÖR-Monitor, Bodenversiegelung nach Nutzungsart 2012 (Copernicus imperviousness layer over "
            "ATKIS Basis-DLM), https://www.ioer-monitor.de/ergebnisse/analyseergebnisse/bodenversiegelung/",
    "berlin": "Umweltatlas Berlin 01.02 Versiegelung, Methode (Ausgabe 2001): Bahnflächen 73 % versiegelt, "
              "https://www.berlin.de/umweltatlas/boden/versiegelung/2001/methode/",
    "assumed": "assumed, typical value (no measured national mean found)",
}


@dataclass(frozen=True)
class AlkisType:
    """One ALKIS object type: how it is named, which class it becomes and how sealed it is by default."""

    code: int
    name: str        # AX_ class name
    label: str       # German name in the Objektartenkatalog
    landuse: str     # one of LANDUSE_CLASSES
    sealed: float    # default sealed share 0..1
    source: str      # key of SOURCES
    note: str = ""   # which measured figure the default is


ALKIS_TYPES: tuple[AlkisType, ...] = (
    # 41000 Siedlung
    AlkisType(41001, "AX_Wohnbauflaeche", "Wohnbaufläche", "settlement", 0.451, "ioer",
              "Siedlungsfläche 45.1 % (Wohnbau not listed separately; Mischnutzung 41.3 %, "
              "baulich geprägte Fläche 49.3 %)"),
    AlkisType(41002, "AX_IndustrieUndGewerbeflaeche", "Industrie- und Gewerbefläche", "industry", 0.613, "ioer",
              "Industrie-, Gewerbefläche 61.3 %"),
    AlkisType(41003, "AX_Halde", "Halde", "industry", 0.023, "ioer", "Abbau- und Haldenfläche 2.3 %"),
    AlkisType(41004, "AX_Bergbaubetrieb", "Bergbaubetrieb", "industry", 0.023, "ioer",
              "Abbau- und Haldenfläche 2.3 %"),
    AlkisType(41005, "AX_TagebauGrubeSteinbruch", "Tagebau, Grube, Steinbruch", "industry", 0.023, "ioer",
              "Abbau- und Haldenfläche 2.3 %"),
    AlkisType(41006, "AX_FlaecheGemischterNutzung", "Fläche gemischter Nutzung", "settlement", 0.413, "ioer",
              "Mischnutzung 41.3 %"),
    AlkisType(41007, "AX_FlaecheBesondererFunktionalerPraegung", "Fläche besonderer funktionaler Prägung",
              "settlement", 0.52, "ioer", "Besondere funktionale Prägung 52.0 %"),
    AlkisType(41008, "AX_SportFreizeitUndErholungsflaeche", "Sport-, Freizeit- und Erholungsfläche", "grassland",
              0.191, "ioer", "sonstige Sport-, Freizeit-, Erholungsflächen 19.1 %"),
    AlkisType(41009, "AX_Friedhof", "Friedhof", "grassland", 0.185, "ioer", "Friedhof 18.5 %"),
    AlkisType(41010, "AX_Siedlungsflaeche", "Siedlungsfläche", "settlement", 0.451, "ioer", "Siedlungsfläche 45.1 %"),
    # 42000 Verkehr
    AlkisType(42001, "AX_Strassenverkehr", "Straßenverkehr", "settlement", 0.75, "assumed",
              "carriageway and pavements sealed, verges open; IÖR's 36.8 % is for all Verkehrsfläche incl. rail, "
              "airfields and verges, measured from satellite pixels wider than many roads"),
    AlkisType(42006, "AX_Weg", "Weg", "settlement", 0.5, "assumed", "paved, gravel and earth tracks mixed"),
    AlkisType(42009, "AX_Platz", "Platz", "settlement", 0.8, "assumed", "car parks, market squares"),
    AlkisType(42010, "AX_Bahnverkehr", "Bahnverkehr", "settlement", 0.73, "berlin", "Bahnflächen 73 %"),
    AlkisType(42015, "AX_Flugverkehr", "Flugverkehr", "settlement", 0.3, "assumed",
              "runways and aprons sealed, the rest grass"),
    AlkisType(42016, "AX_Schiffsverkehr", "Schiffsverkehr", "industry", 0.613, "ioer",
              "land-side port areas count as Industrie-, Gewerbefläche (61.3 %)"),
    # 43000 Vegetation
    AlkisType(43001, "AX_Landwirtschaft", "Landwirtschaft", "agriculture", 0.005, "ioer", "Landwirtschaft 0.5 %"),
    AlkisType(43002, "AX_Wald", "Wald", "forest", 0.003, "ioer", "Wald und Gehölz 0.3 %"),
    AlkisType(43003, "AX_Gehoelz", "Gehölz", "forest", 0.003, "ioer", "Wald und Gehölz 0.3 %"),
    AlkisType(43004, "AX_Heide", "Heide", "grassland", 0.023, "ioer", "unkultivierte Bodenfläche 2.3 %"),
    AlkisType(43005, "AX_Moor", "Moor", "grassland", 0.023, "ioer", "unkultivierte Bodenfläche 2.3 %"),
    AlkisType(43006, "AX_Sumpf", "Sumpf", "grassland", 0.023, "ioer", "unkultivierte Bodenfläche 2.3 %"),
    AlkisType(43007, "AX_UnlandVegetationsloseFlaeche", "Unland/Vegetationslose Fläche", "grassland", 0.023, "ioer",
              "unkultivierte Bodenfläche 2.3 %"),
    # 44000 Gewässer
    AlkisType(44001, "AX_Fliessgewaesser", "Fließgewässer", "water", 0.0, "assumed",
              "open water is no sealed soil (IÖR: Wasserfläche 1.5 %, not used)"),
    AlkisType(44005, "AX_Hafenbecken", "Hafenbecken", "water", 0.0, "assumed", "open water"),
    AlkisType(44006, "AX_StehendesGewaesser", "Stehendes Gewässer", "water", 0.0, "assumed", "open water"),
    AlkisType(44007, "AX_Meer", "Meer", "water", 0.0, "assumed", "open water"),
)

#: default sealed share per product class, for land use mapped by a user table
CLASS_SEALED: dict[str, tuple[float, str, str]] = {
    "settlement": (0.451, "ioer", "Siedlungsfläche 45.1 %"),
    "industry": (0.613, "ioer", "Industrie-, Gewerbefläche 61.3 %"),
    "agriculture": (0.005, "ioer", "Landwirtschaft 0.5 %"),
    "grassland": (0.005, "ioer", "Landwirtschaft (incl. Grünland) 0.5 %"),
    "forest": (0.003, "ioer", "Wald und Gehölz 0.3 %"),
    "water": (0.0, "assumed", "open water"),
    "planned_development": (0.005, "assumed", "open land until it is built on, as Landwirtschaft"),
}

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def value_key(value: object) -> str:
    """The comparison key of a land-use value: ``41001``, ``AX_Wohnbauflaeche``, ``WOHNBAUFLÄCHE`` -> one key.

    Numbers become their integer digits (a shapefile may store 41001 as 41001.0); text is
    compared without case, umlauts written out, without an ``AX_`` prefix and without
    spaces and punctuation, so "Industrie- und Gewerbefläche" meets AX_IndustrieUndGewerbeflaeche.
    Missing values give the empty key.
    """
    if value is None or type(value).__name__ == "NAType":  # pandas.NA
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):  # numpy numbers too
        number = float(value)
        if not math.isfinite(number):
            return ""
        return str(int(number)) if number.is_integer() else repr(number)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if re.fullmatch(r"[+-]?\d+(\.0*)?", text):
        return str(int(float(text)))
    text = text.casefold().translate(_UMLAUTS)
    text = re.sub(r"^ax_", "", text)
    return re.sub(r"[\W_]+", "", text)


def _index() -> dict[str, AlkisType]:
    keys: dict[str, AlkisType] = {}
    for kind in ALKIS_TYPES:
        for name in (kind.code, kind.name, kind.label):
            keys[value_key(name)] = kind
    return keys


#: every accepted spelling's key -> its type
ALKIS_BY_KEY: dict[str, AlkisType] = _index()

__all__ = ["ALKIS_BY_KEY", "ALKIS_TYPES", "AlkisType", "CLASS_SEALED", "LANDUSE_CLASSES", "SOURCES", "value_key"]
