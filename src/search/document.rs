//! Search's page reading: a page's rendered HTML (what is inside `<main>`, without navigation
//! and forms) becomes a [`SearchDoc`]: its title, headings and passages (a line ends at every
//! block element, and wherever one element closes right where the next opens), and its keys
//! with their weights (title 10, headings 4, text 1; Khmer dictionary words only from the title
//! and headings).

use std::borrow::Cow;

use super::keys::DocKeys;
use super::{PASSAGES, SearchDoc, tokenize};

/// Builds a document from a page's rendered HTML (what is inside `<main>`).
pub(crate) fn document(url: String, title: &str, section: &str, html: &[u8]) -> SearchDoc {
    // Rendered pages are UTF-8 (checked by simdutf8, which is several times faster than std on
    // Khmer text, and not char by char as a lossy reading would).
    let html = simdutf8::basic::from_utf8(html)
        .map(Cow::Borrowed)
        .unwrap_or_else(|_| String::from_utf8_lossy(html));
    // `</main>` is looked for from the end: only the footer follows it. (memchr's searches:
    // std's for a string was a tenth of reading a page.)
    let main = memchr::memmem::find(html.as_bytes(), b"<main")
        .map(|start| {
            let end = memchr::memmem::rfind(&html.as_bytes()[start..], b"</main>");
            &html[start..end.map_or(html.len(), |e| start + e)]
        })
        .unwrap_or(&html);
    let (headings, text) = text_of(main);
    let mut keys = DocKeys::default();
    let mut add = |text: &str, weight: u32, words: bool| {
        tokenize::for_each_key(text, words, |found, times| keys.add(found, weight * times));
    };
    add(title, 10, true);
    for h in &headings {
        add(h, 4, true);
    }
    add(&text, 1, false);
    let mut passages: Vec<String> = headings.into_iter().filter(|h| !h.is_empty()).collect();
    passages.extend(sentences(&text).take(PASSAGES.saturating_sub(passages.len())));
    passages.truncate(PASSAGES);
    SearchDoc {
        url,
        title: title.to_string(),
        section: section.to_string(),
        passages,
        keys,
    }
}

/// (headings, all text) of an HTML fragment, tags removed and entities decoded.
fn text_of(html: &str) -> (Vec<String>, String) {
    let mut headings = Vec::new();
    let mut text = String::with_capacity(html.len() / 2);
    let mut heading: Option<String> = None;
    let mut rest = html;
    let mut skip_depth: u32 = 0; // inside <nav>, <script>, <form>: not page text
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        let chunk = decode(&rest[..open]);
        if skip_depth == 0 {
            text.push_str(&chunk);
            if let Some(h) = heading.as_mut() {
                h.push_str(&chunk);
            }
        }
        let close =
            memchr::memchr(b'>', &rest.as_bytes()[open..]).map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open + 1..close.saturating_sub(1)];
        let bare = tag.trim_start_matches('/');
        let length = bare
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bare.len());
        // Tag names are short: lower-cased on the stack (longer ones are no name we know).
        let mut buffer = [0u8; 12];
        let name = if length <= buffer.len() {
            buffer[..length].copy_from_slice(&bare.as_bytes()[..length]);
            buffer[..length].make_ascii_lowercase();
            std::str::from_utf8(&buffer[..length]).unwrap_or("")
        } else {
            ""
        };
        let closing = tag.starts_with('/');
        match name {
            "nav" | "script" | "form" | "style" => {
                if closing {
                    skip_depth = skip_depth.saturating_sub(1);
                } else {
                    skip_depth += 1;
                }
            }
            "h1" | "h2" | "h3" | "h4" if skip_depth == 0 => {
                if closing {
                    headings.extend(heading.take().map(|h| h.trim().to_string()));
                } else {
                    heading = Some(String::new());
                }
            }
            _ => {}
        }
        // A block ends a line; so does an element closed right where the next one opens
        // (`<span class=card-title>…</span><span class=card-text>…`, which the style sheet
        // shows as blocks): words never run together across them.
        let next_opens = rest[close.min(rest.len())..].starts_with('<')
            && !rest[close.min(rest.len())..].starts_with("</");
        if is_block(name) || (closing && next_opens) {
            text.push('\n');
        }
        rest = &rest[close.min(rest.len())..];
    }
    text.push_str(&decode(rest));
    (headings, text)
}

/// Elements that start a line of their own.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "caption"
            | "dl"
            | "dd"
            | "dt"
            | "br"
            | "hr"
            | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "pre"
            | "address"
    )
}

/// The text of HTML with the entities spean's renderers write decoded.
pub(crate) fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(decode_entities(text))
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{A0}")
        .replace("&amp;", "&")
}

/// Lines and sentences of the text, trimmed, at most 200 characters each.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(['\n', '។'])
        .flat_map(|line| line.split(". "))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.chars().count() > 3)
        .map(|s| crate::load::typography::shorten(&s, 200))
}
