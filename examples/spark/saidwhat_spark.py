"""saidwhat on Apache Spark: a folder of notes and transcripts into the
per-document tables, as Parquet partitioned by date.

Spark lists and reads the files (the ``binaryFile`` source), each
partition runs the saidwhat package on its files (``mapInArrow``: Arrow
batches in, Arrow IPC streams of every table out), and each table is then
written under ``OUT/<table>/date=YYYY-MM-DD/``, the date being the
document's (``__HIVE_DEFAULT_PARTITION__`` for undated ones). The rows are
those of ``saidwhat run`` over the same folder: ``documents``, ``turns``,
``statements``, ``mentions``, ``speakers``, ``follows``, ``topics``,
``decisions``, ``diagnostics``, ``repairs`` (``repair_changes`` with
``--explain-repairs``) and ``actions``. The corpus tables (totals over
every document) are not made here yet.

Local::

    spark-submit --master 'local[2]' examples/spark/saidwhat_spark.py \\
        data/sample-vault --out /tmp/tables --people data/people.csv \\
        --topics data/topics.toml --owner 'Priya Raman'

On a cluster, every executor's Python needs the package (a wheel with a
native module, which Python cannot import from a zip, so not
``--py-files``): install the wheel as a cluster library (Databricks), in a
bootstrap action (EMR) or an initialization action (Dataproc), or ship a
packed virtual environment (``venv-pack``) with ``spark-submit --archives
env.tar.gz#env`` and ``PYSPARK_PYTHON=./env/bin/python``. Give the people
and topic files with ``--files`` and by their bare names, so that each
executor finds them in its working directory. The input may be any file
system Spark reads (``s3a://``, ``abfss://``, ``gs://``); the doc_ids are
the paths under it, as the program names them. The people dictionary then
comes from ``--people`` alone (the first pass over the notes' heads reads
a local folder): give it the ``people.csv`` that ``saidwhat people`` prints
for the notes, or ``--dictionary-from`` a local copy of them.
"""

import argparse
import os
import sys

import pyarrow as pa
import pyarrow.ipc

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import saidwhat

# The Spark SQL type of each Arrow type the tables use.
SQL_TYPES = {
    pa.string(): "STRING",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.list_(pa.field("item", pa.string())): "ARRAY<STRING>",
}


def sql_schema(schema: pa.Schema) -> str:
    return ", ".join(f"`{f.name}` {SQL_TYPES[f.type]}" for f in schema)


def arguments(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="the folder of notes and transcripts (a path or URI)")
    p.add_argument("--out", required=True, help="where the tables go (a path or URI)")
    p.add_argument("--people", action="append", default=[], help="people CSV (repeatable)")
    p.add_argument("--topics", help="topic taxonomy (TOML)")
    p.add_argument(
        "--dictionary-from",
        action="append",
        default=None,
        help="folders whose person notes add to the dictionary (default: the input, "
        "when it is a local folder)",
    )
    p.add_argument("--owner", help="who @Myself is")
    p.add_argument("--explain-repairs", action="store_true")
    p.add_argument("--master", help="Spark master, as spark-submit --master")
    p.add_argument(
        "--files-per-batch",
        type=int,
        default=64,
        help="files per Arrow batch handed to the package (default 64)",
    )
    return p.parse_args(argv)


def uri(path: str) -> str:
    """A local path as a file: URI; a URI as it is."""
    if "://" in path or path.startswith("file:"):
        return path.rstrip("/")
    return "file://" + os.path.abspath(path)


# One pipeline per Python worker, built on first use.
_PIPELINE = None


def pipeline(config):
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = saidwhat.Pipeline(**config)
    return _PIPELINE


def run(spark, a):
    base = uri(a.input)
    dictionary_from = a.dictionary_from
    if dictionary_from is None:
        # The first pass reads the heads of the input's notes here, on the
        # driver's file system: a local folder only.
        dictionary_from = [] if "://" in a.input else [os.path.abspath(a.input)]
    config = dict(
        people=[os.path.abspath(p) for p in a.people],
        topics=os.path.abspath(a.topics) if a.topics else None,
        dictionary_from=dictionary_from,
        owner=a.owner,
        explain_repairs=a.explain_repairs,
    )
    # The names and schemas of the tables, from the package itself.
    here = saidwhat.Pipeline(**{**config, "dictionary_from": []})
    names = here.tables
    schemas = {name: here.schema(name) for name in names}

    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(a.files_per_batch))
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(base)
        .select("path", "content")
    )

    def process(batches):
        p = pipeline(config)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            streams = p.process_batch_ipc(batch, base=base)
            yield pa.RecordBatch.from_pydict(
                {"table": [n for n, _ in streams], "ipc": [s for _, s in streams]}
            )

    # Every table of every batch, as an Arrow IPC stream; kept, since each
    # table is read from it in turn.
    streams = files.mapInArrow(process, "table STRING, ipc BINARY").persist()

    def rows_of(name):
        def decode(batches):
            for batch in batches:
                for data in batch.column("ipc").to_pylist():
                    for b in pa.ipc.open_stream(data):
                        yield b

        return (
            streams.filter(F.col("table") == name)
            .select("ipc")
            .mapInArrow(decode, sql_schema(schemas[name]))
        )

    documents = rows_of("documents").persist()
    # Every table is partitioned by its document's date: those with a date
    # column (documents, speakers) by it, the others by the date joined on
    # doc_id.
    dates = documents.select("doc_id", "date")
    written = {}
    for name in names:
        df = documents if name == "documents" else rows_of(name)
        if "date" not in schemas[name].names:
            df = df.join(dates, "doc_id", "left")
        path = f"{a.out.rstrip('/')}/{name}"
        written[name] = df.count()
        if written[name]:
            df.write.mode("overwrite").partitionBy("date").parquet(path)
        else:
            # No rows, no partition: one empty file, so that the table
            # still has its schema.
            df.coalesce(1).write.mode("overwrite").parquet(path)
    for name, n in written.items():
        print(f"saidwhat-spark: {name}: {n} rows", file=sys.stderr)
    streams.unpersist()
    documents.unpersist()
    return written


def main(argv=None):
    a = arguments(sys.argv[1:] if argv is None else argv)
    builder = SparkSession.builder.appName("saidwhat")
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    try:
        run(spark, a)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
