//! Tests of the SRT family — SRT, SBV, Whisper TSV (see tests/formats.rs):
//! exact turns of chosen fixtures, regressions, and every real SRT and TSV
//! file in `../shared/peers/transcripts` (read in place, never copied:
//! pysrt's are GPL).
//!
//! Word coverage of a real file is counted from the file itself, without
//! the parser: for SRT, every non-blank line that is not an index (digits
//! only) or a timing line (`-->`), with `<…>` tags, `{…}` blocks, `\N` `\n`
//! `\h` escapes and `&…;` references cut out by simple patterns, and the
//! speaker labels (`[SPEAKER_00]:`, a capitals `MAN:`) left out since they
//! are not words anybody said; for TSV, every field after the second tab
//! of the rows after the header.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use saidwhat::analysis::people::PeopleDict;
use saidwhat::formats::sbv::Sbv;
use saidwhat::formats::srt::Srt;
use saidwhat::formats::whisper_tsv::WhisperTsv;
use saidwhat::formats::{Ctx, Detected, Format, FormatId, NoNames, Source, detect};
use saidwhat::model::{Code, DocKind};
use saidwhat::{DocId, Document, Outcome};

use crate::common::{repo, shared, word_coverage, words};

fn document(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    match saidwhat::process(DocId(name), &bytes, &PeopleDict::default()) {
        Outcome::Document(d) => *d,
        other => panic!("{}: {:?}", path.display(), other.diagnostics()),
    }
}

fn fixture(format: &str, name: &str) -> Document {
    document(&repo().join("tests/data/formats").join(format).join(name))
}

/// (label, text) of each turn.
fn said(doc: &Document) -> Vec<(&str, &str)> {
    doc.turns
        .iter()
        .map(|t| (t.speaker_label.as_str(), t.text.as_str()))
        .collect()
}

fn labels(doc: &Document) -> BTreeSet<&str> {
    doc.turns
        .iter()
        .map(|t| t.speaker_label.as_str())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The text of a file by its byte-order mark, decoded here rather than by
/// the library, so that the words counted do not depend on its decoder.
fn text_of(bytes: &[u8]) -> String {
    let units = |b: &[u8], be: bool| -> Vec<u16> {
        b.chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        rest.chunks_exact(4)
            .map(|c| char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap())
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        String::from_utf16(&units(rest, false)).unwrap()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        String::from_utf16(&units(rest, true)).unwrap()
    } else {
        let s = String::from_utf8(bytes.to_vec()).unwrap();
        s.trim_start_matches('\u{FEFF}').to_string()
    }
}

/// Markup is cut out without a trace (`horiz{\an6}ontally` is one word
/// on screen); escapes and references stand for a space or a character.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>|\{[^}]*\}").unwrap());
static ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\[Nnh]|&[#A-Za-z0-9]+;").unwrap());
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\[[^\]]*\]:|[A-Z][A-Z #]*:(\s|$))").unwrap());

/// The words a subtitle file says, counted without the parser.
fn srt_words(bytes: &[u8]) -> Vec<String> {
    let text = text_of(bytes);
    let mut out = Vec::new();
    for line in text.split(['\n', '\r']) {
        let line = line.trim();
        if line.is_empty() || line.bytes().all(|b| b.is_ascii_digit()) || line.contains("-->") {
            continue;
        }
        let line = LABEL.replace(line, " ");
        let line = MARKUP.replace_all(&line, "");
        out.extend(words(&ESCAPE.replace_all(&line, " ")));
    }
    out
}

/// The words of a Whisper TSV file: the text fields of its rows.
fn tsv_words(bytes: &[u8]) -> Vec<String> {
    let text = text_of(bytes);
    text.lines()
        .skip(1)
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .flat_map(words)
        .collect()
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// What a real file is expected to give.
struct Expect {
    file: &'static str,
    turns: usize,
    labels: &'static [&'static str],
    first: &'static str,
    last: &'static str,
}

const fn e(
    file: &'static str,
    turns: usize,
    labels: &'static [&'static str],
    first: &'static str,
    last: &'static str,
) -> Expect {
    Expect {
        file,
        turns,
        labels,
        first,
        last,
    }
}

const AYN_FIRST: &str = "About 2 months ago I found myself on the comment section of YouTube";
const AYN_LAST: &str = "So what I thought I do is instead if answering on a YouTube comment is organize a global awareness day";
const CAPTION_1: &str = "Caption text #1";
const CAPTION_5: &str = "Caption text #5";
const MOVIE_FIRST: &str = "(deep rumbling)";
const MOVIE_LAST: &str = "(computer playing electronic melody)";

/// Every real SRT file but the webvtt-py ones that are not SRT at all.
const REAL_SRT: &[Expect] = &[
    e(
        "srt/go-astisub/example-in-carriage-return.srt",
        3,
        &[],
        "Did one of the last stories strike you as more interesting than the other?",
        "at a busy bus stop or anywhere else for that matter.",
    ),
    e(
        "srt/go-astisub/example-in-html-entities.srt",
        3,
        &[],
        "The man in black fled across the desert, & the gunslinger followed.",
        "there are other < worlds than these.",
    ),
    e(
        "srt/go-astisub/example-in-non-utf8.srt",
        6,
        &["MAN"],
        MOVIE_FIRST,
        MOVIE_LAST,
    ),
    e(
        "srt/go-astisub/example-in-styled.srt",
        10,
        &[],
        "[instrumental music]",
        "x^3 * x = 100",
    ),
    e(
        "srt/go-astisub/example-in.srt",
        6,
        &["MAN"],
        MOVIE_FIRST,
        MOVIE_LAST,
    ),
    e(
        "srt/go-astisub/missing-sequence-in.srt",
        6,
        &["MAN"],
        MOVIE_FIRST,
        MOVIE_LAST,
    ),
    e("srt/pysrt/bom-utf-16-be.srt", 7, &[], AYN_FIRST, AYN_LAST),
    e("srt/pysrt/bom-utf-16-le.srt", 7, &[], AYN_FIRST, AYN_LAST),
    e("srt/pysrt/bom-utf-32-le.srt", 7, &[], AYN_FIRST, AYN_LAST),
    e("srt/pysrt/bom-utf-8.srt", 7, &[], AYN_FIRST, AYN_LAST),
    e(
        "srt/pysrt/capability_tester.srt",
        37,
        &[],
        "Don't show this text it may be used to insert hidden data",
        "Both line should be strikethrough but the wrong closing tag should be showed",
    ),
    e("srt/pysrt/empty.srt", 5, &[], AYN_FIRST, AYN_LAST),
    e(
        "srt/pysrt/invalid.srt",
        1,
        &[],
        "This subtitle is invalid",
        "This subtitle is invalid",
    ),
    e("srt/pysrt/no-indexes.srt", 7, &[], AYN_FIRST, AYN_LAST),
    e(
        "srt/webvtt-py/invalid_timeframe.srt",
        5,
        &[],
        CAPTION_1,
        CAPTION_5,
    ),
    e(
        "srt/webvtt-py/missing_caption_text.srt",
        4,
        &[],
        CAPTION_1,
        CAPTION_5,
    ),
    e(
        "srt/webvtt-py/missing_timeframe.srt",
        5,
        &[],
        CAPTION_1,
        CAPTION_5,
    ),
    e(
        "srt/webvtt-py/one_caption.srt",
        1,
        &[],
        CAPTION_1,
        CAPTION_1,
    ),
    e("srt/webvtt-py/sample.srt", 5, &[], CAPTION_1, CAPTION_5),
    e(
        "srt/webvtt-py/styles2.srt",
        6,
        &[],
        "Musique douce",
        "Euh, là-bas, au chêne.",
    ),
    e(
        "whisper/whisper-ctranslate2/ref-medium-diarization/dosparlants.srt",
        11,
        &["SPEAKER_00", "SPEAKER_01"],
        "Hola, bon dia, com et dius?",
        "D'acord, moltes gràcies.",
    ),
    e(
        "whisper/whisper-ctranslate2/ref-small-transcribe-line-max-words/gossos.srt",
        14,
        &[],
        "Igual que la majoria de",
        "preses.",
    ),
    e(
        "whisper/whisper-ctranslate2/ref-small-transcribe-word-stamps/gossos.srt",
        2,
        &[],
        "Igual que la majoria de mamíferes de predadors, el gos té músculos potents, un sistema cardiovascular que permet una alta velocitat i una gran resistència i dents per caçar, aguantar i estripar les preses.",
        "L'esquelet ancestral dels gossos els permet córrer i saltar. Les seves potes s'han desenvolupat per impulsar-los ràpidament cap endavant, saltant quan cal, per acassar i atrapar les preses.",
    ),
];

const GOSSOS_FIRST: &str = "Igual que la majoria de mamíferes de predadors, el gos té músculos potents, un sistema cardiovascular que permet una alta velocitat i una gran resistència i dents per caçar, aguantar i estripar les preses.";
const GOSSOS_LAST: &str = "L'esquelet ancestral dels gossos els permet córrer i saltar. Les seves potes s'han desenvolupat per impulsar-los ràpidament cap endavant, saltant quan cal, per acassar i atrapar les preses.";

const REAL_TSV: &[Expect] = &[
    e(
        "whisper/whisper-ctranslate2/ref-medium-diarization/dosparlants.tsv",
        14,
        &[],
        "Hola, bon dia, com et dius?",
        "D'acord, moltes gràcies.",
    ),
    e(
        "whisper/whisper-ctranslate2/ref-small-transcribe-line-max-words/gossos.tsv",
        2,
        &[],
        GOSSOS_FIRST,
        GOSSOS_LAST,
    ),
    e(
        "whisper/whisper-ctranslate2/ref-small-transcribe-word-stamps/gossos.tsv",
        2,
        &[],
        GOSSOS_FIRST,
        GOSSOS_LAST,
    ),
];

fn check_real(root: &Path, expect: &Expect, format: FormatId, count: fn(&[u8]) -> Vec<String>) {
    let path = root.join(expect.file);
    let doc = document(&path);
    let f = expect.file;
    assert_eq!(doc.format, Some(format), "{f}");
    assert_eq!(doc.turns.len(), expect.turns, "{f}: {:#?}", said(&doc));
    assert_eq!(labels(&doc), expect.labels.iter().copied().collect(), "{f}");
    assert_eq!(doc.turns.first().unwrap().text, expect.first, "{f}");
    assert_eq!(doc.turns.last().unwrap().text, expect.last, "{f}");
    let source = count(&std::fs::read(&path).unwrap());
    let coverage = word_coverage(&source, &doc);
    eprintln!(
        "{f}: {} turns, labels {:?}, {} source words, coverage {coverage:.4}",
        doc.turns.len(),
        labels(&doc),
        source.len()
    );
    assert!(coverage >= 0.99, "{f}: coverage {coverage}");
}

#[test]
fn real_srt_files_are_read_whole() {
    let Some(root) = shared("peers/transcripts") else {
        return;
    };
    let mut listed: Vec<PathBuf> = ["srt/go-astisub", "srt/pysrt", "srt/webvtt-py"]
        .iter()
        .flat_map(|d| files(&root.join(d), "srt"))
        .chain(
            [
                "ref-medium-diarization",
                "ref-small-transcribe-line-max-words",
                "ref-small-transcribe-word-stamps",
            ]
            .iter()
            .flat_map(|d| files(&root.join("whisper/whisper-ctranslate2").join(d), "srt")),
        )
        .collect();
    for expect in REAL_SRT {
        check_real(&root, expect, FormatId::Srt, srt_words);
        listed.retain(|p| !p.ends_with(expect.file));
    }
    // What is left are webvtt-py's files that are not subtitles: a lone
    // index, a line of text, an index and text, text then a timing line.
    // No format claims them, and nothing panics.
    let rest: Vec<String> = listed
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        rest,
        [
            "invalid_format1.srt",
            "invalid_format2.srt",
            "invalid_format3.srt",
            "invalid_format4.srt"
        ]
    );
    for p in &listed {
        let doc = document(p);
        assert_eq!(
            (doc.kind, doc.format, doc.turns.len()),
            (DocKind::Note, None, 0),
            "{}",
            p.display()
        );
    }
}

#[test]
fn real_whisper_tsv_files_are_read_whole() {
    let Some(root) = shared("peers/transcripts") else {
        return;
    };
    for expect in REAL_TSV {
        check_real(&root, expect, FormatId::WhisperTsv, tsv_words);
    }
}

#[test]
fn the_same_run_gives_the_same_words_as_srt_and_tsv() {
    let Some(root) = shared("peers/transcripts/whisper/whisper-ctranslate2") else {
        return;
    };
    for stem in [
        "ref-medium-diarization/dosparlants",
        "ref-small-transcribe-line-max-words/gossos",
    ] {
        let srt = document(&root.join(format!("{stem}.srt")));
        let tsv = document(&root.join(format!("{stem}.tsv")));
        let all = |d: &Document| {
            d.turns
                .iter()
                .flat_map(|t| words(&t.text))
                .collect::<Vec<_>>()
        };
        assert_eq!(all(&srt), all(&tsv), "{stem}");
    }
}

#[test]
fn sentence_lists_are_not_whisper_tsv_but_sentences() {
    let Some(root) = shared("peers/transcripts/whisper/whisperx-sps-board-meeting") else {
        return;
    };
    let path = root.join("a95KMDHf4vQ.eng.sentences.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(WhisperTsv.sniff(&lines), saidwhat::formats::Confidence::NO);
    assert!(matches!(detect(&lines, "tsv"), Detected::Format(f) if f.id() == FormatId::Sentences));
    let doc = document(&path);
    assert_eq!(
        (doc.format, doc.turns.len()),
        (Some(FormatId::Sentences), 101)
    );
    assert!(
        doc.turns
            .iter()
            .all(|t| t.start.is_none() && t.speaker_label.is_empty())
    );
}

/// The lines of the fenced block that follows `heading` in `text`, and the
/// index of its first line in the file.
fn fenced_block<'a>(lines: &[&'a str], heading: &str) -> (Vec<&'a str>, usize) {
    let h = lines.iter().position(|l| l.trim() == heading).unwrap();
    let open = h + lines[h..].iter().position(|l| l.trim() == "```").unwrap();
    let close = open
        + 1
        + lines[open + 1..]
            .iter()
            .position(|l| l.trim() == "```")
            .unwrap();
    (lines[open + 1..close].to_vec(), open + 1)
}

#[test]
fn podman_meet_chat_saved_as_sbv() {
    let Some(root) = shared("peers/transcripts/plaintext/podman-meeting-notes") else {
        return;
    };
    let text = std::fs::read_to_string(root.join("2024-07-02.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (block, offset) = fenced_block(&lines, "### Raw Meeting Chat:");
    assert!(Sbv.sniff(&block) >= saidwhat::formats::Confidence(70));
    let parsed = Sbv.parse(
        Source {
            lines: &block,
            offset,
        },
        &Ctx::new(&NoNames),
    );
    let got: Vec<_> = parsed
        .turns
        .iter()
        .map(|t| {
            (
                t.label.as_str(),
                t.text.as_str(),
                t.cues,
                t.line.0,
                t.last_line.0,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Ralph Bean",
                "https://github.com/konflux-ci @Chris, look in https://github.com/konflux-ci/build-definitions/tree/main/task",
                2,
                49,
                53
            ),
            ("Paul Holzinger", "give me sec", 1, 55, 56),
            (
                "Neil Smith",
                "yes let's not say the hiding thing",
                1,
                58,
                59
            ),
            (
                "Paul Holzinger",
                "https://matrix.org/ecosystem/clients/",
                1,
                61,
                62
            ),
        ]
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    // Every word after an author's `Name:` is in a turn.
    let source: Vec<String> = block
        .iter()
        .filter_map(|l| l.split_once(": ").map(|(_, m)| m))
        .flat_map(words)
        .collect();
    let said: Vec<String> = parsed.turns.iter().flat_map(|t| words(&t.text)).collect();
    assert_eq!(said, source);
}

#[test]
fn no_peer_file_panics_in_any_of_the_three_formats() {
    let Some(root) = shared("peers/transcripts") else {
        return;
    };
    let mut stack = vec![root];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let Ok(prepared) = saidwhat::text::prepare(&bytes) else {
                continue;
            };
            let lines = saidwhat::text::lines(&prepared.text);
            for f in [&Srt as &dyn Format, &Sbv, &WhisperTsv] {
                f.sniff(&lines);
                let parsed = f.parse(Source::new(&lines), &Ctx::new(&NoNames));
                for t in &parsed.turns {
                    assert!(t.line <= t.last_line, "{}", p.display());
                }
            }
            seen += 1;
        }
    }
    assert!(seen > 500, "{seen} files");
}

#[test]
fn regression_utf32_bom_was_decoded_as_utf16() {
    // FF FE 00 00 starts with the UTF-16LE mark: the file came out as
    // UTF-16 with a NUL after every character, and no cue was found.
    let doc = fixture("srt", "utf32le-bom.srt");
    assert_eq!(doc.encoding, "utf-32le-bom");
    assert_eq!(
        said(&doc),
        [
            ("", "Grüße aus Zürich, naïve café."),
            ("", "Emoji 😀 outside the BMP.")
        ]
    );
    for (name, encoding) in [
        ("utf16le-bom.srt", "utf-16le-bom"),
        ("utf16be-bom.srt", "utf-16be-bom"),
        ("utf32be-bom.srt", "utf-32be-bom"),
    ] {
        let d = fixture("srt", name);
        assert_eq!(d.encoding, encoding);
        assert_eq!(said(&d), said(&doc), "{name}");
    }
}

#[test]
fn dialogue_dashes_are_two_anonymous_speakers_of_one_cue() {
    let doc = fixture("srt", "dialogue-dashes.srt");
    let got: Vec<_> = doc
        .turns
        .iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.start.map(|s| s.millis()),
                t.end.map(|e| e.millis()),
                t.line.0,
                t.last_line.0,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Are we recording?", Some(1000), Some(3000), 1, 3),
            ("Yes, since a minute.", Some(1000), Some(3000), 4, 4),
            ("Stéphane ? On se gare où ?", Some(3000), Some(5000), 6, 8),
            ("Là-bas.", Some(3000), Some(5000), 9, 9),
            (
                "-- trailing off, not a new speaker -5 degrees outside",
                Some(5000),
                Some(6000),
                11,
                14
            ),
        ]
    );
    assert!(doc.turns.iter().all(|t| t.speaker_label.is_empty()));
}

#[test]
fn labels_by_shape() {
    let doc = fixture("srt", "name-alone-on-line.srt");
    assert_eq!(
        said(&doc),
        [
            ("", "(deep rumbling)"),
            ("MAN", "How did we end up here?"),
            ("", "This place is horrible."),
            ("WOMAN #2", "We took the wrong turn."),
            ("MAN", "Clearly."),
            ("NARRATOR", "They had, in fact, taken three."),
        ]
    );
    let doc = fixture("srt", "name-labels-recurring.srt");
    assert_eq!(
        said(&doc),
        [
            ("Ann Lee", "Shall we start? The agenda is short."),
            ("Bo Chen", "Fine by me."),
            ("Speaker 3", "Me too."),
        ]
    );
    assert_eq!(doc.turns[0].cues, 2);
    let doc = fixture("srt", "note-is-not-a-speaker.srt");
    assert_eq!(labels(&doc), BTreeSet::new());
    assert_eq!(doc.turns[1].text, "Note: the vote moved to Tuesday.");
}

#[test]
fn markup_goes_and_its_text_stays() {
    let texts = |name| {
        fixture("srt", name)
            .turns
            .iter()
            .map(|t| t.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        texts("styling-font-ass.srt"),
        [
            "Italic, bold, underlined and struck.",
            "Quoted colour and bare values.",
            "Unterminated styles run to the end of the cue",
            "Moved to the top, midword, MicroDVD too.",
            "But {normal braces} stay.",
        ]
    );
    assert_eq!(
        texts("invalid-tags.srt"),
        [
            "closed invalid tags go, their text stays with attributes too not opened either",
            "2<3,5>1,4<6 is arithmetic if a <b and c> then <",
        ]
    );
    assert_eq!(
        texts("line-breaks.srt"),
        ["First half second half third The hard spaces join."]
    );
    assert_eq!(
        texts("entities.srt"),
        [
            "Research & development, rock <n> roll, café ’til late.",
            "<i> is text here, AT&T stays.",
        ]
    );
}

#[test]
fn malformed_cues_are_reported_and_their_text_kept() {
    let doc = fixture("srt", "missing-timing.srt");
    assert_eq!(
        said(&doc),
        [
            ("", "Caption text one"),
            ("", "Caption text two has no timing line"),
            ("", "Caption text three and a line after a blank one"),
        ]
    );
    assert_eq!(doc.turns[1].start, None);
    let malformed: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::CueMalformed)
        .map(|d| d.line.unwrap().0)
        .collect();
    assert_eq!(malformed, [5, 12, 14]);
    let doc = fixture("srt", "empty-cue.srt");
    assert_eq!(
        said(&doc),
        [("", "Before the silence."), ("", "After the silence.")]
    );
    assert_eq!(doc.diagnostics.len(), 2);
}

#[test]
fn line_ends_and_a_missing_last_newline() {
    for (name, first, last) in [
        (
            "cr-only.srt",
            "Did one of the stories strike you as more interesting than the other?",
            "That’s true.",
        ),
        (
            "crlf.srt",
            "Windows line ends on every line",
            "and a blank between.",
        ),
        (
            "no-trailing-newline.srt",
            "Caption text one",
            "Caption text two, the file ends here",
        ),
    ] {
        let doc = fixture("srt", name);
        assert_eq!(doc.format, Some(FormatId::Srt), "{name}");
        assert_eq!(doc.turns.len(), 2, "{name}");
        assert_eq!(
            (doc.turns[0].text.as_str(), doc.turns[1].text.as_str()),
            (first, last)
        );
        assert!(doc.diagnostics.is_empty(), "{name}: {:?}", doc.diagnostics);
    }
}

#[test]
fn whisper_tsv_rows_are_anonymous_turns() {
    let doc = fixture("whisper-tsv", "header.tsv");
    let got: Vec<_> = doc
        .turns
        .iter()
        .map(|t| {
            (
                t.speaker_label.as_str(),
                t.start.unwrap().millis(),
                t.end.unwrap().millis(),
                t.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("", 0, 2000, "Hola, bon dia, com et dius?"),
            ("", 2000, 4000, "Hola, bon dia, em dic Carme."),
            ("", 4000, 6000, "D'on ets, Carme?"),
        ]
    );
    assert_eq!(
        fixture("whisper-tsv", "headerless.tsv").format,
        Some(FormatId::WhisperTsv)
    );
}
