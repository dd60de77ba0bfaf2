//! Re-reading text as UTF-8 through a codec: the repair itself.
//!
//! Every non-ASCII character of the text is encoded back to its byte in the
//! codec and the bytes are read as UTF-8. ASCII passes through untouched
//! (no codec here changes it). The read is strict UTF-8, with allowances for
//! what mojibake goes through after it is made, each one opt-in:
//! - *lost bytes* (`lossy`): a tool that could not show a byte wrote `�` or
//!   `?` instead. Inside a sequence that is otherwise well formed, either
//!   stands for one lost byte and the whole sequence becomes one `�`
//!   (`â€�` → `�`), so the damage is marked, not spread.
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

use super::codec::Codec;

#[derive(Clone, Copy, Debug, Default)]
pub struct Allow {
    pub lossy: bool,
    pub a0: bool,
}

/// One UTF-8 sequence read from mojibake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seq {
    /// Bytes of the input text it replaces.
    pub src: Range<usize>,
    /// Bytes of the output text it became.
    pub out: Range<usize>,
    /// UTF-8 bytes it was made of (3 or 4 are rarely an accident).
    pub bytes: u8,
    /// Spaces it read as 0xA0.
    pub a0: u8,
    /// It included a C1 control character.
    pub c1: bool,
}

#[derive(Clone, Debug)]
pub struct Transcoded {
    pub text: String,
    pub seqs: Vec<Seq>,
    /// A C1 control was encoded (only possible in windows-1252, where it
    /// means part of the text was misread as Latin-1).
    pub used_c1: bool,
    /// A windows-1252 character from 0x80–0x9F (`€`, `™`, `œ`) was encoded.
    pub used_cp1252_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Byte(u8),
    Lost,
}

/// Re-reads `text` as UTF-8 through `codec`. `None` if some character is not
/// in the codec or the bytes are not UTF-8 (with the allowances), or if there
/// was nothing to re-read. `follow` is the text after `text`, for deciding
/// whether a space read as 0xA0 must be put back.
pub fn transcode(text: &str, follow: &str, codec: Codec, allow: Allow) -> Option<Transcoded> {
    let mut out = String::with_capacity(text.len());
    let mut seqs: Vec<Seq> = Vec::new();
    let mut used_c1 = false;
    let mut used_cp1252_only = false;
    // The sequence being read: its tokens, start, and how long it must be.
    let mut toks = [Tok::Lost; 4];
    let mut len = 0usize;
    let mut need = 0usize;
    let mut start = 0usize;
    let mut a0 = 0u8;
    let mut c1 = false;
    // A high surrogate from CESU-8 waiting for its low half.
    let mut high: Option<(u32, usize, u8, bool)> = None;

    for (i, c) in text.char_indices() {
        let tok = if need == 0 {
            if c.is_ascii() || c == '\u{FFFD}' {
                if high.is_some() {
                    return None;
                }
                out.push(c);
                continue;
            }
            Tok::Byte(encode(codec, c, &mut used_c1, &mut used_cp1252_only)?)
        } else if c == ' ' && allow.a0 && codec.decode(0xA0) == '\u{A0}' {
            a0 += 1;
            Tok::Byte(0xA0)
        } else if (c == '\u{FFFD}' || c == '?') && allow.lossy {
            Tok::Lost
        } else if c.is_ascii() {
            return None;
        } else {
            Tok::Byte(encode(codec, c, &mut used_c1, &mut used_cp1252_only)?)
        };
        if (0x80..=0x9F).contains(&(c as u32)) {
            c1 = true;
        }
        if need == 0 {
            let Tok::Byte(b) = tok else { unreachable!() };
            need = match b {
                0xC0 | 0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return None,
            };
            if high.is_some() && b != 0xED {
                return None;
            }
            start = i;
            len = 0;
        } else if let Tok::Byte(b) = tok
            && (!(0x80..=0xBF).contains(&b) || (len == 1 && !second_ok(toks[0], b)))
        {
            return None;
        }
        toks[len] = tok;
        len += 1;
        if len < need {
            continue;
        }
        // A whole sequence.
        let end = i + c.len_utf8();
        need = 0;
        let mut bytes = len as u8;
        let decoded = match decode(&toks[..len]) {
            Decoded::Char(ch) => {
                if high.is_some() {
                    return None;
                }
                ch
            }
            Decoded::High(h) => {
                if high.is_some() {
                    return None;
                }
                high = Some((h, start, a0, c1));
                a0 = 0;
                c1 = false;
                continue;
            }
            Decoded::Low(l) => {
                let (h, hstart, ha0, hc1) = high.take()?;
                a0 += ha0;
                c1 |= hc1;
                start = hstart;
                bytes = 6;
                char::from_u32(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00))?
            }
            Decoded::Invalid => return None,
        };
        let o = out.len();
        out.push(decoded);
        if decoded == 'à' && a0 > 0 && toks[len - 1] == Tok::Byte(0xA0) {
            let rest = &text[end..];
            let rest = if rest.is_empty() { follow } else { rest };
            if gap_was_lost(rest) {
                out.push(' ');
            }
        }
        seqs.push(Seq {
            src: start..end,
            out: o..out.len(),
            bytes,
            a0,
            c1,
        });
        a0 = 0;
        c1 = false;
    }
    if need != 0 || high.is_some() || seqs.is_empty() {
        return None;
    }
    Some(Transcoded {
        text: out,
        seqs,
        used_c1,
        used_cp1252_only,
    })
}

#[inline]
fn encode(codec: Codec, c: char, used_c1: &mut bool, used_cp1252_only: &mut bool) -> Option<u8> {
    let b = codec.encode(c)?;
    if codec == Codec::Windows1252 && (0x80..=0x9F).contains(&b) {
        if c as u32 == b as u32 {
            *used_c1 = true;
        } else {
            *used_cp1252_only = true;
        }
    }
    Some(b)
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
fn second_ok(first: Tok, b: u8) -> bool {
    match first {
        Tok::Byte(0xC0) => b == 0x80,
        Tok::Byte(0xE0) => b >= 0xA0,
        Tok::Byte(0xF0) => b >= 0x90,
        Tok::Byte(0xF4) => b <= 0x8F,
        _ => true,
    }
}

enum Decoded {
    Char(char),
    High(u32),
    Low(u32),
    Invalid,
}

fn decode(toks: &[Tok]) -> Decoded {
    if toks.contains(&Tok::Lost) {
        return Decoded::Char('\u{FFFD}');
    }
    let b = |i: usize| match toks[i] {
        Tok::Byte(b) => b as u32,
        Tok::Lost => unreachable!(),
    };
    let v = match toks.len() {
        2 if b(0) == 0xC0 => return Decoded::Char('\0'),
        2 => ((b(0) & 0x1F) << 6) | (b(1) & 0x3F),
        3 => ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F),
        _ => ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F),
    };
    match v {
        0xD800..=0xDBFF => Decoded::High(v),
        0xDC00..=0xDFFF => Decoded::Low(v),
        _ => char::from_u32(v).map_or(Decoded::Invalid, Decoded::Char),
    }
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
        assert_eq!(t.seqs.len(), 1);
        assert_eq!(t.seqs[0].src, 3..15);
        assert!(t.used_c1);
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
        assert_eq!(fix("Â x", Codec::Windows1252, LOSSY).unwrap(), "\u{a0}x");
        assert_eq!(
            fix("voilÃ le", Codec::Windows1252, LOSSY).unwrap(),
            "voilà le"
        );
        assert_eq!(
            fix("voilÃ  le", Codec::Windows1252, LOSSY).unwrap(),
            "voilà le"
        );
        assert_eq!(
            fix("Ã s crianÃ§as", Codec::Windows1252, LOSSY).unwrap(),
            "às crianças"
        );
        assert_eq!(
            fix("Ã s'Ã©loigner", Codec::Windows1252, LOSSY).unwrap(),
            "à s'éloigner"
        );
        assert_eq!(fix("Ã quele", Codec::Windows1252, LOSSY).unwrap(), "àquele");
        assert_eq!(fix("Ã x", Codec::Windows1252, Allow::default()), None);
        assert_eq!(
            fix("a – Dr", Codec::MacRoman, LOSSY),
            None,
            "0xA0 is † in Mac Roman"
        );
    }

    #[test]
    fn sequences_record_where_they_came_from() {
        let t = transcode("aÃ©b â€™", "", Codec::Windows1252, Allow::default()).unwrap();
        assert_eq!(t.text, "aéb ’");
        let spans: Vec<_> = t
            .seqs
            .iter()
            .map(|s| (s.src.clone(), s.out.clone(), s.bytes))
            .collect();
        assert_eq!(spans, [(1..5, 1..3, 2), (7..15, 5..8, 3)]);
        assert!(t.used_cp1252_only && !t.used_c1);
    }
}
