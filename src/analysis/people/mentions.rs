//! Finding mentions of people in text: which stretches name somebody in the
//! dictionary, and who they could be.
//!
//! Every person gets *keys*: the full name, the first and last name alone,
//! each alias, each nickname, and each of those without its umlauts' dots
//! (folding already spells `ü` as `ue`, so `Jürgen`, `Juergen` and
//! `Jurgen` all find each other). Keys are folded ([`crate::text::fold`]) and compiled into one
//! ASCII-case-insensitive Aho-Corasick automaton; a line of pure ASCII is
//! searched as it is, any other line folded first, with a map back to the
//! original, so case and accents do not matter to finding. Each find is
//! then judged on the original text:
//!
//! - **Unicode word boundaries**: the characters on both sides are not
//!   letters, digits or combining marks (`Sam` is not in `Samsung`, `Léa`
//!   not in `Léanne`). A trailing `'s`/`’s` makes the mention a possessive.
//! - **Capitals**: full names and multi-word aliases match in any case; a
//!   one-word key must start with a capital as written (`Will said` is a
//!   person, `I will` is not).
//! - **Not in URLs or e-mail addresses**, and not inside `[[wiki links]]`
//!   (those are mentions of their own, kind `link`).
//! - **Stoplist**: first and last names that are mostly words (`May`,
//!   `June`, `Grace`…, see [`STOPLIST`]) are not keys, nor is a last name
//!   of fewer than three letters (`Or` in `Liraz Ben Or` would find every
//!   sentence starting with *Or*); an alias given explicitly (in
//!   `people.csv` or a note's `aliases`) always is.
//!
//! The search is leftmost-longest, so `Rob Nguyen` is one mention. When a
//! find fails its judgement, the next shorter key at the same place is
//! tried (`Will Smithson` still mentions `Will` when a key `Will Smith`
//! fails its boundary), and then the search moves on by one character.

use serde::Serialize;

use super::Person;
use crate::text::fold::{fold, without_umlauts};
use crate::text::words::{Hay, WordSearch, possessive_len, whole_word};

/// How a mention names its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Full,
    Nickname,
    First,
    Last,
    Alias,
    Possessive,
    Link,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Nickname => "nickname",
            Kind::First => "first",
            Kind::Last => "last",
            Kind::Alias => "alias",
            Kind::Possessive => "possessive",
            Kind::Link => "link",
        }
    }
}

/// First and last names that are mostly ordinary words, even capitalized
/// at the start of a sentence. They are not keys unless given explicitly as
/// an alias.
pub const STOPLIST: &[&str] = &[
    "april", "august", "june", "may", "summer", "autumn", "hope", "faith", "grace", "joy", "dawn",
    "eve", "page", "rose", "sky", "case", "long", "young", "little", "white", "black", "brown",
    "green", "king",
];

/// One person a key names, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub person: u32,
    pub kind: Kind,
}

/// A stretch of text that names somebody.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the original text, possessive `'s` included.
    pub start: usize,
    pub end: usize,
    /// Everybody the key names (more than one: ambiguous).
    pub targets: Vec<Target>,
    pub possessive: bool,
}

/// The keys of a dictionary, compiled.
#[derive(Debug, Default)]
pub struct Matcher {
    search: WordSearch,
    /// Per pattern `k`, `targets[target_at[k]..target_at[k + 1]]`: who it
    /// names (flat, as in [`WordSearch`]: a list per key cost more than the
    /// key in a dictionary of a million people).
    targets: Vec<Target>,
    target_at: Vec<usize>,
    /// Per pattern: whether it is one word.
    one_word: Vec<bool>,
}

impl Matcher {
    pub fn build(people: &[Person]) -> Matcher {
        // Every (key, person, kind), the keys written one after another in
        // one buffer: sorted, the same key's people sit together, in order.
        let mut text = String::new();
        let mut pairs: Vec<(usize, usize, Target)> = Vec::new();
        let mut add = |key: &str, person: usize, kind: Kind| {
            let start = text.len();
            for word in fold(key).split_whitespace() {
                if text.len() > start {
                    text.push(' ');
                }
                text.push_str(word);
            }
            if text[start..].chars().count() < 2 {
                text.truncate(start);
                return;
            }
            let person = person as u32;
            pairs.push((start, text.len(), Target { person, kind }));
        };
        for (i, p) in people.iter().enumerate() {
            let mut keys: Vec<(String, Kind)> = vec![(p.name.clone(), Kind::Full)];
            let words: Vec<&str> = p.name.split_whitespace().collect();
            if words.len() >= 2 {
                let last = words[words.len() - 1];
                if !STOPLIST.contains(&fold(words[0]).as_str()) {
                    keys.push((words[0].to_string(), Kind::First));
                }
                if !STOPLIST.contains(&fold(last).as_str()) && last.chars().count() >= 3 {
                    keys.push((last.to_string(), Kind::Last));
                }
            }
            keys.extend(p.nicknames.iter().map(|n| (n.clone(), Kind::Nickname)));
            // The name as notes write it with a nickname: `Mordecai (Morty) Feld`.
            if let [first, rest @ ..] = words.as_slice()
                && !rest.is_empty()
            {
                keys.extend(
                    p.nicknames
                        .iter()
                        .map(|n| (format!("{first} ({n}) {}", rest.join(" ")), Kind::Full)),
                );
            }
            keys.extend(p.aliases.iter().map(|a| {
                // An alias that is the first name is told as one.
                let kind = if words.len() >= 2 && fold(a) == fold(words[0]) {
                    Kind::First
                } else {
                    Kind::Alias
                };
                (a.clone(), kind)
            }));
            for (key, kind) in keys {
                if let Some(plain) = without_umlauts(&key) {
                    add(&plain, i, kind);
                }
                add(&key, i, kind);
            }
        }
        // A fixed pattern order keeps matching deterministic; the same
        // person by two routes is one target, of the more telling kind.
        let key = |&(s, e, _): &(usize, usize, Target)| &text[s..e];
        pairs.sort_unstable_by(|a, b| {
            (key(a), a.2.person, a.2.kind).cmp(&(key(b), b.2.person, b.2.kind))
        });
        pairs.dedup_by(|b, a| key(a) == key(b) && a.2.person == b.2.person);
        let distinct = pairs.chunk_by(|a, b| key(a) == key(b)).count();
        let mut keys: Vec<&str> = Vec::with_capacity(distinct);
        let mut targets = Vec::with_capacity(pairs.len());
        let mut target_at = Vec::with_capacity(distinct + 1);
        target_at.push(0);
        for same in pairs.chunk_by(|a, b| key(a) == key(b)) {
            keys.push(key(&same[0]));
            targets.extend(same.iter().map(|&(_, _, t)| t));
            target_at.push(targets.len());
        }
        drop(pairs);
        Matcher {
            search: WordSearch::new(&keys),
            one_word: keys.iter().map(|k| !k.contains(' ')).collect(),
            targets,
            target_at,
        }
    }

    /// Who pattern `k` names.
    fn targets(&self, k: usize) -> &[Target] {
        &self.targets[self.target_at[k]..self.target_at[k + 1]]
    }

    /// The mentions in the hay's text, left to right, none overlapping.
    /// `skip` are byte ranges of the text not to look in (links to people,
    /// handled apart).
    pub fn find(&self, hay: &Hay<'_>, skip: &[(usize, usize)]) -> Vec<Hit> {
        let text = hay.text();
        let unsearchable = hay.unsearchable();
        let excluded = |start: usize, end: usize| {
            let overlaps = |&(s, e): &(usize, usize)| start < e && s < end;
            unsearchable.iter().any(overlaps) || skip.iter().any(overlaps)
        };
        let mut possessive = Vec::new();
        let found = self.search.find(hay, |start, end, key| {
            let Some(p) = whole_word(text, start, end) else {
                return false;
            };
            let capital = !self.one_word[key] || text[start..].starts_with(char::is_uppercase);
            let outside = !excluded(start, end);
            if capital && outside {
                possessive.push(p);
            }
            capital && outside
        });
        found
            .into_iter()
            .zip(possessive)
            .map(|(f, possessive)| Hit {
                start: f.start,
                end: if possessive {
                    f.end + possessive_len(&text[f.end..])
                } else {
                    f.end
                },
                targets: self.targets(f.key).to_vec(),
                possessive,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::HayBuf;

    fn person(name: &str, aliases: &[&str], nicknames: &[&str]) -> Person {
        Person {
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            nicknames: nicknames.iter().map(|s| s.to_string()).collect(),
            ..Person::default()
        }
    }

    fn people() -> Vec<Person> {
        vec![
            person("Zoë Hartmann", &[], &[]),
            person("Will Okafor", &[], &[]),
            person("Mordecai Feld", &[], &["Morty"]),
            person("Rob Castellano", &["Rob"], &[]),
            person("Rob Nguyen", &["Rob"], &[]),
            person("Sam Lee", &[], &[]),
            person("Léa Martin", &[], &[]),
            person("Jürgen Weiß", &[], &[]),
            person("May Chen", &[], &[]),
            person("Liraz Ben Or", &[], &[]),
        ]
    }

    /// (surface, names, kinds) of the mentions in `text`.
    fn find(text: &str) -> Vec<(String, Vec<String>, Vec<Kind>)> {
        let people = people();
        let m = Matcher::build(&people);
        m.find(&HayBuf::default().hay(text), &[])
            .into_iter()
            .map(|h| {
                (
                    text[h.start..h.end].to_string(),
                    h.targets
                        .iter()
                        .map(|t| people[t.person as usize].name.clone())
                        .collect(),
                    h.targets.iter().map(|t| t.kind).collect(),
                )
            })
            .collect()
    }

    fn surfaces(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(s, _, _)| s).collect()
    }

    #[test]
    fn full_names_first_names_nicknames_and_possessives() {
        assert_eq!(
            find("zoe hartmann and Morty's team"),
            [
                (
                    "zoe hartmann".into(),
                    vec!["Zoë Hartmann".into()],
                    vec![Kind::Full]
                ),
                (
                    "Morty's".into(),
                    vec!["Mordecai Feld".into()],
                    vec![Kind::Nickname]
                ),
            ]
        );
        assert_eq!(surfaces("I'll tell Zoe and Will."), ["Zoe", "Will"]);
        assert_eq!(
            find("# Mordecai (Morty) Feld"),
            [(
                "Mordecai (Morty) Feld".into(),
                vec!["Mordecai Feld".into()],
                vec![Kind::Full]
            )]
        );
        assert_eq!(
            surfaces("Juergen Weiss and JÜRGEN WEISS"),
            ["Juergen Weiss", "JÜRGEN WEISS"]
        );
    }

    #[test]
    fn one_word_keys_need_a_capital() {
        assert_eq!(surfaces("and I will write it up"), Vec::<String>::new());
        assert_eq!(surfaces("Will said so"), ["Will"]);
    }

    #[test]
    fn a_longest_key_that_fails_gives_way_to_a_shorter_one() {
        let mut p = people();
        p.push(person("Will Smith", &[], &[]));
        let m = Matcher::build(&p);
        let text = "Will Smithson and Will Smith";
        let found: Vec<&str> = m
            .find(&HayBuf::default().hay(text), &[])
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(found, ["Will", "Will Smith"]);
    }

    #[test]
    fn shared_keys_name_everyone_they_could_be() {
        let found = find("did Rob send it?");
        assert_eq!(found[0].1, ["Rob Castellano", "Rob Nguyen"]);
        assert_eq!(
            surfaces("Rob Nguyen called"),
            ["Rob Nguyen"],
            "longest wins"
        );
    }

    #[test]
    fn no_mention_inside_words_urls_or_addresses() {
        for text in [
            "Samsung and Also",
            "Léanne came",
            "see https://example.com/Will/Sam and www.Rob.org",
            "mail Sam@example.com",
            "Samuel",
        ] {
            assert_eq!(surfaces(text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(surfaces("Léa came, Sam too"), ["Léa", "Sam"]);
    }

    #[test]
    fn stoplisted_first_names_are_not_keys_but_full_names_are() {
        assert_eq!(surfaces("May we start? May Chen agreed."), ["May Chen"]);
        let mut p = people();
        p[8].aliases.push("May".into());
        let m = Matcher::build(&p);
        assert_eq!(
            m.find(&HayBuf::default().hay("May said"), &[]).len(),
            1,
            "explicit alias"
        );
    }

    #[test]
    fn regression_a_two_letter_last_name_is_not_a_key_alone() {
        assert_eq!(
            surfaces("Or his team is. Liraz Ben Or agreed."),
            ["Liraz Ben Or"]
        );
    }

    #[test]
    fn skipped_ranges_are_not_searched() {
        let people = people();
        let m = Matcher::build(&people);
        let text = "[[Rob Nguyen]] and Rob";
        let hits = m.find(&HayBuf::default().hay(text), &[(0, 14)]);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start..hits[0].end], "Rob");
    }
}
