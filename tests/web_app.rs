//! Offline after one visit: a web build (not `--offline`) served over HTTP under a base path, read
//! in headless Chromium driven through the DevTools protocol (`--remote-debugging-pipe`). The
//! reader opens a page, the language's service worker becomes active, the server goes away and
//! the network is switched off, and the page still reloads; a page never opened shows the
//! offline page in the reader's language. Over `file://` the page attempts no registration.
//!
//! The server is a few lines of `std` (`StaticServer`): it serves `public/` under `/portal/` and,
//! once stopped, closes every connection without an answer, as a lost connection would.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use common::{Fixture, cdp};
use serde_json::{Value, json};

/// How long any one step may take before the test fails (a busy machine is slow, never stuck).
const DEADLINE: Duration = Duration::from_secs(60);

/// Serves a folder under `/portal/` until stopped; then every connection is closed unanswered.
struct StaticServer {
    port: u16,
    stopped: Arc<AtomicBool>,
}

impl StaticServer {
    fn bind() -> (TcpListener, u16) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        (listener, port)
    }

    fn start(listener: TcpListener, root: PathBuf) -> StaticServer {
        let port = listener.local_addr().unwrap().port();
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if flag.load(Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                let root = root.clone();
                std::thread::spawn(move || answer(stream, &root));
            }
        });
        StaticServer { port, stopped }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/portal/{path}", self.port)
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
    }
}

/// Answers one request (`Connection: close`) with the file under `root`, or 404.
fn answer(stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let target = line.split(' ').nth(1).unwrap_or("/");
    let target = target.split(['?', '#']).next().unwrap_or("");
    let file = target
        .strip_prefix("/portal/")
        .filter(|rel| !rel.split('/').any(|part| part == ".."))
        .map(|rel| {
            let mut path = root.join(rel);
            if rel.is_empty() || rel.ends_with('/') {
                path.push("index.html");
            }
            path
        });
    let mut stream = stream;
    let (status, kind, body) = match file.and_then(|f| Some((std::fs::read(&f).ok()?, f))) {
        Some((body, path)) => ("200 OK", content_type(&path), body),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "webmanifest" => "application/manifest+json",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// One tab of headless Chromium (`common::cdp`), as these tests use it.
struct Browser {
    browser: cdp::Browser,
    tab: cdp::Tab,
}

impl Browser {
    fn start() -> Browser {
        let mut browser = cdp::Browser::launch();
        let tab = browser.open("about:blank", 360, 740);
        Browser { browser, tab }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.browser.call(Some(&self.tab), method, params)
    }

    /// Opens `url` (or reloads the page) and waits for its `load` event.
    fn open(&mut self, url: Option<&str>) {
        match url {
            Some(url) => self.browser.navigate(&self.tab, url),
            None => self.browser.reload(&self.tab),
        }
    }

    fn eval(&mut self, expression: &str) -> Value {
        self.browser.evaluate(&self.tab, expression)
    }

    fn errors(&mut self) -> Vec<String> {
        self.browser.errors(&self.tab)
    }
}

/// The text of the first `<h1>` of a built page, as the browser shows it.
fn heading_of(file: &Path) -> String {
    let html = std::fs::read_to_string(file).unwrap();
    let start = html.find("<h1").expect("a heading");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</h1>").unwrap();
    html[start..end].to_string()
}

const H1: &str = "document.querySelector('h1') ? document.querySelector('h1').textContent : null";

/// The addresses kept in the site's caches.
const CACHED: &str = "caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys())))).then(lists => lists.flat().map(r => r.url))";

/// Resolves when the page is controlled by its language's worker, which has then installed
/// (kept the shell, the home and the open pages) and activated.
const CONTROLLED: &str = "navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller ? true : new Promise(done => navigator.serviceWorker.addEventListener('controllerchange', () => done(true))))";

/// Keeps the address of every service worker the page registers in `window.registrations`.
const SPY_ON_REGISTER: &str = "window.registrations = []; if (navigator.serviceWorker) { const register = navigator.serviceWorker.register.bind(navigator.serviceWorker); navigator.serviceWorker.register = (url, options) => { window.registrations.push(String(url)); return register(url, options); }; }";

fn web_build(port: u16) -> Fixture {
    let site = Fixture::copy("portal");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .replace(
            "base_url: https://example.org/portal/",
            &format!("base_url: http://127.0.0.1:{port}/portal/"),
        );
    assert!(yaml.contains(&format!("127.0.0.1:{port}")), "{yaml}");
    site.write("site.yaml", yaml);
    site.build_ok(&[]);
    site
}

#[test]
fn a_page_read_once_reads_again_without_a_connection() {
    let (listener, port) = StaticServer::bind();
    let site = web_build(port);
    let public = site.public();
    let server = StaticServer::start(listener, public.clone());
    let mut browser = Browser::start();

    let page = "en/guide/pay/";
    browser.open(Some(&server.url(page)));
    assert_eq!(
        browser.eval(H1),
        json!(heading_of(&public.join(page).join("index.html")))
    );
    assert_eq!(browser.eval(CONTROLLED), json!(true));
    assert_eq!(
        browser.eval("navigator.serviceWorker.ready.then(r => r.scope)"),
        json!(server.url("en/")),
        "the worker's scope is the language's folder under the base path"
    );
    assert_eq!(
        browser.eval("document.querySelector('link[rel=manifest]').href"),
        json!(server.url("en/manifest.webmanifest")),
        "over HTTP the page links its language's manifest"
    );
    let manifest = browser.call("Page.getAppManifest", json!({}));
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    let parsed = &manifest["manifest"];
    assert_eq!(parsed["name"], json!("Test site"), "{manifest}");
    assert_eq!(parsed["startUrl"], json!(server.url("en/")), "{manifest}");
    assert_eq!(parsed["scope"], json!(server.url("en/")), "{manifest}");
    assert_eq!(
        parsed["themeColor"],
        json!("rgba(11,61,107,1)"),
        "the CSS's --brand"
    );
    let cached: Vec<String> = serde_json::from_value(browser.eval(CACHED)).unwrap();
    assert!(cached.contains(&server.url(page)), "{cached:?}");
    assert!(cached.contains(&server.url("en/")), "the home: {cached:?}");
    assert!(cached.contains(&server.url("css/style.css")), "{cached:?}");
    assert!(
        !cached
            .iter()
            .any(|u| u.contains("/portal/km/") || u.contains("/portal/fr/")),
        "no page of another language is kept: {cached:?}"
    );

    server.stop();
    browser.call(
        "Network.emulateNetworkConditions",
        json!({"offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    );
    // The stopped server would answer nothing, so what shows comes from the phone's cache.
    browser.open(None);
    assert_eq!(
        browser.eval(H1),
        json!(heading_of(&public.join(page).join("index.html")))
    );
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.site-header')).display !== '' && document.styleSheets[0].cssRules.length > 0"),
        json!(true),
        "the stylesheet comes from the cache"
    );

    // The home was kept at install, though never opened.
    browser.open(Some(&server.url("en/")));
    assert_eq!(
        browser.eval(H1),
        json!(heading_of(&public.join("en/index.html")))
    );

    // A page never opened: the offline page, in the reader's language.
    browser.open(Some(&server.url("en/schemes/")));
    let offline = heading_of(&public.join("en/offline.html"));
    assert_eq!(browser.eval(H1), json!(offline));
    assert_eq!(browser.eval("document.documentElement.lang"), json!("en"));
    assert_eq!(offline, en_strings()["offline_title"]);
}

/// The version a build wrote into a language's worker.
fn worker_version(public: &Path, lang: &str) -> String {
    let sw = std::fs::read_to_string(public.join(lang).join("sw.js")).unwrap();
    let at = sw.find("\"version\":\"").expect("a version") + "\"version\":\"".len();
    sw[at..at + sw[at..].find('"').unwrap()].to_string()
}

#[test]
fn a_new_build_keeps_the_pages_a_reader_kept() {
    let (listener, port) = StaticServer::bind();
    let site = web_build(port);
    let public = site.public();
    let server = StaticServer::start(listener, public.clone());
    let mut browser = Browser::start();
    let page = "en/guide/pay/";
    browser.open(Some(&server.url(page)));
    assert_eq!(browser.eval(CONTROLLED), json!(true));
    let old = worker_version(&public, "en");

    // A new build (one sentence changed elsewhere): a new worker version, a new shell cache.
    let other = site.path().join("content/guide/_index.en.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{text}\nOne more sentence.\n")).unwrap();
    site.build_ok(&[]);
    let new = worker_version(&public, "en");
    assert_ne!(old, new);
    browser.open(Some(&server.url("en/")));
    // The browser looks for a new worker; once it is active, the old build's shell is gone.
    let caches = browser.eval(&format!(
        "navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => new Promise(done => {{ \
           const look = () => caches.keys().then(k => k.some(n => n.endsWith(' {old}')) || !k.some(n => n.endsWith(' {new}')) ? setTimeout(look, 50) : done(k)); look(); }}))"
    ));
    assert!(caches.to_string().contains(&new), "{caches}");

    // Offline, the page read under the old build is still there.
    server.stop();
    browser.call(
        "Network.emulateNetworkConditions",
        json!({"offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    );
    browser.open(Some(&server.url(page)));
    assert_eq!(
        browser.eval(H1),
        json!(heading_of(&public.join(page).join("index.html")))
    );
}

/// The English UI strings of the default theme.
fn en_strings() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn over_file_urls_a_web_build_attempts_no_registration() {
    // No server: the address only has to be one of a web host.
    let site = web_build(8080);
    let page = site.public().join("en/guide/pay/index.html");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("js/offline.js"),
        "the page loads the registration script"
    );
    let mut browser = Browser::start();
    // Every call of `register` is noted before the page's own scripts run.
    browser.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": SPY_ON_REGISTER}),
    );
    browser.open(Some(&format!("file://{}", page.display())));
    assert_eq!(browser.eval(H1), json!(heading_of(&page)));
    // Every deferred script has run once the document is complete.
    assert_eq!(browser.eval("document.readyState"), json!("complete"));
    assert_eq!(browser.eval("window.registrations"), json!([]));
    let errors = browser.errors();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        browser.eval("document.querySelector('link[rel=manifest]')"),
        Value::Null,
        "no manifest over file:// (the browser refuses to read it)"
    );
}

/// A running `spean serve`, stopped when dropped.
struct Preview(Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn spean_serve_s_preview_registers_no_worker() {
    let site = Fixture::copy("portal");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("spean"))
        .arg("serve")
        .arg("--site")
        .arg(site.path())
        .args(["--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spean starts");
    let (send, lines) = channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let send = send.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
    }
    let _preview = Preview(child);
    let deadline = Instant::now() + DEADLINE;
    let port: u16 = loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("spean serve says where it serves");
        if let Some(address) = line.strip_prefix("serving http://") {
            let port = address.split(':').nth(1).and_then(|p| p.split('/').next());
            break port.and_then(|p| p.parse().ok()).expect("a port");
        }
    };

    let mut browser = Browser::start();
    browser.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": SPY_ON_REGISTER}),
    );
    browser.open(Some(&format!("http://127.0.0.1:{port}/en/guide/pay/")));
    assert_eq!(
        browser.eval("[...document.scripts].map(s => new URL(s.src).pathname)"),
        json!(["/js/search.js", "/js/offline.js", "/__spean/live.js"]),
        "the page is the web build's, with the preview's script"
    );
    assert_eq!(browser.eval("document.readyState"), json!("complete"));
    assert_eq!(browser.eval("window.registrations"), json!([]));
    assert_eq!(
        browser.eval("navigator.serviceWorker.getRegistrations().then(r => r.length)"),
        json!(0)
    );
}
