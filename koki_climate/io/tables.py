"""The one reader of well, heads and weather tables (CSV as the states' portals export them).

Groundwater portals export German CSV: ``;`` separators, decimal commas, ``dd.mm.yyyy``
dates, Windows-1252 text, a few metadata lines (``Messstelle;4711``, ``Geländehöhe [m NN];412,30``)
above a German header, and levels as heads (m NN) or as depths below ground (Flurabstand).
Reading them by hand is where data silently go wrong (412,30 read as 41230, a depth read as a
head), so the region builder, the region loader and the groundwater CLI all read through
:func:`read_table`, which converts only what it can tell for certain and reports every
conversion as a plain sentence (:attr:`Table.notes`) for the build report.

Decisions (documented in the README section "Well data from state portals"):

- **Columns**: German or English names (:data:`ALIASES`; case, umlauts or their ASCII
  spellings, and units in ``[...]``/``(...)`` do not matter) map to canonical names; other
  columns are kept as text and ignored. A level column is a head or a depth by its name,
  unless its unit names the reference (``m ü. NN``/``NHN``: head; ``u. GOK``/``unter
  Gelände``: depth), which wins.
- **Header**: the first line that has the kind's key columns (``date`` and a value for
  heads/weather, ``well_id``, ``x``, ``y`` for wells); the lines above it are metadata.
- **Numbers**: the decimal mark is decided once per file from the values that can only be
  read one way (``412,30``, ``5.401.234``, ``412.3``); a file mixing both is refused.
  Thousands separators are removed only where they are certain (two or more groups, or
  beside the other decimal mark, or in a file whose decimal mark is known); ``412.305`` in a
  file with nothing else to go by is 412.305, never 412305.
- **Missing values**: :data:`MISSING_MARKERS` (text) anywhere, and :data:`MISSING_NUMBERS`
  (-999, -9999) in the series columns and metadata; these are implausible as any head, depth,
  rain, evaporation or temperature. -99 is *not* a marker: heads below sea level are real
  where open-pit mines drain the ground (the Rhenish lignite pits reach below -250 m NN).
  In a wells table -9999 stays a value, so the loader's range check refuses it instead of
  a well silently losing its ground elevation.
- **Dates**: ``dd.mm.yyyy``, ``yyyy-mm-dd`` (ISO 8601), ``yyyymmdd`` (DWD), each with an
  optional time (``hh:mm[:ss]``) or a separate time column; a time-zone offset is dropped
  (the day is the day written in the file). Two-digit years (``01.02.65``) are refused:
  a groundwater record may start in 1965 or in 1905, and guessing moves it by a century.
- **Text**: UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode text"), else
  Windows-1252 (the German portals' encoding), else Latin-1; anything but UTF-8 is reported.

No streamlit here: this is library code below the app.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from koki_climate.errors import InputError
from koki_climate.io.weather import WeatherError, complete_weather
from koki_climate.region.paths import input_file
from koki_climate.region.units import parse_units

TableKind = Literal["heads", "wells", "weather"]

# --------------------------------------------------------------------------------------------
# the one table of column names
# --------------------------------------------------------------------------------------------

#: canonical name -> names a table may use for it, as written (folded on import: case,
#: umlauts or ae/oe/ue, ß/ss, ``-``/``_``/``.`` and units in brackets do not matter).
ALIASES: dict[str, tuple[str, ...]] = {
    "well_id": ("well_id", "well", "Messstelle", "Messstellen-ID",
                "Messstellennummer", "Messstellen-Nr", "Messstellen-Nr.", "MST-Nr", "MKZ",
                "Messstellenkennzahl", "Kennung", "Kennziffer", "Stations_ID"),
    "x": ("x", "E", "east", "easting", "Rechtswert", "RW", "Ostwert", "x-Koordinate", "Koordinate x",
          "UTM-E", "UTM Ost"),
    "y": ("y", "N", "north", "northing", "Hochwert", "HW", "Nordwert", "y-Koordinate", "Koordinate y",
          "UTM-N", "UTM Nord"),
    "ground_elevation_m": ("ground_elevation_m", "ground_elevation", "ground elevation", "elevation",
                           "Geländehöhe", "GOK", "Geländeoberkante", "Höhe GOK", "Geländehöhe GOK"),
    "date": ("date", "datetime", "date time", "timestamp", "Datum", "Messdatum", "MESS_DATUM",
             "Messzeitpunkt", "Zeitpunkt", "Zeitstempel", "Datum/Uhrzeit", "Datum Uhrzeit",
             "Datum und Uhrzeit", "Stichtag"),
    "time": ("time", "Uhrzeit", "Zeit", "Messzeit"),
    "head_m": ("head_m", "head", "water level", "groundwater level", "Grundwasserstand", "Wasserstand",
               "GW-Stand", "Grundwasserhöhe", "GW-Höhe", "Grundwasserspiegel",
               "Wasserspiegel", "Standrohrspiegelhöhe", "Druckhöhe"),
    "depth_m": ("depth_m", "depth", "depth to water", "Flurabstand", "GW-Flurabstand",
                "Grundwasserflurabstand", "Abstich", "Abstichmaß"),
    "precipitation_mm": ("precipitation_mm", "precipitation", "precip", "Niederschlag",
                         "Niederschlagshöhe", "Niederschlagssumme", "RR", "RS", "RSK"),
    "pet_mm": ("pet_mm", "pet", "etp", "et0", "evaporation", "evapotranspiration",
               "potential evapotranspiration", "Verdunstung", "pot. Verdunstung", "potentielle Verdunstung",
               "potenzielle Verdunstung", "pot. Evapotranspiration", "Grasreferenzverdunstung", "VPGB", "VPGH"),
    "temperature_c": ("temperature_c", "temperature", "temp", "air temperature", "Temperatur", "Lufttemperatur",
                      "Tagesmitteltemperatur", "Mitteltemperatur", "TMK"),
    # metadata only: the coordinate system a wells table names (documented, never applied here)
    "crs": ("crs", "epsg", "Koordinatensystem", "Koordinatenreferenzsystem", "Bezugssystem", "Lagebezug",
            "Lagebezugssystem"),
}

#: the columns each kind of table reads; the rest is kept as text and ignored
KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "heads": ("date", "time", "head_m", "depth_m", "well_id"),
    "weather": ("date", "time", "precipitation_mm", "pet_mm", "temperature_c"),
    "wells": ("well_id", "x", "y", "ground_elevation_m"),
}
#: canonical names a metadata line above the header can give
METADATA_NAMES = ("well_id", "x", "y", "ground_elevation_m", "crs")
#: numeric columns and the units they are converted to (x and y: as given)
UNITS: dict[str, str | None] = {"x": None, "y": None, "ground_elevation_m": "m", "head_m": "m", "depth_m": "m",
                                "precipitation_mm": "mm", "pet_mm": "mm", "temperature_c": "degC"}
#: columns of time series: the numeric missing markers apply here (gaps in a series)
SERIES_COLUMNS = ("head_m", "depth_m", "precipitation_mm", "pet_mm", "temperature_c")
WEATHER_COLUMNS = ("precipitation_mm", "pet_mm", "temperature_c")

#: cell texts (case-insensitive, stripped) that mean "no value"
MISSING_MARKERS = frozenset({"", "-", "--", "---", "–", "—", "k.a.", "k. a.", "n.a.", "n. a.", "n/a", "na",
                             "nan", "#nv", "#n/a", "null"})
#: numbers that mean "no value" in series columns and metadata (never plausible there)
MISSING_NUMBERS = (-999.0, -9999.0)

_HEAD_REF = re.compile(r"(nn|nhn|nap|asl|msl|dhhn\w*|normalnull|normalhohennull|sea level)\b")
_DEPTH_REF = re.compile(r"(gok|gelande\w*|flur\w*|bgl|bgs|below ground|rok|\bmp\b|messpunkt\w*)\b")
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_BRACKETS = re.compile(r"\[([^\]]*)\]|\(([^)]*)\)")
_TRAILING_UNIT = re.compile(r"^(.+?)\s+(?:in\s+)?((?:cm|mm|m|°c|degc)(?:\s.*)?)$")
_HEADER_SCAN_LINES = 200
#: units a portal outside Europe might use, refused rather than taken as canonical
_FOREIGN_UNITS = frozenset({"°f", "f", "degf", "fahrenheit", "ft", "feet", "foot", "in", "inch", "inches"})


def fold(text: str) -> str:
    """A column or metadata name reduced for matching: ``'Geländehöhe'``, ``'GELAENDEHOEHE'`` -> ``'gelandehohe'``."""
    text = unicodedata.normalize("NFKC", str(text)).strip().strip('"').lower().translate(_UMLAUTS)
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    text = re.sub(r"[-_/.:,;]+", " ", text)
    text = re.sub(r"\s*°\s*", "°", text)
    return " ".join(text.split())


_ALIAS_INDEX: dict[str, str] = {}
for _canonical, _names in ALIASES.items():
    for _name in _names:
        _ALIAS_INDEX.setdefault(fold(_name), _canonical)


@dataclass(frozen=True)
class Column:
    """A header cell: as written, its canonical name (or None) and the unit text in brackets."""

    text: str
    canonical: str | None
    unit: str  # folded text of the bracket (or trailing unit), '' when none

    @property
    def label(self) -> str:
        """How messages name the column: the canonical name, and the header as written when it differs."""
        if self.canonical is None or self.text.strip() == self.canonical:
            return f"'{self.canonical or self.text}'"
        return f"'{self.text.strip()}' ({self.canonical})"


def parse_column(text: str) -> Column:
    """Map a header cell (or metadata key) to its canonical name, using :data:`ALIASES`.

    The unit may decide a level column: ``Wasserstand [m u. GOK]`` is a depth below ground,
    ``Flurabstand [m NN]`` would be a head (the unit names the reference, the name only a habit).
    """
    raw = unicodedata.normalize("NFKC", str(text))
    unit = ""
    match = _BRACKETS.search(raw)
    if match:
        unit = fold(match.group(1) if match.group(1) is not None else match.group(2))
        raw = _BRACKETS.sub(" ", raw)
    name = fold(raw)
    canonical = _ALIAS_INDEX.get(name)
    if canonical is None and not unit:
        trailing = _TRAILING_UNIT.match(name)
        if trailing and trailing.group(1) in _ALIAS_INDEX:
            canonical, unit = _ALIAS_INDEX[trailing.group(1)], trailing.group(2)
    if canonical in ("head_m", "depth_m") and unit:
        if _DEPTH_REF.search(unit):
            canonical = "depth_m"
        elif _HEAD_REF.search(unit):
            canonical = "head_m"
    return Column(str(text), canonical, unit)


def parse_header(cells: list[str]) -> list[Column]:
    """The columns of a header row; a lone time column (``Zeit``) holding date and time is the date."""
    columns = [parse_column(cell) for cell in cells]
    if not any(c.canonical == "date" for c in columns):
        times = [i for i, c in enumerate(columns) if c.canonical == "time"]
        if times:
            columns[times[0]] = replace(columns[times[0]], canonical="date")
    return columns


# --------------------------------------------------------------------------------------------
# errors and the result
# --------------------------------------------------------------------------------------------

class TableError(InputError):
    """A table cannot be read: names the file (or table), and the line, column and value where known.

    ``problem`` is the message without the file and ``column`` the canonical column name, so
    the region loader can re-raise it as a :class:`~koki_climate.errors.RegionError` naming the
    file once.
    """

    def __init__(self, source: str | Path, problem: str, *, line: int | None = None,
                 column: str | None = None) -> None:
        self.source = str(source)
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(f"{self.source}: {problem}")


@dataclass
class Table:
    """A table read from a file: canonical columns, the metadata above the header, what was converted.

    ``data``: the kind's columns under canonical names (``date`` as datetime64[ns], numbers as
    float64 in canonical units with NaN for missing values, ``well_id`` as text), then the file's
    other columns as text under their own names; the index is the file's line number (``line``)
    of each row, so later checks can name the line. ``metadata``: the lines above the header,
    key -> value as written; ``metadata_names``: canonical name -> (metadata key, line) for the
    keys :data:`ALIASES` knows. ``columns``: canonical name -> the header cell it came from.
    ``notes``: what was converted, as plain sentences for the build report.
    """

    path: Path
    kind: TableKind
    data: pd.DataFrame
    metadata: dict[str, str]
    columns: dict[str, Column]
    notes: list[str] = field(default_factory=list)
    header_line: int = 1
    decimal: str = "."
    thousands: str | None = None
    metadata_names: dict[str, tuple[str, int]] = field(default_factory=dict)

    def label(self, canonical: str) -> str:
        column = self.columns.get(canonical)
        return column.label if column is not None else f"'{canonical}'"

    def labels(self) -> dict[str, str]:
        return {name: column.label for name, column in self.columns.items()}

    def meta_text(self, canonical: str) -> str | None:
        """The metadata value for a canonical name (``well_id``, ``x``, ``y``, ``ground_elevation_m``, ``crs``)."""
        found = self.metadata_names.get(canonical)
        return self.metadata[found[0]] if found else None

    def meta_number(self, canonical: str) -> float | None:
        """A numeric metadata value in canonical units; None when absent or marked missing.

        ``Geländehöhe [m NN];412,30`` -> 412.3, ``Geländehöhe: 41230 cm`` -> 412.3; a value that
        is not a number raises :class:`TableError` naming the metadata line.
        """
        found = self.metadata_names.get(canonical)
        if not found:
            return None
        key, line = found
        text = self.metadata[key].strip()
        if text.lower() in MISSING_MARKERS:
            return None
        match = re.match(r"^([+-]?[\d.,]*\d(?:[eE][+-]?\d+)?)\s*(.*)$", text)
        if not match:
            raise TableError(self.path, f"metadata line {line} ('{key}') has '{text}', which is not a number",
                             line=line, column=canonical)
        number_text, unit_text = match.groups()
        values, _ = _parse_number_text(pd.Series([number_text], index=pd.Index([line], name="line")),
                                       source=self.path, label=f"metadata '{key}'", column=canonical,
                                       decimal=self.decimal, thousands=self.thousands, missing_numbers=True)
        value = float(values.iloc[0])
        if np.isnan(value):
            return None
        scale, offset = _unit_conversion(parse_column(key).unit or fold(unit_text), canonical,
                                         f"metadata '{key}'", self.path, [])
        return value * scale + offset


# --------------------------------------------------------------------------------------------
# read_table
# --------------------------------------------------------------------------------------------

def read_table(path: str | Path, *, kind: TableKind) -> Table:
    """Read a heads, wells or weather table as the portals export it; see the module docstring.

    The file is checked first (:func:`~koki_climate.region.paths.input_file`: ordinary, within
    the size limit). Every problem raises :class:`TableError` naming the file and, where it
    applies, the line, the column and the value.
    """
    if kind not in KIND_COLUMNS:
        raise ValueError(f"kind must be one of {', '.join(KIND_COLUMNS)}, not {kind!r}")
    path = input_file(path, "table")
    notes: list[str] = []
    text = decode_text(path, notes)
    lines, offsets = _first_lines(text, _HEADER_SCAN_LINES)
    header_index, sep, cells = _find_header(lines, kind, path)
    header_line = header_index + 1
    columns = parse_header(cells)
    metadata, metadata_names = _metadata(lines[:header_index], sep)
    names = _unique_names(cells)
    frame = _read_cells(text[offsets[header_index + 1]:], sep, names, path, first_line=header_line + 1)
    del text

    used: dict[str, Column] = {}
    source: dict[str, str] = {}  # canonical -> the frame's column
    for column, name in zip(columns, names):
        if column.canonical not in KIND_COLUMNS[kind]:
            continue
        if column.canonical in used:
            raise TableError(path, f"two columns can be {column.canonical}: '{used[column.canonical].text}' and "
                                   f"'{column.text}' (header on line {header_line}); keep one",
                             line=header_line, column=column.canonical)
        used[column.canonical], source[column.canonical] = column, name
    _require_kind_columns(kind, used, cells, header_line, path)
    if "head_m" in used and "depth_m" in used:
        notes.append(f"The depth column '{used['depth_m'].text}' was not used: the file gives heads in "
                     f"'{used['head_m'].text}'.")
        del used["depth_m"], source["depth_m"]

    numeric = [name for name in used if name in UNITS]
    decimal, thousands = _number_format(
        [(frame[source[name]], f"column '{used[name].text.strip()}'") for name in numeric],
        [(metadata[key], f"metadata '{key}'", line) for name, (key, line) in metadata_names.items()
         if name in UNITS], path)

    out: dict[str, pd.Series] = {}
    if "date" in used:
        date_text = frame[source["date"]]
        if "time" in used:
            date_text = (date_text + " " + frame[source["time"]]).str.strip()
        formats: set[str] = set()
        out["date"] = parse_dates(date_text, source=path, label=used["date"].label, formats=formats)
        notes += list(dict.fromkeys(_DATE_NOTES[f] for f in sorted(formats) if f in _DATE_NOTES))
    for name in KIND_COLUMNS[kind]:
        if name not in used or name in ("date", "time"):
            continue
        raw = frame[source[name]]
        if name == "well_id":
            out[name] = raw
            continue
        values, markers = _parse_number_text(raw, source=path, label=used[name].label, column=name,
                                             decimal=decimal, thousands=thousands,
                                             missing_numbers=name in SERIES_COLUMNS)
        if markers:
            shown = ", ".join(f"'{marker}' ({n}x)" for marker, n in markers.most_common())
            notes.append(f"{sum(markers.values())} value(s) in {used[name].label} marked as missing ({shown}) "
                         "were read as gaps.")
        scale, offset = _unit_conversion(used[name].unit, name, used[name].label, path, notes)
        out[name] = values * scale + offset
    data = pd.DataFrame(out, index=frame.index)
    extras = [name for column, name in zip(columns, names) if column.canonical not in used]
    for extra in extras:
        data[extra] = frame[extra]

    renamed = [f"'{c.text.strip()}' as {name}" for name, c in used.items() if c.text.strip() != name]
    if renamed:
        notes.append(f"Columns read: {', '.join(renamed)}.")
    unused = [extra for extra in extras if frame[extra].ne("").any()]
    if unused:
        notes.append(f"Columns not used: {', '.join(repr(e) for e in unused)}.")
    if metadata:
        shown = ", ".join(list(metadata)[:6]) + (", …" if len(metadata) > 6 else "")
        notes.append(f"{len(metadata)} metadata line(s) above the header (line {header_line}) were read: {shown}.")
    if decimal == ",":
        notes.append("Numbers were read with a decimal comma.")
    grouped = rf"\d{re.escape(thousands or '')}\d{{3}}"
    if thousands and any(frame[source[name]].str.contains(grouped).any() for name in numeric):
        notes.append(f"Thousands separators ('{thousands}') were removed from numbers.")
    table = Table(path, kind, data, metadata, used, notes, header_line, decimal, thousands, metadata_names)
    if data.empty:
        raise TableError(path, f"has no data rows below the header on line {header_line}")
    if kind == "heads" and "well_id" in data:
        wells = [w for w in data["well_id"].unique() if w]
        if len(wells) > 1:
            raise TableError(path, f"holds {len(wells)} wells ({', '.join(map(str, wells[:3]))}"
                                   f"{', …' if len(wells) > 3 else ''}); give one heads file per well",
                             column="well_id")
    return table


def decode_text(path: Path, notes: list[str]) -> str:
    """The file's text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TableError(path, f"cannot be read ({exc.strerror or exc})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, used = raw.decode("utf-16", errors="replace"), "UTF-16"
    else:
        for encoding, used in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if "\x00" in text:
        raise TableError(path, "is not a text table (it contains NUL bytes); export it as CSV")
    if used != "UTF-8":
        notes.append(f"The file was read as {used} (it is not UTF-8); umlauts were converted.")
    return text


def _first_lines(text: str, n: int) -> tuple[list[str], list[int]]:
    """The first ``n`` lines (without line ends), and where each line and the one after the last start."""
    lines: list[str] = []
    offsets: list[int] = []
    start = 0
    while len(lines) < n and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append(text[start:end].rstrip("\r"))
        offsets.append(start)
        start = end + 1
    offsets.append(min(start, len(text)))
    return lines, offsets


def _split(line: str, sep: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep), [])


def _header_score(columns: list[Column], kind: str) -> tuple[bool, bool, int]:
    """(complete: key and value columns, keys: key columns, how many of the kind's columns) for one line."""
    found = {c.canonical for c in columns if c.canonical in KIND_COLUMNS[kind]}
    if kind == "wells":
        keys = {"well_id", "x", "y"} <= found
        return keys, keys or len(found) >= 2, len(found)
    values = found & ({"head_m", "depth_m"} if kind == "heads" else {"precipitation_mm", "pet_mm", "temperature_c"})
    return "date" in found and bool(values), "date" in found, len(found)


def _find_header(lines: list[str], kind: str, path: Path) -> tuple[int, str, list[str]]:
    """The header: the first line with the kind's key and value columns, else the first with its keys.

    Each line is split with ``;``, tab and ``,``; the split recognising most columns wins.
    ``Datum;01.03.2024`` (an export date) has a date column but no value, so a later
    ``Datum;Wasserstand [m NN]`` is preferred; without any such line the first line with the
    keys is the header and the missing columns are named.
    """
    fallback: tuple[int, str, list[str]] | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        candidates = []
        for sep in (";", "\t", ","):
            cells = _split(line, sep)
            if len(cells) < 2:
                continue
            complete, keys, recognised = _header_score(parse_header(cells), kind)
            candidates.append((complete, keys, recognised, sep, cells))
        for wanted in (0, 1):
            chosen = [c for c in candidates if c[wanted]]
            if chosen:
                best = max(chosen, key=lambda c: c[2])
                if wanted == 0:
                    return index, best[3], best[4]
                if fallback is None:
                    fallback = (index, best[3], best[4])
    if fallback is not None:
        return fallback
    if not any(line.strip() for line in lines):
        raise TableError(path, "is empty")
    need = {"heads": "a date column (Datum, Messdatum, date) and a head column (Grundwasserstand [m NN], head_m) "
                     "or a depth column (Flurabstand [m u. GOK], depth_m)",
            "weather": "a date column (Datum, date) and a precipitation column (Niederschlag [mm], "
                       "precipitation_mm)",
            "wells": "a well id column (Messstelle, MKZ, well_id) and coordinates (Rechtswert/Hochwert, "
                     "Ostwert/Nordwert, x/y)"}[kind]
    shown = [f"line {i + 1}: {line.strip()[:80]!r}" for i, line in enumerate(lines) if line.strip()]
    found = "; ".join(shown[:3]) + ("; …" if len(shown) > 3 else "")
    raise TableError(path, f"no header row of a {kind} table in the first {len(lines)} line(s): it needs "
                           f"{need}; found {found}")


def _metadata(lines: list[str], sep: str) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """Key/value pairs of the lines above the header, and which keys name canonical values.

    ``Messstelle;4711`` and ``Messstellen-ID: 4711`` both give a key and a value; a line
    without a value (a title) is kept with an empty value.
    """
    metadata: dict[str, str] = {}
    names: dict[str, tuple[str, int]] = {}
    for index, line in enumerate(lines):
        cells = [c.strip() for c in _split(line, sep) if c.strip()]
        if not cells:
            continue
        if len(cells) >= 2:
            key, value = cells[0], " ".join(cells[1:])
        elif re.search(r"[:=]", cells[0]):
            key, value = (part.strip() for part in re.split(r"[:=]", cells[0], maxsplit=1))
        else:
            key, value = cells[0], ""
        key = key.rstrip(":=").strip() or f"line {index + 1}"
        unique, n = key, 2
        while unique in metadata:
            unique, n = f"{key} ({n})", n + 1
        metadata[unique] = value
        canonical = parse_column(key).canonical
        if canonical in METADATA_NAMES and canonical not in names:
            names[canonical] = (unique, index + 1)
    return metadata, names


def _unique_names(cells: list[str]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(cells):
        name = cell.strip() or f"column {i + 1}"
        unique, n = name, 2
        while unique in names:
            unique, n = f"{name} ({n})", n + 1
        names.append(unique)
    return names


def _read_cells(data: str, sep: str, names: list[str], path: Path, *, first_line: int) -> pd.DataFrame:
    """The rows below the header as stripped text, indexed by file line; blank rows dropped.

    A row may have fewer fields than the header (missing values) or trailing empty ones (a
    separator at the end); a row with more non-empty fields than the header is refused: in a
    comma-separated file it is usually a decimal comma, and reading on would shift the columns.
    (A quoted value spanning lines would shift the line numbers after it; portals do not write them.)
    """
    if not data.strip():
        return pd.DataFrame({name: pd.Series(dtype=str) for name in names},
                            index=pd.RangeIndex(first_line, first_line, name="line"))

    def parse(width: int | None) -> pd.DataFrame:
        # without names pandas takes the first row's width and refuses a longer row; with names it
        # would drop a longer row's extra fields silently (index_col=False) or turn them into an index
        return pd.read_csv(io.StringIO(data), sep=sep, header=None, names=None if width is None else range(width),
                           dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c")

    try:
        try:
            frame = parse(None)
        except pd.errors.ParserError as exc:
            if "Expected" not in str(exc):
                raise
            # rows of different widths: count the widest (quoted separators only overcount) and read again
            frame = parse(max(len(names), 1 + max(line.count(sep) for line in io.StringIO(data))))
    except (pd.errors.ParserError, ValueError) as exc:
        raise TableError(path, f"is not a readable CSV table ({str(exc).splitlines()[0][:200]})") from None
    frame = frame.fillna("")
    frame.columns = range(frame.shape[1])
    for missing in range(frame.shape[1], len(names)):
        frame[missing] = ""
    frame.index = pd.RangeIndex(first_line, first_line + len(frame), name="line")
    frame = frame.apply(lambda column: column.str.strip())
    spare = list(range(len(names), frame.shape[1]))
    if spare:
        overflow = frame[spare].ne("").any(axis=1)
        if overflow.any():
            line = int(frame.index[overflow.to_numpy()][0])
            hint = "; is a number written with a decimal comma in a comma-separated file?" if sep == "," else ""
            raise TableError(path, f"line {line} has more fields than the header ({len(names)}) when split at "
                                   f"'{sep}'{hint}", line=line)
        frame = frame.drop(columns=spare)
    frame.columns = names
    return frame[frame.ne("").any(axis=1)]


def _require_kind_columns(kind: str, used: Mapping[str, Column], cells: list[str], header_line: int,
                          path: Path) -> None:
    """The kind's required columns are in the header; the message lists the header as written."""
    required = {"heads": ["date"] + ([] if "depth_m" in used else ["head_m"]),
                "weather": ["date", "precipitation_mm"], "wells": ["well_id", "x", "y"]}[kind]
    absent = [name for name in required if name not in used]
    if absent:
        raise TableError(path, f"missing column(s) {', '.join(absent)} (found: {', '.join(repr(c) for c in cells)} "
                               f"in the header on line {header_line})", line=header_line, column=absent[0])


# --------------------------------------------------------------------------------------------
# numbers, units and dates: one parser each, for files and for in-memory tables
# --------------------------------------------------------------------------------------------

def _at(index: pd.Index, position: int) -> str:
    """'on line 7' for rows read from a file (the index is the file line), 'in data row 7' in memory."""
    return f"on line {index[position]}" if index.name == "line" else f"in data row {position + 1}"


def _line(index: pd.Index, position: int) -> int | None:
    return int(index[position]) if index.name == "line" else None


def _first(mask: pd.Series | np.ndarray) -> int:
    return int(np.flatnonzero(np.asarray(mask))[0])


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``(codes, uniques)`` of a text column: checks run once per distinct text (a logger repeats a few
    thousand values over millions of rows), then map back with ``uniques[codes]``."""
    codes, uniques = pd.factorize(_text(values), sort=False)
    return codes, pd.Series(np.asarray(uniques, dtype=object), dtype="str")


def _number_format(columns: list[tuple[pd.Series, str]], metadata: list[tuple[str, str, int]],
                   path: Path) -> tuple[str, str | None]:
    """The file's decimal mark and thousands separator, decided by the values that read only one way.

    ``412,30``, ``5.401.234`` and ``1.234,5`` say decimal comma; ``412.3``, ``1,234,567`` and
    ``1,234.5`` say decimal point; ``1.234`` or ``1,234`` alone could be either and count only
    when nothing else decides (then as a decimal mark). Both kinds of evidence -> refused.
    The thousands separator is accepted only when the decimal mark was decided by evidence.
    """
    strong: dict[str, tuple[str, str]] = {}
    weak: dict[str, tuple[str, str]] = {}
    texts = list(columns) + [(pd.Series([value], index=pd.Index([line], name="line"), dtype="str"), label)
                             for value, label, line in metadata]
    for column, label in texts:
        _, values = _distinct(column)
        values = values[~values.str.lower().isin(MISSING_MARKERS)]
        if values.empty:
            continue
        comma, dot = values.str.contains(",", regex=False), values.str.contains(".", regex=False)
        commas, dots = values.str.count(","), values.str.count(r"\.")
        comma_last = comma & dot & values.str.contains(r",[^.]*$")
        one_group_comma = comma & ~dot & values.str.fullmatch(r"[+-]?\d{1,3},\d{3}")
        one_group_dot = dot & ~comma & values.str.fullmatch(r"[+-]?\d{1,3}\.\d{3}")
        evidence = {
            ",": comma_last | (comma & ~dot & (commas == 1) & ~one_group_comma) | (dot & ~comma & (dots >= 2)),
            ".": (comma & dot & ~comma_last) | (dot & ~comma & (dots == 1) & ~one_group_dot)
                 | (comma & ~dot & (commas >= 2)),
        }
        for found, kind in ((strong, evidence), (weak, {",": one_group_comma, ".": one_group_dot})):
            for mark, mask in kind.items():
                if mask.any() and mark not in found:
                    example = values[mask.to_numpy(dtype=bool)].iloc[0]
                    i = _first(_text(column).str.strip().eq(example).to_numpy(dtype=bool))
                    found[mark] = (f"{_at(column.index, i).removeprefix('on ')}, {label}", example)
    decided = strong or weak
    if len(decided) == 2:
        (where_c, comma_value), (where_d, dot_value) = decided[","], decided["."]
        raise TableError(path, f"mixes decimal comma and decimal point: '{comma_value}' ({where_c}) and "
                               f"'{dot_value}' ({where_d}); write all numbers one way")
    decimal = "," if "," in decided else "."
    return decimal, ({",": ".", ".": ","}[decimal] if strong else None)


def _parse_number_text(text: pd.Series, *, source: str | Path, label: str, column: str | None = None,
                       decimal: str = ".", thousands: str | None = None,
                       missing_numbers: bool = False) -> tuple[pd.Series, Counter]:
    """Floats from text cells: markers -> NaN, anything else that is not a number -> :class:`TableError`.

    Returns the floats and a count of the markers seen (other than empty cells).
    """
    codes, uniques = _distinct(text)
    uniques = uniques.str.strip()
    marked = uniques.str.lower().isin(MISSING_MARKERS).to_numpy(dtype=bool)
    integer = rf"(?:\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+|\d+)" if thousands else r"\d+"
    mark = re.escape(decimal)
    ok = uniques.str.fullmatch(rf"[+-]?(?:{integer}(?:{mark}\d*)?|{mark}\d+)(?:[eE][+-]?\d+)?")
    ok = ok.fillna(False).to_numpy(dtype=bool)
    bad = (~ok & ~marked)[codes]
    if bad.any():
        i = _first(bad)
        raise TableError(source, f"column {label} has {int(bad.sum())} non-numeric value(s) (first "
                                 f"{_at(text.index, i)}: '{uniques.iloc[codes[i]]}')", line=_line(text.index, i),
                         column=column)
    clean = uniques.where(ok, "")
    if thousands:
        clean = clean.str.replace(thousands, "", regex=False)
    if decimal != ".":
        clean = clean.str.replace(decimal, ".", regex=False)
    numbers = pd.to_numeric(clean.where(ok, None), errors="coerce").to_numpy(dtype=float, copy=True)
    if np.isinf(numbers).any():
        i = _first(np.isinf(numbers)[codes])
        raise TableError(source, f"column {label} has a value too large to be a number {_at(text.index, i)}: "
                                 f"'{uniques.iloc[codes[i]]}'", line=_line(text.index, i), column=column)
    sentinel = np.isin(numbers, MISSING_NUMBERS) if missing_numbers else np.zeros(len(numbers), dtype=bool)
    counts = np.bincount(codes, minlength=len(uniques))
    markers: Counter = Counter({uniques.iloc[u]: int(counts[u]) for u in
                                np.flatnonzero((marked & (uniques != "").to_numpy(dtype=bool)) | sentinel)})
    numbers[sentinel] = np.nan
    return pd.Series(numbers[codes], index=text.index), markers


def _unit_conversion(unit: str, canonical: str, label: str, path: str | Path,
                     notes: list[str]) -> tuple[float, float]:
    """``(scale, offset)`` from the column's unit to the canonical one; ``(1, 0)`` without a unit.

    Lengths convert (cm -> m, cm -> mm; :func:`~koki_climate.region.units.parse_units`), so do
    Kelvin; ``l/m²`` is mm and ``mm/d`` a daily mm. A unit of another dimension is refused;
    bracket text that is not a unit (``Tagesmittel``) is reported and the values are taken
    in the canonical unit; imperial units (``°F``, ``ft``, ``in``) are refused.
    """
    target_name = UNITS.get(canonical)
    if target_name is None or not unit:
        return 1.0, 0.0
    if target_name == "m":  # the reference follows the unit: "m u nn", "cm u gok", "munn"
        match = re.match(r"(cm|mm|km|m)", unit)
        if not match and (_HEAD_REF.search(unit) or _DEPTH_REF.search(unit)):
            return 1.0, 0.0  # only a reference ("[NN]", "[u. GOK]"): metres, as everywhere
        token = match.group(1) if match else unit.split(" ")[0]
    elif target_name == "mm":
        token = "mm" if re.match(r"(l|kg) ?m[²2]", unit) else unit.split(" ")[0].split("/")[0]
    else:
        token = unit.replace(" ", "")
    given, target = parse_units(token), parse_units(target_name)
    if token in _FOREIGN_UNITS or unit in _FOREIGN_UNITS:
        raise TableError(path, f"column {label} is in '{unit}'; convert it to {target_name} first", column=canonical)
    if given is None or target is None:
        notes.append(f"The unit '{unit}' of {label} is not one we convert; the values were taken as {target_name}.")
        return 1.0, 0.0
    if given.dimension != target.dimension:
        raise TableError(path, f"column {label} is in '{unit}', which cannot be converted to {target_name}",
                         column=canonical)
    if given != target:
        notes.append(f"Values in {label} were converted from {given.name} to {target_name}.")
    return given.scale / target.scale, (given.offset - target.offset) / target.scale


#: the date formats read, as patterns of the whole cell (after "T" -> " " and offsets dropped)
_DATE_PATTERNS: dict[str, str] = {
    "dd.mm.yyyy": r"\d{1,2}\.\d{1,2}\.\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?)?",
    "iso": r"\d{4}-\d{2}-\d{2}(?: \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
    "yyyymmdd": r"\d{8}",
}
_DATE_NOTES = {"dd.mm.yyyy": "Dates were read as day.month.year (dd.mm.yyyy).",
               "yyyymmdd": "Dates were read as yyyymmdd.",
               "offset": "Time-zone offsets were dropped: the day is the day written in the file."}
_OFFSET = r"(\d:\d\d(?::\d\d(?:\.\d+)?)?) ?(?:Z|[+-]\d\d:?\d\d)$"


def _text(values: pd.Series) -> pd.Series:
    """A column as text with '' for missing values (no copy of text that already is)."""
    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype("str")
    return values.fillna("")


def parse_dates(text: pd.Series, *, source: str | Path, label: str = "'date'",
                formats: set[str] | None = None) -> pd.Series:
    """Dates (with times) from text, or datetimes passed through; time-zone offsets are dropped.

    Formats: :data:`_DATE_PATTERNS` (see the module docstring); each is rewritten to ISO 8601
    and parsed by pandas in one vectorised pass (strptime on millions of logger rows is
    slow). ``formats`` collects the ones used. The first unparseable value raises
    :class:`TableError` with its line (or data row); a two-digit year gets its own message.
    """
    if pd.api.types.is_datetime64_any_dtype(text):
        parsed = pd.Series(pd.to_datetime(text), index=text.index)
        if parsed.dt.tz is not None:
            parsed = parsed.dt.tz_localize(None)
        return parsed.astype("datetime64[ns]")
    text = _text(text).str.strip()
    formats = set() if formats is None else formats
    iso = text.str.replace("T", " ", regex=False)
    offset = iso.str.contains(_OFFSET.replace("(", "(?:", 1))
    if offset.any():
        iso = iso.str.replace(_OFFSET, r"\1", regex=True)
        formats.add("offset")
    kinds = {name: iso.str.fullmatch(pattern).fillna(False).astype(bool) for name, pattern in _DATE_PATTERNS.items()}
    if kinds["dd.mm.yyyy"].any():
        german = (iso.str.replace(r"^(\d)\.", r"0\1.", regex=True)
                  .str.replace(r"^(\d\d)\.(\d)\.", r"\1.0\2.", regex=True)
                  .str.replace(r"^(\d\d)\.(\d\d)\.(\d{4})", r"\3-\2-\1", regex=True))
        iso = iso.where(~kinds["dd.mm.yyyy"], german)
    if kinds["yyyymmdd"].any():
        iso = iso.where(~kinds["yyyymmdd"], iso.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True))
    known = kinds["dd.mm.yyyy"] | kinds["iso"] | kinds["yyyymmdd"]
    formats.update(name for name, mask in kinds.items() if mask.any())
    iso = iso.str.replace(r" (\d):", r" 0\1:", regex=True)
    parsed = pd.Series(pd.to_datetime(iso.where(known, None), format="ISO8601", errors="coerce").to_numpy(),
                       index=text.index).astype("datetime64[ns]")
    bad = parsed.isna().to_numpy(dtype=bool)
    if bad.any():
        short = bad & text.str.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2}(?:\s.*)?").fillna(False).to_numpy(dtype=bool)
        if short.any():
            i = _first(short)
            raise TableError(source, f"column {label} has a two-digit year {_at(text.index, i)}: '{text.iloc[i]}' "
                                     "(1965, 2065 or 1905?); export dates with four-digit years (dd.mm.yyyy)",
                             line=_line(text.index, i), column="date")
        i = _first(bad)
        raise TableError(source, f"column {label} has {int(bad.sum())} value(s) that are not dates (first "
                                 f"{_at(text.index, i)}: '{text.iloc[i]}'; write dates as dd.mm.yyyy or "
                                 "yyyy-mm-dd)", line=_line(text.index, i), column="date")
    return parsed


def parse_numbers(values: pd.Series, *, source: str | Path, label: str) -> pd.Series:
    """Floats from a column of an in-memory table: numbers pass, empty text is NaN, other text an error.

    Unlike a file, an in-memory table has no markers: ``'nan'`` text there is a mistake, not a gap.
    """
    if pd.api.types.is_numeric_dtype(values):
        numbers = pd.Series(values.to_numpy(dtype=float), index=values.index)
        infinite = pd.Series(np.isinf(numbers.to_numpy()), index=values.index)
        if infinite.any():
            i = _first(infinite)
            raise TableError(source, f"column {label} has {int(infinite.sum())} non-numeric value(s) (first "
                                     f"{_at(values.index, i)}: {values.iloc[i]!r})", line=_line(values.index, i))
        return numbers
    text = _text(values).str.strip()
    marked = text.str.lower().isin(MISSING_MARKERS - {""})
    if marked.any():
        i = _first(marked)
        raise TableError(source, f"column {label} has {int(marked.sum())} non-numeric value(s) (first "
                                 f"{_at(values.index, i)}: '{text.iloc[i]}')", line=_line(values.index, i))
    numbers, _ = _parse_number_text(text, source=source, label=label)
    return numbers


# --------------------------------------------------------------------------------------------
# heads, weather, wells
# --------------------------------------------------------------------------------------------

def heads_frame(table: Table, *, ground_elevation_m: float | None = None,
                notes: list[str] | None = None) -> pd.DataFrame:
    """``date`` and ``head_m`` (m a.s.l.) per row of a heads table; depths below ground become heads.

    The ground elevation comes from the file's metadata (the reference its depths were
    measured from), else from ``ground_elevation_m`` (an argument or the wells table); a
    difference of more than 1 cm between the two is reported. Without any, :class:`TableError`
    names the file. What was done is appended to ``notes`` (default: the table's notes).
    """
    notes = table.notes if notes is None else notes
    data = table.data
    if "head_m" in data.columns:
        return pd.DataFrame({"date": data["date"], "head_m": data["head_m"]}, index=data.index)
    column = table.columns["depth_m"]
    given = float(ground_elevation_m) if ground_elevation_m is not None else None
    if given is not None and not np.isfinite(given):
        given = None
    in_file = table.meta_number("ground_elevation_m")
    if in_file is not None:
        ground, origin = in_file, f"the metadata line '{table.metadata_names['ground_elevation_m'][0]}'"
        if given is not None and abs(given - in_file) > 0.01:
            notes.append(f"The file's ground elevation ({in_file:.2f} m) differs from the given one ({given:.2f} m); "
                         "the file's was used, since its depths are measured from it.")
    elif given is not None:
        ground, origin = given, "the well's ground_elevation_m"
    else:
        raise TableError(table.path, f"holds depths below ground in column {column.label} but no ground elevation "
                                     "is known to turn them into heads: add a metadata line such as "
                                     "'Geländehöhe [m NN];412,30' above the header, or give the well's "
                                     "ground_elevation_m", column="depth_m")
    notes.append(f"Heads were computed as the ground elevation {ground:.2f} m (from {origin}) minus the depth "
                 f"below ground in {column.label}.")
    if fold(column.text).startswith("abstich"):
        notes.append(f"{column.label} was taken as depth below ground; if it was measured from the top of the "
                     "casing (Messpunkt), these heads are too low by the casing height.")
    return pd.DataFrame({"date": data["date"], "head_m": ground - data["depth_m"]}, index=data.index)


def daily_heads(table: pd.DataFrame | pd.Series, name: str = "heads", *,
                labels: Mapping[str, str] | None = None) -> pd.Series:
    """A sorted daily series (m), named ``head_m``, from a table with ``date`` and ``head_m``.

    Rows without a value are gaps and are dropped. Several readings on one day (duplicate
    dates, or sub-daily logger data) are averaged to one daily value, because every model
    here works on days.
    """
    labels = dict(labels or {})
    if isinstance(table, pd.Series):
        table = pd.DataFrame({"date": table.index, "head_m": table.to_numpy()})
    table = _normalise_columns(table, name)
    _require_columns(table, ("date", "head_m"), name)
    dates = parse_dates(table["date"], source=name, label=labels.get("date", "'date'"))
    values = parse_numbers(table["head_m"], source=name, label=labels.get("head_m", "'head_m'"))
    series = pd.Series(values.to_numpy(), index=dates.dt.normalize().to_numpy(), name="head_m").dropna()
    if series.empty:
        raise TableError(name, f"column {labels.get('head_m', repr('head_m'))} has no values", column="head_m")
    series = series.groupby(level=0).mean().sort_index()
    series.index = pd.DatetimeIndex(series.index, name="date").as_unit("ns")
    return series


def daily_weather(table: pd.DataFrame, name: str = "weather", *,
                  labels: Mapping[str, str] | None = None, notes: list[str] | None = None) -> pd.DataFrame:
    """A daily weather table indexed by date with float columns, complete and without gaps.

    Weather drives the simulation day by day, so it must be complete and plausible: short
    gaps and slightly negative evaporation (dew) are repaired and reported in ``notes``,
    longer gaps and implausible values refused (:mod:`koki_climate.io.weather`). Exact
    duplicate rows are dropped; the same date with different values is an error.
    """
    labels = dict(labels or {})
    table = _normalise_columns(table, name)
    _require_columns(table, ("date", "precipitation_mm"), name)
    if "pet_mm" not in table.columns and "temperature_c" not in table.columns:
        raise TableError(name, "needs a column 'pet_mm' or 'temperature_c' besides 'precipitation_mm' "
                               f"(found: {', '.join(map(str, table.columns))})")
    dates = parse_dates(table["date"], source=name, label=labels.get("date", "'date'"))
    out = pd.DataFrame(index=pd.DatetimeIndex(dates.dt.normalize().to_numpy(), name="date").as_unit("ns"))
    for column in WEATHER_COLUMNS:
        if column in table.columns:
            out[column] = parse_numbers(table[column], source=name, label=labels.get(column, f"'{column}'")).to_numpy()
    out = out.reset_index().drop_duplicates().set_index("date")
    duplicated = out.index[out.index.duplicated()]
    if len(duplicated):
        first = ", ".join(d.strftime("%Y-%m-%d") for d in duplicated.unique()[:3])
        raise TableError(name, f"{len(duplicated.unique())} date(s) appear twice with different values, e.g. {first}")
    out = out.sort_index()
    if len(out) < 2:
        raise TableError(name, f"needs daily values, found {len(out)} row(s)")
    try:
        return complete_weather(out, labels, notes)
    except WeatherError as exc:
        raise TableError(name, str(exc), column=exc.column) from None


def _normalise_columns(table: pd.DataFrame, name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TableError(name, f"expected a table, got {type(table).__name__}")
    table = table.copy()
    if "date" not in table.columns and isinstance(table.index, pd.DatetimeIndex):
        table = table.reset_index(names="date")
    table.columns = [str(c).strip().lower() for c in table.columns]
    return table


def _require_columns(table: pd.DataFrame, required: tuple[str, ...], name: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        found = ", ".join(map(str, table.columns)) or "none"
        raise TableError(name, f"missing column(s) {', '.join(missing)} (found: {found})", column=missing[0])
    if table.empty:
        raise TableError(name, "the table has no rows")


def read_heads(path: str | Path, *, ground_elevation_m: float | None = None, name: str | None = None,
               notes: list[str] | None = None) -> pd.Series:
    """A well's daily mean head (m a.s.l.) from a heads file giving heads or depths below ground.

    ``ground_elevation_m`` turns depths into heads when the file's metadata has no ground
    elevation; ``name`` replaces the path in messages about the values (``well 4711``); what
    was converted is appended to ``notes`` as plain sentences.
    """
    table = read_table(path, kind="heads")
    frame = heads_frame(table, ground_elevation_m=ground_elevation_m)
    series = daily_heads(frame, name or str(table.path), labels=table.labels())
    readings = int(frame["head_m"].notna().sum())
    if readings > len(series):
        table.notes.append(f"{readings} readings were averaged to {len(series)} daily means.")
    if notes is not None:
        notes.extend(table.notes)
    return series


def read_weather(path: str | Path, *, notes: list[str] | None = None) -> pd.DataFrame:
    """Daily weather (``precipitation_mm`` and ``pet_mm`` and/or ``temperature_c``), complete, indexed by date."""
    table = read_table(path, kind="weather")
    repairs: list[str] = []
    weather = daily_weather(table.data, str(table.path), labels=table.labels(), notes=repairs)
    if notes is not None:
        notes.extend(table.notes + repairs)
    return weather


def read_wells(path: str | Path, *, crs: str | None = None, notes: list[str] | None = None) -> pd.DataFrame:
    """Well locations: ``well_id`` (text), ``x``, ``y``, ``ground_elevation_m`` (NaN where not given).

    Coordinates stay as written: ``crs`` (or a ``Koordinatensystem`` metadata line) only
    documents them, in ``frame.attrs["crs"]``; the builder reprojects. A well without id or
    coordinates, or an id given twice, is refused naming the lines.
    """
    table = read_table(path, kind="wells")
    data = table.data
    elevation = data["ground_elevation_m"] if "ground_elevation_m" in data else pd.Series(np.nan, index=data.index)
    frame = pd.DataFrame({"well_id": data["well_id"], "x": data["x"], "y": data["y"],
                          "ground_elevation_m": elevation}, index=data.index)
    for column in ("well_id", "x", "y"):
        empty = frame[column].eq("") if column == "well_id" else frame[column].isna()
        if empty.any():
            i = _first(empty)
            raise TableError(table.path, f"column {table.label(column)} is empty {_at(frame.index, i)}; every well "
                                         "needs an id and coordinates", line=_line(frame.index, i), column=column)
    duplicated = frame["well_id"].duplicated(keep=False)
    if duplicated.any():
        first = frame["well_id"][duplicated].iloc[0]
        lines = [int(line) for line in frame.index[frame["well_id"].eq(first).to_numpy()]]
        raise TableError(table.path, f"well id '{first}' appears on lines {', '.join(map(str, lines))}; ids must be "
                                     "unique", line=lines[1], column="well_id")
    if "ground_elevation_m" not in data:
        table.notes.append("The table has no ground elevation column: heads given as depths below ground need one.")
    declared = table.meta_text("crs")
    if crs is None and declared:
        crs = declared
        table.notes.append(f"Coordinates are in '{declared}' (metadata line '{table.metadata_names['crs'][0]}').")
    elif crs is None:
        table.notes.append(_coordinate_hint(frame["x"]))
    frame = frame.reset_index(drop=True)
    frame.attrs["crs"] = crs
    if notes is not None:
        notes.extend(table.notes)
    return frame


def _coordinate_hint(x: pd.Series) -> str:
    """A guess at the coordinate system from the eastings, for the planner to confirm (never applied)."""
    if x.between(32e6, 33e6).all():
        return ("No coordinate system given; eastings of 32 million look like UTM zone 32 with the zone number "
                "in front (EPSG:4647); name the CRS in the build spec.")
    if x.between(33e6, 34e6).all():
        return ("No coordinate system given; eastings of 33 million look like UTM zone 33 with the zone number "
                "in front (EPSG:5650); name the CRS in the build spec.")
    if x.between(2.4e6, 5.6e6).all():
        return ("No coordinate system given; 7-digit eastings starting with 2-5 look like Gauss-Krüger "
                "(EPSG:31466-31469); name the CRS in the build spec.")
    return "No coordinate system given; the coordinates were kept as written."


__all__ = ["ALIASES", "Column", "decode_text", "KIND_COLUMNS", "MISSING_MARKERS", "MISSING_NUMBERS", "Table", "TableError",
           "TableKind", "WEATHER_COLUMNS", "daily_heads", "daily_weather", "fold", "heads_frame", "parse_column",
           "parse_dates", "parse_header", "parse_numbers", "read_heads", "read_table", "read_weather", "read_wells"]
