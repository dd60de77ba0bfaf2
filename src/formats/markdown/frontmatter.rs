//! YAML frontmatter: the block between a leading `---` line and the next
//! `---` (or `...`) line.
//!
//! The YAML is parsed into an untyped tree first and the fields are read
//! from it leniently: a note written by hand may give `participants` as one
//! string or as a list, quote a date or not, wrap names in `[[wiki links]]`.
//! A field of an unexpected type is ignored rather than failing the note.
//! Booleans are strict (`yes`/`no`/`on`/`off` stay strings) so that a person
//! named `No` or a tag `on` survives.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::model::{Code, Diagnostic, LineNo};

/// The fields of the frontmatter that saidwhat reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frontmatter {
    /// `type`: `transcript`, `person`, `people`, `meeting`…
    pub doc_type: Option<String>,
    /// `date`, as written.
    pub date: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub participants: Vec<String>,
    /// `person`: the person a meeting note is with.
    pub person: Vec<String>,
    /// `entities.people`.
    pub entity_people: Vec<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub tags: Vec<String>,
}

/// Where the frontmatter is, in lines of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Index of the first YAML line (after the opening `---`).
    pub yaml_start: usize,
    /// Index of the closing `---` line.
    pub close: usize,
}

/// Finds the frontmatter in `lines`. Returns `Ok(None)` when the file does
/// not start with `---`, and a diagnostic when it is never closed (then the
/// whole file is body: a lone `---` at the top is more likely a rule than a
/// frontmatter that swallowed the note).
pub fn locate(lines: &[&str]) -> Result<Option<Span>, Diagnostic> {
    match lines.first() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Ok(None),
    }
    for (i, line) in lines.iter().enumerate().skip(1) {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Ok(Some(Span {
                yaml_start: 1,
                close: i,
            }));
        }
    }
    Err(Diagnostic::warning(
        Code::FrontmatterUnclosed,
        "frontmatter opened with '---' is never closed; the whole file is read as body",
    )
    .at(LineNo(1)))
}

/// Parses the YAML lines of the frontmatter. On a YAML error returns the
/// empty frontmatter and a warning with the file line of the error.
pub fn parse(lines: &[&str], span: Span) -> (Frontmatter, Option<Diagnostic>) {
    let yaml = lines[span.yaml_start..span.close].join("\n");
    if yaml.trim().is_empty() {
        return (Frontmatter::default(), None);
    }
    let options = serde_saphyr::options! { strict_booleans: true };
    match serde_saphyr::from_str_with_options::<Value>(&yaml, options) {
        Ok(value) => (read_fields(&value), None),
        Err(err) => {
            let line = err
                .location()
                .map(|loc| loc.line() as usize)
                .filter(|&l| l >= 1)
                .map(|l| LineNo::from_index(span.yaml_start + l - 1))
                .unwrap_or(LineNo::from_index(span.yaml_start));
            let message = first_line(&err.to_string());
            let diag = Diagnostic::warning(
                Code::FrontmatterInvalid,
                format!("frontmatter is not valid YAML ({message}); its fields are ignored"),
            )
            .at(line);
            (Frontmatter::default(), Some(diag))
        }
    }
}

/// The first line of the YAML error, without its own `error:` and
/// `line N column M:` prefixes, which count from the YAML block rather than
/// the file and would contradict the diagnostic's line.
fn first_line(s: &str) -> String {
    static POSITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:error:\s*)?(?:line \d+,? column \d+:?\s*)?").expect("valid regex")
    });
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("unknown error");
    let stripped = POSITION.replace(line, "");
    if stripped.is_empty() {
        line.to_string()
    } else {
        stripped.into_owned()
    }
}

fn read_fields(root: &Value) -> Frontmatter {
    let Value::Object(map) = root else {
        return Frontmatter::default();
    };
    let get = |key: &str| map.get(key);
    Frontmatter {
        doc_type: get("type").and_then(scalar),
        date: get("date").and_then(scalar),
        title: get("title").and_then(scalar).map(|s| unlink(&s)),
        name: get("name").and_then(scalar).map(|s| unlink(&s)),
        aliases: get("aliases").map(names).unwrap_or_default(),
        participants: get("participants").map(names).unwrap_or_default(),
        person: get("person").map(names).unwrap_or_default(),
        entity_people: get("entities")
            .and_then(|e| e.get("people"))
            .map(names)
            .unwrap_or_default(),
        company: get("company").and_then(scalar).map(|s| unlink(&s)),
        role: get("role").and_then(scalar),
        tags: get("tags").map(tags).unwrap_or_default(),
    }
}

/// A non-empty string, number or boolean as a string.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A list of names, or one name; wiki-links unwrapped, blanks dropped.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .filter_map(scalar)
            .map(|s| unlink(&s))
            .filter(|s| !s.is_empty())
            .collect(),
        other => scalar(other)
            .map(|s| unlink(&s))
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect(),
    }
}

/// Tags as a list, or as one string separated by spaces or commas.
fn tags(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| {
                s.split([',', ' '])
                    .map(|t| t.trim().trim_start_matches('#').to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// `[[Jeff Denworth]]` → `Jeff Denworth`; `[[People/Ann|Ann B]]` → `People/Ann`
/// stripped of its folder: `Ann`. A value that is not a link is trimmed.
pub fn unlink(s: &str) -> String {
    let t = s.trim();
    if let Some(inner) = t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        let target = inner.split(['|', '#']).next().unwrap_or(inner);
        let target = target.rsplit('/').next().unwrap_or(target);
        return target.trim().to_string();
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> (Frontmatter, Option<Diagnostic>) {
        let lines: Vec<&str> = text.lines().collect();
        let span = locate(&lines).unwrap().unwrap();
        parse(&lines, span)
    }

    #[test]
    fn reads_meeting_fields_and_unwraps_links() {
        let (f, d) = fm("---\n\
             entities:\n  people:\n  - '[[Priya Raman]]'\n\
             type: transcript\n\
             date: 2024-03-05\n\
             participants: [Priya Raman, '[[Tomasz Wójcik|Tomek]]']\n\
             person: Priya Raman\n\
             tags: [meeting, 'company/brightwater']\n\
             ---\n# Title\n");
        assert_eq!(d, None);
        assert_eq!(f.doc_type.as_deref(), Some("transcript"));
        assert_eq!(f.date.as_deref(), Some("2024-03-05"));
        assert_eq!(f.entity_people, vec!["Priya Raman"]);
        assert_eq!(f.participants, vec!["Priya Raman", "Tomasz Wójcik"]);
        assert_eq!(f.person, vec!["Priya Raman"]);
        assert_eq!(f.tags, vec!["meeting", "company/brightwater"]);
    }

    #[test]
    fn booleans_are_strict() {
        let (f, _) = fm("---\nname: No\naliases: [yes, on]\n---\n");
        assert_eq!(f.name.as_deref(), Some("No"));
        assert_eq!(f.aliases, vec!["yes", "on"]);
    }

    #[test]
    fn broken_yaml_is_a_warning_at_the_file_line() {
        let (f, d) = fm("---\ntype: person\nname: [unclosed\naliases: x\n---\nbody\n");
        assert_eq!(f, Frontmatter::default());
        let d = d.unwrap();
        assert_eq!(d.code, Code::FrontmatterInvalid);
        assert_eq!(d.line, Some(LineNo(4)), "{}", d.message);
        assert!(!d.message.contains("line"), "{}", d.message);
    }

    #[test]
    fn unclosed_frontmatter_is_reported() {
        let lines = ["---", "type: note", "# Title"];
        assert_eq!(locate(&lines).unwrap_err().code, Code::FrontmatterUnclosed);
        assert_eq!(locate(&["# no frontmatter"]).unwrap(), None);
    }

    #[test]
    fn unlink_variants() {
        assert_eq!(unlink("[[Jeff Denworth]]"), "Jeff Denworth");
        assert_eq!(unlink("[[People/Ann Bell|Ann]]"), "Ann Bell");
        assert_eq!(unlink("[[Ann Bell#Notes]]"), "Ann Bell");
        assert_eq!(unlink("  Ann Bell "), "Ann Bell");
    }
}
