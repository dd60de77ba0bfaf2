//! One document at a time, for programs that embed saidwhat rather than
//! run it over folders: the Python package, and through it Spark or Ray,
//! which hand over one file's bytes at a time and gather the rows
//! themselves.
//!
//! An [`Embedded`] is configured once, as a run is (the people dictionary,
//! the taxonomy, who `@Myself` is), and is then shared read-only by every
//! thread. [`Embedded::process`] is the run's pipeline for one file: the
//! same outcome, the same typed rows, in the same tables. A document's
//! `actions` rows are made with the rest of its rows.
//!
//! What a run makes only from the whole corpus is left to the engine,
//! which sees every document: the totals (`speaker_totals`,
//! `topic_totals`, `speaker_topics`, `person_actions`) are sums and firsts
//! over documents. Summing the rounded seconds of `speakers` would not
//! give a run's totals exactly, so with `corpus_parts` each document also
//! gives the parts tables ([`schema::PARTS`]): its unrounded sums, which
//! add up to a run's. `people` is the dictionary, the same for every
//! document ([`Embedded::people`]). The vault's owner, whom a run infers
//! from every note, must be given (`owner`): without it an `@Myself` has
//! no owner.

use std::path::{Path, PathBuf};

use crate::analysis::actions;
use crate::analysis::people::{Merged, PeopleDict, load_people};
use crate::analysis::topics::Taxonomy;
use crate::analysis::{self, Outcome, Setup};
use crate::export::rows::Batch;
use crate::export::schema::{self, Table};
use crate::export::{Options, build};
use crate::formats::Choice;
use crate::model::{Code, Diagnostic, DocId};

use super::{Cancel, input};

/// What an [`Embedded`] is built from.
#[derive(Clone, Debug, Default)]
pub struct EmbedConfig {
    /// People dictionary CSVs, as `run --people`.
    pub people: Vec<PathBuf>,
    /// Files or folders whose person notes and meeting frontmatter add to
    /// the dictionary, as a run's first pass reads its inputs (`saidwhat
    /// people PATH`); empty for the CSVs alone.
    pub dictionary_from: Vec<PathBuf>,
    /// The topic taxonomy (`run --topics`).
    pub topics: Option<PathBuf>,
    /// Who `@Myself` is (`run --owner`).
    pub owner: Option<String>,
    /// `run --input-format`: `auto`, `markdown` or a format's name.
    pub input_format: Option<String>,
    /// Also make `repair_changes` (`run --explain-repairs`).
    pub explain_repairs: bool,
    /// Files larger than this many bytes are not read (`too-large`), as
    /// `run --max-file-size`; `None`: a run's default.
    pub max_file_size: Option<u64>,
    /// Also take the targets of the wiki links in the notes of
    /// `dictionary_from` that are not people as topics (`run
    /// --vault-topics`).
    pub vault_topics: bool,
    /// Also make the parts tables ([`schema::PARTS`]), from which the
    /// corpus totals are summed.
    pub corpus_parts: bool,
}

/// The pipeline, configured, for one document at a time.
#[derive(Debug)]
pub struct Embedded {
    people: PeopleDict,
    topics: Taxonomy,
    owner: Option<String>,
    input: Choice,
    /// What a run with the same options writes (`explain_repairs`).
    output: Options,
    parts: bool,
    max_file_size: u64,
}

impl Embedded {
    /// Reads the dictionary and the taxonomy; an error says which file
    /// and what was wrong, as `run` says it.
    pub fn new(config: &EmbedConfig) -> Result<Embedded, String> {
        let input = match &config.input_format {
            None => Choice::Detect,
            Some(name) => Choice::from_name(name).ok_or_else(|| {
                format!(
                    "unknown input format {name:?}; one of: {}",
                    Choice::names().join(", ")
                )
            })?,
        };
        if config.vault_topics && config.dictionary_from.is_empty() {
            return Err(
                "vault_topics takes the topics of the notes dictionary_from names; \
                 give it the input folder"
                    .to_string(),
            );
        }
        let max_file_size = config.max_file_size.unwrap_or(input::MAX_FILE_SIZE);
        let csv = load_people(&config.people).map_err(|e| e.to_string())?;
        let mut topics = match &config.topics {
            Some(path) => Taxonomy::load(path).map_err(|e| e.to_string())?,
            None => Taxonomy::default(),
        };
        let people = if config.dictionary_from.is_empty() {
            let mut merged = Merged::default();
            merged.add(csv);
            merged.build()
        } else {
            // A run's first passes, over the notes named.
            let entries = input::collect(&config.dictionary_from, None, max_file_size)
                .map_err(|e| e.to_string())?;
            let people = super::dictionary(&entries, csv, &Cancel::default());
            if config.vault_topics {
                let mut all = topics.topics().to_vec();
                all.extend(super::vault_topics(&entries, &people, &Cancel::default()));
                topics = Taxonomy::new(all);
            }
            people
        };
        let owner = config
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|given| actions::person(given, &[], &people).unwrap_or_else(|| given.to_string()));
        Ok(Embedded {
            people,
            topics,
            owner,
            input,
            output: Options {
                explain_repairs: config.explain_repairs,
                ..Options::default()
            },
            parts: config.corpus_parts,
            max_file_size,
        })
    }

    /// The tables [`Embedded::process`] gives rows of, in its order: the
    /// document tables a run writes, then `actions`, then (with
    /// `corpus_parts`) the parts tables.
    pub fn tables(&self) -> Vec<&'static Table> {
        let parts: &[&'static Table] = if self.parts { &schema::PARTS } else { &[] };
        schema::document_tables()
            .filter(|t| self.output.writes(t))
            .chain([&schema::ACTIONS])
            .chain(parts.iter().copied())
            .collect()
    }

    /// The rows of `people`: the dictionary, as a run over the same
    /// inputs writes it.
    pub fn people(&self) -> Batch {
        build::people(&self.people)
    }

    /// The rows of one file, `bytes` under the doc_id `id` (its path under
    /// the input folder, with `/`), one batch per table of
    /// [`Embedded::tables`]: exactly the rows a run over the folder writes
    /// for it. A file `listed` by a walk of a folder (Spark's listing, say)
    /// is read only if a run's walk would read it for its name (its
    /// extension), else its row is the `skipped` diagnostic a run writes;
    /// a file not `listed` is read whatever its name, as a run reads a
    /// file named on its command line.
    pub fn process(&self, id: &str, bytes: &[u8], listed: bool) -> Vec<Batch> {
        let setup = Setup {
            people: &self.people,
            topics: &self.topics,
            input: self.input,
            owner: self.owner.as_deref(),
        };
        let doc_id = DocId(id.to_string());
        let not_read = listed
            .then(|| input::not_read_for_name(Path::new(id)))
            .flatten();
        // As a run decides: a name it does not read, then a size it does
        // not read, then the file, a panic failing this file alone.
        let len = bytes.len() as u64;
        let outcome = match not_read {
            Some(why) => Outcome::Skipped {
                id: doc_id,
                diagnostics: vec![Diagnostic::info(Code::Skipped, why)],
            },
            None if len > self.max_file_size => Outcome::Failed {
                id: doc_id,
                diagnostics: vec![Diagnostic::error(
                    Code::TooLarge,
                    input::too_large(len, self.max_file_size),
                )],
            },
            None => super::guarded(&doc_id.clone(), || analysis::process(doc_id, bytes, &setup)),
        };
        let (batches, stats) = build::document(&outcome, self.output.explain_repairs);
        let mut out: Vec<Batch> = schema::document_tables()
            .zip(batches)
            .filter(|(t, _)| self.output.writes(t))
            .map(|(_, b)| b)
            .collect();
        let doc = match &outcome {
            Outcome::Document(doc) => Some(&**doc),
            _ => None,
        };
        let mut items = Batch::new(&schema::ACTIONS);
        if let Some(doc) = doc {
            for action in &doc.actions {
                let mut action = action.clone();
                actions::settle(&mut action, self.owner.as_deref());
                build::action(&mut items, id, &action);
            }
        }
        out.push(items);
        if self.parts {
            let date = doc.and_then(|d| d.date.as_deref());
            out.extend(build::parts(id, date, &stats));
        }
        out
    }
}
