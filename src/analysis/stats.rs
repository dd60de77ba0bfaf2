//! Who talked how much, and about what: the numbers behind `speakers.csv`,
//! `topics.csv` and `speaker_topics.csv`.
//!
//! Turns flagged `nonspeech` or `hallucination`, and chat messages, are
//! not talk and count nowhere here (they stay in `turns.csv`). Talk time is the sum of turn
//! durations; a turn without one (the last turn, text before the first
//! timestamp) adds its words but no time. Per document the statistics are
//! computed on the worker threads; the corpus totals (`doc_id` `*`) are sums
//! of those, merged in doc_id order.

use std::collections::BTreeMap;

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
            let s = match stats.speakers.iter().position(|(n, _)| *n == t.speaker) {
                Some(i) => &mut stats.speakers[i].1,
                None => {
                    stats
                        .speakers
                        .push((t.speaker.clone(), SpeakerStats::default()));
                    &mut stats.speakers.last_mut().expect("just pushed").1
                }
            };
            s.add(&SpeakerStats {
                turns: 1,
                words: w as u64,
                talk_ms: talk,
                longest_ms: talk,
                questions: u32::from(t.text.contains('?')),
            });
            for m in &notes.topics {
                let ts = match stats.topics.iter().position(|(n, _)| *n == m.topic) {
                    Some(i) => &mut stats.topics[i].1,
                    None => {
                        stats.topics.push((m.topic.clone(), TopicStats::default()));
                        &mut stats.topics.last_mut().expect("just pushed").1
                    }
                };
                ts.turns += 1;
                ts.talk_ms += talk;
                if !ts.speakers.contains(&t.speaker) {
                    ts.speakers.push(t.speaker.clone());
                }
                let st = stats
                    .speaker_topics
                    .entry((t.speaker.clone(), m.topic.clone()))
                    .or_default();
                st.0 += 1;
                st.1 += talk;
            }
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
    pub speakers: BTreeMap<String, SpeakerStats>,
    pub speaker_topics: BTreeMap<(String, String), (u32, u64)>,
}

impl CorpusStats {
    pub fn add(&mut self, doc: &DocStats) {
        for (name, s) in &doc.speakers {
            self.speakers.entry(name.clone()).or_default().add(s);
        }
        for (key, (turns, talk)) in &doc.speaker_topics {
            let e = self.speaker_topics.entry(key.clone()).or_default();
            e.0 += turns;
            e.1 += talk;
        }
    }
}
