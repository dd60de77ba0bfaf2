//! The CSV sink: a [`Batch`] as CSV records.
//!
//! Lists are joined with `;`, seconds have two decimals, other numbers the
//! decimals their column declares, NULL is an empty cell. A text cell that
//! a spreadsheet would run as a formula is written with a leading `'`
//! unless `--raw-csv` (see [`starts_formula`]). A list cell is judged per
//! element: a spreadsheet that splits at `;` (the list separator of many
//! locales) makes a cell of each.

use std::fmt::Write;

use super::csv_row::Record;
use super::rows::{Batch, Cell};
use super::schema::{Table, Type};

/// How CSV cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    /// Neutralise cells that start like a formula.
    pub neutralise: bool,
    /// Start each table with a UTF-8 byte order mark (`--excel`).
    pub bom: bool,
}

/// Whether a spreadsheet would take a cell starting like `text` for a
/// formula (OWASP's CSV-injection advice: `=`, `+`, `-`, `@`, a tab, a
/// carriage return), also in their full-width forms (`＝＋－＠`, which
/// spreadsheets in East Asian locales read as the ASCII ones) and behind
/// characters that show nothing (a zero-width space, a byte order mark, a
/// word joiner), which some spreadsheets drop before reading the cell.
pub fn starts_formula(text: &str) -> bool {
    // Every cell is asked: most start with a byte that decides.
    match text.as_bytes().first() {
        None => return false,
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => return true,
        // The zero-width characters and full-width signs start E2 or EF.
        Some(&b) if b < 0xE2 => return false,
        _ => {}
    }
    let shown =
        text.trim_start_matches(['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}']);
    shown.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

/// The start of a table's file: the byte order mark with `--excel`, the
/// header (written from the schema, so a table with no rows has one).
pub fn start(table: &Table, style: CsvStyle) -> Vec<u8> {
    let mut out = Vec::new();
    if style.bom {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let mut r = Record::new(&mut out);
    for name in table.column_names() {
        r.text(name);
    }
    r.end();
    out
}

/// Appends `batch`'s rows to `out`.
pub fn write(batch: &Batch, style: CsvStyle, out: &mut Vec<u8>) {
    let columns = batch.table.columns;
    let (mut joined, mut number) = (String::new(), String::new());
    for row in 0..batch.rows() {
        let mut r = Record::new(out);
        for (i, column) in columns.iter().enumerate() {
            match batch.cell(i, row) {
                Cell::Null => r.empty(),
                Cell::Text(s) => text(&mut r, s, style),
                Cell::Int(n) => r.integer(n),
                Cell::Float(x) => {
                    let decimals = match column.ty {
                        Type::Float { decimals } => usize::from(decimals),
                        _ => 0,
                    };
                    number.clear();
                    write!(number, "{x:.decimals$}").expect("writing to a String");
                    r.plain(number.as_bytes());
                }
                Cell::Seconds(c) => {
                    let mut buf = [0u8; 24];
                    let c = u64::try_from(c).unwrap_or(0);
                    r.plain(crate::model::write_centis(c, &mut buf).as_bytes());
                }
                Cell::List(items) => {
                    joined.clear();
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            joined.push(';');
                        }
                        if style.neutralise && starts_formula(item) {
                            joined.push('\'');
                        }
                        joined.push_str(item);
                    }
                    r.text(&joined);
                }
            }
        }
        r.end();
    }
}

fn text(r: &mut Record<'_>, s: &str, style: CsvStyle) {
    if style.neutralise && starts_formula(s) {
        r.prefixed("'", s);
    } else {
        r.text(s);
    }
}
