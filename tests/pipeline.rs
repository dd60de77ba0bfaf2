//! End-to-end tests of the library pipeline on labelled files.

mod common;

use common::*;
use saidwhat::analysis::people::PeopleDict;
use saidwhat::model::{Code, DocKind, SpeakerSource};

/// (speaker, speaker_source, start_s, text) of every turn.
fn turns(doc: &saidwhat::Document) -> Vec<(String, SpeakerSource, String, String)> {
    doc.turns
        .iter()
        .map(|t| {
            (
                t.speaker.clone(),
                t.speaker_source,
                t.start.map(|s| s.seconds_string()).unwrap_or_default(),
                t.text.clone(),
            )
        })
        .collect()
}

fn expected_encoding_fixture() -> Vec<(String, SpeakerSource, String, String)> {
    vec![
        (
            "Zoë Hartmann".into(),
            SpeakerSource::Label,
            "1.00".into(),
            "Grüß dich — ready?".into(),
        ),
        (
            "Priya Raman".into(),
            SpeakerSource::Label,
            "4.25".into(),
            "yes, go ahead.".into(),
        ),
    ]
}

#[test]
fn every_encoding_gives_the_same_turns() {
    let dir = repo().join("tests/data/encodings");
    for (file, encoding) in [
        ("utf16le-bom.md", "utf-16le-bom"),
        ("utf16be-bom.md", "utf-16be-bom"),
        ("utf16le-no-bom.md", "utf-16le"),
        ("utf8-bom-crlf.md", "utf-8-bom"),
        ("windows-1252.md", "windows-1252"),
    ] {
        let doc = document(&dir.join(file));
        assert_eq!(doc.encoding, encoding, "{file}");
        assert_eq!(doc.title.as_deref(), Some("Café sync"), "{file}");
        assert_eq!(turns(&doc), expected_encoding_fixture(), "{file}");
        assert!(doc.diagnostics.is_empty(), "{file}: {:?}", doc.diagnostics);
    }
}

#[test]
fn sample_vault_every_transcript_line_is_in_a_turn() {
    let vault = repo().join("data/sample-vault");
    let mut transcripts = 0;
    for entry in saidwhat::run::input::collect(&[vault], None, saidwhat::run::input::MAX_FILE_SIZE)
        .unwrap()
        .iter()
    {
        let saidwhat::run::input::Entry::File(source) = entry else {
            panic!("unreadable entry")
        };
        let bytes = std::fs::read(&source.path).unwrap();
        let decoded = saidwhat::text::decode::decode(&bytes).unwrap();
        let doc = document(&source.path);
        transcripts += usize::from(doc.kind == DocKind::Transcript);
        assert_every_transcript_line_in_a_turn(&decoded.text, &doc);
    }
    assert_eq!(transcripts, 10);
}

#[test]
fn seeds_turn_counts_speakers_and_coverage() {
    let Some(seeds) = shared("seeds") else {
        return;
    };
    let find = |prefix: &str| {
        std::fs::read_dir(&seeds)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap()
    };
    let people = PeopleDict::load(&[repo().join("../shared/seeds-people.csv")]).unwrap();
    for with_people in [false, true] {
        let dict = if with_people {
            &people
        } else {
            &PeopleDict::default()
        };
        for (prefix, count, speakers) in [
            ("001_", 237, ["Jason Vallery", "Jeff Denworth"]),
            ("003_", 73, ["Jason Vallery", "Liraz Ben Or"]),
        ] {
            let path = find(prefix);
            let saidwhat::Outcome::Document(doc) = process_file(&path, dict) else {
                panic!("{prefix} failed")
            };
            assert_eq!(doc.turns.len(), count, "{prefix}");
            let mut names: Vec<&str> = doc.turns.iter().map(|t| t.speaker.as_str()).collect();
            names.sort();
            names.dedup();
            assert_eq!(names, speakers, "{prefix}");
            for t in &doc.turns {
                for fragment in ["Vallery", "Remote", "Jason", "- ", ">> "] {
                    assert!(
                        !t.text.starts_with(fragment),
                        "{prefix} turn {}: {:?}",
                        t.index,
                        t.text
                    );
                }
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert_every_transcript_line_in_a_turn(&text, &doc);
            assert!(
                doc.diagnostics.is_empty(),
                "{prefix}: {:?}",
                doc.diagnostics
            );
        }
    }
    for (prefix, kind) in [
        ("000_", DocKind::Note),
        ("002_", DocKind::Person),
        ("004_", DocKind::Person),
    ] {
        assert_eq!(document(&find(prefix)).kind, kind, "{prefix}");
    }
}

#[test]
fn peers_corpus_never_panics_and_every_stamped_line_is_kept() {
    let Some(peers) = shared("peers/transcripts") else {
        return;
    };
    let entries =
        saidwhat::run::input::collect(&[peers], None, saidwhat::run::input::MAX_FILE_SIZE).unwrap();
    assert!(entries.len() > 500);
    for entry in entries.iter() {
        let saidwhat::run::input::Entry::File(source) = entry else {
            continue;
        };
        let bytes = std::fs::read(&source.path).unwrap();
        if let saidwhat::Outcome::Document(doc) =
            saidwhat::process(source.id.clone(), &bytes, &PeopleDict::default())
        {
            let decoded = saidwhat::text::decode::decode(&bytes).unwrap();
            // The check reads the file as a note; a whole-file transcript
            // of another format (SRT, Whisper TSV…) has no note block, and
            // its formats test that nothing is lost.
            let lines = saidwhat::text::lines(&decoded.text);
            let ext = source
                .path
                .extension()
                .map_or(String::new(), |e| e.to_string_lossy().into_owned());
            if !matches!(
                saidwhat::formats::detect(&lines, &ext),
                saidwhat::formats::Detected::Markdown
            ) {
                continue;
            }
            assert_every_transcript_line_in_a_turn(&decoded.text, &doc);
        }
    }
}

// Regression tests, named after what broke or could break.

#[test]
fn regression_lowercase_continuation_after_glued_label() {
    let doc = document(&repo().join("data/sample-vault/Meetings/2024-03-19 Pricing sync.md"));
    // Ana de Souza never starts a line with a capital: only the participants list names her.
    let ana: Vec<&str> = doc
        .turns
        .iter()
        .filter(|t| t.speaker == "Ana de Souza")
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(
        ana,
        ["and lower it for the long tail, right?", "sure, by Friday."]
    );
    let malformed: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::TimestampMalformed)
        .map(|d| d.line.unwrap().0)
        .collect();
    assert_eq!(malformed, [16]);
}

#[test]
fn regression_remote_with_two_candidates_is_not_guessed() {
    let doc = document(&repo().join("data/sample-vault/Meetings/2024-03-21 Vendor call.md"));
    let remote: Vec<_> = doc
        .turns
        .iter()
        .filter(|t| t.speaker_label == "Remote")
        .map(|t| (t.speaker.as_str(), t.speaker_source))
        .collect();
    assert_eq!(remote, [("Remote", SpeakerSource::Unresolved); 2]);
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == Code::SpeakerUnresolved)
    );
    assert_eq!(doc.encoding, "utf-8-bom");
}
