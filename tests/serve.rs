//! `spean serve` and `spean watch`, run as editors run them: the real binary on a free port,
//! files saved the ways editors' programs save them, pages fetched over HTTP and reload events
//! read from the Server-Sent Events stream.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use common::{Fixture, tree_snapshot};

/// Every line a running `spean` printed (stdout and stderr), and a signal for each new one.
/// A panicking test must not poison it for the threads that still read the child's output, so
/// every lock here takes the data even when poisoned.
#[derive(Default)]
struct Printed {
    lines: Mutex<Vec<String>>,
    added: Condvar,
}

impl Printed {
    fn lock(&self) -> MutexGuard<'_, Vec<String>> {
        self.lines.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, line: String) {
        self.lock().push(line);
        self.added.notify_all();
    }

    /// Waits (up to `DEADLINE`) until `done` holds for the lines printed so far, re-checking
    /// after every new line; `false` at the deadline.
    fn wait_until(&self, mut done: impl FnMut(&[String]) -> bool) -> bool {
        let deadline = Instant::now() + DEADLINE;
        let mut lines = self.lock();
        loop {
            if done(&lines) {
                return true;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            lines = self
                .added
                .wait_timeout(lines, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// How long a test waits for an event (a line, a message, a file) before failing: generous,
/// since the machine may be busy; a test that passes never waits for it.
const DEADLINE: Duration = Duration::from_secs(60);

/// A running `spean serve` (or `spean watch`), stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    printed: Arc<Printed>,
}

impl Server {
    fn start(site: &Path, command: &str, args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("spean"))
            .arg(command)
            .arg("--site")
            .arg(site)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spean starts");
        let printed = Arc::new(Printed::default());
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let printed = Arc::clone(&printed);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    printed.push(line);
                }
            });
        }
        let mut server = Server {
            child,
            port: 0,
            printed,
        };
        let ready = server.wait_for_line(0, |l| {
            l.starts_with("serving http://") || l.starts_with("watching ")
        });
        let line = server.lines()[ready].clone();
        server.port = line
            .split(':')
            .nth(2)
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        server
    }

    /// Every line printed so far.
    fn lines(&self) -> Vec<String> {
        self.printed.lock().clone()
    }

    /// How many lines were printed so far: where to look from for what an action causes.
    fn mark(&self) -> usize {
        self.printed.lock().len()
    }

    /// Waits for a line printed after line `from` that `matches`; returns its index.
    fn wait_for_line(&self, from: usize, matches: impl Fn(&str) -> bool) -> usize {
        let mut found = None;
        let seen = self.printed.wait_until(|lines| {
            found = lines.iter().skip(from).position(|l| matches(l));
            found.is_some()
        });
        match found {
            Some(at) if seen => from + at,
            _ => panic!(
                "the line waited for did not come within {DEADLINE:?}: {:#?}",
                self.lines()
            ),
        }
    }

    /// Waits for the line of a rebuild (or a failed one) whose changed files include `name`,
    /// printed after line `from`.
    fn wait_for_rebuild_of(&self, from: usize, name: &str) -> usize {
        self.wait_for_line(from, |l| {
            changed_files(l).is_some_and(|f| f.contains(&name))
        })
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        request(self.port, "GET", path)
    }

    /// Reads the event stream in the background.
    fn events(&self) -> Receiver<(String, String)> {
        let (sender, receiver) = mpsc::channel();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__spean/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && sender.send((event.clone(), data.to_string())).is_err()
                {
                    return;
                }
            }
        });
        let (first, _) = receiver.recv_timeout(DEADLINE).unwrap();
        assert_eq!(first, "hello");
        receiver
    }

    /// Waits for reload events until `done` holds (checked first, then after each reload).
    /// A `failed` event meanwhile fails the test.
    fn reloads_until(
        &self,
        events: &Receiver<(String, String)>,
        what: &str,
        mut done: impl FnMut(&Server) -> bool,
    ) {
        let deadline = Instant::now() + DEADLINE;
        while !done(self) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                panic!("{what}: not seen within {DEADLINE:?}: {:#?}", self.lines());
            };
            match events.recv_timeout(left) {
                Ok((event, data)) if event == "failed" => {
                    panic!("{what}: a `failed` event: {data}\n{:#?}", self.lines())
                }
                Ok(_) => {}
                Err(_) => panic!("{what}: not seen within {DEADLINE:?}: {:#?}", self.lines()),
            }
        }
    }

    /// Waits until `path` is served with `marker` in it.
    fn shows(&self, events: &Receiver<(String, String)>, path: &str, marker: &str) {
        self.reloads_until(events, &format!("{path} showing {marker:?}"), |s| {
            let (status, _, body) = s.get(path);
            status == 200 && body.contains(marker)
        });
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The names of the files a rebuild line (`join.en.md, card.svg changed: …`) says changed.
fn changed_files(line: &str) -> Option<Vec<&str>> {
    let (what, _) = line.split_once(" changed: ")?;
    Some(what.split(", ").collect())
}

/// A raw HTTP/1.1 request (no client library: it would clean `..` out of paths) →
/// (status, headers, body).
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    request_to(port, method, path, "localhost")
}

/// A raw request with the `Host` header given.
fn request_to(port: u16, method: &str, path: &str, host: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

/// Waits for the next event named `name` (skipping others).
fn expect_event(events: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + DEADLINE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok((event, data)) if event == name => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event within {DEADLINE:?}");
}

const PAGE: &str = "content/guide/join.en.md";

fn page_text(marker: &str) -> String {
    format!(
        "---\ntitle: How to join\nweight: 1\naliases: [old/join]\n---\n## Who can join\n\n{marker}. See [the first step](@/guide/steps/first.md).\n"
    )
}

#[test]
fn every_way_of_saving_reloads_the_page() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    let (status, headers, body) = server.get("/en/guide/join/");
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: text/html; charset=utf-8"));
    assert!(
        body.contains("/__spean/live.js"),
        "the live script is injected"
    );
    let page = "/en/guide/join/";

    // Written in place (nano, most editors' default).
    site.write(PAGE, page_text("Written in place"));
    server.shows(&events, page, "Written in place");

    // vim: checks it may write (4913), keeps a swap file, renames the page to a backup,
    // writes the new page, removes the backup.
    site.write("content/guide/.join.en.md.swp", "swap");
    site.write("content/guide/4913", "");
    site.remove("content/guide/4913");
    std::fs::rename(
        site.path().join(PAGE),
        site.path().join("content/guide/join.en.md~"),
    )
    .unwrap();
    site.write(PAGE, page_text("Saved by vim"));
    site.remove("content/guide/join.en.md~");
    server.shows(&events, page, "Saved by vim");

    // gedit and VS Code: a temporary file renamed over the page.
    site.write(
        "content/guide/.goutputstream-X1Y2",
        page_text("Saved through a rename"),
    );
    std::fs::rename(
        site.path().join("content/guide/.goutputstream-X1Y2"),
        site.path().join(PAGE),
    )
    .unwrap();
    server.shows(&events, page, "Saved through a rename");

    // Deleted, then written again.
    site.remove(PAGE);
    site.write(PAGE, page_text("Deleted and recreated"));
    server.shows(&events, page, "Deleted and recreated");

    // Editor leftovers alone rebuild nothing: saved before a real save, they appear in no
    // rebuild up to and including that save's.
    let from = server.mark();
    site.write("content/guide/join.en.md.swo", "swap");
    site.write("content/guide/#join.en.md#", "autosave");
    site.write("content/guide/join.en.md.bak", "backup");
    site.write(PAGE, page_text("After the leftovers"));
    server.shows(&events, page, "After the leftovers");
    let last = server.wait_for_rebuild_of(from, "join.en.md");
    let lines = server.lines();
    for line in &lines[from..=last] {
        if let Some(files) = changed_files(line) {
            assert_eq!(files, ["join.en.md"], "{lines:#?}");
        }
    }

    // A burst of saves: one rebuild, a few at most on a machine so busy that the burst outlasts
    // the settling wait, not twenty. A file saved after the burst marks its end: once its
    // rebuild is done, every rebuild of the burst is.
    let from = server.mark();
    for n in 0..20 {
        site.write(PAGE, page_text(&format!("Burst {n}")));
    }
    site.write("content/guide/burst-done.txt", "end of the burst");
    let end = server.wait_for_rebuild_of(from, "burst-done.txt");
    let lines = server.lines();
    let burst = lines[from..=end]
        .iter()
        .filter(|l| changed_files(l).is_some_and(|f| f.contains(&"join.en.md")))
        .count();
    assert!(
        (1..=5).contains(&burst),
        "twenty quick saves made {burst} rebuilds: {:#?}",
        &lines[from..=end]
    );
    assert!(server.get(page).2.contains("Burst 19"));

    // A folder created with pages, renamed, then deleted.
    site.write(
        "content/help/_index.en.md",
        "---\ntitle: Help\n---\nHelp.\n",
    );
    site.write(
        "content/help/phone.en.md",
        "---\ntitle: By phone\n---\nCall.\n",
    );
    server.reloads_until(&events, "a new folder", |s| {
        s.get("/en/help/phone/").0 == 200
    });
    std::fs::rename(
        site.path().join("content/help"),
        site.path().join("content/support"),
    )
    .unwrap();
    server.reloads_until(&events, "a renamed folder", |s| {
        s.get("/en/support/phone/").0 == 200 && s.get("/en/help/phone/").0 == 404
    });
    std::fs::remove_dir_all(site.path().join("content/support")).unwrap();
    server.reloads_until(&events, "a deleted folder", |s| {
        s.get("/en/support/phone/").0 == 404
    });

    // A stylesheet: applied without reloading. The folder first, so that it is watched when
    // the file is saved.
    let from = server.mark();
    std::fs::create_dir_all(site.path().join("static/css")).unwrap();
    server.wait_for_rebuild_of(from, "static");
    site.write("static/css/extra.css", "body { margin: 0 }");
    expect_event(&events, "css");

    // After all that, the output is what a full build of the same files writes.
    drop(server);
    let watched = tree_snapshot(&site.public());
    let strip = |tree: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>, base: &Path| {
        tree.into_iter()
            .map(|(p, b)| (p.strip_prefix(base).unwrap().to_path_buf(), b))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let watched = strip(watched, &site.public());
    site.build_ok(&["--output", "fresh"]);
    let fresh = strip(
        tree_snapshot(&site.path().join("fresh")),
        &site.path().join("fresh"),
    );
    assert_eq!(
        watched.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert!(watched[path] == *bytes, "{} differs", path.display());
    }
}

#[test]
fn a_broken_save_keeps_the_last_good_page_and_shows_the_problem() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    site.write(PAGE, page_text("Good version"));
    server.shows(&events, "/en/guide/join/", "Good version");

    site.write(
        PAGE,
        "---\ntitle: How to join\nweight: heavy\n---\nBroken version.\n",
    );
    let problems = expect_event(&events, "failed");
    let problems: serde_json::Value = serde_json::from_str(&problems).unwrap();
    let first = &problems[0];
    assert_eq!(first["file"], "content/guide/join.en.md", "{problems}");
    assert_eq!(first["line"], 3, "{problems}");
    let (status, _, body) = server.get("/en/guide/join/");
    assert_eq!(status, 200);
    assert!(body.contains("Good version") && !body.contains("Broken version"));
    // The terminal says the same (printed before the event is sent).
    server.wait_for_line(0, |l| l.contains("content/guide/join.en.md:3"));

    // A page opened now learns of the problem at once; the overlay speaks its language.
    let late = server.events();
    expect_event(&late, "failed");
    let (_, headers, script) = server.get("/__spean/live.js");
    assert!(headers.contains("content-type: text/javascript"));
    assert!(
        script.contains("Le site n’a pas pu être reconstruit"),
        "French overlay title"
    );
    assert!(
        script.contains("មិនអាចបង្កើតគេហទំព័រឡើងវិញបានទេ"),
        "Khmer overlay title"
    );

    // The next good save clears it.
    site.write(PAGE, page_text("Fixed version"));
    server.shows(&events, "/en/guide/join/", "Fixed version");
}

#[test]
fn a_page_too_deep_to_render_is_an_error_and_the_server_keeps_serving() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    site.write(PAGE, page_text("Good version"));
    server.shows(&events, "/en/guide/join/", "Good version");

    // 5,000 nested <div>s aborted the whole process with a stack overflow before.
    site.write(
        PAGE,
        format!(
            "---\ntitle: How to join\n---\n{}deep{}\n",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        ),
    );
    let problems = expect_event(&events, "failed");
    let problems: serde_json::Value = serde_json::from_str(&problems).unwrap();
    assert_eq!(
        problems[0]["file"], "content/guide/join.en.md",
        "{problems}"
    );
    assert_eq!(problems[0]["line"], 4, "{problems}");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("nested deeper than 100 levels"),
        "{problems}"
    );
    let (status, _, body) = server.get("/en/guide/join/");
    assert_eq!(status, 200);
    assert!(body.contains("Good version"));
    site.write(PAGE, page_text("Fixed version"));
    server.shows(&events, "/en/guide/join/", "Fixed version");
}

#[test]
fn the_server_serves_the_output_folder_and_nothing_else() {
    let site = Fixture::copy("basic");
    site.write("secret.txt", "do not serve");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/%2E%2E/%2E%2E/secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/en/../../site.yaml",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 403 || status == 404, "{path}: {status}");
        assert!(!body.contains("do not serve") && !body.contains("default_language"));
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            site.path().join("secret.txt"),
            site.public().join("leak.txt"),
        )
        .unwrap();
        assert_eq!(server.get("/leak.txt").0, 403);
    }

    let (status, headers, _) = request(server.port, "POST", "/en/");
    assert_eq!(status, 405);
    assert!(headers.contains("allow: get, head"));
    let (status, headers, body) = request(server.port, "HEAD", "/en/");
    assert_eq!(status, 200);
    assert!(body.is_empty() && headers.contains("content-length: "));

    // A folder without its slash is sent to it; a missing page gets the site's 404 page of
    // the language, with status 404.
    let (status, headers, _) = server.get("/en/guide");
    assert_eq!(status, 301);
    assert!(headers.contains("location: /en/guide/"));
    let (status, _, body) = server.get("/fr/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("lang=\"fr\"") || body.contains("lang=fr"),
        "{body}"
    );

    for (path, kind) in [
        (
            "/fonts/noto-sans-khmer-khmer-400-normal.woff2",
            "font/woff2",
        ),
        ("/js/search.js", "text/javascript"),
        ("/en/news/atom.xml", "application/xml"),
        ("/css/style.css", "text/css"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let (status, headers, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            headers.contains(&format!("content-type: {kind}")),
            "{path}: {headers}"
        );
    }

    // The live script exists only in what the server sends, never in the files.
    let published = tree_snapshot(&site.public());
    assert!(
        published
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("__spean")),
        "the output folder holds no trace of the dev server"
    );
}

#[test]
fn the_translation_status_page_is_served_to_editors_only() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let (status, _, body) = server.get("/__spean/translations");
    assert_eq!(status, 200);
    assert!(body.contains("Translation status"));
    // guide/join exists in English only: Khmer and French are missing.
    let row = body
        .split("<tr>")
        .find(|r| r.contains("guide/join.md"))
        .unwrap_or_else(|| panic!("a row for guide/join.md: {body}"));
    assert!(row.contains("class=\"missing\""), "{row}");
    assert!(
        !site.public().join("__spean").exists(),
        "never written to the output"
    );
}

#[test]
fn a_new_draft_keeps_serve_working_and_a_placeholder_published_shows_over_the_page() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    let from = server.mark();
    let out = site
        .spean()
        .args(["new", "page", "guide/faq"])
        .output()
        .unwrap();
    assert!(out.status.success());
    // Drafts: every rebuild they cause succeeds.
    for name in ["faq.km.md", "faq.en.md", "faq.fr.md"] {
        let at = server.wait_for_rebuild_of(from, name);
        let line = &server.lines()[at];
        assert!(!line.contains("error(s)"), "{:#?}", server.lines());
    }
    let (_, _, body) = server.get("/__spean/translations");
    let row = body
        .split("<tr>")
        .find(|r| r.contains("guide/faq.md"))
        .unwrap_or_else(|| panic!("a row for guide/faq.md: {body}"));
    assert_eq!(
        row.matches("class=\"not-started\">not started").count(),
        3,
        "{row}"
    );
    assert!(
        body.contains("<dt class=\"not-started\">not started</dt>"),
        "{body}"
    );

    // The draft line deleted with the placeholders still there: a build error, over the page.
    let en = site.path().join("content/guide/faq.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let published: String = text
        .lines()
        .filter(|l| !l.starts_with("draft:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&en, published).unwrap();
    let problems = expect_event(&events, "failed");
    let problems: serde_json::Value = serde_json::from_str(&problems).unwrap();
    assert_eq!(problems[0]["file"], "content/guide/faq.en.md", "{problems}");
    assert_eq!(problems[0]["line"], 2, "{problems}");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("placeholder not replaced: `TODO(spean): title (en)`"),
        "{problems}"
    );
    server.wait_for_line(0, |l| l.contains("content/guide/faq.en.md:2:9"));
    let (status, _, _) = server.get("/en/guide/faq/");
    assert_eq!(status, 404, "never published");
}

#[test]
fn a_broken_site_yaml_stops_serve_with_the_problem() {
    let site = Fixture::copy("basic");
    site.write("site.yaml", "title: [unclosed\n");
    let out = site
        .spean()
        .args(["serve", "--port", "0"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.yaml:1:"), "{stderr}");
    assert!(
        stderr.contains("fix it, then start spean serve again"),
        "{stderr}"
    );
}

#[test]
fn spean_watch_rebuilds_the_output_without_a_server() {
    let site = Fixture::copy("basic");
    let watch = Server::start(site.path(), "watch", &[]);
    site.write(PAGE, page_text("Seen by watch"));
    // Each rebuild prints its line once the files are written.
    let page = site.public().join("en/guide/join/index.html");
    let seen = watch.printed.wait_until(|_| {
        std::fs::read_to_string(&page).is_ok_and(|html| html.contains("Seen by watch"))
    });
    assert!(seen, "watch did not rebuild: {:#?}", watch.lines());
}

/// The DOM of a served page once `done` holds for it, in headless Chromium. Chromium can only
/// dump the DOM after a fixed time, so it is asked again with longer and longer times (the
/// last generous), and the first dump that shows what the test waits for is returned.
fn browser_dom(url: &str, done: impl Fn(&str) -> bool) -> String {
    let mut dom = String::new();
    for wait_ms in [2_000, 8_000, 30_000] {
        dom = common::headless_chromium(&[
            format!("--timeout={wait_ms}"),
            "--dump-dom".to_string(),
            url.to_string(),
        ]);
        if done(&dom) {
            break;
        }
    }
    dom
}

#[test]
fn the_browser_shows_the_problem_over_the_page_in_its_language() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    site.write(
        PAGE,
        "---\ntitle: How to join\nweight: heavy\n---\nBroken.\n",
    );
    expect_event(&events, "failed");
    for (lang, title) in [
        ("fr", "Le site n’a pas pu être reconstruit"),
        ("km", "មិនអាចបង្កើតគេហទំព័រឡើងវិញបានទេ"),
        ("en", "The site could not be rebuilt"),
    ] {
        let dom = browser_dom(&format!("http://127.0.0.1:{}/{lang}/", server.port), |d| {
            d.contains("id=\"spean-overlay\"")
        });
        let overlay = dom
            .split("id=\"spean-overlay\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{lang}: no overlay in {dom}"));
        assert!(overlay.contains(title), "{lang}: {overlay}");
        assert!(overlay.contains("content/guide/join.en.md:3"), "{overlay}");
        assert!(dom.contains("role=\"alertdialog\""));
    }
    // Fixed: a page loaded now has no overlay.
    site.write(PAGE, page_text("Fixed"));
    server.shows(&events, "/en/guide/join/", "Fixed");
    let dom = browser_dom(
        &format!("http://127.0.0.1:{}/en/guide/join/", server.port),
        |d| d.contains("Fixed"),
    );
    assert!(
        dom.contains("Fixed") && !dom.contains("spean-overlay"),
        "{dom}"
    );
}

/// Whether a `Location` keeps the browser on this server: a path starting with one `/` (not
/// `//` or `/\`, which browsers read as another host), or a relative one.
fn stays_on_the_site(location: &str) -> bool {
    match location.strip_prefix('/') {
        Some(rest) => !rest.starts_with(['/', '\\']),
        None => !location.contains(':') && !location.starts_with('\\'),
    }
}

fn location_of(headers: &str) -> Option<String> {
    headers
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .map(|l| l.trim().to_string())
}

#[test]
fn only_requests_for_this_computer_are_answered() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let port = server.port;
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for path in [
            "/en/guide/join/",
            "/__spean/events",
            "/__spean/translations",
            "/__spean/live.js",
        ] {
            let (status, _, body) = request_to(port, "GET", path, &host);
            assert_eq!(status, 403, "{host} {path}");
            assert!(!body.contains("How to join") && !body.contains("Translation status"));
        }
    }
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = request_to(port, "GET", "/en/guide/join/", &host);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("How to join"), "{host}");
    }
    // No Host at all (HTTP/1.0 allows it): refused too.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /en/guide/join/ HTTP/1.0\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.0 403"), "{response}");
}

#[test]
fn redirects_stay_on_the_site() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    // A folder named like a host, as a site may have.
    site.write("public/evil.com/index.html", "<p>a folder of the site</p>");
    for (path, expected) in [
        ("/en/guide", Some("/en/guide/")),
        ("/en/guide?x=1", Some("/en/guide/?x=1")),
        ("//en", Some("/en/")),
        ("//en/guide", Some("/en/guide/")),
        ("//evil.com", Some("/evil.com/")),
        ("///evil.com", Some("/evil.com/")),
        ("/%2F%2Fevil.com", Some("/evil.com/")),
        ("/%2f/evil.com", Some("/evil.com/")),
        ("/./evil.com", Some("/evil.com/")),
        ("/\\evil.com", None),
        ("/%5Cevil.com", None),
        ("/%5C%5Cevil.com", None),
        ("//no-such-host.example", None),
    ] {
        let (status, headers, _) = server.get(path);
        let location = location_of(&headers);
        if let Some(location) = &location {
            assert!(stays_on_the_site(location), "{path} → {location}");
        }
        match expected {
            Some(expected) => {
                assert_eq!(status, 301, "{path}");
                assert_eq!(location.as_deref(), Some(expected), "{path}");
            }
            None => assert!(
                location.is_none() && [400, 403, 404].contains(&status),
                "{path}: {status} {headers}"
            ),
        }
    }
}

/// One request on a kept-alive connection: (status, body length). `None` if the connection
/// was closed (the caller opens another).
fn keep_alive_get(stream: &mut BufReader<TcpStream>, path: &str) -> Option<(u16, usize)> {
    // One write: a request in pieces waits on the network's delayed acknowledgements.
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    stream.get_mut().write_all(request.as_bytes()).ok()?;
    let mut status = 0;
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(code) = header.strip_prefix("http/1.1 ") {
            status = code.get(..3)?.parse().ok()?;
        } else if let Some(n) = header.strip_prefix("content-length: ") {
            length = n.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).ok()?;
    Some((status, length))
}

#[test]
fn pages_stay_served_while_site_yaml_changes() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let port = server.port;
    let stop = Arc::new(AtomicBool::new(false));
    // A few files that every build writes, asked for again and again from two threads: at
    // most 50,000 requests each, for at most two minutes.
    let askers: Vec<_> = [
        ["/en/guide/join/", "/css/style.css"],
        ["/km/", "/en/404.html"],
    ]
    .into_iter()
    .map(|paths| {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut answers: std::collections::BTreeMap<u16, usize> = Default::default();
            let mut connection = None;
            for n in 0..50_000 {
                if stop.load(Ordering::Relaxed) || started.elapsed() > Duration::from_secs(120) {
                    break;
                }
                let stream = connection.get_or_insert_with(|| {
                    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    stream.set_nodelay(true).unwrap();
                    BufReader::new(stream)
                });
                match keep_alive_get(stream, paths[n % 2]) {
                    Some((status, _)) => *answers.entry(status).or_default() += 1,
                    None => connection = None,
                }
            }
            answers
        })
    })
    .collect();

    // Each edit is a full build that swaps the output folder; each is waited for. Saved as
    // editors save (a temporary file renamed over site.yaml), so no build reads it halfway.
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    for edit in 0..12 {
        let from = server.mark();
        let edited = config.replace("A fixture site", &format!("A fixture site, edit {edit}"));
        site.write(".site.yaml.new", edited);
        std::fs::rename(
            site.path().join(".site.yaml.new"),
            site.path().join("site.yaml"),
        )
        .unwrap();
        let line = server.wait_for_rebuild_of(from, "site.yaml");
        assert!(
            server.lines()[line].contains(" changed: built "),
            "{:#?}",
            server.lines()
        );
    }
    stop.store(true, Ordering::Relaxed);
    let mut answers: std::collections::BTreeMap<u16, usize> = Default::default();
    for asker in askers {
        for (status, n) in asker.join().unwrap() {
            *answers.entry(status).or_default() += n;
        }
    }
    eprintln!("answers while site.yaml changed 12 times: {answers:?}");
    assert!(answers.get(&200).is_some_and(|n| *n > 0), "{answers:?}");
    assert_eq!(answers.keys().collect::<Vec<_>>(), [&200], "{answers:?}");
}

#[test]
fn saves_caught_halfway_never_show_an_error() {
    let site = Fixture::copy("basic");
    let target = "content/guide/target.en.md";
    let target_text = |marker: &str| {
        format!("---\ntitle: The target\n---\n{marker}: what the join page links to.\n")
    };
    // The join page links to the target: a target read while deleted breaks that link, one
    // read while empty has no title.
    site.write(target, target_text("First version"));
    site.write(
        PAGE,
        "---\ntitle: How to join\n---\nSee [the target](@/guide/target.md).\n",
    );
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    let path = site.path().join(target);
    for save in 0..12 {
        let marker = format!("Save {save}");
        if save % 2 == 0 {
            // Emptied, then written: the editor takes a moment between the two (as a slow
            // disk or a big file does); the watcher must not read the page in between.
            let mut file = std::fs::File::create(&path).unwrap();
            std::thread::sleep(Duration::from_millis(30));
            file.write_all(target_text(&marker).as_bytes()).unwrap();
        } else {
            // Deleted, then written again, with the same moment between.
            std::fs::remove_file(&path).unwrap();
            std::thread::sleep(Duration::from_millis(30));
            std::fs::write(&path, target_text(&marker)).unwrap();
        }
        // Fails on any `failed` event.
        server.shows(&events, "/en/guide/target/", &marker);
    }
    let lines = server.lines();
    assert!(
        !lines.iter().any(|l| l.contains("error")),
        "an error was reported: {lines:#?}"
    );
}

#[test]
fn a_new_title_reloads_the_page_with_its_section_listing_and_search_index_following() {
    let site = Fixture::copy("basic");
    let server = Server::start(site.path(), "serve", &["--port", "0"]);
    let events = server.events();
    let from = server.mark();
    site.write(
        PAGE,
        page_text("Same text").replace("title: How to join", "title: Joining the fund"),
    );
    // The reload comes as soon as the pages are written: the page and its section's listing
    // already show the new title.
    server.shows(&events, "/en/guide/join/", "Joining the fund");
    let (_, _, listing) = server.get("/en/guide/");
    assert!(listing.contains("Joining the fund"), "{listing}");
    // The rebuild then finishes with the search index, which no reload waited for.
    server.wait_for_rebuild_of(from, "join.en.md");
    let index: String = std::fs::read_dir(site.path().join("public/search/en"))
        .unwrap()
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().starts_with("d-"))
        .map(|f| std::fs::read_to_string(f.path()).unwrap())
        .collect();
    assert!(index.contains("Joining the fund"), "{index}");
    let (_, _, page) = server.get("/en/guide/join/");
    assert!(!page.contains("How to join"), "{page}");
}
