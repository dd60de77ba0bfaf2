//! Who talked how much, when, and about what: the conversation metrics
//! behind `speakers`, `documents`, `follows`, `topics` and their corpus
//! totals (`speaker_totals`, `speaker_topics`, `topic_totals`). The README
//! defines each one (section *Conversation metrics*); this is where they
//! are computed.
//!
//! **Talk** is the turns of kind speech that are not flagged `nonspeech`
//! or `hallucination`, in document order; chat messages and noise count
//! nowhere here (they stay in `turns.csv`). A **switch** is a talk turn
//! whose speaker is not the one of the talk turn before it; a
//! **monologue** is a run of talk turns of one speaker between switches.
//!
//! Times decide what can be said. A turn's duration is `end - start`; a
//! turn without one (the last turn of a format that gives only starts,
//! text before the first stamp, every turn of an untimed format) adds its
//! words but no time, and a speaker or topic with no timed turn at all
//! has its times empty, not zero. Gaps and overlaps between turns need the
//! ends a format gives (WebVTT, SRT, SBV, Whisper, Rev.ai): where a turn's
//! end is only the next turn's start, every gap is zero by construction,
//! so patience, overlaps, interruptions and silence are empty there.
//!
//! Per document the numbers are computed on the worker threads; the
//! corpus totals are sums of those, merged in doc_id order. Engines that
//! process documents apart (Spark) sum them themselves, from the parts
//! tables (`export::schema::PARTS`): the Spark job's SQL
//! (`examples/spark/saidwhat_spark.py`) repeats [`CorpusStats::add`] and
//! the getters of [`SpeakerStats`], and `python/tests/test_spark.py`
//! checks that its totals are a run's; change them together.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::analysis::noise::Flag;
use crate::analysis::{Document, Turn};
use crate::model::{Timestamp, TurnKind};

/// One speaker's talk in one document, or in the corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpeakerStats {
    pub turns: u32,
    pub words: u64,
    /// Sum of the durations of their turns that have one.
    pub talk_ms: u64,
    /// Turns with a duration: without any, the times are empty.
    pub timed: u32,
    pub longest_ms: u64,
    /// Turns with a question mark.
    pub questions: u32,
    /// Runs of consecutive talk turns of theirs.
    pub monologues: u32,
    /// The longest run, in talk time and in turns.
    pub longest_monologue_ms: u64,
    pub longest_monologue_turns: u32,
    /// Gaps before their turns that follow another speaker's turn whose
    /// end the format gave: their sum (overlaps count as no gap), and how
    /// many.
    pub patience_ms: u64,
    pub patience_n: u32,
    /// Their turns that start before the previous speaker's turn ends.
    pub overlaps: u32,
    /// Turns of others that start before a turn of theirs ends.
    pub interrupted: u32,
    /// They talk in a document whose format gives ends: `overlaps` and
    /// `interrupted` are counts, not unknowns.
    pub ends_given: bool,
}

impl SpeakerStats {
    fn add(&mut self, other: &SpeakerStats) {
        self.turns += other.turns;
        self.words += other.words;
        self.talk_ms += other.talk_ms;
        self.timed += other.timed;
        self.longest_ms = self.longest_ms.max(other.longest_ms);
        self.questions += other.questions;
        self.monologues += other.monologues;
        self.longest_monologue_ms = self.longest_monologue_ms.max(other.longest_monologue_ms);
        self.longest_monologue_turns = self
            .longest_monologue_turns
            .max(other.longest_monologue_turns);
        self.patience_ms += other.patience_ms;
        self.patience_n += other.patience_n;
        self.overlaps += other.overlaps;
        self.interrupted += other.interrupted;
        self.ends_given |= other.ends_given;
    }

    /// Talk time, when any turn of theirs has a duration.
    pub fn talk(&self) -> Option<Timestamp> {
        (self.timed > 0).then_some(Timestamp(self.talk_ms))
    }

    /// The longest turn, when any has a duration.
    pub fn longest(&self) -> Option<Timestamp> {
        (self.timed > 0).then_some(Timestamp(self.longest_ms))
    }

    /// Words per minute of talk, when there is talk time.
    pub fn words_per_min(&self) -> Option<f64> {
        (self.talk_ms > 0).then(|| self.words as f64 / (self.talk_ms as f64 / 60_000.0))
    }

    /// The mean length of their monologues (talk time over monologues).
    pub fn mean_monologue(&self) -> Option<Timestamp> {
        (self.timed > 0 && self.monologues > 0)
            .then(|| Timestamp(self.talk_ms / u64::from(self.monologues)))
    }

    pub fn longest_monologue(&self) -> Option<Timestamp> {
        (self.timed > 0).then_some(Timestamp(self.longest_monologue_ms))
    }

    /// The mean gap before they start after someone else stops.
    pub fn patience(&self) -> Option<Timestamp> {
        (self.patience_n > 0).then(|| Timestamp(self.patience_ms / u64::from(self.patience_n)))
    }

    pub fn overlaps(&self) -> Option<u32> {
        self.ends_given.then_some(self.overlaps)
    }

    pub fn interrupted(&self) -> Option<u32> {
        self.ends_given.then_some(self.interrupted)
    }
}

/// Talk about one topic in one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TopicStats {
    pub turns: u32,
    pub talk_ms: u64,
    /// Its turns with a duration.
    pub timed: u32,
    /// The start of its first and of its last turn that have one. (Not
    /// in a shard's record: the corpus totals do not use them.)
    #[serde(skip)]
    pub first: Option<Timestamp>,
    #[serde(skip)]
    pub last: Option<Timestamp>,
    /// Who talked about it, in order of first turn: the first raised it.
    pub speakers: Vec<String>,
    /// The same, joined with `;` (filled in at the end of [`DocStats::of`]).
    #[serde(skip)]
    pub speakers_joined: String,
}

impl TopicStats {
    pub fn talk(&self) -> Option<Timestamp> {
        (self.timed > 0).then_some(Timestamp(self.talk_ms))
    }
}

/// Talk of one speaker about one topic: turns, talk time, timed turns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PairStats {
    pub turns: u32,
    pub talk_ms: u64,
    pub timed: u32,
}

/// The flow of one document's talk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// Talk turns whose speaker differs from the previous talk turn's.
    pub switches: u32,
    /// (speaker, next speaker) → how often the second spoke right after
    /// the first.
    pub follows: BTreeMap<(String, String), u32>,
    /// The time covered by talk, where the format gives ends.
    pub talk_covered_ms: Option<u64>,
}

/// The statistics of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Per speaker, in order of first turn.
    pub speakers: Vec<(String, SpeakerStats)>,
    /// Per topic, in order of first turn.
    pub topics: Vec<(String, TopicStats)>,
    /// Per (speaker, topic).
    pub speaker_topics: BTreeMap<(String, String), PairStats>,
    pub flow: Flow,
    /// From the first turn's start to the last time any turn gives.
    pub duration: Option<Timestamp>,
}

/// Whether a turn is talk (see the module doc).
pub fn is_talk(t: &Turn, flags: &[Flag]) -> bool {
    t.kind == TurnKind::Speech
        && !flags
            .iter()
            .any(|f| matches!(f, Flag::Nonspeech | Flag::Hallucination))
}

/// From the first turn's start to the last time any turn gives (its end,
/// or its start), when the turns have times.
pub fn span(turns: &[Turn]) -> Option<Timestamp> {
    let first = turns.iter().filter_map(|t| t.start).min()?;
    let last = turns
        .iter()
        .flat_map(|t| [t.start, t.end])
        .flatten()
        .max()?;
    Some(Timestamp(last.0.saturating_sub(first.0)))
}

impl DocStats {
    /// `words` holds each turn's word count.
    pub fn of(doc: &Document, words: &[usize]) -> DocStats {
        let mut stats = DocStats {
            duration: span(&doc.turns),
            ..DocStats::default()
        };
        // Per (speaker, topic), by their places in `stats`: names are
        // cloned once per pair at the end, not once per turn.
        let mut pairs: HashMap<(usize, usize), PairStats> = HashMap::new();
        let mut follows: HashMap<(usize, usize), u32> = HashMap::new();
        let talk: Vec<(usize, &Turn)> = doc
            .turns
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                is_talk(
                    t,
                    doc.turn_notes
                        .get(*i)
                        .map_or(&[][..], |n| n.flags.as_slice()),
                )
            })
            .collect();
        let ends_given = talk.iter().any(|(_, t)| t.end_given);
        // The run of turns the current monologue is: its speaker, talk
        // time and turns.
        let mut run: Option<(usize, u64, u32)> = None;
        let mut previous: Option<(usize, &Turn)> = None;
        for &(i, t) in &talk {
            let duration = t.duration();
            let talk_ms = duration.map_or(0, |d| d.0);
            let speaker = match stats.speakers.iter().position(|(n, _)| *n == t.speaker) {
                Some(s) => s,
                None => {
                    stats.speakers.push((
                        t.speaker.clone(),
                        SpeakerStats {
                            ends_given,
                            ..SpeakerStats::default()
                        },
                    ));
                    stats.speakers.len() - 1
                }
            };
            stats.speakers[speaker].1.add(&SpeakerStats {
                turns: 1,
                words: words[i] as u64,
                talk_ms,
                timed: u32::from(duration.is_some()),
                longest_ms: talk_ms,
                questions: u32::from(t.text.contains('?')),
                ends_given,
                ..SpeakerStats::default()
            });
            // Switches, patience, overlaps.
            if let Some((before, prev)) = previous
                && before != speaker
            {
                stats.flow.switches += 1;
                *follows.entry((before, speaker)).or_default() += 1;
                if let (true, Some(end), Some(start)) = (prev.end_given, prev.end, t.start) {
                    let s = &mut stats.speakers[speaker].1;
                    s.patience_ms += start.0.saturating_sub(end.0);
                    s.patience_n += 1;
                    if start < end {
                        s.overlaps += 1;
                        stats.speakers[before].1.interrupted += 1;
                    }
                }
            }
            // Monologues.
            match &mut run {
                Some((who, ms, n)) if *who == speaker => {
                    *ms += talk_ms;
                    *n += 1;
                }
                _ => {
                    if let Some(done) = run.take() {
                        close(&mut stats.speakers, done);
                    }
                    run = Some((speaker, talk_ms, 1));
                }
            }
            previous = Some((speaker, t));
            // Topics.
            for m in doc.turn_notes.get(i).iter().flat_map(|n| &n.topics) {
                let topic = match stats.topics.iter().position(|(n, _)| *n == m.topic) {
                    Some(i) => i,
                    None => {
                        stats.topics.push((m.topic.clone(), TopicStats::default()));
                        stats.topics.len() - 1
                    }
                };
                let ts = &mut stats.topics[topic].1;
                ts.turns += 1;
                ts.talk_ms += talk_ms;
                ts.timed += u32::from(duration.is_some());
                if let Some(start) = t.start {
                    ts.first = Some(ts.first.map_or(start, |f| f.min(start)));
                    ts.last = Some(ts.last.map_or(start, |l| l.max(start)));
                }
                if !ts.speakers.contains(&t.speaker) {
                    ts.speakers.push(t.speaker.clone());
                }
                let st = pairs.entry((speaker, topic)).or_default();
                st.turns += 1;
                st.talk_ms += talk_ms;
                st.timed += u32::from(duration.is_some());
            }
        }
        if let Some(done) = run {
            close(&mut stats.speakers, done);
        }
        for ((speaker, topic), totals) in pairs {
            let key = (
                stats.speakers[speaker].0.clone(),
                stats.topics[topic].0.clone(),
            );
            stats.speaker_topics.insert(key, totals);
        }
        for ((a, b), n) in follows {
            let key = (stats.speakers[a].0.clone(), stats.speakers[b].0.clone());
            stats.flow.follows.insert(key, n);
        }
        for (_, t) in &mut stats.topics {
            t.speakers_joined = t.speakers.join(";");
        }
        if ends_given {
            stats.flow.talk_covered_ms = Some(covered(talk.iter().map(|(_, t)| *t)));
        }
        stats
    }

    /// Each speaker's share of the document's talk time, or of its words
    /// when it has no times.
    pub fn shares(speakers: &[(String, SpeakerStats)]) -> Vec<Option<f64>> {
        let talk: u64 = speakers.iter().map(|(_, s)| s.talk_ms).sum();
        let words: u64 = speakers.iter().map(|(_, s)| s.words).sum();
        speakers
            .iter()
            .map(|(_, s)| {
                if talk > 0 {
                    Some(s.talk_ms as f64 / talk as f64)
                } else if words > 0 {
                    Some(s.words as f64 / words as f64)
                } else {
                    None
                }
            })
            .collect()
    }

    /// Speaker switches per minute of the document.
    pub fn interactivity(&self) -> Option<f64> {
        let minutes = self.duration.filter(|d| d.0 > 0)?.0 as f64 / 60_000.0;
        Some(f64::from(self.flow.switches) / minutes)
    }

    /// The share of the document's time in which nobody talks, where the
    /// format gives ends.
    pub fn silence_share(&self) -> Option<f64> {
        let duration = self.duration.filter(|d| d.0 > 0)?.0;
        let covered = self.flow.talk_covered_ms?;
        Some(1.0 - covered.min(duration) as f64 / duration as f64)
    }
}

/// Ends a monologue: its speaker's count and longest run.
fn close(speakers: &mut [(String, SpeakerStats)], (who, ms, n): (usize, u64, u32)) {
    let s = &mut speakers[who].1;
    s.monologues += 1;
    s.longest_monologue_ms = s.longest_monologue_ms.max(ms);
    s.longest_monologue_turns = s.longest_monologue_turns.max(n);
}

/// The time the turns' intervals cover, each moment once.
fn covered<'t>(turns: impl Iterator<Item = &'t Turn>) -> u64 {
    let mut spans: Vec<(u64, u64)> = turns
        .filter_map(|t| Some((t.start?.0, t.end?.0)))
        .filter(|(s, e)| e > s)
        .collect();
    spans.sort_unstable();
    let mut total = 0;
    let mut current: Option<(u64, u64)> = None;
    for (s, e) in spans {
        match &mut current {
            Some((_, ce)) if s <= *ce => *ce = (*ce).max(e),
            _ => {
                if let Some((cs, ce)) = current {
                    total += ce - cs;
                }
                current = Some((s, e));
            }
        }
    }
    total + current.map_or(0, |(s, e)| e - s)
}

/// Totals over the whole run.
#[derive(Debug, Default)]
pub struct CorpusStats {
    pub speakers: BTreeMap<String, SpeakerTotals>,
    pub speaker_topics: BTreeMap<(String, String), TopicTotals>,
    pub topics: BTreeMap<String, TopicCorpus>,
}

/// One speaker over the whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerTotals {
    pub talk: SpeakerStats,
    /// Documents they talk in.
    pub documents: u32,
    /// The earliest and latest date of those documents that have one
    /// (`YYYY-MM-DD` sorts as dates do).
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// One speaker's talk about one topic over the whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TopicTotals {
    pub documents: u32,
    pub pair: PairStats,
}

/// One topic over the whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicCorpus {
    pub documents: u32,
    pub turns: u32,
    pub talk_ms: u64,
    pub timed: u32,
    pub speakers: BTreeSet<String>,
    /// Who raised it first: the first speaker about it in the earliest
    /// document (by date, undated ones last, then doc_id order).
    pub raised_by: Option<String>,
    /// The date of that document, if it has one, and whether it was set.
    first_key: Option<(bool, String)>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

impl TopicCorpus {
    pub fn talk(&self) -> Option<Timestamp> {
        (self.timed > 0).then_some(Timestamp(self.talk_ms))
    }
}

/// The earlier of two dates, or the one there is.
fn earlier(a: &mut Option<String>, date: &str) {
    if a.as_deref().is_none_or(|d| date < d) {
        *a = Some(date.to_string());
    }
}

fn later(a: &mut Option<String>, date: &str) {
    if a.as_deref().is_none_or(|d| date > d) {
        *a = Some(date.to_string());
    }
}

impl CorpusStats {
    /// Adds one document's statistics; `date` is the document's. Documents
    /// come in doc_id order.
    pub fn add(&mut self, doc: &DocStats, date: Option<&str>) {
        for (name, s) in &doc.speakers {
            let t = self.speakers.entry(name.clone()).or_default();
            t.talk.add(s);
            t.documents += 1;
            if let Some(date) = date {
                earlier(&mut t.first_date, date);
                later(&mut t.last_date, date);
            }
        }
        for (key, pair) in &doc.speaker_topics {
            let e = self.speaker_topics.entry(key.clone()).or_default();
            e.documents += 1;
            e.pair.turns += pair.turns;
            e.pair.talk_ms += pair.talk_ms;
            e.pair.timed += pair.timed;
        }
        // Undated documents sort after dated ones; among equals the first
        // in doc_id order, which is the order they come in.
        let order = (date.is_none(), date.unwrap_or_default().to_string());
        for (name, t) in &doc.topics {
            let c = self.topics.entry(name.clone()).or_default();
            c.documents += 1;
            c.turns += t.turns;
            c.talk_ms += t.talk_ms;
            c.timed += t.timed;
            c.speakers.extend(t.speakers.iter().cloned());
            if c.first_key.as_ref().is_none_or(|k| order < *k) {
                c.first_key = Some(order.clone());
                c.raised_by = t.speakers.first().cloned();
            }
            if let Some(date) = date {
                earlier(&mut c.first_date, date);
                later(&mut c.last_date, date);
            }
        }
    }
}
