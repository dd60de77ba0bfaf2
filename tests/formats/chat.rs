//! Tests of the chat formats (see tests/formats.rs): Zoom's chat export,
//! Google Meet's transcript and chat, and a transcript copied from Zoom's
//! web page.
//!
//! The real files are in `../shared/peers/transcripts/plaintext`: the
//! Ethereum calls' Zoom chats (`zoom-chat-ethereum-acd/*/chat*.txt`, read
//! only: their license forbids copying) and the Podman community meeting
//! notes (`podman-meeting-notes/*.md`), which paste raw exports into fenced
//! blocks under headings such as `Raw Meeting Chat`. Each block is cut out
//! here and given to the registry and to its format as the Markdown
//! container gives it (lines of the file, the block's first line as
//! offset). Every real file is measured against an independent reading of
//! it, by regular expressions written here: the turns, the exact set of
//! speaker labels, and the share of the source's words that are in the
//! turns.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use saidwhat::formats::meet::Meet;
use saidwhat::formats::meet_chat::MeetChat;
use saidwhat::formats::zoom_chat::ZoomChat;
use saidwhat::formats::zoom_copy::ZoomCopy;
use saidwhat::formats::{self, Act, Ctx, Format, FormatId, NoNames, Parsed, Source};
use saidwhat::model::{Code, TurnKind};

use crate::common::{document, repo, shared, words};

/// A file's text as the formats see it (decoded, repaired).
fn prepared(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    saidwhat::text::prepare(&bytes).unwrap().text.into_owned()
}

fn parse_with(format: &dyn Format, lines: &[&str], offset: usize) -> Parsed {
    format.parse(Source { lines, offset }, &Ctx::new(&NoNames))
}

/// The share of `source` words (with repeats) found in `texts`.
fn coverage<'a>(source: &[String], texts: impl IntoIterator<Item = &'a str>) -> f64 {
    let mut have: HashMap<String, usize> = HashMap::new();
    for t in texts {
        for w in words(t) {
            *have.entry(w).or_default() += 1;
        }
    }
    let found = source
        .iter()
        .filter(|w| match have.get_mut(*w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count();
    if source.is_empty() {
        1.0
    } else {
        found as f64 / source.len() as f64
    }
}

fn labels(p: &Parsed) -> BTreeSet<String> {
    p.turns.iter().map(|t| t.label.clone()).collect()
}

fn short(s: &str) -> String {
    let one_line = s.replace('\n', " ⏎ ");
    let cut: String = one_line.chars().take(50).collect();
    if cut.len() < one_line.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// One line of the measurements table (printed with `--nocapture`).
fn report(name: &str, p: &Parsed, cov: f64) {
    let (first, last) = match (p.turns.first(), p.turns.last()) {
        (Some(f), Some(l)) => (
            format!("{}: {}", f.label, short(&f.text)),
            format!("{}: {}", l.label, short(&l.text)),
        ),
        _ => ("-".into(), "-".into()),
    };
    eprintln!(
        "| {name} | {} | {} | {first} | {last} | {:.4} |",
        p.turns.len(),
        labels(p).len(),
        cov
    );
}

// ---------------------------------------------------------------- Zoom chat

/// A record start as the task defines it, and the reply head Zoom writes:
/// a quote up to the first `"` that ends a line before a blank line, or
/// that ends a line after Zoom's cut (`..."`, `…"`: one client writes the
/// answer on the next line); failing those, up to the first `"` that ends
/// a line (the same client quoting a short message whole).
static RECORD: &str = r"(?m)^\d\d:\d\d:\d\d\t([^\t]*):\t";
static REPLY_HEAD: &str = r#"(?s)\AReplying to ".*?(?:"[ \t]*\n[ \t]*\n|(?:\.\.\.|…)"[ \t]*\n)"#;
static REPLY_HEAD_LOOSE: &str = r#"(?s)\AReplying to ".*?"[ \t]*\n"#;

/// An independent reading of a Zoom chat: senders, and message texts
/// without reply heads.
struct ChatReading {
    senders: Vec<String>,
    messages: Vec<String>,
    reactions: usize,
    replies: usize,
}

fn read_zoom_chat(text: &str) -> ChatReading {
    let record = Regex::new(RECORD).unwrap();
    let head = Regex::new(REPLY_HEAD).unwrap();
    let loose = Regex::new(REPLY_HEAD_LOOSE).unwrap();
    let text = text.replace("\r\n", "\n");
    let starts: Vec<_> = record.captures_iter(&text).collect();
    let mut r = ChatReading {
        senders: Vec::new(),
        messages: Vec::new(),
        reactions: 0,
        replies: 0,
    };
    for (k, c) in starts.iter().enumerate() {
        let whole = c.get(0).unwrap();
        let end = starts
            .get(k + 1)
            .map_or(text.len(), |n| n.get(0).unwrap().start());
        let message = &text[whole.end()..end];
        r.senders.push(c[1].trim().to_string());
        if message.starts_with("Reacted to ") || message.starts_with("Removed a ") {
            r.reactions += 1;
        }
        if message.starts_with("Replying to \"") {
            r.replies += 1;
        }
        let cut = if head.is_match(message) {
            &head
        } else {
            &loose
        };
        r.messages.push(cut.replace(message, "").into_owned());
    }
    r
}

fn zoom_chat_files() -> Vec<std::path::PathBuf> {
    let Some(dir) = shared("peers/transcripts/plaintext/zoom-chat-ethereum-acd") else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for call in std::fs::read_dir(dir).unwrap() {
        for f in std::fs::read_dir(call.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with("chat") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Every real Zoom chat: detected as one, one turn per record, the exact
/// senders, every word of every message but the reply heads.
#[test]
fn real_zoom_chats() {
    let files = zoom_chat_files();
    if files.is_empty() {
        return;
    }
    assert_eq!(files.len(), 4);
    eprintln!("| file | turns | labels | first | last | coverage | reactions | replies |");
    for path in files {
        let text = prepared(&path);
        let reading = read_zoom_chat(&text);
        let doc = document(&path);
        assert_eq!(doc.format, Some(FormatId::ZoomChat), "{}", path.display());
        assert_eq!(doc.turns.len(), reading.senders.len(), "{}", path.display());
        let got: BTreeSet<_> = doc.turns.iter().map(|t| t.speaker_label.clone()).collect();
        let want: BTreeSet<_> = reading.senders.iter().cloned().collect();
        assert_eq!(got, want, "{}", path.display());
        let source: Vec<String> = reading.messages.iter().flat_map(|m| words(m)).collect();
        let texts: Vec<&str> = doc.turns.iter().map(|t| t.text.as_str()).collect();
        let cov = coverage(&source, texts.iter().copied());
        assert!(cov >= 0.99, "{}: coverage {cov}", path.display());

        let lines = saidwhat::text::lines(&text);
        let parsed = parse_with(&ZoomChat, &lines, 0);
        let acts = |a| parsed.turns.iter().filter(|t| t.act == a).count();
        assert_eq!(acts(Act::Reaction), reading.reactions, "{}", path.display());
        assert_eq!(acts(Act::Reply), reading.replies, "{}", path.display());
        assert!(
            parsed
                .turns
                .iter()
                .all(|t| t.kind == TurnKind::Chat && t.end.is_none())
        );
        let name = path
            .strip_prefix(path.parent().unwrap().parent().unwrap())
            .unwrap();
        let (first, last) = (&parsed.turns[0], parsed.turns.last().unwrap());
        eprintln!(
            "| {} | {} | {} | {}: {} | {}: {} | {cov:.4} | {} | {} |",
            name.display(),
            parsed.turns.len(),
            got.len(),
            first.label,
            short(&first.text),
            last.label,
            short(&last.text),
            reading.reactions,
            reading.replies,
        );
    }
}

/// The largest chat in detail: its first records, a reply whose quote
/// spans two lines, and a reaction whose quote has a blank line.
#[test]
fn real_zoom_chat_details() {
    let Some(dir) = shared("peers/transcripts/plaintext/zoom-chat-ethereum-acd") else {
        return;
    };
    let text = prepared(&dir.join("acdt_2026-07-13_087/chat.txt"));
    let lines = saidwhat::text::lines(&text);
    let p = parse_with(&ZoomChat, &lines, 0);
    assert_eq!(p.diagnostics, []);
    // A reply whose quoted message had a line break: the quote ends on the
    // second line, the answer follows the blank line.
    let reply = p
        .turns
        .iter()
        .find(|t| t.act == Act::Reply && t.line.0 == 70)
        .expect("the reply at line 70");
    assert_eq!(reply.last_line.0, 73);
    assert!(!reply.text.contains("Replying to"), "{:?}", reply.text);
    assert!(!reply.text.contains('\n'), "{:?}", reply.text);
    // Reactions quoting a message of several lines keep every line.
    let reaction = p.turns.iter().find(|t| t.line.0 == 96).unwrap();
    assert_eq!((reaction.act, reaction.last_line.0), (Act::Reaction, 98));
    assert_eq!(reaction.text.lines().count(), 3);
}

/// One client writes a reply's answer right after a quote cut with `…"`
/// (and a short quote whole, `"Ship it"`), and a reaction as
/// `Reacted to quote... with "👍"`: these were read as replies with no
/// answer and as messages.
#[test]
fn real_zoom_chat_other_clients_replies_and_reactions() {
    let Some(dir) = shared("peers/transcripts/plaintext/zoom-chat-ethereum-acd") else {
        return;
    };
    let text = prepared(&dir.join("acde_2026-03-26_233/chat.txt"));
    let lines = saidwhat::text::lines(&text);
    let p = parse_with(&ZoomChat, &lines, 0);
    let at = |n: u32| p.turns.iter().find(|t| t.line.0 == n).unwrap();
    let reply = at(354);
    assert_eq!((reply.act, reply.label.as_str()), (Act::Reply, "Jihoon"));
    assert!(
        reply.text.starts_with("I am more than happy to help"),
        "{:?}",
        reply.text
    );
    let reactions = p
        .turns
        .iter()
        .filter(|t| t.text.starts_with("Reacted to ") && !t.text.starts_with("Reacted to \""))
        .collect::<Vec<_>>();
    assert_eq!(reactions.len(), 13);
    assert!(reactions.iter().all(|t| t.act == Act::Reaction));
    for n in [717, 738] {
        let t = at(n);
        assert_eq!(
            (t.act, t.last_line.0, t.text.as_str()),
            (Act::Reply, n + 1, "ship it")
        );
    }
}

// ------------------------------------------------------ Podman note blocks

/// The Podman notes are notes (a heading, no frontmatter): the chat and
/// transcript formats must not take a whole note for theirs because a
/// block in it is theirs. 2025-10-07 was taken for a Zoom web copy and
/// 2026-04-07 for a Zoom chat, losing the notes' sections.
#[test]
fn podman_notes_stay_notes() {
    let Some(dir) = shared("peers/transcripts/plaintext/podman-meeting-notes") else {
        return;
    };
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let text = prepared(&path);
        let lines = saidwhat::text::lines(&text);
        assert!(
            matches!(formats::detect(&lines, "md"), formats::Detected::Markdown),
            "{} is not taken for a note",
            path.display()
        );
        for f in [&ZoomChat as &dyn Format, &Meet, &MeetChat, &ZoomCopy] {
            assert!(
                f.sniff(&lines) <= formats::markdown::sniff(&lines),
                "{:?} on {}",
                f.id(),
                path.display()
            );
        }
    }
}

/// The fenced block after the first line that starts with `heading`
/// (`#` and trailing `:` ignored): its lines' range in the file.
fn block(lines: &[&str], heading: &str) -> std::ops::Range<usize> {
    let at = lines
        .iter()
        .position(|l| l.trim_start_matches('#').trim().trim_end_matches(':') == heading)
        .unwrap_or_else(|| panic!("no heading {heading:?}"));
    let open = (at + 1..lines.len())
        .find(|&i| lines[i].trim().starts_with("```"))
        .unwrap();
    let close = (open + 1..lines.len())
        .find(|&i| lines[i].trim() == "```")
        .unwrap();
    open + 1..close
}

/// A Podman note's block, detected by the registry as `want` and parsed
/// as the container would.
fn podman_block(file: &str, heading: &str, want: FormatId) -> Option<(Vec<String>, usize, Parsed)> {
    let dir = shared("peers/transcripts/plaintext/podman-meeting-notes")?;
    let text = prepared(&dir.join(file));
    let lines = saidwhat::text::lines(&text);
    let range = block(&lines, heading);
    let inner = &lines[range.clone()];
    let f = formats::detect_block(inner).expect("a format for the block");
    assert_eq!(f.id(), want, "{file} {heading}");
    let parsed = parse_with(f, inner, range.start);
    let owned = inner.iter().map(|l| l.to_string()).collect();
    Some((owned, range.start, parsed))
}

/// Every non-blank line of `block` (at `offset`) that `is_meta` does not
/// call metadata is inside some turn, and turns do not overlap.
fn assert_no_line_lost(
    block: &[String],
    offset: usize,
    p: &Parsed,
    is_meta: impl Fn(&str) -> bool,
) {
    let mut prev = 0;
    for t in &p.turns {
        assert!(t.line.0 > prev, "turns overlap at line {}", t.line);
        prev = t.last_line.0;
    }
    for (i, l) in block.iter().enumerate() {
        let n = (offset + i + 1) as u32;
        if l.trim().is_empty() || is_meta(l.trim()) {
            continue;
        }
        let covered = p.turns.iter().any(|t| t.line.0 <= n && n <= t.last_line.0);
        assert!(covered, "line {n} is in no turn: {l:?}");
    }
}

fn meet_is_meta(l: &str) -> bool {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d\d:\d\d:\d\d|Meeting ended after .*|This editable transcript was computer generated.*)$")
            .unwrap()
    });
    META.is_match(l)
}

/// A Meet transcript block read independently: the speech after the
/// `Transcript` line, label prefixes as speakers, the rest as words.
fn read_meet(block: &[String]) -> (BTreeSet<String>, Vec<String>) {
    let line = Regex::new(r"^([^:]+): ?(.*)$").unwrap();
    let start = block.iter().position(|l| l.trim() == "Transcript").unwrap() + 1;
    let mut speakers = BTreeSet::new();
    let mut source = Vec::new();
    for l in &block[start..] {
        if meet_is_meta(l.trim()) || l.trim().is_empty() {
            continue;
        }
        let c = line
            .captures(l)
            .unwrap_or_else(|| panic!("not `Name: text`: {l:?}"));
        speakers.insert(c[1].to_string());
        source.extend(words(&c[2]));
    }
    (speakers, source)
}

#[test]
fn podman_meet_transcripts() {
    eprintln!("| block | turns | labels | first | last | coverage |");
    for (file, heading, title, date, attendees) in [
        (
            "2023-04-20.md",
            "Raw Transcript",
            "ieq-pxhy-jbh (2023-04-20 17:03 GMT+2) - Transcript",
            "2023-04-20",
            17,
        ),
        (
            "2024-09-03.md",
            "Raw Google Meet Transcript",
            "xrq-uemd-bzy (2024-09-03 11:02 GMT-4) – Transcript",
            "2024-09-03",
            18,
        ),
    ] {
        let Some((block, offset, p)) = podman_block(file, heading, FormatId::Meet) else {
            return;
        };
        assert_eq!(p.meta.title.as_deref(), Some(title));
        assert_eq!(p.meta.date.as_deref(), Some(date));
        assert_eq!(p.meta.participants.len(), attendees, "{file}");
        assert_eq!(p.diagnostics, [], "{file}");
        assert!(p.turns.iter().all(|t| t.start.is_none() && t.end.is_none()));
        let (speakers, source) = read_meet(&block);
        assert_eq!(labels(&p), speakers, "{file}");
        // Every speaker is an attendee.
        assert!(
            speakers.iter().all(|s| p.meta.participants.contains(s)),
            "{file}"
        );
        let cov = coverage(&source, p.turns.iter().map(|t| t.text.as_str()));
        assert!(cov >= 0.99, "{file}: coverage {cov}");
        // No speaker twice in a row: same-speaker lines are merged.
        assert!(
            p.turns.windows(2).all(|w| w[0].label != w[1].label),
            "{file}"
        );
        let head_end = block.iter().position(|l| l.trim() == "Transcript").unwrap() + 1;
        assert_no_line_lost(&block[head_end..], offset + head_end, &p, meet_is_meta);
        report(&format!("{file} {heading}"), &p, cov);
    }
}

/// The 2023 transcript's first and last turns, exactly.
#[test]
fn podman_meet_transcript_2023_turns() {
    let Some((_, _, p)) = podman_block("2023-04-20.md", "Raw Transcript", FormatId::Meet) else {
        return;
    };
    let first = &p.turns[0];
    assert_eq!((first.line.0, first.last_line.0, first.cues), (100, 100, 1));
    assert_eq!(first.label, "Tom Sweeney");
    assert!(
        first
            .text
            .starts_with("Have and there it is. Welcome everybody.")
    );
    let last = p.turns.last().unwrap();
    assert_eq!(
        (last.line.0, last.label.as_str(), last.text.as_str()),
        (337, "Anders F Björklund", "Yeah, bye.")
    );
    // Daniel Walsh's first two lines: one turn of two cues.
    let walsh = &p.turns[1];
    assert_eq!(
        (
            walsh.label.as_str(),
            walsh.line.0,
            walsh.last_line.0,
            walsh.cues
        ),
        ("Daniel Walsh", 101, 102, 2)
    );
}

#[test]
fn podman_not_captured_blocks_have_no_turns() {
    for (file, heading) in [
        ("2024-07-02.md", "Raw Google Meet Transcript"),
        ("2025-10-07.md", "Raw Meeting Chat"),
    ] {
        let Some((_, offset, p)) = podman_block(file, heading, FormatId::Meet) else {
            return;
        };
        assert_eq!(p.turns, [], "{file}");
        assert_eq!(p.diagnostics.len(), 1, "{file}");
        assert_eq!(p.diagnostics[0].code, Code::TranscriptUnrecognised);
        assert_eq!(p.diagnostics[0].line.unwrap().0 as usize, offset + 1);
    }
}

/// A Meet chat block read independently: which lines are headers (the
/// sender's name), and the words of the others.
fn read_meet_chat(block: &[String], glued: bool) -> (BTreeSet<String>, Vec<String>) {
    let time = r"\d{1,2}:\d\d[\s\u{202f}][AP]M";
    let glued_header = Regex::new(&format!(r"^(.+?){time}$")).unwrap();
    let time_line = Regex::new(&format!(r"^\s*{time}$")).unwrap();
    let mut senders = BTreeSet::new();
    let mut source = Vec::new();
    let mut i = 0;
    while i < block.len() {
        let l = &block[i];
        if glued && let Some(c) = glued_header.captures(l) {
            senders.insert(c[1].to_string());
        } else if !glued && block.get(i + 1).is_some_and(|n| time_line.is_match(n)) {
            senders.insert(l.trim().to_string());
            i += 1;
        } else {
            source.extend(words(l));
        }
        i += 1;
    }
    (senders, source)
}

#[test]
fn podman_meet_chats() {
    let is_time = Regex::new(r"^\d{1,2}:\d\d[\s\u{202f}][AP]M$").unwrap();
    eprintln!("| block | turns | labels | first | last | coverage |");
    for (file, glued, turns, first, last) in [
        (
            "2023-04-20.md",
            true,
            6,
            ("You", "https://hackmd.io/gQCfskDuRLm7iOsWgH2yrg?both"),
            (
                "Anders F Björklund",
                // The meeting code pasted after the chat cannot be told
                // from a line of the last message.
                "https://archive.fosdem.org/2022/schedule/event/container_ipfs_image/\nieq-pxhy-jbh",
            ),
        ),
        (
            "2024-09-03.md",
            false,
            3,
            ("Nalin Dahyabhai", "are we recording?"),
            (
                "Miloslav Trmac",
                "I think needinfo is an obvious win and entirely legitimate to close. Does doing _only_ that achieve the objective?",
            ),
        ),
    ] {
        let Some((block, offset, p)) = podman_block(file, "Raw Meeting Chat", FormatId::MeetChat)
        else {
            return;
        };
        assert_eq!(p.diagnostics, [], "{file}");
        assert_eq!(p.turns.len(), turns, "{file}");
        let (senders, source) = read_meet_chat(&block, glued);
        assert_eq!(labels(&p), senders, "{file}");
        let cov = coverage(&source, p.turns.iter().map(|t| t.text.as_str()));
        assert!(cov >= 0.99, "{file}: coverage {cov}");
        let f = &p.turns[0];
        let l = p.turns.last().unwrap();
        assert_eq!((f.label.as_str(), f.text.as_str()), first, "{file}");
        assert_eq!((l.label.as_str(), l.text.as_str()), last, "{file}");
        assert!(
            p.turns
                .iter()
                .all(|t| t.kind == TurnKind::Chat && t.start.is_none())
        );
        assert_no_line_lost(&block, offset, &p, |l| is_time.is_match(l));
        report(&format!("{file} Raw Meeting Chat"), &p, cov);
    }
}

#[test]
fn podman_zoom_copy() {
    let Some((block, offset, p)) = podman_block(
        "2025-10-07.md",
        "Raw Zoom Meet Transcript",
        FormatId::ZoomCopy,
    ) else {
        return;
    };
    // Independently: a name twice then HH:MM:SS starts a segment; the
    // first line is a bare time.
    let hms = Regex::new(r"^\d\d:\d\d:\d\d$").unwrap();
    let mut speakers = BTreeSet::new();
    let mut segments = 0;
    let mut source = Vec::new();
    let mut i = 0;
    while i < block.len() {
        let l = block[i].trim();
        if i + 2 < block.len() && block[i + 1].trim() == l && hms.is_match(block[i + 2].trim()) {
            speakers.insert(l.to_string());
            segments += 1;
            i += 3;
            continue;
        }
        if i == 0 && l == "11:03" {
            segments += 1;
        } else {
            source.extend(words(l));
        }
        i += 1;
    }
    assert_eq!(p.diagnostics, []);
    let mut want = speakers.clone();
    want.insert(String::new()); // the first, unnamed segment
    assert_eq!(labels(&p), want);
    let cues: u32 = p.turns.iter().map(|t| t.cues).sum();
    assert_eq!(cues as usize, segments);
    let cov = coverage(&source, p.turns.iter().map(|t| t.text.as_str()));
    assert!(cov >= 0.99, "coverage {cov}");
    let first = &p.turns[0];
    assert_eq!(
        (first.label.as_str(), first.start.map(|t| t.millis())),
        ("", Some(663_000))
    );
    assert!(
        first
            .text
            .starts_with("And so, with that, I am showing 1103 on my… system, so")
    );
    assert_eq!(first.end.map(|t| t.millis()), Some(735_000));
    let last = p.turns.last().unwrap();
    assert_eq!(last.label, "Tom Sweeney (Red Hat, Inc.)");
    assert!(
        last.text
            .ends_with("Right, folks, thanks for coming today.")
    );
    assert_eq!(
        (last.start.map(|t| t.millis()), last.end),
        (Some(3_980_000), None)
    );
    assert!(
        p.turns
            .windows(2)
            .all(|w| w[0].label != w[1].label || w[0].label.is_empty())
    );
    assert_no_line_lost(&block, offset, &p, |_| false);
    eprintln!("| block | turns | labels | first | last | coverage |");
    report("2025-10-07.md Raw Zoom Meet Transcript", &p, cov);
}

#[test]
fn podman_zoom_chat() {
    let Some((block, offset, p)) =
        podman_block("2026-04-07.md", "Raw Meeting Chat", FormatId::ZoomChat)
    else {
        return;
    };
    let reading = read_zoom_chat(&block.join("\n"));
    assert_eq!(p.diagnostics, []);
    assert_eq!(p.turns.len(), reading.senders.len());
    assert_eq!(labels(&p), reading.senders.iter().cloned().collect());
    let source: Vec<String> = reading.messages.iter().flat_map(|m| words(m)).collect();
    let cov = coverage(&source, p.turns.iter().map(|t| t.text.as_str()));
    assert!(cov >= 0.99, "coverage {cov}");
    // The message with a blank line and a line that reads like a sender's.
    let gerald = p.turns.iter().find(|t| t.line.0 == 74).unwrap();
    assert_eq!(gerald.label, "Gerald Seidman (AuriStor Inc.)");
    assert_eq!(gerald.last_line.0, 77);
    assert!(gerald.text.ends_with("\n\nI may have a question later on.\nSteve: Can you share your email so I can follow up directly"));
    assert_eq!(p.turns[0].start.map(|t| t.millis()), Some(1_071_000));
    assert_no_line_lost(&block, offset, &p, |_| false);
    eprintln!("| block | turns | labels | first | last | coverage |");
    report("2026-04-07.md Raw Meeting Chat", &p, cov);
}

// --------------------------------------------------------------- fixtures

/// The acts of the fixtures, which the goldens do not show.
#[test]
fn fixture_acts() {
    let dir = repo().join("tests/data/formats/zoom-chat");
    let acts = |name: &str| {
        let text = prepared(&dir.join(name));
        let lines = saidwhat::text::lines(&text);
        parse_with(&ZoomChat, &lines, 0)
            .turns
            .iter()
            .map(|t| t.act)
            .collect::<Vec<_>>()
    };
    use Act::*;
    assert_eq!(acts("replies.txt"), [Says, Reply, Says, Reply, Reply]);
    assert_eq!(
        acts("reactions.txt"),
        [Says, Reaction, Reaction, Reaction, Says]
    );
    assert_eq!(acts("records.txt"), [Says; 5]);
    assert_eq!(
        acts("reply-without-blank-line.txt"),
        [Says, Reply, Says, Reply, Reply]
    );
    assert_eq!(
        acts("reaction-emoji-quoted.txt"),
        [Says, Reaction, Reaction]
    );
}

/// Each fixture is detected as the format of its folder, at file level.
#[test]
fn fixtures_are_detected_as_their_format() {
    for (folder, id) in [
        ("meet", FormatId::Meet),
        ("meet-chat", FormatId::MeetChat),
        ("zoom-chat", FormatId::ZoomChat),
        ("zoom-copy", FormatId::ZoomCopy),
    ] {
        for e in std::fs::read_dir(repo().join("tests/data/formats").join(folder)).unwrap() {
            let path = e.unwrap().path();
            let text = prepared(&path);
            let lines = saidwhat::text::lines(&text);
            match formats::detect(&lines, "txt") {
                formats::Detected::Format(f) => assert_eq!(f.id(), id, "{}", path.display()),
                formats::Detected::Markdown => panic!("{} taken for a note", path.display()),
            }
        }
    }
}

// ------------------------------------------------------------- robustness

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Nothing under `plaintext/` makes any of these formats panic, whether
/// detected or forced on the whole file or on any tail of its lines.
#[test]
fn no_panic_on_any_plaintext_file() {
    let Some(dir) = shared("peers/transcripts/plaintext") else {
        return;
    };
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    assert!(files.len() >= 18);
    let all: [&dyn Format; 4] = [&ZoomChat, &Meet, &MeetChat, &ZoomCopy];
    for path in files {
        let _ = super::process(&path);
        let bytes = std::fs::read(&path).unwrap();
        let Ok(p) = saidwhat::text::prepare(&bytes) else {
            continue;
        };
        let lines = saidwhat::text::lines(&p.text);
        for f in all {
            // Tails every 7 lines keep this quadratic walk small.
            for from in (0..lines.len()).step_by(7) {
                f.sniff(&lines[from..]);
                f.parse(
                    Source {
                        lines: &lines[from..],
                        offset: from,
                    },
                    &Ctx::new(&NoNames),
                );
            }
        }
    }
}

/// Odd inputs: empty, only blank lines, lone headers, huge and unusual
/// characters at the places the parsers slice.
#[test]
fn no_panic_on_odd_lines() {
    let odd = [
        "",
        " ",
        "\t",
        "00:00:00\t",
        "00:00:00\t:\t",
        "00:00:00\té:\t\u{202f}",
        "Replying to \"",
        "Reacted to \"",
        "Removed a ",
        "é1:00 AM",
        "1:00\u{202f}AM",
        ":00",
        "0:",
        "00:00",
        "ÅÅ\nÅÅ\n00:00:00",
        "x (2023-04-20) - Transcript",
        "Attendees",
        "Not Captured",
        "Meeting ended after ",
        ": x",
        "日本語: テキスト",
    ];
    let all: [&dyn Format; 4] = [&ZoomChat, &Meet, &MeetChat, &ZoomCopy];
    for a in odd {
        for b in odd {
            let text = format!("{a}\n{b}\n{a}");
            let lines: Vec<&str> = text.split('\n').collect();
            for f in all {
                f.sniff(&lines);
                f.parse(Source::new(&lines), &Ctx::new(&NoNames));
            }
        }
    }
}
