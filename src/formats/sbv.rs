//! YouTube SubViewer (`.sbv`) captions.
//!
//! ```text
//! 0:00:00.000,0:00:02.000
//! >> Welcome back.
//!
//! 00:02:37.139,00:02:40.139
//! Ralph Bean: https://github.com/konflux-ci
//! ```
//!
//! A cue is a timing line, two clock times joined by a comma, then its
//! text lines up to a blank line. YouTube writes `H:MM:SS.mmm`; other tools
//! pad the hours (`00:02:37.139`, as the Google Meet chat saved in the
//! Podman meeting notes has it). There is no index line and no markup, so
//! the text is taken as written. What is malformed is read as SRT's is
//! ([`srt`]): a line of digits, colons, points and a comma that does not
//! read as two times starts a cue without times (reported); text after a
//! blank line without a timing line of its own stays with the cue before
//! it; a cue without text makes no turn.
//!
//! Speakers are read as in SRT, by `srt::voices`: a `Name:` label at the
//! start of a line when it is name-shaped and the file uses labels (each
//! chat author in a saved Meet chat, where every message starts with its
//! author), `NAME:` in capitals, `>>` and `- ` speaker changes. Caption
//! files are speech: consecutive cues of one speaker are one turn, its
//! `cues` counting them; but a chat saved this way, under a heading about
//! chat in a note, keeps every message a turn of its own.

use crate::formats::srt::{self, Grammar, Timing};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct Sbv;

impl Format for Sbv {
    fn id(&self) -> FormatId {
        FormatId::Sbv
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["sbv", "sub"]
    }

    /// By the first non-blank line: a timing line exactly as YouTube and
    /// Meet write it (`h:mm:ss.mmm,h:mm:ss.mmm`, one or two hour digits)
    /// is 70, above what a plain `Name: text` dialogue may claim of the
    /// text lines; another timing line that reads as two times, likely.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let first = lines
            .iter()
            .take(64)
            .map(|l| srt::trim(l))
            .find(|l| !l.is_empty());
        match first {
            Some(l) if strict(l) => Confidence(70),
            Some(l) if timing(l).is_some_and(|t| t.problem.is_none()) => Confidence::LIKELY,
            _ => Confidence::NO,
        }
    }

    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed {
        let mut diagnostics = Vec::new();
        let grammar = Grammar {
            timing,
            indexed: false,
            clean: |line, out| out.push(line.to_string()),
        };
        let raw = srt::read_cues(src, &grammar, &mut diagnostics);
        let turns = srt::turns(raw, ctx, &mut diagnostics);
        diagnostics.sort_by_key(|d| d.line);
        Parsed {
            turns,
            diagnostics,
            ..Parsed::default()
        }
    }
}

/// `h:mm:ss.mmm,h:mm:ss.mmm` with one or two hour digits, nothing else.
fn strict(line: &str) -> bool {
    let clock = |s: &str| {
        let b = s.as_bytes();
        let hours = b.len().checked_sub(10).filter(|h| (1..=2).contains(h));
        hours.is_some_and(|h| {
            b.iter().enumerate().all(|(i, &c)| match i.checked_sub(h) {
                None => c.is_ascii_digit(),
                Some(0 | 3) => c == b':',
                Some(6) => c == b'.',
                Some(_) => c.is_ascii_digit(),
            })
        })
    };
    line.split_once(',')
        .is_some_and(|(a, b)| clock(a) && clock(b))
}

/// A timing line, if `line` (trimmed) looks like one: at most 64 bytes,
/// it starts with a digit and has only digits, `:`, `.`, `,` and spaces, with at least one
/// `:` and one `,`. The comma between the times is the one where both
/// sides read; with none, the line is malformed.
fn timing(line: &str) -> Option<Timing> {
    // Two times and a comma are short; the bound keeps a long line of
    // digits and commas from being tried at every comma.
    let looks = line.len() <= 64
        && line.starts_with(|c: char| c.is_ascii_digit())
        && line.contains(':')
        && line.contains(',')
        && line
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b',' | b' '));
    if !looks {
        return None;
    }
    let mut first = None;
    for (i, _) in line.match_indices(',') {
        let t = Timing::of(line[..i].trim(), line[i + 1..].trim());
        if t.problem.is_none() {
            return Some(t);
        }
        first.get_or_insert(t);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;
    use crate::model::{Code, LineNo};

    fn parse(text: &str) -> Parsed {
        let lines = crate::text::lines(text);
        Sbv.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    #[test]
    fn timing_lines() {
        let t = |s| {
            timing(s).map(|t| {
                (
                    t.start.map(|s| s.millis()),
                    t.end.map(|e| e.millis()),
                    t.problem.is_none(),
                )
            })
        };
        assert_eq!(
            t("0:00:01.000,0:00:04.500"),
            Some((Some(1000), Some(4500), true))
        );
        assert_eq!(
            t("00:02:37.139, 00:02:40.139"),
            Some((Some(157_139), Some(160_139), true))
        );
        assert_eq!(
            t("0:00:01,000,0:00:02,000"),
            Some((Some(1000), Some(2000), true))
        );
        assert_eq!(t("0:00:0x.000,0:00:04.500"), None);
        assert_eq!(t("0:00:61.000,0:00:64.500"), Some((None, None, false)));
        assert_eq!(
            t("0:00:09.000,0:00:64.500"),
            Some((Some(9000), None, false))
        );
        assert_eq!(t("Ralph Bean: hi, there"), None);
        assert_eq!(t("10:30"), None);
    }

    #[test]
    fn sniff_by_the_first_line() {
        let s = |t: &str| Sbv.sniff(&crate::text::lines(t));
        assert_eq!(s("\n0:00:00.000,0:00:02.000\nhi\n"), Confidence(70));
        assert_eq!(
            s("00:02:37.139,00:02:40.139\nRalph Bean: x\n"),
            Confidence(70)
        );
        assert_eq!(s("0:00:00,000,0:00:02,000\nhi\n"), Confidence::LIKELY);
        assert_eq!(s("1\n00:00:01,000 --> 00:00:02,000\n"), Confidence::NO);
        assert_eq!(s("Ralph Bean: hi\n"), Confidence::NO);
        assert_eq!(s(""), Confidence::NO);
    }

    #[test]
    fn chat_authors_are_labels_and_one_authors_messages_merge() {
        let p = parse(
            "00:02:37.139,00:02:40.139\nRalph Bean: https://github.com/konflux-ci\n\n00:12:59.576,00:13:02.576\nRalph Bean: @Chris, look in the repo\n\n00:46:15.287,00:46:18.287\nNeil Smith: yes let's not\nsay it\n",
        );
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.end.map(|e| e.millis()),
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
                    "https://github.com/konflux-ci @Chris, look in the repo",
                    Some(157_139),
                    Some(782_576),
                    2,
                    1,
                    5
                ),
                (
                    "Neil Smith",
                    "yes let's not say it",
                    Some(2_775_287),
                    Some(2_778_287),
                    1,
                    7,
                    9
                ),
            ]
        );
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn a_broken_timing_line_keeps_its_text() {
        let p = parse("0:00:01.000,0:00:02.000\n>> hi\n\n0:00:61.000,0:00:64.500\n>> lost?\n");
        let got: Vec<_> = p.turns.iter().map(|t| (t.text.as_str(), t.start)).collect();
        assert_eq!(
            got,
            [("hi", Some(crate::model::Timestamp(1000))), ("lost?", None)]
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(
            (p.diagnostics[0].code, p.diagnostics[0].line),
            (Code::CueMalformed, Some(LineNo(4)))
        );
    }
}
