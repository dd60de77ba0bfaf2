//! Reading an output folder's Parquet tables back into typed rows, for
//! `saidwhat merge`, which writes the rows of several shards again as one
//! run would have.
//!
//! Parquet rather than CSV ([`super::from_csv`]) because it gives back
//! exactly what the sinks were given: a list item holding a `;`, a text
//! starting with `'`, every number as it was rounded. Each cell is read as
//! the schema types its column: NULL is the empty text or list and the
//! missing number, as [`Batch`] holds them, dates are days since 1970, and
//! seconds come back to the centisecond they were written from.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use super::from_csv::invalid;
use super::rows::Batch;
use super::schema::{Table, Type};

/// One table's Parquet file, read a document's rows at a time.
pub struct ParquetRows {
    table: &'static Table,
    path: PathBuf,
    reader: ParquetRecordBatchReader,
    /// The record batch being read, and the next row of it to take.
    current: Option<RecordBatch>,
    at: usize,
}

impl ParquetRows {
    /// Opens `DIR/TABLE.parquet`; `None` when the run did not write it.
    pub fn open(dir: &Path, table: &'static Table) -> io::Result<Option<ParquetRows>> {
        let path = dir.join(table.parquet_name());
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(invalid(&path, e)),
        };
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| invalid(&path, e))?
            .with_batch_size(8 * 1024);
        // Same names in the same order, with the types the sink writes:
        // anything else is another version's table.
        let expected = super::arrow_schema(table);
        let found = builder.schema();
        let same = found.fields().len() == expected.fields().len()
            && found
                .fields()
                .iter()
                .zip(expected.fields())
                .all(|(a, b)| a.name() == b.name() && a.data_type() == b.data_type());
        if !same {
            return Err(invalid(
                &path,
                "not the columns this saidwhat writes (written by another version?)",
            ));
        }
        let reader = builder.build().map_err(|e| invalid(&path, e))?;
        Ok(Some(ParquetRows {
            table,
            path,
            reader,
            current: None,
            at: 0,
        }))
    }

    /// The next `n` rows, as a batch; fewer only if the file ends first
    /// (the caller checks the count).
    pub fn take(&mut self, n: usize) -> io::Result<Batch> {
        let mut batch = Batch::new(self.table);
        while batch.rows() < n {
            let Some(current) = self.current_batch()? else {
                break;
            };
            let end = self
                .at
                .saturating_add(n - batch.rows())
                .min(current.num_rows());
            for row in self.at..end {
                push_row(&mut batch, &current, row);
            }
            self.at = end;
        }
        Ok(batch)
    }

    /// Whether every row has been taken.
    pub fn is_done(&mut self) -> io::Result<bool> {
        Ok(self.current_batch()?.is_none())
    }

    /// The record batch with rows left to take, reading the next one when
    /// this one is used up; `None` at the end of the file.
    fn current_batch(&mut self) -> io::Result<Option<RecordBatch>> {
        loop {
            if let Some(b) = &self.current
                && self.at < b.num_rows()
            {
                return Ok(Some(b.clone()));
            }
            match self.reader.next() {
                Some(Ok(b)) => {
                    self.current = Some(b);
                    self.at = 0;
                }
                Some(Err(e)) => return Err(invalid(&self.path, e)),
                None => {
                    self.current = None;
                    return Ok(None);
                }
            }
        }
    }
}

/// Row `row` of `batch` into `out`, cell by cell as the schema types it.
fn push_row(out: &mut Batch, batch: &RecordBatch, row: usize) {
    let table = out.table;
    for (column, array) in table.columns.iter().zip(batch.columns()) {
        let null = array.is_null(row);
        match column.ty {
            Type::Text => {
                let text = if null {
                    ""
                } else {
                    array.as_string::<i32>().value(row)
                };
                out.text(text);
            }
            Type::Date => {
                let date = (!null).then(|| {
                    let days = array.as_primitive::<Date32Type>().value(row);
                    let (y, m, d) = crate::model::civil_from_days(i64::from(days));
                    format!("{y:04}-{m:02}-{d:02}")
                });
                out.opt_text(date.as_deref());
            }
            Type::Int => {
                out.opt_int((!null).then(|| array.as_primitive::<Int64Type>().value(row)));
            }
            Type::Float { .. } => {
                out.float((!null).then(|| array.as_primitive::<Float64Type>().value(row)));
            }
            Type::Seconds => {
                let seconds = (!null).then(|| array.as_primitive::<Float64Type>().value(row));
                out.centis(seconds.map(|s| (s * 100.0).round() as i64));
            }
            Type::List => {
                if null {
                    out.list(std::iter::empty());
                } else {
                    let items = array.as_list::<i32>().value(row);
                    let items = items.as_string::<i32>();
                    out.list((0..items.len()).map(|i| items.value(i)));
                }
            }
        }
    }
    out.end();
}
