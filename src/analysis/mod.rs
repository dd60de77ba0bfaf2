//! Analysis: what the documents say, over what the formats parsed.
//!
//! Every stage here is a function over one parsed document and its text:
//! [`speakers`] names the speakers, [`people`] finds who is mentioned,
//! [`topics`] what turns are about, [`noise`] which turns are not speech,
//! [`actions`] who owes what (a note's action items and decisions), and
//! [`stats`] who talked how much, when and how. None of them sees the
//! input format.

pub mod actions;
pub mod noise;
pub mod people;
pub mod speakers;
pub mod stats;
pub mod topics;

use std::collections::HashSet;

use crate::formats::{self, Act, Choice, Ctx, FormatId, Parsed, Section};
use crate::model::{Diagnostic, DocId, DocKind, LineNo, SpeakerSource, Timestamp, TurnKind};
use crate::text::{self, Facts, Prepared, repair, words::HayBuf};
use people::resolve;
use people::{PeopleDict, key};
use topics::Taxonomy;

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
    /// `end` is a cue's end the format gave (see
    /// [`crate::formats::ParsedTurn::end_given`]).
    pub end_given: bool,
    pub speaker: String,
    pub speaker_label: String,
    pub speaker_source: SpeakerSource,
    pub text: String,
    /// How many cues, segments or lines of the source make the turn.
    pub cues: u32,
    pub kind: TurnKind,
}

impl Turn {
    pub fn duration(&self) -> Option<Timestamp> {
        match (self.start, self.end) {
            (Some(s), Some(e)) if e >= s => Some(Timestamp(e.0 - s.0)),
            _ => None,
        }
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
    /// People who took part: the note's participants, the attendees its
    /// transcripts list, then the named speakers.
    pub participants: Vec<String>,
    /// The format the turns were read from; `None` without turns.
    pub format: Option<FormatId>,
    /// The language the file declares (`Language: en`, Whisper's `language`).
    pub language: Option<String>,
    /// Mojibake repairs made to the text before it was parsed, in order.
    pub repairs: Vec<repair::Step>,
    pub turns: Vec<Turn>,
    /// Flags and topics of each turn, in the order of `turns`.
    pub turn_notes: Vec<TurnNotes>,
    /// Mentions of people, in file order.
    pub mentions: Vec<Mention>,
    /// A note's action items, in file order.
    pub actions: Vec<actions::Action>,
    /// Its decisions, follow-ups and open questions, in file order.
    pub statements: Vec<actions::Statement>,
    /// A meeting's participants as the dictionary names them, each once
    /// (empty for a person note, and for a note that names nobody): what
    /// the vault's owner is inferred from.
    pub attendees: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the later stages found in one turn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TurnNotes {
    pub flags: Vec<noise::Flag>,
    pub topics: Vec<topics::TopicMatch>,
    /// Words of the text, as [`crate::model::count_words`] counts them.
    pub words: usize,
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

/// What became of one input entry: a document, the reasons it could not
/// be one, or why it was not read.
#[derive(Clone, Debug)]
pub enum Outcome {
    Document(Box<Document>),
    Failed {
        id: DocId,
        diagnostics: Vec<Diagnostic>,
    },
    /// Not read on purpose (its extension, a hidden entry); one `info`
    /// diagnostic says why.
    Skipped {
        id: DocId,
        diagnostics: Vec<Diagnostic>,
    },
}

impl Outcome {
    pub fn id(&self) -> &DocId {
        match self {
            Outcome::Document(d) => &d.id,
            Outcome::Failed { id, .. } | Outcome::Skipped { id, .. } => id,
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Outcome::Document(d) => &d.diagnostics,
            Outcome::Failed { diagnostics, .. } | Outcome::Skipped { diagnostics, .. } => {
                diagnostics
            }
        }
    }

    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        match self {
            Outcome::Document(d) => &mut d.diagnostics,
            Outcome::Failed { diagnostics, .. } | Outcome::Skipped { diagnostics, .. } => {
                diagnostics
            }
        }
    }

    /// The outcome with `extra` findings first (those from before the file
    /// was read, such as a doc_id shared with another file).
    pub fn with_diagnostics(mut self, extra: &[Diagnostic]) -> Outcome {
        if !extra.is_empty() {
            self.diagnostics_mut().splice(0..0, extra.iter().cloned());
        }
        self
    }
}

/// What processing a document needs besides its bytes, built once per run
/// and shared read-only.
#[derive(Clone, Copy)]
pub struct Setup<'a> {
    pub people: &'a PeopleDict,
    pub topics: &'a Taxonomy,
    /// How to tell each file's format (`--input-format`).
    pub input: Choice,
    /// Who `@Myself` is when the run is told (`--owner`, canonical);
    /// otherwise it is inferred at the end of the run.
    pub owner: Option<&'a str>,
}

/// The whole pipeline for one file: prepare the text (decode, repair),
/// parse it in its format, and analyse it. Pure: same bytes, same outcome.
pub fn process(id: DocId, bytes: &[u8], setup: &Setup<'_>) -> Outcome {
    let prepared = match text::prepare(bytes) {
        Ok(p) => p,
        Err(d) => {
            return Outcome::Failed {
                id,
                diagnostics: vec![d],
            };
        }
    };
    Outcome::Document(Box::new(process_prepared(id, prepared, setup)))
}

/// [`process`] from the prepared text on.
pub fn process_prepared(id: DocId, prepared: Prepared<'_>, setup: &Setup<'_>) -> Document {
    let Prepared { text, facts } = prepared;
    let lines = text::lines(&text);
    let file_name = id.as_str().rsplit('/').next().unwrap_or(id.as_str());
    let parsed = formats::parse(&lines, file_name, setup.input, &Ctx::new(setup.people));
    analyse(id, facts, &lines, parsed, setup)
}

/// Analyses a parsed document: speakers resolved, mentions found, turns
/// flagged and tagged with topics.
pub fn analyse(
    id: DocId,
    facts: Facts,
    lines: &[&str],
    parsed: Parsed,
    setup: &Setup<'_>,
) -> Document {
    let Parsed {
        meta,
        turns: parsed_turns,
        prose,
        items,
        diagnostics: parsed_diagnostics,
    } = parsed;
    let Facts {
        encoding,
        repairs,
        mut diagnostics,
    } = facts;
    diagnostics.extend(parsed_diagnostics);
    let acts: Vec<Act> = parsed_turns.iter().map(|t| t.act).collect();
    let mut turns: Vec<Turn> = parsed_turns
        .into_iter()
        .enumerate()
        .map(|(i, t)| Turn {
            index: i as u32 + 1,
            line: t.line,
            last_line: t.last_line,
            start: t.start,
            end: t.end,
            end_given: t.end_given,
            speaker: String::new(),
            speaker_label: t.label,
            speaker_source: SpeakerSource::Label,
            text: t.text,
            cues: t.cues,
            kind: t.kind,
        })
        .collect();
    diagnostics.extend(speakers::resolve(
        &mut turns,
        &meta.participants,
        setup.people,
    ));

    let kind = if !turns.is_empty() {
        DocKind::Transcript
    } else if meta.person_note {
        DocKind::Person
    } else {
        DocKind::Note
    };
    let mut participants = meta.participants;
    let mut known: HashSet<String> = participants.iter().map(|p| key(p)).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for t in &turns {
        // Distinct speakers only: keying a name normalises it, and a
        // transcript repeats a few names hundreds of times.
        let speaker = t.speaker.as_str();
        if seen.insert(speaker)
            && !speaker.is_empty()
            && !speakers::is_placeholder(speaker)
            && known.insert(key(speaker))
        {
            participants.push(speaker.to_string());
        }
    }
    let links: Vec<String> = meta.links.iter().map(|l| l.target.clone()).collect();
    // One hay per turn, for the names and the topics in it; the noise
    // flags and the word count come from one walk of their own.
    let mut buf = HayBuf::default();
    let mut turn_finds = Vec::with_capacity(turns.len());
    let turn_notes = turns
        .iter()
        .zip(&acts)
        .map(|(t, act)| {
            let noise::Reading { mut flags, words } = noise::read(&t.text);
            match act {
                Act::Says => {}
                Act::Reply => flags.push(noise::Flag::Reply),
                Act::Reaction => flags.push(noise::Flag::Reaction),
            }
            let hay = buf.hay(&t.text);
            if !setup.people.is_empty() {
                turn_finds.push(people::resolve::finds(setup.people, &hay));
            }
            TurnNotes {
                flags,
                topics: setup.topics.find(&hay),
                words,
            }
        })
        .collect();
    let mentions = find_mentions(
        lines,
        &prose,
        &meta.sections,
        turns.iter().zip(turn_finds),
        &participants,
        &links,
        setup.people,
    );
    // The note's people, made once: for its items' owners, and (a meeting
    // note's) for inferring the vault's owner.
    let known = actions::Known::new(&participants, setup.people);
    let (actions, statements) = actions::resolve(items, &known, setup.owner, &mentions);
    let attendees = match kind {
        DocKind::Person => Vec::new(),
        _ => known.attendees(),
    };
    // Findings in file order; those about the whole file first.
    diagnostics.sort_by_key(|d| d.line);

    Document {
        kind,
        id,
        encoding,
        date: meta.date,
        title: meta.title,
        language: meta.language,
        participants,
        format: meta.format.filter(|_| !turns.is_empty()),
        turns,
        turn_notes,
        mentions,
        actions,
        statements,
        attendees,
        diagnostics,
        repairs,
    }
}

/// Mentions of people in the document's prose (a note's own lines outside
/// the transcript and the frontmatter; headings included) and in the
/// turns, in file order. Each turn comes with the names in it, found with
/// its topics.
fn find_mentions<'t>(
    lines: &[&'t str],
    prose: &[std::ops::Range<usize>],
    sections: &'t [Section],
    turns: impl Iterator<Item = (&'t Turn, Vec<resolve::Find>)>,
    participants: &[String],
    links: &[String],
    people: &PeopleDict,
) -> Vec<Mention> {
    use people::resolve::Part;
    if people.is_empty() {
        return Vec::new();
    }
    let mut buf = HayBuf::default();
    let section_of = |line: LineNo| {
        sections
            .iter()
            .rev()
            .find(|s| s.line <= line)
            .map(|s| s.heading.as_str())
    };
    let mut parts: Vec<Part<'_>> = Vec::new();
    for i in prose.iter().flat_map(|r| r.clone()) {
        let text = lines[i];
        if text.trim().is_empty() {
            continue;
        }
        let line = LineNo::from_index(i);
        parts.push(Part {
            turn: None,
            speaker: None,
            line,
            section: section_of(line),
            text,
            finds: resolve::finds(people, &buf.hay(text)),
        });
    }
    parts.extend(turns.map(|(t, finds)| Part {
        turn: Some(t.index),
        speaker: Some(t.speaker.as_str()),
        line: t.line,
        section: section_of(t.line),
        text: &t.text,
        finds,
    }));
    parts.sort_by_key(|p| p.line);
    resolve::mentions(people, &parts, participants, links)
}
