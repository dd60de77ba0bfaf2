//! Turns of the formats where a header line names the speaker and the
//! time, and the lines after it, up to the next header, are what they said
//! (Otter's `Name  0:01`, Rev's `Name (00:05):`).
//!
//! Each header is a turn of its own (those tools start a new header at a
//! pause, even for the same speaker); its text is the rest of the header
//! line and the lines after it, joined with newlines, blank lines dropped.
//! Text before the first header is kept as an untimed turn without
//! speaker, and a header without any text is an empty turn; both are
//! reported, so nothing is lost or silent, as is a header whose time is
//! not a valid one (an untimed turn). Turns end where the next starts.

use crate::formats::timing::ends_from_next_starts;
use crate::formats::{Parsed, ParsedTurn};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

/// A header line, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    pub name: &'a str,
    /// `None` when the header holds no valid time.
    pub start: Option<Timestamp>,
    /// The text after the header on the same line.
    pub rest: &'a str,
}

/// The turns of `lines` (each with its file line, trimmed, blank lines and
/// lines that are not text already left out), `header` telling a header
/// line from text.
pub fn turns<'a>(
    lines: impl IntoIterator<Item = (LineNo, &'a str)>,
    header: impl Fn(&'a str) -> Option<Header<'a>>,
) -> Parsed {
    let mut turns: Vec<ParsedTurn> = Vec::new();
    let mut diagnostics = Vec::new();
    for (lineno, line) in lines {
        if let Some(h) = header(line) {
            if h.start.is_none() {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::TimestampMalformed,
                        "the time in this header is not a valid one; the turn has no start",
                    )
                    .at(lineno),
                );
            }
            turns.push(ParsedTurn {
                start: h.start,
                ..ParsedTurn::new(lineno, h.name, h.rest)
            });
            continue;
        }
        let Some(turn) = turns.last_mut() else {
            diagnostics.push(
                Diagnostic::warning(
                    Code::TextBeforeFirstTimestamp,
                    "text before the first speaker header; kept as an untimed turn without speaker",
                )
                .at(lineno),
            );
            turns.push(ParsedTurn::new(lineno, "", line));
            continue;
        };
        if !turn.text.is_empty() {
            turn.text.push('\n');
        }
        turn.text.push_str(line);
        turn.last_line = lineno;
    }
    for t in turns.iter().filter(|t| t.text.is_empty()) {
        diagnostics.push(
            Diagnostic::warning(
                Code::CueMalformed,
                format!("speaker header for {:?} with no text after it", t.label),
            )
            .at(t.line),
        );
    }
    diagnostics.extend(ends_from_next_starts(&mut turns));
    diagnostics.sort_by_key(|d| d.line);
    Parsed {
        turns,
        diagnostics,
        ..Parsed::default()
    }
}
