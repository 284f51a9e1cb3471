//! Step 1 (load), the links of a page body: what each internal link of the Markdown points at
//! (another page, a file of `content/`, a heading), written as a placeholder `spean-link:N:`
//! until the model has resolved it, then filled in by the page renderer.
//!
//! A page shown in several languages links to a different file in each, so its links cannot be
//! written while Markdown is read; the list of them, with where each was written, goes to the
//! model, which resolves and checks it.

use pulldown_cmark::CowStr;

use super::address;
use super::file_name::{NamedLanguage, SECTION_INDEX, split_language};
use crate::html::escape;

/// What a link in Markdown points at, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another page: `@/voluntary/join.md#documents`, or `@/join.en.md` to pin a language.
    Page {
        key: String,
        lang: Option<String>,
        anchor: Option<String>,
    },
    /// A file of `content/` (image, PDF) by its path under `content/`.
    Asset { rel: String, anchor: Option<String> },
    /// A heading of the same page: `#documents`.
    Anchor(String),
    /// Something that cannot work offline or from another folder (a `/root` path).
    Invalid { written: String, reason: String },
}

/// An internal link and where it was written (byte offset in the Markdown body).
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub target: LinkTarget,
    pub offset: usize,
}

/// How an internal link is written until the model resolves it: `spean-link:N:`.
pub(crate) const PLACEHOLDER: &str = "spean-link:";

/// Fills placeholders in with the hrefs `resolve` gives for each link index.
pub fn fill_links(html: &str, mut resolve: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..at]);
        let after = &rest[at + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match (
            after[..digits].parse::<usize>(),
            after[digits..].starts_with(':'),
        ) {
            (Ok(index), true) => {
                out.push_str(&escape(&resolve(index)));
                rest = &after[digits + 1..];
            }
            _ => {
                out.push_str(PLACEHOLDER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder for a link `target` (or `dest` as written, for links to other sites).
pub(super) fn placeholder_for<'a>(
    dest: CowStr<'a>,
    target: Option<LinkTarget>,
    offset: usize,
    links: &mut Vec<LinkRef>,
) -> CowStr<'a> {
    let Some(target) = target else {
        return dest;
    };
    links.push(LinkRef { target, offset });
    format!("{PLACEHOLDER}{}:", links.len() - 1).into()
}

/// Decides whether a link is internal and what it points at; `None` leaves it as written
/// (web addresses, `mailto:`, `tel:`). Addresses that cannot work or are not allowed
/// (`javascript:`, a path out of `content/`, an empty target) are `Invalid`.
pub(crate) fn classify_link(dest: &str, dir: &str, languages: &[String]) -> Option<LinkTarget> {
    let invalid = |reason: &str| {
        Some(LinkTarget::Invalid {
            written: dest.to_string(),
            reason: reason.to_string(),
        })
    };
    if dest.trim().is_empty() {
        return invalid("the link has no address between its parentheses");
    }
    if let Some(path) = dest.strip_prefix("@/") {
        let (path, anchor) = split_anchor(path);
        return Some(page_target(path, anchor, languages, dest));
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    if let Err(reason) = address::check_scheme(dest) {
        return invalid(&reason);
    }
    if address::scheme_of(dest).is_some() {
        return None; // https:, mailto:, tel:
    }
    if dest.contains('\\') {
        return invalid("it holds a backslash `\\`: separate folders with `/`");
    }
    if dest.starts_with("//") {
        return invalid(
            "an address starting with `//` takes the scheme of wherever the page is opened (file:// on a USB drive); write it in full with https://",
        );
    }
    if dest.starts_with('/') {
        return invalid(
            "a link starting with `/` breaks when the site is opened from a folder or a USB drive",
        );
    }
    let (path, anchor) = split_anchor(dest);
    // `%20` and friends name the file's real characters (a `#` in a file name must be `%23`).
    let Some(rel) = join_relative(dir, &address::percent_decode(path)) else {
        return invalid("it leads out of the content/ folder; link only to files of the site");
    };
    if rel.ends_with(".md") {
        return Some(page_target(&rel, anchor, languages, dest));
    }
    Some(LinkTarget::Asset { rel, anchor })
}

/// Like [`classify_link`], for an image: it must be a file of the site, since the output never
/// loads anything from another host.
pub(super) fn classify_image(dest: &str, dir: &str, languages: &[String]) -> Option<LinkTarget> {
    match classify_link(dest, dir, languages) {
        None => Some(LinkTarget::Invalid {
            written: dest.to_string(),
            reason: "an image from another site would be loaded from there (the site must work offline and load nothing from other hosts); save the image into content/ and link to the file".to_string(),
        }),
        target => target,
    }
}

fn page_target(
    path: &str,
    anchor: Option<String>,
    languages: &[String],
    written: &str,
) -> LinkTarget {
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}{SECTION_INDEX}")
    } else if path.ends_with(".md") {
        path.to_string()
    } else {
        return LinkTarget::Invalid {
            written: written.to_string(),
            reason: "an internal link names a Markdown file, e.g. @/voluntary/join.md".into(),
        };
    };
    if let (stem, NamedLanguage::Site(code)) =
        split_language(&path, |code| languages.iter().any(|l| l == code))
    {
        return LinkTarget::Page {
            key: format!("{stem}.md"),
            lang: Some(code.to_string()),
            anchor,
        };
    }
    LinkTarget::Page {
        key: path,
        lang: None,
        anchor,
    }
}

fn split_anchor(path: &str) -> (&str, Option<String>) {
    match path.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (path, None),
    }
}

/// `dir` + `path` with `.` and `..` resolved; `None` when it climbs out of `content/`.
fn join_relative(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["km".into(), "en".into(), "fr".into()]
    }

    #[test]
    fn classifies_links() {
        let l = langs();
        assert_eq!(
            classify_link("@/voluntary/join.md#documents", "", &l),
            Some(LinkTarget::Page {
                key: "voluntary/join.md".into(),
                lang: None,
                anchor: Some("documents".into())
            })
        );
        assert_eq!(
            classify_link("@/join.en.md", "", &l),
            Some(LinkTarget::Page {
                key: "join.md".into(),
                lang: Some("en".into()),
                anchor: None
            })
        );
        assert_eq!(
            classify_link("@/news/", "", &l),
            Some(LinkTarget::Page {
                key: "news/_index.md".into(),
                lang: None,
                anchor: None
            })
        );
        assert_eq!(
            classify_link("../img/card.png", "voluntary/steps", &l),
            Some(LinkTarget::Asset {
                rel: "voluntary/img/card.png".into(),
                anchor: None
            })
        );
        assert_eq!(classify_link("https://nssf.gov.kh", "", &l), None);
        assert_eq!(classify_link("tel:1286", "", &l), None);
        assert!(matches!(
            classify_link("/km/", "", &l),
            Some(LinkTarget::Invalid { .. })
        ));
    }
}
