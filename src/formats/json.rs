//! What the JSON transcript formats (Whisper, Rev.ai, QMSum) share: a
//! cheap look at the head of a text for `sniff`, and a reader that keeps
//! every item of a document's transcript array as a borrowed slice of the
//! input, so that each turn can say the file line it starts on.
//!
//! # Sniffing
//!
//! Detection runs every format's `sniff` on every file of a corpus, so it
//! must not parse. [`head`] gives up at once unless the first non-blank
//! character (after a BOM) is `{`; otherwise it lexes the first
//! [`HEAD_BYTES`] of the text — strings, brackets, colons and commas, no
//! values — and reports the keys of the first top-level object, the first
//! byte of each key's value, and, for an array value, the keys of its first
//! item and whether that item ended within the prefix. A format decides
//! from these which of its keys are there ([`Head::key`]). The lexer is a
//! loop over at most 8 KB with a stack of brackets, so a hostile prefix
//! costs no more than a friendly one. [`tail_contains`] looks for a
//! string in the last [`HEAD_BYTES`], for files whose first key's value
//! fills the whole prefix (Whisper's `text`, the whole transcript, comes
//! before its `segments`).
//!
//! # Reading
//!
//! [`Joined`] is the text the format was given, its lines joined with
//! `\n`, with where each line starts: a byte offset in it is a file line.
//! [`read`] splits the text into top-level JSON values: one object, or
//! several separated by white space (JSON Lines: one object a line, which
//! the formats read as one document whose turns follow each other). Each
//! object's members are kept as borrowed raw values, except the one array
//! the format names (`segments`, `monologues`, `meeting_transcripts`),
//! whose items are kept one by one as they are read: a file cut off inside
//! the array (a write that was interrupted) still gives every item before
//! the cut. A syntax error ends the reading where it is; what came before
//! is kept, and the error is a diagnostic at its line. A value that is not
//! an object, or an object without the format's array, is "JSON of
//! another shape", said in a diagnostic; the formats give no turns for it.
//!
//! The field readers ([`string`], [`seconds`]) say whether a member is
//! missing (absent or `null`), readable, or there but of the wrong type,
//! so that a format can warn about the last and stay silent on the first.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::{ParsedTurn, Source, clock};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

/// How much of a text [`head`] and [`tail_contains`] look at.
pub const HEAD_BYTES: usize = 8 * 1024;

/// What the first bytes of a JSON object say about its shape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// The top-level keys seen, in order, as written (escapes not read).
    pub keys: Vec<Key>,
    /// The prefix ended inside the top-level object: keys after it are not known.
    pub cut: bool,
}

/// A top-level key of a JSON object and the start of its value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    /// The first byte of the value (`[`, `{`, `"`, a digit…), if within the prefix.
    pub value: Option<u8>,
    /// For an array: the first byte of its first item, if within the prefix.
    pub item: Option<u8>,
    /// For an array whose first item is an object: that object's keys.
    pub item_keys: Vec<String>,
    /// For an array: whether its first item ended within the prefix.
    pub item_complete: bool,
}

impl Head {
    /// The top-level key `name`, if the prefix has it.
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
}

impl Key {
    /// Whether the value is an array.
    pub fn is_array(&self) -> bool {
        self.value == Some(b'[')
    }

    /// Whether the array's first item is an object with key `name`.
    pub fn item_has(&self, name: &str) -> bool {
        self.item_keys.iter().any(|k| k == name)
    }
}

/// The head of `lines` if they hold a JSON object: `None` unless the first
/// non-blank character (after a BOM) is `{`, within the first 100 lines.
pub fn head(lines: &[&str]) -> Option<Head> {
    let first = lines.iter().take(100).find(|l| !l.trim().is_empty())?;
    let first = first.trim_start_matches('\u{feff}').trim_start();
    if !first.starts_with('{') {
        return None;
    }
    let mut prefix: Vec<u8> = Vec::with_capacity(HEAD_BYTES);
    for line in lines {
        if prefix.len() >= HEAD_BYTES {
            break;
        }
        if !prefix.is_empty() {
            prefix.push(b'\n');
        }
        let room = HEAD_BYTES.saturating_sub(prefix.len());
        let bytes = line.as_bytes();
        prefix.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
    Some(lex_head(&prefix))
}

/// Lexes the first object of `b` (which may be cut anywhere, even inside
/// a character: keys are whole strings, so they are whole characters).
fn lex_head(b: &[u8]) -> Head {
    let mut head = Head {
        keys: Vec::new(),
        cut: true,
    };
    let mut i = 0;
    if b.starts_with("\u{feff}".as_bytes()) {
        i = 3;
    }
    // The open brackets, outermost first.
    let mut stack: Vec<u8> = Vec::new();
    // In an object, after `{` or `,`: the next string is a key.
    let mut expect_key = false;
    // After a top-level key's `:`: the next token starts its value.
    let mut awaiting_value = false;
    // In a top-level array: how many commas so far (0 while in its first item).
    let mut item_index = 0usize;
    while i < b.len() {
        let c = b[i];
        let depth = stack.len();
        // The first token at depth 2 of a top-level array is its first item.
        let first_item_starts = depth == 2 && stack[1] == b'[' && item_index == 0;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' => {
                let Some(end) = string_end(b, i + 1) else {
                    return head;
                };
                let s = String::from_utf8_lossy(&b[i + 1..end]).into_owned();
                if expect_key {
                    if depth == 1 {
                        head.keys.push(Key {
                            name: s,
                            ..Key::default()
                        });
                    } else if depth == 3
                        && stack[1] == b'['
                        && stack[2] == b'{'
                        && item_index == 0
                        && let Some(k) = head.keys.last_mut()
                    {
                        k.item_keys.push(s);
                    }
                    expect_key = false;
                } else {
                    note_value(&mut head, &mut awaiting_value, first_item_starts, c);
                }
                i = end + 1;
                continue;
            }
            b'{' | b'[' => {
                if depth == 0 && c != b'{' {
                    return head;
                }
                note_value(&mut head, &mut awaiting_value, first_item_starts, c);
                stack.push(c);
                expect_key = c == b'{';
                if stack.len() == 2 {
                    item_index = 0;
                }
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                awaiting_value = false;
                match stack.len() {
                    0 => {
                        head.cut = false;
                        return head;
                    }
                    // The first item of a top-level array, or the array itself, closed.
                    2 if stack[1] == b'[' && item_index == 0 => {
                        if let Some(k) = head.keys.last_mut() {
                            k.item_complete = true;
                        }
                    }
                    1 if c == b']' && item_index == 0 => {
                        if let Some(k) = head.keys.last_mut() {
                            k.item_complete = true;
                        }
                    }
                    _ => {}
                }
            }
            b',' => {
                expect_key = stack.last() == Some(&b'{');
                awaiting_value = false;
                if depth == 2 && stack[1] == b'[' {
                    if item_index == 0
                        && let Some(k) = head.keys.last_mut()
                    {
                        k.item_complete = true;
                    }
                    item_index += 1;
                }
            }
            b':' => awaiting_value = depth == 1,
            _ => note_value(&mut head, &mut awaiting_value, first_item_starts, c),
        }
        i += 1;
    }
    head
}

fn note_value(head: &mut Head, awaiting_value: &mut bool, first_item: bool, c: u8) {
    let Some(k) = head.keys.last_mut() else {
        return;
    };
    if *awaiting_value {
        k.value = Some(c);
        *awaiting_value = false;
    } else if first_item && k.is_array() && k.item.is_none() {
        k.item = Some(c);
    }
}

/// The index of the `"` that closes a string whose text starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Whether the last [`HEAD_BYTES`] of `lines` contain `needle`.
pub fn tail_contains(lines: &[&str], needle: &str) -> bool {
    let mut tail: Vec<&[u8]> = Vec::new();
    let mut len = 0;
    for line in lines.iter().rev() {
        if len >= HEAD_BYTES {
            break;
        }
        let b = line.as_bytes();
        let take = b.len().min(HEAD_BYTES - len);
        tail.push(&b[b.len() - take..]);
        len += take + 1;
    }
    let mut bytes = Vec::with_capacity(len);
    for (i, part) in tail.iter().rev().enumerate() {
        if i > 0 {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(part);
    }
    memchr::memmem::find(&bytes, needle.as_bytes()).is_some()
}

/// The text a JSON format parses: its lines joined with `\n`, and where
/// each starts, so that a byte offset is a file line.
pub struct Joined {
    pub text: String,
    starts: Vec<usize>,
    offset: usize,
}

impl Joined {
    pub fn new(src: Source<'_>) -> Joined {
        let len: usize = src.lines.iter().map(|l| l.len() + 1).sum();
        let mut text = String::with_capacity(len);
        let mut starts = Vec::with_capacity(src.lines.len());
        for (i, line) in src.lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            starts.push(text.len());
            // A BOM is no JSON; decoding strips it from a file, but a
            // block or a forced format may still hold one.
            text.push_str(if i == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            });
        }
        Joined {
            text,
            starts,
            offset: src.offset,
        }
    }

    /// The file line of byte `at` of the text.
    pub fn line_at(&self, at: usize) -> LineNo {
        let index = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        LineNo::from_index(self.offset + index)
    }

    /// Where `s`, a slice of the text, starts in it.
    fn position(&self, s: &str) -> usize {
        (s.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len())
    }

    /// The file lines where a value read from the text starts and ends.
    pub fn lines_of(&self, raw: &RawValue) -> (LineNo, LineNo) {
        let s = raw.get();
        let at = self.position(s);
        (
            self.line_at(at),
            self.line_at(at + s.len().saturating_sub(1)),
        )
    }
}

/// A top-level JSON object of a transcript file.
#[derive(Debug)]
pub struct Object<'a> {
    /// Its members other than the transcript array, in order.
    pub fields: Vec<(String, &'a RawValue)>,
    /// The items of the transcript array, as far as they could be read.
    pub items: Vec<&'a RawValue>,
}

impl<'a> Object<'a> {
    /// The member `name` (the first, if repeated).
    pub fn field(&self, name: &str) -> Option<&'a RawValue> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }
}

/// The objects of a JSON text that have the format's array, and what
/// was wrong with the rest.
#[derive(Debug, Default)]
pub struct Read<'a> {
    pub objects: Vec<Object<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the objects of `doc` that have an array `key`. `format` names the
/// format in diagnostics (`Whisper JSON`).
pub fn read<'a>(doc: &'a Joined, key: &str, format: &str) -> Read<'a> {
    let text = doc.text.as_str();
    let mut out = Read::default();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    loop {
        let at = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(raw)) => {
                let (line, _) = doc.lines_of(raw);
                let s = raw.get();
                match read_object(s, key) {
                    Ok((object, true)) => out.objects.push(object),
                    Ok((object, false)) => out.diagnostics.push(unrecognised(
                        format!(
                            "not {format}: the JSON {} has no \"{key}\" array",
                            shape(&object, line)
                        ),
                        line,
                    )),
                    Err((partial, e)) => {
                        out.objects.extend(partial.filter(|o| !o.items.is_empty()));
                        let line = error_line(doc, doc.position(s), &e);
                        out.diagnostics
                            .push(unrecognised(format!("not {format}: {}", bare(&e)), line));
                    }
                }
            }
            Some(Err(e)) => {
                // Read what is well-formed before the error: the items of
                // an array cut off by the end of the file or by a bad item.
                let rest = text.get(at..).unwrap_or("");
                if let Err((Some(partial), _)) = read_object(rest, key)
                    && !partial.items.is_empty()
                {
                    out.objects.push(partial);
                }
                let line = error_line(doc, 0, &e);
                let what = if e.is_eof() {
                    "the JSON ends too early"
                } else {
                    "invalid JSON"
                };
                let message = format!("{what} ({}); nothing after it is read", bare(&e));
                out.diagnostics.push(if out.objects.is_empty() {
                    unrecognised(format!("not {format}: {message}"), line)
                } else {
                    Diagnostic::warning(Code::CueMalformed, message).at(line)
                });
                break;
            }
        }
    }
    if out.objects.is_empty() && out.diagnostics.is_empty() {
        out.diagnostics.push(Diagnostic::warning(
            Code::TranscriptUnrecognised,
            format!("not {format}: no JSON object in the text"),
        ));
    }
    out
}

fn unrecognised(message: String, line: LineNo) -> Diagnostic {
    Diagnostic::warning(Code::TranscriptUnrecognised, message).at(line)
}

/// What a top-level JSON value is, for a message: `object at line 3 (keys
/// cues, regions)`. A value that is not an object is an error before it
/// gets here.
fn shape(object: &Object<'_>, line: LineNo) -> String {
    let keys: Vec<&str> = object
        .fields
        .iter()
        .take(6)
        .map(|(k, _)| k.as_str())
        .collect();
    if keys.is_empty() {
        format!("object at line {line}")
    } else {
        format!("object at line {line} (keys {})", keys.join(", "))
    }
}

/// The file line of a serde_json error in a part of the text starting at
/// byte `base`.
fn error_line(doc: &Joined, base: usize, e: &serde_json::Error) -> LineNo {
    let LineNo(first) = doc.line_at(base);
    LineNo(first.saturating_add(u32::try_from(e.line().saturating_sub(1)).unwrap_or(u32::MAX)))
}

/// A serde_json error's message without its `at line L column C` (which
/// counts from the start of the part parsed, not of the file).
pub fn bare(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    s.strip_suffix(&suffix).unwrap_or(&s).to_string()
}

type Partial<'a> = (Option<Object<'a>>, serde_json::Error);

/// Reads one object, and whether it has the array `key`. On an error, the
/// object as far as it was read.
fn read_object<'a>(s: &'a str, key: &str) -> Result<(Object<'a>, bool), Partial<'a>> {
    let mut object = None;
    let mut de = serde_json::Deserializer::from_str(s);
    let seed = ObjectSeed {
        key,
        out: &mut object,
    };
    match (seed.deserialize(&mut de), object) {
        (Ok(()), Some(o)) => Ok(o),
        (Ok(()), None) => Err((None, de::Error::custom("no object"))),
        (Err(e), o) => Err((o.map(|(o, _)| o), e)),
    }
}

/// Reads an object into `out` as it goes (so that an error leaves what
/// came before it), noting whether it had the array.
struct ObjectSeed<'k, 'o, 'a> {
    key: &'k str,
    out: &'o mut Option<(Object<'a>, bool)>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a JSON object with a \"{}\" array", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (object, has) = self.out.insert((
            Object {
                fields: Vec::new(),
                items: Vec::new(),
            },
            false,
        ));
        while let Some(k) = map.next_key::<String>()? {
            if k == self.key {
                *has = true;
                map.next_value_seed(ItemsSeed(&mut object.items))?;
            } else {
                let v: &'de RawValue = map.next_value()?;
                object.fields.push((k, v));
            }
        }
        Ok(())
    }
}

/// Reads an array into a vector item by item.
struct ItemsSeed<'o, 'a>(&'o mut Vec<&'a RawValue>);

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            self.0.push(item);
        }
        Ok(())
    }
}

/// A member as a format finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field<T> {
    /// Absent, or `null`.
    Missing,
    Value(T),
    /// There, but not of a type the format reads.
    Invalid,
}

impl<T> Field<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Missing | Field::Invalid => None,
        }
    }
}

/// A member that should be a string.
pub fn string(raw: Option<&RawValue>) -> Field<String> {
    match raw {
        None => Field::Missing,
        Some(r) if r.get() == "null" => Field::Missing,
        Some(r) => serde_json::from_str::<String>(r.get()).map_or(Field::Invalid, Field::Value),
    }
}

/// A member that is a time in seconds: a JSON number (`12.34`) or, as
/// some tools write them, a string holding a number (`"12.34"`) or a clock
/// time (`"00:00:12.340"`). Negative, non-finite or absurd numbers are
/// invalid.
pub fn seconds(raw: Option<&RawValue>) -> Field<Timestamp> {
    let Some(r) = raw else {
        return Field::Missing;
    };
    let s = r.get();
    if s == "null" {
        return Field::Missing;
    }
    let time = match serde_json::from_str::<f64>(s) {
        Ok(n) => clock::from_seconds(n),
        Err(_) => serde_json::from_str::<String>(s).ok().and_then(|t| {
            let t = t.trim();
            t.parse::<f64>()
                .ok()
                .and_then(clock::from_seconds)
                .or_else(|| clock::parse(t))
        }),
    };
    time.map_or(Field::Invalid, Field::Value)
}

/// Why an item that is not read as one of the format's objects cannot be:
/// `it is not an object: 42`, or serde_json's reason (a repeated member).
pub fn unreadable(raw: &RawValue, e: &serde_json::Error) -> String {
    if raw.get().starts_with('{') {
        format!("it cannot be read ({}): {}", bare(e), quote(raw))
    } else {
        format!("it is not an object: {}", quote(raw))
    }
}

/// The turns of every object of `read` (one object a meeting; several in
/// JSON Lines), each object's items made cues by `cue` and merged
/// ([`merge`]) on their own: turns never merge across two meetings.
pub fn turns<'a>(
    read: &Read<'a>,
    diagnostics: &mut Vec<Diagnostic>,
    mut cue: impl FnMut(&'a RawValue, &mut Vec<Diagnostic>) -> Option<Cue>,
) -> Vec<ParsedTurn> {
    let mut turns = Vec::new();
    for object in &read.objects {
        let cues: Vec<Cue> = object
            .items
            .iter()
            .filter_map(|raw| cue(raw, diagnostics))
            .collect();
        turns.extend(merge(cues));
    }
    turns
}

/// The turns of one transcript's cues, as [`cues::merge`] makes them,
/// except that a cue with no text is no turn but ends the turn before it
/// when it is someone else's: the file says they spoke there, so what the
/// speaker before said on either side of it is not one turn.
pub fn merge(items: impl IntoIterator<Item = Cue>) -> Vec<ParsedTurn> {
    let mut turns = Vec::new();
    let mut run: Vec<Cue> = Vec::new();
    for cue in items {
        if !cue.text.is_empty() {
            run.push(cue);
            continue;
        }
        let same = matches!((&cue.voice, run.last()),
            (Voice::Named(n), Some(Cue { voice: Voice::Named(last), .. })) if n == last);
        if !same {
            turns.extend(cues::merge(std::mem::take(&mut run)));
        }
    }
    turns.extend(cues::merge(run));
    turns
}

/// A member's JSON as a message quotes it, shortened.
pub fn quote(raw: &RawValue) -> String {
    let s = raw.get();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(text: &str) -> Option<Head> {
        let lines: Vec<&str> = text.lines().collect();
        head(&lines)
    }

    #[test]
    fn head_lists_top_level_keys_and_first_item_keys() {
        let h = head_of(
            "\u{feff}{\"text\": \"a \\\"b\\\" c\", \"segments\": [\n  {\"id\": 1, \"start\": 0.0, \"nested\": {\"x\": [1]}, \"text\": \" Hi\"},\n  {\"late\": 2}\n], \"language\": \"en\"}",
        )
        .unwrap();
        let names: Vec<&str> = h.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["text", "segments", "language"]);
        assert!(!h.cut);
        let seg = h.key("segments").unwrap();
        assert_eq!((seg.value, seg.item), (Some(b'['), Some(b'{')));
        assert_eq!(seg.item_keys, ["id", "start", "nested", "text"]);
        assert!(seg.item_complete);
        assert_eq!(h.key("text").unwrap().value, Some(b'"'));
        assert_eq!(h.key("language").unwrap().value, Some(b'"'));
    }

    #[test]
    fn head_of_a_cut_prefix_says_so() {
        let long = format!(
            "{{\"segments\": [{{\"start\": 1, \"x\": \"{}",
            "a".repeat(9000)
        );
        let h = head_of(&long).unwrap();
        assert!(h.cut);
        let seg = h.key("segments").unwrap();
        assert_eq!(seg.item_keys, ["start", "x"]);
        assert!(!seg.item_complete);
        // An empty array's first item is complete: there is none.
        let h = head_of("{\"segments\": [], \"language\": \"en\"}").unwrap();
        let seg = h.key("segments").unwrap();
        assert_eq!((seg.item, seg.item_complete), (None, true));
    }

    #[test]
    fn head_is_none_for_what_is_not_an_object() {
        assert_eq!(head_of("[1, 2]"), None);
        assert_eq!(head_of("# {heading}"), None);
        assert_eq!(head_of(""), None);
        // A one-line stray brace is an object with no keys, cut.
        let h = head_of("{").unwrap();
        assert!(h.keys.is_empty() && h.cut);
    }

    #[test]
    fn tail_finds_the_end_of_a_long_last_line() {
        let text = format!(
            "{{\"text\": \"{}\", \"no_speech_prob\": 0.1}}",
            "x".repeat(20_000)
        );
        let lines = [text.as_str()];
        assert!(tail_contains(&lines, "\"no_speech_prob\""));
        assert!(!tail_contains(&lines, "\"text\""));
    }

    #[test]
    fn items_are_read_up_to_a_cut_and_lines_are_file_lines() {
        let lines = [
            "intro",
            "{\"segments\": [",
            "  {\"text\": \"one\"},",
            "  {\"text\":",
            "   \"two\"},",
            "  {\"text\": \"thr",
        ];
        let doc = Joined::new(Source {
            lines: &lines[1..],
            offset: 1,
        });
        let read = read(&doc, "segments", "Whisper JSON");
        assert_eq!(read.objects.len(), 1);
        let items = &read.objects[0].items;
        let got: Vec<_> = items.iter().map(|r| doc.lines_of(r)).collect();
        assert_eq!(got, [(LineNo(3), LineNo(3)), (LineNo(4), LineNo(5))]);
        assert_eq!(read.diagnostics.len(), 1);
        let d = &read.diagnostics[0];
        assert_eq!((d.code, d.line), (Code::CueMalformed, Some(LineNo(6))));
        assert_eq!(
            d.message,
            "the JSON ends too early (EOF while parsing a string); nothing after it is read"
        );
    }

    #[test]
    fn other_shapes_and_bad_json_are_reported() {
        let check = |text: &str, want: &str| {
            let lines: Vec<&str> = text.split('\n').collect();
            let doc = Joined::new(Source::new(&lines));
            let read = read(&doc, "segments", "Whisper JSON");
            assert!(read.objects.is_empty(), "{text}");
            let msgs: Vec<String> = read
                .diagnostics
                .iter()
                .map(|d| {
                    format!(
                        "{:?} {}: {}",
                        d.line.map(|l| l.0),
                        d.code.as_str(),
                        d.message
                    )
                })
                .collect();
            assert_eq!(msgs, [want], "{text}");
        };
        check(
            "{\"cues\": [], \"regions\": []}",
            "Some(1) transcript-unrecognised: not Whisper JSON: the JSON object at line 1 (keys cues, regions) has no \"segments\" array",
        );
        check(
            "[1]",
            "Some(1) transcript-unrecognised: not Whisper JSON: invalid type: sequence, expected a JSON object with a \"segments\" array",
        );
        check(
            "\n{\"segments\": 3}",
            "Some(2) transcript-unrecognised: not Whisper JSON: invalid type: integer `3`, expected an array",
        );
        check(
            "{\"segments\": [\n{\"text\": x}]}",
            "Some(2) transcript-unrecognised: not Whisper JSON: invalid JSON (expected value); nothing after it is read",
        );
        check(
            "  ",
            "None transcript-unrecognised: not Whisper JSON: no JSON object in the text",
        );
    }

    #[test]
    fn json_lines_are_objects_in_order() {
        let lines = ["{\"a\": 1, \"segments\": [1]}", "{\"segments\": [2, 3]}"];
        let doc = Joined::new(Source::new(&lines));
        let read = read(&doc, "segments", "x");
        let items: Vec<Vec<&str>> = read
            .objects
            .iter()
            .map(|o| o.items.iter().map(|r| r.get()).collect())
            .collect();
        assert_eq!(items, [vec!["1"], vec!["2", "3"]]);
        assert_eq!(read.objects[0].field("a").map(|r| r.get()), Some("1"));
        assert!(read.diagnostics.is_empty());
    }

    #[test]
    fn an_empty_cue_of_someone_else_ends_the_turn() {
        let cue = |voice: Voice, text: &str| Cue {
            line: LineNo(1),
            last_line: LineNo(1),
            start: None,
            end: None,
            voice,
            text: text.into(),
        };
        let a = || Voice::Named("A".into());
        let turns = merge([
            cue(a(), "one"),
            cue(a(), ""),
            cue(a(), "two"),
            cue(Voice::Named("B".into()), ""),
            cue(a(), "three"),
            cue(Voice::Anonymous, ""),
            cue(a(), "four"),
        ]);
        let got: Vec<(&str, u32)> = turns.iter().map(|t| (t.text.as_str(), t.cues)).collect();
        assert_eq!(got, [("one two", 2), ("three", 1), ("four", 1)]);
    }

    #[test]
    fn fields_say_missing_value_or_invalid() {
        let raw = |s: &str| serde_json::from_str::<Box<RawValue>>(s).unwrap();
        assert_eq!(string(None), Field::Missing);
        assert_eq!(string(Some(&raw("null"))), Field::Missing);
        assert_eq!(
            string(Some(&raw("\"a\\u00e9\""))),
            Field::Value("aé".into())
        );
        assert_eq!(string(Some(&raw("3"))), Field::Invalid);
        let secs = |s: &str| seconds(Some(&raw(s))).value().map(|t| t.millis());
        assert_eq!(secs("1.2345"), Some(1235));
        assert_eq!(secs("\"2.5\""), Some(2500));
        assert_eq!(secs("\"00:01:02.5\""), Some(62_500));
        assert_eq!(seconds(Some(&raw("-1"))), Field::Invalid);
        assert_eq!(seconds(Some(&raw("\"soon\""))), Field::Invalid);
        assert_eq!(seconds(Some(&raw("null"))), Field::Missing);
    }
}
