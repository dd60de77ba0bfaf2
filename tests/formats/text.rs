//! Tests of the text formats (see tests/formats.rs): Otter, Rev/Descript
//! text, and plain dialogue. Exact turns of chosen fixtures, the detection
//! edges (notes and house transcripts are not taken), regression tests, and
//! the real files of `../shared/peers/transcripts` with their word
//! coverage counted independently of the parsers.

use std::path::Path;

use proptest::prelude::*;
use regex::Regex;
use saidwhat::formats::dialogue::Dialogue;
use saidwhat::formats::otter::Otter;
use saidwhat::formats::rev::Rev;
use saidwhat::formats::{Ctx, Detected, Format, FormatId, NoNames, Parsed, Source, detect};
use saidwhat::{Document, Outcome};

use crate::common::{document, repo, shared, word_coverage, words};

fn fixture(format: &str, name: &str) -> Document {
    document(&repo().join("tests/data/formats").join(format).join(name))
}

/// (label, text, start in ms) of every turn.
fn turns(doc: &Document) -> Vec<(&str, &str, Option<u64>)> {
    doc.turns
        .iter()
        .map(|t| {
            (
                t.speaker_label.as_str(),
                t.text.as_str(),
                t.start.map(|s| s.millis()),
            )
        })
        .collect()
}

fn detected(text: &str, extension: &str) -> Option<FormatId> {
    let lines: Vec<&str> = text.lines().collect();
    match detect(&lines, extension) {
        Detected::Markdown => None,
        Detected::Format(f) => Some(f.id()),
    }
}

#[test]
fn otter_paragraphs_with_a_constant_clock_prefix() {
    let doc = fixture("otter", "constant-clock-prefix.txt");
    assert_eq!(doc.format, Some(FormatId::Otter));
    assert_eq!(
        turns(&doc),
        vec![
            ("Ann Lee", "Welcome back to the planning call.", Some(0)),
            ("Bo Chen", "Thanks. First item is the budget.", Some(7_000)),
            ("Ann Lee", "Go ahead.", Some(15_000)),
        ]
    );
    assert_eq!(doc.turns[0].end.map(|e| e.millis()), Some(7_000));
    assert!(
        doc.turns.iter().all(|t| !t.text.contains("otter.ai")),
        "the footer is not a turn"
    );
}

#[test]
fn rev_headers_with_text_on_the_line_and_after() {
    let doc = fixture("rev", "text-on-the-header-line.txt");
    assert_eq!(doc.format, Some(FormatId::Rev));
    assert_eq!(
        turns(&doc),
        vec![
            ("Ann Lee", "Welcome to the design review.", Some(2_000)),
            ("Bo Chen", "Happy to be here.", Some(9_000)),
            (
                "Ann Lee",
                "Let's look at the mock-ups.\nThey are in the shared folder.",
                Some(75_000)
            ),
            (
                "Dr. Ines Duarte",
                "One question before we start.",
                Some(3_723_000)
            ),
        ]
    );
}

#[test]
fn dialogue_title_header_and_shortened_labels() {
    let doc = fixture("dialogue", "title-header.txt");
    assert_eq!(doc.format, Some(FormatId::Dialogue));
    assert_eq!(
        doc.title.as_deref(),
        Some("Platform Weekly Transcript — Episode #12: Caching, Again")
    );
    assert_eq!(
        turns(&doc),
        vec![
            ("Ann LEE", "Welcome back. I'm Ann Lee.", None),
            ("Bo CHEN", "And I'm Bo Chen.", None),
            ("LEE", "Today, caching.", None),
            ("CHEN", "Again.", None),
            ("LEE", "Again.", None),
        ]
    );
}

#[test]
fn dialogue_note_lines_are_text_not_speakers() {
    let doc = fixture("dialogue", "note-one-off.txt");
    assert_eq!(
        turns(&doc),
        vec![
            (
                "Ann Lee",
                "Welcome to the retro.\nNote: this meeting is recorded",
                None
            ),
            ("Bo Chen", "Understood.", None),
            (
                "Ann Lee",
                "What went well?\nUpdate: the release shipped",
                None
            ),
            ("Bo Chen", "The release.", None),
        ]
    );
    let doc = fixture("dialogue", "field-word-twice.txt");
    let labels: Vec<&str> = doc.turns.iter().map(|t| t.speaker_label.as_str()).collect();
    assert_eq!(labels, ["Ann Lee", "Bo Chen", "Ann Lee", "Bo Chen"]);
}

#[test]
fn dialogue_voice_tags_two_voices_in_a_line() {
    let doc = fixture("dialogue", "voice-tag-leak.txt");
    assert_eq!(
        turns(&doc),
        vec![
            (
                "Ann Lee",
                "Hello and welcome to the show, where we\ntalk about tools.",
                Some(0)
            ),
            (
                "Bo Chen",
                "And I'm Bo.\nToday we have news & jokes.",
                Some(4_000)
            ),
            ("Ann Lee", "Let's start.", Some(11_000)),
        ]
    );
    assert_eq!(doc.turns[0].end.map(|e| e.millis()), Some(4_000));
}

#[test]
fn dialogue_crlf_is_read_like_lf() {
    let doc = fixture("dialogue", "crlf.txt");
    assert_eq!(
        turns(&doc),
        vec![
            ("Ann Lee", "Line one.\nstill Ann.", None),
            ("Bo Chen", "Line two.", None),
            ("Ann Lee", "Line three.", None),
        ]
    );
}

#[test]
fn notes_prose_and_house_transcripts_are_not_taken_for_dialogue() {
    let note = "# Weekly sync\n\nAttendees: Ann Lee, Bo Chen\nDate: 2024-03-05\nNote: the room changed.\n\n\
                ## Discussion\nAnn Lee: wants the release on Monday.\nBo Chen: will write the docs.\n\
                Ann Lee: books the demo.\nBo Chen: checks the budget.\n";
    assert_eq!(detected(note, "md"), None, "a heading keeps a note a note");
    let fields = "Attendees: Ann Lee, Bo Chen\nDate: 2024-03-05\nNote: the room changed.\nNote: again.\nWe talked.\n";
    assert_eq!(detected(fields, "md"), None);
    assert_eq!(
        detected(
            "Warning: estimates.\nWe agreed to revisit the budget.\n",
            "txt"
        ),
        None
    );
    let house = "[00:00:01] Alice: The contract renews.\n[00:00:04] Bob: Only if.\n[00:00:08] Bob: Never.\n";
    assert_eq!(
        detected(house, "txt"),
        None,
        "left to the note and its house block"
    );
    let doc = fixture("dialogue", "house-bracketed-stamps.txt");
    assert_eq!(doc.format, Some(FormatId::House));
    let doc = fixture("dialogue", "meeting-note-not-dialogue.md");
    assert_eq!((doc.format, doc.turns.len()), (None, 0));
}

#[test]
fn each_shape_goes_to_its_format() {
    assert_eq!(
        detected("Ann Lee  0:01\nHi.\n\nBo Chen  0:05\nYo.\n", "txt"),
        Some(FormatId::Otter)
    );
    assert_eq!(
        detected("Ann Lee (00:01): Hi.\nBo Chen (00:05): Yo.\n", "txt"),
        Some(FormatId::Rev)
    );
    assert_eq!(
        detected("Ann: Hi.\nBo: Yo.\nAnn: Bye.\n", "txt"),
        Some(FormatId::Dialogue)
    );
    assert_eq!(
        detected("00:00:01 >> Hi.\n00:00:03 Yes.\n00:00:05 >> Yo.\n", "txt"),
        Some(FormatId::Dialogue)
    );
}

// Regression tests, named after what broke while these formats were written.

#[test]
fn small_dialogues_are_claimed_as_they_are_parsed() {
    // The sniff counted only recurring labels, so a five-line dialogue with
    // a one-off interjection and a bare time line was left as a note.
    let doc = fixture("dialogue", "bare-time-lines.txt");
    assert_eq!(
        turns(&doc),
        vec![
            ("Ann Lee", "The time is on the line above.", Some(5_000)),
            ("Bo Chen", "Same here.", Some(12_000)),
            ("Ann Lee", "And this one has none.", None),
        ]
    );
}

#[test]
fn a_malformed_time_does_not_hide_the_label_after_it() {
    let doc = fixture("dialogue", "malformed-time.txt");
    let labels: Vec<&str> = doc.turns.iter().map(|t| t.speaker_label.as_str()).collect();
    assert_eq!(labels, ["Ann", "Bo", "Ann", "Bo"]);
    assert_eq!(doc.turns[1].start, None);
    assert_eq!(doc.diagnostics[0].code.as_str(), "timestamp-malformed");
}

#[test]
fn a_speaker_change_inside_a_line_starts_at_the_lines_time() {
    // It had no start, so the turn before it ran to the next timed line.
    let doc = fixture("dialogue", "hhmmss-chevrons.txt");
    assert_eq!(
        turns(&doc),
        vec![
            (
                "",
                "Welcome to the council meeting.\nPlease take your seats.",
                Some(0)
            ),
            ("", "Thank you, chair.", Some(9_000)),
            ("CLERK", "The first item is the budget.", Some(12_000)),
            ("", "Seconded.\nWe will vote at the end.", Some(12_000)),
        ]
    );
}

/// A real file, what it must give, and how its words are counted.
struct Real {
    path: &'static str,
    format: FormatId,
    turns: usize,
    labels: &'static [&'static str],
    first: &'static str,
    last: &'static str,
    /// Lines of the source that hold no transcript words (title, headers, footer).
    skip: &'static str,
    /// Prefixes of the source lines that are not words of the speech.
    strip: &'static str,
}

const REAL: &[Real] = &[
    Real {
        path: "plaintext/synthetic-turnchunk/otter.txt",
        format: FormatId::Otter,
        turns: 2,
        labels: &["Alice Chen", "Bob Ferreira"],
        first: "Right, let's start with the renewal.",
        last: "That's well above what we budgeted.",
        skip: r"^[A-Z][a-z]+ [A-Z][a-z]+  \d+:\d\d$",
        strip: "^$",
    },
    Real {
        path: "plaintext/pythonbytes-variants/310_otter-derived.txt",
        format: FormatId::Otter,
        turns: 87,
        labels: &["Brian Okken", "Michael Kennedy", "Unknown Speaker"],
        first: "Hello, and welcome to python bytes",
        last: "Thanks, everyone. Thanks for being here.",
        skip: r"^0:00 ([A-Z][a-z]+ [A-Z][a-z]+  \d+:\d\d|Transcribed by https://otter\.ai)$",
        strip: r"^0:00 ",
    },
    Real {
        path: "plaintext/pythonbytes-variants/020_title-header-name-colon.txt",
        format: FormatId::Dialogue,
        turns: 70,
        labels: &["Brian OKKEN", "KENNEDY", "Michael KENNEDY", "OKKEN"],
        first: "Hello and welcome to Python Bytes. This is Episode #20",
        last: "sharing this podcast with your friends and colleagues.",
        skip: r"^(Python Bytes Transcript|Episode #20: .*)$",
        strip: r"^(Michael KENNEDY|Brian OKKEN|KENNEDY|OKKEN):",
    },
    Real {
        path: "plaintext/pythonbytes-variants/060_name-colon.txt",
        format: FormatId::Dialogue,
        turns: 105,
        labels: &["Brian OKKEN", "KENNEDY", "Michael KENNEDY", "OKKEN"],
        first: "Hello and welcome to Python Bytes, where we deliver",
        last: "sharing this podcast with your friends and colleagues.",
        skip: "^$",
        strip: r"^(Michael KENNEDY|Brian OKKEN|KENNEDY|OKKEN):",
    },
    Real {
        path: "plaintext/pythonbytes-variants/100_hhmmss-SURNAME-colon.txt",
        format: FormatId::Dialogue,
        turns: 138,
        labels: &["KENNEDY", "OKKEN", "SPECIAL GUESTS"],
        first: "Hello and welcome to Python Bytes, where we deliver",
        last: "sharing this podcast with your friends and colleagues.",
        skip: "^$",
        strip: r"^\d\d:\d\d:\d\d (KENNEDY|OKKEN|SPECIAL GUESTS):",
    },
    Real {
        path: "plaintext/pythonbytes-variants/285_hhmmss-chevron-speaker-change.txt",
        format: FormatId::Dialogue,
        turns: 128,
        labels: &[""],
        first: "Hello and welcome to Python Bytes where we deliver",
        last: "Bye.",
        skip: "^$",
        strip: r"^\d\d:\d\d:\d\d ",
    },
    Real {
        path: "plaintext/pythonbytes-variants/310_hhmmss-no-speaker.txt",
        format: FormatId::Dialogue,
        turns: 882,
        labels: &[""],
        first: "Hello and welcome to Python Bytes, where we deliver",
        last: "Thanks everyone. Thanks for being here.",
        skip: "^$",
        strip: r"^\d\d:\d\d:\d\d ",
    },
    Real {
        path: "plaintext/pythonbytes-variants/486_hhmmss-voice-tag-leak.txt",
        format: FormatId::Dialogue,
        turns: 59,
        labels: &["Calvin Hendryx-Parker", "Michael Kennedy"],
        first: "Hello and welcome to Python Bytes, where we deliver",
        last: "See ya.",
        skip: "^$",
        strip: r"^\d\d:\d\d:\d\d ",
    },
    Real {
        path: "whisper/whisper-ctranslate2/ref-medium-diarization/dosparlants.txt",
        format: FormatId::Dialogue,
        turns: 14,
        labels: &["SPEAKER_00", "SPEAKER_01"],
        first: "Hola, bon dia, com et dius?",
        last: "D'acord, moltes gràcies.",
        skip: "^$",
        strip: r"^\[SPEAKER_\d\d\]:",
    },
];

/// The words a real file says, by a reading that shares nothing with the
/// parsers: skipped lines out, prefixes cut, voice tags removed.
fn source_words(text: &str, real: &Real) -> Vec<String> {
    let skip = Regex::new(real.skip).unwrap();
    let strip = Regex::new(real.strip).unwrap();
    let voice = Regex::new(r"</?v[^>]*>").unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if skip.is_match(line) {
            continue;
        }
        let line = strip.replace(line, "");
        out.extend(words(&voice.replace_all(&line, " ")));
    }
    out
}

#[test]
fn real_files() {
    let Some(dir) = shared("peers/transcripts") else {
        return;
    };
    let mut table = String::from("file | turns | labels | coverage\n");
    for real in REAL {
        let path = dir.join(real.path);
        let doc = document(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let coverage = word_coverage(&source_words(&text, real), &doc);
        let mut labels: Vec<&str> = doc.turns.iter().map(|t| t.speaker_label.as_str()).collect();
        labels.sort();
        labels.dedup();
        table += &format!(
            "{} | {} | {} | {:.4}\n",
            real.path,
            doc.turns.len(),
            labels.join(", "),
            coverage
        );
        assert_eq!(doc.format, Some(real.format), "{}", real.path);
        assert_eq!(doc.turns.len(), real.turns, "{}", real.path);
        assert_eq!(labels, real.labels, "{}", real.path);
        let (first, last) = (&doc.turns[0].text, &doc.turns[doc.turns.len() - 1].text);
        assert!(first.starts_with(real.first), "{}: {first:?}", real.path);
        assert!(last.ends_with(real.last), "{}: {last:?}", real.path);
        assert!(coverage >= 0.99, "{}: coverage {coverage}", real.path);
    }
    eprintln!("{table}");
}

#[test]
fn the_house_sample_stays_house() {
    let Some(dir) = shared("peers/transcripts") else {
        return;
    };
    let doc = document(&dir.join("plaintext/synthetic-turnchunk/bracketed.txt"));
    assert_eq!(doc.format, Some(FormatId::House));
    assert_eq!(
        turns(&doc),
        vec![
            ("Alice", "The contract renews automatically.", Some(1_000)),
            ("Bob", "Only if neither party gives notice.", Some(4_000)),
            ("Bob", "Which we never do, historically.", Some(8_000)),
        ]
    );
}

fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

const TEXT_FORMATS: [&dyn Format; 3] = [&Otter, &Rev, &Dialogue];

/// Every non-blank line of `lines` is inside some turn or reported,
/// except the lines before the first turn when the format read a title
/// from them, and Otter's footer.
fn assert_every_line_in_a_turn(name: &str, lines: &[&str], p: &Parsed) {
    let first = p
        .turns
        .first()
        .map_or(lines.len(), |t| t.line.0 as usize - 1);
    for (i, line) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        if line.trim().is_empty()
            || (p.meta.title.is_some() && i < first)
            || saidwhat::formats::otter::is_footer(line.trim_start_matches("0:00").trim())
            || p.diagnostics.iter().any(|d| d.line.map(|l| l.0) == Some(n))
        {
            continue;
        }
        assert!(
            p.turns.iter().any(|t| t.line.0 <= n && n <= t.last_line.0),
            "{name}: line {n} is in no turn: {line:?}"
        );
    }
}

#[test]
fn no_plaintext_file_panics_in_any_text_format() {
    let Some(dir) = shared("peers/transcripts/plaintext") else {
        return;
    };
    let mut files = Vec::new();
    all_files(&dir, &mut files);
    files.sort();
    assert!(files.len() >= 15);
    for path in &files {
        let Outcome::Document(_) = crate::common::process_file(path, &Default::default()) else {
            panic!("{} failed", path.display());
        };
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let lines = saidwhat::text::lines(&text);
        for f in TEXT_FORMATS {
            let _ = f.sniff(&lines);
            let p = f.parse(Source::new(&lines), &Ctx::new(&NoNames));
            assert_every_line_in_a_turn(&path.display().to_string(), &lines, &p);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Any mix of the shapes these formats read: no panic, and every line
    /// of text is in a turn.
    #[test]
    fn text_formats_never_panic_and_keep_every_line(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "Ann: ", "**Bo:** ", "[SPEAKER_00]: ", "KENNEDY:", "Note: ", "00:00:01 ", "1:02:03 ",
            "00:61:00 ", "[00:00:02] ", ">> ", ">>", "- ", " - ", ". - ", "<v Ann>", "<v.loud Bo>",
            "</v>", "<v ", "Ann Lee  0:01", "Bo (00:05):", "Bo (00:75): ", "0:00 ", "  ",
            "\t", "\n", "\n", "\n", "hello", "é", "王伟", "’", "Transcribed by https://otter.ai",
            "(", ")", ":", "**", "[", "]", "&amp;", "Speaker 1: ",
        ]), 0..40)
    ) {
        let text: String = pieces.concat();
        let lines = saidwhat::text::lines(&text);
        for f in TEXT_FORMATS {
            let _ = f.sniff(&lines);
            let p = f.parse(Source::new(&lines), &Ctx::new(&NoNames));
            assert_every_line_in_a_turn("generated", &lines, &p);
        }
    }
}

#[test]
fn in_the_peer_corpus_only_the_text_transcripts_are_claimed() {
    // WebVTT and SRT files (`<v Name>` tags, `[SPEAKER_00]:` cue text),
    // notes, chats and JSON must be left to their own formats.
    let Some(dir) = shared("peers/transcripts") else {
        return;
    };
    let mut files = Vec::new();
    all_files(&dir, &mut files);
    files.sort();
    let mut claimed = Vec::new();
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let lines = saidwhat::text::lines(&text);
        let note = saidwhat::formats::markdown::sniff(&lines);
        for f in TEXT_FORMATS {
            let c = f.sniff(&lines);
            if c >= saidwhat::formats::Confidence::LIKELY && c > note {
                let rel = p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
                claimed.push(format!("{} {rel}", f.id().as_str()));
            }
        }
    }
    let mut want: Vec<String> = REAL
        .iter()
        .map(|r| format!("{} {}", r.format.as_str(), r.path))
        .collect();
    want.sort();
    claimed.sort();
    assert_eq!(claimed, want);
}
