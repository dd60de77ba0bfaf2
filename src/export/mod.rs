//! Writing the output tables. One of the two stages that do I/O.
//!
//! The contract is [`schema`]: every table declared once. For each input
//! file the worker threads build its typed rows ([`build`] into
//! [`rows::Batch`]es) and render them for the sinks that work row by row
//! (CSV, JSON Lines); the writing thread appends those bytes in doc_id
//! order and copies the rows into the Parquet files' column builders, and
//! into the [`report`] with `--report`. The corpus tables (totals, the
//! people dictionary) are built at the end, and so is `actions`, whose
//! rows wait in a spool file on disk until the vault's owner, whom an
//! `@Myself` stands for, can be told from the whole run.
//!
//! Every file is written into a staging folder inside the output folder
//! ([`STAGING`]) and moved into place only when the run has finished, so
//! the tables a reader finds are never a mix of two runs without a sign:
//!
//! 1. the tables are written and synced (`fsync`) in the staging folder;
//! 2. the run's `run.json` is written there, then a `COMPLETE` marker,
//!    synced with the folder: this is the commit point. Killed before it,
//!    the output folder holds the earlier run's complete set, untouched;
//! 3. the switch: `run.json` is removed from the output folder, each new
//!    file renamed over the old one, the earlier run's files this run did
//!    not write removed (it owns the file names of the schema, nothing
//!    else), and `run.json` renamed in last, then the staging folder
//!    removed. Killed during these renames (milliseconds), the output
//!    folder has no `run.json`, which says the set is being switched, and
//!    the next run into it finishes the switch before anything else
//!    ([`recover`]): it never starts from a mix.
//!
//! A run that stops (a signal, a write error such as a full disk, which
//! names the file) removes its staging folder; a staging folder without
//! the marker, left by a killed run, is removed by the next one, and so
//! are the `.partial` files of earlier versions.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub mod build;
mod csv_row;
pub mod from_csv;
#[cfg(feature = "parquet")]
pub mod from_parquet;
pub mod report;
pub mod rows;
pub mod schema;
mod to_csv;
mod to_jsonl;
#[cfg(feature = "parquet")]
mod to_parquet;

pub use crate::analysis::stats::{CorpusStats, DocStats, SpeakerStats, TopicStats};
pub use to_csv::{CsvStyle, starts_formula};
#[cfg(feature = "parquet")]
pub use to_parquet::{arrow_schema, days, record_batch};

use crate::analysis::Outcome;
use crate::analysis::actions::{self, Action, Ledger, OwnerVotes, VaultOwner};
use rows::Batch;
use schema::{Grain, Table};

/// The most rows a sheet holds in Excel (the header is one of them).
pub const EXCEL_ROWS: usize = 1_048_576;

/// Which files a run writes and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The `.csv` tables (`--format csv`).
    pub csv: bool,
    /// The `.parquet` tables (`--format parquet`).
    pub parquet: bool,
    /// `documents.jsonl` (`--format jsonl`).
    pub jsonl: bool,
    /// Start each CSV table with a UTF-8 byte order mark, so Excel reads it
    /// as UTF-8, and report tables too long for a sheet (`--excel`).
    pub excel: bool,
    /// Write CSV text cells exactly as they are, formulas and all
    /// (`--raw-csv`).
    pub raw_csv: bool,
    /// Also write `repair_changes`, one row per change (`--explain-repairs`).
    pub explain_repairs: bool,
    /// Also write `report.html` (`--report`).
    pub report: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            csv: true,
            parquet: cfg!(feature = "parquet"),
            jsonl: false,
            excel: false,
            raw_csv: false,
            explain_repairs: false,
            report: false,
        }
    }
}

impl Options {
    fn csv_style(&self) -> CsvStyle {
        CsvStyle {
            neutralise: !self.raw_csv,
            bom: self.excel,
        }
    }

    /// Whether the run writes `table` at all.
    pub fn writes(&self, table: &Table) -> bool {
        !table.on_request || self.explain_repairs
    }
}

/// One input file's share of every per-document table: the rows, and the
/// bytes of the sinks that render on the worker threads.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// Per table (in [`schema::document_tables`] order): its CSV records.
    pub csv: Vec<Vec<u8>>,
    /// The line of `documents.jsonl`.
    pub jsonl: Vec<u8>,
    /// The rows, kept for the Parquet sink (empty without it).
    pub rows: Vec<Batch>,
    /// Rows per table, in the same order.
    pub counts: Vec<usize>,
    /// The document's statistics and date, for the corpus totals.
    pub stats: DocStats,
    pub date: Option<String>,
    /// Its doc_id and action items: `actions` is written at the end of
    /// the run, when every `@Myself` can be given its owner.
    pub id: String,
    pub actions: Vec<Action>,
    /// Its attendees, whom the vault's owner is inferred from.
    pub attendees: Vec<String>,
}

impl Rendered {
    /// Takes a document's rows (a batch per document table, in
    /// [`schema::document_tables`] order) and renders them for the sinks
    /// `options` asks for: a run does it for the rows it built, `merge`
    /// for the rows it read back from the shards.
    pub fn fill(&mut self, batches: Vec<Batch>, options: &Options) {
        let style = options.csv_style();
        self.counts = batches.iter().map(Batch::rows).collect();
        if options.csv {
            self.csv = batches
                .iter()
                .map(|b| {
                    // Room for the cells' text and a few bytes a number: one
                    // allocation for most tables instead of a dozen doublings.
                    let mut bytes = Vec::with_capacity(b.bytes() + b.rows() * 4);
                    to_csv::write(b, style, &mut bytes);
                    bytes
                })
                .collect();
        }
        if options.jsonl {
            to_jsonl::write(&batches, &mut self.jsonl);
        }
        if options.parquet || options.report {
            self.rows = batches;
        }
    }

    /// Bytes of rendered rows, what holding this result costs.
    pub fn bytes(&self) -> usize {
        self.csv.iter().map(Vec::len).sum::<usize>()
            + self.jsonl.len()
            + self.rows.iter().map(Batch::bytes).sum::<usize>()
            + self
                .actions
                .iter()
                .map(|a| 256 + a.text.len())
                .sum::<usize>()
    }
}

/// Builds and renders everything about one input file, for the files
/// `options` asks for. Pure; runs on the worker threads.
pub fn render(outcome: &Outcome, options: &Options) -> Rendered {
    let (batches, stats) = build::document(outcome, options.explain_repairs);
    let mut out = Rendered {
        stats,
        date: match outcome {
            Outcome::Document(d) => d.date.clone(),
            _ => None,
        },
        id: outcome.id().as_str().to_string(),
        ..Rendered::default()
    };
    if let Outcome::Document(d) = outcome {
        out.actions = d.actions.clone();
        out.attendees = d.attendees.clone();
    }
    out.fill(batches, options);
    out
}

/// A table as CSV with its header, for commands that print one
/// (`saidwhat people`).
pub fn csv_bytes(batch: &Batch, options: &Options) -> Vec<u8> {
    let mut bytes = to_csv::start(batch.table, options.csv_style());
    to_csv::write(batch, options.csv_style(), &mut bytes);
    bytes
}

/// What a run wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Every table written, in [`schema::TABLES`] order.
    pub tables: Vec<TableWritten>,
    /// Other files written (`documents.jsonl`).
    pub files: Vec<String>,
    /// Whom `@Myself` stood for, and why.
    pub owner: VaultOwner,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableWritten {
    pub table: &'static str,
    pub rows: usize,
    /// Its files (`turns.csv`, `turns.parquet`).
    pub files: Vec<String>,
}

impl Written {
    /// The tables too long for an Excel sheet.
    pub fn too_long_for_excel(&self) -> impl Iterator<Item = &TableWritten> {
        self.tables
            .iter()
            .filter(|t| t.rows + 1 > EXCEL_ROWS && t.files.iter().any(|f| f.ends_with(".csv")))
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.tables
            .iter()
            .flat_map(|t| &t.files)
            .chain(&self.files)
            .map(String::as_str)
    }
}

/// One table's open files.
struct Open {
    table: &'static Table,
    csv: Option<BufWriter<File>>,
    #[cfg(feature = "parquet")]
    parquet: Option<to_parquet::ParquetTable>,
    rows: usize,
}

/// The open output files of a run.
pub struct Outputs {
    dir: PathBuf,
    options: Options,
    /// Every table the run writes, in [`schema::TABLES`] order.
    tables: Vec<Open>,
    jsonl: Option<BufWriter<File>>,
    /// The action items as they come, one JSON line each, in the staging
    /// folder: written into `actions` by [`Outputs::finish`], once the
    /// vault's owner is known (held on disk, not in memory).
    spool: Option<BufWriter<File>>,
    /// A file of the run's own beside the tables ([`Outputs::open_sidecar`]).
    sidecar: Option<(&'static str, BufWriter<File>)>,
    votes: OwnerVotes,
    /// The report, gathered as the rows come (`--report`).
    report: Option<report::Report>,
    /// The files created in the staging folder, to move or remove.
    staged: Vec<String>,
    corpus: CorpusStats,
    /// Set once [`Outputs::commit`] has moved the files into place.
    committed: bool,
}

/// The staging folder inside the output folder (hidden, so that a run over
/// a folder holding its own output does not read it).
pub const STAGING: &str = ".saidwhat-next";

/// The marker that makes a staging folder complete, written last: the
/// names of the new set, one a line.
const COMPLETE: &str = "COMPLETE";

/// The action items waiting for the end of the run, in the staging folder.
const SPOOL: &str = "actions.spool";

/// How many rows of `actions` are built at once from the spool.
const CHUNK: usize = 1 << 16;

/// Where earlier versions wrote a file before moving it into place.
fn partial(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.partial"))
}

fn with_path<T>(path: &Path, result: io::Result<T>) -> io::Result<T> {
    result.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// Flushes a staged file and syncs it to disk.
fn close(w: BufWriter<File>, path: &Path) -> io::Result<()> {
    let file = with_path(path, w.into_inner().map_err(|e| e.into_error()))?;
    with_path(path, file.sync_all())
}

/// Syncs a file or folder to disk (a folder: the names in it).
fn sync(path: &Path) -> io::Result<()> {
    with_path(path, File::open(path).and_then(|f| f.sync_all()))
}

/// Finishes what a run killed during its switch began (see the module
/// doc): with a complete staging folder, its files are moved into place;
/// without the marker, the staging folder is removed and the earlier set
/// stays. Returns whether a switch was finished.
pub fn recover(dir: &Path) -> io::Result<bool> {
    let staging = dir.join(STAGING);
    if !staging.exists() {
        return Ok(false);
    }
    if staging.join(COMPLETE).exists() {
        switch(dir)?;
        return Ok(true);
    }
    with_path(&staging, std::fs::remove_dir_all(&staging))?;
    Ok(false)
}

/// Step 3 of the module doc: the staged files replace the output folder's.
fn switch(dir: &Path) -> io::Result<()> {
    let staging = dir.join(STAGING);
    let manifest = dir.join(schema::MANIFEST);
    match std::fs::remove_file(&manifest) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return with_path(&manifest, Err(e)),
        _ => {}
    }
    // The marker lists the new set: a file of it may have been moved
    // already by a switch that was killed.
    let marker = staging.join(COMPLETE);
    let list = with_path(&marker, std::fs::read_to_string(&marker))?;
    let staged: Vec<&str> = list.lines().collect();
    for name in schema::owned_files() {
        if name == schema::MANIFEST {
            continue;
        }
        let to = dir.join(&name);
        if staged.contains(&name.as_str()) {
            let from = staging.join(&name);
            if from.exists() {
                with_path(&to, std::fs::rename(from, &to))?;
            }
        } else {
            match std::fs::remove_file(&to) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return with_path(&to, Err(e)),
                _ => {}
            }
        }
    }
    if staging.join(schema::MANIFEST).exists() {
        with_path(
            &manifest,
            std::fs::rename(staging.join(schema::MANIFEST), &manifest),
        )?;
    }
    sync(dir)?;
    with_path(&staging, std::fs::remove_dir_all(&staging))
}

/// The files of the schema in `dir` that a run writing `written` (and its
/// manifest) would remove: what an earlier run with other `--format`s or
/// `--explain-repairs` left would otherwise look current.
pub fn stale(dir: &Path, written: &Written) -> Vec<String> {
    let keep: Vec<&str> = written.names().chain([schema::MANIFEST]).collect();
    schema::owned_files()
        .into_iter()
        .filter(|name| !keep.contains(&name.as_str()) && dir.join(name).exists())
        .collect()
}

impl Outputs {
    /// Creates the output folder, removes what a killed run left there,
    /// and opens the files `options` asks for.
    pub fn create(dir: &Path, options: &Options) -> io::Result<Outputs> {
        with_path(dir, std::fs::create_dir_all(dir))?;
        recover(dir)?;
        remove_leftover_partials(dir)?;
        let staging = dir.join(STAGING);
        with_path(&staging, std::fs::create_dir(&staging))?;
        let mut out = Outputs {
            dir: dir.to_path_buf(),
            options: *options,
            tables: Vec::new(),
            jsonl: None,
            spool: None,
            sidecar: None,
            votes: OwnerVotes::default(),
            report: options.report.then(report::Report::default),
            staged: Vec::new(),
            corpus: CorpusStats::default(),
            committed: false,
        };
        let spool = staging.join(SPOOL);
        out.spool = Some(BufWriter::with_capacity(
            1 << 16,
            with_path(&spool, File::create(&spool))?,
        ));
        for table in schema::TABLES {
            if !options.writes(table) {
                continue;
            }
            let mut open = Open {
                table,
                csv: None,
                #[cfg(feature = "parquet")]
                parquet: None,
                rows: 0,
            };
            if options.csv {
                let mut w = BufWriter::with_capacity(1 << 16, out.open_file(&table.csv_name())?);
                w.write_all(&to_csv::start(table, options.csv_style()))?;
                open.csv = Some(w);
            }
            #[cfg(feature = "parquet")]
            if options.parquet {
                let file = out.open_file(&table.parquet_name())?;
                open.parquet = Some(to_parquet::ParquetTable::create(table, file)?);
            }
            out.tables.push(open);
        }
        if options.jsonl {
            out.jsonl = Some(BufWriter::with_capacity(
                1 << 16,
                out.open_file(schema::DOCUMENTS_JSONL)?,
            ));
        }
        Ok(out)
    }

    fn open_file(&mut self, name: &str) -> io::Result<File> {
        let path = self.staged_path(name);
        let file = with_path(&path, File::create(&path))?;
        self.staged.push(name.to_string());
        Ok(file)
    }

    fn staged_path(&self, name: &str) -> PathBuf {
        self.dir.join(STAGING).join(name)
    }

    /// Appends one input file's rows.
    pub fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
        // Errors name the file (a full disk says which).
        let staging = self.dir.join(STAGING);
        let mut tables = self.tables.iter_mut();
        for (i, table) in schema::document_tables().enumerate() {
            if !self.options.writes(table) {
                continue;
            }
            let open = tables
                .find(|o| o.table.name == table.name)
                .expect("every document table the run writes is open");
            open.rows += rendered.counts.get(i).copied().unwrap_or(0);
            if let (Some(w), Some(bytes)) = (&mut open.csv, rendered.csv.get(i)) {
                with_path(&staging.join(table.csv_name()), w.write_all(bytes))?;
            }
            #[cfg(feature = "parquet")]
            if let (Some(p), Some(batch)) = (&mut open.parquet, rendered.rows.get(i)) {
                with_path(&staging.join(table.parquet_name()), p.append(batch))?;
            }
        }
        if let Some(w) = &mut self.jsonl {
            with_path(
                &staging.join(schema::DOCUMENTS_JSONL),
                w.write_all(&rendered.jsonl),
            )?;
        }
        if let Some(w) = &mut self.spool
            && !rendered.actions.is_empty()
        {
            let mut lines = Vec::new();
            for a in &rendered.actions {
                serde_json::to_writer(&mut lines, &(&rendered.id, a))
                    .expect("an action serializes");
                lines.push(b'\n');
            }
            with_path(&staging.join(SPOOL), w.write_all(&lines))?;
        }
        self.votes.add(&rendered.attendees);
        self.corpus.add(&rendered.stats, rendered.date.as_deref());
        if let Some(r) = &mut self.report {
            r.add_document(&rendered.rows);
        }
        Ok(())
    }

    /// Opens `name` in the staging folder, a file the run writes beside
    /// its tables with [`Outputs::write_sidecar`] (a shard's
    /// [`schema::SHARD`]); it is closed, synced and moved into place with
    /// them.
    pub fn open_sidecar(&mut self, name: &'static str) -> io::Result<()> {
        let file = self.open_file(name)?;
        self.sidecar = Some((name, BufWriter::with_capacity(1 << 16, file)));
        Ok(())
    }

    pub fn write_sidecar(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.sidecar {
            Some((name, w)) => with_path(&self.dir.join(STAGING).join(name), w.write_all(bytes)),
            None => Ok(()),
        }
    }

    /// Writes the corpus tables (`people` is the rows of the run's
    /// dictionary, [`build::people`]; `owner` who `@Myself` is if the run
    /// was told), and closes and syncs every file; [`Outputs::commit`]
    /// moves them into place.
    pub fn finish(&mut self, people: Batch, owner: Option<&str>) -> io::Result<Written> {
        let staging = self.dir.join(STAGING);
        let vault = self.votes.decide(owner);
        let ledger = self.write_actions(vault.name.as_deref())?;
        let corpus = [
            build::speaker_totals(&self.corpus),
            build::speaker_topics(&self.corpus),
            build::topic_totals(&self.corpus),
            people,
            build::person_actions(&ledger),
        ];
        let style = self.options.csv_style();
        let mut written = Written {
            owner: vault,
            ..Written::default()
        };
        if let Some(mut r) = self.report.take() {
            for batch in &corpus {
                r.add_corpus(batch);
            }
            let path = self.staged_path(schema::REPORT);
            with_path(&path, std::fs::write(&path, r.render()))?;
            sync(&path)?;
            self.staged.push(schema::REPORT.to_string());
            written.files.push(schema::REPORT.to_string());
        }
        for mut open in std::mem::take(&mut self.tables) {
            if open.table.grain == Grain::Corpus && open.table.name != schema::ACTIONS.name {
                let batch = corpus
                    .iter()
                    .find(|b| b.table.name == open.table.name)
                    .expect("every corpus table has a builder");
                append(&mut open, batch, style, &staging)?;
            }
            let mut files = Vec::new();
            if let Some(w) = open.csv.take() {
                let name = open.table.csv_name();
                close(w, &self.staged_path(&name))?;
                files.push(name);
            }
            #[cfg(feature = "parquet")]
            if let Some(p) = open.parquet.take() {
                let name = open.table.parquet_name();
                let path = self.staged_path(&name);
                with_path(&path, p.finish())?;
                sync(&path)?;
                files.push(name);
            }
            written.tables.push(TableWritten {
                table: open.table.name,
                rows: open.rows,
                files,
            });
        }
        if let Some(w) = self.jsonl.take() {
            let name = schema::DOCUMENTS_JSONL;
            close(w, &self.staged_path(name))?;
            written.files.push(name.to_string());
        }
        if let Some((name, w)) = self.sidecar.take() {
            close(w, &self.staged_path(name))?;
            written.files.push(name.to_string());
        }
        Ok(written)
    }

    /// Reads the spooled action items back in order, gives each
    /// `@Myself` the vault's owner, and writes `actions` a chunk at a
    /// time. Returns what each owner owes, for `person_actions`.
    fn write_actions(&mut self, vault_owner: Option<&str>) -> io::Result<Ledger> {
        let mut ledger = Ledger::default();
        let Some(spool) = self.spool.take() else {
            return Ok(ledger);
        };
        let staging = self.dir.join(STAGING);
        let path = staging.join(SPOOL);
        with_path(&path, spool.into_inner().map_err(|e| e.into_error()))?;
        let style = self.options.csv_style();
        let open = self
            .tables
            .iter_mut()
            .find(|o| o.table.name == schema::ACTIONS.name);
        let reader = io::BufReader::new(with_path(&path, File::open(&path))?);
        let mut batch = Batch::new(&schema::ACTIONS);
        let mut open = open;
        for line in io::BufRead::lines(reader) {
            let line = with_path(&path, line)?;
            let (id, mut action): (String, Action) =
                with_path(&path, serde_json::from_str(&line).map_err(io::Error::other))?;
            actions::settle(&mut action, vault_owner);
            ledger.add(&id, &action);
            build::action(&mut batch, &id, &action);
            if batch.rows() >= CHUNK {
                if let Some(o) = open.as_deref_mut() {
                    append(o, &batch, style, &staging)?;
                }
                if let Some(r) = &mut self.report {
                    r.add_corpus(&batch);
                }
                batch = Batch::new(&schema::ACTIONS);
            }
        }
        if let Some(o) = open {
            append(o, &batch, style, &staging)?;
        }
        if let Some(r) = &mut self.report {
            r.add_corpus(&batch);
        }
        with_path(&path, std::fs::remove_file(&path))?;
        Ok(ledger)
    }

    /// Commits the finished run: `manifest` (run.json) and the marker are
    /// written and synced in the staging folder, then the files are moved
    /// into place and the earlier run's other files removed (steps 2 and
    /// 3 of the module doc).
    pub fn commit(mut self, manifest: &[u8]) -> io::Result<()> {
        let path = self.staged_path(schema::MANIFEST);
        with_path(&path, std::fs::write(&path, manifest))?;
        sync(&path)?;
        let marker = self.staged_path(COMPLETE);
        let mut list = self.staged.join("\n");
        list.push('\n');
        with_path(&marker, std::fs::write(&marker, list))?;
        sync(&marker)?;
        sync(&self.dir.join(STAGING))?;
        self.committed = true;
        switch(&self.dir)
    }

    /// Gives up: closes and removes every file of this run, leaving the
    /// tables of an earlier run as they were.
    pub fn abort(mut self) {
        self.remove_staged();
    }

    fn remove_staged(&mut self) {
        self.tables.clear();
        self.jsonl = None;
        self.spool = None;
        self.sidecar = None;
        self.staged.clear();
        if !self.committed {
            let _ = std::fs::remove_dir_all(self.dir.join(STAGING));
        }
    }
}

impl Drop for Outputs {
    /// An `Outputs` dropped without [`Outputs::commit`] (an error, a
    /// panic) takes its staging folder with it.
    fn drop(&mut self) {
        self.remove_staged();
    }
}

/// Appends `batch` to a table's open files.
fn append(open: &mut Open, batch: &Batch, style: CsvStyle, staging: &Path) -> io::Result<()> {
    open.rows += batch.rows();
    if let Some(w) = &mut open.csv {
        let mut bytes = Vec::new();
        to_csv::write(batch, style, &mut bytes);
        with_path(&staging.join(open.table.csv_name()), w.write_all(&bytes))?;
    }
    #[cfg(feature = "parquet")]
    if let Some(p) = &mut open.parquet {
        with_path(&staging.join(open.table.parquet_name()), p.append(batch))?;
    }
    Ok(())
}

/// Removes the `.partial` files of the names a run writes: a run killed
/// before it could clean up left them.
fn remove_leftover_partials(dir: &Path) -> io::Result<()> {
    for name in schema::owned_files() {
        let path = partial(dir, &name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return with_path(&path, Err(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run killed in the middle of its switch (after the commit point,
    /// between two renames) left a mix of two runs' tables; the folder
    /// says so (no run.json), and the next run finishes the switch first.
    #[test]
    fn a_switch_killed_halfway_is_finished_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for name in [
            "turns.csv",
            "documents.csv",
            "repair_changes.csv",
            "run.json",
        ] {
            std::fs::write(out.join(name), "old").unwrap();
        }
        std::fs::write(out.join("notes.txt"), "not ours").unwrap();
        // The new run: committed, then killed after moving turns.csv and
        // removing run.json.
        let staging = out.join(STAGING);
        std::fs::create_dir(&staging).unwrap();
        for name in ["documents.csv", "run.json"] {
            std::fs::write(staging.join(name), "new").unwrap();
        }
        std::fs::write(staging.join(COMPLETE), "turns.csv\ndocuments.csv\n").unwrap();
        std::fs::write(out.join("turns.csv"), "new").unwrap();
        std::fs::remove_file(out.join("run.json")).unwrap();
        assert!(recover(out).unwrap());
        let read = |n: &str| std::fs::read_to_string(out.join(n)).ok();
        assert_eq!(read("turns.csv").as_deref(), Some("new"));
        assert_eq!(read("documents.csv").as_deref(), Some("new"));
        assert_eq!(read("run.json").as_deref(), Some("new"));
        assert_eq!(
            read("repair_changes.csv"),
            None,
            "not written by the new run"
        );
        assert_eq!(read("notes.txt").as_deref(), Some("not ours"));
        assert!(!staging.exists());
    }

    /// Killed before the commit point: the staging folder goes, the
    /// earlier set stays as it was.
    #[test]
    fn a_run_killed_before_its_commit_leaves_the_earlier_set() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("turns.csv"), "old").unwrap();
        std::fs::write(out.join("run.json"), "old").unwrap();
        let staging = out.join(STAGING);
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("turns.csv"), "half").unwrap();
        assert!(!recover(out).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("turns.csv")).unwrap(),
            "old"
        );
        assert!(!staging.exists());
    }
}
