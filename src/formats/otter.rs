//! Otter.ai's text export: a header line with the speaker and when they
//! start, then what they said, until the next header.
//!
//! ```text
//! Alice Chen  0:01
//! Right, let's start with the renewal. They came back asking for
//! a twelve percent increase.
//!
//! Unknown Speaker  1:02:03
//! Twelve?
//!
//! Transcribed by https://otter.ai
//! ```
//!
//! A header is a name-shaped label (the dialogue rule,
//! [`crate::formats::dialogue`]: `Alice Chen`, `Speaker 1`, `Unknown
//! Speaker`), at least two spaces or a tab, and a clock time (`m:ss`,
//! `mm:ss`, `h:mm:ss`) that ends the line. The lines after it, up to the
//! next header, are that turn's text, joined with newlines; blank lines
//! between them are dropped. A turn starts at its header's time and ends
//! where the next one starts. Each header is a turn of its own, even after
//! a header of the same speaker: Otter cuts paragraphs where the speech
//! pauses, and the file says so.
//!
//! The `Transcribed by https://otter.ai` footer is Otter's signature, not
//! speech, and is dropped. Text before the first header is kept as an
//! untimed turn without speaker, and reported; so is a header with no text
//! after it (kept as an empty turn, reported).
//!
//! Some tools copy the export with a constant clock in front of every line
//! (`0:00 Michael Kennedy  00:00`, then `0:00 Hello, and welcome`): a time
//! that is the same on every non-blank line says nothing about when, and
//! is stripped before anything else is read
//! ([`crate::formats::dialogue`]'s constant-prefix rule).
//!
//! Sniffing looks at the first 100 non-blank lines: the footer with a
//! header is sure; two headers that are at least a fifth of the lines are
//! likely (80, above a Markdown heading's claim, below a frontmatter's).

use crate::formats::dialogue::{constant_clock_prefix, name_shaped, sniff_window, strip_prefix};
use crate::formats::paragraphs::{self, Header};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source, clock};
use crate::model::Timestamp;

pub struct Otter;

/// `Name  0:01`: the speaker and the start, if `line` (trimmed) is a header.
pub fn header(line: &str) -> Option<(&str, Timestamp)> {
    let (at, ws) = line.char_indices().rev().find(|(_, c)| c.is_whitespace())?;
    let time = &line[at + ws.len_utf8()..];
    let before = &line[..at + ws.len_utf8()];
    let gap = before.ends_with("  ") || before.ends_with('\t');
    let name = before.trim_end();
    if !gap || !is_clock(time) || !name_shaped(name) {
        return None;
    }
    Some((name, clock::parse(time)?))
}

/// `m:ss`, `mm:ss` or `h:mm:ss`, as Otter writes its header times.
fn is_clock(s: &str) -> bool {
    let mut parts = s.split(':');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(first)
        && first.len() <= 3
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|p| p.len() == 2 && digits(p))
}

/// Otter's footer: `Transcribed by https://otter.ai`.
pub fn is_footer(line: &str) -> bool {
    line.get(..14)
        .is_some_and(|p| p.eq_ignore_ascii_case("transcribed by"))
        && line.to_ascii_lowercase().contains("otter.ai")
}

impl Format for Otter {
    fn id(&self) -> FormatId {
        FormatId::Otter
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    fn sniff(&self, lines: &[&str]) -> Confidence {
        let window = sniff_window(lines);
        let prefix = constant_clock_prefix(&window);
        let (mut headers, mut footer) = (0, false);
        for raw in &window {
            let line = strip_prefix(raw, prefix);
            headers += usize::from(header(line).is_some());
            footer |= is_footer(line);
        }
        match headers {
            0 => Confidence::NO,
            _ if footer => Confidence::SURE,
            h if h >= 2 && h * 5 >= window.len() => Confidence(80),
            _ => Confidence::WEAK,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let prefix = constant_clock_prefix(src.lines);
        let lines = src.lines.iter().enumerate().filter_map(|(i, raw)| {
            let line = strip_prefix(raw, prefix);
            (!line.is_empty() && !is_footer(line)).then(|| (src.line_no(i), line))
        });
        paragraphs::turns(lines, |line| {
            header(line).map(|(name, start)| Header {
                name,
                start: Some(start),
                rest: "",
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;
    use crate::model::Code;
    use crate::model::LineNo;

    #[test]
    fn headers() {
        let h = |l| header(l).map(|(n, t)| (n, t.millis()));
        assert_eq!(h("Alice Chen  0:01"), Some(("Alice Chen", 1_000)));
        assert_eq!(h("Speaker 1  0:05"), Some(("Speaker 1", 5_000)));
        assert_eq!(
            h("Unknown Speaker  1:02:03"),
            Some(("Unknown Speaker", 3_723_000))
        );
        assert_eq!(
            h("Michael Kennedy\t53:39"),
            Some(("Michael Kennedy", 3_219_000))
        );
        assert_eq!(h("Alice Chen 0:01"), None, "one space is prose");
        assert_eq!(h("We met at  10:30"), None, "not name-shaped");
        assert_eq!(h("Alice Chen  0:1"), None);
        assert_eq!(h("Alice Chen  0:01:02.5"), None);
        assert_eq!(h("0:01"), None);
    }

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.lines().collect();
        Otter.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    #[test]
    fn paragraphs_are_turns_and_the_footer_is_dropped() {
        let p = parse(
            "Alice Chen  0:01\nRight, let's start.\na twelve percent increase.\n\nBob Ferreira  0:09\nTwelve?\n\nTranscribed by https://otter.ai\n",
        );
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.end.map(|s| s.millis()),
                    t.line.0,
                    t.last_line.0,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Alice Chen",
                    "Right, let's start.\na twelve percent increase.",
                    Some(1000),
                    Some(9000),
                    1,
                    3
                ),
                ("Bob Ferreira", "Twelve?", Some(9000), None, 5, 6),
            ]
        );
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn a_constant_prefix_on_every_line_is_stripped() {
        let p = parse("0:00 Ann Lee  00:00\n\n0:00 Hello.\n\n0:00 Bo  00:10\n0:00 Hi.\n");
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![("Ann Lee", "Hello.", Some(0)), ("Bo", "Hi.", Some(10_000))]
        );
    }

    #[test]
    fn text_before_the_first_header_and_empty_headers_are_reported() {
        let p = parse("Preamble.\nAnn  0:01\nBo  0:02\nHi.\n");
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.label.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(got, vec![("", "Preamble."), ("Ann", ""), ("Bo", "Hi.")]);
        let d: Vec<_> = p.diagnostics.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            d,
            vec![
                (Code::TextBeforeFirstTimestamp, Some(LineNo(1))),
                (Code::CueMalformed, Some(LineNo(2)))
            ]
        );
    }

    #[test]
    fn sniff() {
        let s = |t: &str| Otter.sniff(&t.lines().collect::<Vec<_>>());
        assert_eq!(s("Ann  0:01\nHi.\nBo  0:02\nYo.\n"), Confidence(80));
        assert_eq!(
            s("Ann  0:01\nHi.\nTranscribed by https://otter.ai\n"),
            Confidence::SURE
        );
        assert_eq!(s("Ann  0:01\nHi.\nmore\nmore\nmore\n"), Confidence::WEAK);
        assert_eq!(s("Ann: Hi.\nBo: Yo.\n"), Confidence::NO);
        assert!(is_footer("TRANSCRIBED BY https://otter.ai"));
        assert!(!is_footer("Transcribed by hand"));
        assert!(!is_footer("Trans"));
    }
}
