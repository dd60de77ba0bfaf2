//! Who owes what: action items and decisions read from notes, end to end.
//!
//! `tests/data/actions/vault/` holds invented notes with every convention
//! the reader knows (each Tasks emoji, status, date field, Dataview field,
//! heading owner, glued handle, Zoom next step, bad fields), one saved as
//! Windows-1252 mojibake and one through Mac Roman; their tables are
//! compared with `tests/golden/actions/` (bless with `SAIDWHAT_BLESS=1`)
//! and the rows that matter are checked cell by cell here. The seeds in
//! `../shared/seeds` are checked against an independent count of their
//! task lines.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{repo, shared};

/// A table read back: its rows as maps of column to cell.
type Rows = Vec<BTreeMap<String, String>>;

fn run(inputs: &[&Path], args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("saidwhat")
        .unwrap()
        .arg("run")
        .args(inputs)
        .args(args)
        .args(["--quiet", "--format", "csv", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    (out, output)
}

fn table(out: &Path, name: &str) -> Rows {
    common::csv_rows(&out.join(format!("{name}.csv")))
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
}

fn fixtures() -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = repo().join("tests/data/actions");
    (dir.join("vault"), dir.join("people.csv"))
}

fn fixture_run(args: &[&str]) -> tempfile::TempDir {
    let (vault, people) = fixtures();
    let mut all = vec!["--people", people.to_str().unwrap()];
    all.extend(args);
    let (out, output) = run(&[&vault], &all);
    assert!(output.status.success(), "{output:?}");
    out
}

/// The row of `rows` on `line` of the file whose doc_id starts with `doc`.
fn at<'r>(rows: &'r Rows, doc: &str, line: u32) -> &'r BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["doc_id"].starts_with(doc) && r["line"] == line.to_string())
        .unwrap_or_else(|| panic!("no row at {doc}:{line}"))
}

/// Checks the cells named in `want` (column=value, value may be empty).
fn has(row: &BTreeMap<String, String>, want: &[(&str, &str)]) {
    for (column, value) in want {
        assert_eq!(&row[*column], value, "{column} of {row:?}");
    }
}

#[test]
fn fixture_tables_match_their_goldens() {
    let out = fixture_run(&[]);
    let golden = repo().join("tests/golden/actions");
    for name in ["actions.csv", "decisions.csv", "person_actions.csv"] {
        let got = std::fs::read_to_string(out.path().join(name)).unwrap();
        if std::env::var_os("SAIDWHAT_BLESS").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(golden.join(name), &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(golden.join(name)).unwrap();
        assert_eq!(got, want, "{name}");
    }
    // And the same bytes with one worker as with four.
    let one = fixture_run(&["--jobs", "1"]);
    let four = fixture_run(&["--jobs", "4"]);
    for name in ["actions.csv", "decisions.csv", "person_actions.csv"] {
        assert_eq!(
            std::fs::read(one.path().join(name)).unwrap(),
            std::fs::read(four.path().join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn every_emoji_status_and_field_reaches_its_column() {
    let out = fixture_run(&[]);
    let a = table(out.path(), "actions");
    let weekly = "2025-01-06 Weekly";
    has(
        at(&a, weekly, 16),
        &[
            ("owner", "Ann Lee"),
            ("owner_label", "Ann"),
            ("owner_source", "handle"),
            ("text", "Every date field"),
            ("status", "open"),
            ("priority", "highest"),
            ("recurrence", "every week on Monday"),
            ("start", "2025-01-02"),
            ("created", "2025-01-01"),
            ("scheduled", "2025-01-03"),
            ("due", "2025-01-10"),
            ("source", "obsidian-task"),
        ],
    );
    has(
        at(&a, weekly, 17),
        &[
            ("status", "done"),
            ("priority", "high"),
            ("done", "2025-01-07"),
        ],
    );
    has(
        at(&a, weekly, 18),
        &[
            ("status", "cancelled"),
            ("priority", "medium"),
            ("cancelled", "2025-01-08"),
        ],
    );
    has(
        at(&a, weekly, 19),
        &[("status", "in-progress"), ("priority", "low")],
    );
    // `[X]`, ⏬, and the plugin's other due (📆) and scheduled (⌛) emoji.
    has(
        at(&a, weekly, 20),
        &[
            ("status", "done"),
            ("priority", "lowest"),
            ("due", "2025-01-12"),
            ("scheduled", "2025-01-11"),
            ("done", "2025-01-09"),
        ],
    );
    // Dataview's inline fields.
    has(
        at(&a, weekly, 21),
        &[
            ("text", "Dataview fields"),
            ("due", "2025-02-01"),
            ("priority", "medium"),
            ("recurrence", "every month"),
            ("start", "2025-01-20"),
            ("owner", "Ann Lee"),
        ],
    );
    // A glued handle, and a shared alias narrowed to the participant.
    has(
        at(&a, weekly, 22),
        &[("owner", "Juergen Vogt"), ("owner_label", "JuergenVogt")],
    );
    has(
        at(&a, weekly, 23),
        &[("owner", "Rob North"), ("owner_label", "Rob")],
    );
    has(
        at(&a, weekly, 24),
        &[
            ("owner", ""),
            ("owner_source", "unresolved"),
            ("source", "checklist"),
        ],
    );
    // @Myself and @me: the inferred owner.
    has(
        at(&a, weekly, 29),
        &[
            ("owner", "Ann Lee"),
            ("owner_label", "Myself"),
            ("owner_source", "myself"),
            ("due", "2025-01-31"),
        ],
    );
    has(
        at(&a, weekly, 30),
        &[
            ("owner", "Ann Lee"),
            ("owner_label", "me"),
            ("text", "A nested task"),
        ],
    );
    // A handle inside the text stays in it.
    has(
        at(&a, weekly, 31),
        &[
            ("owner", "Dana Park"),
            ("text", "Ask @Dana about pricing before Friday"),
        ],
    );
    // Bullets without a box under a heading of action items: `Name:` is
    // the owner when it is someone, text when not.
    has(
        at(&a, weekly, 32),
        &[
            ("owner", "Bo Chen"),
            ("owner_source", "prefix"),
            ("text", "book the room"),
            ("source", "list"),
        ],
    );
    has(
        at(&a, weekly, 33),
        &[("owner", ""), ("text", "Note: the room is small")],
    );
    // The heading's owner, for lines that name nobody.
    has(
        at(&a, weekly, 36),
        &[
            ("owner", "Dana Park"),
            ("owner_label", "Dana Park"),
            ("owner_source", "heading"),
        ],
    );
    has(
        at(&a, weekly, 37),
        &[
            ("owner", "Bo Chen"),
            ("owner_source", "prefix"),
            ("text", "review the draft"),
        ],
    );
    // Zoom's next steps.
    has(
        at(&a, weekly, 40),
        &[
            ("owner", "Ann Lee"),
            ("owner_source", "next-steps"),
            ("text", "Send the recap to the team"),
            ("source", "zoom-next-steps"),
            ("status", "open"),
        ],
    );
    has(
        at(&a, weekly, 41),
        &[("owner", "Rob North"), ("owner_label", "Rob North")],
    );
    // The mojibake notes' emoji, read after repair.
    has(
        at(&a, "2025-01-13", 12),
        &[
            ("owner", "Dana Park"),
            ("owner_source", "heading"),
            ("priority", "medium"),
            ("done", "2025-01-14"),
            ("text", "Send the pricing notes"),
        ],
    );
    has(
        at(&a, "2025-01-13", 13),
        &[
            ("priority", "high"),
            ("due", "2025-02-03"),
            ("owner", "Ann Lee"),
        ],
    );
    has(
        at(&a, "2025-01-15", 9),
        &[("priority", "high"), ("due", "2025-01-31")],
    );
    has(
        at(&a, "2025-01-15", 10),
        &[
            ("priority", "low"),
            ("done", "2025-01-15"),
            ("owner", "Bo Chen"),
        ],
    );
    // Dataview's other date fields.
    has(
        at(&a, "2025-01-15", 11),
        &[
            ("status", "cancelled"),
            ("scheduled", "2025-01-02"),
            ("created", "2025-01-01"),
            ("done", "2025-01-05"),
            ("cancelled", "2025-01-06"),
            ("text", "Every inline date"),
            ("source", "obsidian-task"),
        ],
    );
    // Nothing from a fenced `tasks` query.
    assert!(a.iter().all(|r| !r["text"].contains("a query's text")));
    let run = manifest(out.path());
    assert_eq!(run["owner"]["name"], "Ann Lee");
    assert_eq!(run["owner"]["from"], "inferred");
    assert_eq!(run["owner"]["notes"], 2);
}

/// A task line with a field that cannot be read is a row all the same,
/// with that field empty and a warning at its line.
#[test]
fn bad_fields_keep_the_line_with_a_warning() {
    let out = fixture_run(&[]);
    let a = table(out.path(), "actions");
    let weekly = "2025-01-06 Weekly";
    has(
        at(&a, weekly, 25),
        &[("owner", ""), ("text", "Mail dana@example.com the deck")],
    );
    has(
        at(&a, weekly, 26),
        &[
            ("due", ""),
            ("text", "Pay the invoice"),
            ("owner", "Bo Chen"),
        ],
    );
    has(
        at(&a, weekly, 27),
        &[("text", "Keep the log 📝 2025-01-09"), ("owner", "Ann Lee")],
    );
    has(at(&a, weekly, 28), &[("status", ""), ("owner", "Ann Lee")]);
    let warned: Vec<(String, String)> = table(out.path(), "diagnostics")
        .into_iter()
        .filter(|d| d["code"] == "task-malformed")
        .map(|d| (d["line"].clone(), d["message"].clone()))
        .collect();
    let lines: Vec<&str> = warned.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(lines, ["25", "26", "27", "28"]);
    assert!(warned[0].1.contains("dana@example.com"), "{warned:?}");
    assert!(warned[1].1.contains("2025-13-45"), "{warned:?}");
    assert!(warned[2].1.contains('📝'), "{warned:?}");
    assert!(warned[3].1.contains("[>]"), "{warned:?}");
}

/// Every line with a box outside a fence, counted here by a pattern of
/// its own, is a row of `actions`.
fn task_lines(text: &str) -> Vec<u32> {
    let task = regex::Regex::new(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[.\](?:\s|$)").unwrap();
    let mut fenced = false;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && task.is_match(line) {
            lines.push(i as u32 + 1);
        }
    }
    lines
}

fn task_rows(a: &Rows, doc: &str) -> Vec<u32> {
    a.iter()
        .filter(|r| {
            r["doc_id"] == doc && matches!(r["source"].as_str(), "obsidian-task" | "checklist")
        })
        .map(|r| r["line"].parse().unwrap())
        .collect()
}

#[test]
fn every_task_line_of_the_fixtures_is_a_row() {
    let out = fixture_run(&[]);
    let a = table(out.path(), "actions");
    let (vault, _) = fixtures();
    let mut total = 0;
    for entry in std::fs::read_dir(&vault).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = path.file_name().unwrap().to_str().unwrap();
        let lines = task_lines(&text);
        total += lines.len();
        assert_eq!(task_rows(&a, doc), lines, "{doc}");
    }
    assert_eq!(total, 24);
}

#[test]
fn the_owner_given_on_the_command_line_is_myself() {
    let out = fixture_run(&["--owner", "bo"]);
    let a = table(out.path(), "actions");
    has(
        at(&a, "2025-01-06 Weekly", 29),
        &[("owner", "Bo Chen"), ("owner_source", "myself")],
    );
    let run = manifest(out.path());
    assert_eq!(run["owner"]["name"], "Bo Chen");
    assert_eq!(run["owner"]["from"], "--owner");
    assert_eq!(run["owner"]["notes"], 1);
}

/// One meeting note decides nothing: `@Myself` stays unresolved, never a
/// guess.
#[test]
fn nobody_is_myself_when_nothing_decides() {
    let (vault, people) = fixtures();
    let (out, output) = run(
        &[&vault.join("2025-01-06 Weekly sync.md")],
        &["--people", people.to_str().unwrap()],
    );
    assert!(output.status.success());
    let a = table(out.path(), "actions");
    for line in [29, 30] {
        has(
            at(&a, "2025-01-06 Weekly", line),
            &[("owner", ""), ("owner_source", "unresolved")],
        );
    }
    assert_eq!(at(&a, "2025-01-06 Weekly", 29)["owner_label"], "Myself");
    let run = manifest(out.path());
    assert_eq!(run["owner"]["name"], serde_json::Value::Null);
    assert_eq!(run["owner"]["from"], "none");
    assert_eq!(run["owner"]["meeting_notes"], 1);
}

/// The seeds: every task line of the five notes is a row, with the owner
/// its handle names (through `../shared/seeds-people.csv`; `@Myself` the
/// inferred owner), its done date and its priority, the emoji of the Mac
/// Roman and Windows-1252 notes included; and every Zoom next step is a
/// row with its owner. Nothing of the seeds is written here: the
/// expectations come from their own text and the people file.
#[test]
fn seeds_task_lines_and_next_steps_are_rows_with_their_owners() {
    let Some(seeds) = shared("seeds") else {
        return;
    };
    let people_csv = repo().join("../shared/seeds-people.csv");
    let (out, output) = run(&[&seeds], &["--people", people_csv.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let a = table(out.path(), "actions");
    // Who a label names, from the people file alone: the one person whose
    // name or alias it is, else nobody (as written).
    let mut reader = csv::Reader::from_path(&people_csv).unwrap();
    let people: Vec<(String, Vec<String>)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let aliases = r
                .get(1)
                .unwrap_or("")
                .split(';')
                .map(|s| s.trim().to_lowercase())
                .collect();
            (r[0].to_string(), aliases)
        })
        .collect();
    let owner_of = |label: &str| -> String {
        let l = label.to_lowercase();
        let fits: Vec<&String> = people
            .iter()
            .filter(|(name, aliases)| name.to_lowercase() == l || aliases.contains(&l))
            .map(|(name, _)| name)
            .collect();
        match fits[..] {
            [one] => one.clone(),
            _ => label.to_string(),
        }
    };
    // The vault's owner: the person in the most meeting notes, from the
    // documents table's participants.
    let docs = table(out.path(), "documents");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs.iter().filter(|d| d["kind"] != "person") {
        for p in d["participants"].split(';').filter(|p| !p.is_empty()) {
            *counts.entry(p.to_string()).or_default() += 1;
        }
    }
    let most = counts.values().max().copied().unwrap();
    let top: Vec<&String> = counts
        .iter()
        .filter(|&(_, c)| *c == most)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(top.len(), 1, "{counts:?}");
    let myself = top[0].clone();
    assert_eq!(manifest(out.path())["owner"]["name"], myself.as_str());

    // Each emoji and its forms after Mac Roman and Windows-1252.
    let forms = |emoji: &str| -> Vec<String> {
        let bytes = emoji.as_bytes();
        let (mac, _, _) = encoding_rs::MACINTOSH.decode(bytes);
        let (win, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        vec![emoji.to_string(), mac.into_owned(), win.into_owned()]
    };
    let priorities = [
        ("🔺", "highest"),
        ("⏫", "high"),
        ("🔼", "medium"),
        ("🔽", "low"),
        ("⏬", "lowest"),
    ];
    let done_forms = forms("✅");
    let handle = regex::Regex::new(r"@(\p{L}+(?: \p{Lu}\p{L}+)?)").unwrap();
    let date = regex::Regex::new(r"(\d{4}-\d{2}-\d{2})").unwrap();
    let zoom = regex::Regex::new(r"^- \[([^\]:]+): [^\]]*\]\(https://tasks\.zoom\.us/").unwrap();
    let (mut tasks, mut steps) = (0, 0);
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let doc = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let found = task_lines(&text);
        assert_eq!(task_rows(&a, &doc), found, "{doc}");
        tasks += found.len();
        for n in found {
            let line = lines[n as usize - 1];
            let row = at(&a, &doc, n);
            let label = handle.captures(line).map(|c| c[1].to_string());
            let want_owner = match label.as_deref() {
                Some("Myself") => myself.clone(),
                Some(l) => owner_of(l),
                None => row["owner"].clone(),
            };
            assert_eq!(row["owner"], want_owner, "{doc}:{n}");
            let priority = priorities
                .iter()
                .find(|(e, _)| forms(e).iter().any(|f| line.contains(f.as_str())))
                .map_or("", |(_, p)| p);
            assert_eq!(row["priority"], priority, "{doc}:{n}");
            let done = done_forms
                .iter()
                .find_map(|f| line.find(f.as_str()))
                .and_then(|at| date.captures(&line[at..]))
                .map_or(String::new(), |c| c[1].to_string());
            assert_eq!(row["done"], done, "{doc}:{n}");
            let status = if line.contains("- [x]") {
                "done"
            } else {
                "open"
            };
            assert_eq!(row["status"], status, "{doc}:{n}");
        }
        for (i, line) in lines.iter().enumerate() {
            if let Some(c) = zoom.captures(line) {
                let row = at(&a, &doc, i as u32 + 1);
                has(
                    row,
                    &[
                        ("source", "zoom-next-steps"),
                        ("owner_source", "next-steps"),
                    ],
                );
                assert_eq!(row["owner"], owner_of(&c[1]), "{doc}:{}", i + 1);
                steps += 1;
            }
        }
    }
    // The five notes hold 41 task lines and 12 next steps.
    assert_eq!((tasks, steps), (41, 12));
}
