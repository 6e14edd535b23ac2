"""The one table reader (``koki_climate.io.tables``): German portal CSV reads as the English files do.

The real heads of ``data/groundwater-example`` (the same file as
``/work/shared/data/groundwater-example/heads.csv``) are written back in the forms the
states' portals export (``;`` with decimal commas and ``dd.mm.yyyy``, metadata above a German
header in Windows-1252, depths below ground, missing-value markers) and must read back to
the same series. Expected values are worked out from the written text, never taken from the
reader's output: a number written as the same digits with a comma instead of a point is the
same double, so those comparisons are exact; where the file holds depths, the head is
``ground - depth`` in floating point, and the tolerance says why.
"""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koki_climate.cli import main
from koki_climate.errors import InputError
from koki_climate.groundwater import read_climate_csv, read_heads_csv
from koki_climate.io.tables import (ALIASES, TableError, parse_column, read_heads, read_table, read_weather,
                                    read_wells)

DATA = Path(__file__).parent / "data" / "groundwater-example"
GROUND = "31,25"  # Geländehöhe of the test well, m NN: above every head of the example (26.71 .. 28.96 m)


@pytest.fixture
def heads_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "heads.csv"
    shutil.copy(DATA / "heads.csv", copy)
    return copy


def raw_rows(path: Path) -> list[tuple[str, str]]:
    """(date, head) as written in the English file, text untouched."""
    frame = pd.read_csv(path, dtype=str)
    return list(zip(frame["date"], frame["head_m"]))


def de_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def de_number(text: str) -> str:
    return text.replace(".", ",")


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


# --- the English original is the reference --------------------------------------------------

def test_english_original_reads_as_written(heads_copy: Path) -> None:
    """The reference itself: every written value, on its date, as the float its digits name."""
    series = read_heads_csv(heads_copy)
    rows = raw_rows(heads_copy)
    assert len(series) == len(rows) == 644  # one reading per date in this file
    expected = pd.Series([float(v) for _, v in rows], index=pd.DatetimeIndex([d for d, _ in rows]))
    assert series.index.equals(pd.DatetimeIndex(expected.index, name="date").as_unit("ns"))
    assert (series.to_numpy() == expected.to_numpy()).all()


# --- (a)-(d): German variants give the same series -----------------------------------------

def test_a_semicolon_decimal_comma_german_dates(heads_copy: Path, tmp_path: Path) -> None:
    # the same digits with a comma: the reader parses the very same decimal string, so exact
    lines = ["Datum;Grundwasserstand [m NN]"] + [f"{de_date(d)};{de_number(v)}" for d, v in raw_rows(heads_copy)]
    german = write(tmp_path / "de.csv", lines)
    notes: list[str] = []
    pd.testing.assert_series_equal(read_heads(german, notes=notes), read_heads_csv(heads_copy))
    assert "Numbers were read with a decimal comma." in notes
    assert "Dates were read as day.month.year (dd.mm.yyyy)." in notes


def test_b_metadata_and_german_header_in_windows_1252(heads_copy: Path, tmp_path: Path) -> None:
    lines = ["Messstelle;NB1", "Name;Grundwassermessstelle Übersee-Nord", "Rechtswert;32512345,0",
             "Hochwert;5401234,5", f"Geländehöhe [m ü. NN];{GROUND}", "",
             "Datum;Wasserstand (m ü. NN);Prüfstatus"]
    lines += [f"{de_date(d)};{de_number(v)};geprüft" for d, v in raw_rows(heads_copy)]
    german = write(tmp_path / "de.csv", lines, encoding="cp1252")
    assert b"\xdc" in german.read_bytes()  # 'Ü' as one Windows-1252 byte: the file is not UTF-8

    notes: list[str] = []
    pd.testing.assert_series_equal(read_heads(german, notes=notes), read_heads_csv(heads_copy))
    assert any("Windows-1252" in note for note in notes)
    assert any("'Prüfstatus'" in note and "not used" in note for note in notes)

    table = read_table(german, kind="heads")
    assert table.header_line == 7
    assert table.metadata["Name"] == "Grundwassermessstelle Übersee-Nord"
    assert table.meta_text("well_id") == "NB1"
    assert table.meta_number("x") == 32512345.0 and table.meta_number("y") == 5401234.5
    assert table.meta_number("ground_elevation_m") == 31.25
    assert int(table.data.index[0]) == 8  # rows are indexed by their line in the file


def test_c_depth_below_ground_with_the_ground_elevation_in_the_metadata(heads_copy: Path, tmp_path: Path) -> None:
    """Flurabstand = Geländehöhe - head, written to the centimetre as portals do.

    Every head of the example has two decimals (the 7e-15 beyond is float noise of the
    source's m/d conversion, checked below), so the depth rounded to cm is exact and the read
    head 31.25 - depth differs from the original only by float rounding, far below 1e-9 m.
    """
    rows = raw_rows(heads_copy)
    assert max(abs(float(v) - round(float(v), 2)) for _, v in rows) < 1e-12
    ground = 31.25
    lines = ["Messstellen-ID: NB1", f"Geländehöhe [m NN];{GROUND}", "Datum;Flurabstand [m u. GOK]"]
    lines += [f"{de_date(d)};{de_number(f'{ground - float(v):.2f}')}" for d, v in rows]
    german = write(tmp_path / "depth.csv", lines, encoding="cp1252")
    notes: list[str] = []
    series = read_heads(german, notes=notes)
    original = read_heads_csv(heads_copy)
    assert series.index.equals(original.index)
    np.testing.assert_allclose(series.to_numpy(), original.to_numpy(), rtol=0, atol=1e-9)
    assert any("ground elevation 31.25 m" in note and "Geländehöhe [m NN]" in note for note in notes)


def test_d_missing_value_markers_are_gaps(heads_copy: Path, tmp_path: Path) -> None:
    """Marker rows on days without a reading: dropped as gaps, so the series is the original exactly."""
    markers = ["", "-", "--", "---", "k.A.", "n.a.", "NaN", "#NV", "-999", "-9999", "-999,0"]
    rows = raw_rows(heads_copy)
    taken = {d for d, _ in rows}
    lines, inserted = ["Datum;GW-Stand [m NN]"], []
    for i, (d, v) in enumerate(rows):
        lines.append(f"{de_date(d)};{de_number(v)}")
        next_day = (pd.Timestamp(d) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        if i % 20 == 0 and next_day not in taken:
            marker = markers[len(inserted) % len(markers)]
            lines.append(f"{de_date(next_day)};{marker}")
            inserted.append(marker)
    assert set(inserted) == set(markers)  # every marker was written at least once
    german = write(tmp_path / "gaps.csv", lines)
    notes: list[str] = []
    pd.testing.assert_series_equal(read_heads(german, notes=notes), read_heads_csv(heads_copy))
    marked = sum(1 for m in inserted if m)  # empty cells are plain gaps, not reported
    assert any(note.startswith(f"{marked} value(s) in 'GW-Stand [m NN]' (head_m) marked as missing")
               for note in notes)


def test_minus_99_is_a_value_and_minus_999_a_marker(tmp_path: Path) -> None:
    # a head of -99 m NN exists where mines drain the ground; -999 is below any plausible head (-450 m)
    path = write(tmp_path / "h.csv", ["Datum;Wasserstand [m NN]", "01.01.2000;-99", "02.01.2000;-999",
                                      "03.01.2000;-99,5"])
    series = read_heads(path)
    assert series.to_dict() == {pd.Timestamp("2000-01-01"): -99.0, pd.Timestamp("2000-01-03"): -99.5}


# --- weather and wells -----------------------------------------------------------------------

def test_german_weather_reads_as_the_english_one(tmp_path: Path) -> None:
    climate = pd.read_csv(DATA / "climate.csv", dtype=str).iloc[:400]
    # a temperature column as text with one decimal, as a station would write it
    temperature = [f"{10 * math.sin(i / 58.0) - 2:.1f}" for i in range(len(climate))]
    english = write(tmp_path / "en.csv", ["date,precipitation_mm,temperature_c"] +
                    [f"{d},{p},{t}" for d, p, t in zip(climate["date"], climate["precipitation_mm"], temperature)])
    german = write(tmp_path / "de.csv", ["Datum;Niederschlag [mm];Temperatur [°C]"] +
                   [f"{de_date(d)};{de_number(p)};{de_number(t)}"
                    for d, p, t in zip(climate["date"], climate["precipitation_mm"], temperature)],
                   encoding="cp1252")
    expected = read_climate_csv(english)
    assert list(expected.columns) == ["precipitation_mm", "temperature_c"]
    assert expected["precipitation_mm"].tolist() == [float(p) for p in climate["precipitation_mm"]]
    assert expected["temperature_c"].tolist() == [float(t) for t in temperature]
    pd.testing.assert_frame_equal(read_weather(german), expected)


def test_a_short_weather_gap_is_filled_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "w.csv", ["Datum;Niederschlag [mm];pot. Verdunstung [mm]", "01.01.2000;0,0;0,4",
                                      "02.01.2000;k.A.;k.A.", "03.01.2000;1,2;0,6"])
    notes: list[str] = []
    weather = read_weather(path, notes=notes)
    # no rain is invented (0 mm); evaporation lies between its neighbours: (0.4 + 0.6) / 2
    assert weather.loc["2000-01-02", "precipitation_mm"] == 0.0
    assert weather.loc["2000-01-02", "pet_mm"] == pytest.approx(0.5)
    text = " ".join(notes)
    assert "'Niederschlag [mm]' (precipitation_mm)" in text and "with 0 mm" in text and "2000-01-02" in text


def test_a_long_weather_gap_names_the_file_column_and_day(tmp_path: Path) -> None:
    rows = [f"{day:02d}.01.2000;{'k.A.' if 3 <= day <= 6 else '1,0'};0,5" for day in range(1, 10)]
    path = write(tmp_path / "w.csv", ["Datum;Niederschlag [mm];pot. Verdunstung [mm]", *rows])
    with pytest.raises(InputError) as info:
        read_weather(path)
    message = str(info.value)
    assert str(path) in message and "'Niederschlag [mm]' (precipitation_mm)" in message
    assert "4 days in a row" in message and "2000-01-03" in message


def test_dew_is_set_to_zero_and_reported_but_implausible_values_are_refused(tmp_path: Path) -> None:
    dew = write(tmp_path / "dew.csv", ["date,precipitation_mm,pet_mm", "2000-01-01,0,0.3", "2000-01-02,0,-0.14",
                                       "2000-01-03,0,-0.05", "2000-01-04,2,0.2"])
    notes: list[str] = []
    weather = read_weather(dew, notes=notes)
    assert weather["pet_mm"].tolist() == [0.3, 0.0, 0.0, 0.2]
    assert any("2 day(s) with slightly negative" in n and "-0.14 mm on 2000-01-02" in n for n in notes)
    for name, row, words in (("pet.csv", "2000-01-02,0,-3.5", "-3.5 on 2000-01-02"),
                             ("rain.csv", "2000-01-02,-0.2,1", "-0.2 on 2000-01-02"),
                             ("hot.csv", "2000-01-02,0,1,71", "71 on 2000-01-02")):
        header = "date,precipitation_mm,pet_mm" + (",temperature_c" if name == "hot.csv" else "")
        extra = ",10" if name == "hot.csv" else ""
        path = write(tmp_path / name, [header, f"2000-01-01,0,1{extra}", row, f"2000-01-03,0,1{extra}"])
        with pytest.raises(InputError) as info:
            read_weather(path)
        assert str(path) in str(info.value) and words in str(info.value), str(info.value)


def test_wells_table_with_german_columns_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "wells.csv", [
        "Bundesland;Bayern",
        "Koordinatensystem;ETRS89 / UTM 32N (zE-N)",
        "",
        "MKZ;Name;Rechtswert;Hochwert;Geländehöhe [m NN];Bemerkung",
        "4711;Brunnen Öd;32.512.345,0;5.401.234,5;412,30;",
        "4712;Brunnen Übersee;32.512.400,5;5.401.300,0;k.A.;außer Betrieb",
    ], encoding="cp1252")
    notes: list[str] = []
    wells = read_wells(path, notes=notes)
    assert list(wells.columns) == ["well_id", "x", "y", "ground_elevation_m"]
    assert wells["well_id"].tolist() == ["4711", "4712"]
    assert wells["x"].tolist() == [32512345.0, 32512400.5]  # '.' groups thousands beside a decimal comma
    assert wells["y"].tolist() == [5401234.5, 5401300.0]
    assert wells["ground_elevation_m"].iloc[0] == 412.3 and np.isnan(wells["ground_elevation_m"].iloc[1])
    assert wells.attrs["crs"] == "ETRS89 / UTM 32N (zE-N)"
    assert any("Thousands separators" in note for note in notes)
    assert any("'MKZ' as well_id" in note and "'Rechtswert' as x" in note for note in notes)


def test_wells_without_crs_get_a_hint_and_keep_their_coordinates(tmp_path: Path) -> None:
    path = write(tmp_path / "wells.csv", ["Messstelle,Ostwert,Nordwert,GOK", "A,32512345.0,5401234.5,412.3"])
    notes: list[str] = []
    wells = read_wells(path, notes=notes)
    assert wells["x"].tolist() == [32512345.0]  # never reprojected here
    assert wells.attrs["crs"] is None
    assert any("EPSG:4647" in note for note in notes)
    assert read_wells(path, crs="EPSG:4647").attrs["crs"] == "EPSG:4647"


def test_wells_with_a_duplicate_id_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "wells.csv", ["well_id,x,y", "A,1,2", "B,3,4", "A,5,6"])
    with pytest.raises(InputError, match=r"well id 'A' appears on lines 2, 4"):
        read_wells(path)


# --- clear messages --------------------------------------------------------------------------

def test_unparseable_dates_name_file_line_and_value(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "h.csv", ["Messstelle;4711", "Datum;Wasserstand [m NN]", "01.01.2000;412,30",
                                      "02.01.2000;412,31", "31.02.2000;412,32"])
    with pytest.raises(TableError) as info:
        read_heads(path)
    error = info.value
    assert str(path) in str(error) and "line 5" in str(error) and "'31.02.2000'" in str(error)
    assert (error.line, error.column) == (5, "date")
    # the same through the command line: one line, no traceback
    assert main(["groundwater", "trend", "--heads", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and "line 5" in err and "31.02.2000" in err


def test_two_digit_years_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", ["Datum;Wasserstand [m NN]", "01.02.65;412,30"])
    with pytest.raises(InputError, match=r"two-digit year on line 2: '01\.02\.65'.*four-digit"):
        read_heads(path)


def test_depth_without_ground_elevation_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", ["Datum;Flurabstand [m u. GOK]", "01.01.2000;2,30"])
    with pytest.raises(InputError) as info:
        read_heads(path)
    message = str(info.value)
    assert message.startswith(f"{path}: holds depths below ground") and "no ground elevation" in message
    # given by the caller (e.g. from the wells table), it converts: 412.3 - 2.3 = 410.0
    assert read_heads(path, ground_elevation_m=412.3).iloc[0] == pytest.approx(410.0, abs=1e-9)


def test_missing_header_lists_what_was_found(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", ["Messstelle;4711", "Foo;Bar", "1;2"])
    with pytest.raises(InputError) as info:
        read_heads(path)
    message = str(info.value)
    assert str(path) in message and "no header row of a heads table" in message
    assert "line 1: 'Messstelle;4711'" in message and "line 2: 'Foo;Bar'" in message
    # a date but no level column: the header is found, the missing column named with what is there
    path = write(tmp_path / "h2.csv", ["Datum;Wert", "01.01.2000;1,0"])
    with pytest.raises(InputError,
                       match=r"missing column\(s\) head_m \(found: 'Datum', 'Wert' in the header on line 1\)"):
        read_heads(path)


def test_mixed_decimal_marks_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", ["Datum;Wasserstand [m NN]", "01.01.2000;412,30", "02.01.2000;412.35"])
    with pytest.raises(InputError,
                       match=r"mixes decimal comma and decimal point: '412,30' \(line 2.*'412\.35' \(line 3"):
        read_heads(path)


def test_decimal_comma_in_a_comma_separated_file_is_refused(tmp_path: Path) -> None:
    # "10,5" split at ',' is two fields: reading on would silently give 10
    path = write(tmp_path / "h.csv", ["date,head_m", "2000-01-01,10.0", "2000-01-02,10,5"])
    with pytest.raises(InputError, match=r"line 3 has more fields than the header"):
        read_heads(path)


# --- the reading rules -----------------------------------------------------------------------

def test_numbers_that_read_only_one_way(tmp_path: Path) -> None:
    # '412.305' alone could be a German 412305: with nothing else to decide, a point is a decimal point
    path = write(tmp_path / "h.csv", ["date;head_m", "2000-01-01;412.305", "2000-01-02;1.234"])
    assert read_heads(path).tolist() == [412.305, 1.234]
    # beside a decimal comma, '.' groups thousands: 1.234,5 is 1234.5
    path = write(tmp_path / "h2.csv", ["Datum;Wasserstand [m NN]", "01.01.2000;1.234,5", "02.01.2000;412,3"])
    assert read_heads(path).tolist() == [1234.5, 412.3]


def test_units_and_references_in_the_header(tmp_path: Path) -> None:
    # the unit names the reference: 'Wasserstand [m u. GOK]' is a depth; cm are converted
    path = write(tmp_path / "h.csv", ["Geländehöhe: 41230 cm", "Datum;Wasserstand [cm u. GOK]", "01.01.2000;230"])
    notes: list[str] = []
    assert read_heads(path, notes=notes).iloc[0] == pytest.approx(412.30 - 2.30, abs=1e-9)
    assert any("converted from cm to m" in note for note in notes)
    path = write(tmp_path / "t.csv", ["Datum;Niederschlag [mm/d];Lufttemperatur [K]", "01.01.2000;1;273,15",
                                      "02.01.2000;0;283,15"])
    weather = read_weather(path)
    assert weather["temperature_c"].tolist() == pytest.approx([0.0, 10.0], abs=1e-9)


def test_date_and_time_columns_and_offsets(tmp_path: Path) -> None:
    # two readings on 1 January (12.0 and 12.4) average to 12.2
    path = write(tmp_path / "h.csv", ["Datum\tUhrzeit\tGrundwasserstand [m NN]", "01.01.2000\t06:00\t12,0",
                                      "01.01.2000\t18:00\t12,4", "2.1.2000\t6:00\t12,1"])
    series = read_heads(path)
    assert series.index.tolist() == [pd.Timestamp("2000-01-01"), pd.Timestamp("2000-01-02")]
    assert series.iloc[0] == pytest.approx(12.2, abs=1e-12) and series.iloc[1] == 12.1
    # 00:30 at +01:00 is 23:30 UTC of the day before; the day written in the file counts
    path = write(tmp_path / "tz.csv", ["date,head_m", "2000-01-01T00:30+01:00,1.5", "20000102,1.6"])
    assert read_heads(path).index.tolist() == [pd.Timestamp("2000-01-01"), pd.Timestamp("2000-01-02")]


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_bytes("Datum\tGW-Stand [m ü. NN]\r\n01.01.2000\t412,3\r\n".encode("utf-16"))
    assert read_heads(path).iloc[0] == 412.3


def test_every_alias_maps_to_its_canonical_name() -> None:
    for canonical, names in ALIASES.items():
        for name in names:
            for spelling in (name, name.upper(), f" {name} ", f"{name} [m]"):
                assert parse_column(spelling).canonical == canonical, spelling
    # ASCII spellings of umlauts, case and units do not matter
    for spelling in ("Gelaendehoehe", "GELÄNDEHÖHE [m NN]", "Gelandehohe", "geländehöhe (m ü. NN)"):
        assert parse_column(spelling).canonical == "ground_elevation_m"
    assert parse_column("Wasserstand (m ü. NN)").canonical == "head_m"
    assert parse_column("Wasserstand [m u. GOK]").canonical == "depth_m"
    assert parse_column("Bemerkung").canonical is None


# --- the region loader reads portal files too ------------------------------------------------

def test_region_with_german_wells_and_depth_heads(small_region_dir: Path, tmp_path: Path) -> None:
    """wells.csv in German with metadata, GWM001 as depths: the ground elevation comes from the wells table.

    The depth is written as repr(ground - head); reading gives ground - depth, which differs
    from the head by at most two float roundings of numbers below 1000 m (about 1e-13 m).
    """
    from koki_climate.region import open_region

    region = tmp_path / "region"
    shutil.copytree(small_region_dir, region)
    wells = pd.read_csv(region / "wells" / "wells.csv", dtype={"well_id": str})
    heads = pd.read_csv(region / "wells" / "heads" / "GWM001.csv")
    write(region / "wells" / "wells.csv",
          ["Koordinatensystem;EPSG:25832", "MKZ;Rechtswert;Hochwert;Geländehöhe [m NN]"]
          + [f"{w};{de_number(repr(x))};{de_number(repr(y))};{de_number(repr(z))}"
             for w, x, y, z in wells.itertuples(index=False)], encoding="cp1252")
    ground = float(wells.loc[wells["well_id"] == "GWM001", "ground_elevation_m"].iloc[0])
    write(region / "wells" / "heads" / "GWM001.csv", ["Datum;Flurabstand [m u. GOK]"]
          + [f"{de_date(d)};{de_number(repr(ground - h))}" for d, h in zip(heads["date"], heads["head_m"])])

    opened = open_region(region)
    assert opened.wells["well_id"].tolist() == wells["well_id"].tolist()
    assert (opened.wells["x"].to_numpy() == wells["x"].to_numpy()).all()
    assert (opened.wells["ground_elevation_m"].to_numpy() == wells["ground_elevation_m"].to_numpy()).all()
    read = opened.read_heads("GWM001")
    assert list(read.columns) == ["date", "head_m"]
    assert (read["date"].to_numpy() == pd.to_datetime(heads["date"]).to_numpy()).all()
    np.testing.assert_allclose(read["head_m"].to_numpy(), heads["head_m"].to_numpy(), rtol=0, atol=1e-9)


# --- property: any finite series, any supported format, reads back ---------------------------

HEADS = st.floats(min_value=-450.0, max_value=9000.0, allow_nan=False, allow_infinity=False).filter(
    lambda v: v not in (-999.0, -9999.0))  # the two documented numeric markers


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(),
       values=st.lists(HEADS, min_size=1, max_size=30),
       start=st.dates(min_value=pd.Timestamp("1900-01-01").date(), max_value=pd.Timestamp("2090-01-01").date()),
       sep=st.sampled_from([";", ",", "\t"]),
       dates=st.sampled_from(["iso", "german", "german_time", "compact"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       german_names=st.booleans(), metadata=st.booleans(), depth=st.booleans(), marker_row=st.booleans())
def test_any_series_in_any_supported_format_reads_back(tmp_path_factory, data, values, start, sep, dates, encoding,
                                                       german_names, metadata, depth, marker_row) -> None:
    """Written with repr() (the digits that round-trip), a head reads back exactly; as a depth
    ``ground - head``, the read head ``ground - depth`` is off by at most two roundings of
    numbers below 10,000 m (< 4e-12 m), hence the 1e-11 tolerance."""
    decimal = data.draw(st.sampled_from(["."] if sep == "," else [".", ","]), label="decimal")
    ground = data.draw(st.floats(min_value=0.0, max_value=3000.0), label="ground") if depth else None
    days = pd.date_range(pd.Timestamp(start), periods=len(values), freq="D")

    def number(v: float) -> str:
        return repr(float(v)).replace(".", decimal)

    def day(d: pd.Timestamp) -> str:
        return {"iso": d.strftime("%Y-%m-%d"), "german": d.strftime("%d.%m.%Y"),
                "german_time": d.strftime("%d.%m.%Y 12:00"), "compact": d.strftime("%Y%m%d")}[dates]

    level = ("Flurabstand [m u. GOK]" if german_names else "depth_m") if depth else \
        ("Grundwasserstand [m ü. NN]" if german_names else "head_m")
    lines = []
    if metadata:
        lines += [sep.join(["Messstelle", "4711"]), sep.join(["Name", "Brunnen Süd"])]
        if depth:
            lines.append(sep.join(["Geländehöhe [m NN]", number(ground)]))
    lines.append(sep.join(["Datum" if german_names else "date", level]))
    lines += [sep.join([day(d), number(ground - v if depth else v)]) for d, v in zip(days, values)]
    if marker_row:
        lines.append(sep.join([day(days[-1] + pd.Timedelta(days=1)), "k.A."]))
    path = write(tmp_path_factory.mktemp("prop") / "heads.csv", lines, encoding=encoding)

    series = read_heads(path, ground_elevation_m=None if (metadata or not depth) else ground)
    assert series.index.equals(pd.DatetimeIndex(days, name="date").as_unit("ns"))
    if depth:
        np.testing.assert_allclose(series.to_numpy(), values, rtol=0, atol=1e-11)
    else:
        assert series.tolist() == [float(v) for v in values]

