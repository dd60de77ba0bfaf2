//! One CSV record, field by field, appended to a byte buffer.
//!
//! The CSV sink writes every table through this: it writes what the `csv`
//! crate writes with its defaults (fields quoted only when they hold a
//! comma, a quote, CR or LF; quotes doubled; records ending in LF) straight
//! into the buffer, without the general machinery: rendering rows is a
//! large share of a run, and most fields need no quoting at all. The tests
//! compare it with the csv crate byte for byte.

/// A record being written: fields are separated as they come.
pub struct Record<'a> {
    out: &'a mut Vec<u8>,
    /// Fields written so far: every one after the first starts with a comma.
    fields: usize,
}

impl<'a> Record<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Record<'a> {
        Record { out, fields: 0 }
    }

    fn start_field(&mut self) {
        if self.fields > 0 {
            self.out.push(b',');
        }
        self.fields += 1;
    }

    /// A text field, quoted if it needs to be.
    pub fn text(&mut self, s: &str) {
        self.start_field();
        quote_into(self.out, s.as_bytes());
    }

    /// A text field made of `prefix` and `s` (the `'` before a cell that
    /// would be a formula), quoted as one.
    pub fn prefixed(&mut self, prefix: &str, s: &str) {
        self.start_field();
        if needs_quotes(s.as_bytes()) || needs_quotes(prefix.as_bytes()) {
            let mut joined = String::with_capacity(prefix.len() + s.len());
            joined.push_str(prefix);
            joined.push_str(s);
            quote_into(self.out, joined.as_bytes());
        } else {
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.extend_from_slice(s.as_bytes());
        }
    }

    /// A field that never needs quotes (a number).
    pub fn plain(&mut self, s: &[u8]) {
        self.start_field();
        self.out.extend_from_slice(s);
    }

    pub fn integer(&mut self, n: i64) {
        if n < 0 {
            self.plain(n.to_string().as_bytes());
        } else {
            let mut buf = [0u8; 20];
            self.plain(crate::model::decimal(n.unsigned_abs(), &mut buf));
        }
    }

    pub fn empty(&mut self) {
        self.start_field();
    }

    /// Ends the record with its line end.
    pub fn end(self) {
        self.out.push(b'\n');
    }
}

/// The bytes that make a field need quotes.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

fn needs_quotes(bytes: &[u8]) -> bool {
    // Most fields are short (names, codes, numbers): one pass with a table
    // costs less there than setting up two vectorised searches.
    if bytes.len() < 32 {
        bytes.iter().any(|&b| SPECIAL[usize::from(b)])
    } else {
        memchr::memchr3(b',', b'"', b'\n', bytes).is_some()
            || memchr::memchr(b'\r', bytes).is_some()
    }
}

fn quote_into(out: &mut Vec<u8>, bytes: &[u8]) {
    if !needs_quotes(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut rest = bytes;
    while let Some(i) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.push(b'"');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes the csv crate writes for the same fields.
    fn by_csv_crate(fields: &[&str]) -> String {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        w.write_record(fields).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    /// Short and long (the two ways `needs_quotes` looks), with each
    /// special byte at the end of a long one.
    const TEXTS: [&str; 16] = [
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
        "a turn long enough to be searched with memchr",
        "a turn long enough to be searched with memchr,",
        "a turn long enough to be searched with memchr\"",
        "a turn long enough to be searched with memchr\n",
        "a turn long enough to be searched with memchr\r",
    ];

    #[test]
    fn writes_what_the_csv_crate_writes() {
        for text in TEXTS {
            let mut out = Vec::new();
            let mut r = Record::new(&mut out);
            r.text("Meetings/a b.md");
            r.integer(0);
            r.integer(-3);
            r.integer(i64::MAX);
            r.empty();
            r.text(text);
            r.prefixed("'", text);
            r.end();
            let prefixed = format!("'{text}");
            let expected = by_csv_crate(&[
                "Meetings/a b.md",
                "0",
                "-3",
                "9223372036854775807",
                "",
                text,
                &prefixed,
            ]);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{text:?}");
        }
    }
}
