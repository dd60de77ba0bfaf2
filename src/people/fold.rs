//! Folding text for name matching: lower case, no accents, `ß` as `ss`,
//! with a map from every folded byte back to the original text.
//!
//! Names are matched on folded text so that `Zoe` finds `Zoë`, `WOJCIK`
//! finds `Wójcik` and `Strasse` finds `Straße`; the map gives each match its
//! place in the original, where boundaries, capitals and the surface are
//! judged. Folding is Unicode lower-casing, then canonical decomposition with
//! the combining marks dropped, plus a few letters that have no
//! decomposition but are written without their stroke (`ł`, `ø`, `đ`, `ı`)
//! or spelled out (`æ`, `œ`). ASCII, most of any text, is one table lookup
//! per byte.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded text, reused between calls to avoid allocating.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the
    /// character it came from.
    pub map: Vec<u32>,
}

impl Folded {
    /// Folds `original` into `self`, replacing what was there.
    pub fn fold(&mut self, original: &str) {
        self.text.clear();
        self.map.clear();
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII runs: lower-case byte by byte.
            let start = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            if i > start {
                self.text.push_str(&original[start..i].to_ascii_lowercase());
                self.map.extend(start as u32..i as u32);
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let at = i as u32;
            let before = self.text.len();
            fold_char(c, &mut self.text);
            self.map
                .resize(self.map.len() + self.text.len() - before, at);
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
            Some(&next) if next as usize == self.map[end - 1] as usize => return None,
            Some(&next) => next as usize,
            None => original.len(),
        };
        Some((o_start, o_end))
    }
}

/// `text` folded, for keys.
pub fn fold(text: &str) -> String {
    let mut f = Folded::default();
    f.fold(text);
    f.text
}

fn fold_char(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        match lower {
            'ß' => out.push_str("ss"),
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'đ' => out.push('d'),
            'ı' => out.push('i'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            _ => decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
}

/// The German spelling without umlauts (`Jürgen` → `Juergen`), if `name`
/// has any: Germans write their own names both ways.
pub fn transliterate_umlauts(name: &str) -> Option<String> {
    if !name.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            _ => out.push(c),
        }
    }
    Some(out)
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
    }

    #[test]
    fn map_points_back_to_the_original() {
        let mut f = Folded::default();
        let text = "Hi Zoë, Straße";
        f.fold(text);
        assert_eq!(f.text, "hi zoe, strasse");
        let at = f.text.find("zoe").unwrap();
        assert_eq!(f.original(at, at + 3, text), Some((3, 7)));
        assert_eq!(&text[3..7], "Zoë");
        // `ss` came from one `ß`: half of it is no boundary.
        let ss = f.text.find("ss").unwrap();
        assert_eq!(f.original(ss, ss + 1, text), None);
        assert_eq!(f.original(ss, ss + 2, text), Some((13, 15)));
    }

    #[test]
    fn umlauts_transliterate() {
        assert_eq!(
            transliterate_umlauts("Jürgen Möller").as_deref(),
            Some("Juergen Moeller")
        );
        assert_eq!(transliterate_umlauts("Zoë"), None);
    }
}
