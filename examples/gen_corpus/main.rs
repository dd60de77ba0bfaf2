//! Writes a deterministic synthetic dump of notes for benchmarks:
//! `cargo run --release --example gen_corpus -- SIZE_MB DIR` (or
//! `scripts/gen-corpus SIZE_MB DIR`). What it holds is described in
//! `corpus.rs`; the same size and directory give the same bytes.

// The benches use parts of the generator that the binary does not.
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};

fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the corpus folder");
    }
    std::fs::write(path, bytes).expect("write a corpus file");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(size), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_corpus SIZE_MB DIR");
        std::process::exit(2);
    };
    let target: u64 = size.parse::<u64>().expect("SIZE_MB is a number") * 1_000_000;
    let dir = PathBuf::from(dir);
    let mut corpus = corpus::Corpus::new();
    let stem = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let beside = dir.parent().unwrap_or(Path::new("."));
    write(
        &beside.join(format!("{stem}-people.csv")),
        corpus.people_csv().as_bytes(),
    );
    write(
        &beside.join(format!("{stem}-names.txt")),
        corpus.names_txt().as_bytes(),
    );
    let (mut written, mut files) = (0u64, 0usize);
    // Files and bytes by the format of their transcript, in the order of
    // `corpus::formats()`, notes without a transcript last.
    let mut kinds: Vec<(&str, usize, u64)> = corpus::formats()
        .into_iter()
        .chain(["no transcript"])
        .map(|f| (f, 0, 0))
        .collect();
    while written < target {
        let file = corpus.next_file();
        written += file.bytes.len() as u64;
        files += 1;
        let kind = file.format.unwrap_or("no transcript");
        if let Some(k) = kinds.iter_mut().find(|k| k.0 == kind) {
            k.1 += 1;
            k.2 += file.bytes.len() as u64;
        }
        write(&dir.join(&file.path), &file.bytes);
    }
    eprintln!(
        "gen_corpus: {files} files, {:.1} MB in {}; dictionary {stem}-people.csv",
        written as f64 / 1e6,
        dir.display(),
    );
    for (kind, n, bytes) in kinds {
        eprintln!("  {kind:<14} {n:>6} files {:>8.2} MB", bytes as f64 / 1e6);
    }
}
