//! `run.json`: what a run was asked and what it wrote.
//!
//! Written into `--out` after the tables, so that a folder of tables says
//! where it came from: the version and arguments, the inputs, the counts
//! of the summary line, how long it took, and every table with its rows
//! and files. With `--excel`, the tables too long for a sheet are listed
//! with what to do about it. Key order is fixed; the elapsed time makes
//! the manifest (and only it) differ from run to run.

use serde::Serialize;

use super::{Config, Summary};
use crate::export::{EXCEL_ROWS, TableWritten};

#[derive(Serialize)]
struct Manifest<'a> {
    saidwhat: &'static str,
    arguments: &'a [String],
    inputs: Vec<String>,
    out: String,
    formats: Vec<&'static str>,
    elapsed_s: f64,
    jobs: usize,
    files: usize,
    documents: Kinds,
    failed: usize,
    skipped: usize,
    warnings: usize,
    turns: usize,
    by_format: std::collections::BTreeMap<&'static str, usize>,
    tables: Vec<Table<'a>>,
    owner: &'a crate::analysis::actions::VaultOwner,
    removed: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    excel: Vec<TooLong<'a>>,
}

#[derive(Serialize)]
struct Kinds {
    transcript: usize,
    note: usize,
    person: usize,
}

#[derive(Serialize)]
struct Table<'a> {
    table: &'static str,
    rows: usize,
    files: &'a [String],
}

#[derive(Serialize)]
struct TooLong<'a> {
    table: &'static str,
    rows: usize,
    limit: usize,
    message: String,
    files: &'a [String],
}

/// The advice for a table too long for an Excel sheet.
pub fn excel_advice(t: &TableWritten) -> String {
    format!(
        "{}.csv has {} rows, more than the {} an Excel sheet holds (with the header): Excel \
         would cut it short. Run on fewer inputs (one folder, one year: the PATH arguments \
         choose), or load {}.parquet (Power Query, pandas, DuckDB)",
        t.table,
        super::thousands(t.rows),
        super::thousands(EXCEL_ROWS),
        t.table
    )
}

/// The manifest of a finished run, as JSON with a final newline.
pub fn render(config: &Config, summary: &Summary) -> Vec<u8> {
    let o = &config.output;
    let formats = [("csv", o.csv), ("parquet", o.parquet), ("jsonl", o.jsonl)]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name)
        .collect();
    let excel = if o.excel {
        summary
            .written
            .too_long_for_excel()
            .map(|t| TooLong {
                table: t.table,
                rows: t.rows,
                limit: EXCEL_ROWS,
                message: excel_advice(t),
                files: &t.files,
            })
            .collect()
    } else {
        Vec::new()
    };
    let manifest = Manifest {
        saidwhat: env!("CARGO_PKG_VERSION"),
        arguments: &config.arguments,
        inputs: config
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        out: config.out.display().to_string(),
        formats,
        elapsed_s: (summary.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
        jobs: summary.jobs,
        files: summary.files,
        documents: Kinds {
            transcript: summary.transcripts,
            note: summary.notes,
            person: summary.persons,
        },
        failed: summary.failed,
        skipped: summary.skipped,
        warnings: summary.warnings,
        turns: summary.turns,
        by_format: summary
            .formats
            .iter()
            .map(|(f, n)| (f.as_str(), *n))
            .collect(),
        tables: summary
            .written
            .tables
            .iter()
            .map(|t| Table {
                table: t.table,
                rows: t.rows,
                files: &t.files,
            })
            .collect(),
        owner: &summary.written.owner,
        removed: &summary.removed,
        excel,
    };
    let mut out = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{TableWritten, Written};

    fn config(excel: bool) -> Config {
        Config {
            paths: vec!["notes".into()],
            out: "out".into(),
            jobs: 1,
            progress: false,
            output: crate::export::Options {
                excel,
                ..Default::default()
            },
            topics: Default::default(),
            vault_topics: false,
            input_format: crate::formats::Choice::Detect,
            arguments: vec!["saidwhat".into(), "run".into()],
            cancel: Default::default(),
            max_file_size: crate::run::input::MAX_FILE_SIZE,
            owner: None,
            shard: None,
        }
    }

    fn summary(turns: usize) -> Summary {
        Summary {
            written: Written {
                tables: vec![TableWritten {
                    table: "turns",
                    rows: turns,
                    files: vec!["turns.csv".into(), "turns.parquet".into()],
                }],
                ..Written::default()
            },
            ..Summary::default()
        }
    }

    /// A sheet holds 1,048,576 rows, the header one of them.
    #[test]
    fn tables_too_long_for_excel_are_named_with_what_to_do() {
        let json = |config: &Config, s: &Summary| -> serde_json::Value {
            serde_json::from_slice(&render(config, s)).unwrap()
        };
        assert!(json(&config(true), &summary(1_048_575))["excel"].is_null());
        let m = json(&config(true), &summary(1_048_576));
        assert_eq!(m["excel"][0]["table"], "turns");
        assert_eq!(m["excel"][0]["rows"], 1_048_576);
        let message = m["excel"][0]["message"].as_str().unwrap();
        assert!(
            message.starts_with(
                "turns.csv has 1,048,576 rows, more than the 1,048,576 an Excel sheet holds"
            ),
            "{message}"
        );
        assert!(message.contains("turns.parquet"), "{message}");
        assert!(
            json(&config(false), &summary(2_000_000))["excel"].is_null(),
            "only with --excel"
        );
    }

    #[test]
    fn thousands_are_separated() {
        use crate::run::thousands;
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_676_342), "1,676,342");
    }
}
