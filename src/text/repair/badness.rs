//! How mojibake-like a short stretch of text looks: the judge of every repair.
//!
//! A candidate repair is only taken if the stretch it changes, seen with two
//! characters of context on each side, scores lower after than before. The
//! score is a sum of penalties for things real text rarely has and mojibake
//! has all the time. Each penalty is small and specific; none alone decides,
//! and a tie keeps the text as it is.
//!
//! Characters are sorted into kinds ([`Kind`]). The penalties:
//! - **Impossible characters** (3 each): C1 controls, private-use characters
//!   (the Mac Roman Apple logo), and *rare* characters: IPA, modifier
//!   letters, historic Cyrillic and the Cyrillic letters of small languages,
//!   Armenian, Hebrew points, Syriac and other scripts a wrong decoding lands
//!   in (`ɡ`, `ʲ`, `Ԭ`, `ӈ`, `Յ`).
//! - **A letter glued to a symbol** (2): a non-ASCII letter followed by a
//!   symbol such as `©`, `±`, `¨`, `¤` (`Ã©`, `Ð±`, `Î³`). `™` after a capital
//!   is normal (`IKEA™`), except after `Ã`/`Â`; after a small letter it is not
//!   (`hatikuâ™«`). After an ASCII letter only the
//!   odd symbols count (1): `¬`, `√`, `ƒ`, `´`, box drawing (`r√©gime`).
//! - **An opening mark after a letter** (1): `‚ „ ‘ “ « ‹ › † ‡ • ‰ ¡ ¿`, and a
//!   letter right after `”` (`HÃ”TEL`).
//! - **Odd case**: an upper-case Latin-1 letter followed by a lower-case
//!   accented one (`Äô`, 1; not `Łódź`); a lower-case letter followed by a
//!   non-ASCII upper-case one (`baÅ†`, `РґРѕ`, 1; not `irmãFriday`); a lower-case non-ASCII letter
//!   inside a word of capitals (`MģÄM`, `AHř`, 2).
//! - **An apostrophe after an accented capital** (1) that does not start an
//!   English contraction (`Å’uvre` is `Œuvre`; `Ã’s` may be real).
//! - **Scripts glued together** (1): adjacent letters of different scripts
//!   (`lвЂ™`, `Bront녔`), except Latin with Greek (`IL2RγcKO`); and a lone
//!   letter of a non-Latin, non-Greek script between characters that are not
//!   letters of its script, or the start or end of the text (`“ה”`, `the,ӈ`).
//! - **`‚Ä` before a non-ASCII character** (2): the Mac Roman form of all
//!   general punctuation (`‚Äù` for `”`, `‚Ä¶` for `…`).
//! - **`Ã` and `Â`**, the leads of almost all Western mojibake, followed by
//!   anything non-ASCII but `’` (2), by a no-break space (2), by a space in a
//!   lower-case context (`voilÃ le`, 2) or by a lower-case ASCII letter (1).
//! - **Windows-1252 letters that continue mojibake** (1): `Œ œ Š š Ž ž Ÿ`
//!   right after one of the usual mojibake leads `Â Ã Ä Å â ã ä å Ð Ñ ð`
//!   (`âœ”`; not Czech `píšte`).
//! - **An odd symbol before a Latin letter** (1): `ƒÅ`, `┼í`.
//! - **`√`, `ƒ`, `≈` before non-ASCII punctuation or a symbol** (2): these
//!   are the Mac Roman leads of every accented Latin letter (`√©` for `é`,
//!   `√†` for `à`, `≈°` for `š`); in real text they come before operands.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Cjk,
    Thai,
    Indic,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Upper,
    Lower,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Space,
    Digit,
    AsciiPunct,
    Letter {
        script: Script,
        case: Case,
        ascii: bool,
    },
    /// Punctuation that opens or stands apart, odd right after a letter.
    Opening,
    /// Punctuation normal after a letter: `’ ” … – — »`.
    Closing,
    /// Symbols real text has next to numbers and words: `© ® ° ± × µ ² ™ £ €`.
    Symbol,
    /// Symbols that are mostly seen as mojibake: `¬ ¦ ¨ ¯ ´ ¸ ª º ¤ § ¶ · ƒ √ ≈`,
    /// spacing accents, box drawing.
    Odd,
    Nbsp,
    Mark,
    C1,
    Private,
    Rare,
    Replacement,
    /// Arrows, emoji, dingbats, anything neutral.
    Other,
}

fn letter(c: char, script: Script) -> Kind {
    let case = if c.is_uppercase() {
        Case::Upper
    } else if c.is_lowercase() {
        Case::Lower
    } else {
        Case::None
    };
    Kind::Letter {
        script,
        case,
        ascii: c.is_ascii(),
    }
}

pub fn kind(c: char) -> Kind {
    use Kind::*;
    let cp = c as u32;
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            letter(c, Script::Latin)
        } else if c.is_ascii_digit() {
            Digit
        } else if c.is_ascii_whitespace() {
            Space
        } else {
            AsciiPunct
        };
    }
    match cp {
        0x80..=0x9F => C1,
        0xA0 => Nbsp,
        0xA1 | 0xBF => Opening,
        0xA2 | 0xA3 | 0xA5 | 0xA9 | 0xAE | 0xB0..=0xB3 | 0xB5 | 0xB9 | 0xBC..=0xBE => Symbol,
        0xD7 | 0xF7 => Symbol,
        0xAB => Opening,
        0xBB => Closing,
        0xA4 | 0xA6..=0xA8 | 0xAA | 0xAC | 0xAD | 0xAF | 0xB4 | 0xB6..=0xB8 | 0xBA => Odd,
        0xC0..=0xFF => letter(c, Script::Latin),
        0x17F => Rare,
        0x100..=0x17F => letter(c, Script::Latin),
        0x192 => Odd,
        0x1C4..=0x1DC | 0x218..=0x21B => letter(c, Script::Latin),
        0x180..=0x24F => Rare,
        0x250..=0x2AF => Rare,
        0x2BC => Closing,
        0x2C6 | 0x2C7 | 0x2D8..=0x2DD => Odd,
        0x2B0..=0x2FF => Rare,
        0x300..=0x36F => Mark,
        0x384 | 0x385 => Odd,
        0x37E | 0x387 => Closing,
        0x370..=0x3FF | 0x1F00..=0x1FFF => letter(c, Script::Greek),
        0x460..=0x48F | 0x500..=0x52F => Rare,
        0x490..=0x4FF if !is_common_cyrillic_extension(cp) => Rare,
        0x400..=0x4FF => letter(c, Script::Cyrillic),
        0x5D0..=0x5EA => letter(c, Script::Hebrew),
        0x5BE | 0x5F3 | 0x5F4 => Closing,
        0x610..=0x61A => Rare,
        0x64B..=0x65F | 0x670 => Mark,
        0x660..=0x669 | 0x6F0..=0x6F9 => Digit,
        0x60C | 0x61B | 0x61F | 0x66A..=0x66D | 0x6D4 => Closing,
        0x600..=0x6FF => letter(c, Script::Arabic),
        0x900..=0xDFF => letter(c, Script::Indic),
        0xE00..=0xE7F => letter(c, Script::Thai),
        0xE80..=0x10FF | 0x1200..=0x139F | 0x1780..=0x17FF => letter(c, Script::Other),
        0x1100..=0x11FF => letter(c, Script::Cjk),
        0x1DC0..=0x1DFF | 0x20D0..=0x20FF => Mark,
        0x1E00..=0x1EFF => letter(c, Script::Latin),
        0x2000..=0x200A | 0x2028 | 0x2029 | 0x3000 => Space,
        0x202F => Nbsp,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F => Other,
        0x2018 | 0x201A..=0x201C | 0x201E | 0x201F => Opening,
        0x2020..=0x2023 | 0x2030 | 0x2039 | 0x203A => Opening,
        0x2016 | 0x2027 | 0x2044 => Odd,
        0x2032 | 0x2033 => Symbol,
        0x2010..=0x205F => Closing,
        0x2070..=0x20CF => Symbol,
        0x2126 | 0x212E => Odd,
        0x2100..=0x218F => Symbol,
        0x2202 | 0x2206 | 0x220F | 0x2211 | 0x221A | 0x221E | 0x222B | 0x2248 | 0x2260 | 0x2264
        | 0x2265 => Odd,
        0x2200..=0x22FF => Symbol,
        0x2310 | 0x2320 | 0x2321 => Odd,
        0x2500..=0x25A0 | 0x25CA => Odd,
        0x2190..=0x21FF | 0x2300..=0x24FF | 0x25A1..=0x27BF | 0x2800..=0x2BFF => Other,
        0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F => Closing,
        0x2E80..=0x2FDF | 0x3004..=0x3007 | 0x3012 | 0x3013 | 0x3020..=0x9FFF => {
            letter(c, Script::Cjk)
        }
        0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF61..=0xFF9F => letter(c, Script::Cjk),
        0x20000..=0x3FFFF => letter(c, Script::Cjk),
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => Private,
        0xFB00..=0xFB06 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => letter(c, Script::Latin),
        0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0000..=0xE0FFF => Mark,
        0xFF10..=0xFF19 => Digit,
        0xFF01..=0xFF5E | 0xFE30..=0xFE6F => Closing,
        0xFFFD => Replacement,
        0x1F000..=0x1FAFF => Other,
        _ => Rare,
    }
}

/// The letters of U+0490–U+04FF that languages with millions of writers
/// use (Ukrainian, Kazakh, Tatar, Bashkir, Uzbek, Tajik, Kyrgyz, Mongolian,
/// Azerbaijani, Chuvash, Chechen). The rest of the block is where Mac Roman
/// `“`/`”` and windows-1252 `Ò`/`Ó` before an accented letter land
/// (`”à` is `ӈ`).
fn is_common_cyrillic_extension(cp: u32) -> bool {
    let pair = cp & !1;
    matches!(
        pair,
        0x490
            | 0x492
            | 0x496
            | 0x498
            | 0x49A
            | 0x49C
            | 0x4A0
            | 0x4A2
            | 0x4AA
            | 0x4AE
            | 0x4B0
            | 0x4B2
            | 0x4B6
            | 0x4B8
            | 0x4BA
            | 0x4D0
            | 0x4D6
            | 0x4D8
            | 0x4E2
            | 0x4E8
            | 0x4EE
            | 0x4F2
    ) || cp == 0x4C0
        || cp == 0x4CF
}

fn is_letter(k: Kind) -> bool {
    matches!(k, Kind::Letter { .. })
}

fn case(k: Kind) -> Case {
    match k {
        Kind::Letter { case, .. } => case,
        _ => Case::None,
    }
}

fn script(k: Kind) -> Option<Script> {
    match k {
        Kind::Letter { script, .. } => Some(script),
        _ => None,
    }
}

fn non_ascii_letter(k: Kind) -> bool {
    matches!(k, Kind::Letter { ascii: false, .. })
}

/// The kind of every character in the two ranges where mojibake lives,
/// precomputed: classifying is most of the cost of judging.
fn kind_fast(c: char) -> Kind {
    static TABLE: std::sync::OnceLock<Vec<Kind>> = std::sync::OnceLock::new();
    const LOW: u32 = 0x600;
    const PUNCT: std::ops::Range<u32> = 0x2000..0x2600;
    let table = TABLE.get_or_init(|| {
        (0..LOW)
            .chain(PUNCT)
            .map(|cp| char::from_u32(cp).map_or(Kind::Rare, kind))
            .collect()
    });
    let cp = c as u32;
    if cp < LOW {
        table[cp as usize]
    } else if PUNCT.contains(&cp) {
        table[(LOW + cp - PUNCT.start) as usize]
    } else {
        kind(c)
    }
}

/// The badness of a stretch of text (see the module docs).
pub fn badness(chars: impl IntoIterator<Item = char>) -> i32 {
    let mut scorer = Scorer::default();
    for c in chars {
        scorer.push(c);
    }
    scorer.finish()
}

/// Badness computed in one pass over a window of four characters: the two
/// before the one being judged, it, and the one after.
#[derive(Default)]
struct Scorer {
    w: [Option<(char, Kind)>; 4],
    score: i32,
}

impl Scorer {
    #[inline]
    fn push(&mut self, c: char) {
        self.w = [self.w[1], self.w[2], self.w[3], Some((c, kind_fast(c)))];
        if self.w[2].is_some() {
            self.judge();
        }
    }

    fn finish(mut self) -> i32 {
        self.w = [self.w[1], self.w[2], self.w[3], None];
        if self.w[2].is_some() {
            self.judge();
        }
        self.score
    }

    /// Scores the character at `w[2]`, and its pair with `w[1]`.
    fn judge(&mut self) {
        let [p2, p1, cur, next] = self.w;
        let Some((c, k)) = cur else { return };
        let kind_of = |x: Option<(char, Kind)>| x.map(|(_, k)| k);
        let case_of = |x: Option<(char, Kind)>| kind_of(x).map_or(Case::None, case);
        let script_of = |x: Option<(char, Kind)>| kind_of(x).and_then(script);
        let mut score = match k {
            Kind::C1 | Kind::Private | Kind::Rare => 3,
            _ => 0,
        };
        // The start or end of the text is not a letter of the script either:
        // `the,ӈ` (`”à` read through Mac Roman) is as odd at the end of a
        // text as before a space. A window cut short inside a text cuts
        // the same context before and after a repair, so that evens out.
        if let Some(s) = script(k)
            && s != Script::Latin
            && s != Script::Greek
            && script_of(p1) != Some(s)
            && script_of(next) != Some(s)
        {
            score += 1;
        }
        // `‚Ä` and one more non-ASCII character is the Mac Roman reading
        // of every character from U+2000 to U+203F (`‚Äù` is `”`); real
        // text puts an ASCII letter after a quoted `‚Ä` (`‚Äpfel‘`).
        if c == 'Ä' && p1.is_some_and(|(a, _)| a == '‚') && next.is_some_and(|(n, _)| !n.is_ascii())
        {
            score += 2;
        }
        if non_ascii_letter(k)
            && case(k) == Case::Lower
            && case_of(p1) == Case::Upper
            && (case_of(next) == Case::Upper || case_of(p2) == Case::Upper)
        {
            score += 2;
        }
        if c == '’'
            && matches!(
                kind_of(p1),
                Some(Kind::Letter {
                    case: Case::Upper,
                    ascii: false,
                    ..
                })
            )
            && next.is_some_and(|(n, _)| n.is_ascii_lowercase() && !"stdlmrv".contains(n))
        {
            score += 1;
        }
        if let Some((a, ka)) = p1 {
            score += pair(a, ka, c, k, kind_of(p2), kind_of(next));
        }
        self.score += score;
    }
}

/// Penalty for the pair `a b`; `before` and `after` are the kinds of the
/// characters around it, if any.
fn pair(a: char, ka: Kind, b: char, kb: Kind, before: Option<Kind>, after: Option<Kind>) -> i32 {
    let mut score = 0;
    if non_ascii_letter(ka) && matches!(kb, Kind::Symbol | Kind::Odd) {
        score += if b != '™' || matches!(a, 'Ã' | 'Â') || case(ka) == Case::Lower {
            2
        } else {
            0
        };
    }
    if matches!(ka, Kind::Letter { ascii: true, .. }) && kb == Kind::Odd {
        score += 1;
    }
    if is_letter(ka) && kb == Kind::Opening {
        score += 1;
    }
    if a == '”' && is_letter(kb) {
        score += 1;
    }
    if ('\u{C0}'..='\u{DE}').contains(&a)
        && matches!(
            kb,
            Kind::Letter {
                script: Script::Latin,
                case: Case::Lower,
                ascii: false,
            }
        )
    {
        score += 1;
    }
    // Mojibake puts a capital inside a word (`baÅ†`, `РґРѕ`); an accented
    // letter before an ASCII capital is two words glued (`irmãFriday`), and
    // counting it made the Mac Roman reading `irṃFriday` look better.
    if case(ka) == Case::Lower && case(kb) == Case::Upper && non_ascii_letter(kb) {
        score += 1;
    }
    if let (Some(sa), Some(sb)) = (script(ka), script(kb))
        && sa != sb
        && !matches!(
            (sa, sb),
            (Script::Latin, Script::Greek) | (Script::Greek, Script::Latin)
        )
    {
        score += 1;
    }
    if matches!(
        a,
        'Â' | 'Ã' | 'Ä' | 'Å' | 'â' | 'ã' | 'ä' | 'å' | 'Ð' | 'Ñ' | 'ð'
    ) && matches!(b, 'Œ' | 'œ' | 'Š' | 'š' | 'Ž' | 'ž' | 'Ÿ')
    {
        score += 1;
    }
    if ka == Kind::Odd && script(kb) == Some(Script::Latin) {
        score += 1;
    }
    if matches!(a, '√' | 'ƒ' | '≈')
        && matches!(
            kb,
            Kind::Symbol | Kind::Odd | Kind::Opening | Kind::Closing | Kind::Nbsp
        )
    {
        score += 2;
    }
    if matches!(a, 'Ã' | 'Â') {
        score += match kb {
            Kind::Nbsp => 2,
            Kind::Space => {
                let before_upper = before.is_some_and(|k| case(k) == Case::Upper);
                let after_upper = after.is_some_and(|k| case(k) == Case::Upper);
                if before_upper || after_upper { 0 } else { 2 }
            }
            Kind::Letter {
                ascii: true,
                case: Case::Lower,
                ..
            } => 1,
            Kind::Letter { ascii: true, .. } | Kind::Digit | Kind::AsciiPunct => 0,
            _ if b == '’' => 0,
            _ => 2,
        };
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(s: &str) -> i32 {
        badness(s.chars())
    }

    #[test]
    fn real_text_scores_zero() {
        for clean in [
            "Here’s the plan — “ship it” … ok",
            "São Paulo, ¿qué?",
            "Zoë’s café, Müller, Dvořák, Łódź, İstanbul",
            "Ελληνικά, русский, 日本語, 한국어, עברית",
            "IKEA™, 25°C, ±5, 5×3, £35, 10 €",
            "IL2RγcKO",
            "NESTLÉ",
        ] {
            assert_eq!(bad(clean), 0, "{clean}");
        }
    }

    #[test]
    fn mojibake_scores_above_its_repair() {
        for (broken, fixed) in [
            ("cafÃ©", "café"),
            ("Here‚Äôs", "Here’s"),
            ("weiâ€™s", "wei’s"),
            ("ÄŒeÅ¡tina", "Čeština"),
            ("РґРѕСЂРѕРіРµ", "дороге"),
            ("âœ” ok", "✔ ok"),
            ("OÃ™ ET", "OÙ ET"),
            ("voilÃ le", "voilà le"),
            ("wei√ü", "weiß"),
        ] {
            assert!(
                bad(broken) > bad(fixed),
                "{broken} {} vs {fixed} {}",
                bad(broken),
                bad(fixed)
            );
        }
    }

    #[test]
    fn wrong_repairs_score_above_the_original() {
        for (real, wrong) in [
            ("10 Å—", "10 ŗ"),
            ("SÉ¡", "Sɡ"),
            ("ВІКІ", "²ʲ"),
            ("Brontë…”", "Bront녔"),
            ("Ō¬o", "Ԭo"),
        ] {
            assert!(
                bad(real) <= bad(wrong),
                "{real} {} vs {wrong} {}",
                bad(real),
                bad(wrong)
            );
        }
    }
}
