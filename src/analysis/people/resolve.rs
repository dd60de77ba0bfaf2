//! Mentions in one document, with names that fit several people resolved
//! by the document's own context, or honestly left open.
//!
//! A document is read in file order: the note's lines outside the
//! transcript (headings included, the frontmatter excepted), and the turns.
//! A `[[wiki link]]` to a person is a mention of kind `link`; the rest,
//! including names inside links to other notes, comes from the
//! dictionary's [`Matcher`](super::mentions::Matcher). A name that
//! fits several people (`Rob`) is decided by, in order:
//!
//! 1. the latest full-name mention or link of one of them earlier in the
//!    document;
//! 2. the meeting's participants and speakers, if exactly one of them is
//!    among those;
//! 3. the note's wiki links, if exactly one of them is linked.
//!
//! Otherwise the mention has no person and lists every candidate. Nothing
//! is ever picked arbitrarily.

use crate::analysis::Mention;
use crate::formats::markdown;
use crate::model::LineNo;

use super::PeopleDict;
use super::mentions::Kind;
use crate::text::words::Hay;

/// A stretch of a document to look for mentions in, with the names found
/// in it ([`finds`]).
#[derive(Clone, Debug)]
pub struct Part<'a> {
    pub turn: Option<u32>,
    pub speaker: Option<&'a str>,
    pub line: LineNo,
    pub section: Option<&'a str>,
    pub text: &'a str,
    pub finds: Vec<Find>,
}

/// A name in a part's text, before deciding who it is: the byte range,
/// how it names them, and everybody it fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Find {
    start: usize,
    end: usize,
    kind: Kind,
    ids: Vec<u32>,
}

/// The names in the hay's text, in text order: links to people, and the
/// dictionary's keys elsewhere. Apart from [`mentions`] so that the hay a
/// turn is prepared into once serves the topics too.
pub fn finds(dict: &PeopleDict, hay: &Hay<'_>) -> Vec<Find> {
    let text = hay.text();
    let mut found: Vec<Find> = Vec::new();
    let mut skip = Vec::new();
    for (range, target, _) in markdown::wiki_links(text) {
        // A link to a person is one mention; a link to anything else
        // (`[[2025-10-31 - Jason and Kushal discussed …]]`) is text.
        let ids: Vec<u32> = dict.candidates(&target).to_vec();
        if !ids.is_empty() {
            skip.push((range.start, range.end));
            found.push(Find {
                start: range.start,
                end: range.end,
                kind: Kind::Link,
                ids,
            });
        }
    }
    for hit in dict.mention_matcher().find(hay, &skip) {
        // One target per person: keys merge per person when built.
        let ids: Vec<u32> = hit.targets.iter().map(|t| t.person).collect();
        let kind = if hit.possessive {
            Kind::Possessive
        } else {
            hit.targets
                .iter()
                .map(|t| t.kind)
                .min()
                .unwrap_or(Kind::Alias)
        };
        found.push(Find {
            start: hit.start,
            end: hit.end,
            kind,
            ids,
        });
    }
    found.sort_by_key(|f| f.start);
    found
}

/// The mentions in `parts` (in file order). `context` are the names of the
/// meeting's participants and speakers, `links` the targets of the note's
/// wiki links.
pub fn mentions(
    dict: &PeopleDict,
    parts: &[Part<'_>],
    context: &[String],
    links: &[String],
) -> Vec<Mention> {
    if dict.is_empty() {
        return Vec::new();
    }
    let unique = |names: &[String]| -> Vec<u32> {
        let mut ids: Vec<u32> = names
            .iter()
            .filter_map(|n| match dict.candidates(n) {
                [one] => Some(*one),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let in_context = unique(context);
    let linked = unique(links);
    let mut named_in_full: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for part in parts {
        for &Find {
            start,
            end,
            kind,
            ref ids,
        } in &part.finds
        {
            let person = decide(ids, &named_in_full, &in_context, &linked);
            if let Some(p) = person
                && matches!(kind, Kind::Full | Kind::Link)
            {
                named_in_full.push(p);
            }
            let name = |i: u32| dict.people()[i as usize].name.clone();
            out.push(Mention {
                turn: part.turn,
                line: part.line,
                section: part.section.map(str::to_string),
                speaker: part.speaker.map(str::to_string),
                person: person.map(name),
                surface: part.text[start..end].to_string(),
                offset: part.text[..start].chars().count() as u32,
                kind,
                candidates: if ids.len() > 1 {
                    ids.iter().map(|&i| name(i)).collect()
                } else {
                    Vec::new()
                },
            });
        }
    }
    out
}

/// Who of `ids` a mention is, if the document says (see the module docs).
fn decide(ids: &[u32], named_in_full: &[u32], in_context: &[u32], linked: &[u32]) -> Option<u32> {
    if let [one] = ids {
        return Some(*one);
    }
    if let Some(&p) = named_in_full.iter().rev().find(|p| ids.contains(p)) {
        return Some(p);
    }
    for known in [in_context, linked] {
        let mut among = ids.iter().filter(|i| known.contains(i));
        if let (Some(&p), None) = (among.next(), among.next()) {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::people::Person;
    use crate::text::words::HayBuf;

    fn dict() -> PeopleDict {
        let p = |name: &str, aliases: &[&str]| Person {
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            ..Person::default()
        };
        PeopleDict::from_people(vec![
            p("Rob Castellano", &["Rob"]),
            p("Rob Nguyen", &["Rob"]),
            p("Mordecai (Morty) Feld", &[]),
        ])
    }

    fn part(text: &str) -> Part<'_> {
        Part {
            turn: None,
            speaker: None,
            line: LineNo(1),
            section: None,
            text,
            finds: finds(&dict(), &HayBuf::default().hay(text)),
        }
    }

    fn people(m: &[Mention]) -> Vec<(String, Option<String>, Kind, usize)> {
        m.iter()
            .map(|m| {
                (
                    m.surface.clone(),
                    m.person.clone(),
                    m.kind,
                    m.candidates.len(),
                )
            })
            .collect()
    }

    #[test]
    fn an_earlier_full_name_or_link_decides() {
        let d = dict();
        let m = mentions(
            &d,
            &[part("[[Rob Castellano]] asked."), part("Ask Rob.")],
            &[],
            &[],
        );
        assert_eq!(
            people(&m),
            [
                (
                    "[[Rob Castellano]]".into(),
                    Some("Rob Castellano".into()),
                    Kind::Link,
                    0
                ),
                ("Rob".into(), Some("Rob Castellano".into()), Kind::First, 2),
            ]
        );
    }

    #[test]
    fn participants_then_links_decide_and_otherwise_nobody_is_guessed() {
        let d = dict();
        let one = ["Rob Nguyen".to_string()];
        let both = ["Rob Nguyen".to_string(), "Rob Castellano".to_string()];
        let m = mentions(&d, &[part("Rob said")], &one, &[]);
        assert_eq!(m[0].person.as_deref(), Some("Rob Nguyen"));
        let m = mentions(&d, &[part("Rob said")], &both, &one);
        assert_eq!(
            m[0].person.as_deref(),
            Some("Rob Nguyen"),
            "both take part, so step 2 cannot say; the one link decides"
        );
        let m = mentions(&d, &[part("Rob said")], &both, &[]);
        assert_eq!(m[0].person, None, "both take part, nothing else says");
        let m = mentions(&d, &[part("Rob said")], &[], &one);
        assert_eq!(m[0].person.as_deref(), Some("Rob Nguyen"));
        let m = mentions(&d, &[part("Rob said")], &[], &[]);
        assert_eq!((m[0].person.clone(), m[0].candidates.len()), (None, 2));
    }

    #[test]
    fn names_inside_links_to_other_notes_are_found() {
        let d = dict();
        let m = mentions(
            &d,
            &[part("see [[2024-03-05 - Rob Nguyen and Morty sync]]")],
            &[],
            &[],
        );
        let found: Vec<_> = m.iter().map(|m| (m.surface.as_str(), m.kind)).collect();
        assert_eq!(
            found,
            [("Rob Nguyen", Kind::Full), ("Morty", Kind::Nickname)]
        );
    }

    #[test]
    fn offsets_are_in_characters_and_nicknames_possessives_count() {
        let d = dict();
        let m = mentions(&d, &[part("Zoë and Morty’s team")], &[], &[]);
        assert_eq!(
            people(&m),
            [(
                "Morty’s".into(),
                Some("Mordecai Feld".into()),
                Kind::Possessive,
                0
            )]
        );
        assert_eq!(m[0].offset, 8);
    }
}
