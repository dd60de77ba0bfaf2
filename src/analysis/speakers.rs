//! From speaker labels to people.
//!
//! A named label is the speaker as written, or, when it is an alias, a
//! first name or a last name of exactly one person in the dictionary, that
//! person's canonical name (`dictionary`). A one-word label the dictionary
//! does not know that is the first or last word of exactly one longer
//! label of the same transcript is that label's speaker (`shortened`:
//! `KENNEDY` beside `Michael KENNEDY`).
//!
//! A placeholder (`Remote`, `Unknown Speaker`, `Speaker 1`, `SPEAKER_00`)
//! stands for someone the recorder did not name. In a 1:1 note the other
//! side is known: it is the one participant of the note (`participants`,
//! `person`, `entities.people`) who is not already speaking under a name.
//! So a transcript with one kind of placeholder and exactly one such
//! participant gets that participant (`inferred`); anything else stays as
//! written (`unresolved`) with a warning, because guessing between two
//! people would put words in the wrong mouth.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::analysis::Turn;
use crate::analysis::people::{PeopleDict, Resolution, key};
use crate::model::{Code, Diagnostic, SpeakerSource};

/// Whether a label stands for an unnamed speaker.
pub fn is_placeholder(label: &str) -> bool {
    let l = label.trim();
    if ["remote", "unknown", "unknown speaker"]
        .iter()
        .any(|p| l.eq_ignore_ascii_case(p))
    {
        return true;
    }
    let lower = l.to_ascii_lowercase();
    lower
        .strip_prefix("speaker")
        .map(|n| n.trim_start_matches([' ', '_']))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A name in canonical form: the dictionary's name when it knows the person.
pub(crate) fn canonical<'a>(name: &'a str, dict: &'a PeopleDict) -> (&'a str, SpeakerSource) {
    match dict.resolve(name) {
        Resolution::Name(n) => (n, SpeakerSource::Label),
        Resolution::Alias(n) => (n, SpeakerSource::Dictionary),
        Resolution::Unknown => (name, SpeakerSource::Label),
    }
}

/// One-word labels that the dictionary does not know but that are the
/// first or last word of exactly one longer label of the same transcript
/// (`KENNEDY` beside `Michael KENNEDY`, as podcast transcripts shorten a
/// speaker after the first turn) are that speaker, `shortened`.
fn shorten<'a>(named: &mut BTreeMap<&'a str, (&'a str, SpeakerSource)>, dict: &PeopleDict) {
    let mut found: Vec<(&str, &str)> = Vec::new();
    for (&label, &(_, source)) in named.iter() {
        if label.split_whitespace().count() != 1
            || source != SpeakerSource::Label
            || dict.resolve(label) != Resolution::Unknown
        {
            continue;
        }
        let k = key(label);
        let targets: BTreeSet<&str> = named
            .iter()
            .filter(|(other, _)| {
                let words: Vec<&str> = other.split_whitespace().collect();
                words.len() >= 2 && (key(words[0]) == k || key(words[words.len() - 1]) == k)
            })
            .map(|(_, &(speaker, _))| speaker)
            .collect();
        if let [target] = targets.into_iter().collect::<Vec<_>>()[..] {
            found.push((label, target));
        }
    }
    for (label, target) in found {
        named.insert(label, (target, SpeakerSource::Shortened));
    }
}

/// Fills `speaker` and `speaker_source` of every turn.
pub fn resolve(turns: &mut [Turn], participants: &[String], dict: &PeopleDict) -> Vec<Diagnostic> {
    // Each distinct label is resolved once: a transcript has hundreds of
    // turns but a handful of labels. `slots` is each turn's label among
    // them, looked up once.
    let mut distinct: HashMap<&str, usize> = HashMap::new();
    let slots: Vec<Option<usize>> = turns
        .iter()
        .map(|t| {
            let l = t.speaker_label.as_str();
            let next = distinct.len();
            (!l.is_empty()).then(|| *distinct.entry(l).or_insert(next))
        })
        .collect();
    let labels: BTreeSet<&str> = distinct.keys().copied().collect();
    let placeholders: BTreeSet<&str> = labels
        .iter()
        .copied()
        .filter(|l| is_placeholder(l))
        .collect();
    let mut named: BTreeMap<&str, (&str, SpeakerSource)> = labels
        .iter()
        .filter(|l| !is_placeholder(l))
        .map(|&l| (l, canonical(l, dict)))
        .collect();
    shorten(&mut named, dict);
    let speaking: BTreeSet<String> = named.values().map(|(name, _)| key(name)).collect();
    let mut others: Vec<&str> = Vec::new();
    let mut other_keys = BTreeSet::new();
    for p in participants {
        let (name, _) = canonical(p, dict);
        let k = key(name);
        if !speaking.contains(&k) && other_keys.insert(k) {
            others.push(name);
        }
    }
    let inferred = (placeholders.len() == 1 && others.len() == 1).then(|| others[0]);

    let mut resolved = vec![(String::new(), SpeakerSource::Unresolved); distinct.len()];
    for (&l, &slot) in &distinct {
        resolved[slot] = {
            let (speaker, source) = match named.get(l) {
                Some(&(name, source)) => (name, source),
                None => match inferred {
                    Some(name) => (name, SpeakerSource::Inferred),
                    None => (l, SpeakerSource::Unresolved),
                },
            };
            (speaker.to_string(), source)
        };
    }
    // Warnings first: they only read the turns, which are rewritten below.
    let diagnostics: Vec<Diagnostic> =
        if inferred.is_some() {
            Vec::new()
        } else {
            placeholders
            .iter()
            .map(|&label| {
                let why = match (placeholders.len(), others.len()) {
                    (1, 0) => {
                        "the note names no participant who is not already speaking".to_string()
                    }
                    (1, _) => format!(
                        "the note names {} possible people ({})",
                        others.len(),
                        others.join(", ")
                    ),
                    (n, _) => format!(
                        "the transcript has {n} placeholder labels and they cannot be told apart"
                    ),
                };
                let mut d = Diagnostic::warning(
                    Code::SpeakerUnresolved,
                    format!("speaker label {label:?} is not resolved: {why}"),
                );
                d.line = turns.iter().find(|t| t.speaker_label == label).map(|t| t.line);
                d
            })
            .collect()
        };

    for (t, slot) in turns.iter_mut().zip(slots) {
        match slot.map(|i| &resolved[i]) {
            Some((speaker, source)) => {
                t.speaker.clone_from(speaker);
                t.speaker_source = *source;
            }
            None => {
                t.speaker.clear();
                t.speaker_source = SpeakerSource::Unresolved;
            }
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::people::Person;
    use crate::model::LineNo;

    fn turns(labels: &[&str]) -> Vec<Turn> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| Turn {
                index: i as u32 + 1,
                line: LineNo(i as u32 + 1),
                last_line: LineNo(i as u32 + 1),
                start: None,
                end: None,
                end_given: false,
                speaker: String::new(),
                speaker_label: l.to_string(),
                speaker_source: SpeakerSource::Label,
                text: String::new(),
                cues: 1,
                kind: Default::default(),
            })
            .collect()
    }

    fn speakers(t: &[Turn]) -> Vec<(&str, SpeakerSource)> {
        t.iter()
            .map(|t| (t.speaker.as_str(), t.speaker_source))
            .collect()
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn remote_is_the_one_participant_not_speaking() {
        let mut t = turns(&["Jason Vallery", "Remote", ""]);
        let d = resolve(&mut t, &names(&["Jeff Denworth"]), &PeopleDict::default());
        assert!(d.is_empty());
        assert_eq!(
            speakers(&t),
            [
                ("Jason Vallery", SpeakerSource::Label),
                ("Jeff Denworth", SpeakerSource::Inferred),
                ("", SpeakerSource::Unresolved)
            ]
        );
    }

    #[test]
    fn participants_already_speaking_are_not_candidates() {
        let mut t = turns(&["Ann Lee", "Speaker 2"]);
        let d = resolve(
            &mut t,
            &names(&["ann lee", "Bo Chen"]),
            &PeopleDict::default(),
        );
        assert!(d.is_empty());
        assert_eq!(t[1].speaker, "Bo Chen");
    }

    #[test]
    fn two_candidates_stay_unresolved_with_a_warning() {
        let mut t = turns(&["Ann Lee", "Remote"]);
        let d = resolve(
            &mut t,
            &names(&["Bo Chen", "Cy Dunn"]),
            &PeopleDict::default(),
        );
        assert_eq!(speakers(&t)[1], ("Remote", SpeakerSource::Unresolved));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::SpeakerUnresolved);
        assert_eq!(d[0].line, Some(LineNo(2)));
        assert!(
            d[0].message.contains("Bo Chen, Cy Dunn"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn two_placeholders_stay_unresolved() {
        let mut t = turns(&["Speaker 1", "Speaker 2"]);
        let d = resolve(&mut t, &names(&["Bo Chen"]), &PeopleDict::default());
        assert_eq!(d.len(), 2);
        assert_eq!(t[0].speaker_source, SpeakerSource::Unresolved);
    }

    #[test]
    fn aliases_resolve_through_the_dictionary() {
        let dict = PeopleDict::from_people(vec![Person {
            name: "Tomasz Wójcik".into(),
            aliases: vec!["Tomek".into()],
            ..Default::default()
        }]);
        let mut t = turns(&["Tomek", "Remote"]);
        resolve(&mut t, &names(&["Tomasz Wójcik", "Priya Raman"]), &dict);
        assert_eq!(
            speakers(&t),
            [
                ("Tomasz Wójcik", SpeakerSource::Dictionary),
                ("Priya Raman", SpeakerSource::Inferred)
            ]
        );
    }

    #[test]
    fn a_shortened_label_is_the_one_longer_label_it_shortens() {
        let mut t = turns(&[
            "Michael KENNEDY",
            "Brian OKKEN",
            "KENNEDY",
            "okken",
            "SMITH",
            "Ann Lee",
            "Bo Lee",
            "Lee",
        ]);
        let d = resolve(&mut t, &[], &PeopleDict::default());
        assert!(d.is_empty());
        assert_eq!(
            speakers(&t),
            [
                ("Michael KENNEDY", SpeakerSource::Label),
                ("Brian OKKEN", SpeakerSource::Label),
                ("Michael KENNEDY", SpeakerSource::Shortened),
                ("Brian OKKEN", SpeakerSource::Shortened),
                ("SMITH", SpeakerSource::Label),
                ("Ann Lee", SpeakerSource::Label),
                ("Bo Lee", SpeakerSource::Label),
                ("Lee", SpeakerSource::Label),
            ]
        );
    }

    #[test]
    fn a_last_name_one_person_has_resolves_through_the_dictionary() {
        let dict = PeopleDict::from_people(vec![Person {
            name: "Michael Kennedy".into(),
            ..Default::default()
        }]);
        let mut t = turns(&["KENNEDY"]);
        resolve(&mut t, &[], &dict);
        assert_eq!(
            speakers(&t),
            [("Michael Kennedy", SpeakerSource::Dictionary)]
        );
    }

    #[test]
    fn placeholder_shapes() {
        for p in [
            "Remote",
            "Unknown Speaker",
            "Speaker 1",
            "SPEAKER_00",
            "speaker3",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for n in ["Speakers", "Speaker Pelosi", "Remy"] {
            assert!(!is_placeholder(n), "{n}");
        }
    }
}
