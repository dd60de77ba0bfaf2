//! The pipeline: every input file through every stage, in parallel, with
//! the output in doc_id order.
//!
//! [`process`] is the whole pipeline for one file as a pure function of its
//! bytes; [`run`] reads and processes files on worker threads, which also
//! render each file's rows, and the calling thread appends them to the
//! tables in doc_id order as they come (a reorder window, see [`WINDOW`]).
//! Memory holds that window, not the corpus, and the output does not depend
//! on the thread count.
//!
//! A run can be stopped from outside through [`Config::cancel`]: the
//! workers take no new file, the writer stops, and [`run`] removes the
//! partial tables it had begun and returns [`RunError::Interrupted`]; the
//! tables of an earlier run in the same folder stay as they were. Any other
//! error after the tables were opened ends the same way.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

mod cancel;
pub mod embed;
pub mod front;
pub mod input;
pub mod manifest;
#[cfg(feature = "parquet")]
pub mod merge;
pub mod shard;

pub use cancel::Cancel;

use rayon::prelude::*;

use crate::analysis::people::{Merged, PeopleDict, Person};
use crate::analysis::topics::{Taxonomy, Topic};
use crate::analysis::{self, Outcome, Setup};
use crate::export::{self, Outputs, Rendered};
use crate::formats::{Choice, markdown};
use crate::model::{Code, Diagnostic, DocId, DocKind, Severity};
use crate::text;
use input::{Entry, FileList};

/// Everything a run needs, validated and built once, then shared read-only.
#[derive(Debug)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    /// Worker threads; at least 1.
    pub jobs: usize,
    /// Show a progress bar on stderr if the run takes a while.
    pub progress: bool,
    /// Which tables to write, and how.
    pub output: export::Options,
    /// The topic taxonomy (`--topics`); empty without one.
    pub topics: Taxonomy,
    /// Also take wiki-link targets that are not people as topics.
    pub vault_topics: bool,
    /// How each file's format is told (`--input-format`).
    pub input_format: Choice,
    /// The command line as given, for the manifest (`run.json`).
    pub arguments: Vec<String>,
    /// Stops the run when cancelled (the binary's SIGINT/SIGTERM handler).
    pub cancel: Cancel,
    /// Files larger than this many bytes are not read (`--max-file-size`).
    pub max_file_size: u64,
    /// Who `@Myself` is (`--owner`), as given; the dictionary's name for
    /// it is used when it has one.
    pub owner: Option<String>,
    /// Process only this shard's files (`--shard K/N`), and write its
    /// record for `merge` ([`shard`]).
    pub shard: Option<shard::Shard>,
}

/// What a run did, for the summary line and the exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files read (documents and failures; skipped entries are not).
    pub files: usize,
    pub transcripts: usize,
    pub notes: usize,
    pub persons: usize,
    pub turns: usize,
    /// Files that could not be processed.
    pub failed: usize,
    pub warnings: usize,
    /// Entries not read on purpose (extension, hidden, the output folder).
    pub skipped: usize,
    /// Documents with turns, by the format of their turns.
    pub formats: std::collections::BTreeMap<crate::formats::FormatId, usize>,
    /// What was written (tables, their rows and files).
    pub written: export::Written,
    /// Tables of an earlier run in `--out` that this run removed.
    pub removed: Vec<String>,
    /// How long the run took.
    pub elapsed: Duration,
    /// Worker threads the run used: `--jobs`, but never more than the
    /// files.
    pub jobs: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Input(#[from] input::InputError),
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    #[error("could not start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// [`Config::cancel`] was cancelled; no table was written.
    #[error("interrupted")]
    Interrupted,
    /// `merge` was given folders that are not the shards of one run.
    #[error("{0}")]
    Merge(String),
}

pub use crate::model::thousands;

/// How many documents the workers may run ahead of the writer: the writer
/// keeps finished documents until their turn comes, which gives every worker
/// something to do when one document takes much longer than its
/// neighbours. [`HELD`] bounds the same window by size.
const WINDOW: usize = 64;

/// How many bytes of finished results may wait for the writer. A document
/// renders to a few times its size (all tables), so 64 documents of a large
/// corpus held tens of megabytes, and 64 large transcripts would hold
/// gigabytes; past this bound workers wait, except for the document the
/// writer needs next. Memory is then set by the size of the largest
/// document, whatever the number or order of the documents.
const HELD: usize = 4 << 20;

/// Runs `config` over its inputs, with the people of the `--people` files
/// (merged with the notes' people into the run's dictionary).
pub fn run(config: &Config, people: Vec<Person>) -> Result<Summary, RunError> {
    let started = Instant::now();
    let entries = input::collect(&config.paths, Some(&config.out), config.max_file_size)?;
    let mut outputs = Outputs::create(&config.out, &config.output)?;
    // Only a complete run moves its tables into place; whatever stops it
    // before (a signal, a write error) removes the partial files it began,
    // so the tables of an earlier run in the folder stay as they were.
    match write_tables(config, people, &entries, &mut outputs) {
        Ok((mut summary, people)) => {
            let owner = owner(config, &people);
            summary.written = outputs.finish(export::build::people(&people), owner.as_deref())?;
            summary.elapsed = started.elapsed();
            summary.removed = export::stale(&config.out, &summary.written);
            let manifest = manifest::render(config, &summary);
            outputs.commit(&manifest)?;
            Ok(summary)
        }
        Err(e) => {
            outputs.abort();
            Err(e)
        }
    }
}

/// Who `@Myself` is when the run is told (`--owner`): the dictionary's
/// name for it, or the name as given.
fn owner(config: &Config, people: &PeopleDict) -> Option<String> {
    let given = config.owner.as_deref()?;
    Some(analysis::actions::person(given, &[], people).unwrap_or_else(|| given.to_string()))
}

/// Everything of [`run`] between opening the tables and moving them into
/// place: the first passes, then every entry through the pipeline into
/// `outputs`. Returns the summary and the people dictionary for
/// `people.csv`.
fn write_tables(
    config: &Config,
    csv: Vec<Person>,
    entries: &FileList,
    outputs: &mut Outputs,
) -> Result<(Summary, PeopleDict), RunError> {
    let cancel = &config.cancel;
    // The entries this run processes: a shard's, or all. The first passes
    // read every entry's head whatever the shard (see [`shard`]).
    let chosen: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            config
                .shard
                .is_none_or(|s| s.has(entries.get(i).id().as_str()))
        })
        .collect();
    // More threads than files only cost their start (`--jobs 5000` took
    // 33 s for 5 files): as many as the first pass and the main pass have
    // files.
    let jobs = config.jobs.clamp(1, chosen.len().max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs.clamp(1, entries.len().max(1)))
        .build()?;
    let people = pool.install(|| dictionary(entries, csv, cancel));
    // The taxonomy is compiled again only if the vault adds topics.
    let with_vault = config.vault_topics.then(|| {
        let mut all = config.topics.topics().to_vec();
        all.extend(pool.install(|| vault_topics(entries, &people, cancel)));
        Taxonomy::new(all)
    });
    drop(pool);
    // The first passes stop early with what they had, which is no
    // dictionary to run on.
    if cancel.is_cancelled() {
        return Err(RunError::Interrupted);
    }
    let topics = with_vault.as_ref().unwrap_or(&config.topics);
    let owner = owner(config, &people);
    let setup = Setup {
        people: &people,
        topics,
        input: config.input_format,
        owner: owner.as_deref(),
    };
    if let Some(shard) = config.shard {
        outputs.open_sidecar(export::schema::SHARD)?;
        outputs.write_sidecar(&shard::header(shard, &config.output, owner.as_deref()))?;
    }
    let progress = Progress::new(chosen.len() as u64, config.progress);
    let summary = stream(
        chosen.len(),
        jobs,
        cancel,
        |i| {
            let outcome = process_guarded(&entries.get(chosen[i]), &setup);
            let rendered = export::render(&outcome, &config.output);
            progress.inc();
            (Summary::of(&outcome), rendered)
        },
        |(_, rendered)| rendered.bytes(),
        |(one, rendered): (Summary, Rendered), summary: &mut Summary| {
            if config.shard.is_some() {
                outputs.write_sidecar(&shard::record(&one, &rendered))?;
            }
            summary.add(&one);
            outputs.write(&rendered)
        },
    );
    progress.finish();
    let mut summary = summary?;
    summary.jobs = jobs;
    Ok((summary, people))
}

/// Runs `work` on every entry (`0..count`) on `jobs` threads and hands the
/// results to `write` on the calling thread in entry order, as soon as each
/// one's turn comes. Workers take entries in order and wait while they are
/// [`WINDOW`] entries ahead of the writer or [`HELD`] bytes of results (as
/// `size` counts them) wait for it, so memory holds a window of results,
/// not the corpus. A write error stops the workers and is returned; so
/// does [`RunError::Interrupted`] once `cancel` is cancelled, after at most
/// the entries the workers had started (they take no new one) and without
/// writing the rest.
fn stream<T: Send, S: Default>(
    count: usize,
    jobs: usize,
    cancel: &Cancel,
    work: impl Fn(usize) -> T + Sync,
    size: impl Fn(&T) -> usize + Sync,
    mut write: impl FnMut(T, &mut S) -> std::io::Result<()>,
) -> Result<S, RunError> {
    let next = AtomicUsize::new(0);
    let gate = Gate::default();
    let (tx, rx) = mpsc::channel::<(usize, T, usize)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, gate, work, size) = (&next, &gate, &work, &size);
            scope.spawn(move || {
                // A panic here must not leave the writer waiting for this
                // entry and the others waiting for the writer: stop them,
                // and the scope passes the panic on.
                let _stop = StopOnPanic(gate);
                loop {
                    // Checked before taking an entry: one taken and dropped
                    // would be waited for by the writer, and then by the
                    // workers waiting for the writer. Stopping the gate
                    // frees them all, and the channel closes.
                    if cancel.is_cancelled() {
                        gate.stop();
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || !gate.wait_for(i) {
                        break;
                    }
                    let result = work(i);
                    let bytes = size(&result);
                    gate.hold(bytes);
                    if tx.send((i, result, bytes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut state = S::default();
        let mut pending: BTreeMap<usize, (T, usize)> = BTreeMap::new();
        let mut written = 0;
        let result = (|| {
            for (i, item, bytes) in &rx {
                if cancel.is_cancelled() {
                    return Err(RunError::Interrupted);
                }
                pending.insert(i, (item, bytes));
                while let Some((item, bytes)) = pending.remove(&written) {
                    write(item, &mut state)?;
                    written += 1;
                    gate.advance(written, bytes);
                }
            }
            // The workers also end early when cancelled, closing the
            // channel with entries unwritten.
            if cancel.is_cancelled() {
                return Err(RunError::Interrupted);
            }
            Ok(())
        })();
        if result.is_err() {
            gate.stop();
        }
        result.map(|()| state)
    })
}

/// What the workers wait on: how many results the writer has written, how
/// many bytes of results wait for it, and whether it gave up.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    written: usize,
    held: usize,
    stopped: bool,
}

impl Gate {
    /// Waits until entry `i` may start; false if the run stopped. The entry
    /// the writer needs next always may, so the window never deadlocks.
    fn wait_for(&self, i: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !state.stopped
            && i != state.written
            && (i >= state.written + WINDOW || state.held >= HELD)
        {
            state = self.moved.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.stopped
    }

    /// A result of `bytes` is finished and waits for the writer.
    fn hold(&self, bytes: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).held += bytes;
    }

    /// The writer has written `written` results, the last of `bytes`.
    fn advance(&self, written: usize, bytes: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.written = written;
        state.held -= bytes;
        drop(state);
        self.moved.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).stopped = true;
        self.moved.notify_all();
    }
}

/// Stops the gate when a worker unwinds.
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// [`process_entry`], with a panic turned into a failure of this one file
/// (code `internal`) instead of the end of the run.
fn process_guarded(entry: &Entry, setup: &Setup<'_>) -> Outcome {
    guarded(entry.id(), || process_entry(entry, setup))
}

/// `process` of the file `id`, with a panic turned into a failure of this
/// one file (code `internal`): for a run, and for a program that embeds
/// the pipeline ([`embed`]).
fn guarded(id: &DocId, process: impl FnOnce() -> Outcome) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(process)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Outcome::Failed {
            id: id.clone(),
            diagnostics: vec![Diagnostic::error(
                Code::Internal,
                format!("saidwhat failed on this file ({what}); please report it"),
            )],
        }
    })
}

/// The people dictionary of a run: the `--people` CSVs, merged with the
/// people the inputs define (person notes) or name (meeting frontmatter).
/// This is a first pass over the inputs, in parallel: mentions anywhere may
/// be of people defined in any note. Files are read in slices, each merged
/// into the dictionary before the next, so memory holds the people, not
/// every note's list of them. Once `cancel` is cancelled no file is read
/// any more and the dictionary holds the people found until then.
pub fn dictionary(entries: &FileList, csv: Vec<Person>, cancel: &Cancel) -> PeopleDict {
    let mut merged = Merged::default();
    merged.add(csv);
    for start in (0..entries.len()).step_by(1024) {
        if cancel.is_cancelled() {
            break;
        }
        let slice = start..entries.len().min(start + 1024);
        // Checked per file too: a slice of large notes takes seconds.
        let found: Vec<Vec<Person>> = slice
            .into_par_iter()
            .map(|i| {
                if cancel.is_cancelled() {
                    Vec::new()
                } else {
                    people_of(&entries.get(i))
                }
            })
            .collect();
        merged.add(found.into_iter().flatten());
    }
    merged.build()
}

/// Topics from the vault (`--vault-topics`): the targets of wiki links
/// anywhere in the inputs that are not people and not dated notes, matched
/// by the target and the link's alias. Once `cancel` is cancelled no file
/// is read any more and the list holds the topics found until then.
pub fn vault_topics(entries: &FileList, people: &PeopleDict, cancel: &Cancel) -> Vec<Topic> {
    let found: Vec<Vec<Topic>> = (0..entries.len())
        .into_par_iter()
        .map(|i| {
            if cancel.is_cancelled() {
                return Vec::new();
            }
            front::with_text(&entries.get(i), |prepared| {
                text::lines(&prepared.text)
                    .into_iter()
                    .flat_map(markdown::wiki_links)
                    .filter(|(_, target, _)| {
                        people.candidates(target).is_empty()
                            && !crate::analysis::topics::is_dated_note(target)
                    })
                    .map(|(_, target, alias)| Topic {
                        phrases: std::iter::once(target.clone()).chain(alias).collect(),
                        name: target,
                        exclude: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// The people one input defines or names, from the head of the note. Only
/// what [`notes::people_in`] reads is read: the frontmatter, and the H1 of
/// a person note (the main pass reads the rest of the note). A note without
/// a frontmatter defines and names nobody.
///
/// [`notes::people_in`]: crate::analysis::people::notes::people_in
fn people_of(entry: &Entry) -> Vec<Person> {
    use markdown::{Note, frontmatter};
    front::with_part(entry, people_head, |prepared| {
        let lines = text::lines(&prepared.text);
        let Ok(Some(span)) = frontmatter::locate(&lines) else {
            return Vec::new();
        };
        let (frontmatter, _) = frontmatter::parse(&lines, span);
        let body_start = span.close + 1;
        // As `read_note` finds it: the first level-1 heading outside fences.
        let h1 = markdown::is_person_note(&frontmatter)
            .then(|| {
                markdown::outside_fences(&lines, body_start).find_map(|(_, line)| {
                    markdown::heading(line)
                        .filter(|&(level, _)| level == 1)
                        .map(|(_, h)| h.to_string())
                })
            })
            .flatten();
        let note = Note {
            frontmatter,
            body_start,
            h1,
            ..Note::default()
        };
        crate::analysis::people::notes::people_in(entry.id().as_str(), &note)
    })
    .unwrap_or_default()
}

/// The part of a text [`people_of`] reads: its head ([`markdown::head`])
/// when it may open with a frontmatter, else nothing. The head of a note
/// without one runs up to 50 lines, often past the prefix the first pass
/// reads, for no people. The test is loose on purpose: a first line (as
/// [`text::lines`] ends lines) without `---` cannot become a frontmatter's
/// opening line when the head is repaired.
fn people_head(text: &str) -> &str {
    let first = text.split(['\n', '\r']).next().unwrap_or_default();
    if first.contains("---") {
        markdown::head(text)
    } else {
        ""
    }
}

impl Summary {
    /// The summary of a run over this one file.
    fn of(outcome: &Outcome) -> Summary {
        let mut s = Summary {
            files: usize::from(!matches!(outcome, Outcome::Skipped { .. })),
            warnings: outcome
                .diagnostics()
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            ..Summary::default()
        };
        match outcome {
            Outcome::Failed { .. } => s.failed = 1,
            Outcome::Skipped { .. } => s.skipped = 1,
            Outcome::Document(doc) => {
                s.turns = doc.turns.len();
                if let Some(f) = doc.format {
                    s.formats.insert(f, 1);
                }
                match doc.kind {
                    DocKind::Transcript => s.transcripts = 1,
                    DocKind::Note => s.notes = 1,
                    DocKind::Person => s.persons = 1,
                }
            }
        }
        s
    }

    fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.transcripts += other.transcripts;
        self.notes += other.notes;
        self.persons += other.persons;
        self.turns += other.turns;
        self.failed += other.failed;
        self.warnings += other.warnings;
        self.skipped += other.skipped;
        for (f, n) in &other.formats {
            *self.formats.entry(*f).or_default() += n;
        }
    }
}

fn process_entry(entry: &Entry, setup: &Setup<'_>) -> Outcome {
    let id = entry.id();
    if let Entry::Skipped { .. } = entry {
        return Outcome::Skipped {
            id: id.clone(),
            diagnostics: entry.refusal().into_iter().collect(),
        };
    }
    let outcome = front::with_text(entry, |prepared| {
        Outcome::Document(Box::new(analysis::process_prepared(
            id.clone(),
            prepared,
            setup,
        )))
    })
    .unwrap_or_else(|d| Outcome::Failed {
        id: id.clone(),
        diagnostics: vec![d],
    });
    match entry {
        Entry::File(source) => outcome.with_diagnostics(&source.diagnostics),
        Entry::Unreadable { .. } | Entry::Skipped { .. } => outcome,
    }
}

/// [`process_with`] without a topic taxonomy.
pub fn process(id: DocId, bytes: &[u8], people: &PeopleDict) -> Outcome {
    process_with(id, bytes, people, &Taxonomy::default())
}

/// The whole pipeline for one file ([`analysis::process`]), each file's
/// format told by its content.
pub fn process_with(id: DocId, bytes: &[u8], people: &PeopleDict, topics: &Taxonomy) -> Outcome {
    let setup = Setup {
        people,
        topics,
        input: Choice::Detect,
        owner: None,
    };
    analysis::process(id, bytes, &setup)
}

/// A progress bar on stderr that appears only once a run has lasted a
/// second, so quick runs print nothing but the summary.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    fn new(total: u64, enabled: bool) -> Progress {
        let bar = enabled.then(|| {
            let bar = indicatif::ProgressBar::hidden();
            bar.set_length(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {pos}/{len} files [{bar:30}] {elapsed} elapsed, eta {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    fn inc(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `people_of` takes from a file of `text`.
    fn people_in_file(text: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(&path, text).unwrap();
        let entry = Entry::File(input::Source {
            id: DocId("n.md".into()),
            path,
            diagnostics: Vec::new(),
            limit: input::MAX_FILE_SIZE,
        });
        people_of(&entry).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn the_first_pass_reads_people_from_frontmatters_and_person_notes_h1s() {
        let meeting = "---\ntype: meeting\nparticipants: [Ann Lee, Bo Chen]\n---\n# Sync\n";
        assert_eq!(people_in_file(meeting), ["Ann Lee", "Bo Chen"]);
        assert_eq!(
            people_in_file(&meeting.replace('\n', "\r")),
            ["Ann Lee", "Bo Chen"],
            "old Mac line ends"
        );
        let person = "---\ntype: person\n---\n\n## About\n# Mordecai (Morty) Feld\n";
        assert_eq!(people_in_file(person), ["Mordecai Feld"]);
        let long = format!(
            "---\ntype: meeting\nparticipants: [Ann Lee]\ntags: [{}]\n---\n",
            "tag, ".repeat(2000)
        );
        assert_eq!(people_in_file(&long), ["Ann Lee"], "a head past the prefix");
        let no_frontmatter = format!("# Ann Lee\n{}", "participants: [Bo Chen]\n".repeat(500));
        assert!(people_in_file(&no_frontmatter).is_empty());
        assert!(people_in_file("").is_empty());
    }

    fn doc(text: &str) -> crate::Document {
        match process(
            DocId("2024-03-05 sync.md".into()),
            text.as_bytes(),
            &PeopleDict::default(),
        ) {
            Outcome::Document(d) => *d,
            other => panic!("{:?}", other.diagnostics()),
        }
    }

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry::Unreadable {
                id: DocId(format!("{i:04}.md")),
                code: Code::Unreadable,
                message: String::new(),
            })
            .collect()
    }

    /// Streams `0..count` on `jobs` threads, every `slow`th entry sleeping
    /// so the others run ahead, each result weighing `size` bytes; checks
    /// the order written and returns, for each entry, how many had been
    /// written when it started.
    fn run_ahead(count: usize, jobs: usize, slow: usize, size: usize) -> Vec<(usize, usize)> {
        let written_count = AtomicUsize::new(0);
        let written: Vec<(usize, usize)> = stream(
            count,
            jobs,
            &Cancel::default(),
            |i| {
                let written_then = written_count.load(Ordering::SeqCst);
                if i.is_multiple_of(slow) {
                    std::thread::sleep(Duration::from_millis(5));
                }
                (i, written_then)
            },
            |_| size,
            |item, out: &mut Vec<(usize, usize)>| {
                out.push(item);
                written_count.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        let order: Vec<usize> = written.iter().map(|w| w.0).collect();
        assert_eq!(order, (0..count).collect::<Vec<_>>(), "jobs {jobs}");
        written
    }

    #[test]
    fn stream_writes_in_order_and_stays_within_the_window() {
        for jobs in [1, 2, 4] {
            let written = run_ahead(500, jobs, 50, 1);
            // No entry started more than WINDOW ahead of the writer, and
            // with more than one job, some did run ahead of it.
            assert!(written.iter().all(|&(i, w)| i < w + WINDOW));
            let furthest = written.iter().map(|&(i, w)| i - w).max().unwrap();
            assert!(
                jobs == 1 || furthest > WINDOW / 2,
                "jobs {jobs}: {furthest}"
            );
        }
    }

    /// Before the window was bounded by size, 64 documents that each render
    /// to a lot (a large corpus; one of long transcripts) were all held at
    /// once: resident memory rose with the size of the documents.
    #[test]
    fn stream_holds_a_bounded_size_of_results_not_a_count() {
        for jobs in [1, 2, 4] {
            // A quarter of the bound each: at most three wait for the
            // writer when another may start.
            let written = run_ahead(300, jobs, 30, HELD / 4);
            let furthest = written.iter().map(|&(i, w)| i - w).max().unwrap();
            assert!(furthest <= 3 + jobs, "jobs {jobs}: {furthest}");
            assert!(jobs == 1 || furthest >= 3, "jobs {jobs}: {furthest}");
        }
    }

    #[test]
    #[should_panic(expected = "a scoped thread panicked")]
    fn a_panicking_worker_ends_the_run_instead_of_hanging_it() {
        let entries = entries(1000);
        let _: Result<(), _> = stream(
            entries.len(),
            2,
            &Cancel::default(),
            |k| {
                assert!(entries[k].id().as_str() != "0005.md", "worker broke");
            },
            |_| 0,
            |_, _: &mut ()| Ok(()),
        );
    }

    #[test]
    fn stream_stops_at_a_write_error() {
        let entries = entries(10_000);
        let done = AtomicUsize::new(0);
        let result: Result<(), _> = stream(
            entries.len(),
            2,
            &Cancel::default(),
            |_| done.fetch_add(1, Ordering::SeqCst),
            |_| 0,
            |_, _: &mut ()| Err(std::io::Error::other("disk full")),
        );
        assert!(matches!(result, Err(RunError::Output(_))));
        assert!(done.load(Ordering::SeqCst) <= WINDOW + 2);
    }

    #[test]
    fn stream_stops_soon_after_a_cancel() {
        for jobs in [1, 2, 4] {
            let cancel = Cancel::default();
            let (done, written) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let result: Result<(), _> = stream(
                10_000,
                jobs,
                &cancel,
                |i| {
                    done.fetch_add(1, Ordering::SeqCst);
                    if i == 100 {
                        cancel.cancel();
                    }
                },
                |_| 0,
                |_, _: &mut ()| {
                    written.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
            );
            assert!(matches!(result, Err(RunError::Interrupted)), "jobs {jobs}");
            // Each worker finishes at most the entry it had taken.
            let done = done.load(Ordering::SeqCst);
            assert!(done <= 101 + jobs, "jobs {jobs}: {done} started");
            assert!(written.load(Ordering::SeqCst) <= done);
        }
    }

    /// A run cancelled before it starts reads no file, and leaves the out
    /// folder as it was: no partial file, the earlier table untouched.
    #[test]
    fn a_cancelled_run_writes_nothing_and_keeps_the_earlier_tables() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        for i in 0..20 {
            std::fs::write(notes.join(format!("{i}.md")), "# Sync\n\n[[Topic]]\n").unwrap();
        }
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("turns.csv"), "earlier").unwrap();
        let config = Config {
            paths: vec![notes],
            out: out.clone(),
            jobs: 2,
            progress: false,
            output: export::Options::default(),
            topics: Taxonomy::default(),
            vault_topics: true,
            input_format: Choice::Detect,
            arguments: Vec::new(),
            cancel: Cancel::default(),
            max_file_size: input::MAX_FILE_SIZE,
            owner: None,
            shard: None,
        };
        config.cancel.cancel();
        assert!(matches!(
            run(&config, Vec::new()),
            Err(RunError::Interrupted)
        ));
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["turns.csv"]);
        assert_eq!(std::fs::read(out.join("turns.csv")).unwrap(), b"earlier");
    }

    #[test]
    fn a_one_to_one_with_remote() {
        let d = doc(
            "---\nentities:\n  people:\n  - '[[Bo Chen]]'\ntype: transcript\n---\n\
                     # 1:1 — Bo Chen\n\n<!-- ai:transcript:start -->\n```text\n\
                     [00:00:01.00]  Ann LeeHi Bo.\n\n[00:00:04.50]   RemoteHey.\n```\n<!-- ai:transcript:end -->\n",
        );
        assert_eq!(d.kind, DocKind::Transcript);
        assert_eq!(d.date.as_deref(), Some("2024-03-05"), "from the file name");
        assert_eq!(d.title.as_deref(), Some("1:1 — Bo Chen"));
        assert_eq!(d.participants, ["Bo Chen", "Ann Lee"]);
        assert_eq!(d.turns[1].speaker, "Bo Chen");
        assert_eq!(d.turns[1].text, "Hey.");
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    }

    #[test]
    fn person_notes_are_titled_by_name_not_job_title() {
        let d = doc(
            "---\ntype: person\nname: Ann Lee\ntitle: Staff Engineer\n---\n# Ann (Annie) Lee\n",
        );
        assert_eq!(
            (d.kind, d.title.as_deref()),
            (DocKind::Person, Some("Ann Lee"))
        );
        let d = doc("---\ntype: people\ntitle: Ann Lee\n---\nno heading\n");
        assert_eq!(d.title.as_deref(), Some("Ann Lee"));
        let d = doc("---\ntype: meeting\ntitle: Sync\n---\n# Weekly sync\n");
        assert_eq!(d.title.as_deref(), Some("Sync"));
    }

    #[test]
    fn binary_is_a_failure_and_empty_is_a_warning() {
        let o = process(DocId("x.md".into()), b"ab\0cd", &PeopleDict::default());
        assert!(matches!(o, Outcome::Failed { .. }));
        assert_eq!(o.diagnostics()[0].code, Code::Binary);
        let d = doc("");
        assert_eq!(d.kind, DocKind::Note);
        assert_eq!(d.diagnostics[0].code, Code::Empty);
        assert_eq!(d.title.as_deref(), Some("2024-03-05 sync"));
    }

    #[test]
    fn broken_frontmatter_still_processes_the_body() {
        let d = doc(
            "---\ntype: [transcript\n---\n[00:00:01.00]  Ann LeeHi\n[00:00:02.00]  Ann LeeSo\n[00:00:03.00]  Bo ChenYes\n",
        );
        assert_eq!(d.turns.len(), 3);
        assert_eq!(d.diagnostics[0].code, Code::FrontmatterInvalid);
    }
}
