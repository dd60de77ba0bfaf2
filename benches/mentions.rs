//! Throughput of finding mentions with a 5,000-person dictionary, single
//! thread, on about 1 MB of meeting-like text with a name every few
//! sentences. Run with `cargo bench --bench mentions` (criterion prints
//! MiB/s: × 1.048576 for MB/s). Targets are in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saidwhat::analysis::people::mentions::Matcher;
use saidwhat::analysis::people::{PeopleDict, Person};
use saidwhat::text::words::HayBuf;

const FIRST: &[&str] = &[
    "Ana", "Bo", "Carla", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemal",
    "Lena", "Marek", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Stefan", "Tomás", "Ulla",
    "Viktor", "Wanda", "Xavier", "Yusuf", "Zoë", "Anouk", "Björn", "Céline", "Dário",
];
const LAST: &[&str] = &[
    "Abara",
    "Bergström",
    "Castellano",
    "Dąbrowski",
    "Eriksen",
    "Fontaine",
    "García",
    "Hoffmann",
    "Ivanova",
    "Jansen",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrović",
    "Quispe",
    "Rossi",
    "Schäfer",
    "Tanaka",
    "Urbanek",
    "Varga",
    "Weiß",
    "Xu",
    "Yamamoto",
    "Zieliński",
    "Almeida",
    "Brennan",
    "Cohen",
    "Dubois",
];
const WORDS: &[&str] = &[
    "the", "plan", "ships", "on", "Friday", "and", "we", "need", "review", "before", "that", "so",
    "can", "you", "send", "me", "deck", "OK", "I", "will", "check", "with", "team", "about",
    "pricing", "rollout", "next", "week", "said", "thinks", "it's", "fine", "but", "maybe",
];

/// 5,000 distinct people: first × last × a numbered suffix on the last
/// name (syllable-built names, none real).
fn people() -> Vec<Person> {
    let mut out = Vec::new();
    'outer: for suffix in ["", "son", "berg", "ini", "escu", "ov"] {
        for f in FIRST {
            for l in LAST {
                out.push(Person {
                    name: format!("{f} {l}{suffix}"),
                    aliases: vec![],
                    ..Person::default()
                });
                if out.len() == 5000 {
                    break 'outer;
                }
            }
        }
    }
    out
}

fn text(size: usize) -> String {
    let mut s = String::with_capacity(size + 100);
    let mut x: u32 = 7;
    let mut n: u32 = 0;
    while s.len() < size {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let r = (x >> 16) as usize;
        if r.is_multiple_of(23) {
            s.push_str(FIRST[r % FIRST.len()]);
            if r.is_multiple_of(2) {
                s.push(' ');
                s.push_str(LAST[(r / 7) % LAST.len()]);
            }
        } else {
            s.push_str(WORDS[r % WORDS.len()]);
        }
        n += 1;
        s.push(if n.is_multiple_of(15) { '\n' } else { ' ' });
    }
    s
}

fn bench(c: &mut Criterion) {
    let dict = PeopleDict::from_people(people());
    assert_eq!(dict.people().len(), 5000);
    let matcher: &Matcher = dict.mention_matcher();
    let input = text(1 << 20);
    let mut buf = HayBuf::default();
    let found = matcher.find(&buf.hay(&input), &[]).len();
    assert!(found > 1000, "the text mentions people ({found})");
    let mut group = c.benchmark_group("mentions");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("5000 people, 1 MB", |b| {
        b.iter(|| matcher.find(&buf.hay(black_box(&input)), &[]).len())
    });
    // Per line, as documents are processed (short texts, buffer reused).
    group.bench_function("5000 people, 1 MB line by line", |b| {
        b.iter(|| {
            black_box(&input)
                .lines()
                .map(|l| matcher.find(&buf.hay(l), &[]).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
