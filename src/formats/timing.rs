//! Turn times that the formats share.
//!
//! A format that gives only start times (the house format, dialogue with
//! timestamps, Otter, Rev, chat) ends each turn where the next timed turn
//! starts ([`ends_from_next_starts`]); the last turn has no end, because
//! nothing says how long it lasted. A format with cue ends (WebVTT, SRT,
//! Whisper) keeps them.

use crate::formats::ParsedTurn;
use crate::model::{Code, Diagnostic, Timestamp};

/// Sets each turn's end to the next timed turn's start. A turn that starts
/// before the one before it is reported, and the earlier turn gets no end
/// rather than a negative duration.
pub fn ends_from_next_starts(turns: &mut [ParsedTurn]) -> Vec<Diagnostic> {
    let mut next_start: Option<Timestamp> = None;
    for turn in turns.iter_mut().rev() {
        turn.end = match (turn.start, next_start) {
            (Some(s), Some(n)) if n < s => None,
            (_, n) => n,
        };
        if let Some(s) = turn.start {
            next_start = Some(s);
        }
    }
    backwards(turns)
}

/// A warning for every turn that starts before the turn before it.
pub fn backwards(turns: &[ParsedTurn]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for pair in turns.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].start, pair[1].start)
            && b < a
        {
            diagnostics.push(
                Diagnostic::warning(
                    Code::TimestampBackwards,
                    format!(
                        "this turn starts at {}s, before the turn before it (line {}, {}s)",
                        b.seconds_string(),
                        pair[0].line,
                        a.seconds_string()
                    ),
                )
                .at(pair[1].line),
            );
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineNo;

    #[test]
    fn ends_follow_next_start_and_backwards_stamps_are_reported() {
        let mk = |line: u32, ms: Option<u64>| ParsedTurn {
            start: ms.map(Timestamp),
            ..ParsedTurn::new(LineNo(line), "", "")
        };
        let mut turns = vec![
            mk(1, None),
            mk(2, Some(1000)),
            mk(3, Some(5000)),
            mk(4, Some(4000)),
            mk(5, Some(9000)),
        ];
        let d = ends_from_next_starts(&mut turns);
        let ends: Vec<_> = turns.iter().map(|t| t.end.map(|e| e.0)).collect();
        assert_eq!(ends, vec![Some(1000), Some(5000), None, Some(9000), None]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(LineNo(4)));
        assert_eq!(
            d[0].message,
            "this turn starts at 4.00s, before the turn before it (line 3, 5.00s)"
        );
    }
}
