//! Rev.ai JSON: the transcript the Rev.ai API returns.
//!
//! ```text
//! {"monologues": [
//!   {"speaker": 0, "elements": [
//!     {"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9, "confidence": 1},
//!     {"type": "punct", "value": " "}, {"type": "text", "value": "there", …},
//!     {"type": "punct", "value": "."}]},
//!   {"speaker": 1, "speaker_name": "Ann", "elements": […]}]}
//! ```
//!
//! Each monologue is one cue (consecutive monologues of one speaker merge
//! into a turn):
//!
//! - **Text**: the elements' `value`s concatenated, as Rev writes them:
//!   spaces are `punct` elements of their own. Where two `text` elements
//!   follow each other with no space between them (a writer that dropped
//!   the spaces), one is put in, so that two words never become one. The
//!   text is trimmed. A monologue without any text is no turn (warned),
//!   but ends the turn before it when it is someone else's
//!   ([`json::merge`]).
//! - **Speaker**: `speaker_name` when there is one (Rev's name for the
//!   speaker); otherwise the number in `speaker` as `Speaker N`, the
//!   placeholder form speaker resolution knows (`Speaker 0`). A `speaker`
//!   string that is not a number is the label as written; a monologue with
//!   neither is anonymous.
//! - **Times**: the first element's `ts` to the last element's `end_ts`
//!   (only `text` elements have them). Times that are there but not
//!   numbers are warned about and skipped; a monologue with none is
//!   untimed.
//! - **Line**: where the monologue's object starts.
//!
//! See [`crate::formats::json`] for how the text is read and sniffed.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::formats::cues::{Cue, Voice};
use crate::formats::json::{self, Field, Joined};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source, timing};
use crate::model::{Code, Diagnostic, Timestamp};

pub struct RevJson;

impl Format for RevJson {
    fn id(&self) -> FormatId {
        FormatId::RevJson
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }

    /// Sure when the head of the text is an object with a `monologues`
    /// array whose first item has `elements` or `speaker`; likely when the
    /// array is empty or its first item is beyond the head.
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let Some(head) = json::head(lines) else {
            return Confidence::NO;
        };
        match head.key("monologues").filter(|k| k.is_array()) {
            None => Confidence::NO,
            Some(m) => match m.item {
                None => Confidence::LIKELY,
                Some(b'{') if m.item_has("elements") || m.item_has("speaker") => Confidence::SURE,
                Some(b'{') if !m.item_complete && m.item_keys.is_empty() => Confidence::LIKELY,
                _ => Confidence::NO,
            },
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let doc = Joined::new(src);
        let mut read = json::read(&doc, "monologues", "Rev.ai JSON");
        let mut diagnostics = std::mem::take(&mut read.diagnostics);
        let turns = json::turns(&read, &mut diagnostics, |raw, d| monologue(raw, &doc, d));
        diagnostics.extend(timing::backwards(&turns));
        Parsed {
            turns,
            diagnostics,
            ..Parsed::default()
        }
    }
}

#[derive(Deserialize)]
struct MonologueFields<'a> {
    #[serde(borrow)]
    speaker: Option<&'a RawValue>,
    #[serde(borrow)]
    speaker_name: Option<&'a RawValue>,
    #[serde(borrow)]
    elements: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ElementFields<'a> {
    #[serde(borrow, rename = "type")]
    kind: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    #[serde(borrow)]
    ts: Option<&'a RawValue>,
    #[serde(borrow)]
    end_ts: Option<&'a RawValue>,
}

/// A monologue as a cue (its text empty when it has none, with a
/// warning), or `None` when it cannot be read at all.
fn monologue(raw: &RawValue, doc: &Joined, diagnostics: &mut Vec<Diagnostic>) -> Option<Cue> {
    let (line, last_line) = doc.lines_of(raw);
    let mut problems: Vec<String> = Vec::new();
    let fields = match serde_json::from_str::<MonologueFields>(raw.get()) {
        Ok(f) => f,
        Err(e) => {
            let message = format!(
                "a monologue that is not as Rev.ai writes them: {}",
                json::unreadable(raw, &e)
            );
            diagnostics.push(Diagnostic::warning(Code::CueMalformed, message).at(line));
            return None;
        }
    };

    let voice = match (json::string(fields.speaker_name), fields.speaker) {
        (Field::Value(name), _) if !name.trim().is_empty() => Voice::Named(name.trim().to_string()),
        (_, None) => Voice::Anonymous,
        (_, Some(s)) => match (serde_json::from_str::<u64>(s.get()), json::string(Some(s))) {
            (Ok(n), _) => Voice::Named(format!("Speaker {n}")),
            (_, Field::Value(t))
                if !t.trim().is_empty() && t.trim().bytes().all(|b| b.is_ascii_digit()) =>
            {
                Voice::Named(format!("Speaker {}", t.trim()))
            }
            (_, Field::Value(t)) if !t.trim().is_empty() => Voice::Named(t.trim().to_string()),
            (_, Field::Value(_) | Field::Missing) => Voice::Anonymous,
            (_, Field::Invalid) => {
                problems.push(format!(
                    "its speaker is not a number or a name: {}",
                    json::quote(s)
                ));
                Voice::Anonymous
            }
        },
    };

    let elements: Vec<&RawValue> = match fields.elements {
        None => Vec::new(),
        Some(r) => serde_json::from_str(r.get()).unwrap_or_else(|_| {
            problems.push(format!("its elements are not an array: {}", json::quote(r)));
            Vec::new()
        }),
    };
    let mut text = String::new();
    let mut start: Option<Timestamp> = None;
    let mut end: Option<Timestamp> = None;
    let mut last_was_text = false;
    let mut bad_times = 0;
    let mut bad_elements = 0;
    for element in elements {
        let Ok(e) = serde_json::from_str::<ElementFields>(element.get()) else {
            bad_elements += 1;
            continue;
        };
        let is_text = json::string(e.kind).value().as_deref() == Some("text");
        let value = match json::string(e.value) {
            Field::Value(v) => v,
            Field::Missing => String::new(),
            Field::Invalid => {
                bad_elements += 1;
                String::new()
            }
        };
        if is_text
            && last_was_text
            && !value.starts_with(char::is_whitespace)
            && !text.ends_with(char::is_whitespace)
        {
            text.push(' ');
        }
        text.push_str(&value);
        if !value.is_empty() {
            last_was_text = is_text;
        }
        for (raw, slot, first) in [(e.ts, &mut start, true), (e.end_ts, &mut end, false)] {
            match json::seconds(raw) {
                Field::Value(t) if first => *slot = slot.or(Some(t)),
                Field::Value(t) => *slot = Some(t),
                Field::Missing => {}
                Field::Invalid => bad_times += 1,
            }
        }
    }
    if bad_elements > 0 {
        problems.push(format!("{bad_elements} of its elements cannot be read"));
    }
    if bad_times > 0 {
        problems.push(format!("{bad_times} of its times are not times in seconds"));
    }
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
    let text = text.trim();
    if text.is_empty() {
        problems.push("it has no text: no turn".into());
    }
    if !problems.is_empty() {
        let message = format!(
            "a monologue that is not as Rev.ai writes them: {}",
            problems.join("; ")
        );
        diagnostics.push(Diagnostic::warning(Code::CueMalformed, message).at(line));
    }
    Some(Cue {
        line,
        last_line,
        start,
        end,
        voice,
        text: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        RevJson.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    fn sniff(text: &str) -> Confidence {
        let lines: Vec<&str> = text.split('\n').collect();
        RevJson.sniff(&lines)
    }

    /// label, text, start ms, end ms, line, cues
    type Row<'a> = (&'a str, &'a str, Option<u64>, Option<u64>, u32, u32);

    fn turns(p: &Parsed) -> Vec<Row<'_>> {
        p.turns
            .iter()
            .map(|t| {
                (
                    t.label.as_str(),
                    t.text.as_str(),
                    t.start.map(|t| t.millis()),
                    t.end.map(|t| t.millis()),
                    t.line.0,
                    t.cues,
                )
            })
            .collect()
    }

    #[test]
    fn monologues_become_turns_labelled_by_speaker_number_or_name() {
        let p = parse(
            r#"{"monologues": [
{"speaker": 0, "elements": [{"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9},
  {"type": "punct", "value": " "}, {"type": "text", "value": "there", "ts": 1.0, "end_ts": 1.3},
  {"type": "punct", "value": "."}]},
{"speaker": 0, "elements": [{"type": "text", "value": "Again", "ts": 2.0, "end_ts": 2.4}]},
{"speaker": 1, "speaker_name": "Ann Lee", "elements": [{"type": "text", "value": "Hi", "ts": 3.0, "end_ts": 3.2},
  {"type": "text", "value": "all", "ts": 3.3, "end_ts": 3.5}]},
{"speaker": "2", "elements": [{"type": "text", "value": "Yes"}]},
{"elements": [{"type": "text", "value": "Who?"}]}
]}"#,
        );
        assert_eq!(
            turns(&p),
            [
                (
                    "Speaker 0",
                    "Hello there. Again",
                    Some(500),
                    Some(2400),
                    2,
                    2
                ),
                ("Ann Lee", "Hi all", Some(3000), Some(3500), 6, 1),
                ("Speaker 2", "Yes", None, None, 8, 1),
                ("", "Who?", None, None, 9, 1),
            ]
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn bad_monologues_are_reported_and_their_text_kept() {
        let p = parse(
            r#"{"monologues": [
{"speaker": 0, "elements": [{"type": "text", "value": "Late", "ts": "x", "end_ts": 1.0}, 7]},
{"speaker": 1, "elements": []},
{"speaker": [1], "elements": [{"type": "text", "value": "Odd"}]}
]}"#,
        );
        assert_eq!(
            turns(&p),
            [
                ("Speaker 0", "Late", None, Some(1000), 2, 1),
                ("", "Odd", None, None, 4, 1)
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
                    "a monologue that is not as Rev.ai writes them: 1 of its elements cannot be read; 1 of its times are not times in seconds"
                ),
                (
                    3,
                    "a monologue that is not as Rev.ai writes them: it has no text: no turn"
                ),
                (
                    4,
                    "a monologue that is not as Rev.ai writes them: its speaker is not a number or a name: [1]"
                ),
            ]
        );
    }

    #[test]
    fn sniff_claims_monologues_only() {
        assert_eq!(
            sniff(r#"{"monologues":[{"speaker":0,"elements":[]}]}"#),
            Confidence::SURE
        );
        assert_eq!(sniff(r#"{"monologues":[]}"#), Confidence::LIKELY);
        assert_eq!(sniff(r#"{"monologues":[{"x":1}]}"#), Confidence::NO);
        assert_eq!(sniff(r#"{"segments":[{"text":"a"}]}"#), Confidence::NO);
        assert_eq!(sniff("monologues"), Confidence::NO);
    }
}
