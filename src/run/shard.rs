//! Shards: one run split over several jobs or machines, and put back
//! together byte for byte.
//!
//! `run --shard K/N` processes the files whose doc_id falls in shard K of
//! N: the FNV-1a 64-bit hash of the doc_id's UTF-8 bytes, modulo N, plus
//! one ([`shard_of`]). The hash depends on nothing but the doc_id, so the
//! same file goes to the same shard on every machine, whatever else is in
//! the folder. The first pass (the people dictionary from person notes
//! and meeting frontmatter, `--vault-topics`) still reads the heads of
//! every input, not only the shard's: a mention in one shard may be of a
//! person whose note is in another, and every shard then has the
//! dictionary one run over all the files would have.
//!
//! Beside its tables a shard writes [`SHARD`](crate::export::schema::SHARD),
//! one JSON object a line: a header (which shard, which tables, the
//! `--owner` given), then, for each of its documents in doc_id order, what
//! the corpus tables are made of (its talk statistics, date, attendees and
//! action items), how many rows it has in each document table, and its
//! share of the summary.
//!
//! `merge` ([`super::merge`]) reads the shards' records side by side in
//! doc_id order, takes each document's rows from its shard's Parquet
//! tables, and hands them to the same sinks a run uses, in the order one
//! run would have: every table, the corpus ones included, is byte for
//! byte the table of one run over all the files.

use serde::{Deserialize, Serialize};

use super::Summary;
use crate::analysis::actions::Action;
use crate::analysis::stats::{PairStats, SpeakerStats, TopicStats};
use crate::export::schema;
use crate::export::{self, Rendered};

/// Shard `index` of `count` (1 ≤ index ≤ count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `K/N`, as `--shard` takes it.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("{text:?}: a shard is K/N, K from 1 to N (as 2/4)");
        let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether the document `id` is in this shard.
    pub fn has(&self, id: &str) -> bool {
        shard_of(id, self.count) == self.index
    }
}

/// The shard (1 to `count`) of the document `id`: FNV-1a, 64 bits, of its
/// UTF-8 bytes, modulo `count`, plus one.
pub fn shard_of(id: &str, count: u32) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % u64::from(count.max(1))) as u32 + 1
}

/// The first line of a shard's record.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) saidwhat: String,
    pub(super) shard: u32,
    pub(super) of: u32,
    /// The document tables the shard wrote (`repair_changes` only with
    /// `--explain-repairs`).
    pub(super) tables: Vec<String>,
    /// Who `@Myself` is, when the run was told (`--owner`, as the
    /// dictionary names them).
    pub(super) owner: Option<String>,
    /// How the CSV tables were written (`--excel`, `--raw-csv`): merge
    /// writes its own the same way.
    pub(super) excel: bool,
    pub(super) raw_csv: bool,
}

/// One document of a shard.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Record {
    pub(super) id: String,
    pub(super) date: Option<String>,
    /// Its rows in each document table, in [`schema::document_tables`]
    /// order.
    pub(super) rows: Vec<usize>,
    pub(super) tally: Tally,
    pub(super) speakers: Vec<(String, SpeakerStats)>,
    pub(super) topics: Vec<(String, TopicStats)>,
    pub(super) speaker_topics: Vec<(String, String, PairStats)>,
    pub(super) attendees: Vec<String>,
    pub(super) actions: Vec<Action>,
}

/// A document's share of the run's [`Summary`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Tally {
    pub(super) files: usize,
    pub(super) transcripts: usize,
    pub(super) notes: usize,
    pub(super) persons: usize,
    pub(super) turns: usize,
    pub(super) failed: usize,
    pub(super) warnings: usize,
    pub(super) skipped: usize,
    pub(super) format: Option<String>,
}

fn line(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("a shard record serializes");
    bytes.push(b'\n');
    bytes
}

/// The header line of shard `shard`'s record.
pub fn header(shard: Shard, output: &export::Options, owner: Option<&str>) -> Vec<u8> {
    line(&Header {
        saidwhat: env!("CARGO_PKG_VERSION").to_string(),
        shard: shard.index,
        of: shard.count,
        tables: schema::document_tables()
            .filter(|t| output.writes(t))
            .map(|t| t.name.to_string())
            .collect(),
        owner: owner.map(str::to_string),
        excel: output.excel,
        raw_csv: output.raw_csv,
    })
}

/// The record line of one document: `one` is its summary, `rendered` its
/// rows and statistics.
pub fn record(one: &Summary, rendered: &Rendered) -> Vec<u8> {
    let stats = &rendered.stats;
    line(&Record {
        id: rendered.id.clone(),
        date: rendered.date.clone(),
        rows: rendered.counts.clone(),
        tally: Tally {
            files: one.files,
            transcripts: one.transcripts,
            notes: one.notes,
            persons: one.persons,
            turns: one.turns,
            failed: one.failed,
            warnings: one.warnings,
            skipped: one.skipped,
            format: one.formats.keys().next().map(|f| f.as_str().to_string()),
        },
        speakers: stats.speakers.clone(),
        topics: stats.topics.clone(),
        speaker_topics: stats
            .speaker_topics
            .iter()
            .map(|((s, t), p)| (s.clone(), t.clone(), *p))
            .collect(),
        attendees: rendered.attendees.clone(),
        actions: rendered.actions.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_as_k_of_n() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse(" 1 / 1 "), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "1/0", "2", "a/b", "-1/3", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    /// The hash is FNV-1a as published: a change would move files between
    /// shards of runs that are already out.
    #[test]
    fn the_shard_hash_is_fnv1a_64() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; of "" the offset basis.
        assert_eq!(
            shard_of("a", u32::MAX),
            (0xaf63_dc4c_8601_ec8c_u64 % u64::from(u32::MAX)) as u32 + 1
        );
        assert_eq!(shard_of("", 7), (0xcbf2_9ce4_8422_2325_u64 % 7) as u32 + 1);
        assert_eq!(shard_of("Meetings/2024-01-02.md", 1), 1);
    }

    #[test]
    fn every_document_is_in_exactly_one_shard() {
        for id in ["a.md", "Meetings/b.vtt", "Zoë/ç.srt", ""] {
            let n = 5;
            let homes: Vec<u32> = (1..=n)
                .filter(|&k| Shard { index: k, count: n }.has(id))
                .collect();
            assert_eq!(homes.len(), 1, "{id}");
        }
    }
}
