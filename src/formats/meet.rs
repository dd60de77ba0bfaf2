//! Google Meet's transcript, as the Google Doc it saves reads when copied
//! or downloaded as text.
//!
//! ```text
//! abc-defg-hij (2023-04-20 17:03 GMT+2) - Transcript
//! Attendees
//! Ann Lee, Bo Chen, Cy Diaz
//! Transcript
//! This editable transcript was computer generated and might contain errors. …
//! Ann Lee: Welcome everybody.
//! Bo Chen: Thanks.
//! 00:05:00
//! Bo Chen:  So, the release.
//! Meeting ended after 00:56:50 👋
//! ```
//!
//! # Metadata
//!
//! The lines before the first speaker are the document's head: the title
//! line `<meeting code or name> (YYYY-MM-DD HH:MM GMT±N) - Transcript`
//! (also with `–` or `—`) gives [`Meta::title`] (the whole line) and
//! [`Meta::date`]; `Attendees` is followed by one line of names separated
//! by commas, the [`Meta::participants`] (as written, even
//! `Ann Lee's Presentation`, which is a screen share); `Transcript`
//! opens the transcript. Anywhere in the document, Google's notice (`This
//! editable transcript was computer generated…`, which some copies put at
//! the end), the footer `Meeting ended after 00:56:50 👋` and the marks
//! (`00:05:00` alone on a line) are metadata, not turns. A document that
//! says only `Not Captured` had no transcript: no turns, and an info
//! diagnostic saying so.
//!
//! # Turns
//!
//! Every line of speech is `Name: text`; a line that starts with white
//! space continues the turn before it, as does a line without a speaker
//! label. Consecutive lines by the same speaker are one turn (Meet starts
//! a new line every few sentences, and marks fall inside monologues), its
//! `cues` counting the lines, their texts joined with a space.
//!
//! The marks are not turn times: Meet writes one every five minutes of the
//! recording, between lines, and nothing says when the lines around one
//! were said. Rather than invent times, every turn has neither start nor
//! end; the marks are dropped.
//!
//! # Speaker labels
//!
//! The label is what comes before the first `: `, kept as written. Meet
//! puts one on every line, so a colon in a line's text is rarely a
//! question; still, `Note: this` must not become a speaker. A prefix is a
//! label when it is short (at most 64 characters and 6 words, no `?`, `!`,
//! `;`, quotes or `://`) and either names an attendee, or starts at least
//! two lines. Without a list of attendees (a transcript cut out without
//! its head), a prefix that looks like a name (every word starts with a
//! capital, but for the particles of names such as `van` or `de`) is a
//! label too. Anything else is text of the turn before it. Text before the first
//! speaker is a turn without one, and is reported.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::{Confidence, Ctx, Format, FormatId, Meta, Parsed, Source};
use crate::model::{Code, Diagnostic};

pub struct Meet;

/// `<code> (2023-04-20 17:03 GMT+2) - Transcript`; the date is group 1.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S.*\((\d{4}-\d{2}-\d{2})[^()]*\)\s*[-–—]\s*Transcript$").expect("valid regex")
});

const NOTICE: &str = "This editable transcript was computer generated";
const FOOTER: &str = "Meeting ended after ";
const NOT_CAPTURED: &str = "Not Captured";

/// Lines the whole document may have anywhere that are not speech: the
/// notice, the footer and the five-minute marks.
fn is_furniture(t: &str) -> bool {
    t.starts_with(NOTICE)
        || is_mark(t)
        || t.strip_prefix(FOOTER)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// `00:05:00` alone on a line (trimmed).
fn is_mark(t: &str) -> bool {
    let mut parts = t.split(':');
    let ok = |p: Option<&str>, len: std::ops::RangeInclusive<usize>| {
        p.is_some_and(|p| len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    ok(parts.next(), 1..=2)
        && ok(parts.next(), 2..=2)
        && ok(parts.next(), 2..=2)
        && parts.next().is_none()
}

/// The label and text of a `Name: text` line, if its prefix is shaped
/// like a label (see the module doc); whether it is one depends on the
/// rest of the document.
fn split_label(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, text) = match line.split_once(": ") {
        Some(split) => split,
        None => (line.strip_suffix(':')?, ""),
    };
    let shaped = !name.is_empty()
        && name.chars().count() <= 64
        && name.split_whitespace().count() <= 6
        && !name.contains("://")
        && !name
            .chars()
            .any(|c| matches!(c, '?' | '!' | ';' | '"' | '“' | '”' | ':'));
    shaped.then(|| (name.trim_end(), text.trim()))
}

/// Words that start with a small letter in names (`Ed van der Berg`).
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "da", "di", "do", "dos", "du", "la", "le",
    "bin", "al", "y", "e", "of", "and",
];

fn looks_like_a_name(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
            || PARTICLES.contains(&w)
    })
}

/// The document's head: the lines before the transcript proper.
#[derive(Debug, Default)]
struct Head {
    meta: Meta,
    /// Index of the first line after the head.
    end: usize,
}

/// Reads the title, attendees, `Transcript` line and notice at the top;
/// stops at the first line that is none of them.
fn head(lines: &[&str]) -> Head {
    let mut h = Head::default();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() || t == "Transcript" || t.starts_with(NOTICE) {
        } else if let Some(c) = TITLE.captures(t).filter(|_| h.meta.title.is_none()) {
            h.meta.title = Some(t.to_string());
            h.meta.date = c.get(1).map(|d| d.as_str().to_string());
        } else if t == "Attendees" {
            // The names are on the next non-blank line, unless there are none.
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            if let Some(j) = next.filter(|&j| lines[j].trim() != "Transcript") {
                for name in lines[j].split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if !h.meta.participants.iter().any(|p| p == name) {
                        h.meta.participants.push(name.to_string());
                    }
                }
                i = j;
            }
        } else {
            break;
        }
        i += 1;
    }
    h.end = i;
    h
}

impl Format for Meet {
    fn id(&self) -> FormatId {
        FormatId::Meet
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    /// Among the first 100 non-blank lines: sure on the title line as the
    /// first line, followed within three lines by `Attendees`; 75 on the
    /// title alone; 70 when the text starts with a `Name: text` line or a
    /// mark, and at least two `Name: text` lines make at least half of the
    /// lines that are not marks, with at least one mark and two such
    /// lines a mark, every mark on a whole minute (Meet's marks come every
    /// five minutes; a time on every line is another dialogue); likely when the only line is `Not Captured`, which is how
    /// notes paste a Meet transcript that was never made. A title among
    /// the first five lines but not the first, or `Name: text` lines and
    /// marks after other text, are only likely: a note with a heading above
    /// a pasted transcript stays a note, and its container asks about the
    /// transcript's block.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        // The first 100 non-blank lines, at most 512 bytes of each: a
        // one-line JSON file is not read whole.
        let head: Vec<&str> = crate::formats::dialogue::sniff_window(lines)
            .into_iter()
            .map(str::trim)
            .collect();
        if head == [NOT_CAPTURED] {
            return Confidence::LIKELY;
        }
        if let Some(at) = head.iter().take(5).position(|l| TITLE.is_match(l)) {
            let attendees = head.iter().skip(at + 1).take(3).any(|l| *l == "Attendees");
            return match (at, attendees) {
                (0, true) => Confidence::SURE,
                (0, false) => Confidence(75),
                _ => Confidence::LIKELY,
            };
        }
        // Meet's marks fall on whole minutes, every five of them, between
        // many lines: a time on every other line is some other dialogue.
        let marks = head.iter().filter(|l| is_mark(l)).count();
        if head.iter().any(|l| is_mark(l) && !l.ends_with(":00")) {
            return Confidence::NO;
        }
        let labelled = head.iter().filter(|l| split_label(l).is_some()).count();
        let starts = head
            .first()
            .is_some_and(|l| is_mark(l) || split_label(l).is_some());
        match marks >= 1
            && labelled >= 2
            && labelled >= 2 * marks
            && labelled * 2 >= head.len() - marks
        {
            true if starts => Confidence(70),
            true => Confidence::LIKELY,
            false => Confidence::NO,
        }
    }

    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed {
        let lines = src.lines;
        let Head { meta, end } = head(lines);
        let mut out = Parsed {
            meta,
            ..Parsed::default()
        };
        let mut body = (end..lines.len()).filter(|&i| !lines[i].trim().is_empty());
        if let Some(only) = body.next()
            && body.next().is_none()
            && lines[only].trim() == NOT_CAPTURED
        {
            out.diagnostics.push(
                Diagnostic::info(
                    Code::TranscriptUnrecognised,
                    "the transcript says \"Not Captured\": Google Meet made no transcript of this meeting",
                )
                .at(src.line_no(only)),
            );
            return out;
        }

        // How often each label-shaped prefix starts a line: a prefix used
        // twice is a speaker, whatever it looks like.
        let mut uses: HashMap<&str, u32> = HashMap::new();
        for l in &lines[end..] {
            if let Some((name, _)) = split_label(l) {
                *uses.entry(name).or_default() += 1;
            }
        }
        let attendee = |name: &str| {
            out.meta
                .participants
                .iter()
                .chain(ctx.participants)
                .any(|p| p == name)
        };
        let listed = !out.meta.participants.is_empty() || !ctx.participants.is_empty();
        let is_label = |name: &str| {
            attendee(name)
                || uses.get(name).is_some_and(|&n| n >= 2)
                || (!listed && looks_like_a_name(name))
        };

        let mut pieces = Vec::new();
        let mut named_yet = false;
        for (i, line) in lines.iter().enumerate().skip(end) {
            let t = line.trim();
            if t.is_empty() || is_furniture(t) {
                continue;
            }
            let (voice, text) = match split_label(line).filter(|(name, _)| is_label(name)) {
                Some((name, text)) => {
                    named_yet = true;
                    (Voice::Named(name.to_string()), text)
                }
                None => {
                    if !named_yet {
                        out.diagnostics.push(
                            Diagnostic::warning(
                                Code::LabelUnknown,
                                "transcript text before the first `Name: text` line; kept as a turn without speaker",
                            )
                            .at(src.line_no(i)),
                        );
                    }
                    (Voice::Continues, t)
                }
            };
            pieces.push(Cue {
                line: src.line_no(i),
                last_line: src.line_no(i),
                start: None,
                end: None,
                voice,
                text: text.to_string(),
            });
        }
        out.turns = cues::merge(pieces);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        Meet.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    fn turns(p: &Parsed) -> Vec<(u32, u32, u32, &str, &str)> {
        p.turns
            .iter()
            .map(|t| {
                (
                    t.line.0,
                    t.last_line.0,
                    t.cues,
                    t.label.as_str(),
                    t.text.as_str(),
                )
            })
            .collect()
    }

    const DOC: &str = "abc-defg-hij (2023-04-20 17:03 GMT+2) - Transcript
Attendees
Ann Lee, Bo Chen, Ann Lee, jdoe
Transcript
This editable transcript was computer generated and might contain errors. People can also change the text after it was created.
Ann Lee: Welcome everybody.
Ann Lee:  We start with the release.
Bo Chen: Thanks.
00:05:00
Bo Chen: So the plan: ship it.
 and then rest.
jdoe: ok
Note: this is a note
Meeting ended after 00:56:50 👋";

    #[test]
    fn head_turns_and_furniture() {
        let p = parse(DOC);
        assert_eq!(
            p.meta.title.as_deref(),
            Some("abc-defg-hij (2023-04-20 17:03 GMT+2) - Transcript")
        );
        assert_eq!(p.meta.date.as_deref(), Some("2023-04-20"));
        assert_eq!(p.meta.participants, ["Ann Lee", "Bo Chen", "jdoe"]);
        assert_eq!(
            turns(&p),
            [
                (
                    6,
                    7,
                    2,
                    "Ann Lee",
                    "Welcome everybody. We start with the release."
                ),
                (
                    8,
                    11,
                    3,
                    "Bo Chen",
                    "Thanks. So the plan: ship it. and then rest."
                ),
                (12, 13, 2, "jdoe", "ok Note: this is a note"),
            ]
        );
        assert!(p.turns.iter().all(|t| t.start.is_none() && t.end.is_none()));
        assert_eq!(p.diagnostics, []);
    }

    #[test]
    fn labels_used_twice_are_speakers_and_text_before_any_is_reported() {
        let p = parse("stray words\nann: hi\nso the answer is: no\nann: yes\nDan: ok");
        assert_eq!(
            turns(&p),
            [
                (1, 1, 1, "", "stray words"),
                (2, 4, 3, "ann", "hi so the answer is: no yes"),
                (5, 5, 1, "Dan", "ok"),
            ]
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, Code::LabelUnknown);
        assert_eq!(p.diagnostics[0].line.unwrap().0, 1);
    }

    #[test]
    fn not_captured_has_no_turns() {
        let p = parse("\nNot Captured\n");
        assert_eq!(p.turns, []);
        assert_eq!(p.diagnostics[0].code, Code::TranscriptUnrecognised);
        assert_eq!(p.diagnostics[0].line.unwrap().0, 2);
    }

    #[test]
    fn sniff() {
        let s = |t: &str| Meet.sniff(&t.split('\n').collect::<Vec<_>>());
        assert_eq!(s(DOC), Confidence::SURE);
        assert_eq!(
            s("x (2024-09-03 11:02 GMT-4) – Transcript\nAnn: hi"),
            Confidence(75)
        );
        assert_eq!(s("Ann: hi\nBo: ho\n00:05:00\nAnn: so"), Confidence(70));
        // Times on every other line, or not on whole minutes: not Meet's marks.
        assert_eq!(s("00:00:05\nAnn: hi\n00:00:12\nBo: ho"), Confidence::NO);
        assert_eq!(
            s("00:01:00\nAnn: hi\n00:02:00\nBo: ho\n00:03:00"),
            Confidence::NO
        );
        assert_eq!(s("Ann: hi\nBo: ho\nAnn: so"), Confidence::NO);
        assert_eq!(
            s("# Sync\nAnn: hi\nBo: ho\n00:05:00\nAnn: so"),
            Confidence::LIKELY
        );
        let titled_note =
            "# Sync\nx (2024-09-03 11:02 GMT-4) - Transcript\nAttendees\nAnn\nAnn: hi";
        assert_eq!(s(titled_note), Confidence::LIKELY);
        assert_eq!(s("Not Captured"), Confidence::LIKELY);
        assert_eq!(s("Not Captured\nyet"), Confidence::NO);
    }
}
