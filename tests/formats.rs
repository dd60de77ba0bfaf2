//! Every input format on labelled files.
//!
//! `tests/data/formats/<format>/` holds invented fixtures, one per quirk of
//! the format (and permissive peer files copied with their license beside
//! them). Each file is processed by the library as `run` would (no people
//! dictionary, no taxonomy) and rendered as text — format, metadata, every
//! turn with its lines, times, cues, label, speaker and text, every
//! diagnostic — and compared with `tests/golden/formats/<format>/<file>.txt`.
//! After an intended change: `SAIDWHAT_BLESS=1 cargo test --release --test
//! formats`, then review the diff.
//!
//! The modules under `tests/formats/` hold each format's own tests: exact
//! turns of chosen fixtures, and the real files in `../shared` (skipped
//! when it is missing outside CI).

mod common;

#[path = "formats/chat.rs"]
mod chat;
#[path = "formats/json.rs"]
mod json;
#[path = "formats/srt.rs"]
mod srt;
#[path = "formats/text.rs"]
mod text;
#[path = "formats/webvtt.rs"]
mod webvtt;

use std::fmt::Write;
use std::path::Path;

use saidwhat::analysis::people::PeopleDict;
use saidwhat::{DocId, Document, Outcome};

/// A document as the goldens show it.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    writeln!(
        out,
        "format: {}",
        doc.format.map(|f| f.as_str()).unwrap_or("-")
    )
    .unwrap();
    writeln!(out, "kind: {:?}", doc.kind).unwrap();
    writeln!(out, "title: {}", opt(&doc.title)).unwrap();
    writeln!(out, "date: {}", opt(&doc.date)).unwrap();
    writeln!(out, "participants: {}", doc.participants.join("; ")).unwrap();
    let secs = |t: Option<saidwhat::model::Timestamp>| {
        t.map(|t| format!("{:.3}", t.millis() as f64 / 1000.0))
            .unwrap_or_else(|| "-".into())
    };
    for (t, notes) in doc.turns.iter().zip(&doc.turn_notes) {
        let flags: Vec<&str> = notes.flags.iter().map(|f| f.as_str()).collect();
        writeln!(
            out,
            "turn {} lines {}-{} time {}-{} cues {} {} label {:?} speaker {:?} ({}){}",
            t.index,
            t.line,
            t.last_line,
            secs(t.start),
            secs(t.end),
            t.cues,
            t.kind.as_str(),
            t.speaker_label,
            t.speaker,
            t.speaker_source.as_str(),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" flags {}", flags.join(";"))
            }
        )
        .unwrap();
        for line in t.text.split('\n') {
            writeln!(out, "  | {line}").unwrap();
        }
    }
    for d in &doc.diagnostics {
        writeln!(
            out,
            "diagnostic line {} {} {}: {}",
            d.line.map(|l| l.to_string()).unwrap_or_else(|| "-".into()),
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        )
        .unwrap();
    }
    out
}

/// The document a fixture makes, or its failure rendered.
pub fn process(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    match saidwhat::process(DocId(name), &bytes, &PeopleDict::default()) {
        Outcome::Document(d) => render(&d),
        other => format!("failed: {:?}\n", other.diagnostics()),
    }
}

#[test]
fn fixtures_match_their_goldens() {
    let data = common::repo().join("tests/data/formats");
    let golden = common::repo().join("tests/golden/formats");
    let bless = std::env::var_os("SAIDWHAT_BLESS").is_some();
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let format = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && !is_attribution(p))
            .collect();
        files.sort();
        for file in files {
            let got = process(&file);
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let want_path = golden.join(&format).join(format!("{name}.txt"));
            checked += 1;
            if bless {
                std::fs::create_dir_all(want_path.parent().unwrap()).unwrap();
                std::fs::write(&want_path, &got).unwrap();
                continue;
            }
            match std::fs::read_to_string(&want_path) {
                Ok(want) if want == got => {}
                Ok(want) => failures.push(format!(
                    "{format}/{name} differs from {}:\n{}",
                    want_path.display(),
                    first_difference(&want, &got)
                )),
                Err(_) => failures.push(format!(
                    "{format}/{name}: no golden at {} (bless it)",
                    want_path.display()
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every golden belongs to a fixture.
    if !bless {
        for entry in walk(&golden) {
            let rel = entry.strip_prefix(&golden).unwrap();
            let fixture = data.join(rel.with_extension(""));
            assert!(fixture.is_file(), "{} has no fixture", entry.display());
        }
    }
    let _ = checked;
}

/// License and origin notes beside copied peer files are not fixtures.
fn is_attribution(p: &Path) -> bool {
    let name = p.file_name().unwrap().to_string_lossy();
    name.starts_with("LICENSE") || name.starts_with("ORIGIN")
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn first_difference(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}:\n  want: {w}\n  got:  {g}", i + 1);
        }
    }
    format!(
        "{} lines wanted, {} got",
        want.lines().count(),
        got.lines().count()
    )
}
