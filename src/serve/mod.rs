//! `spean serve`: the editors' preview. Builds the site, serves the output folder on
//! 127.0.0.1, rebuilds on every save (`watch`), and tells open pages over Server-Sent Events
//! to reload, to refresh their stylesheets, or to show what broke.
//!
//! The server (axum on tokio) answers only requests addressed to this computer by name
//! (`localhost`, `127.0.0.1`, `[::1]` or the `--bind` address, in the `Host` header): a web
//! page that rebinds its own domain to 127.0.0.1 cannot read the preview. It only reads files
//! under the output folder: every request path is percent-decoded first, then refused (403) if
//! a segment is `..` or holds a backslash or NUL, and the file found is refused if, symlinks
//! resolved, it lies outside the output folder. Redirects are paths on this server. A file
//! missing while a build writes the folder is looked for again once the build is done. Only
//! GET and HEAD are answered. Pages get a `<script>` tag for `/__spean/live.js`, added as
//! they are served, so nothing of it is ever written to the output. `/__spean/translations`
//! shows editors the translation status of every page (`spean check --translations`), also
//! only here.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use crate::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::html::escape;
use crate::pipeline::BuildError;
use crate::watch::{self, Round, Watcher};

/// The port `spean serve` uses unless told otherwise (the NSSF hotline is 1286).
pub const DEFAULT_PORT: u16 = 1286;

const LIVE_SCRIPT: &str = include_str!("live.js");
const SCRIPT_TAG: &str = "<script src=\"/__spean/live.js\"></script>";

/// What open pages are told.
#[derive(Clone, Debug)]
enum Message {
    /// The site changed: load the page again.
    Reload,
    /// Only stylesheets changed: fetch them again, keep the page.
    Css,
    /// The last save broke the site: show these problems (JSON).
    Failed(String),
}

struct Shared {
    /// The output folder, symlinks resolved.
    root: PathBuf,
    /// The output folder as the engine names it (its lock is beside it).
    output_dir: PathBuf,
    /// The address the server listens on: the `Host` names it answers depend on it.
    local: SocketAddr,
    languages: Vec<String>,
    /// The problems of the last rebuild, as JSON, while the site is broken.
    failure: Mutex<Option<String>>,
    /// UI strings of the overlay, per language (JSON), from the theme.
    overlay_strings: Mutex<String>,
    events: broadcast::Sender<Message>,
    options: BuildOptions,
}

/// Where to listen.
pub struct Listen {
    pub bind: IpAddr,
    pub port: u16,
}

/// Builds, then serves and rebuilds until the process is stopped. `started` hears the address
/// once the server listens; `round` hears of every rebuild (for the terminal).
pub fn serve(
    options: BuildOptions,
    listen: Listen,
    started: impl FnOnce(SocketAddr, &Result<crate::BuildReport, BuildError>),
    round: impl FnMut(&Round) + Send + 'static,
) -> Result<(), String> {
    let mut engine = Engine::new(options.clone(), true);
    let first = engine.build();
    let output_dir = engine.output_dir().ok_or_else(|| match &first {
        Err(BuildError::Io(message)) => message.clone(),
        Err(BuildError::Content(problems)) => format!(
            "{}\nsite.yaml cannot be used; fix it, then start spean serve again",
            problems
                .iter()
                .map(|d| d.render(false))
                .collect::<Vec<_>>()
                .join("\n\n")
        ),
        Ok(_) => "site.yaml cannot be read".to_string(),
    })?;
    std::fs::create_dir_all(&output_dir)
        .map_err(|e| format!("cannot create {}: {e}", output_dir.display()))?;
    let mut watcher = Watcher::start(&options.site_dir, &output_dir)
        .map_err(|e| format!("cannot watch {}: {e}", options.site_dir.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let address = SocketAddr::new(listen.bind, listen.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|e| {
            format!(
                "cannot listen on {address}: {e} (another program may use the port; try --port)"
            )
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        root: output_dir
            .canonicalize()
            .map_err(|e| format!("cannot open {}: {e}", output_dir.display()))?,
        output_dir: output_dir.clone(),
        local,
        languages: engine.languages(),
        failure: Mutex::new(failure_json(&first.as_ref().map(|_| ()))),
        overlay_strings: Mutex::new(overlay_strings(&engine)),
        events,
        options: options.clone(),
    });
    started(local, &first);

    let watching = Arc::clone(&shared);
    std::thread::spawn(move || {
        let mut round = round;
        watch::run(&mut engine, &mut watcher, |engine, r| {
            round(&r);
            let message = match &r.result {
                Ok(report) => {
                    let was_failing = watching
                        .failure
                        .lock()
                        .expect("no panic while locked")
                        .take()
                        .is_some();
                    if !was_failing
                        && report.full.is_none()
                        && report.written.is_empty()
                        && report.removed.is_empty()
                    {
                        return; // nothing a reader could see changed
                    }
                    *watching
                        .overlay_strings
                        .lock()
                        .expect("no panic while locked") = overlay_strings(engine);
                    if report.css_only() {
                        Message::Css
                    } else {
                        Message::Reload
                    }
                }
                Err(err) => {
                    let json = failure_json(&Err(err)).unwrap_or_default();
                    *watching.failure.lock().expect("no panic while locked") = Some(json.clone());
                    Message::Failed(json)
                }
            };
            let _ = watching.events.send(message);
        });
    });

    let app = Router::new()
        .route("/__spean/live.js", get(live_script))
        .route("/__spean/events", get(events_stream))
        .route("/__spean/translations", get(translations_page))
        .fallback(serve_file)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            local_hosts_only,
        ))
        .with_state(shared);
    runtime
        .block_on(axum::serve(listener, app).into_future())
        .map_err(|e| format!("the server stopped: {e}"))
}

/// Refuses (403) a request whose `Host` is not a name of this computer: a page of another site
/// that points its own domain at 127.0.0.1 (DNS rebinding) sends its domain there.
async fn local_hosts_only(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if host.is_some_and(|h| is_local_host(h, shared.local)) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        "spean serve answers only requests for localhost, 127.0.0.1, [::1] or its --bind address\n",
    )
        .into_response()
}

/// `localhost`, a loopback address or the address listened on, with no port or the port
/// listened on. Listening on every address (`--bind 0.0.0.0`), any address written as an IP is
/// taken (a phone on the network uses the computer's address; DNS rebinding needs a name).
fn is_local_host(host: &str, local: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) => (ip, port),
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, port),
            None => (host, ""),
        },
    };
    let port = port.strip_prefix(':').unwrap_or(port);
    if !port.is_empty() && port.parse::<u16>().ok() != Some(local.port()) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == local.ip() || local.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// The problems of a failed build as the overlay wants them (JSON), or `None` after a good one.
fn failure_json(result: &Result<(), &BuildError>) -> Option<String> {
    let problems: Vec<Diagnostic> = match result {
        Ok(()) => return None,
        Err(BuildError::Content(problems)) => {
            problems.iter().filter(|d| d.is_error()).cloned().collect()
        }
        Err(BuildError::Io(message)) => vec![Diagnostic::error("", message.clone())],
    };
    serde_json::to_string(&problems).ok()
}

/// The overlay's strings per language (JSON), from the theme's UI strings.
fn overlay_strings(engine: &Engine) -> String {
    let mut out = serde_json::Map::new();
    for (lang, t) in engine.ui_strings().unwrap_or_default() {
        let get = |key: &str| t.get(key).cloned().unwrap_or_default();
        out.insert(
            lang.clone(),
            serde_json::json!({
                "title": get("dev_error_title"),
                "kept": get("dev_error_kept"),
                "hint": get("dev_error_hint"),
                "close": get("dev_error_close"),
            }),
        );
    }
    serde_json::Value::Object(out).to_string()
}

async fn live_script(State(shared): State<Arc<Shared>>) -> Response {
    let strings = shared
        .overlay_strings
        .lock()
        .expect("no panic while locked")
        .clone();
    let script = LIVE_SCRIPT.replace("/*STRINGS*/ {}", &strings);
    with_type(script.into_bytes(), "text/javascript; charset=utf-8")
}

async fn events_stream(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    // A page opened while the site is broken learns it at once.
    let now = shared
        .failure
        .lock()
        .expect("no panic while locked")
        .clone()
        .map(|json| Ok(Event::default().event("failed").data(json)));
    let hello = Ok(Event::default().event("hello").data("spean"));
    let later = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => {
                    let event = match message {
                        Message::Reload => Event::default().event("reload").data("page"),
                        Message::Css => Event::default().event("css").data("styles"),
                        Message::Failed(json) => Event::default().event("failed").data(json),
                    };
                    return Some((Ok(event), receiver));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(
        stream::iter(std::iter::once(hello).chain(now))
            .chain(later)
            .boxed(),
    )
    .keep_alive(KeepAlive::default())
}

async fn translations_page(State(shared): State<Arc<Shared>>) -> Response {
    let options = shared.options.clone();
    let page = tokio::task::spawn_blocking(move || translations_html(&options))
        .await
        .unwrap_or_else(|e| format!("<p>{e}</p>"));
    html_response(StatusCode::OK, page.into_bytes())
}

/// The translation status of every page and data record, as a page for editors.
fn translations_html(options: &BuildOptions) -> String {
    use crate::check::Status;
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>Translation status — spean</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:1rem}\
         table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}\
         .outdated,.missing,.not-started{background:#ffe0d6;font-weight:bold}.unmarked{background:#fff4c2}.current,.source{color:#205020}</style></head><body>\
         <h1>Translation status</h1><p>For editors only: this page exists in <code>spean serve</code>, never in the published site.</p><dl>",
    );
    for status in Status::ALL {
        html.push_str(&format!(
            "<dt class=\"{}\">{}</dt><dd>{}</dd>",
            status_class(status),
            status.name(),
            with_code(&escape(status.meaning()))
        ));
    }
    html.push_str("</dl>");
    let today = crate::date::Date::today();
    let report = match crate::check::check(options, &today) {
        Ok(report) => report,
        Err(err) => {
            html.push_str(&format!(
                "<p>The site cannot be read: {}</p></body></html>",
                escape(&err.to_string())
            ));
            return html;
        }
    };
    let languages: Vec<String> = report
        .translations
        .iter()
        .flat_map(|r| r.languages.keys().cloned())
        .fold(Vec::new(), |mut all, l| {
            if !all.contains(&l) {
                all.push(l);
            }
            all
        });
    html.push_str("<table><thead><tr><th scope=\"col\">page</th>");
    for l in &languages {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(l)));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &report.translations {
        html.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&row.page)));
        for l in &languages {
            let status = row.languages.get(l).copied().unwrap_or(Status::Missing);
            html.push_str(&format!(
                "<td class=\"{}\">{}</td>",
                status_class(status),
                status.name()
            ));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    if !report.data_translations.is_empty() {
        html.push_str("<h2>Data texts missing a language</h2><ul>");
        for r in &report.data_translations {
            let missing: Vec<String> = r.missing.iter().map(|(l, n)| format!("{l}: {n}")).collect();
            html.push_str(&format!(
                "<li><code>{}</code> <code>{}</code>: {}</li>",
                escape(&r.file),
                escape(&r.id),
                escape(&missing.join(", "))
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("</body></html>\n");
    html
}

/// `spean translations mark FILE` between backticks as `<code>`.
fn with_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// The status as a class name: `not-started`.
fn status_class(status: crate::check::Status) -> String {
    status.name().replace(' ', "-")
}

/// Any other path: a file of the output folder.
async fn serve_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "spean serve answers GET and HEAD only\n",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let response = match find(&shared, uri.path()).await {
        Found::File(path, bytes) => file_response(&path, bytes),
        Found::Redirect(mut location) => {
            if let Some(query) = uri.query() {
                location.push('?');
                location.push_str(query);
            }
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Found::Missing => not_found(&shared, uri.path()).await,
        Found::Forbidden => (StatusCode::FORBIDDEN, "forbidden\n").into_response(),
    };
    if method == Method::HEAD {
        let (parts, body) = response.into_parts();
        let length = axum::body::to_bytes(body, usize::MAX)
            .await
            .map(|b| b.len())
            .unwrap_or(0);
        let mut response = Response::from_parts(parts, Body::empty());
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        return response;
    }
    response
}

/// What a request path leads to, the file read.
enum Found {
    File(PathBuf, Vec<u8>),
    Redirect(String),
    Missing,
    Forbidden,
}

/// Resolves and reads the file of a request. A file missing while a build holds the output's
/// lock (the swap of a full build, where the system has no atomic exchange) is looked for
/// again once the build is done, so a page that exists before and after is never a 404.
async fn find(shared: &Shared, request: &str) -> Found {
    let found = read(resolve(&shared.root, request)).await;
    if !matches!(found, Found::Missing) {
        return found;
    }
    let output_dir = shared.output_dir.clone();
    let _ = tokio::task::spawn_blocking(move || {
        crate::write::OutputLock::beside(&output_dir)?.wait_for_writer()
    })
    .await;
    read(resolve(&shared.root, request)).await
}

async fn read(resolved: Resolved) -> Found {
    match resolved {
        Resolved::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => Found::File(path, bytes),
            Err(_) => Found::Missing,
        },
        Resolved::AddSlash(location) => Found::Redirect(location),
        Resolved::Missing => Found::Missing,
        Resolved::Forbidden => Found::Forbidden,
    }
}

#[derive(Debug, PartialEq)]
enum Resolved {
    File(PathBuf),
    /// A folder asked for without its final slash (its page's relative links need it): the
    /// path to send it to, rebuilt from the segments, so it always starts with a single `/`
    /// (`//en` would be a link to the host `en`).
    AddSlash(String),
    Missing,
    Forbidden,
}

/// Maps a request path to a file under `root` (which has its symlinks resolved), safely.
fn resolve(root: &Path, request: &str) -> Resolved {
    let Some(decoded) = crate::load::address::percent_decode_strict(request) else {
        return Resolved::Forbidden;
    };
    let mut path = root.to_path_buf();
    let mut location = String::from("/");
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            s if s.contains(['\\', '\0']) || s.contains(':') && cfg!(windows) => {
                return Resolved::Forbidden;
            }
            s => {
                path.push(s);
                location.push_str(&percent_encode(s));
                location.push('/');
            }
        }
    }
    if path.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::AddSlash(location);
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) => {
            if real.is_file() {
                Resolved::File(real)
            } else {
                Resolved::Missing
            }
        }
        Ok(_) => Resolved::Forbidden,
        Err(_) => Resolved::Missing,
    }
}

/// A path segment as it may stand in a `Location` header: ASCII letters, digits and the
/// characters that mean nothing special in a path stay, the rest is percent-encoded (UTF-8).
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The site's 404 page of the language the path starts with (or the root one), status 404.
async fn not_found(shared: &Shared, request: &str) -> Response {
    let first = request
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let page = if shared.languages.iter().any(|l| l == first) {
        shared.root.join(first).join("404.html")
    } else {
        shared.root.join("404.html")
    };
    match tokio::fs::read(&page).await {
        Ok(bytes) => html_response(StatusCode::NOT_FOUND, bytes),
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

fn file_response(path: &Path, bytes: Vec<u8>) -> Response {
    let kind = crate::write::content_type(path);
    if kind.starts_with("text/html") {
        return html_response(StatusCode::OK, bytes);
    }
    with_type(bytes, kind)
}

/// An HTML page with the live-reload script added before `</body>` (or at the end).
fn html_response(status: StatusCode, mut bytes: Vec<u8>) -> Response {
    let at = find_last(&bytes, b"</body>").unwrap_or(bytes.len());
    bytes.splice(at..at, SCRIPT_TAG.bytes());
    let mut response = with_type(bytes, "text/html; charset=utf-8");
    *response.status_mut() = status;
    response
}

fn with_type(bytes: Vec<u8>, kind: &'static str) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // An editor must always see the latest save.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_never_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("en")).unwrap();
        std::fs::write(root.join("en/index.html"), "<p>en</p>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(
            resolve(&root, "/en/"),
            Resolved::File(root.join("en/index.html"))
        );
        assert_eq!(resolve(&root, "/en"), Resolved::AddSlash("/en/".into()));
        for path in ["//en", "/%2F%2Fen", "///en", "/./en", "/%2fen"] {
            assert_eq!(
                resolve(&root, path),
                Resolved::AddSlash("/en/".into()),
                "{path}"
            );
        }
        for attack in [
            "/../secret.txt",
            "/en/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/en/..%5c..%5csecret.txt",
            "/en/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, attack), Resolved::Forbidden, "{attack}");
        }
        assert_eq!(resolve(&root, "/missing.html"), Resolved::Missing);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Resolved::Forbidden);
        }
    }

    #[test]
    fn only_names_of_this_computer_are_answered() {
        let local: SocketAddr = "127.0.0.1:1286".parse().unwrap();
        for host in [
            "localhost",
            "localhost:1286",
            "LocalHost:1286",
            "127.0.0.1",
            "127.0.0.1:1286",
            "[::1]",
            "[::1]:1286",
        ] {
            assert!(is_local_host(host, local), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1286",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1286",
            "localhost:8080",
            "127.0.0.1:80",
            "[::1",
            "192.168.1.20:1286",
            "",
        ] {
            assert!(!is_local_host(host, local), "{host}");
        }
        let bound: SocketAddr = "192.168.1.20:1286".parse().unwrap();
        assert!(is_local_host("192.168.1.20:1286", bound));
        assert!(!is_local_host("192.168.1.21:1286", bound));
        let everywhere: SocketAddr = "0.0.0.0:1286".parse().unwrap();
        assert!(is_local_host("192.168.1.20:1286", everywhere));
        assert!(!is_local_host("rebound.example:1286", everywhere));
    }

    #[test]
    fn the_live_script_goes_before_the_end_of_body() {
        let response = html_response(
            StatusCode::OK,
            b"<html><body><p>x</p></body></html>".to_vec(),
        );
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = futures_util::FutureExt::now_or_never(axum::body::to_bytes(
            response.into_body(),
            usize::MAX,
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
    }

    #[test]
    fn fonts_scripts_feeds_and_tables_have_their_types() {
        for (file, kind) in [
            ("a.woff2", "font/woff2"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("atom.xml", "application/xml"),
            ("facilities.csv", "text/csv; charset=utf-8"),
            ("a.html", "text/html; charset=utf-8"),
        ] {
            assert_eq!(crate::write::content_type(Path::new(file)), kind);
        }
    }
}
