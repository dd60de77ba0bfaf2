//! Writing the output tables. One of the two stages that do I/O.
//!
//! All writers live here so that the output contract is in one place: each
//! table has one flat row type whose field order is its column order.
//! Tables are written to `NAME.partial` files and renamed when the run has
//! finished, so an interrupted run never leaves a half-written table beside
//! complete ones. A run that does not finish removes its partial files
//! ([`Outputs::abort`], or dropping [`Outputs`]); those of a run that was
//! killed outright are removed by the next run into the folder.
//!
//! - `turns.csv`: one row per turn.
//! - `documents.jsonl`: one object per processed file, turns nested.
//! - `diagnostics.csv`: one row per finding, including files that could not
//!   be processed.
//! - `repairs.csv`: one row per stretch of text the repair stage changed.
//! - `mentions.csv`: one row per mention of a person.
//! - `statements.csv`: one row per turn and topic it is about.
//! - `speakers.csv`: one row per document and speaker, then one per speaker
//!   over the whole run (`doc_id` `*`), written at the end.
//! - `topics.csv`: one row per document and topic.
//! - `speaker_topics.csv`: speaker × topic over the whole run, at the end.
//! - `people.csv`: the people dictionary as used, written once at the end.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

mod csv_row;

pub use crate::analysis::stats::{CorpusStats, DocStats, SpeakerStats, TopicStats};

use crate::analysis::people::PeopleDict;
use crate::analysis::{Document, Mention, Outcome, Turn, TurnNotes};
use crate::formats::FormatId;
use crate::model::{Diagnostic, DocKind, Timestamp};
use crate::text::repair::{Change, Scope, Step};

pub const TURNS: &str = "turns.csv";
pub const DOCUMENTS: &str = "documents.jsonl";
pub const DIAGNOSTICS: &str = "diagnostics.csv";
pub const REPAIRS: &str = "repairs.csv";
pub const MENTIONS: &str = "mentions.csv";
pub const PEOPLE: &str = "people.csv";
pub const STATEMENTS: &str = "statements.csv";
pub const SPEAKERS: &str = "speakers.csv";
pub const TOPICS: &str = "topics.csv";
pub const SPEAKER_TOPICS: &str = "speaker_topics.csv";

/// Every table a run may write: the partial files [`Outputs::create`]
/// removes as leftovers are these names with `.partial`, and no others.
const ALL_TABLES: [&str; 10] = [
    TURNS,
    DOCUMENTS,
    DIAGNOSTICS,
    REPAIRS,
    MENTIONS,
    PEOPLE,
    STATEMENTS,
    SPEAKERS,
    TOPICS,
    SPEAKER_TOPICS,
];

/// How many changes of each repair step `documents.jsonl` shows; all of
/// them are in `repairs.csv`.
pub const REPAIR_EXAMPLES: usize = 5;

/// Which tables a run writes and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The CSV tables (`--format csv`).
    pub csv: bool,
    /// `documents.jsonl` (`--format jsonl`).
    pub jsonl: bool,
    /// Start each CSV table with a UTF-8 byte order mark, so Excel reads it
    /// as UTF-8 (`--excel`).
    pub excel: bool,
    /// Write CSV text cells exactly as they are, formulas and all
    /// (`--raw-csv`).
    pub raw_csv: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            csv: true,
            jsonl: true,
            excel: false,
            raw_csv: false,
        }
    }
}

/// A text cell. In a CSV table a cell that a spreadsheet would run as a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// is written with a leading `'`, as OWASP's CSV-injection advice has it,
/// unless `--raw-csv`; JSON text is always written as it is.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    text: &'a str,
    neutralise: bool,
}

impl<'a> Text<'a> {
    /// `neutralise`: a CSV cell without `--raw-csv`.
    pub fn new(text: &'a str, neutralise: bool) -> Text<'a> {
        Text { text, neutralise }
    }
}

/// Whether a spreadsheet would take a cell starting like `text` for a formula.
pub fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.neutralise && starts_formula(self.text) {
            s.serialize_str(&format!("'{}", self.text))
        } else {
            s.serialize_str(self.text)
        }
    }
}

/// A cell that repeats what the record a row is nested in already says
/// (the document's `doc_id`, `date`, `title`; for a statement, its turn's
/// speaker, time, people and text): written in the flat CSV tables, left
/// out of the rows nested in `documents.jsonl`.
#[derive(Debug)]
pub enum Repeated<T> {
    Shown(T),
    Omitted,
}

impl<T> Repeated<T> {
    pub fn is_omitted(&self) -> bool {
        matches!(self, Repeated::Omitted)
    }
}

impl<T: Serialize> Serialize for Repeated<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Repeated::Shown(value) => value.serialize(s),
            Repeated::Omitted => s.serialize_none(),
        }
    }
}

/// A turn: a row of `turns.csv`, and an element of `turns` in
/// `documents.jsonl`. The two differ in how times are written, which is
/// `T`: [`CsvNumber`] (seconds with two decimals, empty when unknown) or
/// `Option<f64>` (a JSON number or null), and in that the nested one leaves
/// out its document's cells ([`TurnRow::nested`]).
#[derive(Debug, Serialize)]
pub struct TurnRow<'a, T> {
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub doc_id: Repeated<Text<'a>>,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub date: Repeated<Option<Text<'a>>>,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub title: Repeated<Option<Text<'a>>>,
    pub turn: u32,
    pub start_s: T,
    pub end_s: T,
    pub duration_s: T,
    pub speaker: Text<'a>,
    pub speaker_label: Text<'a>,
    pub speaker_source: &'static str,
    /// `speech` or `chat`.
    pub kind: &'static str,
    /// How many cues, segments or lines of the source make the turn.
    pub cues: u32,
    pub words: usize,
    /// The people mentioned (resolved ones), joined with `;`.
    pub mentions: Text<'a>,
    /// Noise flags, joined with `;`.
    pub flags: Text<'a>,
    /// Topics, joined with `;`.
    pub topics: Text<'a>,
    pub text: Text<'a>,
}

/// The joined-list cells of one turn.
#[derive(Clone, Debug, Default)]
pub struct TurnCells {
    pub mentions: String,
    pub flags: String,
    pub topics: String,
}

impl TurnCells {
    fn of(doc: &Document) -> Vec<TurnCells> {
        let mentions = turn_mentions(doc);
        doc.turns
            .iter()
            .zip(mentions)
            .enumerate()
            .map(|(i, (_, mentions))| {
                let notes = doc.turn_notes.get(i);
                TurnCells {
                    mentions,
                    flags: join(notes.iter().flat_map(|n| &n.flags).map(|f| f.as_str())),
                    topics: join(
                        notes
                            .iter()
                            .flat_map(|n| &n.topics)
                            .map(|t| t.topic.as_str()),
                    ),
                }
            })
            .collect()
    }
}

fn join<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items.collect::<Vec<_>>().join(";")
}

/// A number as a CSV cell with a fixed number of decimals (`3.50` seconds,
/// `0.5188` of the talk), or an empty cell.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CsvNumber(String);

/// Seconds with two decimals as a CSV cell (`3.50`), or an empty cell:
/// what [`Timestamp::seconds_string`] writes, formatted on the stack
/// because every turn has three of them.
#[derive(Debug)]
pub struct CsvSeconds(Option<Timestamp>);

impl Serialize for CsvSeconds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(ts) = self.0 else {
            return serializer.serialize_str("");
        };
        let mut buf = [0u8; 24];
        let cell = ts.write_seconds(&mut buf);
        serializer.serialize_str(cell)
    }
}

impl<'a, T> TurnRow<'a, T> {
    /// `neutralise`: text cells for CSV (see [`Text`]); `secs` makes the times.
    pub fn new(
        doc: &'a Document,
        t: &'a Turn,
        words: usize,
        cells: &'a TurnCells,
        neutralise: bool,
        secs: impl Fn(Option<Timestamp>) -> T,
    ) -> TurnRow<'a, T> {
        let text = |s| Text::new(s, neutralise);
        TurnRow {
            doc_id: Repeated::Shown(text(doc.id.as_str())),
            date: Repeated::Shown(doc.date.as_deref().map(&text)),
            title: Repeated::Shown(doc.title.as_deref().map(&text)),
            turn: t.index,
            start_s: secs(t.start),
            end_s: secs(t.end),
            duration_s: secs(t.duration()),
            speaker: text(&t.speaker),
            speaker_label: text(&t.speaker_label),
            speaker_source: t.speaker_source.as_str(),
            kind: t.kind.as_str(),
            cues: t.cues,
            words,
            mentions: text(&cells.mentions),
            flags: text(&cells.flags),
            topics: text(&cells.topics),
            text: text(&t.text),
        }
    }

    /// The row as nested in its document: without the document's cells.
    pub fn nested(self) -> Self {
        TurnRow {
            doc_id: Repeated::Omitted,
            date: Repeated::Omitted,
            title: Repeated::Omitted,
            ..self
        }
    }
}

/// A row of `statements.csv`: a turn and one topic it is about (also in
/// `documents.jsonl`, where `T` is a JSON number).
#[derive(Debug, Serialize)]
pub struct StatementRow<'a, T> {
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub doc_id: Repeated<Text<'a>>,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub date: Repeated<Option<Text<'a>>>,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub title: Repeated<Option<Text<'a>>>,
    pub turn: u32,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub start_s: Repeated<T>,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub speaker: Repeated<Text<'a>>,
    pub topic: Text<'a>,
    /// The people mentioned in the turn (resolved), `;`.
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub people: Repeated<Text<'a>>,
    /// The taxonomy's phrases that matched, `;`.
    pub evidence: Text<'a>,
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub text: Repeated<Text<'a>>,
}

impl<T> StatementRow<'_, T> {
    /// The row as nested in its document, beside its turn: the topic and
    /// the evidence.
    pub fn nested(self) -> Self {
        StatementRow {
            doc_id: Repeated::Omitted,
            date: Repeated::Omitted,
            title: Repeated::Omitted,
            start_s: Repeated::Omitted,
            speaker: Repeated::Omitted,
            people: Repeated::Omitted,
            text: Repeated::Omitted,
            ..self
        }
    }
}

/// A row of `speakers.csv` (`N`: a CSV number cell or a JSON number).
#[derive(Debug, Serialize)]
pub struct SpeakerRow<'a, N> {
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub doc_id: Repeated<Text<'a>>,
    pub speaker: Text<'a>,
    pub turns: u32,
    pub words: u64,
    pub talk_s: N,
    pub talk_share: N,
    pub words_per_min: N,
    pub longest_turn_s: N,
    pub questions: u32,
}

impl<'a, N> SpeakerRow<'a, N> {
    fn new(
        doc_id: &'a str,
        speaker: &'a str,
        s: &SpeakerStats,
        share: Option<f64>,
        neutralise: bool,
        num: impl Fn(Option<f64>, usize) -> N,
    ) -> Self {
        SpeakerRow {
            doc_id: Repeated::Shown(Text::new(doc_id, neutralise)),
            speaker: Text::new(speaker, neutralise),
            turns: s.turns,
            words: s.words,
            talk_s: num(Some(s.talk_ms as f64 / 1000.0), 2),
            talk_share: num(share, 4),
            words_per_min: num(s.words_per_min(), 1),
            longest_turn_s: num(Some(s.longest_ms as f64 / 1000.0), 2),
            questions: s.questions,
        }
    }
}

/// A row of `topics.csv`.
#[derive(Debug, Serialize)]
pub struct TopicRow<'a, N> {
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub doc_id: Repeated<Text<'a>>,
    pub topic: Text<'a>,
    pub turns: u32,
    pub talk_s: N,
    /// Who talked about it, in order of first turn, `;`.
    pub speakers: Text<'a>,
}

/// A row of `speaker_topics.csv`.
#[derive(Debug, Serialize)]
pub struct SpeakerTopicRow<'a> {
    pub speaker: Text<'a>,
    pub topic: Text<'a>,
    pub turns: u32,
    pub talk_s: CsvNumber,
}

/// A number cell with `decimals` decimals, or an empty cell.
fn csv_number(x: Option<f64>, decimals: usize) -> CsvNumber {
    CsvNumber(x.map(|x| format!("{x:.decimals$}")).unwrap_or_default())
}

/// A JSON number (rounded as in CSV), or null.
fn json_number(x: Option<f64>, decimals: usize) -> Option<f64> {
    let scale = 10f64.powi(decimals as i32);
    x.map(|x| (x * scale).round() / scale)
}

/// The statement rows of a document.
fn statements<'a, T>(
    doc: &'a Document,
    cells: &'a [TurnCells],
    joined_evidence: &'a [Vec<String>],
    neutralise: bool,
    secs: impl Fn(Option<Timestamp>) -> T,
) -> Vec<StatementRow<'a, T>> {
    let text = |s| Text::new(s, neutralise);
    let mut rows = Vec::new();
    for (i, t) in doc.turns.iter().enumerate() {
        let Some(notes) = doc.turn_notes.get(i) else {
            continue;
        };
        for (m, evidence) in notes.topics.iter().zip(&joined_evidence[i]) {
            rows.push(StatementRow {
                doc_id: Repeated::Shown(text(doc.id.as_str())),
                date: Repeated::Shown(doc.date.as_deref().map(text)),
                title: Repeated::Shown(doc.title.as_deref().map(text)),
                turn: t.index,
                start_s: Repeated::Shown(secs(t.start)),
                speaker: Repeated::Shown(text(&t.speaker)),
                topic: text(&m.topic),
                people: Repeated::Shown(text(&cells[i].mentions)),
                evidence: text(evidence),
                text: Repeated::Shown(text(&t.text)),
            });
        }
    }
    rows
}

/// Each turn's topics' evidence, joined with `;`.
fn evidence(notes: &[TurnNotes]) -> Vec<Vec<String>> {
    notes
        .iter()
        .map(|n| n.topics.iter().map(|m| m.evidence.join(";")).collect())
        .collect()
}

fn csv_seconds(ts: Option<Timestamp>) -> CsvSeconds {
    CsvSeconds(ts)
}

fn json_seconds(ts: Option<Timestamp>) -> Option<f64> {
    ts.map(Timestamp::seconds_f64)
}

/// A row of `diagnostics.csv`, also nested in `documents.jsonl`.
#[derive(Debug, Serialize)]
pub struct DiagnosticRow<'a> {
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub doc_id: Repeated<Text<'a>>,
    pub line: Option<u32>,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: Text<'a>,
}

impl<'a> DiagnosticRow<'a> {
    fn new(doc_id: &'a str, d: &'a Diagnostic, neutralise: bool) -> DiagnosticRow<'a> {
        let text = |s| Text::new(s, neutralise);
        DiagnosticRow {
            doc_id: Repeated::Shown(text(doc_id)),
            line: d.line.map(|l| l.0),
            severity: d.severity.as_str(),
            code: d.code.as_str(),
            message: text(&d.message),
        }
    }
}

/// A row of `repairs.csv`: one stretch of text a repair step replaced.
#[derive(Debug, Serialize)]
pub struct RepairRow<'a> {
    pub doc_id: Text<'a>,
    pub line: u32,
    pub scope: &'static str,
    pub codec: &'static str,
    pub before: Text<'a>,
    pub after: Text<'a>,
}

/// A repair step in `documents.jsonl`: what was done, how often, and the
/// first few changes.
#[derive(Debug, Serialize)]
pub struct RepairSummary<'a> {
    pub scope: Scope,
    pub codec: &'static str,
    pub count: usize,
    pub examples: Vec<Change<'a>>,
}

impl<'a> RepairSummary<'a> {
    fn new(step: &'a Step) -> RepairSummary<'a> {
        RepairSummary {
            scope: step.scope,
            codec: step.codec,
            count: step.len(),
            examples: step.changes().take(REPAIR_EXAMPLES).collect(),
        }
    }
}

/// A mention: a row of `mentions.csv` (`C` = candidates joined with `;`),
/// and an element of `mentions` in `documents.jsonl` (`C` = a list).
#[derive(Debug, Serialize)]
pub struct MentionRow<'a, C> {
    #[serde(skip_serializing_if = "Repeated::is_omitted")]
    pub doc_id: Repeated<Text<'a>>,
    pub turn: Option<u32>,
    pub section: Option<Text<'a>>,
    pub speaker: Option<Text<'a>>,
    pub person: Option<Text<'a>>,
    pub surface: Text<'a>,
    pub offset: u32,
    pub kind: &'static str,
    pub candidates: C,
    pub line: u32,
}

impl<'a, C> MentionRow<'a, C> {
    fn new(
        doc_id: &'a str,
        m: &'a Mention,
        neutralise: bool,
        candidates: impl Fn(&'a [String]) -> C,
    ) -> Self {
        let text = |s| Text::new(s, neutralise);
        MentionRow {
            doc_id: Repeated::Shown(text(doc_id)),
            turn: m.turn,
            section: m.section.as_deref().map(&text),
            speaker: m.speaker.as_deref().map(&text),
            person: m.person.as_deref().map(&text),
            surface: text(&m.surface),
            offset: m.offset,
            kind: m.kind.as_str(),
            candidates: candidates(&m.candidates),
            line: m.line.0,
        }
    }
}

/// A row of `people.csv`.
#[derive(Debug, Serialize)]
pub struct PersonRow<'a> {
    pub person: Text<'a>,
    /// Aliases and nicknames, joined with `;`.
    pub aliases: Text<'a>,
    pub org: Option<Text<'a>>,
    pub role: Option<Text<'a>>,
    /// Where the person was defined (`people.csv:3`, a note's doc_id), `;`.
    pub sources: Text<'a>,
}

/// A line of `documents.jsonl`.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    pub doc_id: &'a str,
    pub kind: DocKind,
    pub encoding: &'a str,
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub participants: &'a [String],
    pub format: Option<FormatId>,
    pub language: Option<&'a str>,
    pub repairs: Vec<RepairSummary<'a>>,
    pub turns: Vec<TurnRow<'a, Option<f64>>>,
    pub mentions: Vec<MentionRow<'a, &'a [String]>>,
    pub statements: Vec<StatementRow<'a, Option<f64>>>,
    pub speakers: Vec<SpeakerRow<'a, Option<f64>>>,
    pub topics: Vec<TopicRow<'a, Option<f64>>>,
    pub diagnostics: Vec<DiagnosticRow<'a>>,
}

impl<'a> DocumentRecord<'a> {
    /// `words`, `cells` and `evidence` hold each turn's word count, list
    /// cells and topic evidence; `stats` the document's statistics.
    pub fn new(
        doc: &'a Document,
        words: &[usize],
        cells: &'a [TurnCells],
        evidence: &'a [Vec<String>],
        stats: &'a DocStats,
    ) -> DocumentRecord<'a> {
        let shares = DocStats::shares(&stats.speakers);
        DocumentRecord {
            doc_id: doc.id.as_str(),
            kind: doc.kind,
            encoding: doc.encoding,
            date: doc.date.as_deref(),
            title: doc.title.as_deref(),
            participants: &doc.participants,
            format: doc.format,
            language: doc.language.as_deref(),
            repairs: doc.repairs.iter().map(RepairSummary::new).collect(),
            turns: doc
                .turns
                .iter()
                .zip(words)
                .zip(cells)
                .map(|((t, &w), c)| TurnRow::new(doc, t, w, c, false, json_seconds).nested())
                .collect(),
            statements: statements(doc, cells, evidence, false, json_seconds)
                .into_iter()
                .map(StatementRow::nested)
                .collect(),
            speakers: stats
                .speakers
                .iter()
                .zip(&shares)
                .map(|((name, s), &share)| SpeakerRow {
                    doc_id: Repeated::Omitted,
                    ..SpeakerRow::new(doc.id.as_str(), name, s, share, false, json_number)
                })
                .collect(),
            topics: stats
                .topics
                .iter()
                .map(|(name, t)| TopicRow {
                    doc_id: Repeated::Omitted,
                    topic: Text::new(name, false),
                    turns: t.turns,
                    talk_s: json_number(Some(t.talk_ms as f64 / 1000.0), 2),
                    speakers: Text::new(&t.speakers_joined, false),
                })
                .collect(),
            mentions: doc
                .mentions
                .iter()
                .map(|m| MentionRow {
                    doc_id: Repeated::Omitted,
                    ..MentionRow::new(doc.id.as_str(), m, false, |c| c)
                })
                .collect(),
            diagnostics: doc
                .diagnostics
                .iter()
                .map(|d| DiagnosticRow {
                    doc_id: Repeated::Omitted,
                    ..DiagnosticRow::new(doc.id.as_str(), d, false)
                })
                .collect(),
        }
    }
}

/// One input file's share of every table, serialized. Rendering is pure
/// and runs on the worker threads; the writer only appends the bytes, in
/// doc_id order, so the single writing thread is not the bottleneck.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub turns: Vec<u8>,
    pub document: Vec<u8>,
    pub diagnostics: Vec<u8>,
    pub repairs: Vec<u8>,
    pub mentions: Vec<u8>,
    pub statements: Vec<u8>,
    pub speakers: Vec<u8>,
    pub topics: Vec<u8>,
    /// The document's statistics, for the corpus totals.
    pub stats: DocStats,
}

impl Rendered {
    /// Bytes of rendered rows, what holding this result costs.
    pub fn bytes(&self) -> usize {
        [
            &self.turns,
            &self.document,
            &self.diagnostics,
            &self.repairs,
            &self.mentions,
            &self.statements,
            &self.speakers,
            &self.topics,
        ]
        .iter()
        .map(|part| part.len())
        .sum()
    }
}

/// Serializes everything about one input file, for the tables `options`
/// asks for.
pub fn render(outcome: &Outcome, options: &Options) -> Rendered {
    let mut out = Rendered::default();
    let id = outcome.id().as_str();
    let neutralise = !options.raw_csv;
    if let Outcome::Document(doc) = outcome {
        let words: Vec<usize> = doc.turns.iter().map(Turn::words).collect();
        let cells = TurnCells::of(doc);
        let evidence = evidence(&doc.turn_notes);
        let stats = DocStats::of(doc, &words);
        if options.csv {
            for ((t, &w), c) in doc.turns.iter().zip(&words).zip(&cells) {
                csv_row::write(
                    &mut out.turns,
                    &TurnRow::new(doc, t, w, c, neutralise, csv_seconds),
                );
            }
            for row in statements(doc, &cells, &evidence, neutralise, csv_seconds) {
                csv_row::write(&mut out.statements, &row);
            }
            let shares = DocStats::shares(&stats.speakers);
            for ((name, s), &share) in stats.speakers.iter().zip(&shares) {
                csv_row::write(
                    &mut out.speakers,
                    &SpeakerRow::new(id, name, s, share, neutralise, csv_number),
                );
            }
            for (name, t) in &stats.topics {
                csv_row::write(
                    &mut out.topics,
                    &TopicRow {
                        doc_id: Repeated::Shown(Text::new(id, neutralise)),
                        topic: Text::new(name, neutralise),
                        turns: t.turns,
                        talk_s: csv_number(Some(t.talk_ms as f64 / 1000.0), 2),
                        speakers: Text::new(&t.speakers_joined, neutralise),
                    },
                );
            }
            for m in &doc.mentions {
                let candidates = m.candidates.join(";");
                csv_row::write(
                    &mut out.mentions,
                    &MentionRow::new(id, m, neutralise, |_| Text::new(&candidates, neutralise)),
                );
            }
            for step in &doc.repairs {
                for c in step.changes() {
                    csv_row::write(
                        &mut out.repairs,
                        &RepairRow {
                            doc_id: Text::new(id, neutralise),
                            line: c.line,
                            scope: step.scope.as_str(),
                            codec: step.codec,
                            before: Text::new(c.before, neutralise),
                            after: Text::new(c.after, neutralise),
                        },
                    );
                }
            }
        }
        if options.jsonl {
            let record = DocumentRecord::new(doc, &words, &cells, &evidence, &stats);
            serde_json::to_writer(&mut out.document, &record)
                .expect("documents serialize to memory");
            out.document.push(b'\n');
        }
        out.stats = stats;
    }
    if options.csv {
        for d in outcome.diagnostics() {
            csv_row::write(&mut out.diagnostics, &DiagnosticRow::new(id, d, neutralise));
        }
    }
    out
}

/// The `mentions` column of each turn: the people it mentions, resolved
/// ones only, each once, in order of first mention.
fn turn_mentions(doc: &Document) -> Vec<String> {
    let mut named: Vec<Vec<&str>> = vec![Vec::new(); doc.turns.len()];
    for m in &doc.mentions {
        let (Some(turn), Some(person)) = (m.turn, m.person.as_deref()) else {
            continue;
        };
        if let Some(list) = doc
            .turns
            .iter()
            .position(|t| t.index == turn)
            .map(|i| &mut named[i])
            && !list.contains(&person)
        {
            list.push(person);
        }
    }
    named.into_iter().map(|n| n.join(";")).collect()
}

/// The open output tables of a run: those `--format` asks for.
pub struct Outputs {
    dir: PathBuf,
    options: Options,
    /// Each open table's name and writer.
    tables: Vec<(&'static str, BufWriter<File>)>,
    corpus: CorpusStats,
}

/// The CSV tables written document by document, with their columns.
const CSV_TABLES: [(&str, &[&str]); 7] = [
    (TURNS, TURN_COLUMNS),
    (DIAGNOSTICS, DIAGNOSTIC_COLUMNS),
    (REPAIRS, REPAIR_COLUMNS),
    (MENTIONS, MENTION_COLUMNS),
    (STATEMENTS, STATEMENT_COLUMNS),
    (SPEAKERS, SPEAKER_COLUMNS),
    (TOPICS, TOPIC_COLUMNS),
];

/// What `rendered` holds for the table `name`.
fn part<'r>(rendered: &'r Rendered, name: &str) -> &'r [u8] {
    match name {
        TURNS => &rendered.turns,
        DOCUMENTS => &rendered.document,
        DIAGNOSTICS => &rendered.diagnostics,
        REPAIRS => &rendered.repairs,
        MENTIONS => &rendered.mentions,
        STATEMENTS => &rendered.statements,
        SPEAKERS => &rendered.speakers,
        TOPICS => &rendered.topics,
        _ => &[],
    }
}

/// The start of a CSV table: the byte order mark with `--excel`, the header.
fn csv_start(columns: &[&str], options: &Options) -> Vec<u8> {
    let mut start = if options.excel {
        "\u{FEFF}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    start.extend(header(columns));
    start
}

fn partial(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.partial"))
}

fn create(dir: &Path, name: &str) -> io::Result<BufWriter<File>> {
    let path = partial(dir, name);
    File::create(&path)
        .map(|f| BufWriter::with_capacity(1 << 16, f))
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// Headers are written from the column lists below rather than from the
/// first row, so that a table with no rows still has its header. Records
/// end in LF (RFC 4180 allows it and Unix tools expect it); fields are
/// quoted only when needed.
fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().has_headers(false).from_writer(w)
}

fn header(columns: &[&str]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut w = csv_writer(&mut buf);
    w.write_record(columns)
        .expect("headers serialize to memory");
    drop(w);
    buf
}

/// Columns of `turns.csv`, in order (the fields of [`TurnRow`]).
pub const TURN_COLUMNS: &[&str] = &[
    "doc_id",
    "date",
    "title",
    "turn",
    "start_s",
    "end_s",
    "duration_s",
    "speaker",
    "speaker_label",
    "speaker_source",
    "kind",
    "cues",
    "words",
    "mentions",
    "flags",
    "topics",
    "text",
];

/// Columns of `diagnostics.csv`, in order (the fields of [`DiagnosticRow`]).
pub const DIAGNOSTIC_COLUMNS: &[&str] = &["doc_id", "line", "severity", "code", "message"];

/// Columns of `mentions.csv`, in order (the fields of [`MentionRow`]).
pub const MENTION_COLUMNS: &[&str] = &[
    "doc_id",
    "turn",
    "section",
    "speaker",
    "person",
    "surface",
    "offset",
    "kind",
    "candidates",
    "line",
];

/// Columns of `statements.csv`, in order (the fields of [`StatementRow`]).
pub const STATEMENT_COLUMNS: &[&str] = &[
    "doc_id", "date", "title", "turn", "start_s", "speaker", "topic", "people", "evidence", "text",
];

/// Columns of `speakers.csv`, in order (the fields of [`SpeakerRow`]).
pub const SPEAKER_COLUMNS: &[&str] = &[
    "doc_id",
    "speaker",
    "turns",
    "words",
    "talk_s",
    "talk_share",
    "words_per_min",
    "longest_turn_s",
    "questions",
];

/// Columns of `topics.csv`, in order (the fields of [`TopicRow`]).
pub const TOPIC_COLUMNS: &[&str] = &["doc_id", "topic", "turns", "talk_s", "speakers"];

/// Columns of `speaker_topics.csv`, in order (the fields of [`SpeakerTopicRow`]).
pub const SPEAKER_TOPIC_COLUMNS: &[&str] = &["speaker", "topic", "turns", "talk_s"];

/// Columns of `people.csv`, in order (the fields of [`PersonRow`]).
pub const PERSON_COLUMNS: &[&str] = &["person", "aliases", "org", "role", "sources"];

/// Columns of `repairs.csv`, in order (the fields of [`RepairRow`]).
pub const REPAIR_COLUMNS: &[&str] = &["doc_id", "line", "scope", "codec", "before", "after"];

impl Outputs {
    /// Creates the output folder and opens the tables `options` asks for.
    /// Leftover partial tables of an earlier run that was killed are
    /// removed first.
    pub fn create(dir: &Path, options: &Options) -> io::Result<Outputs> {
        std::fs::create_dir_all(dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        remove_leftovers(dir);
        let mut tables = Vec::new();
        if options.csv {
            for (name, columns) in CSV_TABLES {
                let mut w = create(dir, name)?;
                w.write_all(&csv_start(columns, options))?;
                tables.push((name, w));
            }
        }
        if options.jsonl {
            tables.push((DOCUMENTS, create(dir, DOCUMENTS)?));
        }
        Ok(Outputs {
            dir: dir.to_path_buf(),
            options: *options,
            tables,
            corpus: CorpusStats::default(),
        })
    }

    /// Appends one input file's rendered rows.
    pub fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
        for (name, w) in &mut self.tables {
            w.write_all(part(rendered, name))?;
        }
        self.corpus.add(&rendered.stats);
        Ok(())
    }

    /// The corpus rows of `speakers.csv` (`doc_id` `*`) and
    /// `speaker_topics.csv`.
    fn corpus_tables(&self) -> (Vec<u8>, Vec<u8>) {
        let neutralise = !self.options.raw_csv;
        let speakers: Vec<(String, SpeakerStats)> = self
            .corpus
            .speakers
            .iter()
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect();
        let shares = DocStats::shares(&speakers);
        let mut rows = Vec::new();
        let mut w = csv_writer(&mut rows);
        for ((name, s), &share) in speakers.iter().zip(&shares) {
            w.serialize(SpeakerRow::new("*", name, s, share, neutralise, csv_number))
                .expect("speaker rows serialize to memory");
        }
        drop(w);
        let mut matrix = csv_start(SPEAKER_TOPIC_COLUMNS, &self.options);
        let mut w = csv_writer(&mut matrix);
        for ((speaker, topic), (turns, talk)) in &self.corpus.speaker_topics {
            w.serialize(SpeakerTopicRow {
                speaker: Text::new(speaker, neutralise),
                topic: Text::new(topic, neutralise),
                turns: *turns,
                talk_s: csv_number(Some(*talk as f64 / 1000.0), 2),
            })
            .expect("speaker topic rows serialize to memory");
        }
        drop(w);
        (rows, matrix)
    }

    /// Writes `people.csv` (with the CSV tables), flushes the tables and
    /// moves them into place.
    pub fn finish(mut self, people: &PeopleDict) -> io::Result<()> {
        if self.options.csv {
            let (speaker_rows, matrix) = self.corpus_tables();
            if let Some((_, w)) = self.tables.iter_mut().find(|(n, _)| *n == SPEAKERS) {
                w.write_all(&speaker_rows)?;
            }
            let mut table = create(&self.dir, SPEAKER_TOPICS)?;
            table.write_all(&matrix)?;
            self.tables.push((SPEAKER_TOPICS, table));
            let mut table = create(&self.dir, PEOPLE)?;
            table.write_all(&people_csv(people, &self.options))?;
            self.tables.push((PEOPLE, table));
        }
        for (_, w) in &mut self.tables {
            w.flush()?;
        }
        for (name, _) in &self.tables {
            std::fs::rename(partial(&self.dir, name), self.dir.join(name))?;
        }
        // Moved into place: nothing left for `drop` to remove.
        self.tables.clear();
        Ok(())
    }

    /// Gives up the run: closes the tables and removes their partial files,
    /// renaming none, so the tables of an earlier run stay as they were.
    pub fn abort(mut self) {
        discard(&self.dir, &mut self.tables);
    }
}

/// Outputs dropped before [`Outputs::finish`] moved them into place (an
/// error on the way, a panic, or [`Outputs::abort`]) leave no partial file.
impl Drop for Outputs {
    fn drop(&mut self) {
        discard(&self.dir, &mut self.tables);
    }
}

/// Closes `tables` and removes their partial files in `dir`. Buffered rows
/// are thrown away rather than flushed, since the file goes; each file is
/// closed before it is removed, which Windows needs. Removal is best
/// effort: a file that cannot be removed now is removed as a leftover by
/// the next run.
fn discard(dir: &Path, tables: &mut Vec<(&'static str, BufWriter<File>)>) {
    for (name, w) in tables.drain(..) {
        drop(w.into_parts());
        let _ = std::fs::remove_file(partial(dir, name));
    }
}

/// Removes the partial tables an earlier run left in `dir` when it was
/// killed before it could clean up (`kill -9`, a crash): only files named
/// as a table saidwhat writes plus `.partial`, never other files. Best
/// effort: the tables this run opens are truncated anyway, and a leftover
/// that cannot be removed hides no table.
fn remove_leftovers(dir: &Path) {
    for name in ALL_TABLES {
        let _ = std::fs::remove_file(partial(dir, name));
    }
}

/// The dictionary as `people.csv`, with its header: one row per person, in
/// the dictionary's order.
pub fn people_csv(people: &PeopleDict, options: &Options) -> Vec<u8> {
    let mut buf = csv_start(PERSON_COLUMNS, options);
    let mut w = csv_writer(&mut buf);
    let neutralise = !options.raw_csv;
    for p in people.people() {
        let mut aliases: Vec<&str> = Vec::new();
        for a in p.aliases.iter().chain(&p.nicknames) {
            if !aliases
                .iter()
                .any(|x| crate::analysis::people::key(x) == crate::analysis::people::key(a))
            {
                aliases.push(a);
            }
        }
        let (aliases, sources) = (aliases.join(";"), p.sources.join(";"));
        let text = |s| Text::new(s, neutralise);
        w.serialize(PersonRow {
            person: text(&p.name),
            aliases: text(&aliases),
            org: p.org.as_deref().map(text),
            role: p.role.as_deref().map(text),
            sources: text(&sources),
        })
        .expect("people serialize to memory");
    }
    drop(w);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::people::mentions::Kind;
    use crate::model::{Code, DocId, LineNo, SpeakerSource};

    fn header_of<T: Serialize>(row: T) -> String {
        let mut w = csv::WriterBuilder::new()
            .has_headers(true)
            .from_writer(vec![]);
        w.serialize(row).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        out.lines().next().unwrap().to_string()
    }

    fn doc() -> Document {
        Document {
            id: DocId("a/b.md".into()),
            kind: DocKind::Transcript,
            encoding: "utf-8",
            date: Some("2024-03-05".into()),
            title: Some("Sync, weekly".into()),
            participants: vec!["Ann Lee".into()],
            format: Some(FormatId::House),
            language: None,
            repairs: vec![{
                let mut step = Step::new(Scope::Document, "windows-1252");
                step.push(2, "Ã©", "é");
                step
            }],
            turns: vec![Turn {
                index: 1,
                line: LineNo(3),
                last_line: LineNo(4),
                start: Some(Timestamp(1500)),
                end: Some(Timestamp(4000)),
                speaker: "Ann Lee".into(),
                speaker_label: "Ann".into(),
                speaker_source: SpeakerSource::Dictionary,
                text: "Hi, \"all\"\nsecond line".into(),
                cues: 1,
                kind: Default::default(),
            }],
            turn_notes: vec![TurnNotes {
                flags: vec![],
                topics: vec![crate::analysis::topics::TopicMatch {
                    topic: "Pricing".into(),
                    evidence: vec!["price".into(), "discount".into()],
                }],
            }],
            mentions: vec![
                Mention {
                    turn: Some(1),
                    line: LineNo(3),
                    section: Some("Transcript".into()),
                    speaker: Some("Ann Lee".into()),
                    person: None,
                    surface: "Rob".into(),
                    offset: 3,
                    kind: Kind::First,
                    candidates: vec!["Rob Castellano".into(), "Rob Nguyen".into()],
                },
                Mention {
                    turn: Some(1),
                    line: LineNo(3),
                    section: Some("Transcript".into()),
                    speaker: Some("Ann Lee".into()),
                    person: Some("Zoë Hartmann".into()),
                    surface: "Zoe's".into(),
                    offset: 9,
                    kind: Kind::Possessive,
                    candidates: vec![],
                },
            ],
            diagnostics: vec![Diagnostic::warning(Code::LabelUnknown, "x").at(LineNo(9))],
        }
    }

    #[test]
    fn column_lists_match_the_row_types() {
        let d = doc();
        assert_eq!(
            header_of(TurnRow::new(
                &d,
                &d.turns[0],
                4,
                &TurnCells::default(),
                true,
                csv_seconds
            )),
            TURN_COLUMNS.join(",")
        );
        assert_eq!(
            header_of(MentionRow::new("a", &d.mentions[0], true, |c| c.join(";"))),
            MENTION_COLUMNS.join(",")
        );
        assert_eq!(
            header_of(PersonRow {
                person: Text::new("p", true),
                aliases: Text::new("", true),
                org: None,
                role: None,
                sources: Text::new("", true),
            }),
            PERSON_COLUMNS.join(",")
        );
        assert_eq!(
            header_of(DiagnosticRow::new("a", &d.diagnostics[0], true)),
            DIAGNOSTIC_COLUMNS.join(",")
        );
        assert_eq!(
            header_of(RepairRow {
                doc_id: Text::new("a", true),
                line: 1,
                scope: "run",
                codec: "x",
                before: Text::new("b", true),
                after: Text::new("a", true),
            }),
            REPAIR_COLUMNS.join(",")
        );
    }

    #[test]
    fn writes_every_table() {
        let dir = tempfile::tempdir().unwrap();
        let options = Options::default();
        let mut out = Outputs::create(dir.path(), &options).unwrap();
        out.write(&render(&Outcome::Document(Box::new(doc())), &options))
            .unwrap();
        out.write(&render(
            &Outcome::Failed {
                id: DocId("z.bin".into()),
                diagnostics: vec![Diagnostic::error(Code::Binary, "binary file")],
            },
            &options,
        ))
        .unwrap();
        let people = PeopleDict::from_people(vec![crate::analysis::people::Person {
            name: "Mordecai (Morty) Feld".into(),
            aliases: vec!["Morty".into(), "Mordy".into()],
            sources: vec!["p.csv:2".into(), "People/Mordecai.md".into()],
            ..Default::default()
        }]);
        out.finish(&people).unwrap();
        let read = |n| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(
            read(TURNS),
            "doc_id,date,title,turn,start_s,end_s,duration_s,speaker,speaker_label,speaker_source,kind,cues,words,mentions,flags,topics,text\n\
             a/b.md,2024-03-05,\"Sync, weekly\",1,1.50,4.00,2.50,Ann Lee,Ann,dictionary,speech,1,4,Zoë Hartmann,,Pricing,\"Hi, \"\"all\"\"\nsecond line\"\n"
        );
        assert_eq!(
            read(STATEMENTS),
            "doc_id,date,title,turn,start_s,speaker,topic,people,evidence,text\n\
             a/b.md,2024-03-05,\"Sync, weekly\",1,1.50,Ann Lee,Pricing,Zoë Hartmann,price;discount,\"Hi, \"\"all\"\"\nsecond line\"\n"
        );
        assert_eq!(
            read(SPEAKERS),
            "doc_id,speaker,turns,words,talk_s,talk_share,words_per_min,longest_turn_s,questions\n\
             a/b.md,Ann Lee,1,4,2.50,1.0000,96.0,2.50,0\n\
             *,Ann Lee,1,4,2.50,1.0000,96.0,2.50,0\n"
        );
        assert_eq!(
            read(TOPICS),
            "doc_id,topic,turns,talk_s,speakers\na/b.md,Pricing,1,2.50,Ann Lee\n"
        );
        assert_eq!(
            read(SPEAKER_TOPICS),
            "speaker,topic,turns,talk_s\nAnn Lee,Pricing,1,2.50\n"
        );
        assert_eq!(
            read(MENTIONS),
            "doc_id,turn,section,speaker,person,surface,offset,kind,candidates,line\n\
             a/b.md,1,Transcript,Ann Lee,,Rob,3,first,Rob Castellano;Rob Nguyen,3\n\
             a/b.md,1,Transcript,Ann Lee,Zoë Hartmann,Zoe's,9,possessive,,3\n"
        );
        assert_eq!(
            read(PEOPLE),
            "person,aliases,org,role,sources\nMordecai Feld,Morty;Mordy,,,p.csv:2;People/Mordecai.md\n"
        );
        assert_eq!(
            read(DIAGNOSTICS),
            "doc_id,line,severity,code,message\na/b.md,9,warning,label-unknown,x\nz.bin,,error,binary,binary file\n"
        );
        assert_eq!(
            read(REPAIRS),
            "doc_id,line,scope,codec,before,after\na/b.md,2,document,windows-1252,Ã©,é\n"
        );
        let docs = read(DOCUMENTS);
        assert_eq!(docs.lines().count(), 1, "failed files are not documents");
        let v: serde_json::Value = serde_json::from_str(docs.lines().next().unwrap()).unwrap();
        assert_eq!(v["kind"], "transcript");
        assert_eq!(v["turns"][0]["start_s"], 1.5);
        assert_eq!(v["turns"][0]["speaker_source"], "dictionary");
        assert_eq!(v["diagnostics"][0]["code"], "label-unknown");
        assert_eq!(v["turns"][0]["mentions"], "Zoë Hartmann");
        assert_eq!(v["statements"][0]["evidence"], "price;discount");
        assert_eq!(v["speakers"][0]["talk_share"], 1.0);
        assert_eq!(v["speakers"][0]["words_per_min"], 96.0);
        assert_eq!(v["topics"][0]["talk_s"], 2.5);
        assert_eq!(
            v["mentions"][0]["candidates"],
            serde_json::json!(["Rob Castellano", "Rob Nguyen"])
        );
        assert_eq!(
            v["repairs"],
            serde_json::json!([{"scope": "document", "codec": "windows-1252", "count": 1,
                "examples": [{"line": 2, "before": "Ã©", "after": "é"}]}])
        );
        assert!(!dir.path().join("turns.csv.partial").exists());
    }

    #[test]
    fn outputs_not_finished_leave_no_partial_and_leftovers_go() {
        let dir = tempfile::tempdir().unwrap();
        let names = || {
            let mut names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        std::fs::write(dir.path().join(TURNS), "earlier").unwrap();
        std::fs::write(dir.path().join("people.csv.partial"), "killed").unwrap();
        std::fs::write(dir.path().join("mine.partial"), "other").unwrap();
        let options = Options::default();
        let mut out = Outputs::create(dir.path(), &options).unwrap();
        assert!(
            !dir.path().join("people.csv.partial").exists(),
            "a leftover"
        );
        out.write(&render(&Outcome::Document(Box::new(doc())), &options))
            .unwrap();
        out.abort();
        assert_eq!(names(), ["mine.partial", "turns.csv"]);
        drop(Outputs::create(dir.path(), &options).unwrap());
        assert_eq!(names(), ["mine.partial", "turns.csv"], "dropped");
        assert_eq!(std::fs::read(dir.path().join(TURNS)).unwrap(), b"earlier");
    }

    #[test]
    fn formula_cells_are_neutralised_in_csv_only() {
        let mut d = doc();
        d.turns[0].text = "=HYPERLINK(\"http://x\",\"y\")".into();
        d.turns[0].speaker = "@bot".into();
        let outcome = Outcome::Document(Box::new(d));
        let csv = String::from_utf8(render(&outcome, &Options::default()).turns).unwrap();
        assert!(csv.contains(",'@bot,"), "{csv}");
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            "{csv}"
        );
        let json = String::from_utf8(render(&outcome, &Options::default()).document).unwrap();
        assert!(
            json.contains(r#""text":"=HYPERLINK(\"http://x\",\"y\")""#),
            "{json}"
        );
        let raw = Options {
            raw_csv: true,
            ..Options::default()
        };
        let csv = String::from_utf8(render(&outcome, &raw).turns).unwrap();
        assert!(
            csv.contains(",@bot,") && csv.contains("\"=HYPERLINK("),
            "{csv}"
        );
        for (text, formula) in [
            ("=1+1", true),
            ("+1", true),
            ("-2", true),
            ("@x", true),
            ("\tx", true),
            ("\rx", true),
            ("x=1", false),
            ("", false),
        ] {
            assert_eq!(starts_formula(text), formula, "{text:?}");
        }
    }

    #[test]
    fn formats_and_excel_choose_the_files_and_their_start() {
        let dir = tempfile::tempdir().unwrap();
        let options = Options {
            jsonl: false,
            excel: true,
            ..Options::default()
        };
        let out = Outputs::create(dir.path(), &options).unwrap();
        out.finish(&PeopleDict::default()).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "diagnostics.csv",
                "mentions.csv",
                "people.csv",
                "repairs.csv",
                "speaker_topics.csv",
                "speakers.csv",
                "statements.csv",
                "topics.csv",
                "turns.csv"
            ]
        );
        let turns = std::fs::read(dir.path().join(TURNS)).unwrap();
        assert!(turns.starts_with("\u{FEFF}doc_id,".as_bytes()));
        let dir = tempfile::tempdir().unwrap();
        let options = Options {
            csv: false,
            ..Options::default()
        };
        Outputs::create(dir.path(), &options)
            .unwrap()
            .finish(&PeopleDict::default())
            .unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["documents.jsonl"]);
    }
}
