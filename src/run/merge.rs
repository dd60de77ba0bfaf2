//! `saidwhat merge`: the output folders of the shards of one run
//! ([`super::shard`]) back into the tables of one run.
//!
//! The shards' records are read side by side, and the next document is
//! always the one whose doc_id comes first, whichever shard has it: the
//! order of one run. Its rows are taken from its shard's Parquet tables
//! ([`ParquetRows`], which give back exactly what the sinks were given),
//! and the document goes to the same [`Outputs`] a run writes with, its
//! statistics, attendees and action items from its record: the corpus
//! tables are then made as one run makes them. Nothing is trusted that can
//! be checked: the set of shards (1 to N, each once, same options), the
//! order of the records, each table's row count, and the people
//! dictionary, which must be the same in every shard.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::shard::{Header, Record, Tally};
use super::{Cancel, Config, RunError, Summary};
use crate::analysis::stats::DocStats;
use crate::export::from_parquet::ParquetRows;
use crate::export::rows::Batch;
use crate::export::schema::{self, Table};
use crate::export::{self, Outputs, Rendered};
use crate::formats::Choice;

/// What `saidwhat merge` is asked.
#[derive(Debug)]
pub struct MergeConfig {
    /// The shards' output folders, one for each shard.
    pub shards: Vec<PathBuf>,
    pub out: PathBuf,
    /// Which files to write (the shards' `--explain-repairs`, `--excel`
    /// and `--raw-csv` are taken from them).
    pub output: export::Options,
    /// The command line as given, for the manifest.
    pub arguments: Vec<String>,
    pub cancel: Cancel,
}

fn invalid(what: impl std::fmt::Display) -> RunError {
    RunError::Merge(what.to_string())
}

/// A read of a shard's files that failed: a merge error, not an output
/// one (the error names the file).
fn read<T>(result: std::io::Result<T>) -> Result<T, RunError> {
    result.map_err(|e| invalid(format!("reading a shard: {e}")))
}

/// One shard being read: its record and its tables.
struct Source {
    dir: PathBuf,
    header: Header,
    lines: std::io::Lines<BufReader<std::fs::File>>,
    /// The document being merged next.
    next: Option<Record>,
    /// Per document table, its Parquet file (`None` for a table the
    /// shard did not write).
    tables: Vec<Option<ParquetRows>>,
}

impl Source {
    fn open(dir: &Path) -> Result<Source, RunError> {
        let path = dir.join(schema::SHARD);
        let file = std::fs::File::open(&path).map_err(|e| {
            invalid(format!(
                "{}: {e}: not the output of `saidwhat run --shard K/N`",
                path.display()
            ))
        })?;
        let mut lines = BufReader::with_capacity(1 << 16, file).lines();
        let first = read(lines.next().transpose())
            .map_err(|e| invalid(format!("{}: {e}", path.display())))?
            .ok_or_else(|| invalid(format!("{}: empty", path.display())))?;
        let header: Header = serde_json::from_str(&first)
            .map_err(|e| invalid(format!("{}: line 1: {e}", path.display())))?;
        let mut tables = Vec::new();
        for table in schema::document_tables() {
            let rows = if header.tables.iter().any(|t| t == table.name) {
                let rows = read(ParquetRows::open(dir, table))?.ok_or_else(|| {
                    invalid(format!(
                        "{}: no {}: merge reads the shards' Parquet tables (run them with \
                         --format parquet, or the default, which writes it)",
                        dir.display(),
                        table.parquet_name()
                    ))
                })?;
                Some(rows)
            } else {
                None
            };
            tables.push(rows);
        }
        let mut source = Source {
            dir: dir.to_path_buf(),
            header,
            lines,
            next: None,
            tables,
        };
        source.advance()?;
        Ok(source)
    }

    /// Reads the next document's record.
    fn advance(&mut self) -> Result<(), RunError> {
        let line = read(self.lines.next().transpose())
            .map_err(|e| invalid(format!("{}: {e}", self.dir.join(schema::SHARD).display())))?;
        self.next = match line {
            None => None,
            Some(text) => Some(serde_json::from_str(&text).map_err(|e| {
                invalid(format!("{}: {e}", self.dir.join(schema::SHARD).display()))
            })?),
        };
        Ok(())
    }

    /// The rows of `record`, one batch per document table.
    fn rows_of(&mut self, record: &Record) -> Result<Vec<Batch>, RunError> {
        let mut batches = Vec::new();
        for (i, table) in schema::document_tables().enumerate() {
            let want = record.rows.get(i).copied().unwrap_or(0);
            let batch = match &mut self.tables[i] {
                Some(rows) => read(rows.take(want))?,
                None => Batch::new(table),
            };
            if batch.rows() != want {
                return Err(self.short(table, &record.id));
            }
            batches.push(batch);
        }
        Ok(batches)
    }

    fn short(&self, table: &Table, id: &str) -> RunError {
        invalid(format!(
            "{}: {} holds fewer rows than {} says for {id} (a shard changed after its run?)",
            self.dir.display(),
            table.parquet_name(),
            schema::SHARD
        ))
    }
}

/// Merges the output folders of the shards of one run into `config.out`:
/// the tables one run over all their files would have written.
pub fn merge(config: &MergeConfig) -> Result<Summary, RunError> {
    let started = Instant::now();
    let mut sources = config
        .shards
        .iter()
        .map(|dir| Source::open(dir))
        .collect::<Result<Vec<_>, _>>()?;
    check_set(&sources)?;
    // Writing into a shard's folder would replace the tables being read.
    let out = config.out.canonicalize().ok();
    if let Some(dir) = config
        .shards
        .iter()
        .find(|d| out.is_some() && d.canonicalize().ok() == out)
    {
        return Err(invalid(format!(
            "--out {} is one of the shards: merge into another folder",
            dir.display()
        )));
    }
    let first = &sources[0].header;
    let mut output = config.output;
    output.explain_repairs = first
        .tables
        .iter()
        .any(|t| t == schema::REPAIR_CHANGES.name);
    output.excel = first.excel;
    output.raw_csv = first.raw_csv;
    let owner = first.owner.clone();
    let people = people(&config.shards)?;
    let mut outputs = Outputs::create(&config.out, &output)?;
    let result = (|| {
        let mut summary = Summary::default();
        let mut last: Option<String> = None;
        loop {
            if config.cancel.is_cancelled() {
                return Err(RunError::Interrupted);
            }
            // The shard whose next document comes first in doc_id order.
            let Some(k) = (0..sources.len())
                .filter(|&k| sources[k].next.is_some())
                .min_by(|&a, &b| {
                    let id = |k: usize| sources[k].next.as_ref().map(|r| r.id.as_bytes());
                    id(a).cmp(&id(b))
                })
            else {
                break;
            };
            let record = sources[k].next.take().expect("chosen for its record");
            if last
                .as_deref()
                .is_some_and(|l| l.as_bytes() >= record.id.as_bytes())
            {
                return Err(invalid(format!(
                    "{} is twice in the shards, or out of order in {}",
                    record.id,
                    sources[k].dir.display()
                )));
            }
            let batches = sources[k].rows_of(&record)?;
            summary.add(&tally(&record.tally));
            let id = record.id.clone();
            outputs.write(&record.into_rendered(batches, &output))?;
            last = Some(id);
            sources[k].advance()?;
        }
        for source in &mut sources {
            for (i, table) in schema::document_tables().enumerate() {
                if let Some(rows) = &mut source.tables[i]
                    && !read(rows.is_done())?
                {
                    return Err(invalid(format!(
                        "{}: {} holds more rows than {} says",
                        source.dir.display(),
                        table.parquet_name(),
                        schema::SHARD
                    )));
                }
            }
        }
        summary.jobs = 1;
        Ok(summary)
    })();
    let mut summary = match result {
        Ok(s) => s,
        Err(e) => {
            outputs.abort();
            return Err(e);
        }
    };
    summary.written = match outputs.finish(people, owner.as_deref()) {
        Ok(w) => w,
        Err(e) => {
            outputs.abort();
            return Err(e.into());
        }
    };
    summary.elapsed = started.elapsed();
    summary.removed = export::stale(&config.out, &summary.written);
    let manifest = super::manifest::render(
        &Config {
            paths: config.shards.clone(),
            out: config.out.clone(),
            jobs: 1,
            progress: false,
            output,
            topics: Default::default(),
            vault_topics: false,
            input_format: Choice::Detect,
            arguments: config.arguments.clone(),
            cancel: config.cancel.clone(),
            max_file_size: 0,
            owner: None,
            shard: None,
        },
        &summary,
    );
    outputs.commit(&manifest)?;
    Ok(summary)
}

/// The shards given must be shards 1 to N of N, each once, written by
/// this version with the same tables and owner.
fn check_set(sources: &[Source]) -> Result<(), RunError> {
    let first = &sources[0].header;
    let n = first.of;
    let mut seen: BTreeMap<u32, &Path> = BTreeMap::new();
    for s in sources {
        let h = &s.header;
        if h.saidwhat != env!("CARGO_PKG_VERSION") {
            return Err(invalid(format!(
                "{}: written by saidwhat {}, this is {}",
                s.dir.display(),
                h.saidwhat,
                env!("CARGO_PKG_VERSION")
            )));
        }
        if h.of != n {
            return Err(invalid(format!(
                "{} is shard {}/{}, {} is shard {}/{}: shards of different runs",
                sources[0].dir.display(),
                first.shard,
                n,
                s.dir.display(),
                h.shard,
                h.of
            )));
        }
        if h.tables != first.tables
            || h.owner != first.owner
            || (h.excel, h.raw_csv) != (first.excel, first.raw_csv)
        {
            return Err(invalid(format!(
                "{} and {} were run with different options (--explain-repairs, --owner, \
                 --excel, --raw-csv)",
                sources[0].dir.display(),
                s.dir.display()
            )));
        }
        if let Some(other) = seen.insert(h.shard, &s.dir) {
            return Err(invalid(format!(
                "{} and {} are both shard {}/{n}",
                other.display(),
                s.dir.display(),
                h.shard
            )));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(invalid(format!(
            "shard {} missing: every shard of the run is needed",
            missing.join(", ")
        )));
    }
    Ok(())
}

/// The `people` rows of the shards, which must be the same in each: they
/// all read every input's head for it, with the same `--people` files.
fn people(dirs: &[PathBuf]) -> Result<Batch, RunError> {
    let mut first: Option<(Batch, &Path)> = None;
    for dir in dirs {
        let mut rows = read(ParquetRows::open(dir, &schema::PEOPLE))?.ok_or_else(|| {
            invalid(format!(
                "{}: no {}: merge reads the shards' Parquet tables",
                dir.display(),
                schema::PEOPLE.parquet_name()
            ))
        })?;
        let batch = read(rows.take(usize::MAX))?;
        match &first {
            None => first = Some((batch, dir)),
            Some((b, d)) if *b != batch => {
                return Err(invalid(format!(
                    "{} and {} have different people dictionaries: run every shard over the \
                     same inputs with the same --people files",
                    d.display(),
                    dir.display()
                )));
            }
            Some(_) => {}
        }
    }
    Ok(first.expect("at least one shard").0)
}

/// A document's summary from its tally.
fn tally(t: &Tally) -> Summary {
    let mut s = Summary {
        files: t.files,
        transcripts: t.transcripts,
        notes: t.notes,
        persons: t.persons,
        turns: t.turns,
        failed: t.failed,
        warnings: t.warnings,
        skipped: t.skipped,
        ..Summary::default()
    };
    if let Some(Choice::Format(f)) = t.format.as_deref().and_then(Choice::from_name) {
        s.formats.insert(f, 1);
    }
    s
}

impl Record {
    /// The document as the sinks take it: its record, and `batches`, its
    /// rows read back from the shard.
    fn into_rendered(self, batches: Vec<Batch>, output: &export::Options) -> Rendered {
        let mut r = Rendered {
            stats: DocStats {
                speakers: self.speakers,
                topics: self.topics,
                speaker_topics: self
                    .speaker_topics
                    .into_iter()
                    .map(|(s, t, p)| ((s, t), p))
                    .collect(),
                ..DocStats::default()
            },
            date: self.date,
            id: self.id,
            actions: self.actions,
            attendees: self.attendees,
            ..Rendered::default()
        };
        r.fill(batches, output);
        r
    }
}
