//! Step 1 (load), **Markdown → HTML**: one page body rendered once per source file, while the
//! content loads (the model needs every page's headings and links before any page renders).
//!
//! Internal links become placeholders listed with where they stand in the file (`links.rs`);
//! headings get ids (Khmer kept whole) and feed the table of contents; text gets each
//! language's typography (`typography.rs`); raw HTML is sanitised (`sanitize.rs`).

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::links::{self, LinkRef};
pub(crate) use super::nesting::MAX_NESTING;
use super::nesting::Nesting;
use super::sanitize;
use super::typography::{shorten, typography};
use crate::config::RawHtml;
use crate::html::escape;
use crate::slug;

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
    let mut reader = BodyReader::new(body, lang, dir, languages);
    // Refuse a body nested deeper than `MAX_NESTING` before anything recursive (the minifier)
    // meets it.
    let mut nesting = Nesting::default();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if !nesting.enter(&event) {
            reader.out.too_deep = Some(range.start);
            return reader.out;
        }
        reader.read(event, range);
    }
    reader.finish(nesting.has_raw_html(), raw_html)
}

/// One body being read: pulldown-cmark's events in, the events to write and what the model
/// needs to know (headings, links, summary, images without alt text) out.
struct BodyReader<'a> {
    body: &'a str,
    lang: &'a str,
    dir: &'a str,
    languages: &'a [String],
    out: RenderedMarkdown,
    events: Vec<Event<'a>>,
    taken_ids: HashSet<String>,
    heading: Option<OpenHeading<'a>>,
    in_code: bool,
    in_paragraph: bool,
    in_footnote: bool,
    /// Text gathered since the last other event.
    text_run: String,
    /// Footnote labels in the order they were met.
    footnotes: Vec<String>,
}

impl<'a> BodyReader<'a> {
    fn new(body: &'a str, lang: &'a str, dir: &'a str, languages: &'a [String]) -> Self {
        BodyReader {
            body,
            lang,
            dir,
            languages,
            out: RenderedMarkdown::default(),
            events: Vec::new(),
            taken_ids: HashSet::new(),
            heading: None,
            in_code: false,
            in_paragraph: false,
            in_footnote: false,
            text_run: String::new(),
            footnotes: Vec::new(),
        }
    }

    /// Takes in the next event of the body, written at `range`.
    fn read(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Event::Text(text) = &event {
            self.gather_text(text, range);
            return;
        }
        let summarise =
            self.in_paragraph && !self.in_code && !self.in_footnote && self.heading.is_none();
        if let Some(text) = self.flush_text(summarise) {
            self.push(text);
        }
        if summarise && matches!(event, Event::SoftBreak | Event::HardBreak) {
            self.out.summary.push(' ');
        }
        if let Some(event) = self.convert(event, range) {
            self.push(event);
        }
    }

    /// Text arrives in pieces (smart quotes are pieces of their own): it is gathered into one
    /// run so typography sees a quote together with the spaces around it.
    fn gather_text(&mut self, text: &str, range: Range<usize>) {
        // Khmer keeps its quotes as written: a smart quote (a piece of its own) goes back to the
        // character of the source, so an opening and a closing quote always match.
        let written = &self.body[range];
        if self.lang == "km" && matches!(text, "‘" | "’" | "“" | "”") && written.len() == 1
        {
            self.text_run.push_str(written);
        } else {
            self.text_run.push_str(text);
        }
    }

    /// The text gathered so far as one event, with the language's typography (not in code);
    /// `summarise` adds it to the summary while that is short.
    fn flush_text(&mut self, summarise: bool) -> Option<Event<'static>> {
        if self.text_run.is_empty() {
            return None;
        }
        let run = std::mem::take(&mut self.text_run);
        let text = if self.in_code {
            run
        } else {
            typography(&run, self.lang)
        };
        if summarise && self.out.summary.chars().count() < SUMMARY_CHARS {
            self.out.summary.push_str(&text);
        }
        Some(Event::Text(text.into()))
    }

    /// An event to write: inside the heading being read, or into the body.
    fn push(&mut self, event: Event<'a>) {
        match self.heading.as_mut() {
            Some(h) => h.3.push(event),
            None => self.events.push(event),
        }
    }

    /// The event to write for `event` (`None` when it was written or kept already).
    fn convert(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        Some(match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some((level, id, classes, Vec::new()));
                return None;
            }
            Event::End(TagEnd::Heading(level)) => {
                self.close_heading(level);
                return None;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code = true;
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                event
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.in_footnote = true;
                self.footnote_definition(&label)
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.in_footnote = false;
                Event::Html("</div>\n".into())
            }
            Event::Start(Tag::Paragraph) => {
                self.in_paragraph = true;
                event
            }
            Event::End(TagEnd::Paragraph) => {
                self.in_paragraph = false;
                if !self.out.summary.is_empty() && !self.out.summary.ends_with(' ') {
                    self.out.summary.push(' ');
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
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.link(dest_url, range.start),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.image(dest_url, range),
                title,
                id,
            }),
            Event::Start(Tag::Table(_)) => {
                // Wide tables scroll inside their own box on a phone instead of the whole page;
                // the box is focusable so keyboard users can scroll it too.
                self.events.push(Event::Html(
                    "<div class=\"table-scroll\" tabindex=\"0\">".into(),
                ));
                event
            }
            Event::End(TagEnd::Table) => {
                self.events.push(event);
                Event::Html("</div>".into())
            }
            other => other,
        })
    }

    /// The heading read so far, written with its id (explicit, else from its text, made unique)
    /// and listed for the table of contents.
    fn close_heading(&mut self, level: HeadingLevel) {
        let (_, id, classes, inner) = self.heading.take().expect("heading was opened");
        let title = plain_text(&inner);
        let id = match id {
            Some(id) => id.to_string(),
            None => slug::slugify(&title),
        };
        let id = slug::unique(id, &mut self.taken_ids);
        self.out.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            title,
        });
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs: Vec::new(),
        }));
        self.events.extend(inner);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    // Footnotes get ids of their own (`fn-<label>`), so a footnote labelled like a heading
    // (`[^members]` beside `## Members`) does not give two elements one id.
    fn footnote_reference(&mut self, label: &str) -> Event<'a> {
        let n = footnote_number(&mut self.footnotes, label);
        let label = escape(label);
        Event::Html(
            format!("<sup class=\"footnote-reference\" id=\"fnref-{label}\"><a href=\"#fn-{label}\">{n}</a></sup>").into(),
        )
    }

    fn footnote_definition(&mut self, label: &str) -> Event<'a> {
        let n = footnote_number(&mut self.footnotes, label);
        let label = escape(label);
        Event::Html(
            format!("<div class=\"footnote-definition\" id=\"fn-{label}\"><sup class=\"footnote-definition-label\">{n}</sup>").into(),
        )
    }

    /// A link's address as written for now: a placeholder for an internal link; links to other
    /// sites are listed too.
    fn link(&mut self, dest_url: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if dest_url.starts_with("http://") || dest_url.starts_with("https://") {
            self.out.external_links.push((offset, dest_url.to_string()));
        }
        let target = links::classify_link(&dest_url, self.dir, self.languages);
        links::placeholder_for(dest_url, target, offset, &mut self.out.links)
    }

    /// An image's address as written for now (always a placeholder); an image without
    /// alternative text is listed.
    fn image(&mut self, dest_url: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        let offset = range.start;
        let written = &self.body[range];
        let alt = written
            .strip_prefix("![")
            .and_then(|r| r.split(']').next())
            .unwrap_or("");
        if alt.trim().is_empty() {
            self.out.images_without_alt.push(offset);
        }
        let target = links::classify_image(&dest_url, self.dir, self.languages);
        links::placeholder_for(dest_url, target, offset, &mut self.out.links)
    }

    /// The body's HTML, with table alignment as classes and raw HTML sanitised when the body
    /// held any.
    fn finish(mut self, has_raw_html: bool, raw_html: &RawHtml) -> RenderedMarkdown {
        let tail = self.flush_text(false);
        self.events.extend(tail);
        let mut out = self.out;
        out.summary = shorten(out.summary.trim(), SUMMARY_CHARS);
        out.html.reserve(self.body.len() + self.body.len() / 4);
        pulldown_cmark::html::push_html(&mut out.html, self.events.into_iter());
        out.html = sanitize::align_with_classes(out.html);
        if has_raw_html {
            out.html = sanitize::sanitize(&out.html, raw_html);
        }
        // Every page's body stays in the model until the build ends: not the slack of a
        // growing string too (about a third of it).
        out.html.shrink_to_fit();
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["km".into(), "en".into(), "fr".into()]
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
        let html = super::super::links::fill_links(&r.html, |i| format!("../{i}/?a&b"));
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
}
