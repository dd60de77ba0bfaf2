//! Meeting-corpus JSON, as QMSum has it: one meeting an object, its
//! transcript an array of untimed utterances.
//!
//! ```text
//! {"topic_list": [{"topic": "…", "relevant_text_span": [["0", "19"]]}],
//!  "general_query_list": […], "specific_query_list": […],
//!  "meeting_transcripts": [
//!    {"speaker": "Project Manager", "content": "{vocalsound} Are we {disfmarker} we're not …"},
//!    …]}
//! ```
//!
//! - Each utterance is one cue: `speaker` as written, `content` trimmed and
//!   otherwise as written — the corpus's annotations (`{vocalsound}`,
//!   `{disfmarker}`, `{gap}`) and its spaces before punctuation stay, since
//!   telling noise from speech is analysis's job. Consecutive utterances of
//!   one speaker merge into a turn. Nothing is timed.
//! - An utterance with empty content is no turn, but it still ends the
//!   turn before it when it is someone else's ([`json::merge`]): the
//!   corpus kept that they spoke there, so the utterances either side of
//!   it are not one turn.
//! - An utterance without a speaker is anonymous (a turn of its own); one
//!   whose members are not strings is warned about, its text kept when it
//!   has one.
//! - The queries, answers and topics are the corpus's annotations of the
//!   meeting, not part of it: not read.
//! - **JSON Lines** (`test.jsonl`: one meeting object a line) is one
//!   document: every meeting's turns, in file order, each meeting's after
//!   the one before (turns never merge across two meetings). The line of a
//!   turn is where its utterance's object starts.
//!
//! See [`crate::formats::json`] for how the text is read and sniffed.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::formats::cues::{Cue, Voice};
use crate::formats::json::{self, Field, Joined};
use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};
use crate::model::{Code, Diagnostic};

pub struct Qmsum;

impl Format for Qmsum {
    fn id(&self) -> FormatId {
        FormatId::Qmsum
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json", "jsonl"]
    }

    /// Sure when the head of the text (of its first line, for JSON Lines)
    /// is an object with a `meeting_transcripts` array whose first item
    /// has `speaker` or `content`, or a `topic_list` whose first topic has
    /// QMSum's `relevant_text_span`; likely with a `meeting_transcripts`
    /// array whose first item is beyond the head, or a `topic_list` whose
    /// object goes on beyond it (QMSum writes the queries and topics first:
    /// the transcript may start after 8 KB).
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let Some(head) = json::head(lines) else {
            return Confidence::NO;
        };
        if let Some(m) = head.key("meeting_transcripts").filter(|k| k.is_array()) {
            return match m.item {
                None => Confidence::LIKELY,
                Some(b'{') if m.item_has("speaker") || m.item_has("content") => Confidence::SURE,
                Some(b'{') if !m.item_complete && m.item_keys.is_empty() => Confidence::LIKELY,
                _ => Confidence::NO,
            };
        }
        match head.key("topic_list").filter(|k| k.is_array()) {
            Some(t) if t.item_has("relevant_text_span") => Confidence::SURE,
            Some(_) if head.cut => Confidence::LIKELY,
            _ => Confidence::NO,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let doc = Joined::new(src);
        let mut read = json::read(&doc, "meeting_transcripts", "QMSum JSON");
        let mut diagnostics = std::mem::take(&mut read.diagnostics);
        let turns = json::turns(&read, &mut diagnostics, |raw, d| utterance(raw, &doc, d));
        Parsed {
            turns,
            diagnostics,
            ..Parsed::default()
        }
    }
}

#[derive(Deserialize)]
struct UtteranceFields<'a> {
    #[serde(borrow)]
    speaker: Option<&'a RawValue>,
    #[serde(borrow)]
    content: Option<&'a RawValue>,
}

/// An utterance as an untimed cue (its text empty when it has no
/// content), or `None` when it cannot be read at all.
fn utterance(raw: &RawValue, doc: &Joined, diagnostics: &mut Vec<Diagnostic>) -> Option<Cue> {
    let (line, last_line) = doc.lines_of(raw);
    let mut warn = |message: String| {
        let message = format!("an utterance that is not as QMSum writes them: {message}");
        diagnostics.push(Diagnostic::warning(Code::CueMalformed, message).at(line));
    };
    let fields = match serde_json::from_str::<UtteranceFields>(raw.get()) {
        Ok(f) => f,
        Err(e) => {
            warn(json::unreadable(raw, &e));
            return None;
        }
    };
    let voice = match json::string(fields.speaker) {
        Field::Value(s) if !s.trim().is_empty() => Voice::Named(s.trim().to_string()),
        Field::Value(_) | Field::Missing => Voice::Anonymous,
        Field::Invalid => {
            warn(format!(
                "its speaker is not a string: {}",
                fields.speaker.map(json::quote).unwrap_or_default()
            ));
            Voice::Anonymous
        }
    };
    let text = match json::string(fields.content) {
        Field::Value(t) => t.trim().to_string(),
        Field::Missing => String::new(),
        Field::Invalid => {
            warn(format!(
                "its content is not a string: {}",
                fields.content.map(json::quote).unwrap_or_default()
            ));
            String::new()
        }
    };
    Some(Cue {
        line,
        last_line,
        start: None,
        end: None,
        voice,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        Qmsum.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    fn sniff(text: &str) -> Confidence {
        let lines: Vec<&str> = text.split('\n').collect();
        Qmsum.sniff(&lines)
    }

    fn turns(p: &Parsed) -> Vec<(&str, &str, u32, u32)> {
        p.turns
            .iter()
            .map(|t| (t.label.as_str(), t.text.as_str(), t.line.0, t.cues))
            .collect()
    }

    #[test]
    fn utterances_merge_by_speaker_but_not_across_someone_elses_empty_one() {
        let p = parse(
            r#"{"topic_list": [], "meeting_transcripts": [
{"speaker": "PM", "content": "{vocalsound} Are we {disfmarker} ready ?"},
{"speaker": "PM", "content": "Good ."},
{"speaker": "UI", "content": ""},
{"speaker": "PM", "content": "So ."},
{"speaker": "PM", "content": ""},
{"speaker": "PM", "content": "On ."},
{"content": "Who ?"},
{"speaker": 3, "content": "Odd ."},
{"speaker": "UI", "content": ["x"]},
"junk"
]}"#,
        );
        assert_eq!(
            turns(&p),
            [
                (
                    "PM",
                    "{vocalsound} Are we {disfmarker} ready ? Good .",
                    2,
                    2
                ),
                ("PM", "So . On .", 5, 2),
                ("", "Who ?", 8, 1),
                ("", "Odd .", 9, 1),
            ]
        );
        assert!(p.turns.iter().all(|t| t.start.is_none() && t.end.is_none()));
        let d: Vec<(u32, &str)> = p
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap().0, d.message.as_str()))
            .collect();
        assert_eq!(
            d,
            [
                (
                    9,
                    "an utterance that is not as QMSum writes them: its speaker is not a string: 3"
                ),
                (
                    10,
                    "an utterance that is not as QMSum writes them: its content is not a string: [\"x\"]"
                ),
                (
                    11,
                    "an utterance that is not as QMSum writes them: it is not an object: \"junk\""
                ),
            ]
        );
    }

    #[test]
    fn json_lines_meetings_follow_each_other_without_merging() {
        let p = parse(
            "{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": \"one\"}]}\n{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": \"two\"}]}\n",
        );
        assert_eq!(turns(&p), [("A", "one", 1, 1), ("A", "two", 2, 1)]);
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn sniff_claims_qmsum_shapes_only() {
        assert_eq!(
            sniff(r#"{"meeting_transcripts": [{"speaker": "A", "content": "x"}]}"#),
            Confidence::SURE
        );
        assert_eq!(
            sniff(
                r#"{"topic_list": [{"topic": "t", "relevant_text_span": [["1", "2"]]}], "general_query_list": []"#
            ),
            Confidence::SURE
        );
        assert_eq!(
            sniff(r#"{"topic_list": [{"topic": "t"}], "x": 1}"#),
            Confidence::NO
        );
        assert_eq!(
            sniff(r#"{"topic_list": [{"topic": "t"}], "x": "#),
            Confidence::LIKELY
        );
        assert_eq!(sniff(r#"{"speaker": "A", "content": "x"}"#), Confidence::NO);
        assert_eq!(sniff(r#"{"meeting_transcripts": "none"}"#), Confidence::NO);
    }
}
