//! Who talked how much, and about what: the numbers behind `speakers.csv`,
//! `topics.csv`, `speaker_totals.csv` and `speaker_topics.csv`.
//!
//! Turns flagged `nonspeech` or `hallucination`, and chat messages, are
//! not talk and count nowhere here (they stay in `turns.csv`). Talk time is the sum of turn
//! durations; a turn without one (the last turn, text before the first
//! timestamp) adds its words but no time. Per document the statistics are
//! computed on the worker threads; the corpus totals (`speaker_totals.csv`) are
//! sums of those, merged in doc_id order.

use std::collections::{BTreeMap, HashMap};

use crate::analysis::Document;
use crate::analysis::noise::Flag;
use crate::model::TurnKind;

/// One speaker's talk in one document, or in the corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerStats {
    pub turns: u32,
    pub words: u64,
    pub talk_ms: u64,
    pub longest_ms: u64,
    /// Turns with a question mark.
    pub questions: u32,
}

impl SpeakerStats {
    fn add(&mut self, other: &SpeakerStats) {
        self.turns += other.turns;
        self.words += other.words;
        self.talk_ms += other.talk_ms;
        self.longest_ms = self.longest_ms.max(other.longest_ms);
        self.questions += other.questions;
    }

    /// Words per minute of talk, when there is talk time.
    pub fn words_per_min(&self) -> Option<f64> {
        (self.talk_ms > 0).then(|| self.words as f64 / (self.talk_ms as f64 / 60_000.0))
    }
}

/// Talk about one topic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicStats {
    pub turns: u32,
    pub talk_ms: u64,
    /// Who talked about it, in order of first turn.
    pub speakers: Vec<String>,
    /// The same, joined with `;` (filled in at the end of [`DocStats::of`]).
    pub speakers_joined: String,
}

/// The statistics of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Per speaker, in order of first turn.
    pub speakers: Vec<(String, SpeakerStats)>,
    /// Per topic, in order of first turn.
    pub topics: Vec<(String, TopicStats)>,
    /// Per (speaker, topic): turns and talk.
    pub speaker_topics: BTreeMap<(String, String), (u32, u64)>,
}

impl DocStats {
    /// `words` holds each turn's word count.
    pub fn of(doc: &Document, words: &[usize]) -> DocStats {
        let mut stats = DocStats::default();
        // Per (speaker, topic), by their places in `stats`: names are
        // cloned once per pair at the end, not once per turn.
        let mut pairs: HashMap<(usize, usize), (u32, u64)> = HashMap::new();
        for ((t, notes), &w) in doc.turns.iter().zip(&doc.turn_notes).zip(words) {
            if t.kind != TurnKind::Speech
                || notes
                    .flags
                    .iter()
                    .any(|f| matches!(f, Flag::Nonspeech | Flag::Hallucination))
            {
                continue;
            }
            let talk = t.duration().map_or(0, |d| d.0);
            let speaker = match stats.speakers.iter().position(|(n, _)| *n == t.speaker) {
                Some(i) => i,
                None => {
                    stats
                        .speakers
                        .push((t.speaker.clone(), SpeakerStats::default()));
                    stats.speakers.len() - 1
                }
            };
            let s = &mut stats.speakers[speaker].1;
            s.add(&SpeakerStats {
                turns: 1,
                words: w as u64,
                talk_ms: talk,
                longest_ms: talk,
                questions: u32::from(t.text.contains('?')),
            });
            for m in &notes.topics {
                let topic = match stats.topics.iter().position(|(n, _)| *n == m.topic) {
                    Some(i) => i,
                    None => {
                        stats.topics.push((m.topic.clone(), TopicStats::default()));
                        stats.topics.len() - 1
                    }
                };
                let ts = &mut stats.topics[topic].1;
                ts.turns += 1;
                ts.talk_ms += talk;
                if !ts.speakers.contains(&t.speaker) {
                    ts.speakers.push(t.speaker.clone());
                }
                let st = pairs.entry((speaker, topic)).or_default();
                st.0 += 1;
                st.1 += talk;
            }
        }
        for ((speaker, topic), totals) in pairs {
            let key = (
                stats.speakers[speaker].0.clone(),
                stats.topics[topic].0.clone(),
            );
            stats.speaker_topics.insert(key, totals);
        }
        for (_, t) in &mut stats.topics {
            t.speakers_joined = t.speakers.join(";");
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
}

/// Totals over the whole run.
#[derive(Debug, Default)]
pub struct CorpusStats {
    pub speakers: BTreeMap<String, SpeakerTotals>,
    pub speaker_topics: BTreeMap<(String, String), TopicTotals>,
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
    pub turns: u32,
    pub talk_ms: u64,
}

impl CorpusStats {
    /// Adds one document's statistics; `date` is the document's.
    pub fn add(&mut self, doc: &DocStats, date: Option<&str>) {
        for (name, s) in &doc.speakers {
            let t = self.speakers.entry(name.clone()).or_default();
            t.talk.add(s);
            t.documents += 1;
            if let Some(date) = date {
                if t.first_date.as_deref().is_none_or(|d| date < d) {
                    t.first_date = Some(date.to_string());
                }
                if t.last_date.as_deref().is_none_or(|d| date > d) {
                    t.last_date = Some(date.to_string());
                }
            }
        }
        for (key, (turns, talk)) in &doc.speaker_topics {
            let e = self.speaker_topics.entry(key.clone()).or_default();
            e.documents += 1;
            e.turns += turns;
            e.talk_ms += talk;
        }
    }
}
