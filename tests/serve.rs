//! `spean serve` and `spean watch`, run as editors run them: the real binary on a free port,
//! files saved the ways editors' programs save them, pages fetched over HTTP and reload events
//! read from the Server-Sent Events stream.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Fixture, tree_snapshot};

/// A running `spean serve` (or `spean watch`), stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// Every line it printed (stdout and stderr).
    lines: Arc<Mutex<Vec<String>>>,
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
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (ready, ready_rx) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let lines = Arc::clone(&lines);
            let ready = ready.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.starts_with("serving http://") || line.starts_with("watching ") {
                        let _ = ready.send(line.clone());
                    }
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let line = ready_rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!("spean {command} did not start: {:?}", lines.lock().unwrap())
            });
        let port = line
            .split(':')
            .nth(2)
            .and_then(|p| {
                p.trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
            })
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        Server { child, port, lines }
    }

    /// Waits until no rebuild has happened for 300 ms, and returns how many there were.
    fn quiet(&self) -> usize {
        let mut count = self.rebuilds();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.rebuilds();
            if now == count {
                return now;
            }
            count = now;
        }
    }

    /// Lines saying a rebuild happened (or failed).
    fn rebuilds(&self) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(" changed: "))
            .count()
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
        let (first, _) = receiver.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(first, "hello");
        receiver
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 request (no client library: it would clean `..` out of paths) →
/// (status, headers, body).
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
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

/// Waits for the next event named `name` (skipping others), up to 10 s.
fn expect_event(events: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok((event, data)) if event == name => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event within 10 s");
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
    let saved = |marker: &str, how: &str| {
        expect_event(&events, "reload");
        let (status, _, body) = server.get("/en/guide/join/");
        assert_eq!(status, 200, "{how}");
        assert!(body.contains(marker), "{how}: the page shows {marker}");
    };

    // Written in place (nano, most editors' default).
    site.write(PAGE, page_text("Written in place"));
    saved("Written in place", "write in place");

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
    saved("Saved by vim", "vim");

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
    saved("Saved through a rename", "rename");

    // Deleted, then written again.
    site.remove(PAGE);
    site.write(PAGE, page_text("Deleted and recreated"));
    saved("Deleted and recreated", "delete and recreate");

    // Editor leftovers alone rebuild nothing.
    let before = server.quiet();
    site.write("content/guide/join.en.md.swo", "swap");
    site.write("content/guide/#join.en.md#", "autosave");
    site.write("content/guide/join.en.md.bak", "backup");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        server.rebuilds(),
        before,
        "{:?}",
        server.lines.lock().unwrap()
    );

    // A burst of saves: one rebuild (two at most on a machine so busy that the burst outlasts
    // the settling wait), not twenty.
    let before = server.quiet();
    for n in 0..20 {
        site.write(PAGE, page_text(&format!("Burst {n}")));
    }
    let after = server.quiet();
    assert!(
        (before + 1..=before + 2).contains(&after),
        "twenty quick saves made {} rebuilds: {:?}",
        after - before,
        server.lines.lock().unwrap()
    );
    assert!(server.get("/en/guide/join/").2.contains("Burst 19"));
    while events.try_recv().is_ok() {} // the burst's reload events, already seen to

    // A folder created with pages, renamed, then deleted.
    site.write(
        "content/help/_index.en.md",
        "---\ntitle: Help\n---\nHelp.\n",
    );
    site.write(
        "content/help/phone.en.md",
        "---\ntitle: By phone\n---\nCall.\n",
    );
    expect_event(&events, "reload");
    assert_eq!(server.get("/en/help/phone/").0, 200);
    std::fs::rename(
        site.path().join("content/help"),
        site.path().join("content/support"),
    )
    .unwrap();
    expect_event(&events, "reload");
    assert_eq!(server.get("/en/support/phone/").0, 200);
    assert_eq!(server.get("/en/help/phone/").0, 404);
    std::fs::remove_dir_all(site.path().join("content/support")).unwrap();
    expect_event(&events, "reload");
    assert_eq!(server.get("/en/support/phone/").0, 404);

    // A stylesheet: applied without reloading.
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
    expect_event(&events, "reload");

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
    // The terminal says the same.
    std::thread::sleep(Duration::from_millis(200));
    let printed = server.lines.lock().unwrap().join("\n");
    assert!(printed.contains("content/guide/join.en.md:3"), "{printed}");

    // A page opened now learns of the problem at once; the overlay speaks its language.
    let late = server.events();
    expect_event(&late, "failed");
    let (_, headers, script) = server.get("/__spean/live.js");
    assert!(headers.contains("content-type: text/javascript"));
    assert!(
        script.contains("Le site n'a pas pu être reconstruit"),
        "French overlay title"
    );
    assert!(
        script.contains("មិនអាចបង្កើតគេហទំព័រឡើងវិញបានទេ"),
        "Khmer overlay title"
    );

    // The next good save clears it.
    site.write(PAGE, page_text("Fixed version"));
    expect_event(&events, "reload");
    assert!(server.get("/en/guide/join/").2.contains("Fixed version"));
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
    let _watch = Server::start(site.path(), "watch", &[]);
    site.write(PAGE, page_text("Seen by watch"));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if site
            .read("en/guide/join/index.html")
            .contains("Seen by watch")
        {
            break;
        }
        assert!(Instant::now() < deadline, "watch did not rebuild");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The DOM of a served page after its scripts ran for `wait_ms`, in headless Chromium.
fn browser_dom(url: &str, wait_ms: u32) -> String {
    common::headless_chromium(&[
        format!("--timeout={wait_ms}"),
        "--dump-dom".to_string(),
        url.to_string(),
    ])
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
        ("fr", "Le site n'a pas pu être reconstruit"),
        ("km", "មិនអាចបង្កើតគេហទំព័រឡើងវិញបានទេ"),
        ("en", "The site could not be rebuilt"),
    ] {
        let dom = browser_dom(&format!("http://127.0.0.1:{}/{lang}/", server.port), 3000);
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
    expect_event(&events, "reload");
    let dom = browser_dom(
        &format!("http://127.0.0.1:{}/en/guide/join/", server.port),
        2000,
    );
    assert!(
        dom.contains("Fixed") && !dom.contains("spean-overlay"),
        "{dom}"
    );
}
