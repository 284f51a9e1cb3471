//! Step 3a, **render Markdown**: one page body to HTML, once per source file.
//!
//! Links cannot be written yet (a page shown in several languages links to a different file in
//! each), so every internal link becomes a placeholder `spean-link:N:` and is listed with where it
//! stands in the file; the model resolves and checks the list, and the page renderer fills the
//! placeholders in. Headings get ids (Khmer kept whole) and feed the table of contents.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::address;
pub use super::nesting::MAX_NESTING;
use super::nesting::Nesting;
use crate::config::RawHtml;
use crate::slug;

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

/// One heading, for the table of contents and anchor checks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page body rendered once, with placeholders where internal links go.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// The first words of the text, for listings of pages without a description.
    pub summary: String,
    /// Byte offsets of images written without alternative text (`![](card.png)`).
    pub images_without_alt: Vec<usize>,
    /// Links to other sites, with where they were written (listed by `spean check`).
    pub external_links: Vec<(usize, String)>,
    /// Where the body first nests deeper than [`MAX_NESTING`] (then nothing else is set).
    pub too_deep: Option<usize>,
}

/// A heading being read: level, explicit id, classes, and the events inside it.
type OpenHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<Event<'a>>,
);

/// How an internal link is written until the model resolves it: `spean-link:N:`.
pub(crate) const PLACEHOLDER: &str = "spean-link:";
const SUMMARY_CHARS: usize = 220;

/// Renders `body` (Markdown written in `lang`). `dir` is the page's folder under `content/`,
/// used for relative links to files; `languages` are the site's language codes.
pub fn render_markdown(
    body: &str,
    lang: &str,
    dir: &str,
    languages: &[String],
    raw_html: &RawHtml,
) -> RenderedMarkdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let parser = Parser::new_ext(body, options).into_offset_iter();

    let mut out = RenderedMarkdown::default();
    let mut events: Vec<Event> = Vec::new();
    let mut taken_ids = HashSet::new();
    let mut heading: Option<OpenHeading> = None;
    let mut in_code = false;
    let mut in_paragraph = false;
    let mut text_run = String::new();

    let mut in_footnote = false;
    let mut footnotes: Vec<String> = Vec::new();
    // Text arrives in pieces (smart quotes are pieces of their own): it is gathered into one
    // run so typography sees a quote together with the spaces around it.
    let flush =
        |run: &mut String, in_code: bool, summary: Option<&mut String>| -> Option<Event<'static>> {
            if run.is_empty() {
                return None;
            }
            let text = if in_code {
                std::mem::take(run)
            } else {
                typography(&std::mem::take(run), lang)
            };
            if let Some(summary) = summary
                && summary.chars().count() < SUMMARY_CHARS
            {
                summary.push_str(&text);
            }
            Some(Event::Text(text.into()))
        };

    // Refuse a body nested deeper than `MAX_NESTING` before anything recursive (the minifier)
    // meets it.
    let mut nesting = Nesting::default();

    for (event, range) in parser {
        if !nesting.enter(&event) {
            out.too_deep = Some(range.start);
            return out;
        }
        if let Event::Text(text) = &event {
            // Khmer keeps its quotes as written: a smart quote (a piece of its own) goes back
            // to the character of the source, so an opening and a closing quote always match.
            let written = &body[range.clone()];
            if lang == "km" && matches!(text.as_ref(), "‘" | "’" | "“" | "”") && written.len() == 1
            {
                text_run.push_str(written);
            } else {
                text_run.push_str(text);
            }
            continue;
        }
        let summarise = in_paragraph && !in_code && !in_footnote && heading.is_none();
        if let Some(text) = flush(
            &mut text_run,
            in_code,
            summarise.then_some(&mut out.summary),
        ) {
            match heading.as_mut() {
                Some(h) => h.3.push(text),
                None => events.push(text),
            }
        }
        if summarise && matches!(event, Event::SoftBreak | Event::HardBreak) {
            out.summary.push(' ');
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((level, id, classes, Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(level)) => {
                let (_, id, classes, inner) = heading.take().expect("heading was opened");
                let title = plain_text(&inner);
                let id = match id {
                    Some(id) => id.to_string(),
                    None => slug::slugify(&title),
                };
                let id = slug::unique(id, &mut taken_ids);
                out.headings.push(Heading {
                    level: level as u8,
                    id: id.clone(),
                    title,
                });
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs: Vec::new(),
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                event
            }
            // Footnotes get ids of their own (`fn-<label>`), so a footnote labelled like a
            // heading (`[^members]` beside `## Members`) does not give two elements one id.
            Event::FootnoteReference(label) => {
                let n = footnote_number(&mut footnotes, &label);
                let label = escape_attribute(&label);
                Event::Html(
                    format!("<sup class=\"footnote-reference\" id=\"fnref-{label}\"><a href=\"#fn-{label}\">{n}</a></sup>").into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_footnote = true;
                let n = footnote_number(&mut footnotes, &label);
                let label = escape_attribute(&label);
                Event::Html(
                    format!("<div class=\"footnote-definition\" id=\"fn-{label}\"><sup class=\"footnote-definition-label\">{n}</sup>").into(),
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = false;
                Event::Html("</div>\n".into())
            }
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                event
            }
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                if !out.summary.is_empty() && !out.summary.ends_with(' ') {
                    out.summary.push(' ');
                }
                event
            }
            // An e-mail autolink (`<info@nssf.gov.kh>`): the HTML writer adds `mailto:` itself.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => event,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if dest_url.starts_with("http://") || dest_url.starts_with("https://") {
                    out.external_links.push((range.start, dest_url.to_string()));
                }
                let target = classify_link(&dest_url, dir, languages);
                let dest_url = placeholder_for(dest_url, target, range.start, &mut out.links);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let written = &body[range.clone()];
                let alt = written
                    .strip_prefix("![")
                    .and_then(|r| r.split(']').next())
                    .unwrap_or("");
                if alt.trim().is_empty() {
                    out.images_without_alt.push(range.start);
                }
                let target = classify_image(&dest_url, dir, languages);
                let dest_url = placeholder_for(dest_url, target, range.start, &mut out.links);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Table(_)) => {
                // Wide tables scroll inside their own box on a phone instead of the whole page;
                // the box is focusable so keyboard users can scroll it too.
                events.push(Event::Html(
                    "<div class=\"table-scroll\" tabindex=\"0\">".into(),
                ));
                event
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                Event::Html("</div>".into())
            }
            other => other,
        };
        match heading.as_mut() {
            Some(h) => h.3.push(event),
            None => events.push(event),
        }
    }
    events.extend(flush(&mut text_run, in_code, None));

    out.summary = shorten(out.summary.trim(), SUMMARY_CHARS);
    out.html.reserve(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.html = super::sanitize::align_with_classes(out.html);
    if nesting.has_raw_html() {
        out.html = super::sanitize::sanitize(&out.html, raw_html);
    }
    out
}

/// The number a footnote label is shown with: its place among the labels met so far.
fn footnote_number(footnotes: &mut Vec<String>, label: &str) -> usize {
    match footnotes.iter().position(|l| l == label) {
        Some(i) => i + 1,
        None => {
            footnotes.push(label.to_string());
            footnotes.len()
        }
    }
}

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
                out.push_str(&escape_attribute(&resolve(index)));
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
fn placeholder_for<'a>(
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
pub fn classify_link(dest: &str, dir: &str, languages: &[String]) -> Option<LinkTarget> {
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
    let Some(rel) = join_relative(dir, &percent_decode(path)) else {
        return invalid("it leads out of the content/ folder; link only to files of the site");
    };
    if rel.ends_with(".md") {
        return Some(page_target(&rel, anchor, languages, dest));
    }
    Some(LinkTarget::Asset { rel, anchor })
}

/// Like [`classify_link`], for an image: it must be a file of the site, since the output never
/// loads anything from another host.
fn classify_image(dest: &str, dir: &str, languages: &[String]) -> Option<LinkTarget> {
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
        format!("{path}_index.md")
    } else if path.ends_with(".md") {
        path.to_string()
    } else {
        return LinkTarget::Invalid {
            written: written.to_string(),
            reason: "an internal link names a Markdown file, e.g. @/voluntary/join.md".into(),
        };
    };
    let base = path.strip_suffix(".md").unwrap_or(&path);
    if let Some((stem, code)) = base.rsplit_once('.')
        && languages.iter().any(|l| l == code)
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

/// `%xx` escapes decoded (the text as it was when it is not UTF-8 afterwards).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
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

/// Quotes and spaces as each language prints them. English: curly quotes. French: « » with
/// narrow no-break spaces inside, and a narrow no-break space before ; : ! ? (as French
/// typography wants). Khmer: quotes as written (see `render_markdown`).
fn typography(text: &str, lang: &str) -> String {
    match lang {
        "fr" if text.contains(['“', '”', '«', '»', ';', ':', '!', '?']) => {
            let mut s = text
                .replace('“', "«\u{202F}")
                .replace('”', "\u{202F}»")
                .replace("« ", "«\u{202F}")
                .replace(" »", "\u{202F}»");
            for mark in [';', ':', '!', '?'] {
                s = s.replace(&format!(" {mark}"), &format!("\u{202F}{mark}"));
                s = s.replace(&format!("\u{A0}{mark}"), &format!("\u{202F}{mark}"));
            }
            s
        }
        _ => text.to_string(),
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut title = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    title.trim().to_string()
}

/// Cuts text to about `max` characters at a place that does not split a word or a Khmer
/// syllable (never before a dependent vowel or mark, never right after a coeng).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut cut = max;
    // Prefer the last space; Khmer without spaces falls back to a syllable boundary.
    if let Some(space) = chars[..max]
        .iter()
        .rposition(|c| c.is_whitespace() || *c == '\u{200B}')
        && space > max / 2
    {
        cut = space;
    } else {
        while cut > 0 && !is_syllable_boundary(chars[cut - 1], chars[cut]) {
            cut -= 1;
        }
    }
    let mut short: String = chars[..cut].iter().collect();
    short.truncate(short.trim_end().len());
    short.push('…');
    short
}

fn is_syllable_boundary(before: char, after: char) -> bool {
    let after_is_mark = matches!(after, '\u{17B4}'..='\u{17D3}' | '\u{17DD}');
    let before_is_coeng = before == '\u{17D2}';
    let after_is_consonant_joined = before_is_coeng && ('\u{1780}'..='\u{17A2}').contains(&after);
    !after_is_mark && !before_is_coeng && !after_is_consonant_joined
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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

    #[test]
    fn placeholders_are_filled_and_escaped() {
        let r = render_markdown(
            "[a](@/x.md) and [b](@/y.md#q)",
            "en",
            "",
            &langs(),
            &RawHtml::default(),
        );
        assert_eq!(r.links.len(), 2);
        let html = fill_links(&r.html, |i| format!("../{i}/?a&b"));
        assert!(html.contains(r#"href="../0/?a&amp;b""#), "{html}");
        assert!(html.contains(r#"href="../1/?a&amp;b""#), "{html}");
    }

    #[test]
    fn link_offsets_point_into_the_body() {
        let body = "Line one\n\nSee [the steps](@/join.md).\n";
        let r = render_markdown(body, "en", "", &langs(), &RawHtml::default());
        assert_eq!(&body[r.links[0].offset..r.links[0].offset + 1], "[");
    }

    #[test]
    fn french_quotes_become_guillemets_with_narrow_spaces() {
        let r = render_markdown(
            "Il a dit \"bonjour\" : oui !",
            "fr",
            "",
            &langs(),
            &RawHtml::default(),
        );
        assert!(r.html.contains("«\u{202F}bonjour\u{202F}»"), "{}", r.html);
        assert!(r.html.contains("\u{202F}: oui\u{202F}!"), "{}", r.html);
        let en = render_markdown(
            "He said \"hello\".",
            "en",
            "",
            &langs(),
            &RawHtml::default(),
        );
        assert!(en.html.contains("“hello”"), "{}", en.html);
    }

    #[test]
    fn footnotes_never_share_an_id_with_a_heading() {
        let r = render_markdown(
            "## Members\n\nFigures.[^members]\n\n[^members]: Phnom Penh Post.\n",
            "en",
            "",
            &langs(),
            &RawHtml::default(),
        );
        assert!(r.html.contains(r#"<h2 id="members">"#), "{}", r.html);
        assert!(
            r.html
                .contains(r#"<div class="footnote-definition" id="fn-members">"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r##"<a href="#fn-members">1</a>"##),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches(r#"id="members""#).count(), 1);
    }

    #[test]
    fn headings_get_unique_ids_and_feed_the_toc() {
        let r = render_markdown(
            "## ឯកសារ\n\n## ឯកសារ\n\n### Custom {#mine}\n",
            "km",
            "",
            &langs(),
            &RawHtml::default(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ឯកសារ", "ឯកសារ-1", "mine"]);
        assert!(r.html.contains(r#"<h2 id="ឯកសារ">"#), "{}", r.html);
    }

    #[test]
    fn shorten_never_splits_a_khmer_syllable() {
        let text = "សមាជិកស្ម័គ្រចិត្ត".repeat(20);
        let short = shorten(&text, 25);
        let last = short.trim_end_matches('…').chars().last().unwrap();
        assert_ne!(last, '\u{17D2}', "ends on a coeng: {short}");
        let next = text.chars().nth(short.chars().count() - 1).unwrap();
        assert!(!('\u{17B4}'..='\u{17D3}').contains(&next), "{short}");
    }
}
