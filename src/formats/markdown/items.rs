//! Action items and decisions: the lines of a note that say who must do
//! what, and what was agreed.
//!
//! Meeting notes are mostly these lists, written in a few conventions,
//! and all of them are read exactly, from the note's own text (outside its
//! transcripts and outside fenced code blocks, where a ```` ```tasks ````
//! query lists tasks without being one):
//!
//! - **Task lines**: a list item with a box, `- [ ] text` (also numbered,
//!   indented, or in a `>` callout). The box is the status (`[ ]` open,
//!   `[x]` done, `[-]` cancelled, `[/]` in progress). The fields of the
//!   Obsidian Tasks plugin are read as the plugin reads them, from the end
//!   of the line backwards until something is not a field: priority
//!   emoji, dates after their emoji, `🔁` recurrence, tags (`#task` is the
//!   plugin's marker and is dropped; other tags stay in the text), and the
//!   `@Name` handles that name the owner. Dataview's inline fields
//!   (`[due:: 2025-11-14]`) count wherever they are.
//! - **Zoom's next steps**: `- [Name: text](https://tasks.zoom.us/…)`.
//! - **Bullets under a heading**: of action items, next steps or to-dos
//!   (actions without a box), of decisions, follow-ups or open questions
//!   (statements; a nested bullet or an indented line belongs to the
//!   bullet above it). A task line is an action under any heading.
//!
//! What cannot be read is never dropped: a date that is no date, an emoji
//! the plugin does not define before a date, a box symbol without a
//! meaning, an `@` that is an e-mail address leave their field empty with
//! a `task-malformed` warning, and the line is an item all the same.
//!
//! Owners stay labels here, as written (`Jeff`, `JuergenWillis`,
//! `Myself`): formats know names, not people, and which person a label is
//! is decided with the dictionary in [`crate::analysis::actions`].

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{closes_fence, fence_marker, frontmatter::unlink, heading};
use crate::formats::Names;
use crate::model::{Code, Diagnostic, LineNo};

/// One action item or statement of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Its line in the file.
    pub line: LineNo,
    /// Its last line (a statement may go on over indented lines).
    pub last_line: LineNo,
    /// The heading it is under.
    pub section: Option<String>,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Task(Box<Task>),
    Statement { kind: StatementKind, text: String },
}

/// What a bullet under a heading of decisions, follow-ups or questions is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementKind {
    Decision,
    FollowUp,
    OpenQuestion,
}

impl StatementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Decision => "decision",
            StatementKind::FollowUp => "follow-up",
            StatementKind::OpenQuestion => "open-question",
        }
    }
}

/// Which convention an action item is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TaskSource {
    /// A task line with a field or the `#task` tag of the Tasks plugin.
    ObsidianTask,
    /// A task line without any.
    Checklist,
    /// A Zoom summary's next step, `[Name: text](https://…zoom.us/…)`.
    ZoomNextSteps,
    /// A bullet without a box under a heading of action items.
    List,
}

impl TaskSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskSource::ObsidianTask => "obsidian-task",
            TaskSource::Checklist => "checklist",
            TaskSource::ZoomNextSteps => "zoom-next-steps",
            TaskSource::List => "list",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }
}

/// The Tasks plugin's priorities; a task without one is normal.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Priority {
    Highest,
    High,
    Medium,
    Low,
    Lowest,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Highest => "highest",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
            Priority::Lowest => "lowest",
        }
    }

    fn from_emoji(c: char) -> Option<Priority> {
        Some(match c {
            '🔺' => Priority::Highest,
            '⏫' => Priority::High,
            '🔼' => Priority::Medium,
            '🔽' => Priority::Low,
            '⏬' => Priority::Lowest,
            _ => return None,
        })
    }

    fn from_name(name: &str) -> Option<Priority> {
        [
            Priority::Highest,
            Priority::High,
            Priority::Medium,
            Priority::Low,
            Priority::Lowest,
        ]
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(name))
    }
}

/// A task's dates, each `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dates {
    pub due: Option<String>,
    pub scheduled: Option<String>,
    pub start: Option<String>,
    pub created: Option<String>,
    pub done: Option<String>,
    pub cancelled: Option<String>,
}

/// Which date a field gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateField {
    Due,
    Scheduled,
    Start,
    Created,
    Done,
    Cancelled,
}

impl DateField {
    /// The Tasks plugin's emoji (and the variants it also reads).
    fn from_emoji(c: char) -> Option<DateField> {
        Some(match c {
            '📅' | '📆' | '🗓' => DateField::Due,
            '⏳' | '⌛' => DateField::Scheduled,
            '🛫' => DateField::Start,
            '➕' => DateField::Created,
            '✅' => DateField::Done,
            '❌' => DateField::Cancelled,
            _ => return None,
        })
    }

    /// Dataview's inline field names (`[due:: 2025-11-14]`).
    fn from_name(name: &str) -> Option<DateField> {
        Some(match name {
            "due" => DateField::Due,
            "scheduled" => DateField::Scheduled,
            "start" => DateField::Start,
            "created" => DateField::Created,
            "completion" | "done" => DateField::Done,
            "cancelled" => DateField::Cancelled,
            _ => return None,
        })
    }

    fn slot(self, dates: &mut Dates) -> &mut Option<String> {
        match self {
            DateField::Due => &mut dates.due,
            DateField::Scheduled => &mut dates.scheduled,
            DateField::Start => &mut dates.start,
            DateField::Created => &mut dates.created,
            DateField::Done => &mut dates.done,
            DateField::Cancelled => &mut dates.cancelled,
        }
    }
}

/// An owner as the line names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// As written, without the `@`.
    pub label: String,
    pub how: OwnerHow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerHow {
    /// `@Name`.
    Handle,
    /// `@Myself` or `@me`: whoever keeps the notes.
    Myself,
    /// The name before the colon of a Zoom next step.
    NextSteps,
}

/// `Name: text` at the start of an item: the name may be its owner, which
/// only the dictionary or the note's participants can tell (`Note: …` is
/// no one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefix {
    pub label: String,
    /// The text after it.
    pub rest: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub source: TaskSource,
    /// `None` for a box whose symbol means nothing here (with a warning).
    pub status: Option<Status>,
    /// Without the box, fields, `#task` tag and trailing handle; links
    /// shown as their text, bold marks removed.
    pub text: String,
    pub prefix: Option<Prefix>,
    /// The handle (or Zoom's name) the line gives.
    pub owner: Option<Owner>,
    /// The owner the heading above names (`## Action items (for Ann)`).
    pub heading_owner: Option<String>,
    pub priority: Option<Priority>,
    pub dates: Dates,
    pub recurrence: Option<String>,
}

/// What a heading makes of the bullets under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListKind {
    Actions,
    Statements(StatementKind),
}

/// A heading of the stack of headings above a line.
struct Heading {
    level: u8,
    text: String,
    kind: Option<ListKind>,
    owner: Option<String>,
}

/// What a heading is about, from its words (`## Decisions & firm
/// outcomes`, `## Next steps`, `## Action items (for Jeff)`); when it
/// names several kinds, the first it names.
fn heading_kind(text: &str) -> Option<ListKind> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    (0..words.len()).find_map(|i| {
        Some(match (w(i), w(i + 1)) {
            ("action", "item" | "items" | "points") | ("next", "step" | "steps") => {
                ListKind::Actions
            }
            ("to", "do" | "dos") | ("todo" | "todos" | "tasks", _) => ListKind::Actions,
            ("decision" | "decisions", _) => ListKind::Statements(StatementKind::Decision),
            ("follow", "up" | "ups") | ("followup" | "followups", _) => {
                ListKind::Statements(StatementKind::FollowUp)
            }
            ("question" | "questions", _) => ListKind::Statements(StatementKind::OpenQuestion),
            _ => return None,
        })
    })
}

static HEADING_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\(\s*for\s+([^()]+?)\s*\)|\bfor\s+(\p{Lu}[^()]*?))\s*$")
        .expect("valid regex")
});

/// The person a heading says its items are for: `(for Jeff Denworth)` in
/// any heading, or `for Ann` at the end of a heading of action items
/// (`## Tasks for Ann`; `## Plans for Q1` names nobody). A name is
/// capitalised and at most four words.
fn heading_owner(text: &str, kind: Option<ListKind>) -> Option<String> {
    let c = HEADING_OWNER.captures(text)?;
    let found = match (c.get(1), c.get(2)) {
        (Some(m), _) => m,
        (None, Some(m)) if kind == Some(ListKind::Actions) => m,
        _ => return None,
    };
    let name = unlink(found.as_str());
    (name_words(&name).is_some_and(|n| n <= 4) && starts_upper(&name)).then_some(name)
}

/// How many words `s` has if it reads as a name: each word starts with a
/// letter and holds letters, digits, `.`, `'`, `’`, `-` or `_`.
fn name_words(s: &str) -> Option<usize> {
    let mut n = 0;
    for w in s.split_whitespace() {
        let first = w.chars().next()?;
        if !first.is_alphabetic()
            || !w
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '_'))
        {
            return None;
        }
        n += 1;
    }
    (n > 0).then_some(n)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Particles of names that are written in lower case (`Ana de Souza`).
const PARTICLES: &[&str] = &[
    "al", "ben", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "la", "le", "van",
    "von",
];

/// A list item: its indent (in columns, a tab as four), and the text after
/// its marker.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let indent = indent_of(line);
    let rest = line.trim_start_matches([' ', '\t']);
    let after = if let Some(r) = rest.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        rest[digits..].strip_prefix(['.', ')'])?
    };
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((indent, after.trim()))
}

/// The line without the `>` marks of a quote or callout.
fn unquote(line: &str) -> &str {
    let mut l = line;
    while let Some(r) = l.trim_start().strip_prefix('>') {
        l = r.strip_prefix(' ').unwrap_or(r);
    }
    l
}

/// The box of a task line, `[ ]`, `[x]`…, and the text after it.
fn checkbox(item: &str) -> Option<(char, &str)> {
    let rest = item.strip_prefix('[')?;
    let mut chars = rest.chars();
    let symbol = chars.next()?;
    let after = chars.as_str().strip_prefix(']')?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some((symbol, after.trim()))
}

static ZOOM_STEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\[\]:]{1,80}):\s*((?:[^\[\]]|\[[^\[\]]*\])*)\]\((https?://[^\s()]+)\)$")
        .expect("valid regex")
});

/// A Zoom next step: `[Name: text](https://…zoom.us/…)`, the whole item.
fn zoom_step(item: &str) -> Option<(&str, &str)> {
    let c = ZOOM_STEP.captures(item)?;
    let url = c.get(3)?.as_str();
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', '?', '#'])
        .next()?
        .to_ascii_lowercase();
    let zoom = host == "zoom.us" || host.ends_with(".zoom.us");
    let label = c.get(1)?.as_str().trim();
    (zoom && name_words(label).is_some_and(|n| n <= 4))
        .then(|| (label, c.get(2).map_or("", |m| m.as_str().trim())))
}

/// Items that say there is none: `(none)`, `n/a`, `—`.
fn says_none(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c| matches!(c, '(' | ')' | '.' | '_' | '*'));
    t.is_empty()
        || ["none", "n/a", "na", "nothing", "-", "—", "–"]
            .iter()
            .any(|n| t.eq_ignore_ascii_case(n))
}

/// Reads the items of a note: `lines` is the file, `body_start` the first
/// line after the frontmatter, `prose` the ranges of lines outside its
/// transcripts. `names` helps tell where a handle ends (`@Jeff about`).
pub fn read(
    lines: &[&str],
    body_start: usize,
    prose: &[Range<usize>],
    names: &dyn Names,
) -> (Vec<Item>, Vec<Diagnostic>) {
    let mut items: Vec<Item> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    // The statement that indented lines and nested bullets continue: its
    // place in `items` and its bullet's indent.
    let mut open: Option<(usize, usize)> = None;
    // Only the prose is walked (a vault's bytes are mostly transcripts),
    // fences tracked across it: a transcript's block never holds the
    // fence it is in without its end.
    let mut fence: Option<&str> = None;
    let lines_of = prose
        .iter()
        .flat_map(|r| r.start.max(body_start)..r.end.min(lines.len()));
    for i in lines_of {
        let line = lines[i];
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if closes_fence(trimmed, marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            open = None;
            continue;
        }
        let no = LineNo::from_index(i);
        if let Some((level, text)) = heading(line) {
            while headings.last().is_some_and(|h| h.level >= level) {
                headings.pop();
            }
            let kind = heading_kind(text);
            headings.push(Heading {
                level,
                text: text.to_string(),
                kind,
                owner: heading_owner(text, kind),
            });
            open = None;
            continue;
        }
        let section = headings.last().map(|h| h.text.clone());
        let kind = headings.iter().rev().find_map(|h| h.kind);
        let line = unquote(line);
        let Some((indent, item)) = list_item(line) else {
            match open {
                _ if line.trim().is_empty() => {}
                Some((at, bullet)) if indent_of(line) > bullet => {
                    continue_statement(&mut items[at], line.trim(), " ", no);
                }
                _ => open = None,
            }
            continue;
        };
        let heading_owner = || headings.iter().rev().find_map(|h| h.owner.clone());
        let mut found = Vec::new();
        let task = if let Some((symbol, body)) = checkbox(item) {
            Some(task_line(symbol, body, names, &mut found))
        } else if let Some((label, text)) = zoom_step(item) {
            Some(Task {
                source: TaskSource::ZoomNextSteps,
                status: Some(Status::Open),
                text: clean(text),
                prefix: None,
                owner: Some(Owner {
                    label: label.to_string(),
                    how: OwnerHow::NextSteps,
                }),
                heading_owner: None,
                priority: None,
                dates: Dates::default(),
                recurrence: None,
            })
        } else if kind == Some(ListKind::Actions) && !says_none(item) {
            Some(list_action(item, names, &mut found))
        } else {
            None
        };
        diagnostics.extend(found.into_iter().map(|m| {
            Diagnostic::warning(
                Code::TaskMalformed,
                format!("{m}; the line is an action all the same"),
            )
            .at(no)
        }));
        if let Some(mut task) = task {
            if task.owner.is_none() {
                task.heading_owner = heading_owner();
            }
            items.push(Item {
                line: no,
                last_line: no,
                section,
                what: What::Task(Box::new(task)),
            });
            open = None;
            continue;
        }
        let Some(ListKind::Statements(statement)) = kind else {
            open = None;
            continue;
        };
        match open {
            Some((at, bullet)) if indent > bullet => {
                continue_statement(&mut items[at], &clean(item), "\n", no);
            }
            _ if says_none(item) => open = None,
            _ => {
                open = Some((items.len(), indent));
                items.push(Item {
                    line: no,
                    last_line: no,
                    section,
                    what: What::Statement {
                        kind: statement,
                        text: clean(item.trim_start_matches(['✅', '✔', '☑', '\u{fe0f}', ' '])),
                    },
                });
            }
        }
    }
    (items, diagnostics)
}

/// A line's indent in columns, a tab as four.
fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// Adds a line to a statement.
fn continue_statement(item: &mut Item, more: &str, joint: &str, line: LineNo) {
    if let What::Statement { text, .. } = &mut item.what {
        if !more.is_empty() {
            if !text.is_empty() {
                text.push_str(joint);
            }
            text.push_str(&clean(more));
        }
        item.last_line = line;
    }
}

/// A bullet without a box under a heading of action items: open, its
/// owner from a handle or `Name:` in front.
fn list_action(item: &str, names: &dyn Names, found: &mut Vec<String>) -> Task {
    let (body, owner) = handles(item, names, found);
    Task {
        source: TaskSource::List,
        status: Some(Status::Open),
        text: clean(body),
        prefix: prefix(body),
        owner,
        heading_owner: None,
        priority: None,
        dates: Dates::default(),
        recurrence: None,
    }
}

/// A task line: its box symbol and what follows it.
fn task_line(symbol: char, body: &str, names: &dyn Names, found: &mut Vec<String>) -> Task {
    let status = match symbol {
        ' ' => Some(Status::Open),
        'x' | 'X' => Some(Status::Done),
        '-' => Some(Status::Cancelled),
        '/' => Some(Status::InProgress),
        other => {
            found.push(format!(
                "the task box [{other}] is none of [ ], [x], [/], [-]: its status is left empty"
            ));
            None
        }
    };
    let mut fields = Fields::default();
    let inline = fields.inline(body, found);
    let (rest, trailing) = fields.strip_end(&inline, found);
    let (rest, owner) = match trailing {
        Some(label) => (rest, Some(owner_of(label))),
        None => handles(rest, names, found),
    };
    // The plugin's marker may also stand first (`- [ ] #task Call Bob`).
    let mut text = String::with_capacity(rest.len());
    for word in rest.split_whitespace() {
        if word.eq_ignore_ascii_case("#task") {
            fields.any = true;
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    for piece in &fields.kept {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(piece);
    }
    let source = if fields.any {
        TaskSource::ObsidianTask
    } else {
        TaskSource::Checklist
    };
    Task {
        source,
        status,
        prefix: prefix(&text),
        text: clean(&text),
        owner,
        heading_owner: None,
        priority: fields.priority,
        dates: fields.dates,
        recurrence: fields.recurrence,
    }
}

fn owner_of(label: &str) -> Owner {
    let how = if label.eq_ignore_ascii_case("myself") || label.eq_ignore_ascii_case("me") {
        OwnerHow::Myself
    } else {
        OwnerHow::Handle
    };
    Owner {
        label: label.to_string(),
        how,
    }
}

/// The fields of a task line.
#[derive(Default)]
struct Fields {
    priority: Option<Priority>,
    dates: Dates,
    recurrence: Option<String>,
    /// A field or the `#task` tag was found: a Tasks plugin line.
    any: bool,
    /// What the backward walk took off the end but is text (other tags,
    /// an emoji the plugin does not define), in line order.
    kept: Vec<String>,
}

static INLINE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\[([A-Za-z][A-Za-z ]*?)::\s*([^\[\]]*?)\s*\]|\(([A-Za-z][A-Za-z ]*?)::\s*([^()]*?)\s*\)",
    )
    .expect("valid regex")
});

/// A date as the plugin writes it, `YYYY-MM-DD`, if it is one.
fn valid_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then(|| s.to_string())
}

/// Whether a word is meant as a date (digits and separators): one that
/// is not a valid one is a mistake, not text.
fn date_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.contains(['-', '/', '.'])
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
}

/// Emoji, as far as telling a field's symbol from a word goes.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2300}'..='\u{23FF}' | '\u{2B00}'..='\u{2BFF}')
}

/// `s` without a last character `c` (and a variation selector after it),
/// and `c`.
fn last_char(s: &str) -> Option<(&str, char)> {
    let s = s.trim_end().trim_end_matches('\u{FE0F}');
    let c = s.chars().next_back()?;
    Some((&s[..s.len() - c.len_utf8()], c))
}

impl Fields {
    fn set_date(&mut self, field: DateField, value: &str, shown: &str, found: &mut Vec<String>) {
        self.any = true;
        match valid_date(value) {
            Some(d) => {
                let slot = field.slot(&mut self.dates);
                if slot.is_none() {
                    *slot = Some(d);
                }
            }
            None => found.push(format!(
                "{shown} {value:?} is not a YYYY-MM-DD date: the field is left empty"
            )),
        }
    }

    /// Takes Dataview's inline fields out of `body`, wherever they are;
    /// fields of other names stay in the text.
    fn inline(&mut self, body: &str, found: &mut Vec<String>) -> String {
        if !body.contains("::") {
            return body.to_string();
        }
        let mut out = String::with_capacity(body.len());
        let mut last = 0;
        for c in INLINE_FIELD.captures_iter(body) {
            let whole = c.get(0).expect("group 0");
            let (name, value) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(n), Some(v), _, _) | (_, _, Some(n), Some(v)) => (n.as_str(), v.as_str()),
                _ => continue,
            };
            let name = name.trim().to_lowercase();
            let shown = format!("[{name}::]");
            if let Some(field) = DateField::from_name(&name) {
                self.set_date(field, value, &shown, found);
            } else if name == "priority" {
                self.any = true;
                match Priority::from_name(value.trim()) {
                    Some(p) => self.priority = self.priority.or(Some(p)),
                    None => found.push(format!(
                        "[priority:: {value}] is none of highest, high, medium, low, lowest: the priority is left empty"
                    )),
                }
            } else if name == "repeat" {
                self.any = true;
                self.recurrence.get_or_insert_with(|| value.to_string());
            } else {
                continue;
            }
            out.push_str(&body[last..whole.start()]);
            last = whole.end();
        }
        out.push_str(&body[last..]);
        out
    }

    /// Walks `body` from its end, taking off the plugin's fields and
    /// trailing tags, as the plugin does, until something is not one.
    /// Returns the rest and the label of a trailing handle (the first of
    /// several; the others stay in the text).
    fn strip_end<'b>(
        &mut self,
        body: &'b str,
        found: &mut Vec<String>,
    ) -> (&'b str, Option<&'b str>) {
        let mut s = body.trim_end();
        let mut handle: Option<&str> = None;
        // Pieces that are text, taken off the end: in reverse line order.
        let mut kept: Vec<String> = Vec::new();
        // A line has a dozen fields at most; the plugin gives up after
        // twenty. The bound keeps a line of a million tags linear.
        for _ in 0..MAX_FIELDS {
            s = s.trim_end();
            let (before, word) = match s.rfind(char::is_whitespace) {
                Some(i) => (&s[..i], s[i..].trim_start()),
                None => ("", s),
            };
            if word.is_empty() {
                break;
            }
            // A tag.
            if let Some(tag) = word.strip_prefix('#')
                && tag.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                if tag.eq_ignore_ascii_case("task") {
                    self.any = true;
                } else {
                    kept.push(word.to_string());
                }
                s = before;
                continue;
            }
            // A priority, alone.
            let bare = word.trim_end_matches('\u{FE0F}');
            let mut chars = bare.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Some(p) = Priority::from_emoji(c)
            {
                self.any = true;
                self.priority = self.priority.or(Some(p));
                s = before;
                continue;
            }
            // A symbol and its value: `📅 2025-11-14`, or glued, `📅2025-11-14`.
            let glued = word
                .chars()
                .next()
                .filter(|&c| is_emoji(c))
                .map(|c| (c, word[c.len_utf8()..].trim_start_matches('\u{FE0F}')))
                .filter(|(_, v)| !v.is_empty());
            let symbol = match glued {
                Some((c, value)) => Some((c, value, before)),
                None => last_char(before)
                    .filter(|(_, c)| is_emoji(*c))
                    .map(|(b, c)| (c, word, b)),
            };
            if let Some((c, value, rest)) = symbol
                && c != '🔁'
            {
                if let Some(field) = DateField::from_emoji(c) {
                    if date_like(value) {
                        self.set_date(field, value, &c.to_string(), found);
                    } else {
                        found.push(format!(
                            "{c} is followed by {value:?}, not a YYYY-MM-DD date: kept in the text"
                        ));
                        kept.push(format!("{c} {value}"));
                    }
                    s = rest;
                    continue;
                }
                if matches!(c, '🆔' | '⛔' | '🏁') {
                    // The plugin's id, dependencies and on-completion:
                    // its bookkeeping, not the task's.
                    self.any = true;
                    s = rest;
                    continue;
                }
                if date_like(value) {
                    found.push(format!(
                        "{c} before {value:?} is no field of the Tasks plugin (📅 due, ⏳ scheduled, 🛫 start, ➕ created, ✅ done, ❌ cancelled): kept in the text"
                    ));
                    kept.push(format!("{c} {value}"));
                    s = rest;
                    continue;
                }
            }
            // A recurrence: `🔁 every week on Monday` to the end.
            if let Some(at) = s.rfind('🔁') {
                let rule = s[at + '🔁'.len_utf8()..]
                    .trim_start_matches('\u{FE0F}')
                    .trim();
                if !rule.is_empty()
                    && rule
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | ' ' | '!'))
                {
                    self.any = true;
                    self.recurrence.get_or_insert_with(|| rule.to_string());
                    s = &s[..at];
                    continue;
                }
            }
            // A handle at the end: `@Jason Vallery`, `@Myself`.
            if let Some((at, label)) = trailing_handle(s) {
                if let Some(later) = handle.replace(label) {
                    kept.push(format!("@{later}"));
                }
                s = &s[..at];
                continue;
            }
            break;
        }
        kept.reverse();
        self.kept = kept;
        (s, handle)
    }
}

/// How many fields, tags and handles are taken off the end of a line.
const MAX_FIELDS: usize = 64;

/// Where a handle may start: an `@` at the start or after a space or an
/// opening bracket (not inside an e-mail address).
fn handle_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.match_indices('@').map(|(i, _)| i).filter(move |&i| {
        s[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_'))
            && s[i + 1..].starts_with(char::is_alphabetic)
    })
}

/// A handle that ends `s`, and where its `@` is: the words after the last
/// `@` read as a name (one word, or capitalised ones, `Liraz Ben Or`).
fn trailing_handle(s: &str) -> Option<(usize, &str)> {
    let at = handle_starts(s).last()?;
    let label = s[at + 1..].trim();
    let words = name_words(label)?;
    let capitalised = label
        .split_whitespace()
        .all(|w| starts_upper(w) || PARTICLES.contains(&w));
    (words == 1 || (words <= 4 && capitalised)).then_some((at, label))
}

/// The first handle inside `s` (not at its end): the longest name the
/// dictionary knows after the `@`, else its capitalised words, else one
/// word. Warns about an e-mail address when there is no handle.
fn handles<'b>(s: &'b str, names: &dyn Names, found: &mut Vec<String>) -> (&'b str, Option<Owner>) {
    if let Some((at, label)) = trailing_handle(s.trim_end()) {
        return (&s[..at], Some(owner_of(label)));
    }
    if let Some(at) = handle_starts(s).next() {
        let after = &s[at + 1..];
        let end = |len: usize| {
            after[len..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let known = names
            .longest_prefix(after)
            .map(str::len)
            .filter(|&len| end(len));
        let len = known.unwrap_or_else(|| {
            // The first word, and the capitalised words (or particles) that
            // follow it, up to four; punctuation ends the name.
            let mut len = 0;
            for (n, (i, w)) in word_spans(after).take(4).enumerate() {
                let bare = w.trim_end_matches([',', '.', ';', ':', ')', '!', '?']);
                let name = name_words(bare) == Some(1)
                    && (n == 0 || starts_upper(bare) || PARTICLES.contains(&bare));
                if !name {
                    break;
                }
                len = i + bare.len();
                if bare.len() < w.len() || (n == 0 && !starts_upper(bare)) {
                    break;
                }
            }
            len
        });
        let label = after[..len].trim_end_matches(['.', ',', '\'', '’']);
        if !label.is_empty() {
            return (s, Some(owner_of(label)));
        }
    }
    if let Some(address) = s.split_whitespace().find(|w| {
        w.find('@')
            .is_some_and(|i| i > 0 && w[i + 1..].contains('.'))
    }) {
        found.push(format!(
            "{address} is an e-mail address, not an owner's @handle: the owner is left to the heading"
        ));
    }
    (s, None)
}

/// The words of `s` with their byte offsets.
fn word_spans(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// `Name: text`, `**Name:** text` or `[[Name]]: text` at the start (a
/// name of at most four capitalised words, then the text after white
/// space). Read by hand: it is asked of every item, and most start with a
/// lowercase word or have no colon near their start.
fn prefix(text: &str) -> Option<Prefix> {
    let t = text.trim();
    let (label, rest) = if let Some(inner) = t.strip_prefix("**") {
        // `**Name:** rest` or `**Name**: rest`.
        let close = head(inner, 64).find("**")?;
        let (label, after) = (&inner[..close], &inner[close + 2..]);
        match (label.strip_suffix(':'), after.strip_prefix(':')) {
            (Some(l), _) => (l.trim().to_string(), after),
            (None, Some(a)) => (label.trim().to_string(), a),
            _ => return None,
        }
    } else if let Some(inner) = t.strip_prefix("[[") {
        let close = head(inner, 84).find("]]:")?;
        (
            unlink(&format!("[[{}]]", &inner[..close])),
            &inner[close + 3..],
        )
    } else {
        if !t.starts_with(char::is_uppercase) {
            return None;
        }
        let colon = head(t, 64).find(':')?;
        let label = &t[..colon];
        if label.contains(['[', ']', '*', '@', '#']) {
            return None;
        }
        (label.trim().to_string(), &t[colon + 1..])
    };
    if !rest.starts_with(char::is_whitespace) || rest.trim().is_empty() {
        return None;
    }
    (starts_upper(&label) && name_words(&label).is_some_and(|n| n <= 4)).then(|| Prefix {
        label,
        rest: clean(rest.trim()),
    })
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

static WIKI_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]").expect("valid regex"));

/// An item's text as read: `[[Target|alias]]` as its alias (or target),
/// `**` bold marks removed (not `__`, which code names are made of), runs
/// of white space one space.
fn clean(text: &str) -> String {
    let linked = if text.contains("[[") {
        WIKI_LINK.replace_all(text, |c: &regex::Captures<'_>| {
            let shown = c.get(2).filter(|m| !m.as_str().trim().is_empty());
            match shown {
                Some(m) => m.as_str().trim().to_string(),
                None => unlink(&format!("[[{}]]", &c[1])),
            }
        })
    } else {
        text.into()
    };
    let unbold = linked.replace("**", "");
    unbold.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::NoNames;

    fn items(text: &str) -> (Vec<Item>, Vec<Diagnostic>) {
        let lines: Vec<&str> = text.lines().collect();
        let all = std::iter::once(0..lines.len()).collect::<Vec<_>>();
        read(&lines, 0, &all, &NoNames)
    }

    fn task(line: &str) -> (Task, Vec<String>) {
        let (items, diags) = items(line);
        let [
            Item {
                what: What::Task(t),
                ..
            },
        ] = &items[..]
        else {
            panic!("not one task: {items:?}");
        };
        (
            (**t).clone(),
            diags.into_iter().map(|d| d.message).collect(),
        )
    }

    #[test]
    fn tasks_plugin_fields_are_read_from_the_end() {
        let (t, warnings) = task("- [x] Send the status wiki @Liraz 🔼 ✅ 2025-11-08");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(t.text, "Send the status wiki");
        assert_eq!(t.status, Some(Status::Done));
        assert_eq!(t.priority, Some(Priority::Medium));
        assert_eq!(t.dates.done.as_deref(), Some("2025-11-08"));
        assert_eq!(
            t.owner,
            Some(Owner {
                label: "Liraz".into(),
                how: OwnerHow::Handle
            })
        );
        assert_eq!(t.source, TaskSource::ObsidianTask);

        let (t, _) = task("- [ ] #task Call Bob about __init__");
        assert_eq!(t.text, "Call Bob about __init__");
        assert_eq!(t.source, TaskSource::ObsidianTask);
        let (t, _) = task("- [ ] Reassign the account to ProServe @Jeff ⏫ #task");
        assert_eq!(t.text, "Reassign the account to ProServe");
        assert_eq!(t.priority, Some(Priority::High));
        assert_eq!(t.owner.unwrap().label, "Jeff");

        let (t, _) = task("- [ ] Plan the offsite @Jason Vallery 🔽 ✅ 2025-11-08");
        assert_eq!(t.owner.unwrap().label, "Jason Vallery");
        assert_eq!(t.text, "Plan the offsite");
    }

    #[test]
    fn every_field_and_status() {
        let (t, w) = task(
            "- [/] Write it #writing 🔺 🔁 every week on Monday 🛫 2024-01-02 ➕ 2024-01-01 ⏳ 2024-01-03 📅 2024-01-04 ❌ 2024-01-05 🆔 abc123 ⛔ x1,y2 🏁 delete",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(t.status, Some(Status::InProgress));
        assert_eq!(t.priority, Some(Priority::Highest));
        assert_eq!(t.recurrence.as_deref(), Some("every week on Monday"));
        assert_eq!(
            t.dates,
            Dates {
                due: Some("2024-01-04".into()),
                scheduled: Some("2024-01-03".into()),
                start: Some("2024-01-02".into()),
                created: Some("2024-01-01".into()),
                done: None,
                cancelled: Some("2024-01-05".into()),
            }
        );
        assert_eq!(t.text, "Write it #writing");
        for (line, status) in [
            ("- [ ] a", Some(Status::Open)),
            ("- [X] a", Some(Status::Done)),
            ("- [-] a", Some(Status::Cancelled)),
            ("* [x] a", Some(Status::Done)),
            ("1. [x] a", Some(Status::Done)),
            ("> - [ ] a", Some(Status::Open)),
        ] {
            assert_eq!(task(line).0.status, status, "{line}");
        }
        let (t, w) = task("- [>] forwarded");
        assert_eq!(t.status, None);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(task("- [ ] plain").0.source, TaskSource::Checklist);
        // Variants the plugin reads too.
        let (t, _) = task("- [ ] x 📆 2024-02-29 ⌛ 2024-03-01 ⏬");
        assert_eq!(t.dates.due.as_deref(), Some("2024-02-29"));
        assert_eq!(t.dates.scheduled.as_deref(), Some("2024-03-01"));
        assert_eq!(t.priority, Some(Priority::Lowest));
    }

    #[test]
    fn dataview_inline_fields_count_anywhere() {
        let (t, w) = task(
            "- [ ] Ship [due:: 2025-11-14] it (priority:: high) [repeat:: every day] [owner:: Bo]",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(t.dates.due.as_deref(), Some("2025-11-14"));
        assert_eq!(t.priority, Some(Priority::High));
        assert_eq!(t.recurrence.as_deref(), Some("every day"));
        assert_eq!(t.text, "Ship it [owner:: Bo]");
        assert_eq!(t.source, TaskSource::ObsidianTask);
    }

    #[test]
    fn bad_fields_are_kept_with_a_warning() {
        let (t, w) = task("- [ ] Pay 📅 2025-13-45 @Ann");
        assert_eq!(t.dates.due, None);
        assert_eq!(t.text, "Pay");
        assert_eq!(t.owner.unwrap().label, "Ann");
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("2025-13-45"), "{w:?}");
        let (t, w) = task("- [ ] Pay 📝 2025-01-01 ⏫");
        assert_eq!(t.text, "Pay 📝 2025-01-01");
        assert_eq!(t.priority, Some(Priority::High));
        assert_eq!(w.len(), 1);
        let (t, w) = task("- [ ] Mail ann@example.com the deck");
        assert_eq!(t.owner, None);
        assert_eq!(t.text, "Mail ann@example.com the deck");
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("ann@example.com"));
        let (t, w) = task("- [ ] Pay 📅 tomorrow");
        assert_eq!(t.dates.due, None);
        assert_eq!(t.text, "Pay 📅 tomorrow");
        assert_eq!(w.len(), 1);
        let (_, w) = task("- [ ] Pay 📅 2025-02-29");
        assert_eq!(w.len(), 1, "not a leap year");
    }

    #[test]
    fn handles_glued_myself_and_in_the_text() {
        let (t, _) = task("- [ ] Own the deck @JuergenWillis");
        assert_eq!(t.owner.unwrap().label, "JuergenWillis");
        let (t, _) = task("- [ ] Open two reqs @Myself ⏫ #task");
        assert_eq!(t.owner.unwrap().how, OwnerHow::Myself);
        let (t, _) = task("- [ ] Ask @Dana about the deck");
        assert_eq!(t.owner.unwrap().label, "Dana");
        assert_eq!(t.text, "Ask @Dana about the deck");
        let (t, _) = task("- [ ] Review @Ann @Bo");
        assert_eq!(t.owner.unwrap().label, "Ann");
        assert_eq!(t.text, "Review @Bo");
        let (t, _) = task("- [ ] Call @Liraz Ben Or");
        assert_eq!(t.owner.unwrap().label, "Liraz Ben Or");
    }

    #[test]
    fn prefixes_links_and_bold() {
        let (t, _) = task("- [ ] Priya: send the plan to [[Zoë Hartmann]] ⏫");
        let p = t.prefix.unwrap();
        assert_eq!(
            (p.label.as_str(), p.rest.as_str()),
            ("Priya", "send the plan to Zoë Hartmann")
        );
        assert_eq!(t.text, "Priya: send the plan to Zoë Hartmann");
        let (t, _) = task("- [ ] [[People/Ann Lee|Ann]]: pair with [[Mordecai Feld|Morty]]");
        let p = t.prefix.unwrap();
        assert_eq!(
            (p.label.as_str(), p.rest.as_str()),
            ("Ann Lee", "pair with Morty")
        );
        let (t, _) = task("- [ ] **Jeff:** Reassign **Carl**");
        assert_eq!(t.prefix.unwrap().label, "Jeff");
        assert_eq!(task("- [ ] see https://x.io/a:b").0.prefix, None);
        // Long heads of multibyte text are cut at a character boundary.
        for text in [
            format!("{}: x", "É".repeat(40)),
            format!("**{}:** x", "é".repeat(40)),
            format!("[[{}]]: x", "ü".repeat(50)),
        ] {
            assert_eq!(prefix(&text), None, "{text}");
        }
        assert_eq!(prefix("Zoë: x").unwrap().label, "Zoë");
    }

    #[test]
    fn zoom_next_steps_and_headings() {
        let text = "## Next steps\n\n\
            - [Jason: Set up a one-on-one with John](https://tasks.zoom.us/?meetingId=a%3D&stepId=b)\n\
            - [Docs: the guide](https://example.com/x)\n\
            ## Action items (for Jeff Denworth)\n\
            - [ ] Reassign Carl\n\
            - [ ] Pay @Ann\n\
            - Jeff: book the room\n\
            - (none)\n\
            ### Sub\n\
            - [ ] Nested heading still Jeff's\n\
            ## Summary\n\
            - not an item\n";
        let (items, diags) = items(text);
        assert!(diags.is_empty(), "{diags:?}");
        let got: Vec<_> = items
            .iter()
            .map(|i| match &i.what {
                What::Task(t) => (
                    i.line.0,
                    i.section.clone().unwrap(),
                    t.source,
                    t.text.clone(),
                    t.owner.as_ref().map(|o| o.label.clone()),
                    t.heading_owner.clone(),
                ),
                What::Statement { .. } => panic!("{i:?}"),
            })
            .collect();
        let next = "Next steps".to_string();
        let ai = "Action items (for Jeff Denworth)".to_string();
        let jeff = Some("Jeff Denworth".to_string());
        assert_eq!(
            got,
            [
                (
                    3,
                    next.clone(),
                    TaskSource::ZoomNextSteps,
                    "Set up a one-on-one with John".into(),
                    Some("Jason".into()),
                    None
                ),
                (
                    4,
                    next,
                    TaskSource::List,
                    "[Docs: the guide](https://example.com/x)".into(),
                    None,
                    None
                ),
                (
                    6,
                    ai.clone(),
                    TaskSource::Checklist,
                    "Reassign Carl".into(),
                    None,
                    jeff.clone()
                ),
                (
                    7,
                    ai.clone(),
                    TaskSource::Checklist,
                    "Pay".into(),
                    Some("Ann".into()),
                    None
                ),
                (
                    8,
                    ai,
                    TaskSource::List,
                    "Jeff: book the room".into(),
                    None,
                    jeff.clone()
                ),
                (
                    11,
                    "Sub".into(),
                    TaskSource::Checklist,
                    "Nested heading still Jeff's".into(),
                    None,
                    jeff
                ),
            ]
        );
    }

    #[test]
    fn statements_under_their_headings() {
        let text = "## Decisions & firm outcomes\n\n\
            - **Carl → ProServe (Rob).**\n    \n\
            - ✅ FRDs live in Confluence,\n  starting now.\n  - details\n\
            - [x] a task, not a decision\n\
            Text ends the list.\n\
            ## Follow-ups\n- Check pricing\n## Open questions\n1. Who owns it?\n\
            ## Decisions\n- (none)\n\
            ```\n## Decisions\n- fenced\n```\n";
        let (items, _) = items(text);
        let got: Vec<_> = items
            .iter()
            .map(|i| match &i.what {
                What::Statement { kind, text } => (i.line.0, i.last_line.0, *kind, text.as_str()),
                What::Task(t) => (
                    i.line.0,
                    i.last_line.0,
                    StatementKind::Decision,
                    t.text.as_str(),
                ),
            })
            .collect();
        use StatementKind::*;
        assert_eq!(
            got,
            [
                (3, 3, Decision, "Carl → ProServe (Rob)."),
                (
                    5,
                    7,
                    Decision,
                    "FRDs live in Confluence, starting now.\ndetails"
                ),
                (8, 8, Decision, "a task, not a decision"),
                (11, 11, FollowUp, "Check pricing"),
                (13, 13, OpenQuestion, "Who owns it?"),
            ]
        );
    }

    /// The walk from the end takes at most `MAX_FIELDS` pieces off: a
    /// line of ten thousand tags is not walked ten thousand times.
    #[test]
    fn a_line_of_many_fields_is_walked_a_bounded_number_of_times() {
        let line = format!("- [ ] x{}", " ⏫".repeat(10_000));
        let (t, _) = task(&line);
        assert_eq!(t.priority, Some(Priority::High));
        assert_eq!(t.text.matches('⏫').count(), 10_000 - MAX_FIELDS);
    }

    #[test]
    fn heading_kinds_and_owners() {
        assert_eq!(heading_kind("Action Items"), Some(ListKind::Actions));
        assert_eq!(
            heading_kind("Your immediate to‑do list"),
            Some(ListKind::Actions)
        );
        assert_eq!(
            heading_kind("Key Decisions"),
            Some(ListKind::Statements(StatementKind::Decision))
        );
        assert_eq!(heading_kind("Summary"), None);
        assert_eq!(
            heading_kind("Decisions and next steps"),
            Some(ListKind::Statements(StatementKind::Decision))
        );
        let owner = |h: &str| heading_owner(h, heading_kind(h));
        assert_eq!(owner("Action items (for Liraz)").as_deref(), Some("Liraz"));
        assert_eq!(owner("Summary (for Jeff)").as_deref(), Some("Jeff"));
        assert_eq!(owner("Tasks for Ann Lee").as_deref(), Some("Ann Lee"));
        assert_eq!(owner("Notes for the future"), None);
        assert_eq!(owner("Plans for Q1"), None);
    }
}
