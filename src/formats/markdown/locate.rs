//! Finds the transcript in a note.
//!
//! Where the transcript is, decided in this order:
//!
//! 1. Between `<!-- ai:transcript:start -->` and `<!-- ai:transcript:end -->`:
//!    the fenced block inside, or (unfenced) everything from the first
//!    timestamped line to the end marker.
//! 2. Without markers: every fenced block whose content a format claims
//!    (the registry's [`detect_block`]; the house format claims a block
//!    when at least half of its non-blank lines are timestamped).
//! 3. Without markers or a claimed fence: a run of at least three
//!    timestamped lines that make up at least half of the non-blank lines
//!    they span, so that a note saying `[12:30] call Ann` once is not taken
//!    for a transcript.
//! 4. Otherwise, a section (the lines between two headings) that a format
//!    other than the house format claims whole; for plain `Name: text`
//!    dialogue, only under a heading that says transcript, dialogue or
//!    conversation, because minutes are written that way too.
//!
//! Between markers, every claimed fence counts; without one, the fence
//! with the most timestamped lines, or the lines from the first
//! timestamped one to the end marker, are house format.

use crate::formats::house::{self, House};
use crate::formats::markdown::{closes_fence, fence_marker, outside_fences};
use crate::formats::{Format, FormatId, detect_block};
use crate::model::{Code, Diagnostic, LineNo};

/// The lines of a file that hold the transcript: `start..end`, as indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
}

fn is_marker(line: &str, which: &str) -> bool {
    let t = line.trim();
    t.starts_with("<!--") && t.ends_with("-->") && t.contains(which)
}

const START_MARKER: &str = "ai:transcript:start";
const END_MARKER: &str = "ai:transcript:end";

/// A block of a note and the format it is in.
#[derive(Clone, Copy)]
pub struct Located {
    pub block: Block,
    pub format: &'static dyn Format,
}

impl std::fmt::Debug for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}..{} {}",
            self.block.start,
            self.block.end,
            self.format.id().as_str()
        )
    }
}

/// Where the transcripts are, in file order, and their formats.
pub fn locate(lines: &[&str], body_start: usize) -> (Vec<Located>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let body = body_start.min(lines.len());
    let start_marker = (body..lines.len()).find(|&i| is_marker(lines[i], START_MARKER));
    let end_after = |from: usize| (from..lines.len()).find(|&i| is_marker(lines[i], END_MARKER));
    let house = |block: Block| Located {
        block,
        format: &House,
    };

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
        let fenced = fenced_blocks(lines, inner.clone());
        let claimed = claimed(lines, &fenced);
        if !claimed.is_empty() {
            return (claimed, diagnostics);
        }
        // Between markers, any timestamped line makes the transcript.
        let found = fenced
            .into_iter()
            .max_by_key(|b| stamped_lines(lines, *b))
            .filter(|b| stamped_lines(lines, *b) > 0)
            .map(house)
            .or_else(|| {
                inner
                    .clone()
                    .find(|&i| house::is_stamp_like(lines[i]))
                    .map(|first| {
                        house(Block {
                            start: first,
                            end: close,
                        })
                    })
            })
            .or_else(|| {
                let block = Block {
                    start: inner.start,
                    end: close,
                };
                detect_block(&lines[block.start..block.end]).map(|format| Located { block, format })
            });
        return (found.into_iter().collect(), diagnostics);
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

    let claimed = claimed(lines, &fenced_blocks(lines, body..lines.len()));
    if !claimed.is_empty() {
        return (claimed, diagnostics);
    }
    if let Some(run) = unfenced_run(lines, body) {
        return (vec![house(run)], diagnostics);
    }
    (sections(lines, body), diagnostics)
}

/// The blocks some format claims, with their formats.
fn claimed(lines: &[&str], blocks: &[Block]) -> Vec<Located> {
    blocks
        .iter()
        .filter_map(|&block| {
            detect_block(&lines[block.start..block.end]).map(|format| Located { block, format })
        })
        .collect()
}

/// Unfenced transcripts in a note without any other: a section (the lines
/// between two headings) that a format other than the house format
/// claims whole, from its first non-blank line (a pasted Meet export, a
/// dialogue under `## Transcript`). The house format has its own rule for
/// unfenced lines ([`unfenced_run`]).
fn sections(lines: &[&str], body: usize) -> Vec<Located> {
    let mut starts: Vec<usize> = vec![body];
    starts.extend(
        outside_fences(lines, body)
            .filter(|(_, l)| super::heading(l).is_some())
            .map(|(i, _)| i + 1),
    );
    let mut found = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |&next| next - 1);
        let Some(first) = (start..end).find(|&i| !lines[i].trim().is_empty()) else {
            continue;
        };
        let block = Block { start: first, end };
        // Meeting minutes are written `Ann: will send the deck` too: plain
        // dialogue counts only under a heading that says it is one.
        let heading = start
            .checked_sub(1)
            .and_then(|h| super::heading(lines[h]))
            .map(|(_, h)| h.to_lowercase())
            .unwrap_or_default();
        let says_dialogue = ["transcript", "dialogue", "conversation"]
            .iter()
            .any(|w| heading.contains(w));
        if fenced_blocks(lines, first..end).is_empty()
            && let Some(format) = detect_block(&lines[first..end])
            && format.id() != FormatId::House
            && (format.id() != FormatId::Dialogue || says_dialogue)
        {
            found.push(Located { block, format });
        }
    }
    found
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

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Option<(usize, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        locate(&lines, 0)
            .0
            .first()
            .map(|l| (l.block.start, l.block.end))
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
        assert_eq!(b[0].block, Block { start: 1, end: 3 });
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
}
