"""The merged, prepared cohort of a council kept on disk per data version (ADR 0017).

Loading a large cohort from the database costs seconds (the fetch, the merge across years and
`measures.prepare_episodes`); every process (each web worker, each command) would pay it on its
first request. The frames are written once, when a version is first built (at import), as
columns in an uncompressed NumPy archive beside the database, and read back in milliseconds:

- numbers, booleans and dates are stored as their own typed arrays (dates as int64 ticks of
  their datetime64 unit), so no value becomes a Python object on the way in or out;
- text columns are stored as codes into their distinct values (a fixed-width unicode array);
- nothing is pickled (`allow_pickle=False`): a file under var/ can never run code.

A version is named by the council's imported returns (their ids and when each finished
importing) and by the code that prepares the frames, so an import, an accepted preview, a
deleted return or retention makes a new version, a deploy that changes the measures' preparation
never reads an old one, and an unchanged council reads the same files from every process.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings

FORMAT = 1
FRAMES = ("episodes", "raw_episodes", "header", "uasc", "oc3")
# The modules whose code decides what a stored cohort holds: a change to any makes a new version.
_SOURCES = ("measures.py", "selectors.py", "store.py", "ssda903/merge.py", "ssda903/tables.py")


@cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        path = here / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def root() -> Path:
    return Path(settings.COHORT_STORE_DIR)


def version_name(la_pk: int, returns: tuple) -> str:
    """A file-safe name for the council's data version: its imported returns and the code."""
    text = ";".join(f"{pk}@{finished.isoformat() if finished else ''}" for pk, finished in returns)
    digest = hashlib.sha256(f"{la_pk}|{text}|{_code_fingerprint()}".encode()).hexdigest()
    return digest[:24]


def folder(la_pk: int, name: str) -> Path:
    return root() / str(la_pk) / name


def _encode(frame: pd.DataFrame) -> tuple[dict[str, np.ndarray], dict]:
    arrays: dict[str, np.ndarray] = {}
    columns = []
    if (
        not isinstance(frame.index, pd.RangeIndex)
        or frame.index.start != 0
        or frame.index.step != 1
    ):
        raise ValueError("only frames with a 0..n-1 index are stored")
    for i, name in enumerate(frame.columns):
        series = frame[name]
        dtype = series.dtype
        key = f"c{i}"
        if isinstance(dtype, pd.DatetimeTZDtype):
            raise ValueError(f"{name}: time zones are not stored")
        if pd.api.types.is_datetime64_dtype(dtype):
            unit = np.datetime_data(dtype)[0]
            arrays[key] = series.to_numpy().view("int64")
            columns.append({"name": name, "kind": "datetime", "unit": unit})
        elif isinstance(dtype, np.dtype) and dtype.kind in "biuf":
            arrays[key] = series.to_numpy()
            columns.append({"name": name, "kind": "numpy"})
        elif isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype):
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            values = list(uniques)
            kind = "string" if isinstance(dtype, pd.StringDtype) else "object"
            entry: dict = {"name": name, "kind": kind}
            if isinstance(dtype, pd.StringDtype):
                entry["storage"] = dtype.storage
                entry["na_is_nan"] = dtype.na_value is not pd.NA
            arrays[key] = codes.astype(np.int32)
            if all(isinstance(v, str) for v in values):
                arrays[key + "u"] = np.array(values, dtype=str) if values else np.array([], "U1")
                entry["uniques"] = "array"
            else:
                # Few distinct non-text values (booleans, numbers): kept in the manifest.
                if not all(v is None or isinstance(v, bool | int | float | str) for v in values):
                    raise ValueError(f"{name}: values of type {type(values[0])} are not stored")
                entry["uniques"] = [v.item() if hasattr(v, "item") else v for v in values]
            columns.append(entry)
        else:
            raise ValueError(f"{name}: dtype {dtype} is not stored")
    return arrays, {"rows": len(frame), "columns": columns}


def _decode(archive, manifest: dict) -> pd.DataFrame:
    data: dict[str, object] = {}
    for i, entry in enumerate(manifest["columns"]):
        key = f"c{i}"
        kind = entry["kind"]
        if kind == "datetime":
            data[entry["name"]] = archive[key].view(f"datetime64[{entry['unit']}]")
        elif kind == "numpy":
            data[entry["name"]] = archive[key]
        else:
            codes = archive[key]
            if entry["uniques"] == "array":
                uniques = archive[key + "u"].astype(object)
            else:
                uniques = np.array(entry["uniques"] + [None], dtype=object)[:-1]
            # Code -1 (missing) takes the extra last value: NaN for text, None otherwise.
            if kind == "string":
                na_value = np.nan if entry["na_is_nan"] else pd.NA
                dtype = pd.StringDtype(storage=entry["storage"], na_value=na_value)
                values = np.append(uniques, np.array([na_value], dtype=object)).take(codes)
                data[entry["name"]] = pd.array(values, dtype=dtype)
            else:
                data[entry["name"]] = np.append(uniques, np.array([None], dtype=object)).take(codes)
    frame = pd.DataFrame(data, index=pd.RangeIndex(manifest["rows"]))
    return frame[[entry["name"] for entry in manifest["columns"]]]


def save(la_pk: int, name: str, frames: dict[str, pd.DataFrame], years: tuple[int, ...]) -> bool:
    """Write a version's frames; False (and nothing written) when a frame cannot be stored.
    Written to a temporary folder and renamed into place, so a reader never sees half of it."""
    target = folder(la_pk, name)
    if target.exists():
        return True
    manifest: dict = {"format": FORMAT, "years": list(years), "frames": {}}
    arrays: dict[str, np.ndarray] = {}
    try:
        for frame_name in FRAMES:
            encoded, described = _encode(frames[frame_name])
            arrays |= {f"{frame_name}.{k}": v for k, v in encoded.items()}
            manifest["frames"][frame_name] = described
    except ValueError:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent))
    try:
        for key, array in arrays.items():
            np.save(scratch / f"{key}.npy", array, allow_pickle=False)
        (scratch / "manifest.json").write_text(json.dumps(manifest))
        os.replace(scratch, target)  # atomic on one filesystem; fails if another process won
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)
        return target.exists()
    _prune(la_pk, keep=name)
    return True


class _Arrays:
    """A stored frame's arrays, each read from its own .npy file when asked for."""

    def __init__(self, target: Path, frame_name: str) -> None:
        self.target, self.frame_name = target, frame_name

    def __getitem__(self, key: str) -> np.ndarray:
        return np.load(self.target / f"{self.frame_name}.{key}.npy", allow_pickle=False)


def load(la_pk: int, name: str) -> tuple[dict[str, pd.DataFrame], tuple[int, ...]] | None:
    """A version's frames and years, or None when that version was never stored."""
    target = folder(la_pk, name)
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            return None
        frames = {
            frame_name: _decode(_Arrays(target, frame_name), described)
            for frame_name, described in manifest["frames"].items()
        }
    except (OSError, ValueError, KeyError):
        return None
    return frames, tuple(manifest["years"])


def save_figures(
    la_pk: int, name: str, key: str, payload: dict, frames: dict[str, pd.DataFrame]
) -> None:
    """Figures worked out from a stored version (a page's, at a date), kept beside it and so
    removed with it: JSON for the numbers, the frames as the cohort's are."""
    target = folder(la_pk, name)
    if not target.exists():
        return
    try:
        encoded = {n: _encode(f) for n, f in frames.items()}
    except ValueError:
        return
    scratch = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=target))
    try:
        for frame_name, (arrays, _) in encoded.items():
            for column, array in arrays.items():
                np.save(scratch / f"{frame_name}.{column}.npy", array, allow_pickle=False)
        manifest = {"payload": payload, "frames": {n: d for n, (_, d) in encoded.items()}}
        (scratch / "manifest.json").write_text(json.dumps(manifest, allow_nan=False))
        os.replace(scratch, target / f"figures-{key}")
    except (OSError, ValueError):
        shutil.rmtree(scratch, ignore_errors=True)


def load_figures(la_pk: int, name: str, key: str) -> tuple[dict, dict[str, pd.DataFrame]] | None:
    target = folder(la_pk, name) / f"figures-{key}"
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        frames = {
            frame_name: _decode(_Arrays(target, frame_name), described)
            for frame_name, described in manifest["frames"].items()
        }
    except (OSError, ValueError, KeyError):
        return None
    return manifest["payload"], frames


def _prune(la_pk: int, *, keep: str) -> None:
    """Older versions of the council go: the returns they were built from are gone."""
    for other in (root() / str(la_pk)).iterdir():
        if other.name != keep and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)


def forget(la_pk: int) -> None:
    """Every stored version of a council (its whole cohort was deleted), and the rows kept of
    each of its returns."""
    shutil.rmtree(root() / str(la_pk), ignore_errors=True)
    shutil.rmtree(_rows_root() / str(la_pk), ignore_errors=True)


# --- The rows each return saved (ADR 0028) -------------------------------------------------
#
# Building a new version read every row of every imported return back from the database: at
# national scale more time than reading the files. An import keeps, beside the database, the
# values it saved of the tables a cohort is built from, exactly as it handed them to the
# database (text, ISO dates, floats, booleans, None), so a cohort is built from them without
# a query. The values are what the database gives back, not a cleaned copy: the selectors turn
# them into frames by the same code either way.

ROWS_FORMAT = 1


def _rows_root() -> Path:
    # Beside the versions, not inside a council's folder: that folder holds versions only.
    return root() / "rows"


def _rows_folder(la_pk: int, return_pk: int, finished: datetime) -> Path:
    # Named by when the return finished importing too, as versions are: a return imported
    # again never reads the rows kept the first time.
    stamp = hashlib.sha256(finished.isoformat().encode()).hexdigest()[:12]
    return _rows_root() / str(la_pk) / f"{return_pk}-{stamp}"


def _encode_values(values: list) -> tuple[dict[str, np.ndarray], dict] | None:
    """A column of database values as typed arrays, or None when they are of a kind not kept
    (the caller then keeps nothing for the return, which is read from the database)."""
    objects = np.empty(len(values), dtype=object)
    objects[:] = values
    kind = pd.api.types.infer_dtype(objects, skipna=True)
    if kind in ("string", "empty"):
        codes, uniques = pd.factorize(objects, use_na_sentinel=True)
        texts = uniques.tolist()
        array = np.array(texts, dtype=str) if texts else np.array([], "U1")
        # NumPy's fixed-width text drops trailing NUL characters, which would shorten a value:
        # such a value stays exact only in the database.
        if int(np.strings.str_len(array).sum()) != sum(map(len, texts)):
            return None
        return {"codes": codes.astype(np.int32), "uniques": array}, {"kind": "text"}
    # None exactly (a NaN would be a value), compared in C rather than per value in Python.
    missing = np.equal(objects, np.array(None, dtype=object)).astype(bool)
    if kind == "floating":
        floats = np.where(missing, 0.0, objects).astype(np.float64)
        if np.isnan(floats).any():
            return None  # NaN is not a value the import saves (None is): not kept
        return {"values": floats, "missing": missing}, {"kind": "float"}
    if kind == "boolean":
        return {"values": np.where(missing, -1, objects).astype(np.int8)}, {"kind": "bool"}
    if kind == "integer":
        try:
            integers = np.where(missing, 0, objects).astype(np.int64)
        except OverflowError:
            return None
        return {"values": integers, "missing": missing}, {"kind": "int"}
    return None


def _decode_values(arrays: _Arrays, key: str, entry: dict) -> np.ndarray:
    """The column back as an object array of the very values that were kept."""
    kind = entry["kind"]
    if kind == "text":
        uniques = arrays[f"{key}.uniques"].astype(object)
        return np.append(uniques, np.array([None], dtype=object)).take(arrays[f"{key}.codes"])
    if kind == "bool":
        # Code -1 (missing) takes the last value, None.
        return np.array([False, True, None], dtype=object).take(arrays[f"{key}.values"])
    values = arrays[f"{key}.values"].astype(object)
    values[arrays[f"{key}.missing"]] = None
    return values


def encode_rows(columns: dict[str, list]) -> tuple[dict[str, np.ndarray], dict] | None:
    """A table's saved values (column name -> the values handed to the database), encoded to be
    kept with `save_rows`; None when a column holds values of a kind not kept."""
    arrays: dict[str, np.ndarray] = {}
    described: dict = {"rows": None, "columns": {}}
    for i, (name, values) in enumerate(columns.items()):
        encoded = _encode_values(values)
        if encoded is None:
            return None
        column_arrays, entry = encoded
        arrays |= {f"c{i}.{k}": v for k, v in column_arrays.items()}
        described["columns"][name] = {**entry, "key": f"c{i}"}
        described["rows"] = len(values)
    return arrays, described


def save_rows(la_pk: int, return_pk: int, finished: datetime, tables: dict) -> None:
    """Keep a return's encoded tables (`encode_rows`), written whole or not at all. A table
    the return did not hold is kept as no rows."""
    target = _rows_folder(la_pk, return_pk, finished)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        manifest: dict = {"format": ROWS_FORMAT, "tables": {}}
        for number, (table, (arrays, described)) in enumerate(tables.items()):
            for key, array in arrays.items():
                np.save(scratch / f"t{number}.{key}.npy", array, allow_pickle=False)
            manifest["tables"][table] = {**described, "prefix": f"t{number}"}
        (scratch / "manifest.json").write_text(json.dumps(manifest))
        os.replace(scratch, target)
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)


def load_rows(
    la_pk: int, return_pk: int, finished: datetime | None, table: str, columns: list[str]
) -> list[tuple] | None:
    """The kept rows of one of a return's tables as tuples of `columns`, in the order they were
    saved, or None when the return kept none (imported before, or a failure writing them)."""
    if finished is None:
        return None
    target = _rows_folder(la_pk, return_pk, finished)
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        if manifest.get("format") != ROWS_FORMAT:
            return None
        if table not in manifest["tables"]:
            return []  # the return held no such table, so saved no rows of it
        described = manifest["tables"][table]
        arrays = _Arrays(target, described["prefix"])
        values = [
            _decode_values(arrays, described["columns"][name]["key"], described["columns"][name])
            for name in columns
        ]
    except (OSError, ValueError, KeyError):
        return None
    return list(zip(*values, strict=True))


def forget_rows(la_pk: int, return_pk: int) -> None:
    """The kept rows of a return whose rows left the database (replaced by a later import)."""
    for kept in (_rows_root() / str(la_pk)).glob(f"{return_pk}-*"):
        shutil.rmtree(kept, ignore_errors=True)
