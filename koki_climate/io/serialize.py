"""Plain values for JSON, and JSON/CSV files written atomically (summaries, tables, reports)."""
from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from koki_climate.io.atomic import atomic_path, write_text


def to_jsonable(obj: Any) -> Any:
    """Plain Python values for JSON: numpy scalars/arrays, pandas, paths, dates; NaN -> None."""
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, pd.Series):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [to_jsonable(v) for v in items]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        value = float(obj)
        return value if math.isfinite(value) else None
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, (dt.datetime, dt.date, pd.Timestamp)):
        return obj.isoformat()
    if isinstance(obj, np.datetime64):
        return str(obj)
    if isinstance(obj, (os.PathLike, Path)):
        return str(obj)
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    if isinstance(obj, (str, bytes)):
        return obj.decode() if isinstance(obj, bytes) else obj
    return str(obj)


def json_text(obj: Any, *, indent: int | None = 2) -> str:
    """UTF-8 JSON text of ``obj`` (numpy types converted, NaN as null)."""
    return json.dumps(to_jsonable(obj), indent=indent, ensure_ascii=False, allow_nan=False)


def write_json(path: str | os.PathLike[str], obj: Any, *, indent: int = 2) -> Path:
    """Write ``obj`` as UTF-8 JSON, atomically."""
    return write_text(path, json_text(obj, indent=indent) + "\n")


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame, *, index: bool = False, **options: Any) -> Path:
    """Write a table as UTF-8 CSV, atomically (``options`` go to ``DataFrame.to_csv``)."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=index, encoding="utf-8", **options)
    return Path(path)


__all__ = ["json_text", "to_jsonable", "write_csv", "write_json"]
