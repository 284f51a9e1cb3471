//! The one-file edition (beside step 4, write): one page's `<main>` made fit for the combined
//! file. Ids get the page's prefix (`voluntary/join:who-can-join`) and so do the attributes that
//! name ids; links to pages become in-file anchors or the other language's file; images become
//! `data:` addresses or their alt text; forms, scripts and what a template marks
//! `data-single-file="omit"` go.
//!
//! The input is HTML spean rendered itself (templates, sanitised Markdown), so the small tag
//! scanner of `tags.rs` suffices: text never holds a raw `<`, attribute values are quoted or plain.

use std::collections::HashMap;

use super::tags::{Tag, find_ascii_case_insensitive, is_void, parse_tag};
use crate::html::escape;
use crate::model::url;

/// Where links lead in the file being made.
pub(crate) struct Targets<'a> {
    /// The language of the file.
    pub lang: &'a str,
    /// Output path of every page kept (`en/voluntary/join/`, a checklist's `…/checklist/`) →
    /// its language and section id.
    pub pages: &'a HashMap<String, (String, String)>,
    /// Language → name of its one-file edition.
    pub files: &'a HashMap<String, String>,
    /// An image by its path under the output folder → its `data:` address, when small enough.
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

/// Attributes whose value is a list of ids.
const ID_REFS: [&str; 9] = [
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-details",
    "aria-flowto",
    "for",
    "headers",
    "list",
];

/// Attributes that would load something or leave the file: never kept.
const DROPPED: [&str; 9] = [
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "ping",
    "background",
    "style",
    "xlink:href",
];

/// Elements dropped with everything inside them.
const DROPPED_ELEMENTS: [&str; 8] = [
    "form", "script", "style", "template", "iframe", "object", "video", "audio",
];

/// Rewrites the `<main>` of the page at `page_path` (an output path) whose section id is `id`.
pub(crate) fn rewrite_page(html: &str, page_path: &str, id: &str, targets: &Targets) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // An element being dropped: its name and how deep inside elements of that name we are.
    let mut dropping: Option<(String, usize)> = None;
    let mut unlinked = 0usize;
    while let Some(at) = rest.find('<') {
        if dropping.is_none() {
            out.push_str(&rest[..at]);
        }
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some((tag, len)) = parse_tag(rest) else {
            // Not a tag after all: keep the `<` as text.
            if dropping.is_none() {
                out.push_str("&lt;");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        if let Some((name, depth)) = &mut dropping {
            if tag.name == *name && !tag.self_closing {
                if tag.closing {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    dropping = None;
                }
            }
            continue;
        }
        if tag.closing {
            if tag.name == "a" && unlinked > 0 {
                unlinked -= 1;
            } else {
                out.push_str(&format!("</{}>", tag.name));
            }
            continue;
        }
        let omitted = tag
            .attributes
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("data-single-file") && *v == Some("omit"));
        if omitted || DROPPED_ELEMENTS.contains(&tag.name.as_str()) {
            if !tag.self_closing && !is_void(&tag.name) {
                dropping = Some((tag.name.clone(), 1));
            }
            // A raw-text element's content may hold `<`: skip to its end at once.
            if matches!(tag.name.as_str(), "script" | "style") {
                let close = format!("</{}", tag.name);
                let end = find_ascii_case_insensitive(rest, &close).unwrap_or(rest.len());
                rest = &rest[end..];
            }
            continue;
        }
        match write_tag(&tag, page_path, id, targets) {
            Written::Tag(text) => out.push_str(&text),
            Written::Unlinked => unlinked += 1,
        }
    }
    if dropping.is_none() {
        out.push_str(rest);
    }
    out
}

enum Written {
    Tag(String),
    /// A link with nowhere to go in the file: the tag is left out, its text kept.
    Unlinked,
}

fn write_tag(tag: &Tag, page_path: &str, id: &str, targets: &Targets) -> Written {
    let mut text = format!("<{}", tag.name);
    let mut push = |name: &str, value: Option<&str>| match value {
        Some(v) => text.push_str(&format!(" {name}=\"{}\"", escape(v))),
        None => text.push_str(&format!(" {name}")),
    };
    for (name, value) in &tag.attributes {
        let lower = name.to_ascii_lowercase();
        let value = value.map(crate::search::decode);
        let value = value.as_deref();
        if DROPPED.contains(&lower.as_str()) || lower.starts_with("on") {
            continue;
        }
        match (lower.as_str(), value) {
            ("id" | "name", Some(v)) if lower == "id" || tag.name == "a" => {
                push(name, Some(&format!("{id}:{v}")));
            }
            (attribute, Some(v)) if ID_REFS.contains(&attribute) => {
                let ids: Vec<String> = v.split_whitespace().map(|r| format!("{id}:{r}")).collect();
                push(name, Some(&ids.join(" ")));
            }
            ("href", Some(v)) => match link(v, page_path, id, targets) {
                Some(href) => push(name, Some(&href)),
                None => return Written::Unlinked,
            },
            ("href", None) => return Written::Unlinked,
            ("src", v) if tag.name == "img" => {
                let data = v
                    .and_then(|v| resolve(page_path, v))
                    .and_then(|p| (targets.image)(&p));
                match data {
                    Some(data) => push(name, Some(&data)),
                    None => return Written::Tag(left_out_image(tag)),
                }
            }
            ("src", _) => {}
            _ => push(name, value),
        }
    }
    text.push_str(if tag.self_closing { "/>" } else { ">" });
    Written::Tag(text)
}

/// An image too large to inline: its alt text, marked as an image left out.
fn left_out_image(tag: &Tag) -> String {
    let alt = tag
        .attributes
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("alt"))
        .and_then(|(_, v)| *v)
        .map(crate::search::decode)
        .unwrap_or_default();
    if alt.trim().is_empty() {
        String::new()
    } else {
        format!("<span class=\"image-left-out\">{}</span>", escape(&alt))
    }
}

/// Where a link of the page goes in the file: an anchor, the other language's file, an outside
/// address as it is; `None` when it leads to nothing the file holds (a feed, a data file, the
/// search page, a page left out).
fn link(href: &str, page_path: &str, id: &str, targets: &Targets) -> Option<String> {
    let href = href.trim();
    if let Some(fragment) = href.strip_prefix('#') {
        let fragment = crate::load::address::percent_decode(fragment);
        return Some(match fragment.as_str() {
            "" | "main" => format!("#{id}"),
            _ => format!("#{id}:{fragment}"),
        });
    }
    if let Some(scheme) = scheme_of(href) {
        let kept = matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel");
        return kept.then(|| href.to_string());
    }
    if href.starts_with("//") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(crate::load::address::percent_decode(f))),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let target = resolve(page_path, path)?;
    if let Some((lang, file)) = targets.files.iter().find(|(_, f)| **f == target) {
        return Some(if lang == targets.lang {
            format!("#{}", super::CONTENTS_ID)
        } else {
            file.clone()
        });
    }
    let page = page_of(&target);
    let (lang, section) = targets.pages.get(page.as_str())?;
    let anchor = match fragment.filter(|f| !f.is_empty() && f != "main") {
        Some(f) => format!("{section}:{f}"),
        None => section.clone(),
    };
    if lang == targets.lang {
        Some(format!("#{anchor}"))
    } else {
        Some(format!("{}#{anchor}", targets.files.get(lang)?))
    }
}

/// A URL's scheme (lower case), if it has one: letters, digits, `+-.` before a `:` that comes
/// before any `/`, `?` or `#`.
fn scheme_of(href: &str) -> Option<String> {
    let colon = href.find(':')?;
    let head = &href[..colon];
    let is_scheme = !head.is_empty()
        && head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| head.to_ascii_lowercase())
}

/// A relative link of the page at `page_path` as a path under the output folder (decoded), or
/// `None` when it climbs out of it.
pub(crate) fn resolve(page_path: &str, href: &str) -> Option<String> {
    let href = crate::load::address::percent_decode(href);
    let file = url::file_of(page_path);
    let mut parts: Vec<&str> = url::folder_of(&file)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let segments: Vec<&str> = href.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." | "" if !last => {}
            ".." => {
                parts.pop()?;
            }
            "." | "" => parts.push(""),
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The page a path under the output folder shows: a folder's `index.html` is the folder, a
/// listing's `page/N/` is its section.
fn page_of(target: &str) -> String {
    let folder = target.strip_suffix("index.html").unwrap_or(target);
    let mut folder = folder.to_string();
    if !folder.is_empty() && !folder.ends_with('/') {
        folder.push('/');
    }
    if let Some(before) = folder.strip_suffix('/')
        && let Some((section, n)) = before.rsplit_once("/page/")
        && n.parse::<usize>().is_ok()
    {
        return format!("{section}/");
    }
    folder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(html: &str) -> String {
        let mut pages = HashMap::new();
        pages.insert(
            "km/voluntary/join/".to_string(),
            ("km".into(), "voluntary/join".into()),
        );
        pages.insert(
            "km/voluntary/".to_string(),
            ("km".into(), "voluntary".into()),
        );
        pages.insert(
            "en/voluntary/join/".to_string(),
            ("en".into(), "voluntary/join".into()),
        );
        let files: HashMap<String, String> = [("km", "g-km.html"), ("en", "g-en.html")]
            .into_iter()
            .map(|(l, f)| (l.to_string(), f.to_string()))
            .collect();
        let image = |path: &str| {
            (path == "km/voluntary/card.png").then(|| "data:image/png;base64,AA".to_string())
        };
        let targets = Targets {
            lang: "km",
            pages: &pages,
            files: &files,
            image: &image,
        };
        rewrite_page(html, "km/voluntary/join/", "voluntary/join", &targets)
    }

    #[test]
    fn ids_and_their_references_get_the_page_prefix() {
        assert_eq!(
            rewrite(
                r##"<h2 id="who">Who</h2><section aria-labelledby="a b"><a href="#who">x</a></section>"##
            ),
            r##"<h2 id="voluntary/join:who">Who</h2><section aria-labelledby="voluntary/join:a voluntary/join:b"><a href="#voluntary/join:who">x</a></section>"##
        );
    }

    #[test]
    fn links_to_pages_become_anchors_or_the_other_file() {
        assert_eq!(
            rewrite(r#"<a href="../index.html">s</a>"#),
            r##"<a href="#voluntary">s</a>"##
        );
        assert_eq!(
            rewrite(r#"<a href="../page/2/index.html">s</a>"#),
            r##"<a href="#voluntary">s</a>"##
        );
        assert_eq!(
            rewrite(r#"<a href="./#who">s</a>"#),
            r##"<a href="#voluntary/join:who">s</a>"##
        );
        assert_eq!(
            rewrite(r#"<a href="../../../en/voluntary/join/index.html#x" hreflang="en">s</a>"#),
            r##"<a href="g-en.html#voluntary/join:x" hreflang="en">s</a>"##
        );
        assert_eq!(
            rewrite(r#"<a href="../../../g-km.html">s</a>"#),
            r##"<a href="#:contents">s</a>"##
        );
    }

    #[test]
    fn links_to_files_not_in_the_file_keep_their_text_only() {
        assert_eq!(
            rewrite(r#"<p><a href="../../../data/facilities.csv">CSV</a> ok</p>"#),
            "<p>CSV ok</p>"
        );
        assert_eq!(rewrite(r#"<a href="javascript:alert(1)">x</a>"#), "x");
        assert_eq!(
            rewrite(r#"<a href="tel:1286">1286</a>"#),
            r#"<a href="tel:1286">1286</a>"#
        );
    }

    #[test]
    fn images_are_inlined_or_shown_as_their_alt_text() {
        assert_eq!(
            rewrite(r#"<img src="../card.png" alt="Card">"#),
            r#"<img src="data:image/png;base64,AA" alt="Card">"#
        );
        assert_eq!(
            rewrite(r#"<img src="../big.png" alt="A &amp; B">"#),
            r#"<span class="image-left-out">A &amp; B</span>"#
        );
    }

    #[test]
    fn forms_scripts_and_omitted_elements_go_with_their_content() {
        assert_eq!(
            rewrite(
                r#"a<form hidden><form></form><input></form>b<script>if (a<b) x()</script>c<p data-single-file="omit">d<p>e</p></p>f<!-- <x> -->"#
            ),
            "abcf"
        );
    }
}
