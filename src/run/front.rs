//! The front end every pass reads its files through: read, then
//! [`text::prepare`] (decode, repair). The main pass, the people pass and
//! the vault-topics pass all see the same text of a file.

use crate::model::Diagnostic;
use crate::run::input::{self, Entry};
use crate::text::{self, Prepared};

/// Reads `entry` and hands its prepared text to `f`. The error is why the
/// file cannot be processed: it cannot be read, or it is not text.
pub fn with_text<R>(entry: &Entry, f: impl FnOnce(Prepared<'_>) -> R) -> Result<R, Diagnostic> {
    let Entry::File(source) = entry else {
        return Err(entry.refusal().expect("not a file"));
    };
    let bytes = input::read(source)?;
    Ok(f(text::prepare(&bytes)?))
}

/// How much of each file a pass over heads reads first; a file whose head
/// is longer is read whole. Heads are a frontmatter and a title, a few
/// hundred bytes, and what is read is decoded and checked whole (UTF-8,
/// NUL and control bytes), so a larger prefix only costs: the first pass
/// would check most of every note the main pass checks again.
pub const HEAD_BYTES: usize = 4 * 1024;

/// Like [`with_text`] for the part of a file that `part` cuts from its
/// text (the head of a note), read from the first [`HEAD_BYTES`] when the
/// part ends before they do. `None` when the file cannot be read or is not
/// text: the main pass reports it.
pub fn with_part<R>(
    entry: &Entry,
    part: fn(&str) -> &str,
    f: impl FnOnce(&Prepared<'_>) -> R,
) -> Option<R> {
    let Entry::File(source) = entry else {
        return None;
    };
    let (prefix, whole) = input::read_prefix(source, HEAD_BYTES).ok()?;
    if !whole && let Some(p) = text::prepare_part(&prefix, true, part) {
        return Some(f(&p));
    }
    let bytes = if whole {
        prefix
    } else {
        input::read(source).ok()?
    };
    text::prepare_part(&bytes, false, part).map(|p| f(&p))
}
