//! Text: from a file's bytes to the text every later stage reads, and the
//! matching those stages share.
//!
//! - [`decode`]: bytes to text (BOM, UTF-16, legacy code pages).
//! - [`repair`]: mojibake undone, every change recorded.
//! - [`fold`]: case, accents and German spellings folded away for matching.
//! - [`words`]: whole-word search over folded text, and word counts.

pub mod decode;
pub mod fold;
pub mod repair;
pub mod words;
