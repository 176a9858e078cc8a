"""The merged, prepared cohort of a council kept on disk per data version (ADR 0017).

Loading a large cohort from the database costs seconds (the fetch, the merge across years and
`measures.prepare_episodes`); every process (each web worker, each command) would pay it on its
first request. The frames are written once, when a version is first built (at import), as
columns in an uncompressed NumPy archive beside the database, and read back in milliseconds:

- numbers, booleans and dates are stored as their own typed arrays (dates as int64 ticks of
  their datetime64 unit), so no value becomes a Python object on the way in or out;
- text columns are stored as codes into their distinct values (saved_tables.encode_texts);
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
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings

from placements.cohort import saved_tables

FORMAT = 2  # 2: distinct texts kept exactly (saved_tables.encode_texts)
FRAMES = ("episodes", "raw_episodes", "header", "uasc", "oc3")
# The modules whose code decides what a stored cohort holds: a change to any makes a new version.
_SOURCES = (
    "measures.py", "saved_tables.py", "selectors.py", "store.py", "ssda903/merge.py",
    "ssda903/tables.py",
)  # fmt: skip


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
            # As objects: pandas factorizes its text array more slowly than the same values,
            # and reads it back value by value (the codes are the same either way).
            codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
            values = uniques.tolist()
            kind = "string" if isinstance(dtype, pd.StringDtype) else "object"
            entry: dict = {"name": name, "kind": kind}
            if isinstance(dtype, pd.StringDtype):
                entry["storage"] = dtype.storage
                entry["na_is_nan"] = dtype.na_value is not pd.NA
            arrays[key] = codes.astype(np.int32)
            if all(isinstance(v, str) for v in values):
                texts = saved_tables.encode_texts(values)
                arrays |= {f"{key}{part}": array for part, array in texts.items()}
                entry["uniques"] = "texts"
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
            if entry["uniques"] == "texts":
                uniques = saved_tables.decode_texts(archive[key + "text"], archive[key + "ends"])
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
    """Every stored version of a council (its whole cohort was deleted)."""
    shutil.rmtree(root() / str(la_pk), ignore_errors=True)
