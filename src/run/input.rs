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
//! makes the output independent of the walk order and the thread count. It
//! is the one thing kept for every file of a run, so it is kept compactly
//! ([`FileList`]): a dump of a million notes costs tens of megabytes of
//! list, not hundreds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::model::{Code, Diagnostic, DocId};

/// The extensions a folder walk keeps (compared case-insensitively).
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "vtt", "srt", "json", "jsonl"];

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

/// The files of a run, sorted by doc_id. Each is kept as the bytes of its
/// path, its doc_id being the end of them (when it is not, its bytes
/// follow), and a place in `extra` for the few that have more to say.
/// [`FileList::get`] gives an entry back whole.
#[derive(Debug, Default)]
pub struct FileList {
    bytes: Vec<u8>,
    items: Vec<Item>,
    extra: Vec<Extra>,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    /// Where the path starts in `bytes` (empty for a place not entered).
    start: usize,
    path_len: u32,
    /// The doc_id: `bytes[start + id_at..][..id_len]`.
    id_at: u32,
    id_len: u32,
    /// Index into `extra`, or `NO_EXTRA`.
    extra: u32,
}

const NO_EXTRA: u32 = u32::MAX;

#[derive(Debug)]
enum Extra {
    Diagnostics(Vec<Diagnostic>),
    Unreadable(String),
}

impl FileList {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Entry `i`, in doc_id order.
    pub fn get(&self, i: usize) -> Entry {
        self.entry(&self.items[i])
    }

    fn entry(&self, item: &Item) -> Entry {
        let id = DocId(String::from_utf8_lossy(self.id_bytes(item)).into_owned());
        match self.extra.get(item.extra as usize) {
            Some(Extra::Unreadable(message)) => Entry::Unreadable {
                id,
                message: message.clone(),
            },
            found => {
                let bytes = &self.bytes[item.start..][..item.path_len as usize];
                // SAFETY: the bytes are a whole path's `as_encoded_bytes`,
                // taken in this process (see `push_file`).
                let path = unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(bytes) };
                Entry::File(Source {
                    id,
                    path: PathBuf::from(path),
                    diagnostics: match found {
                        Some(Extra::Diagnostics(d)) => d.clone(),
                        _ => Vec::new(),
                    },
                })
            }
        }
    }

    /// The entries in order, each made whole (see [`FileList::get`]).
    pub fn iter(&self) -> impl Iterator<Item = Entry> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn id_bytes(&self, item: &Item) -> &[u8] {
        &self.bytes[item.start + item.id_at as usize..][..item.id_len as usize]
    }

    fn push_file(&mut self, id: &DocId, path: &Path) {
        let start = self.bytes.len();
        let path_bytes = path.as_os_str().as_encoded_bytes();
        self.bytes.extend_from_slice(path_bytes);
        let id_bytes = id.as_str().as_bytes();
        let id_at = if path_bytes.ends_with(id_bytes) {
            path_bytes.len() - id_bytes.len()
        } else {
            self.bytes.extend_from_slice(id_bytes);
            path_bytes.len()
        };
        self.items.push(Item {
            start,
            path_len: path_bytes.len() as u32,
            id_at: id_at as u32,
            id_len: id_bytes.len() as u32,
            extra: NO_EXTRA,
        });
    }

    fn push_unreadable(&mut self, id: &DocId, message: String) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(id.as_str().as_bytes());
        self.extra.push(Extra::Unreadable(message));
        self.items.push(Item {
            start,
            path_len: 0,
            id_at: 0,
            id_len: id.as_str().len() as u32,
            extra: (self.extra.len() - 1) as u32,
        });
    }

    /// Sorts by doc_id, stably: among equal doc_ids, the input given first
    /// comes first, and the later ones are told so.
    fn sort(&mut self) {
        let mut items = std::mem::take(&mut self.items);
        items.sort_by(|a, b| self.id_bytes(a).cmp(self.id_bytes(b)));
        for i in 1..items.len() {
            let (before, now) = (items[i - 1], items[i]);
            if self.id_bytes(&before) == self.id_bytes(&now) {
                // Only files are told; a place not entered has no more to say.
                let Entry::File(source) = self.entry(&now) else {
                    continue;
                };
                let note = Diagnostic::warning(
                    Code::DuplicateDocId,
                    format!(
                        "{} has the same doc_id as a file under an earlier input",
                        source.path.display()
                    ),
                );
                self.extra.push(Extra::Diagnostics(vec![note]));
                items[i].extra = (self.extra.len() - 1) as u32;
            }
        }
        self.items = items;
        self.items.shrink_to_fit();
        self.bytes.shrink_to_fit();
    }
}

/// Lists the files under `paths`, sorted by doc_id. `exclude` is a folder
/// never to enter (the output folder, when it is inside an input).
pub fn collect(paths: &[PathBuf], exclude: Option<&Path>) -> Result<FileList, InputError> {
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(InputError::Missing(p.clone()));
        }
    }
    let exclude = exclude.and_then(|e| e.canonicalize().ok());
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut list = FileList::default();
    let mut push_file = |list: &mut FileList, id: DocId, path: &Path| {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if seen.insert(canonical) {
            list.push_file(&id, path);
        }
    };
    for root in paths {
        if root.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            push_file(&mut list, DocId(name), root);
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
                    push_file(&mut list, relative_id(root, path), path);
                }
                Err(err) => {
                    let id = error_path(&err)
                        .map(|p| relative_id(root, p))
                        .unwrap_or_else(|| DocId(root.display().to_string()));
                    list.push_unreadable(&id, err.to_string());
                }
            }
        }
    }
    list.sort();
    Ok(list)
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
        let entries: Vec<Entry> = collect(&[root.to_path_buf()], Some(&root.join("out")))
            .unwrap()
            .iter()
            .collect();
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
        let entries: Vec<Entry> = collect(&[f.clone(), dir.path().to_path_buf(), g], None)
            .unwrap()
            .iter()
            .collect();
        let ids: Vec<&str> = entries.iter().map(|e| e.id().as_str()).collect();
        assert_eq!(ids, ["m.md", "notes.data"]);
    }

    #[test]
    fn same_relative_path_under_two_inputs_is_flagged() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::write(a.path().join("n.md"), "x").unwrap();
        std::fs::write(b.path().join("n.md"), "y").unwrap();
        let entries: Vec<Entry> = collect(&[a.path().into(), b.path().into()], None)
            .unwrap()
            .iter()
            .collect();
        assert_eq!(entries.len(), 2);
        let Entry::File(second) = &entries[1] else {
            panic!()
        };
        assert_eq!(second.diagnostics[0].code, Code::DuplicateDocId);
    }

    #[test]
    fn the_compact_list_gives_entries_back_whole_and_sorted() {
        let mut list = FileList::default();
        list.push_file(&DocId("b/n.md".into()), Path::new("/vault/b/n.md"));
        // A doc_id that is not the end of its path (a lossy name).
        list.push_file(&DocId("a/\u{fffd}.md".into()), Path::new("/vault/a/x.md"));
        list.push_unreadable(&DocId("c".into()), "permission denied".into());
        list.sort();
        let entries: Vec<Entry> = list.iter().collect();
        let ids: Vec<&str> = entries.iter().map(|e| e.id().as_str()).collect();
        assert_eq!(ids, ["a/\u{fffd}.md", "b/n.md", "c"]);
        let Entry::File(a) = &entries[0] else {
            panic!()
        };
        assert_eq!(a.path, Path::new("/vault/a/x.md"));
        assert!(a.diagnostics.is_empty());
        let Entry::File(b) = &entries[1] else {
            panic!()
        };
        assert_eq!(b.path, Path::new("/vault/b/n.md"));
        let Entry::Unreadable { message, .. } = &entries[2] else {
            panic!()
        };
        assert_eq!(message, "permission denied");
    }

    #[test]
    fn missing_input_is_an_error() {
        assert!(collect(&[PathBuf::from("/no/such/place")], None).is_err());
    }
}
