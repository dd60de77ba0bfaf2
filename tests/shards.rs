//! `run --shard K/N` and `merge`: the shards of a run, merged, are the
//! tables of one run over all the files, byte for byte.
#![cfg(feature = "parquet")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{repo, shared};

fn saidwhat(args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("saidwhat")
        .unwrap()
        .current_dir(repo())
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `inputs` once into `dir/one`, as `n` shards into `dir/s1`… and
/// merges them into `dir/merged`; returns the two folders to compare.
fn one_and_merged(dir: &Path, run: &[&str], n: u32, merge: &[&str]) -> (PathBuf, PathBuf) {
    let one = dir.join("one");
    let mut args = vec!["run"];
    args.extend(run);
    ok(saidwhat(
        &[&args[..], &["--quiet", "--out", path(&one)]].concat(),
    ));
    let mut shards = Vec::new();
    // Shards are given to merge in another order than their numbers.
    for k in (1..=n).rev() {
        let out = dir.join(format!("s{k}"));
        let shard = format!("{k}/{n}");
        ok(saidwhat(
            &[
                &args[..],
                &["--quiet", "--shard", &shard, "--out", path(&out)],
            ]
            .concat(),
        ));
        shards.push(out);
    }
    let merged = dir.join("merged");
    let mut m: Vec<&str> = vec!["merge"];
    m.extend(shards.iter().map(|s| path(s)));
    m.extend(merge);
    m.extend(["--quiet", "--out", path(&merged)]);
    ok(saidwhat(&m));
    (one, merged)
}

/// Every file of `one` but its `run.json` is in `merged` with the same
/// bytes, and there is no other; the manifests agree on what was read and
/// written.
fn assert_same_output(one: &Path, merged: &Path) {
    let names = |dir: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(one), names(merged));
    for name in names(one) {
        if name == "run.json" {
            continue;
        }
        let (a, b) = (
            std::fs::read(one.join(&name)).unwrap(),
            std::fs::read(merged.join(&name)).unwrap(),
        );
        assert!(a == b, "{name} differs ({} and {} bytes)", a.len(), b.len());
    }
    let manifest = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("run.json")).unwrap()).unwrap()
    };
    let (a, b) = (manifest(one), manifest(merged));
    for key in [
        "files",
        "documents",
        "failed",
        "skipped",
        "warnings",
        "turns",
        "by_format",
        "tables",
        "owner",
        "formats",
    ] {
        assert_eq!(a[key], b[key], "run.json {key}");
    }
}

#[test]
fn three_shards_merge_into_the_tables_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = [
        "data/sample-vault",
        "--people",
        "data/people.csv",
        "--topics",
        "data/topics.toml",
        "--vault-topics",
        "--explain-repairs",
        "--format",
        "csv,parquet,jsonl",
        "--report",
    ];
    let (one, merged) = one_and_merged(
        dir.path(),
        &run,
        3,
        &["--format", "csv,parquet,jsonl", "--report"],
    );
    assert_same_output(&one, &merged);
    // Each shard has some of the documents, and together all of them,
    // each once.
    let rows = |p: &Path| common::csv_rows(&p.join("documents.csv"));
    let mut ids: Vec<String> = (1..=3)
        .flat_map(|k| rows(&dir.path().join(format!("s{k}"))))
        .map(|r| r["doc_id"].clone())
        .collect();
    for k in 1..=3 {
        assert!(
            !rows(&dir.path().join(format!("s{k}"))).is_empty(),
            "shard {k} is empty"
        );
    }
    ids.sort();
    let all: Vec<String> = rows(&one)
        .into_iter()
        .map(|r| r["doc_id"].clone())
        .collect();
    assert_eq!(ids, all);
}

/// More shards than some have documents: the corpus tables (the action
/// owners, `@Myself`, the dictionary) come from every shard's records
/// replayed in doc_id order across shards, and an empty shard is a shard.
#[test]
fn many_small_shards_merge_too() {
    let dir = tempfile::tempdir().unwrap();
    let run = [
        "tests/data/actions/vault",
        "--people",
        "tests/data/actions/people.csv",
    ];
    let (one, merged) = one_and_merged(dir.path(), &run, 7, &[]);
    assert_same_output(&one, &merged);
}

#[test]
fn seeds_in_four_shards_merge_into_one_run() {
    let Some(seeds) = shared("seeds") else {
        return;
    };
    let people = repo().join("../shared/seeds-people.csv");
    let dir = tempfile::tempdir().unwrap();
    let run = [
        path(&seeds),
        "--people",
        path(&people),
        "--topics",
        "data/topics.toml",
    ];
    let (one, merged) = one_and_merged(dir.path(), &run, 4, &[]);
    assert_same_output(&one, &merged);
}

#[test]
fn merge_refuses_what_is_not_the_whole_set_of_shards() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n);
    let shard = |k: &str, out: &Path, extra: &[&str]| {
        ok(saidwhat(
            &[
                &[
                    "run",
                    "data/sample-vault",
                    "--quiet",
                    "--shard",
                    k,
                    "--out",
                    path(out),
                ][..],
                extra,
            ]
            .concat(),
        ));
    };
    shard("1/3", &d("a"), &[]);
    shard("2/3", &d("b"), &[]);
    shard("2/3", &d("b2"), &[]);
    shard("3/3", &d("c"), &["--format", "csv"]);
    shard("3/3", &d("c3"), &[]);
    shard("1/2", &d("other"), &[]);
    ok(saidwhat(&[
        "run",
        "data/sample-vault",
        "--quiet",
        "--out",
        path(&d("plain")),
    ]));
    let refused = |args: &[&str], says: &str| {
        let out = saidwhat(&[&["merge"][..], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    };
    let m = d("m");
    let (a, b, b2, c) = (d("a"), d("b"), d("b2"), d("c"));
    refused(
        &[path(&a), path(&b), "--out", path(&m)],
        "shard 3/3 missing",
    );
    refused(
        &[path(&a), path(&b), path(&b2), "--out", path(&m)],
        "are both shard 2/3",
    );
    refused(
        &[path(&a), path(&b), path(&c), "--out", path(&m)],
        "Parquet",
    );
    refused(
        &[path(&a), path(&d("other")), "--out", path(&m)],
        "shards of different runs",
    );
    refused(
        &[path(&d("plain")), "--out", path(&m)],
        "not the output of `saidwhat run --shard",
    );
    let c3 = d("c3");
    refused(
        &[path(&a), path(&b), path(&c3), "--out", path(&a)],
        "is one of the shards",
    );
    // A shard whose table does not hold the rows its record says (another
    // shard's turns in its place).
    let bad = d("b-bad");
    std::fs::create_dir(&bad).unwrap();
    for e in std::fs::read_dir(&b).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), bad.join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(a.join("turns.parquet"), bad.join("turns.parquet")).unwrap();
    refused(
        &[path(&a), path(&bad), path(&c3), "--out", path(&m)],
        "rows than shard.jsonl says",
    );
    // The same set into a folder of its own is merged.
    ok(saidwhat(&[
        "merge",
        path(&a),
        path(&b),
        path(&c3),
        "--quiet",
        "--out",
        path(&m),
    ]));
    assert!(m.join("run.json").exists());
}

#[test]
fn a_shard_argument_is_k_of_n() {
    for bad in ["0/3", "4/3", "3", "1/0"] {
        let out = saidwhat(&[
            "run",
            "data/sample-vault",
            "--shard",
            bad,
            "--out",
            "/nonexistent",
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("K/N"),
            "{bad}"
        );
    }
}
