//! Bad inputs, odd file systems and interrupted runs: each test is named
//! after what broke (found by trying the binary as an attacker would) and
//! checks the promise the README makes about it.

mod common;

use assert_cmd::Command;
use common::repo;

fn saidwhat() -> Command {
    let mut cmd = Command::cargo_bin("saidwhat").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// A people CSV row with 200,000 aliases (half of them repeats in other
/// case) used to never finish: merging and printing compared each alias
/// with every one before it.
#[test]
fn people_with_a_person_of_200k_aliases_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    let n = 200_000;
    let aliases: Vec<String> = (0..n)
        .map(|i| {
            let a = format!("alias{}", i % (n / 2));
            if i < n / 2 { a } else { a.to_uppercase() }
        })
        .collect();
    std::fs::write(
        &csv,
        format!(
            "name,aliases\nAnn Lee,\"{}\"\nann lee,ALIAS1\n",
            aliases.join(";")
        ),
    )
    .unwrap();
    let out = saidwhat()
        .arg("people")
        .arg(dir.path())
        .arg("--people")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let listed: Vec<&str> = rows[0][1].split(';').collect();
    assert_eq!(listed.len(), n / 2, "each alias once, whatever its case");
    assert_eq!(listed[..2], ["alias0", "alias1"]);
}

/// The doc_ids of `documents.csv` and of `diagnostics.csv` under `out`,
/// each with the codes of its diagnostics.
fn accounted(out: &std::path::Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut ids: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut docs = csv::Reader::from_path(out.join("documents.csv")).unwrap();
    for row in docs.records() {
        ids.entry(row.unwrap()[0].to_string()).or_default();
    }
    let mut diags = csv::Reader::from_path(out.join("diagnostics.csv")).unwrap();
    for row in diags.records() {
        let row = row.unwrap();
        ids.entry(row[0].to_string())
            .or_default()
            .push(row[3].to_string());
    }
    ids
}

/// Every entry under `root` but folders, as a walk that follows links sees
/// it, with `/` separators: hidden entries and links that lead back to a
/// folder they are in are listed but not entered.
#[cfg(unix)]
fn entries_under(root: &std::path::Path) -> Vec<String> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        ancestors: &mut Vec<std::path::PathBuf>,
        out: &mut Vec<String>,
    ) {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for path in names {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let hidden = path.file_name().unwrap().to_string_lossy().starts_with('.');
            if hidden || !path.is_dir() {
                out.push(rel);
                continue;
            }
            // A folder is accounted for by its entries, unless it is not
            // entered (a loop).
            let real = path.canonicalize().unwrap();
            if ancestors.contains(&real) {
                out.push(rel);
                continue;
            }
            ancestors.push(real);
            walk(root, &path, ancestors, out);
            ancestors.pop();
        }
    }
    let mut out = Vec::new();
    walk(
        root,
        root,
        &mut vec![root.canonicalize().unwrap()],
        &mut out,
    );
    out
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Broken links, loops of links, links to /dev/null, FIFOs, sockets and
/// the files behind a linked folder were in neither table (exit 0).
#[cfg(unix)]
#[test]
fn every_entry_of_a_folder_of_every_kind_is_a_document_or_a_diagnostic() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(v.join("sub")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(v.join(name), bytes).unwrap();
    write("note.md", b"# Note\n\nHello.\n");
    write("empty.md", b"");
    let elf: Vec<u8> = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0"
        .iter()
        .copied()
        .cycle()
        .take(3000)
        .collect();
    write("binary.md", &elf);
    write("bom-binary.md", &[b"\xEF\xBB\xBF", &elf[..]].concat());
    write("bom16-binary.md", &[b"\xFF\xFE", &elf[..]].concat());
    write("big.md", &vec![b'a'; 5000]);
    write(".hidden.md", b"x");
    write("picture.png", b"x");
    write("sub/deep.txt", b"deep\n");
    std::fs::write(outside.join("behind.md"), b"# Behind a link\n").unwrap();
    symlink("nowhere.md", v.join("dangling.md")).unwrap();
    symlink("self.md", v.join("self.md")).unwrap();
    symlink("loop-b.md", v.join("loop-a.md")).unwrap();
    symlink("loop-a.md", v.join("loop-b.md")).unwrap();
    symlink(&outside, v.join("linked")).unwrap();
    symlink("note.md", v.join("z-alias.md")).unwrap();
    symlink("/dev/null", v.join("device.md")).unwrap();
    symlink("..", v.join("sub/up")).unwrap();
    let fifo = v.join("fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let _socket = std::os::unix::net::UnixListener::bind(v.join("socket.md")).unwrap();
    write("locked.md", b"# Locked\n");
    std::fs::set_permissions(v.join("locked.md"), std::fs::Permissions::from_mode(0o000)).unwrap();

    let out = dir.path().join("out");
    let status = saidwhat()
        .args(["run", "-q", "--max-file-size", "4K", "-o"])
        .arg(&out)
        .arg(&v)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "{status:?}");
    let ids = accounted(&out);
    let listed = entries_under(&v);
    for entry in &listed {
        assert!(ids.contains_key(entry), "{entry} is in no table: {ids:#?}");
    }
    let code = |id: &str| ids[id].join(",");
    assert_eq!(code("note.md"), "");
    assert_eq!(code("empty.md"), "empty");
    assert_eq!(code("binary.md"), "binary");
    assert_eq!(code("bom-binary.md"), "binary");
    assert_eq!(code("bom16-binary.md"), "binary");
    assert_eq!(code("big.md"), "too-large");
    assert_eq!(code(".hidden.md"), "skipped");
    assert_eq!(code("picture.png"), "skipped");
    assert_eq!(code("sub/deep.txt"), "");
    assert_eq!(code("linked/behind.md"), "");
    assert_eq!(code("dangling.md"), "unreadable");
    assert_eq!(code("self.md"), "unreadable");
    assert_eq!(code("loop-a.md"), "unreadable");
    assert_eq!(code("loop-b.md"), "unreadable");
    assert_eq!(code("z-alias.md"), "alias-of");
    assert_eq!(code("device.md"), "not-a-file");
    assert_eq!(code("fifo.md"), "not-a-file");
    assert_eq!(code("socket.md"), "not-a-file");
    assert_eq!(code("sub/up"), "skipped");
    assert_eq!(
        code("locked.md"),
        if is_root() { "" } else { "unreadable" },
        "root reads any file"
    );
    // Nothing is in a table that is not an entry.
    let extra: Vec<&String> = ids.keys().filter(|id| !listed.contains(id)).collect();
    assert!(extra.is_empty(), "{extra:?}");
}

/// A FIFO named on the command line gave "0 files", exit 0.
#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = dir.path().join("out");
    let run = saidwhat()
        .args(["run", "-q", "-o"])
        .arg(&out)
        .arg(&fifo)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(accounted(&out)["pipe.md"], ["not-a-file"]);
}

/// Which of a file and a link to it was read depended on the order the
/// file system lists the folder: the name that sorts first is read, the
/// other is an alias of it, whatever order they were made in.
#[cfg(unix)]
#[test]
fn a_file_and_a_link_to_it_are_reported_under_the_name_that_sorts_first() {
    let mut outputs = Vec::new();
    for link_first in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let v = dir.path().join("v");
        std::fs::create_dir(&v).unwrap();
        let link = || std::os::unix::fs::symlink("m.md", v.join("a.md")).unwrap();
        if link_first {
            link();
        }
        std::fs::write(v.join("m.md"), "# M\n\n[00:00:01.00]  Ann Lee: hello\n").unwrap();
        if !link_first {
            link();
        }
        let out = dir.path().join("out");
        saidwhat()
            .args(["run", "-q", "--format", "csv", "-o"])
            .arg(&out)
            .arg(&v)
            .assert()
            .code(0);
        let ids = accounted(&out);
        assert_eq!(ids["a.md"], Vec::<String>::new());
        assert_eq!(ids["m.md"], ["alias-of"]);
        outputs.push(
            ["documents.csv", "turns.csv", "diagnostics.csv"]
                .map(|t| std::fs::read(out.join(t)).unwrap()),
        );
    }
    assert!(outputs[0] == outputs[1], "the same tables either way");
}

/// A 4 GB file was read whole (4.2 GB of memory) before being called
/// binary: a file over the limit is refused from its size, unread.
#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.md");
    // Sparse where the file system allows it: no 4 GB of disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let out = dir.path().join("out");
    let run = saidwhat()
        .args(["run", "-q", "-o"])
        .arg(&out)
        .arg(dir.path().join("huge.md"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(accounted(&out)["huge.md"], ["too-large"]);
    let fix = saidwhat().arg("fix").arg(&big).output().unwrap();
    assert_eq!(fix.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&fix.stderr).contains("over the limit of 268,435,456 bytes"),
        "{fix:?}"
    );
}

/// `saidwhat fix /dev/zero` grew without bound.
#[cfg(unix)]
#[test]
fn fix_refuses_a_device() {
    let fix = saidwhat().args(["fix", "/dev/zero"]).output().unwrap();
    assert_eq!(fix.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&fix.stderr).contains("a device, not a regular file"),
        "{fix:?}"
    );
}

/// Runs `saidwhat run` over the files `(name, bytes)` in a fresh folder
/// with `args`, and returns the output folder (kept with the input).
fn run_files(files: &[(&str, &[u8])], args: &[&str]) -> (tempfile::TempDir, i32) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, bytes) in files {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    let run = saidwhat()
        .args(["run", "-q", "-o"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .args(args)
        .output()
        .unwrap();
    (dir, run.status.code().unwrap())
}

/// `--jobs 5000` over five files started 5,000 threads (33 s): a run uses
/// no more workers than it has files, and run.json says how many.
#[test]
fn jobs_are_capped_at_the_number_of_files() {
    let files: Vec<(String, &[u8])> = (0..5)
        .map(|i| (format!("n{i}.md"), b"# A note\n".as_slice()))
        .collect();
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let (dir, code) = run_files(&files, &["--jobs", "5000"]);
    assert_eq!(code, 0);
    let manifest: serde_json::Value = serde_json::from_str(&table(&dir, "run.json")).unwrap();
    assert_eq!(manifest["jobs"], 5);
    let (dir, _) = run_files(&files, &["--jobs", "2"]);
    let manifest: serde_json::Value = serde_json::from_str(&table(&dir, "run.json")).unwrap();
    assert_eq!(manifest["jobs"], 2);
}

fn table(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join("out").join(name)).unwrap()
}

/// NUL (in UTF-16), BEL, ESC, form feed and C1 characters reached
/// turns.csv: they are replaced with U+FFFD, with a warning at the line
/// of the first.
#[test]
fn control_characters_never_reach_a_table() {
    let note = "# Ctl\n\n[00:00:01.00]  Ann Lee: ring \u{7} the \u{1b}[31mbell\u{c} page\n\
                [00:00:03.00]  Bo Chen: a \u{9b} b\u{7f}\n[00:00:05.00]  Ann Lee: bye now\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "# Wide\n\n[00:00:01.00]  Ann Lee: a\u{1}b\n[00:00:02.00]  Bo Chen: ok\n[00:00:03.00]  Ann Lee: fine\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let (out, code) = run_files(
        &[("ctl.md", note.as_bytes()), ("wide.md", &utf16)],
        &["--format", "csv,jsonl"],
    );
    assert_eq!(code, 0);
    for name in ["turns.csv", "statements.csv", "documents.jsonl"] {
        let t = table(&out, name);
        let bad: Vec<char> = t
            .chars()
            .filter(|&c| {
                (c < ' ' && !matches!(c, '\n' | '\r' | '\t')) || ('\u{7f}'..='\u{9f}').contains(&c)
            })
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?}");
    }
    let turns = table(&out, "turns.csv");
    assert!(
        turns.contains("ring \u{fffd} the \u{fffd}[31mbell\u{fffd} page"),
        "{turns}"
    );
    // A C1 character alone is Windows-1252 read as Latin-1: repaired, and
    // shown as a code in the repair tables.
    assert!(turns.contains("a › b\u{fffd}"), "{turns}");
    assert!(table(&out, "repairs.csv").contains(",<U+009B>,›\n"));
    assert!(turns.contains(",a\u{fffd}b\n"), "{turns}");
    let diagnostics = table(&out, "diagnostics.csv");
    assert!(
        diagnostics.contains(
            "ctl.md,3,warning,control-characters,\"4 control character(s) replaced with U+FFFD (the first, U+0007)\""
        ),
        "{diagnostics}"
    );
    assert!(
        diagnostics.contains("wide.md,3,warning,control-characters"),
        "{diagnostics}"
    );
}

/// In a CR-only file (classic Mac) the repair stage saw one line: its
/// changes were all on line 1. Every stage now sees CR, LF and CRLF as
/// line ends, and a bare CR in a CRLF file ends its line too.
#[test]
fn cr_only_and_bare_cr_line_ends_end_lines_everywhere() {
    let mac = "---\rtype: meeting\rparticipants: [Ann Lee, Bo Chen]\r---\r# Mac\r\r\
               [00:00:01.00]  Ann Lee: hello\r[00:00:02.00]  Bo Chen: it\u{e2}\u{20ac}\u{2122}s fine\r\
               [00:00:03.00]  Ann Lee: bye now\r";
    let mixed = "# Mixed\r\n\r\n[00:00:01.00]  Ann Lee: hello there\r[00:00:05.00]  Bo Chen: hi\r\n\
                 [00:00:09.00]  Ann Lee: bye\r\n";
    let (out, code) = run_files(
        &[("mac.md", mac.as_bytes()), ("mixed.md", mixed.as_bytes())],
        &["--format", "csv", "--explain-repairs"],
    );
    assert_eq!(code, 0);
    let changes = table(&out, "repair_changes.csv");
    assert!(changes.contains("mac.md,1,8,â€™,’\n"), "{changes}");
    let turns = table(&out, "turns.csv");
    for turn in [
        "mac.md,1,1.00,2.00,Ann Lee,",
        "mac.md,2,2.00,3.00,Bo Chen,",
        "mac.md,3,3.00,,Ann Lee,",
        "mixed.md,1,1.00,5.00,Ann Lee,",
        "mixed.md,2,5.00,9.00,Bo Chen,",
    ] {
        assert!(turns.contains(turn), "{turn}: {turns}");
    }
    let documents = table(&out, "documents.csv");
    assert!(
        documents.contains("Ann Lee;Bo Chen"),
        "the frontmatter: {documents}"
    );
}

/// Formulas passed behind a zero-width space or a byte order mark, in
/// full-width characters, and as the second element of a list cell (a
/// spreadsheet that splits at `;` makes a cell of it).
#[test]
fn formulas_are_neutralised_in_every_disguise_and_in_each_list_element() {
    let note = "---\ntype: meeting\nparticipants: [Ann Lee, '=cmd|calc', '\u{ff0b}1']\n---\n# M\n\n\
                [00:00:01.00]  Ann Lee: \u{200b}=HYPERLINK(\"http://x\")\n\
                [00:00:02.00]  Ann Lee: \u{feff}@SUM(A1)\n\
                [00:00:03.00]  Ann Lee: \u{ff1d}1+1\n\
                [00:00:04.00]  Ann Lee: ＠x and － y\n";
    let (out, code) = run_files(&[("m.md", note.as_bytes())], &["--format", "csv"]);
    assert_eq!(code, 0);
    let turns = table(&out, "turns.csv");
    for cell in [
        ",\"'\u{200b}=HYPERLINK(\"\"http://x\"\")\"\n",
        ",'\u{feff}@SUM(A1)\n",
        ",'\u{ff1d}1+1\n",
        ",'＠x and － y\n",
    ] {
        assert!(turns.contains(cell), "{cell:?} in {turns}");
    }
    let documents = table(&out, "documents.csv");
    assert!(
        documents.contains("Ann Lee;'=cmd|calc;'\u{ff0b}1"),
        "{documents}"
    );
}
