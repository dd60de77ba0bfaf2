//! The single-byte code pages that UTF-8 gets misread as.
//!
//! Mojibake is UTF-8 bytes decoded with the wrong single-byte table; undoing
//! it means encoding the text back through that table and decoding the bytes
//! as UTF-8. A [`Codec`] is one such table in both directions.
//!
//! Tables come from `encoding_rs` (the WHATWG tables browsers use) where it
//! has them, and from the Unicode consortium's published mapping for cp437
//! (`cp437.rs`). Every table here is *sloppy*: a byte the code page leaves
//! undefined decodes to the Latin-1 character with the same number (a C1
//! control for 0x80–0x9F), as browsers and Python's "sloppy" codecs do, so
//! all 256 bytes round-trip. Encoding is a little wider than decoding, to
//! accept what real misreadings produce:
//! - windows-1252 also encodes every C1 control to its own byte, because
//!   Latin-1 and windows-1252 misreadings get mixed in one text (`â\u{80}\u{99}`
//!   next to `â€™`); Latin-1 is therefore not a codec of its own, and a repair
//!   that only needed C1 controls is reported as `latin-1`.
//! - Mac Roman encodes both `€` (Apple's table since 1998) and `¤` (the
//!   older one, and Python's) to 0xDB, and U+F8FF (the Apple logo) to 0xF0.

use std::sync::OnceLock;

/// A code page UTF-8 may have been misread as. The order is the order in
/// which repairs are tried when two codecs would give the same result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Codec {
    Windows1252,
    Windows1250,
    Iso8859_2,
    Windows1251,
    MacRoman,
    Windows1253,
    Windows1254,
    Windows1257,
    Cp437,
}

impl Codec {
    pub const ALL: [Codec; 9] = [
        Codec::Windows1252,
        Codec::Windows1250,
        Codec::Iso8859_2,
        Codec::Windows1251,
        Codec::MacRoman,
        Codec::Windows1253,
        Codec::Windows1254,
        Codec::Windows1257,
        Codec::Cp437,
    ];

    /// The name used in explanations and in `repairs.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Windows1252 => "windows-1252",
            Codec::Windows1250 => "windows-1250",
            Codec::Iso8859_2 => "iso-8859-2",
            Codec::Windows1251 => "windows-1251",
            Codec::MacRoman => "mac-roman",
            Codec::Windows1253 => "windows-1253",
            Codec::Windows1254 => "windows-1254",
            Codec::Windows1257 => "windows-1257",
            Codec::Cp437 => "cp437",
        }
    }

    /// This codec's bit in a [`Mask`].
    pub fn bit(self) -> Mask {
        1 << (self as u16)
    }

    fn whatwg_label(self) -> Option<&'static str> {
        Some(match self {
            Codec::Windows1252 => "windows-1252",
            Codec::Windows1250 => "windows-1250",
            Codec::Iso8859_2 => "iso-8859-2",
            Codec::Windows1251 => "windows-1251",
            Codec::MacRoman => "macintosh",
            Codec::Windows1253 => "windows-1253",
            Codec::Windows1254 => "windows-1254",
            Codec::Windows1257 => "windows-1257",
            Codec::Cp437 => return None,
        })
    }

    /// The byte `c` encodes to, if this code page has `c`.
    #[inline]
    pub fn encode(self, c: char) -> Option<u8> {
        table(self).encode(c)
    }

    /// The character byte `b` decodes to.
    pub fn decode(self, b: u8) -> char {
        table(self).decode[b as usize]
    }

    /// Whether this code page leaves byte `b` undefined: the sloppy table
    /// decodes it to the C1 control of the same number (0x81, 0x8D, 0x8F,
    /// 0x90, 0x9D in windows-1252; none in Mac Roman).
    pub fn undefined(self, b: u8) -> bool {
        (0x80..=0x9F).contains(&b) && self.decode(b) as u32 == u32::from(b)
    }
}

/// A set of codecs, one bit each.
pub type Mask = u16;

/// Both directions of one code page.
pub struct Table {
    decode: [char; 256],
    /// Byte for each of U+0000..U+00FF, or `NONE`.
    low: [u16; 256],
    /// Byte for each character above U+00FF the page has, sorted.
    high: Vec<(char, u8)>,
    /// Byte (0: none) for every character in [`DENSE`], so that encoding
    /// the characters mojibake is made of needs no search.
    dense: Vec<u8>,
}

/// The two ranges that hold all but three of the characters any codec
/// here has: U+0080–U+05FF (Latin, Greek, Cyrillic, Hebrew, Arabic) and
/// U+2000–U+25FF (punctuation, symbols, box drawing).
pub const DENSE: [std::ops::Range<u32>; 2] = [0x80..0x600, 0x2000..0x2600];
const DENSE_LEN: usize = (0x600 - 0x80) + (0x2600 - 0x2000);

/// Index of `cp` in a table over [`DENSE`].
#[inline(always)]
pub fn dense_index(cp: u32) -> Option<usize> {
    if cp < DENSE[0].end {
        cp.checked_sub(DENSE[0].start).map(|i| i as usize)
    } else if DENSE[1].contains(&cp) {
        Some((DENSE[0].end - DENSE[0].start + cp - DENSE[1].start) as usize)
    } else {
        None
    }
}

const NONE: u16 = u16::MAX;

impl Table {
    fn build(codec: Codec) -> Table {
        let mut decode = ['\0'; 256];
        for (b, slot) in decode.iter_mut().enumerate() {
            *slot = if b < 0x80 {
                b as u8 as char
            } else if let Some(label) = codec.whatwg_label() {
                let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
                    .expect("encoding_rs knows every label listed above");
                let byte = [b as u8];
                let (text, _, had_errors) = encoding.decode(&byte);
                match text.chars().next() {
                    Some(c) if !had_errors => c,
                    // Undefined in the page: the Latin-1 character.
                    _ => b as u8 as char,
                }
            } else {
                super::cp437::UPPER[b - 0x80]
            };
        }
        let mut table = Table {
            decode,
            low: [NONE; 256],
            high: Vec::new(),
            dense: vec![0; DENSE_LEN],
        };
        for b in 0..=255u8 {
            table.add(table.decode[b as usize], b);
        }
        match codec {
            Codec::Windows1252 => {
                for b in 0x80..=0x9Fu8 {
                    table.add(b as char, b);
                }
            }
            Codec::MacRoman => {
                table.add('\u{A4}', 0xDB);
                table.add('\u{20AC}', 0xDB);
                table.add('\u{F8FF}', 0xF0);
            }
            _ => {}
        }
        table.high.sort_unstable();
        table.high.dedup_by_key(|(c, _)| *c);
        for cp in DENSE.iter().flat_map(|r| r.clone()) {
            if let (Some(c), Some(i)) = (char::from_u32(cp), dense_index(cp)) {
                table.dense[i] = table.encode_slow(c).unwrap_or(0);
            }
        }
        table
    }

    fn add(&mut self, c: char, b: u8) {
        match u8::try_from(c as u32) {
            Ok(low) => {
                if self.low[low as usize] == NONE {
                    self.low[low as usize] = b as u16;
                }
            }
            Err(_) => self.high.push((c, b)),
        }
    }

    /// The byte `c` encodes to, if the page has `c`.
    #[inline]
    pub fn encode(&self, c: char) -> Option<u8> {
        self.encode_cp(c as u32)
    }

    /// [`Table::encode`] of a code point.
    #[inline(always)]
    pub fn encode_cp(&self, cp: u32) -> Option<u8> {
        if cp < 0x80 {
            return Some(cp as u8);
        }
        match dense_index(cp) {
            Some(i) => match self.dense[i] {
                0 => None,
                b => Some(b),
            },
            None => char::from_u32(cp).and_then(|c| self.encode_slow(c)),
        }
    }

    fn encode_slow(&self, c: char) -> Option<u8> {
        match u8::try_from(c as u32) {
            Ok(low) => match self.low[low as usize] {
                NONE => None,
                b => Some(b as u8),
            },
            Err(_) => self
                .high
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| self.high[i].1),
        }
    }

    /// Every non-ASCII character this page encodes, with its byte.
    pub fn entries(&self) -> impl Iterator<Item = (char, u8)> + '_ {
        (0x80..=0xFFu8)
            .filter_map(|c| match self.low[c as usize] {
                NONE => None,
                b => Some((c as char, b as u8)),
            })
            .chain(self.high.iter().copied())
    }
}

/// The table of a codec, built once per process.
pub fn table(codec: Codec) -> &'static Table {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    &TABLES.get_or_init(|| Codec::ALL.iter().map(|&c| Table::build(c)).collect())[codec as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_round_trips() {
        for codec in Codec::ALL {
            for b in 0..=255u8 {
                let c = codec.decode(b);
                assert_eq!(codec.encode(c), Some(b), "{codec:?} {b:#04x} {c:?}");
            }
        }
    }

    #[test]
    fn tables_match_the_published_code_pages() {
        assert_eq!(Codec::Windows1252.decode(0x80), '€');
        assert_eq!(Codec::Windows1252.decode(0x9D), '\u{9D}', "undefined: kept");
        assert_eq!(
            Codec::Windows1252.encode('\u{80}'),
            Some(0x80),
            "Latin-1 too"
        );
        assert_eq!(Codec::MacRoman.decode(0xF0), '\u{F8FF}');
        assert_eq!(Codec::MacRoman.decode(0xC3), '√');
        assert_eq!(Codec::MacRoman.encode('¤'), Some(0xDB));
        assert_eq!(Codec::Windows1251.decode(0xC0), 'А');
        assert_eq!(
            Codec::Windows1253.decode(0xAA),
            '\u{AA}',
            "undefined: Latin-1"
        );
        assert_eq!(Codec::Cp437.decode(0xB0), '░');
        assert_eq!(Codec::Cp437.decode(0xE1), 'ß');
        assert_eq!(Codec::Iso8859_2.decode(0xA1), 'Ą');
        assert_eq!(Codec::Windows1250.decode(0xA5), 'Ą');
        assert_eq!(Codec::Windows1252.encode('Ā'), None);
    }
}
