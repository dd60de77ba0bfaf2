//! Whisper and WhisperX JSON: what `whisper`, `whisper-ctranslate2`,
//! `whisper-timestamped` and `whisperx` write with `--output_format json`.
//!
//! ```text
//! {"text": " Hello there. Hi.", "segments": [
//!   {"id": 0, "start": 0.0, "end": 2.5, "text": " Hello there.", "speaker": "SPEAKER_00",
//!    "words": [{"word": " Hello", "start": 0.0, "end": 0.4, "speaker": "SPEAKER_00"}, …]},
//!   …], "language": "en"}
//! ```
//!
//! Each segment is one cue (merged into turns by [`cues::merge`]):
//!
//! - **Text**: the segment's `text`, trimmed (Whisper starts it with a
//!   space). The top-level `text` repeats the segments and is not read,
//!   unless no segment has any text (then it is the one turn, untimed, with
//!   a warning). A segment whose `text` is missing or not a string has its
//!   words' texts instead, with a warning; one with blank text says nothing
//!   and is no turn.
//! - **Times**: `start` and `end` in seconds, kept as they are (a number,
//!   or a string holding a number or a clock time). One that is missing or
//!   unreadable, or an end before the start, is dropped with a
//!   `cue-malformed` warning; the text is kept.
//! - **Speaker**: the segment's `speaker`, as written, when it has one
//!   (whisper-ctranslate2 and WhisperX put it there; WhisperX chose it as
//!   the speaker the diarization overlaps most, so a word at its edge
//!   labelled otherwise does not override it). Otherwise, when its words
//!   carry `speaker` (WhisperX when the segment overlaps no speaker turn,
//!   or other tools), the words decide: a word without a speaker belongs
//!   to the speaker before it (the first ones to the first speaker named).
//!   When they are all one speaker's, that is the segment's speaker; when
//!   the speaker changes, the segment is split at each change, its text cut
//!   at the first word of each new speaker (the words are found, in order,
//!   in the segment's text, so the text stays exactly as the segment has
//!   it), each piece starting at its first timed word and ending at its
//!   last (the first piece at the segment's start, the last at its end).
//!   If a word's text cannot be found in the segment's text, the segment is
//!   not split but given to the speaker of most words (the first of them
//!   in a tie). A segment with no speaker anywhere is anonymous: a turn of
//!   its own.
//! - **Line**: the line where the segment's object starts (a one-line file
//!   puts every turn on line 1); a split piece starts on its first word's
//!   line.
//!
//! The top-level `language` is the document's language. Files that are not
//! an object with `segments` (a diarization's `sentenceMetadata`, a
//! summary's highlights) are not claimed by [`WhisperJson::sniff`]; given
//! one anyway (`--input-format whisper-json`), the parse says why it gives
//! no turns. See [`json`] for how the text is read and sniffed.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::formats::cues::{self, Cue, Voice};
use crate::formats::json::{self, Field, Joined};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source, timing};
use crate::model::{Code, Diagnostic, LineNo, Timestamp};

pub struct WhisperJson;

impl Format for WhisperJson {
    fn id(&self) -> FormatId {
        FormatId::WhisperJson
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }

    /// Sure when the head of the text is an object with a `segments`
    /// array whose first segment has a `text` (or, cut off by the end of
    /// the head, a `start`, `end` or `text`); likely when the array is
    /// empty or its first item is not in the head. An array of segments
    /// without text (a diarization) is no transcript. When the head is all
    /// a top-level `text` (Whisper writes the whole transcript there first),
    /// likely if the end of the file has Whisper's segment keys.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let Some(head) = json::head(lines) else {
            return Confidence::NO;
        };
        if let Some(seg) = head.key("segments").filter(|k| k.is_array()) {
            return match seg.item {
                None => Confidence::LIKELY,
                Some(b'{') if seg.item_has("text") => Confidence::SURE,
                Some(b'{')
                    if !seg.item_complete
                        && ["start", "end", "id", "seek"]
                            .iter()
                            .any(|k| seg.item_has(k)) =>
                {
                    Confidence::LIKELY
                }
                _ => Confidence::NO,
            };
        }
        let only_text = head.cut && head.keys.len() == 1 && head.keys[0].name == "text";
        if only_text
            && [
                "\"no_speech_prob\"",
                "\"avg_logprob\"",
                "\"compression_ratio\"",
            ]
            .iter()
            .any(|k| json::tail_contains(lines, k))
        {
            return Confidence::LIKELY;
        }
        Confidence::NO
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let doc = Joined::new(src);
        let read = json::read(&doc, "segments", "Whisper JSON");
        let mut diagnostics = read.diagnostics;
        let mut turns = Vec::new();
        let mut language = None;
        for object in &read.objects {
            if language.is_none() {
                language = json::string(object.field("language"))
                    .value()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty());
            }
            let mut cues = Vec::new();
            for raw in &object.items {
                segment(raw, &doc, &mut cues, &mut diagnostics);
            }
            if cues.is_empty()
                && let Some(raw) = object.field("text")
                && let Some(text) = json::string(Some(raw)).value()
                && !text.trim().is_empty()
            {
                let (line, last_line) = doc.lines_of(raw);
                diagnostics.push(
                    Diagnostic::warning(
                        Code::CueMalformed,
                        "no segment has text; the file's top-level text is kept as one turn, untimed",
                    )
                    .at(line),
                );
                cues.push(Cue {
                    line,
                    last_line,
                    start: None,
                    end: None,
                    voice: Voice::Anonymous,
                    text: text.trim().to_string(),
                });
            }
            turns.extend(cues::merge(cues));
        }
        diagnostics.extend(timing::backwards(&turns));
        let mut parsed = Parsed {
            turns,
            diagnostics,
            ..Parsed::default()
        };
        parsed.meta.language = language;
        parsed
    }
}

/// The members of a segment that are read, each as written.
#[derive(Deserialize)]
struct SegmentFields<'a> {
    #[serde(borrow)]
    start: Option<&'a RawValue>,
    #[serde(borrow)]
    end: Option<&'a RawValue>,
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    speaker: Option<&'a RawValue>,
    #[serde(borrow)]
    words: Option<&'a RawValue>,
}

/// The members of a word that are read. WhisperX and Whisper call its
/// text `word`, whisper-timestamped `text`.
#[derive(Deserialize)]
struct WordFields<'a> {
    #[serde(borrow)]
    word: Option<&'a RawValue>,
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    start: Option<&'a RawValue>,
    #[serde(borrow)]
    end: Option<&'a RawValue>,
    #[serde(borrow)]
    speaker: Option<&'a RawValue>,
}

/// A word of a segment, as far as speakers and splits need it.
struct Word<'a> {
    raw: &'a RawValue,
    text: String,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    speaker: Option<String>,
}

/// Reads one segment into cues (one, or one per speaker when its words
/// change speaker).
fn segment(raw: &RawValue, doc: &Joined, cues: &mut Vec<Cue>, diagnostics: &mut Vec<Diagnostic>) {
    let (line, last_line) = doc.lines_of(raw);
    let fields = match serde_json::from_str::<SegmentFields>(raw.get()) {
        Ok(f) => f,
        Err(e) => {
            // A bare string is a segment's text without anything else.
            let text = json::string(Some(raw)).value();
            let kept = text.as_deref().map(str::trim).filter(|t| !t.is_empty());
            let message = match kept {
                Some(_) => "a segment that is only a string: kept as an untimed turn".into(),
                None => format!(
                    "a segment that is not as Whisper writes them: {}",
                    json::unreadable(raw, &e)
                ),
            };
            diagnostics.push(Diagnostic::warning(Code::CueMalformed, message).at(line));
            if let Some(t) = kept {
                cues.push(Cue {
                    line,
                    last_line,
                    start: None,
                    end: None,
                    voice: Voice::Anonymous,
                    text: t.to_string(),
                });
            }
            return;
        }
    };
    // What is wrong with the segment, said in one warning.
    let mut problems: Vec<String> = Vec::new();

    let start = time(fields.start, "start", &mut problems);
    let mut end = time(fields.end, "end", &mut problems);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        problems.push(format!(
            "it ends ({}s) before it starts ({}s): its end is dropped",
            e.seconds_string(),
            s.seconds_string()
        ));
        end = None;
    }

    let speaker = match json::string(fields.speaker) {
        Field::Value(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Field::Missing => None,
        Field::Invalid => match fields.speaker.map(RawValue::get) {
            // A number is a label as the file writes it.
            Some(n) if serde_json::from_str::<f64>(n).is_ok() => Some(n.to_string()),
            _ => {
                problems.push(format!(
                    "its speaker is not a string: {}",
                    fields.speaker.map(json::quote).unwrap_or_default()
                ));
                None
            }
        },
    };

    // Words are read only when they may matter: for the speaker when the
    // segment names none, for the text when it has none.
    let text_field = json::string(fields.text);
    let needs_words = speaker.is_none() || !matches!(text_field, Field::Value(_));
    let words = if needs_words {
        words(fields.words)
    } else {
        Vec::new()
    };

    let text = match text_field {
        Field::Value(t) => Some(t),
        missing_or_invalid => {
            let from_words = join_words(&words);
            let what = if missing_or_invalid == Field::Missing {
                "it has no text"
            } else {
                "its text is not a string"
            };
            if from_words.is_empty() {
                problems.push(format!("{what}, nor words: nothing to keep"));
                None
            } else {
                problems.push(format!("{what}: its words' texts are kept instead"));
                Some(from_words)
            }
        }
    };
    if !problems.is_empty() {
        let message = format!(
            "a segment that is not as Whisper writes them: {}",
            problems.join("; ")
        );
        diagnostics.push(Diagnostic::warning(Code::CueMalformed, message).at(line));
    }
    // A blank text says nothing: no turn.
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return;
    };

    let segment = Segment {
        line,
        last_line,
        start,
        end,
        text: &text,
    };
    match speaker {
        Some(s) => cues.push(segment.cue(Voice::Named(s))),
        None => by_words(&segment, &words, doc, cues),
    }
}

/// A segment's parts that its cues are made of.
struct Segment<'t> {
    line: LineNo,
    last_line: LineNo,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    text: &'t str,
}

impl Segment<'_> {
    /// The whole segment as one cue.
    fn cue(&self, voice: Voice) -> Cue {
        Cue {
            line: self.line,
            last_line: self.last_line,
            start: self.start,
            end: self.end,
            voice,
            text: self.text.trim().to_string(),
        }
    }
}

/// Reads a time member, noting what is wrong with it.
fn time(raw: Option<&RawValue>, name: &str, problems: &mut Vec<String>) -> Option<Timestamp> {
    match json::seconds(raw) {
        Field::Value(t) => Some(t),
        Field::Missing => {
            problems.push(format!("it has no {name} time"));
            None
        }
        Field::Invalid => {
            problems.push(format!(
                "its {name} is not a time in seconds: {}",
                raw.map(json::quote).unwrap_or_default()
            ));
            None
        }
    }
}

/// The words of a segment (`words` may be absent, `null`, or not an
/// array: then there are none; a word that is not an object is skipped).
fn words(raw: Option<&RawValue>) -> Vec<Word<'_>> {
    let Some(items) = raw.and_then(|r| serde_json::from_str::<Vec<&RawValue>>(r.get()).ok()) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|raw| {
            let f = serde_json::from_str::<WordFields>(raw.get()).ok()?;
            let text = json::string(f.word)
                .value()
                .or_else(|| json::string(f.text).value())
                .unwrap_or_default();
            Some(Word {
                raw,
                text,
                start: json::seconds(f.start).value(),
                end: json::seconds(f.end).value(),
                speaker: json::string(f.speaker)
                    .value()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            })
        })
        .collect()
}

/// The words' texts as one text: concatenated when they carry their own
/// spaces (Whisper's `" Hello"`), joined by spaces otherwise (WhisperX).
fn join_words(words: &[Word]) -> String {
    let spaced = words.iter().any(|w| w.text.starts_with(' '));
    let mut out = String::new();
    for w in words {
        if spaced {
            out.push_str(&w.text);
        } else if !w.text.trim().is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w.text.trim());
        }
    }
    out.trim().to_string()
}

/// The cues of a segment that names no speaker, by its words' speakers
/// (see the module doc).
fn by_words(segment: &Segment, words: &[Word], doc: &Joined, cues: &mut Vec<Cue>) {
    // Runs of words by speaker: (speaker, index of the run's first word).
    // Words before the first named speaker belong to the first run.
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if let Some(s) = w.speaker.as_deref()
            && runs.last().is_none_or(|(last, _)| *last != s)
        {
            runs.push((s, if runs.is_empty() { 0 } else { i }));
        }
    }
    match runs.len() {
        0 => return cues.push(segment.cue(Voice::Anonymous)),
        1 => return cues.push(segment.cue(Voice::Named(runs[0].0.to_string()))),
        _ => {}
    }

    // Find each word in the text, in order.
    let mut at = Vec::with_capacity(words.len());
    let mut cursor = 0;
    for w in words {
        let t = w.text.trim();
        if t.is_empty() {
            at.push(None);
            continue;
        }
        match segment.text.get(cursor..).and_then(|rest| rest.find(t)) {
            Some(p) => {
                at.push(Some(cursor + p));
                cursor += p + t.len();
            }
            None => {
                let majority = majority(words);
                return cues.push(segment.cue(Voice::Named(majority.to_string())));
            }
        }
    }

    // Each run starts at its first word that is in the text; a run with
    // none holds no text and is dropped, and the runs either side of it
    // then join if they are one speaker's.
    let mut pieces: Vec<(&str, usize, usize)> = Vec::new(); // speaker, first word, cut
    for (k, &(speaker, first)) in runs.iter().enumerate() {
        let next = runs.get(k + 1).map_or(words.len(), |r| r.1);
        let Some((w, cut)) = (first..next).find_map(|w| at[w].map(|p| (w, p))) else {
            continue;
        };
        match pieces.last() {
            Some((last, _, _)) if *last == speaker => {}
            _ => pieces.push((speaker, w, if pieces.is_empty() { 0 } else { cut })),
        }
    }
    if pieces.len() < 2 {
        let speaker = pieces.first().map_or(runs[0].0, |p| p.0);
        return cues.push(segment.cue(Voice::Named(speaker.to_string())));
    }

    for (k, &(speaker, first, cut)) in pieces.iter().enumerate() {
        let (next_word, next_cut) = pieces
            .get(k + 1)
            .map_or((words.len(), segment.text.len()), |p| (p.1, p.2));
        let own = &words[first..next_word];
        let is_first = k == 0;
        let is_last = k + 1 == pieces.len();
        let line = if is_first {
            segment.line
        } else {
            doc.lines_of(words[first].raw).0
        };
        let last_line = match own.last() {
            _ if is_last => segment.last_line,
            Some(w) => doc.lines_of(w.raw).1,
            None => line,
        };
        let start = if is_first {
            segment.start
        } else {
            own.iter().find_map(|w| w.start)
        };
        let end = if is_last {
            segment.end
        } else {
            own.iter().rev().find_map(|w| w.end)
        };
        let text = segment.text.get(cut..next_cut).unwrap_or("").trim();
        cues.push(Cue {
            line,
            last_line,
            start,
            end,
            voice: Voice::Named(speaker.to_string()),
            text: text.to_string(),
        });
    }
}

/// The speaker of most words (the first of them in a tie).
fn majority<'w>(words: &'w [Word]) -> &'w str {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in words.iter().filter_map(|w| w.speaker.as_deref()) {
        match counts.iter_mut().find(|(n, _)| *n == s) {
            Some((_, c)) => *c += 1,
            None => counts.push((s, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (s, c) in counts {
        if best.is_none_or(|(_, b)| c > b) {
            best = Some((s, c));
        }
    }
    best.map_or("", |(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        WhisperJson.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    fn sniff(text: &str) -> Confidence {
        let lines: Vec<&str> = text.split('\n').collect();
        WhisperJson.sniff(&lines)
    }

    /// label, text, start ms, end ms, line, last line
    type Row = (String, String, Option<u64>, Option<u64>, u32, u32);

    fn turns(p: &Parsed) -> Vec<Row> {
        p.turns
            .iter()
            .map(|t| {
                (
                    t.label.clone(),
                    t.text.clone(),
                    t.start.map(|t| t.millis()),
                    t.end.map(|t| t.millis()),
                    t.line.0,
                    t.last_line.0,
                )
            })
            .collect()
    }

    fn t(label: &str, text: &str, s: Option<u64>, e: Option<u64>, line: u32, last: u32) -> Row {
        (label.into(), text.into(), s, e, line, last)
    }

    #[test]
    fn segments_with_and_without_speakers() {
        let p = parse(
            r#"{"text": " A b. C.", "segments": [
{"start": 0.0, "end": 1.5, "text": " A b.", "speaker": "SPEAKER_00"},
{"start": 1.5, "end": 2.0, "text": " more", "speaker": "SPEAKER_00"},
{"start": 2.0, "end": 3.0, "text": " C."},
{"start": 3.0, "end": 4.0, "text": " D."}
], "language": "en"}"#,
        );
        assert_eq!(
            turns(&p),
            [
                t("SPEAKER_00", "A b. more", Some(0), Some(2000), 2, 3),
                t("", "C.", Some(2000), Some(3000), 4, 4),
                t("", "D.", Some(3000), Some(4000), 5, 5),
            ]
        );
        assert_eq!(p.meta.language.as_deref(), Some("en"));
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn a_speaker_change_inside_a_segment_splits_it_at_the_first_word() {
        let p = parse(
            r#"{"segments": [{"start": 1.0, "end": 5.0, "text": " Thanks, Ann. Sure thing.",
 "words": [
  {"word": "Thanks,", "start": 1.0, "end": 1.4, "speaker": "SPEAKER_01"},
  {"word": "Ann."},
  {"word": "Sure", "start": 3.0, "end": 3.2, "speaker": "SPEAKER_02"},
  {"word": "thing.", "start": 3.3, "end": 3.9, "speaker": "SPEAKER_02"}]}]}"#,
        );
        assert_eq!(
            turns(&p),
            [
                t("SPEAKER_01", "Thanks, Ann.", Some(1000), Some(1400), 1, 4),
                t("SPEAKER_02", "Sure thing.", Some(3000), Some(5000), 5, 6),
            ]
        );
    }

    #[test]
    fn words_that_do_not_match_the_text_give_the_segment_to_the_majority() {
        let p = parse(
            r#"{"segments": [{"start": 0, "end": 2, "text": "one two three",
 "words": [{"word": "one", "speaker": "B"}, {"word": "TWO", "speaker": "A"}, {"word": "three", "speaker": "A"}]}]}"#,
        );
        assert_eq!(
            turns(&p),
            [t("A", "one two three", Some(0), Some(2000), 1, 2)]
        );
    }

    #[test]
    fn the_segment_speaker_wins_over_its_words() {
        let p = parse(
            r#"{"segments": [{"start": 0, "end": 2, "text": "Director Geary.", "speaker": "S2",
 "words": [{"word": "Director", "speaker": "S1"}, {"word": "Geary.", "speaker": "S2"}]}]}"#,
        );
        assert_eq!(
            turns(&p),
            [t("S2", "Director Geary.", Some(0), Some(2000), 1, 2)]
        );
    }

    #[test]
    fn bad_times_are_dropped_and_the_text_kept() {
        let p = parse(
            r#"{"segments": [
{"start": "soon", "end": 1.0, "text": "a"},
{"end": 2.0, "text": "b"},
{"start": 5.0, "end": 3.0, "text": "c"},
{"start": 6.0, "end": 7.0, "text": 42},
{"start": 7.0, "end": 8.0, "text": "   "},
"loose words",
{"start": 8.0, "end": 9.0}
]}"#,
        );
        assert_eq!(
            turns(&p),
            [
                t("", "a", None, Some(1000), 2, 2),
                t("", "b", None, Some(2000), 3, 3),
                t("", "c", Some(5000), None, 4, 4),
                t("", "loose words", None, None, 7, 7),
            ]
        );
        let d: Vec<(u32, &str)> = p
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap().0, d.message.as_str()))
            .collect();
        assert_eq!(
            d,
            [
                (
                    2,
                    "a segment that is not as Whisper writes them: its start is not a time in seconds: \"soon\""
                ),
                (
                    3,
                    "a segment that is not as Whisper writes them: it has no start time"
                ),
                (
                    4,
                    "a segment that is not as Whisper writes them: it ends (3.00s) before it starts (5.00s): its end is dropped"
                ),
                (
                    5,
                    "a segment that is not as Whisper writes them: its text is not a string, nor words: nothing to keep"
                ),
                (
                    7,
                    "a segment that is only a string: kept as an untimed turn"
                ),
                (
                    8,
                    "a segment that is not as Whisper writes them: it has no text, nor words: nothing to keep"
                ),
            ]
        );
    }

    #[test]
    fn sniff_claims_whisper_shapes_only() {
        assert_eq!(
            sniff(r#"{"segments": [{"start": 0, "text": "a"}]}"#),
            Confidence::SURE
        );
        assert_eq!(
            sniff(r#"{"segments": [], "language": "en"}"#),
            Confidence::LIKELY
        );
        // A diarization: segments without text.
        assert_eq!(
            sniff(r#"{"segments": [{"start": 0, "end": 1, "speaker": "A"}]}"#),
            Confidence::NO
        );
        assert_eq!(
            sniff(r#"{"version":1,"sentenceMetadata":[["0",6,3.0,9.5]]}"#),
            Confidence::NO
        );
        assert_eq!(
            sniff(r#"{"meeting": "x", "highlights": {}}"#),
            Confidence::NO
        );
        assert_eq!(sniff("segments: [start, text]"), Confidence::NO);
        // Whisper's own layout with a transcript longer than the head.
        let long = format!(
            r#"{{"text": "{}", "segments": [{{"id": 0, "text": "x", "no_speech_prob": 0.1}}], "language": "en"}}"#,
            "word ".repeat(3000)
        );
        assert_eq!(sniff(&long), Confidence::LIKELY);
        let other = format!(r#"{{"text": "{}", "other": 1}}"#, "word ".repeat(3000));
        assert_eq!(sniff(&other), Confidence::NO);
    }

    #[test]
    fn top_level_text_is_kept_when_no_segment_has_any() {
        let p = parse(r#"{"text": " Only here.", "segments": []}"#);
        assert_eq!(turns(&p), [t("", "Only here.", None, None, 1, 1)]);
        assert_eq!(p.diagnostics.len(), 1);
    }
}
