//! The note around a transcript: frontmatter, title, sections, wiki-links
//! and date.
//!
//! Notes are Obsidian-style Markdown. Only what later stages use is read:
//! headings give sections (and the H1 a title), `[[Target|alias]]` links
//! name people and topics, and the frontmatter says what kind of note it is
//! and who took part. Headings and links inside fenced code blocks are not
//! Markdown and are skipped, as Obsidian does.

pub mod frontmatter;
pub mod locate;

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Code, Diagnostic, DocKind, LineNo};
pub use frontmatter::Frontmatter;

/// A Markdown heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub heading: String,
    pub line: LineNo,
}

/// A `[[Target|alias]]` link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiLink {
    /// The linked note's name, without folder or `#heading`.
    pub target: String,
    pub alias: Option<String>,
    pub line: LineNo,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    pub frontmatter: Frontmatter,
    /// Index of the first line after the frontmatter.
    pub body_start: usize,
    /// The first level-1 heading.
    pub h1: Option<String>,
    pub sections: Vec<Section>,
    pub links: Vec<WikiLink>,
}

static WIKI_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]").expect("valid regex")
});

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})-(\d{2})-(\d{2})").expect("valid regex"));

/// Reads the note structure from the file's lines.
pub fn parse(lines: &[&str]) -> (Note, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut note = Note::default();
    match frontmatter::locate(lines) {
        Ok(Some(span)) => {
            let (fm, diag) = frontmatter::parse(lines, span);
            note.frontmatter = fm;
            diagnostics.extend(diag);
            note.body_start = span.close + 1;
        }
        Ok(None) => {}
        Err(diag) => diagnostics.push(diag),
    }

    for (i, line) in outside_fences(lines, note.body_start) {
        if let Some((level, heading)) = heading(line) {
            if level == 1 && note.h1.is_none() {
                note.h1 = Some(heading.to_string());
            }
            note.sections.push(Section {
                level,
                heading: heading.to_string(),
                line: LineNo::from_index(i),
            });
        }
        for (_, target, alias) in wiki_links(line) {
            note.links.push(WikiLink {
                target,
                alias,
                line: LineNo::from_index(i),
            });
        }
    }
    (note, diagnostics)
}

/// The lines from index `start` on that are outside fenced code blocks,
/// with their indexes; the fence lines themselves are left out too.
pub fn outside_fences<'a>(
    lines: &'a [&'a str],
    start: usize,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut fence: Option<&str> = None;
    lines
        .iter()
        .enumerate()
        .skip(start)
        .filter_map(move |(i, &line)| {
            let trimmed = line.trim_start();
            match fence {
                Some(open) => {
                    if closes_fence(trimmed, open) {
                        fence = None;
                    }
                    None
                }
                None => match fence_marker(trimmed) {
                    Some(marker) => {
                        fence = Some(marker);
                        None
                    }
                    None => Some((i, line)),
                },
            }
        })
}

/// Whether a line (without leading space) closes the fence opened by `marker`.
pub fn closes_fence(trimmed: &str, marker: &str) -> bool {
    trimmed.starts_with(marker) && trimmed[marker.len()..].trim().is_empty()
}

/// The fence string if `line` opens a fenced code block (```` ``` ```` or `~~~`, any info string).
pub fn fence_marker(trimmed: &str) -> Option<&str> {
    for marker in ["```", "~~~"] {
        if trimmed.starts_with(marker) {
            let ch = marker.as_bytes()[0];
            let len = trimmed.bytes().take_while(|&b| b == ch).count();
            return Some(&trimmed[..len]);
        }
    }
    None
}

/// `## Heading text` → `(2, "Heading text")`. Up to three leading spaces, as CommonMark allows.
/// The `[[Target|alias]]` links in `line`: byte range, target (without
/// folder or `#heading`) and alias.
pub fn wiki_links(
    line: &str,
) -> impl Iterator<Item = (std::ops::Range<usize>, String, Option<String>)> + '_ {
    line.contains("[[")
        .then(|| WIKI_LINK.captures_iter(line))
        .into_iter()
        .flatten()
        .filter_map(|cap| {
            let target = frontmatter::unlink(&format!("[[{}]]", &cap[1]));
            let alias = cap
                .get(2)
                .map(|m| m.as_str().trim().to_string())
                .filter(|a| !a.is_empty());
            let whole = cap.get(0).expect("group 0 is the match").range();
            (!target.is_empty()).then_some((whole, target, alias))
        })
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim().trim_end_matches('#').trim_end();
    Some((level as u8, text))
}

/// The meeting date: the frontmatter `date` if it holds a `YYYY-MM-DD` date,
/// else a `YYYY-MM-DD` in the file name. A frontmatter date that is not a
/// date is reported, and the file name is tried instead.
pub fn date(fm: &Frontmatter, file_name: &str) -> (Option<String>, Option<Diagnostic>) {
    let mut diag = None;
    if let Some(raw) = &fm.date {
        if let Some(d) = iso_date(raw) {
            return (Some(d), None);
        }
        diag = Some(Diagnostic::warning(
            Code::DateInvalid,
            format!("frontmatter date {raw:?} is not a YYYY-MM-DD date"),
        ));
    }
    (iso_date(file_name), diag)
}

fn iso_date(s: &str) -> Option<String> {
    ISO_DATE.captures_iter(s).find_map(|c| {
        let month: u32 = c[2].parse().ok()?;
        let day: u32 = c[3].parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| c[0].to_string())
    })
}

/// Whether a note is about a person: `type: person` or `type: people`
/// without the fields of a meeting (`participants`, `person`), because
/// some vaults file meeting summaries under `type: people` too.
pub fn kind(fm: &Frontmatter, has_turns: bool) -> DocKind {
    if has_turns {
        return DocKind::Transcript;
    }
    let typed_person = fm
        .doc_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("person") || t.eq_ignore_ascii_case("people"));
    if typed_person && fm.participants.is_empty() && fm.person.is_empty() {
        DocKind::Person
    } else {
        DocKind::Note
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn title_sections_and_links() {
        let text = "---\ntype: note\n---\n\n# Weekly sync — 2024-03-05\n\n## Summary\n\
                    Talked with [[Priya Raman]] and [[People/Tomasz Wójcik|Tomek]] about [[Atlas#Scope]].\n\
                    ```text\n# not a heading [[Not A Link]]\n```\n### Related\n";
        let (note, diags) = parse(&lines(text));
        assert!(diags.is_empty());
        assert_eq!(note.body_start, 3);
        assert_eq!(note.h1.as_deref(), Some("Weekly sync — 2024-03-05"));
        let headings: Vec<_> = note
            .sections
            .iter()
            .map(|s| (s.level, s.heading.as_str(), s.line.0))
            .collect();
        assert_eq!(
            headings,
            vec![
                (1, "Weekly sync — 2024-03-05", 5),
                (2, "Summary", 7),
                (3, "Related", 12)
            ]
        );
        let links: Vec<_> = note
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.alias.as_deref()))
            .collect();
        assert_eq!(
            links,
            vec![
                ("Priya Raman", None),
                ("Tomasz Wójcik", Some("Tomek")),
                ("Atlas", None)
            ]
        );
    }

    #[test]
    fn hashtags_are_not_headings() {
        assert_eq!(heading("#tag text"), None);
        assert_eq!(heading("    # code"), None);
        assert_eq!(heading("## Next steps ##"), Some((2, "Next steps")));
    }

    #[test]
    fn date_from_frontmatter_then_file_name() {
        let mut fm = Frontmatter {
            date: Some("2024-03-05T10:00".into()),
            ..Default::default()
        };
        assert_eq!(date(&fm, "x.md"), (Some("2024-03-05".into()), None));
        fm.date = None;
        assert_eq!(
            date(&fm, "2024-02-30 sync.md").0,
            Some("2024-02-30".into()),
            "the file name is taken as written when it looks like a date"
        );
        fm.date = Some("next tuesday".into());
        let (d, diag) = date(&fm, "2023-12-01 notes.md");
        assert_eq!(d, Some("2023-12-01".into()));
        assert_eq!(diag.unwrap().code, Code::DateInvalid);
        assert_eq!(date(&Frontmatter::default(), "2023-13-01.md").0, None);
    }

    #[test]
    fn person_notes_versus_meeting_notes_filed_as_people() {
        let person = Frontmatter {
            doc_type: Some("people".into()),
            ..Default::default()
        };
        assert_eq!(kind(&person, false), DocKind::Person);
        let meeting = Frontmatter {
            doc_type: Some("people".into()),
            participants: vec!["Ann".into()],
            ..Default::default()
        };
        assert_eq!(kind(&meeting, false), DocKind::Note);
        assert_eq!(kind(&person, true), DocKind::Transcript);
    }
}
