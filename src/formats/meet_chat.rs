//! Google Meet's chat, as copied from the side panel or pasted into a note.
//!
//! Two shapes are read. Copied one way, each message is a header with the
//! sender's name glued to the time of day, then the message:
//!
//! ```text
//! Ann Marie Lee11:17 AM
//! the build is green again
//! You11:02 AM
//! https://notes.example/agenda
//! ```
//!
//! Copied another way, the name and the time of day are lines of their own
//! (often indented by a space):
//!
//! ```text
//!  Bo Chen
//!  11:01 AM
//!  is this recorded?
//! ```
//!
//! A third shape in notes, `00:02:37.139,00:02:40.139` then `Name: text`,
//! is the chat a Meet recording saves, which is YouTube's SubViewer: the
//! `sbv` format reads it.
//!
//! # Headers
//!
//! The time of day is `h:mm`, with `AM` or `PM` after a space, a no-break
//! space or the narrow no-break space Meet writes (U+202F), or without
//! (24-hour clocks), hours below 13 with `AM`/`PM` and below 24 without.
//! A line is a glued header when it ends with a time of day that directly
//! follows a name: at most 100 characters, ending with a letter, a digit
//! or `)`, and without `://` (so that a link ending in `t=1:02` is not a
//! sender). A line is a name header when the next line is a time of day
//! alone, the line is not one itself, and it does not end like a sentence
//! (`?`, `!`, `.`, `,`, `:`). The first header decides the shape (glued
//! tried first), and only headers of that shape count after it, so that in
//! a chat of glued headers a message that is only a time (`11:30 AM`) does
//! not make the message before it a name header.
//!
//! # Turns
//!
//! Every header starts a chat turn: the label is the name as written
//! (`You` for the person who copied it), the text the lines up to the next
//! header, each trimmed, joined with `\n` (blank lines at the ends
//! dropped). Messages are not merged: each is an act of its own. When Meet
//! groups several messages under one header, they are one turn, because
//! nothing tells them from one message of several lines.
//!
//! The time of day is wall-clock time, not a time in the recording, which
//! is what a turn's start is, and nothing says when the recording began;
//! so turns have no start and no end, and the time of day is not kept in
//! the text (it is not a message).
//!
//! Text before the first header is kept as a turn without sender, and
//! reported; a header with no message after it makes no turn, and is
//! reported.

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, ParsedTurn, Source};
use crate::model::{Code, Diagnostic, TurnKind};

pub struct MeetChat;

/// The text before a time of day that ends `line`, if one does: `""` when
/// the line is only a time of day.
fn before_time_of_day(line: &str) -> Option<&str> {
    let t = line.trim();
    let (clock, meridiem) = match t
        .strip_suffix("AM")
        .or_else(|| t.strip_suffix("PM"))
        .or_else(|| t.strip_suffix("am"))
        .or_else(|| t.strip_suffix("pm"))
    {
        Some(c) => (
            c.strip_suffix([' ', '\u{a0}', '\u{202f}']).unwrap_or(c),
            true,
        ),
        None => (t, false),
    };
    let b = clock.as_bytes();
    let n = b.len();
    // `m:mm` at least, read from the end.
    if n < 4 || !b[n - 1].is_ascii_digit() || !b[n - 2].is_ascii_digit() || b[n - 3] != b':' {
        return None;
    }
    let minutes = u32::from(b[n - 2] - b'0') * 10 + u32::from(b[n - 1] - b'0');
    let max_hour = if meridiem { 12 } else { 23 };
    let digit = |i: usize| b[i].is_ascii_digit().then(|| u32::from(b[i] - b'0'));
    // Two hour digits when there are two, else one; a name may end with a
    // digit only before a two-digit hour (`user211:17`).
    let (hour, hour_len) = match (n >= 5).then(|| digit(n - 5)).flatten() {
        Some(tens) => (tens * 10 + digit(n - 4)?, 2),
        None => (digit(n - 4)?, 1),
    };
    let name = &clock[..n - 3 - hour_len];
    if hour > max_hour || (meridiem && hour == 0) || minutes >= 60 || name.ends_with(':') {
        return None;
    }
    Some(name)
}

/// The sender of a glued header (`Brent Baude11:22 AM`).
fn glued_header(line: &str) -> Option<&str> {
    let name = before_time_of_day(line)?;
    let last = name.chars().next_back()?;
    let ok = (last.is_alphanumeric() || last == ')')
        && name.chars().count() <= 100
        && !name.contains("://");
    ok.then_some(name.trim())
}

fn is_time_line(line: &str) -> bool {
    before_time_of_day(line) == Some("")
}

/// The sender of a name header: `line` followed by a time-of-day line.
fn name_header<'a>(line: &'a str, next: Option<&str>) -> Option<&'a str> {
    let name = line.trim();
    let ok = next.is_some_and(is_time_line)
        && !name.is_empty()
        && !is_time_line(name)
        && name.chars().count() <= 100
        && !name.ends_with(['?', '!', '.', ',', ':']);
    ok.then_some(name)
}

/// Which of the two shapes a chat is in: decided by its first header, and
/// kept for the whole chat, so that in a chat of glued headers a message
/// followed by a message that is only a time is not read as a name header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Glued,
    Lines,
}

/// A header of `shape` at line `i`: the sender and how many lines the
/// header takes.
fn header<'a>(lines: &[&'a str], i: usize, shape: Shape) -> Option<(&'a str, usize)> {
    match shape {
        Shape::Glued => glued_header(lines[i]).map(|name| (name, 1)),
        Shape::Lines => name_header(lines[i], lines.get(i + 1).copied()).map(|name| (name, 2)),
    }
}

/// The first header of either shape (glued tried first): its line and shape.
fn first_header(lines: &[&str]) -> Option<(usize, Shape)> {
    (0..lines.len()).find_map(|i| {
        [Shape::Glued, Shape::Lines]
            .into_iter()
            .find(|&shape| header(lines, i, shape).is_some())
            .map(|shape| (i, shape))
    })
}

impl Format for MeetChat {
    fn id(&self) -> FormatId {
        FormatId::MeetChat
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    /// Reads the first 300 lines. When the first non-blank line starts a
    /// header: 70 with at least two headers, likely with one (a chat of a
    /// single message). A chat that does not open with a header is at most
    /// weak: a glued time of day at the end of a line is not rare enough
    /// alone.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let lines = &lines[..lines.len().min(300)];
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let Some((at, shape)) = first_header(lines) else {
            return Confidence::NO;
        };
        let mut headers = 0;
        let mut i = at;
        while i < lines.len() {
            match header(lines, i, shape) {
                Some((_, taken)) => {
                    headers += 1;
                    i += taken;
                }
                None => i += 1,
            }
        }
        match (Some(at) == first, headers) {
            (true, 1) => Confidence::LIKELY,
            (true, _) => Confidence(70),
            (false, _) => Confidence::WEAK,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let lines = src.lines;
        let mut out = Parsed::default();
        let mut open: Option<Message<'_>> = None;
        let shape = first_header(lines).map_or(Shape::Glued, |(_, shape)| shape);
        let mut i = 0;
        while i < lines.len() {
            if let Some((name, taken)) = header(lines, i, shape) {
                if let Some(m) = open.take() {
                    m.finish(&src, &mut out);
                }
                open = Some(Message {
                    index: i,
                    sender: name,
                    lines: Vec::new(),
                });
                i += taken;
                continue;
            }
            let t = lines[i].trim();
            match &mut open {
                Some(m) => m.lines.push((i, t)),
                None if t.is_empty() => {}
                None => {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            Code::TextBeforeFirstTimestamp,
                            "chat text before the first sender and time of day; kept as a message without sender",
                        )
                        .at(src.line_no(i)),
                    );
                    open = Some(Message {
                        index: i,
                        sender: "",
                        lines: vec![(i, t)],
                    });
                }
            }
            i += 1;
        }
        if let Some(m) = open {
            m.finish(&src, &mut out);
        }
        out
    }
}

/// A message being read: where its header is, and its lines (trimmed).
struct Message<'a> {
    index: usize,
    sender: &'a str,
    lines: Vec<(usize, &'a str)>,
}

impl Message<'_> {
    fn finish(self, src: &Source<'_>, out: &mut Parsed) {
        let from = self.lines.iter().position(|(_, l)| !l.is_empty());
        let to = self.lines.iter().rposition(|(_, l)| !l.is_empty());
        let (Some(from), Some(to)) = (from, to) else {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::CueMalformed,
                    format!(
                        "a chat header for {:?} with no message after it; no turn is made of it",
                        self.sender
                    ),
                )
                .at(src.line_no(self.index)),
            );
            return;
        };
        let body = &self.lines[from..=to];
        let text: Vec<&str> = body.iter().map(|&(_, l)| l).collect();
        out.turns.push(ParsedTurn {
            last_line: src.line_no(body[body.len() - 1].0),
            kind: TurnKind::Chat,
            ..ParsedTurn::new(src.line_no(self.index), self.sender, text.join("\n"))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        MeetChat.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    fn turns(p: &Parsed) -> Vec<(u32, u32, &str, &str)> {
        p.turns
            .iter()
            .map(|t| (t.line.0, t.last_line.0, t.label.as_str(), t.text.as_str()))
            .collect()
    }

    #[test]
    fn times_of_day() {
        let b = before_time_of_day;
        assert_eq!(b("You11:02\u{202f}AM"), Some("You"));
        assert_eq!(b("Zoë F Åberg11:17 AM"), Some("Zoë F Åberg"));
        assert_eq!(b(" 11:01\u{202f}AM"), Some(""));
        assert_eq!(b("Ann9:05 pm"), Some("Ann"));
        assert_eq!(b("Ann23:59"), Some("Ann"));
        assert_eq!(b("user211:17 AM"), Some("user2"));
        for no in [
            "11:60 AM",
            "Ann 24:00",
            "Ann21:05 PM",
            "0:00 AM",
            "x1:5",
            "AM",
            "11:02:03",
        ] {
            assert_eq!(b(no), None, "{no:?}");
        }
    }

    #[test]
    fn glued_headers() {
        let p = parse(
            "You11:02\u{202f}AM\nhttps://notes.example/x\nAnn Lee11:05\u{202f}AM\nfirst\n\nsecond\n11:30\u{202f}AM\nAnn Lee11:06 AM\n",
        );
        assert_eq!(
            turns(&p),
            [
                (1, 2, "You", "https://notes.example/x"),
                (3, 7, "Ann Lee", "first\n\nsecond\n11:30\u{202f}AM"),
            ]
        );
        assert!(
            p.turns
                .iter()
                .all(|t| t.kind == TurnKind::Chat && t.start.is_none())
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, Code::CueMalformed);
        assert_eq!(p.diagnostics[0].line.unwrap().0, 8);
    }

    #[test]
    fn name_headers() {
        let p = parse(
            " Bo C\n 11:01\u{202f}AM\n is this recorded?\n Ed S\n 11:10 AM\n yes\n see http://x.example/?t=1:02\n",
        );
        assert_eq!(
            turns(&p),
            [
                (1, 3, "Bo C", "is this recorded?"),
                (4, 7, "Ed S", "yes\nsee http://x.example/?t=1:02"),
            ]
        );
        assert_eq!(p.diagnostics, []);
    }

    #[test]
    fn text_before_the_first_header_is_kept_and_reported() {
        let p = parse("Chat\nAnn11:00\nhi");
        assert_eq!(turns(&p), [(1, 1, "", "Chat"), (2, 3, "Ann", "hi")]);
        assert_eq!(p.diagnostics[0].code, Code::TextBeforeFirstTimestamp);
    }

    #[test]
    fn sniff() {
        let s = |t: &str| MeetChat.sniff(&t.split('\n').collect::<Vec<_>>());
        assert_eq!(s("You11:02 AM\nhi\nAnn11:03 AM\nho"), Confidence(70));
        assert_eq!(s(" Ann\n 11:01 AM\n hi"), Confidence::LIKELY);
        assert_eq!(s("Notes\nYou11:02 AM\nhi"), Confidence::WEAK);
        assert_eq!(
            s("11:03\nAnd so, welcome.\nAnn\nAnn\n00:12:15\nThanks."),
            Confidence::NO
        );
        assert_eq!(s(""), Confidence::NO);
    }
}
