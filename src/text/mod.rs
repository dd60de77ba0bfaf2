//! Text: from a file's bytes to the text every later stage reads, and the
//! matching those stages share.
//!
//! - [`decode`]: bytes to text (BOM, UTF-16, legacy code pages).
//! - [`repair`]: mojibake undone, every change recorded.
//! - [`fold`]: case, accents and German spellings folded away for matching.
//! - [`words`]: whole-word search over folded text, and word counts.
//!
//! [`prepare`] is the front end every pass uses: decode, say what was
//! odd about the bytes, repair. [`lines`] cuts the result into lines the
//! same way for every format.

pub mod decode;
pub mod fold;
pub mod repair;
pub mod words;

use std::borrow::Cow;

use crate::model::{Code, Diagnostic};

/// A file's text, ready for the formats: decoded, and repaired.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    pub text: Cow<'a, str>,
    pub facts: Facts,
}

/// What preparing a file's text found out, kept beside the text (which
/// the formats borrow) so that it can be handed on whole.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// The encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1252`…).
    pub encoding: &'static str,
    /// Mojibake repairs made to the decoded text, in order.
    pub repairs: Vec<repair::Step>,
    /// What was odd about the bytes: replaced sequences, an empty file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes and repairs a file's bytes. A file that is not text (binary)
/// is an error diagnostic: it cannot be processed.
pub fn prepare(bytes: &[u8]) -> Result<Prepared<'_>, Diagnostic> {
    let decoded =
        decode::decode(bytes).map_err(|e| Diagnostic::error(Code::Binary, e.to_string()))?;
    let mut diagnostics = Vec::new();
    if decoded.replaced > 0 {
        diagnostics.push(Diagnostic::warning(
            Code::DecodeReplaced,
            format!(
                "{} byte sequence(s) invalid in {} were replaced with U+FFFD",
                decoded.replaced, decoded.encoding
            ),
        ));
    }
    if decoded.text.trim().is_empty() {
        diagnostics.push(Diagnostic::warning(
            Code::Empty,
            if bytes.is_empty() {
                "empty file"
            } else {
                "the file has only white space"
            },
        ));
    }
    let (text, repairs) = repaired(decoded.text);
    Ok(Prepared {
        text,
        facts: Facts {
            encoding: decoded.encoding,
            repairs,
            diagnostics,
        },
    })
}

/// [`prepare`] for the part of a file that `part` cuts from its decoded
/// text (the head of a note), repairing only that part. `prefix` says that
/// `bytes` are only the start of the file: then the part is taken from them
/// only if it ends before they do ([`decode::decode_prefix`]), else `None`,
/// and the caller reads the whole file.
pub fn prepare_part<'a>(
    bytes: &'a [u8],
    prefix: bool,
    part: impl FnOnce(&str) -> &str,
) -> Option<Prepared<'a>> {
    let (text, encoding) = if prefix {
        let text = decode::decode_prefix(bytes)?;
        let cut = part(text);
        if cut.len() >= text.len() {
            return None;
        }
        (Cow::Borrowed(cut), "utf-8")
    } else {
        let decoded = decode::decode(bytes).ok()?;
        let text = match decoded.text {
            Cow::Borrowed(t) => Cow::Borrowed(part(t)),
            Cow::Owned(t) => Cow::Owned(part(&t).to_string()),
        };
        (text, decoded.encoding)
    };
    let (text, repairs) = repaired(text);
    Some(Prepared {
        text,
        facts: Facts {
            encoding,
            repairs,
            diagnostics: Vec::new(),
        },
    })
}

/// The text with its mojibake repaired, borrowed from the bytes whenever
/// neither decoding nor repair had to change them.
fn repaired(decoded: Cow<'_, str>) -> (Cow<'_, str>, Vec<repair::Step>) {
    match decoded {
        Cow::Borrowed(text) => {
            let r = repair::repair(text);
            (r.text, r.steps)
        }
        Cow::Owned(text) => {
            let (fixed, steps) = {
                let r = repair::repair(&text);
                let fixed = match r.text {
                    Cow::Owned(fixed) => Some(fixed),
                    Cow::Borrowed(_) => None,
                };
                (fixed, r.steps)
            };
            (Cow::Owned(fixed.unwrap_or(text)), steps)
        }
    }
}

/// The lines of a text, without their line ends: LF, CRLF, and a bare CR
/// (old Mac files, some subtitle tools) each end a line, as the WebVTT
/// parsing algorithm has it. A last line without a line end counts; an
/// empty text has no lines.
pub fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0;
    // Most texts have no bare CR: cut at LF only, the way `str::lines` does.
    if !has_bare_cr(bytes) {
        for end in memchr::memchr_iter(b'\n', bytes) {
            let line = &text[start..end];
            lines.push(line.strip_suffix('\r').unwrap_or(line));
            start = end + 1;
        }
    } else {
        let mut i = 0;
        while let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let end = i + at;
            lines.push(&text[start..end]);
            i = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            start = i;
        }
    }
    if start < text.len() {
        let last = &text[start..];
        lines.push(last.strip_suffix('\r').unwrap_or(last));
    }
    lines
}

fn has_bare_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_bare_cr() {
        assert_eq!(lines("a\nb\r\nc"), ["a", "b", "c"]);
        assert_eq!(lines("a\rb\r\rc\r\n"), ["a", "b", "", "c"]);
        assert_eq!(lines(""), Vec::<&str>::new());
        assert_eq!(lines("\n"), [""]);
        // As `str::lines` cuts any text without a bare CR.
        for t in ["x\n\ny\r\n", "x", "a\r\n\r\nb", "end\r"] {
            if !has_bare_cr(t.as_bytes()) {
                assert_eq!(lines(t), t.lines().collect::<Vec<_>>(), "{t:?}");
            }
        }
        assert_eq!(lines("end\r"), ["end"]);
    }

    #[test]
    fn prepare_says_what_was_odd_and_repairs() {
        let p = prepare("VASTâ€™s\n".as_bytes()).unwrap();
        assert_eq!(p.text, "VAST’s\n");
        assert_eq!(p.facts.repairs.len(), 1);
        let p = prepare(b"  \n").unwrap();
        assert_eq!(p.facts.diagnostics[0].code, Code::Empty);
        assert_eq!(prepare(b"ab\0cd").unwrap_err().code, Code::Binary);
        let p = prepare(b"caf\xe9 ok\n").unwrap();
        assert_eq!(
            (p.text.as_ref(), p.facts.encoding),
            ("café ok\n", "windows-1252")
        );
    }
}
