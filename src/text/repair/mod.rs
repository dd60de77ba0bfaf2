//! Repair: undoing mojibake, UTF-8 that was decoded with the wrong code page.
//!
//! The stage is organised like ftfy's `fix_and_explain`, as ordered, named
//! steps, each recorded with what it changed, so every change to a text can
//! be explained. A repair re-reads characters as UTF-8 through a codec
//! ([`codec`], [`transcode`]) and is kept only if the result looks less like
//! mojibake ([`badness`]). The decision is made at the widest scope that
//! works, because the wider the scope, the stronger the evidence:
//!
//! 1. **Document**: every non-ASCII character of the text re-reads as UTF-8
//!    through one codec (a file misread as a whole, the usual case). The
//!    repair is exact: it is what re-encoding the file gives.
//! 2. **Line**: the same, line by line, for files where only some lines are
//!    broken (a pasted paragraph).
//! 3. **C1 controls**: characters U+0080–U+009F never occur in real text;
//!    where windows-1252 has a character for the byte they are that
//!    character, misread as Latin-1 (`\u{85}` → `…`).
//! 4. **Run**: stretches of mojibake inside lines that also have real
//!    non-ASCII text (`l’Ã©valuation`). A run must leave its surroundings
//!    scoring zero badness, and a lone two-byte run (`DrÃ¥ber`) is only
//!    repaired if the document has other runs repaired with the same codec.
//!
//! Steps 1–4 make one *layer*; layers repeat until nothing changes, which
//! undoes mojibake of mojibake (`Ã¢â‚¬â„¢` → `â€™` → `’`).
//!
//! Text without a suspect character sequence ([`scan`]) is returned as it is
//! without any decoding work. Nothing here normalises Unicode or touches
//! quotes: text that is not mojibake comes out byte-identical.

mod badness;
mod codec;
mod cp437;
mod scan;
mod transcode;

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

pub use codec::Codec;
use scan::scan;
use transcode::{Allow, Transcoded, transcode};

/// How much text a repair step looked at to decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Document,
    Line,
    Run,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Document => "document",
            Scope::Line => "line",
            Scope::Run => "run",
        }
    }
}

/// One stretch of text a step replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Change<'a> {
    /// 1-based line in the text (repairs never add or remove line breaks).
    pub line: u32,
    pub before: &'a str,
    pub after: &'a str,
}

/// One repair step: a codec applied at a scope, and what it changed.
///
/// A fully broken file has a change every few words, so the changed text is
/// kept in two buffers (all befores, all afters) with ranges into them,
/// rather than two strings per change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub scope: Scope,
    /// The code page the text had been misread as (`windows-1252`,
    /// `mac-roman`, …), or `c1-as-windows-1252` for step 3.
    pub codec: &'static str,
    spans: Vec<Span>,
    before: String,
    after: String,
}

/// Where one change is in a [`Step`]'s buffers: its line, and byte offsets
/// (u32: a change list is one of the larger things a document keeps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    line: u32,
    before: (u32, u32),
    after: (u32, u32),
}

impl Span {
    fn new(line: u32, before: Range<usize>, after: Range<usize>) -> Span {
        Span {
            line,
            before: (before.start as u32, before.end as u32),
            after: (after.start as u32, after.end as u32),
        }
    }
}

impl Step {
    pub fn new(scope: Scope, codec: &'static str) -> Step {
        Step {
            scope,
            codec,
            spans: Vec::new(),
            before: String::new(),
            after: String::new(),
        }
    }

    pub fn push(&mut self, line: u32, before: &str, after: &str) {
        let b = self.before.len();
        let a = self.after.len();
        self.before.push_str(before);
        self.after.push_str(after);
        self.spans
            .push(Span::new(line, b..self.before.len(), a..self.after.len()));
    }

    /// Extends the last change with more text (adjacent characters).
    fn extend_last(&mut self, before: &str, after: &str) {
        self.before.push_str(before);
        self.after.push_str(after);
        if let Some(last) = self.spans.last_mut() {
            last.before.1 = self.before.len() as u32;
            last.after.1 = self.after.len() as u32;
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn changes(&self) -> impl ExactSizeIterator<Item = Change<'_>> {
        self.spans.iter().map(|s| Change {
            line: s.line,
            before: &self.before[s.before.0 as usize..s.before.1 as usize],
            after: &self.after[s.after.0 as usize..s.after.1 as usize],
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repaired<'a> {
    pub text: Cow<'a, str>,
    pub steps: Vec<Step>,
}

/// Mojibake of mojibake deeper than this is not seen in practice; the bound
/// only guarantees the loop ends.
const MAX_LAYERS: usize = 8;

/// Repairs `text`, explaining every step.
pub fn repair(text: &str) -> Repaired<'_> {
    repair_with(text, true)
}

/// `c1`: whether to run step 3. Looking ahead at what a reading becomes
/// (see [`gain`]) must not, or a reading that *makes* C1 controls would be
/// judged by the characters step 3 turns them into.
fn repair_with(text: &str, c1: bool) -> Repaired<'_> {
    let mut steps = Vec::new();
    let mut current: Option<String> = None;
    let mut known = None;
    for _ in 0..MAX_LAYERS {
        match layer(current.as_deref().unwrap_or(text), known, &mut steps, c1) {
            Some((next, scan)) => {
                current = Some(next);
                known = scan;
            }
            None => break,
        }
    }
    Repaired {
        text: current.map_or(Cow::Borrowed(text), Cow::Owned),
        steps,
    }
}

/// One pass of every scope; the new text if anything changed, with its
/// scan when that was made on the way. `known` is the scan of `text`, if
/// already made.
fn layer(
    text: &str,
    known: Option<scan::Scan>,
    steps: &mut Vec<Step>,
    c1: bool,
) -> Option<(String, Option<scan::Scan>)> {
    if text.is_ascii() {
        return None;
    }
    let suspect = known.map_or_else(|| scan::is_suspect(text), |k| k.suspect);
    if !suspect {
        return None;
    }
    let lossy = Allow {
        lossy: true,
        a0: true,
    };
    // Which codecs can encode the whole text is left to each attempt: an
    // attempt that cannot stops at the first character it lacks.
    let enc = known.map_or(scan::ALL, |k| k.enc);
    if let Some(best) = best_reading(text, "", enc, lossy) {
        steps.push(best.whole_step(text));
        let scan = best.transcoded.scan;
        return Some((best.transcoded.text, Some(scan)));
    }
    let (mut current, mut suspect) = by_line(text, steps);
    if c1 && let Some(next) = c1_controls(current.as_deref().unwrap_or(text), steps) {
        suspect = suspect_lines(&next);
        current = Some(next);
    }
    // Unless runs are repaired, whether the result is still suspect is known.
    let scan = scan::Scan {
        suspect: !suspect.is_empty(),
        enc: scan::ALL,
    };
    if let Some(next) = runs(current.as_deref().unwrap_or(text), suspect, steps) {
        return Some((next, None));
    }
    current.map(|t| (t, Some(scan)))
}

/// A codec's reading of a text.
struct Reading {
    codec: Codec,
    transcoded: Transcoded,
}

impl Reading {
    fn codec_name(&self) -> &'static str {
        codec_name(self.codec, &self.transcoded)
    }

    /// The step of a reading of a whole document: it keeps both texts
    /// whole and points into them, rather than copying each change.
    fn whole_step(&self, text: &str) -> Step {
        let spans = self
            .transcoded
            .regions
            .iter()
            .map(|r| Span::new(r.line + 1, r.src.clone(), r.out.clone()))
            .collect();
        Step {
            scope: Scope::Document,
            codec: self.codec_name(),
            spans,
            before: text.to_string(),
            after: self.transcoded.text.clone(),
        }
    }

    fn record(&self, step: &mut Step, text: &str, first_line: u32) {
        for r in &self.transcoded.regions {
            step.push(
                first_line + r.line + 1,
                &text[r.src.clone()],
                &self.transcoded.text[r.out.clone()],
            );
        }
    }
}

fn codec_name(codec: Codec, t: &Transcoded) -> &'static str {
    if codec == Codec::Windows1252 && t.used_c1 && !t.used_cp1252_only {
        "latin-1"
    } else {
        codec.name()
    }
}

/// Once a reading has gained this much and no other codec can read the
/// text at all, the rest of it is not judged: a text whose every non-ASCII
/// character re-reads as UTF-8 and whose first stretches are clearly
/// mojibake is mojibake throughout (real text does not form valid UTF-8
/// sequences at every non-ASCII character). Judging is most of the cost of
/// repairing a large broken file.
const CONVINCED: i32 = 32;

/// The codec whose reading of all of `text` gains the most, if any gains.
/// Ties go to the codec listed first.
fn best_reading(text: &str, follow: &str, enc: codec::Mask, allow: Allow) -> Option<Reading> {
    let readings: Vec<(Codec, Transcoded)> = Codec::ALL
        .iter()
        .filter(|c| enc & c.bit() != 0)
        .filter_map(|&codec| Some((codec, transcode(text, follow, codec, allow)?)))
        // A reading that rests only on spaces taken for 0xA0 is a guess;
        // the one guess worth making is French/Portuguese `à`.
        .filter(|(_, t)| !t.guess_only)
        .collect();
    let alone = readings.len() == 1;
    let mut best: Option<(i32, Reading)> = None;
    for (codec, t) in readings {
        let mut total = 0;
        for r in &t.regions {
            total += gain(
                text,
                r.src.clone(),
                &t.text[r.out.clone()],
                r.adjacent,
                r.a0,
            )
            .0;
            if alone && total >= CONVINCED {
                break;
            }
        }
        if total > 0 && best.as_ref().is_none_or(|(g, _)| total > *g) {
            best = Some((
                total,
                Reading {
                    codec,
                    transcoded: t,
                },
            ));
        }
    }
    best.map(|(_, r)| r)
}

/// How much less bad `text[src]` is as `after`, seen with two characters
/// of context either side, and the badness after. Sequences directly
/// following another count for the repair (mojibake comes in runs; real
/// text rarely forms even one sequence), spaces read as 0xA0 against it
/// (each is a guess).
///
/// If `after` is itself suspect it is judged by what it becomes when
/// repaired in turn: mojibake of mojibake looks no better halfway
/// (`Г‚ВЈ` → `Â£` → `£`).
fn gain(text: &str, src: Range<usize>, after: &str, adjacent: i32, a0: i32) -> (i32, i32) {
    let head = &text[..src.start];
    let left = &head[head.char_indices().rev().nth(1).map_or(0, |(i, _)| i)..];
    let tail = &text[src.end..];
    let right = &tail[..tail.char_indices().nth(2).map_or(tail.len(), |(i, _)| i)];
    let window =
        |middle: &str| badness::badness(left.chars().chain(middle.chars()).chain(right.chars()));
    let before = window(&text[src]);
    let mut after_bad = window(after);
    if after_bad > 0 && scan::is_suspect(after) {
        after_bad = after_bad.min(window(&repair_with(after, false).text));
    }
    (before + adjacent - after_bad - a0, after_bad)
}

/// Step 2: lines that read better through a codec. Also returns the byte
/// ranges of the lines of the result that are still suspect.
fn by_line(text: &str, steps: &mut Vec<Step>) -> (Option<String>, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    let mut still_suspect = Vec::new();
    let mut changed = false;
    let mut found: Vec<Step> = Vec::new();
    let allow = Allow {
        lossy: true,
        a0: true,
    };
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let s = if line.is_ascii() {
            None
        } else {
            Some(scan(line))
        };
        let reading = s
            .filter(|s| s.suspect)
            .and_then(|s| best_reading(line, "", s.enc, allow));
        let Some(reading) = reading else {
            if s.is_some_and(|s| s.suspect) {
                still_suspect.push(out.len()..out.len() + line.len());
            }
            out.push_str(line);
            continue;
        };
        if reading.transcoded.scan.suspect {
            still_suspect.push(out.len()..out.len() + reading.transcoded.text.len());
        }
        let name = reading.codec_name();
        let step = match found.iter().position(|s| s.codec == name) {
            Some(i) => &mut found[i],
            None => {
                found.push(Step::new(Scope::Line, name));
                found.last_mut().expect("just pushed")
            }
        };
        reading.record(step, line, n as u32);
        out.push_str(&reading.transcoded.text);
        changed = true;
    }
    steps.extend(found);
    (changed.then_some(out), still_suspect)
}

/// Step 3: C1 controls that windows-1252 has a character for.
fn c1_controls(text: &str, steps: &mut Vec<Step>) -> Option<String> {
    let is_fixable =
        |c: char| (0x80..=0x9F).contains(&(c as u32)) && !Codec::Windows1252.undefined(c as u8);
    if !text.chars().any(is_fixable) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut step = Step::new(Scope::Run, "c1-as-windows-1252");
    let mut lines = LineCounter::new(text, 0);
    let mut last_end = usize::MAX;
    for (i, c) in text.char_indices() {
        if !is_fixable(c) {
            out.push(c);
            continue;
        }
        let fixed = Codec::Windows1252.decode(c as u8);
        out.push(fixed);
        let (before, after) = (
            &text[i..i + c.len_utf8()],
            &out[out.len() - fixed.len_utf8()..],
        );
        if last_end == i {
            step.extend_last(before, after);
        } else {
            step.push(lines.at(i), before, after);
        }
        last_end = i + c.len_utf8();
    }
    steps.push(step);
    Some(out)
}

/// A run of sequences one codec re-reads inside a line.
struct Run {
    src: Range<usize>,
    after: String,
    /// Sequences that directly follow another one.
    adjacent: i32,
    a0: i32,
    /// Evidence on its own: two adjacent sequences, a 3- or 4-byte one,
    /// or a C1 control.
    strong: bool,
    used_c1: bool,
    used_cp1252_only: bool,
}

/// Step 4: runs of mojibake inside lines, codec by codec.
/// `suspect` holds the byte ranges of the lines of `text` that are suspect:
/// only they can have runs, and most of a partly broken text is clean by now.
fn runs(text: &str, mut suspect: Vec<Range<usize>>, steps: &mut Vec<Step>) -> Option<String> {
    let mut current = Cow::Borrowed(text);
    let mut changed = false;
    for codec in Codec::ALL {
        if suspect.is_empty() {
            break;
        }
        let found: Vec<Run> = suspect
            .iter()
            .flat_map(|line| find_runs(&current, line.clone(), codec))
            .collect();
        let accepted: Vec<Run> = found
            .into_iter()
            .filter(|r| {
                let (g, after) = gain(&current, r.src.clone(), &r.after, r.adjacent, r.a0);
                g > 0 && after == 0
            })
            .collect();
        if accepted.is_empty() || (accepted.len() < 2 && !accepted.iter().any(|r| r.strong)) {
            continue;
        }
        let mut out = String::with_capacity(current.len());
        let mut lines = LineCounter::new(&current, 0);
        let mut at = 0;
        let c1 = accepted.iter().any(|r| r.used_c1);
        let cp1252_only = accepted.iter().any(|r| r.used_cp1252_only);
        let mut step = Step::new(
            Scope::Run,
            if codec == Codec::Windows1252 && c1 && !cp1252_only {
                "latin-1"
            } else {
                codec.name()
            },
        );
        for r in &accepted {
            out.push_str(&current[at..r.src.start]);
            out.push_str(&r.after);
            step.push(lines.at(r.src.start), &current[r.src.clone()], &r.after);
            at = r.src.end;
        }
        out.push_str(&current[at..]);
        steps.push(step);
        suspect = suspect_lines(&out);
        current = Cow::Owned(out);
        changed = true;
    }
    changed.then(|| current.into_owned())
}

/// Byte ranges of the lines of `text` that are suspect.
fn suspect_lines(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.is_ascii() && scan::is_suspect(line) {
            lines.push(at..at + line.len());
        }
        at += line.len();
    }
    lines
}

/// Runs of `codec` in `text[within]`, a line. Runs no more than two
/// characters apart are one run (with the characters between them), so that
/// each is judged with context that is not itself mojibake (`Å\u{81}Ã³` `d`
/// `Åº` is `Łódź`).
fn find_runs(text: &str, within: Range<usize>, codec: Codec) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut i = within.start;
    while i < within.end {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let Some(t) = sequence_at(rest, codec) else {
            i += c.len_utf8();
            continue;
        };
        let s = &t.regions[0];
        let len = s.src.end;
        match runs.last_mut() {
            Some(run) if text[run.src.end..i].chars().nth(2).is_none() => {
                let adjacent = run.src.end == i;
                run.after.push_str(&text[run.src.end..i]);
                run.after.push_str(&t.text);
                run.src.end = i + len;
                run.adjacent += i32::from(adjacent);
                run.a0 += s.a0;
                run.strong |= adjacent || s.strong;
                run.used_c1 |= t.used_c1;
                run.used_cp1252_only |= t.used_cp1252_only;
            }
            _ => runs.push(Run {
                src: i..i + len,
                after: t.text.clone(),
                adjacent: 0,
                a0: s.a0,
                strong: s.strong,
                used_c1: t.used_c1,
                used_cp1252_only: t.used_cp1252_only,
            }),
        }
        i += len;
    }
    runs
}

/// The one UTF-8 sequence `codec` reads at the start of `text`, if any.
fn sequence_at(text: &str, codec: Codec) -> Option<Transcoded> {
    let mut chars = text.chars();
    let first = chars.next()?;
    if first.is_ascii() {
        return None;
    }
    let lead = codec.encode(first)?;
    let (len, allow) = match lead {
        // `Ã ` is `à` whose 0xA0 became a space.
        0xC3 if codec == Codec::Windows1252 && text[first.len_utf8()..].starts_with(' ') => (
            2,
            Allow {
                lossy: false,
                a0: true,
            },
        ),
        0xC0 | 0xC2..=0xDF => (2, Allow::default()),
        0xED => (6, Allow::default()),
        0xE0..=0xEF => (3, Allow::default()),
        0xF0..=0xF4 => (4, Allow::default()),
        _ => return None,
    };
    let try_len = |len: usize| {
        let end = text.char_indices().nth(len).map_or(text.len(), |(i, _)| i);
        if text[..end].chars().count() < len {
            return None;
        }
        // The sequence must span every character tried: a 6-character try
        // at 0xED that reads as one 3-byte sequence and three ASCII
        // characters would put those characters into the run twice.
        transcode(&text[..end], &text[end..], codec, allow).filter(|t| {
            t.regions.len() == 1 && t.regions[0].seqs == 1 && t.regions[0].src.end == end
        })
    };
    // 0xED starts a CESU-8 pair (6 bytes) or an ordinary 3-byte sequence.
    try_len(len).or_else(|| if len == 6 { try_len(3) } else { None })
}

/// Line numbers of byte offsets visited in increasing order.
struct LineCounter<'a> {
    text: &'a str,
    at: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    /// Lines of `text`, which starts `before` lines into the file.
    fn new(text: &'a str, before: u32) -> Self {
        LineCounter {
            text,
            at: 0,
            line: before + 1,
        }
    }

    fn at(&mut self, offset: usize) -> u32 {
        self.line += self.text.as_bytes()[self.at..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        self.at = offset;
        self.line
    }
}

/// A human-readable account of the steps, for `saidwhat fix --explain`.
pub fn explain(steps: &[Step], examples: usize) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for step in steps {
        let _ = writeln!(
            s,
            "{} {}: {} change(s)",
            step.scope.as_str(),
            step.codec,
            step.len()
        );
        for c in step.changes().take(examples) {
            let _ = writeln!(s, "  line {}: {:?} -> {:?}", c.line, c.before, c.after);
        }
        if step.len() > examples {
            let _ = writeln!(s, "  … {} more", step.len() - examples);
        }
    }
    s
}

#[cfg(test)]
mod tests;
