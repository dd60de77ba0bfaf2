//! The JSON Lines sink (`--format jsonl`): one object per input file, its
//! rows of every other table nested.
//!
//! The object is the file's `documents` row, then one array per table
//! (`turns`, `statements`, `mentions`, `speakers`, `topics`,
//! `diagnostics`, `repairs`, and `repair_changes` with
//! `--explain-repairs`), each element a row with the schema's field names.
//! Nested rows leave out what the object already says (`doc_id`, and the
//! `date` of `speakers`); the counts `turns`, `speakers` and `repairs` of
//! the `documents` row are left out because the arrays of the same names
//! take their place (the first two are the arrays' lengths, the third the
//! sum of the steps' `changes`). Lists are arrays, NULL is null, numbers
//! are numbers; text is exactly as said (no formula protection).

use std::io::Write;

use super::rows::{Batch, Cell};
use super::schema::{self, Column};

/// Appends the object for one input file to `out`: `batches` are its rows
/// in [`schema::document_tables`] order. Nothing is written for an entry
/// that has no `documents` row (a skipped one).
pub fn write(batches: &[Batch], out: &mut Vec<u8>) {
    let Some(doc) = batches
        .iter()
        .find(|b| b.table.name == schema::DOCUMENTS.name)
    else {
        return;
    };
    if doc.rows() == 0 {
        return;
    }
    out.push(b'{');
    let mut first = true;
    for (i, column) in doc.table.columns.iter().enumerate() {
        if batches.iter().any(|b| b.table.name == column.name) {
            continue;
        }
        field(out, &mut first, column, doc.cell(i, 0));
    }
    for batch in batches {
        if batch.table.name == schema::DOCUMENTS.name
            || (batch.table.on_request && batch.is_empty())
        {
            continue;
        }
        key(out, &mut first, batch.table.name);
        out.push(b'[');
        for row in 0..batch.rows() {
            if row > 0 {
                out.push(b',');
            }
            out.push(b'{');
            let mut first = true;
            for (i, column) in batch.table.columns.iter().enumerate() {
                if column.name == "doc_id" || column.name == "date" {
                    continue;
                }
                field(out, &mut first, column, batch.cell(i, row));
            }
            out.push(b'}');
        }
        out.push(b']');
    }
    out.extend_from_slice(b"}\n");
}

fn key(out: &mut Vec<u8>, first: &mut bool, name: &str) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    string(out, name);
    out.push(b':');
}

fn field(out: &mut Vec<u8>, first: &mut bool, column: &Column, cell: Cell<'_>) {
    key(out, first, column.name);
    match cell {
        Cell::Null => out.extend_from_slice(b"null"),
        Cell::Text(s) => string(out, s),
        Cell::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Cell::Float(x) => number(out, x),
        Cell::Seconds(c) => number(out, c as f64 / 100.0),
        Cell::List(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                string(out, item);
            }
            out.push(b']');
        }
    }
}

fn string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("strings serialize to memory");
}

fn number(out: &mut Vec<u8>, x: f64) {
    serde_json::to_writer(&mut *out, &x).expect("numbers serialize to memory");
}
