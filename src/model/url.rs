//! URLs, computed once in the model: every output has a path under the output folder, and every
//! link between two outputs is written relative, so the same files work under any base path, on
//! any static host and from `file://`.
//!
//! Paths are `/`-separated and have no leading slash; a path ending in `/` is a folder whose
//! page is its `index.html`. Over `file://` a browser shows a folder listing instead of its
//! `index.html`, so offline builds spell `index.html` out in every link.

/// The output file a path names: `en/join/` → `en/join/index.html`.
pub(crate) fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The folder a path's file sits in: `en/join/` → `en/join/`, `en/news/atom.xml` → `en/news/`.
pub(crate) fn folder_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

/// A link from the page at `from` to `to`, relative. With `offline`, links to folders name
/// their `index.html`.
pub(crate) fn relative(from: &str, to: &str, offline: bool) -> String {
    let from_dir: Vec<&str> = folder_of(from)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    // The last element of `to_parts` is the file name ("" for a folder).
    let (to_dirs, to_file) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dir
        .iter()
        .zip(to_dirs.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    for dir in &to_dirs[common..] {
        out.push_str(dir);
        out.push('/');
    }
    out.push_str(to_file[0]);
    if out.is_empty() {
        out.push_str("./");
    }
    if offline && (out.ends_with('/')) {
        if out == "./" {
            out.clear();
        }
        out.push_str("index.html");
    }
    out
}

/// Where page `n` (1-based) of a section listing lives: the section itself, then `page/2/`...
pub(crate) fn pagination_path(section_path: &str, n: usize) -> String {
    if n <= 1 {
        section_path.to_string()
    } else {
        format!("{section_path}page/{n}/")
    }
}

/// The path of a page: `<lang>/<folders>/<slug>/`; a section is `<lang>/<folders>/`.
pub(crate) fn page_path(lang: &str, dir: &str, slug: Option<&str>) -> String {
    let mut path = format!("{lang}/");
    for folder in dir.split('/').filter(|s| !s.is_empty()) {
        path.push_str(&crate::slug::slugify(folder));
        path.push('/');
    }
    if let Some(slug) = slug {
        path.push_str(slug);
        path.push('/');
    }
    path
}

/// The file an alias redirects from: `old/address` → `<lang>/old/address/index.html`; an alias
/// ending in `.html` names the file. Slashes around it are ignored. The result is not checked
/// here: `model::paths` refuses aliases that would leave the output folder.
pub(crate) fn alias_file(lang: &str, alias: &str) -> String {
    let alias = alias.trim_matches('/');
    if alias.ends_with(".html") {
        format!("{lang}/{alias}")
    } else {
        format!("{lang}/{alias}/index.html")
    }
}

/// The search page's file in a language folder.
const SEARCH_PAGE: &str = "search/index.html";

/// Where a language's search page is written (`km/search/index.html`): the results page, and
/// without script the site index.
pub(crate) fn search_page(lang: &str) -> String {
    format!("{lang}/{SEARCH_PAGE}")
}

/// Where a web build writes a language's service worker (`render::web_app`): in the language
/// folder, so that its scope is the language's pages.
pub(crate) fn worker_path(lang: &str) -> String {
    format!("{lang}/sw.js")
}

/// Where a web build writes a language's web manifest.
pub(crate) fn manifest_path(lang: &str) -> String {
    format!("{lang}/manifest.webmanifest")
}

/// Where a web build writes a language's offline page (what the worker shows for a page not
/// kept).
pub(crate) fn offline_page_path(lang: &str) -> String {
    format!("{lang}/offline.html")
}

/// The files spean writes itself in a language folder, which no page may take as its folder:
/// the 404 page and, in a web build, the worker, manifest and offline page.
pub(crate) fn reserved_files(lang: &str, web_app: bool) -> Vec<String> {
    let mut files = vec![format!("{lang}/404.html")];
    if web_app {
        files.extend([
            worker_path(lang),
            manifest_path(lang),
            offline_page_path(lang),
        ]);
    }
    files
}

/// Percent-encodes the characters a file name may hold but an `href` may not carry as they are
/// (space, `"`, `#`, `%`, `?`, `<`, `>`, `\\`, control characters); letters of any script stay.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' | '"' | '#' | '%' | '?' | '<' | '>' | '\\' | '\u{0}'..='\u{1F}' | '\u{7F}' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The absolute address of a path on the published site.
pub(crate) fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_folders() {
        assert_eq!(
            relative("en/voluntary/join/", "en/news/", false),
            "../../news/"
        );
        assert_eq!(
            relative("en/voluntary/join/", "en/voluntary/", false),
            "../"
        );
        assert_eq!(relative("en/", "km/", false), "../km/");
        assert_eq!(relative("", "km/", false), "km/");
        assert_eq!(relative("en/join/", "en/join/", false), "./");
        assert_eq!(
            relative("en/join/", "css/style.css", false),
            "../../css/style.css"
        );
        assert_eq!(
            relative("en/404.html", "css/style.css", false),
            "../css/style.css"
        );
        assert_eq!(relative("index.html", "en/", false), "en/");
    }

    #[test]
    fn offline_links_name_index_html() {
        assert_eq!(
            relative("en/voluntary/join/", "en/news/", true),
            "../../news/index.html"
        );
        assert_eq!(relative("en/join/", "en/join/", true), "index.html");
        assert_eq!(relative("", "km/", true), "km/index.html");
        assert_eq!(
            relative("en/join/", "css/style.css", true),
            "../../css/style.css"
        );
        assert_eq!(relative("en/a/", "en/", true), "../index.html");
    }

    #[test]
    fn file_names_are_encoded_for_hrefs() {
        assert_eq!(
            encode_path("../guide/NSSF form #2.pdf"),
            "../guide/NSSF%20form%20%232.pdf"
        );
        assert_eq!(encode_path("ប័ណ្ណ.png"), "ប័ណ្ណ.png");
    }

    #[test]
    fn paths() {
        assert_eq!(
            page_path("km", "voluntary", Some("join")),
            "km/voluntary/join/"
        );
        assert_eq!(page_path("km", "", None), "km/");
        assert_eq!(file_of("km/"), "km/index.html");
        assert_eq!(file_of("km/news/atom.xml"), "km/news/atom.xml");
        assert_eq!(pagination_path("en/news/", 2), "en/news/page/2/");
        assert_eq!(pagination_path("en/news/", 1), "en/news/");
    }
}
