//! `report.html`: the tables drawn for an analyst, in one self-contained
//! file.
//!
//! The report is a sink like CSV and Parquet: it reads the typed rows
//! ([`Batch`]) of each document as they are written (`run --report`), or
//! as they are read back from an output folder's CSV files (`saidwhat
//! report OUT_DIR`, [`super::from_csv`]), then the corpus tables, and
//! writes HTML with inline SVG and CSS: no script, no URL, so it reads
//! offline, in e-mail and in print, and its bytes depend only on the
//! tables (a snapshot test can hold them).
//!
//! It aggregates as it goes, so a large corpus costs the size of its
//! aggregates, not of its turns: files by kind and format, meetings per
//! week, talk per speaker, who mentions whom, topics per week, the
//! diagnostics by code, the repairs, and who owes what. Only the
//! [`DETAILED`] latest meetings (by date, then doc_id) keep their turns,
//! for a timeline each; every meeting is listed with its numbers (the
//! latest [`LISTED`] of a larger corpus). Lists and matrices are cut to
//! their largest entries, and the report says where it cut.

mod svg;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::io;
use std::path::{Path, PathBuf};

use super::from_csv::TableReader;
use super::rows::{Batch, Cell};
use super::schema::{self, Table};
use svg::{Bar, Figure, cell, cut, esc};

/// How many meetings get a section of their own (a timeline, talk
/// shares, the turns about topics).
pub const DETAILED: usize = 50;

/// How many meetings the list of meetings shows at most (the latest).
pub const LISTED: usize = 2000;

/// Rows of the corpus charts (speakers, people, codes) and sides of the
/// matrices.
const TOP: usize = 20;
const MATRIX: usize = 30;

/// A table's columns by name, read from its rows.
struct View<'a> {
    batch: &'a Batch,
}

impl<'a> View<'a> {
    fn of(batches: &'a [Batch], table: &Table) -> Option<View<'a>> {
        batches
            .iter()
            .find(|b| b.table.name == table.name)
            .map(|batch| View { batch })
    }

    fn rows(&self) -> usize {
        self.batch.rows()
    }

    fn cell(&self, row: usize, column: &str) -> Cell<'a> {
        let i = self
            .batch
            .table
            .columns
            .iter()
            .position(|c| c.name == column)
            .unwrap_or_else(|| panic!("{} has no column {column}", self.batch.table.name));
        self.batch.cell(i, row)
    }

    fn text(&self, row: usize, column: &str) -> Option<&'a str> {
        match self.cell(row, column) {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    fn int(&self, row: usize, column: &str) -> Option<i64> {
        match self.cell(row, column) {
            Cell::Int(n) => Some(n),
            _ => None,
        }
    }

    fn float(&self, row: usize, column: &str) -> Option<f64> {
        match self.cell(row, column) {
            Cell::Float(x) => Some(x),
            _ => None,
        }
    }

    /// Centiseconds.
    fn secs(&self, row: usize, column: &str) -> Option<i64> {
        match self.cell(row, column) {
            Cell::Seconds(c) => Some(c),
            _ => None,
        }
    }

    fn list(&self, row: usize, column: &str) -> Vec<&'a str> {
        match self.cell(row, column) {
            Cell::List(l) => l.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// A meeting as the list of meetings shows it.
#[derive(Clone, Debug)]
struct MeetingRow {
    doc_id: String,
    date: Option<String>,
    title: String,
    format: String,
    duration: Option<i64>,
    speakers: i64,
    turns: i64,
    words: i64,
    interactivity: Option<f64>,
    silence: Option<f64>,
}

/// A speaker of a detailed meeting (`speakers.csv`).
#[derive(Clone, Debug)]
struct SpeakerRow {
    name: String,
    turns: i64,
    words: i64,
    talk: Option<i64>,
    share: Option<f64>,
    wpm: Option<f64>,
    longest_monologue: Option<i64>,
    patience: Option<i64>,
    overlaps: Option<i64>,
    interrupted: Option<i64>,
    questions: i64,
}

/// A turn on a meeting's timeline.
#[derive(Clone, Debug)]
struct Stroke {
    speaker: usize,
    start: i64,
    end: Option<i64>,
    topics: Vec<String>,
}

/// A turn about a topic, as the meeting's section quotes it.
#[derive(Clone, Debug)]
struct Quote {
    turn: i64,
    start: Option<i64>,
    speaker: String,
    topics: Vec<String>,
    text: String,
}

/// A meeting with a section of its own.
#[derive(Clone, Debug)]
struct Meeting {
    row: MeetingRow,
    switches: i64,
    speakers: Vec<SpeakerRow>,
    strokes: Vec<Stroke>,
    quotes: Vec<Quote>,
}

/// How many turns about topics a meeting's section quotes.
const QUOTES: usize = 40;

/// A topic over the run (`topic_totals.csv`).
struct TopicRow {
    name: String,
    documents: i64,
    turns: i64,
    talk: Option<i64>,
    raised_by: Option<String>,
}

/// An owner of action items (`person_actions.csv`).
struct OwnerRow {
    person: Option<String>,
    items: i64,
    open: i64,
    in_progress: i64,
    done: i64,
    documents: i64,
    next_due: Option<String>,
}

/// An open action item of the who-owes-what list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Owed {
    /// Due date first (undated last), then where it is.
    due: (bool, String),
    doc_id: String,
    line: i64,
    text: String,
}

/// How many open items the report lists per owner.
const OWED: usize = 10;

/// Everything the report draws, gathered as the rows come.
#[derive(Default)]
pub struct Report {
    files: usize,
    kinds: BTreeMap<String, usize>,
    formats: BTreeMap<String, usize>,
    /// Meetings (documents with turns) per date.
    days: BTreeMap<String, usize>,
    undated: usize,
    turns: i64,
    words: i64,
    talk: i64,
    severities: BTreeMap<String, usize>,
    codes: BTreeMap<String, usize>,
    repaired: usize,
    repairs: i64,
    codecs: BTreeMap<String, i64>,
    /// (speaker, person) → mentions; `None` speaker: the note's own text.
    mentions: HashMap<(Option<String>, String), u32>,
    /// (topic, date) → documents.
    topic_days: BTreeMap<(String, String), u32>,
    meetings: Vec<MeetingRow>,
    /// The latest meetings, by (dated, date, doc_id).
    detailed: BTreeMap<(bool, String, String), Meeting>,
    speaker_totals: Vec<(String, Option<f64>, Option<i64>, i64)>,
    speaker_topics: Vec<(String, String, i64, Option<i64>)>,
    topic_totals: Vec<TopicRow>,
    person_actions: Vec<OwnerRow>,
    owed: BTreeMap<String, Vec<Owed>>,
    decisions: usize,
}

impl Report {
    /// Takes one input file's rows (its batches of the per-document
    /// tables; a skipped entry has only diagnostics).
    pub fn add_document(&mut self, batches: &[Batch]) {
        if let Some(d) = View::of(batches, &schema::DIAGNOSTICS) {
            self.add_diagnostics(d.batch);
        }
        let Some(doc) = View::of(batches, &schema::DOCUMENTS).filter(|d| d.rows() > 0) else {
            return;
        };
        self.files += 1;
        let kind = doc.text(0, "kind").unwrap_or("failed");
        *self.kinds.entry(kind.to_string()).or_default() += 1;
        let date = doc.text(0, "date").map(str::to_string);
        let turns = doc.int(0, "turns").unwrap_or(0);
        self.turns += turns;
        self.words += doc.int(0, "words").unwrap_or(0);
        if let Some(f) = doc.text(0, "format") {
            *self.formats.entry(f.to_string()).or_default() += 1;
        }
        let repairs = doc.int(0, "repairs").unwrap_or(0);
        if repairs > 0 {
            self.repaired += 1;
            self.repairs += repairs;
        }
        if let Some(r) = View::of(batches, &schema::REPAIRS) {
            for i in 0..r.rows() {
                let codec = r.text(i, "codec").unwrap_or("");
                *self.codecs.entry(codec.to_string()).or_default() +=
                    r.int(i, "changes").unwrap_or(0);
            }
        }
        if let Some(m) = View::of(batches, &schema::MENTIONS) {
            for i in 0..m.rows() {
                if let Some(person) = m.text(i, "person") {
                    // A turn's mention has a speaker, named or not; the
                    // note's own text has none.
                    let speaker = m.int(i, "turn").map(|_| speaker_name(m.text(i, "speaker")));
                    *self
                        .mentions
                        .entry((speaker, person.to_string()))
                        .or_default() += 1;
                }
            }
        }
        if let (Some(t), Some(date)) = (View::of(batches, &schema::TOPICS), &date) {
            for i in 0..t.rows() {
                let topic = t.text(i, "topic").unwrap_or("");
                *self
                    .topic_days
                    .entry((topic.to_string(), date.clone()))
                    .or_default() += 1;
            }
        }
        if let Some(d) = View::of(batches, &schema::DECISIONS) {
            self.decisions += d.rows();
        }
        let speakers = View::of(batches, &schema::SPEAKERS);
        if let Some(s) = &speakers {
            self.talk += (0..s.rows())
                .filter_map(|i| s.secs(i, "talk_s"))
                .sum::<i64>();
        }
        if turns == 0 {
            return;
        }
        match &date {
            Some(d) => *self.days.entry(d.clone()).or_default() += 1,
            None => self.undated += 1,
        }
        let row = MeetingRow {
            doc_id: doc.text(0, "doc_id").unwrap_or("").to_string(),
            date: date.clone(),
            title: doc.text(0, "title").unwrap_or("").to_string(),
            format: doc.text(0, "format").unwrap_or("").to_string(),
            duration: doc.secs(0, "duration_s"),
            speakers: doc.int(0, "speakers").unwrap_or(0),
            turns,
            words: doc.int(0, "words").unwrap_or(0),
            interactivity: doc.float(0, "interactivity"),
            silence: doc.float(0, "silence_share"),
        };
        let rank = (
            date.is_some(),
            date.clone().unwrap_or_default(),
            row.doc_id.clone(),
        );
        self.meetings.push(row.clone());
        // Only the latest meetings keep their turns: the rest never
        // enter, or leave when a later one comes.
        if self.detailed.len() >= DETAILED
            && self
                .detailed
                .first_key_value()
                .is_some_and(|(k, _)| *k >= rank)
        {
            return;
        }
        let meeting = Meeting {
            switches: doc.int(0, "switches").unwrap_or(0),
            speakers: speakers.map_or_else(Vec::new, |s| speaker_rows(&s)),
            strokes: Vec::new(),
            quotes: Vec::new(),
            row,
        };
        let meeting = match View::of(batches, &schema::TURNS) {
            Some(t) => with_turns(meeting, &t),
            None => meeting,
        };
        self.detailed.insert(rank, meeting);
        if self.detailed.len() > DETAILED {
            self.detailed.pop_first();
        }
    }

    /// Takes rows of `diagnostics`.
    pub fn add_diagnostics(&mut self, batch: &Batch) {
        let d = View { batch };
        for i in 0..d.rows() {
            let severity = d.text(i, "severity").unwrap_or("");
            *self.severities.entry(severity.to_string()).or_default() += 1;
            if severity != "info" {
                let code = d.text(i, "code").unwrap_or("");
                *self.codes.entry(code.to_string()).or_default() += 1;
            }
        }
    }

    /// Takes rows of a corpus table (`speaker_totals`, `speaker_topics`,
    /// `topic_totals`, `person_actions`, `actions`); others are ignored.
    pub fn add_corpus(&mut self, batch: &Batch) {
        let v = View { batch };
        let name = batch.table.name;
        for i in 0..v.rows() {
            let text = |c: &str| v.text(i, c).map(str::to_string);
            if name == schema::SPEAKER_TOTALS.name {
                self.speaker_totals.push((
                    speaker_name(v.text(i, "speaker")),
                    v.float(i, "talk_share"),
                    v.secs(i, "talk_s"),
                    v.int(i, "turns").unwrap_or(0),
                ));
            } else if name == schema::SPEAKER_TOPICS.name {
                self.speaker_topics.push((
                    speaker_name(v.text(i, "speaker")),
                    text("topic").unwrap_or_default(),
                    v.int(i, "turns").unwrap_or(0),
                    v.secs(i, "talk_s"),
                ));
            } else if name == schema::TOPIC_TOTALS.name {
                self.topic_totals.push(TopicRow {
                    name: text("topic").unwrap_or_default(),
                    documents: v.int(i, "documents").unwrap_or(0),
                    turns: v.int(i, "turns").unwrap_or(0),
                    talk: v.secs(i, "talk_s"),
                    raised_by: text("raised_by"),
                });
            } else if name == schema::PERSON_ACTIONS.name {
                self.person_actions.push(OwnerRow {
                    person: text("person"),
                    items: v.int(i, "items").unwrap_or(0),
                    open: v.int(i, "open").unwrap_or(0),
                    in_progress: v.int(i, "in_progress").unwrap_or(0),
                    done: v.int(i, "done").unwrap_or(0),
                    documents: v.int(i, "documents").unwrap_or(0),
                    next_due: text("next_due"),
                });
            } else if name == schema::ACTIONS.name {
                if !matches!(v.text(i, "status"), Some("open" | "in-progress")) {
                    continue;
                }
                let owner = text("owner").unwrap_or_default();
                let due = text("due");
                let item = Owed {
                    due: (due.is_none(), due.unwrap_or_default()),
                    doc_id: text("doc_id").unwrap_or_default(),
                    line: v.int(i, "line").unwrap_or(0),
                    text: text("text").unwrap_or_default(),
                };
                let list = self.owed.entry(owner).or_default();
                let at = list.partition_point(|o| *o <= item);
                if at < OWED {
                    list.insert(at, item);
                    list.truncate(OWED);
                }
            }
        }
    }

    /// The page.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(1 << 20);
        out.push_str(HEAD);
        let _ = write!(
            out,
            "<header><h1>saidwhat report</h1><p class=\"sub\">{files} files, {meetings} meetings, {turns} turns, {talk} of talk</p>\
             <nav><a href=\"#overview\">Overview</a> · <a href=\"#people\">People</a> · \
             <a href=\"#topics\">Topics</a> · <a href=\"#owes\">Who owes what</a> · \
             <a href=\"#meetings\">Meetings</a></nav></header><main>",
            files = thousands(self.files),
            meetings = thousands(self.meetings.len()),
            turns = thousands(self.turns as usize),
            talk = hms(self.talk),
        );
        self.overview(&mut out);
        self.people(&mut out);
        self.topics(&mut out);
        self.owes(&mut out);
        self.meetings(&mut out);
        out.push_str("</main></body></html>\n");
        out
    }

    fn overview(&self, out: &mut String) {
        out.push_str("<section id=\"overview\"><h2>Overview</h2>");
        tiles(
            out,
            [
                ("files", thousands(self.files)),
                ("meetings", thousands(self.meetings.len())),
                ("turns", thousands(self.turns as usize)),
                ("words", thousands(self.words as usize)),
                ("talk time", hms(self.talk)),
                ("decisions", thousands(self.decisions)),
            ],
        );
        let count_bars = |map: &BTreeMap<String, usize>| -> Vec<Bar> {
            let mut v: Vec<(&String, &usize)> = map.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.into_iter()
                .map(|(k, n)| Bar {
                    label: k.clone(),
                    value: *n as f64,
                    shown: thousands(*n),
                    more: String::new(),
                })
                .collect()
        };
        // A bar chart of counts, with its table.
        let counts = |id: &str, caption: &str, desc: &str, header: &[&str], bars: &[Bar]| {
            svg::bars(
                &Figure {
                    id,
                    caption,
                    desc,
                    header,
                    rows: bars
                        .iter()
                        .map(|b| vec![cell(&b.label), cell(&b.shown)])
                        .collect(),
                },
                id,
                bars,
            )
        };
        out.push_str(&counts(
            "kinds",
            "Files by kind",
            "How many input files are transcripts, notes, person notes, or could not be processed.",
            &["kind", "files"],
            &count_bars(&self.kinds),
        ));
        let formats = count_bars(&self.formats);
        if !formats.is_empty() {
            out.push_str(&counts(
                "formats",
                "Transcripts by format",
                "How many documents have turns in each transcript format.",
                &["format", "documents"],
                &formats,
            ));
        }
        let periods = per_period(&self.days);
        if !periods.is_empty() {
            let unit = if periods.first().is_some_and(|(p, _)| p.contains('W')) {
                "week"
            } else {
                "month"
            };
            let caption = format!("Meetings per {unit}");
            let desc = format!(
                "How many meetings (documents with turns) there are each {unit}, from the first to the last date; {} meetings have no date.",
                self.undated
            );
            out.push_str(&svg::columns(
                &Figure {
                    id: "over-time",
                    caption: &caption,
                    desc: &desc,
                    header: &[unit, "meetings"],
                    rows: periods
                        .iter()
                        .map(|(p, n)| vec![cell(p), n.to_string()])
                        .collect(),
                },
                "meetings",
                &periods
                    .iter()
                    .map(|(p, n)| (p.clone(), *n as f64))
                    .collect::<Vec<_>>(),
            ));
        }
        // Diagnostics and repairs.
        let n = |s: &str| self.severities.get(s).copied().unwrap_or(0);
        let _ = write!(
            out,
            "<h3>Diagnostics</h3><p>{} files could not be processed; {} warnings (parts not understood); {} notes for information (entries skipped and the like). Every one is a row of diagnostics.csv.</p>",
            thousands(n("error")),
            thousands(n("warning")),
            thousands(n("info")),
        );
        let mut codes = count_bars(&self.codes);
        let more = codes.len().saturating_sub(TOP);
        codes.truncate(TOP);
        if !codes.is_empty() {
            out.push_str(&counts(
                "codes",
                "Warnings and errors by code",
                "The most frequent codes of diagnostics.csv that are warnings or errors (info left out).",
                &["code", "findings"],
                &codes,
            ));
            cut_note(out, more, "codes");
        }
        let _ = write!(
            out,
            "<h3>Repairs</h3><p>{} documents had mojibake repaired: {} changes.</p>",
            thousands(self.repaired),
            thousands(self.repairs as usize)
        );
        if !self.codecs.is_empty() {
            let rows: Vec<Vec<String>> = self
                .codecs
                .iter()
                .map(|(c, n)| vec![cell(c), thousands(*n as usize)])
                .collect();
            out.push_str(&svg::table(&["misread as", "changes"], &rows, false));
        }
        out.push_str("</section>");
    }

    fn people(&self, out: &mut String) {
        out.push_str("<section id=\"people\"><h2>People</h2>");
        // Talk share across the corpus.
        let mut talkers: Vec<&(String, Option<f64>, Option<i64>, i64)> =
            self.speaker_totals.iter().collect();
        talkers.sort_by(|a, b| {
            b.1.unwrap_or(0.0)
                .total_cmp(&a.1.unwrap_or(0.0))
                .then(a.0.cmp(&b.0))
        });
        let more = talkers.len().saturating_sub(TOP);
        let bars: Vec<Bar> = talkers
            .iter()
            .take(TOP)
            .map(|(name, share, talk, turns)| Bar {
                label: name.clone(),
                value: share.unwrap_or(0.0),
                shown: percent(*share),
                more: format!(
                    "{} turns, {} of talk",
                    thousands(*turns as usize),
                    talk.map_or("no times".into(), hms)
                ),
            })
            .collect();
        if !bars.is_empty() {
            out.push_str(&svg::bars(
                &Figure {
                    id: "talk-share",
                    caption: "Talk share by speaker, over all meetings",
                    desc: "Each speaker's share of all talk time (of all words where there are no times), from speaker_totals.csv.",
                    header: &["speaker", "talk share", "talk time", "turns"],
                    rows: talkers
                        .iter()
                        .take(TOP)
                        .map(|(n, s, t, turns)| {
                            vec![cell(n), percent(*s), t.map_or(String::new(), hms), turns.to_string()]
                        })
                        .collect(),
                },
                "talk-share",
                &bars,
            ));
            cut_note(out, more, "speakers");
        }
        // Who mentions whom.
        let mut by_person: BTreeMap<&str, (u32, BTreeMap<&str, u32>)> = BTreeMap::new();
        let mut by_speaker: BTreeMap<&str, u32> = BTreeMap::new();
        for ((speaker, person), n) in &self.mentions {
            let p = by_person.entry(person.as_str()).or_default();
            p.0 += n;
            let who = speaker.as_deref().unwrap_or("(notes)");
            *p.1.entry(who).or_default() += n;
            if let Some(s) = speaker.as_deref().filter(|s| s != person) {
                *by_speaker.entry(s).or_default() += n;
            }
        }
        let mut people: Vec<(&str, u32)> = by_person.iter().map(|(p, (n, _))| (*p, *n)).collect();
        people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut speakers: Vec<(&str, u32)> = by_speaker.into_iter().collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let rows: Vec<String> = speakers
            .iter()
            .take(MATRIX)
            .map(|(s, _)| s.to_string())
            .collect();
        let cols: Vec<String> = people
            .iter()
            .take(MATRIX)
            .map(|(p, _)| p.to_string())
            .collect();
        if !rows.is_empty() && !cols.is_empty() {
            let count = |r: usize, c: usize| -> Option<f64> {
                if rows[r] == cols[c] {
                    return None;
                }
                self.mentions
                    .get(&(Some(rows[r].clone()), cols[c].clone()))
                    .map(|n| f64::from(*n))
            };
            let table = cells_table(&rows, &cols, count, |n| (n as u32).to_string());
            out.push_str(&svg::heatmap(
                &Figure {
                    id: "who-mentions-whom",
                    caption: "Who mentions whom",
                    desc: "Mentions of a person (columns) in the turns of a speaker (rows), for the speakers and people with the most mentions; a person mentioning themself is left out.",
                    header: &["speaker", "mentions", "times"],
                    rows: table,
                },
                "mentions",
                &rows,
                &cols,
                ("speaker ↓", "mentions of →"),
                count,
                |v| format!("{} mentions", v as u32),
            ));
            cut_note(
                out,
                speakers
                    .len()
                    .saturating_sub(MATRIX)
                    .max(people.len().saturating_sub(MATRIX)),
                "speakers or people",
            );
        }
        let mentioned: Vec<Bar> = people
            .iter()
            .take(TOP)
            .map(|(p, n)| {
                let mut who: Vec<(&&str, &u32)> = by_person[p].1.iter().collect();
                who.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                Bar {
                    label: p.to_string(),
                    value: f64::from(*n),
                    shown: thousands(*n as usize),
                    more: who
                        .iter()
                        .take(3)
                        .map(|(w, k)| format!("{w} {k}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            })
            .collect();
        if !mentioned.is_empty() {
            out.push_str(&svg::bars(
                &Figure {
                    id: "mentioned",
                    caption: "People mentioned most, and by whom",
                    desc: "Resolved mentions of each person in turns and notes; the tooltip and the table name who mentions them most.",
                    header: &["person", "mentions", "mentioned most by"],
                    rows: mentioned
                        .iter()
                        .map(|b| vec![cell(&b.label), cell(&b.shown), cell(&b.more)])
                        .collect(),
                },
                "mentioned",
                &mentioned,
            ));
        }
        out.push_str("</section>");
    }

    fn topics(&self, out: &mut String) {
        out.push_str("<section id=\"topics\"><h2>Topics</h2>");
        if self.topic_totals.is_empty() {
            out.push_str("<p>No topics: run with <code>--topics FILE</code> (a taxonomy) or <code>--vault-topics</code>.</p></section>");
            return;
        }
        let mut topics: Vec<&TopicRow> = self.topic_totals.iter().collect();
        topics.sort_by(|a, b| b.turns.cmp(&a.turns).then(a.name.cmp(&b.name)));
        let names: Vec<String> = topics.iter().take(MATRIX).map(|t| t.name.clone()).collect();
        let mut talk: BTreeMap<&str, i64> = BTreeMap::new();
        for (s, _, turns, _) in &self.speaker_topics {
            *talk.entry(s.as_str()).or_default() += turns;
        }
        let mut speakers: Vec<(&str, i64)> = talk.into_iter().collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let rows: Vec<String> = speakers
            .iter()
            .take(MATRIX)
            .map(|(s, _)| s.to_string())
            .collect();
        let pairs: HashMap<(&str, &str), i64> = self
            .speaker_topics
            .iter()
            .map(|(s, t, n, _)| ((s.as_str(), t.as_str()), *n))
            .collect();
        let turns = |r: usize, c: usize| -> Option<f64> {
            pairs
                .get(&(rows[r].as_str(), names[c].as_str()))
                .map(|n| *n as f64)
        };
        let table = cells_table(&rows, &names, turns, |n| (n as i64).to_string());
        out.push_str(&svg::heatmap(
            &Figure {
                id: "speaker-topic",
                caption: "Speaker × topic, in turns",
                desc: "How many turns each speaker (rows) spent on each topic (columns), from speaker_topics.csv; shades are turns.",
                header: &["speaker", "topic", "turns"],
                rows: table,
            },
            "speaker-topic",
            &rows,
            &names,
            ("speaker ↓", "topic →"),
            turns,
            |v| format!("{} turns", v as i64),
        ));
        // Topics over time: documents about each topic per period.
        let mut by_topic: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        for ((topic, day), n) in &self.topic_days {
            *by_topic
                .entry(topic.as_str())
                .or_default()
                .entry(day.clone())
                .or_default() += *n as usize;
        }
        let all_days: BTreeMap<String, usize> = self
            .topic_days
            .keys()
            .map(|(_, d)| (d.clone(), 1))
            .collect();
        let periods: Vec<String> = per_period(&all_days).into_iter().map(|(p, _)| p).collect();
        if !periods.is_empty() {
            let index: HashMap<&str, usize> = periods
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_str(), i))
                .collect();
            let mut grid: HashMap<(usize, usize), f64> = HashMap::new();
            for (r, t) in names.iter().enumerate() {
                for (day, n) in by_topic.get(t.as_str()).into_iter().flatten() {
                    if let Some(&c) = index.get(period_of(day, periods[0].contains('W')).as_str()) {
                        *grid.entry((r, c)).or_default() += *n as f64;
                    }
                }
            }
            let table = cells_table(
                &names,
                &periods,
                |r, c| grid.get(&(r, c)).copied(),
                |n| (n as u32).to_string(),
            );
            out.push_str(&svg::heatmap(
                &Figure {
                    id: "topics-over-time",
                    caption: "Topics over time, in documents",
                    desc: "How many dated documents talk about each topic (rows) in each period (columns).",
                    header: &["topic", "period", "documents"],
                    rows: table,
                },
                "topics-time",
                &names,
                &periods,
                ("topic ↓", "period →"),
                |r, c| grid.get(&(r, c)).copied(),
                |v| format!("{} documents", v as u32),
            ));
        }
        let rows: Vec<Vec<String>> = topics
            .iter()
            .map(|t| {
                vec![
                    cell(&t.name),
                    t.documents.to_string(),
                    t.turns.to_string(),
                    t.talk.map_or(String::new(), hms),
                    cell(t.raised_by.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        out.push_str("<h3>Every topic</h3>");
        out.push_str(&svg::table(
            &["topic", "documents", "turns", "talk", "raised first by"],
            &rows,
            false,
        ));
        out.push_str("</section>");
    }

    fn owes(&self, out: &mut String) {
        out.push_str("<section id=\"owes\"><h2>Who owes what</h2>");
        if self.person_actions.is_empty() {
            out.push_str("<p>No action items in the notes.</p></section>");
            return;
        }
        let mut people: Vec<_> = self.person_actions.iter().collect();
        people.sort_by(|a, b| {
            (b.open + b.in_progress)
                .cmp(&(a.open + a.in_progress))
                .then(a.person.cmp(&b.person))
        });
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|o| {
                vec![
                    cell(o.person.as_deref().unwrap_or("(nobody named)")),
                    o.open.to_string(),
                    o.in_progress.to_string(),
                    o.done.to_string(),
                    o.items.to_string(),
                    o.documents.to_string(),
                    cell(o.next_due.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        out.push_str(&svg::table(
            &[
                "owner",
                "open",
                "in progress",
                "done",
                "items",
                "documents",
                "next due",
            ],
            &rows,
            false,
        ));
        // Each owner's open items, in the table's order.
        for o in &people {
            let owner = o.person.as_deref().unwrap_or("");
            let Some(items) = self.owed.get(owner) else {
                continue;
            };
            let _ = write!(
                out,
                "<h3>{}</h3><ul class=\"owed\">",
                esc(if owner.is_empty() {
                    "(nobody named)"
                } else {
                    owner
                })
            );
            for o in items {
                let due = if o.due.0 {
                    String::new()
                } else {
                    format!("<b>due {}</b> · ", esc(&o.due.1))
                };
                let _ = write!(
                    out,
                    "<li>{due}{} <span class=\"where\">{}:{}</span></li>",
                    esc(&o.text),
                    esc(&o.doc_id),
                    o.line
                );
            }
            out.push_str("</ul>");
            let more = usize::try_from(o.open + o.in_progress)
                .unwrap_or(0)
                .saturating_sub(items.len());
            if more > 0 {
                let _ = write!(
                    out,
                    "<p class=\"cut\">And {} more open items (actions.csv has them all).</p>",
                    thousands(more)
                );
            }
        }
        out.push_str("</section>");
    }

    fn meetings(&self, out: &mut String) {
        out.push_str("<section id=\"meetings\"><h2>Meetings</h2>");
        let mut list: Vec<&MeetingRow> = self.meetings.iter().collect();
        list.sort_by(|a, b| {
            (b.date.is_some(), &b.date, &b.doc_id).cmp(&(a.date.is_some(), &a.date, &a.doc_id))
        });
        let anchors: HashMap<&str, usize> = self
            .detailed
            .values()
            .rev()
            .enumerate()
            .map(|(i, m)| (m.row.doc_id.as_str(), i + 1))
            .collect();
        let _ = write!(
            out,
            "<p>{} meetings, the latest first; the latest {} have a section of their own{}.</p>",
            thousands(list.len()),
            self.detailed.len(),
            if list.len() > LISTED {
                format!(" (the list shows the latest {})", thousands(LISTED))
            } else {
                String::new()
            }
        );
        let rows: Vec<Vec<String>> = list
            .iter()
            .take(LISTED)
            .map(|m| {
                let title = match anchors.get(m.doc_id.as_str()) {
                    Some(i) => format!("<a href=\"#m{i}\">{}</a>", esc(&m.title)),
                    None => esc(&m.title),
                };
                vec![
                    cell(m.date.as_deref().unwrap_or("")),
                    title,
                    cell(&m.format),
                    m.duration.map_or(String::new(), hms),
                    m.speakers.to_string(),
                    m.turns.to_string(),
                    m.interactivity.map_or(String::new(), |x| format!("{x:.1}")),
                ]
            })
            .collect();
        out.push_str(&svg::table(
            &[
                "date",
                "title",
                "format",
                "duration",
                "speakers",
                "turns",
                "switches / min",
            ],
            &rows,
            false,
        ));
        out.push_str("</section>");
        for (i, m) in self.detailed.values().rev().enumerate() {
            meeting(out, i + 1, m);
        }
    }
}

/// Writes `DIR/report.html` from the CSV tables of a finished run in
/// `DIR` (through a temporary file, renamed into place). Returns its path
/// and size.
pub fn write_from(dir: &Path) -> io::Result<(PathBuf, usize)> {
    let Some(mut docs) = TableReader::open(dir, &schema::DOCUMENTS)? else {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{}: no documents.csv: the report is made from the CSV tables of a run (--format csv)",
                dir.display()
            ),
        ));
    };
    let mut report = Report::default();
    let mut each: Vec<TableReader> = Vec::new();
    for table in [
        &schema::TURNS,
        &schema::MENTIONS,
        &schema::SPEAKERS,
        &schema::TOPICS,
        &schema::REPAIRS,
        &schema::DECISIONS,
    ] {
        each.extend(TableReader::open(dir, table)?);
    }
    while let Some(doc) = docs.chunk(1)? {
        let id = match doc.cell(0, 0) {
            Cell::Text(id) => id.to_string(),
            _ => String::new(),
        };
        let mut batches = vec![doc];
        for t in &mut each {
            batches.push(t.rows_of(&id)?);
        }
        report.add_document(&batches);
    }
    // The tables are in one order; rows left over are of documents the
    // documents table does not have in that order: say so, not less.
    for t in &mut each {
        if let Some(rest) = t.chunk(1)? {
            let id = match rest.cell(0, 0) {
                Cell::Text(id) => id.to_string(),
                _ => String::new(),
            };
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: rows of {id:?} out of step with documents.csv (the tables of one run are in one doc_id order)",
                    dir.join(rest.table.csv_name()).display()
                ),
            ));
        }
    }
    if let Some(mut d) = TableReader::open(dir, &schema::DIAGNOSTICS)? {
        while let Some(b) = d.chunk(1 << 14)? {
            report.add_diagnostics(&b);
        }
    }
    for table in [
        &schema::SPEAKER_TOTALS,
        &schema::SPEAKER_TOPICS,
        &schema::TOPIC_TOTALS,
        &schema::PERSON_ACTIONS,
        &schema::ACTIONS,
    ] {
        if let Some(mut t) = TableReader::open(dir, table)? {
            while let Some(b) = t.chunk(1 << 14)? {
                report.add_corpus(&b);
            }
        }
    }
    let html = report.render();
    let path = dir.join(schema::REPORT);
    let temp = dir.join(format!(".{}.tmp", schema::REPORT));
    let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", temp.display()));
    std::fs::write(&temp, &html).map_err(named)?;
    std::fs::rename(&temp, &path).map_err(named)?;
    Ok((path, html.len()))
}

fn speaker_rows(s: &View<'_>) -> Vec<SpeakerRow> {
    (0..s.rows())
        .map(|i| SpeakerRow {
            name: speaker_name(s.text(i, "speaker")),
            turns: s.int(i, "turns").unwrap_or(0),
            words: s.int(i, "words").unwrap_or(0),
            talk: s.secs(i, "talk_s"),
            share: s.float(i, "talk_share"),
            wpm: s.float(i, "words_per_min"),
            longest_monologue: s.secs(i, "longest_monologue_s"),
            patience: s.secs(i, "patience_s"),
            overlaps: s.int(i, "overlaps"),
            interrupted: s.int(i, "interruptions_received"),
            questions: s.int(i, "questions").unwrap_or(0),
        })
        .collect()
}

/// A meeting's timeline strokes and quotes, from its turns.
fn with_turns(mut m: Meeting, t: &View<'_>) -> Meeting {
    let lane: HashMap<&str, usize> = m
        .speakers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    for i in 0..t.rows() {
        let speaker = speaker_name(t.text(i, "speaker"));
        let topics: Vec<String> = t
            .list(i, "topics")
            .into_iter()
            .map(str::to_string)
            .collect();
        let start = t.secs(i, "start_s");
        // Only talk has a lane (speakers.csv leaves noise and chat out).
        if let (Some(&l), Some(start)) = (lane.get(speaker.as_str()), start) {
            m.strokes.push(Stroke {
                speaker: l,
                start,
                end: t.secs(i, "end_s"),
                topics: topics.clone(),
            });
        }
        if !topics.is_empty() && m.quotes.len() < QUOTES {
            m.quotes.push(Quote {
                turn: t.int(i, "turn").unwrap_or(0),
                start,
                speaker,
                topics,
                text: cut(t.text(i, "text").unwrap_or(""), 280),
            });
        }
    }
    m
}

/// One meeting's section: its numbers, talk shares, timeline and quotes.
fn meeting(out: &mut String, i: usize, m: &Meeting) {
    let r = &m.row;
    let _ = write!(
        out,
        "<section class=\"meeting\" id=\"m{i}\"><h2>{title}</h2><p class=\"sub\">{date} · {doc} · {format}</p>",
        title = esc(&r.title),
        date = esc(r.date.as_deref().unwrap_or("no date")),
        doc = esc(&r.doc_id),
        format = esc(&r.format),
    );
    tiles(
        out,
        [
            ("duration", r.duration.map_or("no times".into(), hms)),
            ("speakers", r.speakers.to_string()),
            ("turns", r.turns.to_string()),
            ("words", thousands(r.words as usize)),
            ("switches", m.switches.to_string()),
            (
                "switches / min",
                r.interactivity.map_or("—".into(), |x| format!("{x:.1}")),
            ),
            (
                "silence",
                r.silence.map_or("—".into(), |s| percent(Some(s))),
            ),
        ],
    );
    let id = format!("m{i}-share");
    let bars: Vec<Bar> = m
        .speakers
        .iter()
        .map(|s| Bar {
            label: s.name.clone(),
            value: s.share.unwrap_or(0.0),
            shown: percent(s.share),
            more: format!("{} turns, {} words", s.turns, s.words),
        })
        .collect();
    let rows: Vec<Vec<String>> = m
        .speakers
        .iter()
        .map(|s| {
            vec![
                cell(&s.name),
                percent(s.share),
                s.talk.map_or(String::new(), hms),
                s.turns.to_string(),
                s.words.to_string(),
                s.wpm.map_or(String::new(), |w| format!("{w:.0}")),
                s.longest_monologue.map_or(String::new(), hms),
                s.patience
                    .map_or(String::new(), |p| format!("{:.2} s", p as f64 / 100.0)),
                s.overlaps.map_or(String::new(), |n| n.to_string()),
                s.interrupted.map_or(String::new(), |n| n.to_string()),
                s.questions.to_string(),
            ]
        })
        .collect();
    out.push_str(&svg::bars(
        &Figure {
            id: &id,
            caption: "Talk share",
            desc: "Each speaker's share of this meeting's talk time (of its words where there are no times), from speakers.csv, with the other metrics in the table.",
            header: &[
                "speaker", "share", "talk", "turns", "words", "words / min", "longest monologue",
                "patience", "overlaps", "interrupted", "questions",
            ],
            rows,
        },
        "meeting-share",
        &bars,
    ));
    timeline(out, i, m);
    if !m.quotes.is_empty() {
        out.push_str("<h3>Turns about topics</h3><ul class=\"quotes\">");
        for q in &m.quotes {
            let _ = write!(
                out,
                "<li><span class=\"when\">{when}</span> <b>{who}</b> <span class=\"topic\">{topics}</span><br>{text}</li>",
                when = q.start.map_or(format!("turn {}", q.turn), hms),
                who = esc(&q.speaker),
                topics = esc(&q.topics.join(", ")),
                text = esc(&q.text),
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

/// A lane per speaker, a bar per timed turn, and a mark above for each
/// turn about a topic.
fn timeline(out: &mut String, i: usize, m: &Meeting) {
    if m.strokes.is_empty() {
        out.push_str("<p>No timeline: the turns have no times.</p>");
        return;
    }
    let first = m.strokes.iter().map(|s| s.start).min().unwrap_or(0);
    let last = m
        .strokes
        .iter()
        .map(|s| s.end.unwrap_or(s.start))
        .max()
        .unwrap_or(first)
        .max(first + 1);
    let (left, width, lane_h, top) = (170.0, 640.0, 22.0, 28.0);
    let x = |t: i64| left + (t - first) as f64 / (last - first) as f64 * width;
    let mut body = String::new();
    let _ = write!(
        body,
        "<text x=\"{lx}\" y=\"16\" class=\"label\" text-anchor=\"end\">topics</text>",
        lx = left - 6.0
    );
    for (l, s) in m.speakers.iter().enumerate() {
        let y = top + l as f64 * lane_h;
        let _ = write!(
            body,
            "<text x=\"{lx}\" y=\"{ty:.1}\" class=\"label\" text-anchor=\"end\">{n}</text>\
             <line x1=\"{left}\" y1=\"{ly:.1}\" x2=\"{r}\" y2=\"{ly:.1}\" class=\"lane\"/>",
            lx = left - 6.0,
            ty = y + 14.0,
            n = esc(&cut(&s.name, 24)),
            ly = y + lane_h - 1.0,
            r = left + width,
        );
    }
    for s in &m.strokes {
        let y = top + s.speaker as f64 * lane_h + 3.0;
        // A turn without an end (the last of a format that gives only
        // starts) is a short mark where it starts.
        let w = match s.end {
            Some(end) => (x(end) - x(s.start)).max(1.0),
            None => 3.0,
        };
        let name = &m.speakers[s.speaker].name;
        let _ = write!(
            body,
            "<rect class=\"turn\" x=\"{x:.2}\" y=\"{y:.1}\" width=\"{w:.2}\" height=\"{h}\" fill=\"{fill}\">\
             <title>{who} {from}–{to}</title></rect>",
            x = x(s.start),
            h = lane_h - 6.0,
            fill = svg::PALETTE[s.speaker % svg::PALETTE.len()],
            who = esc(name),
            from = hms(s.start),
            to = s.end.map_or("?".into(), hms),
        );
        if !s.topics.is_empty() {
            let _ = write!(
                body,
                "<path class=\"topic-mark\" d=\"M{x:.2} 8 l4 8 l-8 0 z\"><title>{when} {who}: {topics}</title></path>",
                x = x(s.start),
                when = hms(s.start),
                who = esc(name),
                topics = esc(&s.topics.join(", ")),
            );
        }
    }
    let axis_y = top + m.speakers.len() as f64 * lane_h + 14.0;
    for q in 0..=4 {
        let t = first + (last - first) * q / 4;
        let anchor = match q {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        let _ = write!(
            body,
            "<text x=\"{x:.1}\" y=\"{axis_y:.1}\" class=\"tick\" text-anchor=\"{anchor}\">{t}</text>",
            x = x(t),
            t = hms(t),
        );
    }
    let id = format!("m{i}-timeline");
    let mut per_lane = vec![0usize; m.speakers.len()];
    for s in &m.strokes {
        per_lane[s.speaker] += 1;
    }
    let fig = Figure {
        id: &id,
        caption: "Timeline",
        desc: "A lane per speaker and a bar per turn, from the first turn to the last; a triangle above marks each turn about a topic.",
        header: &["speaker", "turns drawn"],
        rows: m
            .speakers
            .iter()
            .zip(&per_lane)
            .map(|(s, n)| vec![cell(&s.name), n.to_string()])
            .collect(),
    };
    out.push_str(&fig.render((left + width + 20.0) as u32, (axis_y + 10.0) as u32, &body));
}

/// `YYYY-MM-DD` → its ISO week (`2024-W10`) or month (`2024-03`).
fn period_of(day: &str, weekly: bool) -> String {
    if !weekly {
        return day.get(..7).unwrap_or(day).to_string();
    }
    let Some((y, m, d)) = ymd(day) else {
        return day.to_string();
    };
    let (wy, w) = iso_week(y, m, d);
    format!("{wy}-W{w:02}")
}

fn ymd(day: &str) -> Option<(i64, i64, i64)> {
    let y = day.get(0..4)?.parse().ok()?;
    let m = day.get(5..7)?.parse().ok()?;
    let d = day.get(8..10)?.parse().ok()?;
    Some((y, m, d))
}

fn days(y: i64, m: i64, d: i64) -> i64 {
    crate::model::days_from_civil(y, m, d)
}

/// The ISO year and week of a date.
fn iso_week(y: i64, m: i64, d: i64) -> (i64, i64) {
    let n = days(y, m, d);
    // 1970-01-01 was a Thursday: weekday 1 (Monday) to 7.
    let weekday = (n + 3).rem_euclid(7) + 1;
    let thursday = n - weekday + 4;
    // The week's Thursday decides its year.
    let mut year = y + 1;
    while days(year, 1, 1) > thursday {
        year -= 1;
    }
    (year, (thursday - days(year, 1, 1)) / 7 + 1)
}

/// Counts per period from the first to the last date (empty periods
/// included): weekly over up to three years, monthly beyond.
fn per_period(days_count: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let (Some((first, _)), Some((last, _))) =
        (days_count.first_key_value(), days_count.last_key_value())
    else {
        return Vec::new();
    };
    let (Some(a), Some(b)) = (ymd(first), ymd(last)) else {
        return Vec::new();
    };
    let span = days(b.0, b.1, b.2) - days(a.0, a.1, a.2);
    let weekly = span <= 3 * 366;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    // Every period in the range, so that gaps show.
    if weekly {
        let mut n = days(a.0, a.1, a.2);
        let end = days(b.0, b.1, b.2);
        while n <= end {
            let (y, m, d) = civil(n);
            counts
                .entry(period_of(&format!("{y:04}-{m:02}-{d:02}"), true))
                .or_default();
            n += 7;
        }
        counts.entry(period_of(last, true)).or_default();
    } else {
        let (mut y, mut m) = (a.0, a.1);
        while (y, m) <= (b.0, b.1) {
            counts.entry(format!("{y:04}-{m:02}")).or_default();
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    for (day, n) in days_count {
        if let Some(c) = counts.get_mut(&period_of(day, weekly)) {
            *c += n;
        }
    }
    counts.into_iter().collect()
}

fn civil(n: i64) -> (i64, i64, i64) {
    crate::model::civil_from_days(n)
}

/// Centiseconds as `h:mm:ss` (`m:ss` under an hour).
fn hms(cs: i64) -> String {
    let s = cs.max(0) / 100;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn percent(share: Option<f64>) -> String {
    share.map_or(String::new(), |s| format!("{:.1}%", s * 100.0))
}

fn thousands(n: usize) -> String {
    crate::model::thousands(n)
}

/// A row of numbers in boxes: (label, value).
fn tiles<const N: usize>(out: &mut String, tiles: [(&str, String); N]) {
    out.push_str("<div class=\"tiles\">");
    for (label, value) in tiles {
        let _ = write!(
            out,
            "<div class=\"tile\"><span class=\"n\">{}</span> {}</div>",
            esc(&value),
            esc(label)
        );
    }
    out.push_str("</div>");
}

/// How the report names a speaker: a turn nobody is named for is an
/// `(unnamed speaker)`, not a blank.
fn speaker_name(name: Option<&str>) -> String {
    name.unwrap_or("(unnamed speaker)").to_string()
}

/// The table of a matrix's numbers: a row per cell that has one.
fn cells_table(
    rows: &[String],
    cols: &[String],
    value: impl Fn(usize, usize) -> Option<f64>,
    shown: impl Fn(f64) -> String,
) -> Vec<Vec<String>> {
    let mut table = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, col) in cols.iter().enumerate() {
            if let Some(v) = value(r, c) {
                table.push(vec![cell(row), cell(col), shown(v)]);
            }
        }
    }
    table
}

/// Says how many entries a chart left out.
fn cut_note(out: &mut String, more: usize, what: &str) {
    if more > 0 {
        let _ = write!(
            out,
            "<p class=\"cut\">And {} more {what}, left out of the chart (the tables have them all).</p>",
            thousands(more)
        );
    }
}

const HEAD: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>saidwhat report</title><style>\
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0}\
header{padding:1.2rem 2rem;border-bottom:1px solid #ccc}main{padding:0 2rem 3rem;max-width:1100px}\
h1{margin:0;font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}\
.sub{color:#444;margin:.2rem 0}nav a{color:#0b4f8a}a{color:#0b4f8a}\
.tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}\
.tile{border:1px solid #bbb;border-radius:6px;padding:.4rem .8rem;color:#333}.tile .n{font-size:1.25rem;font-weight:600;color:#1a1a1a}\
figure{margin:1.2rem 0}figcaption{font-weight:600;margin-bottom:.3rem}\
svg.chart{max-width:100%;height:auto;font-size:12px}svg .label{fill:#1a1a1a}svg .value,svg .tick{fill:#333;font-size:11px}\
svg .axis,svg .lane{stroke:#bbb}svg .axis-title{fill:#444;font-size:11px;font-style:italic}svg .topic-mark{fill:#D55E00}\
details{margin:.3rem 0 1rem}summary{cursor:pointer;color:#0b4f8a}\
table{border-collapse:collapse;margin:.4rem 0;font-size:13px}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}\
th{background:#f1f4f8}.cut{color:#444;font-size:13px}\
ul.quotes li,ul.owed li{margin:.35rem 0}.when,.where{color:#444;font-variant-numeric:tabular-nums}.topic{color:#8a3b00}\
section.meeting{border-top:1px solid #ddd;margin-top:2rem}\
@media print{details{display:none}a{color:inherit}}\
</style></head><body>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_and_days_agree_with_the_calendar() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(civil(days(2024, 2, 29)), (2024, 2, 29));
        // 2024-03-05 is a Tuesday of ISO week 10; 2021-01-03 belongs to
        // 2020's week 53; 2024-12-30 to 2025's week 1.
        assert_eq!(iso_week(2024, 3, 5), (2024, 10));
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
        assert_eq!(iso_week(2024, 12, 30), (2025, 1));
        assert_eq!(hms(6_270), "1:02");
        assert_eq!(hms(372_300), "1:02:03");
    }

    #[test]
    fn periods_cover_the_range_with_gaps() {
        let days: BTreeMap<String, usize> = [("2024-03-05", 2), ("2024-03-21", 1)]
            .into_iter()
            .map(|(d, n)| (d.to_string(), n))
            .collect();
        assert_eq!(
            per_period(&days),
            [
                ("2024-W10".to_string(), 2),
                ("2024-W11".to_string(), 0),
                ("2024-W12".to_string(), 1)
            ]
        );
    }
}
