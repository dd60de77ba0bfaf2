//! What each table says: the rows of one input file, and the corpus rows
//! made at the end of a run.
//!
//! Each function fills the [`Batch`] of one table from the analysis types,
//! cell by cell in the schema's column order (the batch checks the order
//! and the types). Nothing here knows about CSV, Parquet or JSON.

use super::rows::Batch;
use super::schema;
use crate::analysis::actions::{Action, Ledger};
use crate::analysis::people::PeopleDict;
use crate::analysis::stats::{CorpusStats, DocStats, SpeakerStats};
use crate::analysis::{Document, Outcome};
use crate::model::{Severity, Timestamp};

/// The rows one input file gives every per-document table, in
/// [`schema::document_tables`] order, with the document's statistics.
/// `explain` fills `repair_changes` too.
pub fn document(outcome: &Outcome, explain: bool) -> (Vec<Batch>, DocStats) {
    let mut batches: Vec<Batch> = schema::document_tables().map(Batch::new).collect();
    let mut stats = DocStats::default();
    let doc = match outcome {
        Outcome::Document(doc) => Some(&**doc),
        _ => None,
    };
    let words: Vec<usize> =
        doc.map_or_else(Vec::new, |d| d.turn_notes.iter().map(|n| n.words).collect());
    let mut people = Vec::new();
    if let Some(doc) = doc {
        stats = DocStats::of(doc, &words);
        people = turn_people(doc);
    }
    for batch in &mut batches {
        match (batch.table.name, doc) {
            ("documents", _) => {
                if !matches!(outcome, Outcome::Skipped { .. }) {
                    documents(batch, outcome, doc, &words, &stats);
                }
            }
            ("diagnostics", _) => diagnostics(batch, outcome),
            (_, None) => {}
            ("turns", Some(doc)) => turns(batch, doc, &words, &people),
            ("statements", Some(doc)) => statements(batch, doc, &people),
            ("mentions", Some(doc)) => mentions(batch, doc),
            ("decisions", Some(doc)) => decisions(batch, doc),
            ("speakers", Some(doc)) => speakers(batch, doc, &stats),
            ("follows", Some(doc)) => follows(batch, doc, &stats),
            ("topics", Some(doc)) => topics(batch, doc, &stats),
            ("repairs", Some(doc)) => repairs(batch, doc),
            ("repair_changes", Some(doc)) => {
                if explain {
                    repair_changes(batch, doc);
                }
            }
            (name, _) => unreachable!("no rows for the table {name}"),
        }
    }
    (batches, stats)
}

fn documents(
    b: &mut Batch,
    outcome: &Outcome,
    doc: Option<&Document>,
    words: &[usize],
    stats: &DocStats,
) {
    let count = |severity| {
        outcome
            .diagnostics()
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    b.text(outcome.id().as_str());
    match doc {
        Some(d) => {
            b.text(d.kind.as_str())
                .opt_text(d.format.map(|f| f.as_str()))
                .opt_text(d.language.as_deref())
                .text(d.encoding)
                .opt_text(d.date.as_deref())
                .opt_text(d.title.as_deref())
                .list(d.participants.iter().map(String::as_str))
                .int(d.turns.len())
                .int(words.iter().sum::<usize>())
                .seconds(stats.duration)
                .int(stats.speakers.len())
                .int(stats.flow.switches)
                .float(stats.interactivity())
                .float(stats.silence_share())
                .int(d.repairs.iter().map(|s| s.len()).sum::<usize>());
        }
        None => {
            b.text("")
                .text("")
                .text("")
                .text("")
                .text("")
                .text("")
                .list([])
                .int(0)
                .int(0)
                .seconds(None)
                .int(0)
                .int(0)
                .float(None)
                .float(None)
                .int(0);
        }
    }
    b.int(count(Severity::Warning)).int(count(Severity::Error));
    b.end();
}

fn turns(b: &mut Batch, doc: &Document, words: &[usize], people: &[Vec<&str>]) {
    let rows = doc.turns.len();
    b.reserve(rows, |column| match column {
        "doc_id" => rows * doc.id.as_str().len(),
        "text" => doc.turns.iter().map(|t| t.text.len()).sum(),
        "speaker" | "speaker_label" => doc.turns.iter().map(|t| t.speaker.len()).sum(),
        _ => rows * 8,
    });
    for (i, t) in doc.turns.iter().enumerate() {
        let notes = doc.turn_notes.get(i);
        b.text(doc.id.as_str())
            .int(t.index)
            .seconds(t.start)
            .seconds(t.end)
            .text(&t.speaker)
            .text(&t.speaker_label)
            .text(t.speaker_source.as_str())
            .text(t.kind.as_str())
            .int(t.cues)
            .int(words[i])
            .list(people[i].iter().copied())
            .list(notes.iter().flat_map(|n| &n.flags).map(|f| f.as_str()))
            .list(
                notes
                    .iter()
                    .flat_map(|n| &n.topics)
                    .map(|m| m.topic.as_str()),
            )
            .text(&t.text)
            .end();
    }
}

fn statements(b: &mut Batch, doc: &Document, people: &[Vec<&str>]) {
    for (i, t) in doc.turns.iter().enumerate() {
        let Some(notes) = doc.turn_notes.get(i) else {
            continue;
        };
        for m in &notes.topics {
            b.text(doc.id.as_str())
                .int(t.index)
                .text(&t.speaker)
                .text(&m.topic)
                .list(m.evidence.iter().map(String::as_str))
                .list(people[i].iter().copied())
                .end();
        }
    }
}

/// The people each turn mentions: resolved mentions only, each person
/// once, in order of first mention.
fn turn_people(doc: &Document) -> Vec<Vec<&str>> {
    let mut named: Vec<Vec<&str>> = vec![Vec::new(); doc.turns.len()];
    for m in &doc.mentions {
        let (Some(turn), Some(person)) = (m.turn, m.person.as_deref()) else {
            continue;
        };
        // Turns are numbered by their place, from 1.
        if let Some(list) = named.get_mut((turn as usize).wrapping_sub(1))
            && !list.contains(&person)
        {
            list.push(person);
        }
    }
    named
}

fn mentions(b: &mut Batch, doc: &Document) {
    for m in &doc.mentions {
        b.text(doc.id.as_str())
            .opt_int(m.turn.map(i64::from))
            .opt_text(m.section.as_deref())
            .opt_text(m.speaker.as_deref())
            .opt_text(m.person.as_deref())
            .text(&m.surface)
            .int(m.offset)
            .text(m.kind.as_str())
            .list(m.candidates.iter().map(String::as_str))
            .int(m.line.0)
            .end();
    }
}

fn decisions(b: &mut Batch, doc: &Document) {
    for st in &doc.statements {
        b.text(doc.id.as_str())
            .int(st.line.0)
            .opt_text(st.section.as_deref())
            .text(st.kind.as_str())
            .text(&st.text)
            .list(st.mentions.iter().map(String::as_str))
            .end();
    }
}

/// One row of `actions`: an action of document `doc_id`, its owner
/// settled.
pub fn action(b: &mut Batch, doc_id: &str, a: &Action) {
    let d = &a.dates;
    b.text(doc_id)
        .int(a.line.0)
        .opt_text(a.section.as_deref())
        .opt_text(a.owner.as_deref())
        .opt_text(a.owner_label.as_deref())
        .text(a.owner_source.as_str())
        .text(&a.text)
        .opt_text(a.status.map(|s| s.as_str()))
        .opt_text(a.priority.map(|p| p.as_str()))
        .opt_text(d.due.as_deref())
        .opt_text(d.scheduled.as_deref())
        .opt_text(d.start.as_deref())
        .opt_text(d.created.as_deref())
        .opt_text(d.done.as_deref())
        .opt_text(d.cancelled.as_deref())
        .opt_text(a.recurrence.as_deref())
        .text(a.source.as_str())
        .list(a.mentions.iter().map(String::as_str))
        .end();
}

/// `person_actions`: what each owner owes over the run.
pub fn person_actions(ledger: &Ledger) -> Batch {
    let mut b = Batch::new(&schema::PERSON_ACTIONS);
    for (person, o) in ledger.owners() {
        b.opt_text(person)
            .int(o.items)
            .int(o.open)
            .int(o.in_progress)
            .int(o.done)
            .int(o.cancelled)
            .int(o.documents)
            .opt_text(o.next_due.as_deref())
            .opt_text(o.last_done.as_deref())
            .end();
    }
    b
}

/// The talk columns `speakers` and `speaker_totals` share.
fn talk(b: &mut Batch, s: &SpeakerStats, share: Option<f64>) {
    b.int(s.turns)
        .int(s.words)
        .seconds(s.talk())
        .float(share)
        .float(s.words_per_min())
        .seconds(s.longest())
        .int(s.questions)
        .int(s.monologues)
        .seconds(s.mean_monologue())
        .seconds(s.longest_monologue())
        .int(s.longest_monologue_turns)
        .seconds(s.patience())
        .opt_int(s.overlaps().map(i64::from))
        .opt_int(s.interrupted().map(i64::from))
        .end();
}

fn speakers(b: &mut Batch, doc: &Document, stats: &DocStats) {
    let shares = DocStats::shares(&stats.speakers);
    for ((name, s), share) in stats.speakers.iter().zip(shares) {
        b.text(doc.id.as_str())
            .opt_text(doc.date.as_deref())
            .text(name);
        talk(b, s, share);
    }
}

fn follows(b: &mut Batch, doc: &Document, stats: &DocStats) {
    for ((speaker, next), n) in &stats.flow.follows {
        b.text(doc.id.as_str())
            .text(speaker)
            .text(next)
            .int(*n)
            .end();
    }
}

fn topics(b: &mut Batch, doc: &Document, stats: &DocStats) {
    for (name, t) in &stats.topics {
        b.text(doc.id.as_str())
            .text(name)
            .int(t.turns)
            .seconds(t.talk())
            .seconds(t.first)
            .seconds(t.last)
            .opt_text(t.speakers.first().map(String::as_str))
            .list(t.speakers.iter().map(String::as_str))
            .end();
    }
}

fn repairs(b: &mut Batch, doc: &Document) {
    for (i, step) in doc.repairs.iter().enumerate() {
        let first = step.changes().next();
        b.text(doc.id.as_str())
            .int(i + 1)
            .text(step.scope.as_str())
            .text(step.codec)
            .int(step.len())
            .opt_int(first.as_ref().map(|c| i64::from(c.line)))
            .opt_text(first.as_ref().map(|c| show_controls(c.before)).as_deref())
            .opt_text(first.as_ref().map(|c| show_controls(c.after)).as_deref())
            .end();
    }
}

fn repair_changes(b: &mut Batch, doc: &Document) {
    for (i, step) in doc.repairs.iter().enumerate() {
        for c in step.changes() {
            b.text(doc.id.as_str())
                .int(i + 1)
                .int(c.line)
                .text(&show_controls(c.before))
                .text(&show_controls(c.after))
                .end();
        }
    }
}

fn diagnostics(b: &mut Batch, outcome: &Outcome) {
    for d in outcome.diagnostics() {
        b.text(outcome.id().as_str())
            .opt_int(d.line.map(|l| i64::from(l.0)))
            .text(d.severity.as_str())
            .text(d.code.as_str())
            .text(&d.message)
            .end();
    }
}

/// The rows of the parts tables ([`schema::PARTS`]) for one document:
/// its statistics as [`CorpusStats::add`] sums them, in its order.
pub fn parts(doc_id: &str, date: Option<&str>, stats: &DocStats) -> [Batch; 3] {
    let [mut speakers, mut topics, mut pairs] = schema::PARTS.map(Batch::new);
    for (name, s) in &stats.speakers {
        speakers
            .text(doc_id)
            .opt_text(date)
            .text(name)
            .int(s.turns)
            .int(s.words)
            .int(s.talk_ms)
            .int(s.timed)
            .int(s.longest_ms)
            .int(s.questions)
            .int(s.monologues)
            .int(s.longest_monologue_ms)
            .int(s.longest_monologue_turns)
            .int(s.patience_ms)
            .int(s.patience_n)
            .int(s.overlaps)
            .int(s.interrupted)
            .int(u32::from(s.ends_given))
            .end();
    }
    for (name, t) in &stats.topics {
        topics
            .text(doc_id)
            .opt_text(date)
            .text(name)
            .int(t.turns)
            .int(t.talk_ms)
            .int(t.timed)
            .opt_text(t.speakers.first().map(String::as_str))
            .list(t.speakers.iter().map(String::as_str))
            .end();
    }
    for ((speaker, topic), p) in &stats.speaker_topics {
        pairs
            .text(doc_id)
            .text(speaker)
            .text(topic)
            .int(p.turns)
            .int(p.talk_ms)
            .int(p.timed)
            .end();
    }
    [speakers, topics, pairs]
}

/// `speaker_totals`: every speaker of the run, by name.
pub fn speaker_totals(corpus: &CorpusStats) -> Batch {
    let mut b = Batch::new(&schema::SPEAKER_TOTALS);
    let talk_only: Vec<(String, SpeakerStats)> = corpus
        .speakers
        .iter()
        .map(|(n, t)| (n.clone(), t.talk.clone()))
        .collect();
    let shares = DocStats::shares(&talk_only);
    for ((name, t), share) in corpus.speakers.iter().zip(shares) {
        b.text(name)
            .int(t.documents)
            .opt_text(t.first_date.as_deref())
            .opt_text(t.last_date.as_deref());
        talk(&mut b, &t.talk, share);
    }
    b
}

/// `speaker_topics`: speaker × topic over the run.
pub fn speaker_topics(corpus: &CorpusStats) -> Batch {
    let mut b = Batch::new(&schema::SPEAKER_TOPICS);
    for ((speaker, topic), t) in &corpus.speaker_topics {
        b.text(speaker)
            .text(topic)
            .int(t.documents)
            .int(t.pair.turns)
            .seconds((t.pair.timed > 0).then_some(Timestamp(t.pair.talk_ms)))
            .end();
    }
    b
}

/// `topic_totals`: each topic over the run.
pub fn topic_totals(corpus: &CorpusStats) -> Batch {
    let mut b = Batch::new(&schema::TOPIC_TOTALS);
    for (topic, t) in &corpus.topics {
        b.text(topic)
            .int(t.documents)
            .int(t.turns)
            .seconds(t.talk())
            .int(t.speakers.len())
            .opt_text(t.raised_by.as_deref())
            .opt_text(t.first_date.as_deref())
            .opt_text(t.last_date.as_deref())
            .end();
    }
    b
}

/// A repair's text before or after, with each control character written
/// as `<U+009B>`: a repair of C1 characters (`c1-as-windows-1252`) has them
/// in its before, and no control character reaches a table.
fn show_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(crate::text::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if crate::text::is_control(c) {
                format!("<U+{:04X}>", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// `people`: the dictionary, in its order; aliases and nicknames once each.
pub fn people(dict: &PeopleDict) -> Batch {
    let mut b = Batch::new(&schema::PEOPLE);
    for p in dict.people() {
        let mut aliases: Vec<&str> = p
            .aliases
            .iter()
            .chain(&p.nicknames)
            .map(String::as_str)
            .collect();
        crate::analysis::people::unique_by_key(&mut aliases);
        b.text(&p.name)
            .list(aliases)
            .opt_text(p.org.as_deref())
            .opt_text(p.role.as_deref())
            .list(p.sources.iter().map(String::as_str))
            .end();
    }
    b
}
