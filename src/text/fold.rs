//! Folding text for name matching: lower case, no accents, German umlauts
//! and `ß` spelled out (`ü` → `ue`, `ß` → `ss`).
//!
//! Names are matched on folded text so that `Zoe` finds `Zoë`, `WOJCIK`
//! finds `Wójcik` and `Strasse` finds `Straße`. Folding is Unicode
//! lower-casing, then canonical decomposition with the combining marks
//! dropped, plus a few letters that have no decomposition but are written
//! without their stroke (`ł`, `ø`, `đ`, `ı`) or spelled out (`æ`, `œ`).
//! ASCII is lower-cased byte for byte. The word search
//! ([`crate::text::words::HayBuf`]) folds text character by character with
//! [`fold_char`]; [`Folded`] keeps a map from every folded byte back to the
//! original, for callers that search folded text themselves.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded text, reused between calls to avoid allocating.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text (UTF-8; bytes because that is what is searched).
    pub text: Vec<u8>,
    /// For each byte of `text`, the byte offset in the original of the
    /// character it came from.
    pub map: Vec<u32>,
}

impl Folded {
    /// Folds `original` into `self`, replacing what was there.
    pub fn fold(&mut self, original: &str) {
        self.text.clear();
        self.map.clear();
        self.text.reserve(original.len());
        self.map.reserve(original.len());
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            self.text
                .extend(bytes[start..i].iter().map(u8::to_ascii_lowercase));
            self.map.extend(start as u32..i as u32);
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let mut buf = [0u8; 16];
            let mut len = 0;
            fold_char(c, |f| {
                let n = f.encode_utf8(&mut buf[len..]).len();
                len += n;
            });
            self.text.extend_from_slice(&buf[..len]);
            self.map.resize(self.map.len() + len, i as u32);
            i += c.len_utf8();
        }
    }

    /// The original byte range of the folded range `start..end`, or `None`
    /// if either end falls inside what one original character folded to.
    pub fn original(&self, start: usize, end: usize, original: &str) -> Option<(usize, usize)> {
        let o_start = self.map[start] as usize;
        if start > 0 && self.map[start - 1] as usize == o_start {
            return None;
        }
        let o_end = match self.map.get(end) {
            Some(&next) if next == self.map[end - 1] => return None,
            Some(&next) => next as usize,
            None => original.len(),
        };
        Some((o_start, o_end))
    }
}

/// `text` folded, for keys and comparisons.
pub fn fold(text: &str) -> String {
    let mut f = Folded::default();
    f.fold(text);
    String::from_utf8(f.text).expect("folding writes whole characters")
}

/// Calls `out` with the folded form of `c`, character by character.
pub(crate) fn fold_char(c: char, mut out: impl FnMut(char)) {
    for lower in c.to_lowercase() {
        match lower {
            'ß' => "ss".chars().for_each(&mut out),
            // The German spelling: `Jürgen` and `Juergen` fold alike (and
            // keys get a form without the dots for `Jurgen`).
            'ä' => "ae".chars().for_each(&mut out),
            'ö' => "oe".chars().for_each(&mut out),
            'ü' => "ue".chars().for_each(&mut out),
            'ł' => out('l'),
            'ø' => out('o'),
            'đ' => out('d'),
            'ı' => out('i'),
            'æ' => "ae".chars().for_each(&mut out),
            'œ' => "oe".chars().for_each(&mut out),
            _ => decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    out(d);
                }
            }),
        }
    }
}

/// `name` with its umlauts' dots dropped (`Jürgen` → `Jurgen`), if it has
/// any: folding spells them out (`Juergen`), but English keyboards drop them.
pub fn without_umlauts(name: &str) -> Option<String> {
    if !name.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    Some(
        name.chars()
            .map(|c| match c {
                'ä' => 'a',
                'ö' => 'o',
                'ü' => 'u',
                'Ä' => 'A',
                'Ö' => 'O',
                'Ü' => 'U',
                _ => c,
            })
            .collect(),
    )
}

/// The form names are compared in: NFC, lowercase, single spaces.
///
/// Keys are made for every name a run compares, thousands of times, and
/// almost every name is already NFC: then the normalisation, much the
/// dearest step, is skipped (the quick check says so without composing).
pub fn key(name: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let lower: String = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else if is_nfc_quick(name.chars()) == IsNormalized::Yes {
        name.chars().flat_map(char::to_lowercase).collect()
    } else {
        name.nfc().flat_map(char::to_lowercase).collect()
    };
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_special_letters() {
        assert_eq!(fold("Zoë Hartmann"), "zoe hartmann");
        assert_eq!(fold("Tomasz WÓJCIK"), "tomasz wojcik");
        assert_eq!(fold("Straße Łódź Søren"), "strasse lodz soren");
        assert_eq!(fold("Zoe\u{308}"), "zoe", "decomposed input");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("“Morty’s”"), "“morty’s”", "punctuation stays");
    }

    #[test]
    fn map_points_back_to_the_original() {
        let mut f = Folded::default();
        let text = "Hi Zoë, Straße";
        f.fold(text);
        let folded = String::from_utf8(f.text.clone()).unwrap();
        assert_eq!(folded, "hi zoe, strasse");
        let at = folded.find("zoe").unwrap();
        assert_eq!(f.original(at, at + 3, text), Some((3, 7)));
        assert_eq!(&text[3..7], "Zoë");
        // `ss` came from one `ß`: half of it is no boundary.
        let ss = folded.find("ss").unwrap();
        assert_eq!(f.original(ss, ss + 1, text), None);
        assert_eq!(f.original(ss, ss + 2, text), Some((13, 15)));
    }

    /// [`key`] as it was before its shortcuts: normalise everything.
    fn key_reference(name: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = name.nfc().flat_map(char::to_lowercase).collect();
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn keys_normalise_case_composition_and_spaces() {
        assert_eq!(key("  Zoe\u{308}\tHARTMANN \u{a0}"), "zoë hartmann");
        assert_eq!(
            key("Ann\x0bLee"),
            "ann lee",
            "a vertical tab is white space"
        );
        assert_eq!(key("İ"), "i\u{307}");
    }

    proptest::proptest! {
        #[test]
        fn keys_are_what_normalising_everything_makes(
            chars in proptest::collection::vec(proptest::sample::select(&[
                'a', 'Z', 'e', 'E', '\u{301}', '\u{308}', '\u{327}', 'é', 'É', 'ë', 'ß', 'İ', 'Σ',
                'ς', 'Å', '\u{212b}', 'ǅ', 'ﬁ', '한', '\u{1100}', '\u{1161}', ' ', '\t', '\n',
                '\u{b}', '\u{a0}', '\u{2003}', '\u{3000}', '\u{85}', '-', '\'',
            ][..]), 0..12),
        ) {
            let name: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(key(&name), key_reference(&name));
        }
    }

    #[test]
    fn umlauts_fold_to_the_german_spelling() {
        assert_eq!(fold("Jürgen Möller"), fold("Juergen Moeller"));
        assert_eq!(fold("JÜRGEN"), "juergen");
        assert_eq!(
            without_umlauts("Jürgen Möller").as_deref(),
            Some("Jurgen Moller")
        );
        assert_eq!(without_umlauts("Zoë"), None);
    }
}
