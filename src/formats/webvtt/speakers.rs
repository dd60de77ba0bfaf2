//! Who speaks in each cue, and what is said once.
//!
//! The W3C format says who speaks only with voice spans; exporters say it
//! in other ways, and say some things twice. What a file does is decided
//! over the whole file ([`Conventions::learn`]), then each cue is cut into
//! pieces, each with a [`Voice`], for [`merge`](crate::formats::cues::merge):
//!
//! - **Voice spans** (`<v Ann>`): a named span is that speaker's piece; a
//!   `<v>` without a name is a piece by somebody unknown. Text after a
//!   span ends, in the same cue, goes on with that span's speaker.
//! - **Zoom labels** (`Ann Lee: Hello`), in a file without voice spans.
//!   A cue's first line (after a `>>` marker, in a file that has them)
//!   has a label's shape when it starts with up to 48 characters and six
//!   words before the first `:`, that `:` is followed by white space or
//!   ends the line, the label starts with a letter, digit, `@`, `_` or a
//!   `[`…`]` pair (whisper's `[SPEAKER_00]:`, whose brackets are dropped),
//!   is not only digits and has none of `? ! ; " “ ” …`. Labels are
//!   believed by how the file uses them: when at least 9 in 10 of the cues
//!   (and two or more) start with one, every label is (Zoom labels every
//!   cue, so a speaker heard once is still a speaker); when more than half
//!   do, the labels that start two cues or more are; otherwise none is, so
//!   a caption saying `Note: …` once is not a speaker. A believed label
//!   also starts a new piece at the start of a later line of a cue.
//! - **Speaker-change markers** (`>>`, `>>>`, written `&gt;&gt;` too),
//!   when two cues or more start a line with one: a marker starts a new
//!   piece by somebody unknown, wherever it is in a line (`successor
//!   agency. >> good morning`), and is removed; text without a marker goes
//!   on with whoever spoke before it, across cues. A marker is two or more
//!   `>` followed by white space or the end of the line.
//! - Otherwise a cue is by somebody unknown: a turn of its own.
//!
//! **Rolling captions** (YouTube's automatic ones) show each line twice:
//! as the new bottom line of one cue and as the top line of the next, with
//! 10 ms cues in between that only repeat. A file rolls when two cues or
//! more, and at least half of the cues after the first, start with the
//! line the cue before ends with (blank lines ignored). In such a file, a
//! cue whose first lines (up to four) repeat the previous cue's last lines
//! keeps only the lines after them, so each line is said once; a cue that
//! only repeats adds nothing.

use std::collections::{HashMap, HashSet};

use crate::formats::cues::{Cue, Voice};
use crate::formats::webvtt::cuetext::{Part, SpanVoice};
use crate::formats::webvtt::read::{VttCue, normalise};
use crate::model::LineNo;

/// How many of a cue's first lines may repeat the cue before.
const MAX_ROLL: usize = 4;

/// What a whole file does to say who speaks.
#[derive(Debug, Default)]
pub struct Conventions {
    rolling: bool,
    markers: bool,
    labels: HashSet<String>,
}

impl Conventions {
    pub fn learn(cues: &[VttCue]) -> Conventions {
        let mut conv = Conventions::default();
        let voiced = cues
            .iter()
            .flat_map(|c| &c.lines)
            .flat_map(|l| &l.parts)
            .any(|p| matches!(p.voice, Some(SpanVoice::Named(_))));

        let (mut text_cues, mut repeats) = (0usize, 0usize);
        let mut before: Option<String> = None;
        let mut marker_cues = 0;
        for cue in cues {
            // Only a cue's first and last lines tell whether captions roll.
            let mut lines = cue.lines.iter().map(|l| l.text()).filter(|t| !t.is_empty());
            if let Some(first) = lines.next() {
                text_cues += 1;
                repeats += usize::from(before.as_ref() == Some(&first));
                before = Some(lines.next_back().unwrap_or(first));
            }
            marker_cues += usize::from(cue.lines.iter().any(|l| {
                l.parts
                    .first()
                    .is_some_and(|p| p.voice.is_none() && after_marker(&p.text).is_some())
            }));
        }
        conv.rolling = repeats >= 2 && repeats * 2 >= text_cues.saturating_sub(1);
        conv.markers = marker_cues >= 2;
        if !voiced {
            conv.labels = conv.believed_labels(cues);
        }
        conv
    }

    /// The labels believed, from the labels at the starts of cues.
    fn believed_labels(&self, cues: &[VttCue]) -> HashSet<String> {
        let (mut considered, mut labelled) = (0usize, 0usize);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for cue in cues {
            let Some(part) = cue
                .lines
                .iter()
                .find(|l| l.parts.iter().any(|p| !p.text.trim().is_empty()))
                .and_then(|l| l.parts.first())
            else {
                continue;
            };
            if part.voice.is_some() {
                continue;
            }
            let text = match self.markers {
                true => after_marker(&part.text).unwrap_or(&part.text),
                false => &part.text,
            };
            considered += 1;
            if let Some((label, _)) = label_shape(text) {
                labelled += 1;
                *counts.entry(label).or_default() += 1;
            }
        }
        let min_uses = if labelled >= 2 && labelled * 10 >= considered * 9 {
            1
        } else if labelled * 2 > considered {
            2
        } else {
            return HashSet::new();
        };
        counts
            .into_iter()
            .filter(|&(_, n)| n >= min_uses)
            .map(|(l, _)| l.to_string())
            .collect()
    }

    /// The pieces of every cue, in order, for [`crate::formats::cues::merge`].
    pub fn pieces(&self, cues: &[VttCue]) -> Vec<Cue> {
        let mut out = Vec::with_capacity(cues.len());
        let mut before: Vec<String> = Vec::new();
        for cue in cues {
            let repeated = if self.rolling {
                let texts = texts(cue);
                let repeated = overlap(&before, &texts);
                if !texts.is_empty() {
                    before = texts;
                }
                repeated
            } else {
                0
            };
            let mut b = Builder {
                conv: self,
                pieces: Vec::new(),
                key: None,
            };
            let mut skip = repeated;
            for line in &cue.lines {
                if skip > 0 {
                    if !line.text().is_empty() {
                        skip -= 1;
                    }
                    continue;
                }
                for (j, part) in line.parts.iter().enumerate() {
                    b.part(line.line, j == 0, part);
                }
            }
            let mut first = true;
            for p in b.pieces {
                let text = normalise([p.text.as_str()]);
                if text.is_empty() {
                    continue;
                }
                out.push(Cue {
                    line: if first { cue.line } else { p.line },
                    last_line: p.last_line,
                    start: cue.start,
                    end: cue.end,
                    voice: p.voice,
                    text,
                });
                first = false;
            }
        }
        out
    }
}

/// The non-blank lines of a cue, normalised.
fn texts(cue: &VttCue) -> Vec<String> {
    cue.lines
        .iter()
        .map(|l| l.text())
        .filter(|t| !t.is_empty())
        .collect()
}

/// How many of `now`'s first lines are `before`'s last lines (the most,
/// up to [`MAX_ROLL`]).
fn overlap(before: &[String], now: &[String]) -> usize {
    let most = MAX_ROLL.min(before.len()).min(now.len());
    (1..=most)
        .rev()
        .find(|&k| before[before.len() - k..] == now[..k])
        .unwrap_or(0)
}

/// What makes a piece go on: the same voice span, or text outside any.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Span(Option<String>),
    Outside,
}

struct Piece {
    voice: Voice,
    text: String,
    line: LineNo,
    last_line: LineNo,
}

/// Cuts one cue into pieces.
struct Builder<'a> {
    conv: &'a Conventions,
    pieces: Vec<Piece>,
    /// What the last piece is; `None` before the cue's first piece.
    key: Option<Key>,
}

impl Builder<'_> {
    fn part(&mut self, line: LineNo, line_start: bool, part: &Part) {
        match &part.voice {
            Some(v) => {
                let (key, voice) = match v {
                    SpanVoice::Named(n) => (Key::Span(Some(n.clone())), Voice::Named(n.clone())),
                    SpanVoice::Unnamed => (Key::Span(None), Voice::Anonymous),
                };
                if self.key.as_ref() != Some(&key) {
                    self.open(line, voice, key);
                }
                self.append(line, &part.text);
            }
            None => self.outside(line, line_start, &part.text),
        }
    }

    /// Text outside voice spans: cut at markers, labelled, or going on.
    fn outside(&mut self, line: LineNo, line_start: bool, text: &str) {
        let mut rest = text;
        let mut at_start = line_start;
        while self.conv.markers
            && let Some((from, to)) = find_marker(rest)
        {
            self.outside_run(line, at_start, &rest[..from]);
            self.open(line, Voice::Anonymous, Key::Outside);
            rest = &rest[to..];
            at_start = true;
        }
        self.outside_run(line, at_start, rest);
    }

    fn outside_run(&mut self, line: LineNo, at_start: bool, text: &str) {
        if at_start
            && let Some((label, rest)) = label_shape(text)
            && self.conv.labels.contains(label)
        {
            self.open(line, Voice::Named(label.to_string()), Key::Outside);
            self.append(line, rest);
            return;
        }
        if self.key != Some(Key::Outside) {
            if text.trim().is_empty() {
                return;
            }
            // The first text of a cue: by somebody unknown, or, in a file
            // with speaker-change markers, by whoever spoke last. After a
            // voice span in the same cue: that speaker's still.
            let voice = if self.pieces.is_empty() && !self.conv.markers {
                Voice::Anonymous
            } else {
                Voice::Continues
            };
            self.open(line, voice, Key::Outside);
        }
        self.append(line, text);
    }

    /// Starts a new piece, unless the last piece of the cue is already the
    /// same speaker's.
    fn open(&mut self, line: LineNo, voice: Voice, key: Key) {
        self.key = Some(key);
        if let Some(last) = self.pieces.last() {
            let same = match (&voice, &last.voice) {
                (Voice::Continues, _) => true,
                (Voice::Named(a), Voice::Named(b)) => a == b,
                _ => false,
            };
            if same {
                return;
            }
        }
        self.pieces.push(Piece {
            voice,
            text: String::new(),
            line,
            last_line: line,
        });
    }

    fn append(&mut self, line: LineNo, text: &str) {
        let Some(piece) = self.pieces.last_mut() else {
            return;
        };
        if piece.last_line != line {
            piece.text.push(' ');
        }
        piece.text.push_str(text);
        piece.last_line = line;
    }
}

/// The text after a speaker-change marker that starts `text`.
fn after_marker(text: &str) -> Option<&str> {
    let t = text.trim_start();
    match find_marker(t) {
        Some((0, to)) => Some(&t[to..]),
        _ => None,
    }
}

/// Where the first speaker-change marker in `text` is: two or more `>`
/// followed by white space or the end.
fn find_marker(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'>' {
            i += 1;
            continue;
        }
        let from = i;
        while i < b.len() && b[i] == b'>' {
            i += 1;
        }
        if i - from >= 2 && text[i..].chars().next().is_none_or(char::is_whitespace) {
            return Some((from, i));
        }
    }
    None
}

/// A speaker label at the start of `text` and the text after it, if the
/// start has a label's shape (see the module documentation).
pub fn label_shape(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let (colon, _) = t.char_indices().take(64).find(|&(_, c)| c == ':')?;
    let after = &t[colon + 1..];
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let raw = t[..colon].trim_end();
    let label = match raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(inner) => inner.trim(),
        None => raw,
    };
    let first = label.chars().next()?;
    let shaped = label.chars().count() <= 48
        && label.split_whitespace().count() <= 6
        && (first.is_alphanumeric() || first == '@' || first == '_')
        && !label.chars().all(|c| c.is_ascii_digit())
        && !label.contains(['?', '!', ';', '"', '“', '”', '…', '[', ']']);
    shaped.then_some((label, after.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_shapes() {
        let l = |t| label_shape(t).map(|(l, r)| (l.to_string(), r.to_string()));
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(l("Ansgar Dietrichs: Hello"), s("Ansgar Dietrichs", "Hello"));
        assert_eq!(l("David (dionysuz): Yes."), s("David (dionysuz)", "Yes."));
        assert_eq!(l("Iván | ethrex: ok"), s("Iván | ethrex", "ok"));
        assert_eq!(l("[SPEAKER_01]: Hola"), s("SPEAKER_01", "Hola"));
        assert_eq!(l("MAN:"), s("MAN", ""));
        assert_eq!(l("Note: the plan: go"), s("Note", "the plan: go"));
        for no in [
            "THE TIME IS 9:31 A.M.",
            "see https://example.com",
            "Why? Because: reasons",
            "12: twelve",
            ": nothing",
            "one two three four five six seven: x",
            "- Ann: hi",
        ] {
            assert_eq!(l(no), None, "{no:?}");
        }
    }

    #[test]
    fn markers() {
        assert_eq!(find_marker(">> hi"), Some((0, 2)));
        assert_eq!(find_marker(">>> hi"), Some((0, 3)));
        assert_eq!(find_marker("council.\n>> good"), Some((9, 11)));
        assert_eq!(find_marker("ok!>> I do"), Some((3, 5)));
        assert_eq!(find_marker(">>"), Some((0, 2)));
        assert_eq!(find_marker("a >>= b"), None);
        assert_eq!(find_marker("x > y"), None);
        assert_eq!(after_marker("  >> Hello"), Some(" Hello"));
        assert_eq!(after_marker("Hello >> x"), None);
    }

    #[test]
    fn overlaps() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(overlap(&v(&["a", "b"]), &v(&["b", "c"])), 1);
        assert_eq!(overlap(&v(&["a", "b"]), &v(&["a", "b"])), 2);
        assert_eq!(overlap(&v(&["a", "b"]), &v(&["c"])), 0);
        assert_eq!(overlap(&v(&[]), &v(&["c"])), 0);
    }
}
