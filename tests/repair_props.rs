//! Property tests of the repair stage: real text in many languages is never
//! touched, and one or two layers of Windows-1252 or Mac Roman mojibake on
//! top of it always come off exactly.

use proptest::prelude::*;
use saidwhat::text::repair::repair;

/// Words with the letters each language is known for (invented sentences,
/// no real text).
const WORDS: &[&str] = &[
    // English and plain ASCII
    "the",
    "plan",
    "ships",
    "Friday",
    "API",
    "v2",
    "OK",
    "42",
    "e-mail",
    // French
    "été",
    "crème",
    "garçon",
    "où",
    "naïve",
    "cœur",
    "déjà",
    "à",
    "Œuvre",
    "Français",
    // German
    "Grüße",
    "Straße",
    "Mädchen",
    "über",
    "schön",
    "ÄRGER",
    // Polish
    "zażółć",
    "gęślą",
    "jaźń",
    "Łódź",
    "źródło",
    "Świat",
    // Spanish
    "¿qué?",
    "año",
    "señor",
    "niño",
    "¡olé!",
    "Ñandú",
    // Portuguese
    "São",
    "ação",
    "coração",
    "irmã",
    "pão",
    "às",
    "NÃO",
    // Czech
    "příliš",
    "žluťoučký",
    "kůň",
    "úpěl",
    "ďábelské",
    "ódy",
    // Turkish
    "İstanbul",
    "şişli",
    "ılık",
    "çay",
    "Ağaç",
    "göğüs",
    // Greek
    "Ελληνικά",
    "καλημέρα",
    "ψυχή",
    "ώρα",
    "ΑΘΗΝΑ",
    // Russian
    "привет",
    "ещё",
    "всё",
    "Москва",
    "щука",
    "объём",
    "Ёлка",
    // Japanese
    "日本語",
    "ひらがな",
    "カタカナ",
    "東京",
    "会議",
];

const EMOJI: &[&str] = &["😀", "✅", "🚀", "❤️", "👍🏽", "🔼"];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (
            any::<bool>(),
            prop::sample::select(WORDS),
            prop::sample::select(&["", "’s", "…", ",", ".", "?", "!"][..]),
            any::<bool>(),
        )
            .prop_map(|(open, word, tail, close)| {
                let mut t = String::new();
                if open {
                    t.push('“');
                }
                t.push_str(word);
                t.push_str(tail);
                if close {
                    t.push('”');
                }
                t
            }),
        1 => prop::sample::select(&["—", "–", "…", "•", "→"][..]).prop_map(String::from),
        1 => prop::sample::select(EMOJI).prop_map(String::from),
    ]
}

/// Tokens joined mostly by spaces, sometimes glued (`été—Москва`) or on
/// separate lines.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            token(),
            prop::sample::select(&[" ", " ", " ", "", "\n"][..]),
        ),
        1..14,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, (t, sep)) in parts.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(t);
        }
        s
    })
}

/// `text` encoded as UTF-8 and decoded with `label` (a WHATWG encoding;
/// bytes it leaves undefined come out as C1 controls, as browsers do).
fn misread(text: &str, label: &str) -> String {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (decoded, replaced) = encoding.decode_without_bom_handling(text.as_bytes());
    assert!(!replaced, "{label} decodes every byte");
    decoded.into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn real_text_is_never_changed(s in sentence()) {
        let r = repair(&s);
        prop_assert!(r.steps.is_empty(), "{:?}", r.steps);
        prop_assert_eq!(r.text.as_ref(), s.as_str());
    }

    #[test]
    fn one_or_two_layers_of_mojibake_come_off(
        s in sentence(),
        label in prop::sample::select(&["windows-1252", "macintosh"][..]),
        layers in 1..=2usize,
    ) {
        prop_assume!(!s.is_ascii());
        let mut broken = s.clone();
        for _ in 0..layers {
            broken = misread(&broken, label);
        }
        prop_assert_eq!(repair(&broken).text, s);
    }
}

/// Characters mojibake is made of, and some it is not, to shake the
/// transcoder's edge cases (sequences cut short, lone surrogate halves,
/// lost bytes, spaces read as 0xA0).
fn messy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(
        &[
            "Ã", "Â", "â", "€", "™", "í", "\u{a0}", "½", "¸", "\u{8d}", "\u{81}", "�", "?", " ",
            "\n", "√", "ƒ", "≈", "Ð", "Ñ", "Å", "’", "é", "a", "ðŸ", "˜", "Ä", "Г", "Р", "╨", "日",
            "😀",
        ][..],
    );
    prop::collection::vec(
        prop_oneof![4 => pieces.prop_map(String::from), 1 => any::<char>().prop_map(String::from)],
        0..40,
    )
    .prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// Any text: no panic, no line added or lost, and every change recorded
    /// is a real stretch of the input or of an earlier step's output.
    #[test]
    fn any_text_is_repaired_without_panic_or_lost_lines(s in messy()) {
        let r = repair(&s);
        prop_assert_eq!(r.text.matches('\n').count(), s.matches('\n').count());
        prop_assert_eq!(r.steps.is_empty(), r.text == s);
        for step in &r.steps {
            prop_assert!(!step.is_empty());
            for c in step.changes() {
                prop_assert!(c.before != c.after);
            }
        }
    }
}
