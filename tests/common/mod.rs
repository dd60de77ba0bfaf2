//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use saidwhat::analysis::people::PeopleDict;
use saidwhat::analysis::{Document, Outcome};

/// A CSV table as rows of column name → cell.
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of `../shared` beside the checkout. Outside CI it may be
/// missing (the test is then skipped, saying so); CI always has it, so
/// there a missing folder fails instead of silently passing.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(sub);
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have {} beside the checkout",
        p.display()
    );
    eprintln!("{} not present; skipped", p.display());
    None
}

/// Runs the library pipeline on one file.
pub fn process_file(path: &Path, people: &PeopleDict) -> Outcome {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    saidwhat::process(saidwhat::DocId(name), &bytes, people)
}

pub fn document(path: &Path) -> Document {
    match process_file(path, &PeopleDict::default()) {
        Outcome::Document(d) => *d,
        other => panic!("{}: {:?}", path.display(), other.diagnostics()),
    }
}

/// Every non-blank line of the note's house-format blocks is inside some
/// turn's line range, and turns do not overlap.
pub fn assert_every_transcript_line_in_a_turn(text: &str, doc: &Document) {
    let lines = saidwhat::text::lines(text);
    let body_start = saidwhat::formats::markdown::read_note(&lines).0.body_start;
    let (located, _) = saidwhat::formats::markdown::locate::locate(&lines, body_start);
    if located.is_empty() {
        assert!(doc.turns.is_empty() || doc.format.is_some_and(|f| f.as_str() != "house"));
        return;
    }
    let mut prev_last = 0;
    for t in &doc.turns {
        assert!(
            t.line.0 > prev_last,
            "{}: turns overlap at line {}",
            doc.id,
            t.line
        );
        prev_last = t.last_line.0;
    }
    // Blocks of other formats have metadata lines (titles, attendees,
    // marks) that are in no turn; their own tests measure what they keep.
    for l in located.iter().filter(|l| l.format.id().as_str() == "house") {
        for (i, line) in lines
            .iter()
            .enumerate()
            .take(l.block.end)
            .skip(l.block.start)
        {
            if line.trim().is_empty() {
                continue;
            }
            let n = (i + 1) as u32;
            let covered = doc
                .turns
                .iter()
                .any(|t| t.line.0 <= n && n <= t.last_line.0);
            assert!(covered, "{}: line {n} is in no turn: {line:?}", doc.id);
        }
    }
}

/// The words of a text as the coverage checks count them: runs of letters
/// and digits, lowercased (punctuation and markup do not count).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// The share of the source's words (counted with repeats) that are in the
/// document's turns: 1.0 when every word the source says is in some turn.
pub fn word_coverage(source_words: &[String], doc: &Document) -> f64 {
    use std::collections::HashMap;
    let mut in_turns: HashMap<String, usize> = HashMap::new();
    for t in &doc.turns {
        for w in words(&t.text) {
            *in_turns.entry(w).or_default() += 1;
        }
    }
    let mut found = 0;
    for w in source_words {
        if let Some(n) = in_turns.get_mut(w)
            && *n > 0
        {
            *n -= 1;
            found += 1;
        }
    }
    if source_words.is_empty() {
        1.0
    } else {
        found as f64 / source_words.len() as f64
    }
}
