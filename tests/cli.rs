//! The binary end to end: golden outputs, determinism, exit codes.
//!
//! Golden files live in `tests/golden/`. After an intended change of
//! output, regenerate them with `SAIDWHAT_BLESS=1 cargo test --test cli`
//! and review the diff before committing.

mod common;

// The benchmark corpus, for a run that lasts long enough to interrupt.
#[cfg(unix)]
#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::path::Path;

use assert_cmd::Command;
use common::repo;

/// The files a run writes (with `--format csv,parquet,jsonl
/// --explain-repairs`; the default leaves out the last two), but for the
/// manifest, whose elapsed time changes from run to run.
fn tables(parquet: bool) -> Vec<String> {
    let mut names: Vec<String> = saidwhat::export::schema::TABLES
        .iter()
        .flat_map(|t| {
            let mut files = vec![t.csv_name()];
            if parquet {
                files.push(t.parquet_name());
            }
            files
        })
        .collect();
    names.push("documents.jsonl".into());
    names
}

fn saidwhat() -> Command {
    let mut cmd = Command::cargo_bin("saidwhat").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// Runs `saidwhat run` with `args` into a fresh folder; returns it and the exit code.
fn run(args: &[&str]) -> (tempfile::TempDir, i32) {
    let out = tempfile::tempdir().unwrap();
    let status = saidwhat()
        .arg("run")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .arg("--quiet")
        .output()
        .unwrap()
        .status;
    (out, status.code().unwrap())
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Compares the text tables of `out` (CSV, JSON Lines) with `golden`.
fn assert_golden(out: &Path, golden: &Path) {
    for table in tables(false) {
        let table = table.as_str();
        let got = read(out, table);
        let path = golden.join(table);
        if std::env::var_os("SAIDWHAT_BLESS").is_some() {
            std::fs::create_dir_all(golden).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap();
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            assert_eq!(
                g,
                w,
                "{table} line {} differs from {}",
                i + 1,
                path.display()
            );
        }
        assert_eq!(
            got.lines().count(),
            want.lines().count(),
            "{table}: row count"
        );
        assert_eq!(got, want, "{table}");
    }
}

#[test]
fn sample_vault_matches_golden() {
    let (out, code) = run(&[
        "data/sample-vault",
        "--people",
        "data/people.csv",
        "--topics",
        "data/topics.toml",
        "--format",
        "csv,jsonl",
        "--explain-repairs",
    ]);
    assert_eq!(code, 0);
    assert_golden(out.path(), &repo().join("tests/golden/sample-vault"));
}

#[test]
fn output_is_byte_identical_for_any_job_count() {
    let args = |jobs| {
        [
            "data/sample-vault",
            "tests/data",
            "--people",
            "data/people.csv",
            "--topics",
            "data/topics.toml",
            "--format",
            "csv,parquet,jsonl",
            "--explain-repairs",
            "-j",
            jobs,
        ]
    };
    let (one, _) = run(&args("1"));
    let (two, _) = run(&args("2"));
    let (four, _) = run(&args("4"));
    let bytes = |dir: &Path, name: &str| std::fs::read(dir.join(name)).unwrap();
    for table in tables(true) {
        let table = table.as_str();
        let first = bytes(one.path(), table);
        assert!(
            first == bytes(two.path(), table),
            "{table}: -j1 and -j2 differ"
        );
        assert!(
            first == bytes(four.path(), table),
            "{table}: -j1 and -j4 differ"
        );
    }
}

#[test]
fn bad_files_are_diagnosed_and_the_rest_processed() {
    let (out, code) = run(&["tests/data/bad-inputs"]);
    assert_eq!(code, 1, "a binary file could not be processed");
    assert_eq!(
        read(out.path(), "diagnostics.csv"),
        "doc_id,line,severity,code,message\n\
         binary.md,,error,binary,binary file: NUL byte at offset 8\n\
         broken-frontmatter.md,3,warning,frontmatter-invalid,frontmatter is not valid YAML (unclosed bracket '['); its fields are ignored\n\
         empty.md,,warning,empty,empty file\n"
    );
    assert_eq!(
        read(out.path(), "turns.csv"),
        "doc_id,turn,start_s,end_s,speaker,speaker_label,speaker_source,kind,cues,words,people,turn_flags,topics,text\n\
         broken-frontmatter.md,1,1.00,3.00,Ann Lee,Ann Lee,label,speech,1,2,Bo Chen,short,,Hello Bo.\n\
         broken-frontmatter.md,2,3.00,,Bo Chen,Bo Chen,label,speech,1,2,,short,,Hi Ann.\n\
         good.md,1,1.00,3.00,Ann Lee,Ann Lee,label,speech,1,2,Bo Chen,short,,Hello Bo.\n\
         good.md,2,3.00,,Bo Chen,Remote,inferred,speech,1,2,,short,,hi Ann.\n"
    );
    // Every file read is a document, the one that failed too (no kind,
    // its error counted).
    assert_eq!(
        read(out.path(), "documents.csv"),
        "doc_id,kind,format,language,encoding,date,title,participants,turns,words,duration_s,speakers,switches,interactivity,silence_share,repairs,warnings,errors\n\
         binary.md,,,,,,,,0,0,,0,0,,,0,0,1\n\
         broken-frontmatter.md,transcript,house,,utf-8,,Broken,Ann Lee;Bo Chen,2,4,2.00,2,1,30.00,,0,1,0\n\
         empty.md,note,,,utf-8,,empty,,0,0,,0,0,,,0,1,0\n\
         good.md,transcript,house,,utf-8,,1:1 Bo,Bo Chen;Ann Lee,2,4,2.00,2,1,30.00,,0,0,0\n"
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let (_, code) = run(&[
        "tests/data/bad-inputs/good.md",
        "tests/data/bad-inputs/empty.md",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn usage_errors_exit_two() {
    let code = |args: &[&str]| {
        saidwhat()
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
            .unwrap()
    };
    assert_eq!(code(&["run", "data/sample-vault"]), 2, "--out is required");
    assert_eq!(code(&["run", "no/such/folder", "--out", "/tmp/x"]), 2);
    assert_eq!(
        code(&["run", "--out", "/tmp/x", "--people", "no/such.csv"]),
        2
    );
    assert_eq!(code(&["run", "--out", "/tmp/x", "--jobs", "0"]), 2);
    assert_eq!(code(&["frobnicate"]), 2);
    assert_eq!(
        code(&["run", "--out", "/tmp/x", "--input-format", "docx"]),
        2,
        "an input format there is not"
    );
    assert_eq!(code(&["--help"]), 0);
    assert_eq!(code(&["run", "--help"]), 0);
}

#[test]
fn missing_input_message_names_the_path() {
    let out = saidwhat()
        .args(["run", "no/such/folder", "--out"])
        .arg(tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr, "saidwhat: no/such/folder: no such file or folder\n");
}

#[test]
fn summary_line_on_stderr() {
    let out = tempfile::tempdir().unwrap();
    let output = saidwhat()
        .args(["run", "tests/data/bad-inputs", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line = stderr.lines().next().unwrap_or_default();
    let (counts, rest) = line.split_once(" in ").unwrap();
    assert_eq!(
        counts,
        "saidwhat: 4 files (2 transcripts: house 2; 1 notes, 0 person notes), 4 turns, 2 warnings, 1 failed"
    );
    let (secs, to) = rest.split_once(" s → ").unwrap();
    assert!(secs.parse::<f64>().is_ok(), "{line}");
    assert_eq!(Path::new(to), out.path());
}

#[test]
fn fix_writes_the_repaired_file_and_explains_on_stderr() {
    let vault = repo().join("data/sample-vault/Meetings/2024-03-12 Atlas roadmap review.md");
    let clean = std::fs::read(
        repo().join("tests/data/sample-vault-clean/2024-03-12 Atlas roadmap review.md"),
    )
    .unwrap();
    let out = saidwhat().arg("fix").arg(&vault).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout == clean, "stdout is the clean original");
    assert!(out.stderr.is_empty(), "nothing on stderr without --explain");

    let out = saidwhat()
        .args(["fix", "--explain"])
        .arg(&vault)
        .output()
        .unwrap();
    let explained = String::from_utf8(out.stderr).unwrap();
    assert!(
        explained.starts_with("document mac-roman: 19 change(s)\n  line 6: \"√´\" -> \"ë\"\n"),
        "{explained}"
    );
    assert!(explained.ends_with("  … 14 more\n"), "{explained}");
}

#[test]
fn fix_reads_standard_input_and_leaves_clean_text_alone() {
    let out = saidwhat()
        .args(["fix", "-", "--explain"])
        .write_stdin("cafÃ© crÃ¨me\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café crème\n");
    let clean = "São Paulo — “fine” 😀\n";
    let out = saidwhat()
        .args(["fix", "--explain"])
        .write_stdin(clean)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), clean);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "no mojibake found\n"
    );
}

#[test]
fn fix_exit_codes() {
    let binary = repo().join("tests/data/bad-inputs/binary.md");
    let out = saidwhat().arg("fix").arg(&binary).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "binary file");
    assert!(out.stdout.is_empty());
    let out = saidwhat()
        .args(["fix", "no/such/file.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unreadable");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("cannot read no/such/file.md")
    );
}

/// The cases the people issue asks the sample vault to show, pinned in the
/// golden mentions table: a re-bless that loses one fails here.
#[test]
fn sample_vault_mentions_cover_the_hard_cases() {
    let golden =
        std::fs::read_to_string(repo().join("tests/golden/sample-vault/mentions.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(golden.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // doc_id,turn,section,speaker,person,surface,offset,kind,candidates,line
    let has = |doc: &str, turn: &str, person: &str, surface: &str, kind: &str, candidates: &str| {
        rows.iter().any(|r| {
            r[0].ends_with(doc)
                && &r[1] == turn
                && &r[4] == person
                && &r[5] == surface
                && &r[7] == kind
                && &r[8] == candidates
        })
    };
    let both = "Rob Castellano;Rob Nguyen";
    // A shared first name decided by an earlier link in the note...
    assert!(has(
        "Hiring plan.md",
        "",
        "Rob Castellano",
        "Rob",
        "first",
        both
    ));
    // ...and left open, with both candidates, where nothing decides.
    assert!(has("Vendor call.md", "1", "", "Rob", "first", both));
    assert!(has("1-1 Tomasz.md", "10", "", "Rob", "first", both));
    // An accented name written without its accent.
    assert!(has(
        "1-1 Tomasz.md",
        "8",
        "Zoë Hartmann",
        "Zoe",
        "first",
        ""
    ));
    // A nickname, and a possessive.
    assert!(has(
        "Atlas roadmap review.md",
        "13",
        "Mordecai Feld",
        "Morty",
        "nickname",
        ""
    ));
    assert!(has(
        "1-1 Tomasz.md",
        "6",
        "Mordecai Feld",
        "Morty's",
        "possessive",
        ""
    ));
    // Capitalised names next to the same words used as words.
    assert!(has(
        "1-1 Tomasz.md",
        "8",
        "Will Okafor",
        "Will",
        "first",
        ""
    ));
    assert!(
        !rows
            .iter()
            .any(|r| r[0].ends_with("1-1 Tomasz.md") && &r[1] == "9"),
        "I will"
    );
    assert!(has(
        "Atlas roadmap review.md",
        "8",
        "Rich Tanaka",
        "Rich",
        "first",
        ""
    ));
    assert!(
        !rows
            .iter()
            .any(|r| r[0].ends_with("roadmap review.md") && &r[1] == "9"),
        "be rich"
    );
}

#[test]
fn people_prints_the_dictionary_run_uses() {
    let out = saidwhat()
        .args(["people", "data/sample-vault", "--people", "data/people.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let golden = std::fs::read(repo().join("tests/golden/sample-vault/people.csv")).unwrap();
    assert!(out.stdout == golden, "same as people.csv of `run`");
    let out = saidwhat()
        .args(["people", "--people", "no/such.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn formula_text_is_neutralised_in_csv_and_kept_in_jsonl() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("t.md"),
        "[00:00:01.00]  Ann Lee: =HYPERLINK(\"http://evil.example\",\"click\")\n\
         [00:00:02.00]  Bo Chen: +1 from me\n[00:00:03.00]  Ann Lee: ok\n",
    )
    .unwrap();
    let path = input.path().to_str().unwrap();
    let (out, code) = run(&[path, "--format", "csv,jsonl"]);
    assert_eq!(code, 0);
    let turns = read(out.path(), "turns.csv");
    assert!(
        turns.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""),
        "{turns}"
    );
    assert!(turns.contains(",'+1 from me\n"), "{turns}");
    let docs = read(out.path(), "documents.jsonl");
    assert!(
        docs.contains(r#""text":"=HYPERLINK(\"http://evil.example\",\"click\")""#),
        "{docs}"
    );

    let (raw, _) = run(&[path, "--raw-csv", "--excel", "--format", "csv"]);
    let turns = read(raw.path(), "turns.csv");
    assert!(turns.starts_with("\u{feff}doc_id,"), "BOM for Excel");
    assert!(turns.contains("\"=HYPERLINK("), "{turns}");
    assert!(!raw.path().join("documents.jsonl").exists(), "--format csv");
}

/// Each document's talk shares add up to one; the corpus totals' too.
#[test]
fn sample_vault_talk_shares_sum_to_one() {
    let mut sums: std::collections::BTreeMap<String, f64> = Default::default();
    for (table, key) in [
        ("speakers.csv", Some("doc_id")),
        ("speaker_totals.csv", None),
    ] {
        let golden =
            std::fs::read_to_string(repo().join("tests/golden/sample-vault").join(table)).unwrap();
        let mut reader = csv::Reader::from_reader(golden.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let column = |name| headers.iter().position(|h| h == name).unwrap();
        let share = column("talk_share");
        for r in reader.records() {
            let r = r.unwrap();
            let doc = key.map_or("the run".to_string(), |k| r[column(k)].to_string());
            *sums.entry(doc).or_default() += r[share].parse::<f64>().unwrap();
        }
    }
    assert_eq!(sums.len(), 11, "ten meetings and the run");
    for (doc, sum) in sums {
        assert!((sum - 1.0).abs() <= 0.01, "{doc}: {sum}");
    }
}

#[test]
fn vault_topics_come_from_links_that_are_not_people() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("2024-05-01 sync.md"),
        "---\nparticipants: [Ann Lee, Bo Chen]\n---\n# Sync\n\n\
         Links: [[Helios Connector|Helios]], [[Ann Lee]], [[2024-04-30 - notes]]\n\n\
         [00:00:01.00]  Ann Lee: The Helios fix is in.\n\
         [00:00:04.00]  Bo Chen: And the helios connector tests?\n\
         [00:00:07.00]  Ann Lee: Ask Ann, she said notes are fine.\n",
    )
    .unwrap();
    let path = input.path().to_str().unwrap();
    let (out, _) = run(&[path, "--vault-topics"]);
    let statements = read(out.path(), "statements.csv");
    let rows: Vec<&str> = statements.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{statements}");
    assert!(
        rows[0].contains(",Ann Lee,Helios Connector,") && rows[0].contains(",Helios,"),
        "{statements}"
    );
    assert!(
        rows[1].contains(",Bo Chen,Helios Connector,") && rows[1].contains(",Helios Connector,"),
        "{statements}"
    );
    // Without the flag, no topics at all.
    let (out, _) = run(&[path]);
    assert_eq!(read(out.path(), "statements.csv").lines().count(), 1);
}

#[test]
fn input_format_forces_one_format_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    // Zoom's `Name: text` cues saved without the WEBVTT signature, in a .txt.
    let file = dir.path().join("call.txt");
    std::fs::write(
        &file,
        "1\n00:00:01.000 --> 00:00:02.000\nAnn Lee: Hi.\n\n2\n00:00:02.500 --> 00:00:04.000\nBo Chen: Hello.\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (out, code) = run(&[path, "--input-format", "webvtt"]);
    assert_eq!(code, 0);
    let turns = read(out.path(), "turns.csv");
    let rows: Vec<&str> = turns.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "call.txt,1,1.00,2.00,Ann Lee,Ann Lee,label,speech,1,1,,short,,Hi.",
            "call.txt,2,2.50,4.00,Bo Chen,Bo Chen,label,speech,1,1,,short,,Hello.",
        ]
    );
    // As a note, the same lines are a section a format claims whole.
    let (out, _) = run(&[path, "--input-format", "markdown"]);
    assert_eq!(read(out.path(), "turns.csv"), turns);
    let (out, _) = run(&[path, "--input-format", "zoom-chat"]);
    let diags = read(out.path(), "diagnostics.csv");
    // Forced into a format it is not, nothing is lost: one message with
    // no sender, and a warning.
    assert!(
        diags.contains("call.txt,1,warning,text-before-first-timestamp,chat text before the first"),
        "{diags}"
    );
    let turns = read(out.path(), "turns.csv");
    assert!(
        turns.contains(",chat,1,")
            && turns.contains("Ann Lee: Hi.")
            && turns.contains("Bo Chen: Hello."),
        "{turns}"
    );
}

#[test]
fn every_entry_of_a_folder_is_a_document_or_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "a.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi.\n",
        ),
        ("b.png", "not read"),
        ("c.vtt", "WEBVTT\n"),
        (".obsidian/app.json", "{}"),
    ] {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let output = saidwhat()
        .arg("run")
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("2 files (1 transcripts: webvtt 1; 1 notes, 0 person notes), 1 turns, 1 warnings, 0 failed, 2 skipped in "),
        "{stderr}"
    );
    let diags = read(out.path(), "diagnostics.csv");
    let rows: Vec<&str> = diags.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            ".obsidian,,info,skipped,hidden folder: not read",
            "b.png,,info,skipped,extension .png is not read (saidwhat reads .md .markdown .txt .text .vtt .srt .sbv .json .jsonl .tsv)",
            "c.vtt,,warning,transcript-unrecognised,WebVTT file with no cues",
        ]
    );
}

/// The files of a folder (not recursive) by name, with their bytes.
#[cfg(unix)]
/// Writes at least `size` bytes of the benchmark corpus under `input`;
/// returns the generator (for its people CSV).
#[cfg(unix)]
fn write_corpus(input: &Path, size: usize) -> corpus::Corpus {
    let mut corpus = corpus::Corpus::new();
    let mut written = 0;
    while written < size {
        let file = corpus.next_file();
        let path = input.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.bytes).unwrap();
        written += file.bytes.len();
    }
    corpus
}

/// The files directly in `dir` (not its staging folder) and their bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// What a run has begun and not finished in `dir`: the files of its
/// staging folder, and `.partial` files (of earlier versions).
#[cfg(unix)]
fn partials(dir: &Path) -> Vec<String> {
    let staging = dir.join(saidwhat::export::STAGING);
    let staged = std::fs::read_dir(&staging).into_iter().flatten().map(|e| {
        format!(
            "{}/{}",
            saidwhat::export::STAGING,
            e.unwrap().file_name().to_string_lossy()
        )
    });
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial") || n == saidwhat::export::STAGING)
        .chain(staged)
        .collect()
}

/// A signal in the middle of a run (SIGINT as Ctrl-C sends it, SIGTERM as
/// `kill` and service managers do) ends it soon with exit code 130, its
/// partial tables removed and those of the run before untouched.
#[cfg(unix)]
#[test]
fn ctrl_c_leaves_no_partial_and_keeps_earlier_tables() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let (input, people, out) = (
        dir.path().join("corpus"),
        dir.path().join("people.csv"),
        dir.path().join("out"),
    );
    // About 2.5 s of one thread in a release build (the debug binary is
    // several times slower, so less does), of which the signal comes at
    // a fraction.
    let size = if cfg!(debug_assertions) { 8 } else { 40 } << 20;
    let corpus = write_corpus(&input, size);
    std::fs::write(&people, corpus.people_csv()).unwrap();
    let saidwhat = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_saidwhat"));
        cmd.arg("run")
            .arg(&input)
            .arg("--people")
            .arg(&people)
            .arg("--out")
            .arg(&out)
            .args(["--jobs", "1", "--quiet"]);
        cmd
    };
    assert!(saidwhat().status().unwrap().success());
    let earlier = files(&out);
    // Every table as CSV and Parquet, and the manifest.
    let expected = saidwhat::export::schema::TABLES
        .iter()
        .filter(|t| !t.on_request)
        .count()
        * 2
        + 1;
    assert_eq!(earlier.len(), expected, "{:?}", earlier.keys());

    for signal in ["INT", "TERM"] {
        let mut child = saidwhat().stderr(Stdio::piped()).spawn().unwrap();
        let started = Instant::now();
        while partials(&out).is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no partial table appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before SIG{signal}: the corpus is too small"
        );
        let sent = Instant::now();
        let kill = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(kill.success());
        let output = child.wait_with_output().unwrap();
        let took = sent.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "SIG{signal}: {stderr}");
        assert!(stderr.contains("interrupted"), "SIG{signal}: {stderr}");
        assert!(took < Duration::from_secs(3), "SIG{signal}: took {took:?}");
        assert_eq!(partials(&out), Vec::<String>::new(), "SIG{signal}");
        let now = files(&out);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            earlier.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &earlier {
            assert!(now[name] == *bytes, "SIG{signal}: {name} changed");
        }
    }
}

/// `kill -9` at any point of a run into a folder holding an earlier run's
/// tables: the folder then holds the earlier set or the new one, whole
/// (byte for byte, with its run.json), never a mix; and the next run leaves
/// nothing begun behind. The new run writes other files than the earlier
/// one (JSON Lines and repair_changes too), so a mix would show.
#[cfg(unix)]
#[test]
fn kill_9_anywhere_leaves_the_old_set_or_the_new_one() {
    use std::process::Command;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let (input, out, reference) = (
        dir.path().join("corpus"),
        dir.path().join("out"),
        dir.path().join("ref"),
    );
    write_corpus(&input, if cfg!(debug_assertions) { 2 } else { 8 } << 20);
    let saidwhat = |out: &Path, new: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_saidwhat"));
        cmd.arg("run")
            .arg(&input)
            .arg("--out")
            .arg(out)
            .args(["--jobs", "2", "--quiet"]);
        if new {
            cmd.args(["--format", "csv,parquet,jsonl", "--explain-repairs"]);
        }
        cmd
    };
    // The manifest's elapsed time differs from run to run.
    let tables = |dir: &Path| {
        let mut f = files(dir);
        let manifest = f.remove("run.json");
        (f, manifest.is_some())
    };
    assert!(saidwhat(&reference, true).status().unwrap().success());
    let (new_set, _) = tables(&reference);
    assert!(saidwhat(&out, false).status().unwrap().success());
    let (old_set, _) = tables(&out);
    // How long a whole run takes, to spread the kills over it.
    let started = std::time::Instant::now();
    assert!(
        saidwhat(&dir.path().join("timing"), true)
            .status()
            .unwrap()
            .success()
    );
    let whole = started.elapsed();
    let (mut old_seen, mut new_seen, mut switching) = (0, 0, 0);
    for k in 0..12u32 {
        let mut child = saidwhat(&out, true).spawn().unwrap();
        // From 3% of a whole run's time to twice it: before and after the
        // switch, whatever the machine's load.
        std::thread::sleep(whole * (k * 18 + 3) / 100);
        let _ = child.kill();
        let _ = child.wait();
        let (mut now, manifest) = tables(&out);
        if now == old_set && manifest {
            old_seen += 1;
        } else if now == new_set && manifest {
            new_seen += 1;
        } else if !manifest {
            // Killed during the switch, whose renames take tens of
            // milliseconds on a busy disk: the folder says so (no
            // run.json), each file is the old run's or the new one's, and
            // the next run into it finishes the switch first.
            for (name, bytes) in &now {
                assert!(
                    old_set.get(name) == Some(bytes) || new_set.get(name) == Some(bytes),
                    "kill {k}: {name} is neither run's"
                );
            }
            assert!(saidwhat::export::recover(&out).unwrap());
            let (after, manifest) = tables(&out);
            assert!(after == new_set && manifest, "kill {k}: not switched");
            now = after;
            switching += 1;
        } else {
            panic!(
                "kill {k} at {:?} left a mix: {:?}",
                whole * (k * 18 + 3) / 100,
                now.keys().collect::<Vec<_>>()
            );
        }
        // Back to the old set for the next kill.
        if now == new_set {
            assert!(saidwhat(&out, false).status().unwrap().success());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    eprintln!(
        "kill -9: {old_seen} left the old set, {new_seen} the new one, {switching} a switch to finish"
    );
    // Kills before the commit always happen; after it too, unless the
    // machine was much slower than for the timing run.
    assert!(
        old_seen > 0,
        "no kill came before the switch ({new_seen} after)"
    );
    assert!(saidwhat(&out, false).status().unwrap().success());
    assert_eq!(partials(&out), Vec::<String>::new());
}

/// The partial tables a run killed outright (`kill -9`) left are removed
/// by the next run into the folder; other files there are not touched,
/// whatever their name.
#[test]
fn leftover_partials_are_removed_at_start() {
    let out = tempfile::tempdir().unwrap();
    for name in ["turns.csv.partial", "notes.partial", "keep.txt"] {
        std::fs::write(out.path().join(name), "left").unwrap();
    }
    let status = saidwhat()
        .args(["run", "data/sample-vault", "--quiet", "--out"])
        .arg(out.path())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    assert!(!out.path().join("turns.csv.partial").exists());
    assert_eq!(read(out.path(), "notes.partial"), "left");
    assert_eq!(read(out.path(), "keep.txt"), "left");
    assert!(out.path().join("turns.csv").exists());
}

/// The keyed tables hold what the wide ones of before did: today's turns
/// and statements joined with documents (and statements with turns) give
/// back, row for row and cell for cell, the wide `turns.csv` and
/// `statements.csv` the sample vault had (kept in
/// `tests/data/wide-tables/`).
#[test]
fn keyed_tables_rebuild_the_wide_rows_of_before() {
    use std::collections::HashMap;
    let (out, _) = run(&[
        "data/sample-vault",
        "--people",
        "data/people.csv",
        "--topics",
        "data/topics.toml",
        "--format",
        "csv",
    ]);
    let table = |path: &Path| common::csv_rows(path);
    let documents: HashMap<String, std::collections::BTreeMap<String, String>> =
        table(&out.path().join("documents.csv"))
            .into_iter()
            .map(|d| (d["doc_id"].clone(), d))
            .collect();
    let turns = table(&out.path().join("turns.csv"));
    let turn_of: HashMap<(String, String), &std::collections::BTreeMap<String, String>> = turns
        .iter()
        .map(|t| ((t["doc_id"].clone(), t["turn"].clone()), t))
        .collect();
    let centis = |s: &str| -> Option<i64> {
        let (whole, frac) = s.split_once('.')?;
        Some(whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?)
    };
    let wide = repo().join("tests/data/wide-tables/sample-vault");
    // The rebuilt rows against the wide table of before, row by row.
    let assert_same_as_before = |rebuilt: &[Vec<String>], name: &str| {
        let before: Vec<Vec<String>> = csv::Reader::from_path(wide.join(format!("{name}.csv")))
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rebuilt.len(), before.len(), "{name}");
        for (r, b) in rebuilt.iter().zip(&before) {
            assert_eq!(r, b, "{name}");
        }
    };

    let mut rebuilt = Vec::new();
    for t in &turns {
        let d = &documents[&t["doc_id"]];
        let duration = match (centis(&t["start_s"]), centis(&t["end_s"])) {
            (Some(s), Some(e)) if e >= s => format!("{}.{:02}", (e - s) / 100, (e - s) % 100),
            _ => String::new(),
        };
        rebuilt.push(vec![
            t["doc_id"].clone(),
            d["date"].clone(),
            d["title"].clone(),
            t["turn"].clone(),
            t["start_s"].clone(),
            t["end_s"].clone(),
            duration,
            t["speaker"].clone(),
            t["speaker_label"].clone(),
            t["speaker_source"].clone(),
            t["kind"].clone(),
            t["cues"].clone(),
            t["words"].clone(),
            t["people"].clone(),
            t["turn_flags"].clone(),
            t["topics"].clone(),
            t["text"].clone(),
        ]);
    }
    assert_same_as_before(&rebuilt, "turns");

    let mut rebuilt = Vec::new();
    for s in table(&out.path().join("statements.csv")) {
        let d = &documents[&s["doc_id"]];
        let t = turn_of[&(s["doc_id"].clone(), s["turn"].clone())];
        rebuilt.push(vec![
            s["doc_id"].clone(),
            d["date"].clone(),
            d["title"].clone(),
            s["turn"].clone(),
            t["start_s"].clone(),
            s["speaker"].clone(),
            s["topic"].clone(),
            s["people"].clone(),
            s["evidence"].clone(),
            t["text"].clone(),
        ]);
    }
    assert_same_as_before(&rebuilt, "statements");
}

/// The README documents every table with exactly the schema's columns, in
/// order, with their types: the contract and its documentation cannot
/// drift apart.
#[test]
fn readme_column_tables_are_the_schema() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for table in saidwhat::export::schema::TABLES {
        let heading = format!("### `{}.csv`", table.name);
        let at = readme
            .find(&heading)
            .unwrap_or_else(|| panic!("README has no section {heading}"));
        let section = &readme[at..];
        let start = section
            .find("| column | type | meaning |")
            .unwrap_or_else(|| panic!("{heading} has no column table"));
        let documented: Vec<(String, String)> = section[start..]
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (cells[1].trim_matches('`').to_string(), cells[2].to_string())
            })
            .collect();
        let schema: Vec<(String, String)> = table
            .columns
            .iter()
            .map(|c| (c.name.to_string(), c.ty.name().to_string()))
            .collect();
        assert_eq!(documented, schema, "{heading}");
    }
}

/// A run owns the file names of its tables: into a folder an earlier run
/// wrote, it replaces them and removes those it does not write (here the
/// Parquet files and `documents.jsonl`), says so, and lists them in
/// `run.json`; other files stay.
#[test]
fn a_run_removes_the_tables_of_an_earlier_run_it_does_not_write() {
    let out = tempfile::tempdir().unwrap();
    let run_into = |format: &str| {
        saidwhat()
            .args(["run", "data/sample-vault", "--format", format, "--out"])
            .arg(out.path())
            .output()
            .unwrap()
    };
    assert!(run_into("csv,parquet,jsonl").status.success());
    std::fs::write(out.path().join("my-notes.txt"), "mine").unwrap();
    assert!(out.path().join("turns.parquet").exists());
    let second = run_into("csv");
    assert!(second.status.success());
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = saidwhat::export::schema::TABLES
        .iter()
        .filter(|t| !t.on_request)
        .map(|t| t.csv_name())
        .chain(["my-notes.txt".to_string(), "run.json".to_string()])
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    let stderr = String::from_utf8(second.stderr).unwrap();
    assert!(
        stderr.contains("removed the tables of an earlier run that this one did not write: documents.parquet, turns.parquet,"),
        "{stderr}"
    );
    let manifest: serde_json::Value = serde_json::from_str(&read(out.path(), "run.json")).unwrap();
    assert_eq!(manifest["formats"], serde_json::json!(["csv"]));
    let removed = manifest["removed"].as_array().unwrap();
    // Every table's Parquet file (but repair_changes, not written either
    // time), and documents.jsonl.
    let parquet = saidwhat::export::schema::TABLES
        .iter()
        .filter(|t| !t.on_request)
        .count();
    assert_eq!(removed.len(), parquet + 1, "{removed:?}");
    assert!(removed.contains(&serde_json::json!("documents.jsonl")));
    let turns = manifest["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "turns")
        .unwrap();
    assert_eq!(turns["rows"], 66);
    assert_eq!(turns["files"], serde_json::json!(["turns.csv"]));
    assert_eq!(manifest["files"], 15);
    assert_eq!(manifest["by_format"]["webvtt"], 2);
}
