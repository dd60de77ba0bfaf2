//! Markdown notes: the container every file is unless its content says
//! it is a transcript of another format.
//!
//! Notes are Obsidian-style Markdown. Only what later stages use is read:
//! headings give sections (and the H1 a title), `[[Target|alias]]` links
//! name people and topics, and the frontmatter says what kind of note it is
//! and who took part. Headings and links inside fenced code blocks are not
//! Markdown and are skipped, as Obsidian does.
//!
//! The transcript inside a note is found by [`locate`]; what format it is
//! in is asked of the registry ([`crate::formats::detect_block`]), the house
//! format being the default for timestamped lines. The rest of the note
//! is its prose, where people are mentioned too.

pub mod frontmatter;
pub mod items;
pub mod locate;

use std::sync::LazyLock;

use regex::Regex;

pub use frontmatter::Frontmatter;

use crate::formats::{Confidence, Ctx, FormatId, Meta, Parsed, Section, Source, WikiLink};
use crate::model::{Code, Diagnostic, LineNo, TurnKind};
use crate::text::fold::key;

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

/// How sure it is that a whole file is a note rather than a transcript of
/// another format: sure with a frontmatter, likely with a heading.
pub fn sniff(lines: &[&str]) -> Confidence {
    if matches!(frontmatter::locate(lines), Ok(Some(_))) {
        Confidence(90)
    } else if outside_fences(lines, 0).any(|(_, l)| heading(l).is_some()) {
        Confidence::LIKELY
    } else {
        Confidence::NO
    }
}

/// Parses a note: its structure, then every transcript in it with its own
/// format.
pub fn parse(lines: &[&str], ctx: &Ctx<'_>) -> Parsed {
    let (note, mut diagnostics) = read_note(lines);
    let mut participants = note_participants(&note.frontmatter);
    let (located, located_diags) = locate::locate(lines, note.body_start);
    diagnostics.extend(located_diags);
    let mut turns = Vec::new();
    // The format of the block that gave the most turns (the first of equals).
    let mut format: Option<(FormatId, usize)> = None;
    let mut found = Meta::default();
    // Names a block may split glued labels with: the participants, and the
    // labels of the blocks before it.
    let mut known = participants.clone();
    for l in &located {
        let b = l.block;
        // A block under a heading about chat (`## Raw Meeting Chat`) is the
        // meeting's chat, whatever format it was saved in.
        let chat =
            section_at(&note.sections, b.start).is_some_and(|h| h.to_lowercase().contains("chat"));
        let ctx = Ctx {
            participants: &known,
            chat,
            ..*ctx
        };
        let mut parsed = l.format.parse(
            Source {
                lines: &lines[b.start..b.end],
                offset: b.start,
            },
            &ctx,
        );
        diagnostics.append(&mut parsed.diagnostics);
        crate::formats::mark_given_ends(&mut parsed.turns, l.format.id());
        let n = parsed.turns.len();
        if n > 0 && format.is_none_or(|(_, most)| n > most) {
            format = Some((l.format.id(), n));
        }
        if chat {
            for t in &mut parsed.turns {
                t.kind = TurnKind::Chat;
            }
        }
        for t in &parsed.turns {
            if !t.label.is_empty() && !known.contains(&t.label) {
                known.push(t.label.clone());
            }
        }
        turns.append(&mut parsed.turns);
        let m = parsed.meta;
        for p in m.participants {
            if !participants.iter().any(|q| key(q) == key(&p)) {
                known.push(p.clone());
                participants.push(p);
            }
        }
        found.date = found.date.or(m.date);
        found.title = found.title.or(m.title);
        found.language = found.language.or(m.language);
    }
    let format = format.map(|(f, _)| f);
    let (date, date_diag) = date(&note.frontmatter);
    diagnostics.extend(date_diag);
    let date = date.or(found.date);
    let fm = &note.frontmatter;
    let person_note = is_person_note(fm);
    // Person notes use `title:` for a job title as often as for the name
    // (`title: Staff Engineer`), so their name and H1 come first.
    let title = if person_note {
        [&fm.name, &note.h1, &fm.title]
    } else {
        [&fm.title, &note.h1, &fm.name]
    }
    .into_iter()
    .find_map(Clone::clone)
    .or(found.title);
    let blocks: Vec<_> = located.iter().map(|l| l.block.start..l.block.end).collect();
    let prose = prose(note.body_start, lines.len(), &blocks);
    let (items, item_diags) = items::read(lines, note.body_start, &prose, ctx.names);
    diagnostics.extend(item_diags);
    Parsed {
        meta: Meta {
            format,
            title,
            date,
            participants,
            person_note,
            language: found.language,
            sections: note.sections,
            links: note.links,
        },
        turns,
        prose,
        items,
        diagnostics,
    }
}

/// The heading of the section line index `i` is in.
fn section_at(sections: &[Section], i: usize) -> Option<&str> {
    let line = LineNo::from_index(i);
    sections
        .iter()
        .rev()
        .find(|s| s.line <= line)
        .map(|s| s.heading.as_str())
}

/// The lines from `body_start` to `len` that are in none of `blocks`
/// (sorted, not overlapping), as ranges.
fn prose(
    body_start: usize,
    len: usize,
    blocks: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = body_start.min(len);
    for b in blocks {
        if from < b.start {
            ranges.push(from..b.start);
        }
        from = from.max(b.end);
    }
    if from < len {
        ranges.push(from..len);
    }
    ranges
}

/// The people a note says took part, in order, without repeats:
/// `participants`, then `person`, then `entities.people`.
pub fn note_participants(fm: &Frontmatter) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    fm.participants
        .iter()
        .chain(&fm.person)
        .chain(&fm.entity_people)
        .filter(|n| seen.insert(key(n)))
        .cloned()
        .collect()
}

/// Reads the note structure from the file's lines.
pub fn read_note(lines: &[&str]) -> (Note, Vec<Diagnostic>) {
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

pub(crate) fn heading(line: &str) -> Option<(u8, &str)> {
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

/// The meeting date from the frontmatter `date`, if it holds a
/// `YYYY-MM-DD` date; one that does not is reported (and the file name is
/// tried instead, see [`crate::formats::parse`]).
pub fn date(fm: &Frontmatter) -> (Option<String>, Option<Diagnostic>) {
    let Some(raw) = &fm.date else {
        return (None, None);
    };
    match iso_date(raw) {
        Some(d) => (Some(d), None),
        None => (
            None,
            Some(Diagnostic::warning(
                Code::DateInvalid,
                format!("frontmatter date {raw:?} is not a YYYY-MM-DD date"),
            )),
        ),
    }
}

/// The first `YYYY-MM-DD` in `s` with a month and day that can be.
pub fn iso_date(s: &str) -> Option<String> {
    ISO_DATE.captures_iter(s).find_map(|c| {
        let month: u32 = c[2].parse().ok()?;
        let day: u32 = c[3].parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| c[0].to_string())
    })
}

/// Whether a note is about a person: `type: person` or `type: people`
/// without the fields of a meeting (`participants`, `person`), because
/// some vaults file meeting summaries under `type: people` too.
pub fn is_person_note(fm: &Frontmatter) -> bool {
    let typed_person = fm
        .doc_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("person") || t.eq_ignore_ascii_case("people"));
    typed_person && fm.participants.is_empty() && fm.person.is_empty()
}

/// The part of a note that defines people: the frontmatter and the lines
/// after it up to the first H1 (at most 50 of them).
pub fn head(text: &str) -> &str {
    let mut lines = text.split_inclusive('\n');
    let mut end = 0;
    let mut in_frontmatter = false;
    let mut after = 0;
    for (i, line) in lines.by_ref().enumerate() {
        end += line.len();
        let t = line.trim();
        if i == 0 && t == "---" {
            in_frontmatter = true;
        } else if in_frontmatter {
            in_frontmatter = t != "---";
        } else {
            after += 1;
            if t.starts_with("# ") || after >= 50 {
                break;
            }
        }
    }
    &text[..end]
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
        let (note, diags) = read_note(&lines(text));
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
        assert_eq!(date(&fm), (Some("2024-03-05".into()), None));
        assert_eq!(
            iso_date("2024-02-30 sync.md"),
            Some("2024-02-30".into()),
            "the file name is taken as written when it looks like a date"
        );
        fm.date = Some("next tuesday".into());
        let (d, diag) = date(&fm);
        assert_eq!(d, None);
        assert_eq!(diag.unwrap().code, Code::DateInvalid);
        assert_eq!(iso_date("2023-13-01.md"), None);
        let lines = ["---", "date: next tuesday", "---", "# Sync"];
        let p = crate::formats::parse(
            &lines,
            "2023-12-01 notes.md",
            crate::formats::Choice::Detect,
            &Ctx::new(&crate::formats::NoNames),
        );
        assert_eq!(p.meta.date.as_deref(), Some("2023-12-01"));
        assert_eq!(p.diagnostics[0].code, Code::DateInvalid);
    }

    #[test]
    fn person_notes_versus_meeting_notes_filed_as_people() {
        let person = Frontmatter {
            doc_type: Some("people".into()),
            ..Default::default()
        };
        assert!(is_person_note(&person));
        let meeting = Frontmatter {
            doc_type: Some("people".into()),
            participants: vec!["Ann".into()],
            ..Default::default()
        };
        assert!(!is_person_note(&meeting));
    }

    #[test]
    fn the_head_is_the_frontmatter_and_up_to_the_first_h1() {
        let text = "---\ntype: person\n---\n\n# Ann (Annie) Lee\n\n## Key facts\n- x\n";
        assert_eq!(head(text), "---\ntype: person\n---\n\n# Ann (Annie) Lee\n");
        assert_eq!(
            head("no frontmatter\n# Title\nbody\n"),
            "no frontmatter\n# Title\n"
        );
        let long: String = (0..80).map(|i| format!("line {i}\n")).collect();
        assert_eq!(head(&long).lines().count(), 50);
    }

    #[test]
    fn every_claimed_block_is_read_and_a_chat_heading_makes_chat() {
        let text = "---\nparticipants: [Ann Lee]\n---\n# Sync\nNotes first.\n\n## Transcript\n```\n\
                    [00:00:01.00]  Ann LeeHi\n[00:00:02.00]  Bo ChenHello\n```\n\n## Meeting chat\n```\n\
                    [00:00:03.00]  Bo Chenlink?\n[00:00:04.00]  Ann Leehere\n[00:00:05.00]  Bo Chenthanks\n```\nAfter.\n";
        let lines = crate::text::lines(text);
        let p = parse(&lines, &Ctx::new(&crate::formats::NoNames));
        let turns: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.line.0, t.label.as_str(), t.text.as_str(), t.kind))
            .collect();
        assert_eq!(
            turns,
            [
                (9, "Ann Lee", "Hi", TurnKind::Speech),
                (10, "Bo Chen", "Hello", TurnKind::Speech),
                (15, "Bo Chen", "link?", TurnKind::Chat),
                (16, "Ann Lee", "here", TurnKind::Chat),
                (17, "Bo Chen", "thanks", TurnKind::Chat),
            ]
        );
        assert_eq!(p.meta.format, Some(FormatId::House));
        assert_eq!(p.prose, [3..8, 10..14, 17..19]);
    }
}
