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

use super::codec::{Codec, Mask, table};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Masks {
    /// Leads of 2, 3 and 4 byte sequences.
    pub lead: [Mask; 3],
    pub cont: Mask,
    pub enc: Mask,
}

/// Characters with masks: two dense ranges hold all but three of them.
const LOW: std::ops::Range<u32> = 0x80..0x600;
const PUNCT: std::ops::Range<u32> = 0x2000..0x2600;

struct MaskTable {
    low: Vec<Masks>,
    punct: Vec<Masks>,
    sparse: Vec<(char, Masks)>,
}

fn mask_table() -> &'static MaskTable {
    static T: OnceLock<MaskTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = MaskTable {
            low: vec![Masks::default(); LOW.len()],
            punct: vec![Masks::default(); PUNCT.len()],
            sparse: Vec::new(),
        };
        for codec in Codec::ALL {
            let bit = codec.bit();
            for (c, b) in table(codec).entries() {
                let cp = c as u32;
                let m = if LOW.contains(&cp) {
                    &mut t.low[(cp - LOW.start) as usize]
                } else if PUNCT.contains(&cp) {
                    &mut t.punct[(cp - PUNCT.start) as usize]
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

/// The masks of a non-ASCII character.
#[inline]
pub fn masks(c: char) -> Masks {
    let t = mask_table();
    let cp = c as u32;
    if cp < LOW.end {
        t.low[(cp - LOW.start) as usize]
    } else if PUNCT.contains(&cp) {
        t.punct[(cp - PUNCT.start) as usize]
    } else if cp < 0xF000 {
        Masks::default()
    } else {
        t.sparse
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(Masks::default(), |(_, m)| *m)
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

const ALL: Mask = (1 << Codec::ALL.len()) - 1;

pub fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut enc = ALL;
    let mut suspect = false;
    // Codecs waiting for 1, 2 or 3 more continuation characters.
    let mut wait: [Mask; 3] = [0; 3];
    let mut prev_a = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b == b' ' && prev_a {
                suspect = true;
            }
            wait = [0; 3];
            prev_a = false;
            i = skip_ascii(bytes, i + 1);
            continue;
        }
        let width = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        // `text` is valid UTF-8, so this slice is one whole character.
        let c = text[i..i + width].chars().next().unwrap_or('\u{FFFD}');
        i += width;
        if c == '\u{FFFD}' {
            suspect |= wait != [0; 3];
            wait = [0; 3];
            prev_a = false;
            continue;
        }
        let m = masks(c);
        enc &= m.enc;
        suspect |= wait[0] & m.cont != 0 || (0x80..=0x9F).contains(&(c as u32));
        wait = [
            wait[1] & m.cont | m.lead[0],
            wait[2] & m.cont | m.lead[1],
            m.lead[2],
        ];
        prev_a = matches!(c, 'Ã' | 'Â');
    }
    Scan { suspect, enc }
}

/// The index of the first non-ASCII byte at or after `i`.
#[inline]
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
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
