//! Cue text: the markup of a cue's payload removed, who speaks kept.
//!
//! A payload line is cut into [`Part`]s, each the text of one voice span
//! (`<v Ann>…</v>`) or of no voice. The markup goes:
//!
//! - `<v Name>` and `<v.class Name>` open a voice span (the name is the
//!   annotation, its white space collapsed); `</v>`, or the next `<v …>`,
//!   closes it. A span may run over several lines of a cue, and Teams,
//!   podcast tools and others leave out the `</v>`: the span then lasts to
//!   the end of the cue. `<v>` without a name is a voice nobody is named
//!   for.
//! - Every other tag is removed and its text kept: `<c>`, `<c.class>`,
//!   `<i>`, `<b>`, `<u>`, `<lang en>`, unknown ones such as `<font …>`, and
//!   `<ruby>`/`<rt>`. The text of `<rt>` is kept too, right after the base
//!   text as the cue writes it: it is the reading of the base text (a
//!   Japanese furigana), so keeping it repeats a word's reading rather than
//!   losing one, and nothing of the cue is dropped.
//! - Inline timestamps (`<00:00:04.799>`, karaoke captions) are removed.
//!
//! A tag is `<`, then a letter, `/` or a digit, up to the next `>` on the
//! same line, with no `<` in between; a timestamp tag must read as a time.
//! Anything else is text: `a < b`, `<3`, a `<` never closed on its line.
//! The W3C algorithm takes `< x>` and an unclosed `<c text` for tags too;
//! writers that do not escape `<` are commoner in real files than tags
//! written that way, so those stay text.
//!
//! Character references (`&amp;`, `&lt;`, `&nbsp;`, `&#8217;`) are decoded
//! after the tags are removed and within each run of text between tags, as
//! the W3C tokenizer does, so `&lt;div&gt;` is the text `<div>`, never a tag.

use crate::formats::{clock, entities};

/// The voice span a part of a cue is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanVoice {
    /// `<v Ann Lee>`: the name as written, white space collapsed.
    Named(String),
    /// `<v>`: a voice without a name.
    Unnamed,
}

/// A run of a payload line's text in one voice span, or in none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// `None` outside any voice span.
    pub voice: Option<SpanVoice>,
    /// The text, markup removed and references decoded, white space as
    /// written.
    pub text: String,
}

/// What a tag does to the text around it.
enum Tag {
    Voice(SpanVoice),
    VoiceEnd,
    /// Any other tag: removed, its text kept.
    Other,
}

/// Cuts one payload line into parts. `voice` is the span open at the start
/// of the line (carried over from the line before in the same cue), and
/// the span open at its end on return.
pub fn parts(line: &str, voice: &mut Option<SpanVoice>) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut text = String::new();
    let mut run_start = 0;
    let mut at = 0;
    while let Some(off) = line[at..].find('<') {
        let lt = at + off;
        let Some((len, tag)) = tag(&line[lt..]) else {
            at = lt + 1;
            continue;
        };
        text.push_str(&entities::decode(&line[run_start..lt]));
        match tag {
            Tag::Voice(v) => {
                flush(&mut parts, voice, &mut text);
                *voice = Some(v);
            }
            Tag::VoiceEnd => {
                flush(&mut parts, voice, &mut text);
                *voice = None;
            }
            Tag::Other => {}
        }
        at = lt + len;
        run_start = at;
    }
    text.push_str(&entities::decode(&line[run_start..]));
    flush(&mut parts, voice, &mut text);
    parts
}

/// Ends the current part: its text goes to the last part when that is in
/// the same voice, else to a new part.
fn flush(parts: &mut Vec<Part>, voice: &Option<SpanVoice>, text: &mut String) {
    if text.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(last) if last.voice == *voice => last.text.push_str(text),
        _ => parts.push(Part {
            voice: voice.clone(),
            text: text.clone(),
        }),
    }
    text.clear();
}

/// The tag at the start of `s` (which starts with `<`) and its length in
/// bytes, or `None` when the `<` is text. Looks no further than the next
/// `<` or `>`, so a line is read in one pass whatever its `<`s.
fn tag(s: &str) -> Option<(usize, Tag)> {
    let close = s[1..].find(['<', '>'])? + 1;
    if s.as_bytes()[close] != b'>' {
        return None;
    }
    let inner = &s[1..close];
    let len = close + 1;
    let first = inner.chars().next()?;
    if let Some(end) = inner.strip_prefix('/') {
        if !end.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name = end.split(['.', ' ', '\t']).next().unwrap_or("");
        let tag = if name == "v" {
            Tag::VoiceEnd
        } else {
            Tag::Other
        };
        return Some((len, tag));
    }
    if first.is_ascii_digit() {
        return clock::parse(inner.trim()).map(|_| (len, Tag::Other));
    }
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let (head, annotation) = match inner.find([' ', '\t']) {
        Some(i) => (&inner[..i], &inner[i..]),
        None => (inner, ""),
    };
    let name = head.split('.').next().unwrap_or("");
    if name != "v" {
        return Some((len, Tag::Other));
    }
    let who = entities::decode(annotation)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let voice = if who.is_empty() {
        SpanVoice::Unnamed
    } else {
        SpanVoice::Named(who)
    };
    Some((len, Tag::Voice(voice)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<(Option<String>, String)> {
        let mut voice = None;
        parts(line, &mut voice)
            .into_iter()
            .map(|p| {
                let v = p.voice.map(|v| match v {
                    SpanVoice::Named(n) => n,
                    SpanVoice::Unnamed => "<unnamed>".into(),
                });
                (v, p.text)
            })
            .collect()
    }

    fn text(line: &str) -> String {
        read(line).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn formatting_tags_go_and_their_text_stays() {
        assert_eq!(
            text("<c.yellow>a</c> <i>b</i> <b>c</b> <u>d</u> <lang en-US>e</lang>"),
            "a b c d e"
        );
        assert_eq!(text("<font color=\"red\">red</font>"), "red");
        assert_eq!(text("<ruby>漢字<rt>かんじ</rt></ruby>"), "漢字かんじ");
    }

    #[test]
    fn inline_timestamps_go() {
        assert_eq!(
            text("the<00:00:04.799><c> first</c><00:00:04.960><c> thing</c>"),
            "the first thing"
        );
        assert_eq!(text("<00:01.000 >x"), "x");
    }

    #[test]
    fn what_is_not_a_tag_stays_text() {
        assert_eq!(text("a < b and c > d"), "a < b and c > d");
        assert_eq!(text("I <3 you>"), "I <3 you>");
        assert_eq!(text("<c never closed"), "<c never closed");
        assert_eq!(text("<< <i>x</i>"), "<< x");
        assert_eq!(text("< 00:01.000>y"), "< 00:01.000>y");
        assert_eq!(text("</ x>"), "</ x>");
    }

    #[test]
    fn references_decode_after_tags_are_removed() {
        assert_eq!(text("&lt;div&gt; &amp; <i>x</i>"), "<div> & x");
        assert_eq!(text("&lt;i&gt;soft&lt;/i&gt;"), "<i>soft</i>");
    }

    #[test]
    fn voices_split_the_line() {
        let ann = || Some("Ann Lee".to_string());
        assert_eq!(
            read("<v.loud  Ann   Lee>Hi.</v> <v Bo>Yo</v> after"),
            [
                (ann(), "Hi.".into()),
                (None, " ".into()),
                (Some("Bo".into()), "Yo".into()),
                (None, " after".into()),
            ]
        );
        assert_eq!(read("<v>x"), [(Some("<unnamed>".into()), "x".into())]);
        assert_eq!(
            read("<v Ann &amp; Bo>x"),
            [(Some("Ann & Bo".into()), "x".into())]
        );
    }

    #[test]
    fn a_voice_without_its_end_tag_lasts_over_lines() {
        let mut voice = None;
        let a = parts("<v Ann>one", &mut voice);
        let b = parts("two</v>", &mut voice);
        assert_eq!(a[0].voice, Some(SpanVoice::Named("Ann".into())));
        assert_eq!(b[0].voice, Some(SpanVoice::Named("Ann".into())));
        assert_eq!(voice, None);
    }
}
