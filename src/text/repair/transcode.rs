//! Re-reading text as UTF-8 through a codec: the repair itself.
//!
//! Every non-ASCII character of the text is encoded back to its byte in the
//! codec and the bytes are read as UTF-8. ASCII passes through untouched
//! (no codec here changes it). The read is strict UTF-8, with allowances for
//! what mojibake goes through after it is made, each one opt-in:
//! - *lost bytes* (`lossy`): a tool that could not show a byte wrote `�` or
//!   `?` instead. Inside a sequence that is otherwise well formed, either
//!   stands for one lost byte and the whole sequence becomes one `�`
//!   (`â€�` → `�`), so the damage is marked, not spread. Only bytes the
//!   code page leaves undefined get lost (0x81, 0x8D, 0x8F, 0x90, 0x9D in
//!   windows-1252; none in Mac Roman), so one of them must fit the place.
//! - *spaces that were 0xA0* (`a0`): 0xA0 is a no-break space in most code
//!   pages, and editors turn those into plain spaces. A space where a
//!   continuation byte must be is read as 0xA0 (`Ã ` → `à`, `Â ` → NBSP).
//!   Only for codecs in which 0xA0 *is* a no-break space: Mac Roman shows it
//!   as `†` and cp437 as `á`, which no editor turns into a space.
//!   When that makes an `à`, the space was most likely also the word gap
//!   after it, so one is put back (`Ã perturber` → `à perturber`), except in
//!   the Portuguese contractions `às` and `àquele`/`àquilo`, where the
//!   original had none.
//! - CESU-8 (surrogate pairs encoded as two 3-byte sequences, as Java and
//!   old MySQL write emoji) and Java's `C0 80` for U+0000 are always read.

use std::ops::Range;

use super::codec::{Codec, Table, table};
use super::scan::{Scan, Scanner, code_point_at, skip_ascii};

#[derive(Clone, Copy, Debug, Default)]
pub struct Allow {
    pub lossy: bool,
    pub a0: bool,
}

/// A stretch of the text a reading changes: UTF-8 sequences read from
/// mojibake, merged while no more than two characters apart, so the two
/// characters of context around a region are unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// Line breaks in the text before it (its 0-based line).
    pub line: u32,
    /// Bytes of the input text it replaces.
    pub src: Range<usize>,
    /// Bytes of the output text it became.
    pub out: Range<usize>,
    pub seqs: u32,
    /// Sequences that directly follow another one.
    pub adjacent: i32,
    /// Spaces read as 0xA0.
    pub a0: i32,
    /// Some sequence is evidence on its own: 3 or more bytes (rarely an
    /// accident), or a C1 control among its characters.
    pub strong: bool,
}

#[derive(Clone, Debug)]
pub struct Transcoded {
    pub text: String,
    pub regions: Vec<Region>,
    /// A C1 control was encoded (only possible in windows-1252, where it
    /// means part of the text was misread as Latin-1).
    pub used_c1: bool,
    /// A windows-1252 character from 0x80–0x9F (`€`, `™`, `œ`) was encoded.
    pub used_cp1252_only: bool,
    /// Every sequence needed a space read as 0xA0, and not all of them
    /// made `à`: the reading is a guess.
    pub guess_only: bool,
    /// The scan of `text`, made while writing it.
    pub scan: Scan,
}

/// Re-reads `text` as UTF-8 through `codec`. `None` if some character is not
/// in the codec or the bytes are not UTF-8 (with the allowances), or if there
/// was nothing to re-read. `follow` is the text after `text`, for deciding
/// whether a space read as 0xA0 must be put back.
pub fn transcode(text: &str, follow: &str, codec: Codec, allow: Allow) -> Option<Transcoded> {
    let reader = Reader {
        table: table(codec),
        codec,
        bytes: text.as_bytes(),
        a0: allow.a0 && codec.decode(0xA0) == '\u{A0}',
        lossy: allow.lossy,
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut scanner = Scanner::new();
    let mut regions: Vec<Region> = Vec::new();
    let mut used = Used::default();
    let mut all_a0 = true;
    let mut all_a_grave = true;
    // Characters passed through since the last sequence ended.
    let mut gap = usize::MAX;
    let mut line = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            let j = skip_ascii(bytes, i + 1);
            scanner.ascii(bytes[i]);
            out.push_str(&text[i..j]);
            line += bytes[i..j].iter().filter(|&&b| b == b'\n').count() as u32;
            gap = gap.saturating_add(j - i);
            i = j;
            continue;
        }
        if bytes[i..].starts_with("\u{FFFD}".as_bytes()) {
            out.push('\u{FFFD}');
            scanner.char('\u{FFFD}');
            gap = gap.saturating_add(1);
            i += 3;
            continue;
        }
        let start = i;
        let mut seq = reader.read(i, &mut used)?;
        let decoded = match seq.decoded {
            Decoded::Char(c) => c,
            // CESU-8: a high surrogate must be followed by a low one.
            Decoded::High(h) => {
                let low = reader.read(seq.end, &mut used)?;
                let Decoded::Low(l) = low.decoded else {
                    return None;
                };
                seq = Seq {
                    end: low.end,
                    bytes: 6,
                    a0: seq.a0 + low.a0,
                    c1: seq.c1 || low.c1,
                    ..low
                };
                char::from_u32(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00))?
            }
            Decoded::Low(_) | Decoded::Invalid => return None,
        };
        i = seq.end;
        let o = out.len();
        out.push(decoded);
        scanner.char(decoded);
        if decoded == 'à' && seq.a0_last {
            let rest = &text[i..];
            if gap_was_lost(if rest.is_empty() { follow } else { rest }) {
                out.push(' ');
                scanner.ascii(b' ');
            }
        }
        all_a0 &= seq.a0 > 0;
        all_a_grave &= decoded == 'à';
        let strong = seq.bytes >= 3 || seq.c1;
        match regions.last_mut() {
            Some(r) if gap < 3 => {
                r.adjacent += i32::from(gap == 0);
                r.src.end = i;
                r.out.end = out.len();
                r.seqs += 1;
                r.a0 += seq.a0;
                r.strong |= strong;
            }
            _ => regions.push(Region {
                line,
                src: start..i,
                out: o..out.len(),
                seqs: 1,
                adjacent: 0,
                a0: seq.a0,
                strong,
            }),
        }
        gap = 0;
    }
    if regions.is_empty() {
        return None;
    }
    Some(Transcoded {
        text: out,
        regions,
        used_c1: used.c1,
        used_cp1252_only: used.cp1252_only,
        guess_only: all_a0 && !all_a_grave,
        scan: scanner.finish(),
    })
}

/// What kinds of windows-1252 characters a reading encoded.
#[derive(Default)]
struct Used {
    c1: bool,
    cp1252_only: bool,
}

/// Reads single UTF-8 sequences out of a text through a codec.
struct Reader<'a> {
    table: &'static Table,
    codec: Codec,
    bytes: &'a [u8],
    a0: bool,
    lossy: bool,
}

/// One sequence read.
struct Seq {
    decoded: Decoded,
    /// Byte offset in the text after its last character.
    end: usize,
    /// UTF-8 bytes it was made of.
    bytes: u8,
    /// Spaces it read as 0xA0, and whether its last byte was one.
    a0: i32,
    a0_last: bool,
    /// A C1 control was among its characters.
    c1: bool,
}

impl Reader<'_> {
    /// The sequence whose lead is the (non-ASCII) character at byte `i`.
    #[inline(always)]
    fn read(&self, mut i: usize, used: &mut Used) -> Option<Seq> {
        if i >= self.bytes.len() {
            return None;
        }
        let (c, width) = code_point_at(self.bytes, i);
        i += width;
        let lead = self.byte(c, used)?;
        let (need, mut cp) = match lead {
            0xC0 | 0xC2..=0xDF => (2, (lead & 0x1F) as u32),
            0xE0..=0xEF => (3, (lead & 0x0F) as u32),
            0xF0..=0xF4 => (4, (lead & 0x07) as u32),
            _ => return None,
        };
        let mut c1 = is_c1(c);
        let mut lost = false;
        let mut a0 = 0;
        let mut a0_last = false;
        for k in 1..need {
            if i >= self.bytes.len() {
                return None;
            }
            let (c, width) = code_point_at(self.bytes, i);
            i += width;
            a0_last = false;
            let b = if c == ' ' as u32 && self.a0 {
                // The same limits as a byte that is there: `À ` is no
                // overlong C0 A0 (which read as Java's NUL; found by fuzzing).
                if k == 1 && !second_ok(lead, 0xA0) {
                    return None;
                }
                a0 += 1;
                a0_last = true;
                0xA0
            } else if (c == 0xFFFD || c == '?' as u32) && self.lossy {
                // Only a byte the code page cannot show gets lost, so one
                // of those must fit here (`ã?”` is not `ã` + 0x3F + `”`
                // in Mac Roman, which shows every byte).
                let b = self.lost_byte(lead, k)?;
                lost = true;
                b
            } else if c < 0x80 {
                return None;
            } else {
                let b = self.byte(c, used)?;
                if !(0x80..=0xBF).contains(&b) || (k == 1 && !second_ok(lead, b)) {
                    return None;
                }
                c1 |= is_c1(c);
                b
            };
            cp = (cp << 6) | (b & 0x3F) as u32;
        }
        let decoded = if lost {
            Decoded::Char('\u{FFFD}')
        } else if lead == 0xC0 {
            // Java's modified UTF-8 writes U+0000 as C0 80.
            Decoded::Char('\0')
        } else {
            match cp {
                0xD800..=0xDBFF => Decoded::High(cp),
                0xDC00..=0xDFFF => Decoded::Low(cp),
                _ => char::from_u32(cp).map_or(Decoded::Invalid, Decoded::Char),
            }
        };
        Some(Seq {
            decoded,
            end: i,
            bytes: need as u8,
            a0,
            a0_last,
            c1,
        })
    }

    /// A byte this code page leaves undefined (a tool showing the text
    /// could only write `?` or `�` for it) that can be byte `k` of a
    /// sequence led by `lead`.
    fn lost_byte(&self, lead: u8, k: usize) -> Option<u8> {
        (0x80..=0x9Fu8).find(|&b| self.codec.undefined(b) && (k != 1 || second_ok(lead, b)))
    }

    #[inline(always)]
    fn byte(&self, cp: u32, used: &mut Used) -> Option<u8> {
        let b = self.table.encode_cp(cp)?;
        if self.codec == Codec::Windows1252 && (0x80..=0x9F).contains(&b) {
            if cp == b as u32 {
                used.c1 = true;
            } else {
                used.cp1252_only = true;
            }
        }
        Some(b)
    }
}

#[inline(always)]
fn is_c1(cp: u32) -> bool {
    (0x80..=0x9F).contains(&cp)
}

/// Whether a space read as 0xA0 after `à` was also the gap before the next
/// word (`à nos`), given the text after it.
fn gap_was_lost(rest: &str) -> bool {
    let Some(next) = rest.chars().next() else {
        return false;
    };
    if next.is_whitespace() {
        return false;
    }
    // Portuguese `às` (à + as) and `àquele`, `àquela`, `àquilo`.
    let lower: String = rest.chars().take(5).flat_map(char::to_lowercase).collect();
    let s_word = lower.starts_with('s')
        && lower[1..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || ",.;:!?)".contains(c));
    !(s_word || lower.starts_with("quel") || lower.starts_with("quil"))
}

/// Constraints on the second byte that rule out overlong forms and values
/// beyond U+10FFFF (surrogates are let through for CESU-8).
fn second_ok(lead: u8, b: u8) -> bool {
    match lead {
        0xC0 => b == 0x80,
        0xE0 => b >= 0xA0,
        0xF0 => b >= 0x90,
        0xF4 => b <= 0x8F,
        _ => true,
    }
}

enum Decoded {
    Char(char),
    High(u32),
    Low(u32),
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOSSY: Allow = Allow {
        lossy: true,
        a0: true,
    };

    fn fix(text: &str, codec: Codec, allow: Allow) -> Option<String> {
        transcode(text, "", codec, allow).map(|t| t.text)
    }

    #[test]
    fn strict_utf8_through_each_codec() {
        let strict = Allow::default();
        assert_eq!(fix("Ã©tÃ©", Codec::Windows1252, strict).unwrap(), "été");
        assert_eq!(fix("Here‚Äôs", Codec::MacRoman, strict).unwrap(), "Here’s");
        assert_eq!(fix("\u{f8ff}üîº", Codec::MacRoman, strict).unwrap(), "🔼");
        assert_eq!(fix("Ð¿Ñ€Ð¸", Codec::Windows1252, strict).unwrap(), "при");
        assert_eq!(fix("╨┐╤Ç╨╕", Codec::Cp437, strict).unwrap(), "при");
        assert_eq!(
            fix("café", Codec::Windows1252, strict),
            None,
            "é is not a lead here"
        );
        assert_eq!(
            fix("plain", Codec::Windows1252, strict),
            None,
            "nothing to do"
        );
        assert_eq!(fix("Ã", Codec::Windows1252, strict), None, "incomplete");
    }

    #[test]
    fn cesu8_surrogate_pairs_make_one_character() {
        let t = transcode(
            "Hi í\u{a0}½í¸\u{8d}!",
            "",
            Codec::Windows1252,
            Allow::default(),
        )
        .unwrap();
        assert_eq!(t.text, "Hi 😍!");
        assert_eq!(t.regions.len(), 1);
        assert_eq!(t.regions[0].src, 3..15);
        assert_eq!(t.regions[0].seqs, 1);
        assert!(t.used_c1);
    }

    #[test]
    fn regression_cesu8_high_surrogate_at_the_very_end() {
        // Used to read past the end looking for the low half.
        assert_eq!(fix("í\u{a0}½", Codec::Windows1252, Allow::default()), None);
        assert_eq!(
            fix("x í\u{a0}½í¸", Codec::Windows1252, Allow::default()),
            None
        );
    }

    #[test]
    fn lost_bytes_become_one_replacement_character() {
        assert_eq!(fix("â€œhiâ€�", Codec::Windows1252, LOSSY).unwrap(), "“hi�");
        assert_eq!(fix("bbâ€?", Codec::Windows1252, LOSSY).unwrap(), "bb�");
        assert_eq!(fix("bbâ€?", Codec::Windows1252, Allow::default()), None);
        assert_eq!(
            fix("? Ã©", Codec::Windows1252, LOSSY).unwrap(),
            "? é",
            "? outside sequences"
        );
    }

    #[test]
    fn spaces_read_as_no_break_space() {
        for (broken, fixed) in [
            ("Â x", "\u{a0}x"),
            ("voilÃ le", "voilà le"),
            ("voilÃ  le", "voilà le"),
            ("Ã s crianÃ§as", "às crianças"),
            ("Ã s'Ã©loigner", "à s'éloigner"),
            ("Ã quele", "àquele"),
        ] {
            assert_eq!(
                fix(broken, Codec::Windows1252, LOSSY).as_deref(),
                Some(fixed)
            );
        }
        assert_eq!(fix("Ã x", Codec::Windows1252, Allow::default()), None);
        assert_eq!(
            fix("a – Dr", Codec::MacRoman, LOSSY),
            None,
            "0xA0 is † in Mac Roman"
        );
    }

    #[test]
    fn regions_record_where_they_came_from() {
        let t = transcode(
            "aÃ©b â€™ and Ã©Ã©",
            "",
            Codec::Windows1252,
            Allow::default(),
        )
        .unwrap();
        assert_eq!(t.text, "aéb ’ and éé");
        let spans: Vec<_> = t
            .regions
            .iter()
            .map(|r| (r.src.clone(), r.out.clone(), r.seqs, r.adjacent, r.strong))
            .collect();
        // `b ` is under three characters: one region. `Ã©Ã©`: adjacent.
        assert_eq!(
            spans,
            [(1..15, 1..8, 2, 0, true), (20..28, 13..17, 2, 1, false)]
        );
        assert!(t.used_cp1252_only && !t.used_c1);
    }
}
