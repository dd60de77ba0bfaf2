#!/usr/bin/env python3
"""Checks that saidwhat's tables load as an analyst would load them.

    python3 tests/python/check_tables.py OUT_DIR SCHEMA_JSON

SCHEMA_JSON (written by tests/analyst.rs from the crate's schema) is a list
of tables, each {"name": ..., "columns": [{"name": ..., "type": ...}]}, the
type one of text, int, float, date, list.

For every table, with pandas, pyarrow and DuckDB:
  - the Parquet file: column names in order and types (pyarrow and DuckDB's
    DESCRIBE), pandas dtypes, lists that are lists of str;
  - the CSV file read naively (`pd.read_csv(path)`): it loads, with the same
    columns and rows, and its values agree with the Parquet file's (whole
    numbers equal, floats to 2 decimals, empty cell = null, a list cell =
    its items joined with ';', dates as YYYY-MM-DD, text equal);
  - DuckDB's read_csv_auto loads it with the same row count.

Prints one line per table; exits 1 at the first mismatch, saying where.
Uses the standard library, pandas, pyarrow and duckdb only.
"""

import csv
import datetime
import json
import math
import os
import sys

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

DUCKDB_TYPES = {
    "text": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "date": "DATE",
    "list": "VARCHAR[]",
}


FORMULA = ("=", "+", "-", "@", "\t", "\r")


class Mismatch(Exception):
    pass


def fail(table, what):
    raise Mismatch(f"{table}: {what}")


def arrow_type_ok(ty, name):
    if name == "text":
        return pa.types.is_string(ty) or pa.types.is_large_string(ty)
    if name == "int":
        return pa.types.is_int64(ty)
    if name == "float":
        return pa.types.is_float64(ty)
    if name == "date":
        return pa.types.is_date32(ty)
    if name == "list":
        return (pa.types.is_list(ty) or pa.types.is_large_list(ty)) and (
            pa.types.is_string(ty.value_type) or pa.types.is_large_string(ty.value_type)
        )
    raise ValueError(f"unknown type name {name!r}")


def pandas_dtype_ok(series, name):
    dt = series.dtype
    if name == "int":
        return pd.api.types.is_integer_dtype(dt) or (
            # A pandas without nullable defaults turns an int column with
            # nulls into float64; accept it only if every value is whole.
            pd.api.types.is_float_dtype(dt)
            and series.dropna().map(float.is_integer).all()
        )
    if name == "float":
        return pd.api.types.is_float_dtype(dt) and dt.itemsize == 8
    if name == "date":
        if pd.api.types.is_datetime64_any_dtype(dt):
            return True
        return dt == object and all(
            isinstance(v, datetime.date) for v in series.dropna()
        )
    if name == "text":
        if pd.api.types.is_string_dtype(dt):
            return all(isinstance(v, str) for v in series.dropna())
        return False
    if name == "list":
        if dt != object:
            return False
        for v in series.dropna():
            if not isinstance(v, (list, np.ndarray)):
                return False
            if not all(isinstance(item, str) for item in v):
                return False
        return True
    raise ValueError(f"unknown type name {name!r}")


def csv_rows(path):
    """The CSV's data rows as lists of strings, read by the standard library."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def is_null(v):
    if v is None:
        return True
    if isinstance(v, (list, np.ndarray)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def same_text(cell, value):
    """Whether a CSV cell holds `value`: the CSV writes a cell a spreadsheet
    would run as a formula (= + - @ tab CR first) with a leading ', the
    Parquet file the text itself."""
    if cell == value:
        return True
    return value.startswith(FORMULA) and cell == "'" + value


def check_values(table, columns, raw, naive, arrow):
    """Compares the CSV (raw strings and pandas' naive reading) with Parquet."""
    for col in columns:
        name, ty = col["name"], col["type"]
        pq_values = arrow.column(name).to_pylist()
        raw_values = [r[i] for r in raw for i in [col["index"]]]
        naive_values = naive[name].tolist()
        for row, (p, r, n) in enumerate(zip(pq_values, raw_values, naive_values)):
            where = f"column {name!r} row {row + 1}"
            # Empty CSV cell <-> Parquet null, for every type.
            if (r == "") != (p is None):
                fail(table, f"{where}: CSV cell {r!r} but Parquet {p!r}"
                     " (an empty cell must be null and only it)")
            if p is None:
                if ty in ("int", "float", "date", "list") and not is_null(n):
                    fail(table, f"{where}: pandas.read_csv gives {n!r} for an empty cell")
                continue
            if ty == "int":
                if int(r) != p:
                    fail(table, f"{where}: CSV {r!r} != Parquet {p!r}")
                if is_null(n) or int(n) != p:
                    fail(table, f"{where}: pandas.read_csv {n!r} != Parquet {p!r}")
            elif ty == "float":
                if not math.isclose(float(r), p, abs_tol=0.005):
                    fail(table, f"{where}: CSV {r!r} != Parquet {p!r} (to 2 decimals)")
                if is_null(n) or not math.isclose(float(n), p, abs_tol=0.005):
                    fail(table, f"{where}: pandas.read_csv {n!r} != Parquet {p!r}")
            elif ty == "date":
                if r != p.isoformat():
                    fail(table, f"{where}: CSV {r!r} != Parquet {p.isoformat()!r}")
            elif ty == "list":
                if len(p) == 0:
                    fail(table, f"{where}: an empty list in Parquet (should be null)")
                if not same_text(r, ";".join(p)):
                    fail(table, f"{where}: CSV {r!r} != ';'.join(Parquet) {';'.join(p)!r}")
            elif ty == "text":
                if not same_text(r, p):
                    fail(table, f"{where}: CSV {r!r} != Parquet {p!r}")


def check_table(out, table):
    name = table["name"]
    columns = table["columns"]
    names = [c["name"] for c in columns]
    for i, c in enumerate(columns):
        c["index"] = i
    csv_path = os.path.join(out, f"{name}.csv")
    pq_path = os.path.join(out, f"{name}.parquet")
    for p in (csv_path, pq_path):
        if not os.path.isfile(p):
            fail(name, f"{p} is missing")

    # The CSV as the standard library reads it: the reference row count.
    header, raw = csv_rows(csv_path)
    if header != names:
        fail(name, f"CSV header {header} != schema {names}")
    rows = len(raw)
    for i, r in enumerate(raw):
        if len(r) != len(names):
            fail(name, f"CSV row {i + 1} has {len(r)} cells, not {len(names)}")

    # Parquet through pyarrow: names, order, types.
    arrow = pq.read_table(pq_path)
    if arrow.schema.names != names:
        fail(name, f"Parquet columns {arrow.schema.names} != schema {names}")
    for c in columns:
        ty = arrow.schema.field(c["name"]).type
        if not arrow_type_ok(ty, c["type"]):
            fail(name, f"Parquet column {c['name']!r} is {ty}, expected {c['type']}")
    if arrow.num_rows != rows:
        fail(name, f"Parquet has {arrow.num_rows} rows, the CSV {rows}")

    # Parquet through pandas.
    df = pd.read_parquet(pq_path)
    if list(df.columns) != names:
        fail(name, f"pandas.read_parquet columns {list(df.columns)} != {names}")
    if len(df) != rows:
        fail(name, f"pandas.read_parquet has {len(df)} rows, the CSV {rows}")
    for c in columns:
        if not pandas_dtype_ok(df[c["name"]], c["type"]):
            fail(name, f"pandas.read_parquet column {c['name']!r} has dtype "
                 f"{df[c['name']].dtype}, not a {c['type']} column")

    # The CSV as a naive user reads it.
    try:
        naive = pd.read_csv(csv_path)
    except Exception as e:  # noqa: BLE001 -- any failure to load is the finding
        fail(name, f"pandas.read_csv fails: {e}")
    if list(naive.columns) != names:
        fail(name, f"pandas.read_csv columns {list(naive.columns)} != {names}")
    if len(naive) != rows:
        fail(name, f"pandas.read_csv has {len(naive)} rows, the CSV {rows}")
    check_values(name, columns, raw, naive, arrow)

    # DuckDB.
    con = duckdb.connect()
    described = con.execute(
        "DESCRIBE SELECT * FROM read_parquet(?)", [pq_path]
    ).fetchall()
    got = [(r[0], r[1]) for r in described]
    want = [(c["name"], DUCKDB_TYPES[c["type"]]) for c in columns]
    if got != want:
        diff = [f"{g} (expected {w})" for g, w in zip(got, want) if g != w]
        fail(name, f"DuckDB read_parquet types differ: {diff or got}")
    (n,) = con.execute("SELECT count(*) FROM read_parquet(?)", [pq_path]).fetchone()
    if n != rows:
        fail(name, f"DuckDB read_parquet counts {n} rows, the CSV {rows}")
    try:
        (n,) = con.execute(
            "SELECT count(*) FROM read_csv_auto(?)", [csv_path]
        ).fetchone()
        csv_cols = con.execute(
            "DESCRIBE SELECT * FROM read_csv_auto(?)", [csv_path]
        ).fetchall()
    except duckdb.Error as e:
        fail(name, f"DuckDB read_csv_auto fails: {e}")
    if n != rows:
        fail(name, f"DuckDB read_csv_auto counts {n} rows, the CSV {rows}")
    if [r[0] for r in csv_cols] != names:
        fail(name, f"DuckDB read_csv_auto columns {[r[0] for r in csv_cols]} != {names}")
    con.close()

    print(f"ok {name}: {rows} rows, {len(names)} columns "
          "(pandas, pyarrow, DuckDB; CSV = Parquet)")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out, schema_path = argv[1], argv[2]
    with open(schema_path, encoding="utf-8") as f:
        tables = json.load(f)
    if not tables:
        print("the schema lists no table", file=sys.stderr)
        return 2
    for table in tables:
        try:
            check_table(out, table)
        except Mismatch as e:
            print(f"MISMATCH {e}", file=sys.stderr)
            return 1
    print(f"all {len(tables)} tables load alike in pandas, pyarrow and DuckDB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
