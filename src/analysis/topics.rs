//! Topics: which turns are about what, from a taxonomy of phrases.
//!
//! A taxonomy (`--topics FILE`, TOML) lists topics, each with phrases and
//! optional phrases to exclude:
//!
//! ```toml
//! [[topic]]
//! name = "Pricing"
//! phrases = ["pricing", "price increase", "discount", "PAYGO"]
//! exclude = ["price of admission"]
//! ```
//!
//! Phrases match case- and accent-insensitively, as whole words
//! ([`crate::text::words`]), with simple inflections: a plural `s` or `es`, and a
//! possessive `'s`. All phrases of all topics are one automaton. Where an
//! exclude phrase of a topic is found, that stretch of text says nothing
//! about the topic (the longest phrase wins, so `price of admission` hides
//! the `price` in it). A turn's evidence for a topic is the taxonomy's
//! phrases that matched, in order of first match.
//!
//! With `--vault-topics`, wiki-link targets that are not people and not
//! dated notes (`[[Google Distributed Cloud RFP]]`, `[[Neo]]`) are topics
//! too, matched by the link text and its alias.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::text::fold::fold;
use crate::text::words::{Hay, WordSearch, whole_word};

/// A topic as the taxonomy gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Topic {
    pub name: String,
    pub phrases: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Deserialize)]
struct TaxonomyFile {
    #[serde(default)]
    topic: Vec<Topic>,
}

#[derive(Debug, thiserror::Error)]
pub enum TopicsError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// What a key stands for: a phrase of a topic, or an exclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct KeyUse {
    topic: u32,
    /// Index into `phrases` (the phrase as the taxonomy writes it), or
    /// `None` for an exclude phrase.
    phrase: Option<u32>,
}

/// A compiled taxonomy.
#[derive(Debug, Default)]
pub struct Taxonomy {
    topics: Vec<Topic>,
    phrases: Vec<String>,
    search: WordSearch,
    uses: Vec<Vec<KeyUse>>,
}

/// A turn's topic and the phrases that showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicMatch {
    pub topic: String,
    pub evidence: Vec<String>,
}

impl Taxonomy {
    /// Reads a taxonomy file.
    pub fn load(path: &Path) -> Result<Taxonomy, TopicsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| TopicsError::Io {
            path: shown.clone(),
            source,
        })?;
        Taxonomy::parse(&text, &shown)
    }

    pub fn parse(text: &str, path: &str) -> Result<Taxonomy, TopicsError> {
        let file: TaxonomyFile = toml::from_str(text).map_err(|e| TopicsError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        for (i, t) in file.topic.iter().enumerate() {
            if t.name.trim().is_empty() || t.phrases.iter().all(|p| p.trim().is_empty()) {
                return Err(TopicsError::Invalid {
                    path: path.to_string(),
                    message: format!("topic {} needs a name and at least one phrase", i + 1),
                });
            }
        }
        Ok(Taxonomy::new(file.topic))
    }

    /// Compiles `topics`; topics with the same name merge.
    pub fn new(list: Vec<Topic>) -> Taxonomy {
        // Merged through indexes by name and by phrase: comparing each
        // topic with every one before it took 6 s for 50,000 topics.
        let mut topics: Vec<Topic> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut seen: HashSet<(usize, bool, String)> = HashSet::new();
        for t in list {
            let Some(&i) = by_name.get(&t.name) else {
                // The first definition is kept as written.
                let i = topics.len();
                seen.extend(t.phrases.iter().map(|p| (i, true, p.clone())));
                seen.extend(t.exclude.iter().map(|p| (i, false, p.clone())));
                by_name.insert(t.name.clone(), i);
                topics.push(t);
                continue;
            };
            let x = &mut topics[i];
            for p in t.phrases {
                if seen.insert((i, true, p.clone())) {
                    x.phrases.push(p);
                }
            }
            for p in t.exclude {
                if seen.insert((i, false, p.clone())) {
                    x.exclude.push(p);
                }
            }
        }
        drop(seen);
        let mut phrases: Vec<String> = Vec::new();
        let mut by_key: HashMap<String, Vec<KeyUse>> = HashMap::new();
        let mut add = |text: &str, use_: KeyUse| {
            let key = fold(text).split_whitespace().collect::<Vec<_>>().join(" ");
            if key.is_empty() {
                return;
            }
            // Simple inflections: plural `s`/`es` (the possessive is the
            // word search's own).
            for form in [key.clone(), format!("{key}s"), format!("{key}es")] {
                // The same use comes again only right after itself (two
                // excludes of one topic with a form in common).
                let uses = by_key.entry(form).or_default();
                if uses.last() != Some(&use_) {
                    uses.push(use_);
                }
            }
        };
        for (t, topic) in topics.iter().enumerate() {
            for p in &topic.phrases {
                let i = phrases.len() as u32;
                phrases.push(p.trim().to_string());
                add(
                    p,
                    KeyUse {
                        topic: t as u32,
                        phrase: Some(i),
                    },
                );
            }
            for x in &topic.exclude {
                add(
                    x,
                    KeyUse {
                        topic: t as u32,
                        phrase: None,
                    },
                );
            }
        }
        let mut keys: Vec<(String, Vec<KeyUse>)> = by_key.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        Taxonomy {
            search: WordSearch::new(&names),
            uses: keys.into_iter().map(|(_, u)| u).collect(),
            topics,
            phrases,
        }
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The topics `text` is about, in taxonomy order, with their evidence.
    pub fn find(&self, hay: &Hay<'_>) -> Vec<TopicMatch> {
        if self.topics.is_empty() {
            return Vec::new();
        }
        let text = hay.text();
        let excluded = hay.unsearchable();
        let found = self.search.find(hay, |start, end, _| {
            whole_word(text, start, end).is_some()
                && !excluded.iter().any(|&(s, e)| start < e && s < end)
        });
        if found.is_empty() {
            return Vec::new();
        }
        // Per topic: the phrases found, in order of first appearance.
        let mut evidence: Vec<Vec<u32>> = vec![Vec::new(); self.topics.len()];
        for f in found {
            for u in &self.uses[f.key] {
                if let Some(p) = u.phrase {
                    let list = &mut evidence[u.topic as usize];
                    if !list.contains(&p) {
                        list.push(p);
                    }
                }
            }
        }
        evidence
            .into_iter()
            .enumerate()
            .filter(|(_, e)| !e.is_empty())
            .map(|(t, e)| TopicMatch {
                topic: self.topics[t].name.clone(),
                evidence: e
                    .iter()
                    .map(|&p| self.phrases[p as usize].clone())
                    .collect(),
            })
            .collect()
    }
}

/// Whether a wiki-link target names a dated note (`2025-10-31 - …`), which
/// is not a topic.
pub fn is_dated_note(target: &str) -> bool {
    let b = target.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::parse(
            r#"
            [[topic]]
            name = "Pricing"
            phrases = ["pricing", "price", "discount", "PAYGO"]
            exclude = ["price of admission"]

            [[topic]]
            name = "Cloud"
            phrases = ["Azure", "cloud"]

            [[topic]]
            name = "Hiring"
            phrases = ["hiring", "headcount", "offer letter"]
            "#,
            "topics.toml",
        )
        .unwrap()
    }

    fn find(text: &str) -> Vec<(String, Vec<String>)> {
        taxonomy()
            .find(&crate::text::words::HayBuf::default().hay(text))
            .into_iter()
            .map(|m| (m.topic, m.evidence))
            .collect()
    }

    #[test]
    fn phrases_inflections_and_evidence() {
        assert_eq!(
            find("Two discounts and the PAYGO price's floor on azure."),
            [
                (
                    "Pricing".into(),
                    vec!["discount".into(), "PAYGO".into(), "price".into()]
                ),
                ("Cloud".into(), vec!["Azure".into()]),
            ]
        );
        assert_eq!(
            find("Offer letters went out"),
            [("Hiring".into(), vec!["offer letter".into()])]
        );
    }

    #[test]
    fn whole_words_only_and_excludes_win() {
        assert!(find("Priceless cloudy discountenance").is_empty());
        assert!(find("that was the price of admission").is_empty());
        assert!(
            find("see https://example.com/pricing").is_empty(),
            "not inside URLs"
        );
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let err = Taxonomy::parse("[[topic]]\nname = \"X\"\nphrases = []\n", "t.toml").unwrap_err();
        assert!(err.to_string().contains("topic 1 needs a name"), "{err}");
        let err = Taxonomy::parse("[[topic]\n", "t.toml").unwrap_err();
        assert!(err.to_string().starts_with("t.toml: "), "{err}");
    }

    #[test]
    fn dated_notes_are_not_topics() {
        assert!(is_dated_note("2025-10-31 - Jason and Kushal"));
        assert!(!is_dated_note("Google Distributed Cloud RFP"));
    }
}
