//! Numbered sentence lists: a transcript cut into sentences, one a row,
//! with nothing else (what the SPS board-meeting tools write beside a
//! WhisperX run, `*.sentences.tsv`).
//!
//! ```text
//! 0→All right, the meeting will come to order.
//! 1→We will start with the first action item.
//! ```
//!
//! (`→` is a tab.)
//!
//! A row is the sentence's number, a tab, and the sentence. The rows say
//! neither who spoke nor when, so each is an untimed turn of its own
//! (anonymous: nothing says two sentences are one person's). The file is
//! claimed only when its first rows (up to 100) all have that shape and
//! their numbers count up by one from 0 or 1, because a table of numbers
//! and names (`1→Ann`) is no transcript: a sentence has a space in it. A
//! row further down that is not `number<TAB>text` is kept as its own turn
//! and reported ([`Code::CueMalformed`]).

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};
use crate::model::{Code, Diagnostic};

pub struct Sentences;

/// `number<TAB>text`, the number and the text.
fn row(line: &str) -> Option<(u64, &str)> {
    let (n, text) = line.split_once('\t')?;
    let n = (!n.is_empty() && n.len() <= 12 && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| n.parse().ok())??;
    Some((n, text.trim()))
}

impl Format for Sentences {
    fn id(&self) -> FormatId {
        FormatId::Sentences
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tsv"]
    }

    /// Likely when the first non-blank lines (at least three, at most 100)
    /// are all rows numbered from 0 or 1 up by one, and most of their
    /// texts have a space (sentences, not names).
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let mut expected = None;
        let (mut rows, mut spaced) = (0, 0);
        for line in lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .take(100)
        {
            let Some((n, text)) = row(line) else {
                return Confidence::NO;
            };
            match expected {
                None if n <= 1 => {}
                Some(e) if n == e => {}
                _ => return Confidence::NO,
            }
            expected = Some(n + 1);
            rows += 1;
            spaced += usize::from(text.contains(' '));
        }
        if rows >= 3 && spaced * 2 > rows {
            Confidence::LIKELY
        } else {
            Confidence::NO
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let mut diagnostics = Vec::new();
        let mut pieces = Vec::new();
        for (i, line) in src.lines.iter().enumerate() {
            // Spaces around the row go, but not the tab of an empty sentence.
            let line = line.trim_matches(' ');
            if line.trim().is_empty() {
                continue;
            }
            let lineno = src.line_no(i);
            let text = match row(line) {
                Some((_, text)) => text,
                None => {
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::CueMalformed,
                            "not a numbered sentence (`number<TAB>text`); kept as a turn of its own",
                        )
                        .at(lineno),
                    );
                    line
                }
            };
            if text.is_empty() {
                continue;
            }
            pieces.push(Cue {
                line: lineno,
                last_line: lineno,
                start: None,
                end: None,
                voice: Voice::Anonymous,
                text: text.to_string(),
            });
        }
        Parsed {
            turns: cues::merge(pieces),
            diagnostics,
            ..Parsed::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn lines(t: &str) -> Vec<&str> {
        crate::text::lines(t)
    }

    #[test]
    fn numbered_sentences_and_what_is_not() {
        let s = |t: &str| Sentences.sniff(&lines(t));
        let good = "0\tAll right, we start.\n1\tFirst item.\n2\tSecond one here.\n";
        assert_eq!(s(good), Confidence::LIKELY);
        assert_eq!(
            s("1\tOne here.\n2\tTwo here.\n3\tThree here.\n"),
            Confidence::LIKELY
        );
        assert_eq!(s("0\tA b.\n2\tC d.\n3\tE f.\n"), Confidence::NO, "a gap");
        assert_eq!(s("1\tAnn\n2\tBo\n3\tCy\n"), Confidence::NO, "names");
        assert_eq!(s("0\tA b.\n1\tC d.\n"), Confidence::NO, "too few");
        assert_eq!(s("start\tend\ttext\n0\t10\tx\n"), Confidence::NO);
        assert_eq!(
            s("0\t2000\thi there\n2000\t4000\tyo there\n"),
            Confidence::NO
        );
        let p = Sentences.parse(
            Source::new(&lines("0\tAll right.\n1\tNext item.\nstray line\n2\t\n")),
            &Ctx::new(&NoNames),
        );
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.line.0, t.label.as_str(), t.text.as_str(), t.start))
            .collect();
        assert_eq!(
            got,
            [
                (1, "", "All right.", None),
                (2, "", "Next item.", None),
                (3, "", "stray line", None),
            ]
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].line.map(|l| l.0), Some(3));
    }
}
