//! A CSV record from a flat row type, appended to a byte buffer.
//!
//! Every table is written from a `#[derive(Serialize)]` row type; this is
//! the serializer that turns one row into one CSV record. It writes what
//! the `csv` crate writes with its defaults (fields quoted only when they
//! hold a comma, a quote, CR or LF; quotes doubled; records ending in LF)
//! straight into the buffer, without the general machinery: rendering rows
//! is a large share of a run, and most fields need no quoting at all.
//!
//! Only what flat rows hold is supported: strings, integers, options,
//! unit enum variants and newtypes over those. Anything else is an error,
//! which a unit test over every row type would show.

use serde::ser::{self, Impossible, Serialize};

/// Appends `row` as one CSV record (with its line end) to `out`.
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, row: &T) {
    row.serialize(&mut Record {
        out: &mut *out,
        fields: 0,
    })
    .expect("flat rows serialize to CSV");
    out.push(b'\n');
}

struct Record<'a> {
    out: &'a mut Vec<u8>,
    /// Fields written so far: every one after the first starts with a comma.
    fields: usize,
}

impl Record<'_> {
    fn start_field(&mut self) {
        if self.fields > 0 {
            self.out.push(b',');
        }
        self.fields += 1;
    }

    fn text(&mut self, s: &str) {
        self.start_field();
        let bytes = s.as_bytes();
        if memchr::memchr3(b',', b'"', b'\n', bytes).is_none()
            && memchr::memchr(b'\r', bytes).is_none()
        {
            self.out.extend_from_slice(bytes);
            return;
        }
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        let mut rest = bytes;
        while let Some(i) = memchr::memchr(b'"', rest) {
            self.out.extend_from_slice(&rest[..=i]);
            self.out.push(b'"');
            rest = &rest[i + 1..];
        }
        self.out.extend_from_slice(rest);
        self.out.push(b'"');
    }

    fn integer(&mut self, n: u64) {
        self.start_field();
        let mut buf = [0u8; 20];
        self.out
            .extend_from_slice(crate::model::decimal(n, &mut buf));
    }
}

#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("a CSV row cannot hold {what}")))
}

impl<'a, 'b> ser::Serializer for &'a mut Record<'b> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.text(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        if v < 0 {
            self.text(&v.to_string());
        } else {
            self.integer(v.unsigned_abs());
        }
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.integer(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // Rows carry numbers formatted as text (`CsvNumber`); a bare float
        // is written as Rust prints it.
        self.text(&v.to_string());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.text(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.start_field();
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.start_field();
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
    ) -> Result<(), Error> {
        self.text(name);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        unsupported("an enum with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        unsupported("a list")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        unsupported("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        unsupported("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        unsupported("an enum with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        unsupported("a map")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        // Only the row itself: a struct inside a field has no place in a
        // flat record.
        if self.fields > 0 {
            return unsupported("a nested struct");
        }
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        unsupported("an enum with data")
    }
}

impl ser::SerializeStruct for &mut Record<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Full,
    }

    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        n: u32,
        big: u64,
        missing: Option<&'a str>,
        present: Option<u32>,
        kind: Kind,
        text: String,
    }

    /// The bytes the csv crate writes for the same row.
    fn by_csv_crate<T: Serialize>(row: &T) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        w.serialize(row).unwrap();
        w.into_inner().unwrap()
    }

    #[test]
    fn writes_what_the_csv_crate_writes() {
        for text in [
            "plain",
            "",
            "a, b",
            "say \"hi\"",
            "line\nbreak",
            "cr\rhere",
            "'=1+2",
            "Zoë — “quoted” ✅",
            "\"",
            " lead and trail ",
            "#hash",
        ] {
            let row = Row {
                id: "Meetings/a b.md",
                n: 0,
                big: 18_446_744_073_709_551_615,
                missing: None,
                present: Some(42),
                kind: Kind::Full,
                text: text.to_string(),
            };
            let mut out = Vec::new();
            write(&mut out, &row);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(by_csv_crate(&row)).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nested_containers_are_refused() {
        #[derive(Serialize)]
        struct Nested {
            list: Vec<u32>,
        }
        let mut out = Vec::new();
        let mut record = Record {
            out: &mut out,
            fields: 0,
        };
        assert!(Nested { list: vec![1] }.serialize(&mut record).is_err());
    }
}
