//! Whisper's TSV output (`--output_format tsv`, also whisper-ctranslate2).
//!
//! ```text
//! start→end→text
//! 0→2000→Hola, bon dia, com et dius?
//! 2000→4000→Hola, bon dia, em dic Carme.
//! ```
//!
//! (`→` is a tab.)
//!
//! A header `start<TAB>end<TAB>text`, then one segment a row: start and
//! end in whole milliseconds, the text after the second tab (Whisper has
//! already replaced tabs inside it with spaces, so any later tab is text,
//! a space in the turn). The rows name no speaker, even when the same run's SRT and
//! JSON do: each row is a turn of its own ([`Voice::Anonymous`]), because
//! nothing says that two rows are one person's, and merging them would
//! make one turn of the whole recording.
//!
//! A row that does not read so is kept and reported
//! ([`Code::CueMalformed`]): with two tabs, its text with whichever time
//! reads; with fewer, the whole line as an untimed turn. A row with no
//! text makes no turn; one that ends before it starts keeps its start
//! only. A header repeated further down (files joined together) is
//! skipped.
//!
//! Not Whisper TSV: files of `index<TAB>text` rows (sentence lists such as
//! the SPS board-meeting `*.sentences.tsv`), which have no times and no
//! speakers; those are [`crate::formats::sentences`]'s.

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source, timing};
use crate::model::{Code, Diagnostic, Timestamp};

pub struct WhisperTsv;

const HEADER: &str = "start\tend\ttext";

impl Format for WhisperTsv {
    fn id(&self) -> FormatId {
        FormatId::WhisperTsv
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tsv"]
    }

    /// Sure when the first non-blank line is Whisper's header; likely
    /// without it when the first three non-blank lines (or all, if fewer)
    /// are rows of two millisecond counts and a text.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let first: Vec<&str> = lines
            .iter()
            .take(100)
            .map(|l| trim(l))
            .filter(|l| !l.is_empty())
            .take(3)
            .collect();
        match first.first() {
            None => Confidence::NO,
            Some(&l) if l == HEADER => Confidence::SURE,
            Some(_) if first.iter().all(|l| matches!(row(l), Row::Segment { .. })) => {
                Confidence::LIKELY
            }
            Some(_) => Confidence::NO,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let mut diagnostics = Vec::new();
        let mut pieces = Vec::new();
        for (i, line) in src.lines.iter().enumerate() {
            let line = trim(line);
            if line.is_empty() || line == HEADER {
                continue;
            }
            let lineno = src.line_no(i);
            let warn =
                |message: String| Diagnostic::warning(Code::CueMalformed, message).at(lineno);
            let (start, mut end, text) = match row(line) {
                Row::Segment { start, end, text } => (Some(start), Some(end), text),
                Row::Malformed {
                    start,
                    end,
                    text,
                    problem,
                } => {
                    diagnostics.push(warn(format!(
                        "cannot read this row as start<TAB>end<TAB>text: {problem}; its text is kept{}",
                        if start.is_some() { " with its start only" } else { " without times" }
                    )));
                    // An end alone says nothing about when the row was said.
                    (start, end.filter(|_| start.is_some()), text)
                }
            };
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                diagnostics.push(warn(format!(
                    "this row ends at {}s, before it starts at {}s; its end is dropped",
                    e.seconds_string(),
                    s.seconds_string()
                )));
                end = None;
            }
            if text.is_empty() {
                diagnostics.push(warn("this row has no text; it makes no turn".to_string()));
                continue;
            }
            pieces.push(Cue {
                line: lineno,
                last_line: lineno,
                start,
                end,
                voice: Voice::Anonymous,
                // A tab Whisper left in the text is a space in the turn.
                text: text.replace('\t', " "),
            });
        }
        let turns = cues::merge(pieces);
        diagnostics.extend(timing::backwards(&turns));
        diagnostics.sort_by_key(|d| d.line);
        Parsed {
            turns,
            diagnostics,
            ..Parsed::default()
        }
    }
}

/// A line without the spaces at its ends or a stray byte-order mark; tabs
/// stay, since a row with an empty text ends in one.
fn trim(line: &str) -> &str {
    line.trim_matches(|c: char| (c.is_whitespace() && c != '\t') || c == '\u{FEFF}')
}

/// What a (trimmed, non-blank) line of the file is.
#[derive(Debug, PartialEq, Eq)]
enum Row<'a> {
    Segment {
        start: Timestamp,
        end: Timestamp,
        text: &'a str,
    },
    /// Not two millisecond counts and a text; what reads is kept.
    Malformed {
        start: Option<Timestamp>,
        end: Option<Timestamp>,
        text: &'a str,
        problem: String,
    },
}

fn row(line: &str) -> Row<'_> {
    let mut fields = line.splitn(3, '\t');
    let (Some(a), Some(b)) = (fields.next(), fields.next()) else {
        return Row::Malformed {
            start: None,
            end: None,
            text: line.trim(),
            problem: "it has no tabs".to_string(),
        };
    };
    let text = fields.next().unwrap_or("").trim();
    let problem = match (millis(a), millis(b)) {
        (Some(start), Some(end)) => return Row::Segment { start, end, text },
        (None, Some(_)) => format!("the start {a:?} is not a whole number of milliseconds"),
        (Some(_), None) => format!("the end {b:?} is not a whole number of milliseconds"),
        (None, None) => format!("neither {a:?} nor {b:?} is a whole number of milliseconds"),
    };
    Row::Malformed {
        start: millis(a),
        end: millis(b),
        text,
        problem,
    }
}

fn millis(field: &str) -> Option<Timestamp> {
    let f = field.trim();
    (!f.is_empty() && f.len() <= 15 && f.bytes().all(|b| b.is_ascii_digit()))
        .then(|| f.parse().ok().map(Timestamp))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;
    use crate::model::LineNo;

    fn parse(text: &str) -> Parsed {
        let lines = crate::text::lines(text);
        WhisperTsv.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    #[test]
    fn sniff_the_header_or_rows() {
        let s = |t: &str| WhisperTsv.sniff(&crate::text::lines(t));
        assert_eq!(s("start\tend\ttext\n0\t10\thi\n"), Confidence::SURE);
        assert_eq!(s("\n0\t2000\thi\n2000\t4000\tyo\n"), Confidence::LIKELY);
        assert_eq!(s("0\t2000\thi\nnot a row\n"), Confidence::NO);
        // index<TAB>text sentence lists are not Whisper's.
        assert_eq!(s("0\tAll right.\n1\tWe will go ahead.\n"), Confidence::NO);
        assert_eq!(s("start,end,text\n0,1,x\n"), Confidence::NO);
        assert_eq!(s(""), Confidence::NO);
    }

    #[test]
    fn each_row_is_an_anonymous_turn() {
        let p = parse("start\tend\ttext\n0\t2000\tHola, bon dia.\n2000\t4000\tHola.\n");
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.end.map(|e| e.millis()),
                    t.line.0,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("", "Hola, bon dia.", Some(0), Some(2000), 2),
                ("", "Hola.", Some(2000), Some(4000), 3),
            ]
        );
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn malformed_rows_keep_their_text() {
        let p = parse(
            "start\tend\ttext\n1x\t2000\tbad start\n3000\t?\tbad end\nno tabs at all\n5000\t6000\t\n7000\t6500\tbackwards\n8000\t9000\n",
        );
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.end.map(|e| e.millis()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("bad start", None, None),
                ("bad end", Some(3000), None),
                ("no tabs at all", None, None),
                ("backwards", Some(7000), None),
            ]
        );
        let lines: Vec<_> = p.diagnostics.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(
            lines,
            [
                LineNo(2),
                LineNo(3),
                LineNo(4),
                LineNo(5),
                LineNo(6),
                LineNo(7)
            ]
        );
        assert!(p.diagnostics.iter().all(|d| d.code == Code::CueMalformed));
    }
}
