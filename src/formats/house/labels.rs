//! Splitting a speaker label from the text it is glued to.
//!
//! In the house format the label and the text have no separator:
//! `Jason ValleryYeah`, `RemoteI'm`, `Jason Valleryso uh`. The last one
//! cannot be split by looking at it alone, so the labels of a transcript are
//! decided first, over all of its lines, and every line is then split at
//! the longest label it starts with.
//!
//! The labels of a transcript are:
//!
//! - **known** names that start at least one line: the note's participants,
//!   names and aliases from the people dictionary, and the placeholders
//!   `Remote` and `Unknown Speaker`. A one-word name (`Rob`) counts only if
//!   some line has it followed by something other than a lowercase letter,
//!   so that `Robert…` does not yield `Rob` + `ert…` (placeholders count
//!   whatever follows them);
//! - **learned** names, read off glue points: where a lowercase letter is
//!   followed by an uppercase letter (`ValleryYeah`) or by punctuation that
//!   opens speech (`Remote(keyboard`, `Vallery- Yeah`, `Vallery>> I`), the
//!   text before it is a candidate if it has the shape of a name (one to
//!   five capitalised words of letters). Name particles glued to the rest
//!   of the name (`McDonald`, `DeShawn`, `LeBron`) are not glue points.
//!
//! Candidates are taken shortest first, and one that merely extends an
//! accepted label with glued text is rejected: once `Jason Vallery` is a
//! label, `Jason ValleryYeah` (from `Jason ValleryYeah, I think`) is that
//! label plus a word, not a second speaker. An extension after a space is
//! kept (`Jason` and `Jason Vallery` may both be speakers). `Speaker 1`
//! style labels (`SPEAKER_00` from diarisation tools) match by pattern.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::formats::Names;

/// Placeholder labels that are known to every transcript.
pub const PLACEHOLDERS: &[&str] = &["Remote", "Unknown Speaker"];

/// Longest label considered, in bytes.
const MAX_LABEL: usize = 64;

/// Lowercase words allowed inside names (`Ana de Souza`, `Ludwig van Dyke`).
const PARTICLES: &[&str] = &[
    "al", "bin", "ben", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el",
    "la", "le", "st", "ten", "ter", "van", "von", "y", "zu",
];

/// Name prefixes glued to a capital inside one name: `McDonald`,
/// `MacArthur`, `DeShawn`, `DiCaprio`, `LaToya`, `LeBron`, `VanDyke`.
const CAMEL_PREFIXES: &[&str] = &[
    "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz",
];

static NUMBERED_SPEAKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[Ss]peaker|SPEAKER)[ _]?\d{1,3}").expect("valid regex"));

/// The labels of one transcript.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// Longest first, so the first prefix match is the longest.
    by_length: Vec<String>,
}

impl Labels {
    /// Decides the labels from the text after the timestamp of each line.
    pub fn learn<'a>(rests: &[&'a str], known: &'a [String], dict: &dyn Names) -> Labels {
        // Every label is a slice of a line, of `known` or a placeholder, so
        // nothing is allocated until the labels are decided. Most lines
        // only give evidence for a label accepted already: a known name
        // once accepted is not looked at again, and the dictionary's name
        // for a line is skipped when it is a known name, whose evidence the
        // line has given already.
        let mut accepted: BTreeSet<&'a str> = BTreeSet::new();
        let mut known_accepted = vec![false; known.len()];
        let mut candidates: Vec<&'a str> = Vec::new();
        for rest in rests {
            let s = rest.trim_start();
            let first = s.as_bytes().first();
            for (k, done) in known.iter().zip(&mut known_accepted) {
                if !*done
                    && k.as_bytes().first() == first
                    && s.starts_with(k.as_str())
                    && is_evidence(k, s)
                {
                    accepted.insert(k);
                    *done = true;
                }
            }
            if let Some(k) = dict.longest_prefix(s)
                && !known.iter().any(|n| n == k)
                && is_evidence(k, s)
            {
                accepted.insert(k);
            }
            // Placeholders need no evidence: a transcript whose only
            // `Remote` line is `Remotehi Ann.` still has a Remote speaker.
            for p in PLACEHOLDERS {
                if s.starts_with(p) {
                    accepted.insert(p);
                }
            }
            glue_points(s, |prefix| candidates.push(prefix));
        }

        candidates.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        candidates.dedup();
        for c in candidates {
            let extends_accepted = accepted
                .iter()
                .any(|a| c.len() > a.len() && c.starts_with(a) && is_glued(&c[a.len()..]));
            if !extends_accepted {
                accepted.insert(c);
            }
        }

        let mut by_length: Vec<String> = accepted.into_iter().map(str::to_string).collect();
        by_length.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        Labels { by_length }
    }

    /// Splits the text after a timestamp into its label and the spoken text.
    /// `None` when the line starts with no label.
    ///
    /// A line that starts with none of the transcript's labels may still
    /// separate its label with a colon (`[00:00:01] Alice: The contract…`);
    /// that is tried last, so a glued label wins over a colon in the text
    /// (`Jason ValleryNote: …`).
    pub fn split<'a>(&self, rest: &'a str) -> Option<(&'a str, &'a str)> {
        let s = rest.trim_start();
        // Most labels differ in their first byte: compared before the rest.
        let first = s.as_bytes().first();
        let named = self
            .by_length
            .iter()
            .find(|l| l.as_bytes().first() == first && s.starts_with(l.as_str()))
            .map(String::len);
        // The pattern starts with `S` or `s`: most lines need no regex.
        let numbered = match first {
            Some(b'S' | b's') => NUMBERED_SPEAKER.find(s).map(|m| m.end()),
            _ => None,
        };
        match (named, numbered) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
        .map(|end| (&s[..end], after_label(&s[end..])))
        .or_else(|| colon_label(s))
    }

    /// The labels, longest first.
    pub fn as_slice(&self) -> &[String] {
        &self.by_length
    }
}

/// The text after a label, without the separating `: ` if the label had one.
fn after_label(s: &str) -> &str {
    match s.strip_prefix(':') {
        Some(r) if r.is_empty() || r.starts_with(char::is_whitespace) => r.trim_start(),
        _ => s.trim_start(),
    }
}

/// `Name: text` → `("Name", "text")`, for a name-shaped or numbered label.
fn colon_label(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(':').filter(|&i| i <= MAX_LABEL)?;
    let (label, after) = (&s[..colon], &s[colon + 1..]);
    let numbered = NUMBERED_SPEAKER
        .find(label)
        .is_some_and(|m| m.end() == label.len());
    let spaced = after.is_empty() || after.starts_with(char::is_whitespace);
    (spaced && (numbered || is_name_shaped(label))).then(|| (label, after.trim_start()))
}

/// A suffix is glued when it starts right after the label, without space.
fn is_glued(suffix: &str) -> bool {
    suffix.chars().next().is_some_and(|c| !c.is_whitespace())
}

/// Whether a line that starts with `label` is evidence for it: always for
/// a name of several words, and for one word only when no lowercase letter
/// follows (`Rob` is no label of `Robert…`).
fn is_evidence(label: &str, line: &str) -> bool {
    label.contains(' ')
        || !line[label.len()..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// Calls `f` with every name-shaped prefix of `s` that ends at a glue point.
///
/// The walk stops as soon as no longer prefix can be name-shaped: after a
/// character no name has, a complete word no name has, a sixth word, or
/// white space other than one space. Every line of a transcript is walked,
/// and most are a label and then speech, which ends the walk in a word or
/// two.
///
/// The walk checks every character once: the words before the current one
/// were checked at the space after them, and every character of the current
/// one is a name character, so whether a prefix is name-shaped
/// ([`is_name_shaped`]) comes down to its length, the first letter of the
/// current word, and whether some word so far is capitalised.
fn glue_points<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = s.as_bytes();
    let mut prev_lower = false;
    let mut word_start = 0;
    let mut spaces = 0;
    // The current word starts with a capital; some word before it did.
    let mut capitalised = false;
    let mut any_capitalised = false;
    let mut i = 0;
    while i < bytes.len() && i <= MAX_LABEL {
        // Most characters walked are lowercase letters inside a word: name
        // characters that open no speech and start no capitalised word.
        // Those of ASCII and Latin-1 (`ö`, `é`, `ß`) are told by their
        // bytes; only the others are decoded and judged.
        let lowercase_width = simple_lowercase(&bytes[i..]);
        if lowercase_width > 0 {
            prev_lower = true;
            i += lowercase_width;
            continue;
        }
        let c = s[i..].chars().next().expect("i is at a character");
        let after = i + c.len_utf8();
        if prev_lower && opens_speech(c, &s[after..]) {
            let word = &s[word_start..i];
            let glued_particle = c.is_uppercase() && CAMEL_PREFIXES.contains(&word);
            let name_word = capitalised || PARTICLES.contains(&word);
            if !glued_particle && i >= 2 && name_word && (capitalised || any_capitalised) {
                f(&s[..i]);
            }
        }
        if c == ' ' {
            spaces += 1;
            let word = &s[word_start..i];
            let name_word = capitalised || (!word.is_empty() && PARTICLES.contains(&word));
            if spaces == 5 || !name_word {
                break;
            }
            any_capitalised |= capitalised;
            capitalised = false;
            prev_lower = false;
            word_start = after;
        } else if !is_name_char(c) {
            break;
        } else {
            if i == word_start {
                capitalised = c.is_uppercase();
            }
            prev_lower = c.is_lowercase();
        }
        i = after;
    }
}

/// The width in bytes of the lowercase letter `b` starts with, if it is
/// one of ASCII (`a` to `z`) or Latin-1 (`ß` to `ÿ`, U+00DF to U+00FF
/// without `÷`, in UTF-8 `C3 9F` to `C3 BF`); otherwise 0.
fn simple_lowercase(b: &[u8]) -> usize {
    match b {
        [b'a'..=b'z', ..] => 1,
        [0xC3, 0x9F..=0xB6 | 0xB8..=0xBF, ..] => 2,
        _ => 0,
    }
}

/// Whether `c` (followed by the text `after`) can be the first character
/// of speech glued to a label that ends in a lowercase letter.
fn opens_speech(c: char, after: &str) -> bool {
    if c.is_uppercase() || c.is_ascii_digit() {
        return true;
    }
    match c {
        // A dash opens speech only as a marker (`- Yeah`); `Smith-Jones` is a name.
        '-' | '–' | '—' => after.chars().next().is_none_or(char::is_whitespace),
        '>' | '(' | '[' | '"' | '“' | '«' | '…' | '*' | '¿' | '¡' => true,
        _ => false,
    }
}

/// One to five words separated by single spaces; each word capitalised (or
/// a lowercase name particle) and made of letters, apostrophes, hyphens and
/// periods; at least one capitalised word.
fn is_name_shaped(s: &str) -> bool {
    if s.len() < 2 || s.len() > MAX_LABEL || s.split(' ').nth(5).is_some() {
        return false;
    }
    s.split(' ').all(is_name_word)
        && s.split(' ')
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A word a name may have: capitalised or a particle, of name characters.
fn is_name_word(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|first| first.is_uppercase() || PARTICLES.contains(&w))
        && w.chars().all(is_name_char)
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn learn(lines: &[&str]) -> Labels {
        Labels::learn(lines, &[], &NoNames)
    }

    fn split_all(lines: &[&str], known: &[&str]) -> Vec<(String, String)> {
        let known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
        let labels = Labels::learn(lines, &known, &NoNames);
        lines
            .iter()
            .map(|l| {
                let (a, b) = labels.split(l).unwrap_or(("?", l));
                (a.to_string(), b.to_string())
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn uppercase_glue_teaches_the_label_for_lowercase_lines() {
        let lines = [
            "  Jason ValleryJeff. Hi, how are you?",
            "  Jason Valleryso uh okay",
            "   RemoteI'm in a hotel room.",
            "   Remoteso they say",
        ];
        assert_eq!(
            split_all(&lines, &[]),
            pairs(&[
                ("Jason Vallery", "Jeff. Hi, how are you?"),
                ("Jason Vallery", "so uh okay"),
                ("Remote", "I'm in a hotel room."),
                ("Remote", "so they say"),
            ])
        );
    }

    #[test]
    fn punctuation_glue_points() {
        let lines = [
            "Mara Quist- Yeah.",
            "Mara Quist>> I did",
            "Remote(keyboard clacking)",
            "Mara Quist\"Quoted\" she said",
            "Mara Quist4 o'clock",
        ];
        let got = split_all(&lines, &[]);
        let labels: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Mara Quist",
                "Mara Quist",
                "Remote",
                "Mara Quist",
                "Mara Quist"
            ]
        );
        assert_eq!(
            got[0].1, "- Yeah.",
            "markers are stripped later, by the format"
        );
        assert_eq!(got[4].1, "4 o'clock");
    }

    #[test]
    fn glued_first_words_do_not_become_labels() {
        let lines = [
            "Jason ValleryYeah, I think so.",
            "Jason ValleryYeah, sure.",
            "Jason ValleryHmm, fun.",
            "Jason ValleryiPhone stuff",
        ];
        assert_eq!(learn(&lines).as_slice(), ["Jason Vallery"]);
    }

    #[test]
    fn name_particles_glued_to_capitals_are_not_glue_points() {
        let lines = [
            "Angus McDonaldYes.",
            "Angus McDonaldsure",
            "DeShawn LeBlancOkay",
        ];
        assert_eq!(
            split_all(&lines, &[]),
            pairs(&[
                ("Angus McDonald", "Yes."),
                ("Angus McDonald", "sure"),
                ("DeShawn LeBlanc", "Okay"),
            ])
        );
    }

    #[test]
    fn hyphenated_names_survive() {
        let lines = ["Anna Smith-JonesRight.", "Anna Smith-Joneswell"];
        assert_eq!(
            split_all(&lines, &[])[1],
            ("Anna Smith-Jones".into(), "well".into())
        );
    }

    #[test]
    fn known_names_split_lines_that_teach_nothing() {
        // Every line of Liraz starts lowercase: no glue point, but she is a participant.
        let lines = [
            "Liraz Ben Orwell, we",
            "Liraz Ben Orso the board",
            "Jason ValleryOK",
        ];
        assert_eq!(
            split_all(&lines, &["Liraz Ben Or"]),
            pairs(&[
                ("Liraz Ben Or", "well, we"),
                ("Liraz Ben Or", "so the board"),
                ("Jason Vallery", "OK"),
            ])
        );
    }

    #[test]
    fn regression_remote_whose_only_line_starts_lowercase() {
        let lines = ["Ann LeeHello Bo.", "Remotehi Ann."];
        assert_eq!(
            split_all(&lines, &[])[1],
            ("Remote".into(), "hi Ann.".into())
        );
    }

    #[test]
    fn one_word_known_names_need_evidence() {
        let lines = ["Robert KaneHi", "Robert Kanesure"];
        let got = split_all(&lines, &["Rob"]);
        assert_eq!(got[1], ("Robert Kane".into(), "sure".into()));
        let labels = Labels::learn(&lines, &["Rob".into()], &NoNames);
        assert!(!labels.as_slice().contains(&"Rob".to_string()));
    }

    #[test]
    fn the_longest_label_wins_and_spaced_extensions_are_separate_speakers() {
        let lines = ["JasonOK then", "Jason ValleryRight", "Jason Valleryso"];
        assert_eq!(
            split_all(&lines, &[]),
            pairs(&[
                ("Jason", "OK then"),
                ("Jason Vallery", "Right"),
                ("Jason Vallery", "so")
            ])
        );
    }

    #[test]
    fn numbered_speakers_match_by_pattern() {
        let lines = ["Speaker 1okay", "SPEAKER_00Hello", "Speaker 12Right"];
        let labels: Vec<String> = split_all(&lines, &[]).into_iter().map(|p| p.0).collect();
        assert_eq!(labels, ["Speaker 1", "SPEAKER_00", "Speaker 12"]);
    }

    #[test]
    fn colon_labels_when_nothing_is_glued() {
        let lines = [
            " Alice: The contract renews.",
            " Bob Ng: Only if: never.",
            " Speaker 2: yes",
        ];
        assert_eq!(
            split_all(&lines, &[]),
            pairs(&[
                ("Alice", "The contract renews."),
                ("Bob Ng", "Only if: never."),
                ("Speaker 2", "yes"),
            ])
        );
        // A glued label wins over a colon further on.
        assert_eq!(
            split_all(&["Jason ValleryNote: the plan", "Jason ValleryOK"], &[])[0],
            ("Jason Vallery".into(), "Note: the plan".into())
        );
        assert_eq!(learn(&[]).split("Note:the plan"), None);
        assert_eq!(learn(&[]).split("so what: the plan"), None);
    }

    #[test]
    fn no_label_is_none() {
        let labels = learn(&["Ann LeeHi"]);
        assert_eq!(labels.split("so what"), None);
    }

    #[test]
    fn name_shape() {
        assert!(is_name_shaped("Liraz Ben Or"));
        assert!(is_name_shaped("Ana de Souza"));
        assert!(is_name_shaped("Zoë Hartmann"));
        assert!(is_name_shaped("A.L."));
        assert!(!is_name_shaped("Yeah, I"));
        assert!(!is_name_shaped("so I"));
        assert!(!is_name_shaped("Ann  Lee"));
        assert!(!is_name_shaped("One Two Three Four Five Six"));
    }

    #[test]
    fn simple_lowercase_letters_are_the_lowercase_letters_of_latin1() {
        for c in '\0'..='\u{7FF}' {
            let mut utf8 = [0; 2];
            let width = simple_lowercase(c.encode_utf8(&mut utf8).as_bytes());
            let letters = c.is_ascii() || ('\u{C0}'..='\u{FF}').contains(&c);
            assert_eq!(width > 0, letters && c.is_lowercase(), "{c:?}");
            // What the walk skips for such a letter.
            if width > 0 {
                assert_eq!(width, c.len_utf8());
                assert!(
                    is_name_char(c) && !c.is_uppercase() && !opens_speech(c, ""),
                    "{c:?}"
                );
            }
        }
    }

    /// The walk as it was before it stopped early: every glue point in the
    /// first [`MAX_LABEL`] bytes, each prefix judged whole.
    fn glue_points_reference(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        let mut word_start = 0;
        for (i, c) in s.char_indices() {
            if i > MAX_LABEL {
                break;
            }
            if let Some(p) = prev
                && p.is_lowercase()
                && opens_speech(c, &s[i + c.len_utf8()..])
            {
                let glued = c.is_uppercase() && CAMEL_PREFIXES.contains(&&s[word_start..i]);
                if !glued && is_name_shaped(&s[..i]) {
                    out.push(&s[..i]);
                }
            }
            if c.is_whitespace() {
                word_start = i + c.len_utf8();
            }
            prev = Some(c);
        }
        out
    }

    /// Labels as they were decided before the walk judged each character
    /// once and evidence was taken without allocating: every rule applied
    /// as the module doc states it, over the reference walk.
    fn learn_reference(rests: &[&str], known: &[String], dict: &dyn Names) -> Vec<String> {
        let starts: Vec<&str> = rests.iter().map(|r| r.trim_start()).collect();
        let mut accepted: BTreeSet<String> = BTreeSet::new();
        let mut evidence = |label: &str, rest: &str| {
            let next = rest[label.len()..].chars().next();
            if label.contains(' ') || !next.is_some_and(char::is_lowercase) {
                accepted.insert(label.to_string());
            }
        };
        for s in &starts {
            let first = s.as_bytes().first();
            for k in known {
                if k.as_bytes().first() == first && s.starts_with(k.as_str()) {
                    evidence(k, s);
                }
            }
            if let Some(k) = dict.longest_prefix(s) {
                evidence(k, s);
            }
        }
        for p in PLACEHOLDERS {
            if starts.iter().any(|s| s.starts_with(p)) {
                accepted.insert(p.to_string());
            }
        }
        let candidates: BTreeSet<&str> = starts
            .iter()
            .flat_map(|s| glue_points_reference(s))
            .collect();
        let mut candidates: Vec<&str> = candidates.into_iter().collect();
        candidates.sort_by_key(|c| (c.len(), *c));
        for c in candidates {
            let extends_accepted = accepted
                .iter()
                .any(|a| c.len() > a.len() && c.starts_with(a.as_str()) && is_glued(&c[a.len()..]));
            if !extends_accepted {
                accepted.insert(c.to_string());
            }
        }
        let mut by_length: Vec<String> = accepted.into_iter().collect();
        by_length.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        by_length
    }

    /// A dictionary of a few names, searched one by one.
    struct ListNames(Vec<String>);

    impl Names for ListNames {
        fn longest_prefix<'t>(&self, text: &'t str) -> Option<&'t str> {
            self.0
                .iter()
                .filter(|n| text.starts_with(n.as_str()))
                .map(|n| &text[..n.len()])
                .max_by_key(|n| n.len())
        }
    }

    /// Pieces that make names, glued labels, speech and everything that
    /// ends a walk.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "Ann", "ann", "Lee", "de", "van", "McDonald", "Mc", "De", "Shawn", "Jürgen", "Élodie",
        "so", "I", "A", "Yeah", "Remote", "Unknown Speaker", "ß", "÷", "ø", "Ø", "×", "ÿ",
        " ", " ", "  ", "\t", "-", "- ", "(", ">>", "“", "’", "'", ".", ",", ":", "1", "é", "ÉTÉ",
        "x",
    ];

    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(proptest::sample::select(PIECES), 0..16).prop_map(|p| p.concat())
    }

    fn names() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        use proptest::strategy::Strategy;
        let name = proptest::collection::vec(proptest::sample::select(PIECES), 1..4)
            .prop_map(|p| p.concat());
        proptest::collection::vec(name, 0..4)
    }

    /// Known names, dictionary names, and lines of which many start with
    /// one of them.
    fn case() -> impl proptest::strategy::Strategy<Value = (Vec<String>, Vec<String>, Vec<String>)>
    {
        use proptest::strategy::{Just, Strategy};
        (names(), names()).prop_flat_map(|(known, dict)| {
            let heads: Vec<String> = std::iter::once(String::new())
                .chain(known.iter().cloned())
                .chain(dict.iter().cloned())
                .collect();
            let line = (proptest::sample::select(heads), line()).prop_map(|(h, t)| h + &t);
            (
                Just(known),
                Just(dict),
                proptest::collection::vec(line, 0..12),
            )
        })
    }

    proptest::proptest! {
        #[test]
        fn stopping_early_finds_the_same_glue_points(s in line()) {
            let mut found = Vec::new();
            glue_points(&s, |p| found.push(p));
            proptest::prop_assert_eq!(found, glue_points_reference(&s));
        }

        #[test]
        fn learning_decides_the_labels_of_the_reference((known, dict, lines) in case()) {
            let rests: Vec<&str> = lines.iter().map(String::as_str).collect();
            let dict = ListNames(dict);
            let got = Labels::learn(&rests, &known, &dict);
            proptest::prop_assert_eq!(got.as_slice(), learn_reference(&rests, &known, &dict));
        }
    }
}
