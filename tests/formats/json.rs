//! Tests of the JSON formats (see tests/formats.rs): Whisper / WhisperX,
//! Rev.ai and QMSum — exact turns of chosen fixtures, and every real peer
//! file in ../shared, its words counted from the JSON itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use saidwhat::Document;
use saidwhat::formats::{self, Choice, Confidence, Ctx, FILE_FORMATS, FormatId, NoNames};
use serde_json::Value;

use crate::common::{document, repo, shared, word_coverage, words};

fn fixture(format: &str, name: &str) -> PathBuf {
    repo().join("tests/data/formats").join(format).join(name)
}

/// label, text, start ms, end ms, line, last line of each turn
type Row = (String, String, Option<u64>, Option<u64>, u32, u32);

fn rows(doc: &Document) -> Vec<Row> {
    doc.turns
        .iter()
        .map(|t| {
            (
                t.speaker_label.clone(),
                t.text.clone(),
                t.start.map(|s| s.millis()),
                t.end.map(|s| s.millis()),
                t.line.0,
                t.last_line.0,
            )
        })
        .collect()
}

fn row(label: &str, text: &str, s: Option<u64>, e: Option<u64>, line: u32, last: u32) -> Row {
    (label.into(), text.into(), s, e, line, last)
}

/// The lines of a file as the pipeline cuts them.
fn read_lines(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

fn parse_file(path: &Path) -> formats::Parsed {
    let text = read_lines(path);
    let lines: Vec<&str> = text.lines().collect();
    let name = path.file_name().unwrap().to_string_lossy();
    formats::parse(&lines, &name, Choice::Detect, &Ctx::new(&NoNames))
}

/// What each of the three JSON formats says of a file.
fn json_sniffs(path: &Path) -> Vec<(FormatId, Confidence)> {
    let text = read_lines(path);
    let lines: Vec<&str> = text.lines().collect();
    FILE_FORMATS
        .iter()
        .filter(|f| {
            matches!(
                f.id(),
                FormatId::WhisperJson | FormatId::RevJson | FormatId::Qmsum
            )
        })
        .map(|f| (f.id(), f.sniff(&lines)))
        .collect()
}

#[test]
fn a_speaker_change_inside_a_segment_splits_it_at_the_new_speakers_first_word() {
    let doc = document(&fixture(
        "whisper-json",
        "speaker-change-inside-segment.json",
    ));
    assert_eq!(
        rows(&doc),
        [
            row(
                "SPEAKER_02",
                "That's all from me.",
                Some(20_000),
                Some(21_000),
                3,
                11
            ),
            row(
                "SPEAKER_05",
                "Thank you, Director Lund. Next item.",
                Some(22_100),
                Some(26_000),
                12,
                26
            ),
        ]
    );
}

#[test]
fn words_without_times_keep_their_text_and_speaker_on_words_names_the_segment() {
    let doc = document(&fixture("whisper-json", "words-missing-times.json"));
    assert_eq!(
        rows(&doc),
        [row(
            "SPEAKER_11",
            "At the June 13 meeting we approved $1.9 million for 30,000 laptops.",
            Some(7_900),
            Some(15_500),
            1,
            1
        )]
    );
    let doc = document(&fixture("whisper-json", "speaker-only-on-words.json"));
    let labels: Vec<&str> = doc.turns.iter().map(|t| t.speaker_label.as_str()).collect();
    assert_eq!(labels, ["SPEAKER_03", "SPEAKER_07"]);
}

#[test]
fn whisper_language_is_the_documents() {
    let p = parse_file(&fixture("whisper-json", "leading-spaces-and-language.json"));
    assert_eq!(p.meta.format, Some(FormatId::WhisperJson));
    assert_eq!(p.meta.language.as_deref(), Some("ca"));
    let texts: Vec<&str> = p.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Bon dia a tothom.", "Comencem amb l'ordre del dia."]
    );
}

#[test]
fn a_whisper_file_whose_text_fills_the_head_is_still_found_by_its_tail() {
    let path = fixture("whisper-json", "text-longer-than-the-head.json");
    assert_eq!(
        json_sniffs(&path),
        [
            (FormatId::WhisperJson, Confidence::LIKELY),
            (FormatId::RevJson, Confidence::NO),
            (FormatId::Qmsum, Confidence::NO),
        ]
    );
    let doc = document(&path);
    assert_eq!(doc.turns.len(), 10);
}

#[test]
fn a_cut_off_file_keeps_the_segments_before_the_cut() {
    let doc = document(&fixture("whisper-json", "cut-off-mid-array.json"));
    assert_eq!(
        rows(&doc),
        [row(
            "SPEAKER_00",
            "We were saying, before the break,",
            Some(0),
            Some(3_000),
            2,
            3
        )]
    );
    let d: Vec<(u32, &str)> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "cue-malformed")
        .map(|d| (d.line.unwrap().0, d.message.as_str()))
        .collect();
    assert_eq!(
        d,
        [(
            4,
            "the JSON ends too early (EOF while parsing a string); nothing after it is read"
        )]
    );
}

#[test]
fn json_of_another_shape_is_claimed_by_no_json_format() {
    for name in [
        "other-shape-highlights.json",
        "other-shape-sentence-metadata.json",
        "segments-without-text.json",
    ] {
        let path = fixture("whisper-json", name);
        assert!(
            json_sniffs(&path).iter().all(|(_, c)| *c == Confidence::NO),
            "{name}: {:?}",
            json_sniffs(&path)
        );
        assert!(document(&path).turns.is_empty(), "{name}");
    }
}

#[test]
fn invalid_json_gives_no_turns_and_says_where() {
    let doc = document(&fixture("whisper-json", "invalid-json.json"));
    assert!(doc.turns.is_empty());
    let d: Vec<(u32, &str, &str)> = doc
        .diagnostics
        .iter()
        .map(|d| (d.line.unwrap().0, d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        d,
        [(
            3,
            "transcript-unrecognised",
            "not Whisper JSON: invalid JSON (expected `,` or `}`); nothing after it is read"
        )]
    );
}

#[test]
fn rev_monologues_join_their_elements_and_merge_by_speaker() {
    let doc = document(&fixture("rev-json", "monologues-with-punct.json"));
    assert_eq!(
        rows(&doc),
        [
            row("Speaker 0", "Shall we begin?", Some(420), Some(1_200), 2, 8),
            row(
                "Speaker 1",
                "Yes, please. Go ahead.",
                Some(1_900),
                Some(3_600),
                9,
                19
            ),
            row("Speaker 0", "Thanks.", Some(4_100), Some(4_500), 20, 22),
        ]
    );
    let doc = document(&fixture("rev-json", "speaker-name.json"));
    let labels: Vec<&str> = doc.turns.iter().map(|t| t.speaker_label.as_str()).collect();
    assert_eq!(labels, ["Priya Nair", "Speaker 1", "Speaker 2"]);
}

#[test]
fn qmsum_keeps_annotations_and_json_lines_meetings_follow_each_other() {
    let doc = document(&fixture("qmsum", "utterances-with-annotations.json"));
    let got: Vec<(&str, &str, u32)> = doc
        .turns
        .iter()
        .map(|t| (t.speaker_label.as_str(), t.text.as_str(), t.cues))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Project Manager",
                "{vocalsound} Okay , are we {disfmarker} are we recording ?",
                1
            ),
            ("Marketing", "Mm-hmm . {vocalsound}", 1),
            (
                "Project Manager",
                "Right . So first the agenda , then the budget .",
                2
            ),
            ("Industrial Designer", "{gap} Sounds good .", 1),
        ]
    );
    assert!(
        doc.turns
            .iter()
            .all(|t| t.start.is_none() && t.end.is_none())
    );
    let doc = document(&fixture("qmsum", "two-meetings.jsonl"));
    let got: Vec<(&str, u32)> = doc
        .turns
        .iter()
        .map(|t| (t.speaker_label.as_str(), t.line.0))
        .collect();
    // Ms. Okonkwo ends the first meeting and opens the second: two turns.
    assert_eq!(
        got,
        [
            ("Chair", 1),
            ("Ms. Okonkwo", 1),
            ("Ms. Okonkwo", 2),
            ("Chair", 2)
        ]
    );
}

// The real files.

/// What a real file should give, and how to count its words from the JSON.
struct Real {
    path: &'static str,
    turns: usize,
    labels: &'static [&'static str],
    /// How the first turn starts and the last ends; `None` for the AGPL
    /// files, whose text must not be copied here even in part (they are
    /// checked against their own JSON instead, as every file is).
    first: Option<&'static str>,
    last: Option<&'static str>,
}

/// The texts a file's JSON holds, read independently of the parsers: the
/// segments' `text`, the Rev elements' `value`s, the utterances' `content`.
fn source_texts(path: &Path) -> Vec<String> {
    let text = read_lines(path);
    let values: Vec<Value> = serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .map(|v| v.unwrap())
        .collect();
    let mut out = Vec::new();
    for v in &values {
        for s in v["segments"].as_array().into_iter().flatten() {
            out.push(s["text"].as_str().unwrap().to_string());
        }
        for m in v["monologues"].as_array().into_iter().flatten() {
            for e in m["elements"].as_array().into_iter().flatten() {
                out.push(e["value"].as_str().unwrap().to_string());
            }
        }
        for u in v["meeting_transcripts"].as_array().into_iter().flatten() {
            out.push(u["content"].as_str().unwrap().to_string());
        }
    }
    out
}

/// The speakers a file's JSON names (segments', not words').
fn source_labels(path: &Path) -> BTreeSet<String> {
    let text = read_lines(path);
    let mut out = BTreeSet::new();
    for v in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        let v = v.unwrap();
        for s in v["segments"].as_array().into_iter().flatten() {
            if let Some(sp) = s["speaker"].as_str() {
                out.insert(sp.to_string());
            }
        }
        for m in v["monologues"].as_array().into_iter().flatten() {
            if let Some(n) = m["speaker"].as_u64() {
                out.insert(format!("Speaker {n}"));
            }
        }
        for u in v["meeting_transcripts"].as_array().into_iter().flatten() {
            out.insert(u["speaker"].as_str().unwrap().to_string());
        }
    }
    out
}

fn check_real(base: &Path, real: &Real) -> (usize, usize, f64) {
    let path = base.join(real.path);
    let doc = document(&path);
    let labels: BTreeSet<String> = doc.turns.iter().map(|t| t.speaker_label.clone()).collect();
    // The labels are exactly the speakers the JSON names (none: one
    // anonymous label); `labels` writes them out where that is short.
    let want: BTreeSet<String> = real.labels.iter().map(|s| s.to_string()).collect();
    if !want.is_empty() {
        assert_eq!(labels, want, "{}", real.path);
    }
    let named = source_labels(&path);
    if named.is_empty() {
        assert_eq!(labels, BTreeSet::from([String::new()]), "{}", real.path);
    } else {
        assert_eq!(labels, named, "{}", real.path);
    }
    assert_eq!(doc.turns.len(), real.turns, "{}", real.path);
    let first = &doc.turns[0].text;
    let last = &doc.turns[doc.turns.len() - 1].text;
    let texts = source_texts(&path);
    let nonblank: Vec<&str> = texts
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    assert!(
        first.starts_with(nonblank[0]),
        "{}: first {first:?}",
        real.path
    );
    assert!(
        last.ends_with(nonblank[nonblank.len() - 1]),
        "{}: last {last:?}",
        real.path
    );
    if let Some(want) = real.first {
        assert!(first.starts_with(want), "{}: first {first:?}", real.path);
    }
    if let Some(want) = real.last {
        assert!(last.ends_with(want), "{}: last {last:?}", real.path);
    }
    let source: Vec<String> = texts.iter().flat_map(|t| words(t)).collect();
    let coverage = word_coverage(&source, &doc);
    assert!(coverage >= 0.99, "{}: coverage {coverage}", real.path);
    // Every word of the source, not only 99 % of them.
    assert_eq!(coverage, 1.0, "{}", real.path);
    eprintln!(
        "{}: {} turns, {} labels, {} source words, coverage {coverage}",
        real.path,
        doc.turns.len(),
        labels.len(),
        source.len()
    );
    (doc.turns.len(), labels.len(), coverage)
}

#[test]
fn real_whisper_files() {
    let Some(base) = shared("peers/transcripts/whisper") else {
        return;
    };
    for real in [
        Real {
            path: "whisper-ctranslate2/ref-medium-diarization/dosparlants.json",
            turns: 11,
            labels: &["SPEAKER_00", "SPEAKER_01"],
            first: Some("Hola, bon dia, com et dius?"),
            last: Some("D'acord, moltes gràcies."),
        },
        Real {
            path: "whisper-ctranslate2/ref-small-transcribe-line-max-words/gossos.json",
            turns: 2,
            labels: &[""],
            first: Some("Igual que la majoria"),
            last: Some("per acassar i atrapar les preses."),
        },
        Real {
            path: "whisper-ctranslate2/ref-small-transcribe-word-stamps/gossos.json",
            turns: 2,
            labels: &[""],
            first: Some("Igual que la majoria"),
            last: Some("per acassar i atrapar les preses."),
        },
        Real {
            path: "whisperx-sps-board-meeting/a95KMDHf4vQ.en.whisperx.json",
            turns: 6,
            labels: &["SPEAKER_02", "SPEAKER_11", "SPEAKER_18", "SPEAKER_22"],
            first: Some("of audit and finance will read the audit announcement into the record."),
            last: Some("If we don't see you on the 5th."),
        },
        Real {
            path: "whisper-timestamped-AGPL/corner_cases_large_apollo11.mp3.words.json",
            turns: 15,
            labels: &[""],
            first: None,
            last: None,
        },
        Real {
            path: "whisper-timestamped-AGPL/corner_cases_stucked_lm_apollo11.mp3.words.json",
            turns: 6,
            labels: &[""],
            first: None,
            last: None,
        },
        Real {
            path: "synthetic-turnchunk/whisperx_diarized.json",
            turns: 2,
            labels: &["SPEAKER_00", "SPEAKER_01"],
            first: Some("Right, let's start with the renewal."),
            last: Some("Twelve? That's well above what we budgeted."),
        },
    ] {
        check_real(&base, &real);
    }
}

#[test]
fn real_rev_file() {
    let Some(base) = shared("peers/transcripts/whisper") else {
        return;
    };
    check_real(
        &base,
        &Real {
            path: "synthetic-turnchunk/rev.json",
            turns: 2,
            labels: &["Speaker 0", "Speaker 1"],
            first: Some("The contract."),
            last: Some("Understood."),
        },
    );
}

#[test]
fn real_qmsum_files() {
    let Some(base) = shared("peers/transcripts/qmsum") else {
        return;
    };
    let ami = &[
        "Industrial Designer",
        "Marketing",
        "Project Manager",
        "User Interface",
    ];
    let welsh = &[
        "Barry Hughes",
        "Dawn Bowden AM",
        "Janet Finch-Saunders AM",
        "Lynne Neagle AM",
        "Sian Gwenllian AM",
        "Suzy Davies AM",
        "Vikki Howells AM",
    ];
    for real in [
        Real {
            path: "Bmr006.json",
            turns: 1365,
            labels: &[
                "Grad B",
                "PhD A",
                "PhD C",
                "PhD F",
                "Postdoc E",
                "Professor D",
            ],
            first: Some("OK ,"),
            last: Some("OK , I 'm gonna go off ."),
        },
        Real {
            path: "Bro005.json",
            turns: 680,
            labels: &["Grad C", "Grad E", "PhD A", "PhD B", "Professor D"],
            first: Some("OK ."),
            last: Some("Just pull the batteries out ."),
        },
        Real {
            path: "ES2004a.json",
            turns: 320,
            labels: ami,
            first: Some("Hmm hmm hmm ."),
            last: Some("I think so , yeah ."),
        },
        Real {
            path: "ES2011a.json",
            turns: 276,
            labels: ami,
            first: Some("Here we go . Welcome everybody ."),
            last: Some("I'll see you all in thirty minutes . I just did ."),
        },
        Real {
            path: "education_13.json",
            turns: 133,
            labels: welsh,
            first: Some("Good afternoon, everyone. Welcome to the Children,"),
            last: Some("Are Members content? Thank you."),
        },
    ] {
        check_real(&base, &real);
    }

    // 89 speakers in a parliament's sitting: checked against the JSON's
    // own list rather than written out here.
    let (turns, labels, _) = check_real(
        &base,
        &Real {
            path: "covid_4.json",
            turns: 275,
            labels: &[],
            first: Some("I call this meeting to order."),
            last: Some("committee stands adjourned until tomorrow at noon."),
        },
    );
    assert_eq!((turns, labels), (275, 89));

    // JSON Lines: two meetings, one document, the second's turns after the first's.
    let (turns, labels, _) = check_real(
        &base,
        &Real {
            path: "test.first2lines.jsonl",
            turns: 133 + 668,
            labels: &[],
            first: Some("Good afternoon, everyone."),
            last: Some("{gap}"),
        },
    );
    assert_eq!((turns, labels), (801, 7 + 4));
    let doc = document(&base.join("test.first2lines.jsonl"));
    let second = doc.turns.iter().position(|t| t.line.0 == 2).unwrap();
    assert_eq!(second, 133);
    assert!(doc.turns[..second].iter().all(|t| t.line.0 == 1));
    assert!(doc.turns[second..].iter().all(|t| t.line.0 == 2));
}

#[test]
fn real_json_that_is_no_transcript_is_not_claimed() {
    let Some(base) = shared("peers/transcripts") else {
        return;
    };
    let mut files = vec![base.join("whisper/whisperx-sps-board-meeting/a95KMDHf4vQ.diarized.json")];
    for dir in ["webvtt/zoom-ethereum-acd/sidecar", "webvtt/fixtures-vtt.js"] {
        files.extend(all_json(&base.join(dir)));
    }
    assert!(files.len() > 100, "{}", files.len());
    for f in &files {
        let sniffs = json_sniffs(f);
        assert!(
            sniffs.iter().all(|(_, c)| *c == Confidence::NO),
            "{}: {sniffs:?}",
            f.display()
        );
    }
    // The diarization alone (sentence ids and speaker numbers, no text)
    // is no transcript to anyone.
    let doc = document(&files[0]);
    assert!(doc.turns.is_empty());
}

#[test]
fn every_real_json_file_parses_without_panic_under_every_json_format() {
    let Some(base) = shared("peers/transcripts") else {
        return;
    };
    let files = all_json(&base);
    assert!(files.len() > 150, "{}", files.len());
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        let name = f.file_name().unwrap().to_string_lossy();
        for id in [FormatId::WhisperJson, FormatId::RevJson, FormatId::Qmsum] {
            let p = formats::parse(&lines, &name, Choice::Format(id), &Ctx::new(&NoNames));
            // A file given to a format it is not in says why it has no turns.
            if p.turns.is_empty() {
                assert!(!p.diagnostics.is_empty(), "{} as {id:?}", f.display());
            }
        }
        document(f);
    }
}

/// Every `.json` and `.jsonl` file under `dir`, sorted.
fn all_json(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "jsonl")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn no_json_format_panics_on_any_cut_of_the_fixtures_or_on_deep_nesting() {
    let mut texts: Vec<String> = Vec::new();
    for format in ["whisper-json", "rev-json", "qmsum"] {
        for e in std::fs::read_dir(repo().join("tests/data/formats").join(format)).unwrap() {
            let text = read_lines(&e.unwrap().path());
            if text.len() < 4_000 {
                texts.push(text);
            }
        }
    }
    let deep = format!(
        "{{\"segments\": [{{\"text\": \"a\", \"words\": {}{}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let formats: Vec<_> = FILE_FORMATS
        .iter()
        .filter(|f| {
            matches!(
                f.id(),
                FormatId::WhisperJson | FormatId::RevJson | FormatId::Qmsum
            )
        })
        .collect();
    let mut parsed = 0;
    for text in &texts {
        let cuts = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        for cut in cuts {
            let lines: Vec<&str> = text[..cut].lines().collect();
            for f in &formats {
                f.sniff(&lines);
                let p = f.parse(formats::Source::new(&lines), &Ctx::new(&NoNames));
                // Every cut either gives turns or says why not.
                assert!(!p.turns.is_empty() || !p.diagnostics.is_empty());
                parsed += 1;
            }
        }
    }
    assert!(parsed > 10_000, "{parsed}");
    // Words nested deeper than serde_json's limit are no words, not a
    // stack overflow; the segment's text is still its turn.
    let lines = [deep.as_str()];
    for f in &formats {
        let p = f.parse(formats::Source::new(&lines), &Ctx::new(&NoNames));
        let texts: Vec<&str> = p.turns.iter().map(|t| t.text.as_str()).collect();
        match f.id() {
            FormatId::WhisperJson => assert_eq!(texts, ["a"]),
            _ => assert!(texts.is_empty() && !p.diagnostics.is_empty()),
        }
    }
    for deep in [
        format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{{\"segments\": {}", "{\"a\":".repeat(100_000)),
    ] {
        let lines = [deep.as_str()];
        for f in &formats {
            f.sniff(&lines);
            let p = f.parse(formats::Source::new(&lines), &Ctx::new(&NoNames));
            assert!(p.turns.is_empty() && !p.diagnostics.is_empty());
        }
    }
}
