//! Plain dialogue: the transcripts people type, paste or convert into a
//! `.txt`, one speaker label at the start of a line.
//!
//! ```text
//! Python Bytes Transcript
//! Michael KENNEDY: Hello and welcome to Python Bytes.
//! KENNEDY: We've got a bunch of stuff lined up.
//! So, we were just talking about pictures.          ← continues KENNEDY
//! 00:00:14 OKKEN: And I'm Brian Okken.
//! 00:00:00 >> Hello and welcome                     ← a new, unnamed speaker
//! 00:00:33 <v Michael Kennedy>So be sure <v Calvin>to listen
//! **Ann Lee:** Markdown bold labels
//! [SPEAKER_01]: bracketed diarization labels
//! ```
//!
//! Each non-blank line is read in three steps.
//!
//! 1. **Time.** A leading clock time, unbracketed (`00:00:14`, `0:14:02`,
//!    `14:02`; the seconds always two digits, so `1:1 meeting` is not one)
//!    or bracketed (`[00:00:14]`), followed by white space, is the line's
//!    start. A clock-shaped token that is not a valid time (`00:61:00`) is
//!    reported (the diagnostic quotes it) and the rest of the line is read
//!    as an untimed line, so its speaker is not lost. A line that is only a
//!    time gives its time and its line to the next line (one at the end of
//!    the file is reported). When every non-blank line of the file (at
//!    least three) starts with the *same* clock token, a tool prefixed it
//!    (`0:00 ` on every line): it says nothing about when and is stripped
//!    first ([`constant_clock_prefix`]).
//! 2. **Who.** After the time: `>>` is a speaker change without a name (a
//!    new turn with an empty label, or the label after it: `>> CLERK:`); on
//!    a timed line, a leading `- ` is the subtitle convention for the same;
//!    `<v Name>` tags (WebVTT voice spans leaked into text) name the
//!    speaker of the text after each tag, several to a line (`</v>` and
//!    character references are cleaned, as WebVTT text); `Name:`,
//!    `**Name:**`, `**Name**:` and `[Name]:` are labels, if the label is
//!    accepted (below).
//! 3. **What.** A line that starts no turn continues the turn before it
//!    (joined with a newline, so line structure is kept), with one
//!    exception: in a file that has no accepted label, no `>>`/`-` marker
//!    and no voice tag at all, every *timed* line is an anonymous turn of
//!    its own (nothing says two lines are the same speaker's, and one turn
//!    of a whole recording says nothing). Text before the first turn is an
//!    anonymous turn, reported.
//!
//! A labelled line starts a new turn even when the label is the previous
//! turn's: the file wrote the label again, and the house format keeps such
//! lines apart too. Voice-tag pieces of the same speaker in a row are one
//! turn, because captions cut a turn into cues. In a file that uses `>>`
//! markers (or at least two `- ` markers) at line starts, a ` >> ` inside
//! a line (or a ` - ` after `.`, `?`, `!`) is a speaker change too:
//! `- Bye everyone. - Bye.` is two turns. A speaker change inside a line
//! starts at the line's time, the nearest the file gives. Pieces on one
//! line are joined with a space.
//!
//! # What is a speaker label
//!
//! `Note: call me` is not a turn. A label is the text before the first
//! `:` (within 64 bytes of the start), the colon followed by white space
//! or the end of the line, and it must be **name-shaped** ([`name_shaped`]):
//! one to five words, each a capitalised word (`Ann`, `McDonald`,
//! `O'Brien`, `Hendryx-Parker`, `KENNEDY`, or a word of a script without
//! case), an initial (`J.`, `J.R.`), a title (`Dr.`), a name particle
//! (`van`, `de`, `bin`…, not alone), a diarization id (`SPEAKER_00`), or a
//! number after a placeholder word (`Speaker 1`, `Guest 2`); nothing
//! else, so no sentence punctuation, quotes, URLs or other digits, and at
//! most 40 characters. A label that is a document's field name (`Note`,
//! `Warning`, `Update`, `Agenda`, `Attendees`, `Date`, `Action items`…:
//! see `FIELD_WORDS`) is never a speaker, however often it recurs. A
//! name-shaped label is a speaker label when
//!
//! - it starts at least two lines of the file (recurrence), or
//! - it starts one line and the nearest recurring labels before and after
//!   it are the same speaker's (an interjection: `Ann`, `Bo`, `Ann`), or
//! - it comes right after a `>>` or `- ` speaker change, or
//! - it has a placeholder word (`Unknown Speaker`, `Speaker 3`, `Guest`,
//!   `Interviewer`: see `PLACEHOLDERS`), which only transcripts write, or
//! - the note's participants or the people dictionary know it as written,
//!   or
//! - it shares a word with a label accepted by one of the rules above (the
//!   full form of a shortened name: `Michael KENNEDY` beside `KENNEDY`).
//!
//! A label that is not accepted is text: the whole line continues the turn
//! before it. A one-off capitalised word that is no field name and sits
//! between two different speakers (`Remember: the slides`) is therefore
//! text too, which is what such lines are far more often than a speaker
//! who says one thing.
//!
//! # Title
//!
//! One or two short lines (at most 120 characters, untimed, unlabelled,
//! not ending in `.`, `!`, `?`, `,`, `;` or `:`) before the first turn are
//! the title (`Python Bytes Transcript`, `Episode #20: …`), joined with
//! ` — `; they are metadata, not a turn. More lines than two, or one that
//! ends like a sentence, are text (the first turn, without speaker).
//!
//! # Sniffing
//!
//! Only the first 100 non-blank lines are read (512 bytes of each), with
//! the same rules as the parse. A `WEBVTT` signature or a subtitle cue's timing line
//! (`00:00:01,000 --> …`) says the file is WebVTT or SRT: no claim. The
//! file is the house format's (`[00:00:01] Ann: …`), not
//! dialogue, when at least half of them start with `[digits:`; lines whose
//! unbracketed time is followed by a tab are Zoom chat's, and leave a weak
//! claim only. Otherwise it is likely dialogue when voice tags (70), or
//! unbracketed leading times or `>>`/`- ` markers (60), start at least half
//! of the lines; or when accepted labels start at least three lines and a
//! third of them, one of the labels recurring (55 with two speakers or
//! more, 50 with one). A Markdown heading in the window caps the claim at
//! 50, so that a note (which the container claims at 50 with a heading,
//! 90 with a frontmatter) stays a note: a file wins only with a claim
//! above the container's.

use std::collections::{HashMap, HashSet};

use crate::formats::timing::ends_from_next_starts;
use crate::formats::{
    Confidence, Ctx, Format, FormatId, Meta, NoNames, Parsed, ParsedTurn, Source, clock, entities,
    house,
};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

pub struct Dialogue;

/// How many non-blank lines a sniff looks at.
pub(crate) const SNIFF_LINES: usize = 100;

/// How much of each line a sniff reads: labels, times and voice tags are
/// at the start, Otter's and Rev's headers are short lines.
pub(crate) const SNIFF_BYTES: usize = 512;

/// Labels that name a field of a document, not a person (lowercase).
const FIELD_WORDS: &[&str] = &[
    "action",
    "action item",
    "action items",
    "actions",
    "agenda",
    "answer",
    "attendees",
    "attendee",
    "attending",
    "absent",
    "background",
    "bcc",
    "blocker",
    "blockers",
    "caution",
    "cc",
    "context",
    "date",
    "decision",
    "decisions",
    "due",
    "duration",
    "edit",
    "example",
    "fixme",
    "follow up",
    "follow-up",
    "from",
    "goal",
    "goals",
    "hint",
    "important",
    "info",
    "issue",
    "issues",
    "language",
    "link",
    "links",
    "location",
    "meeting",
    "minutes",
    "next",
    "next steps",
    "nb",
    "note",
    "notes",
    "outcome",
    "owner",
    "participants",
    "place",
    "present",
    "priority",
    "problem",
    "ps",
    "question",
    "questions",
    "re",
    "recording",
    "reminder",
    "result",
    "results",
    "risk",
    "risks",
    "solution",
    "source",
    "status",
    "subject",
    "summary",
    "tags",
    "time",
    "tip",
    "title",
    "to",
    "todo",
    "topic",
    "topics",
    "transcript",
    "type",
    "update",
    "updates",
    "url",
    "warning",
    "when",
    "where",
    "who",
];

/// Words after which a number belongs to a name: `Speaker 1` (lowercase).
const PLACEHOLDERS: &[&str] = &[
    "speaker",
    "participant",
    "person",
    "guest",
    "caller",
    "voice",
    "interviewer",
    "interviewee",
    "respondent",
    "moderator",
    "host",
    "panelist",
    "panellist",
    "attendee",
    "unknown",
];

/// Lowercase words that are part of names: `Ludwig van Beethoven`.
const PARTICLES: &[&str] = &[
    "af", "al", "av", "bin", "binti", "da", "das", "de", "del", "della", "den", "der", "di", "do",
    "dos", "du", "el", "ibn", "la", "le", "les", "lo", "los", "las", "st", "ten", "ter", "van",
    "von", "y", "zu",
];

/// Titles written with a full stop.
const TITLES: &[&str] = &[
    "Dr.", "Mr.", "Mrs.", "Ms.", "Mx.", "Prof.", "Sr.", "Jr.", "St.", "Rev.", "Hon.",
];

/// Whether `label` (trimmed) has the shape of a speaker's name: see the
/// module documentation.
pub fn name_shaped(label: &str) -> bool {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 40 {
        return false;
    }
    let mut previous: Option<&str> = None;
    let (mut count, mut named) = (0, false);
    for word in label.split_whitespace() {
        count += 1;
        if count > 5 {
            return false;
        }
        if name_word(word) {
            named = true;
        } else if is_small_number(word)
            && previous.is_some_and(|p| PLACEHOLDERS.contains(&p.to_lowercase().as_str()))
        {
            // `Speaker 1`: the number is part of the name.
        } else if !PARTICLES.contains(&word) {
            return false;
        }
        previous = Some(word);
    }
    named
}

fn is_small_number(w: &str) -> bool {
    (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
}

/// One word of a name: capitalised, an initial, a title or a diarization id.
fn name_word(w: &str) -> bool {
    if TITLES.contains(&w) {
        return true;
    }
    // `SPEAKER_00`, `spk_1`: a word, an underscore, a number.
    if let Some((head, num)) = w.split_once('_') {
        return !head.is_empty() && head.chars().all(char::is_alphabetic) && is_small_number(num);
    }
    // Initials: `J.`, `J.R.`.
    if w.contains('.') {
        let mut expect_letter = true;
        for c in w.chars() {
            match (expect_letter, c) {
                (true, c) if c.is_uppercase() => expect_letter = false,
                (false, '.') => expect_letter = true,
                _ => return false,
            }
        }
        return expect_letter;
    }
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    // A capital, or a letter of a script without case (CJK, Arabic…).
    if !(first.is_uppercase() || (first.is_alphabetic() && !first.is_lowercase())) {
        return false;
    }
    // Letters, combining marks, and hyphens or apostrophes between letters.
    let mut joiner = false;
    for c in chars {
        if c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c) {
            joiner = false;
        } else if matches!(c, '-' | '\'' | '’') && !joiner {
            joiner = true;
        } else {
            return false;
        }
    }
    !joiner
}

fn field_word(label: &str) -> bool {
    FIELD_WORDS.contains(&label.trim().to_lowercase().as_str())
}

/// A label at the start of `body`: `Name: rest`, `**Name:** rest`,
/// `**Name**: rest`, `[Name]: rest`, if it is name-shaped and not a
/// field word. Returns the label as written and the rest.
pub(crate) fn label_of(body: &str) -> Option<(&str, &str)> {
    let (label, rest) = if let Some(inner) = body.strip_prefix("**") {
        let close = inner.find("**")?;
        let after = &inner[close + 2..];
        match inner[..close].strip_suffix(':') {
            Some(label) => (label, after),
            None => (&inner[..close], after.strip_prefix(':')?),
        }
    } else if let Some(inner) = body.strip_prefix('[') {
        let close = inner.find(']')?;
        (&inner[..close], inner[close + 1..].strip_prefix(':')?)
    } else {
        let colon = body.bytes().take(64).position(|b| b == b':')?;
        (&body[..colon], &body[colon + 1..])
    };
    let rest_ok = rest.is_empty() || rest.starts_with(char::is_whitespace);
    let label = label.trim();
    (rest_ok && name_shaped(label) && !field_word(label)).then_some((label, rest.trim()))
}

/// What the start of a line says about its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lead<'a> {
    /// A clock time and the rest of the line after it (trimmed at the start).
    Clock(Timestamp, &'a str),
    /// A clock-shaped token that is not a valid time, and the rest.
    Malformed(&'a str, &'a str),
    None,
}

/// A clock-shaped token: `[h:]mm:ss`, two-digit seconds (and minutes when
/// there are hours), an optional fraction.
fn clock_shaped(token: &str) -> bool {
    let main = token.split(['.', ',']).next().unwrap_or("");
    let parts: Vec<&str> = main.split(':').collect();
    let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    token.len() <= 16
        && (2..=3).contains(&parts.len())
        && parts.iter().all(digits)
        && parts[0].len() <= 3
        && parts[1..].iter().all(|p| p.len() == 2)
}

/// The clock time at the start of `line` (already trimmed at the start),
/// unbracketed or in `[…]`, followed by white space or the end of the line.
pub(crate) fn leading_clock(line: &str) -> Lead<'_> {
    let (token, rest) = if let Some(inner) = line.strip_prefix('[') {
        match inner.find(']') {
            Some(close) => (&inner[..close], &inner[close + 1..]),
            None => return Lead::None,
        }
    } else {
        let end = line.find(char::is_whitespace).unwrap_or(line.len());
        (&line[..end], &line[end..])
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) || !clock_shaped(token) {
        return Lead::None;
    }
    match clock::parse(token) {
        Some(ts) => Lead::Clock(ts, rest.trim_start()),
        None => Lead::Malformed(token, rest.trim_start()),
    }
}

/// The clock token that every non-blank line (at least three) starts
/// with, followed by white space, if there is one: a tool's prefix that
/// says nothing about when (`0:00 Michael Kennedy  00:00`).
pub fn constant_clock_prefix<'a>(lines: &[&'a str]) -> Option<&'a str> {
    let mut nonblank = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    let first = nonblank.next()?;
    let end = first.find(char::is_whitespace)?;
    let token = &first[..end];
    if !clock_shaped(token) {
        return None;
    }
    let mut count = 1;
    for l in nonblank {
        let rest = l.strip_prefix(token)?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        count += 1;
    }
    (count >= 3).then_some(token)
}

/// `line` trimmed, without the constant prefix.
pub(crate) fn strip_prefix<'a>(line: &'a str, prefix: Option<&str>) -> &'a str {
    let t = line.trim();
    match prefix.and_then(|p| t.strip_prefix(p)) {
        Some(rest) => rest.trim_start(),
        None => t,
    }
}

/// The first non-blank lines of `lines`, at most [`SNIFF_LINES`], each
/// cut to its first [`SNIFF_BYTES`] (at a character boundary): what a sniff
/// reads, so that it costs the same on a file of one huge line.
pub(crate) fn sniff_window<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .map(|l| {
            let mut end = l.len().min(SNIFF_BYTES);
            while !l.is_char_boundary(end) {
                end -= 1;
            }
            &l[..end]
        })
        .collect()
}

/// Whether a line is a subtitle cue's timing line (`00:01.000 --> …`):
/// WebVTT's and SRT's, not dialogue.
fn cue_timing(line: &str) -> bool {
    line.split_once("-->")
        .is_some_and(|(from, _)| clock_shaped(from.trim()))
}

/// Whether a line is a Markdown ATX heading (`# Title`).
pub(crate) fn markdown_heading(line: &str) -> bool {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t'])
}

/// Who starts speaking where a line's body begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head<'a> {
    /// A name-shaped label (accepted or not yet) and the text after it.
    Label(&'a str, &'a str),
    /// `>>`: the text after it.
    Chevron(&'a str),
    /// `- ` on a timed line: the text after it.
    Dash(&'a str),
    /// Has `<v Name>` tags.
    Voice,
    Plain,
}

/// A non-blank line, read.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    /// Index in the source's lines.
    idx: usize,
    start: Option<Timestamp>,
    /// Whether the line starts with a clock-shaped token, valid or not.
    timed: bool,
    /// The line after its time (the whole line if it has none).
    body: &'a str,
    head: Head<'a>,
}

fn head_of<'a>(body: &'a str, timed: bool) -> Head<'a> {
    if let Some(rest) = body.strip_prefix(">>") {
        return Head::Chevron(rest.trim_start());
    }
    if timed && (body == "-" || body.starts_with("- ")) {
        return Head::Dash(body[1..].trim_start());
    }
    if voice_tag_at(body).is_some() {
        return Head::Voice;
    }
    match label_of(body) {
        Some((label, rest)) => Head::Label(label, rest),
        None => Head::Plain,
    }
}

/// The byte offset of the first `<v Name>` / `<v.class Name>` tag in `s`.
fn voice_tag_at(s: &str) -> Option<usize> {
    // A tag needs a `>` after it: one look for the last, not one per `<v`.
    let last_close = s.rfind('>')?;
    let mut from = 0;
    while let Some(i) = s[from..].find("<v") {
        let at = from + i;
        let after = &s[at + 2..];
        if at > last_close {
            return None;
        }
        if after.starts_with(' ') || after.starts_with('.') {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// A line with voice tags, cut into the text before the first tag and
/// (name, text) pieces; `</v>` closing tags removed, character references
/// decoded (this is WebVTT text).
fn voice_pieces(body: &str) -> (String, Vec<(&str, String)>) {
    let clean = |s: &str| entities::decode(&s.replace("</v>", " ")).trim().to_string();
    let first = voice_tag_at(body).unwrap_or(body.len());
    let lead = clean(&body[..first]);
    let mut pieces = Vec::new();
    let mut rest = &body[first..];
    while !rest.is_empty() {
        // `rest` starts with a tag: `<v` then ` Name>` or `.class Name>`.
        let Some(close) = rest.find('>') else { break };
        let inside = &rest[2..close];
        let name = match inside.strip_prefix('.') {
            Some(classed) => classed.split_once(' ').map_or("", |(_, n)| n),
            None => inside,
        }
        .trim();
        let after = &rest[close + 1..];
        let next = voice_tag_at(after).unwrap_or(after.len());
        pieces.push((name, clean(&after[..next])));
        rest = &after[next..];
    }
    (lead, pieces)
}

/// Cuts `text` at speaker changes inside a line: ` >> ` (chevrons) or a
/// ` - ` after sentence punctuation (dashes).
fn split_changes(text: &str, chevrons: bool, dashes: bool) -> Vec<&str> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let (mut from, mut i) = (0, 0);
    while i < b.len() {
        // The markers are ASCII, so every cut is at a character boundary.
        let skip = if chevrons && b[i..].starts_with(b" >>") {
            3
        } else if dashes
            && i > 0
            && matches!(b[i - 1], b'.' | b'?' | b'!')
            && b[i..].starts_with(b" - ")
        {
            2
        } else {
            i += 1;
            continue;
        };
        parts.push(text[from..i].trim());
        i += skip;
        from = i;
    }
    parts.push(text[from..].trim());
    parts
}

impl Format for Dialogue {
    fn id(&self) -> FormatId {
        FormatId::Dialogue
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    fn sniff(&self, lines: &[&str]) -> Confidence {
        let window = sniff_window(lines);
        let prefix = constant_clock_prefix(&window);
        let n = window.len();
        let (mut house, mut timed, mut tabbed, mut chevrons, mut voices) = (0, 0, 0, 0, 0);
        let mut heading = false;
        let mut read = Vec::with_capacity(n);
        if window
            .first()
            .is_some_and(|l| l.trim_start_matches('\u{feff}').starts_with("WEBVTT"))
        {
            return Confidence::NO;
        }
        for (idx, raw) in window.iter().enumerate() {
            if cue_timing(raw) {
                return Confidence::NO;
            }
            house += usize::from(house::is_stamp_like(raw));
            heading |= markdown_heading(raw);
            let Some((line, _)) = read_line(idx, raw, prefix) else {
                continue;
            };
            if line.timed && !line.body.is_empty() && !raw.trim_start().starts_with('[') {
                timed += 1;
                let t = strip_prefix(raw, prefix);
                let end = t.find(char::is_whitespace).unwrap_or(t.len());
                tabbed += usize::from(t[end..].starts_with('\t'));
            }
            match line.head {
                Head::Chevron(_) | Head::Dash(_) => chevrons += 1,
                Head::Voice => voices += 1,
                Head::Label(..) | Head::Plain => {}
            }
            read.push(line);
        }
        let labelled = labels_of(&read);
        let accepted = accept_labels(&labelled, &Ctx::new(&NoNames));
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &(label, _) in &labelled {
            *counts.entry(label).or_default() += 1;
        }
        let recurs = counts.values().any(|&c| c >= 2);
        let labelled = labelled
            .iter()
            .filter(|(l, _)| accepted.contains(l))
            .count();
        let confidence = if n == 0 || house * 2 >= n {
            return Confidence::NO;
        } else if timed > 0 && tabbed * 2 >= timed {
            return Confidence::WEAK;
        } else if voices >= 2 && voices * 2 >= n {
            Confidence(70)
        } else if (timed >= 3 && timed * 2 >= n) || (chevrons >= 3 && chevrons * 2 >= n) {
            Confidence(60)
        } else if recurs && labelled >= 3 && labelled * 3 >= n {
            if accepted.len() >= 2 {
                Confidence(55)
            } else {
                Confidence::LIKELY
            }
        } else if labelled + timed + chevrons + voices > 0 {
            return Confidence::WEAK;
        } else {
            return Confidence::NO;
        };
        if heading {
            confidence.min(Confidence::LIKELY)
        } else {
            confidence
        }
    }

    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed {
        let mut diagnostics = Vec::new();
        let lines = read_lines(src, &mut diagnostics);
        let accepted = accept_labels(&labels_of(&lines), ctx);
        let speakers = lines.iter().any(|l| match l.head {
            Head::Label(label, _) => accepted.contains(label),
            Head::Plain => false,
            _ => true,
        });
        let chevrons = lines.iter().any(|l| matches!(l.head, Head::Chevron(_)));
        let dashes = lines
            .iter()
            .filter(|l| matches!(l.head, Head::Dash(_)))
            .count()
            >= 2;
        let starts_turn = |l: &Line| match l.head {
            Head::Label(label, _) => accepted.contains(label),
            Head::Plain => l.timed,
            _ => true,
        };
        let first_turn = lines.iter().position(starts_turn).unwrap_or(lines.len());
        let title_lines = title_lines(&lines[..first_turn]);
        let title = (title_lines > 0).then(|| {
            lines[..title_lines]
                .iter()
                .map(|l| l.body)
                .collect::<Vec<_>>()
                .join(" — ")
        });

        let mut b = Builder {
            turns: Vec::new(),
            voiced: false,
            warned_before_first: false,
            diagnostics: &mut diagnostics,
        };
        // A line that is only a time: its time and line go to the next line.
        let mut pending: Option<(Option<Timestamp>, LineNo)> = None;
        for line in &lines[title_lines..] {
            let lineno = src.line_no(line.idx);
            let (start, from) = match pending.take() {
                Some((ts, from)) => (line.start.or(ts), Some(from)),
                None => (line.start, None),
            };
            let opened = b.turns.len();
            match line.head {
                Head::Label(label, rest) if accepted.contains(label) => {
                    b.open(lineno, label, rest, start);
                }
                Head::Chevron(rest) | Head::Dash(rest) => {
                    let (label, rest) = match label_of(rest) {
                        Some((label, text)) if accepted.contains(label) => (label, text),
                        _ => ("", rest),
                    };
                    let mut parts = split_changes(rest, chevrons, dashes).into_iter();
                    b.open(lineno, label, parts.next().unwrap_or(""), start);
                    for part in parts {
                        b.open(lineno, "", part, start);
                    }
                }
                Head::Voice => {
                    let (lead, pieces) = voice_pieces(line.body);
                    if !lead.is_empty() {
                        b.continue_turn(lineno, &lead, start);
                    }
                    for (name, text) in pieces {
                        b.voice(lineno, name, &text, start);
                    }
                }
                Head::Label(..) | Head::Plain => {
                    if line.body.is_empty() {
                        // Two times in a row: the first starts nothing.
                        if let Some(earlier) = from {
                            b.diagnostics.push(
                                Diagnostic::warning(
                                    Code::CueMalformed,
                                    "a time with no text after it, only another time; it starts no turn",
                                )
                                .at(earlier),
                            );
                        }
                        pending = Some((line.start, lineno));
                        continue;
                    }
                    let mut parts = split_changes(line.body, chevrons, dashes).into_iter();
                    let first = parts.next().unwrap_or("");
                    if !speakers && line.timed {
                        b.open(lineno, "", first, start);
                    } else {
                        b.continue_turn(lineno, first, start);
                    }
                    for part in parts {
                        b.open(lineno, "", part, start);
                    }
                }
            }
            // A turn opened after a time line starts on the time line.
            if let (Some(from), Some(turn)) = (from, b.turns.get_mut(opened)) {
                turn.line = from;
            }
        }
        if let Some((_, line)) = pending {
            b.diagnostics.push(
                Diagnostic::warning(
                    Code::CueMalformed,
                    "a time with no text after it; it starts no turn",
                )
                .at(line),
            );
        }
        let mut turns = b.turns;
        diagnostics.extend(ends_from_next_starts(&mut turns));
        Parsed {
            meta: Meta {
                title,
                ..Meta::default()
            },
            turns,
            diagnostics,
            ..Parsed::default()
        }
    }
}

/// The non-blank lines of `src`, their times and heads read.
fn read_lines<'a>(src: Source<'a>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let prefix = constant_clock_prefix(src.lines);
    let mut out = Vec::new();
    for (idx, raw) in src.lines.iter().enumerate() {
        let Some((line, malformed)) = read_line(idx, raw, prefix) else {
            continue;
        };
        if let Some(token) = malformed {
            diagnostics.push(
                Diagnostic::warning(
                    Code::TimestampMalformed,
                    format!("{token:?} is not a valid time; the line is read without one"),
                )
                .at(src.line_no(idx)),
            );
        }
        out.push(line);
    }
    out
}

/// One line read, unless it is blank; with the token of a malformed time.
fn read_line<'a>(
    idx: usize,
    raw: &'a str,
    prefix: Option<&str>,
) -> Option<(Line<'a>, Option<&'a str>)> {
    let line = strip_prefix(raw, prefix);
    if line.is_empty() {
        return None;
    }
    let (start, timed, body, malformed) = match leading_clock(line) {
        Lead::Clock(ts, rest) => (Some(ts), true, rest, None),
        Lead::Malformed(token, rest) => (None, true, rest, Some(token)),
        Lead::None => (None, false, line, None),
    };
    let head = head_of(body, timed);
    Some((
        Line {
            idx,
            start,
            timed,
            body,
            head,
        },
        malformed,
    ))
}

/// Every name-shaped label of `lines` in file order, and whether it comes
/// right after a `>>` or `- ` speaker change.
fn labels_of<'a>(lines: &[Line<'a>]) -> Vec<(&'a str, bool)> {
    lines
        .iter()
        .filter_map(|l| match l.head {
            Head::Label(label, _) => Some((label, false)),
            Head::Chevron(rest) | Head::Dash(rest) => {
                label_of(rest).map(|(label, _)| (label, true))
            }
            _ => None,
        })
        .collect()
}

/// The labels that are speakers' (see the module documentation), from
/// every name-shaped label in file order (`labels_of`).
fn accept_labels<'a>(labelled: &[(&'a str, bool)], ctx: &Ctx<'_>) -> HashSet<&'a str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &(label, _) in labelled {
        *counts.entry(label).or_default() += 1;
    }
    let recurring = |l: &str| counts.get(l).is_some_and(|&c| c >= 2);
    // The nearest recurring label before each labelled line, and after.
    let mut before: Vec<Option<&str>> = Vec::with_capacity(labelled.len());
    let mut last = None;
    for &(label, _) in labelled {
        before.push(last);
        if recurring(label) {
            last = Some(label);
        }
    }
    let mut after: Vec<Option<&str>> = vec![None; labelled.len()];
    let mut next = None;
    for (k, &(label, _)) in labelled.iter().enumerate().rev() {
        after[k] = next;
        if recurring(label) {
            next = Some(label);
        }
    }
    let placeholder = |w: &str| PLACEHOLDERS.contains(&w.to_lowercase().as_str());
    let mut accepted = HashSet::new();
    for (k, &(label, after_marker)) in labelled.iter().enumerate() {
        let interjection = || before[k].is_some() && before[k] == after[k];
        let known = || {
            ctx.participants.iter().any(|p| p == label)
                || ctx.names.longest_prefix(label) == Some(label)
        };
        if recurring(label)
            || after_marker
            || interjection()
            || label.split_whitespace().any(placeholder)
            || known()
        {
            accepted.insert(label);
        }
    }
    // Then the full forms of accepted names: `Michael KENNEDY` for `KENNEDY`.
    let words: HashSet<String> = accepted
        .iter()
        .flat_map(|l| l.split_whitespace())
        .filter(|w| w.chars().count() >= 2 && !PARTICLES.contains(w) && !placeholder(w))
        .map(str::to_lowercase)
        .collect();
    for &(label, _) in labelled {
        if label
            .split_whitespace()
            .any(|w| words.contains(&w.to_lowercase()))
        {
            accepted.insert(label);
        }
    }
    accepted
}

/// How many of the lines before the first turn are a title: one or two
/// short untimed lines that do not end like a sentence; 0 otherwise.
fn title_lines(before: &[Line<'_>]) -> usize {
    let titled = |l: &Line| {
        !l.timed
            && l.body.chars().count() <= 120
            && !l.body.ends_with(['.', '!', '?', ',', ';', ':'])
    };
    if (1..=2).contains(&before.len()) && before.iter().all(titled) {
        before.len()
    } else {
        0
    }
}

/// Turns as they are built, line by line.
struct Builder<'d> {
    turns: Vec<ParsedTurn>,
    /// Whether the last turn was made of voice-tag pieces.
    voiced: bool,
    warned_before_first: bool,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Builder<'_> {
    fn open(&mut self, line: LineNo, label: &str, text: &str, start: Option<Timestamp>) {
        self.turns.push(ParsedTurn {
            start,
            ..ParsedTurn::new(line, label, text.trim())
        });
        self.voiced = false;
    }

    /// Appends `text` to the last turn: on a new line of the turn when it
    /// is a new line of the file, after a space when it is on the same.
    fn append(&mut self, line: LineNo, text: &str) {
        let Some(last) = self.turns.last_mut() else {
            return;
        };
        if !text.is_empty() {
            if !last.text.is_empty() {
                last.text
                    .push(if last.last_line == line { ' ' } else { '\n' });
            }
            last.text.push_str(text);
        }
        last.last_line = line;
        last.cues += 1;
    }

    /// Text that names no speaker: the turn before goes on; before any
    /// turn, an anonymous turn (reported once).
    fn continue_turn(&mut self, line: LineNo, text: &str, start: Option<Timestamp>) {
        if self.turns.is_empty() {
            if !self.warned_before_first {
                self.warned_before_first = true;
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::LabelUnknown,
                        "text before the first speaker label; kept as a turn without speaker",
                    )
                    .at(line),
                );
            }
            self.open(line, "", text, start);
            return;
        }
        // After voice pieces, text without a tag is the same caption
        // speaker's, and their next piece still joins.
        self.append(line, text);
    }

    /// A voice-tag piece: joins the last turn when that is the same
    /// speaker's voice pieces, else starts a turn.
    fn voice(&mut self, line: LineNo, name: &str, text: &str, start: Option<Timestamp>) {
        let joins = self.voiced && self.turns.last().is_some_and(|t| t.label == name);
        if joins {
            self.append(line, text);
        } else {
            self.open(line, name, text, start);
            self.voiced = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    #[test]
    fn name_shapes() {
        for yes in [
            "Ann",
            "Michael KENNEDY",
            "KENNEDY",
            "SPECIAL GUESTS",
            "Speaker 1",
            "Unknown Speaker",
            "SPEAKER_00",
            "J.R. Tolkien",
            "Dr. Ann Lee",
            "Ludwig van Beethoven",
            "Calvin Hendryx-Parker",
            "Conan O'Brien",
            "D’Angelo",
            "Zoë Ångström",
            "王伟",
            "Q",
        ] {
            assert!(name_shaped(yes), "{yes:?}");
        }
        for no in [
            "",
            "note",
            "Then there's this",
            "And then finally, “Scaling Down",
            "Episode #20",
            "Identity 2.0",
            "http",
            "Step 1",
            "Ann Lee Bo Chen Di Wu",
            "van",
            "Ann-",
            "Hello world.",
            "Why?",
            "A very long label that goes on and on past forty characters",
        ] {
            assert!(!name_shaped(no), "{no:?}");
        }
    }

    #[test]
    fn labels_at_line_starts() {
        assert_eq!(label_of("Ann: hi"), Some(("Ann", "hi")));
        assert_eq!(label_of("**Ann Lee:** hi"), Some(("Ann Lee", "hi")));
        assert_eq!(label_of("**Ann Lee**: hi"), Some(("Ann Lee", "hi")));
        assert_eq!(label_of("[SPEAKER_01]: Hola"), Some(("SPEAKER_01", "Hola")));
        assert_eq!(label_of("KENNEDY:"), Some(("KENNEDY", "")));
        assert_eq!(label_of("Note: call me"), None, "a field word");
        assert_eq!(label_of("Attendees: Ann, Bo"), None);
        assert_eq!(label_of("Action Items: none"), None);
        assert_eq!(label_of("See https://x.org"), None);
        assert_eq!(label_of("Ann:no space"), None);
        assert_eq!(label_of("Meet at 10:30 with Bo"), None);
        assert_eq!(label_of("**bold** text"), None);
    }

    #[test]
    fn leading_clocks() {
        let ms = |l| match leading_clock(l) {
            Lead::Clock(t, rest) => Some((t.millis(), rest)),
            _ => None,
        };
        assert_eq!(ms("00:00:14 OKKEN: x"), Some((14_000, "OKKEN: x")));
        assert_eq!(ms("1:02:03 x"), Some((3_723_000, "x")));
        assert_eq!(ms("14:02\tx"), Some((842_000, "x")));
        assert_eq!(ms("[00:00:05] Ann: x"), Some((5_000, "Ann: x")));
        assert_eq!(ms("00:00:05"), Some((5_000, "")));
        assert_eq!(ms("1:1 meeting"), None);
        assert_eq!(ms("10:30am call"), None);
        assert_eq!(
            leading_clock("00:61:00 x"),
            Lead::Malformed("00:61:00", "x")
        );
    }

    #[test]
    fn a_constant_clock_prefix_is_found_only_on_every_line() {
        assert_eq!(
            constant_clock_prefix(&["0:00 A  00:00", "", "0:00 text", "0:00 B  00:05"]),
            Some("0:00")
        );
        assert_eq!(constant_clock_prefix(&["0:00 a", "0:00 b"]), None);
        assert_eq!(constant_clock_prefix(&["0:00 a", "0:01 b", "0:00 c"]), None);
        assert_eq!(constant_clock_prefix(&["So a", "So b", "So c"]), None);
    }

    #[test]
    fn voice_pieces_split_at_every_tag() {
        let (lead, pieces) = voice_pieces("x <v Ann>Hi &amp; bye <v.loud Bo>Yo</v>");
        assert_eq!(lead, "x");
        assert_eq!(
            pieces,
            vec![("Ann", "Hi & bye".to_string()), ("Bo", "Yo".to_string())]
        );
        assert_eq!(voice_pieces("no tags"), ("no tags".into(), vec![]));
        // A `<v` without `>` is not a tag.
        assert_eq!(head_of("a <v b", false), Head::Plain);
    }

    #[test]
    fn speaker_changes_inside_a_line() {
        assert_eq!(
            split_changes("Bye everyone. - Bye.", false, true),
            vec!["Bye everyone.", "Bye."]
        );
        assert_eq!(split_changes("a - b", false, true), vec!["a - b"]);
        assert_eq!(split_changes("a >> b", true, false), vec!["a", "b"]);
        assert_eq!(split_changes("a >> b", false, false), vec!["a >> b"]);
    }

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.lines().collect();
        Dialogue.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    fn turns(p: &Parsed) -> Vec<(&str, &str, Option<u64>)> {
        p.turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|s| s.millis()),
                )
            })
            .collect()
    }

    #[test]
    fn a_one_off_note_is_text_and_a_full_name_is_a_label() {
        let p = parse(
            "Michael KENNEDY: Hello.\nBrian OKKEN: Hi.\nKENNEDY: So.\nNote: call me\nOKKEN: Yes.\nKENNEDY: Bye.\nOKKEN: Bye.\n",
        );
        assert_eq!(
            turns(&p),
            vec![
                ("Michael KENNEDY", "Hello.", None),
                ("Brian OKKEN", "Hi.", None),
                ("KENNEDY", "So.\nNote: call me", None),
                ("OKKEN", "Yes.", None),
                ("KENNEDY", "Bye.", None),
                ("OKKEN", "Bye.", None),
            ]
        );
    }

    #[test]
    fn a_one_off_between_two_turns_of_one_speaker_is_an_interjection() {
        let p = parse("Ann: Ready?\nBo Chen: Yes.\nAnn: Go.\nAnn: Now.\nRemember: this\n");
        let labels: Vec<_> = p.turns.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Ann", "Bo Chen", "Ann", "Ann"]);
        assert_eq!(p.turns[3].text, "Now.\nRemember: this");
    }

    #[test]
    fn a_participant_is_a_label_even_once() {
        let lines = ["Zed: Once.", "More."];
        let participants = ["Zed".to_string()];
        let ctx = Ctx {
            participants: &participants,
            ..Ctx::new(&NoNames)
        };
        let p = Dialogue.parse(Source::new(&lines), &ctx);
        assert_eq!(turns(&p), vec![("Zed", "Once.\nMore.", None)]);
        let p = Dialogue.parse(Source::new(&lines), &Ctx::new(&NoNames));
        assert_eq!(turns(&p), vec![("", "Zed: Once.\nMore.", None)]);
    }

    #[test]
    fn timed_lines_without_any_speaker_are_turns_of_their_own() {
        let p = parse("00:00:00 Hello.\n\n00:00:04 This is it.\n00:00:10 And me.\n");
        assert_eq!(
            turns(&p),
            vec![
                ("", "Hello.", Some(0)),
                ("", "This is it.", Some(4000)),
                ("", "And me.", Some(10_000)),
            ]
        );
        assert_eq!(p.turns[0].end.map(|e| e.millis()), Some(4000));
    }

    #[test]
    fn timed_lines_continue_after_a_chevron() {
        let p = parse(
            "00:00:00 >> Hello.\n00:00:05 More.\n00:00:10 >> Me. >> You.\n00:00:12 - Dash. - Two.\n00:00:13 - Yes - no.\n",
        );
        assert_eq!(
            turns(&p),
            vec![
                ("", "Hello.\nMore.", Some(0)),
                ("", "Me.", Some(10_000)),
                ("", "You.", Some(10_000)),
                ("", "Dash.", Some(12_000)),
                ("", "Two.", Some(12_000)),
                ("", "Yes - no.", Some(13_000)),
            ]
        );
    }

    #[test]
    fn voice_pieces_of_one_speaker_merge() {
        let p =
            parse("00:00:01 <v Ann>Hello\n00:00:02 <v Ann>there <v Bo>Hi\n00:00:03 <v Bo>again\n");
        assert_eq!(
            turns(&p),
            vec![
                ("Ann", "Hello\nthere", Some(1000)),
                ("Bo", "Hi\nagain", Some(2000))
            ]
        );
        assert_eq!(p.turns[0].cues, 2);
        assert_eq!(p.turns[1].cues, 2);
    }

    #[test]
    fn title_lines_are_metadata() {
        let p =
            parse("Python Bytes Transcript\nEpisode #20: Images\nAnn: Hi.\nBo: Yo.\nAnn: Bye.\n");
        assert_eq!(
            p.meta.title.as_deref(),
            Some("Python Bytes Transcript — Episode #20: Images")
        );
        assert_eq!(p.turns.len(), 3);
        let p = parse("We met today.\nAnn: Hi.\nAnn: Bye.\n");
        assert_eq!(p.meta.title, None);
        assert_eq!(turns(&p)[0], ("", "We met today.", None));
        assert_eq!(p.diagnostics[0].code, Code::LabelUnknown);
    }

    #[test]
    fn a_bare_time_line_times_the_next_line_and_bad_times_are_reported() {
        let p = parse("00:00:05\nAnn: Hi.\n00:61:00 Bo: Bad.\nAnn: Bye.\n");
        assert_eq!(
            turns(&p),
            vec![
                ("Ann", "Hi.", Some(5000)),
                ("Bo", "Bad.", None),
                ("Ann", "Bye.", None)
            ]
        );
        assert_eq!(p.diagnostics[0].code, Code::TimestampMalformed);
        assert_eq!(p.diagnostics[0].line, Some(LineNo(3)));
        assert_eq!(
            (p.turns[0].line, p.turns[0].last_line),
            (LineNo(1), LineNo(2))
        );
        let p = parse("Ann: Hi.\nAnn: Bye.\n00:00:09\n");
        assert_eq!(p.turns.len(), 2);
        assert_eq!(
            (p.diagnostics[0].code, p.diagnostics[0].line),
            (Code::CueMalformed, Some(LineNo(3)))
        );
    }

    fn sniff(text: &str) -> Confidence {
        let lines: Vec<&str> = text.lines().collect();
        Dialogue.sniff(&lines)
    }

    #[test]
    fn sniff_claims_dialogue_and_leaves_notes_and_house_alone() {
        assert_eq!(
            sniff("Ann: Hi.\nBo: Yo.\nAnn: So.\nBo: Bye.\n"),
            Confidence(55)
        );
        assert_eq!(sniff("Ann: Hi.\nAnn: So.\nAnn: Bye.\n"), Confidence::LIKELY);
        assert_eq!(
            sniff("00:00:01 a\n00:00:02 b\n00:00:03 c\n"),
            Confidence(60)
        );
        assert_eq!(
            sniff("00:00:01 <v Ann>a\n00:00:02 <v Bo>b\n"),
            Confidence(70)
        );
        assert_eq!(
            sniff("[00:00:01] Ann: a\n[00:00:02] Bo: b\n[00:00:03] Ann: c\n"),
            Confidence::NO
        );
        assert_eq!(
            sniff("00:00:01\tAnn:\ta\n00:00:02\tBo:\tb\n00:00:03\tAnn:\tc\n"),
            Confidence::WEAK
        );
        assert_eq!(
            sniff("# Sync\nAnn: Hi.\nBo: Yo.\nAnn: So.\nBo: Bye.\n"),
            Confidence::LIKELY,
            "a heading leaves the file to the note"
        );
        assert_eq!(
            sniff("Attendees: Ann, Bo\nDate: 2024-03-05\nNote: call me\nWe talked.\nNote: again\n"),
            Confidence::NO
        );
        assert_eq!(
            sniff("Just prose.\nMore prose, no labels.\n"),
            Confidence::NO
        );
        assert_eq!(sniff(""), Confidence::NO);
        let huge = format!("{}é", "x".repeat(SNIFF_BYTES - 1));
        assert_eq!(sniff_window(&[&huge]), vec!["x".repeat(SNIFF_BYTES - 1)]);
        assert_eq!(
            sniff(
                "1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Hola\n\n2\n00:00:02,000 --> 00:00:03,000\n[SPEAKER_00]: Adeu\n[SPEAKER_01]: Si\n"
            ),
            Confidence::NO,
            "subtitles are not dialogue"
        );
        assert_eq!(
            sniff("WEBVTT\n\n00:00:01 <v Ann>a\n00:00:02 <v Bo>b\n"),
            Confidence::NO
        );
    }

    /// Found by the property test: of two time lines in a row the first was
    /// in no turn and not reported (its time silently replaced).
    #[test]
    fn regression_two_time_lines_in_a_row_are_both_accounted_for() {
        let p = parse("00:00:01\n00:00:02\nAnn: hi\nBo: yo\nAnn: so\n00:00:03\n00:00:04\n");
        let turns: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.line.0, t.start.map(|s| s.millis()), t.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [(2, Some(2000), "hi"), (4, None, "yo"), (5, None, "so")]
        );
        let lines: Vec<u32> = p
            .diagnostics
            .iter()
            .filter_map(|d| d.line)
            .map(|l| l.0)
            .collect();
        assert_eq!(lines, [1, 6, 7]);
    }
}
