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

/// Decodes and repairs a file's bytes, for the tables: line ends made one
/// ([`unify_line_ends`]) and control characters replaced
/// ([`replace_controls`], with a warning). A file that is not text
/// (binary) is an error diagnostic: it cannot be processed.
pub fn prepare(bytes: &[u8]) -> Result<Prepared<'_>, Diagnostic> {
    let mut prepared = prepare_with(bytes, true)?;
    let (text, controls) = replace_controls(prepared.text);
    prepared.text = text;
    if let Some(found) = controls {
        prepared.facts.diagnostics.push(found);
    }
    Ok(prepared)
}

/// Decodes and repairs a file's bytes, and nothing else: the text as the
/// file means it, line ends and all (the `fix` command's output).
/// The one change: a NUL the repair made (Java's modified UTF-8 writes
/// U+0000 as `C0 80`, `À€` once misread) becomes U+FFFD, so that what
/// `fix` writes is text that `fix` reads again.
pub fn prepare_faithful(bytes: &[u8]) -> Result<Prepared<'_>, Diagnostic> {
    let mut prepared = prepare_with(bytes, false)?;
    if prepared.text.contains('\0') {
        prepared.text = Cow::Owned(prepared.text.replace('\0', "\u{FFFD}"));
    }
    Ok(prepared)
}

fn prepare_with(bytes: &[u8], for_tables: bool) -> Result<Prepared<'_>, Diagnostic> {
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
    let text = if for_tables {
        unify_line_ends(decoded.text)
    } else {
        decoded.text
    };
    let (text, repairs) = repaired(text);
    let text = without_leading_marks(text);
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
    // The part is cut from the text with its line ends made one, as the
    // main pass sees it (a CR-only note's head is its first lines).
    let cut_part = |text: Cow<'a, str>| match unify_line_ends(text) {
        Cow::Borrowed(t) => Cow::Borrowed(part(t)),
        Cow::Owned(t) => Cow::Owned(part(&t).to_string()),
    };
    let (text, encoding) = if prefix {
        let text = decode::decode_prefix(bytes)?;
        let cut = cut_part(Cow::Borrowed(text));
        if cut.len() >= text.len() {
            return None;
        }
        (cut, "utf-8")
    } else {
        let decoded = decode::decode(bytes).ok()?;
        (cut_part(decoded.text), decoded.encoding)
    };
    let (text, repairs) = repaired(text);
    let (text, _) = replace_controls(without_leading_marks(text));
    Some(Prepared {
        text,
        facts: Facts {
            encoding,
            repairs,
            diagnostics: Vec::new(),
        },
    })
}

/// The text without the U+FEFF it starts with, if any: a second byte
/// order mark, or one the repair brought back (`ï»¿` is a UTF-8 mark read
/// as Windows-1252). Written out by `fix`, it would be a mark the next
/// read strips, and `fix` would not give the same text twice
/// (`fix(fix(x)) == fix(x)`); before a frontmatter it would hide it.
fn without_leading_marks(text: Cow<'_, str>) -> Cow<'_, str> {
    let marks = text.len() - text.trim_start_matches('\u{FEFF}').len();
    match text {
        _ if marks == 0 => text,
        Cow::Borrowed(t) => Cow::Borrowed(&t[marks..]),
        Cow::Owned(mut t) => {
            t.drain(..marks);
            Cow::Owned(t)
        }
    }
}

/// The text with its mojibake repaired, borrowed from the bytes whenever
/// neither decoding nor repair had to change them.
///
/// Repaired until nothing changes (at most [`REPAIR_PASSES`] times): a
/// repair that changed something may leave what one more reading finds
/// (`ï»¿` before a text mixed up twice decodes one layer), and `fix` must
/// give the same text when run on its own output.
fn repaired(decoded: Cow<'_, str>) -> (Cow<'_, str>, Vec<repair::Step>) {
    let (mut text, mut steps) = repaired_once(decoded);
    if steps.is_empty() {
        return (text, steps);
    }
    for _ in 1..REPAIR_PASSES {
        let (again, more) = repaired_once(without_leading_marks(text));
        text = again;
        if more.is_empty() {
            break;
        }
        steps.extend(more);
    }
    (text, steps)
}

/// How many times at most [`repaired`] repairs a text: each pass undoes at
/// least one layer, and text misread more than four times over is not
/// seen in the wild (ftfy's suite has two).
const REPAIR_PASSES: usize = 4;

fn repaired_once(decoded: Cow<'_, str>) -> (Cow<'_, str>, Vec<repair::Step>) {
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

/// A bare CR (old Mac files, a CR left alone in a CRLF file) becomes LF.
/// [`lines`] cuts at all three line ends, but code that looks for the end
/// of a frontmatter or a run of transcript lines by LF saw a CR-only file
/// as one line; with one line end, every stage sees the same lines. Byte
/// for byte, so offsets and line numbers stay as they were; CRLF stays.
pub fn unify_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if !has_bare_cr(text.as_bytes()) {
        return text;
    }
    let mut bytes = text.into_owned().into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    Cow::Owned(String::from_utf8(bytes).expect("CR for LF keeps UTF-8"))
}

/// Whether a character is a control character that is no text: C0 but
/// tab, LF and CR; DEL; C1. (Form feed and vertical tab included: a table
/// cell has no pages.)
pub fn is_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// Where the first control character of [`is_control`] starts, by bytes:
/// chunks of 64 are passed over when no byte of them is below a space,
/// DEL or 0xC2 (the lead byte of C1 and of common Latin-1 letters, so a
/// hit is checked: C1 is `C2 80` to `C2 9F`).
fn first_control(bytes: &[u8]) -> Option<usize> {
    let maybe = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2;
    let mut from = 0;
    for chunk in bytes.chunks(64) {
        if chunk.iter().fold(false, |any, &b| any | maybe(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                let at = from + i;
                let c1 = b == 0xC2 && bytes.get(at + 1).is_some_and(|n| (0x80..=0x9F).contains(n));
                if c1 || (b != 0xC2 && maybe(b)) {
                    return Some(at);
                }
            }
        }
        from += chunk.len();
    }
    None
}

/// Control characters that are no text ([`is_control`]) replaced by
/// U+FFFD, and a warning saying how many and where the first was: a
/// table cell must not ring a bell, start a terminal escape or hide a
/// NUL. Run after the repair, which reads C1 characters as mojibake
/// (`â\u{80}\u{99}` is UTF-8 `’` decoded as Latin-1). Costs a scan of the
/// bytes for anything below a space, DEL and the lead byte of C1 (0xC2),
/// then a look at each hit.
pub fn replace_controls(text: Cow<'_, str>) -> (Cow<'_, str>, Option<Diagnostic>) {
    let bytes = text.as_bytes();
    let Some(first) = first_control(bytes) else {
        return (text, None);
    };
    let newlines = memchr::memchr_iter(b'\n', &bytes[..first]).count();
    let what = text[first..].chars().next().expect("a character");
    let mut count = 0;
    let replaced: String = text
        .chars()
        .map(|c| {
            if is_control(c) {
                count += 1;
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let found = Diagnostic::warning(
        Code::ControlCharacters,
        format!(
            "{count} control character(s) replaced with U+FFFD (the first, U+{:04X})",
            u32::from(what)
        ),
    )
    .at(crate::model::LineNo::from_index(newlines));
    (Cow::Owned(replaced), Some(found))
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

    /// `fix` of `ï»¿VASTâ€™s` wrote a byte order mark that the next `fix`
    /// stripped: fixing twice changed the text.
    #[test]
    fn preparing_is_idempotent_with_a_repaired_or_doubled_mark() {
        for input in [
            "ï»¿VASTâ€™s plan\n".as_bytes(),
            "ï»¿â€œquoteâ€\n".as_bytes(),
            b"\xEF\xBB\xBF\xEF\xBB\xBF---\ntitle: x\n---\n",
        ] {
            let once = prepare_faithful(input).unwrap().text.into_owned();
            let twice = prepare_faithful(once.as_bytes()).unwrap().text.into_owned();
            assert_eq!(once, twice, "{input:?}");
            assert!(!once.starts_with('\u{FEFF}'));
        }
    }

    /// Found by fuzzing: `À ` (a space where 0xA0 may have been) read as
    /// the overlong `C0 A0`, which decoded as Java's NUL, and `fix` wrote a
    /// file the next `fix` called binary.
    #[test]
    fn a_space_after_a_c0_lead_is_no_nul_and_fix_writes_no_nul() {
        let input = "ri\u{ea}ng l\u{ea}n\u{c0} gi\u{e1}? caf\u{c3}\u{a9}\n";
        let once = prepare_faithful(input.as_bytes())
            .unwrap()
            .text
            .into_owned();
        assert!(!once.contains('\0'), "{once:?}");
        assert_eq!(prepare_faithful(once.as_bytes()).unwrap().text, once);
        let java = prepare_faithful("a\u{c0}\u{20ac}b caf\u{c3}\u{a9}\n".as_bytes()).unwrap();
        assert!(!java.text.contains('\0'), "{:?}", java.text);
    }

    #[test]
    fn bare_crs_become_lf_byte_for_byte() {
        assert_eq!(unify_line_ends("a\rb\r\nc\r".into()), "a\nb\r\nc\n");
        assert!(matches!(unify_line_ends("a\r\nb".into()), Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_are_replaced_and_told_once() {
        let (text, found) = replace_controls("ok\ttab\nline\r\n".into());
        assert!(matches!(text, Cow::Borrowed(_)) && found.is_none());
        // The first 0xC2 begins a character in the 64-byte chunk before it
        // (a regression: the search began inside a character).
        let text = format!("{}é\u{a0}x\u{7}\n\u{85}", "a".repeat(63));
        let (text, found) = replace_controls(text.into());
        assert_eq!(
            text,
            format!("{}é\u{a0}x\u{fffd}\n\u{fffd}", "a".repeat(63))
        );
        let found = found.unwrap();
        assert_eq!(
            (found.code, found.line),
            (Code::ControlCharacters, Some(crate::model::LineNo(1)))
        );
        assert!(
            found.message.starts_with("2 control character(s)"),
            "{}",
            found.message
        );
        // Non-breaking spaces (0xC2 0xA0) are text.
        assert!(replace_controls("a\u{a0}b".into()).1.is_none());
        // The byte scan finds what a search by characters finds, across
        // chunk ends.
        let pieces = [
            "a", "é", "\u{a0}", "\u{85}", "\u{7}", "\u{7f}", "\t", "\n", "€", "°",
        ];
        for n in 0..2000usize {
            let t: String = (0..(n % 150))
                .map(|i| pieces[(i * 7 + n * 13 + i * i) % pieces.len()])
                .collect();
            assert_eq!(first_control(t.as_bytes()), t.find(is_control), "{t:?}");
        }
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
