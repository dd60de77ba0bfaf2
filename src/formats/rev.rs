//! Rev's and Descript's text exports: the speaker, the start in
//! parentheses, a colon, then what they said.
//!
//! ```text
//! Speaker 1 (00:05):
//! Thanks for joining. Let's start.
//!
//! Ann Lee (01:02:03): Sure, on the same line too.
//! ```
//!
//! A header is a name-shaped label (the dialogue rule,
//! [`crate::formats::dialogue`]), then `(mm:ss)` or `(hh:mm:ss)` (a
//! fraction is accepted: `(00:05.5)`), then `:` and, on the same line,
//! the start of the text; without text after it, the colon may be missing
//! (`Ann Lee (00:05)`). The text after the header and the lines after it,
//! up to the next header, are the turn, joined with newlines; blank lines
//! are dropped. A turn starts at its header's time and ends where the next
//! one starts; each header is a turn of its own.
//!
//! Text before the first header is kept as an untimed turn without
//! speaker, and reported; so is a header with no text (an empty turn). A
//! header whose parenthesis is clock-shaped but not a valid time
//! (`(00:75)`) is reported and starts an untimed turn.
//!
//! Sniffing looks at the first 100 non-blank lines: two headers that are at
//! least a fifth of the lines are likely (80); one is weak.

use crate::formats::dialogue::{name_shaped, sniff_window};
use crate::formats::paragraphs::{self, Header};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source, clock};

pub struct Rev;

/// `Name (00:05): text`, if `line` (trimmed) starts with a header.
pub fn header(line: &str) -> Option<Header<'_>> {
    let open = line.find(" (")?;
    let name = line[..open].trim();
    let inside = &line[open + 2..];
    let close = inside.find(')')?;
    let time = &inside[..close];
    let after = &inside[close + 1..];
    let rest = match after.strip_prefix(':') {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => rest.trim(),
        Some(_) => return None,
        None if after.trim().is_empty() => "",
        None => return None,
    };
    if !clock_shaped(time) || !name_shaped(name) {
        return None;
    }
    Some(Header {
        name,
        start: clock::parse(time),
        rest,
    })
}

/// `mm:ss` or `hh:mm:ss` (one or two digits first), an optional fraction.
fn clock_shaped(s: &str) -> bool {
    let main = s.split(['.', ',']).next().unwrap_or("");
    let parts: Vec<&str> = main.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().enumerate().all(|(i, p)| {
            p.bytes().all(|b| b.is_ascii_digit())
                && if i == 0 {
                    (1..=3).contains(&p.len())
                } else {
                    p.len() == 2
                }
        })
}

impl Format for Rev {
    fn id(&self) -> FormatId {
        FormatId::Rev
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    fn sniff(&self, lines: &[&str]) -> Confidence {
        let window = sniff_window(lines);
        let headers = window.iter().filter(|l| header(l.trim()).is_some()).count();
        match headers {
            0 => Confidence::NO,
            h if h >= 2 && h * 5 >= window.len() => Confidence(80),
            _ => Confidence::WEAK,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let lines = src.lines.iter().enumerate().filter_map(|(i, raw)| {
            let line = raw.trim();
            (!line.is_empty()).then(|| (src.line_no(i), line))
        });
        paragraphs::turns(lines, header)
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
        let h = |l| header(l).map(|h| (h.name, h.start.map(|t| t.millis()), h.rest));
        assert_eq!(
            h("Speaker 1 (00:05):"),
            Some(("Speaker 1", Some(5_000), ""))
        );
        assert_eq!(
            h("Ann Lee (01:02:03): Sure."),
            Some(("Ann Lee", Some(3_723_000), "Sure."))
        );
        assert_eq!(h("Ann Lee (00:05)"), Some(("Ann Lee", Some(5_000), "")));
        assert_eq!(
            h("Ann Lee (00:05.5): x"),
            Some(("Ann Lee", Some(5_500), "x"))
        );
        assert_eq!(h("Ann Lee (00:75): x"), Some(("Ann Lee", None, "x")));
        assert_eq!(h("Ann Lee (00:05) said so"), None);
        assert_eq!(h("We met (10:30): fine"), None);
        assert_eq!(h("Ann Lee (see notes):"), None);
        assert_eq!(h("Ann Lee (5):"), None);
    }

    #[test]
    fn paragraphs_on_the_same_line_and_after() {
        let lines = [
            "Speaker 1 (00:05):",
            "Thanks for joining.",
            "",
            "Let's start.",
            "Ann Lee (01:10): Sure.",
            "Bo (00:75): Broken time.",
        ];
        let p = Rev.parse(Source::new(&lines), &Ctx::new(&NoNames));
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.end.map(|s| s.millis()),
                    t.last_line.0,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Speaker 1",
                    "Thanks for joining.\nLet's start.",
                    Some(5_000),
                    Some(70_000),
                    4
                ),
                ("Ann Lee", "Sure.", Some(70_000), None, 5),
                ("Bo", "Broken time.", None, None, 6),
            ]
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, Code::TimestampMalformed);
        assert_eq!(p.diagnostics[0].line, Some(LineNo(6)));
    }

    #[test]
    fn sniff() {
        let s = |t: &str| Rev.sniff(&t.lines().collect::<Vec<_>>());
        assert_eq!(s("Ann (00:01):\nHi.\nBo (00:02): Yo.\n"), Confidence(80));
        assert_eq!(
            s("Ann (00:01): Hi.\nmore\nmore\nmore\nmore\nmore\n"),
            Confidence::WEAK
        );
        assert_eq!(s("Ann: Hi.\nBo: Yo.\n"), Confidence::NO);
    }
}
