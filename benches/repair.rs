//! Throughput of the repair stage on about 1 MB of generated text of each
//! kind, single thread: clean ASCII, clean non-ASCII in many languages,
//! the same fully broken as Windows-1252 and as Mac Roman, and partly broken
//! (one line in ten misread as Windows-1252). Run with `cargo bench --bench
//! repair`; criterion reports MB/s (it counts MiB: multiply by 1.048576 for
//! MB). Throughput targets are in BENCHMARKS.md, not in tests.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saidwhat::text::repair::repair;

const ASCII_WORDS: &[&str] = &[
    "the", "plan", "ships", "on", "Friday", "and", "we", "need", "the", "API", "v2", "review",
    "before", "that,", "so", "can", "you", "send", "me", "the", "deck?", "OK.",
];

const WORDS: &[&str] = &[
    "the",
    "plan",
    "ships",
    "Friday",
    "été",
    "crème",
    "garçon",
    "où",
    "déjà",
    "à",
    "Grüße",
    "Straße",
    "über",
    "zażółć",
    "gęślą",
    "Łódź",
    "¿qué?",
    "año",
    "São",
    "ação",
    "příliš",
    "kůň",
    "İstanbul",
    "şişli",
    "Ελληνικά",
    "καλημέρα",
    "привет",
    "ещё",
    "Москва",
    "日本語",
    "東京",
    "“quoted”",
    "it’s",
    "—",
    "…",
    "✅",
    "🚀",
];

/// About `size` bytes of lines of words drawn from `words` (a fixed
/// pseudo-random sequence, so every run measures the same text).
fn text(words: &[&str], size: usize) -> String {
    let mut s = String::with_capacity(size + 100);
    let mut x: u32 = 12345;
    let mut on_line = 0;
    while s.len() < size {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        s.push_str(words[(x >> 16) as usize % words.len()]);
        on_line += 1;
        if on_line == 12 {
            s.push('\n');
            on_line = 0;
        } else {
            s.push(' ');
        }
    }
    s
}

fn misread(text: &str, label: &str) -> String {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    encoding
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn bench(c: &mut Criterion) {
    const SIZE: usize = 1 << 20;
    let clean = text(WORDS, SIZE);
    let partly: String = clean
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if i % 10 == 0 {
                misread(line, "windows-1252")
            } else {
                line.to_string()
            }
        })
        .collect();
    let inputs = [
        ("clean ascii", text(ASCII_WORDS, SIZE)),
        ("clean non-ascii", clean.clone()),
        ("broken windows-1252", misread(&clean, "windows-1252")),
        ("broken mac-roman", misread(&clean, "macintosh")),
        ("partly broken", partly),
    ];
    let mut group = c.benchmark_group("repair");
    for (name, input) in &inputs {
        // The benchmark is only meaningful if the repair is right.
        assert_eq!(repair(input).text, clean_of(name, input, &clean), "{name}");
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(*name, |b| b.iter(|| repair(black_box(input))));
    }
    group.finish();
}

fn clean_of<'a>(name: &str, input: &'a str, clean: &'a str) -> &'a str {
    if name.starts_with("clean") {
        input
    } else {
        clean
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
