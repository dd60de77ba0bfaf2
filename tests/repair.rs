//! The repair stage on whole files: the seeds, the sample vault and the
//! peer transcripts.

mod common;

use std::path::Path;

use common::{repo, shared};
use saidwhat::text::repair::{Scope, repair};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What re-encoding the whole text through `label` and reading the bytes as
/// UTF-8 gives: the exact repair of a file misread as a whole.
fn reencoded(text: &str, label: &str) -> String {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "every character is in {label}");
    String::from_utf8(bytes.into_owned()).expect("the bytes are UTF-8")
}

#[test]
fn seeds_broken_files_come_out_exactly_as_reencoded() {
    let Some(seeds) = shared("seeds") else { return };
    for (file, label, codec) in [
        ("001_984c4b48ef58c85c.txt", "macintosh", "mac-roman"),
        ("003_282b500a246e80d3.txt", "windows-1252", "windows-1252"),
    ] {
        let text = read(&seeds.join(file));
        let r = repair(&text);
        assert!(r.text == reencoded(&text, label), "{file}");
        assert_eq!(r.steps.len(), 1, "{file}: one step");
        assert_eq!(
            (r.steps[0].scope, r.steps[0].codec),
            (Scope::Document, codec)
        );
    }
}

#[test]
fn seeds_clean_files_are_untouched() {
    let Some(seeds) = shared("seeds") else { return };
    for file in [
        "000_529813d0d735123c.txt",
        "002_fc8d95f6009dd032.txt",
        "004_f0912bba60f5821b.txt",
    ] {
        let text = read(&seeds.join(file));
        let r = repair(&text);
        assert!(r.steps.is_empty() && r.text == text, "{file}");
    }
}

#[test]
fn sample_vault_mojibake_files_give_back_their_clean_originals() {
    let vault = repo().join("data/sample-vault/Meetings");
    let clean = repo().join("tests/data/sample-vault-clean");
    for (file, codec) in [
        ("2024-03-05 1-1 Tomasz.md", "windows-1252"),
        ("2024-03-12 Atlas roadmap review.md", "mac-roman"),
    ] {
        let broken = read(&vault.join(file));
        let r = repair(&broken);
        assert_eq!(r.text, read(&clean.join(file)), "{file}");
        assert_eq!(r.steps[0].codec, codec);
        // And the clean original is left alone.
        assert!(repair(&read(&clean.join(file))).steps.is_empty());
    }
}

/// Of the 551 peer transcripts, only the two with real mojibake (the
/// WebVTT spec example has `â\u{80}\u{94}` for `—`) and the four
/// junk-character fixtures (C1 controls) change; every other file comes
/// out byte-identical.
#[test]
fn peer_transcripts_change_only_where_they_are_broken() {
    let Some(peers) = shared("peers/transcripts") else {
        return;
    };
    let mut changed = Vec::new();
    let mut files = 0;
    let mut stack = vec![peers.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(decoded) = saidwhat::text::decode::decode(&bytes) else {
                continue;
            };
            files += 1;
            let r = repair(&decoded.text);
            if !r.steps.is_empty() {
                let name = path.strip_prefix(&peers).unwrap().display().to_string();
                let codecs: Vec<_> = r.steps.iter().map(|s| s.codec).collect();
                changed.push(format!("{name} {}", codecs.join("+")));
            } else {
                assert!(r.text == decoded.text);
            }
        }
    }
    changed.sort();
    assert!(files > 500, "{files}");
    assert_eq!(
        changed,
        [
            "webvtt/fixtures-vtt.js/cuetext/languages/junk_characters.json c1-as-windows-1252",
            "webvtt/fixtures-vtt.js/cuetext/languages/junk_characters.vtt c1-as-windows-1252",
            "webvtt/fixtures-vtt.js/cuetext/languages/long_string_junk_characters.json c1-as-windows-1252",
            "webvtt/fixtures-vtt.js/cuetext/languages/long_string_junk_characters.vtt c1-as-windows-1252",
            "webvtt/fixtures-vtt.js/integration/spec-example.json latin-1",
            "webvtt/fixtures-vtt.js/integration/spec-example.vtt latin-1",
        ]
    );
}
