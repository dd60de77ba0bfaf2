#!/usr/bin/env python3
"""Runs a SQL file with DuckDB inside an output folder, as the README says.

    python3 tests/python/run_sql.py OUT_DIR FILE.sql

The working directory is OUT_DIR, so the query's paths are the tables'
file names ('turns.parquet'). Prints the result as JSON Lines: first the
column names, then one array per row (dates as YYYY-MM-DD, other values
JSON can't hold as their str()). Exits 1 if the query fails.
"""

import datetime
import json
import os
import sys

import duckdb


def cell(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [cell(x) for x in v]
    return str(v)


def main(argv):
    if len(argv) != 3:
        print("usage: run_sql.py OUT_DIR FILE.sql", file=sys.stderr)
        return 2
    out, sql_path = argv[1], os.path.abspath(argv[2])
    with open(sql_path, encoding="utf-8") as f:
        sql = f.read()
    os.chdir(out)
    con = duckdb.connect()
    try:
        result = con.execute(sql)
        names = [d[0] for d in result.description]
        rows = result.fetchall()
    except duckdb.Error as e:
        print(f"{sql_path}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(names, ensure_ascii=False))
    for row in rows:
        print(json.dumps([cell(v) for v in row], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
