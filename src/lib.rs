//! saidwhat turns dumps of meeting notes and transcripts into tables of who
//! said what.
//!
//! The folders follow the pipeline, and each layer uses only the layers
//! below it:
//!
//! 1. [`text`]: bytes to text (decode), mojibake undone (repair), and the
//!    folding and word search the later stages match names and phrases with.
//! 2. [`formats`]: every input format, one file each, behind one trait and
//!    one registry; each produces a [`formats::Parsed`], the one type that
//!    crosses into analysis.
//! 3. [`analysis`]: speakers, people and their mentions, topics, noise and
//!    statistics, over a `Parsed` and its text.
//! 4. [`export`]: the output tables.
//! 5. [`run`]: finding and reading the files, the first pass over them, and
//!    processing them in parallel in doc_id order; [`cli`] is the command
//!    line.
//!
//! Only `run` and `export` do I/O. [`model`] holds the small types every
//! layer shares (ids, line numbers, timestamps, diagnostics).

pub mod analysis;
pub mod cli;
pub mod export;
pub mod formats;
pub mod model;
pub mod run;
pub mod text;

pub use analysis::{Document, Outcome, Turn};
pub use model::{Diagnostic, DocId};
pub use run::process;
