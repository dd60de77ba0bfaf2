//! A transcript copied from Zoom's web page (the recording's transcript
//! panel), as pasted into notes.
//!
//! ```text
//! 11:03
//! So it is a few past the hour on my…
//! clock, let us get started.
//! Ann Lee
//! Ann Lee
//! 00:12:15
//! Thanks. Can everyone see my screen?
//! ```
//!
//! # Segments
//!
//! The page shows each segment as the speaker's name (twice: once as the
//! avatar's caption, once as the heading), the time in the recording, and
//! the text. So a segment starts at three lines: a name, the same name
//! again (compared trimmed), and a clock time (`00:12:15`, or `75:30`
//! without hours, read by [`clock::parse`]). A clock time alone on a line
//! that does not follow such a pair starts a segment by nobody known:
//! the page shows no name when Zoom could not tell the speaker, which is
//! how a copy that begins mid-meeting starts (`11:03`, eleven minutes in).
//! Every other non-blank line is text of the segment before it, the lines
//! joined with a space (Zoom breaks lines inside sentences).
//!
//! A name pair followed by a line of digits and colons that is not a clock
//! time (`00:61:00`) still starts a segment, without a start, reported
//! (`timestamp-malformed`). Text before the first segment is kept as a
//! turn without speaker (`text-before-first-timestamp`); a segment with
//! no text makes no turn (`cue-malformed`).
//!
//! # Turns
//!
//! Consecutive segments by the same name are one turn ([`cues::merge`]);
//! segments by nobody known are turns of their own. A turn starts at its
//! first segment's time and ends where the next turn starts
//! ([`timing::ends_from_next_starts`]): the page gives no ends.
//!
//! Two identical lines of text followed by a clock time would be read as
//! a segment's start: the copy has nothing else that marks one.

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source, clock, timing};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

pub struct ZoomCopy;

/// Digits and colons, with at least one colon: a clock time, or what is
/// meant to be one.
fn is_clock_like(t: &str) -> bool {
    (3..=12).contains(&t.len())
        && t.contains(':')
        && t.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// What starts a segment at line `i`, and how many lines it takes.
#[derive(Debug, PartialEq, Eq)]
enum Start<'a> {
    /// A name, the same name, a clock-like line.
    Named(&'a str, &'a str),
    /// A clock time alone.
    Anonymous(&'a str),
}

fn segment_start<'a>(lines: &[&'a str], i: usize) -> Option<(Start<'a>, usize)> {
    let t = lines[i].trim();
    if t.is_empty() {
        return None;
    }
    if is_clock_like(t) {
        return clock::parse(t).map(|_| (Start::Anonymous(t), 1));
    }
    let same = lines.get(i + 1).is_some_and(|n| n.trim() == t);
    let time = lines
        .get(i + 2)
        .map(|l| l.trim())
        .filter(|l| is_clock_like(l));
    match time {
        Some(time) if same => Some((Start::Named(t, time), 3)),
        _ => None,
    }
}

impl Format for ZoomCopy {
    fn id(&self) -> FormatId {
        FormatId::ZoomCopy
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    /// Reads the first 300 lines. When the text starts with a segment
    /// (a name pair and a time, or a time alone): 80 with at least two name
    /// pairs before a time, a pattern nothing else has, likely with one (a
    /// copy of one segment). When it starts with something else: likely
    /// with two pairs, so that a note with a heading and a copy pasted in
    /// it stays a note (its container asks about the block); weak with one.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let lines = &lines[..lines.len().min(300)];
        let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
            return Confidence::NO;
        };
        let starts = segment_start(lines, first).is_some();
        let mut pairs = 0;
        let mut i = first;
        while i < lines.len() {
            match segment_start(lines, i) {
                Some((Start::Named(..), taken)) => {
                    pairs += 1;
                    i += taken;
                }
                _ => i += 1,
            }
        }
        match (starts, pairs) {
            (_, 0) => Confidence::NO,
            (true, 1) => Confidence::LIKELY,
            (true, _) => Confidence(80),
            (false, 1) => Confidence::WEAK,
            (false, _) => Confidence::LIKELY,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let lines = src.lines;
        let mut out = Parsed::default();
        let mut segments: Vec<Cue> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            if let Some((start, taken)) = segment_start(lines, i) {
                let (voice, time) = match start {
                    Start::Named(name, time) => (Voice::Named(name.to_string()), time),
                    Start::Anonymous(time) => (Voice::Anonymous, time),
                };
                let at = src.line_no(i + taken - 1);
                let start = clock::parse(time);
                if start.is_none() {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            Code::TimestampMalformed,
                            format!("segment time {time:?} is not a clock time; the segment has no start"),
                        )
                        .at(at),
                    );
                }
                close(&mut segments, &mut out);
                segments.push(cue(src.line_no(i), at, start, voice));
                i += taken;
                continue;
            }
            let t = lines[i].trim();
            if !t.is_empty() {
                if segments.is_empty() {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            Code::TextBeforeFirstTimestamp,
                            "transcript text before the first name and time; kept as a turn without speaker",
                        )
                        .at(src.line_no(i)),
                    );
                    segments.push(cue(src.line_no(i), src.line_no(i), None, Voice::Anonymous));
                }
                let last = segments.last_mut().expect("a segment is open");
                if !last.text.is_empty() {
                    last.text.push(' ');
                }
                last.text.push_str(t);
                last.last_line = src.line_no(i);
            }
            i += 1;
        }
        close(&mut segments, &mut out);
        let mut turns = cues::merge(segments);
        out.diagnostics
            .extend(timing::ends_from_next_starts(&mut turns));
        out.turns = turns;
        out
    }
}

fn cue(line: LineNo, last_line: LineNo, start: Option<Timestamp>, voice: Voice) -> Cue {
    Cue {
        line,
        last_line,
        start,
        end: None,
        voice,
        text: String::new(),
    }
}

/// Drops the last segment, reported, if it has no text.
fn close(segments: &mut Vec<Cue>, out: &mut Parsed) {
    if let Some(last) = segments.last()
        && last.text.is_empty()
    {
        out.diagnostics.push(
            Diagnostic::warning(
                Code::CueMalformed,
                "a segment with no text; no turn is made of it",
            )
            .at(last.line),
        );
        segments.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        ZoomCopy.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    /// Line, last line, start, end, cues, label, text.
    type Row<'a> = (u32, u32, Option<u64>, Option<u64>, u32, &'a str, &'a str);

    fn turns(p: &Parsed) -> Vec<Row<'_>> {
        p.turns
            .iter()
            .map(|t| {
                (
                    t.line.0,
                    t.last_line.0,
                    t.start.map(|s| s.millis()),
                    t.end.map(|s| s.millis()),
                    t.cues,
                    t.label.as_str(),
                    t.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn segments_merge_by_name() {
        let p = parse(
            "11:03\nAnd so, welcome\nfolks.\nAnn Lee\nAnn Lee\n00:12:15\nThanks.\n\nAnn Lee\nAnn Lee\n00:12:20\nMore.\nBo (Acme, Inc.)\nBo (Acme, Inc.)\n00:12:30\nYup.",
        );
        assert_eq!(
            turns(&p),
            [
                (
                    1,
                    3,
                    Some(663_000),
                    Some(735_000),
                    1,
                    "",
                    "And so, welcome folks."
                ),
                (
                    4,
                    12,
                    Some(735_000),
                    Some(750_000),
                    2,
                    "Ann Lee",
                    "Thanks. More."
                ),
                (13, 16, Some(750_000), None, 1, "Bo (Acme, Inc.)", "Yup."),
            ]
        );
        assert_eq!(p.diagnostics, []);
    }

    #[test]
    fn bad_segments_are_reported_and_their_text_kept() {
        let p = parse("Intro\nAnn\nAnn\n00:61:00\nHi.\nBo\nBo\n00:00:10\nCy\nCy\n00:00:05\nBye.");
        assert_eq!(
            turns(&p),
            [
                // Untimed turns end where the next timed one starts.
                (1, 1, None, Some(5_000), 1, "", "Intro"),
                (2, 5, None, Some(5_000), 1, "Ann", "Hi."),
                (9, 12, Some(5_000), None, 1, "Cy", "Bye."),
            ]
        );
        let got: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap().0, d.code))
            .collect();
        assert_eq!(
            got,
            [
                (1, Code::TextBeforeFirstTimestamp),
                (4, Code::TimestampMalformed),
                (6, Code::CueMalformed),
            ]
        );
    }

    #[test]
    fn sniff() {
        let s = |t: &str| ZoomCopy.sniff(&t.split('\n').collect::<Vec<_>>());
        assert_eq!(
            s("11:03\nHi.\nAnn\nAnn\n00:12:15\nX\nBo\nBo\n00:12:20\nY"),
            Confidence(80)
        );
        assert_eq!(s("Ann\nAnn\n00:12:15\nX"), Confidence::LIKELY);
        assert_eq!(s("Hi\nAnn\nAnn\n00:12:15\nX"), Confidence::WEAK);
        assert_eq!(
            s("# Notes\nAnn\nAnn\n00:12:15\nX\nBo\nBo\n00:12:20\nY"),
            Confidence::LIKELY
        );
        assert_eq!(s("Ann: hi\nBo: ho"), Confidence::NO);
    }
}
