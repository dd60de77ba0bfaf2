//! The house format: one turn per line, `[HH:MM:SS.ss]  LabelText`, the
//! speaker label glued to the text.
//!
//! ```text
//! [00:03:32.67]  Jason ValleryJeff. Hi, how are you?
//! [00:03:51.04]   RemoteI'm in a Salt Lake hotel room.
//! [00:08:19.83]  Jason Valleryso uh okay
//! ```
//!
//! A timestamped line starts a turn; any other non-blank line continues the
//! turn before it, so no text is dropped. A line that starts like a
//! timestamp but is not a valid one is reported and kept, whole, in the
//! turn before it. Splitting the label from the text is the job of
//! [`labels`].

pub mod labels;

use crate::formats::house::labels::Labels;
use crate::formats::timing::ends_from_next_starts;
use crate::formats::{Confidence, Ctx, Format, FormatId, Names, Parsed, ParsedTurn, Source};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

/// What the start of a line says about a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp<'a> {
    /// A valid timestamp and the rest of the line after it.
    Valid(Timestamp, &'a str),
    /// Looks like a timestamp (`[1:` …) but is not a valid one.
    Malformed,
    /// No timestamp.
    None,
}

/// Whether a line starts like a timestamp: `[`, maybe `-`, one to nine
/// digits, `:`. Wider than a valid stamp (one to three digits, no sign) so
/// that `[-00:00:01.00]` and `[1234:00:00.00]` are told as malformed
/// stamps, not taken silently as text continuing the turn before.
pub fn is_stamp_like(line: &str) -> bool {
    starts_like_stamp(line.trim_start().as_bytes())
}

fn starts_like_stamp(b: &[u8]) -> bool {
    if b.first() != Some(&b'[') {
        return false;
    }
    let from = 1 + usize::from(b.get(1) == Some(&b'-'));
    let digits = b[from.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (1..=9).contains(&digits) && b.get(from + digits) == Some(&b':')
}

/// Parses `[H:MM:SS]`, `[H:MM:SS.f]` (one to three decimals, `.` or `,`)
/// or `[MM:SS(.f)]` at the start of a line. Minutes and seconds must be
/// below 60.
///
/// Every line of a transcript is read here, so the stamp is read in one
/// pass over its bytes (a valid one is all ASCII): up to three fields of
/// digits separated by `:`, then the fraction after the first `.` or `,`,
/// up to the first `]`. Any other byte before that `]`, or no `]` at all,
/// makes the stamp malformed.
pub fn parse_stamp(line: &str) -> Stamp<'_> {
    let t = line.trim_start();
    let b = t.as_bytes();
    if !starts_like_stamp(b) {
        return Stamp::None;
    }
    // `[`, one to three fields of digits separated by `:`, a fraction
    // after `.` or `,`, then `]`; the fields' lengths are checked after.
    let mut i = 1;
    let mut fields = [(0, 0); 3];
    let mut n = 0;
    loop {
        fields[n] = digits(b, &mut i);
        n += 1;
        if n < 3 && b.get(i) == Some(&b':') {
            i += 1;
        } else {
            break;
        }
    }
    let frac = match b.get(i) {
        Some(b'.' | b',') => {
            i += 1;
            Some(digits(b, &mut i))
        }
        _ => None,
    };
    if b.get(i) != Some(&b']') {
        return Stamp::Malformed;
    }
    let close = i;
    let (h, m, sec) = match (n, fields) {
        (3, [(h, 1..=3), (m, 2), (s, 2)]) => (h, m, s),
        (2, [(m, 1..=3), (s, 2), _]) => (0, m, s),
        _ => return Stamp::Malformed,
    };
    if sec >= 60 || (n == 3 && m >= 60) {
        return Stamp::Malformed;
    }
    let millis = match frac {
        None => 0,
        Some((v, places @ 1..=3)) => v * 10u64.pow(3 - places as u32),
        Some(_) => return Stamp::Malformed,
    };
    Stamp::Valid(Timestamp::from_hms(h, m, sec, millis), &t[close + 1..])
}

/// The digits of `b` from `*i` on, moving `*i` past them: their value (of
/// the first three only; more make no valid field) and how many there are.
fn digits(b: &[u8], i: &mut usize) -> (u64, usize) {
    let start = *i;
    let mut value = 0;
    while let Some(&d) = b.get(*i)
        && d.is_ascii_digit()
    {
        if *i - start < 3 {
            value = value * 10 + u64::from(d - b'0');
        }
        *i += 1;
    }
    (value, *i - start)
}

/// The house format, as a [`Format`]: a block of a note whose lines are
/// mostly timestamped.
pub struct House;

impl Format for House {
    fn id(&self) -> FormatId {
        FormatId::House
    }

    /// Likely when at least half of the non-blank lines start with a
    /// timestamp, as the note container requires of a fenced block.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let (mut stamped, mut nonblank) = (0, 0);
        for l in lines {
            stamped += usize::from(is_stamp_like(l));
            nonblank += usize::from(!l.trim().is_empty());
        }
        match stamped {
            0 => Confidence::NO,
            _ if stamped * 2 >= nonblank => Confidence(60),
            _ => Confidence::WEAK,
        }
    }

    fn parse(&self, src: Source<'_>, ctx: &Ctx<'_>) -> Parsed {
        let mut house = segment(src.lines, src.offset, ctx.participants, ctx.names);
        let timing = ends_from_next_starts(&mut house.turns);
        house.diagnostics.extend(timing);
        Parsed {
            turns: house.turns,
            diagnostics: house.diagnostics,
            ..Parsed::default()
        }
    }
}

/// Turns read from the lines of a house-format transcript.
#[derive(Debug, Default)]
pub struct Segmented {
    pub turns: Vec<ParsedTurn>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Segments `lines` (the transcript block; `offset` is the index of its
/// first line in the file). `known` are names the note says took part,
/// `names` the dictionary's: both help split glued labels.
pub fn segment(lines: &[&str], offset: usize, known: &[String], names: &dyn Names) -> Segmented {
    let stamps: Vec<Stamp> = lines.iter().map(|l| parse_stamp(l)).collect();
    let rests: Vec<&str> = stamps
        .iter()
        .filter_map(|s| match s {
            Stamp::Valid(_, rest) => Some(*rest),
            _ => None,
        })
        .collect();
    let labels = Labels::learn(&rests, known, names);

    let mut out = Segmented {
        turns: Vec::with_capacity(rests.len()),
        ..Segmented::default()
    };
    for (k, (line, stamp)) in lines.iter().zip(stamps).enumerate() {
        let lineno = LineNo::from_index(offset + k);
        // Only a line without a stamp can be blank.
        if matches!(stamp, Stamp::None) && line.trim().is_empty() {
            continue;
        }
        match stamp {
            Stamp::Valid(ts, rest) => {
                let (label, text) = match labels.split(rest) {
                    Some(split) => split,
                    None => {
                        out.diagnostics.push(
                            Diagnostic::warning(
                                Code::LabelUnknown,
                                "no speaker label found at the start of this timestamped line; the turn has no speaker",
                            )
                            .at(lineno),
                        );
                        ("", rest.trim_start())
                    }
                };
                out.turns.push(ParsedTurn {
                    start: Some(ts),
                    ..ParsedTurn::new(lineno, label, strip_markers(text).trim_end())
                });
            }
            Stamp::Malformed => {
                out.diagnostics.push(
                    Diagnostic::warning(
                        Code::TimestampMalformed,
                        format!(
                            "malformed timestamp {:?}; the line is kept in the turn before it",
                            line.trim().split(']').next().unwrap_or("").to_string() + "]"
                        ),
                    )
                    .at(lineno),
                );
                continue_turn(&mut out, line.trim(), lineno);
            }
            Stamp::None => continue_turn(&mut out, line.trim(), lineno),
        }
    }
    out
}

/// Appends a line to the last turn, or opens an untimed turn for text
/// that comes before the first timestamp.
fn continue_turn(out: &mut Segmented, text: &str, lineno: LineNo) {
    if out.turns.is_empty() {
        out.diagnostics.push(
            Diagnostic::warning(
                Code::TextBeforeFirstTimestamp,
                "transcript text before the first timestamp; kept as an untimed turn without speaker",
            )
            .at(lineno),
        );
        out.turns.push(ParsedTurn::new(lineno, "", ""));
    }
    let last = out.turns.last_mut().expect("a turn exists");
    if !last.text.is_empty() {
        last.text.push('\n');
    }
    last.text.push_str(text);
    last.last_line = lineno;
}

/// Removes the dialogue markers that captioners put before speech: `- `
/// (a new speaker in subtitles) and `>> ` (a speaker change in broadcast
/// captions), repeatedly.
pub fn strip_markers(text: &str) -> &str {
    let mut t = text.trim_start();
    loop {
        let rest = if let Some(r) = t.strip_prefix("- ") {
            r
        } else if let Some(r) = t.strip_prefix(">>") {
            if r.is_empty() || r.starts_with(char::is_whitespace) {
                r
            } else {
                return t;
            }
        } else if t == "-" {
            ""
        } else {
            return t;
        };
        t = rest.trim_start();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    #[test]
    fn valid_stamps() {
        let ts = |l| match parse_stamp(l) {
            Stamp::Valid(t, rest) => Some((t.millis(), rest)),
            _ => None,
        };
        assert_eq!(ts("[00:03:32.67]  Jason"), Some((212_670, "  Jason")));
        assert_eq!(ts("[1:02:03]x"), Some((3_723_000, "x")));
        assert_eq!(ts("[01:02:03,5]x"), Some((3_723_500, "x")));
        assert_eq!(ts("[12:34.123]x"), Some((754_123, "x")));
        assert_eq!(ts("  [00:00:00.00]"), Some((0, "")));
    }

    #[test]
    fn malformed_stamps() {
        for l in [
            "[00:61:00.00]  Ann",
            "[00:00:60.00]  Ann",
            "[00:0l:12.00]  Ann",
            "[00:03:32.6x]  Ann",
            "[00:03:32.67  Ann",
            "[00:3:32.67]  Ann",
            "[00:03:32.6789]  Ann",
            // Told, not taken as text (a regression).
            "[-00:00:01.00]  Ann",
            "[-1:00]  Ann",
            "[1234:00:00.00]  Ann",
            "[123456789:00]  Ann",
        ] {
            assert_eq!(parse_stamp(l), Stamp::Malformed, "{l}");
        }
        assert_eq!(parse_stamp("[[Ann]] said"), Stamp::None);
        assert_eq!(parse_stamp("text [00:00:01.00]"), Stamp::None);
    }

    #[test]
    fn markers_are_stripped() {
        assert_eq!(strip_markers("- Yeah."), "Yeah.");
        assert_eq!(strip_markers(">> I did"), "I did");
        assert_eq!(strip_markers("- >> both"), "both");
        assert_eq!(strip_markers(">>x"), ">>x");
        assert_eq!(strip_markers("-- you should"), "-- you should");
        assert_eq!(strip_markers("-"), "");
    }

    fn seg(text: &str) -> Segmented {
        let lines: Vec<&str> = text.lines().collect();
        segment(&lines, 10, &[], &NoNames)
    }

    #[test]
    fn continuation_lines_and_malformed_stamps_stay_in_the_previous_turn() {
        let h = seg(
            "[00:00:01.00]  Ann LeeHello\nsecond line\n\n[00:0x:02.00]  Ann Leebroken\n[00:00:03.00]  Bo ChenBye\n",
        );
        assert_eq!(h.turns.len(), 2);
        assert_eq!(
            h.turns[0].text,
            "Hello\nsecond line\n[00:0x:02.00]  Ann Leebroken"
        );
        assert_eq!(
            (h.turns[0].line, h.turns[0].last_line),
            (LineNo(11), LineNo(14))
        );
        assert_eq!(h.turns[1].label, "Bo Chen");
        assert_eq!(h.diagnostics.len(), 1);
        assert_eq!(h.diagnostics[0].code, Code::TimestampMalformed);
        assert_eq!(h.diagnostics[0].line, Some(LineNo(14)));
    }

    #[test]
    fn text_before_the_first_stamp_is_an_untimed_turn() {
        let h = seg("preamble\n[00:00:01.00]  AnnHi\n");
        assert_eq!(h.turns.len(), 2);
        assert_eq!(
            (h.turns[0].start, h.turns[0].text.as_str()),
            (None, "preamble")
        );
        assert_eq!(h.diagnostics[0].code, Code::TextBeforeFirstTimestamp);
    }

    /// The stamp reader as it was before it read bytes: string searches
    /// and `str::parse`.
    fn parse_stamp_reference(line: &str) -> Stamp<'_> {
        if !is_stamp_like(line) {
            return Stamp::None;
        }
        let t = line.trim_start();
        let Some(close) = t.find(']') else {
            return Stamp::Malformed;
        };
        let s = &t[1..close];
        let (clock, frac) = match s.find(['.', ',']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let mut split = clock.split(':');
        let parts: [Option<&str>; 4] = std::array::from_fn(|_| split.next());
        let number = |p: &str, max_len: usize| -> Option<u64> {
            (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let clock = || -> Option<Timestamp> {
            let (h, m, sec) = match parts {
                [Some(h), Some(m), Some(s), None] if m.len() == 2 && s.len() == 2 => {
                    (number(h, 3)?, number(m, 2)?, number(s, 2)?)
                }
                [Some(m), Some(s), None, None] if s.len() == 2 => (0, number(m, 3)?, number(s, 2)?),
                _ => return None,
            };
            if sec >= 60 || (parts[2].is_some() && m >= 60) {
                return None;
            }
            let millis = match frac {
                None => 0,
                Some(f) => number(f, 3)? * 10u64.pow(3 - f.len() as u32),
            };
            Some(Timestamp::from_hms(h, m, sec, millis))
        };
        match clock() {
            Some(ts) => Stamp::Valid(ts, &t[close + 1..]),
            None => Stamp::Malformed,
        }
    }

    proptest::proptest! {
        #[test]
        fn stamps_read_as_bytes_read_as_the_reference(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "[", "]", "0", "1", "5", "9", "00", "59", "60", "123", ":", ":", ".", ",", " ",
                "\u{a0}", "x", "é", "+", "-",
            ][..]), 0..14),
        ) {
            let line: String = parts.concat();
            proptest::prop_assert_eq!(parse_stamp(&line), parse_stamp_reference(&line));
            let stamped = format!("[{line}");
            proptest::prop_assert_eq!(parse_stamp(&stamped), parse_stamp_reference(&stamped));
        }

        #[test]
        fn clocks_read_as_bytes_read_as_the_reference(
            line in r"\s{0,2}\[[0-9]{1,4}:[0-9]{1,3}(:[0-9]{1,3})?([.,][0-9x]{0,4})?\]?.{0,4}",
        ) {
            proptest::prop_assert_eq!(parse_stamp(&line), parse_stamp_reference(&line));
        }
    }

    #[test]
    fn crlf_lines() {
        let text = "[00:00:01.00]  Ann LeeHi\r\n[00:00:02.00]  Bo ChenYo\r\n";
        let lines: Vec<&str> = text.lines().collect();
        let h = segment(&lines, 0, &[], &NoNames);
        assert_eq!(h.turns[0].text, "Hi");
        assert_eq!(h.turns[1].text, "Yo");
    }
}
