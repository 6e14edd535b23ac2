"""Bad tables end in one plain message naming the file and the problem, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from koki_climate.cli import main
from koki_climate.errors import InputError
from koki_climate.groundwater import read_climate_csv, read_heads_csv

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "groundwater-example"


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def climate_csv(tmp_path: Path, start: str = "2000-01-01", days: int = 800) -> Path:
    dates = pd.date_range(start, periods=days, freq="D")
    frame = pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "precipitation_mm": 2.0, "pet_mm": 1.5})
    path = tmp_path / "climate.csv"
    frame.to_csv(path, index=False)
    return path


def heads_csv(tmp_path: Path, start: str = "2000-01-01", n: int = 40, every: str = "14D") -> Path:
    dates = pd.date_range(start, periods=n, freq=every)
    frame = pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "head_m": [10.0 + 0.01 * i for i in range(n)]})
    path = tmp_path / "heads.csv"
    frame.to_csv(path, index=False)
    return path


def fails(argv: list[str], capsys) -> str:
    """Run the CLI in-process; it must fail with exit code 2 and a one-line message."""
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("error: ")
    return err


def fit_args(heads: Path, climate: Path, *extra: str) -> list[str]:
    return ["groundwater", "fit", "--heads", str(heads), "--climate", str(climate), *extra]


def test_missing_file(tmp_path, capsys) -> None:
    missing = tmp_path / "nowhere.csv"
    err = fails(fit_args(missing, climate_csv(tmp_path)), capsys)
    assert str(missing) in err and "not found" in err


def test_missing_columns(tmp_path, capsys) -> None:
    climate = write(tmp_path / "c.csv", "date,rain\n2000-01-01,1\n")
    err = fails(fit_args(heads_csv(tmp_path), climate), capsys)
    assert str(climate) in err and "missing column" in err and "precipitation_mm" in err
    climate = write(tmp_path / "c2.csv", "date,precipitation_mm\n2000-01-01,1\n")
    err = fails(fit_args(heads_csv(tmp_path), climate), capsys)
    assert str(climate) in err and "pet_mm" in err and "temperature_c" in err


def test_unparseable_dates(tmp_path, capsys) -> None:
    heads = write(tmp_path / "h.csv", "date,head_m\n2000-01-01,10.0\nyesterday,10.1\n")
    err = fails(["groundwater", "trend", "--heads", str(heads)], capsys)
    assert str(heads) in err and "not dates" in err and "yesterday" in err


def test_non_numeric_values(tmp_path, capsys) -> None:
    heads = write(tmp_path / "h.csv", "date,head_m\n2000-01-01,10.0\n2000-01-15,ten\n")
    err = fails(["groundwater", "trend", "--heads", str(heads)], capsys)
    assert str(heads) in err and "non-numeric" in err and "head_m" in err and "ten" in err


def test_too_few_observations(tmp_path, capsys) -> None:
    heads = heads_csv(tmp_path, n=5)
    err = fails(["groundwater", "trend", "--heads", str(heads)], capsys)
    assert str(heads) in err and "too few observations" in err
    err = fails(fit_args(heads, climate_csv(tmp_path)), capsys)
    assert str(heads) in err and "too few observations" in err
    err = fails(fit_args(heads_csv(tmp_path, n=40), climate_csv(tmp_path), "--train-end", "2000-03-01"), capsys)
    assert "too few observations" in err and "2000-03-01" in err


def test_no_overlap_between_heads_and_weather(tmp_path, capsys) -> None:
    heads, climate = heads_csv(tmp_path, start="2010-01-01"), climate_csv(tmp_path, start="2000-01-01", days=100)
    err = fails(fit_args(heads, climate), capsys)
    assert str(heads) in err and str(climate) in err and "no overlap" in err


def test_duplicate_dates(tmp_path, capsys) -> None:
    # several readings on one day are averaged: a logger or a repeated measurement
    heads = write(tmp_path / "h.csv", "date,head_m\n2000-01-01,10.0\n2000-01-01,10.2\n2000-01-02 06:00,9.0\n")
    assert read_heads_csv(heads).to_dict() == {pd.Timestamp("2000-01-01"): pytest.approx(10.1),
                                               pd.Timestamp("2000-01-02"): 9.0}
    # a repeated identical weather row is harmless; two different values for one day are not
    same = write(tmp_path / "c1.csv", "date,precipitation_mm,pet_mm\n2000-01-01,1,1\n2000-01-01,1,1\n2000-01-02,0,1\n")
    assert len(read_climate_csv(same)) == 2
    climate = write(tmp_path / "c.csv", "date,precipitation_mm,pet_mm\n2000-01-01,1,1\n2000-01-01,5,1\n2000-01-02,0,1\n")
    err = fails(fit_args(heads_csv(tmp_path), climate), capsys)
    assert str(climate) in err and "appear twice" in err and "2000-01-01" in err


def test_gaps_and_empty_values_in_weather(tmp_path) -> None:
    # a missing day is filled (no rain invented, evaporation interpolated) and reported
    gap = write(tmp_path / "g.csv", "date,precipitation_mm,pet_mm\n2000-01-01,1,1\n2000-01-03,0,2\n")
    notes: list[str] = []
    filled = read_climate_csv(gap, notes=notes)
    assert filled.loc["2000-01-02"].tolist() == [0.0, 1.5] and "2000-01-02" in notes[0]
    long_gap = write(tmp_path / "l.csv", "date,precipitation_mm,pet_mm\n2000-01-01,1,1\n2000-01-06,0,1\n")
    with pytest.raises(InputError, match=r"l\.csv.*4 days in a row.*2000-01-02"):
        read_climate_csv(long_gap)
    negative = write(tmp_path / "n.csv", "date,precipitation_mm,pet_mm\n2000-01-01,-1,1\n2000-01-02,0,1\n")
    with pytest.raises(InputError, match=r"n\.csv.*-1 on 2000-01-01.*cannot be negative"):
        read_climate_csv(negative)


def test_bad_train_end(tmp_path, capsys) -> None:
    err = fails(fit_args(heads_csv(tmp_path), climate_csv(tmp_path), "--train-end", "soon"), capsys)
    assert "soon" in err and "not a date" in err


def test_german_csv_is_read(tmp_path) -> None:
    heads = write(tmp_path / "h.csv", "date;head_m\n01.02.2000;10,5\n15.02.2000;10,7\n")
    series = read_heads_csv(heads)
    assert series.index[0] == pd.Timestamp("2000-02-01") and series.iloc[1] == pytest.approx(10.7)


def test_real_entry_point_exits_without_traceback(tmp_path) -> None:
    missing = tmp_path / "nowhere.csv"
    proc = subprocess.run([sys.executable, "-m", "koki_climate", "groundwater", "fit", "--heads", str(missing),
                           "--climate", str(DATA / "climate.csv")], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert str(missing) in proc.stderr and "not found" in proc.stderr


# --- only ordinary files of bounded size are read ---------------------------------------------

@pytest.mark.timeout(20)
def test_device_is_refused_quickly(tmp_path, capsys) -> None:
    err = fails(["groundwater", "trend", "--heads", "/dev/zero"], capsys)
    assert "/dev/zero" in err and "character device" in err
    link = tmp_path / "heads.csv"  # a harmless-looking name does not help
    link.symlink_to("/dev/zero")
    err = fails(["groundwater", "trend", "--heads", str(link)], capsys)
    assert str(link) in err and "character device" in err


@pytest.mark.timeout(20)
def test_fifo_is_refused_quickly(tmp_path, capsys) -> None:
    fifo = tmp_path / "climate.csv"
    os.mkfifo(fifo)  # nothing ever writes to it: reading it would block forever
    err = fails(fit_args(heads_csv(tmp_path), fifo), capsys)
    assert str(fifo) in err and "FIFO" in err


def test_folder_is_refused(tmp_path, capsys) -> None:
    err = fails(["groundwater", "trend", "--heads", str(tmp_path)], capsys)
    assert str(tmp_path) in err and "is a folder" in err


def test_file_over_the_size_limit_is_refused(tmp_path, monkeypatch, capsys) -> None:
    heads = heads_csv(tmp_path, n=200)  # 200 rows of "2000-01-01,10.0" and more: over 2 kB
    assert heads.stat().st_size > 1_000
    monkeypatch.setenv("KOKI_MAX_FILE_MB", "0.001")  # 1 kB
    err = fails(["groundwater", "trend", "--heads", str(heads)], capsys)
    assert str(heads) in err and "limit of 0.001 MB" in err and "KOKI_MAX_FILE_MB" in err
    with pytest.raises(InputError, match="limit"):
        read_heads_csv(heads)
