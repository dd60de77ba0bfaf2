use super::*;

fn fixed(text: &str) -> String {
    repair(text).text.into_owned()
}

#[test]
fn clean_text_is_borrowed_untouched() {
    for clean in [
        "",
        "plain",
        "São Paulo, ¿qué?, Zoë’s café — “fine” … 😀 ✅",
        "Ελληνικά, русский, 日本語, 한국어, עברית",
    ] {
        let r = repair(clean);
        assert!(matches!(r.text, Cow::Borrowed(_)), "{clean}");
        assert!(r.steps.is_empty());
    }
}

#[test]
fn a_consistently_broken_text_is_repaired_as_a_document() {
    let r = repair("Here‚Äôs the plan:\n‚Ä¢ ship it ‚úÖ\n");
    assert_eq!(r.text, "Here’s the plan:\n• ship it ✅\n");
    assert_eq!(r.steps.len(), 1);
    assert_eq!(r.steps[0].scope, Scope::Document);
    assert_eq!(r.steps[0].codec, "mac-roman");
    let changes: Vec<_> = r.steps[0]
        .changes()
        .map(|c| (c.line, c.before, c.after))
        .collect();
    assert_eq!(
        changes,
        [(1, "‚Äô", "’"), (2, "‚Ä¢", "•"), (2, "‚úÖ", "✅")]
    );
}

#[test]
fn a_pasted_broken_line_is_repaired_alone() {
    let r = repair("Zoë’s notes — fine\nthe cafÃ© on rue de lâ€™Ã‰glise\n");
    assert_eq!(r.text, "Zoë’s notes — fine\nthe café on rue de l’Église\n");
    assert_eq!(r.steps.len(), 1);
    assert_eq!(
        (r.steps[0].scope, r.steps[0].codec),
        (Scope::Line, "windows-1252")
    );
    assert!(r.steps[0].changes().all(|c| c.line == 2));
}

#[test]
fn runs_inside_a_line_with_real_punctuation() {
    let r = repair("Le barÃ¨me permet l’Ã©valuation — relatifs Ã l’utilisation");
    assert_eq!(
        r.text,
        "Le barème permet l’évaluation — relatifs à l’utilisation"
    );
    assert!(r.steps.iter().all(|s| s.scope == Scope::Run));
}

#[test]
fn layers_are_undone_one_by_one() {
    let r = repair("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.");
    assert_eq!(r.text, "The Mona Lisa doesn’t have eyebrows.");
    assert_eq!(r.steps.len(), 3);
}

#[test]
fn c1_controls_become_windows_1252() {
    let r = repair("parlé\u{85} Tu sais");
    assert_eq!(r.text, "parlé… Tu sais");
    assert_eq!(r.steps[0].codec, "c1-as-windows-1252");
    assert_eq!(
        fixed("kept \u{81}"),
        "kept \u{81}",
        "undefined in windows-1252"
    );
}

#[test]
fn real_text_that_looks_like_mojibake_is_kept() {
    for real in [
        "a radius of 10 Å—",
        "Bremer/Mccoy – DrÃ¥ber",
        "C O N C L U S Ã O",
        "OK??:(   `¬´    ):",
        "higher values (“+” and “×” curves)",
        "SENSЕ - Oleg",
        "MINHA IRMÃ E EU",
    ] {
        assert_eq!(fixed(real), real);
    }
}

#[test]
fn explanation_lists_steps_and_examples() {
    let r = repair("cafÃ© crÃ¨me");
    assert_eq!(
        explain(&r.steps, 1),
        "document windows-1252: 2 change(s)\n  line 1: \"Ã©\" -> \"é\"\n  … 1 more\n"
    );
}

#[test]
fn regression_mac_roman_a_grave_before_a_comma() {
    // `à,` misread as Mac Roman; `√†` used to look harmless.
    assert_eq!(fixed("√†, voil√†"), "à, voilà");
    // Beside a real `à`, a lone two-byte run is not evidence enough.
    assert_eq!(fixed("√†, voilà"), "√†, voilà");
}

#[test]
fn regression_capital_oe_ligature_read_as_an_apostrophe() {
    assert_eq!(fixed("Å’uvre"), "Œuvre");
    assert_eq!(
        fixed("There are a lot of Ã’s in mojibake text"),
        "There are a lot of Ã’s in mojibake text"
    );
}

#[test]
fn regression_afrikaans_n_is_a_letter_not_a_rare_character() {
    assert_eq!(
        fixed("Å\u{89} Chloroplas is Å\u{89} organel"),
        "ŉ Chloroplas is ŉ organel"
    );
}

#[test]
fn regression_mac_roman_dash_and_space_are_not_a_no_break_space() {
    // 0xA0 is `†` in Mac Roman, so a space there cannot have been 0xA0.
    assert_eq!(fixed("Bremer/Mccoy – DrÃ¥ber"), "Bremer/Mccoy – DrÃ¥ber");
}

#[test]
fn regression_polish_capital_before_an_accented_small_letter() {
    assert_eq!(fixed("Å\u{81}Ã³dÅº → Łódź"), "Łódź → Łódź");
}

/// Found by `real_text_is_never_changed`: a closing quote glued to an
/// accented letter at the very end of a text re-reads through Mac Roman as
/// a lone Cyrillic letter (`”à` is D3 88, `ӈ`), which scored as clean
/// because the end of the text did not count as a neighbour.
#[test]
fn quote_before_accent_at_end_of_text_is_not_taken_for_mac_roman() {
    for real in ["the,”à", "”é", "x”ê", "“ш"] {
        let r = repair(real);
        assert!(r.steps.is_empty(), "{real}: {:?}", r.steps);
        assert_eq!(r.text, real);
    }
}

/// Found by `one_or_two_layers_of_mojibake_come_off`: `”` misread through
/// Mac Roman (`‚Äù`) and glued to the next word was left alone, because a
/// letter right after `”` counts against the repair as much as `Äù`
/// counted for it.
#[test]
fn mac_roman_closing_quote_glued_to_a_word_is_repaired() {
    assert_eq!(fixed("the,‚Äùthe,"), "the,”the,");
    assert_eq!(fixed("the,‚Äùe-mail"), "the,”e-mail");
    assert_eq!(fixed("‚Äúok‚Äùthen"), "“ok”then");
}

/// Found by `any_text_is_repaired_without_panic_or_lost_lines`: at 0xED the
/// run finder tries a 6-byte CESU-8 pair first; a try that read only one
/// 3-byte sequence still handed over its whole transcoding, so the ASCII
/// after the sequence (a newline here) was written twice.
#[test]
fn cesu_try_that_reads_one_sequence_does_not_repeat_what_follows() {
    let text = "𠀀í€€  \n";
    let r = repair(text);
    assert_eq!(r.text.matches('\n').count(), 1, "{:?}", r.text);
    assert!(r.text.ends_with("  \n"), "{:?}", r.text);
}

/// Found by `real_text_is_never_changed`: two quotes glued around accented
/// letters re-read through Mac Roman as two letters of small Cyrillic
/// alphabets (`”à”•` is `ӈӥ`), which scored clean next to each other.
#[test]
fn quotes_around_accents_are_not_taken_for_cyrillic() {
    let real = "the…”à”• the";
    assert!(repair(real).steps.is_empty());
}

/// Found by `one_or_two_layers_of_mojibake_come_off`: `ã` glued to a
/// capitalised word (`irmÃ£Friday`) was read through Mac Roman as `m` with
/// a combining dot below, because `ãF` counted as odd case.
#[test]
fn accent_glued_to_a_capitalised_word_is_read_through_windows_1252() {
    assert_eq!(fixed("irmÃ£Friday,"), "irmãFriday,");
}

/// Found by `real_text_is_never_changed`: `?` after an accent was taken for
/// a byte lost in a windows-1252 misreading although no byte windows-1252
/// leaves undefined can follow 0xE0 (`à?”` as E0 ?? 94), and the text
/// became two `�`.
#[test]
fn question_mark_is_a_lost_byte_only_where_an_undefined_byte_fits() {
    let real = "irmã?”à?” the";
    assert!(repair(real).steps.is_empty(), "{:?}", repair(real).steps);
    // 0x9D, undefined in windows-1252, is the last byte of `”` (E2 80 9D).
    assert_eq!(fixed("â€œokâ€?"), "“ok�");
}
