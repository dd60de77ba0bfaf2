//! The fuzz targets (`fuzz/targets.rs`) on stable, in `cargo test`: every
//! invented fixture and sample note, mutated a few thousand times with a
//! fixed seed (bit flips, bytes that matter to the parsers, splices, cuts),
//! through every target. Then a folder of mutated files through the
//! binary with one and two threads: exit at most 1, every file a document
//! or a diagnostic, and the same tables both times. The cargo-fuzz targets
//! search much further (see the README); this keeps what they found.

mod common;

#[allow(dead_code)]
#[path = "../fuzz/targets.rs"]
mod targets;

// Its generator: the same mutations on every machine and every run.
#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use common::repo;
use corpus::Rng;

/// Bytes the parsers decide on: stamps, arrows, labels, JSON, line ends,
/// UTF-8 lead bytes, marks.
const INTERESTING: &[u8] = b"\0\r\n\t[]:.,->{}\"'#*|\xC2\xC3\xE2\xEF\xBB\xBF\xFE\xFF";

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                data.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
            }
            3 if len > 0 => {
                // A piece of the file copied elsewhere in it.
                let from = rng.below(len);
                let n = rng.below((len - from).min(200)) + 1;
                let piece = data[from..from + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, piece);
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let n = rng.below((len - from).min(100)) + 1;
                data.drain(from..from + n);
            }
            5 => data.truncate(rng.below(len + 1)),
            _ if len > 0 => {
                // A line repeated many times (quadratic paths, loops).
                let start = rng.below(len);
                let end = data[start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(len, |p| start + p + 1);
                let line = data[start..end].to_vec();
                for _ in 0..rng.below(50) {
                    data.extend_from_slice(&line);
                }
            }
            _ => data.push(INTERESTING[rng.below(INTERESTING.len())]),
        }
    }
    data
}

/// Every fixture and sample note, in a fixed order.
fn seeds() -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    let mut stack = vec![repo().join("tests/data"), repo().join("data/sample-vault")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.metadata().unwrap().len() < 64 * 1024 {
                paths.push(path);
            }
        }
    }
    paths.sort();
    assert!(paths.len() > 150, "{}", paths.len());
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn every_target_survives_thousands_of_mutations() {
    let seeds = seeds();
    let mut rng = Rng(0x05A1_D3A7_2026_1202);
    let mut runs = 0;
    for round in 0..40 {
        for seed in &seeds {
            let data = mutate(seed, &mut rng);
            targets::decode(&data);
            targets::repair(&data);
            targets::people_csv(&data);
            // Each file as its format is told, and under a forced format
            // picked by the round.
            targets::process("auto", &data);
            let mut picked = vec![(round * 7 % 251) as u8];
            picked.extend_from_slice(&data);
            targets::process_any(&picked);
            runs += 1;
        }
    }
    assert!(runs >= 6000, "{runs}");
}

#[test]
fn mutated_files_are_all_accounted_for_and_the_same_with_one_or_two_threads() {
    let seeds = seeds();
    let mut rng = Rng(0x0BAD_F11E);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let extensions = ["md", "vtt", "srt", "json", "txt", "tsv", "sbv", "jsonl"];
    let mut names = Vec::new();
    for (i, seed) in seeds.iter().cycle().take(300).enumerate() {
        let name = format!("{i:03}.{}", extensions[i % extensions.len()]);
        std::fs::write(input.join(&name), mutate(seed, &mut rng)).unwrap();
        names.push(name);
    }
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out-{jobs}"));
        let run = assert_cmd::Command::cargo_bin("saidwhat")
            .unwrap()
            .args(["run", "-q", "--format", "csv,jsonl", "--jobs", jobs, "-o"])
            .arg(&out)
            .arg(&input)
            .args([
                "--people",
                "data/people.csv",
                "--topics",
                "data/topics.toml",
            ])
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(matches!(run.status.code(), Some(0 | 1)), "{run:?}");
        let mut tables: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "run.json")
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        tables.sort();
        let documents = String::from_utf8_lossy(&std::fs::read(out.join("documents.csv")).unwrap())
            .into_owned();
        let diagnostics =
            String::from_utf8_lossy(&std::fs::read(out.join("diagnostics.csv")).unwrap())
                .into_owned();
        for name in &names {
            let row = format!("\n{name},");
            assert!(
                documents.contains(&row) || diagnostics.contains(&row),
                "{name} is in no table"
            );
        }
        outputs.push(tables);
    }
    assert!(
        outputs[0] == outputs[1],
        "the tables differ between -j1 and -j2"
    );
}

/// Every input a cargo-fuzz target failed on (`tests/data/fuzz/TARGET/`),
/// through that target again.
#[test]
fn every_fuzzing_finding_stays_fixed() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("tests/data/fuzz")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let run: fn(&[u8]) = match dir.file_name().unwrap().to_str().unwrap() {
            "decode" => targets::decode,
            "repair" => targets::repair,
            "note" => |d| targets::process("markdown", d),
            "formats" => targets::process_any,
            "people_csv" => targets::people_csv,
            other => panic!("no fuzz target {other}"),
        };
        for file in std::fs::read_dir(&dir).unwrap() {
            run(&std::fs::read(file.unwrap().path()).unwrap());
            checked += 1;
        }
    }
    assert!(checked >= 1);
}
