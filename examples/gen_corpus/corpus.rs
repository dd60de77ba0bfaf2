//! The synthetic corpus of the benchmarks: `main.rs` writes it to disk
//! (`scripts/gen-corpus SIZE_MB DIR`), the criterion benches include this
//! file to get the same kinds of document in memory.
//!
//! Everything is invented: people are built from syllables, sentences from
//! a fixed vocabulary. The mix follows a product manager's vault: ~68%
//! meeting notes with a house-format transcript of 50–400 turns (labels
//! glued to the text, `Remote` in 1:1s), a tenth of those saved as
//! Windows-1252 mojibake and a tenth as Mac Roman mojibake; ~15%
//! transcripts exported by other tools, in their own files; ~10% notes
//! without a transcript; ~5% person notes; a few files in a legacy code page
//! or UTF-16. Beside DIR it writes `DIR-people.csv` (the ~2,000-person
//! dictionary, with aliases) and `DIR-names.txt` (every name and alias, one
//! per line, for `rg -F -f`). The same size and directory give the same
//! bytes.
//!
//! The exported transcripts are written as the exporters write them (the
//! shapes the fixtures in `tests/data/formats/` show), of the same people
//! and sentences as the notes, 4–48 KB each like the notes. Their shares
//! among them (`EXPORTS`): WebVTT 26% (Zoom's `Name: text` cues with CRLF
//! and numbers 12, Teams' GUID ids and `<v Name>` spans 10, YouTube's
//! rolling automatic captions 4), Whisper JSON 16% (WhisperX with speakers
//! and words 8, Whisper 5, whisper-ctranslate2 with speakers 3), SRT 10%
//! (`[SPEAKER_01]:` or no speaker), Otter 7%, plain dialogue 6%, QMSum 5%,
//! Rev.ai JSON 5%, Rev text 5%, Zoom chat 5% (with replies and
//! reactions), Google Meet transcripts 5%, Whisper TSV 4%, SubViewer 2%,
//! Zoom's transcript copied from its web page 2%, Google Meet chat 2%.

use std::fmt::Write as _;

/// A small deterministic generator (xorshift64*), so the corpus does not
/// depend on any crate's RNG; `tests/mutations.rs` mutates with it too.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kl", "st",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ei", "ou", "ä", "é", "ö", "ø", "ú"];
const CODAS: &[&str] = &["", "n", "r", "s", "l", "k", "nd", "rt", "sz", "ck"];

fn syllable(rng: &mut Rng) -> String {
    format!(
        "{}{}{}",
        rng.pick(ONSETS),
        rng.pick(VOWELS),
        rng.pick(CODAS)
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

struct Person {
    name: String,
    first: String,
    nickname: Option<String>,
    org: &'static str,
}

const ORGS: &[&str] = &[
    "Brightwater Analytics",
    "Skyline Storage",
    "Northwind Cloud",
    "Lakeside Labs",
];

fn people(rng: &mut Rng, n: usize) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::with_capacity(n);
    while out.len() < n {
        let first = capitalised(&(syllable(rng) + &syllable(rng)));
        let last = capitalised(&(syllable(rng) + &syllable(rng) + &syllable(rng)));
        let name = format!("{first} {last}");
        if out.iter().any(|p| p.name == name) {
            continue;
        }
        let nickname = rng
            .chance(15)
            .then(|| capitalised(&first.chars().take(3).collect::<String>()) + "y");
        out.push(Person {
            name,
            first,
            nickname,
            org: ORGS[rng.below(ORGS.len())],
        });
    }
    out
}

const TOPIC_WORDS: &[&str] = &[
    "pricing",
    "the roadmap",
    "the beta",
    "hiring",
    "the renewal",
    "the cloud rollout",
    "security",
    "the budget",
    "the release",
    "the RFP",
    "multi-region",
    "the connector",
    "discounts",
    "Q3",
];
const OPENERS: &[&str] = &[
    "so",
    "okay",
    "yeah",
    "I think",
    "honestly",
    "right, and",
    "well",
    "the thing is",
    "look,",
    "and then",
    "um",
    "so basically",
];
const VERBS: &[&str] = &[
    "needs to look at",
    "is worried about",
    "wants to move",
    "asked about",
    "is blocked on",
    "signed off on",
    "will follow up on",
    "doesn't agree with",
    "is driving",
    "pushed back on",
];
const TAILS: &[&str] = &[
    "before Friday.",
    "this week.",
    "— we should talk about it.",
    "next month.",
    "for the Zürich team.",
    "and that’s fine.",
    "if the numbers hold.",
    "“as soon as possible”.",
    "… maybe.",
    "✅",
    "🚀 finally.",
    "so let’s see.",
    "again.",
    "with the partners.",
];

/// Objects that are no topic: most of what is said in a meeting.
const PLAIN: &[&str] = &[
    "it",
    "that idea",
    "the document",
    "the numbers",
    "this",
    "the plan",
    "the slides",
    "the thread",
    "the next steps",
    "the follow-up",
];

/// A sentence; about a fifth name somebody and about a quarter a topic.
fn sentence(rng: &mut Rng, who: &[&Person], all: &[Person]) -> String {
    let subject = if rng.chance(20) {
        let p = if rng.chance(70) {
            rng.pick(who)
        } else {
            rng.pick(all)
        };
        match (&p.nickname, rng.below(3)) {
            (Some(n), 0) => n.clone(),
            (_, 1) => p.name.clone(),
            _ => p.first.clone(),
        }
    } else {
        // No subject is a topic of data/topics.toml, so that topics come
        // from the objects alone.
        rng.pick(&[
            "the team",
            "marketing",
            "the other group",
            "ops",
            "everyone",
            "the partners",
        ])
        .to_string()
    };
    let object = if rng.chance(25) {
        rng.pick(TOPIC_WORDS)
    } else {
        rng.pick(PLAIN)
    };
    format!(
        "{} {} {} {} {}",
        rng.pick(OPENERS),
        subject,
        rng.pick(VERBS),
        object,
        rng.pick(TAILS)
    )
}

fn stamp(ms: u64) -> String {
    format!(
        "[{:02}:{:02}:{:02}.{:02}]",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000 / 10
    )
}

fn date(rng: &mut Rng) -> String {
    format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
}

fn meeting(rng: &mut Rng, all: &[Person]) -> String {
    let one_to_one = rng.chance(40);
    let count = if one_to_one { 2 } else { 3 + rng.below(3) };
    let who: Vec<&Person> = (0..count).map(|_| rng.pick(all)).collect();
    let day = date(rng);
    let mut s = String::new();
    let _ = writeln!(s, "---\ntype: transcript\ndate: '{day}'\nparticipants:");
    for p in &who {
        let _ = writeln!(s, "- '[[{}]]'", p.name);
    }
    let title = if one_to_one {
        format!("1:1 — {} — {day}", who[1].name)
    } else {
        format!(
            "{} sync — {day}",
            capitalised(rng.pick(TOPIC_WORDS).trim_start_matches("the "))
        )
    };
    let _ = writeln!(s, "---\n\n# {title}\n\n## Summary\n");
    for _ in 0..3 + rng.below(4) {
        let _ = writeln!(s, "- {}", sentence(rng, &who, all));
    }
    let _ = writeln!(s, "\n## Action items\n");
    for _ in 0..2 + rng.below(3) {
        let p = rng.pick(&who);
        let _ = writeln!(s, "- [ ] [[{}]]: {}", p.name, sentence(rng, &who, all));
    }
    let _ = writeln!(
        s,
        "\n## Transcript (auto)\n\n<!-- ai:transcript:start -->\n```text"
    );
    let turns = 50 + rng.below(351);
    let mut ms = rng.below(5000) as u64;
    for _ in 0..turns {
        let speaker = rng.below(who.len());
        let label = if one_to_one && speaker == 1 {
            "Remote".to_string()
        } else {
            who[speaker].name.clone()
        };
        let mut text = sentence(rng, &who, all);
        if rng.chance(30) {
            text.push(' ');
            text.push_str(&sentence(rng, &who, all));
        }
        let _ = writeln!(s, "{}  {label}{text}\n", stamp(ms));
        ms += 2000 + rng.below(20_000) as u64;
    }
    let _ = writeln!(s, "```\n<!-- ai:transcript:end -->");
    s
}

fn plain_note(rng: &mut Rng, all: &[Person]) -> String {
    let who: Vec<&Person> = (0..3).map(|_| rng.pick(all)).collect();
    let mut s = format!("---\ntype: note\ndate: '{}'\n---\n\n# Notes\n\n", date(rng));
    for _ in 0..10 + rng.below(30) {
        let _ = writeln!(s, "{}\n", sentence(rng, &who, all));
    }
    s
}

fn person_note(p: &Person, rng: &mut Rng, all: &[Person]) -> String {
    let mut s = format!("---\ntype: person\nname: {}\ncompany: {}\n", p.name, p.org);
    if let Some(n) = &p.nickname {
        let _ = writeln!(s, "aliases: [{n}]");
    }
    let shown = match &p.nickname {
        Some(n) => format!("{} ({n}) {}", p.first, &p.name[p.first.len() + 1..]),
        None => p.name.clone(),
    };
    let _ = writeln!(s, "---\n\n# {shown}\n\n## Key Facts\n");
    for _ in 0..3 + rng.below(5) {
        let _ = writeln!(s, "- {}", sentence(rng, &[p], all));
    }
    s
}

/// `text` misread: its UTF-8 bytes decoded with `label`, written as UTF-8.
pub fn mojibake(text: &str, label: &str) -> Vec<u8> {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).expect("known label");
    encoding
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
        .into_bytes()
}

/// A generated corpus: the people, and a stream of files until a size.
pub struct Corpus {
    rng: Rng,
    people: Vec<Person>,
    persons: usize,
    files: usize,
}

/// One generated file: its path inside the corpus and its bytes.
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
    /// The format its transcript is written in, as the `format` column
    /// names it (`house` for a meeting note); `None` for a note without one.
    pub format: Option<&'static str>,
}

impl Corpus {
    /// The corpus of every benchmark: a fixed seed, 2,000 people.
    pub fn new() -> Corpus {
        let mut rng = Rng(0x5EED_1234_ABCD_0001);
        let people = people(&mut rng, 2000);
        Corpus {
            rng,
            people,
            persons: 0,
            files: 0,
        }
    }

    /// The dictionary as a `--people` CSV (`name,aliases,org,role`).
    pub fn people_csv(&self) -> String {
        let mut csv = String::from("name,aliases,org,role\n");
        for p in &self.people {
            let _ = writeln!(csv, "{},{},{},", p.name, self.aliases(p).join(";"), p.org);
        }
        csv
    }

    /// Every name and alias, one per line (for `rg -F -f`).
    pub fn names_txt(&self) -> String {
        let mut names = String::new();
        for p in &self.people {
            let _ = writeln!(names, "{}", p.name);
            for a in self.aliases(p) {
                let _ = writeln!(names, "{a}");
            }
        }
        names
    }

    fn aliases<'p>(&self, p: &'p Person) -> Vec<&'p str> {
        std::iter::once(p.first.as_str())
            .chain(p.nickname.as_deref())
            .collect()
    }

    /// A meeting note with a clean (UTF-8) house-format transcript.
    pub fn meeting(&mut self) -> String {
        meeting(&mut self.rng, &self.people)
    }

    /// A note without a transcript.
    pub fn plain_note(&mut self) -> String {
        plain_note(&mut self.rng, &self.people)
    }

    /// A transcript file in `format` (as the `format` column names it:
    /// `house` is a meeting note), written as one of the exporters of that
    /// format would, by their shares; `None` for a format the corpus does
    /// not write.
    pub fn transcript(&mut self, format: &str) -> Option<File> {
        let files = self.files;
        self.files += 1;
        if format == "house" {
            return Some(File {
                path: format!("Meetings/{files:06}.md"),
                bytes: meeting(&mut self.rng, &self.people).into_bytes(),
                format: Some("house"),
            });
        }
        let export = pick_export(&mut self.rng, |e| e.format() == format)?;
        Some(exported(&mut self.rng, &self.people, export, files))
    }

    /// The next file of the mix: ~5% person notes, ~10% plain notes, ~2%
    /// legacy code page or UTF-16, ~15% transcripts in the other formats
    /// (by the shares of `EXPORTS`), the rest meetings (a tenth of them
    /// Windows-1252 and a tenth Mac Roman mojibake).
    pub fn next_file(&mut self) -> File {
        let rng = &mut self.rng;
        let all = &self.people;
        let files = self.files;
        self.files += 1;
        let roll = rng.below(100);
        let (path, bytes, format) = if roll < 5 && self.persons < all.len() {
            let p = &all[self.persons];
            self.persons += 1;
            (
                format!("People/{}.md", p.name),
                person_note(p, rng, all).into_bytes(),
                None,
            )
        } else if roll < 15 {
            (
                format!("Notes/{files:06}.md"),
                plain_note(rng, all).into_bytes(),
                None,
            )
        } else if roll < 17 {
            // A legacy code page, or UTF-16 with a BOM.
            let text = plain_note(rng, all);
            let bytes = if rng.chance(50) {
                let (b, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
                b.into_owned()
            } else {
                let mut b = vec![0xFF, 0xFE];
                b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                b
            };
            (format!("Notes/{files:06} legacy.txt"), bytes, None)
        } else if roll < 32 {
            let export = pick_export(rng, |_| true).expect("exports have shares");
            return exported(rng, all, export, files);
        } else {
            let text = meeting(rng, all);
            let bytes = match rng.below(10) {
                0 => mojibake(&text, "windows-1252"),
                1 => mojibake(&text, "macintosh"),
                _ => text.into_bytes(),
            };
            (format!("Meetings/{files:06}.md"), bytes, Some("house"))
        };
        File {
            path,
            bytes,
            format,
        }
    }
}

/// Every format the corpus writes transcripts in, `house` first, then in
/// the order of `EXPORTS`.
pub fn formats() -> Vec<&'static str> {
    let mut out = vec!["house"];
    for (e, _) in EXPORTS {
        if !out.contains(&e.format()) {
            out.push(e.format());
        }
    }
    out
}

// Transcripts in the other formats, written as their exporters write them.
// Each starts from the same invented meeting (a cast, a day, utterances of
// the same sentences as the notes), so mentions and topics are exercised
// in every format, and stops adding utterances once it has about `budget`
// bytes, the size of a meeting note.

/// Who meets, on which day, under which name.
struct Cast<'p> {
    who: Vec<&'p Person>,
    day: String,
    /// The meeting's name as a calendar shows it (`Pricing sync`).
    name: String,
}

fn cast<'p>(rng: &mut Rng, all: &'p [Person]) -> Cast<'p> {
    let count = if rng.chance(40) { 2 } else { 3 + rng.below(3) };
    let mut who: Vec<&Person> = Vec::with_capacity(count);
    while who.len() < count {
        let p = rng.pick(all);
        if !who.iter().any(|w| std::ptr::eq(*w, p)) {
            who.push(p);
        }
    }
    let day = date(rng);
    let name = match count {
        2 => format!("{} and {}", who[0].first, who[1].first),
        _ => format!(
            "{} sync",
            capitalised(rng.pick(TOPIC_WORDS).trim_start_matches("the "))
        ),
    };
    Cast { who, day, name }
}

/// One utterance: who (an index into the cast), what, from when to when
/// (milliseconds since the recording started).
struct Said {
    speaker: usize,
    text: String,
    start: u64,
    end: u64,
}

/// A meeting being said: the cast, and the clock.
struct Talk<'p> {
    cast: Cast<'p>,
    all: &'p [Person],
    at: u64,
    last: usize,
}

impl<'p> Talk<'p> {
    fn new(rng: &mut Rng, all: &'p [Person]) -> Talk<'p> {
        let cast = cast(rng, all);
        Talk {
            cast,
            all,
            at: 300 + rng.below(4000) as u64,
            last: 0,
        }
    }

    /// The next utterance, of one to `most` sentences; the speaker changes
    /// three times in four. Speech runs at 13 to 18 characters a second,
    /// with a pause of up to 1.6 s between utterances.
    fn say(&mut self, rng: &mut Rng, most: usize) -> Said {
        let n = self.cast.who.len();
        let speaker = match rng.chance(75) {
            true => (self.last + 1 + rng.below(n - 1)) % n,
            false => self.last,
        };
        self.last = speaker;
        let mut text = sentence(rng, &self.cast.who, self.all);
        for _ in 1..most {
            if rng.chance(40) {
                text.push(' ');
                text.push_str(&sentence(rng, &self.cast.who, self.all));
            }
        }
        let chars = text.chars().count() as u64;
        let start = self.at;
        let end = start + chars * (55 + rng.below(22) as u64);
        self.at = end + 150 + rng.below(1500) as u64;
        Said {
            speaker,
            text,
            start,
            end,
        }
    }

    fn name(&self, speaker: usize) -> &'p str {
        &self.cast.who[speaker].name
    }
}

/// `said` cut at spaces into pieces of at most `max` characters (a word
/// longer than that is a piece of its own), each with its share of the
/// utterance's time, by characters.
fn pieces(said: &Said, max: usize) -> Vec<(u64, u64, String)> {
    let total = said.text.chars().count().max(1) as u64;
    let span = said.end - said.start;
    let at = |chars: usize| said.start + span * chars as u64 / total;
    let mut out = Vec::new();
    let (mut piece, mut from, mut seen) = (String::new(), 0usize, 0usize);
    for word in said.text.split(' ') {
        let len = word.chars().count();
        if !piece.is_empty() && piece.chars().count() + 1 + len > max {
            out.push((at(from), at(seen - 1), std::mem::take(&mut piece)));
            from = seen;
        }
        if !piece.is_empty() {
            piece.push(' ');
        }
        piece.push_str(word);
        seen += len + 1;
    }
    if !piece.is_empty() {
        out.push((at(from), said.end, piece));
    }
    out
}

/// `text` wrapped at spaces into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The words of `text` as a speech recogniser without punctuation hears
/// them: no sentence marks, quotes or emoji, case kept.
fn spoken_words(text: &str) -> Vec<&str> {
    text.split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of `text` with the sentence mark after each, if any, as a
/// recogniser that punctuates writes them: no quotes, dashes or emoji.
fn tokens(text: &str) -> Vec<(&str, Option<char>)> {
    text.split(' ')
        .filter_map(|w| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            let at = w.find(core)? + core.len();
            let mark = w[at..].chars().find(|c| ".,?!".contains(*c));
            (!core.is_empty()).then_some((core, mark))
        })
        .collect()
}

/// `00:01:02.345` (`sep` before the milliseconds: `.` in WebVTT, `,` in SRT).
fn clock(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// `00:01:02`.
fn hms(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60
    )
}

/// `1:02`, or `1:02:03` from the first hour on (Otter's headers).
fn short_clock(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    match h {
        0 => format!("{m}:{s:02}"),
        _ => format!("{h}:{m:02}:{s:02}"),
    }
}

/// `01:02`, or `01:02:03` from the first hour on (Rev's headers).
fn rev_clock(ms: u64) -> String {
    match ms / 3_600_000 {
        0 => format!("{:02}:{:02}", ms / 60_000, ms / 1000 % 60),
        _ => hms(ms),
    }
}

/// Seconds as Python prints a float rounded to `decimals` (`4.2`, `0.0`,
/// `12.345`).
fn seconds(ms: u64, decimals: u32) -> String {
    let unit = 10u64.pow(3 - decimals);
    let scaled = (ms + unit / 2) / unit;
    let one = 10u64.pow(decimals);
    let mut fraction = format!("{:0width$}", scaled % one, width = decimals as usize);
    while fraction.len() > 1 && fraction.ends_with('0') {
        fraction.pop();
    }
    format!("{}.{fraction}", scaled / one)
}

/// `s` as a JSON string, as Python's `json.dump` writes it: with
/// `ensure_ascii` (its default), everything beyond ASCII as `\uXXXX`,
/// surrogate pairs beyond the BMP.
fn json_str(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (ensure_ascii && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A float's digits as Python prints a probability (`0.` then 16 digits).
fn digits(rng: &mut Rng) -> String {
    format!("{:016}", rng.next() % 10_000_000_000_000_000)
}

/// Zoom's cloud-recording transcript: CRLF, numbered cues, `Name: text`.
fn zoom_vtt(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let mut s = String::from("WEBVTT\r\n");
    let mut n = 0;
    while s.len() < budget {
        let said = talk.say(rng, 2);
        let name = talk.name(said.speaker);
        for (start, end, text) in pieces(&said, 90) {
            n += 1;
            let _ = write!(
                s,
                "\r\n{n}\r\n{} --> {}\r\n{name}: {text}\r\n",
                clock(start, '.'),
                clock(end, '.')
            );
        }
    }
    s
}

/// Teams: cues named `GUID/utterance-part`, the text in a voice span that
/// wraps long lines; a third of the files as older Teams and Stream wrote
/// them, without ids and with unpadded times (`0:1:5.250`).
fn teams_vtt(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let modern = rng.chance(67);
    let guid = format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        rng.next() as u32,
        rng.next() as u16,
        rng.next() & 0xfff,
        0x8000 | (rng.next() & 0x3fff),
        rng.next() & 0xffff_ffff_ffff
    );
    let unpadded = |ms: u64| {
        format!(
            "{}:{}:{}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    };
    let mut s = String::from("WEBVTT\n");
    let mut utterance = rng.below(30);
    while s.len() < budget {
        let said = talk.say(rng, 2);
        let name = talk.name(said.speaker);
        utterance += 1;
        for (part, (start, end, text)) in pieces(&said, 110).into_iter().enumerate() {
            let text = wrap(&text, 64).join("\n");
            let _ = match modern {
                true => write!(
                    s,
                    "\n{guid}/{utterance}-{part}\n{} --> {}\n<v {name}>{text}</v>\n",
                    clock(start, '.'),
                    clock(end, '.')
                ),
                false => write!(
                    s,
                    "\n{} --> {}\n<v {name}>{text}</v>\n",
                    unpadded(start),
                    unpadded(end)
                ),
            };
        }
    }
    s
}

/// YouTube's automatic captions: no speakers, no punctuation, each line
/// shown twice as the captions roll (once at the bottom with a time tag
/// on every word, then on top of the next line), with 10 ms cues that
/// only repeat in between; often `[Music]` first.
fn youtube_vtt(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let mut s = String::from("WEBVTT\nKind: captions\nLanguage: en\n\n");
    let settings = "align:start position:0%";
    let mut from = 0;
    let mut top = " ".to_string();
    if rng.chance(40) {
        let to = talk.at;
        let _ = write!(
            s,
            "{} --> {} {settings}\n \n[Music]\n\n{} --> {} {settings}\n \n \n\n",
            clock(0, '.'),
            clock(to, '.'),
            clock(to, '.'),
            clock(to + 10, '.')
        );
        from = to + 10;
    }
    while s.len() < budget {
        let said = talk.say(rng, 2);
        let words = spoken_words(&said.text);
        let total = words.len().max(1) as u64;
        let at = |i: usize| said.start + (said.end - said.start) * i as u64 / total;
        let mut i = 0;
        while i < words.len() {
            let n = (4 + rng.below(4)).min(words.len() - i);
            let line = &words[i..i + n];
            let mut tagged = line[0].to_string();
            for (k, w) in line.iter().enumerate().skip(1) {
                let _ = write!(tagged, "<{}><c> {w}</c>", clock(at(i + k).max(from), '.'));
            }
            let to = at(i + n).max(from + 100);
            let plain = line.join(" ");
            let _ = write!(
                s,
                "{} --> {} {settings}\n{top}\n{tagged}\n\n{} --> {} {settings}\n{plain}\n \n\n",
                clock(from, '.'),
                clock(to, '.'),
                clock(to, '.'),
                clock(to + 10, '.')
            );
            from = to + 10;
            top = plain;
            i += n;
        }
    }
    s
}

/// SubRip: whisper-ctranslate2's with `[SPEAKER_01]: ` before each
/// segment's text, or a subtitle editor's without speakers, lines wrapped
/// at 42 characters, half of them with CRLF.
fn srt(rng: &mut Rng, talk: &mut Talk, budget: usize, diarized: bool) -> String {
    let nl = if !diarized && rng.chance(50) {
        "\r\n"
    } else {
        "\n"
    };
    let mut s = String::new();
    let mut n = 0;
    while s.len() < budget {
        let said = talk.say(rng, 2);
        for (start, end, text) in pieces(&said, if diarized { 110 } else { 84 }) {
            n += 1;
            let text = match diarized {
                true => format!("[SPEAKER_{:02}]: {text}", said.speaker),
                false => wrap(&text, 42).join(nl),
            };
            let _ = write!(
                s,
                "{n}{nl}{} --> {}{nl}{text}{nl}{nl}",
                clock(start, ','),
                clock(end, ',')
            );
        }
    }
    s
}

/// Whisper's JSON (`--output_format json`): the whole text first, then the
/// segments with their decoding details, times to 0.02 s, everything beyond
/// ASCII escaped; whisper-ctranslate2's diarization adds `words: null` and
/// the `speaker` of each segment.
fn whisper_json(rng: &mut Rng, talk: &mut Talk, budget: usize, diarized: bool) -> String {
    let (mut segments, mut text) = (String::new(), String::new());
    let mut id = usize::from(diarized);
    while segments.len() + text.len() < budget {
        let said = talk.say(rng, 2);
        for (start, end, piece) in pieces(&said, 120) {
            let (start, end) = (start / 20 * 20, end / 20 * 20);
            if !segments.is_empty() {
                segments.push_str(", ");
            }
            let _ = write!(
                segments,
                "{{\"id\": {id}, \"seek\": {}, \"start\": {}, \"end\": {}, \"text\": ",
                start / 30_000 * 3000,
                seconds(start, 2),
                seconds(end, 2)
            );
            let piece = format!(" {piece}");
            json_str(&mut segments, &piece, true);
            let _ = write!(segments, ", \"tokens\": [{}", 50364 + start % 30_000 / 20);
            for _ in 0..piece.split(' ').count() * 4 / 3 {
                let _ = write!(segments, ", {}", 220 + rng.below(50_000));
            }
            let _ = write!(
                segments,
                ", {}], \"temperature\": 0.0, \"avg_logprob\": -0.{}, \"compression_ratio\": 1.{}, \"no_speech_prob\": 0.0{}",
                50364 + end % 30_000 / 20,
                digits(rng),
                digits(rng),
                digits(rng)
            );
            if diarized {
                let _ = write!(
                    segments,
                    ", \"words\": null, \"speaker\": \"SPEAKER_{:02}\"",
                    said.speaker
                );
            }
            segments.push('}');
            text.push_str(&piece);
            id += 1;
        }
    }
    let mut s = String::from("{\"text\": ");
    json_str(&mut s, &text, true);
    let _ = write!(s, ", \"segments\": [{segments}], \"language\": \"en\"}}");
    s
}

/// WhisperX's JSON: segments with their `speaker` and aligned `words`
/// (a word with a digit cannot be aligned and has neither time nor
/// speaker), then every word again in `word_segments`; UTF-8 as is. A
/// segment's first word sometimes carries the speaker before, as
/// diarization at a turn's edge does.
fn whisperx_json(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let (mut segments, mut all_words) = (String::new(), String::new());
    let mut previous = 0;
    while segments.len() + all_words.len() < budget {
        let said = talk.say(rng, 2);
        for (start, end, piece) in pieces(&said, 120) {
            if !segments.is_empty() {
                segments.push_str(", ");
            }
            let _ = write!(
                segments,
                "{{\"start\": {}, \"end\": {}, \"text\": ",
                seconds(start, 3),
                seconds(end, 3)
            );
            json_str(&mut segments, &format!(" {piece}"), false);
            segments.push_str(", \"words\": [");
            let words: Vec<&str> = piece.split(' ').collect();
            let step = (end - start) / words.len() as u64;
            let edge = rng.chance(5);
            for (i, w) in words.iter().enumerate() {
                let mut word = String::from("{\"word\": ");
                json_str(&mut word, w, false);
                if !w.chars().any(|c| c.is_ascii_digit()) {
                    let speaker = if edge && i == 0 {
                        previous
                    } else {
                        said.speaker
                    };
                    let at = start + step * i as u64;
                    let _ = write!(
                        word,
                        ", \"start\": {}, \"end\": {}, \"score\": {}, \"speaker\": \"SPEAKER_{speaker:02}\"",
                        seconds(at, 3),
                        seconds(at + step * 4 / 5, 3),
                        seconds(300 + rng.below(700) as u64, 3)
                    );
                }
                word.push('}');
                if i > 0 {
                    segments.push_str(", ");
                }
                segments.push_str(&word);
                if !all_words.is_empty() {
                    all_words.push_str(", ");
                }
                all_words.push_str(&word);
            }
            let _ = write!(
                segments,
                "], \"speaker\": \"SPEAKER_{:02}\"}}",
                said.speaker
            );
        }
        previous = said.speaker;
    }
    format!(
        "{{\"segments\": [{segments}], \"word_segments\": [{all_words}], \"language\": \"en\"}}"
    )
}

/// The meeting roles of QMSum's product-design meetings (AMI).
const ROLES: &[&str] = &[
    "Project Manager",
    "Marketing",
    "User Interface",
    "Industrial Designer",
];

/// QMSum: the corpus's annotations (topics, queries) first, then the
/// untimed utterances, `json.dump(indent=4)`: tokenised text (a space
/// before punctuation, no emoji or curly quotes) with `{disfmarker}` and
/// `{vocalsound}` annotations, speakers by role or by name.
fn qmsum(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let roles = talk.cast.who.len() <= ROLES.len() && rng.chance(40);
    let mut utterances: Vec<(String, String)> = Vec::new();
    let mut size = 0;
    while size < budget {
        let said = talk.say(rng, 3);
        let mut content = String::new();
        if rng.chance(8) {
            content.push_str("{vocalsound} ");
        }
        for (word, mark) in tokens(&said.text) {
            if rng.chance(3) {
                content.push_str("{disfmarker} ");
            }
            content.push_str(&word.replace('’', "'"));
            if let Some(mark) = mark {
                content.push(' ');
                content.push(mark);
            }
            content.push(' ');
        }
        content.pop();
        let speaker = match roles {
            true => ROLES[said.speaker].to_string(),
            false => talk.name(said.speaker).to_string(),
        };
        size += content.len() + speaker.len() + 70;
        utterances.push((speaker, content));
    }
    let span = |rng: &mut Rng| {
        let from = rng.below(utterances.len());
        let to = (from + 5 + rng.below(40)).min(utterances.len() - 1);
        format!(
            "\"relevant_text_span\": [\n                [\n                    \"{from}\",\n                    \"{to}\"\n                ]\n            ]"
        )
    };
    let mut s = String::from("{\n    \"topic_list\": [\n");
    for i in 0..1 + rng.below(3) {
        let topic = capitalised(rng.pick(TOPIC_WORDS).trim_start_matches("the "));
        let sep = if i == 0 { "" } else { ",\n" };
        let _ = write!(
            s,
            "{sep}        {{\n            \"topic\": \"{topic}\",\n            {}\n        }}",
            span(rng)
        );
    }
    let _ = write!(
        s,
        "\n    ],\n    \"general_query_list\": [\n        {{\n            \"query\": \"Summarize the whole meeting.\",\n            \"answer\": "
    );
    json_str(&mut s, &sentence(rng, &talk.cast.who, talk.all), true);
    s.push_str(
        "\n        }\n    ],\n    \"specific_query_list\": [\n        {\n            \"query\": ",
    );
    let about = rng.pick(TOPIC_WORDS);
    json_str(&mut s, &format!("What was said about {about}?"), true);
    s.push_str(",\n            \"answer\": ");
    json_str(&mut s, &sentence(rng, &talk.cast.who, talk.all), true);
    let _ = write!(
        s,
        ",\n            {}\n        }}\n    ],\n    \"meeting_transcripts\": [\n",
        span(rng)
    );
    for (i, (speaker, content)) in utterances.iter().enumerate() {
        s.push_str(if i == 0 { "" } else { ",\n" });
        s.push_str("        {\n            \"speaker\": ");
        json_str(&mut s, speaker, true);
        s.push_str(",\n            \"content\": ");
        json_str(&mut s, content, true);
        s.push_str("\n        }");
    }
    s.push_str("\n    ]\n}");
    s
}

/// Rev.ai's API JSON, compact: one monologue an utterance, its words
/// `text` elements with times and confidence, spaces and punctuation
/// `punct` elements, speakers as numbers.
fn rev_json(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let mut s = String::from("{\"monologues\":[");
    let mut first = true;
    while s.len() < budget {
        let said = talk.say(rng, 3);
        if !first {
            s.push(',');
        }
        first = false;
        let _ = write!(s, "{{\"speaker\":{},\"elements\":[", said.speaker);
        let words = tokens(&said.text);
        let step = (said.end - said.start) / words.len().max(1) as u64;
        for (i, (word, mark)) in words.iter().enumerate() {
            if i > 0 {
                s.push_str(",{\"type\":\"punct\",\"value\":\" \"},");
            }
            let at = said.start + step * i as u64;
            s.push_str("{\"type\":\"text\",\"value\":");
            json_str(&mut s, word, false);
            let _ = write!(
                s,
                ",\"ts\":{},\"end_ts\":{},\"confidence\":{}}}",
                seconds(at, 2),
                seconds(at + step * 4 / 5, 2),
                seconds(500 + rng.below(500) as u64, 2)
            );
            if let Some(mark) = mark {
                let _ = write!(s, ",{{\"type\":\"punct\",\"value\":\"{mark}\"}}");
            }
        }
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

/// Otter.ai's text export: `Name  0:01` headers (`Speaker 2` for a voice
/// nobody named), a paragraph each, the `Transcribed by` footer.
fn otter(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let labels: Vec<String> = (0..talk.cast.who.len())
        .map(|i| match rng.chance(85) {
            true => talk.name(i).to_string(),
            false => format!("Speaker {}", i + 1),
        })
        .collect();
    let mut s = String::new();
    while s.len() < budget {
        let said = talk.say(rng, 4);
        let _ = write!(
            s,
            "{}  {}\n{}\n\n",
            labels[said.speaker],
            short_clock(said.start),
            said.text
        );
    }
    s.push_str("Transcribed by https://otter.ai\n");
    s
}

/// Rev's text export, `Name (00:05):` then the paragraph (`Speaker 1`
/// when the speakers were not named); a third as Descript writes it, the
/// text on the header's line and `(00:00:05)`.
fn rev(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let named = rng.chance(60);
    let inline = rng.chance(33);
    let mut s = String::new();
    while s.len() < budget {
        let said = talk.say(rng, 4);
        let label = match named {
            true => talk.name(said.speaker).to_string(),
            false => format!("Speaker {}", said.speaker + 1),
        };
        let _ = match inline {
            true => writeln!(s, "{label} ({}): {}", hms(said.start), said.text),
            false => write!(s, "{label} ({}):\n{}\n\n", rev_clock(said.start), said.text),
        };
    }
    s
}

/// A typed or converted dialogue: `Name: text` lines (first names in half
/// of the files), sometimes a title line and blank lines between turns,
/// and a turn's second sentence now and then on a line of its own.
fn dialogue(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let first_names = rng.chance(50);
    let blank = if rng.chance(50) { "\n" } else { "" };
    let mut s = String::new();
    if rng.chance(50) {
        let _ = write!(s, "{} — {}\n{blank}", talk.cast.name, talk.cast.day);
    }
    while s.len() < budget {
        let said = talk.say(rng, 2);
        let who = talk.cast.who[said.speaker];
        let label = if first_names { &who.first } else { &who.name };
        let text = match said.text.find(". ").filter(|_| rng.chance(50)) {
            Some(i) => format!("{}\n{}", &said.text[..=i], &said.text[i + 2..]),
            None => said.text,
        };
        let _ = write!(s, "{label}: {text}\n{blank}");
    }
    s
}

/// Zoom's saved chat: `HH:MM:SS<TAB>Name:<TAB>message` records ending in
/// CRLF, line breaks inside a message as bare LF; links, short answers,
/// replies (`Replying to "…"`, a blank line, the answer) and reactions to
/// earlier messages, quoted as Zoom cuts them (20 characters and `...`).
fn zoom_chat(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    const SHORT: &[&str] = &[
        "+1",
        "thanks!",
        "sounds good",
        "can you hear me?",
        "brb",
        "I have to drop in 5",
        "agreed",
        "lol",
    ];
    const EMOJI: &[&str] = &["👍", "❤️", "😂", "🎉", "👏", "😮", "✅"];
    let quote = |m: &str| match m.char_indices().nth(20) {
        Some((i, _)) => format!("{}...", &m[..i]),
        None => m.to_string(),
    };
    let mut s = String::new();
    let mut at = 20_000 + rng.below(300_000) as u64;
    let mut sent: Vec<String> = Vec::new();
    while s.len() < budget {
        let who = talk.name(rng.below(talk.cast.who.len()));
        at += 2_000 + rng.below(90_000) as u64;
        let (cast, all) = (&talk.cast.who, talk.all);
        // Replies and reactions are to messages of their own, never to
        // another reply or reaction.
        let (message, quotable) = match (rng.below(100), sent.is_empty()) {
            (0..8, false) => {
                let m = rng.pick(&sent);
                let m = format!("Reacted to \"{}\" with {}", quote(m), rng.pick(EMOJI));
                (m, false)
            }
            (8..16, false) => {
                let m = rng.pick(&sent);
                let m = format!(
                    "Replying to \"{}\"\n\n{}",
                    quote(m),
                    sentence(rng, cast, all)
                );
                (m, false)
            }
            (16..26, _) => (rng.pick(SHORT).to_string(), true),
            (26..34, _) => (
                format!("https://docs.example.com/d/{:012x}", rng.next() >> 16),
                true,
            ),
            (34..40, _) => (
                format!("{}\n{}", sentence(rng, cast, all), sentence(rng, cast, all)),
                true,
            ),
            _ => (sentence(rng, cast, all), true),
        };
        let _ = write!(s, "{}\t{who}:\t{message}\r\n", hms(at));
        if quotable {
            sent.push(message);
        }
    }
    s
}

/// Google Meet's transcript saved as text: the title with date and time
/// zone, the attendees, Google's notice, `Name: text` lines (a long
/// utterance on several lines), a mark every five minutes, the footer.
fn meet(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let title = match rng.chance(50) {
        true => talk.cast.name.clone(),
        false => {
            let mut code = String::new();
            for (i, n) in [3, 4, 3].into_iter().enumerate() {
                if i > 0 {
                    code.push('-');
                }
                for _ in 0..n {
                    code.push((b'a' + rng.below(26) as u8) as char);
                }
            }
            code
        }
    };
    let names: Vec<&str> = talk.cast.who.iter().map(|p| p.name.as_str()).collect();
    let mut s = format!(
        "{title} ({} {:02}:{:02} GMT+{}) - Transcript\nAttendees\n{}\nTranscript\n\
         This editable transcript was computer generated and might contain errors. \
         People can also change the text after it was created.\n",
        talk.cast.day,
        8 + rng.below(10),
        rng.below(60),
        1 + rng.below(2),
        names.join(", ")
    );
    let mut mark = 300_000;
    while s.len() < budget {
        let said = talk.say(rng, 3);
        if said.start >= mark {
            let _ = writeln!(s, "{}", hms(mark));
            mark += 300_000;
        }
        let name = talk.name(said.speaker);
        for (_, _, text) in pieces(&said, 160) {
            let _ = writeln!(s, "{name}: {text}");
        }
    }
    let _ = writeln!(s, "Meeting ended after {} 👋", hms(talk.at));
    s
}

/// Whisper's TSV: a header, then `start<TAB>end<TAB>text` in milliseconds.
fn whisper_tsv(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let mut s = String::from("start\tend\ttext\n");
    while s.len() < budget {
        let said = talk.say(rng, 2);
        for (start, end, text) in pieces(&said, 120) {
            let _ = writeln!(s, "{start}\t{end}\t{text}");
        }
    }
    s
}

/// YouTube's SubViewer captions, as a captioner writes them: `>>` where
/// the speaker changes, two lines of up to 32 characters a cue.
fn sbv(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let time = |ms: u64| {
        format!(
            "{}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    };
    let mut s = String::new();
    let mut last = usize::MAX;
    while s.len() < budget {
        let said = talk.say(rng, 2);
        for (i, (start, end, text)) in pieces(&said, 64).into_iter().enumerate() {
            let text = match i == 0 && said.speaker != last {
                true => format!(">> {text}"),
                false => text,
            };
            let _ = write!(
                s,
                "{},{}\n{}\n\n",
                time(start),
                time(end),
                wrap(&text, 32).join("\n")
            );
        }
        last = said.speaker;
    }
    s
}

/// A transcript copied from Zoom's recording page: each segment the name
/// twice, the time, the text broken into lines; a copy begun mid-meeting
/// starts with a time and text of nobody named.
fn zoom_copy(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let mut s = String::new();
    if rng.chance(30) {
        talk.at += 300_000 + rng.below(1_500_000) as u64;
        let said = talk.say(rng, 2);
        let text = wrap(&said.text, 70).join("\n");
        let _ = writeln!(s, "{}\n{text}", short_clock(said.start));
    }
    while s.len() < budget {
        let said = talk.say(rng, 3);
        let name = talk.name(said.speaker);
        let _ = writeln!(
            s,
            "{name}\n{name}\n{}\n{}",
            hms(said.start),
            wrap(&said.text, 70).join("\n")
        );
    }
    s
}

/// Google Meet's chat copied from the side panel: the sender glued to the
/// time of day (`You` for whoever copied it), then the message.
fn meet_chat(rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
    let mut minute = (8 + rng.below(9)) * 60 + rng.below(60);
    let mut s = String::new();
    while s.len() < budget {
        let speaker = rng.below(talk.cast.who.len());
        let sender = if speaker == 0 {
            "You"
        } else {
            talk.name(speaker)
        };
        minute += rng.below(3);
        let (h, m) = (minute / 60 % 24, minute % 60);
        let (h12, half) = match h {
            0 => (12, "AM"),
            1..12 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        let message = match rng.below(10) {
            0 => format!("https://docs.example.com/d/{:012x}", rng.next() >> 16),
            _ => sentence(rng, &talk.cast.who, talk.all),
        };
        let _ = write!(s, "{sender}{h12}:{m:02}\u{202f}{half}\n{message}\n");
    }
    s
}

/// How a transcript file is written: a format, by one exporter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Export {
    ZoomVtt,
    TeamsVtt,
    YoutubeVtt,
    SrtDiarized,
    SrtPlain,
    Whisper,
    WhisperDiarized,
    WhisperX,
    Qmsum,
    RevJson,
    Otter,
    Rev,
    Dialogue,
    ZoomChat,
    Meet,
    WhisperTsv,
    Sbv,
    ZoomCopy,
    MeetChat,
}

/// Each exporter's share (percent) of the transcript files that are not
/// notes: WebVTT and JSON the most, as in a folder of meeting exports.
const EXPORTS: &[(Export, usize)] = &[
    (Export::ZoomVtt, 12),
    (Export::TeamsVtt, 10),
    (Export::YoutubeVtt, 4),
    (Export::WhisperX, 8),
    (Export::Whisper, 5),
    (Export::WhisperDiarized, 3),
    (Export::Qmsum, 5),
    (Export::RevJson, 5),
    (Export::SrtDiarized, 5),
    (Export::SrtPlain, 5),
    (Export::Otter, 7),
    (Export::Dialogue, 6),
    (Export::Rev, 5),
    (Export::ZoomChat, 5),
    (Export::Meet, 5),
    (Export::WhisperTsv, 4),
    (Export::Sbv, 2),
    (Export::ZoomCopy, 2),
    (Export::MeetChat, 2),
];

impl Export {
    /// The format the file is in, as the `format` column names it.
    fn format(self) -> &'static str {
        match self {
            Export::ZoomVtt | Export::TeamsVtt | Export::YoutubeVtt => "webvtt",
            Export::SrtDiarized | Export::SrtPlain => "srt",
            Export::Whisper | Export::WhisperDiarized | Export::WhisperX => "whisper-json",
            Export::Qmsum => "qmsum",
            Export::RevJson => "rev-json",
            Export::Otter => "otter",
            Export::Rev => "rev",
            Export::Dialogue => "dialogue",
            Export::ZoomChat => "zoom-chat",
            Export::Meet => "meet",
            Export::WhisperTsv => "whisper-tsv",
            Export::Sbv => "sbv",
            Export::ZoomCopy => "zoom-copy",
            Export::MeetChat => "meet-chat",
        }
    }

    /// Where the file is in the dump, named as its exporter names it.
    fn path(self, n: usize, day: &str) -> String {
        match self {
            Export::ZoomVtt => format!("Zoom/{day} {n:06} transcript.vtt"),
            Export::ZoomChat => format!("Zoom/{day} {n:06} chat.txt"),
            Export::ZoomCopy => format!("Zoom/{day} {n:06} copied transcript.txt"),
            Export::TeamsVtt => format!("Teams/{day} {n:06}.vtt"),
            Export::YoutubeVtt => format!("YouTube/{n:06}.en.vtt"),
            Export::Sbv => format!("YouTube/{n:06} captions.sbv"),
            Export::SrtDiarized | Export::SrtPlain => format!("Recordings/{day} {n:06}.srt"),
            Export::Whisper | Export::WhisperDiarized | Export::WhisperX => {
                format!("Recordings/{day} {n:06}.json")
            }
            Export::WhisperTsv => format!("Recordings/{day} {n:06}.tsv"),
            Export::Qmsum => format!("Corpus/{n:06}.json"),
            Export::RevJson => format!("Rev/{day} {n:06}.json"),
            Export::Rev => format!("Rev/{day} {n:06}.txt"),
            Export::Otter => format!("Otter/{day} {n:06}.txt"),
            Export::Dialogue => format!("Transcripts/{day} {n:06}.txt"),
            Export::Meet => format!("Meet/{day} {n:06} Transcript.txt"),
            Export::MeetChat => format!("Meet/{day} {n:06} chat.txt"),
        }
    }

    fn write(self, rng: &mut Rng, talk: &mut Talk, budget: usize) -> String {
        match self {
            Export::ZoomVtt => zoom_vtt(rng, talk, budget),
            Export::TeamsVtt => teams_vtt(rng, talk, budget),
            Export::YoutubeVtt => youtube_vtt(rng, talk, budget),
            Export::SrtDiarized => srt(rng, talk, budget, true),
            Export::SrtPlain => srt(rng, talk, budget, false),
            Export::Whisper => whisper_json(rng, talk, budget, false),
            Export::WhisperDiarized => whisper_json(rng, talk, budget, true),
            Export::WhisperX => whisperx_json(rng, talk, budget),
            Export::Qmsum => qmsum(rng, talk, budget),
            Export::RevJson => rev_json(rng, talk, budget),
            Export::Otter => otter(rng, talk, budget),
            Export::Rev => rev(rng, talk, budget),
            Export::Dialogue => dialogue(rng, talk, budget),
            Export::ZoomChat => zoom_chat(rng, talk, budget),
            Export::Meet => meet(rng, talk, budget),
            Export::WhisperTsv => whisper_tsv(rng, talk, budget),
            Export::Sbv => sbv(rng, talk, budget),
            Export::ZoomCopy => zoom_copy(rng, talk, budget),
            Export::MeetChat => meet_chat(rng, talk, budget),
        }
    }
}

/// An exporter, by the shares of [`EXPORTS`], among those `keep` keeps.
fn pick_export(rng: &mut Rng, keep: impl Fn(Export) -> bool) -> Option<Export> {
    let total: usize = EXPORTS
        .iter()
        .filter(|(e, _)| keep(*e))
        .map(|(_, s)| s)
        .sum();
    if total == 0 {
        return None;
    }
    let mut roll = rng.below(total);
    for &(e, share) in EXPORTS.iter().filter(|(e, _)| keep(*e)) {
        if roll < share {
            return Some(e);
        }
        roll -= share;
    }
    None
}

/// The size of a file: 4 to 48 KB, as the meeting notes are.
fn budget(rng: &mut Rng) -> usize {
    4_000 + rng.below(44_000)
}

fn exported(rng: &mut Rng, all: &[Person], export: Export, n: usize) -> File {
    let mut talk = Talk::new(rng, all);
    let size = budget(rng);
    let text = export.write(rng, &mut talk, size);
    File {
        path: export.path(n, &talk.cast.day),
        bytes: text.into_bytes(),
        format: Some(export.format()),
    }
}
