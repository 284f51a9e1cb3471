//! The files of `spean serve`: every request path is percent-decoded first, then refused (403)
//! if a segment is `..` or holds a backslash or NUL, and the file found is refused if, symlinks
//! resolved, it lies outside the output folder; a folder without its slash is redirected, a
//! missing file gets the site's 404 page. HTML gets the live-reload script as it is sent.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::Shared;

/// The tag of the live-reload script (`live.rs`) that pages get as they are served, so that
/// nothing of it is ever written to the output.
const SCRIPT_TAG: &str = "<script src=\"/__spean/live.js\"></script>";

/// Any other path: a file of the output folder.
pub(super) async fn serve_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
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
pub(super) fn html_response(status: StatusCode, mut bytes: Vec<u8>) -> Response {
    let at = find_last(&bytes, b"</body>").unwrap_or(bytes.len());
    bytes.splice(at..at, SCRIPT_TAG.bytes());
    let mut response = with_type(bytes, "text/html; charset=utf-8");
    *response.status_mut() = status;
    response
}

pub(super) fn with_type(bytes: Vec<u8>, kind: &'static str) -> Response {
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
