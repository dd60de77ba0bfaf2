//! The blocks of a WebVTT file: header, cues, and what is skipped.
//!
//! Follows the W3C parsing algorithm's block structure (a block is a run
//! of non-blank lines; a cue is a block whose first or second line has
//! `-->`), leniently:
//!
//! - The signature is the first non-blank line starting with `WEBVTT`
//!   (leading blank lines, white space and a BOM are allowed; `WEBVTT -
//!   title` and `WEBVTT<TAB>x` give the title). Without it the file is read
//!   from its first line, as many exporters drop the header.
//! - The header is the lines after the signature up to an empty line or
//!   a line shaped like a timing line (then a cue starts there, as in the
//!   W3C algorithm; a `Region: id=x-->` setting stays in the header):
//!   `Language:` gives the language; `Kind:`, `X-TIMESTAMP-MAP=`, YouTube's
//!   `Style:` and anything else are ignored.
//! - A block whose first line has `-->` is a cue with that timing line,
//!   unless its second line has `-->` and the first is not shaped like a
//!   timing line (then the first is the cue's identifier, like `-->`
//!   itself). A block whose second line has `-->` is a cue with an
//!   identifier: any text (numbers, Teams' `e84a…/12-0`, words).
//! - A timing line is `start --> end` and, after the end, cue settings
//!   (`align:start position:0%`, after white space or glued to the end
//!   time as `name:value`), which are ignored; anything else glued to the
//!   end time (`00:00:1d.890`) makes the line unreadable. Times are read by [`clock::parse`]: `[h:]mm:ss.ttt`, hours
//!   past 99, Teams' `0:0:0.570`, no fraction (`00:01:39`), `,` before it.
//!   A timing line that cannot be read is a `cue-malformed` warning and the
//!   cue is kept without times, so its text is not lost.
//! - Blocks are separated by empty lines; a line of white space does not
//!   end a block (YouTube starts cues with a ` ` line), but is skipped
//!   between blocks.
//! - The payload runs to an empty line, or to a line with `-->` shaped like
//!   a timing line (digits, `:`, `.`, `,` before the arrow), which starts
//!   the next cue as in the W3C algorithm. Any other line with `-->` is
//!   payload text.
//! - `NOTE`, `STYLE` and `REGION` blocks are skipped.
//! - Any other block has no timing line. Before the first cue, one whose
//!   every line has `{`, `}`, `;` or `=` is the rest of a style sheet or
//!   old-style `Region:` settings and is skipped with a warning; any other
//!   is text, kept as a cue without times, with a `cue-malformed` warning
//!   (a cue whose timing line was lost).

use crate::formats::webvtt::cuetext::{self, Part, SpanVoice};
use crate::formats::{Source, clock};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

/// A WebVTT file as read: the header's metadata and the cues in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vtt {
    /// Whether the file starts with the `WEBVTT` signature.
    pub signature: bool,
    /// What follows the signature on its line (`WEBVTT - Title`).
    pub title: Option<String>,
    /// The header's `Language:`.
    pub language: Option<String>,
    pub cues: Vec<VttCue>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One cue: its times and its payload lines, markup removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VttCue {
    /// The cue's first line (its identifier, or its timing line).
    pub line: LineNo,
    /// Its last line.
    pub last_line: LineNo,
    /// `None` when the timing line could not be read or is missing.
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub lines: Vec<CueLine>,
}

/// A payload line of a cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueLine {
    pub line: LineNo,
    pub parts: Vec<Part>,
}

impl CueLine {
    /// The line's text, white space collapsed and trimmed.
    pub fn text(&self) -> String {
        normalise(self.parts.iter().map(|p| p.text.as_str()))
    }
}

impl VttCue {
    /// The cue's text as a turn holds it: markup removed, lines joined with
    /// a space, white space collapsed; voices are not in it.
    pub fn text(&self) -> String {
        normalise(
            self.lines
                .iter()
                .flat_map(|l| l.parts.iter().map(|p| p.text.as_str()).chain([" "])),
        )
    }

    /// The names of the voice spans in the cue, in order.
    pub fn voices(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for part in self.lines.iter().flat_map(|l| &l.parts) {
            if let Some(SpanVoice::Named(n)) = &part.voice
                && names.last() != Some(&n.as_str())
            {
                names.push(n);
            }
        }
        names
    }
}

/// Pieces of text joined, runs of white space made one space, trimmed.
pub fn normalise<'a>(pieces: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in pieces.into_iter().flat_map(str::chars) {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Reads the blocks of `src`.
pub fn read(src: Source<'_>) -> Vtt {
    let mut r = Reader {
        src,
        vtt: Vtt::default(),
        seen_cue: false,
    };
    let mut i = r.header();
    while i < src.lines.len() {
        if r.line(i).trim().is_empty() {
            i += 1;
        } else {
            i = r.block(i);
        }
    }
    r.vtt
}

struct Reader<'a> {
    src: Source<'a>,
    vtt: Vtt,
    seen_cue: bool,
}

impl<'a> Reader<'a> {
    /// Line `i`, without a CR left at its end or the BOM before the file.
    fn line(&self, i: usize) -> &'a str {
        let l = self.src.lines[i];
        let l = l.strip_suffix('\r').unwrap_or(l);
        if i == 0 {
            l.strip_prefix('\u{FEFF}').unwrap_or(l)
        } else {
            l
        }
    }

    /// Whether line `i` is only white space, as lines between blocks may be.
    fn blank(&self, i: usize) -> bool {
        self.line(i).trim().is_empty()
    }

    /// Whether line `i` ends a block: an empty line. A line of spaces does
    /// not, as in the W3C algorithm: YouTube writes ` ` as a cue's first
    /// payload line.
    fn ends_block(&self, i: usize) -> bool {
        self.line(i).is_empty()
    }

    /// Reads the signature and header, if any; returns the index of the
    /// first line after them.
    fn header(&mut self) -> usize {
        let n = self.src.lines.len();
        let Some(first) = (0..n).find(|&i| !self.blank(i)) else {
            return n;
        };
        let Some(rest) = self.line(first).trim_start().strip_prefix("WEBVTT") else {
            return 0;
        };
        self.vtt.signature = true;
        if rest.starts_with([' ', '\t']) {
            let title = rest.trim().trim_start_matches(['-', '–', '—', ':']).trim();
            self.vtt.title = (!title.is_empty()).then(|| title.to_string());
        }
        let mut i = first + 1;
        while i < n && !self.ends_block(i) && !timing_shaped(self.line(i)) {
            let setting = self.line(i);
            if let Some((key, value)) = setting.split_once(':')
                && key.trim().eq_ignore_ascii_case("language")
                && !value.trim().is_empty()
            {
                self.vtt.language = Some(value.trim().to_string());
            }
            i += 1;
        }
        i
    }

    /// Reads the block starting at line `i` (not blank); returns the index
    /// of the line after it.
    fn block(&mut self, i: usize) -> usize {
        let n = self.src.lines.len();
        let first = self.line(i);
        let second = (i + 1 < n && !self.ends_block(i + 1)).then(|| self.line(i + 1));
        let second_arrow = second.is_some_and(|l| l.contains("-->"));
        let timing_at = if first.contains("-->") && (timing_shaped(first) || !second_arrow) {
            Some(i)
        } else if second_arrow {
            Some(i + 1)
        } else {
            None
        };
        match timing_at {
            Some(t) => self.cue(i, t),
            None => self.other(i),
        }
    }

    /// The end of a block's text from line `from`: the first empty line,
    /// or line shaped like a timing line.
    fn text_end(&self, from: usize) -> usize {
        (from..self.src.lines.len())
            .find(|&j| self.ends_block(j) || timing_shaped(self.line(j)))
            .unwrap_or(self.src.lines.len())
    }

    fn cue(&mut self, first: usize, timing_line: usize) -> usize {
        let raw = self.line(timing_line);
        let (start, end) = match timing(raw) {
            Some((s, e)) => {
                if e < s {
                    self.warn(
                        timing_line,
                        format!(
                            "the cue ends ({}s) before it starts ({}s); its times are kept as written",
                            e.seconds_string(),
                            s.seconds_string()
                        ),
                    );
                }
                (Some(s), Some(e))
            }
            None => {
                self.warn(
                    timing_line,
                    format!(
                        "cannot read the timing line {:?} (expected `start --> end`, times like 00:01:02.500); the cue's text is kept without times",
                        shorten(raw.trim())
                    ),
                );
                (None, None)
            }
        };
        let end_line = self.text_end(timing_line + 1);
        self.push_cue(first, timing_line + 1..end_line, end_line, start, end);
        self.seen_cue = true;
        end_line
    }

    /// A block without a timing line.
    fn other(&mut self, i: usize) -> usize {
        let end_line = self.text_end(i + 1);
        let first = self.line(i).trim_end();
        let keyword = first == "NOTE"
            || first.starts_with("NOTE ")
            || first.starts_with("NOTE\t")
            || first == "STYLE"
            || first == "REGION";
        if keyword {
            return end_line;
        }
        let settings = (i..end_line).all(|j| self.line(j).contains(['{', '}', ';', '=']));
        if !self.seen_cue && settings {
            self.warn(
                i,
                format!(
                    "a block before the first cue that is not a cue, NOTE, STYLE or REGION block, with style or region settings ({:?}); skipped",
                    shorten(first.trim())
                ),
            );
            return end_line;
        }
        self.warn(
            i,
            "a block without a timing line (`start --> end`); its text is kept as a cue without times",
        );
        self.push_cue(i, i..end_line, end_line, None, None);
        end_line
    }

    /// A cue whose block starts at line `first` and ends before
    /// `end_line`, with its payload in `payload`.
    fn push_cue(
        &mut self,
        first: usize,
        payload: std::ops::Range<usize>,
        end_line: usize,
        start: Option<Timestamp>,
        end: Option<Timestamp>,
    ) {
        let mut voice = None;
        let lines = payload
            .map(|j| CueLine {
                line: self.src.line_no(j),
                parts: cuetext::parts(self.line(j), &mut voice),
            })
            .collect();
        self.vtt.cues.push(VttCue {
            line: self.src.line_no(first),
            last_line: self.src.line_no(end_line.saturating_sub(1).max(first)),
            start,
            end,
            lines,
        });
    }

    fn warn(&mut self, i: usize, message: impl Into<String>) {
        self.vtt
            .diagnostics
            .push(Diagnostic::warning(Code::CueMalformed, message).at(self.src.line_no(i)));
    }
}

/// A line's first 80 characters, for a message.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Whether a line looks like a timing line: before its `-->`, only a time's
/// digits, `:`, `.` and `,` (and white space around them).
pub fn timing_shaped(line: &str) -> bool {
    let Some((before, _)) = line.split_once("-->") else {
        return false;
    };
    let before = before.trim();
    !before.is_empty()
        && before
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b','))
}

/// The start and end of a timing line `start --> end [settings]`.
pub fn timing(line: &str) -> Option<(Timestamp, Timestamp)> {
    let (before, after) = line.split_once("-->")?;
    let start = clock::parse(before.trim())?;
    let after = after.trim_start();
    let len = after
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
        .unwrap_or(after.len());
    let end = clock::parse(&after[..len])?;
    // Settings follow the end after white space, or glued to it as
    // `name:value`; anything else means the end time itself is broken
    // (`00:00:1d.890`).
    let rest = &after[len..];
    let name = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let settings = rest.is_empty()
        || rest.starts_with(char::is_whitespace)
        || (name > 0 && rest.as_bytes().get(name) == Some(&b':'));
    settings.then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(line: &str) -> Option<(u64, u64)> {
        timing(line).map(|(s, e)| (s.millis(), e.millis()))
    }

    #[test]
    fn timing_lines() {
        assert_eq!(ms("00:00:01.000 --> 00:00:02.500"), Some((1000, 2500)));
        assert_eq!(ms("0:0:0.210 --> 0:0:1.130"), Some((210, 1130)));
        assert_eq!(
            ms("00:00:13.213 --> 00:00:14.948 align:start line:74% position:25%"),
            Some((13_213, 14_948))
        );
        assert_eq!(ms("00:00.000 --> 00:01.000line:40%"), Some((0, 1000)));
        assert_eq!(
            ms("00:01:39 --> 00:01:41.04 region:bill"),
            Some((99_000, 101_040))
        );
        assert_eq!(ms("00:00:01,500 --> 00:00:02,000"), Some((1500, 2000)));
        assert_eq!(ms("00:00.000-->00:01.000"), Some((0, 1000)));
        assert_eq!(
            ms("1088:42:00.500 --> 1088:42:07.000"),
            Some((3_919_320_500, 3_919_327_000))
        );
        for bad in [
            "00:00:07.000 --> 00:00:1d.890",
            "00.00.000 --> 00:02.000",
            "00:01.000 ---> 00:02.000",
            "-->",
            "00:00:01.000 -->",
            "00:00:01.000 --> 00:00:02.000x",
        ] {
            assert_eq!(ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn timing_shapes() {
        assert!(timing_shaped("00:00:01.000 --> x"));
        assert!(timing_shaped(" 1:2 -->"));
        assert!(!timing_shaped("-->"));
        assert!(!timing_shaped("so A --> B"));
        assert!(!timing_shaped("00:01.000 ---> 00:02.000"));
    }

    #[test]
    fn white_space_is_collapsed() {
        assert_eq!(normalise(["  a  b ", "c", " ", "d "]), "a b c d");
        assert_eq!(normalise(["a", "b", "\u{a0}c"]), "ab c");
        assert_eq!(normalise([" ", " "]), "");
    }

    fn lines(text: &str) -> Vec<&str> {
        text.split('\n').collect()
    }

    #[test]
    fn blocks_and_line_numbers_count_from_the_file_top() {
        let text = "WEBVTT - A title\nKind: captions\nLanguage: en\n\nNOTE a\nnote\n\nid-1\n00:00:01.000 --> 00:00:02.000\nHello\nthere\n00:00:03.000 --> 00:00:04.000\nNext\n";
        let l = lines(text);
        let vtt = read(Source {
            lines: &l,
            offset: 10,
        });
        assert!(vtt.signature);
        assert_eq!(vtt.title.as_deref(), Some("A title"));
        assert_eq!(vtt.language.as_deref(), Some("en"));
        let got: Vec<_> = vtt
            .cues
            .iter()
            .map(|c| (c.line.0, c.last_line.0, c.start.map(|t| t.0), c.text()))
            .collect();
        assert_eq!(
            got,
            [
                (18, 21, Some(1000), "Hello there".to_string()),
                (22, 23, Some(3000), "Next".to_string())
            ]
        );
        assert!(vtt.diagnostics.is_empty());
    }

    #[test]
    fn unreadable_timing_keeps_the_text() {
        let l = lines("WEBVTT\n\n00:00:0x.000 --> 00:00:01.000\nKept\n\nStray text\n");
        let vtt = read(Source::new(&l));
        let got: Vec<_> = vtt
            .cues
            .iter()
            .map(|c| (c.line.0, c.start, c.text()))
            .collect();
        assert_eq!(
            got,
            [
                (3, None, "Kept".to_string()),
                (6, None, "Stray text".to_string())
            ]
        );
        let d: Vec<_> = vtt
            .diagnostics
            .iter()
            .map(|d| (d.line.map(|l| l.0), d.code))
            .collect();
        assert_eq!(
            d,
            [(Some(3), Code::CueMalformed), (Some(6), Code::CueMalformed)]
        );
    }

    #[test]
    fn style_remnants_before_the_first_cue_are_skipped() {
        let l = lines(
            "WEBVTT\n\nSTYLE\n::cue(d) {\n  color: red;\n\n  background: gray;\n}\n\nRegion: id=a width=40%\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
        );
        let vtt = read(Source::new(&l));
        assert_eq!(vtt.cues.len(), 1);
        let d: Vec<_> = vtt
            .diagnostics
            .iter()
            .map(|d| d.line.map(|l| l.0))
            .collect();
        assert_eq!(d, [Some(7), Some(10)]);
    }

    #[test]
    fn no_signature_and_crs_and_bom() {
        let l = ["\u{FEFF}00:00:01.000 --> 00:00:02.000\r", "Hi\r"];
        let vtt = read(Source::new(&l));
        assert!(!vtt.signature);
        assert_eq!(vtt.cues[0].text(), "Hi");
    }
}
