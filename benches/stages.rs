//! Throughput of each stage of the pipeline, single thread, over the same
//! kind of documents as `scripts/gen-corpus` writes (the generator is
//! included from `examples/gen_corpus/corpus.rs`): decode, repair, parse
//! and segment, people (mentions with the 2,000-person dictionary), topics
//! (`data/topics.toml`), rendering the CSV tables and `documents.jsonl`,
//! and one document through everything. Throughput is in bytes of input
//! (MB/s, decimal). Run with `cargo bench --bench stages`; results are in
//! BENCHMARKS.md, never in tests.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saidwhat::analysis::Outcome;
use saidwhat::analysis::noise;
use saidwhat::analysis::people::{PeopleDict, load_people};
use saidwhat::analysis::topics::Taxonomy;
use saidwhat::export::{self, Options};
use saidwhat::formats::{self, Choice, Ctx};
use saidwhat::model::DocId;
use saidwhat::run::process_with;
use saidwhat::text::words::HayBuf;
use saidwhat::text::{self, decode, repair};

/// About this many bytes of documents per benchmark.
const SIZE: usize = 2_000_000;

fn bench(c: &mut Criterion) {
    let mut corpus = corpus::Corpus::new();
    let dir = tempfile::tempdir().expect("temporary folder");
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, corpus.people_csv()).expect("write the dictionary");
    let people = PeopleDict::from_people(load_people(&[csv]).expect("read the dictionary"));
    let topics = Taxonomy::load("data/topics.toml".as_ref()).expect("data/topics.toml");

    let mut files = Vec::new();
    let mut size = 0;
    while size < SIZE {
        let file = corpus.next_file();
        size += file.bytes.len();
        files.push(file);
    }
    let texts: Vec<String> = files
        .iter()
        .map(|f| decode::decode(&f.bytes).expect("text").text.into_owned())
        .collect();
    let repaired: Vec<String> = texts
        .iter()
        .map(|t| repair::repair(t).text.into_owned())
        .collect();
    let outcomes: Vec<Outcome> = files
        .iter()
        .map(|f| process_with(DocId(f.path.clone()), &f.bytes, &people, &topics))
        .collect();
    let turn_texts: Vec<&str> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Document(d) => Some(d),
            _ => None,
        })
        .flat_map(|d| d.turns.iter().map(|t| t.text.as_str()))
        .collect();
    let turn_bytes: usize = turn_texts.iter().map(|t| t.len()).sum();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::BytesDecimal(size as u64));
    group.bench_function("decode", |b| {
        b.iter(|| {
            for f in &files {
                black_box(decode::decode(black_box(&f.bytes)).ok());
            }
        })
    });
    group.bench_function("repair", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(repair::repair(black_box(t)));
            }
        })
    });
    group.bench_function("parse and segment", |b| {
        let ctx = Ctx::new(&people);
        b.iter(|| {
            for (t, f) in repaired.iter().zip(&files) {
                let lines = text::lines(t);
                black_box(formats::parse(&lines, &f.path, Choice::Detect, &ctx));
            }
        })
    });
    let csv_only = Options {
        parquet: false,
        jsonl: false,
        ..Options::default()
    };
    let jsonl_only = Options {
        csv: false,
        parquet: false,
        jsonl: true,
        ..Options::default()
    };
    // The typed rows alone, as the Parquet sink takes them (its encoding
    // runs on the writing thread, in whole runs).
    let rows_only = Options {
        csv: false,
        parquet: true,
        jsonl: false,
        ..Options::default()
    };
    group.bench_function("build rows", |b| {
        b.iter(|| {
            for o in &outcomes {
                black_box(export::render(o, &rows_only));
            }
        })
    });
    group.bench_function("render csv", |b| {
        b.iter(|| {
            for o in &outcomes {
                black_box(export::render(o, &csv_only));
            }
        })
    });
    group.bench_function("render jsonl", |b| {
        b.iter(|| {
            for o in &outcomes {
                black_box(export::render(o, &jsonl_only));
            }
        })
    });
    group.bench_function("whole document", |b| {
        b.iter(|| {
            for f in &files {
                let o = process_with(DocId(f.path.clone()), &f.bytes, &people, &topics);
                black_box(export::render(&o, &Options::default()));
            }
        })
    });
    // The matchers run on turn texts only: their throughput is in bytes of
    // turn text.
    group.throughput(Throughput::BytesDecimal(turn_bytes as u64));
    group.bench_function("people (turn text)", |b| {
        let matcher = people.mention_matcher();
        let mut buf = HayBuf::default();
        b.iter(|| {
            for t in &turn_texts {
                black_box(matcher.find(&buf.hay(t), &[]));
            }
        })
    });
    group.bench_function("topics (turn text)", |b| {
        let mut buf = HayBuf::default();
        b.iter(|| {
            for t in &turn_texts {
                black_box(topics.find(&buf.hay(t)));
            }
        })
    });
    group.bench_function("noise flags (turn text)", |b| {
        b.iter(|| {
            for t in &turn_texts {
                black_box(noise::flags(t));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
