//! saidwhat turns dumps of meeting notes and transcripts into tables of who
//! said what.
//!
//! The pipeline, one module per stage, each a plain function over one
//! document (only `input` and `export` do I/O):
//!
//! 1. [`input`]: find and read the files.
//! 2. [`decode`]: bytes to text (BOM, UTF-16, legacy encodings).
//! 3. [`repair`]: undo mojibake (UTF-8 misread as a legacy code page).
//! 4. [`note`]: frontmatter, title, sections, wiki-links, date.
//! 5. [`transcript`]: find the transcript and cut it into speaker turns.
//! 6. [`people`]: the people dictionary that names speakers.
//! 7. [`export`]: the output tables.
//!
//! [`pipeline`] runs them over many files in parallel; [`cli`] is the
//! command line.

pub mod cli;
pub mod decode;
pub mod export;
pub mod input;
pub mod model;
pub mod note;
pub mod people;
pub mod pipeline;
pub mod repair;
pub mod topics;
pub mod transcript;
pub mod words;

pub use model::{Diagnostic, DocId, Document, Outcome, Turn};
pub use pipeline::process;
