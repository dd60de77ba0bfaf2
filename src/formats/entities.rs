//! HTML character references in cue text: `&amp;`, `&lt;`, `&gt;`,
//! `&nbsp;`, `&lrm;`, `&#8217;`, `&#x2019;`… as WebVTT (which takes HTML's
//! named references) and SRT writers use them.
//!
//! The named references are the ones subtitle and caption tools write:
//! markup escapes, spaces and direction marks, quotes and dashes, and the
//! Latin-1 letters; a name not in the list, or a reference without its
//! `;`, is left as written, so no text is lost.

use std::borrow::Cow;

/// `text` with its character references replaced.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `s` stands for, and its length.
fn reference(s: &str) -> Option<(char, usize)> {
    let semi = s[1..].find(';').filter(|&i| i <= 32)? + 1;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // The replacements HTML makes for NUL, surrogates and out of range.
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}')
    } else {
        named(body)?
    };
    Some((c, semi + 1))
}

fn named(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "divide" => '÷',
        "iexcl" => '¡',
        "iquest" => '¿',
        "shy" => '\u{AD}',
        "szlig" => 'ß',
        _ => return latin1_letter(name),
    };
    Some(c)
}

/// `eacute`, `Uuml`, `ntilde`, `aring`, `oslash`, `ccedil`, `aelig`…
fn latin1_letter(name: &str) -> Option<char> {
    let (base, mark) = name.split_at(name.char_indices().nth(1)?.0);
    let upper = base.chars().next()?.is_ascii_uppercase();
    let letter = |lower: char, upper_c: char| if upper { upper_c } else { lower };
    let c = match (base.to_ascii_lowercase().as_str(), mark) {
        ("a", "grave") => letter('à', 'À'),
        ("a", "acute") => letter('á', 'Á'),
        ("a", "circ") => letter('â', 'Â'),
        ("a", "tilde") => letter('ã', 'Ã'),
        ("a", "uml") => letter('ä', 'Ä'),
        ("a", "ring") => letter('å', 'Å'),
        ("a", "elig") => letter('æ', 'Æ'),
        ("c", "cedil") => letter('ç', 'Ç'),
        ("e", "grave") => letter('è', 'È'),
        ("e", "acute") => letter('é', 'É'),
        ("e", "circ") => letter('ê', 'Ê'),
        ("e", "uml") => letter('ë', 'Ë'),
        ("i", "grave") => letter('ì', 'Ì'),
        ("i", "acute") => letter('í', 'Í'),
        ("i", "circ") => letter('î', 'Î'),
        ("i", "uml") => letter('ï', 'Ï'),
        ("n", "tilde") => letter('ñ', 'Ñ'),
        ("o", "grave") => letter('ò', 'Ò'),
        ("o", "acute") => letter('ó', 'Ó'),
        ("o", "circ") => letter('ô', 'Ô'),
        ("o", "tilde") => letter('õ', 'Õ'),
        ("o", "uml") => letter('ö', 'Ö'),
        ("o", "slash") => letter('ø', 'Ø'),
        ("u", "grave") => letter('ù', 'Ù'),
        ("u", "acute") => letter('ú', 'Ú'),
        ("u", "circ") => letter('û', 'Û'),
        ("u", "uml") => letter('ü', 'Ü'),
        ("y", "acute") => letter('ý', 'Ý'),
        ("y", "uml") if !upper => 'ÿ',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_decode_and_the_rest_stays() {
        assert_eq!(decode("a &amp; b &lt;i&gt;"), "a & b <i>");
        assert_eq!(decode("x&nbsp;y&lrm;&rlm;"), "x\u{a0}y\u{200e}\u{200f}");
        assert_eq!(decode("&#8217;&#x2019;&#X41;"), "’’A");
        assert_eq!(decode("caf&eacute; &Uuml;ber &aelig;"), "café Über æ");
        assert_eq!(decode("AT&T & co &bogus; &amp"), "AT&T & co &bogus; &amp");
        assert_eq!(decode("&#0;&#xD800;"), "\u{FFFD}\u{FFFD}");
        assert!(matches!(decode("plain"), Cow::Borrowed(_)));
    }
}
