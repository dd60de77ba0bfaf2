//! The benchmark corpus (`examples/gen_corpus/corpus.rs`) is what it says
//! it is: every transcript it writes is read as the format it was written
//! in, with the speakers it was written with, and says nothing is wrong
//! with it. A generator that drifts from what a format reads would make the
//! per-format benchmarks measure the wrong path (a misdetected file is
//! parsed as a note) without anyone noticing.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use saidwhat::analysis::people::{PeopleDict, load_people};
use saidwhat::model::{Code, Severity};
use saidwhat::{DocId, Outcome};

/// Files of each format: enough to meet every exporter of a format several
/// times (the rarest has a share of 2 in 100 among the exports, but is
/// drawn here among its own format's only).
const FILES: usize = 8;

fn people(corpus: &corpus::Corpus) -> PeopleDict {
    let dir = tempfile::tempdir().expect("temporary folder");
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, corpus.people_csv()).expect("write the dictionary");
    PeopleDict::from_people(load_people(&[csv]).expect("read the dictionary"))
}

#[test]
fn every_generated_transcript_is_read_as_its_format_without_warnings() {
    let mut corpus = corpus::Corpus::new();
    let people = people(&corpus);
    let formats = corpus::formats();
    assert_eq!(formats.len(), 15, "house and the fourteen file formats");
    for format in formats {
        for _ in 0..FILES {
            let file = corpus
                .transcript(format)
                .expect("a format the corpus writes");
            assert_eq!(file.format, Some(format));
            let doc = match saidwhat::process(DocId(file.path.clone()), &file.bytes, &people) {
                Outcome::Document(doc) => doc,
                _ => panic!("{} was not read", file.path),
            };
            assert_eq!(
                doc.format.map(|f| f.as_str()),
                Some(format),
                "{}",
                file.path
            );
            assert!(!doc.turns.is_empty(), "{}: no turns", file.path);
            // Placeholder labels (`SPEAKER_00`, `Speaker 2`) that nothing
            // names are the one thing worth saying about these files.
            let unexpected: Vec<_> = doc
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Info && d.code != Code::SpeakerUnresolved)
                .collect();
            assert!(unexpected.is_empty(), "{}: {unexpected:?}", file.path);
        }
    }
}

#[test]
fn the_mix_has_a_share_of_transcripts_in_other_formats() {
    let mut corpus = corpus::Corpus::new();
    let (mut house, mut other, mut none) = (0, 0, 0);
    for _ in 0..2000 {
        match corpus.next_file().format {
            Some("house") => house += 1,
            Some(_) => other += 1,
            None => none += 1,
        }
    }
    // ~68% meetings, ~15% other formats, ~17% notes without a transcript.
    assert!((1250..1450).contains(&house), "house {house}");
    assert!((240..360).contains(&other), "other formats {other}");
    assert!((270..410).contains(&none), "no transcript {none}");
}

#[test]
fn the_corpus_is_the_same_every_time() {
    let files = |n| {
        let mut corpus = corpus::Corpus::new();
        (0..n)
            .map(|_| {
                let f = corpus.next_file();
                (f.path, f.bytes)
            })
            .collect::<Vec<_>>()
    };
    assert!(files(300) == files(300));
}
