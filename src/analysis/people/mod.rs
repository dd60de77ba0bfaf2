//! The people dictionary: who exists, under which names.
//!
//! Built once before the run from `--people` CSV files and shared read-only
//! by every thread. The transcript stage asks it two things: which names may
//! start a transcript line as a speaker label, and which canonical person a
//! label stands for. The first is asked of every line of a house-style
//! transcript: the names sit sorted, each pointing at the longest name that
//! is a prefix of it, so the answer is a binary search and a short walk,
//! and building them is a sort (an automaton cost more to build than all
//! the questions a run asks).
//!
//! The CSV format is `name,aliases,org,role` with a header row; `aliases`
//! are separated by `;`; only `name` is required and other columns are
//! ignored. The same person defined twice (same name) is merged. Two people
//! may share an alias: such an alias names nobody in particular, so a label
//! that is only that alias keeps its own spelling.

pub mod mentions;
pub mod notes;
pub mod resolve;

use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub aliases: Vec<String>,
    /// Nicknames written in parentheses in the name (`Mordecai (Morty) Feld`).
    pub nicknames: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    /// Where the person was defined (`people.csv:3`, a person note), or,
    /// for someone only ever named, the first note that named them.
    pub sources: Vec<String>,
    /// Only named (in a meeting's frontmatter), not defined.
    pub named_only: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Csv {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{path}: the header has no 'name' column (expected name,aliases,org,role)")]
    NoNameColumn { path: String },
}

/// All known people, with an index from every name and alias.
#[derive(Debug)]
pub struct PeopleDict {
    people: Vec<Person>,
    /// Normalised name or alias → indexes of the people it names.
    by_key: Index,
    /// Every name and alias, for longest-prefix search.
    prefixes: Prefixes,
    /// First names (for speaker labels; only a name one person has resolves).
    first_names: Index,
    /// Last names of three letters or more, the same way (`KENNEDY:`).
    last_names: Index,
    /// Every key of every person, for finding mentions in text.
    mentions: mentions::Matcher,
}

impl Default for PeopleDict {
    fn default() -> PeopleDict {
        PeopleDict::from_people(Vec::new())
    }
}

/// How a name given in a transcript or note relates to the dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// The canonical name of one person, written as it is.
    Name(&'a str),
    /// An alias of exactly one person, whose canonical name this is.
    Alias(&'a str),
    /// Nobody, or several people.
    Unknown,
}

impl PeopleDict {
    /// Reads and merges the given CSV files, in order.
    pub fn load(paths: &[impl AsRef<Path>]) -> Result<PeopleDict, PeopleError> {
        Ok(PeopleDict::from_people(load_people(paths)?))
    }
}

/// The people the given CSV files define, in order, not yet merged or
/// compiled (a run merges them with the notes' people first).
pub fn load_people(paths: &[impl AsRef<Path>]) -> Result<Vec<Person>, PeopleError> {
    let mut people = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| PeopleError::Io {
            path: shown.clone(),
            source,
        })?;
        people.extend(parse_csv(&bytes, &shown)?);
    }
    Ok(people)
}

/// The line where a quoted CSV field opens that no quote closes, if any:
/// the csv crate reads the rest of the file into that field, so a stray
/// quote would make one person of every row after it.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    // As the csv crate reads: a quote opens a quoted field only at the
    // start of a field, and `""` inside one is a quote.
    let (mut line, mut opened) = (1, 0);
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            opened = line;
        }
        field_start = !quoted && matches!(b, b',' | b'\n' | b'\r');
        i += 1;
    }
    quoted.then_some(opened)
}

/// People merged by canonical name as they come, in order of first
/// appearance: what a run accumulates from the `--people` files and the
/// notes, without holding every note's list at once.
#[derive(Debug, Default)]
pub struct Merged {
    people: Vec<Person>,
    by_name: HashMap<String, usize>,
    /// Per person, once a second definition came: the keys of its aliases
    /// and nicknames and its sources, so that merging is linear in the
    /// names (comparing each new alias with every alias before it made a
    /// person with 10,000 aliases take 37 s).
    seen: HashMap<usize, Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    aliases: HashSet<String>,
    nicknames: HashSet<String>,
    sources: HashSet<String>,
}

impl Seen {
    fn of(p: &Person) -> Seen {
        Seen {
            aliases: p.aliases.iter().map(|a| key(a)).collect(),
            nicknames: p.nicknames.iter().map(|n| key(n)).collect(),
            sources: p.sources.iter().cloned().collect(),
        }
    }
}

impl Merged {
    pub fn add(&mut self, list: impl IntoIterator<Item = Person>) {
        let list = list.into_iter();
        self.people.reserve(list.size_hint().0);
        for mut p in list {
            let (name, mut nicknames) = split_nicknames(&p.name);
            // `(Morty)` alone is Morty; `( )` is nobody.
            p.name = match name.is_empty() {
                false => name,
                true if !nicknames.is_empty() => nicknames.remove(0),
                true => continue,
            };
            p.nicknames.extend(nicknames);
            let k = key(&p.name);
            match self.by_name.get(&k) {
                Some(&i) => {
                    let into = &mut self.people[i];
                    let seen = self.seen.entry(i).or_insert_with(|| Seen::of(into));
                    merge(into, seen, p);
                }
                None => {
                    self.by_name.insert(k, self.people.len());
                    self.people.push(p);
                }
            }
        }
    }

    /// The dictionary of everyone added.
    pub fn build(self) -> PeopleDict {
        // The merge's own indexes go before the dictionary's are built.
        let Merged {
            people,
            by_name,
            seen,
        } = self;
        drop((by_name, seen));
        PeopleDict::from_merged(people)
    }
}

impl PeopleDict {
    /// Builds the dictionary, merging people with the same canonical name.
    pub fn from_people(list: Vec<Person>) -> PeopleDict {
        let mut merged = Merged::default();
        merged.add(list);
        merged.build()
    }

    fn from_merged(mut people: Vec<Person>) -> PeopleDict {
        people.shrink_to_fit();
        let mut by_key = IndexPairs::default();
        let mut first_names = IndexPairs::default();
        let mut last_names = IndexPairs::default();
        for (i, p) in people.iter().enumerate() {
            let i = i as u32;
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                by_key.add(&key(n), i);
            }
            let words: Vec<&str> = p.name.split_whitespace().collect();
            if let [first, .., last] = words[..] {
                first_names.add(&key(first), i);
                if last.chars().count() >= 3 {
                    last_names.add(&key(last), i);
                }
            }
        }
        let labels = people
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
            .map(String::as_str);
        PeopleDict {
            prefixes: Prefixes::new(labels),
            by_key: by_key.build(),
            first_names: first_names.build(),
            last_names: last_names.build(),
            mentions: mentions::Matcher::build(&people),
            people,
        }
    }

    /// The compiled keys of every person, for finding mentions.
    pub fn mention_matcher(&self) -> &mentions::Matcher {
        &self.mentions
    }

    /// The people a name or alias could be (any number), by index.
    pub fn candidates(&self, name: &str) -> &[u32] {
        self.by_key.get(&key(name))
    }

    pub fn people(&self) -> &[Person] {
        &self.people
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The longest name or alias that `text` starts with, case-sensitively.
    pub fn longest_prefix<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.prefixes.longest(text).map(|len| &text[..len])
    }

    /// What `name` stands for. Case, accents in composed or decomposed form,
    /// and runs of white space do not matter.
    pub fn resolve(&self, name: &str) -> Resolution<'_> {
        if self.people.is_empty() {
            return Resolution::Unknown;
        }
        let k = key(name);
        let found = [&self.by_key, &self.first_names, &self.last_names]
            .into_iter()
            .map(|index| index.get(&k))
            .find(|ids| !ids.is_empty());
        match found {
            Some(&[i]) => {
                let canonical = self.people[i as usize].name.as_str();
                if key(canonical) == k {
                    Resolution::Name(canonical)
                } else {
                    Resolution::Alias(canonical)
                }
            }
            _ => Resolution::Unknown,
        }
    }
}

/// Keys → the people they name (any number, in order): the keys sorted in
/// one buffer and looked up by binary search, and one list of people, not
/// a `String`, a `Vec` and a hash table entry per key (together 150 bytes
/// a name, most of the memory of a dictionary of a million people). It is
/// asked of speaker labels and link targets, not of every word.
#[derive(Debug, Default)]
struct Index {
    /// Key `i` is `text[at[i]..at[i + 1]]`, its people are
    /// `ids[id_at[i]..id_at[i + 1]]`.
    text: Vec<u8>,
    at: Vec<usize>,
    ids: Vec<u32>,
    id_at: Vec<usize>,
}

/// The (key, person) pairs of an [`Index`] as they come: the keys one after
/// another in one buffer.
#[derive(Default)]
struct IndexPairs {
    text: String,
    pairs: Vec<(usize, usize, u32)>,
}

impl IndexPairs {
    fn add(&mut self, key: &str, person: u32) {
        let start = self.text.len();
        self.text.push_str(key);
        self.pairs.push((start, self.text.len(), person));
    }

    fn build(self) -> Index {
        let IndexPairs { text, mut pairs } = self;
        let key = |&(s, e, _): &(usize, usize, u32)| &text[s..e];
        // By key, then person: a key's people in order, each once.
        pairs.sort_unstable_by(|a, b| key(a).cmp(key(b)).then(a.2.cmp(&b.2)));
        pairs.dedup_by(|b, a| key(a) == key(b) && a.2 == b.2);
        let mut index = Index {
            text: Vec::new(),
            at: vec![0],
            ids: Vec::with_capacity(pairs.len()),
            id_at: vec![0],
        };
        for same in pairs.chunk_by(|a, b| key(a) == key(b)) {
            index.text.extend_from_slice(key(&same[0]).as_bytes());
            index.at.push(index.text.len());
            index.ids.extend(same.iter().map(|&(_, _, id)| id));
            index.id_at.push(index.ids.len());
        }
        index.text.shrink_to_fit();
        index.at.shrink_to_fit();
        index.id_at.shrink_to_fit();
        index
    }
}

impl Index {
    fn key(&self, i: usize) -> &[u8] {
        &self.text[self.at[i]..self.at[i + 1]]
    }

    fn get(&self, key: &str) -> &[u32] {
        let key = key.as_bytes();
        let keys = self.at.len().saturating_sub(1);
        let (mut lo, mut hi) = (0, keys);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return &self.ids[self.id_at[mid]..self.id_at[mid + 1]];
                }
            }
        }
        &[]
    }
}

/// Strings, sorted, for finding the longest of them that a text starts
/// with. Every string a text starts with sorts between it and the text, and
/// everything that sorts between a prefix of the text and the text starts
/// with that prefix; so the last string not after the text starts with all
/// the others the text starts with, and they are its chain of `shorter`.
/// The search starts among the strings with the text's first byte: most
/// lines start with no name, and their first byte says so.
#[derive(Debug, Default)]
struct Prefixes {
    /// The strings, sorted and each once, one after another: string `i` is
    /// `text[at[i]..at[i + 1]]` (one buffer, not a `String` each; bytes,
    /// so that taking one is not checked for character boundaries: this
    /// is asked of every line of a house transcript).
    text: Vec<u8>,
    at: Vec<usize>,
    /// Per string: the longest other string that is a prefix of it.
    shorter: Vec<Option<u32>>,
    /// Per byte: where the strings that start with it start (and, one past
    /// the last byte, the end).
    by_first: Vec<u32>,
}

impl Prefixes {
    fn new<'a>(strings: impl Iterator<Item = &'a str>) -> Prefixes {
        let mut sorted: Vec<&str> = strings.collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut shorter = Vec::with_capacity(sorted.len());
        // The prefixes among the strings of the last string, itself
        // included, shortest first.
        let mut chain: Vec<usize> = Vec::new();
        for (i, s) in sorted.iter().enumerate() {
            while chain.last().is_some_and(|&p| !s.starts_with(sorted[p])) {
                chain.pop();
            }
            shorter.push(chain.last().map(|&p| p as u32));
            chain.push(i);
        }
        let by_first = (0..=256)
            .map(|b| {
                sorted
                    .partition_point(|s| s.as_bytes().first().is_some_and(|&f| usize::from(f) < b))
                    as u32
            })
            .collect();
        let mut at = Vec::with_capacity(sorted.len() + 1);
        at.push(0);
        let mut text = Vec::with_capacity(sorted.iter().map(|s| s.len()).sum());
        for s in &sorted {
            text.extend_from_slice(s.as_bytes());
            at.push(text.len());
        }
        Prefixes {
            text,
            at,
            shorter,
            by_first,
        }
    }

    fn get(&self, i: usize) -> &[u8] {
        &self.text[self.at[i]..self.at[i + 1]]
    }

    /// The length of the longest string that `text` starts with.
    fn longest(&self, text: &str) -> Option<usize> {
        // The empty string, if it is one, sorts first and is a prefix of
        // everything: the answer when no other string is.
        let empty = self.at.len() > 1 && self.get(0).is_empty();
        let Some(&b) = text.as_bytes().first() else {
            return empty.then_some(0);
        };
        let (from, to) = (
            self.by_first[usize::from(b)] as usize,
            self.by_first[usize::from(b) + 1] as usize,
        );
        // The first string of the bucket after `text`.
        let text = text.as_bytes();
        let (mut lo, mut hi) = (from, to);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid) <= text {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == from {
            return empty.then_some(0);
        }
        let mut at = lo - 1;
        loop {
            let s = self.get(at);
            if text.starts_with(s) {
                return Some(s.len());
            }
            at = self.shorter[at]? as usize;
        }
    }
}

/// `Mordecai (Morty) Feld` → (`Mordecai Feld`, [`Morty`]).
pub fn split_nicknames(name: &str) -> (String, Vec<String>) {
    if !name.contains('(') {
        return (name.trim().to_string(), Vec::new());
    }
    let mut clean = String::new();
    let mut nicknames = Vec::new();
    let mut rest = name;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        clean.push_str(&rest[..open]);
        let nick = rest[open + 1..open + close].trim();
        if !nick.is_empty() {
            nicknames.push(nick.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    clean.push_str(rest);
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    (clean, nicknames)
}

/// Adds to `into` what `from` says of the same person: the aliases and
/// nicknames it does not have yet (by key), the first org and role, and
/// the sources. `seen` is what `into` has.
fn merge(into: &mut Person, seen: &mut Seen, from: Person) {
    for a in from.aliases {
        if seen.aliases.insert(key(&a)) {
            into.aliases.push(a);
        }
    }
    for n in from.nicknames {
        if seen.nicknames.insert(key(&n)) {
            into.nicknames.push(n);
        }
    }
    into.org = into.org.take().or(from.org);
    into.role = into.role.take().or(from.role);
    // Sources are where a person is defined. Every meeting that names
    // someone would make a list as long as the corpus (and a dictionary
    // that grows with it), so a note that only names them counts only
    // until a definition comes.
    if from.named_only {
        if !into.sources.is_empty() {
            return;
        }
    } else if into.named_only {
        into.sources.clear();
        seen.sources.clear();
        into.named_only = false;
    }
    for s in from.sources {
        if !seen.sources.contains(&s) {
            seen.sources.insert(s.clone());
            into.sources.push(s);
        }
    }
}

/// Keeps the first of each group of names with the same [`key`], in
/// order; linear in the names, however many there are.
pub fn unique_by_key<S: AsRef<str>>(names: &mut Vec<S>) {
    let mut seen = HashSet::with_capacity(names.len());
    names.retain(|n| seen.insert(key(n.as_ref())));
}

pub use crate::text::fold::key;

/// The dictionary as the formats see it: names that may start a line.
impl crate::formats::Names for PeopleDict {
    fn longest_prefix<'t>(&self, text: &'t str) -> Option<&'t str> {
        PeopleDict::longest_prefix(self, text)
    }
}

/// The people of a `--people` CSV file's bytes (`path` names it in errors).
pub fn parse_csv(bytes: &[u8], path: &str) -> Result<Vec<Person>, PeopleError> {
    // Decoded (and repaired) as every input is: Excel saves CSV as
    // Windows-1252 or UTF-16.
    let prepared = crate::text::prepare(bytes).map_err(|d| PeopleError::Csv {
        path: path.to_string(),
        line: 0,
        message: d.message,
    })?;
    let bytes = prepared.text.as_bytes();
    if let Some(line) = unclosed_quote(bytes) {
        return Err(PeopleError::Csv {
            path: path.to_string(),
            line,
            message: "a quote opened on this line is never closed (the rest of the file would be one field)".into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| PeopleError::Csv {
        path: path.to_string(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let name_col = column("name").ok_or_else(|| PeopleError::NoNameColumn {
        path: path.to_string(),
    })?;
    let (alias_col, org_col, role_col) = (column("aliases"), column("org"), column("role"));
    let mut people = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(name) = field(Some(name_col)) else {
            continue;
        };
        let mut aliases: Vec<String> = field(alias_col)
            .map(|a| {
                a.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && key(s) != key(&name))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        // Held for the run, a million times over: no room to spare.
        aliases.shrink_to_fit();
        people.push(Person {
            name,
            aliases,
            nicknames: Vec::new(),
            org: field(org_col),
            role: field(role_col),
            sources: vec![format!("{path}:{line}")],
            named_only: false,
        });
    }
    people.shrink_to_fit();
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(csv: &str) -> PeopleDict {
        PeopleDict::from_people(parse_csv(csv.as_bytes(), "people.csv").unwrap())
    }

    /// Regression: merging compared each alias with every alias before it,
    /// so a row with 10,000 aliases took 37 s and 200,000 never finished.
    /// 100,000 aliases in two definitions, half of them the same by key.
    #[test]
    fn a_person_with_many_aliases_is_merged_in_linear_time() {
        let n = 100_000;
        let aliases = |case: fn(String) -> String| -> Vec<String> {
            (0..n)
                .map(|i| case(format!("alias{}", i % (n / 2))))
                .collect()
        };
        let ann = |aliases| Person {
            name: "Ann Lee".into(),
            aliases,
            ..Person::default()
        };
        let d = PeopleDict::from_people(vec![
            ann(aliases(|a| a)),
            ann(aliases(|a| a.to_uppercase())),
        ]);
        let p = &d.people()[0];
        // The first definition is kept as written; the second adds nothing.
        assert_eq!(p.aliases.len(), n);
        assert_eq!(d.candidates("ALIAS7"), [0]);
    }

    /// An unterminated quote made one person of every row after it.
    #[test]
    fn an_unclosed_quote_is_an_error_at_its_line() {
        let err = parse_csv(b"name,aliases\nAnn Lee,\"Annie\nBo Chen,Bo\n", "p.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.csv: line 2: a quote opened on this line is never closed (the rest of the file would be one field)"
        );
        // Quotes inside an unquoted field, and doubled ones, are text.
        let ok = parse_csv(b"name,aliases\nAnn 5\" Lee,\"A \"\"B\"\"\"\n", "p.csv").unwrap();
        assert_eq!(
            (ok[0].name.as_str(), ok[0].aliases.as_slice()),
            ("Ann 5\" Lee", &["A \"B\"".to_string()][..])
        );
    }

    /// `( ),(` made a person with an empty name.
    #[test]
    fn a_name_of_empty_parentheses_is_nobody() {
        let d = dict("name,aliases\n( ),(\n(Morty),\nAnn Lee,\n");
        let names: Vec<&str> = d.people().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Morty", "Ann Lee"]);
    }

    /// A Windows-1252 or UTF-16 people CSV was refused with a raw parser
    /// error: it is decoded as every input is.
    #[test]
    fn a_people_csv_in_windows_1252_or_utf16_is_decoded() {
        let cp1252 = b"name,aliases\nTomasz W\xf3jcik,Tomek\nZo\xeb Hartmann,\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "name,aliases\nTomasz Wójcik,Tomek\nZoë Hartmann,\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        for bytes in [&cp1252[..], &utf16] {
            let people = parse_csv(bytes, "p.csv").unwrap();
            let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, ["Tomasz Wójcik", "Zoë Hartmann"]);
        }
        assert!(
            parse_csv(b"name\nA\0B\n", "p.csv")
                .unwrap_err()
                .to_string()
                .contains("binary")
        );
    }

    #[test]
    fn notes_that_only_name_someone_are_a_source_until_a_definition() {
        let named = |source: &str| Person {
            name: "Ann Lee".into(),
            sources: vec![source.into()],
            named_only: true,
            ..Person::default()
        };
        let defined = Person {
            name: "Ann Lee".into(),
            sources: vec!["People/Ann Lee.md".into()],
            ..Person::default()
        };
        let d = PeopleDict::from_people(vec![named("m1.md"), named("m2.md")]);
        assert_eq!(d.people()[0].sources, ["m1.md"]);
        let d = PeopleDict::from_people(vec![named("m1.md"), defined.clone(), named("m2.md")]);
        assert_eq!(d.people()[0].sources, ["People/Ann Lee.md"]);
        let d = PeopleDict::from_people(vec![defined, named("m1.md")]);
        assert_eq!(d.people()[0].sources, ["People/Ann Lee.md"]);
    }

    #[test]
    fn reads_csv_and_resolves_names_and_aliases() {
        let d = dict(
            "name,aliases,org,role,extra\n\
             Priya Raman,Priya;PR,Brightwater,CTO,x\n\
             Tomasz Wójcik,Tomek,Brightwater,,\n\
             Tomasz Wojcik-Lee,Tomek,Harbor,,\n",
        );
        assert_eq!(d.people().len(), 3);
        assert_eq!(d.resolve("priya  raman"), Resolution::Name("Priya Raman"));
        assert_eq!(d.resolve("Priya"), Resolution::Alias("Priya Raman"));
        assert_eq!(d.resolve("Tomek"), Resolution::Unknown, "shared alias");
        assert_eq!(d.resolve("Nobody"), Resolution::Unknown);
        assert_eq!(d.people()[0].role.as_deref(), Some("CTO"));
        assert_eq!(d.people()[1].role, None);
        assert_eq!(d.people()[0].sources, vec!["people.csv:2"]);
    }

    #[test]
    fn a_first_name_of_one_person_resolves_a_speaker_label() {
        let d = dict("name,aliases\nJason Vallery,\nJeff Denworth,\nJeff Bell,\n");
        assert_eq!(d.resolve("Jason"), Resolution::Alias("Jason Vallery"));
        assert_eq!(d.resolve("Jeff"), Resolution::Unknown, "two Jeffs");
    }

    #[test]
    fn decomposed_accents_match_composed() {
        let d = dict("name\nZoë Hartmann\n");
        assert_eq!(
            d.resolve("Zoe\u{308} Hartmann"),
            Resolution::Name("Zoë Hartmann")
        );
    }

    #[test]
    fn duplicates_merge() {
        let d = dict("name,aliases,org\nAnn Bell,Annie,\nann bell,Nan,Harbor\n");
        assert_eq!(d.people().len(), 1);
        assert_eq!(d.people()[0].aliases, vec!["Annie", "Nan"]);
        assert_eq!(d.people()[0].org.as_deref(), Some("Harbor"));
    }

    #[test]
    fn longest_prefix_is_anchored_and_longest() {
        let d = dict("name,aliases\nJason Vallery,Jason\n");
        assert_eq!(
            d.longest_prefix("Jason Valleryso uh"),
            Some("Jason Vallery")
        );
        assert_eq!(d.longest_prefix("Jason said"), Some("Jason"));
        assert_eq!(d.longest_prefix("I met Jason"), None);
    }

    proptest::proptest! {
        #[test]
        fn longest_prefix_is_what_an_anchored_automaton_finds(
            names in proptest::collection::vec("[ab ]{0,4}|Zo[eë]|Zo\u{308}|ë", 0..12),
            text in "[ab ]{0,6}|Zo[eë\u{308}]{0,2}|ë[ab]?",
        ) {
            use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(&names)
                .unwrap();
            let expected = ac
                .find(Input::new(&text).anchored(Anchored::Yes))
                .map(|m| m.end());
            proptest::prop_assert_eq!(Prefixes::new(names.iter().map(String::as_str)).longest(&text), expected);
        }
    }

    #[test]
    fn header_without_name_is_an_error() {
        let err = parse_csv(b"who,aliases\nAnn,\n", "p.csv").unwrap_err();
        assert!(matches!(err, PeopleError::NoNameColumn { .. }));
    }
}
