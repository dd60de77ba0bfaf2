//! The command line, in two phases as ripgrep does: [`Cli`] is what the
//! user typed, checked by clap; [`Cli::into_config`] turns it into a
//! [`Config`] with everything built that the run shares read-only across
//! threads (the people dictionary). Nothing here processes documents.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::people::Person;
use crate::analysis::topics::Taxonomy;
use crate::formats::Choice;
use crate::run::{self, Config, Summary};

/// Exit code: every file was processed (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one file could not be processed; the others were.
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit code: bad arguments, a missing input, or outputs that cannot be written.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: stopped by SIGINT (Ctrl-C) or SIGTERM; no table was written
/// and the earlier ones are as they were. 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, Parser)]
#[command(
    name = "saidwhat",
    version,
    about = "Turns dumps of meeting notes and transcripts into tables of who said what.",
    after_help = "Exit codes: 0 all files processed (warnings allowed), 1 some files could not be \
                  processed (the others were), 2 usage error or outputs not writable, 130 \
                  interrupted (Ctrl-C or SIGTERM; no tables written, the earlier ones kept)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Process notes and transcripts into tables of who said what.
    ///
    /// Writes documents (one row per input file), turns (one row per
    /// speaker turn), statements, mentions, speakers, topics, people,
    /// repairs and diagnostics (every file that could not be processed and
    /// every line that was not understood), as .csv and .parquet, and
    /// run.json (what was asked and written) into the output folder.
    Run(RunArgs),

    /// Repair mojibake in one text file and write the text to stdout.
    ///
    /// Works on any text file, not only notes. The file is decoded as `run`
    /// decodes (BOM, UTF-16, legacy code pages), repaired, and written as
    /// UTF-8. Text that is not mojibake is written unchanged.
    Fix(FixArgs),

    /// Print the people dictionary built from the inputs, as CSV.
    ///
    /// The same dictionary `run` uses: the --people files, then the person
    /// notes (type: person or people) and the names in meeting frontmatter.
    /// Columns: person, aliases, org, role, sources.
    People(PeopleArgs),

    /// Write report.html into an output folder of `run`, from its tables.
    ///
    /// One self-contained HTML file (inline SVG and CSS, no script, no
    /// link out): the corpus at a glance, talk per speaker, who mentions
    /// whom, topics, who owes what, and a section per recent meeting with
    /// a timeline. Reads the folder's CSV tables; `run --report` writes the
    /// same report during the run.
    Report(ReportArgs),

    /// Merge the output folders of `run --shard K/N` into one.
    ///
    /// Give every shard's folder (1/N to N/N, in any order): the tables
    /// written are byte for byte those one run over all their files would
    /// have written, the totals and the people included. Reads the shards'
    /// .parquet tables and shard.jsonl; writes the formats --format asks
    /// for, with the shards' --excel, --raw-csv and --explain-repairs.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The output folders of the shards, all N of them.
    #[arg(value_name = "SHARD_DIR", required = true)]
    pub shards: Vec<PathBuf>,

    /// Folder to write the merged tables into (created if missing), as
    /// `run --out`.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Which files to write, as for `run`.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_values_t = default_formats(),
        value_name = "FORMATS"
    )]
    pub format: Vec<FormatArg>,

    /// Also write report.html.
    #[arg(long)]
    pub report: bool,

    /// Do not print the summary line on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// An output folder of `saidwhat run` (with its CSV tables).
    #[arg(value_name = "OUT_DIR")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct PeopleArgs {
    /// Files or folders to read, as for `run`.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// People dictionary CSV (name,aliases,org,role). Repeat to merge several.
    #[arg(long, value_name = "FILE")]
    pub people: Vec<PathBuf>,
    /// Files larger than this are not read (a diagnostic says so): a
    /// number of bytes, or with K, M or G (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = file_size)]
    pub max_file_size: u64,
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// The file to repair; `-` reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: PathBuf,

    /// Print each repair step (codec, scope, changes with line numbers) to stderr.
    #[arg(long)]
    pub explain: bool,
    /// Files larger than this are not read (a diagnostic says so): a
    /// number of bytes, or with K, M or G (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = file_size)]
    pub max_file_size: u64,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Files or folders to read. Folders are walked recursively, skipping
    /// hidden entries (.obsidian, .git); files ending in .md, .markdown,
    /// .txt, .text, .vtt, .srt, .sbv, .json, .jsonl or .tsv are read, the
    /// others listed as skipped in diagnostics.csv. A file named here is
    /// read whatever its extension.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Folder to write the tables into (created if missing). The tables of
    /// an earlier run there are replaced, and those this run does not
    /// write are removed; other files are left alone.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Number of worker threads [default: number of CPUs].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// People dictionary, CSV with header name,aliases,org,role (aliases
    /// separated by ';'). Names and aliases help split speaker labels and
    /// aliases resolve to the canonical name. Repeat to merge several.
    #[arg(long, value_name = "FILE")]
    pub people: Vec<PathBuf>,

    /// When to show a progress bar on stderr: auto shows one if stderr is a
    /// terminal and the run takes more than a second.
    #[arg(long, value_enum, default_value_t = ProgressWhen::Auto, value_name = "WHEN")]
    pub progress: ProgressWhen,

    /// Do not print the summary line on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Which files to write, any of: csv (a .csv per table), parquet (a
    /// .parquet per table, typed), jsonl (documents.jsonl, one object per
    /// input file with its rows nested).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_values_t = default_formats(),
        value_name = "FORMATS"
    )]
    pub format: Vec<FormatArg>,

    /// Start each CSV table with a UTF-8 byte order mark, so that Excel
    /// opens accented names correctly, and report tables with more rows
    /// than an Excel sheet holds.
    #[arg(long)]
    pub excel: bool,

    /// Also write repair_changes: one row per stretch of text the mojibake
    /// repair changed (repairs has one row per document and step).
    #[arg(long)]
    pub explain_repairs: bool,

    /// Topic taxonomy (TOML: [[topic]] tables with name, phrases and
    /// optional exclude). Turns are tagged with the topics whose phrases they
    /// say; see statements.csv. data/topics.toml is a general one.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,

    /// Also take the targets of wiki links that are not people (and not
    /// dated notes) as topics, matched by the link text and its alias.
    #[arg(long)]
    pub vault_topics: bool,

    /// How to tell the format of each file: auto (by its content, the
    /// extension breaking ties), markdown (every file is a note; the
    /// transcripts in notes are still detected), or one format for every
    /// file whole.
    #[arg(long, value_name = "NAME", default_value = "auto", value_parser = input_format)]
    pub input_format: Choice,

    /// Write CSV text cells exactly as they are. By default a cell starting
    /// with =, +, -, @, a tab or a carriage return gets a leading ' so that
    /// spreadsheets do not run it as a formula (JSON is never changed).
    #[arg(long)]
    pub raw_csv: bool,

    /// Also write report.html: the tables drawn (see `saidwhat report`).
    #[arg(long)]
    pub report: bool,

    /// Who keeps the notes: the person an `@Myself` or `@me` in a task
    /// line stands for (a name or alias of the people dictionary, or any
    /// name). Without it, the person who took part in the most meeting
    /// notes, if one did in more than anyone else (run.json says whom).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// Files larger than this are not read (a diagnostic says so): a
    /// number of bytes, or with K, M or G (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = file_size)]
    pub max_file_size: u64,

    /// Process only shard K of N of the files (K from 1 to N): those whose
    /// doc_id hashes to it (FNV-1a; README, "Scaling out"). The people
    /// dictionary still comes from every input's head. Writes a complete
    /// output folder, and shard.jsonl for `saidwhat merge`.
    #[arg(long, value_name = "K/N", value_parser = run::shard::Shard::parse)]
    pub shard: Option<run::shard::Shard>,
}

/// `--max-file-size SIZE`: bytes, or a number with K, M or G (powers of
/// 1024), as `256M`.
fn file_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "{text:?}: a size is bytes or a number with K, M or G"
            ));
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?}: a size is bytes or a number with K, M or G"))?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{text:?}: a size between 1 byte and 16 EiB"))
}

/// `--input-format NAME`, checked against the formats there are.
fn input_format(name: &str) -> Result<Choice, String> {
    Choice::from_name(name).ok_or_else(|| {
        format!(
            "unknown input format {name:?}; one of: {}",
            Choice::names().join(", ")
        )
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Parquet,
    Jsonl,
}

/// CSV and Parquet, or CSV alone in a build without Parquet.
fn default_formats() -> Vec<FormatArg> {
    if cfg!(feature = "parquet") {
        vec![FormatArg::Csv, FormatArg::Parquet]
    } else {
        vec![FormatArg::Csv]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProgressWhen {
    Auto,
    Never,
}

impl RunArgs {
    /// Second phase: build what the run shares, and read the people of
    /// the `--people` files (apart: the run merges them into its
    /// dictionary, and a copy held for the run cost 300 bytes a person).
    pub fn into_config(self) -> Result<(Config, Vec<Person>), String> {
        if self.format.contains(&FormatArg::Parquet) && !cfg!(feature = "parquet") {
            return Err("this saidwhat was built without Parquet (cargo feature `parquet`)".into());
        }
        let people =
            crate::analysis::people::load_people(&self.people).map_err(|e| e.to_string())?;
        let topics = match &self.topics {
            Some(path) => Taxonomy::load(path).map_err(|e| e.to_string())?,
            None => Taxonomy::default(),
        };
        let jobs = self
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let config = Config {
            paths: self.paths,
            out: self.out,
            jobs,
            progress: self.progress == ProgressWhen::Auto && std::io::stderr().is_terminal(),
            output: crate::export::Options {
                excel: self.excel,
                raw_csv: self.raw_csv,
                explain_repairs: self.explain_repairs,
                report: self.report,
                ..formats(&self.format)
            },
            topics,
            vault_topics: self.vault_topics,
            input_format: self.input_format,
            arguments: std::env::args().collect(),
            cancel: run::Cancel::default(),
            max_file_size: self.max_file_size,
            owner: self
                .owner
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty()),
            shard: self.shard,
        };
        Ok((config, people))
    }
}

/// The output options of `--format`, the others as by default.
fn formats(list: &[FormatArg]) -> crate::export::Options {
    crate::export::Options {
        csv: list.contains(&FormatArg::Csv),
        parquet: list.contains(&FormatArg::Parquet),
        jsonl: list.contains(&FormatArg::Jsonl),
        ..crate::export::Options::default()
    }
}

/// What `run` and `merge` say when a signal stopped them.
fn interrupted(out: &Path) -> ExitCode {
    eprintln!(
        "saidwhat: interrupted; no tables written, the earlier ones in {} are as they were",
        out.display()
    );
    ExitCode::from(EXIT_INTERRUPTED)
}

/// Parses the command line, runs, and maps the result to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors: clap says which.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    match cli.command {
        Command::Run(args) => run_command(args),
        Command::Fix(args) => fix(args),
        Command::People(args) => people(args),
        Command::Report(args) => report(args),
        Command::Merge(args) => merge(args),
    }
}

#[cfg(not(feature = "parquet"))]
fn merge(_: MergeArgs) -> ExitCode {
    eprintln!(
        "saidwhat: merge reads the shards' Parquet tables, and this saidwhat was built without \
         Parquet (cargo feature `parquet`)"
    );
    ExitCode::from(EXIT_USAGE)
}

#[cfg(feature = "parquet")]
fn merge(args: MergeArgs) -> ExitCode {
    let config = run::merge::MergeConfig {
        shards: args.shards,
        out: args.out,
        output: crate::export::Options {
            report: args.report,
            ..formats(&args.format)
        },
        arguments: std::env::args().collect(),
        cancel: run::Cancel::default(),
    };
    stop_on_signal(&config.cancel);
    match run::merge::merge(&config) {
        Ok(summary) => {
            if !args.quiet {
                eprintln!(
                    "saidwhat: merged {} shards: {} files, {} turns into {}",
                    config.shards.len(),
                    run::thousands(summary.files),
                    run::thousands(summary.turns),
                    config.out.display()
                );
            }
            ExitCode::from(EXIT_OK)
        }
        Err(run::RunError::Interrupted) => interrupted(&config.out),
        Err(e) => {
            eprintln!("saidwhat: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn report(args: ReportArgs) -> ExitCode {
    match crate::export::report::write_from(&args.out) {
        Ok((path, size)) => {
            eprintln!(
                "saidwhat: wrote {} ({} bytes)",
                path.display(),
                run::thousands(size)
            );
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            eprintln!("saidwhat: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn people(args: PeopleArgs) -> ExitCode {
    let csv = match crate::analysis::people::load_people(&args.people) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("saidwhat: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let entries = match crate::run::input::collect(&args.paths, None, args.max_file_size) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("saidwhat: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let dict = run::dictionary(&entries, csv, &run::Cancel::default());
    write_stdout(&crate::export::csv_bytes(
        &crate::export::build::people(&dict),
        &crate::export::Options::default(),
    ))
}

/// Writes a command's whole output to stdout. A reader that stops early
/// (`saidwhat fix big.txt | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("saidwhat: writing output: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn fix(args: FixArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let bytes = if args.file.as_os_str() == "-" {
        crate::run::input::read_stdin(args.max_file_size)
    } else {
        crate::run::input::read_path(&args.file, args.max_file_size)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(d) => {
            eprintln!("saidwhat: {name}: {}", d.message);
            return ExitCode::from(if d.code == crate::model::Code::Binary {
                EXIT_SOME_FAILED
            } else {
                EXIT_USAGE
            });
        }
    };
    let prepared = match crate::text::prepare_faithful(&bytes) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("saidwhat: {name}: {}", d.message);
            return ExitCode::from(EXIT_SOME_FAILED);
        }
    };
    if args.explain {
        let facts = &prepared.facts;
        let mut note = String::new();
        if facts.encoding != "utf-8" {
            note.push_str(&format!("decoded from {}\n", facts.encoding));
        }
        if facts.repairs.is_empty() {
            note.push_str("no mojibake found\n");
        }
        note.push_str(&crate::text::repair::explain(&facts.repairs, 5));
        eprint!("{note}");
    }
    write_stdout(prepared.text.as_bytes())
}

fn run_command(args: RunArgs) -> ExitCode {
    let quiet = args.quiet;
    let (config, people) = match args.into_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("saidwhat: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    stop_on_signal(&config.cancel);
    match run::run(&config, people) {
        Ok(summary) => {
            if !quiet {
                eprintln!("saidwhat: {}", describe(&summary, &config));
                if !summary.removed.is_empty() {
                    eprintln!(
                        "saidwhat: removed the tables of an earlier run that this one did not write: {}",
                        summary.removed.join(", ")
                    );
                }
            }
            // Never silent, even with --quiet: the sheet would be cut short.
            if config.output.excel {
                for t in summary.written.too_long_for_excel() {
                    eprintln!("saidwhat: warning: {}", run::manifest::excel_advice(t));
                }
            }
            ExitCode::from(if summary.failed > 0 {
                EXIT_SOME_FAILED
            } else {
                EXIT_OK
            })
        }
        Err(run::RunError::Interrupted) => interrupted(&config.out),
        Err(e) => {
            eprintln!("saidwhat: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// On SIGINT or SIGTERM, asks the run to stop, so that it removes its
/// partial tables instead of dying with them on disk. The `ctrlc` crate
/// handles both signals (Ctrl-C and the console events on Windows) on a
/// thread of its own, without unsafe code here. A second signal while the
/// run stops exits at once, for a user who does not want to wait; the next
/// run removes what that leaves. Without a handler (one was already set)
/// the signals kill the run as they would by default.
fn stop_on_signal(cancel: &run::Cancel) {
    let cancel = cancel.clone();
    let set = ctrlc::set_handler(move || {
        if cancel.is_cancelled() {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        cancel.cancel();
    });
    if let Err(e) = set {
        eprintln!(
            "saidwhat: warning: cannot handle Ctrl-C ({e}); an interrupted run may leave .partial files"
        );
    }
}

/// The summary line: `9,041 files (6,310 transcripts: house 5,102, webvtt
/// 803; 1,037 notes, 458 person notes), 1,676,342 turns, 3 warnings, 0
/// failed in 7.9 s → out/`.
pub fn describe(s: &Summary, config: &Config) -> String {
    use crate::run::thousands as n;
    let mut kinds = format!("{} transcripts", n(s.transcripts));
    if !s.formats.is_empty() {
        // The most used first, as a reader scans for them.
        let mut by_count: Vec<_> = s.formats.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.as_str().cmp(b.0.as_str())));
        let formats: Vec<String> = by_count
            .iter()
            .map(|(f, c)| format!("{} {}", f.as_str(), n(**c)))
            .collect();
        kinds.push_str(&format!(": {}", formats.join(", ")));
    }
    kinds.push_str(&format!(
        "; {} notes, {} person notes",
        n(s.notes),
        n(s.persons)
    ));
    let skipped = if s.skipped > 0 {
        format!(", {} skipped", n(s.skipped))
    } else {
        String::new()
    };
    format!(
        "{} files ({kinds}), {} turns, {} warnings, {} failed{skipped} in {:.1} s → {}",
        n(s.files),
        n(s.turns),
        n(s.warnings),
        n(s.failed),
        s.elapsed.as_secs_f64(),
        config.out.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn jobs_must_be_positive() {
        assert!(Cli::try_parse_from(["saidwhat", "run", "--out", "o", "-j", "0"]).is_err());
        assert!(
            Cli::try_parse_from(["saidwhat", "run", "--out", "o", "-j", "2", "a", "b"]).is_ok()
        );
    }
}
