//! Noise flags for turns: what a reader of a transcript table usually wants
//! to filter out, marked rather than deleted.
//!
//! - `nonspeech`: nothing but annotations (`(keyboard clacking)`,
//!   `[BLANK_AUDIO]`, `INAUDIBLE`, `♪`), or no text at all.
//! - `hallucination`: a phrase recognisers write where there was no speech
//!   (`Thanks for watching`, `I'll see you in the next video`; the list is
//!   `data/asr-hallucinations.txt`, built in); one phrase looping (a word
//!   or up to four words repeated, filling most of a turn of six words or
//!   more); or a short turn (at most 12 words) marked as silence
//!   (`(silence)`, `[BLANK_AUDIO]`, `BLANK`): recognisers invent text over
//!   silence (`(silence) Thank you very much.`).
//! - `short`: one or two words of speech.
//!
//! Chat messages carry what they do as flags too (the format says so, not
//! the text): `reaction` (`Reacted to "…" with 👍`: no words of its own)
//! and `reply` (an answer to an earlier message).

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Serialize;

use crate::model::char_class;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flag {
    Nonspeech,
    Hallucination,
    Short,
    Reaction,
    Reply,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Nonspeech => "nonspeech",
            Flag::Hallucination => "hallucination",
            Flag::Short => "short",
            Flag::Reaction => "reaction",
            Flag::Reply => "reply",
        }
    }
}

/// Annotations: `(…)`, `[…]`, and the words recognisers write for sounds.
static ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\([^()]*\)|\[[^\[\]]*\]|♪+|(?:INAUDIBLE|CROSSTALK|BLANK_AUDIO|BLANK)\b|\b(?:inaudible|crosstalk)\b",
    )
    .expect("valid regex")
});

/// The words of [`ANNOTATION`] that need no bracket, as they are written:
/// a turn without them or a bracket has no annotation.
static ANNOTATION_WORDS: LazyLock<Literals> =
    LazyLock::new(|| Literals::new(&["INAUDIBLE", "CROSSTALK", "BLANK", "inaudible", "crosstalk"]));

/// A few literal strings, searched for with SIMD where the processor has
/// it (Teddy), else with an automaton: the quick tests that spare most
/// turns a regex or a walk of the phrase automaton.
enum Literals {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Literals {
    fn new(words: &[&str]) -> Literals {
        match aho_corasick::packed::Searcher::new(words.iter()) {
            Some(packed) => Literals::Packed(packed),
            None => Literals::Automaton(AhoCorasick::new(words).expect("words build an automaton")),
        }
    }

    fn is_match(&self, hay: impl AsRef<[u8]>) -> bool {
        match self {
            Literals::Packed(s) => s.find(hay).is_some(),
            Literals::Automaton(ac) => ac.is_match(hay.as_ref()),
        }
    }
}

/// Annotations that mean nobody spoke.
static SILENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[(\[]\s*(?:silence|no speech|blank[ _]audio)\s*[)\]]|BLANK")
        .expect("valid regex")
});

/// The built-in phrase list, normalised as turns are (see [`normalise`]):
/// ` phrase ` (spaces on both ends: whole words).
static PHRASES: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../data/asr-hallucinations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut norm = Normalised::default();
            normalise(l, &mut norm);
            String::from_utf8(norm.text).expect("normalised text is UTF-8")
        })
        .collect()
});

/// The phrases as one automaton.
static HALLUCINATIONS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // Every phrase starts with a space: a prefilter on it only slows the
    // search down ([`HALLUCINATION_WORDS`] is the prefilter).
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .prefilter(false)
        .build(PHRASES.iter())
        .expect("phrases build an automaton")
});

/// The longest word of each phrase: a turn holds a phrase only if it holds
/// one of these, which a vectorised search finds much faster than the
/// automaton walks the turn (there are a handful, and most are rare:
/// `watching`, `subscribe`, `video`).
static HALLUCINATION_WORDS: LazyLock<Literals> = LazyLock::new(|| {
    let mut words: Vec<&str> = PHRASES
        .iter()
        .filter_map(|p| p.split(' ').max_by_key(|w| w.len()))
        .collect();
    words.sort_unstable();
    words.dedup();
    Literals::new(&words)
});

/// Whether the normalised text of a turn holds a phrase of the list.
fn has_phrase(norm: &[u8]) -> bool {
    HALLUCINATION_WORDS.is_match(norm) && HALLUCINATIONS.is_match(norm)
}

/// A turn normalised (see [`normalise`]), in buffers reused between turns.
#[derive(Default)]
struct Normalised {
    /// ` we ll see `: each word followed by one space, after a space
    /// (UTF-8).
    text: Vec<u8>,
    /// Where each word starts in `text`.
    starts: Vec<usize>,
    /// Whether the original has a bracket or `♪`, where an annotation
    /// could start.
    bracket: bool,
    /// The words of the original as [`count_words`](crate::model::count_words) counts them (white
    /// space between, a letter or digit in each), taken in the same walk.
    counted: usize,
}

impl Normalised {
    fn words(&self) -> usize {
        self.starts.len()
    }

    fn word(&self, i: usize) -> &[u8] {
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&s| s) - 1;
        &self.text[start..end]
    }
}

/// What an ASCII byte is to [`normalise`]: part of a word (a letter or
/// digit), white space (for the word count), an apostrophe (dropped, not a
/// word gap) or a bracket; anything else is a word gap.
const LETTER: u8 = 1;
const SPACE: u8 = 2;
const APOSTROPHE: u8 = 4;
const BRACKET: u8 = 8;

static CLASS: [u8; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'\t'..=b'\r' | b' ' => SPACE,
            b'\'' => APOSTROPHE,
            b'(' | b'[' => BRACKET,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Writes `text` into `out` as words: folded, apostrophes dropped (`I'll`
/// → `ill`), anything else that is not a letter or digit a word gap. The
/// same walk counts the words as [`count_words`](crate::model::count_words) does, so that a turn's
/// text is read once for its flags and its word count.
fn normalise(text: &str, out: &mut Normalised) {
    out.text.clear();
    out.starts.clear();
    out.text.reserve(text.len() + 2);
    out.text.push(b' ');
    out.bracket = false;
    let mut in_word = false;
    // The word count's state: in a run of non-space, and whether the run
    // has a letter or digit yet.
    let (mut counted, mut in_run, mut alnum_run) = (0, false, false);
    fn letter(c: char, out: &mut Normalised, in_word: &mut bool) {
        if !*in_word {
            out.starts.push(out.text.len());
            *in_word = true;
        }
        let mut buf = [0; 4];
        out.text
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII, most of any text: one table look-up a byte. (Writing
            // runs into room made for them, without a push a byte, was
            // measured: a quarter more instructions.)
            i += 1;
            let class = CLASS[usize::from(b)];
            let is_letter = class & LETTER != 0;
            if is_letter {
                if !in_word {
                    out.starts.push(out.text.len());
                    in_word = true;
                }
                // Lower case; digits already have the bit.
                out.text.push(b | 0x20);
                // The rest of a run of ASCII letters and digits, most of
                // any text: none is a space, a bracket or a word gap.
                while let Some(&b) = bytes.get(i)
                    && b < 0x80
                    && CLASS[usize::from(b)] == LETTER
                {
                    out.text.push(b | 0x20);
                    i += 1;
                }
                in_run = true;
                alnum_run = true;
                continue;
            } else if class & APOSTROPHE == 0 && in_word {
                out.text.push(b' ');
                in_word = false;
            }
            out.bracket |= class & BRACKET != 0;
            let space = class & SPACE != 0;
            counted += usize::from(space & in_run & alnum_run);
            in_run = !space;
            alnum_run = (alnum_run | is_letter) & !space;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        let (space, alnum) = char_class(c);
        counted += usize::from(space & in_run & alnum_run);
        in_run = !space;
        alnum_run = (alnum_run | alnum) & !space;
        // Folding never makes a letter of what is not one.
        if c.is_alphanumeric() {
            crate::text::fold::fold_char(c, |f| {
                if f.is_alphanumeric() {
                    letter(f, out, &mut in_word);
                } else if in_word {
                    out.text.push(b' ');
                    in_word = false;
                }
            });
        } else if c != '’' && in_word {
            out.text.push(b' ');
            in_word = false;
        }
        out.bracket |= c == '♪';
    }
    if in_word {
        out.text.push(b' ');
    }
    out.counted = counted + usize::from(in_run && alnum_run);
}

/// What [`read`] finds in a turn's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub flags: Vec<Flag>,
    /// The words of the text, as [`count_words`](crate::model::count_words) counts them.
    pub words: usize,
}

/// The flags of a turn with this text.
pub fn flags(text: &str) -> Vec<Flag> {
    read(text).flags
}

/// The flags of a turn with this text, and its word count, from one walk
/// over the text (most turns need no other).
pub fn read(text: &str) -> Reading {
    thread_local! {
        static NORM: RefCell<(Normalised, Vec<u64>)> = RefCell::default();
    }
    NORM.with_borrow_mut(|(norm, prints)| {
        normalise(text, norm);
        let counted = norm.counted;
        let reading = |flags| Reading {
            flags,
            words: counted,
        };
        // Most turns have no annotation: no regex for them.
        let annotated = norm.bracket || ANNOTATION_WORDS.is_match(text);
        if annotated {
            normalise(&ANNOTATION.replace_all(text, " "), norm);
        }
        let words = norm.words();
        if words == 0 {
            return reading(vec![Flag::Nonspeech]);
        }
        let mut flags = Vec::new();
        let over_silence = annotated && words <= 12 && SILENCE.is_match(text);
        if over_silence || has_phrase(&norm.text) || loops(norm, prints) {
            flags.push(Flag::Hallucination);
        }
        if words <= 2 {
            flags.push(Flag::Short);
        }
        reading(flags)
    })
}

/// Whether one phrase of one to four words, repeated, fills at least three
/// quarters of a turn of six words or more.
fn loops(norm: &Normalised, prints: &mut Vec<u64>) -> bool {
    !cannot_loop(norm) && loops_exhaustively(norm, prints)
}

/// A necessary condition for [`loops`], checked in a few comparisons of
/// words (most turns fail it, and are spared the search). A loop starts in
/// the first quarter and fills three quarters, so it covers the middle half
/// of the turn, where each word is the word one phrase later. With more
/// than 16 words, the middle word and the four after it lie in that half:
/// if none of those four is the middle word, nothing loops. With fewer,
/// the first word of the loop, in the first quarter, comes back one phrase
/// later.
fn cannot_loop(norm: &Normalised) -> bool {
    let count = norm.words();
    let same = |a: usize, b: usize| norm.word(a) == norm.word(b);
    if count > 16 {
        let mid = count / 2;
        return (1..=4).all(|n| !same(mid, mid + n));
    }
    (0..=count / 4).all(|s| (1..=4).all(|n| s + n >= count || !same(s, s + n)))
}

/// [`loops`], by trying every phrase length and start.
fn loops_exhaustively(norm: &Normalised, prints: &mut Vec<u64>) -> bool {
    let count = norm.words();
    if count < 6 {
        return false;
    }
    // Words compared by a fingerprint first (length and first bytes),
    // and by their bytes only when those agree.
    prints.clear();
    prints.extend((0..count).map(|i| {
        let w = norm.word(i);
        let mut head = [0; 8];
        let n = w.len().min(7);
        head[..n].copy_from_slice(&w[..n]);
        head[7] = w.len().min(255) as u8;
        u64::from_le_bytes(head)
    }));
    let same = |a: usize, b: usize, n: usize| {
        (0..n).all(|k| prints[a + k] == prints[b + k] && norm.word(a + k) == norm.word(b + k))
    };
    for n in 1..=4 {
        let min_repeats = if n == 1 { 4 } else { 3 };
        // A loop covering three quarters starts in the first quarter.
        let mut start = 0;
        while start + n <= count && start * 4 <= count {
            let mut repeats = 1;
            while start + (repeats + 1) * n <= count && same(start, start + repeats * n, n) {
                repeats += 1;
            }
            if repeats >= min_repeats && repeats * n * 4 >= count * 3 {
                return true;
            }
            start += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_text_is_folded_words_and_single_spaces() {
        let mut n = Normalised::default();
        normalise("I'll SEE Zoë’s  — Straße… (x) 2nd♪", &mut n);
        assert!(n.bracket);
        normalise("word(x)", &mut n);
        assert!(n.bracket, "a bracket right after a word");
        normalise("I'll SEE Zoë’s  — Straße… (x) 2nd♪", &mut n);
        assert_eq!(n.text, b" ill see zoes strasse x 2nd ");
        let words: Vec<&[u8]> = (0..n.words()).map(|i| n.word(i)).collect();
        assert_eq!(
            words,
            [&b"ill"[..], b"see", b"zoes", b"strasse", b"x", b"2nd"]
        );
        assert!(n.bracket);
        normalise("…", &mut n);
        assert_eq!((&n.text[..], n.words(), n.bracket), (&b" "[..], 0, false));
    }

    /// The normalisation character by character, as the module docs say
    /// it: the words (folded letters and digits, apostrophes dropped), and
    /// whether there is a bracket or `♪`.
    fn reference(text: &str) -> (Vec<String>, bool) {
        let mut words = vec![String::new()];
        for c in text.chars() {
            let gap = |words: &mut Vec<String>| {
                if !words.last().unwrap().is_empty() {
                    words.push(String::new());
                }
            };
            if c.is_alphanumeric() {
                crate::text::fold::fold_char(c, |f| {
                    if f.is_alphanumeric() {
                        words.last_mut().unwrap().push(f);
                    } else {
                        gap(&mut words);
                    }
                });
            } else if c != '\'' && c != '’' {
                gap(&mut words);
            }
        }
        words.retain(|w| !w.is_empty());
        (words, text.contains(['(', '[', '♪']))
    }

    proptest::proptest! {
        /// The word count taken in the normalising walk is the one
        /// `count_words` gives, on any text: ASCII, Latin, punctuation,
        /// spaces of every kind.
        #[test]
        fn the_walk_counts_words_as_count_words_does(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", "Zoë", "I'll", " ", "\t", "\n", "\u{a0}", "\u{2009}", "—", "-", ">>",
                "(x)", "[", "♪", "’", "'", "2", "½", "日本", "e\u{301}", "_", "😀", ".",
            ][..]), 0..30)
        ) {
            let text: String = parts.concat();
            let mut n = Normalised::default();
            normalise(&text, &mut n);
            proptest::prop_assert_eq!(n.counted, crate::model::count_words(&text));
            let (words, bracket) = reference(&text);
            let found: Vec<&[u8]> = (0..n.words()).map(|i| n.word(i)).collect();
            let expected: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
            proptest::prop_assert_eq!(found, expected);
            proptest::prop_assert_eq!(n.bracket, bracket);
            let joined: String = words.iter().map(|w| format!("{w} ")).collect();
            let expected = format!(" {joined}");
            proptest::prop_assert_eq!(&n.text[..], expected.as_bytes());
            proptest::prop_assert_eq!(read(&text).words, crate::model::count_words(&text));
        }
    }

    #[test]
    fn annotations_only_are_nonspeech() {
        for t in [
            "(keyboard clacking) (keyboard clacking)",
            "[BLANK_AUDIO]",
            "(silence) (claps)",
            "INAUDIBLE",
            "♪♪",
            "",
        ] {
            assert_eq!(flags(t), [Flag::Nonspeech], "{t:?}");
        }
    }

    #[test]
    fn known_phrases_and_loops_are_hallucinations() {
        assert_eq!(
            flags("(keyboard clicking) I will see you in the next video"),
            [Flag::Hallucination]
        );
        assert_eq!(flags("Thanks for watching!"), [Flag::Hallucination]);
        assert_eq!(
            flags("I'll see you in the next video."),
            [Flag::Hallucination]
        );
        assert_eq!(
            flags("thank you thank you thank you thank you"),
            [Flag::Hallucination]
        );
        assert_eq!(
            flags("Okay okay okay okay okay okay"),
            [Flag::Hallucination]
        );
        assert_eq!(
            flags("(silence) (claps)Pause for the breakBLANK Thank you very much."),
            [Flag::Hallucination]
        );
        assert_eq!(
            flags("[BLANK_AUDIO] Thank you."),
            [Flag::Hallucination, Flag::Short]
        );
    }

    const WORDS: &[&str] = &["a", "b", "c", "dd"];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn the_quick_test_for_loops_never_turns_a_loop_away(
            before in proptest::collection::vec(proptest::sample::select(WORDS), 0..6),
            phrase in proptest::collection::vec(proptest::sample::select(WORDS), 1..5),
            repeats in 2usize..12,
            after in proptest::collection::vec(proptest::sample::select(WORDS), 0..6),
        ) {
            // A loop (most of the time) between other words.
            let looped = phrase.iter().copied().cycle().take(phrase.len() * repeats);
            let all: Vec<&str> = before.into_iter().chain(looped).chain(after).collect();
            let mut norm = Normalised::default();
            normalise(&all.join(" "), &mut norm);
            let mut prints = Vec::new();
            let looping = loops_exhaustively(&norm, &mut prints);
            proptest::prop_assert!(!(looping && cannot_loop(&norm)), "{:?}", all);
        }
    }

    #[test]
    fn every_phrase_passes_the_word_prefilter() {
        assert_eq!(PHRASES.len(), 20);
        for p in PHRASES.iter() {
            assert!(has_phrase(p.as_bytes()), "{p:?}");
            let inside = format!(" so{p}okay ");
            assert!(has_phrase(inside.as_bytes()), "{inside:?}");
        }
        assert!(!has_phrase(b" see you next week "));
        assert!(
            !has_phrase(b" thanks for watching"),
            "the last word ends at a space"
        );
    }

    #[test]
    fn a_long_turn_with_a_pause_in_it_is_speech() {
        let text = "So the plan is this (silence) we ship the beta on Friday and then \
                    we ask the design partners what they think of it";
        assert!(flags(text).is_empty());
    }

    #[test]
    fn real_speech_is_not_flagged_and_short_turns_are() {
        assert!(flags("We watched the demo; thanks for sending it.").is_empty());
        assert!(flags("no no no, that is not what I meant at all").is_empty());
        assert_eq!(flags("Bye!"), [Flag::Short]);
        assert_eq!(flags("(laughs) Yes, sure."), [Flag::Short]);
    }
}
