//! SubRip (`.srt`) subtitles, read leniently.
//!
//! ```text
//! 1
//! 00:02:04,080 --> 00:02:07,120 X1:40 X2:600 Y1:20 Y2:50
//! MAN:
//! How did we end up here?
//!
//! 2
//! 00:02:12,160 --> 00:02:15,200
//! [SPEAKER_01]: <i>This place</i> is horrible.
//! ```
//!
//! SRT has no specification, and the files in the wild show it: no
//! strict Rust reader was lenient enough (they drop whole files that lack
//! index lines), so this one is written around what the file must have,
//! the timing line, and takes everything else as it comes.
//!
//! # Cues
//!
//! A cue starts at its *timing line*, `start --> end` (the first token after
//! the arrow is the end; screen coordinates or settings after it are
//! ignored). Times are read by [`clock::parse`]: `,` or `.` before the
//! fraction, one to three fraction digits (`00:02:04,08` is 80 ms), or
//! none (`00:01:39`). An integer line directly before a timing line is the
//! cue's index: it may be missing, start from 0 or skip numbers, and is not
//! text. The lines after the timing line are the cue's text, up to a blank
//! line or the next cue. What does not fit is kept and reported
//! ([`Code::CueMalformed`]):
//!
//! - A line that starts with a digit and holds `-->` but does not read as
//!   two times is a broken timing line when it starts a cue (after a blank
//!   line, an index, or at the top); the cue's text is kept with its start
//!   if that reads, else without times. Inside a cue's text it is text.
//! - An index line followed by text instead of a timing line is a cue
//!   without timing: its text is kept without times.
//! - Text after the blank line that ends a cue, with no timing line of its
//!   own, belongs to the cue before it (a blank line inside the text);
//!   text before the first cue is an untimed turn of its own.
//! - A cue with no text (nothing, or only markup) makes no turn.
//! - A cue that ends before it starts keeps its start only.
//!
//! # Text
//!
//! Each text line is cleaned ([`clean`]): ASS override blocks (`{\an8}`,
//! any `{\…}`) and MicroDVD control codes (`{y:i}`, `{c:$0000ff}`: `{`, one
//! of `y c f s p h` in either case, `:`) are removed; `\N` and `\n` break the
//! line and `\h` is a space; HTML-looking tags are removed and the text
//! between them kept — `<i>`, `<b>`, `<u>`, `<s>`, `<font …>`, but also
//! `<invalid_tag par=5>` or `</x>`, with or without a closing tag. A `<`
//! is a tag only when a letter (or `/` and a letter) follows it, then a
//! name, then `>` or attributes that each have `=` (`<font color=red>`,
//! `<font face="Times New Roman">`), closed on the same line; so `2<3,5>1`,
//! a lone `<` and `a <b and c>` stay text. Character references (`&nbsp;`,
//! `&amp;`, `&lt;`…) are decoded last, so `&lt;i&gt;` stays as `<i>`.
//!
//! # Speakers
//!
//! SRT has no speaker field; writers put the speaker in the text, and
//! `voices` reads it from the start of each cleaned line:
//!
//! - `[SPEAKER_01]: text` (whisper-ctranslate2): the bracketed name, when
//!   a colon follows the bracket.
//! - `NAME:` on its own line or before the text, when the label before the
//!   first `:` (which must end the line or be followed by a space, so
//!   `10:30` and `https:` are not labels) has the shape of one: up to four
//!   words and forty characters, either in capitals (`MAN`, `WOMAN #2`,
//!   `SPEAKER_00`: two letters or more, none lowercase) or a name
//!   (`Ann Lee`, `Speaker 1`, `Jean-Luc de la Cruz`: capitalised words,
//!   numbers, name particles). Capitals are a label wherever they are; a
//!   name-shaped label only when the file uses labels: that same label
//!   starts two lines or more, or labels of any shape start lines in at
//!   least a third of the cues (and in two or more). So `Note: the vote is
//!   Tuesday` once in a file is text.
//! - `- ` dialogue dashes (also `-` glued to a word, `-Euh`, as French
//!   subtitles write it) and `>>` speaker changes start a new speaker in
//!   the cue: a cue of two dashed lines is two anonymous pieces.
//!
//! A line with a label or a marker starts a piece of its own; the lines
//! after it in the same cue are the same speaker's. A cue whose text does
//! not start with a label is [`Voice::Anonymous`]: nothing says it is the
//! previous speaker's, so it is a turn of its own. A label alone in a cue
//! (`MAN:` and nothing after it) names the speaker of the next cue's first
//! line, if that line has no label or marker of its own, and the turn
//! starts with the label's cue; a label that names nothing is reported
//! (no text is lost: a label is not text). Consecutive
//! pieces of one named speaker merge into one turn ([`cues::merge`]); each
//! piece has its cue's start and end, which are kept.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::{
    Confidence, Ctx, Format, FormatId, Parsed, ParsedTurn, Source, clock, entities, timing,
};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

pub struct Srt;

impl Format for Srt {
    fn id(&self) -> FormatId {
        FormatId::Srt
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["srt"]
    }

    /// From the first two non-blank lines: an index then a timing line
    /// with a `,` fraction is SubRip's signature (sure); a `,` timing line
    /// without an index is 70; a timing line with `.` or no fraction is 60,
    /// the same as WebVTT says of a headerless file of that shape, so the
    /// file's extension decides between them (and WebVTT, listed first,
    /// without one).
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let mut first = lines
            .iter()
            .take(64)
            .map(|l| trim(l))
            .filter(|l| !l.is_empty());
        let Some(line) = first.next() else {
            return Confidence::NO;
        };
        let indexed = is_index(line);
        let timing_line = if indexed { first.next() } else { Some(line) };
        let Some(timing_line) = timing_line else {
            return Confidence::NO;
        };
        match timing(timing_line) {
            Some(t) if t.problem.is_none() => {
                let (start, end) = timing_line.split_once("-->").unwrap_or_default();
                let end = end.split_whitespace().next().unwrap_or("");
                let comma = start.contains(',') || end.contains(',');
                match (comma, indexed) {
                    (true, true) => Confidence::SURE,
                    (true, false) => Confidence(70),
                    (false, _) => Confidence(60),
                }
            }
            _ => Confidence::NO,
        }
    }

    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed {
        let mut diagnostics = Vec::new();
        let raw = read(src, &mut diagnostics);
        let turns = turns(raw, ctx, &mut diagnostics);
        diagnostics.sort_by_key(|d| d.line);
        Parsed {
            turns,
            diagnostics,
            ..Parsed::default()
        }
    }
}

/// The turns of cues read from a file: speakers found, pieces merged (not
/// in a chat, see [`cues::turns`]), and starts that go backwards reported.
pub(crate) fn turns(
    raw: Vec<RawCue>,
    ctx: &Ctx<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ParsedTurn> {
    let turns = cues::turns(voices(raw, diagnostics), ctx.chat);
    diagnostics.extend(timing::backwards(&turns));
    turns
}

/// A line without the white space (and a stray byte-order mark) around it.
pub(crate) fn trim(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
}

fn is_index(line: &str) -> bool {
    !line.is_empty() && line.len() <= 9 && line.bytes().all(|b| b.is_ascii_digit())
}

/// What a line that looks like a timing line says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Timing {
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// Why the line is not a valid timing line, if it is not.
    pub problem: Option<String>,
}

impl Timing {
    /// A timing line from its two sides, read separately: a side that
    /// does not read is `None`, and the line is malformed.
    pub(crate) fn of(start: &str, end: &str) -> Timing {
        let (s, e) = (clock::parse(start), clock::parse(end));
        let problem = match (s, e) {
            (None, None) => Some(format!("neither {start:?} nor {end:?} is a time")),
            (None, Some(_)) => Some(format!("the start {start:?} is not a time")),
            (Some(_), None) if end.is_empty() => Some("no end time after the arrow".to_string()),
            (Some(_), None) => Some(format!("the end {end:?} is not a time")),
            (Some(_), Some(_)) => None,
        };
        Timing {
            start: s,
            end: e,
            problem,
        }
    }
}

/// The timing line `start --> end [coordinates]`, if `line` (trimmed)
/// looks like one: it starts with a digit and holds `-->`.
fn timing(line: &str) -> Option<Timing> {
    if !line.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next().unwrap_or("");
    Some(Timing::of(start.trim(), end))
}

/// A cue as read from the file, before its speakers are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawCue {
    /// Its index line, or its timing line, or its first text line.
    pub line: LineNo,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// Its cleaned text lines, each with the file line it comes from (a
    /// line broken by `\N` gives several with the same number).
    pub lines: Vec<(LineNo, String)>,
}

impl RawCue {
    /// A cue without times or text (yet), starting on `line`.
    pub(crate) fn untimed(line: LineNo) -> RawCue {
        RawCue {
            line,
            start: None,
            end: None,
            lines: Vec::new(),
        }
    }
}

/// How a cue format tells its parts apart.
pub(crate) struct Grammar {
    /// The timing line `line` (trimmed) is, if it looks like one.
    pub timing: fn(&str) -> Option<Timing>,
    /// Whether an integer line before a timing line is an index.
    pub indexed: bool,
    /// Cleans one text line into the lines it shows.
    pub clean: fn(&str, &mut Vec<String>),
}

/// Where the reader is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the first cue.
    Top,
    /// In a cue's text.
    Text,
    /// After the blank line that ends a cue.
    Between,
}

/// Reads the cues of `src` as SRT has them.
fn read(src: Source<'_>, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawCue> {
    read_cues(
        src,
        &Grammar {
            timing,
            indexed: true,
            clean,
        },
        diagnostics,
    )
}

/// Reads the cues of a timing-line format (SRT, SBV) in one pass; see the
/// module documentation for what is malformed and where it is kept.
pub(crate) fn read_cues(
    src: Source<'_>,
    grammar: &Grammar,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawCue> {
    let lines = src.lines;
    let mut cues: Vec<RawCue> = Vec::new();
    let mut at = At::Top;
    // The line index of an index line just read, before its timing line.
    let mut index: Option<usize> = None;
    let mut cleaned = Vec::new();
    for (i, raw_line) in lines.iter().enumerate() {
        let line = trim(raw_line);
        let lineno = src.line_no(i);
        if line.is_empty() {
            if let Some(k) = index.take() {
                lone_index(src.line_no(k), lines[k], diagnostics);
            }
            if at == At::Text {
                at = At::Between;
            }
            continue;
        }
        let starts_cue = at != At::Text || index.is_some();
        if let Some(t) = (grammar.timing)(line).filter(|t| t.problem.is_none() || starts_cue) {
            let line_of_cue = index.take().map_or(lineno, |k| src.line_no(k));
            if let Some(problem) = &t.problem {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::CueMalformed,
                        format!(
                            "cannot read the timing line {line:?}: {problem}; the cue's text is kept{}",
                            if t.start.is_some() { " with its start only" } else { " without times" }
                        ),
                    )
                    .at(lineno),
                );
            }
            let end = match (t.start, t.end) {
                // An end alone says nothing about when the cue was said.
                (None, _) => None,
                (Some(s), Some(e)) if e < s => {
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::CueMalformed,
                            format!(
                                "this cue ends at {}s, before it starts at {}s; its end is dropped",
                                e.seconds_string(),
                                s.seconds_string()
                            ),
                        )
                        .at(lineno),
                    );
                    None
                }
                (_, e) => e,
            };
            cues.push(RawCue {
                line: line_of_cue,
                start: t.start,
                end,
                lines: Vec::new(),
            });
            at = At::Text;
            continue;
        }
        if let Some(k) = index.take() {
            // An index followed by text: a cue whose timing line is missing.
            diagnostics.push(
                Diagnostic::warning(
                    Code::CueMalformed,
                    format!(
                        "cue {} has no timing line; its text is kept without times",
                        trim(lines[k])
                    ),
                )
                .at(src.line_no(k)),
            );
            cues.push(RawCue::untimed(src.line_no(k)));
            at = At::Text;
        } else if grammar.indexed && is_index(line) {
            let next = lines.get(i + 1).map(|l| trim(l)).unwrap_or("");
            if starts_cue || (grammar.timing)(next).is_some() {
                index = Some(i);
                continue;
            }
        } else if at == At::Top {
            diagnostics.push(
                Diagnostic::warning(
                    Code::CueMalformed,
                    "text before the first cue, without a timing line; kept as an untimed turn",
                )
                .at(lineno),
            );
            cues.push(RawCue::untimed(lineno));
            at = At::Text;
        } else if at == At::Between {
            diagnostics.push(
                Diagnostic::warning(
                    Code::CueMalformed,
                    "text after the blank line that ends a cue, without a timing line of its own; kept with the cue before it",
                )
                .at(lineno),
            );
            at = At::Text;
        }
        let Some(cue) = cues.last_mut() else {
            continue;
        };
        cleaned.clear();
        (grammar.clean)(line, &mut cleaned);
        cue.lines
            .extend(cleaned.drain(..).map(|text| (lineno, text)));
    }
    if let Some(k) = index {
        lone_index(src.line_no(k), lines[k], diagnostics);
    }
    cues
}

/// An index line with neither timing nor text after it.
fn lone_index(lineno: LineNo, line: &str, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(
        Diagnostic::warning(
            Code::CueMalformed,
            format!("cue {} has neither a timing line nor text", trim(line)),
        )
        .at(lineno),
    );
}

/// The lines one SRT text line shows: override blocks and tags removed,
/// `\N` breaks, `\h` spaces, character references decoded, each trimmed.
pub fn clean(line: &str, out: &mut Vec<String>) {
    let line = strip_overrides(line);
    let mut rest: &str = &line;
    loop {
        // The first `\N` or `\n`: one scan, so that a line of many breaks
        // is read in linear time.
        let b = rest.as_bytes();
        let cut =
            memchr::memchr_iter(b'\\', b).find(|&i| matches!(b.get(i + 1), Some(b'N' | b'n')));
        let (part, next) = match cut {
            Some(i) => (&rest[..i], Some(&rest[i + 2..])),
            None => (rest, None),
        };
        let part = if part.contains("\\h") {
            Cow::Owned(part.replace("\\h", " "))
        } else {
            Cow::Borrowed(part)
        };
        let untagged = strip_tags(&part);
        out.push(entities::decode(&untagged).trim().to_string());
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
}

/// How far a tag or an override block may reach: longer ones are text, and
/// a line of many unclosed `<` or `{` is read in linear time.
const MAX_MARKUP: usize = 256;

/// `line` without `{\…}` override blocks and `{y:…}` control codes.
fn strip_overrides(line: &str) -> Cow<'_, str> {
    if !line.contains('{') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let b = after.as_bytes();
        let is_override = b.first() == Some(&b'\\')
            || (b.len() >= 2 && b"yYcCfFsSpPhH".contains(&b[0]) && b[1] == b':');
        let reach = &b[..b.len().min(MAX_MARKUP)];
        match memchr::memchr(b'}', reach).filter(|_| is_override) {
            Some(close) => rest = &after[close + 1..],
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `text` without its HTML-looking tags (see the module documentation for
/// what a tag is).
fn strip_tags(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let from = &rest[open..];
        match tag_len(from) {
            Some(len) => rest = &from[len..],
            None => {
                out.push('<');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of the tag `s` starts with (`s` starts with `<`), if it is one.
fn tag_len(s: &str) -> Option<usize> {
    let b = &s.as_bytes()[..s.len().min(MAX_MARKUP)];
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    i += usize::from(closing);
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_char = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':');
    while b.get(i).is_some_and(|&c| name_char(c)) {
        i += 1;
    }
    loop {
        let spaced = b.get(i).is_some_and(u8::is_ascii_whitespace);
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some(i + 1),
            b'/' if b.get(i + 1) == Some(&b'>') => return Some(i + 2),
            _ if !spaced || closing => return None,
            _ => {}
        }
        // An attribute: a name, `=`, a quoted or bare value.
        let name_start = i;
        while b.get(i).is_some_and(|&c| name_char(c)) {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i)? {
            &q @ (b'"' | b'\'') => {
                let close = b[i + 1..].iter().position(|&c| c == q)?;
                i += close + 2;
            }
            _ => {
                let value_start = i;
                while b
                    .get(i)
                    .is_some_and(|&c| !c.is_ascii_whitespace() && !matches!(c, b'>' | b'"' | b'\''))
                {
                    i += 1;
                }
                if i == value_start {
                    return None;
                }
            }
        }
    }
}

/// What kind of label a line starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `[SPEAKER_00]:`
    Bracketed,
    /// `MAN:`, `SPEAKER_00:`
    Capitals,
    /// `Ann Lee:`, `Speaker 1:`: a label only where the file uses labels.
    Name,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Candidate<'a> {
    shape: Shape,
    label: &'a str,
    /// The text after the label.
    rest: &'a str,
}

/// The speaker label `text` (a cleaned line, after any marker) may start
/// with, by its shape alone.
fn candidate(text: &str) -> Option<Candidate<'_>> {
    if let Some(inner) = text.strip_prefix('[') {
        let close = inner.find(']')?;
        let label = inner[..close].trim();
        let rest = colon_rest(&inner[close + 1..])?;
        let fits = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '\'' | '’');
        return (!label.is_empty() && label.chars().count() <= 40 && label.chars().all(fits))
            .then_some(Candidate {
                shape: Shape::Bracketed,
                label,
                rest,
            });
    }
    let colon = text.find(':')?;
    let rest = colon_rest(&text[colon..])?;
    let label = text[..colon].trim_end();
    Some(Candidate {
        shape: shape(label)?,
        label,
        rest,
    })
}

/// The text after a label's `:` (which `s` starts with), if the colon ends
/// the line or a space follows it.
fn colon_rest(s: &str) -> Option<&str> {
    let after = s.strip_prefix(':')?;
    (after.is_empty() || after.starts_with(char::is_whitespace)).then(|| after.trim())
}

/// Lowercase words that names have between capitalised ones.
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "la",
    "le", "van", "von", "y", "zu",
];

fn shape(label: &str) -> Option<Shape> {
    let chars = label.chars().count();
    if chars == 0 || chars > 40 || label.split_whitespace().count() > 4 {
        return None;
    }
    if !label.starts_with(char::is_alphabetic) {
        return None;
    }
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let capital = |c: char| {
        if c.is_alphabetic() {
            c.is_uppercase()
        } else {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ' ' | '.' | '\'' | '’' | '-' | '_' | '#' | '&' | '(' | ')'
                )
        }
    };
    if letters >= 2 && label.chars().all(capital) {
        return Some(Shape::Capitals);
    }
    let word = |(i, w): (usize, &str)| {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            return i > 0 && w.len() <= 3;
        }
        if i > 0 && PARTICLES.contains(&w) {
            return true;
        }
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && cs.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
    };
    label
        .split_whitespace()
        .enumerate()
        .all(word)
        .then_some(Shape::Name)
}

/// The speaker-change marker a line starts with (`- `, `-Word`, `>>`), and
/// the rest of the line.
fn marker(line: &str) -> (bool, &str) {
    for m in [">>", "-"] {
        if let Some(rest) = line.strip_prefix(m) {
            match rest.chars().next() {
                None => return (true, ""),
                Some(c) if c.is_whitespace() || c.is_alphabetic() => {
                    return (true, rest.trim_start());
                }
                Some(_) => {}
            }
        }
    }
    (false, line)
}

/// A speaker's part of a cue.
struct Piece {
    line: LineNo,
    last_line: LineNo,
    voice: Voice,
    text: String,
}

/// The cues' pieces, each with its speaker (see the module documentation).
/// Cues with no text make no piece and are reported.
pub(crate) fn voices(raw: Vec<RawCue>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Cue> {
    // First pass: which name-shaped labels the file uses.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut labelled_cues = 0;
    for cue in &raw {
        let mut labelled = false;
        for (_, line) in &cue.lines {
            if let Some(c) = candidate(marker(line).1) {
                labelled = true;
                if c.shape == Shape::Name {
                    *counts.entry(c.label).or_default() += 1;
                }
            }
        }
        labelled_cues += usize::from(labelled);
    }
    let names_are_labels = labelled_cues >= 2 && labelled_cues * 3 >= raw.len();
    let is_label = |c: &Candidate| match c.shape {
        Shape::Bracketed | Shape::Capitals => true,
        Shape::Name => names_are_labels || counts.get(c.label).is_some_and(|&n| n >= 2),
    };

    let mut out = Vec::with_capacity(raw.len());
    // A cue of a label alone, waiting for the cue it names.
    let mut carried: Option<Cue> = None;
    for cue in &raw {
        let carry = carried.take();
        let mut carry_used = false;
        let mut pieces: Vec<Piece> = Vec::new();
        for (lineno, line) in &cue.lines {
            let (marked, body) = marker(line);
            let label = candidate(body).filter(|c| is_label(c));
            let text = label.map_or(body, |c| c.rest);
            if marked || label.is_some() || pieces.is_empty() {
                let voice = match (label, marked, &carry) {
                    (Some(c), _, _) => Voice::Named(c.label.to_string()),
                    (None, false, Some(c)) if pieces.is_empty() => {
                        carry_used = true;
                        c.voice.clone()
                    }
                    _ => Voice::Anonymous,
                };
                pieces.push(Piece {
                    line: if pieces.is_empty() { cue.line } else { *lineno },
                    last_line: *lineno,
                    voice,
                    text: text.to_string(),
                });
            } else if let Some(p) = pieces.last_mut() {
                if !text.is_empty() {
                    if !p.text.is_empty() {
                        p.text.push(' ');
                    }
                    p.text.push_str(text);
                }
                p.last_line = *lineno;
            }
        }
        match carry {
            // The label's cue goes before the cue it names, so that the
            // turn starts where the label does.
            Some(c) if carry_used => out.push(c),
            Some(c) => unused_label(&c, "the next cue does not continue it", diagnostics),
            None => {}
        }
        if let Some(last) = pieces.last()
            && matches!(last.voice, Voice::Named(_))
            && last.text.is_empty()
        {
            let last = pieces.pop().expect("a last piece");
            carried = Some(Cue {
                line: last.line,
                last_line: last.last_line,
                start: cue.start,
                end: cue.end,
                voice: last.voice,
                text: String::new(),
            });
        }
        if carried.is_none() && pieces.iter().all(|p| p.text.is_empty()) {
            diagnostics.push(
                Diagnostic::warning(Code::CueMalformed, "this cue has no text; it makes no turn")
                    .at(cue.line),
            );
        }
        out.extend(
            pieces
                .into_iter()
                .filter(|p| !p.text.is_empty())
                .map(|p| Cue {
                    line: p.line,
                    last_line: p.last_line,
                    start: cue.start,
                    end: cue.end,
                    voice: p.voice,
                    text: p.text,
                }),
        );
    }
    if let Some(c) = carried {
        unused_label(&c, "no cue follows it", diagnostics);
    }
    out
}

/// A cue of a label alone that names no cue after it.
fn unused_label(cue: &Cue, why: &str, diagnostics: &mut Vec<Diagnostic>) {
    let name = match &cue.voice {
        Voice::Named(name) => name.as_str(),
        Voice::Continues | Voice::Anonymous => "",
    };
    diagnostics.push(
        Diagnostic::warning(
            Code::CueMalformed,
            format!("this cue has only the speaker label {name:?} and {why}; it makes no turn"),
        )
        .at(cue.line),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines = crate::text::lines(text);
        Srt.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    /// Label, text, start ms, end ms, line, last line.
    type Row = (String, String, Option<u64>, Option<u64>, u32, u32);

    /// The [`Row`] of each turn.
    fn turns(text: &str) -> Vec<Row> {
        parse(text)
            .turns
            .into_iter()
            .map(|t| {
                (
                    t.label,
                    t.text,
                    t.start.map(|s| s.millis()),
                    t.end.map(|e| e.millis()),
                    t.line.0,
                    t.last_line.0,
                )
            })
            .collect()
    }

    fn cleaned(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        clean(line, &mut out);
        out
    }

    #[test]
    fn tags_go_and_their_text_stays() {
        let one = |s: &str| cleaned(s).join("|");
        assert_eq!(one("<i>x</i>^3 * <b><u>y</u></b>"), "x^3 * y");
        assert_eq!(one("<font color=\"#00ff00\">green</font>"), "green");
        assert_eq!(one("<font size=9 color=\"00ff00\">small</font>"), "small");
        assert_eq!(one("<font color=#ff0000 size=9>red"), "red");
        assert_eq!(one("<font face='Times New Roman'>serif</font>"), "serif");
        assert_eq!(one("<invalid_tag par=5>shown</invalid_tag>"), "shown");
        assert_eq!(one("Not opened.</xxxxx> <br/> <br />"), "Not opened.");
        assert_eq!(one("2<3,5>1,4<6"), "2<3,5>1,4<6");
        assert_eq!(one("<"), "<");
        assert_eq!(one("if a <b and c> d"), "if a <b and c> d");
        assert_eq!(
            one("<font color=\"red\" unterminated"),
            "<font color=\"red\" unterminated"
        );
        assert_eq!(one("&lt;i&gt; &amp; &nbsp;x"), "<i> & \u{a0}x");
    }

    #[test]
    fn overrides_and_escapes() {
        assert_eq!(cleaned("{\\an8}top"), ["top"]);
        assert_eq!(cleaned("horiz{\\an6}ontally"), ["horizontally"]);
        assert_eq!(cleaned("{\\an8}"), [""]);
        assert_eq!(
            cleaned("hide {Y:abc} show {normal text}"),
            ["hide  show {normal text}"]
        );
        assert_eq!(cleaned("{\\unclosed"), ["{\\unclosed"]);
        assert_eq!(cleaned("one\\Ntwo\\nthree"), ["one", "two", "three"]);
        assert_eq!(cleaned("a\\hb\\h"), ["a b"]);
        assert_eq!(cleaned("Show: \\TEST \\-)"), ["Show: \\TEST \\-)"]);
    }

    #[test]
    fn long_lines_of_unclosed_markup_are_read_in_linear_time() {
        // Each `<` or `{` once looked for its end to the end of the line.
        for unit in ["<a b=", "{\\", "<a b=\"", "x\\n"] {
            let line = unit.repeat(50_000);
            let out = cleaned(&line);
            let kept: usize = out.iter().map(|l| l.len()).sum();
            assert!(kept > 0, "{unit}");
        }
    }

    #[test]
    fn label_shapes() {
        let c = |s| candidate(s).map(|c| (c.shape, c.label, c.rest));
        assert_eq!(
            c("[SPEAKER_01]: Hola"),
            Some((Shape::Bracketed, "SPEAKER_01", "Hola"))
        );
        assert_eq!(c("MAN:"), Some((Shape::Capitals, "MAN", "")));
        assert_eq!(c("WOMAN #2: no"), Some((Shape::Capitals, "WOMAN #2", "no")));
        assert_eq!(c("Ann Lee: hi"), Some((Shape::Name, "Ann Lee", "hi")));
        assert_eq!(c("Speaker 1: hi"), Some((Shape::Name, "Speaker 1", "hi")));
        assert_eq!(
            c("Jean-Luc de la Cruz: oui"),
            Some((Shape::Name, "Jean-Luc de la Cruz", "oui"))
        );
        for not in [
            "[music] playing",
            "[music]:x",
            "at 10:30 we",
            "https://x.org",
            "and one of the responses I got, I didn't answer it, was:",
            "Show this: \\TEST",
            "5 normal spaces between letters: A",
            "A letter followed by spaces: A",
            ": nothing",
        ] {
            assert_eq!(c(not), None, "{not}");
        }
    }

    #[test]
    fn sniff_by_the_first_cue() {
        let s = |t: &str| Srt.sniff(&crate::text::lines(t));
        assert_eq!(s("1\n00:00:01,000 --> 00:00:02,000\nx\n"), Confidence::SURE);
        assert_eq!(
            s("\u{feff}\n\n00:01:39 --> 00:01:41,04\nx\n"),
            Confidence(70)
        );
        assert_eq!(s("0\n00:00:01.000 --> 00:00:02.000\nx\n"), Confidence(60));
        assert_eq!(s("00:00:01 --> 00:00:10\nx\n"), Confidence(60));
        assert_eq!(
            s("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"),
            Confidence::NO
        );
        assert_eq!(
            s("some text\n00:00:00,500 --> 00:00:07,000"),
            Confidence::NO
        );
        assert_eq!(s("1\nsome text"), Confidence::NO);
        assert_eq!(s("1\n00:00:0x,000 --> 00:00:02,000\n"), Confidence::NO);
        assert_eq!(s(""), Confidence::NO);
    }

    #[test]
    fn cues_with_and_without_indexes() {
        let t = turns(
            "00:00:01,000 --> 00:00:02,500\nno index\n\n0\n00:00:03.5 --> 00:00:04\nfrom zero\n\n7\n00:00:05,08 --> 00:00:06,1 X1:40 X2:600\nskipped to seven",
        );
        assert_eq!(
            t,
            [
                ("".into(), "no index".into(), Some(1000), Some(2500), 1, 2),
                ("".into(), "from zero".into(), Some(3500), Some(4000), 4, 6),
                (
                    "".into(),
                    "skipped to seven".into(),
                    Some(5080),
                    Some(6100),
                    8,
                    10
                ),
            ]
        );
    }

    #[test]
    fn a_label_alone_names_the_rest_of_its_cue_and_dashes_split_it() {
        let t = turns(
            "1\n00:00:01,000 --> 00:00:02,000\nMAN:\nHow did we\nend up here?\n\n2\n00:00:02,000 --> 00:00:03,000\n- Who knows?\n- Not me.\n",
        );
        assert_eq!(
            t,
            [
                (
                    "MAN".into(),
                    "How did we end up here?".into(),
                    Some(1000),
                    Some(2000),
                    1,
                    5
                ),
                ("".into(), "Who knows?".into(), Some(2000), Some(3000), 7, 9),
                ("".into(), "Not me.".into(), Some(2000), Some(3000), 10, 10),
            ]
        );
    }

    #[test]
    fn a_name_once_in_prose_is_text_but_a_recurring_one_is_a_label() {
        let once = turns(
            "1\n00:00:01,000 --> 00:00:02,000\nNote: the vote is Tuesday\n\n2\n00:00:02,000 --> 00:00:03,000\nthen we go\n\n3\n00:00:03,000 --> 00:00:04,000\nhome\n\n4\n00:00:04,000 --> 00:00:05,000\nlater\n",
        );
        assert_eq!(once[0].0, "");
        assert_eq!(once[0].1, "Note: the vote is Tuesday");
        let twice = turns(
            "1\n00:00:01,000 --> 00:00:02,000\nAnn Lee: hi\n\n2\n00:00:02,000 --> 00:00:03,000\nAnn Lee: there\n\n3\n00:00:03,000 --> 00:00:04,000\nBo Chen: yo\n",
        );
        let got: Vec<_> = twice.iter().map(|t| (t.0.as_str(), t.1.as_str())).collect();
        assert_eq!(got, [("Ann Lee", "hi there"), ("Bo Chen", "yo")]);
    }

    #[test]
    fn a_label_alone_in_a_cue_names_the_next_cue() {
        let p = parse(
            "1\n00:00:01,000 --> 00:00:02,000\nNARRATOR:\n\n2\n00:00:02,000 --> 00:00:03,000\nOnce upon a time\n\n3\n00:00:03,000 --> 00:00:04,000\nMAN:\n\n4\n00:00:04,000 --> 00:00:05,000\nWOMAN: Me first.\n\n5\n00:00:05,000 --> 00:00:06,000\nMAN:\n",
        );
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.cues,
                    t.line.0,
                    t.last_line.0,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("NARRATOR", "Once upon a time", Some(1000), 2, 1, 7),
                ("WOMAN", "Me first.", Some(4000), 1, 13, 15),
            ]
        );
        let diags: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap().0, d.message.as_str()))
            .collect();
        assert_eq!(
            diags,
            [
                (
                    9,
                    "this cue has only the speaker label \"MAN\" and the next cue does not continue it; it makes no turn"
                ),
                (
                    17,
                    "this cue has only the speaker label \"MAN\" and no cue follows it; it makes no turn"
                ),
            ]
        );
    }

    #[test]
    fn malformed_cues_keep_their_text() {
        let p = parse(
            "stray before\n1\n00:00:01,000 --> 00:00:0x,000\nbroken end\n\n2\ntiming missing\n\n3\n00:00:05,000 --> 00:00:06,000\n\n\n4\n00:00:07,000 --> 00:00:08,000\nfine\n\nafter a blank\n",
        );
        let got: Vec<_> = p
            .turns
            .iter()
            .map(|t| {
                (
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                    t.end.map(|e| e.millis()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("stray before", None, None),
                ("broken end", Some(1000), None),
                ("timing missing", None, None),
                ("fine after a blank", Some(7000), Some(8000)),
            ]
        );
        let diags: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap().0, d.code))
            .collect();
        assert_eq!(
            diags,
            [
                (1, Code::CueMalformed),
                (3, Code::CueMalformed),
                (6, Code::CueMalformed),
                (9, Code::CueMalformed),
                (17, Code::CueMalformed),
            ]
        );
        assert_eq!(
            p.diagnostics[1].message,
            "cannot read the timing line \"00:00:01,000 --> 00:00:0x,000\": the end \"00:00:0x,000\" is not a time; the cue's text is kept with its start only"
        );
    }

    #[test]
    fn a_number_in_the_text_is_not_an_index() {
        let t = turns(
            "1\n00:00:01,000 --> 00:00:02,000\nHow many?\n42\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n",
        );
        assert_eq!(t[0].1, "How many? 42");
        assert_eq!(t[1].1, "ok");
    }

    #[test]
    fn an_end_before_the_start_is_dropped() {
        let p = parse("1\n00:00:05,000 --> 00:00:01,000\nback\n");
        assert_eq!(p.turns[0].end, None);
        assert_eq!(p.turns[0].start, Some(Timestamp(5000)));
        assert_eq!(p.diagnostics.len(), 1);
    }

    #[test]
    fn lines_count_from_the_source_offset() {
        let lines = ["1", "00:00:01,000 --> 00:00:02,000", "[Ann]: hi"];
        let p = Srt.parse(
            Source {
                lines: &lines,
                offset: 10,
            },
            &Ctx::new(&NoNames),
        );
        assert_eq!(
            (p.turns[0].line, p.turns[0].last_line),
            (LineNo(11), LineNo(13))
        );
        assert_eq!(p.turns[0].label, "Ann");
    }
}
