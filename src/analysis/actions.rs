//! Who owes what: the action items and statements of a note, with their
//! owners resolved to people.
//!
//! The formats read the items and the owner labels as written
//! ([`crate::formats::markdown::items`]); here a label becomes a person,
//! as speaker labels do: the dictionary's canonical name when it knows
//! the label (a name, an alias, a first or last name only one person
//! has, a glued handle such as `JuergenWillis` read as `Juergen Willis`),
//! else a name several people share narrowed to the one the note says
//! took part, else the one participant of the note whose name or first
//! name it is; a label nobody matches stays as written. The owner of an
//! action is, first to last:
//!
//! 1. its `@handle` (`handle`), or Zoom's name of a next step
//!    (`next-steps`), as resolved or as written;
//! 2. `@Myself` / `@me`: the vault's owner (`myself`), given with
//!    `--owner` or inferred over the run ([`VaultOwner`]);
//! 3. `Name: text` in front of it, when `Name` is a person the dictionary
//!    or the note knows (`prefix`; `Note: …` is text);
//! 4. the heading above it, `## Action items (for Jeff)` (`heading`);
//! 5. nobody (`unresolved`): the owner is empty, never a guess.
//!
//! The people an item names besides its owner are the mentions found on
//! its lines (see [`super::people`]).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::Mention;
use super::people::{PeopleDict, Resolution, key};
use crate::formats::markdown::items::{
    Dates, Item, OwnerHow, Priority, StatementKind, Status, TaskSource, What,
};
use crate::model::LineNo;

/// Where an action's owner came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OwnerSource {
    Handle,
    Myself,
    NextSteps,
    Prefix,
    Heading,
    Unresolved,
}

impl OwnerSource {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerSource::Handle => "handle",
            OwnerSource::Myself => "myself",
            OwnerSource::NextSteps => "next-steps",
            OwnerSource::Prefix => "prefix",
            OwnerSource::Heading => "heading",
            OwnerSource::Unresolved => "unresolved",
        }
    }
}

/// An action item, its owner resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub line: LineNo,
    pub section: Option<String>,
    /// The person: canonical when the dictionary knows them. `None` when
    /// nothing names one, and for `@Myself` until the vault's owner is
    /// known ([`settle`]).
    pub owner: Option<String>,
    /// The owner as the note writes it (`Jeff`, `Myself`).
    pub owner_label: Option<String>,
    pub owner_source: OwnerSource,
    pub text: String,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub dates: Dates,
    pub recurrence: Option<String>,
    pub source: TaskSource,
    /// The other people it names, canonical, in order.
    pub mentions: Vec<String>,
}

/// A decision, follow-up or open question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub line: LineNo,
    pub section: Option<String>,
    pub kind: StatementKind,
    pub text: String,
    pub mentions: Vec<String>,
}

/// Resolves the owners of a note's items. `known` are the note's people,
/// `owner` the vault's owner if it is known before the run (`--owner`),
/// `mentions` the document's.
pub fn resolve(
    items: Vec<Item>,
    known: &Known<'_>,
    owner: Option<&str>,
    mentions: &[Mention],
) -> (Vec<Action>, Vec<Statement>) {
    if items.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // The people named outside the turns, by line, for each item's lines.
    let mut named_at: Vec<(LineNo, &str)> = mentions
        .iter()
        .filter(|m| m.turn.is_none())
        .filter_map(|m| Some((m.line, m.person.as_deref()?)))
        .collect();
    named_at.sort_by_key(|&(line, _)| line);
    let named = |from: LineNo, to: LineNo, except: Option<&str>| -> Vec<String> {
        let at = named_at.partition_point(|&(line, _)| line < from);
        let mut out: Vec<String> = Vec::new();
        for &(_, p) in named_at[at..].iter().take_while(|&&(line, _)| line <= to) {
            if Some(p) != except && !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
        out
    };
    let mut actions = Vec::new();
    let mut statements = Vec::new();
    for item in items {
        match item.what {
            What::Statement { kind, text } => statements.push(Statement {
                mentions: named(item.line, item.last_line, None),
                line: item.line,
                section: item.section,
                kind,
                text,
            }),
            What::Task(task) => {
                let as_written =
                    |label: &str| known.person(label).unwrap_or_else(|| label.to_string());
                let by_heading = || match &task.heading_owner {
                    Some(h) => (Some(as_written(h)), Some(h.clone()), OwnerSource::Heading),
                    None => (None, None, OwnerSource::Unresolved),
                };
                let mut text = task.text;
                let (who, label, source) = match (&task.owner, &task.prefix) {
                    (Some(o), _) => {
                        let label = Some(o.label.clone());
                        match o.how {
                            OwnerHow::Handle => {
                                (Some(as_written(&o.label)), label, OwnerSource::Handle)
                            }
                            OwnerHow::NextSteps => {
                                (Some(as_written(&o.label)), label, OwnerSource::NextSteps)
                            }
                            OwnerHow::Myself => {
                                (owner.map(str::to_string), label, OwnerSource::Myself)
                            }
                        }
                    }
                    (None, Some(p)) => match known.person(&p.label) {
                        Some(who) => {
                            text = p.rest.clone();
                            (Some(who), Some(p.label.clone()), OwnerSource::Prefix)
                        }
                        None => by_heading(),
                    },
                    (None, None) => by_heading(),
                };
                actions.push(Action {
                    mentions: named(item.line, item.last_line, who.as_deref()),
                    line: item.line,
                    section: item.section,
                    owner: who,
                    owner_label: label,
                    owner_source: source,
                    text,
                    status: task.status,
                    priority: task.priority,
                    dates: task.dates,
                    recurrence: task.recurrence,
                    source: task.source,
                });
            }
        }
    }
    (actions, statements)
}

/// Gives the `@Myself` actions of a run the vault's owner once it is
/// known; without one they are `unresolved` (the label still says
/// `Myself`).
pub fn settle(action: &mut Action, vault_owner: Option<&str>) {
    if action.owner_source == OwnerSource::Myself && action.owner.is_none() {
        match vault_owner {
            Some(o) => action.owner = Some(o.to_string()),
            None => action.owner_source = OwnerSource::Unresolved,
        }
    }
}

/// The person a label names, if anyone can tell: see the module doc.
pub fn person(label: &str, participants: &[String], dict: &PeopleDict) -> Option<String> {
    Known::new(participants, dict).person(label)
}

/// Who a note's labels may name: the dictionary, and the note's
/// participants by key and by first name, made once per note.
pub struct Known<'a> {
    dict: &'a PeopleDict,
    /// The participants, canonical.
    present: Vec<String>,
    by_key: HashMap<String, usize>,
    /// First name → the participants who have it.
    by_first: HashMap<String, Vec<usize>>,
}

impl<'a> Known<'a> {
    pub fn new(participants: &[String], dict: &'a PeopleDict) -> Known<'a> {
        let mut k = Known {
            dict,
            present: Vec::new(),
            by_key: HashMap::new(),
            by_first: HashMap::new(),
        };
        for p in participants {
            let (name, _) = super::speakers::canonical(p, dict);
            let key = key(name);
            if key.is_empty() || k.by_key.contains_key(&key) {
                continue;
            }
            let i = k.present.len();
            if let Some(first) = key.split(' ').next() {
                k.by_first.entry(first.to_string()).or_default().push(i);
            }
            k.by_key.insert(key, i);
            k.present.push(name.to_string());
        }
        k
    }

    /// The participants as the dictionary names them, each once: whom
    /// the vault's owner is inferred from.
    pub fn attendees(self) -> Vec<String> {
        self.present
    }

    fn person(&self, label: &str) -> Option<String> {
        let label = label.trim();
        if label.is_empty() {
            return None;
        }
        let glued = unglue(label);
        for l in [Some(label), glued.as_deref()].into_iter().flatten() {
            match self.dict.resolve(l) {
                Resolution::Name(n) | Resolution::Alias(n) => return Some(n.to_string()),
                Resolution::Unknown => {}
            }
        }
        // A name several people share: the one of them who took part.
        let people = self.dict.people();
        let mut shared = self
            .dict
            .candidates(label)
            .iter()
            .map(|&i| people[i as usize].name.as_str())
            .filter(|n| self.by_key.contains_key(&key(n)));
        if let (Some(one), None) = (shared.next(), shared.next()) {
            return Some(one.to_string());
        }
        // The participant it is, or the one whose first name it is.
        for l in [Some(label), glued.as_deref()].into_iter().flatten() {
            let k = key(l);
            if let Some(&i) = self.by_key.get(&k) {
                return Some(self.present[i].clone());
            }
            if let Some([i]) = self.by_first.get(&k).map(Vec::as_slice) {
                return Some(self.present[*i].clone());
            }
        }
        None
    }
}

/// A handle written without spaces, `JuergenWillis` or `jason.vallery`,
/// as words: split at `.`, `_`, `-` and where a lowercase letter meets a
/// capital.
fn unglue(label: &str) -> Option<String> {
    if label.contains(char::is_whitespace) {
        return None;
    }
    let mut out = String::with_capacity(label.len() + 4);
    let mut prev_lower = false;
    for c in label.chars() {
        if matches!(c, '.' | '_' | '-') {
            out.push(' ');
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (out != label && out.contains(' ')).then_some(out)
}

/// Who keeps the notes: the `@Myself` of every note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VaultOwner {
    /// The person, or `None` when nothing decides.
    pub name: Option<String>,
    /// `--owner`, `inferred`, or `none`.
    pub from: &'static str,
    /// Meeting notes (notes and transcripts with participants) in the run.
    pub meeting_notes: usize,
    /// Of those, the notes the owner took part in.
    pub notes: usize,
    /// The runner-up, to judge the inference by.
    pub next: Option<Runner>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Runner {
    pub name: String,
    pub notes: usize,
}

/// The count behind the vault owner's inference.
#[derive(Clone, Debug, Default)]
pub struct OwnerVotes {
    /// Key → the name first seen for it and the notes it is in.
    counts: BTreeMap<String, (String, usize)>,
    notes: usize,
}

impl OwnerVotes {
    /// Counts one meeting note's attendees (see [`attendees`]).
    pub fn add(&mut self, attendees: &[String]) {
        if attendees.is_empty() {
            return;
        }
        self.notes += 1;
        for a in attendees {
            self.counts
                .entry(key(a))
                .or_insert_with(|| (a.clone(), 0))
                .1 += 1;
        }
    }

    /// The vault's owner: `given` (`--owner`) if any; else the person who
    /// took part in the most meeting notes, if that is at least two notes
    /// and more than anyone else (a tie, or a single note, decides
    /// nothing: the owner is then empty, not a guess).
    pub fn decide(&self, given: Option<&str>) -> VaultOwner {
        let mut ranked: Vec<(&String, usize)> =
            self.counts.values().map(|(n, c)| (n, *c)).collect();
        // Most notes first; the order among equals is the keys', so that
        // the runner-up shown does not depend on the order of the files.
        ranked.sort_by_key(|&(_, c)| std::cmp::Reverse(c));
        let count_of = |name: &str| self.counts.get(&key(name)).map_or(0, |c| c.1);
        if let Some(g) = given {
            return VaultOwner {
                name: Some(g.to_string()),
                from: "--owner",
                meeting_notes: self.notes,
                notes: count_of(g),
                next: ranked
                    .iter()
                    .find(|(n, _)| key(n) != key(g))
                    .map(|&(n, c)| runner(n, c)),
            };
        }
        let top = ranked.first().copied();
        let next = ranked.get(1).map(|&(n, c)| runner(n, c));
        let decided = top.filter(|&(_, c)| c >= 2 && next.as_ref().is_none_or(|r| r.notes < c));
        VaultOwner {
            name: decided.map(|(n, _)| n.clone()),
            from: if decided.is_some() {
                "inferred"
            } else {
                "none"
            },
            meeting_notes: self.notes,
            notes: decided.map_or(0, |(_, c)| c),
            next: if decided.is_some() {
                next
            } else {
                top.map(|(n, c)| runner(n, c))
            },
        }
    }
}

fn runner(name: &str, notes: usize) -> Runner {
    Runner {
        name: name.to_string(),
        notes,
    }
}

/// What one owner owes, over the run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Owed {
    pub items: usize,
    pub open: usize,
    pub in_progress: usize,
    pub done: usize,
    pub cancelled: usize,
    /// Documents their items are in.
    pub documents: usize,
    /// The earliest due date of their open and in-progress items.
    pub next_due: Option<String>,
    /// The latest done date.
    pub last_done: Option<String>,
    last_doc: String,
}

/// Every owner's [`Owed`], by name (the items nobody owns last).
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    owners: BTreeMap<(bool, String), Owed>,
}

impl Ledger {
    /// Counts one action of document `doc_id`; a document's actions come
    /// together.
    pub fn add(&mut self, doc_id: &str, a: &Action) {
        let owner = (a.owner.is_none(), a.owner.clone().unwrap_or_default());
        let o = self.owners.entry(owner).or_default();
        o.items += 1;
        match a.status {
            Some(Status::Open) => o.open += 1,
            Some(Status::InProgress) => o.in_progress += 1,
            Some(Status::Done) => o.done += 1,
            Some(Status::Cancelled) => o.cancelled += 1,
            None => {}
        }
        if o.documents == 0 || o.last_doc != doc_id {
            o.documents += 1;
            o.last_doc = doc_id.to_string();
        }
        if matches!(a.status, Some(Status::Open | Status::InProgress))
            && let Some(due) = &a.dates.due
            && o.next_due.as_ref().is_none_or(|d| due < d)
        {
            o.next_due = Some(due.clone());
        }
        if let Some(done) = &a.dates.done
            && o.last_done.as_ref().is_none_or(|d| done > d)
        {
            o.last_done = Some(done.clone());
        }
    }

    /// Each owner (`None`: the items without one) and what they owe.
    pub fn owners(&self) -> impl Iterator<Item = (Option<&str>, &Owed)> {
        self.owners
            .iter()
            .map(|((none, name), o)| ((!none).then_some(name.as_str()), o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::people::Person;

    fn dict() -> PeopleDict {
        let p = |name: &str, aliases: &[&str]| Person {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Person::default()
        };
        PeopleDict::from_people(vec![
            p("Juergen Willis", &["Jürgen"]),
            p("Rob Castellano", &["Rob"]),
            p("Rob Nguyen", &["Rob"]),
            p("Liraz Ben Or", &["Liraz"]),
        ])
    }

    #[test]
    fn labels_become_people() {
        let d = dict();
        let none: &[String] = &[];
        assert_eq!(
            person("JuergenWillis", none, &d).as_deref(),
            Some("Juergen Willis")
        );
        assert_eq!(
            person("juergen.willis", none, &d).as_deref(),
            Some("Juergen Willis")
        );
        assert_eq!(person("Liraz", none, &d).as_deref(), Some("Liraz Ben Or"));
        assert_eq!(person("Rob", none, &d), None, "two Robs");
        let with_nguyen = ["Rob Nguyen".to_string(), "Ann Lee".to_string()];
        assert_eq!(
            person("Rob", &with_nguyen, &d).as_deref(),
            Some("Rob Nguyen")
        );
        assert_eq!(person("Ann", &with_nguyen, &d).as_deref(), Some("Ann Lee"));
        assert_eq!(
            person("ann lee", &with_nguyen, &d).as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(person("Note", &with_nguyen, &d), None);
    }

    #[test]
    fn the_owner_is_the_one_in_most_notes_or_nobody() {
        let mut v = OwnerVotes::default();
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        v.add(&names(&["Jeff", "Jason"]));
        assert_eq!(v.decide(None).name, None, "one note decides nothing");
        v.add(&names(&["Liraz", "Jason"]));
        v.add(&names(&["Jeff"]));
        assert_eq!(v.decide(None).name, None, "a tie decides nothing");
        v.add(&names(&["JASON"]));
        let o = v.decide(None);
        assert_eq!(
            o,
            VaultOwner {
                name: Some("Jason".into()),
                from: "inferred",
                meeting_notes: 4,
                notes: 3,
                next: Some(Runner {
                    name: "Jeff".into(),
                    notes: 2
                }),
            }
        );
        assert_eq!(v.decide(Some("Liraz")).notes, 1);
        v.add(&[]);
        assert_eq!(v.decide(None).meeting_notes, 4, "no attendees, no meeting");
    }
}
