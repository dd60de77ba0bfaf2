//! People defined by the notes themselves: person notes, and the names in
//! meeting frontmatter.
//!
//! A person note (`type: person` or `type: people`, not a meeting) gives a
//! canonical name (`name`, else the H1, else `title`), its `aliases`,
//! nicknames in parentheses in the name or H1 (`# Mordecai (Morty) Feld`),
//! the organisation (`company`, else a `company/…` tag) and the role
//! (`role`, else a `title` that is not the name). A meeting note gives only
//! names: `participants`, `person`, `entities.people`. Everything is read
//! from the frontmatter and the H1, so the first pass over the inputs is
//! cheap.

use crate::formats::markdown::{self, Note};

use super::{Person, key, split_nicknames};

/// The people `note` defines or names. `id` is where it came from.
pub fn people_in(id: &str, note: &Note) -> Vec<Person> {
    let fm = &note.frontmatter;
    let source = vec![id.to_string()];
    if markdown::is_person_note(fm) {
        let h1 = note.h1.as_deref().map(split_nicknames);
        let Some(name) = fm
            .name
            .clone()
            .or_else(|| h1.as_ref().map(|(n, _)| n.clone()))
            .or_else(|| fm.title.clone())
            .filter(|n| !n.trim().is_empty())
        else {
            return Vec::new();
        };
        let (name, mut nicknames) = split_nicknames(&name);
        if let Some((h1_name, h1_nicks)) = h1
            && key(&h1_name) == key(&name)
        {
            nicknames.extend(h1_nicks);
        }
        let org = fm.company.clone().filter(|c| !c.is_empty()).or_else(|| {
            fm.tags.iter().find_map(|t| {
                t.strip_prefix("company/")
                    .map(|c| c.replace(['-', '_'], " "))
            })
        });
        let role = fm.role.clone().or_else(|| {
            fm.title
                .clone()
                .filter(|t| !t.is_empty() && key(t) != key(&name))
        });
        return vec![Person {
            aliases: fm
                .aliases
                .iter()
                .filter(|a| key(a) != key(&name))
                .cloned()
                .collect(),
            name,
            nicknames,
            org,
            role,
            sources: source,
            named_only: false,
        }];
    }
    fm.participants
        .iter()
        .chain(&fm.person)
        .chain(&fm.entity_people)
        .filter(|n| !n.trim().is_empty())
        .map(|n| Person {
            name: n.clone(),
            sources: source.clone(),
            named_only: true,
            ..Person::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(text: &str) -> Vec<Person> {
        let lines: Vec<&str> = text.lines().collect();
        let (note, _) = markdown::read_note(&lines);
        people_in("n.md", &note)
    }

    #[test]
    fn a_person_note_defines_a_person() {
        let p = people(
            "---\ntype: person\nname: Mordecai Feld\ncompany: Brightwater\naliases: [Mordy]\n\
             title: Integrations Lead\n---\n# Mordecai (Morty) Feld\n",
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].name, "Mordecai Feld");
        assert_eq!(p[0].nicknames, ["Morty"]);
        assert_eq!(p[0].aliases, ["Mordy"]);
        assert_eq!(p[0].org.as_deref(), Some("Brightwater"));
        assert_eq!(p[0].role.as_deref(), Some("Integrations Lead"));
        assert_eq!(p[0].sources, ["n.md"]);
    }

    #[test]
    fn name_from_the_h1_and_org_from_a_tag() {
        let p = people("---\ntype: people\ntags: [company/skyline-storage]\n---\n# Rob Nguyen\n");
        assert_eq!(p[0].name, "Rob Nguyen");
        assert_eq!(p[0].org.as_deref(), Some("skyline storage"));
        assert_eq!(p[0].role, None);
    }

    #[test]
    fn a_meeting_names_its_participants() {
        let p = people("---\ntype: meeting\nparticipants: ['[[Ann Lee]]', Bo Chen]\n---\n# Sync\n");
        let names: Vec<_> = p.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ann Lee", "Bo Chen"]);
        assert!(p.iter().all(|p| p.aliases.is_empty() && p.org.is_none()));
    }
}
