//! Bad inputs, odd file systems and interrupted runs: each test is named
//! after what broke (found by trying the binary as an attacker would) and
//! checks the promise the README makes about it.

mod common;

use assert_cmd::Command;
use common::repo;

fn saidwhat() -> Command {
    let mut cmd = Command::cargo_bin("saidwhat").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// A people CSV row with 200,000 aliases (half of them repeats in other
/// case) used to never finish: merging and printing compared each alias
/// with every one before it.
#[test]
fn people_with_a_person_of_200k_aliases_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    let n = 200_000;
    let aliases: Vec<String> = (0..n)
        .map(|i| {
            let a = format!("alias{}", i % (n / 2));
            if i < n / 2 { a } else { a.to_uppercase() }
        })
        .collect();
    std::fs::write(
        &csv,
        format!(
            "name,aliases\nAnn Lee,\"{}\"\nann lee,ALIAS1\n",
            aliases.join(";")
        ),
    )
    .unwrap();
    let out = saidwhat()
        .arg("people")
        .arg(dir.path())
        .arg("--people")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let listed: Vec<&str> = rows[0][1].split(';').collect();
    assert_eq!(listed.len(), n / 2, "each alias once, whatever its case");
    assert_eq!(listed[..2], ["alias0", "alias1"]);
}
