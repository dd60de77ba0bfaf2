//! Bytes to text.
//!
//! Decides in this order, stopping at the first that applies:
//!
//! 1. A byte-order mark names the encoding (UTF-8, UTF-32LE, UTF-32BE,
//!    UTF-16LE, UTF-16BE). The UTF-32LE mark `FF FE 00 00` begins with the
//!    UTF-16LE one, so UTF-32 is asked first; a UTF-16LE file whose first
//!    character is U+0000 would be taken for UTF-32, which no text starts
//!    with. encoding_rs has no UTF-32 (the Encoding Standard dropped it), so
//!    it is decoded here, four bytes a character.
//! 2. UTF-16 without a BOM, recognised by NUL bytes in every other position
//!    (Windows tools write it; ASCII text in UTF-16 is half NULs).
//! 3. Any other NUL byte, or a high share of control characters: binary,
//!    not a document.
//! 4. Valid UTF-8 is taken as it is. This is the common case and costs one
//!    validation pass.
//! 5. Otherwise the legacy encoding is guessed with chardetng (the detector
//!    Firefox uses) and decoded with encoding_rs; Windows-1252 is the usual
//!    answer for Western text.
//!
//! Mojibake (UTF-8 that was *already* misdecoded before it was saved) is
//! valid UTF-8 and passes through here untouched: undoing it is the repair
//! stage's job.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from a file, with the encoding that was used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Lowercase name: `utf-8`, `utf-8-bom`, `utf-16le-bom`, `utf-16be`,
    /// `utf-32le-bom`, `windows-1252`…
    pub encoding: &'static str,
    /// Number of byte sequences that were invalid and became U+FFFD.
    pub replaced: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("binary file: NUL byte at offset {offset}")]
    NulByte { offset: usize },
    #[error("binary file: a NUL character after the byte order mark or in its UTF-16 text")]
    NulAfterMark,
    #[error("binary file: {percent}% of the first {sampled} bytes are control characters")]
    ControlBytes { percent: usize, sampled: usize },
}

/// The start of a file's text, from its first bytes only (`prefix`), for
/// passes that read only the head of each file. `Some` when the prefix
/// decides as [`decode`] would decide on it (no BOM or UTF-16, no NUL or
/// binary sample, valid UTF-8 up to a character cut off at the end);
/// `None` otherwise, and the caller reads the whole file. A file whose
/// invalid UTF-8 or NUL byte comes after the prefix decodes differently in
/// full, which only the first pass, that takes people from the heads of
/// notes, accepts.
pub fn decode_prefix(prefix: &[u8]) -> Option<&str> {
    if prefix.starts_with(b"\xEF\xBB\xBF")
        || prefix.starts_with(b"\xFF\xFE")
        || prefix.starts_with(b"\x00\x00\xFE\xFF")
        || prefix.starts_with(b"\xFE\xFF")
        || sniff_utf16(prefix).is_some()
        || memchr_nul(prefix).is_some()
        || check_control_bytes(prefix).is_err()
    {
        return None;
    }
    match std::str::from_utf8(prefix) {
        Ok(text) => Some(text),
        Err(e) if e.error_len().is_none() => {
            Some(std::str::from_utf8(&prefix[..e.valid_up_to()]).expect("valid up to here"))
        }
        Err(_) => None,
    }
}

/// How many leading bytes are examined for UTF-16 and control-character sniffing.
const SNIFF_LEN: usize = 8192;

/// How a file's bytes are to be decoded, from their first bytes: steps 1
/// to 3 of the module doc.
enum Way<'a> {
    /// UTF-16 or UTF-32 with a byte-order mark, or UTF-16 sniffed; the
    /// bytes after the mark.
    Wide(&'a [u8], Wide, &'static str),
    /// UTF-8 after its byte-order mark.
    Utf8Bom(&'a [u8]),
    /// No mark and no UTF-16: UTF-8 or a legacy code page.
    Plain,
}

#[derive(Clone, Copy)]
enum Wide {
    Utf16(&'static Encoding),
    Utf32(fn([u8; 4]) -> u32),
}

fn way(bytes: &[u8]) -> Way<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Way::Utf8Bom(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return Way::Wide(rest, Wide::Utf32(u32::from_le_bytes), "utf-32le-bom");
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return Way::Wide(rest, Wide::Utf32(u32::from_be_bytes), "utf-32be-bom");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Way::Wide(rest, Wide::Utf16(UTF_16LE), "utf-16le-bom");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Way::Wide(rest, Wide::Utf16(UTF_16BE), "utf-16be-bom");
    }
    match sniff_utf16(bytes) {
        Some(e) if e == UTF_16LE => Way::Wide(bytes, Wide::Utf16(e), "utf-16le"),
        Some(e) => Way::Wide(bytes, Wide::Utf16(e), "utf-16be"),
        None => Way::Plain,
    }
}

fn decode_wide(bytes: &[u8], wide: Wide, name: &'static str) -> Decoded<'static> {
    match wide {
        Wide::Utf16(encoding) => {
            let d = with_encoding(bytes, encoding, name);
            Decoded {
                text: Cow::Owned(d.text.into_owned()),
                encoding: d.encoding,
                replaced: d.replaced,
            }
        }
        Wide::Utf32(word) => utf32(bytes, word, name),
    }
}

/// Text, or binary: no NUL byte, and few control bytes at the start.
/// Asked of the bytes after a UTF-8 mark too (a mark followed by an
/// executable is an executable), and of the text a wide encoding decodes
/// to (a mark or NULs in every other place, followed by anything).
fn check_text(bytes: &[u8], after_mark: bool) -> Result<(), DecodeError> {
    if let Some(offset) = memchr_nul(bytes) {
        return Err(if after_mark {
            DecodeError::NulAfterMark
        } else {
            DecodeError::NulByte { offset }
        });
    }
    check_control_bytes(bytes)
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    match way(bytes) {
        Way::Utf8Bom(rest) => {
            check_text(rest, true)?;
            Ok(with_encoding(rest, UTF_8, "utf-8-bom"))
        }
        Way::Wide(rest, wide, name) => {
            let decoded = decode_wide(rest, wide, name);
            check_text(decoded.text.as_bytes(), true)?;
            Ok(decoded)
        }
        Way::Plain => {
            check_text(bytes, false)?;
            if let Ok(text) = std::str::from_utf8(bytes) {
                return Ok(Decoded {
                    text: Cow::Borrowed(text),
                    encoding: "utf-8",
                    replaced: 0,
                });
            }
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            Ok(with_encoding(bytes, encoding, legacy_name(encoding)))
        }
    }
}

/// Whether [`decode`] would call a file binary, from its first bytes only
/// (`head`, at least 64 KiB of a longer file): the same error it would
/// give, or `Ok` if it would not. Lets a reader refuse a large binary file
/// without reading the rest. The decision of `decode` rests on the first
/// 8 KiB (the mark, UTF-16, control bytes) and the first NUL, so a NUL
/// past the head is the one case told only by reading on.
pub fn check_head(head: &[u8]) -> Result<(), DecodeError> {
    match way(head) {
        Way::Utf8Bom(rest) => check_text(rest, true),
        Way::Wide(rest, wide, name) => {
            // A character cut off at the end of the head decodes to U+FFFD,
            // which is no control character.
            check_text(decode_wide(rest, wide, name).text.as_bytes(), true)
        }
        Way::Plain => check_text(head, false),
    }
}

fn with_encoding<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    name: &'static str,
) -> Decoded<'a> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        // U+FFFD may also be in the file legitimately; counting the ones in
        // the output over-reports in that rare case, which is the safe side.
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text,
        encoding: name,
        replaced,
    }
}

/// UTF-32 after its BOM, four bytes a code point read by `word`. A value
/// that is no Unicode scalar value (a surrogate, above U+10FFFF) and an
/// incomplete last group of one to three bytes each become one U+FFFD,
/// counted in `replaced`.
fn utf32(bytes: &[u8], word: fn([u8; 4]) -> u32, name: &'static str) -> Decoded<'static> {
    let groups = bytes.chunks_exact(4);
    let tail = groups.remainder().len();
    let mut text = String::with_capacity(bytes.len() / 4 + tail);
    let mut replaced = 0;
    for group in groups {
        let code = word([group[0], group[1], group[2], group[3]]);
        text.push(char::from_u32(code).unwrap_or_else(|| {
            replaced += 1;
            '\u{FFFD}'
        }));
    }
    if tail > 0 {
        text.push('\u{FFFD}');
        replaced += 1;
    }
    Decoded {
        text: Cow::Owned(text),
        encoding: name,
        replaced,
    }
}

/// The WHATWG name in lowercase (`windows-1252`, `shift_jis`, `gbk`).
fn legacy_name(encoding: &'static Encoding) -> &'static str {
    // encoding_rs names are mixed case ("Shift_JIS", "UTF-8"); a fixed table
    // keeps the output column lowercase without allocating per document.
    match encoding.name() {
        "Big5" => "big5",
        "EUC-JP" => "euc-jp",
        "EUC-KR" => "euc-kr",
        "GBK" => "gbk",
        "ISO-2022-JP" => "iso-2022-jp",
        "ISO-8859-2" => "iso-8859-2",
        "ISO-8859-4" => "iso-8859-4",
        "ISO-8859-5" => "iso-8859-5",
        "ISO-8859-6" => "iso-8859-6",
        "ISO-8859-7" => "iso-8859-7",
        "ISO-8859-8" => "iso-8859-8",
        "ISO-8859-8-I" => "iso-8859-8-i",
        "ISO-8859-13" => "iso-8859-13",
        "KOI8-U" => "koi8-u",
        "Shift_JIS" => "shift_jis",
        "UTF-8" => "utf-8",
        "IBM866" => "ibm866",
        "KOI8-R" => "koi8-r",
        // The rest (`windows-1252`, `macintosh`, `x-mac-cyrillic`…) are
        // lowercase already.
        other => other,
    }
}

/// UTF-16 without a BOM: most even (LE) or odd (BE) bytes are NUL and the
/// other half has almost none. Text in any Latin script in UTF-16 looks like
/// this; text in CJK scripts does not, but such files nearly always carry a
/// BOM.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd_nul) && hardly(even_nul) {
        Some(UTF_16LE)
    } else if mostly(even_nul) && hardly(odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// Text has few C0 control characters besides tab, newline, form feed and
/// carriage return. More than 10% in the first 8 KiB means binary.
fn check_control_bytes(bytes: &[u8]) -> Result<(), DecodeError> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if !sample.is_empty() && controls * 10 > sample.len() {
        return Err(DecodeError::ControlBytes {
            percent: controls * 100 / sample.len(),
            sampled: sample.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_decodes_as_utf8_up_to_a_cut_character() {
        assert_eq!(decode_prefix("Zoë".as_bytes()), Some("Zoë"));
        assert_eq!(decode_prefix(&"Zoë".as_bytes()[..3]), Some("Zo"));
        // Anything decode would not take as plain UTF-8 needs the whole file.
        assert_eq!(decode_prefix(b"Zo\xEB Hartmann"), None);
        assert_eq!(decode_prefix(b"\xEF\xBB\xBFZo"), None);
        assert_eq!(decode_prefix(b"a\0b"), None);
        assert_eq!(decode_prefix(b"Z\0o\0e\0 \0H\0a\0"), None);
    }

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    /// `EF BB BF` or `FF FE` before an executable skipped the binary
    /// check: NUL, BEL and ESC bytes reached the tables.
    #[test]
    fn a_byte_order_mark_does_not_hide_a_binary_file() {
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
        for mark in [
            &b"\xEF\xBB\xBF"[..],
            b"\xFF\xFE",
            b"\xFE\xFF",
            b"\xFF\xFE\0\0",
        ] {
            let file = [mark, &elf[..]].concat();
            assert_eq!(
                decode(&file).unwrap_err(),
                DecodeError::NulAfterMark,
                "{mark:?}"
            );
            assert_eq!(check_head(&file).unwrap_err(), DecodeError::NulAfterMark);
        }
        let bells = [&b"\xEF\xBB\xBF"[..], &b"\x07\x1b"[..].repeat(50)].concat();
        assert!(matches!(
            decode(&bells),
            Err(DecodeError::ControlBytes { .. })
        ));
        let mut text = vec![0xFF, 0xFE];
        text.extend(utf16le("a text\n"));
        assert!(decode(&text).is_ok() && check_head(&text).is_ok());
    }

    /// The head decides as the whole file does, for every kind of file.
    #[test]
    fn the_head_of_a_file_says_binary_exactly_when_the_whole_does() {
        let mut files: Vec<Vec<u8>> = vec![
            "Zoë\n".repeat(20_000).into_bytes(),
            b"\xEF\xBB\xBFZo\xC3\xAB\n".repeat(20_000),
            b"a\x07b\n".repeat(20_000),
            b"Zo\xEB Hartmann\n".repeat(10_000),
        ];
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16le(&"Grüße\n".repeat(20_000)));
        files.push(le.clone());
        files.push(le[2..].to_vec());
        let mut nul = le.clone();
        nul.extend([0, 0, b'x', 0]);
        files.push(nul.clone());
        files.push([&b"\xEF\xBB\xBF"[..], &[0u8; 4][..]].concat());
        for file in &files {
            let head = &file[..file.len().min(64 * 1024)];
            let whole = decode(file).err();
            // A NUL past the head is told only by the whole file.
            if head.len() == file.len() || !matches!(whole, Some(DecodeError::NulAfterMark)) {
                assert_eq!(check_head(head).err(), whole);
            }
        }
    }

    #[test]
    fn utf8_is_borrowed_as_is() {
        let d = decode("Zoë — ok\n".as_bytes()).unwrap();
        assert_eq!(d.text, "Zoë — ok\n");
        assert_eq!(d.encoding, "utf-8");
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBF# Title\n").unwrap();
        assert_eq!(d.text, "# Title\n");
        assert_eq!(d.encoding, "utf-8-bom");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16le("[00:00:01.00]  Zoë Hartmannhallo\n"));
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "[00:00:01.00]  Zoë Hartmannhallo\n");
        assert_eq!(d.encoding, "utf-16le-bom");

        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16be("Grüße\n"));
        let d = decode(&be).unwrap();
        assert_eq!(d.text, "Grüße\n");
        assert_eq!(d.encoding, "utf-16be-bom");
    }

    fn utf32(s: &str, word: fn(u32) -> [u8; 4]) -> Vec<u8> {
        s.chars().flat_map(|c| word(c as u32)).collect()
    }

    #[test]
    fn utf32_with_bom_is_not_taken_for_utf16() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nZoë 😀\n";
        let mut le = vec![0xFF, 0xFE, 0x00, 0x00];
        le.extend(utf32(text, u32::to_le_bytes));
        let d = decode(&le).unwrap();
        assert_eq!(d.text, text);
        assert_eq!((d.encoding, d.replaced), ("utf-32le-bom", 0));

        let mut be = vec![0x00, 0x00, 0xFE, 0xFF];
        be.extend(utf32(text, u32::to_be_bytes));
        let d = decode(&be).unwrap();
        assert_eq!(d.text, text);
        assert_eq!((d.encoding, d.replaced), ("utf-32be-bom", 0));
        // Neither is plain UTF-8: the whole file must be decoded.
        assert_eq!(decode_prefix(&le), None);
        assert_eq!(decode_prefix(&be), None);
    }

    #[test]
    fn utf32_code_points_that_are_not_characters_become_replacements() {
        let mut bytes = vec![0xFF, 0xFE, 0x00, 0x00];
        bytes.extend(u32::to_le_bytes('a' as u32));
        bytes.extend(u32::to_le_bytes(0xD800)); // a surrogate
        bytes.extend(u32::to_le_bytes(0x11_0000)); // past the last code point
        bytes.extend(u32::to_le_bytes('b' as u32));
        bytes.extend([b'c', 0]); // a cut-off last character
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "a\u{FFFD}\u{FFFD}b\u{FFFD}");
        assert_eq!((d.encoding, d.replaced), ("utf-32le-bom", 3));
        // Only the BOM: an empty text.
        let d = decode(b"\x00\x00\xFE\xFF").unwrap();
        assert_eq!((d.text.as_ref(), d.replaced), ("", 0));
    }

    #[test]
    fn utf16_without_bom_is_sniffed() {
        let bytes = utf16le("---\ntype: note\n---\n# Zoë\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "---\ntype: note\n---\n# Zoë\n");
        assert_eq!(d.encoding, "utf-16le");
        let bytes = utf16be("plain text here\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "plain text here\n");
        assert_eq!(d.encoding, "utf-16be");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café – naïve “quotes”" in Windows-1252.
        let bytes =
            b"Caf\xE9 \x96 na\xEFve \x93quotes\x94 and the r\xE9sum\xE9 of the d\xE9j\xE0 vu\n";
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(
            d.text,
            "Café – naïve “quotes” and the résumé of the déjà vu\n"
        );
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::NulByte { offset: 8 })
        );
    }

    #[test]
    fn control_characters_mean_binary() {
        let bytes: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(matches!(
            decode(&bytes),
            Err(DecodeError::ControlBytes { .. })
        ));
    }

    #[test]
    fn crlf_and_empty_are_text() {
        assert_eq!(decode(b"a\r\nb\r\n").unwrap().text, "a\r\nb\r\n");
        assert_eq!(decode(b"").unwrap().text, "");
    }
}
