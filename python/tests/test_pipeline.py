"""The package's tables are the program's: for every file of a run, the
rows `Pipeline.process` gives equal the rows of the run's .parquet tables,
row for row, in the same schema.

The program is target/release/saidwhat (built by `cargo test --release`)
unless SAIDWHAT_BIN names another.
"""

import os
import pathlib
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import saidwhat

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("SAIDWHAT_BIN", str(REPO / "target" / "release" / "saidwhat"))
SHARED = REPO.parent / "shared"

# The tables a run writes a document at a time, and actions.
DOCUMENT_TABLES = [
    "documents",
    "turns",
    "statements",
    "mentions",
    "speakers",
    "follows",
    "topics",
    "decisions",
    "diagnostics",
    "repairs",
    "repair_changes",
    "actions",
]


def run_cli(inputs, out, *args):
    subprocess.run(
        [BIN, "run", str(inputs), "--quiet", "--out", str(out), *args],
        cwd=REPO,
        check=True,
    )
    return out


def files_of(out, root):
    """The doc_ids of the run's documents, each with its bytes."""
    ids = pq.read_table(out / "documents.parquet").column("doc_id").to_pylist()
    return [(i, (root / i).read_bytes()) for i in ids]


def assert_same_tables(got, out, tables):
    for name in tables:
        want = pq.read_table(out / f"{name}.parquet")
        have = got[name]
        assert have.schema.equals(want.schema), name
        assert have.num_rows == want.num_rows, name
        # Row for row, column by column (a difference names the table, the
        # column and the first row that differs).
        for column in want.column_names:
            a, b = have.column(column).to_pylist(), want.column(column).to_pylist()
            if a != b:
                row = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
                pytest.fail(f"{name}.{column}, row {row}: {a[row]!r} != {b[row]!r}")


@pytest.fixture(scope="module")
def vault_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("vault")
    return run_cli(
        "data/sample-vault",
        out,
        "--people",
        "data/people.csv",
        "--topics",
        "data/topics.toml",
        "--explain-repairs",
        "--owner",
        "Priya Raman",
    )


def vault_pipeline(**kw):
    return saidwhat.Pipeline(
        people=[REPO / "data" / "people.csv"],
        topics=REPO / "data" / "topics.toml",
        dictionary_from=[REPO / "data" / "sample-vault"],
        owner="Priya Raman",
        explain_repairs=True,
        **kw,
    )


def test_process_one_at_a_time_gives_the_cli_rows(vault_run):
    pipeline = vault_pipeline()
    assert pipeline.tables == DOCUMENT_TABLES
    parts = {name: [] for name in pipeline.tables}
    for doc_id, data in files_of(vault_run, REPO / "data" / "sample-vault"):
        for name, table in pipeline.process(doc_id, data).items():
            parts[name].append(table)
    got = {name: pa.concat_tables(t) for name, t in parts.items()}
    assert_same_tables(got, vault_run, DOCUMENT_TABLES)


def test_process_batch_gives_the_cli_rows(vault_run):
    pipeline = vault_pipeline()
    root = REPO / "data" / "sample-vault"
    files = files_of(vault_run, root)
    # As Spark's binaryFile source gives them: file: URIs.
    batch = pa.RecordBatch.from_pydict(
        {
            "path": [(root / i).as_uri() for i, _ in files],
            "content": [d for _, d in files],
        }
    )
    got = pipeline.process_batch(batch, base=root.as_uri())
    assert_same_tables(got, vault_run, DOCUMENT_TABLES)


def test_seeds_give_the_cli_rows(tmp_path):
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        assert "CI" not in os.environ, f"CI must have {seeds}"
        pytest.skip(f"{seeds} not present")
    people = SHARED / "seeds-people.csv"
    out = run_cli(seeds, tmp_path, "--people", people, "--owner", "Myself Owner")
    pipeline = saidwhat.Pipeline(people=[people], dictionary_from=[seeds], owner="Myself Owner")
    got = pipeline.process_many(files_of(out, seeds))
    assert_same_tables(got, out, [t for t in DOCUMENT_TABLES if t != "repair_changes"])


PARTS = ["speaker_parts", "topic_parts", "speaker_topic_parts"]


def seconds(ms, timed):
    """A sum of milliseconds as the program writes it: to the centisecond,
    NULL when no turn had a duration."""
    return (ms + 5) // 10 / 100 if timed else None


def test_corpus_parts_hold_the_sums_behind_the_tables(vault_run):
    pipeline = vault_pipeline(corpus_parts=True)
    assert pipeline.tables == DOCUMENT_TABLES + PARTS
    got = pipeline.process_many(files_of(vault_run, REPO / "data" / "sample-vault"))
    # The parts change nothing else.
    assert_same_tables(got, vault_run, DOCUMENT_TABLES)

    # Document by document, they round to the document tables' numbers.
    speakers = got["speakers"].to_pylist()
    parts = got["speaker_parts"].to_pylist()
    assert len(parts) == len(speakers) > 0
    for s, p in zip(speakers, parts):
        assert (s["doc_id"], s["date"], s["speaker"]) == (p["doc_id"], p["date"], p["speaker"])
        assert (s["turns"], s["words"], s["questions"], s["monologues"]) == (
            p["turns"],
            p["words"],
            p["questions"],
            p["monologues"],
        )
        assert s["talk_s"] == seconds(p["talk_ms"], p["timed"])
        assert s["longest_turn_s"] == seconds(p["longest_ms"], p["timed"])
        assert s["overlaps"] == (p["overlaps"] if p["ends_given"] else None)
    topics = got["topics"].to_pylist()
    topic_parts = got["topic_parts"].to_pylist()
    assert len(topic_parts) == len(topics) > 0
    for t, p in zip(topics, topic_parts):
        assert (t["doc_id"], t["topic"], t["turns"], t["raised_by"], t["speakers"]) == (
            p["doc_id"],
            p["topic"],
            p["turns"],
            p["raised_by"],
            p["speakers"],
        )
        assert t["talk_s"] == seconds(p["talk_ms"], p["timed"])
    # A topic's turns are its speakers' turns about it.
    pairs = {}
    for p in got["speaker_topic_parts"].to_pylist():
        key = (p["doc_id"], p["topic"])
        pairs.setdefault(key, [0, set()])
        pairs[key][0] += p["turns"]
        pairs[key][1].add(p["speaker"])
    assert pairs == {(t["doc_id"], t["topic"]): [t["turns"], set(t["speakers"])] for t in topics}

    # Over the corpus, they add up to the program's totals, where the
    # rounded seconds of `speakers` do not.
    totals = {}
    for p in parts:
        t = totals.setdefault(p["speaker"], [0, 0, 0])
        t[0] += p["turns"]
        t[1] += p["talk_ms"]
        t[2] += p["timed"]
    want = pq.read_table(vault_run / "speaker_totals.parquet").to_pylist()
    assert {s: (t[0], seconds(t[1], t[2])) for s, t in totals.items()} == {
        w["speaker"]: (w["turns"], w["talk_s"]) for w in want
    }


def test_people_is_the_cli_table(vault_run, monkeypatch):
    # The sources name the files as given, as the run was given them.
    monkeypatch.chdir(REPO)
    pipeline = saidwhat.Pipeline(
        people=["data/people.csv"],
        topics="data/topics.toml",
        dictionary_from=["data/sample-vault"],
    )
    want = pq.read_table(vault_run / "people.parquet")
    have = pipeline.people()
    assert have.schema.equals(want.schema)
    assert have.to_pylist() == want.to_pylist()


def test_doc_ids_from_paths_and_uris():
    assert saidwhat.doc_id("/v/Meetings/a b.md", "/v") == "Meetings/a b.md"
    assert saidwhat.doc_id("file:/v/Meetings/a%20b.md", "file:///v/") == "Meetings/a b.md"
    with pytest.raises(ValueError):
        saidwhat.doc_id("/w/a.md", "/v")


def test_vault_topics_are_the_cli_ones(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "2024-05-01 sync.md").write_text(
        "---\nparticipants: [Ann Lee, Bo Chen]\n---\n# Sync\n\n"
        "Links: [[Helios Connector|Helios]], [[Ann Lee]], [[2024-04-30 - notes]]\n\n"
        "[00:00:01.00]  Ann Lee: The Helios fix is in.\n"
        "[00:00:04.00]  Bo Chen: And the helios connector tests?\n"
        "[00:00:07.00]  Ann Lee: Ask Ann, she said notes are fine.\n"
    )
    out = run_cli(vault, tmp_path / "out", "--vault-topics")
    assert pq.read_table(out / "statements.parquet").num_rows == 2
    pipeline = saidwhat.Pipeline(dictionary_from=[vault], vault_topics=True)
    got = pipeline.process_many(files_of(out, vault))
    assert_same_tables(got, out, [t for t in DOCUMENT_TABLES if t != "repair_changes"])
    # Without them, no topics.
    plain = saidwhat.Pipeline(dictionary_from=[vault]).process_many(files_of(out, vault))
    assert plain["statements"].num_rows == 0


def test_files_over_max_file_size_are_too_large_as_in_a_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # A person note over the limit is not in the dictionary either (the
    # first pass does not read it), so the small note's mention of her is
    # no mention.
    (folder / "big.md").write_text("---\ntype: person\nname: Ada Byron\n---\n" + "words " * 100)
    (folder / "small.md").write_text("# Small\n\nAda Byron said so.\n")
    out = tmp_path / "out"
    run = [BIN, "run", str(folder), "--quiet", "--out", str(out), "--max-file-size", "100"]
    # A file not read is a failure: exit code 1.
    assert subprocess.run(run).returncode == 1
    codes = pq.read_table(out / "diagnostics.parquet").column("code").to_pylist()
    assert "too-large" in codes
    pipeline = saidwhat.Pipeline(dictionary_from=[folder], max_file_size=100)
    got = pipeline.process_many(files_of(out, folder))
    assert_same_tables(got, out, [t for t in DOCUMENT_TABLES if t != "repair_changes"])
    assert pipeline.people().num_rows == 0
    # Under a larger limit she is someone, and mentioned.
    larger = saidwhat.Pipeline(dictionary_from=[folder])
    assert larger.people().column("person").to_pylist() == ["Ada Byron"]
    assert larger.process_many(files_of(out, folder))["mentions"].num_rows == 1


def test_bad_configuration_is_a_value_error():
    with pytest.raises(ValueError, match="unknown input format"):
        saidwhat.Pipeline(input_format="nope")
    with pytest.raises(ValueError, match="missing.csv"):
        saidwhat.Pipeline(people=["missing.csv"])
    with pytest.raises(ValueError, match="dictionary_from"):
        saidwhat.Pipeline(vault_topics=True)


def test_binary_input_is_a_failed_document_not_an_exception():
    tables = saidwhat.Pipeline().process("x.md", b"\x00\x01\x02" * 1000)
    doc = tables["documents"].to_pylist()
    assert len(doc) == 1 and doc[0]["doc_id"] == "x.md"
    assert tables["diagnostics"].column("severity").to_pylist() == ["error"]
