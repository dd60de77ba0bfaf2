"""examples/spark on PySpark in local mode (local[2]): its tables hold the
rows of the program's tables for the same folder, row for row (Spark does
not keep an order: rows are compared sorted)."""

import datetime
import json
import os
import pathlib
import subprocess
import sys

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from test_pipeline import DOCUMENT_TABLES, REPO, SHARED, run_cli

JOB = REPO / "examples" / "spark" / "saidwhat_spark.py"

# The job writes every table of the package but repair_changes (it runs
# without --explain-repairs).
TABLES = [t for t in DOCUMENT_TABLES if t != "repair_changes"]

# And the corpus tables, each one file in the program's row order.
CORPUS_TABLES = ["speaker_totals", "topic_totals", "speaker_topics", "person_actions", "people"]


def need_pyspark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        assert "CI" not in os.environ, "CI must have pyspark"
        pytest.skip("pyspark is not installed")


def run_spark(inputs, out, *args, submit=(), cwd=REPO):
    """The job on `inputs`, by spark-submit with `submit` options if any,
    else as a Python program."""
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    job = [str(JOB), str(inputs), "--out", str(out), *args]
    if submit:
        import pyspark

        env["SPARK_HOME"] = os.path.dirname(pyspark.__file__)
        spark_submit = pathlib.Path(env["SPARK_HOME"]) / "bin" / "spark-submit"
        command = [str(spark_submit), "--master", "local[2]", *submit, *job]
    else:
        command = [sys.executable, *job, "--master", "local[2]"]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def spark_table(out, name, columns):
    """A table the job wrote, its partition column `date` back as a date
    (or dropped where the table has none of its own)."""
    t = ds.dataset(out / name, format="parquet", partitioning="hive").to_table()
    if t.num_rows == 0:
        return t.select([c for c in columns if c in t.column_names])
    if "date" in columns:
        dates = [
            None if d in (None, "__HIVE_DEFAULT_PARTITION__") else datetime.date.fromisoformat(str(d))
            for d in t.column("date").to_pylist()
        ]
        t = t.set_column(t.schema.get_field_index("date"), "date", pa.array(dates, pa.date32()))
    return t.select(columns)


def key(row):
    return json.dumps(row, default=str, sort_keys=True)


def assert_same_rows(spark_out, cli_out, corpus_tables=CORPUS_TABLES):
    for name in TABLES:
        want = pq.read_table(cli_out / f"{name}.parquet")
        have = spark_table(spark_out, name, want.column_names)
        if have.num_rows:
            assert have.schema.equals(want.schema), f"{name}: {have.schema} != {want.schema}"
        a = sorted(have.to_pylist(), key=key)
        b = sorted(want.to_pylist(), key=key)
        assert len(a) == len(b), f"{name}: {len(a)} rows, the program {len(b)}"
        for x, y in zip(a, b):
            assert x == y, f"{name}: {x} != {y}"
    for name in corpus_tables:
        want = pq.read_table(cli_out / f"{name}.parquet")
        have = ds.dataset(spark_out / name, format="parquet").to_table()
        # Spark writes its counts as required columns; the program's are
        # all nullable.
        nullable = pa.schema([f.with_nullable(True) for f in have.schema])
        assert nullable.equals(want.schema), f"{name}: {have.schema} != {want.schema}"
        assert have.to_pylist() == want.to_pylist(), name


def test_spark_job_gives_the_cli_rows_for_the_sample_vault(tmp_path):
    need_pyspark()
    args = ["--people", "data/people.csv", "--topics", "data/topics.toml", "--owner", "Priya Raman"]
    # The job passes --vault-topics on to the package (the vault's links
    # are all people or dated notes; test_pipeline checks that vault
    # topics are the program's on a note whose links are not).
    args.append("--vault-topics")
    cli = run_cli("data/sample-vault", tmp_path / "cli", *args)
    spark = run_spark("data/sample-vault", tmp_path / "spark", *args)
    assert_same_rows(spark, cli)


def test_spark_job_gives_the_cli_rows_for_the_seeds(tmp_path):
    need_pyspark()
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        assert "CI" not in os.environ, f"CI must have {seeds}"
        pytest.skip(f"{seeds} not present")
    args = ["--people", str(SHARED / "seeds-people.csv"), "--owner", "Myself Owner"]
    cli = run_cli(seeds, tmp_path / "cli", *args)
    spark = run_spark(seeds, tmp_path / "spark", *args)
    assert_same_rows(spark, cli)


def test_spark_job_reads_the_people_and_topics_spark_submit_gives(tmp_path):
    """On a cluster the files come with `spark-submit --files`, named
    bare: run from a folder without them, the job reads Spark's copies."""
    need_pyspark()
    data = REPO / "data"
    cli = run_cli(
        "data/sample-vault",
        tmp_path / "cli",
        "--people",
        "data/people.csv",
        "--topics",
        "data/topics.toml",
        "--owner",
        "Priya Raman",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    spark = run_spark(
        data / "sample-vault",
        tmp_path / "spark",
        *["--people", "people.csv", "--topics", "topics.toml", "--owner", "Priya Raman"],
        submit=["--files", f"{data / 'people.csv'},{data / 'topics.toml'}"],
        cwd=elsewhere,
    )
    assert_same_rows(spark, cli, [t for t in CORPUS_TABLES if t != "people"])
    # The people as the program's, their sources naming the file as given.
    want = pq.read_table(cli / "people.parquet").to_pylist()
    for p in want:
        p["sources"] = [s.replace("data/people.csv", "people.csv") for s in p["sources"]]
    assert ds.dataset(spark / "people", format="parquet").to_table().to_pylist() == want

