//! The output contract: every table, declared once.
//!
//! A [`Table`] has a name (the file stem: `turns` is `turns.csv`,
//! `turns.parquet`), a grain (rows written document by document, or once
//! for the whole run at the end) and its columns, each with a [`Type`] and
//! a one-line doc. Rows are built against these declarations
//! ([`super::rows::Batch`] checks every cell's type as it is pushed) and
//! every sink renders them from there: CSV, Parquet and the nested JSON
//! Lines all take their column names, order and types from this file, and
//! a test checks that the README's column tables list the same columns in
//! the same order.
//!
//! The tables are normalised: a document's own cells (title, date,
//! format…) are in `documents` only, and the text of a turn is in `turns`
//! only; the other tables point at them by `(doc_id, turn)`. Empty cells
//! are NULL in every format (an empty CSV cell, a Parquet null, a JSON
//! null), empty lists included.

/// The type of a column's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Text,
    /// A whole number (a count, a turn number, a line, an offset).
    Int,
    /// A number written with `decimals` decimals in CSV; Parquet and JSON
    /// hold the same value rounded to as many.
    Float {
        decimals: u8,
    },
    /// Seconds, to the centisecond (`3.50` in CSV, a float elsewhere).
    Seconds,
    /// A calendar date: `YYYY-MM-DD` in CSV and JSON, a date in Parquet.
    Date,
    /// A list of texts: joined with `;` in CSV, a list in Parquet and JSON.
    List,
}

impl Type {
    /// The name the README's column tables use.
    pub fn name(self) -> &'static str {
        match self {
            Type::Text => "text",
            Type::Int => "int",
            Type::Float { .. } | Type::Seconds => "float",
            Type::Date => "date",
            Type::List => "list",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub doc: &'static str,
}

/// When a table's rows are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grain {
    /// For each input file, on the worker threads, in doc_id order.
    Document,
    /// Once, at the end of the run (totals, the people dictionary).
    Corpus,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub grain: Grain,
    /// Written only with `--explain-repairs`.
    pub on_request: bool,
    pub doc: &'static str,
    pub columns: &'static [Column],
}

impl Table {
    pub fn csv_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    pub fn parquet_name(&self) -> String {
        format!("{}.parquet", self.name)
    }

    pub fn column_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|c| c.name)
    }
}

const fn col(name: &'static str, ty: Type, doc: &'static str) -> Column {
    Column { name, ty, doc }
}

const fn table(
    name: &'static str,
    grain: Grain,
    doc: &'static str,
    columns: &'static [Column],
) -> Table {
    Table {
        name,
        grain,
        on_request: false,
        doc,
        columns,
    }
}

const DOC_ID: Column = col(
    "doc_id",
    Type::Text,
    "the file's path under the input folder, with `/`",
);
const TURN: Column = col("turn", Type::Int, "the turn, 1, 2, … within the document");

pub static DOCUMENTS: Table = table(
    "documents",
    Grain::Document,
    "one row per input file read (failed ones too)",
    &[
        DOC_ID,
        col(
            "kind",
            Type::Text,
            "transcript, note or person; empty for a file that could not be processed",
        ),
        col("format", Type::Text, "the format of the turns"),
        col("language", Type::Text, "the language the file declares"),
        col("encoding", Type::Text, "what the bytes were decoded from"),
        col("date", Type::Date, "the meeting's date"),
        col("title", Type::Text, "the title"),
        col("participants", Type::List, "who took part"),
        col("turns", Type::Int, "turns"),
        col("words", Type::Int, "words in the turns"),
        col(
            "duration_s",
            Type::Seconds,
            "from the first turn's start to the last time",
        ),
        col("speakers", Type::Int, "distinct speakers"),
        col(
            "switches",
            Type::Int,
            "talk turns by another speaker than the turn before",
        ),
        col(
            "interactivity",
            Type::Float { decimals: 2 },
            "speaker switches per minute",
        ),
        col(
            "silence_share",
            Type::Float { decimals: 4 },
            "share of the time nobody talks (formats with cue ends)",
        ),
        col("repairs", Type::Int, "mojibake changes made"),
        col("warnings", Type::Int, "warnings in diagnostics"),
        col("errors", Type::Int, "errors in diagnostics"),
    ],
);

pub static TURNS: Table = table(
    "turns",
    Grain::Document,
    "one row per speaker turn",
    &[
        DOC_ID,
        TURN,
        col("start_s", Type::Seconds, "start"),
        col("end_s", Type::Seconds, "end"),
        col("speaker", Type::Text, "the resolved speaker"),
        col("speaker_label", Type::Text, "the label as written"),
        col("speaker_source", Type::Text, "how the speaker was found"),
        col("kind", Type::Text, "speech or chat"),
        col("cues", Type::Int, "cues, segments or lines of the source"),
        col("words", Type::Int, "words in text"),
        col(
            "people",
            Type::List,
            "the people the turn mentions (resolved)",
        ),
        col("turn_flags", Type::List, "noise and chat flags"),
        col("topics", Type::List, "the topics the turn is about"),
        col("text", Type::Text, "what was said"),
    ],
);

pub static STATEMENTS: Table = table(
    "statements",
    Grain::Document,
    "one row per turn and topic it is about",
    &[
        DOC_ID,
        TURN,
        col("speaker", Type::Text, "who said it"),
        col("topic", Type::Text, "the topic"),
        col(
            "evidence",
            Type::List,
            "the taxonomy's phrases that matched",
        ),
        col(
            "people",
            Type::List,
            "the people the turn mentions (resolved)",
        ),
    ],
);

pub static MENTIONS: Table = table(
    "mentions",
    Grain::Document,
    "one row per mention of a person",
    &[
        DOC_ID,
        col("turn", Type::Int, "the turn it is in; empty outside turns"),
        col("section", Type::Text, "the heading it is under"),
        col("speaker", Type::Text, "who said it"),
        col(
            "person",
            Type::Text,
            "the canonical name; empty when ambiguous",
        ),
        col("surface", Type::Text, "the text as written"),
        col("offset", Type::Int, "character offset in the turn or line"),
        col("kind", Type::Text, "full, first, last, alias, …"),
        col("candidates", Type::List, "everybody the name fits"),
        col("line", Type::Int, "line in the file"),
    ],
);

/// The talk columns `speakers` and `speaker_totals` share.
macro_rules! talk_columns {
    ($($first:expr),*) => {
        &[
            $($first,)*
            col("turns", Type::Int, "turns (speech, not noise)"),
            col("words", Type::Int, "words"),
            col("talk_s", Type::Seconds, "sum of the turns' durations"),
            col("talk_share", Type::Float { decimals: 4 }, "share of the talk"),
            col("words_per_min", Type::Float { decimals: 1 }, "words per minute of talk"),
            col("longest_turn_s", Type::Seconds, "the longest turn"),
            col("questions", Type::Int, "turns with a question mark"),
            col("monologues", Type::Int, "runs of consecutive turns"),
            col("mean_monologue_s", Type::Seconds, "talk time per monologue"),
            col("longest_monologue_s", Type::Seconds, "the longest monologue"),
            col("longest_monologue_turns", Type::Int, "the most turns in one monologue"),
            col("patience_s", Type::Seconds, "mean gap before they start after someone stops"),
            col("overlaps", Type::Int, "turns started before the previous one ended"),
            col("interruptions_received", Type::Int, "turns of others started before theirs ended"),
        ]
    };
}

pub static SPEAKERS: Table = table(
    "speakers",
    Grain::Document,
    "one row per document and speaker",
    talk_columns!(
        DOC_ID,
        col("date", Type::Date, "the document's date"),
        col("speaker", Type::Text, "the speaker")
    ),
);

pub static SPEAKER_TOTALS: Table = table(
    "speaker_totals",
    Grain::Corpus,
    "one row per speaker over the whole run",
    talk_columns!(
        col("speaker", Type::Text, "the speaker"),
        col("documents", Type::Int, "documents they talk in"),
        col("first_date", Type::Date, "the earliest dated one"),
        col("last_date", Type::Date, "the latest dated one")
    ),
);

pub static TOPICS: Table = table(
    "topics",
    Grain::Document,
    "one row per document and topic",
    &[
        DOC_ID,
        col("topic", Type::Text, "the topic"),
        col("turns", Type::Int, "turns about it"),
        col("talk_s", Type::Seconds, "their talk time"),
        col("first_s", Type::Seconds, "when it first came up"),
        col("last_s", Type::Seconds, "when it last came up"),
        col("raised_by", Type::Text, "who raised it first"),
        col("speakers", Type::List, "who talked about it, in order"),
    ],
);

pub static FOLLOWS: Table = table(
    "follows",
    Grain::Document,
    "one row per document and pair of speakers one after the other",
    &[
        DOC_ID,
        col("speaker", Type::Text, "who spoke"),
        col("next_speaker", Type::Text, "who spoke right after them"),
        col("times", Type::Int, "how often"),
    ],
);

pub static TOPIC_TOTALS: Table = table(
    "topic_totals",
    Grain::Corpus,
    "one row per topic over the whole run",
    &[
        col("topic", Type::Text, "the topic"),
        col("documents", Type::Int, "documents it comes up in"),
        col("turns", Type::Int, "turns about it"),
        col("talk_s", Type::Seconds, "their talk time"),
        col("speakers", Type::Int, "people who talked about it"),
        col(
            "raised_by",
            Type::Text,
            "who raised it first, in the earliest document",
        ),
        col("first_date", Type::Date, "the earliest dated document"),
        col("last_date", Type::Date, "the latest"),
    ],
);

pub static SPEAKER_TOPICS: Table = table(
    "speaker_topics",
    Grain::Corpus,
    "one row per speaker and topic over the whole run",
    &[
        col("speaker", Type::Text, "the speaker"),
        col("topic", Type::Text, "the topic"),
        col("documents", Type::Int, "documents they talk about it in"),
        col("turns", Type::Int, "turns"),
        col("talk_s", Type::Seconds, "talk time"),
    ],
);

pub static PEOPLE: Table = table(
    "people",
    Grain::Corpus,
    "the people dictionary as used",
    &[
        col("person", Type::Text, "the canonical name"),
        col("aliases", Type::List, "aliases and nicknames"),
        col("org", Type::Text, "organisation"),
        col("role", Type::Text, "role"),
        col("sources", Type::List, "where the person was defined"),
    ],
);

pub static ACTIONS: Table = table(
    "actions",
    // Written at the end of the run, in doc_id order: an `@Myself` needs
    // the vault's owner, whom the whole run may be needed to tell.
    Grain::Corpus,
    "one row per action item of a note",
    &[
        DOC_ID,
        col("line", Type::Int, "line in the file"),
        col("section", Type::Text, "the heading it is under"),
        col(
            "owner",
            Type::Text,
            "who must do it; empty when nobody is named",
        ),
        col("owner_label", Type::Text, "the owner as written"),
        col("owner_source", Type::Text, "how the owner was found"),
        col("text", Type::Text, "what is to be done"),
        col("status", Type::Text, "open, in-progress, done or cancelled"),
        col(
            "priority",
            Type::Text,
            "highest, high, medium, low or lowest",
        ),
        col("due", Type::Date, "due date"),
        col("scheduled", Type::Date, "scheduled date"),
        col("start", Type::Date, "start date"),
        col("created", Type::Date, "created date"),
        col("done", Type::Date, "done date"),
        col("cancelled", Type::Date, "cancelled date"),
        col("recurrence", Type::Text, "how it recurs"),
        col("source", Type::Text, "the convention it is written in"),
        col("mentions", Type::List, "the other people it names"),
    ],
);

pub static PERSON_ACTIONS: Table = table(
    "person_actions",
    Grain::Corpus,
    "one row per owner of action items over the whole run",
    &[
        col(
            "person",
            Type::Text,
            "the owner; empty for the items nobody owns",
        ),
        col("items", Type::Int, "action items"),
        col("open", Type::Int, "open ones"),
        col("in_progress", Type::Int, "in progress"),
        col("done", Type::Int, "done"),
        col("cancelled", Type::Int, "cancelled"),
        col("documents", Type::Int, "documents they are in"),
        col(
            "next_due",
            Type::Date,
            "the earliest due date of the open ones",
        ),
        col("last_done", Type::Date, "the latest done date"),
    ],
);

pub static DECISIONS: Table = table(
    "decisions",
    Grain::Document,
    "one row per decision, follow-up or open question of a note",
    &[
        DOC_ID,
        col("line", Type::Int, "line in the file"),
        col("section", Type::Text, "the heading it is under"),
        col("kind", Type::Text, "decision, follow-up or open-question"),
        col("text", Type::Text, "what was decided or asked"),
        col("mentions", Type::List, "the people it names"),
    ],
);

pub static DIAGNOSTICS: Table = table(
    "diagnostics",
    Grain::Document,
    "one row per finding",
    &[
        DOC_ID,
        col(
            "line",
            Type::Int,
            "line in the file; empty for the whole file",
        ),
        col("severity", Type::Text, "error, warning or info"),
        col("code", Type::Text, "what kind of finding"),
        col("message", Type::Text, "what was wrong, in words"),
    ],
);

pub static REPAIRS: Table = table(
    "repairs",
    Grain::Document,
    "one row per document and repair step",
    &[
        DOC_ID,
        col("step", Type::Int, "1, 2, … in the order the steps ran"),
        col("scope", Type::Text, "document, line or run"),
        col("codec", Type::Text, "what the UTF-8 had been misread as"),
        col("changes", Type::Int, "how many stretches it changed"),
        col("line", Type::Int, "the first change's line"),
        col("before", Type::Text, "the first change's text as it was"),
        col("after", Type::Text, "what it became"),
    ],
);

pub static REPAIR_CHANGES: Table = Table {
    on_request: true,
    ..table(
        "repair_changes",
        Grain::Document,
        "one row per change a repair step made (--explain-repairs)",
        &[
            DOC_ID,
            col("step", Type::Int, "the step in repairs"),
            col("line", Type::Int, "line in the file"),
            col("before", Type::Text, "the text as it was"),
            col("after", Type::Text, "what it became"),
        ],
    )
};

/// Every table, in the order the README documents them.
pub static TABLES: [&Table; 17] = [
    &DOCUMENTS,
    &TURNS,
    &STATEMENTS,
    &MENTIONS,
    &SPEAKERS,
    &SPEAKER_TOTALS,
    &FOLLOWS,
    &TOPICS,
    &SPEAKER_TOPICS,
    &TOPIC_TOTALS,
    &PEOPLE,
    &ACTIONS,
    &PERSON_ACTIONS,
    &DECISIONS,
    &DIAGNOSTICS,
    &REPAIRS,
    &REPAIR_CHANGES,
];

/// The per-document sums behind the corpus tables, for engines that make
/// those tables themselves from documents processed apart (the Python
/// package with `corpus_parts=True`, and the Spark job). A run does not
/// write them: it adds the same numbers up as it goes
/// (`analysis::stats::CorpusStats::add`). They hold what the rounded
/// seconds of `speakers` and `topics` lose (milliseconds, the counts
/// behind the means), so that summing them gives a run's totals exactly:
/// `speaker_totals` from `speaker_parts`, `topic_totals` from
/// `topic_parts`, `speaker_topics` from `speaker_topic_parts`. The README
/// (*Scaling out*) gives each corpus column's formula.
pub static SPEAKER_PARTS: Table = table(
    "speaker_parts",
    Grain::Document,
    "one row per document and speaker: the sums behind speaker_totals",
    &[
        DOC_ID,
        col("date", Type::Date, "the document's date"),
        col("speaker", Type::Text, "the speaker"),
        col("turns", Type::Int, "turns (speech, not noise)"),
        col("words", Type::Int, "words"),
        col(
            "talk_ms",
            Type::Int,
            "sum of the durations of the turns that have one",
        ),
        col("timed", Type::Int, "turns with a duration"),
        col("longest_ms", Type::Int, "the longest turn"),
        col("questions", Type::Int, "turns with a question mark"),
        col("monologues", Type::Int, "runs of consecutive turns"),
        col("longest_monologue_ms", Type::Int, "the longest monologue"),
        col(
            "longest_monologue_turns",
            Type::Int,
            "the most turns in one monologue",
        ),
        col(
            "patience_ms",
            Type::Int,
            "sum of the gaps before their turns that follow another speaker's",
        ),
        col("patience_n", Type::Int, "how many gaps that sum has"),
        col(
            "overlaps",
            Type::Int,
            "turns started before the previous one ended",
        ),
        col(
            "interrupted",
            Type::Int,
            "turns of others started before theirs ended",
        ),
        col(
            "ends_given",
            Type::Int,
            "1 if the format gives ends (overlaps are counts), else 0",
        ),
    ],
);

pub static TOPIC_PARTS: Table = table(
    "topic_parts",
    Grain::Document,
    "one row per document and topic: the sums behind topic_totals",
    &[
        DOC_ID,
        col("date", Type::Date, "the document's date"),
        col("topic", Type::Text, "the topic"),
        col("turns", Type::Int, "turns about it"),
        col("talk_ms", Type::Int, "their talk time"),
        col("timed", Type::Int, "those turns with a duration"),
        col("raised_by", Type::Text, "who raised it first"),
        col("speakers", Type::List, "who talked about it, in order"),
    ],
);

pub static SPEAKER_TOPIC_PARTS: Table = table(
    "speaker_topic_parts",
    Grain::Document,
    "one row per document, speaker and topic: the sums behind speaker_topics",
    &[
        DOC_ID,
        col("speaker", Type::Text, "the speaker"),
        col("topic", Type::Text, "the topic"),
        col("turns", Type::Int, "turns"),
        col("talk_ms", Type::Int, "talk time"),
        col("timed", Type::Int, "those turns with a duration"),
    ],
);

/// The parts tables, in the order [`super::build::parts`] fills them.
pub static PARTS: [&Table; 3] = [&SPEAKER_PARTS, &TOPIC_PARTS, &SPEAKER_TOPIC_PARTS];

/// The tables made document by document, in [`TABLES`] order: the index
/// of a table here is its place in [`super::rows::Rows`].
pub fn document_tables() -> impl Iterator<Item = &'static Table> {
    TABLES.into_iter().filter(|t| t.grain == Grain::Document)
}

/// The name of the nested JSON Lines file (`--format jsonl`).
pub const DOCUMENTS_JSONL: &str = "documents.jsonl";

/// A shard's record of its documents (`run --shard`), which `merge`
/// reads: see `run::shard`.
pub const SHARD: &str = "shard.jsonl";

/// The run's manifest.
pub const MANIFEST: &str = "run.json";

/// The HTML report (`--report`, `saidwhat report`).
pub const REPORT: &str = "report.html";

/// Every file name a run may write into `--out`: the files it owns, and
/// removes when a later run does not write them again.
pub fn owned_files() -> Vec<String> {
    let mut names: Vec<String> = TABLES
        .iter()
        .flat_map(|t| [t.csv_name(), t.parquet_name()])
        .collect();
    names.push(DOCUMENTS_JSONL.to_string());
    names.push(REPORT.to_string());
    names.push(SHARD.to_string());
    names.push(MANIFEST.to_string());
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_unique_within_a_table() {
        for t in TABLES.into_iter().chain(PARTS) {
            let mut names: Vec<_> = t.column_names().collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), t.columns.len(), "{}", t.name);
        }
    }

    #[test]
    fn document_tables_start_with_doc_id() {
        for t in document_tables().chain(PARTS) {
            assert_eq!(t.columns[0], DOC_ID, "{}", t.name);
        }
    }
}
