//! Analysis: what the documents say, over what the formats parsed.
//!
//! Every stage here is a function over one parsed document and its text:
//! [`speakers`] names the speakers, [`people`] finds who is mentioned,
//! [`topics`] what turns are about, [`noise`] which turns are not speech,
//! and [`stats`] who talked how much. None of them sees the input format.

pub mod noise;
pub mod people;
pub mod speakers;
pub mod stats;
pub mod topics;

use crate::model::{Diagnostic, DocId, DocKind, Format, LineNo, SpeakerSource, Timestamp};
use crate::text::repair;

/// One speaker turn of a transcript.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// 1-based position in the document.
    pub index: u32,
    /// Line of the file where the turn starts.
    pub line: LineNo,
    /// Line of the file where the turn's last text is.
    pub last_line: LineNo,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub speaker: String,
    pub speaker_label: String,
    pub speaker_source: SpeakerSource,
    pub text: String,
}

impl Turn {
    pub fn duration(&self) -> Option<Timestamp> {
        match (self.start, self.end) {
            (Some(s), Some(e)) if e >= s => Some(Timestamp(e.0 - s.0)),
            _ => None,
        }
    }

    /// Words of the text: whitespace-separated tokens with at least one
    /// letter or digit, so `-` and `>>` do not count.
    pub fn words(&self) -> usize {
        crate::model::count_words(&self.text)
    }
}

/// A processed input file.
#[derive(Clone, Debug)]
pub struct Document {
    pub id: DocId,
    pub kind: DocKind,
    /// The encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1252`…).
    pub encoding: &'static str,
    pub date: Option<String>,
    pub title: Option<String>,
    /// People who took part: the note's participants, then named speakers.
    pub participants: Vec<String>,
    pub format: Option<Format>,
    /// Mojibake repairs made to the text before it was parsed, in order.
    pub repairs: Vec<repair::Step>,
    pub turns: Vec<Turn>,
    /// Flags and topics of each turn, in the order of `turns`.
    pub turn_notes: Vec<TurnNotes>,
    /// Mentions of people, in file order.
    pub mentions: Vec<Mention>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the later stages found in one turn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TurnNotes {
    pub flags: Vec<noise::Flag>,
    pub topics: Vec<topics::TopicMatch>,
}

/// A mention of a person, in a turn or in the note around the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The turn it is in; `None` for the note's own text.
    pub turn: Option<u32>,
    /// The line of the file it is on.
    pub line: LineNo,
    /// The heading of the section it is in.
    pub section: Option<String>,
    /// Who said it (turns only).
    pub speaker: Option<String>,
    /// The canonical name; `None` when the name fits several people and the
    /// note does not say which.
    pub person: Option<String>,
    /// The text as written (`Morty's`).
    pub surface: String,
    /// Character offset of `surface` in the turn's text, or in the line.
    pub offset: u32,
    pub kind: people::mentions::Kind,
    /// Everybody the name fits, when that is more than one person (also
    /// when context then decided).
    pub candidates: Vec<String>,
}

/// What became of one input file: a document, or the reasons it is not one.
#[derive(Clone, Debug)]
pub enum Outcome {
    Document(Box<Document>),
    Failed {
        id: DocId,
        diagnostics: Vec<Diagnostic>,
    },
}

impl Outcome {
    pub fn id(&self) -> &DocId {
        match self {
            Outcome::Document(d) => &d.id,
            Outcome::Failed { id, .. } => id,
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Outcome::Document(d) => &d.diagnostics,
            Outcome::Failed { diagnostics, .. } => diagnostics,
        }
    }
}
