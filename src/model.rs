//! The types that carry a document from one stage to the next.
//!
//! Every stage is a function from one of these to another, so the data a
//! stage may look at is visible in its signature. Ids and times are newtypes
//! so that a line number is never mistaken for a turn number and a time is
//! always formatted the same way.

use std::fmt;

/// Identifies an input file: its path relative to the input folder it was
/// found under, with `/` as separator whatever the platform.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub String);

impl DocId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A 1-based line number in the decoded text of a file.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct LineNo(pub u32);

impl LineNo {
    /// Line number of the `index`th (0-based) line.
    pub fn from_index(index: usize) -> LineNo {
        LineNo(u32::try_from(index + 1).unwrap_or(u32::MAX))
    }
}

impl fmt::Display for LineNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A point in a recording, in milliseconds from its start.
///
/// Stored as an integer so that sums and differences are exact; formatted
/// as seconds with two decimals, which is the precision of the house format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl Timestamp {
    pub fn from_hms(hours: u64, minutes: u64, seconds: u64, millis: u64) -> Timestamp {
        Timestamp(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
    }

    pub fn millis(self) -> u64 {
        self.0
    }

    /// Seconds as a float, for JSON output.
    /// Centiseconds, rounded half up: what every table holds.
    pub fn centis(self) -> i64 {
        centis(self.0) as i64
    }

    pub fn seconds_f64(self) -> f64 {
        // Round to centiseconds first so JSON and CSV agree on every value.
        centis(self.0) as f64 / 100.0
    }

    /// Seconds with exactly two decimals, for CSV output (`3.50`, not `3.5`).
    pub fn seconds_string(self) -> String {
        self.write_seconds(&mut [0; 24]).to_string()
    }

    /// [`Timestamp::seconds_string`] written into `buf`, without allocating
    /// (24 bytes hold the largest: 18 digits, a point and two decimals).
    pub fn write_seconds(self, buf: &mut [u8; 24]) -> &str {
        write_centis(centis(self.0), buf)
    }
}

/// `n` in decimal digits, written at the end of `buf` (20 bytes hold any
/// `u64`), without allocating.
pub fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[at..]
}

/// Centiseconds as seconds with exactly two decimals (`350` is `3.50`),
/// written into `buf` without allocating (24 bytes hold the largest: 18
/// digits, a point and two decimals).
pub fn write_centis(c: u64, buf: &mut [u8; 24]) -> &str {
    let mut whole = [0; 20];
    let whole = decimal(c / 100, &mut whole);
    let len = whole.len() + 3;
    buf[..whole.len()].copy_from_slice(whole);
    buf[whole.len()] = b'.';
    buf[len - 2] = b'0' + (c % 100 / 10) as u8;
    buf[len - 1] = b'0' + (c % 10) as u8;
    std::str::from_utf8(&buf[..len]).expect("digits and a point are ASCII")
}

fn centis(millis: u64) -> u64 {
    (millis + 5) / 10
}

/// `n` with a comma between thousands (`1,676,342`), as the summary line,
/// the manifest's messages and the report write counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`): what Parquet's DATE holds and
/// what the report counts weeks with.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number of [`days_from_civil`].
pub fn civil_from_days(n: i64) -> (i64, i64, i64) {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Where the name in a turn's `speaker` came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerSource {
    /// The label in the transcript, as written.
    Label,
    /// The label is an alias in the people dictionary; `speaker` is the canonical name.
    Dictionary,
    /// A placeholder label (`Remote`, `Speaker 1`) resolved from the note.
    Inferred,
    /// A one-word label that shortens a longer label of the same
    /// transcript (`KENNEDY` after `Michael KENNEDY`).
    Shortened,
    /// No name could be given: a placeholder nobody could be matched to, or no label.
    Unresolved,
}

impl SpeakerSource {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerSource::Label => "label",
            SpeakerSource::Dictionary => "dictionary",
            SpeakerSource::Inferred => "inferred",
            SpeakerSource::Shortened => "shortened",
            SpeakerSource::Unresolved => "unresolved",
        }
    }
}

pub fn count_words(text: &str) -> usize {
    // One pass: this runs for every turn of the corpus. ASCII bytes are
    // judged by a table and without branches; other characters are decoded.
    let (mut count, mut in_word, mut has_alnum) = (0, false, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let class = ASCII_CLASS[usize::from(bytes[i])];
        let (space, alnum) = if class != NON_ASCII {
            i += 1;
            (class == SPACE, class == ALNUM)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            char_class(c)
        };
        count += usize::from(space & in_word & has_alnum);
        in_word = !space;
        has_alnum = (has_alnum | alnum) & !space;
    }
    count + usize::from(in_word && has_alnum)
}

/// Whether `c` is white space, and whether it is a letter or digit, as
/// `char` says, with the answers for the common blocks of Latin letters,
/// punctuation and emoji given without the Unicode tables.
pub(crate) fn char_class(c: char) -> (bool, bool) {
    match c {
        '\u{D7}' | '\u{F7}' => (false, false),
        '\u{C0}'..='\u{24F}' => (false, true),
        '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' => {
            (true, false)
        }
        '\u{200B}'..='\u{2027}' | '\u{202A}'..='\u{202E}' | '\u{2030}'..='\u{205E}' => {
            (false, false)
        }
        '\u{1F300}'..='\u{1FAFF}' => (false, false),
        _ => (c.is_whitespace(), c.is_alphanumeric()),
    }
}

const OTHER: u8 = 0;
const ALNUM: u8 = 1;
const SPACE: u8 = 2;
const NON_ASCII: u8 = 3;

/// What each byte is to [`count_words`]: white space as `char::is_whitespace`
/// says for ASCII (tab to carriage return, space), letters and digits, and
/// the bytes of other characters.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' => SPACE,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALNUM,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file could not be processed and is not in the tables.
    Error,
    /// The file was processed, but part of it was not understood.
    Warning,
    /// Worth knowing, nothing wrong (a file skipped by its extension).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What went wrong, as a stable machine-readable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The file could not be read (permissions, vanished, a broken link).
    Unreadable,
    /// The file has NUL bytes or control characters: not text.
    Binary,
    /// The file has no bytes, or only white space.
    Empty,
    /// Some bytes were not valid in the detected encoding and became U+FFFD.
    DecodeReplaced,
    /// The YAML frontmatter could not be parsed.
    FrontmatterInvalid,
    /// The frontmatter opens with `---` but is never closed.
    FrontmatterUnclosed,
    /// The frontmatter has a `date` that is not a `YYYY-MM-DD` date.
    DateInvalid,
    /// A transcript start marker without an end marker, or the reverse.
    TranscriptMarkers,
    /// A line that starts like a timestamp but is not a valid one.
    TimestampMalformed,
    /// A turn starts earlier than the turn before it.
    TimestampBackwards,
    /// Transcript text before the first timestamp.
    TextBeforeFirstTimestamp,
    /// A timestamped line whose speaker label could not be found.
    LabelUnknown,
    /// A placeholder speaker (`Remote`) that could not be resolved to a person.
    SpeakerUnresolved,
    /// Two input files have the same doc_id (same relative path under two inputs).
    DuplicateDocId,
    /// A file whose extension or content says it is a transcript, but in
    /// which no format found any turn; the message says why.
    TranscriptUnrecognised,
    /// A cue or segment that could not be read as its format has it (a
    /// timing line that is not one, a segment without text); its text is
    /// kept in a turn where there is any.
    CueMalformed,
    /// A file a folder walk did not read because of its extension.
    Skipped,
    /// An entry that is not a regular file (a FIFO, a socket, a device):
    /// not opened.
    NotAFile,
    /// A file over the size limit (`--max-file-size`): not read.
    TooLarge,
    /// A second name of a file read under another (a link, two inputs):
    /// the message names the one read.
    AliasOf,
    /// A task line with a field that could not be read (a date that is no
    /// date, an emoji the Tasks plugin does not define before a date, a box
    /// symbol without a meaning, an e-mail address where a handle would
    /// be): the line is an action all the same, that field left empty.
    TaskMalformed,
    /// Control characters that are no text (BEL, ESC, NUL in UTF-16, C1)
    /// were replaced with U+FFFD; the line is the first one's.
    ControlCharacters,
    /// Processing the file hit a bug in saidwhat (a panic); the other files
    /// are not affected. The message says where; please report it.
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "unreadable",
            Code::Binary => "binary",
            Code::Empty => "empty",
            Code::DecodeReplaced => "decode-replaced",
            Code::FrontmatterInvalid => "frontmatter-invalid",
            Code::FrontmatterUnclosed => "frontmatter-unclosed",
            Code::DateInvalid => "date-invalid",
            Code::TranscriptMarkers => "transcript-markers",
            Code::TimestampMalformed => "timestamp-malformed",
            Code::TimestampBackwards => "timestamp-backwards",
            Code::TextBeforeFirstTimestamp => "text-before-first-timestamp",
            Code::LabelUnknown => "label-unknown",
            Code::SpeakerUnresolved => "speaker-unresolved",
            Code::DuplicateDocId => "duplicate-doc-id",
            Code::TranscriptUnrecognised => "transcript-unrecognised",
            Code::CueMalformed => "cue-malformed",
            Code::Skipped => "skipped",
            Code::NotAFile => "not-a-file",
            Code::TooLarge => "too-large",
            Code::AliasOf => "alias-of",
            Code::TaskMalformed => "task-malformed",
            Code::ControlCharacters => "control-characters",
            Code::Internal => "internal",
        }
    }
}

/// Something about one file that the user should know.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub line: Option<LineNo>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: None,
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }

    pub fn info(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: None,
            severity: Severity::Info,
            code,
            message: message.into(),
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: None,
            severity: Severity::Warning,
            code,
            message: message.into(),
        }
    }

    pub fn at(mut self, line: LineNo) -> Diagnostic {
        self.line = Some(line);
        self
    }
}

/// What a document is, for the `kind` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// Has a transcript with at least one turn.
    Transcript,
    /// A note about a person (`type: person` or `type: people` without meeting fields).
    Person,
    /// Anything else: meeting notes without a transcript, other text.
    Note,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Transcript => "transcript",
            DocKind::Person => "person",
            DocKind::Note => "note",
        }
    }
}

/// What a turn is: said aloud, or written in a meeting's chat.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TurnKind {
    #[default]
    Speech,
    Chat,
}

impl TurnKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TurnKind::Speech => "speech",
            TurnKind::Chat => "chat",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_format_with_two_decimals() {
        assert_eq!(
            Timestamp::from_hms(0, 3, 32, 670).seconds_string(),
            "212.67"
        );
        assert_eq!(Timestamp(3500).seconds_string(), "3.50");
        assert_eq!(Timestamp(0).seconds_string(), "0.00");
        // Milliseconds round to the nearest centisecond.
        assert_eq!(Timestamp(1005).seconds_string(), "1.01");
        assert_eq!(Timestamp(1004).seconds_string(), "1.00");
        assert_eq!(Timestamp(123_456_789).seconds_string(), "123456.79");
        assert_eq!(
            Timestamp(u64::MAX - 5).seconds_string(),
            "18446744073709551.61"
        );
        assert_eq!(Timestamp(1005).seconds_f64(), 1.01);
    }

    #[test]
    fn words_ignore_bare_punctuation() {
        assert_eq!(count_words("- Yeah. >> I did"), 3);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("M5 and M4"), 3);
        assert_eq!(count_words("  Zoë\u{a0}said\t— “ok” \n"), 3);
        // The byte-wise count agrees with counting characters, on every
        // string of up to four symbols from an awkward alphabet.
        let reference = |t: &str| {
            t.split(char::is_whitespace)
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        let alphabet = [
            "a", "é", "7", " ", "\u{a0}", "\u{b}", "\u{1c}", "-", "’", "\u{2003}",
        ];
        for c in ('\u{80}'..='\u{2FF}')
            .chain('\u{2000}'..='\u{20FF}')
            .chain('\u{1F000}'..='\u{1FAFF}')
        {
            assert_eq!(
                char_class(c),
                (c.is_whitespace(), c.is_alphanumeric()),
                "{c:?}"
            );
        }
        let n = alphabet.len();
        for code in 0..n.pow(4) {
            let t: String = (0..4).map(|k| alphabet[code / n.pow(k) % n]).collect();
            assert_eq!(count_words(&t), reference(&t), "{t:?}");
        }
    }
}
