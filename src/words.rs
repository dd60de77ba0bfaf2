//! Finding whole-word keys in text, whatever their case and accents: the
//! search that people's names and topic phrases share.
//!
//! Keys are folded ([`crate::people::fold`]) and compiled into one
//! ASCII-case-insensitive, leftmost-longest Aho-Corasick DFA. A line of pure
//! ASCII is searched as it is; any other line is folded first, with a map
//! back to the original. Each find is offered to the caller's judgement on
//! the original text; when it is refused, the next shorter key at the same
//! start is offered (`Will Smithson` still gives `Will` when `Will Smith`
//! is refused), and after that the search moves on by one character.
//!
//! The judgements shared by every caller are here too: [`whole_word`]
//! (Unicode word boundaries, with a possessive `'s`) and [`unsearchable`]
//! (URLs and e-mail addresses, where no word is a mention of anything).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::Regex;

use crate::people::fold::Folded;

/// A compiled set of folded keys.
#[derive(Debug, Default)]
pub struct WordSearch {
    ac: Option<AhoCorasick>,
}

/// A key found and accepted: byte range in the original text, and which key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub key: usize,
}

impl WordSearch {
    /// Compiles `keys`, already folded, in order (a key's index is its id).
    pub fn new<K: AsRef<[u8]>>(keys: &[K]) -> WordSearch {
        let ac = (!keys.is_empty()).then(|| {
            // A DFA: built once per run and searched in every line; with
            // thousands of keys the default NFA is several times slower.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .start_kind(StartKind::Both)
                .kind(Some(AhoCorasickKind::DFA))
                .build(keys)
                .expect("folded keys build an automaton")
        });
        WordSearch { ac }
    }

    /// The keys in `text` that `accept` takes (given the original byte
    /// range and the key), left to right, none overlapping. `folded` is a
    /// buffer to reuse.
    pub fn find(
        &self,
        text: &str,
        folded: &mut Folded,
        mut accept: impl FnMut(usize, usize, usize) -> bool,
    ) -> Vec<Found> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let ascii = text.is_ascii();
        if !ascii {
            folded.fold(text);
        }
        let hay: &[u8] = if ascii { text.as_bytes() } else { &folded.text };
        let to_original = |s: usize, e: usize| {
            if ascii {
                Some((s, e))
            } else {
                folded.original(s, e, text)
            }
        };
        let mut out = Vec::new();
        let mut at = 0;
        while at < hay.len() {
            let Some(first) = ac.find(Input::new(hay).span(at..hay.len())) else {
                break;
            };
            // The longest key here, then shorter ones, until one is taken.
            let mut candidate = Some(first);
            let mut taken = None;
            while let Some(m) = candidate {
                if let Some((start, end)) = to_original(m.start(), m.end())
                    && accept(start, end, m.pattern().as_usize())
                {
                    taken = Some((m, start, end));
                    break;
                }
                candidate = (m.end() - m.start() > 1)
                    .then(|| {
                        ac.find(
                            Input::new(hay)
                                .span(m.start()..m.end() - 1)
                                .anchored(Anchored::Yes),
                        )
                    })
                    .flatten();
            }
            match taken {
                Some((m, start, end)) => {
                    out.push(Found {
                        start,
                        end,
                        key: m.pattern().as_usize(),
                    });
                    at = m.end();
                }
                None => at = first.start() + 1,
            }
        }
        out
    }
}

/// Whether `text[start..end]` stands as whole words: the characters on
/// both sides are not letters, digits, `_` or combining marks. `Some(true)`
/// when it is followed by a possessive `'s`/`’s`, `None` when it is not a
/// whole word.
pub fn whole_word(text: &str, start: usize, end: usize) -> Option<bool> {
    let before = text[..start].chars().next_back();
    let rest = &text[end..];
    let possessive = ["'s", "’s"].iter().any(|s| {
        rest.strip_prefix(s)
            .is_some_and(|r| !r.chars().next().is_some_and(is_word_char))
    });
    let after = rest.chars().next();
    let bounded =
        !before.is_some_and(is_word_char) && (possessive || !after.is_some_and(is_word_char));
    bounded.then_some(possessive)
}

/// The length of the possessive `'s`/`’s` at the start of `rest`.
pub fn possessive_len(rest: &str) -> usize {
    if rest.starts_with('’') {
        "’s".len()
    } else {
        "'s".len()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+").expect("valid regex"));

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*").expect("valid regex"));

/// Byte ranges of the URLs and e-mail addresses in `text`. The regexes run
/// only where they can match: most text has neither.
pub fn unsearchable(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if text.contains("://") || text.contains("www.") {
        out.extend(URL.find_iter(text).map(|m| (m.start(), m.end())));
    }
    if text.contains('@') {
        out.extend(EMAIL.find_iter(text).map(|m| (m.start(), m.end())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_possessives() {
        assert_eq!(whole_word("Sam said", 0, 3), Some(false));
        assert_eq!(whole_word("Samsung", 0, 3), None);
        assert_eq!(whole_word("Léanne", 0, 4), None, "é is a letter");
        assert_eq!(whole_word("Sam's", 0, 3), Some(true));
        assert_eq!(whole_word("Sam’s team", 0, 3), Some(true));
        assert_eq!(
            whole_word("Sam'sy", 0, 3),
            Some(false),
            "a whole word, not a possessive"
        );
    }

    #[test]
    fn urls_and_addresses_are_unsearchable() {
        let text = "see https://x.org/Sam and sam@x.org or www.sam.io";
        let spans: Vec<&str> = unsearchable(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(spans, ["https://x.org/Sam", "www.sam.io", "sam@x.org"]);
        assert!(unsearchable("plain text. Nothing here").is_empty());
    }

    #[test]
    fn a_refused_find_gives_way_to_a_shorter_key_then_moves_on() {
        let search = WordSearch::new(&["will smith", "will", "ill"]);
        let text = "Will Smithson";
        let found = search.find(text, &mut Folded::default(), |s, e, _| {
            whole_word(text, s, e).is_some()
        });
        let words: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(words, ["Will"]);
    }
}
