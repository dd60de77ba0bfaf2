//! Parses generated transcripts of one format over and over, for a
//! profiler (`perf record`, `valgrind --tool=callgrind`), the way
//! `benches/formats.rs` measures them:
//! `cargo run --release --example parse_format -- FORMAT [MB] [ROUNDS]`
//! (`house`, `webvtt`, … as the `format` column names them; 1 MB, 10
//! rounds by default).

#[allow(dead_code)]
#[path = "gen_corpus/corpus.rs"]
mod corpus;

use saidwhat::analysis::people::{PeopleDict, load_people};
use saidwhat::formats::{self, Choice, Ctx};

fn main() {
    let mut args = std::env::args().skip(1);
    let format = args.next().unwrap_or_else(|| "house".into());
    let mb: f64 = args
        .next()
        .map_or(1.0, |s| s.parse().expect("MB is a number"));
    let rounds: usize = args
        .next()
        .map_or(10, |s| s.parse().expect("ROUNDS is a number"));
    let mut corpus = corpus::Corpus::new();
    let dir = std::env::temp_dir().join(format!("parse_format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let csv = dir.join("people.csv");
    std::fs::write(&csv, corpus.people_csv()).expect("write the dictionary");
    let people = PeopleDict::from_people(load_people(&[&csv]).expect("read the dictionary"));
    let _ = std::fs::remove_dir_all(&dir);
    let ctx = Ctx::new(&people);
    let mut files = Vec::new();
    let mut size = 0;
    while (size as f64) < mb * 1e6 {
        let Some(file) = corpus.transcript(&format) else {
            eprintln!(
                "parse_format: the corpus writes no {format:?}; formats: {:?}",
                corpus::formats()
            );
            std::process::exit(2);
        };
        size += file.bytes.len();
        files.push((file.path, String::from_utf8(file.bytes).expect("UTF-8")));
    }
    let started = std::time::Instant::now();
    let mut turns = 0;
    for _ in 0..rounds {
        for (path, text) in &files {
            let lines = saidwhat::text::lines(text);
            turns += formats::parse(&lines, path, Choice::Detect, &ctx)
                .turns
                .len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "parse_format: {format}, {} files, {:.2} MB x {rounds}: {turns} turns, {:.1} MB/s",
        files.len(),
        size as f64 / 1e6,
        size as f64 * rounds as f64 / 1e6 / secs
    );
}
