"""saidwhat on Apache Spark: a folder of notes and transcripts into the
tables ``saidwhat run`` writes, as Parquet.

Spark lists and reads the files (the ``binaryFile`` source) and each
partition runs the saidwhat package on its files (``mapInArrow``), once:
every table's rows of a batch of files come out together, one struct
column per table, and are kept (persisted) for the writes. Each
per-document table is then written under ``OUT/<table>/date=YYYY-MM-DD/``,
the date being the document's (``__HIVE_DEFAULT_PARTITION__`` for undated
ones): ``documents``, ``turns``, ``statements``, ``mentions``,
``speakers``, ``follows``, ``topics``, ``decisions``, ``diagnostics``,
``repairs`` (``repair_changes`` with ``--explain-repairs``) and
``actions``. The corpus tables are computed in Spark SQL from the
per-document sums the package gives with ``corpus_parts=True``
(``speaker_parts``, ``topic_parts``, ``speaker_topic_parts``) and from
``actions``, and written as one file each under ``OUT/<table>/``, in the
program's row order: ``speaker_totals``, ``topic_totals``,
``speaker_topics``, ``person_actions``; ``people`` is the package's
dictionary. Every table holds the rows of the program's table of the same
name for the same folder.

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
and topic files with ``--files`` and by their bare names: the driver and
each executor read the copy Spark made when the name is not found where
given (``SparkFiles``). The input may be any file system Spark reads
(``s3a://``, ``abfss://``, ``gs://``); the doc_ids are the paths under it,
as the program names them. The people dictionary then comes from
``--people`` alone: the first pass over the notes' heads (and
``--vault-topics``) reads a local folder, on the driver and again on
every executor as it builds its pipeline, so ``--dictionary-from`` needs
the notes at the same path on every node (a shared mount). Otherwise
give ``--people`` the ``people.csv`` that ``saidwhat people`` prints for
the notes. The README (*Scaling out*) has a ``spark-submit`` for YARN.
"""

import argparse
import os
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import saidwhat

# The parts tables: rows the corpus tables are summed from, not written.
PARTS = ["speaker_parts", "topic_parts", "speaker_topic_parts"]


def sql_type(t: pa.DataType) -> str:
    """The Spark SQL type of an Arrow type the tables use."""
    if t == pa.string():
        return "STRING"
    if t == pa.int64():
        return "BIGINT"
    if t == pa.float64():
        return "DOUBLE"
    if t == pa.date32():
        return "DATE"
    if pa.types.is_list(t):
        return f"ARRAY<{sql_type(t.value_type)}>"
    if pa.types.is_struct(t):
        return "STRUCT<" + ", ".join(f"`{f.name}`: {sql_type(f.type)}" for f in t) + ">"
    raise TypeError(f"no Spark type for {t}")


# The corpus tables in Spark SQL, over views of the parts tables and of
# actions. Each column is computed as the program computes it
# (src/analysis/stats.rs, src/analysis/actions.rs, src/export/rows.rs):
# seconds are milliseconds rounded to the centisecond, (ms + 5) DIV 10,
# over 100; a share or a rate is rounded as Rust's f64::round (half away
# from zero) rounds it times 10^decimals; a mean is an integer division of
# milliseconds; times are NULL when no turn had a duration.


def seconds(ms: str) -> str:
    return f"CAST(({ms} + 5) DIV 10 AS DOUBLE) / 100D"


def rounded(x: str, decimals: int) -> str:
    scale = f"{10 ** decimals}D"
    return f"ROUND(({x}) * {scale}, 0) / {scale}"


SPEAKER_TOTALS = f"""
WITH s AS (
  SELECT speaker,
         COUNT(*) AS documents, MIN(date) AS first_date, MAX(date) AS last_date,
         SUM(turns) AS turns, SUM(words) AS words, SUM(talk_ms) AS talk_ms,
         SUM(timed) AS timed, MAX(longest_ms) AS longest_ms,
         SUM(questions) AS questions, SUM(monologues) AS monologues,
         MAX(longest_monologue_ms) AS longest_monologue_ms,
         MAX(longest_monologue_turns) AS longest_monologue_turns,
         SUM(patience_ms) AS patience_ms, SUM(patience_n) AS patience_n,
         SUM(overlaps) AS overlaps, SUM(interrupted) AS interrupted,
         MAX(ends_given) AS ends_given
  FROM speaker_parts
  GROUP BY speaker
), t AS (
  -- The share is of all talk time, or of all words when no turn of the
  -- run has a duration.
  SELECT *, SUM(talk_ms) OVER () AS all_talk_ms, SUM(words) OVER () AS all_words
  FROM s
)
SELECT speaker, documents, first_date, last_date, turns, words,
       CASE WHEN timed > 0 THEN {seconds("talk_ms")} END AS talk_s,
       CASE WHEN all_talk_ms > 0 THEN {rounded("CAST(talk_ms AS DOUBLE) / all_talk_ms", 4)}
            WHEN all_words > 0 THEN {rounded("CAST(words AS DOUBLE) / all_words", 4)}
       END AS talk_share,
       CASE WHEN talk_ms > 0
            THEN {rounded("CAST(words AS DOUBLE) / (CAST(talk_ms AS DOUBLE) / 60000D)", 1)}
       END AS words_per_min,
       CASE WHEN timed > 0 THEN {seconds("longest_ms")} END AS longest_turn_s,
       questions, monologues,
       CASE WHEN timed > 0 AND monologues > 0
            THEN {seconds("talk_ms DIV monologues")} END AS mean_monologue_s,
       CASE WHEN timed > 0 THEN {seconds("longest_monologue_ms")} END AS longest_monologue_s,
       longest_monologue_turns,
       CASE WHEN patience_n > 0 THEN {seconds("patience_ms DIV patience_n")} END AS patience_s,
       CASE WHEN ends_given = 1 THEN overlaps END AS overlaps,
       CASE WHEN ends_given = 1 THEN interrupted END AS interruptions_received
FROM t
"""

SPEAKER_TOPICS = f"""
SELECT speaker, topic, COUNT(*) AS documents, SUM(turns) AS turns,
       CASE WHEN SUM(timed) > 0 THEN {seconds("SUM(talk_ms)")} END AS talk_s
FROM speaker_topic_parts
GROUP BY speaker, topic
"""

# raised_by: the first speaker about the topic in its earliest document,
# by date (undated ones last), then doc_id.
TOPIC_TOTALS = f"""
SELECT topic, COUNT(*) AS documents, SUM(turns) AS turns,
       CASE WHEN SUM(timed) > 0 THEN {seconds("SUM(talk_ms)")} END AS talk_s,
       CAST(SIZE(ARRAY_DISTINCT(FLATTEN(COLLECT_LIST(speakers)))) AS BIGINT) AS speakers,
       MIN_BY(raised_by, STRUCT(date IS NULL, COALESCE(date, DATE'0001-01-01'), doc_id))
         AS raised_by,
       MIN(date) AS first_date, MAX(date) AS last_date
FROM topic_parts
GROUP BY topic
"""

PERSON_ACTIONS = """
SELECT person, items, n_open AS open, n_in_progress AS in_progress, n_done AS done,
       n_cancelled AS cancelled, documents, next_due, last_done
FROM (
  SELECT owner AS person, COUNT(*) AS items,
         COUNT_IF(status = 'open') AS n_open,
         COUNT_IF(status = 'in-progress') AS n_in_progress,
         COUNT_IF(status = 'done') AS n_done,
         COUNT_IF(status = 'cancelled') AS n_cancelled,
         COUNT(DISTINCT doc_id) AS documents,
         MIN(CASE WHEN status IN ('open', 'in-progress') THEN due END) AS next_due,
         MAX(done) AS last_done
  FROM actions
  GROUP BY owner
)
"""

# Each corpus table: its query, and the program's row order (by name in
# byte order, which is Spark's order of strings; items nobody owns last).
CORPUS = {
    "speaker_totals": (SPEAKER_TOTALS, ["speaker"]),
    "topic_totals": (TOPIC_TOTALS, ["topic"]),
    "speaker_topics": (SPEAKER_TOPICS, ["speaker", "topic"]),
    "person_actions": (PERSON_ACTIONS, ["person IS NULL", "person"]),
}


def file_size(text: str) -> int:
    """A size as `saidwhat run --max-file-size` takes it: bytes, or with
    K, M or G (KiB, MiB, GiB)."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip()
    unit = units.get(text[-1:].upper(), 1)
    digits = text[:-1] if unit > 1 else text
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (bytes, or with K, M or G)")
    return int(digits) * unit


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
    p.add_argument(
        "--vault-topics",
        action="store_true",
        help="also the targets of wiki links that are not people, as topics "
        "(from the notes --dictionary-from reads)",
    )
    p.add_argument("--explain-repairs", action="store_true")
    p.add_argument(
        "--max-file-size",
        type=file_size,
        help="files larger than this are not read (too-large): bytes, or with K, M or G "
        "(KiB, MiB, GiB); default 256M, as saidwhat run's",
    )
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


def built(config):
    """The package's pipeline for the job's options. A people or topic
    file not found where it was given (on a cluster's nodes) is read from
    the copy ``spark-submit --files`` made of it, by its bare name from
    the folder of those copies, so that ``people.sources`` names it as
    given rather than by Spark's temporary path."""
    files = config["people"] + ([config["topics"]] if config["topics"] else [])
    if all(os.path.exists(f) for f in files):
        return saidwhat.Pipeline(**config)
    from pyspark import SparkFiles

    bare = dict(
        config,
        people=[os.path.basename(p) for p in config["people"]],
        topics=os.path.basename(config["topics"]) if config["topics"] else None,
    )
    here = os.getcwd()
    os.chdir(SparkFiles.getRootDirectory())
    try:
        return saidwhat.Pipeline(**bare)
    finally:
        os.chdir(here)


def pipeline(config):
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = built(config)
    return _PIPELINE


def rows_of_batch(tables, names, structs):
    """One Arrow batch per table of one batch of files: `table` names it,
    `date` is the date of each row's document, and the table's rows are
    the struct column of its name (the other tables' columns are null)."""
    docs = tables["documents"]
    for name in names:
        t = tables[name].combine_chunks()
        n = t.num_rows
        if n == 0:
            continue
        # Every row of a file comes in the same batch as its documents row
        # (a skipped file has none: its diagnostic has no date).
        at = pc.index_in(
            t.column("doc_id").combine_chunks(), value_set=docs.column("doc_id").combine_chunks()
        )
        date = pc.take(docs.column("date").combine_chunks(), at)
        columns = [pa.array([name] * n, pa.string()), date]
        for other in names:
            if other == name:
                own = [c.combine_chunks() for c in t.columns]
                columns.append(pa.StructArray.from_arrays(own, fields=list(structs[name])))
            else:
                columns.append(pa.nulls(n, structs[other]))
        yield pa.RecordBatch.from_arrays(columns, names=["table", "date", *names])


def say(what, started):
    print(f"saidwhat-spark: {what} ({time.monotonic() - started:.0f} s)", file=sys.stderr)


def write(df, path, partition_by_date):
    if partition_by_date:
        df.write.mode("overwrite").partitionBy("date").parquet(path)
    else:
        df.write.mode("overwrite").parquet(path)


def run(spark, a):
    base = uri(a.input)
    # The first pass reads the heads of the notes on the driver's file
    # system (and on each worker's, which builds its pipeline): local
    # folders only, by absolute path, which `built` may change into
    # another folder than the one it was given in.
    dictionary_from = a.dictionary_from
    if dictionary_from is None:
        dictionary_from = [] if "://" in a.input else [a.input]
    dictionary_from = [os.path.abspath(d) for d in dictionary_from]
    config = dict(
        people=a.people,
        topics=a.topics,
        dictionary_from=dictionary_from,
        owner=a.owner,
        explain_repairs=a.explain_repairs,
        vault_topics=a.vault_topics,
        max_file_size=a.max_file_size,
        corpus_parts=True,
    )
    # The dictionary (whose `sources` name the files as given, as the
    # program's do), the tables' names and their schemas, from the package
    # itself, here.
    here = built(config)
    names = here.tables
    structs = {name: pa.struct(list(here.schema(name))) for name in names}
    returned = ", ".join(
        ["`table` STRING", "`date` DATE"] + [f"`{n}` {sql_type(structs[n])}" for n in names]
    )

    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(a.files_per_batch))
    # Let adaptive execution merge the small partitions of the kept rows
    # (by default it leaves a cached plan's 200 shuffle partitions alone,
    # and every write would then run 200 tasks, most of them empty), into
    # partitions of about 16 MB.
    spark.conf.set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
    spark.conf.set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "16m")
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(base)
        .select("path", "content")
    )

    def process(batches):
        p = pipeline(config)
        for batch in batches:
            if batch.num_rows:
                yield from rows_of_batch(p.process_batch(batch, base=base), names, structs)

    # The one pass over the files. Its rows are gathered by table and date,
    # so that each date of a table is written by one task, as one file (a
    # task per slice of the listing would write a file for every date it
    # holds: thousands of small files per table), and kept on local disk
    # for the writes that follow, each of which reads only the columns of
    # its table. (Kept in memory, a 200 MB corpus's rows do not fit in
    # Spark's default 1 GB heap.)
    started = time.monotonic()
    rows = (
        files.mapInArrow(process, returned)
        .repartition("table", "date")
        .persist(StorageLevel.DISK_ONLY)
    )
    counts = {r["table"]: r["count"] for r in rows.groupBy("table").count().collect()}
    say(f"processed {counts.get('documents', 0)} documents", started)

    def table(name):
        """The rows of one table, with the date of their document (theirs
        if the table has a date column)."""
        columns = [f"`{name}`.*"] + ([] if "date" in structs[name].names else ["date"])
        return rows.where(F.col("table") == name).select(*columns)

    out = a.out.rstrip("/")
    written = {}
    for name in names:
        if name in PARTS:
            continue
        written[name] = counts.get(name, 0)
        # No rows, no partition: one empty file, so that the table still
        # has its schema.
        df = table(name) if written[name] else table(name).coalesce(1)
        write(df, f"{out}/{name}", partition_by_date=written[name] > 0)
        say(f"{name}: {written[name]} rows", started)

    for name in PARTS + ["actions"]:
        table(name).createOrReplaceTempView(name)
    for name, (query, order) in CORPUS.items():
        df = spark.sql(query).repartition(1).sortWithinPartitions(*map(F.expr, order))
        write(df, f"{out}/{name}", partition_by_date=False)
        written[name] = spark.read.parquet(f"{out}/{name}").count()
        say(f"{name}: {written[name]} rows", started)

    people = here.people()
    ddl = ", ".join(f"`{f.name}` {sql_type(f.type)}" for f in people.schema)
    people_df = spark.createDataFrame(people.to_pylist(), ddl).coalesce(1)
    write(people_df, f"{out}/people", partition_by_date=False)
    written["people"] = people.num_rows
    say(f"people: {people.num_rows} rows", started)
    rows.unpersist()
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
