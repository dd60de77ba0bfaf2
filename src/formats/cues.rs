//! From cues to turns, for every format made of timed pieces (WebVTT and
//! SRT cues, Whisper segments, caption lines).
//!
//! A format reads its pieces as [`Cue`]s, each saying who speaks in it
//! ([`Voice`]); [`merge`] makes the turns. Consecutive cues of the same
//! named speaker are one turn (its `cues` says how many), starting where
//! the first starts and ending where the last ends. A cue that continues
//! whoever spoke before (a caption line without a `>>` speaker change)
//! joins the turn before it. A cue by nobody known ([`Voice::Anonymous`])
//! is a turn of its own: without a name, nothing says two cues are the
//! same speaker's, and merging them would make one turn of a whole
//! recording.

use crate::formats::ParsedTurn;
use crate::model::{LineNo, Timestamp};

/// Who speaks in a cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Voice {
    /// A speaker the cue names (`<v Ann>`, `Ann: …`, `SPEAKER_00`).
    Named(String),
    /// Whoever spoke in the cue before: the same turn goes on.
    Continues,
    /// Somebody, nobody knows who: a turn of its own.
    Anonymous,
}

/// One timed piece of a transcript, its text already cleaned of markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub line: LineNo,
    pub last_line: LineNo,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub voice: Voice,
    pub text: String,
}

/// The turns of a sequence of cues, in order. Texts of merged cues are
/// joined with a space. A cue with no text still counts in `cues` and in
/// the times of the turn it joins, and starts a turn when it does not join
/// one (an SRT cue holding only a speaker's label starts their turn at its
/// time); formats that want no turn for an empty cue leave it out, or use
/// [`crate::formats::json::merge`].
pub fn merge(cues: impl IntoIterator<Item = Cue>) -> Vec<ParsedTurn> {
    merge_named(cues, true)
}

/// The turns of a meeting's chat saved as cues (a Google Meet chat kept as
/// SBV captions): every message is a turn of its own, as the chat formats
/// keep them, even two in a row by one person. `Continues` still joins.
pub fn messages(cues: impl IntoIterator<Item = Cue>) -> Vec<ParsedTurn> {
    merge_named(cues, false)
}

/// [`merge`] when `named`, else [`messages`].
pub fn turns(cues: impl IntoIterator<Item = Cue>, chat: bool) -> Vec<ParsedTurn> {
    merge_named(cues, !chat)
}

fn merge_named(cues: impl IntoIterator<Item = Cue>, named: bool) -> Vec<ParsedTurn> {
    let mut turns: Vec<ParsedTurn> = Vec::new();
    for cue in cues {
        let joins = match (&cue.voice, turns.last()) {
            (_, None) => false,
            (Voice::Continues, Some(_)) => true,
            (Voice::Named(name), Some(last)) => named && last.label == *name,
            (Voice::Anonymous, Some(_)) => false,
        };
        if joins {
            let last = turns.last_mut().expect("a turn to join");
            if !cue.text.is_empty() {
                if !last.text.is_empty() {
                    last.text.push(' ');
                }
                last.text.push_str(&cue.text);
            }
            last.last_line = last.last_line.max(cue.last_line);
            last.end = match (last.end, cue.end) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => b.or(a),
            };
            last.start = last.start.or(cue.start);
            last.cues += 1;
        } else {
            let label = match cue.voice {
                Voice::Named(name) => name,
                Voice::Continues | Voice::Anonymous => String::new(),
            };
            turns.push(ParsedTurn {
                last_line: cue.last_line,
                start: cue.start,
                end: cue.end,
                ..ParsedTurn::new(cue.line, label, cue.text)
            });
        }
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(line: u32, s: u64, e: u64, voice: Voice, text: &str) -> Cue {
        Cue {
            line: LineNo(line),
            last_line: LineNo(line + 1),
            start: Some(Timestamp(s)),
            end: Some(Timestamp(e)),
            voice,
            text: text.into(),
        }
    }

    #[test]
    fn same_speaker_cues_merge_and_anonymous_ones_do_not() {
        let ann = || Voice::Named("Ann".into());
        let turns = merge([
            cue(1, 0, 1000, ann(), "Hello"),
            cue(4, 1000, 2000, ann(), "there."),
            cue(7, 2500, 3000, Voice::Named("Bo".into()), "Hi."),
            cue(10, 3000, 4000, Voice::Continues, "How are you?"),
            cue(13, 5000, 6000, Voice::Anonymous, "Applause."),
            cue(16, 6000, 7000, Voice::Anonymous, "More."),
        ]);
        let got: Vec<_> = turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.cues,
                    t.start.unwrap().millis(),
                    t.end.unwrap().millis(),
                    t.line.0,
                    t.last_line.0,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Ann", "Hello there.", 2, 0, 2000, 1, 5),
                ("Bo", "Hi. How are you?", 2, 2500, 4000, 7, 11),
                ("", "Applause.", 1, 5000, 6000, 13, 14),
                ("", "More.", 1, 6000, 7000, 16, 17),
            ]
        );
    }

    #[test]
    fn chat_messages_stay_apart() {
        let ann = || Voice::Named("Ann".into());
        let turns = turns(
            [
                cue(1, 0, 1000, ann(), "link"),
                cue(4, 9000, 9500, ann(), "another"),
                cue(7, 9500, 9600, Voice::Continues, "line"),
            ],
            true,
        );
        let got: Vec<_> = turns.iter().map(|t| (t.text.as_str(), t.cues)).collect();
        assert_eq!(got, [("link", 1), ("another line", 2)]);
    }

    #[test]
    fn a_first_cue_that_continues_is_a_turn_of_its_own() {
        let turns = merge([cue(1, 0, 1, Voice::Continues, "x")]);
        assert_eq!((turns.len(), turns[0].label.as_str()), (1, ""));
    }
}
