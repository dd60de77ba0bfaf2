//! The fast path: deciding, without decoding anything, that a text has no
//! mojibake to look at.
//!
//! Mojibake of a non-ASCII character always shows as a character that some
//! codec encodes to a UTF-8 lead byte (0xC2–0xF4) followed directly by as
//! many characters as that lead needs that the *same* codec encodes to
//! continuation bytes (0x80–0xBF). Each character gets codec bitmasks (lead
//! of 2, 3 or 4 bytes, continuation, encodable), and the scan carries the
//! codecs still waiting for 1, 2 or 3 continuations, so the test is a few
//! ANDs per non-ASCII character. A text is
//! also suspect if it has a C1 control (never real text), a lead followed by
//! `�` (a lost byte), or `Ã`/`Â` before a space (`à`/NBSP whose 0xA0 became
//! a space). ASCII runs are skipped eight bytes at a time. Text with no
//! suspect pair is clean and is returned as it is.

use std::sync::OnceLock;

use super::codec::{Codec, DENSE, Mask, dense_index, table};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Masks {
    /// Leads of 2, 3 and 4 byte sequences.
    pub lead: [Mask; 3],
    pub cont: Mask,
    pub enc: Mask,
}

struct MaskTable {
    /// Masks of the characters in [`DENSE`].
    dense: Vec<Masks>,
    sparse: Vec<(char, Masks)>,
}

fn mask_table() -> &'static MaskTable {
    static T: OnceLock<MaskTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = MaskTable {
            dense: vec![Masks::default(); DENSE.iter().map(|r| r.len()).sum()],
            sparse: Vec::new(),
        };
        for codec in Codec::ALL {
            let bit = codec.bit();
            for (c, b) in table(codec).entries() {
                let m = if let Some(i) = dense_index(c as u32) {
                    &mut t.dense[i]
                } else {
                    match t.sparse.iter().position(|(k, _)| *k == c) {
                        Some(i) => &mut t.sparse[i].1,
                        None => {
                            t.sparse.push((c, Masks::default()));
                            &mut t.sparse.last_mut().expect("just pushed").1
                        }
                    }
                };
                m.enc |= bit;
                match b {
                    0xC2..=0xDF => m.lead[0] |= bit,
                    0xE0..=0xEF => m.lead[1] |= bit,
                    0xF0..=0xF4 => m.lead[2] |= bit,
                    0x80..=0xBF => m.cont |= bit,
                    _ => {}
                }
            }
        }
        t
    })
}

impl MaskTable {
    /// The masks of a non-ASCII character.
    #[inline(always)]
    fn get(&self, c: char) -> Masks {
        let cp = c as u32;
        if let Some(i) = dense_index(cp) {
            self.dense[i]
        } else if cp < 0xF000 {
            Masks::default()
        } else {
            self.sparse
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(Masks::default(), |(_, m)| *m)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scan {
    /// Something in the text could be mojibake.
    pub suspect: bool,
    /// Codecs that encode every non-ASCII character of the text (`�`
    /// excepted: it may stand for a lost byte).
    pub enc: Mask,
}

/// Every codec.
pub const ALL: Mask = (1 << Codec::ALL.len()) - 1;

pub fn scan(text: &str) -> Scan {
    scan_to(text, false)
}

/// Whether `text` is suspect, stopping at the first suspect pair: what a
/// document needs before trying to re-read it whole, where each codec's
/// attempt finds out for itself whether it can encode every character.
pub fn is_suspect(text: &str) -> bool {
    scan_to(text, true).suspect
}

fn scan_to(text: &str, stop_when_suspect: bool) -> Scan {
    let mut scanner = Scanner::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            scanner.ascii(b);
            i = skip_ascii(bytes, i + 1);
            continue;
        }
        let (c, width) = char_at(bytes, i);
        scanner.char(c);
        i += width;
        if stop_when_suspect && scanner.suspect {
            break;
        }
    }
    scanner.finish()
}

/// The state of a scan, fed one character at a time (ASCII runs as their
/// first byte: only it can matter). The transcoder feeds it what it writes,
/// so a repaired text needs no second scan.
pub struct Scanner {
    table: &'static MaskTable,
    enc: Mask,
    suspect: bool,
    /// Codecs waiting for 1, 2 or 3 more continuation characters.
    wait: [Mask; 3],
    prev_a: bool,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            table: mask_table(),
            enc: ALL,
            suspect: false,
            wait: [0; 3],
            prev_a: false,
        }
    }

    /// The first byte of a run of ASCII.
    #[inline(always)]
    pub fn ascii(&mut self, b: u8) {
        self.suspect |= b == b' ' && self.prev_a;
        self.wait = [0; 3];
        self.prev_a = false;
    }

    #[inline(always)]
    pub fn char(&mut self, c: char) {
        if c == '\u{FFFD}' {
            self.suspect |= self.wait != [0; 3];
            self.wait = [0; 3];
            self.prev_a = false;
            return;
        }
        let m = self.table.get(c);
        let w = self.wait;
        self.enc &= m.enc;
        self.suspect |= w[0] & m.cont != 0 || (0x80..=0x9F).contains(&(c as u32));
        self.wait = [
            w[1] & m.cont | m.lead[0],
            w[2] & m.cont | m.lead[1],
            m.lead[2],
        ];
        self.prev_a = matches!(c, 'Ã' | 'Â');
    }

    pub fn finish(&self) -> Scan {
        Scan {
            suspect: self.suspect,
            enc: self.enc,
        }
    }
}

/// The character starting at `bytes[i]` and its width, `bytes` being valid
/// UTF-8 (the bytes of a `str`).
#[inline(always)]
pub fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let (cp, width) = code_point_at(bytes, i);
    (char::from_u32(cp).unwrap_or('\u{FFFD}'), width)
}

/// The code point starting at `bytes[i]` and its width, `bytes` being
/// valid UTF-8. Cheaper than [`char_at`] where only tables are indexed.
#[inline(always)]
pub fn code_point_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = bytes[i] as u32;
    let cont = |k: usize| (bytes[i + k] & 0x3F) as u32;
    let (cp, width) = if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (cp, width)
}

/// The index of the first non-ASCII byte at or after `i`.
#[inline(always)]
pub fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while i + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_not_suspect() {
        for clean in [
            "plain ASCII",
            "São Paulo, ¿qué?, Zoë’s café — “fine” … 😀 ✅",
            "Ελληνικά, русский, 日本語, 한국어, עברית",
            "x ≥ 2 × π",
        ] {
            assert!(!scan(clean).suspect, "{clean}");
        }
    }

    #[test]
    fn mojibake_is_suspect() {
        for broken in [
            "cafÃ©",
            "Here‚Äôs",
            "Ã perturber",
            "a\u{85}",
            "SlovenÄ�ina",
            "РґРѕ",
        ] {
            assert!(scan(broken).suspect, "{broken}");
        }
    }

    #[test]
    fn encodable_mask_narrows_to_codecs_with_every_character() {
        let s = scan("Here‚Äôs √ü");
        assert_eq!(s.enc & Codec::MacRoman.bit(), Codec::MacRoman.bit());
        assert_eq!(s.enc & Codec::Windows1252.bit(), 0, "no √ in windows-1252");
        assert_eq!(scan("ok").enc, ALL);
    }

    #[test]
    fn ascii_skipping_finds_the_first_high_byte() {
        let text = "0123456789abcdefé";
        assert_eq!(skip_ascii(text.as_bytes(), 0), 16);
        assert_eq!(skip_ascii(b"abc", 0), 3);
    }
}
