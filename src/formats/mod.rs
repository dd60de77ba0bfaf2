//! Input formats, behind one boundary.
//!
//! Every format is one file with one [`Format`] implementation, and every
//! one produces the same thing: a [`Parsed`] document (metadata, turns with
//! the labels as written, diagnostics). [`Parsed`] is the one type analysis
//! reads; no analysis code knows which format a document came in.
//!
//! Which format a file is decided by its content first, its extension only
//! as a tie-break ([`detect`]): every format says how sure it is
//! ([`Format::sniff`], a [`Confidence`]) that the whole text is one of its
//! files; the surest wins if it is at least [`Confidence::LIKELY`] and
//! surer than the Markdown note's own sniff (90 with YAML frontmatter, in
//! which case no other format is asked; 50 with a heading), and among
//! equally sure formats one that claims the file's extension, then the one
//! listed first in [`FILE_FORMATS`]. Otherwise the file is a
//! Markdown note ([`markdown`]), which is a container: it reads the
//! frontmatter, title, sections and links, finds the blocks that hold a
//! transcript, and asks the registry again what each block holds
//! ([`detect_block`]; the house format is the default for timestamped
//! lines). `--input-format NAME` skips detection for every file
//! ([`Choice`]).

pub mod clock;
pub mod cues;
pub mod dialogue;
pub mod entities;
pub mod house;
pub mod json;
pub mod markdown;
pub mod meet;
pub mod meet_chat;
pub mod otter;
pub mod paragraphs;
pub mod qmsum;
pub mod rev;
pub mod rev_json;
pub mod sbv;
pub mod sentences;
pub mod srt;
pub mod timing;
pub mod webvtt;
pub mod whisper_json;
pub mod whisper_tsv;
pub mod zoom_chat;
pub mod zoom_copy;

use std::ops::Range;

use crate::model::{Code, Diagnostic, LineNo, Timestamp, TurnKind};
pub use markdown::items::Item;

/// The transcript formats saidwhat reads, as the `format` column names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FormatId {
    /// `[HH:MM:SS.ss]  LabelText` lines in a note, the label glued to the text.
    House,
    /// WebVTT (`.vtt`): Zoom, Teams, YouTube, broadcast captions.
    Webvtt,
    /// SubRip (`.srt`) subtitles.
    Srt,
    /// YouTube SubViewer (`.sbv`): `0:00:01.000,0:00:04.000` then the text.
    Sbv,
    /// Whisper and WhisperX JSON: `segments` with `start`, `end`, `text`, `speaker`.
    WhisperJson,
    /// Rev.ai JSON: `monologues` of `elements`.
    RevJson,
    /// Meeting-corpus JSON such as QMSum: `meeting_transcripts` of `speaker`, `content` (untimed); also JSON Lines.
    Qmsum,
    /// Whisper TSV: `start`, `end` (milliseconds), `text`.
    WhisperTsv,
    /// Numbered sentence lists: `number<TAB>sentence`, untimed, no speakers.
    Sentences,
    /// Zoom chat export: `HH:MM:SS<TAB>Name:<TAB>message`.
    ZoomChat,
    /// Google Meet transcript as text: a `- Transcript` title, `Attendees`, `Name: text`, `00:05:00` marks.
    Meet,
    /// A transcript copied from Zoom's web page: the name (twice), `HH:MM:SS`, the text.
    ZoomCopy,
    /// Google Meet chat as copied or saved: a name and a time, then the message.
    MeetChat,
    /// Otter.ai text export: `Name  0:01` then the paragraph.
    Otter,
    /// Rev and Descript text: `Name (00:05):` then the paragraph.
    Rev,
    /// Plain dialogue: `Name: text`, `**Name:** text`, `00:00:05 NAME: text`, `>>` speaker changes.
    Dialogue,
}

impl FormatId {
    /// Whether the format gives each cue's end (WebVTT, SRT, SBV, Whisper,
    /// Rev.ai), rather than only starts, whose turns end where the next
    /// one starts ([`timing`]).
    pub fn gives_ends(self) -> bool {
        matches!(
            self,
            FormatId::Webvtt
                | FormatId::Srt
                | FormatId::Sbv
                | FormatId::WhisperJson
                | FormatId::WhisperTsv
                | FormatId::RevJson
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FormatId::House => "house",
            FormatId::Webvtt => "webvtt",
            FormatId::Srt => "srt",
            FormatId::Sbv => "sbv",
            FormatId::WhisperJson => "whisper-json",
            FormatId::RevJson => "rev-json",
            FormatId::Qmsum => "qmsum",
            FormatId::WhisperTsv => "whisper-tsv",
            FormatId::Sentences => "sentences",
            FormatId::ZoomChat => "zoom-chat",
            FormatId::Meet => "meet",
            FormatId::ZoomCopy => "zoom-copy",
            FormatId::MeetChat => "meet-chat",
            FormatId::Otter => "otter",
            FormatId::Rev => "rev",
            FormatId::Dialogue => "dialogue",
        }
    }
}

/// What `--input-format` forces: the Markdown container, or one format
/// for the whole of every file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// Decide for each file by its content ([`detect`]).
    #[default]
    Detect,
    /// Every file is a note; transcripts in it are still detected.
    Markdown,
    /// Every file is wholly in this format.
    Format(FormatId),
}

impl Choice {
    /// The choice `--input-format NAME` names: `auto`, `markdown`, or a
    /// format's name as in the `format` column.
    pub fn from_name(name: &str) -> Option<Choice> {
        match name {
            "auto" => Some(Choice::Detect),
            "markdown" => Some(Choice::Markdown),
            _ => all()
                .map(|f| f.id())
                .find(|id| id.as_str() == name)
                .map(Choice::Format),
        }
    }

    /// Every name [`Choice::from_name`] takes.
    pub fn names() -> Vec<&'static str> {
        let mut names = vec!["auto", "markdown"];
        names.extend(all().map(|f| f.id().as_str()));
        names
    }
}

/// A parsed document: what every format produces and analysis reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub meta: Meta,
    /// The turns in file order, speakers as labelled.
    pub turns: Vec<ParsedTurn>,
    /// The document's own text around its transcripts (a note's summary,
    /// headings, action items), as ranges of 0-based line indexes: where
    /// people are mentioned outside the turns.
    pub prose: Vec<Range<usize>>,
    /// A note's action items and statements (decisions, follow-ups, open
    /// questions), in file order; other formats have none.
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a document says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The format the turns were read from; `None` without turns' format (a
    /// note with no transcript). With several transcripts, the one that
    /// gave the most turns.
    pub format: Option<FormatId>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The people the document says took part, in order, without repeats.
    pub participants: Vec<String>,
    /// A note about a person (`type: person`), not a meeting.
    pub person_note: bool,
    /// The language the file declares (`Language: en`, Whisper's `language`).
    pub language: Option<String>,
    pub sections: Vec<Section>,
    pub links: Vec<WikiLink>,
}

/// A Markdown heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub heading: String,
    pub line: LineNo,
}

/// A `[[Target|alias]]` link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiLink {
    /// The linked note's name, without folder or `#heading`.
    pub target: String,
    pub alias: Option<String>,
    pub line: LineNo,
}

/// A turn as a format reads it: who by label, when, what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedTurn {
    /// Line of the file where the turn starts.
    pub line: LineNo,
    /// Line of the file where its last text is.
    pub last_line: LineNo,
    pub start: Option<Timestamp>,
    /// When the format says when the turn ends (a cue's end); otherwise the
    /// next turn's start, or nothing (see [`timing`]).
    pub end: Option<Timestamp>,
    /// `end` is a cue's end that the format gives, not the next turn's
    /// start: only then can a gap or an overlap between turns be seen.
    pub end_given: bool,
    /// The speaker as the file writes it; empty when it names nobody.
    pub label: String,
    pub text: String,
    /// How many cues, segments or lines of the source make the turn.
    pub cues: u32,
    pub kind: TurnKind,
    pub act: Act,
}

impl ParsedTurn {
    /// A speech turn of one cue, starting and ending on `line`.
    pub fn new(line: LineNo, label: impl Into<String>, text: impl Into<String>) -> ParsedTurn {
        ParsedTurn {
            line,
            last_line: line,
            start: None,
            end: None,
            end_given: false,
            label: label.into(),
            text: text.into(),
            cues: 1,
            kind: TurnKind::Speech,
            act: Act::Says,
        }
    }
}

/// What a chat message does besides saying its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Act {
    #[default]
    Says,
    /// Answers an earlier message (`Replying to "…"`); the text is the answer.
    Reply,
    /// Reacts to an earlier message (`Reacted to "…" with 👍`): no words of its own.
    Reaction,
}

/// Names a format may use to split a speaker label from the text it is
/// glued to: the people dictionary, seen from below (formats do not know
/// people, only names).
pub trait Names: Sync {
    /// The longest name or alias that `text` starts with, case-sensitively.
    fn longest_prefix<'t>(&self, text: &'t str) -> Option<&'t str>;
}

/// No names: for parsing without a people dictionary.
pub struct NoNames;

impl Names for NoNames {
    fn longest_prefix<'t>(&self, _: &'t str) -> Option<&'t str> {
        None
    }
}

/// What a format may know beyond the text it parses.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub names: &'a dyn Names,
    /// The people the container (a note's frontmatter) says took part.
    pub participants: &'a [String],
    /// The container says the text is a meeting's chat (a block under a
    /// chat heading): every message is a turn of its own.
    pub chat: bool,
}

impl Ctx<'_> {
    pub fn new(names: &dyn Names) -> Ctx<'_> {
        Ctx {
            names,
            participants: &[],
            chat: false,
        }
    }
}

/// The lines a format parses: the whole file, or a block of a note.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub lines: &'a [&'a str],
    /// Index of the first of `lines` in the file, so that line numbers
    /// count from the top of the file.
    pub offset: usize,
}

impl<'a> Source<'a> {
    pub fn new(lines: &'a [&'a str]) -> Source<'a> {
        Source { lines, offset: 0 }
    }

    /// The file line of `lines[i]`.
    pub fn line_no(&self, i: usize) -> LineNo {
        LineNo::from_index(self.offset + i)
    }
}

/// How sure a format is that a text is one of its files, 0 to 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Confidence(pub u8);

impl Confidence {
    pub const NO: Confidence = Confidence(0);
    /// Could be, but so could something else: never enough alone.
    pub const WEAK: Confidence = Confidence(25);
    /// Enough to parse a file as this format.
    pub const LIKELY: Confidence = Confidence(50);
    /// The content says so itself (a `WEBVTT` signature, JSON of the format's shape).
    pub const SURE: Confidence = Confidence(100);
}

/// One input format.
pub trait Format: Sync {
    fn id(&self) -> FormatId;

    /// File extensions (lowercase, no dot) that favour this format when
    /// two are equally sure of a file.
    fn extensions(&self) -> &'static [&'static str] {
        &[]
    }

    /// How sure the format is, from the content alone, that `lines` are one
    /// of its transcripts.
    fn sniff(&self, lines: &[&str]) -> Confidence;

    /// Reads `src` (a whole file, or a block of a note). Never fails: what
    /// it cannot read is a diagnostic, and every line of text ends up in
    /// some turn.
    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed;
}

/// The formats a whole file may be in, in the order ties are broken.
pub static FILE_FORMATS: &[&dyn Format] = &[
    &webvtt::WebVtt,
    &srt::Srt,
    &sbv::Sbv,
    &whisper_json::WhisperJson,
    &rev_json::RevJson,
    &qmsum::Qmsum,
    &whisper_tsv::WhisperTsv,
    &sentences::Sentences,
    &zoom_chat::ZoomChat,
    &meet::Meet,
    &zoom_copy::ZoomCopy,
    &meet_chat::MeetChat,
    &otter::Otter,
    &rev::Rev,
    &dialogue::Dialogue,
];

/// Every format: those a whole file may be in, and the house format,
/// which is only ever a block of a note (see [`detect_block`]).
pub fn all() -> impl Iterator<Item = &'static dyn Format> {
    FILE_FORMATS
        .iter()
        .copied()
        .chain([&house::House as &dyn Format])
}

/// What a whole file is.
#[derive(Clone, Copy)]
pub enum Detected {
    /// A Markdown note (or plain text), which may hold transcripts.
    Markdown,
    Format(&'static dyn Format),
}

/// The format of a whole file, by its content and, in a tie, its extension.
pub fn detect(lines: &[&str], extension: &str) -> Detected {
    let note = markdown::sniff(lines);
    // A file that opens with YAML frontmatter is a note: every other
    // format's signature is its first line, and none reads frontmatter.
    // Most files of a vault are such notes; they are not sniffed further.
    if note >= Confidence(90) {
        return Detected::Markdown;
    }
    best(FILE_FORMATS, lines, extension)
        .filter(|(_, c)| *c >= Confidence::LIKELY && *c > note)
        .map_or(Detected::Markdown, |(f, _)| Detected::Format(f))
}

/// The format of a block of a note, if any format is likely enough. When
/// the house format claims a block (at least half of its lines start with
/// a `[HH:MM:SS]` stamp), it is the house format's at once: no other
/// format reads bracketed stamps, and most blocks of a vault are these;
/// otherwise the formats of whole files are asked, in their order.
pub fn detect_block(lines: &[&str]) -> Option<&'static dyn Format> {
    if house::House.sniff(lines) >= Confidence::LIKELY {
        return Some(&house::House);
    }
    best(FILE_FORMATS, lines, "")
        .filter(|(_, c)| *c >= Confidence::LIKELY)
        .map(|(f, _)| f)
}

fn best(
    formats: &'static [&'static dyn Format],
    lines: &[&str],
    extension: &str,
) -> Option<(&'static dyn Format, Confidence)> {
    let mut best: Option<(&'static dyn Format, Confidence, bool)> = None;
    for &f in formats {
        let c = f.sniff(lines);
        if c == Confidence::NO {
            continue;
        }
        let ext = f
            .extensions()
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension));
        if best.is_none_or(|(_, bc, bext)| (c, ext) > (bc, bext)) {
            best = Some((f, c, ext));
        }
        // Nothing beats a format that is sure and claims the extension.
        if c == Confidence::SURE && ext {
            break;
        }
    }
    best.map(|(f, c, _)| (f, c))
}

/// Parses a whole file: detects its format (unless `choice` forces one),
/// parses it, and fills what the file name says when the content does not
/// (the date in `2024-03-05 sync.md`, the title from the file stem).
pub fn parse(lines: &[&str], file_name: &str, choice: Choice, ctx: &Ctx<'_>) -> Parsed {
    let extension = match file_name.rfind('.') {
        Some(i) if i > 0 => &file_name[i + 1..],
        _ => "",
    };
    let format = match choice {
        Choice::Detect => detect(lines, extension),
        Choice::Markdown => Detected::Markdown,
        Choice::Format(id) => all()
            .find(|f| f.id() == id)
            .map_or(Detected::Markdown, Detected::Format),
    };
    let mut parsed = match format {
        Detected::Markdown => markdown::parse(lines, ctx),
        Detected::Format(f) => {
            let mut p = f.parse(Source::new(lines), ctx);
            mark_given_ends(&mut p.turns, f.id());
            if !p.turns.is_empty() {
                p.meta.format.get_or_insert(f.id());
            }
            p
        }
    };
    if let Some(why) = unrecognised(lines, extension, format, &parsed) {
        parsed
            .diagnostics
            .push(Diagnostic::warning(Code::TranscriptUnrecognised, why));
    }
    let meta = &mut parsed.meta;
    if meta.date.is_none() {
        meta.date = markdown::iso_date(file_name);
    }
    if meta.title.is_none() {
        meta.title = file_stem(file_name);
    }
    parsed
}

/// Marks the ends a format of `id` gave (see [`ParsedTurn::end_given`]).
pub fn mark_given_ends(turns: &mut [ParsedTurn], id: FormatId) {
    if id.gives_ends() {
        for t in turns {
            t.end_given = t.end.is_some();
        }
    }
}

/// Extensions that say a file is a transcript, whatever its content.
pub const TRANSCRIPT_EXTENSIONS: &[&str] = &["vtt", "srt", "sbv", "json", "jsonl", "tsv"];

/// Why a file that should have held a transcript gave no turns, if it
/// should have: its extension says transcript, or a format claimed it. An
/// empty file is reported as empty, and a format that said why itself is
/// not repeated.
fn unrecognised(
    lines: &[&str],
    extension: &str,
    format: Detected,
    parsed: &Parsed,
) -> Option<String> {
    let transcript_ext = TRANSCRIPT_EXTENSIONS
        .iter()
        .any(|e| e.eq_ignore_ascii_case(extension));
    let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty())?;
    if !parsed.turns.is_empty()
        || parsed
            .diagnostics
            .iter()
            .any(|d| d.code == Code::TranscriptUnrecognised)
    {
        return None;
    }
    let shown: String = first.chars().take(60).collect();
    let ellipsis = if shown.len() < first.len() { "…" } else { "" };
    match format {
        Detected::Format(f) => Some(format!(
            "read as {}, but no turn was found in it (first line: {shown:?}{ellipsis})",
            f.id().as_str()
        )),
        Detected::Markdown if transcript_ext => Some(match json::head(lines) {
            Some(head) if !head.keys.is_empty() => {
                let keys: Vec<&str> = head.keys.iter().take(8).map(|k| k.name.as_str()).collect();
                format!(
                    "a JSON object with keys {} is no transcript saidwhat reads (Whisper `segments`, Rev.ai `monologues`, QMSum `meeting_transcripts`)",
                    keys.join(", ")
                )
            }
            _ => format!(
                "the extension .{extension} says transcript, but no format saidwhat reads matches the content (first line: {shown:?}{ellipsis})"
            ),
        }),
        Detected::Markdown => None,
    }
}

fn file_stem(file_name: &str) -> Option<String> {
    let stem = match file_name.rfind('.') {
        Some(i) if i > 0 => &file_name[..i],
        _ => file_name,
    };
    (!stem.is_empty()).then(|| stem.to_string())
}
