//! Zoom's chat export: the `chat.txt` beside a cloud recording, the
//! `meeting_saved_chat.txt` the client saves, or the same lines pasted into
//! a note.
//!
//! ```text
//! 00:06:51<TAB>Ann Lee | Acme:<TAB>Shall we wait for the others to join?
//! 00:07:28<TAB>bo (infra):<TAB>Replying to "Shall we wait for th..."
//!
//! two more minutes
//! 00:07:29<TAB>Cy Diaz:<TAB>Reacted to "Shall we wait for th..." with 👍
//! ```
//!
//! # Records
//!
//! A record starts at a line `HH:MM:SS<TAB>Name:<TAB>message`: the time
//! since the recording started, the sender as Zoom shows them (kept as
//! written: `Ann Lee | Acme`, `bo (infra)`), and the message's first
//! line. The sender is everything between the two tabs but the colon
//! before the second, so a colon inside a name stays in it. Zoom ends a
//! record with CRLF but writes the line breaks inside a message as bare LF;
//! the front end cuts lines at both, so every line that does not start a
//! record, blank lines included, belongs to the message before it. That
//! holds even for a line that reads like another sender's
//! (`Ann: can you send…`): only a record line names a sender.
//!
//! # Turns
//!
//! Every record is a chat turn of its own. Messages are not merged, not
//! even consecutive ones by one sender: each is a separate act that others
//! reply and react to. A turn starts at its record's time, which counts
//! from the start of the recording like a transcript's times, and has no
//! end: a message has no duration, and the next message's time says
//! nothing about this one.
//!
//! A message's text is its lines, each trimmed, joined with `\n`; blank
//! lines at its start and end are dropped, those inside it are kept.
//!
//! # Replies and reactions
//!
//! A message whose first line is `Replying to "…"` answers an earlier one:
//! Zoom writes a quote of that message, a blank line, then the answer. The
//! quote is a copy of a message that is a turn of its own, cut to about
//! twenty characters (`"Shall we wait for th..."`), so it is dropped: the
//! turn's text is the answer and its act [`Act::Reply`]. A quote of a
//! message that had line breaks spans lines, so the quote ends at the first
//! line that ends with `"` and is followed by a blank line (or by nothing),
//! or that ends with the cut (`..."`, `…"`): some clients write the
//! answer right after the quote, without the blank line. Failing both, the
//! first line that ends with `"` closes it. A reply with no such line, or
//! with no answer after it, is kept whole, with a warning: nothing says
//! where its answer is.
//!
//! `Reacted to "…" with 😂`, `Reacted to … with "😂"` (another client's
//! way) and `Removed a 👍 reaction from "…"` are reactions
//! ([`Act::Reaction`]) when the emoji is a short word without spaces: they
//! say nothing of their own, but their text is kept as written (quote and
//! emoji), so that no line is lost; what to count of them is for analysis
//! to decide.
//!
//! # What is reported
//!
//! Text before the first record is kept as a turn without sender
//! (`text-before-first-timestamp`). A line that starts `HH:MM:SS<TAB>` but
//! has no `Name:<TAB>` is kept in the message before it
//! (`cue-malformed`); a record whose time is not a clock time (`00:61:00`)
//! is read without a start (`timestamp-malformed`); a record with no text
//! at all makes no turn (`cue-malformed`). A message that starts before the
//! one before it is reported (`timestamp-backwards`).

use crate::formats::timing;
use crate::formats::{Act, Confidence, Ctx, Format, FormatId, Parsed, ParsedTurn, Source, clock};
use crate::model::{Code, Diagnostic, Timestamp, TurnKind};

pub struct ZoomChat;

/// What a line is to the chat format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line<'a> {
    /// `HH:MM:SS<TAB>Name:<TAB>message`.
    Record {
        clock: &'a str,
        name: &'a str,
        first: &'a str,
    },
    /// `HH:MM:SS<TAB>` without the `Name:<TAB>` that makes a record.
    Stamped,
    /// Anything else: a line of the message before it.
    Text,
}

fn classify(line: &str) -> Line<'_> {
    let Some((clock, rest)) = line.split_once('\t') else {
        return Line::Text;
    };
    if !is_hh_mm_ss(clock) {
        return Line::Text;
    }
    let record = rest
        .split_once('\t')
        .and_then(|(name, first)| Some((name.strip_suffix(':')?, first)));
    match record {
        Some((name, first)) => Line::Record { clock, name, first },
        None => Line::Stamped,
    }
}

/// `dd:dd:dd`, as Zoom writes record times (the values are checked later).
fn is_hh_mm_ss(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b.iter().enumerate().all(|(i, c)| match i {
            2 | 5 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

impl Format for ZoomChat {
    fn id(&self) -> FormatId {
        FormatId::ZoomChat
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    /// Sure when the first non-blank line is a record. Otherwise (a title
    /// or stray text before the chat) likely when, among the first 100
    /// non-blank lines, there are at least two records and they are at
    /// least three quarters of the lines that start `HH:MM:SS<TAB>`: the
    /// tab-separated shape is Zoom's and nobody else's. Only likely, not
    /// more, so that a note with a heading and a chat pasted in it stays a
    /// note (the container then asks about the chat's block).
    fn sniff(&self, lines: &[&str]) -> Confidence {
        let mut nonblank = lines.iter().filter(|l| !l.trim().is_empty()).take(100);
        let Some(first) = nonblank.next() else {
            return Confidence::NO;
        };
        if matches!(classify(first), Line::Record { .. }) {
            return Confidence::SURE;
        }
        let (mut records, mut stamped) = (0, 0);
        for l in nonblank {
            match classify(l) {
                Line::Record { .. } => {
                    records += 1;
                    stamped += 1;
                }
                Line::Stamped => stamped += 1,
                Line::Text => {}
            }
        }
        match records {
            0 => Confidence::NO,
            _ if records >= 2 && records * 4 >= stamped * 3 => Confidence::LIKELY,
            _ => Confidence::WEAK,
        }
    }

    fn parse(&self, src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        let mut out = Parsed::default();
        let mut open: Option<Message<'_>> = None;
        for (i, line) in src.lines.iter().enumerate() {
            match classify(line) {
                Line::Record { clock, name, first } => {
                    if let Some(m) = open.take() {
                        m.finish(&src, &mut out);
                    }
                    let start = clock::parse(clock);
                    if start.is_none() {
                        out.diagnostics.push(
                            Diagnostic::warning(
                                Code::TimestampMalformed,
                                format!("chat record time {clock:?} is not a clock time; the message has no start"),
                            )
                            .at(src.line_no(i)),
                        );
                    }
                    open = Some(Message {
                        index: i,
                        start,
                        sender: Some(name.trim()),
                        lines: vec![(i, first)],
                    });
                }
                kind => {
                    if kind == Line::Stamped {
                        out.diagnostics.push(
                            Diagnostic::warning(
                                Code::CueMalformed,
                                "this line starts with a time and a tab but has no `Name:<TAB>`; it is kept in the message before it",
                            )
                            .at(src.line_no(i)),
                        );
                    }
                    match &mut open {
                        Some(m) => m.lines.push((i, line)),
                        None if line.trim().is_empty() => {}
                        None => {
                            out.diagnostics.push(
                                Diagnostic::warning(
                                    Code::TextBeforeFirstTimestamp,
                                    "chat text before the first `HH:MM:SS<TAB>Name:<TAB>` record; kept as a message without sender",
                                )
                                .at(src.line_no(i)),
                            );
                            open = Some(Message {
                                index: i,
                                start: None,
                                sender: None,
                                lines: vec![(i, line)],
                            });
                        }
                    }
                }
            }
        }
        if let Some(m) = open {
            m.finish(&src, &mut out);
        }
        let backwards = timing::backwards(&out.turns);
        out.diagnostics.extend(backwards);
        out
    }
}

/// A record being read: its first line and the lines that follow it.
struct Message<'a> {
    /// Index of the record's line in the source.
    index: usize,
    start: Option<Timestamp>,
    /// `None` for text before the first record.
    sender: Option<&'a str>,
    /// Source index and text of every line, the first line's text being
    /// what follows the sender.
    lines: Vec<(usize, &'a str)>,
}

impl Message<'_> {
    fn finish(self, src: &Source<'_>, out: &mut Parsed) {
        let lines: Vec<(usize, &str)> = self.lines.iter().map(|&(i, l)| (i, l.trim())).collect();
        let body = trim_blank(&lines);
        let Some(&(last, _)) = body.last() else {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::CueMalformed,
                    "a chat message with no text; no turn is made of it",
                )
                .at(src.line_no(self.index)),
            );
            return;
        };
        let texts: Vec<&str> = body.iter().map(|&(_, l)| l).collect();
        let (act, kept) = match act(&texts) {
            Read::Says => (Act::Says, &texts[..]),
            Read::Reaction => (Act::Reaction, &texts[..]),
            Read::Reply(answer) => (Act::Reply, &texts[answer..]),
            Read::ReplyUnclosed(why) => {
                out.diagnostics.push(
                    Diagnostic::warning(
                        Code::CueMalformed,
                        format!("{why}; the whole message is kept"),
                    )
                    .at(src.line_no(self.index)),
                );
                (Act::Reply, &texts[..])
            }
        };
        out.turns.push(ParsedTurn {
            last_line: src.line_no(last),
            start: self.start,
            kind: TurnKind::Chat,
            act,
            ..ParsedTurn::new(
                src.line_no(self.index),
                self.sender.unwrap_or(""),
                kept.join("\n"),
            )
        });
    }
}

/// `lines` without the blank lines at either end.
fn trim_blank<'s, T>(lines: &'s [(T, &str)]) -> &'s [(T, &'s str)] {
    let from = lines
        .iter()
        .position(|(_, l)| !l.is_empty())
        .unwrap_or(lines.len());
    let to = lines
        .iter()
        .rposition(|(_, l)| !l.is_empty())
        .map_or(from, |i| i + 1);
    &lines[from..to]
}

/// What a message does, read from its (trimmed, non-empty) lines.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    Says,
    Reaction,
    /// A reply whose answer starts at this line (after the quote and the
    /// blank lines that follow it).
    Reply(usize),
    /// A reply whose quote cannot be told from its answer, and why.
    ReplyUnclosed(&'static str),
}

const REPLYING: &str = "Replying to \"";

fn act(lines: &[&str]) -> Read {
    let first = lines.first().copied().unwrap_or("");
    let last = lines.last().copied().unwrap_or("");
    if first.starts_with(REPLYING) {
        return reply(lines);
    }
    // `Reacted to "quote" with 😂`, or (other clients) `Reacted to quote
    // with "😂"`.
    let reacted = first.starts_with("Reacted to ")
        && last.rsplit_once(" with ").is_some_and(|(before, emoji)| {
            let quoted = emoji.strip_prefix('"').and_then(|e| e.strip_suffix('"'));
            match quoted {
                Some(e) => is_emoji_word(e),
                None => before.ends_with('"') && is_emoji_word(emoji),
            }
        });
    let removed = first.starts_with("Removed a ")
        && first.contains(" reaction from \"")
        && last.ends_with('"');
    if reacted || removed {
        Read::Reaction
    } else {
        Read::Says
    }
}

/// Where a reply's answer starts: after the line that closes the quote.
/// That is the first line ending with `"` that is followed by a blank
/// line (or nothing), or that ends with Zoom's cut (`..."`, `…"`), which
/// some clients follow with the answer directly; failing both, the first
/// line ending with `"`.
fn reply(lines: &[&str]) -> Read {
    // The opening quote of the first line does not close the quote.
    let closes = |k: usize, l: &str| l.ends_with('"') && (k > 0 || l.len() > REPLYING.len());
    let cut = |l: &str| l.ends_with("...\"") || l.ends_with("…\"");
    let blank_after = |k: usize| lines.get(k + 1).is_none_or(|next| next.is_empty());
    let end = (0..lines.len())
        .find(|&k| closes(k, lines[k]) && (blank_after(k) || cut(lines[k])))
        .or_else(|| (0..lines.len()).find(|&k| closes(k, lines[k])));
    let Some(end) = end else {
        return Read::ReplyUnclosed("a reply whose quoted message does not end with `\"`");
    };
    match (end + 1..lines.len()).find(|&j| !lines[j].is_empty()) {
        Some(j) => Read::Reply(j),
        None => Read::ReplyUnclosed("a reply with a quote and no answer"),
    }
}

/// An emoji as a reaction names it: a short run without white space
/// (a skin tone or a variation selector makes several characters).
fn is_emoji_word(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 8 && !s.chars().any(|c| c.is_whitespace() || c == '"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn parse(text: &str) -> Parsed {
        let lines: Vec<&str> = text.split('\n').collect();
        ZoomChat.parse(Source::new(&lines), &Ctx::new(&NoNames))
    }

    /// Line, last line, start, label, text, act.
    type Row<'a> = (u32, u32, Option<u64>, &'a str, &'a str, Act);

    fn turns(p: &Parsed) -> Vec<Row<'_>> {
        p.turns
            .iter()
            .map(|t| {
                (
                    t.line.0,
                    t.last_line.0,
                    t.start.map(|s| s.millis()),
                    t.label.as_str(),
                    t.text.as_str(),
                    t.act,
                )
            })
            .collect()
    }

    #[test]
    fn records_messages_replies_and_reactions() {
        let p = parse(
            "00:00:05\tAnn Lee:\tgood morning\n\
             00:00:09\tBo | Team:\tReplying to \"good morning\"\n\
             \n\
             morning!\n\
             00:00:10\tdee (ops):\tReacted to \"good morning\" with 👍🏽\n\
             00:00:12\tAnn Lee:\tfirst line\n\
             \n\
             Cy: second line   \n\
             \n",
        );
        assert_eq!(
            turns(&p),
            [
                (1, 1, Some(5000), "Ann Lee", "good morning", Act::Says),
                (2, 4, Some(9000), "Bo | Team", "morning!", Act::Reply),
                (
                    5,
                    5,
                    Some(10_000),
                    "dee (ops)",
                    "Reacted to \"good morning\" with 👍🏽",
                    Act::Reaction
                ),
                (
                    6,
                    8,
                    Some(12_000),
                    "Ann Lee",
                    "first line\n\nCy: second line",
                    Act::Says
                ),
            ]
        );
        assert!(
            p.turns
                .iter()
                .all(|t| t.kind == TurnKind::Chat && t.end.is_none())
        );
        assert_eq!(p.diagnostics, []);
    }

    #[test]
    fn a_quote_over_several_lines_ends_at_the_quote_mark_before_a_blank_line() {
        let p = parse(
            "00:01:00\tAl:\tReplying to \"Yes!!\n(and no...\" \n\n Which one?\n\
             00:01:05\tBo:\tReacted to \"https://a.example/x\n\nhttps://b.example/\" with 🔥",
        );
        assert_eq!(
            turns(&p),
            [
                (1, 4, Some(60_000), "Al", "Which one?", Act::Reply),
                (
                    5,
                    7,
                    Some(65_000),
                    "Bo",
                    "Reacted to \"https://a.example/x\n\nhttps://b.example/\" with 🔥",
                    Act::Reaction
                ),
            ]
        );
    }

    #[test]
    fn a_reply_that_cannot_be_split_is_kept_whole_and_reported() {
        let p = parse("00:01:00\tAl:\tReplying to \"never closed\nstill the quote");
        assert_eq!(
            turns(&p),
            [(
                1,
                2,
                Some(60_000),
                "Al",
                "Replying to \"never closed\nstill the quote",
                Act::Reply
            )]
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(
            p.diagnostics[0].message,
            "a reply whose quoted message does not end with `\"`; the whole message is kept"
        );
        let p = parse("00:01:00\tAl:\tReplying to \"only a quote\"");
        assert_eq!(p.turns[0].text, "Replying to \"only a quote\"");
        assert_eq!(
            p.diagnostics[0].message,
            "a reply with a quote and no answer; the whole message is kept"
        );
    }

    #[test]
    fn bad_records_are_reported_and_their_text_kept() {
        let p = parse(
            "Chat of the call\n\
             00:00:61\tAnn:\thello\n\
             00:00:30\tno colon\there\n\
             00:00:40\tBo:\t\n\
             00:00:20\tCy:\tearly",
        );
        assert_eq!(
            turns(&p),
            [
                (1, 1, None, "", "Chat of the call", Act::Says),
                (
                    2,
                    3,
                    None,
                    "Ann",
                    "hello\n00:00:30\tno colon\there",
                    Act::Says
                ),
                (5, 5, Some(20_000), "Cy", "early", Act::Says),
            ]
        );
        let got: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap().0, d.code))
            .collect();
        assert_eq!(
            got,
            [
                (1, Code::TextBeforeFirstTimestamp),
                (2, Code::TimestampMalformed),
                (3, Code::CueMalformed),
                (4, Code::CueMalformed),
            ]
        );
    }

    #[test]
    fn times_going_backwards_are_reported() {
        let p = parse("00:00:40\tBo:\tlate\n00:00:20\tCy:\tearly");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, Code::TimestampBackwards);
        assert_eq!(p.diagnostics[0].line.unwrap().0, 2);
    }

    #[test]
    fn reply_quotes_cut_with_an_ellipsis_need_no_blank_line() {
        let p = parse("00:01:00\tAl:\tReplying to \"Is the build …\"\nit is green\n\nagain");
        assert_eq!(p.turns[0].text, "it is green\n\nagain");
        assert_eq!((p.turns[0].act, p.diagnostics.len()), (Act::Reply, 0));
        // Neither cut nor blank line: the first closing quote ends it.
        let p = parse("00:01:00\tAl:\tReplying to \"ok\"\nfine");
        assert_eq!((p.turns[0].text.as_str(), p.diagnostics.len()), ("fine", 0));
    }

    #[test]
    fn reactions_with_the_emoji_quoted_are_reactions() {
        let p = parse("00:00:01\tAl:\tReacted to Is the build gre... with \"👍\"");
        assert_eq!(p.turns[0].act, Act::Reaction);
        assert_eq!(
            p.turns[0].text,
            "Reacted to Is the build gre... with \"👍\""
        );
        let p = parse("00:00:01\tAl:\tReacted to it with \"a lot of joy\"");
        assert_eq!(p.turns[0].act, Act::Says);
    }

    #[test]
    fn removed_reactions_are_reactions() {
        let p = parse("00:00:01\tAl:\tRemoved a 🍪 reaction from \"Good morning\"");
        assert_eq!(p.turns[0].act, Act::Reaction);
        assert_eq!(
            p.turns[0].text,
            "Removed a 🍪 reaction from \"Good morning\""
        );
        // Not a reaction: the quote is followed by more than an emoji.
        let p = parse("00:00:01\tAl:\tReacted to \"x\" with a big smile, really");
        assert_eq!(p.turns[0].act, Act::Says);
    }

    #[test]
    fn sniff() {
        let s = |t: &str| ZoomChat.sniff(&t.split('\n').collect::<Vec<_>>());
        assert_eq!(s("\n00:00:01\tAl:\thi"), Confidence::SURE);
        assert_eq!(
            s("Chat\n00:00:01\tAl:\thi\n00:00:02\tBo:\tho"),
            Confidence::LIKELY
        );
        assert_eq!(s("Chat\n00:00:01\tAl:\thi"), Confidence::WEAK);
        assert_eq!(s("00:00:01 Al: hi\n00:00:02 Bo: ho"), Confidence::NO);
        assert_eq!(s(""), Confidence::NO);
    }
}
