//! Atom feeds: one per language for each section named in `feeds:` of `site.yaml` (`news` by
//! default), newest first, at `<lang>/<section>/atom.xml`.
//!
//! Atom wants absolute addresses; with a `base_url` they are absolute, without one they are
//! relative to the feed's own address (which Atom allows and feed readers resolve).

use crate::model::{Site, url};
use crate::render::{RenderedFile, escape};

const FEED_ENTRIES: usize = 30;

/// Where the feed of the section at `section_path` lives.
pub fn feed_path(section_path: &str) -> String {
    format!("{section_path}atom.xml")
}

/// The feeds of every configured section in every language.
pub fn render_feeds(site: &Site) -> Vec<RenderedFile> {
    let mut files = Vec::new();
    for section in &site.config.feeds {
        let Some(entry) = site.entry(&format!("{section}/_index.md")) else {
            continue;
        };
        for lang in &site.config.languages {
            files.push(render_feed(site, entry, &lang.code));
        }
    }
    files
}

fn render_feed(site: &Site, entry: usize, lang: &str) -> RenderedFile {
    let section = site.output(entry, lang);
    let path = feed_path(&section.path);
    let address = |to: &str| match &site.config.base_url {
        Some(base) => url::absolute(base, to),
        None => url::relative(&path, to, false),
    };
    let mut items: Vec<_> = site.entries[entry]
        .child_pages
        .iter()
        .map(|e| site.output(*e, lang))
        .filter(|o| site.source_of(o).front.date.is_some())
        .collect();
    items.sort_by(|a, b| {
        site.source_of(b)
            .front
            .date
            .cmp(&site.source_of(a).front.date)
    });
    items.truncate(FEED_ENTRIES);

    let title = format!(
        "{} — {}",
        site.source_of(section).front.title,
        site.config.title.get(lang).map_or("", String::as_str)
    );
    let updated = items
        .iter()
        .filter_map(|o| {
            let f = &site.source_of(o).front;
            f.updated.clone().or_else(|| f.date.clone())
        })
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    ));
    xml.push_str(&format!("  <title>{}</title>\n", escape(&title)));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&feed_id(site, &path))));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&address(&path))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&address(&section.path))
    ));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    for item in items {
        let source = site.source_of(item);
        let front = &source.front;
        let date = front.date.as_ref().expect("filtered on dates");
        let summary = front
            .description
            .clone()
            .unwrap_or_else(|| source.body.summary.clone());
        xml.push_str(&format!("  <entry xml:lang=\"{}\">\n", source.lang));
        xml.push_str(&format!("    <title>{}</title>\n", escape(&front.title)));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape(&feed_id(site, &item.path))
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&address(&item.path))
        ));
        xml.push_str(&format!("    <published>{}</published>\n", date.rfc3339()));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            front.updated.as_ref().unwrap_or(date).rfc3339()
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(site.config.title.get(lang).map_or("", String::as_str))
        ));
        xml.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    RenderedFile {
        path,
        bytes: xml.into_bytes(),
    }
}

/// A permanent id: the absolute address when there is a base URL, else a tag URI of the path.
fn feed_id(site: &Site, path: &str) -> String {
    match &site.config.base_url {
        Some(base) => url::absolute(base, path),
        None => format!("tag:spean,2025:{path}"),
    }
}
