//! The synthetic corpus of the benchmarks: `main.rs` writes it to disk
//! (`scripts/gen-corpus SIZE_MB DIR`), the criterion benches include this
//! file to get the same kinds of document in memory.
//!
//! Everything is invented: people are built from syllables, sentences from
//! a fixed vocabulary. The mix follows a product manager's vault: ~70%
//! meeting notes with a house-format transcript of 50–400 turns (labels
//! glued to the text, `Remote` in 1:1s), a tenth of those saved as
//! Windows-1252 mojibake and a tenth as Mac Roman mojibake; ~10% notes
//! without a transcript; ~5% person notes; a few files in a legacy code page
//! or UTF-16. Beside DIR it writes `DIR-people.csv` (the ~2,000-person
//! dictionary, with aliases) and `DIR-names.txt` (every name and alias, one
//! per line, for `rg -F -f`). The same size and directory give the same
//! bytes.

use std::fmt::Write as _;

/// A small deterministic generator (xorshift64*), so the corpus does not
/// depend on any crate's RNG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
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

    /// The next file of the mix: ~5% person notes, ~10% plain notes, ~2%
    /// legacy code page or UTF-16, the rest meetings (a tenth of them
    /// Windows-1252 and a tenth Mac Roman mojibake).
    pub fn next_file(&mut self) -> File {
        let rng = &mut self.rng;
        let all = &self.people;
        let files = self.files;
        self.files += 1;
        let roll = rng.below(100);
        let (path, bytes) = if roll < 5 && self.persons < all.len() {
            let p = &all[self.persons];
            self.persons += 1;
            (
                format!("People/{}.md", p.name),
                person_note(p, rng, all).into_bytes(),
            )
        } else if roll < 15 {
            (
                format!("Notes/{files:06}.md"),
                plain_note(rng, all).into_bytes(),
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
            (format!("Notes/{files:06} legacy.txt"), bytes)
        } else {
            let text = meeting(rng, all);
            let bytes = match rng.below(10) {
                0 => mojibake(&text, "windows-1252"),
                1 => mojibake(&text, "macintosh"),
                _ => text.into_bytes(),
            };
            (format!("Meetings/{files:06}.md"), bytes)
        };
        File { path, bytes }
    }
}
