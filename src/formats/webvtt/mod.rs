//! WebVTT (`.vtt`): Zoom, Teams, YouTube, podcast and broadcast captions.
//!
//! ```text
//! WEBVTT
//!
//! 1
//! 00:04:04.470 --> 00:04:05.530
//! Ann Lee: Hello.
//!
//! 00:00:04.795 --> 00:00:10.595 align:start
//! <v Bo Chen>Shall we start?</v>
//! ```
//!
//! No WebVTT crate is lenient enough for what exporters write, so the
//! reading is ours, in three steps:
//!
//! 1. [`mod@read`]: the file's blocks, as the W3C parsing algorithm has them
//!    but lenient where real files break it (a missing or late signature,
//!    Teams' `0:0:0.570`, times without a fraction, a timing line that
//!    cannot be read, text without a timing line); see that module.
//! 2. [`cuetext`]: each payload line without its markup, cut where voice
//!    spans (`<v Name>`) begin and end.
//! 3. [`speakers`]: who speaks, by the conventions the file follows (voice
//!    spans, Zoom's `Name: text`, broadcast `>>` markers), and YouTube's
//!    rolling captions said once; then [`cues::merge`] makes the turns:
//!    consecutive cues of the same named speaker are one turn, a cue by
//!    nobody known is a turn of its own.
//!
//! Turns keep the cues' ends, and their file order even when cues overlap
//! or go back in time (a `timestamp-backwards` warning). Lines of a cue are
//! joined with a space and white space is collapsed. Labels are as the file
//! writes them; telling who `Speaker 1` is, is for analysis. A file with no
//! cue text gives no turns and says so (`transcript-unrecognised`).

pub mod cuetext;
pub mod read;
pub mod speakers;

use crate::formats::webvtt::read::timing;
use crate::formats::{Confidence, Ctx, Format, FormatId, Meta, Parsed, Source, cues, timing};
use crate::model::{Code, Diagnostic};

pub use read::{Vtt, VttCue, read};

pub struct WebVtt;

/// How many lines [`WebVtt::sniff`] looks at before its first non-blank one.
const SNIFF_LINES: usize = 100;

impl Format for WebVtt {
    fn id(&self) -> FormatId {
        FormatId::Webvtt
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["vtt"]
    }

    /// Sure when the first non-blank line (after a BOM) starts with
    /// `WEBVTT`. Without the signature, 60 (likely, above a note with a
    /// heading) when the first block is a cue whose timing line, first or
    /// after an identifier, reads and has a `.` before the fraction, as
    /// WebVTT writes it and SRT does not. The identifier must be one word.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let mut nonblank = lines
            .iter()
            .take(SNIFF_LINES)
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    l.trim_start_matches('\u{FEFF}')
                } else {
                    l
                }
            })
            .skip_while(|l| l.trim().is_empty());
        let Some(first) = nonblank.next() else {
            return Confidence::NO;
        };
        if first.trim_start().starts_with("WEBVTT") {
            return Confidence::SURE;
        }
        let vtt_timing = |l: &str| {
            timing(l).is_some() && l.split_once("-->").is_some_and(|(s, _)| s.contains('.'))
        };
        let second = nonblank.next().filter(|l| !l.trim().is_empty());
        // An identifier before the timing line is one word (`1`, a GUID),
        // so a note's `# Heading` before a timing line is not taken for one.
        let identifier = |l: &str| {
            let l = l.trim();
            !l.contains("-->") && !l.starts_with('#') && !l.contains(char::is_whitespace)
        };
        if vtt_timing(first) || (identifier(first) && second.is_some_and(vtt_timing)) {
            Confidence(60)
        } else {
            Confidence::NO
        }
    }

    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed {
        let vtt = read(src);
        let conventions = speakers::Conventions::learn(&vtt.cues);
        let turns = cues::turns(conventions.pieces(&vtt.cues), ctx.chat);
        let mut diagnostics = vtt.diagnostics;
        diagnostics.extend(timing::backwards(&turns));
        if turns.is_empty() {
            let why = if vtt.cues.is_empty() {
                "WebVTT file with no cues"
            } else {
                "WebVTT file whose cues have no text"
            };
            diagnostics.push(Diagnostic::warning(Code::TranscriptUnrecognised, why));
        }
        Parsed {
            meta: Meta {
                format: (!turns.is_empty()).then_some(FormatId::Webvtt),
                title: vtt.title,
                language: vtt.language,
                ..Meta::default()
            },
            turns,
            prose: Vec::new(),
            items: Vec::new(),
            diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{NoNames, ParsedTurn};

    fn sniff(text: &str) -> Confidence {
        let lines: Vec<&str> = text.split('\n').collect();
        WebVtt.sniff(&lines)
    }

    fn parse_at(text: &str, offset: usize) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        WebVtt.parse(
            Source {
                lines: &lines,
                offset,
            },
            &Ctx::new(&NoNames),
        )
    }

    /// Label, text, start and end in ms, cues.
    type Got = (String, String, Option<u64>, Option<u64>, u32);

    fn turns(text: &str) -> Vec<Got> {
        parse_at(text, 0)
            .turns
            .iter()
            .map(|t: &ParsedTurn| {
                (
                    t.label.clone(),
                    t.text.clone(),
                    t.start.map(|s| s.0),
                    t.end.map(|e| e.0),
                    t.cues,
                )
            })
            .collect()
    }

    fn t(label: &str, text: &str, s: u64, e: u64, cues: u32) -> Got {
        (label.into(), text.into(), Some(s), Some(e), cues)
    }

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff("WEBVTT\n\n00:00.000 --> 00:01.000\nx"),
            Confidence::SURE
        );
        assert_eq!(sniff("\u{FEFF}\n  WEBVTT - t\n"), Confidence::SURE);
        assert_eq!(sniff("00:00:01.000 --> 00:00:02.000\nx"), Confidence(60));
        assert_eq!(sniff("1\n00:00:01.000 --> 00:00:02.000\nx"), Confidence(60));
        assert_eq!(sniff("1\n00:00:01,000 --> 00:00:02,000\nx"), Confidence::NO);
        assert_eq!(
            sniff("# Notes\n00:00:01.000 --> 00:00:02.000"),
            Confidence::NO
        );
        assert_eq!(sniff("\n\n"), Confidence::NO);
    }

    #[test]
    fn voices_and_merging() {
        let got = turns(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>One\ntwo</v>\n\n00:00:02.000 --> 00:00:03.000\n<v Ann>three\n\n00:00:03.000 --> 00:00:04.000\n<v Bo>Hi</v> <v.loud Ann>four\n",
        );
        assert_eq!(
            got,
            [
                t("Ann", "One two three", 1000, 3000, 2),
                t("Bo", "Hi", 3000, 4000, 1),
                t("Ann", "four", 3000, 4000, 1),
            ]
        );
    }

    #[test]
    fn zoom_labels_need_a_consistent_file() {
        let zoom = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnn Lee: Hello.\n\n2\n00:00:02.000 --> 00:00:03.000\nAnn Lee: Again.\n\n3\n00:00:03.000 --> 00:00:04.000\nBo: Hi.\n";
        assert_eq!(
            turns(zoom),
            [
                t("Ann Lee", "Hello. Again.", 1000, 3000, 2),
                t("Bo", "Hi.", 3000, 4000, 1)
            ]
        );
        let captions = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWelcome back.\n\n00:00:02.000 --> 00:00:03.000\nNote: this is recorded.\n\n00:00:03.000 --> 00:00:04.000\nLet us start.\n";
        assert_eq!(
            turns(captions),
            [
                t("", "Welcome back.", 1000, 2000, 1),
                t("", "Note: this is recorded.", 2000, 3000, 1),
                t("", "Let us start.", 3000, 4000, 1)
            ]
        );
    }

    #[test]
    fn markers_change_speakers_mid_cue() {
        let got = turns(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nbefore any marker\n\n00:00:02.000 --> 00:00:03.000\n&gt;&gt; GOOD MORNING.\n\n00:00:03.000 --> 00:00:04.000\nSTILL ME.\n>> HELLO!>> HI\n",
        );
        assert_eq!(
            got,
            [
                t("", "before any marker", 1000, 2000, 1),
                t("", "GOOD MORNING. STILL ME.", 2000, 4000, 2),
                t("", "HELLO!", 3000, 4000, 1),
                t("", "HI", 3000, 4000, 1),
            ]
        );
    }

    #[test]
    fn rolling_captions_are_said_once() {
        let got = turns(
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nso the first\n\n00:00:02.000 --> 00:00:02.010\nso the first\n \n\n00:00:02.010 --> 00:00:04.000\nso the first\nthing we need\n\n00:00:04.000 --> 00:00:06.000\nthing we need\nis a plan\n",
        );
        assert_eq!(
            got,
            [
                t("", "so the first", 0, 2000, 1),
                t("", "thing we need", 2010, 4000, 1),
                t("", "is a plan", 4000, 6000, 1),
            ]
        );
    }

    #[test]
    fn a_block_of_a_note_counts_lines_from_the_file_top() {
        let p = parse_at(
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnn: Hi.\n\n00:00:0x --> 1\nBo: Lost times.\n",
            84,
        );
        let got: Vec<_> = p.turns.iter().map(|t| (t.line.0, t.last_line.0)).collect();
        assert_eq!(got, [(87, 89), (91, 92)]);
        assert_eq!(p.diagnostics[0].line.map(|l| l.0), Some(91));
    }

    #[test]
    fn no_cues_says_so() {
        let p = parse_at("WEBVTT\n", 0);
        assert!(p.turns.is_empty());
        assert_eq!(p.diagnostics[0].code, Code::TranscriptUnrecognised);
        assert_eq!(p.diagnostics[0].message, "WebVTT file with no cues");
    }
}
