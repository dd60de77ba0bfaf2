//! Parsing throughput of each input format, single thread: about 3 MB of
//! generated transcripts of one format at a time (the generator of
//! `scripts/gen-corpus`, included from `examples/gen_corpus/corpus.rs`,
//! which writes each format as its exporters do), each file split into
//! lines and given to `formats::parse` with the 2,000-person dictionary, as
//! `run` does: detection, then the format's parse. `house` is the meeting
//! note with a house-format transcript, the reference the others are
//! compared with. `detect` is detection alone (`formats::detect`, every
//! format's sniff) over the generated mix of files, already decoded,
//! repaired and split into lines. Throughput is in bytes of input (MB/s,
//! decimal). Run with `cargo bench --bench formats`; results are in
//! BENCHMARKS.md, never in tests.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saidwhat::analysis::people::{PeopleDict, load_people};
use saidwhat::formats::{self, Choice, Ctx};
use saidwhat::text::{self, decode, repair};

/// About this many bytes of input per benchmark.
const SIZE: usize = 3_000_000;

fn bench(c: &mut Criterion) {
    let mut corpus = corpus::Corpus::new();
    let dir = tempfile::tempdir().expect("temporary folder");
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, corpus.people_csv()).expect("write the dictionary");
    let people = PeopleDict::from_people(load_people(&[csv]).expect("read the dictionary"));
    let ctx = Ctx::new(&people);

    let mut group = c.benchmark_group("formats");
    for format in corpus::formats() {
        let mut files: Vec<(String, String)> = Vec::new();
        let mut size = 0;
        while size < SIZE {
            let file = corpus
                .transcript(format)
                .expect("a format the corpus writes");
            size += file.bytes.len();
            let text = String::from_utf8(file.bytes).expect("transcripts are UTF-8");
            files.push((file.path, text));
        }
        group.throughput(Throughput::BytesDecimal(size as u64));
        group.bench_function(format, |b| {
            b.iter(|| {
                for (path, text) in &files {
                    let lines = text::lines(text);
                    black_box(formats::parse(&lines, path, Choice::Detect, &ctx));
                }
            })
        });
    }

    let mut size = 0;
    let mut mixed: Vec<(String, String)> = Vec::new();
    while size < SIZE {
        let file = corpus.next_file();
        size += file.bytes.len();
        let text = decode::decode(&file.bytes).expect("text").text.into_owned();
        mixed.push((file.path, repair::repair(&text).text.into_owned()));
    }
    let lines: Vec<(&str, Vec<&str>)> = mixed
        .iter()
        .map(|(path, text)| {
            let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
            (extension, text::lines(text))
        })
        .collect();
    group.throughput(Throughput::BytesDecimal(size as u64));
    group.bench_function("detect", |b| {
        b.iter(|| {
            for (extension, lines) in &lines {
                black_box(formats::detect(black_box(lines), extension));
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
