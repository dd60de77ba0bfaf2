//! The Parquet sink (`--format parquet`): one file per table, typed
//! columns, through arrow-rs.
//!
//! Text is UTF-8 strings, whole numbers 64-bit integers, seconds and other
//! numbers doubles, dates Parquet dates, lists lists of strings; every
//! column is nullable and NULL where the CSV cell is empty. Columns are
//! dictionary-encoded (the writer's default, which falls back to plain
//! pages for columns with too many distinct values), except a turn's
//! `text`, which is seldom repeated, and compressed with zstd. Minimum and
//! maximum statistics are kept where readers skip row groups by them: the
//! sorted `doc_id`, numbers and dates.
//!
//! Rows are copied from the documents' batches into column builders,
//! column by column, on the writing thread and handed to the writer
//! [`ROWS`] at a time, whatever
//! the documents' sizes, so the file's row groups and pages are the same
//! for the same rows: the output does not depend on the thread count.

use std::fs::File;
use std::ops::Range;
use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use super::rows::{Batch, Cells};
use super::schema::{Table, Type};

/// Rows handed to the writer at a time.
const ROWS: usize = 8 * 1024;

/// Rows per row group: readers (DuckDB, pyarrow) read row groups in
/// parallel and skip them by their statistics, and the writer holds one
/// row group of each table in memory, compressed, until it is complete.
const ROW_GROUP: usize = 128 * 1024;

/// The page and dictionary size limits of every column. The writer buffers
/// up to about this much per column of every open table (some hundred
/// columns), so the default of 1 MB held ~150 MB; 256 kB holds a third of
/// that and compresses as well.
const PAGE: usize = 256 * 1024;

/// One table's Parquet file being written.
pub struct ParquetTable {
    table: &'static Table,
    schema: SchemaRef,
    builders: Vec<Builder>,
    pending: usize,
    writer: ArrowWriter<File>,
}

enum Builder {
    Text(StringBuilder),
    Date(Date32Builder),
    Int(Int64Builder),
    Float(Float64Builder),
    List(ListBuilder<StringBuilder>),
}

impl Builder {
    fn new(ty: Type) -> Builder {
        match ty {
            Type::Text => Builder::Text(StringBuilder::with_capacity(ROWS, 0)),
            Type::Date => Builder::Date(Date32Builder::with_capacity(ROWS)),
            Type::Int => Builder::Int(Int64Builder::with_capacity(ROWS)),
            Type::Float { .. } | Type::Seconds => {
                Builder::Float(Float64Builder::with_capacity(ROWS))
            }
            Type::List => Builder::List(ListBuilder::with_capacity(
                StringBuilder::with_capacity(ROWS, 0),
                ROWS,
            )),
        }
    }

    /// The column so far; the builder starts again with room for as much
    /// (the next rows are much like these), so that it does not grow from
    /// nothing by doublings for every [`ROWS`] rows.
    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => {
                let array = b.finish();
                *b = StringBuilder::with_capacity(ROWS, array.value_data().len());
                Arc::new(array)
            }
            Builder::Date(b) => {
                Arc::new(std::mem::replace(b, Date32Builder::with_capacity(ROWS)).finish())
            }
            Builder::Int(b) => {
                Arc::new(std::mem::replace(b, Int64Builder::with_capacity(ROWS)).finish())
            }
            Builder::Float(b) => {
                Arc::new(std::mem::replace(b, Float64Builder::with_capacity(ROWS)).finish())
            }
            Builder::List(b) => {
                let array = b.finish();
                let (items, bytes) = (
                    array.values().len(),
                    array.values().as_string::<i32>().value_data().len(),
                );
                *b = ListBuilder::with_capacity(StringBuilder::with_capacity(items, bytes), ROWS);
                Arc::new(array)
            }
        }
    }

    /// Appends cells `rows` of a column; empty text and lists, and
    /// missing numbers, are NULL (as [`Batch::cell`] reads them).
    fn extend(&mut self, cells: &Cells, rows: Range<usize>) {
        match (self, cells) {
            (Builder::Text(b), Cells::Text(t)) => {
                for i in rows {
                    match t.get(i) {
                        "" => b.append_null(),
                        s => b.append_value(s),
                    }
                }
            }
            (Builder::Date(b), Cells::Text(t)) => {
                for i in rows {
                    b.append_option(days(t.get(i)));
                }
            }
            (Builder::Int(b), Cells::Int(v)) => b.extend(v[rows].iter().copied()),
            (Builder::Float(b), Cells::Float(v)) => b.extend(v[rows].iter().copied()),
            (Builder::Float(b), Cells::Seconds(v)) => {
                b.extend(v[rows].iter().map(|c| c.map(|c| c as f64 / 100.0)));
            }
            (Builder::List(b), Cells::List { items, ends }) => {
                for i in rows {
                    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
                    for item in start..ends[i] as usize {
                        b.values().append_value(items.get(item));
                    }
                    b.append(start < ends[i] as usize);
                }
            }
            _ => unreachable!("a batch's columns have the schema's types"),
        }
    }
}

/// The Arrow schema of a table.
pub fn arrow_schema(table: &Table) -> SchemaRef {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|c| {
            let ty = match c.ty {
                Type::Text => DataType::Utf8,
                Type::Date => DataType::Date32,
                Type::Int => DataType::Int64,
                Type::Float { .. } | Type::Seconds => DataType::Float64,
                Type::List => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            };
            Field::new(c.name, ty, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// `batch` as an Arrow record batch of [`arrow_schema`]: what the Parquet
/// file holds for these rows, for callers that hand Arrow on (the Python
/// package).
pub fn record_batch(batch: &Batch) -> RecordBatch {
    let columns: Vec<ArrayRef> = batch
        .columns()
        .iter()
        .zip(batch.table.columns)
        .map(|(cells, column)| {
            let mut b = Builder::new(column.ty);
            b.extend(cells, 0..batch.rows());
            b.finish()
        })
        .collect();
    RecordBatch::try_new(arrow_schema(batch.table), columns)
        .expect("the columns have the schema's types")
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian
/// calendar, as Parquet's DATE has it); None if `s` is not one.
pub fn days(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    i32::try_from(crate::model::days_from_civil(y, m, d)).ok()
}

fn err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("writing Parquet: {e}"))
}

impl ParquetTable {
    pub fn create(table: &'static Table, file: File) -> std::io::Result<ParquetTable> {
        let schema = arrow_schema(table);
        let mut props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(err)?));
        for c in table.columns {
            // A list's values are the leaf column `name.list.item`.
            let path = || match c.ty {
                Type::List => ColumnPath::new(vec![c.name.into(), "list".into(), "item".into()]),
                _ => ColumnPath::from(c.name),
            };
            // Minimum and maximum let a reader skip row groups: worth their
            // cost for the sorted doc_id and for numbers and dates, not for
            // names and lists, where they cost a comparison a value.
            if matches!(c.ty, Type::Text | Type::List) && c.name != "doc_id" {
                props = props.set_column_statistics_enabled(path(), EnabledStatistics::None);
            }
            // A turn's text is seldom repeated: no dictionary to look every
            // one up in before the writer gives up on it.
            if c.name == "text" {
                props = props.set_column_dictionary_enabled(path(), false);
            }
        }
        let props = props
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_data_page_size_limit(PAGE)
            .set_dictionary_page_size_limit(PAGE)
            .set_created_by(format!("saidwhat {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(err)?;
        Ok(ParquetTable {
            table,
            schema,
            builders: table.columns.iter().map(|c| Builder::new(c.ty)).collect(),
            pending: 0,
            writer,
        })
    }

    /// Appends `batch`'s rows (a batch of this table).
    pub fn append(&mut self, batch: &Batch) -> std::io::Result<()> {
        debug_assert_eq!(batch.table.name, self.table.name);
        // Column by column, up to the next flush.
        let mut row = 0;
        while row < batch.rows() {
            let take = (ROWS - self.pending).min(batch.rows() - row);
            for (b, cells) in self.builders.iter_mut().zip(batch.columns()) {
                b.extend(cells, row..row + take);
            }
            row += take;
            self.pending += take;
            if self.pending == ROWS {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(err)?;
        self.pending = 0;
        self.writer.write(&batch).map_err(err)
    }

    /// Writes what is pending and the file's footer.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.flush()?;
        self.writer.into_inner().map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_since_1970() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2024-03-05"), Some(19_787));
        assert_eq!(days("2000-02-29"), Some(11_016));
        assert_eq!(days("1969-12-31"), Some(-1));
        for bad in ["", "2024-3-5", "2024-13-01", "2024/03/05", "abcd-ef-gh"] {
            assert_eq!(days(bad), None, "{bad}");
        }
    }
}
