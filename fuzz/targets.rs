//! What each fuzz target does with its input, shared by the cargo-fuzz
//! targets (`fuzz/fuzz_targets/`, nightly) and the stable mutation test
//! (`tests/mutations.rs`, run by `cargo test`). Each function must not
//! panic on any input, and checks the properties the README promises on
//! the way (every line in a turn, the head deciding as the whole file,
//! `fix` idempotent).

use std::sync::OnceLock;

use saidwhat::DocId;
use saidwhat::analysis::people::{self, PeopleDict};
use saidwhat::analysis::topics::Taxonomy;
use saidwhat::analysis::{self, Outcome, Setup};
use saidwhat::export;
use saidwhat::formats::Choice;
use saidwhat::text;

/// The dictionary and taxonomy every target runs with: the sample
/// vault's, so that labels, mentions and topics are found.
fn setup_parts() -> &'static (PeopleDict, Taxonomy) {
    static PARTS: OnceLock<(PeopleDict, Taxonomy)> = OnceLock::new();
    PARTS.get_or_init(|| {
        let root = env!("CARGO_MANIFEST_DIR");
        let root = root.strip_suffix("/fuzz").unwrap_or(root);
        let csv = std::fs::read(format!("{root}/data/people.csv")).unwrap_or_default();
        let people =
            PeopleDict::from_people(people::parse_csv(&csv, "people.csv").unwrap_or_default());
        let toml = std::fs::read_to_string(format!("{root}/data/topics.toml")).unwrap_or_default();
        let topics = Taxonomy::parse(&toml, "topics.toml").unwrap_or_default();
        (people, topics)
    })
}

/// Bytes to text: no panic, and [`text::decode::check_head`] on a head
/// says binary exactly when decoding the whole file does.
pub fn decode(data: &[u8]) {
    let whole = text::decode::decode(data).err();
    assert_eq!(text::decode::check_head(data).err(), whole);
}

/// The repair on any text, and `fix` on any bytes: fixing its output
/// again changes nothing.
pub fn repair(data: &[u8]) {
    if let Ok(t) = std::str::from_utf8(data) {
        let _ = text::repair::repair(t);
    }
    if let Ok(once) = text::prepare_faithful(data) {
        let once = once.text.into_owned();
        let twice = text::prepare_faithful(once.as_bytes())
            .map(|p| p.text.into_owned())
            .unwrap_or_default();
        assert_eq!(once, twice, "fix is not idempotent");
    }
}

/// The whole pipeline on one file read as `choice` (a name of
/// `--input-format`), then rendered to every sink: no panic, every turn
/// ends on or after the line it starts on, and the same bytes render the
/// same rows.
pub fn process(choice: &str, data: &[u8]) {
    let (people, topics) = setup_parts();
    let setup = Setup {
        people,
        topics,
        input: Choice::from_name(choice).expect("a format name"),
        owner: None,
    };
    let outcome = analysis::process(DocId("fuzz/2024-03-05 sync.md".into()), data, &setup);
    if let Outcome::Document(doc) = &outcome {
        for turn in &doc.turns {
            assert!(turn.line <= turn.last_line, "a turn ends before it starts");
        }
    }
    let options = export::Options {
        jsonl: true,
        explain_repairs: true,
        ..export::Options::default()
    };
    let rendered = export::render(&outcome, &options);
    let again = export::render(
        &analysis::process(outcome.id().clone(), data, &setup),
        &options,
    );
    assert!(
        rendered.csv == again.csv && rendered.jsonl == again.jsonl,
        "not deterministic"
    );
}

/// The format a fuzz input is read as: its first byte picks one of the
/// `--input-format` names, the rest is the file.
pub fn process_any(data: &[u8]) {
    let names = Choice::names();
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    process(names[usize::from(pick) % names.len()], rest);
}

/// A `--people` CSV: read and built into a dictionary without panic.
pub fn people_csv(data: &[u8]) {
    if let Ok(list) = people::parse_csv(data, "people.csv") {
        let dict = PeopleDict::from_people(list);
        let _ = export::build::people(&dict);
    }
}
