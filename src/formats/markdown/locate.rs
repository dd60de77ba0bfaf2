//! Finds the transcript in a note and cuts it into speaker turns.
//!
//! Where the transcript is, decided in this order:
//!
//! 1. Between `<!-- ai:transcript:start -->` and `<!-- ai:transcript:end -->`:
//!    the fenced block inside, or (unfenced) everything from the first
//!    timestamped line to the end marker.
//! 2. Without markers: the fenced block with the most timestamped lines,
//!    provided they are at least half of its non-blank lines.
//! 3. Without markers or fence: a run of at least three timestamped lines
//!    that make up at least half of the non-blank lines they span, so that a
//!    note saying `[12:30] call Ann` once is not taken for a transcript.
//!
//! Each format has its own file; this module only dispatches and applies
//! what is common to all formats (speaker resolution, turn timing).

use crate::analysis::Turn;
use crate::analysis::people::PeopleDict;
use crate::analysis::speakers;
use crate::formats::house;
use crate::formats::markdown::{Note, closes_fence, fence_marker, outside_fences};
use crate::model::{Code, Diagnostic, Format, LineNo, Timestamp};

/// The lines of a file that hold the transcript: `start..end`, as indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
}

/// The result of segmenting one document.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    pub format: Option<Format>,
    /// Where the transcript is, in lines of the file.
    pub block: Option<Block>,
    pub turns: Vec<Turn>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds and segments the transcript of a note. Notes without one give no turns.
pub fn segment(lines: &[&str], note: &Note, dict: &PeopleDict) -> Segmented {
    let (block, mut diagnostics) = locate(lines, note.body_start);
    let Some(block) = block else {
        return Segmented {
            diagnostics,
            ..Segmented::default()
        };
    };
    let participants = speakers::note_participants(&note.frontmatter);
    let mut house = house::segment(
        &lines[block.start..block.end],
        block.start,
        &participants,
        dict,
    );
    diagnostics.append(&mut house.diagnostics);
    diagnostics.extend(speakers::resolve(&mut house.turns, &participants, dict));
    diagnostics.extend(set_times(&mut house.turns));
    Segmented {
        format: Some(Format::House),
        block: Some(block),
        turns: house.turns,
        diagnostics,
    }
}

fn is_marker(line: &str, which: &str) -> bool {
    let t = line.trim();
    t.starts_with("<!--") && t.ends_with("-->") && t.contains(which)
}

const START_MARKER: &str = "ai:transcript:start";
const END_MARKER: &str = "ai:transcript:end";

/// Where the transcript is, if there is one.
pub fn locate(lines: &[&str], body_start: usize) -> (Option<Block>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let body = body_start.min(lines.len());
    let start_marker = (body..lines.len()).find(|&i| is_marker(lines[i], START_MARKER));
    let end_after = |from: usize| (from..lines.len()).find(|&i| is_marker(lines[i], END_MARKER));

    if let Some(open) = start_marker {
        let close = end_after(open + 1).unwrap_or_else(|| {
            diagnostics.push(
                Diagnostic::warning(
                    Code::TranscriptMarkers,
                    "transcript start marker without an end marker; the transcript runs to the end of the file",
                )
                .at(LineNo::from_index(open)),
            );
            lines.len()
        });
        let inner = open + 1..close;
        let block = fenced_blocks(lines, inner.clone())
            .into_iter()
            .max_by_key(|b| stamped_lines(lines, *b))
            .filter(|b| stamped_lines(lines, *b) > 0)
            .or_else(|| {
                inner
                    .clone()
                    .find(|&i| house::is_stamp_like(lines[i]))
                    .map(|first| Block {
                        start: first,
                        end: close,
                    })
            });
        return (block, diagnostics);
    }
    if let Some(close) = end_after(body) {
        diagnostics.push(
            Diagnostic::warning(
                Code::TranscriptMarkers,
                "transcript end marker without a start marker; it is ignored",
            )
            .at(LineNo::from_index(close)),
        );
    }

    let fenced = fenced_blocks(lines, body..lines.len())
        .into_iter()
        .map(|b| (b, stamped_lines(lines, b)))
        .filter(|&(b, stamped)| stamped > 0 && stamped * 2 >= nonblank_lines(lines, b))
        .max_by_key(|&(b, stamped)| (stamped, std::cmp::Reverse(b.start)));
    if let Some((block, _)) = fenced {
        return (Some(block), diagnostics);
    }
    (unfenced_run(lines, body), diagnostics)
}

/// The insides of the fenced code blocks that open within `range`.
fn fenced_blocks(lines: &[&str], range: std::ops::Range<usize>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if let Some(marker) = fence_marker(lines[i].trim_start()) {
            let close = (i + 1..range.end)
                .find(|&j| closes_fence(lines[j].trim_start(), marker))
                .unwrap_or(range.end);
            blocks.push(Block {
                start: i + 1,
                end: close,
            });
            i = close + 1;
        } else {
            i += 1;
        }
    }
    blocks
}

fn stamped_lines(lines: &[&str], b: Block) -> usize {
    lines[b.start..b.end]
        .iter()
        .filter(|l| house::is_stamp_like(l))
        .count()
}

fn nonblank_lines(lines: &[&str], b: Block) -> usize {
    lines[b.start..b.end]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// Timestamped lines outside any fence: from the first to the last, plus
/// the continuation lines right after the last (up to a blank line).
fn unfenced_run(lines: &[&str], body: usize) -> Option<Block> {
    let stamped: Vec<usize> = outside_fences(lines, body)
        .filter(|(_, line)| house::is_stamp_like(line))
        .map(|(i, _)| i)
        .collect();
    let (&first, &last) = (stamped.first()?, stamped.last()?);
    let mut end = last + 1;
    while end < lines.len()
        && !lines[end].trim().is_empty()
        && fence_marker(lines[end].trim_start()).is_none()
    {
        end += 1;
    }
    let block = Block { start: first, end };
    (stamped.len() >= 3 && stamped.len() * 2 >= nonblank_lines(lines, block)).then_some(block)
}

/// Sets each turn's end to the next timed turn's start. A turn that starts
/// before the one before it is reported, and the earlier turn gets no end
/// rather than a negative duration.
fn set_times(turns: &mut [Turn]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
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
    for pair in turns.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].start, pair[1].start)
            && b < a
        {
            diagnostics.push(
                Diagnostic::warning(
                    Code::TimestampBackwards,
                    format!(
                        "turn {} starts at {}s, before turn {} at {}s",
                        pair[1].index,
                        b.seconds_string(),
                        pair[0].index,
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

    fn block(text: &str) -> Option<(usize, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        locate(&lines, 0).0.map(|b| (b.start, b.end))
    }

    #[test]
    fn markers_with_fence() {
        let text = "# Note\n<!-- ai:transcript:start -->\n## Transcript (auto)\n```text\n\
                    [00:00:01.00]  AnnHi\n\n[00:00:02.00]  BobHello\n```\n<!-- ai:transcript:end -->\n";
        assert_eq!(block(text), Some((4, 7)));
    }

    #[test]
    fn markers_without_fence() {
        let text = "<!-- ai:transcript:start -->\n## Transcript\n[00:00:01.00]  AnnHi\nmore\n<!-- ai:transcript:end -->\nafter\n";
        assert_eq!(block(text), Some((2, 4)));
    }

    #[test]
    fn unclosed_marker_runs_to_end_with_warning() {
        let text = "<!-- ai:transcript:start -->\n[00:00:01.00]  AnnHi\n[00:00:03.00]  BobYo\n";
        let lines: Vec<&str> = text.lines().collect();
        let (b, d) = locate(&lines, 0);
        assert_eq!(b, Some(Block { start: 1, end: 3 }));
        assert_eq!(d[0].code, Code::TranscriptMarkers);
    }

    #[test]
    fn fenced_block_without_markers_picks_the_transcript() {
        let text =
            "```dataview\nLIST\n```\n\n```\n[00:00:01.00]  AnnHi\n[00:00:02.50]  BobHello\n```\n";
        assert_eq!(block(text), Some((5, 7)));
    }

    #[test]
    fn a_single_stamp_in_prose_is_not_a_transcript() {
        assert_eq!(block("# Todo\n- [12:30] call Ann\n- buy milk\n"), None);
        let run =
            "[00:00:01.00]  AnnHi\n[00:00:02.00]  BobHo\n[00:00:03.00]  AnnHa\ntrailing\n\n# Next";
        assert_eq!(block(run), Some((0, 4)));
    }

    #[test]
    fn ends_follow_next_start_and_backwards_stamps_are_reported() {
        let mk = |index: u32, ms: Option<u64>| Turn {
            index,
            line: LineNo(index),
            last_line: LineNo(index),
            start: ms.map(Timestamp),
            end: None,
            speaker: String::new(),
            speaker_label: String::new(),
            speaker_source: crate::model::SpeakerSource::Label,
            text: String::new(),
        };
        let mut turns = vec![
            mk(1, None),
            mk(2, Some(1000)),
            mk(3, Some(5000)),
            mk(4, Some(4000)),
            mk(5, Some(9000)),
        ];
        let d = set_times(&mut turns);
        let ends: Vec<_> = turns.iter().map(|t| t.end.map(|e| e.0)).collect();
        assert_eq!(ends, vec![Some(1000), Some(5000), None, Some(9000), None]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(LineNo(4)));
    }
}
