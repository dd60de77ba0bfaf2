//! ftfy's own test cases (tests/data/ftfy, Apache-2.0, see ORIGIN.md),
//! judged on `fixed-encoding`: the mojibake repair alone, since saidwhat
//! never straightens quotes or otherwise rewrites good text.

use saidwhat::text::repair::repair;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    label: String,
    original: String,
    fixed: String,
    #[serde(rename = "fixed-encoding")]
    fixed_encoding: Option<String>,
}

impl Case {
    fn expected(&self) -> &str {
        self.fixed_encoding.as_deref().unwrap_or(&self.fixed)
    }
}

fn cases(file: &str) -> Vec<Case> {
    let path = format!("{}/tests/data/ftfy/{file}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The cases of `file` whose repair of `input(case)` is not the expected
/// text, each with what came out.
fn misses(file: &str, input: impl Fn(&Case) -> String) -> Vec<String> {
    cases(file)
        .iter()
        .filter_map(|c| {
            let got = repair(&input(c)).text.into_owned();
            (got != c.expected()).then(|| {
                format!(
                    "{file}: {}\n  got:  {got:?}\n  want: {:?}",
                    c.label,
                    c.expected()
                )
            })
        })
        .collect()
}

const PASS_FILES: [&str; 3] = ["in-the-wild", "synthetic", "language-names"];

#[test]
fn every_pass_case_is_repaired_exactly() {
    let misses: Vec<String> = PASS_FILES
        .iter()
        .flat_map(|f| misses(f, |c| c.original.clone()))
        .collect();
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    let total: usize = PASS_FILES.iter().map(|f| cases(f).len()).sum();
    assert_eq!(total, 120, "the suite as copied");
}

#[test]
fn every_negative_case_stays_unchanged() {
    let negative = cases("negative");
    assert_eq!(negative.len(), 31);
    let misses = misses("negative", |c| c.original.clone());
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// ftfy's own extra check: the pass cases with one more layer of UTF-8 /
/// Latin-1 mojibake on top must come out the same.
#[test]
fn pass_cases_with_one_more_latin1_layer() {
    let latin1 = |c: &Case| c.original.bytes().map(char::from).collect::<String>();
    let misses: Vec<String> = PASS_FILES
        .iter()
        .chain(&["negative"])
        .flat_map(|f| misses(f, latin1))
        .collect();
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// ftfy fails these ten; record which ones saidwhat gets right, so that a
/// change either way is noticed.
#[test]
fn known_failures_we_pass() {
    let all: Vec<String> = cases("known-failures")
        .into_iter()
        .map(|c| c.label)
        .collect();
    let missed: Vec<String> = misses("known-failures", |c| c.original.clone())
        .into_iter()
        .map(|m| {
            m.lines()
                .next()
                .unwrap()
                .trim_start_matches("known-failures: ")
                .to_string()
        })
        .collect();
    let passed: Vec<&str> = all
        .iter()
        .filter(|l| !missed.contains(l))
        .map(String::as_str)
        .collect();
    assert_eq!(
        passed,
        [
            "subtle UTF-8 / codepage 437 mixup in Spanish",
            "An example with 'à' in windows-1251 where we need our heuristic to be bolder",
            "Italian UTF-8 / MacRoman mojibake that looks like math",
        ]
    );
}

/// `fix` twice gives what `fix` once gives, for every case of the suite
/// (each as a file, and with `ï»¿` before it: a repaired byte order mark
/// the second read would strip broke this).
#[test]
fn fixing_twice_is_fixing_once() {
    let fix = |bytes: &[u8]| {
        saidwhat::text::prepare_faithful(bytes)
            .map(|p| p.text.into_owned())
            .unwrap_or_default()
    };
    let mut checked = 0;
    for file in PASS_FILES.iter().chain(&["negative", "known-failures"]) {
        for case in cases(file) {
            for input in [case.original.clone(), format!("ï»¿{}", case.original)] {
                let once = fix(input.as_bytes());
                assert_eq!(fix(once.as_bytes()), once, "{file}: {}", case.label);
                checked += 1;
            }
        }
    }
    assert!(checked > 240, "{checked}");
}
