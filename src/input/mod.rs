//! Finding and reading the input files. One of the two stages that do I/O.
//!
//! Folders are walked recursively, skipping hidden entries (`.obsidian`,
//! `.git`, `.trash`) and keeping files with the extensions notes and
//! transcripts come in. Ignore files (`.gitignore`) are not honoured: a dump
//! of notes is processed whole, and nothing is skipped without a reason the
//! user can see. A file named on the command line is always read, whatever
//! its extension. The same file reached twice (a folder and a file in it)
//! is read once.
//!
//! The list is sorted by doc_id before anything is processed, which is what
//! makes the output independent of the walk order and the thread count.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::model::{Code, Diagnostic, DocId};

/// The extensions a folder walk keeps (compared case-insensitively).
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "vtt", "srt", "json"];

/// A file to process.
#[derive(Clone, Debug)]
pub struct Source {
    pub id: DocId,
    pub path: PathBuf,
    /// Findings about the file from before it is read (a doc_id shared with another file).
    pub diagnostics: Vec<Diagnostic>,
}

/// A file to process, or a place the walk could not enter.
#[derive(Clone, Debug)]
pub enum Entry {
    File(Source),
    Unreadable { id: DocId, message: String },
}

impl Entry {
    pub fn id(&self) -> &DocId {
        match self {
            Entry::File(s) => &s.id,
            Entry::Unreadable { id, .. } => id,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
}

/// Lists the files under `paths`, sorted by doc_id. `exclude` is a folder
/// never to enter (the output folder, when it is inside an input).
pub fn collect(paths: &[PathBuf], exclude: Option<&Path>) -> Result<Vec<Entry>, InputError> {
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(InputError::Missing(p.clone()));
        }
    }
    let exclude = exclude.and_then(|e| e.canonicalize().ok());
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut entries = Vec::new();
    for root in paths {
        if root.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            push_file(&mut entries, &mut seen, DocId(name), root.clone());
            continue;
        }
        let exclude = exclude.clone();
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .hidden(true)
            .follow_links(false)
            .filter_entry(move |e| {
                let excluded = exclude.as_ref().is_some_and(|x| {
                    e.file_type().is_some_and(|t| t.is_dir())
                        && e.path().canonicalize().is_ok_and(|c| &c == x)
                });
                !excluded
            })
            .build();
        for result in walker {
            match result {
                Ok(entry) => {
                    let path = entry.path();
                    if entry.depth() == 0 || !path.is_file() || !has_extension(path) {
                        continue;
                    }
                    let id = relative_id(root, path);
                    push_file(&mut entries, &mut seen, id, path.to_path_buf());
                }
                Err(err) => {
                    let id = error_path(&err)
                        .map(|p| relative_id(root, p))
                        .unwrap_or_else(|| DocId(root.display().to_string()));
                    entries.push(Entry::Unreadable {
                        id,
                        message: err.to_string(),
                    });
                }
            }
        }
    }
    // Stable: among equal doc_ids, the input given first comes first.
    entries.sort_by(|a, b| a.id().cmp(b.id()));
    for i in 1..entries.len() {
        let duplicate = entries[i].id() == entries[i - 1].id();
        if let (true, Entry::File(source)) = (duplicate, &mut entries[i]) {
            source.diagnostics.push(Diagnostic::warning(
                Code::DuplicateDocId,
                format!(
                    "{} has the same doc_id as a file under an earlier input",
                    source.path.display()
                ),
            ));
        }
    }
    Ok(entries)
}

fn push_file(entries: &mut Vec<Entry>, seen: &mut HashSet<PathBuf>, id: DocId, path: PathBuf) {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
    if seen.insert(canonical) {
        entries.push(Entry::File(Source {
            id,
            path,
            diagnostics: Vec::new(),
        }));
    }
}

fn has_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The path relative to the root, with `/` separators.
fn relative_id(root: &Path, path: &Path) -> DocId {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    DocId(parts.join("/"))
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

/// Reads at most `limit` bytes from the start of a file; the flag says
/// whether that is the whole file.
pub fn read_prefix(source: &Source, limit: usize) -> std::io::Result<(Vec<u8>, bool)> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(limit + 1);
    std::fs::File::open(&source.path)?
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)?;
    let whole = buf.len() <= limit;
    buf.truncate(limit);
    Ok((buf, whole))
}

/// Reads a file's bytes.
pub fn read(source: &Source) -> std::io::Result<Vec<u8>> {
    std::fs::read(&source.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skipping_hidden_and_other_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.md",
            "a/z.txt",
            "a/y.VTT",
            ".obsidian/app.json",
            "a/.hidden.md",
            "img.png",
            "out/turns.csv",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let entries = collect(&[root.to_path_buf()], Some(&root.join("out"))).unwrap();
        let ids: Vec<&str> = entries.iter().map(|e| e.id().as_str()).collect();
        assert_eq!(ids, ["a/y.VTT", "a/z.txt", "b.md"]);
    }

    #[test]
    fn explicit_files_use_their_name_and_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.data");
        std::fs::write(&f, "x").unwrap();
        let g = dir.path().join("m.md");
        std::fs::write(&g, "x").unwrap();
        let entries = collect(&[f.clone(), dir.path().to_path_buf(), g], None).unwrap();
        let ids: Vec<&str> = entries.iter().map(|e| e.id().as_str()).collect();
        assert_eq!(ids, ["m.md", "notes.data"]);
    }

    #[test]
    fn same_relative_path_under_two_inputs_is_flagged() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::write(a.path().join("n.md"), "x").unwrap();
        std::fs::write(b.path().join("n.md"), "y").unwrap();
        let entries = collect(&[a.path().into(), b.path().into()], None).unwrap();
        assert_eq!(entries.len(), 2);
        let Entry::File(second) = &entries[1] else {
            panic!()
        };
        assert_eq!(second.diagnostics[0].code, Code::DuplicateDocId);
    }

    #[test]
    fn missing_input_is_an_error() {
        assert!(collect(&[PathBuf::from("/no/such/place")], None).is_err());
    }
}
