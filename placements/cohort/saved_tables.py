"""A return's tables as the database keeps them: each table's rows as columns (ADR 0030).

An import saves each table of a return (Header, Episodes, Missing...) as one row of
`ReturnTable`: its columns as typed NumPy arrays in one uncompressed archive, rather than a
database row per 903 row. A national return is 400,000 rows; binding and inserting them one by
one was most of an import, and reading them back most of building a cohort. Nothing is
pickled: `allow_pickle=False` both ways, so a stored value can never run code.

Each kind of column is kept exactly:

- text as codes into its distinct values, which are kept as one UTF-8 string and where each
  ends (a NumPy text array would drop a trailing NUL); blank or missing text is "", as a
  database text column held it;
- dates as `datetime64[s]` of the day;
- numbers as float64 (missing NaN), whole numbers as int64;
- yes/no values as -1 (unknown), 0 or 1.

A table reads back with the dtypes a frame of database rows had: text pandas' `str` with ""
for blank, dates `datetime64[s]`, yes/no `bool`, or `object` with None when any is unknown.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

FORMAT = 1


def encode_texts(texts: list[str]) -> dict[str, np.ndarray]:
    """Distinct texts as arrays, exactly: one UTF-8 string ("text") and where each ends, in
    characters ("ends"). A NumPy text array would drop a value's trailing NUL characters."""
    return {
        "text": np.frombuffer("".join(texts).encode(), dtype=np.uint8),
        "ends": np.cumsum([len(text) for text in texts], dtype=np.int64),
    }


def decode_texts(text: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The texts `encode_texts` kept, as an object array."""
    joined = text.tobytes().decode()
    stops = ends.tolist()
    texts = np.empty(len(stops), dtype=object)
    starts = [0, *stops][:-1]
    texts[:] = [joined[start:stop] for start, stop in zip(starts, stops, strict=True)]
    return texts


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        raise ValueError(f"{series.name}: time zones are not kept")
    if pd.api.types.is_datetime64_dtype(dtype):
        return "date"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if inferred == "boolean":
        return "bool"
    if inferred in ("string", "empty"):
        return "text"
    raise ValueError(f"{series.name}: values of kind {inferred} are not kept")


def _encode_column(series: pd.Series, kind: str) -> dict[str, np.ndarray]:
    if kind == "text":
        # Missing values take code -1 here, then the code of "" (added if no value is "").
        # On the values as objects: pandas' text array factorizes more slowly than its values.
        codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        texts = [str(value) for value in uniques]
        blank = codes < 0
        if blank.any():
            if "" not in texts:
                texts.append("")
            codes[blank] = texts.index("")
        return {"codes": codes.astype(np.int32), **encode_texts(texts)}
    if kind == "date":
        days = series.to_numpy().astype("datetime64[D]")
        return {"values": days.astype("datetime64[s]")}
    if kind == "float":
        return {"values": pd.to_numeric(series, errors="coerce").to_numpy(np.float64)}
    missing = series.isna().to_numpy()
    if kind == "int":
        if missing.any():
            raise ValueError(f"{series.name}: whole numbers with blanks are not kept")
        return {"values": series.to_numpy(np.int64)}
    flags = np.full(len(series), -1, dtype=np.int8)
    flags[~missing] = series[~missing].astype(bool).to_numpy()
    return {"values": flags}


def encode_table(frame: pd.DataFrame) -> tuple[dict, bytes]:
    """A table's layout (each column's kind and key, in order) and its archive."""
    arrays: dict[str, np.ndarray] = {}
    columns: dict[str, dict] = {}
    for number, name in enumerate(frame.columns):
        kind = _kind(frame[name])
        key = f"c{number}"
        for part, array in _encode_column(frame[name], kind).items():
            arrays[f"{key}.{part}"] = array
        columns[str(name)] = {"key": key, "kind": kind}
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return {"format": FORMAT, "columns": columns}, buffer.getvalue()


def _decode_column(archive, entry: dict) -> object:
    key, kind = entry["key"], entry["kind"]
    if kind == "text":
        uniques = decode_texts(archive[f"{key}.text"], archive[f"{key}.ends"])
        return pd.array(uniques.take(archive[f"{key}.codes"]), dtype="str")
    values = archive[f"{key}.values"]
    if kind == "bool":
        if (values < 0).any():
            # Code -1 (unknown) takes the last value, None.
            return np.array([False, True, None], dtype=object).take(values)
        return values.astype(bool)
    return values


def decode_table(
    layout: dict, rows: int, data: bytes | memoryview, columns: list[str]
) -> pd.DataFrame:
    """The named columns of a saved table of `rows` rows, in the order they were saved (the
    archive as SQLite gives it, bytes, or as PostgreSQL does, a memoryview)."""
    if layout.get("format") != FORMAT:
        raise ValueError(f"saved table format {layout.get('format')} is not {FORMAT}")
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        decoded = {name: _decode_column(archive, layout["columns"][name]) for name in columns}
    return pd.DataFrame(decoded, index=pd.RangeIndex(rows), columns=columns)
