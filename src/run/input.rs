//! Finding and reading the input files. One of the two stages that do I/O.
//!
//! Folders are walked recursively, skipping hidden entries (`.obsidian`,
//! `.git`, `.trash`) and keeping files with the extensions notes and
//! transcripts come in. Ignore files (`.gitignore`) are not honoured: a dump
//! of notes is processed whole, and nothing is skipped without a reason the
//! user can see. **Every entry under an input is a file to read or a
//! diagnostic**:
//!
//! - a file of another extension, a hidden entry (once, not every file
//!   inside a hidden folder) and the output folder are `skipped` (info);
//! - symbolic links are followed, to files and to folders. A link to a
//!   folder that encloses it is not followed again (`skipped`: the loop
//!   loses nothing, its files are read through the real path); a link
//!   that leads nowhere (broken, or a loop of links) is `unreadable`;
//! - anything that is not a regular file or a folder (a FIFO, a socket, a
//!   device, or a link to one) is `not-a-file`, and never opened by the
//!   walk;
//! - a file over the size limit (`--max-file-size`) is `too-large`, and
//!   not read;
//! - the same file reached under several names (links, a folder and a
//!   file in it, two inputs) is read once, under the name that sorts
//!   first; each other name is an `alias-of` (info) naming it. A file named
//!   on the command line is always read, whatever its extension.
//!
//! The list is sorted by doc_id before anything is processed, and names of
//! the same file are told apart only then, which is what makes the output
//! independent of the walk order (tmpfs and ext4 list a folder in different
//! orders) and of the thread count. It is the one thing kept for every file
//! of a run, so it is kept compactly ([`FileList`]): a dump of a million
//! notes costs tens of megabytes of list, not hundreds.
//!
//! Reading opens each file once and asks the open handle what it is
//! ([`read`]): the walk's answer may be stale (a file replaced by a FIFO
//! between the walk and the read would block a worker forever), so a file
//! is opened without blocking, refused unless it is still a regular file
//! under the limit, and read no further than the limit. A binary file is
//! told from its first bytes, before the rest is read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::model::{Code, Diagnostic, DocId};

/// The extensions a folder walk keeps (compared case-insensitively).
pub const EXTENSIONS: &[&str] = &[
    "md", "markdown", "txt", "text", "vtt", "srt", "sbv", "json", "jsonl", "tsv",
];

/// The largest file read unless `--max-file-size` says otherwise: 256 MiB,
/// a hundred times the longest transcript in the peers' corpus. Files are
/// read whole, so this is also what one file may cost in memory (times the
/// worker threads, times a few for its text and rows).
pub const MAX_FILE_SIZE: u64 = 256 << 20;

/// A file to process.
#[derive(Clone, Debug)]
pub struct Source {
    pub id: DocId,
    pub path: PathBuf,
    /// Findings about the file from before it is read (a doc_id shared with another file).
    pub diagnostics: Vec<Diagnostic>,
    /// The most bytes to read from it: larger, it is refused.
    pub limit: u64,
}

/// A file to process, a place the walk could not read, or one it did not
/// read on purpose.
#[derive(Clone, Debug)]
pub enum Entry {
    File(Source),
    /// Cannot be read: an error diagnostic of `code` (`unreadable`,
    /// `not-a-file`, `too-large`) says why.
    Unreadable {
        id: DocId,
        code: Code,
        message: String,
    },
    /// Not read on purpose: an info diagnostic of `code` (`skipped`,
    /// `alias-of`) says why.
    Skipped {
        id: DocId,
        code: Code,
        reason: String,
    },
}

impl Entry {
    pub fn id(&self) -> &DocId {
        match self {
            Entry::File(s) => &s.id,
            Entry::Unreadable { id, .. } | Entry::Skipped { id, .. } => id,
        }
    }

    /// The diagnostic of an entry that is not read (`None` for a file).
    pub fn refusal(&self) -> Option<Diagnostic> {
        match self {
            Entry::File(_) => None,
            Entry::Unreadable { code, message, .. } => {
                Some(Diagnostic::error(*code, message.clone()))
            }
            Entry::Skipped { code, reason, .. } => Some(Diagnostic::info(*code, reason.clone())),
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
#[derive(Debug)]
pub struct FileList {
    bytes: Vec<u8>,
    items: Vec<Item>,
    extra: Vec<Extra>,
    /// What [`Source::limit`] says.
    limit: u64,
}

impl Default for FileList {
    fn default() -> FileList {
        FileList {
            bytes: Vec::new(),
            items: Vec::new(),
            extra: Vec::new(),
            limit: MAX_FILE_SIZE,
        }
    }
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
    Unreadable(Code, String),
    Skipped(Code, String),
}

/// What makes two names the same file: its device and inode where there
/// are such, else its canonical path.
#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

#[cfg(unix)]
fn file_key(_path: &Path, meta: &std::fs::Metadata) -> FileKey {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_key(path: &Path, _meta: &std::fs::Metadata) -> FileKey {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
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
            Some(Extra::Unreadable(code, message)) => Entry::Unreadable {
                id,
                code: *code,
                message: message.clone(),
            },
            Some(Extra::Skipped(code, reason)) => Entry::Skipped {
                id,
                code: *code,
                reason: reason.clone(),
            },
            found => Entry::File(Source {
                id,
                path: self.path(item),
                diagnostics: match found {
                    Some(Extra::Diagnostics(d)) => d.clone(),
                    _ => Vec::new(),
                },
                limit: self.limit,
            }),
        }
    }

    fn path(&self, item: &Item) -> PathBuf {
        let bytes = &self.bytes[item.start..][..item.path_len as usize];
        // SAFETY: the bytes are a whole path's `as_encoded_bytes`, taken in
        // this process (see `push_file`).
        let path = unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(bytes) };
        PathBuf::from(path)
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

    fn push_skipped(&mut self, id: &DocId, code: Code, reason: String) {
        self.push_place(id, Extra::Skipped(code, reason));
    }

    /// An entry that is not a file to read: only its doc_id and what to say.
    fn push_place(&mut self, id: &DocId, extra: Extra) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(id.as_str().as_bytes());
        self.extra.push(extra);
        self.items.push(Item {
            start,
            path_len: 0,
            id_at: 0,
            id_len: id.as_str().len() as u32,
            extra: (self.extra.len() - 1) as u32,
        });
    }

    /// Sorts by doc_id, stably: among equal doc_ids, the input given first
    /// comes first, and the later ones are told so. `keys` holds, for each
    /// entry pushed so far, the file it names (`None` for places): the
    /// first name of a file in this order is the one read, each later name
    /// becomes an `alias-of` entry, or goes when it is the same doc_id
    /// (the same entry reached twice, as a folder and a file in it).
    fn sort(&mut self, keys: Vec<Option<FileKey>>) {
        debug_assert_eq!(keys.len(), self.items.len());
        let mut order: Vec<u32> = (0..self.items.len() as u32).collect();
        order.sort_by(|&a, &b| {
            self.id_bytes(&self.items[a as usize])
                .cmp(self.id_bytes(&self.items[b as usize]))
        });
        let mut first: std::collections::HashMap<&FileKey, u32> = std::collections::HashMap::new();
        let mut items: Vec<Item> = Vec::with_capacity(self.items.len());
        let mut aliases: Vec<(DocId, String)> = Vec::new();
        for &i in &order {
            let item = self.items[i as usize];
            if let Some(key) = &keys[i as usize] {
                if let Some(&was) = first.get(key) {
                    let was = &self.items[was as usize];
                    if self.id_bytes(was) != self.id_bytes(&item) {
                        let name = String::from_utf8_lossy(self.id_bytes(was)).into_owned();
                        aliases.push((
                            DocId(String::from_utf8_lossy(self.id_bytes(&item)).into_owned()),
                            name,
                        ));
                    }
                    continue;
                }
                first.insert(key, i);
            }
            items.push(item);
        }
        drop(first);
        // An alias sorts where its own name does: it is pushed as a place
        // and the list sorted again (without keys, nothing more to merge).
        self.items = items;
        if !aliases.is_empty() {
            for (id, of) in aliases {
                self.push_skipped(
                    &id,
                    Code::AliasOf,
                    format!("the same file as {of}, which is read (each file is read once)"),
                );
            }
            let mut items = std::mem::take(&mut self.items);
            items.sort_by(|a, b| self.id_bytes(a).cmp(self.id_bytes(b)));
            self.items = items;
        }
        for i in 1..self.items.len() {
            let (before, now) = (self.items[i - 1], self.items[i]);
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
                self.items[i].extra = (self.extra.len() - 1) as u32;
            }
        }
        self.items.shrink_to_fit();
        self.bytes.shrink_to_fit();
    }
}

/// What the walk keeps while it lists: the list, the file behind each of
/// its entries, and the entries skipped for their name (told only if the
/// same file is not read under another name).
struct Lister {
    list: FileList,
    keys: Vec<Option<FileKey>>,
    skipped: Vec<(DocId, Option<FileKey>, String)>,
    limit: u64,
}

impl Lister {
    fn place(&mut self, id: &DocId, extra: Extra) {
        self.list.push_place(id, extra);
        self.keys.push(None);
    }

    fn unreadable(&mut self, id: &DocId, code: Code, message: String) {
        self.place(id, Extra::Unreadable(code, message));
    }

    /// A non-folder entry at `path`: a file to read if it is a regular file
    /// under the limit (and `wanted`), else the diagnostic that says what
    /// it is. Its metadata is asked through links.
    fn entry(&mut self, id: DocId, path: &Path, wanted: Result<(), String>) {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                let message = unreachable_link(path, &e);
                return self.unreadable(&id, Code::Unreadable, message);
            }
        };
        let key = file_key(path, &meta);
        if let Err(why) = wanted {
            self.skipped.push((id, Some(key), why));
            return;
        }
        if !meta.is_file() {
            let message = format!("{}: not read", not_a_file(&meta.file_type()));
            return self.unreadable(&id, Code::NotAFile, message);
        }
        if meta.len() > self.limit {
            return self.unreadable(&id, Code::TooLarge, too_large(meta.len(), self.limit));
        }
        self.list.push_file(&id, path);
        self.keys.push(Some(key));
    }
}

/// Lists the files under `paths`, sorted by doc_id. `exclude` is a folder
/// never to enter (the output folder, when it is inside an input); files
/// over `limit` bytes are listed as `too-large`.
pub fn collect(
    paths: &[PathBuf],
    exclude: Option<&Path>,
    limit: u64,
) -> Result<FileList, InputError> {
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(InputError::Missing(p.clone()));
        }
    }
    let exclude = exclude.and_then(|e| e.canonicalize().ok());
    let mut lister = Lister {
        list: FileList {
            limit,
            ..FileList::default()
        },
        keys: Vec::new(),
        skipped: Vec::new(),
        limit,
    };
    for root in paths {
        if !root.is_dir() {
            // A file named on the command line (or a link, a FIFO, a
            // broken link): read whatever its extension, as its name.
            let name = root
                .file_name()
                .map(name_text)
                .unwrap_or_else(|| root.display().to_string());
            lister.entry(DocId(name), root, Ok(()));
            continue;
        }
        walk(root, exclude.as_deref(), &mut lister);
    }
    // A file skipped under one name may be read under another (named on
    // the command line): then it is not skipped.
    let read: HashSet<&FileKey> = lister.keys.iter().flatten().collect();
    let skipped: Vec<(DocId, String)> = std::mem::take(&mut lister.skipped)
        .into_iter()
        .filter(|(_, key, _)| key.as_ref().is_none_or(|k| !read.contains(k)))
        .map(|(id, _, why)| (id, why))
        .collect();
    drop(read);
    for (id, why) in skipped {
        lister.place(&id, Extra::Skipped(Code::Skipped, why));
    }
    let Lister { mut list, keys, .. } = lister;
    list.sort(keys);
    Ok(list)
}

/// Lists every entry under the folder `root` into `lister`.
fn walk(root: &Path, exclude: Option<&Path>, lister: &mut Lister) {
    let exclude = exclude.map(Path::to_path_buf);
    // Entries the walk does not enter, and why: told once each.
    let passed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(PathBuf, &str)>::new()));
    let passing = passed.clone();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(true)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let why = if is_hidden(e.path()) {
                Some(if is_dir {
                    "hidden folder: not read"
                } else {
                    "hidden file: not read"
                })
            } else if is_dir
                && exclude
                    .as_ref()
                    .is_some_and(|x| e.path().canonicalize().is_ok_and(|c| &c == x))
            {
                Some("the output folder: not read")
            } else {
                None
            };
            if let Some(why) = why {
                passing
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((e.path().to_path_buf(), why));
            }
            why.is_none()
        })
        .build();
    for result in walker {
        match result {
            Ok(entry) => {
                if entry.depth() == 0 || entry.file_type().is_some_and(|t| t.is_dir()) {
                    continue;
                }
                let path = entry.path();
                let wanted = if has_extension(path) {
                    Ok(())
                } else {
                    Err(skipped_extension(path))
                };
                lister.entry(relative_id(root, path), path, wanted);
            }
            Err(err) => walk_error(root, &err, lister),
        }
    }
    for (path, why) in passed.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
        // A hidden file may be read under another name (named on the
        // command line): the file it is tells.
        let key = std::fs::metadata(&path)
            .ok()
            .filter(|m| !m.is_dir())
            .map(|m| file_key(&path, &m));
        lister
            .skipped
            .push((relative_id(root, &path), key, why.to_string()));
    }
}

/// An entry the walk could not list: a link to a folder enclosing it (a
/// loop, skipped: its files are read through the real path), a link that
/// leads nowhere, a folder that cannot be opened.
fn walk_error(root: &Path, err: &ignore::Error, lister: &mut Lister) {
    if let Some((ancestor, child)) = link_loop(err) {
        let id = relative_id(root, child);
        let ancestor = relative_id(root, ancestor);
        let ancestor = if ancestor.as_str().is_empty() {
            format!("the input folder {}", root.display())
        } else {
            ancestor.to_string()
        };
        let why = format!(
            "a link to {ancestor}, a folder it is in: not followed again (its files are read there)"
        );
        lister.skipped.push((id, None, why));
        return;
    }
    let Some(path) = error_path(err) else {
        let id = DocId(root.display().to_string());
        return lister.unreadable(&id, Code::Unreadable, err.to_string());
    };
    let id = relative_id(root, path);
    if is_hidden(path) {
        lister
            .skipped
            .push((id, None, "hidden file: not read".into()));
        return;
    }
    let message = match io_error(err) {
        Some(io) => unreachable_link(path, io),
        None => err.to_string(),
    };
    lister.unreadable(&id, Code::Unreadable, message);
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."))
}

/// Why `path` cannot be reached: a broken link says where it points, a
/// loop of links says so, anything else is the system's error.
fn unreachable_link(path: &Path, err: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return format!("cannot read {}: {err}", path.display());
    }
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    // Asked again of the system: the walk's error may have lost the code.
    let err = std::fs::metadata(path)
        .err()
        .unwrap_or_else(|| std::io::Error::new(err.kind(), err.to_string()));
    if err.kind() == std::io::ErrorKind::NotFound {
        format!("a broken link: {target} does not exist")
    } else if err.raw_os_error() == Some(ELOOP) {
        format!("a loop of links ({target}…): leads to no file")
    } else {
        format!("a link to {target}: {err}")
    }
}

#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

/// What a file type that is not a regular file or folder is called.
fn not_a_file(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe), not a regular file";
        }
        if kind.is_socket() {
            return "a socket, not a regular file";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device, not a regular file";
        }
    }
    if kind.is_dir() {
        "a folder, not a regular file"
    } else {
        "not a regular file"
    }
}

pub(crate) fn too_large(len: u64, limit: u64) -> String {
    format!(
        "{} bytes, over the limit of {} bytes (--max-file-size): not read",
        crate::run::thousands(len as usize),
        crate::run::thousands(limit as usize)
    )
}

/// Why a folder walk does not read a file of this name (its extension),
/// as `diagnostics` says it; `None` when it reads it. For programs that
/// list the files themselves ([`super::embed`]).
pub fn not_read_for_name(path: &Path) -> Option<String> {
    (!has_extension(path)).then(|| skipped_extension(path))
}

/// Why a file of another extension is not read.
fn skipped_extension(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!(
            "extension .{} is not read (saidwhat reads .{})",
            e.to_string_lossy(),
            EXTENSIONS.join(" .")
        ),
        None => format!(
            "no extension: not read (saidwhat reads .{})",
            EXTENSIONS.join(" .")
        ),
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
    let parts: Vec<String> = rel.components().map(|c| name_text(c.as_os_str())).collect();
    DocId(parts.join("/"))
}

/// A file name as doc_id text: bytes that are not UTF-8 written as `\xFF`,
/// so that `a\xFFb.md` and `a\xFEb.md` stay two doc_ids (a lossy U+FFFD
/// made them one). A name that really has those four characters would
/// share its doc_id, and is then told as `duplicate-doc-id`.
fn name_text(name: &std::ffi::OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
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

fn io_error(err: &ignore::Error) -> Option<&std::io::Error> {
    match err {
        ignore::Error::Io(io) => Some(io),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => io_error(err),
        _ => None,
    }
}

fn link_loop(err: &ignore::Error) -> Option<(&Path, &Path)> {
    match err {
        ignore::Error::Loop { ancestor, child } => Some((ancestor, child)),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => link_loop(err),
        _ => None,
    }
}

/// Why a file was not read: the diagnostic to report.
pub type Refused = Diagnostic;

/// How many bytes a read takes first, to tell a binary file before reading
/// the rest ([`crate::text::decode::check_head`]).
const HEAD: usize = 64 * 1024;

/// Opens the file once, without blocking (a FIFO put in its place would
/// block the read until someone writes to it), and checks the open handle:
/// it must be a regular file within `limit`.
fn open(path: &Path, limit: u64) -> Result<(std::fs::File, u64), Refused> {
    let cannot =
        |e: std::io::Error| Diagnostic::error(Code::Unreadable, unreachable_link(path, &e));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            Code::NotAFile,
            format!("{}: not read", not_a_file(&meta.file_type())),
        ));
    }
    if meta.len() > limit {
        return Err(Diagnostic::error(
            Code::TooLarge,
            too_large(meta.len(), limit),
        ));
    }
    Ok((file, meta.len()))
}

/// Reads at most `limit` bytes of `reader` after `buf`'s; refused as
/// `too-large` if there are more (a file that grew since it was opened).
fn read_to_limit(
    reader: impl std::io::Read,
    buf: &mut Vec<u8>,
    limit: u64,
    path: &Path,
) -> Result<(), Refused> {
    use std::io::Read;
    let room = limit.saturating_sub(buf.len() as u64);
    reader
        .take(room.saturating_add(1))
        .read_to_end(buf)
        .map_err(|e| cannot_read(path, e))?;
    if buf.len() as u64 > limit {
        return Err(Diagnostic::error(
            Code::TooLarge,
            format!(
                "over the limit of {} bytes (--max-file-size): not read",
                crate::run::thousands(limit as usize)
            ),
        ));
    }
    Ok(())
}

/// Reads at most `limit` bytes from the start of a file; the flag says
/// whether that is the whole file.
pub fn read_prefix(source: &Source, limit: usize) -> Result<(Vec<u8>, bool), Refused> {
    use std::io::Read;
    let (file, len) = open(&source.path, source.limit)?;
    let mut buf = Vec::with_capacity((len as usize).min(limit) + 1);
    file.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| cannot_read(&source.path, e))?;
    let whole = buf.len() <= limit;
    buf.truncate(limit);
    Ok((buf, whole))
}

fn cannot_read(path: &Path, e: std::io::Error) -> Refused {
    Diagnostic::error(
        Code::Unreadable,
        format!("cannot read {}: {e}", path.display()),
    )
}

/// Reads a file's bytes: a regular file within its limit, refused as soon
/// as its first bytes say it is binary.
pub fn read(source: &Source) -> Result<Vec<u8>, Refused> {
    read_path(&source.path, source.limit)
}

/// [`read`] for any path (the `fix` command's file).
pub fn read_path(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    use std::io::Read;
    let (mut file, len) = open(path, limit)?;
    let mut buf = Vec::with_capacity(len.min(limit) as usize + 1);
    if len as usize > HEAD {
        (&mut file)
            .take(HEAD as u64)
            .read_to_end(&mut buf)
            .map_err(|e| cannot_read(path, e))?;
        if let Err(e) = crate::text::decode::check_head(&buf) {
            return Err(Diagnostic::error(Code::Binary, e.to_string()));
        }
    }
    read_to_limit(file, &mut buf, limit, path)?;
    Ok(buf)
}

/// Reads standard input (the `fix` command's `-`), at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, Refused> {
    let mut buf = Vec::new();
    read_to_limit(
        std::io::stdin().lock(),
        &mut buf,
        limit,
        Path::new("standard input"),
    )?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up file identity, for lists built by hand.
    #[cfg(unix)]
    fn key(n: u64) -> FileKey {
        (0, n)
    }

    #[cfg(not(unix))]
    fn key(n: u64) -> FileKey {
        PathBuf::from(n.to_string())
    }

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
        let entries: Vec<Entry> = collect(
            &[root.to_path_buf()],
            Some(&root.join("out")),
            MAX_FILE_SIZE,
        )
        .unwrap()
        .iter()
        .collect();
        let ids = |files: bool| -> Vec<String> {
            entries
                .iter()
                .filter(|e| matches!(e, Entry::File(_)) == files)
                .map(|e| match e {
                    Entry::Skipped { id, reason, .. } => format!("{id}: {reason}"),
                    other => other.id().to_string(),
                })
                .collect()
        };
        assert_eq!(ids(true), ["a/y.VTT", "a/z.txt", "b.md"]);
        assert_eq!(
            ids(false),
            [
                ".obsidian: hidden folder: not read",
                "a/.hidden.md: hidden file: not read",
                "img.png: extension .png is not read (saidwhat reads .md .markdown .txt .text .vtt .srt .sbv .json .jsonl .tsv)",
                "out: the output folder: not read",
            ]
        );
    }

    #[test]
    fn explicit_files_use_their_name_and_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.data");
        std::fs::write(&f, "x").unwrap();
        let g = dir.path().join("m.md");
        std::fs::write(&g, "x").unwrap();
        let entries: Vec<Entry> = collect(
            &[f.clone(), dir.path().to_path_buf(), g],
            None,
            MAX_FILE_SIZE,
        )
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
        let entries: Vec<Entry> = collect(&[a.path().into(), b.path().into()], None, MAX_FILE_SIZE)
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
        list.push_place(
            &DocId("c".into()),
            Extra::Unreadable(Code::Unreadable, "permission denied".into()),
        );
        list.sort(vec![Some(key(1)), Some(key(2)), None]);
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

    /// The walk saw a file; by the time a worker read it, it was a FIFO,
    /// and opening it for reading blocked both workers forever.
    #[cfg(unix)]
    #[test]
    fn a_file_that_became_a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.unwrap().success());
        let source = Source {
            id: DocId("n.md".into()),
            path,
            diagnostics: Vec::new(),
            limit: MAX_FILE_SIZE,
        };
        assert_eq!(read(&source).unwrap_err().code, Code::NotAFile);
        assert_eq!(read_prefix(&source, 10).unwrap_err().code, Code::NotAFile);
    }

    #[test]
    fn a_file_that_grew_past_the_limit_is_refused_and_a_binary_one_from_its_head() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(&path, "x".repeat(100)).unwrap();
        let source = |limit| Source {
            id: DocId("n.md".into()),
            path: path.clone(),
            diagnostics: Vec::new(),
            limit,
        };
        assert_eq!(read(&source(100)).unwrap().len(), 100);
        assert_eq!(read(&source(99)).unwrap_err().code, Code::TooLarge);
        let mut binary = vec![b'a'; 2 * HEAD];
        binary[10] = 0;
        std::fs::write(&path, &binary).unwrap();
        assert_eq!(read(&source(MAX_FILE_SIZE)).unwrap_err().code, Code::Binary);
    }

    /// `a\xffb.md` and `a\xfeb.md` shared a doc_id.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_distinct_doc_ids() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        for name in [&b"a\xffb.md"[..], b"a\xfeb.md", "a\u{fffd}b.md".as_bytes()] {
            std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        let ids: Vec<String> = collect(&[dir.path().into()], None, MAX_FILE_SIZE)
            .unwrap()
            .iter()
            .map(|e| e.id().to_string())
            .collect();
        assert_eq!(ids, ["a\\xFEb.md", "a\\xFFb.md", "a\u{fffd}b.md"]);
    }

    #[test]
    fn missing_input_is_an_error() {
        assert!(collect(&[PathBuf::from("/no/such/place")], None, MAX_FILE_SIZE).is_err());
    }
}
