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

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Serialize;

use crate::people::fold::fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flag {
    Nonspeech,
    Hallucination,
    Short,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Nonspeech => "nonspeech",
            Flag::Hallucination => "hallucination",
            Flag::Short => "short",
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

/// Annotations that mean nobody spoke.
static SILENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[(\[]\s*(?:silence|no speech|blank[ _]audio)\s*[)\]]|BLANK")
        .expect("valid regex")
});

/// The built-in phrase list, normalised as turns are (see [`normalise`]),
/// as one automaton over ` phrase ` (spaces on both ends: whole words).
static HALLUCINATIONS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let phrases: Vec<String> = include_str!("../../data/asr-hallucinations.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| format!(" {} ", normalise(l)))
        .collect();
    AhoCorasick::new(phrases).expect("phrases build an automaton")
});

/// `text` as words separated by single spaces: folded, apostrophes
/// dropped (`I'll` → `ill`), anything else that is not a letter or digit a
/// word gap.
fn normalise(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if c != '\'' && c != '’' && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The flags of a turn with this text.
pub fn flags(text: &str) -> Vec<Flag> {
    // Most turns have no annotation at all: no regex for them.
    let annotated = text.contains(['(', '[', '♪'])
        || ["INAUDIBLE", "CROSSTALK", "BLANK", "inaudible", "crosstalk"]
            .iter()
            .any(|w| text.contains(w));
    let speech = if annotated {
        ANNOTATION.replace_all(text, " ")
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let norm = normalise(&speech);
    if norm.is_empty() {
        return vec![Flag::Nonspeech];
    }
    let words: Vec<&str> = norm.split(' ').collect();
    let mut flags = Vec::new();
    let over_silence = annotated && words.len() <= 12 && SILENCE.is_match(text);
    if over_silence || HALLUCINATIONS.is_match(&format!(" {norm} ")) || loops(&words) {
        flags.push(Flag::Hallucination);
    }
    if words.len() <= 2 {
        flags.push(Flag::Short);
    }
    flags
}

/// Whether one phrase of one to four words, repeated, fills at least three
/// quarters of a turn of six words or more.
fn loops(words: &[&str]) -> bool {
    if words.len() < 6 {
        return false;
    }
    for n in 1..=4 {
        let min_repeats = if n == 1 { 4 } else { 3 };
        let mut start = 0;
        while start + n <= words.len() {
            let unit = &words[start..start + n];
            let mut repeats = 1;
            while start + (repeats + 1) * n <= words.len()
                && &words[start + repeats * n..start + (repeats + 1) * n] == unit
            {
                repeats += 1;
            }
            if repeats >= min_repeats && repeats * n * 4 >= words.len() * 3 {
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
