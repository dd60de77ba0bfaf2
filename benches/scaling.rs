//! Paths that were quadratic, each at a size n and 10 n: the time of the
//! larger must be at most ~10–15 times the smaller (n log n at worst).
//! Before the fixes of the reliability issue: a 1 MB person name took 31 s
//! in `WordSearch::new`, 50,000 topics 6.3 s in `Taxonomy::new`, a person
//! with 10,000 aliases 37 s. Run with `cargo bench --bench scaling`;
//! criterion prints each size's time, and BENCHMARKS.md keeps the ratios
//! (also measured in instructions with callgrind, see there).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use saidwhat::analysis::people::{PeopleDict, Person};
use saidwhat::analysis::topics::{Taxonomy, Topic};

/// A house transcript of `n` lines whose labels are noise: glued words
/// that never repeat the same way, for label learning to sort out.
fn noisy_transcript(n: usize) -> Vec<u8> {
    let words = [
        "alpha", "Beta", "gamma", "Delta", "eps", "Zed", "Quinn", "Ray",
    ];
    let mut out = String::from("# Noisy\n\n");
    let mut x: u64 = 1;
    for i in 0..n {
        let mut pick = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            words[(x >> 33) as usize % words.len()]
        };
        let (a, b, c, d) = (pick(), pick(), pick(), pick());
        out.push_str(&format!(
            "[{:02}:{:02}:{:02}.00]  {a}{b}{} {d}\n",
            i / 3600 % 100,
            i / 60 % 60,
            i % 60,
            c.to_lowercase()
        ));
    }
    out.into_bytes()
}

fn topics(n: usize) -> Vec<Topic> {
    (0..n)
        .map(|i| Topic {
            name: format!("topic {}", i % (n / 2).max(1)),
            phrases: vec![format!("phrase{i} word"), format!("other{i}")],
            exclude: vec![format!("not{i}")],
        })
        .collect()
}

fn person(name: String, aliases: Vec<String>) -> Person {
    Person {
        name,
        aliases,
        ..Person::default()
    }
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let file = noisy_transcript(n);
        group.bench_with_input(
            BenchmarkId::new("label learning, lines", n),
            &file,
            |b, f| {
                b.iter(|| {
                    saidwhat::process(
                        saidwhat::DocId("n.md".into()),
                        black_box(f),
                        &PeopleDict::default(),
                    )
                })
            },
        );
    }
    for n in [5_000, 50_000] {
        group.bench_with_input(BenchmarkId::new("taxonomy, topics", n), &n, |b, &n| {
            b.iter_batched(
                || topics(n),
                Taxonomy::new,
                criterion::BatchSize::LargeInput,
            )
        });
    }
    for n in [15_000, 150_000] {
        let name: String = (0..n).map(|i| format!("w{i} ")).collect();
        group.bench_with_input(
            BenchmarkId::new("a long name, words", n),
            &name,
            |b, name| b.iter(|| PeopleDict::from_people(vec![person(name.clone(), Vec::new())])),
        );
    }
    for n in [20_000, 200_000] {
        let aliases: Vec<String> = (0..n).map(|i| format!("alias{}", i % (n / 2))).collect();
        group.bench_with_input(
            BenchmarkId::new("one person's aliases", n),
            &aliases,
            |b, a| {
                b.iter(|| {
                    PeopleDict::from_people(vec![
                        person("Ann Lee".into(), a.clone()),
                        person("ann lee".into(), a.clone()),
                    ])
                })
            },
        );
    }
    for n in [10_000, 100_000] {
        let people: Vec<Person> = (0..n)
            .map(|i| person(format!("John Doe{i}"), vec![format!("Jo{}", i % 100)]))
            .collect();
        group.bench_with_input(
            BenchmarkId::new("people sharing a first name", n),
            &people,
            |b, p| {
                b.iter_batched(
                    || p.clone(),
                    PeopleDict::from_people,
                    criterion::BatchSize::LargeInput,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
