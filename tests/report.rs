//! `report.html`: the same bytes whatever the thread count and whichever
//! way it is made (`run --report`, `saidwhat report OUT_DIR`), text
//! escaped, and, opened in a real browser (headless Chromium), loaded
//! without a console message or a network request, with the charts' marks
//! holding the tables' numbers. Screenshots are kept in
//! `target/report-shots/` (not committed) to look at.
//!
//! The browser checks need Chromium (`chromium` on the PATH, or
//! `CHROMIUM=path`); without it they say so and pass, except in CI (`CI`
//! set), where `.ci/run` installs it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{csv_rows, repo, shared};

fn saidwhat() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_saidwhat"));
    c.current_dir(repo());
    c
}

/// Runs `saidwhat run INPUT … --report` into a fresh folder.
fn report_run(input: &Path, people: Option<&Path>, jobs: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = saidwhat();
    cmd.arg("run")
        .arg(input)
        .args([
            "--topics",
            "data/topics.toml",
            "--report",
            "--quiet",
            "--jobs",
            jobs,
        ])
        .arg("--out")
        .arg(out.path());
    if let Some(p) = people {
        cmd.arg("--people").arg(p);
    }
    let status = cmd.status().unwrap();
    assert!(status.code().unwrap() <= 1, "{status}");
    out
}

fn sample_vault(jobs: &str) -> tempfile::TempDir {
    report_run(
        &repo().join("data/sample-vault"),
        Some(&repo().join("data/people.csv")),
        jobs,
    )
}

fn html(out: &Path) -> String {
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

#[test]
fn the_report_is_the_same_for_any_job_count_and_from_the_tables() {
    let one = html(sample_vault("1").path());
    for jobs in ["2", "4"] {
        assert!(one == html(sample_vault(jobs).path()), "--jobs {jobs}");
    }
    // `saidwhat report OUT_DIR` reads the CSV tables back: the same page.
    let out = sample_vault("2");
    std::fs::remove_file(out.path().join("report.html")).unwrap();
    let made = saidwhat().arg("report").arg(out.path()).output().unwrap();
    assert!(made.status.success(), "{made:?}");
    assert!(
        one == html(out.path()),
        "saidwhat report differs from run --report"
    );
    // And the snapshot.
    let golden = repo().join("tests/golden/sample-vault-report.html");
    if std::env::var_os("SAIDWHAT_BLESS").is_some() {
        std::fs::write(&golden, &one).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap();
    assert!(one == want, "report.html differs from {}", golden.display());
    // Self-contained: no script, nothing fetched.
    for banned in ["<script", "src=", "http://", "https://", "url(", "@import"] {
        assert!(!one.contains(banned), "{banned} in the report");
    }
}

#[test]
fn a_report_needs_the_tables_and_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let out = saidwhat().arg("report").arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no documents.csv"));
}

/// Names, titles and quotes are text: a turn of `<script>…` shows as text.
#[test]
fn markup_in_names_titles_and_turns_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2024-05-01 <b>x.md"),
        "---\ntitle: '<img src=x onerror=alert(1)>'\nparticipants: ['<i>Eve</i>', Bob]\n---\n# T\n\n\
         [00:00:01.00]  <i>Eve</i>: <script>alert(1)</script> about the pricing\n\
         [00:00:04.00]  Bob: ok & \"fine\" on pricing\n\
         [00:00:06.00]  <i>Eve</i>: the price is right\n\
         [00:00:09.00]  Bob: pricing again\n",
    )
    .unwrap();
    let out = report_run(dir.path(), None, "1");
    let page = html(out.path());
    assert!(!page.contains("<script"), "a script tag reached the page");
    assert!(!page.contains("<img"), "an img tag reached the page");
    assert!(!page.contains("<i>Eve"));
    assert!(page.contains("&lt;i&gt;Eve&lt;/i&gt;"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

/// The headless Chromium of the machine, if any.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .map(|p| p.join(name))
                        .find(|p| p.is_file())
                })
            })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs Chromium (apt-get install chromium)"
        );
        eprintln!("no chromium on the PATH (or CHROMIUM=path); skipped");
    }
    found
}

/// What the browser saw of a page: its DOM after loading, the console
/// messages it logged, and the URLs the page asked the network for.
struct Loaded {
    dom: String,
    console: Vec<String>,
    requests: Vec<String>,
}

fn load(browser: &Path, page: &Path, screenshot: Option<&Path>) -> Loaded {
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("netlog.json");
    let url = format!("file://{}", page.display());
    let flags = |c: &mut Command| {
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("p").display()
        ));
    };
    let mut dump = Command::new(browser);
    flags(&mut dump);
    let out = dump
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(&url)
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium: {out:?}");
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    // The requests of the page (not the browser's own): a file page's
    // requests are keyed to file://.
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).unwrap();
    let mut requests = Vec::new();
    for e in log["events"].as_array().unwrap() {
        let p = &e["params"];
        let (Some(url), Some(key)) = (p["url"].as_str(), p["network_isolation_key"].as_str())
        else {
            continue;
        };
        if key.contains("file://") && !url.starts_with("file:") {
            requests.push(url.to_string());
        }
    }
    if let Some(shot) = screenshot {
        let mut c = Command::new(browser);
        flags(&mut c);
        let out = c
            .arg(format!("--screenshot={}", shot.display()))
            .arg("--window-size=1280,6000")
            .arg(&url)
            .output()
            .unwrap();
        assert!(
            out.status.success() && shot.is_file(),
            "screenshot: {out:?}"
        );
    }
    Loaded {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console,
        requests,
    }
}

/// `(label, value)` of the marks of class `kind` inside the element of
/// `id` (a figure), in order.
fn marks(dom: &str, id: &str, kind: &str) -> Vec<(String, f64)> {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the page"));
    let end = dom[start..]
        .find("</figure>")
        .map_or(dom.len(), |e| start + e);
    let re = regex::Regex::new(&format!(
        r#"<rect class="bar {kind}"[^>]*data-label="([^"]*)" data-value="([^"]*)""#
    ))
    .unwrap();
    re.captures_iter(&dom[start..end])
        .map(|c| {
            let label = c[1]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (label, c[2].parse().unwrap())
        })
        .collect()
}

/// A speaker as the report names them: nobody named is `(unnamed speaker)`.
fn shown(speaker: &str) -> String {
    if speaker.is_empty() {
        "(unnamed speaker)".to_string()
    } else {
        speaker.to_string()
    }
}

fn shots() -> PathBuf {
    let dir = repo().join("target/report-shots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Opens `out/report.html` and holds it to the tables in `out`.
fn check_in_browser(browser: &Path, out: &Path, name: &str) -> Loaded {
    let loaded = load(
        browser,
        &out.join("report.html"),
        Some(&shots().join(format!("{name}.png"))),
    );
    assert_eq!(loaded.console, Vec::<String>::new(), "console messages");
    assert_eq!(loaded.requests, Vec::<String>::new(), "network requests");
    let dom = &loaded.dom;
    // The talk-share bars are speaker_totals' shares, the largest first.
    let totals = csv_rows(&out.join("speaker_totals.csv"));
    let mut want: Vec<(String, f64)> = totals
        .iter()
        .map(|r| (shown(&r["speaker"]), r["talk_share"].parse().unwrap_or(0.0)))
        .collect();
    want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    want.truncate(20);
    assert_eq!(marks(dom, "talk-share", "talk-share"), want);
    // Each detailed meeting: its share bars are speakers.csv's, and it
    // has a timeline (a lane per speaker) when it has times.
    let speakers = csv_rows(&out.join("speakers.csv"));
    let docs = csv_rows(&out.join("documents.csv"));
    let mut by_doc: BTreeMap<&str, Vec<(String, f64)>> = BTreeMap::new();
    for s in &speakers {
        by_doc
            .entry(s["doc_id"].as_str())
            .or_default()
            .push((shown(&s["speaker"]), s["talk_share"].parse().unwrap_or(0.0)));
    }
    let mut meetings: Vec<&BTreeMap<String, String>> =
        docs.iter().filter(|d| d["turns"] != "0").collect();
    meetings.sort_by(|a, b| {
        (!b["date"].is_empty(), &b["date"], &b["doc_id"]).cmp(&(
            !a["date"].is_empty(),
            &a["date"],
            &a["doc_id"],
        ))
    });
    let detailed = meetings.len().min(50);
    for (i, m) in meetings.iter().take(detailed).enumerate() {
        let id = format!("m{}-share", i + 1);
        let want = by_doc
            .get(m["doc_id"].as_str())
            .cloned()
            .unwrap_or_default();
        assert_eq!(marks(dom, &id, "meeting-share"), want, "{}", m["doc_id"]);
        // A lane per speaker on its timeline (a meeting with times and
        // talk: one of chat messages only has no speaker).
        if !m["duration_s"].is_empty() && !want.is_empty() {
            let at = dom
                .find(&format!("id=\"m{}-timeline\"", i + 1))
                .unwrap_or_else(|| panic!("no timeline for {}", m["doc_id"]));
            let figure = &dom[at..at + dom[at..].find("</figure>").unwrap()];
            assert_eq!(
                figure.matches("class=\"lane\"").count(),
                want.len(),
                "{}",
                m["doc_id"]
            );
        }
    }
    let sections = dom.matches("class=\"meeting\"").count();
    assert_eq!(sections, detailed);
    let timelines = dom.matches("-timeline\"><figcaption>").count();
    let timed = meetings
        .iter()
        .take(detailed)
        .filter(|m| !m["duration_s"].is_empty() && by_doc.contains_key(m["doc_id"].as_str()))
        .count();
    assert_eq!(timelines, timed, "a timeline per timed meeting");
    assert!(dom.matches("<svg class=\"chart\"").count() >= 6 + timed);
    loaded
}

#[test]
fn the_sample_vault_report_loads_in_chromium_and_draws_the_tables() {
    let Some(browser) = chromium() else { return };
    // The detector works: a page that fetches is caught.
    let probe = tempfile::tempdir().unwrap();
    let page = probe.path().join("fetch.html");
    std::fs::write(
        &page,
        "<!doctype html><img src=\"http://example.invalid/x.png\"><p>x</p>",
    )
    .unwrap();
    let seen = load(&browser, &page, None);
    assert_eq!(seen.requests, ["http://example.invalid/x.png"]);

    let out = sample_vault("2");
    let loaded = check_in_browser(&browser, out.path(), "sample-vault");
    // The sample vault: 10 meetings, each with a section, 9 with times.
    assert_eq!(loaded.dom.matches("class=\"meeting\"").count(), 10);
    assert!(loaded.dom.contains("Who owes what"));
}

#[test]
fn the_seeds_report_loads_in_chromium_and_draws_the_tables() {
    let Some(seeds) = shared("seeds") else { return };
    let Some(browser) = chromium() else { return };
    let out = report_run(
        &seeds,
        Some(&repo().join("../shared/seeds-people.csv")),
        "2",
    );
    check_in_browser(&browser, out.path(), "seeds");
}

/// The 551 peer transcripts: many formats, speakers nobody named, turns
/// without times.
#[test]
fn the_peer_transcripts_report_loads_in_chromium_and_draws_the_tables() {
    let Some(peers) = shared("peers/transcripts") else {
        return;
    };
    let Some(browser) = chromium() else { return };
    let out = report_run(&peers, None, "2");
    let loaded = check_in_browser(&browser, out.path(), "peers");
    assert!(loaded.dom.contains("(unnamed speaker)"));
}
