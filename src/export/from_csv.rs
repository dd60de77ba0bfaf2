//! Reading an output folder's CSV tables back into typed rows, for the
//! commands that work from a finished run (`saidwhat report OUT_DIR`).
//!
//! Each cell is read as the schema types its column, so what comes back
//! is what the run's sinks were given: numbers as numbers, seconds to the
//! centisecond, empty cells as NULL, lists split at `;`. What the CSV sink
//! added for spreadsheets is taken off again: a byte order mark (`--excel`)
//! and the `'` in front of a cell that would start a formula (an item of a
//! list that held a `;` of its own stays split: CSV cannot tell). The
//! tables of one run are in doc_id order, the same order in each, so the
//! rows of one document are read from each table in step
//! ([`TableReader::rows_of`]).

use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use super::rows::Batch;
use super::schema::{Table, Type};
use super::starts_formula;
use crate::model::Timestamp;

/// One table's CSV file, read row by row.
pub struct TableReader {
    table: &'static Table,
    path: PathBuf,
    reader: csv::Reader<BufReader<File>>,
    /// For each column of the schema, its place in the file.
    places: Vec<usize>,
    /// The row read but not yet taken.
    next: Option<csv::StringRecord>,
}

/// An error reading a table back: its path and what was wrong.
pub(super) fn invalid(path: &Path, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {what}", path.display()),
    )
}

impl TableReader {
    /// Opens `DIR/TABLE.csv`; `None` when the run did not write it.
    pub fn open(dir: &Path, table: &'static Table) -> io::Result<Option<TableReader>> {
        let path = dir.join(table.csv_name());
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(invalid(&path, e)),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(BufReader::with_capacity(1 << 16, file));
        let header = reader.headers().map_err(|e| invalid(&path, e))?.clone();
        let names: Vec<&str> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    h
                }
            })
            .collect();
        let places = table
            .columns
            .iter()
            .map(|c| {
                names.iter().position(|n| *n == c.name).ok_or_else(|| {
                    invalid(
                        &path,
                        format!(
                            "no column {} (written by another version of saidwhat?)",
                            c.name
                        ),
                    )
                })
            })
            .collect::<io::Result<Vec<usize>>>()?;
        let mut t = TableReader {
            table,
            path,
            reader,
            places,
            next: None,
        };
        t.advance()?;
        Ok(Some(t))
    }

    fn advance(&mut self) -> io::Result<()> {
        let mut record = csv::StringRecord::new();
        self.next = match self.reader.read_record(&mut record) {
            Ok(true) => Some(record),
            Ok(false) => None,
            Err(e) => return Err(invalid(&self.path, e)),
        };
        Ok(())
    }

    /// The rows at the front whose `doc_id` is `id` (the tables' first
    /// column), as a batch.
    pub fn rows_of(&mut self, id: &str) -> io::Result<Batch> {
        let mut batch = Batch::new(self.table);
        while let Some(r) = &self.next {
            if r.get(self.places[0]) != Some(id) {
                break;
            }
            self.push(&mut batch)?;
        }
        Ok(batch)
    }

    /// Up to `n` of the next rows; `None` at the end.
    pub fn chunk(&mut self, n: usize) -> io::Result<Option<Batch>> {
        if self.next.is_none() {
            return Ok(None);
        }
        let mut batch = Batch::new(self.table);
        while self.next.is_some() && batch.rows() < n {
            self.push(&mut batch)?;
        }
        Ok(Some(batch))
    }

    /// Moves the front row into `batch`, each cell typed by its column.
    fn push(&mut self, batch: &mut Batch) -> io::Result<()> {
        let record = self.next.take().expect("a row to push");
        let line = record.position().map_or(0, |p| p.line());
        for (column, &place) in self.table.columns.iter().zip(&self.places) {
            let raw = record.get(place).unwrap_or("");
            let bad = |what: &str| {
                invalid(
                    &self.path,
                    format!("line {line}: {}: {raw:?} is not {what}", column.name),
                )
            };
            match column.ty {
                Type::Text | Type::Date => {
                    batch.text(&unprotect(raw));
                }
                Type::Int => {
                    let n = match raw {
                        "" => None,
                        _ => Some(raw.parse::<i64>().map_err(|_| bad("a whole number"))?),
                    };
                    batch.opt_int(n);
                }
                Type::Float { .. } => {
                    let x = match raw {
                        "" => None,
                        _ => Some(raw.parse::<f64>().map_err(|_| bad("a number"))?),
                    };
                    batch.float(x);
                }
                Type::Seconds => {
                    let t = match raw {
                        "" => None,
                        _ => {
                            let s = raw.parse::<f64>().map_err(|_| bad("seconds"))?;
                            if !(s >= 0.0 && s.is_finite()) {
                                return Err(bad("seconds"));
                            }
                            Some(Timestamp((s * 1000.0).round() as u64))
                        }
                    };
                    batch.seconds(t);
                }
                Type::List => {
                    let items: Vec<String> = match raw {
                        "" => Vec::new(),
                        _ => raw.split(';').map(unprotect).collect(),
                    };
                    batch.list(items.iter().map(String::as_str));
                }
            }
        }
        batch.end();
        self.advance()
    }
}

/// A cell without the `'` the CSV sink put in front of a formula.
fn unprotect(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest.to_string(),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::rows::Cell;
    use crate::export::schema::TOPICS;

    #[test]
    fn cells_come_back_typed_and_unprotected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("topics.csv"),
            "\u{feff}doc_id,topic,turns,talk_s,first_s,last_s,raised_by,speakers\n\
             a.md,'=Pricing,3,25.00,1.50,,Ann,Ann;'+Bo\n\
             a.md,Data,1,,,,,\n\
             b.md,Data,2,1.00,0.00,0.00,Bo,Bo\n",
        )
        .unwrap();
        let mut t = TableReader::open(dir.path(), &TOPICS).unwrap().unwrap();
        let a = t.rows_of("a.md").unwrap();
        assert_eq!(a.rows(), 2);
        assert_eq!(a.cell(1, 0), Cell::Text("=Pricing"));
        assert_eq!(a.cell(2, 0), Cell::Int(3));
        assert_eq!(a.cell(3, 0), Cell::Seconds(2500));
        assert_eq!(a.cell(4, 0), Cell::Seconds(150));
        assert_eq!(a.cell(5, 0), Cell::Null);
        let Cell::List(l) = a.cell(7, 0) else {
            panic!()
        };
        assert_eq!(l.iter().collect::<Vec<_>>(), ["Ann", "+Bo"]);
        assert_eq!(a.cell(3, 1), Cell::Null);
        assert_eq!(t.rows_of("a.md").unwrap().rows(), 0);
        assert_eq!(t.chunk(10).unwrap().unwrap().rows(), 1);
        assert!(t.chunk(10).unwrap().is_none());
        assert!(
            TableReader::open(dir.path(), &crate::export::schema::TURNS)
                .unwrap()
                .is_none()
        );
    }
}
