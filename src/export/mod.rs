//! Writing the output tables. One of the two stages that do I/O.
//!
//! The contract is [`schema`]: every table declared once. For each input
//! file the worker threads build its typed rows ([`build`] into
//! [`rows::Batch`]es) and render them for the sinks that work row by row
//! (CSV, JSON Lines); the writing thread appends those bytes in doc_id
//! order and copies the rows into the Parquet files' column builders. The
//! corpus tables (totals, the people dictionary) are built at the end.
//!
//! Every file is written as `NAME.partial` and renamed into place when the
//! run has finished, so an interrupted run never leaves a half-written
//! table beside complete ones; a run removes the `.partial` files an
//! earlier, killed run left, and the tables of an earlier run that it did
//! not write again (it owns the file names of the schema, nothing else).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub mod build;
mod csv_row;
pub mod rows;
pub mod schema;
mod to_csv;
mod to_jsonl;
#[cfg(feature = "parquet")]
mod to_parquet;

pub use crate::analysis::stats::{CorpusStats, DocStats, SpeakerStats, TopicStats};
pub use to_csv::{CsvStyle, starts_formula};
#[cfg(feature = "parquet")]
pub use to_parquet::{arrow_schema, days};

use crate::analysis::Outcome;
use crate::analysis::people::PeopleDict;
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
}

impl Rendered {
    /// Bytes of rendered rows, what holding this result costs.
    pub fn bytes(&self) -> usize {
        self.csv.iter().map(Vec::len).sum::<usize>()
            + self.jsonl.len()
            + self.rows.iter().map(Batch::bytes).sum::<usize>()
    }
}

/// Builds and renders everything about one input file, for the files
/// `options` asks for. Pure; runs on the worker threads.
pub fn render(outcome: &Outcome, options: &Options) -> Rendered {
    let (batches, stats) = build::document(outcome, options.explain_repairs);
    let style = options.csv_style();
    let mut out = Rendered {
        counts: batches.iter().map(Batch::rows).collect(),
        stats,
        date: match outcome {
            Outcome::Document(d) => d.date.clone(),
            _ => None,
        },
        ..Rendered::default()
    };
    if options.csv {
        out.csv = batches
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
        to_jsonl::write(&batches, &mut out.jsonl);
    }
    if options.parquet {
        out.rows = batches;
    }
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
    /// The `.partial` files created, to rename or remove.
    partials: Vec<String>,
    corpus: CorpusStats,
}

fn partial(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.partial"))
}

fn with_path<T>(path: &Path, result: io::Result<T>) -> io::Result<T> {
    result.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

impl Outputs {
    /// Creates the output folder, removes what a killed run left there,
    /// and opens the files `options` asks for.
    pub fn create(dir: &Path, options: &Options) -> io::Result<Outputs> {
        with_path(dir, std::fs::create_dir_all(dir))?;
        remove_leftover_partials(dir)?;
        let mut out = Outputs {
            dir: dir.to_path_buf(),
            options: *options,
            tables: Vec::new(),
            jsonl: None,
            partials: Vec::new(),
            corpus: CorpusStats::default(),
        };
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
        let path = partial(&self.dir, name);
        let file = with_path(&path, File::create(&path))?;
        self.partials.push(name.to_string());
        Ok(file)
    }

    /// Appends one input file's rows.
    pub fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
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
                w.write_all(bytes)?;
            }
            #[cfg(feature = "parquet")]
            if let (Some(p), Some(batch)) = (&mut open.parquet, rendered.rows.get(i)) {
                p.append(batch)?;
            }
        }
        if let Some(w) = &mut self.jsonl {
            w.write_all(&rendered.jsonl)?;
        }
        self.corpus.add(&rendered.stats, rendered.date.as_deref());
        Ok(())
    }

    /// Writes the corpus tables (`people` is the run's dictionary), closes
    /// every file and moves them all into place.
    pub fn finish(mut self, people: &PeopleDict) -> io::Result<Written> {
        let corpus = [
            build::speaker_totals(&self.corpus),
            build::speaker_topics(&self.corpus),
            build::people(people),
        ];
        let style = self.options.csv_style();
        let mut written = Written::default();
        for mut open in std::mem::take(&mut self.tables) {
            if open.table.grain == Grain::Corpus {
                let batch = corpus
                    .iter()
                    .find(|b| b.table.name == open.table.name)
                    .expect("every corpus table has a builder");
                open.rows = batch.rows();
                if let Some(w) = &mut open.csv {
                    let mut bytes = Vec::new();
                    to_csv::write(batch, style, &mut bytes);
                    w.write_all(&bytes)?;
                }
                #[cfg(feature = "parquet")]
                if let Some(p) = &mut open.parquet {
                    p.append(batch)?;
                }
            }
            let mut files = Vec::new();
            if let Some(mut w) = open.csv.take() {
                w.flush()?;
                files.push(open.table.csv_name());
            }
            #[cfg(feature = "parquet")]
            if let Some(p) = open.parquet.take() {
                p.finish()?;
                files.push(open.table.parquet_name());
            }
            written.tables.push(TableWritten {
                table: open.table.name,
                rows: open.rows,
                files,
            });
        }
        if let Some(mut w) = self.jsonl.take() {
            w.flush()?;
            written.files.push(schema::DOCUMENTS_JSONL.to_string());
        }
        for name in std::mem::take(&mut self.partials) {
            let to = self.dir.join(&name);
            with_path(&to, std::fs::rename(partial(&self.dir, &name), &to))?;
        }
        Ok(written)
    }

    /// Gives up: closes and removes every `.partial` file of this run,
    /// leaving the tables of an earlier run as they were.
    pub fn abort(mut self) {
        self.remove_partials();
    }

    fn remove_partials(&mut self) {
        self.tables.clear();
        self.jsonl = None;
        for name in std::mem::take(&mut self.partials) {
            let _ = std::fs::remove_file(partial(&self.dir, &name));
        }
    }
}

impl Drop for Outputs {
    /// An `Outputs` dropped without [`Outputs::finish`] (an error, a
    /// panic) takes its `.partial` files with it.
    fn drop(&mut self) {
        self.remove_partials();
    }
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

/// Writes `bytes` as `dir/name`, through a `.partial` file.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = partial(dir, name);
    with_path(&tmp, std::fs::write(&tmp, bytes))?;
    let to = dir.join(name);
    with_path(&to, std::fs::rename(&tmp, &to))
}

/// Removes the files of the schema in `dir` that this run did not write
/// (`written`, and `also`: the manifest): what an earlier run with other
/// `--format`s or `--explain-repairs` left would otherwise look current.
/// Returns the names removed.
pub fn remove_stale(dir: &Path, written: &Written, also: &[&str]) -> io::Result<Vec<String>> {
    let keep: Vec<&str> = written.names().chain(also.iter().copied()).collect();
    let mut removed = Vec::new();
    for name in schema::owned_files() {
        if keep.contains(&name.as_str()) {
            continue;
        }
        let path = dir.join(&name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(name),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return with_path(&path, Err(e)),
        }
    }
    Ok(removed)
}
