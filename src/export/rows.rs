//! Typed rows: what every sink renders.
//!
//! A [`Batch`] holds rows of one [`Table`], column by column, each cell of
//! the column's [`Type`]: text in one string per column (cells are ranges
//! of it, so a document's thousands of turns are a few allocations, not
//! one per cell), numbers as numbers, lists as ranges of items. Pushing a
//! cell of another type than the schema declares for its place is a bug
//! and panics at once, naming the table and column, so every row builder
//! is checked by the tests that run it.
//!
//! Rows are built on the worker threads ([`super::render`]); the CSV and
//! JSON sinks turn them into bytes there too, and the Parquet sink copies
//! them into its column builders on the writing thread.

use super::schema::{Table, Type};
use crate::model::Timestamp;

/// The cells of one column.
#[derive(Clone, Debug, PartialEq)]
pub enum Cells {
    /// Text and dates: cell `i` is `data[ends[i-1]..ends[i]]`; empty is NULL.
    Text(Texts),
    Int(Vec<Option<i64>>),
    /// Already rounded to the column's decimals.
    Float(Vec<Option<f64>>),
    /// Centiseconds.
    Seconds(Vec<Option<i64>>),
    /// Row `i`'s items are `items[ends[i-1]..ends[i]]`; no items is NULL.
    List {
        items: Texts,
        ends: Vec<u32>,
    },
}

/// A column of strings, end to end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    data: String,
    ends: Vec<u32>,
}

impl Texts {
    fn push(&mut self, s: &str) {
        self.data.push_str(s);
        self.ends.push(self.data.len() as u32);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.data[start..self.ends[i] as usize]
    }

    fn bytes(&self) -> usize {
        self.data.len() + 4 * self.ends.len()
    }
}

impl Cells {
    fn new(ty: Type) -> Cells {
        match ty {
            Type::Text | Type::Date => Cells::Text(Texts::default()),
            Type::Int => Cells::Int(Vec::new()),
            Type::Float { .. } => Cells::Float(Vec::new()),
            Type::Seconds => Cells::Seconds(Vec::new()),
            Type::List => Cells::List {
                items: Texts::default(),
                ends: Vec::new(),
            },
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Cells::Text(t) => t.bytes(),
            Cells::Int(v) | Cells::Seconds(v) => 16 * v.len(),
            Cells::Float(v) => 16 * v.len(),
            Cells::List { items, ends } => items.bytes() + 4 * ends.len(),
        }
    }
}

/// One cell, as a sink reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Seconds(i64),
    /// The items of a list cell (never empty: an empty list is `Null`).
    List(ListCell<'a>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ListCell<'a> {
    items: &'a Texts,
    range: (usize, usize),
}

impl<'a> ListCell<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let items = self.items;
        (self.range.0..self.range.1).map(move |i| items.get(i))
    }

    pub fn len(&self) -> usize {
        self.range.1 - self.range.0
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Rows of one table.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub table: &'static Table,
    columns: Vec<Cells>,
    rows: usize,
    /// The column the next pushed cell goes to.
    at: usize,
}

impl Batch {
    pub fn new(table: &'static Table) -> Batch {
        Batch {
            table,
            columns: table.columns.iter().map(|c| Cells::new(c.ty)).collect(),
            rows: 0,
            at: 0,
        }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Makes room for `rows` more rows, and in each text column for the
    /// bytes `text_bytes` gives for its name, so that a document's rows are
    /// not copied as the columns grow.
    pub fn reserve(&mut self, rows: usize, mut text_bytes: impl FnMut(&str) -> usize) {
        for (cells, column) in self.columns.iter_mut().zip(self.table.columns) {
            match cells {
                Cells::Text(t) => {
                    t.data.reserve(text_bytes(column.name));
                    t.ends.reserve(rows);
                }
                Cells::Int(v) | Cells::Seconds(v) => v.reserve(rows),
                Cells::Float(v) => v.reserve(rows),
                Cells::List { ends, .. } => ends.reserve(rows),
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn columns(&self) -> &[Cells] {
        &self.columns
    }

    /// Roughly the memory the rows take.
    pub fn bytes(&self) -> usize {
        self.columns.iter().map(Cells::bytes).sum()
    }

    fn next(&mut self, what: &str) -> (&mut Cells, Type) {
        let column =
            self.table.columns.get(self.at).unwrap_or_else(|| {
                panic!("{}: a {what} cell past the last column", self.table.name)
            });
        self.at += 1;
        (&mut self.columns[self.at - 1], column.ty)
    }

    fn mismatch(&self, what: &str) -> ! {
        let column = &self.table.columns[self.at - 1];
        panic!(
            "{}.{} is {:?}, not {what}",
            self.table.name, column.name, column.ty
        )
    }

    /// A text (or date) cell; empty is NULL.
    pub fn text(&mut self, s: &str) -> &mut Batch {
        match self.next("text") {
            (Cells::Text(t), _) => t.push(s),
            _ => self.mismatch("text"),
        }
        self
    }

    /// A text cell that may be missing.
    pub fn opt_text(&mut self, s: Option<&str>) -> &mut Batch {
        self.text(s.unwrap_or(""))
    }

    pub fn int(&mut self, n: impl TryInto<i64>) -> &mut Batch {
        let n = n.try_into().ok();
        self.opt_int(n)
    }

    pub fn opt_int(&mut self, n: Option<i64>) -> &mut Batch {
        match self.next("int") {
            (Cells::Int(v), _) => v.push(n),
            _ => self.mismatch("int"),
        }
        self
    }

    /// A number, rounded to the column's decimals.
    pub fn float(&mut self, x: Option<f64>) -> &mut Batch {
        match self.next("float") {
            (Cells::Float(v), Type::Float { decimals }) => {
                let scale = 10f64.powi(i32::from(decimals));
                v.push(
                    x.filter(|x| x.is_finite())
                        .map(|x| (x * scale).round() / scale),
                );
            }
            _ => self.mismatch("float"),
        }
        self
    }

    pub fn seconds(&mut self, ts: Option<Timestamp>) -> &mut Batch {
        self.centis(ts.map(|t| t.centis()))
    }

    /// Seconds given as milliseconds.
    pub fn millis(&mut self, ms: u64) -> &mut Batch {
        self.seconds(Some(Timestamp(ms)))
    }

    /// Seconds given as centiseconds, as the cell holds them.
    pub fn centis(&mut self, c: Option<i64>) -> &mut Batch {
        match self.next("seconds") {
            (Cells::Seconds(v), _) => v.push(c),
            _ => self.mismatch("seconds"),
        }
        self
    }

    pub fn list<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) -> &mut Batch {
        match self.next("list") {
            (Cells::List { items: all, ends }, _) => {
                for item in items {
                    all.push(item);
                }
                ends.push(all.len() as u32);
            }
            _ => self.mismatch("list"),
        }
        self
    }

    /// Ends the row: every column must have had its cell.
    pub fn end(&mut self) {
        assert_eq!(
            self.at,
            self.columns.len(),
            "{}: a row of {} cells, not {}",
            self.table.name,
            self.at,
            self.columns.len()
        );
        self.at = 0;
        self.rows += 1;
    }

    /// Cell `row` of column `column`.
    pub fn cell(&self, column: usize, row: usize) -> Cell<'_> {
        match &self.columns[column] {
            Cells::Text(t) => match t.get(row) {
                "" => Cell::Null,
                s => Cell::Text(s),
            },
            Cells::Int(v) => v[row].map_or(Cell::Null, Cell::Int),
            Cells::Float(v) => v[row].map_or(Cell::Null, Cell::Float),
            Cells::Seconds(v) => v[row].map_or(Cell::Null, Cell::Seconds),
            Cells::List { items, ends } => {
                let start = if row == 0 { 0 } else { ends[row - 1] as usize };
                let end = ends[row] as usize;
                if start == end {
                    Cell::Null
                } else {
                    Cell::List(ListCell {
                        items,
                        range: (start, end),
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::schema::{DIAGNOSTICS, TOPICS};

    #[test]
    fn cells_read_back_as_pushed_and_empty_is_null() {
        let mut b = Batch::new(&TOPICS);
        b.text("a.md")
            .text("Pricing")
            .int(3)
            .millis(2500)
            .millis(1000)
            .seconds(None)
            .text("Ann")
            .list(["Ann", "Bo"])
            .end();
        b.text("a.md")
            .text("")
            .int(0)
            .seconds(None)
            .seconds(None)
            .seconds(None)
            .text("")
            .list([])
            .end();
        assert_eq!(b.rows(), 2);
        assert_eq!(b.cell(1, 0), Cell::Text("Pricing"));
        assert_eq!(b.cell(3, 0), Cell::Seconds(250));
        assert_eq!(b.cell(5, 0), Cell::Null);
        let Cell::List(l) = b.cell(7, 0) else {
            panic!()
        };
        assert_eq!(l.iter().collect::<Vec<_>>(), ["Ann", "Bo"]);
        for c in [1, 3, 4, 5, 6, 7] {
            assert_eq!(b.cell(c, 1), Cell::Null, "column {c}");
        }
        assert_eq!(b.cell(2, 1), Cell::Int(0));
    }

    #[test]
    #[should_panic(expected = "diagnostics.line is Int, not text")]
    fn a_cell_of_the_wrong_type_names_its_column() {
        Batch::new(&DIAGNOSTICS).text("a.md").text("3");
    }

    #[test]
    #[should_panic(expected = "diagnostics: a row of 2 cells, not 5")]
    fn a_short_row_is_a_bug() {
        let mut b = Batch::new(&DIAGNOSTICS);
        b.text("a.md").int(3);
        b.end();
    }
}
