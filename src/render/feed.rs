//! Atom feeds: one per language for each section named in `feeds:` of `site.yaml` (`news` by
//! default), newest first, at `<lang>/<section>/atom.xml`. The first feed (`news`) also
//! announces the dated changes of schemes' amounts still to come on the build's day
//! ("From 1 October 2027: ..."), published on their record's `last_verified`.
//!
//! Atom wants absolute addresses; with a `base_url` they are absolute, without one they are
//! relative to the feed's own address (which Atom allows and feed readers resolve).

use crate::data::pages::SCHEMES_DIR;
use crate::date::Date;
use crate::html::escape;
use crate::i18n::UiStrings;
use crate::load::file_name::SECTION_INDEX;
use crate::model::{Site, url};
use crate::render::RenderedFile;
use crate::render::calculator::Reader;

const FEED_ENTRIES: usize = 30;

/// Where the feed of the section at `section_path` lives.
pub(crate) fn feed_path(section_path: &str) -> String {
    format!("{section_path}atom.xml")
}

/// The feeds of every configured section in every language.
pub(crate) fn render_feeds(site: &Site, strings: &UiStrings) -> Vec<RenderedFile> {
    let mut files = Vec::new();
    for (n, section) in site.config.feeds.iter().enumerate() {
        let Some(entry) = site.entry(&format!("{section}/{SECTION_INDEX}")) else {
            continue;
        };
        for lang in &site.config.languages {
            let changes = match strings.get(&lang.code) {
                Some(t) if n == 0 => announced_changes(site, &lang.code, t),
                _ => Vec::new(),
            };
            files.push(render_feed(site, entry, &lang.code, changes));
        }
    }
    files
}

/// One entry of a feed: a news page, or a change announced.
struct Item {
    title: String,
    path: String,
    id: String,
    lang: String,
    published: Date,
    updated: Date,
    summary: String,
}

/// The coming changes of every scheme, as feed entries linking to the scheme page's notice.
fn announced_changes(
    site: &Site,
    lang: &str,
    t: &std::collections::BTreeMap<String, String>,
) -> Vec<Item> {
    let reader = Reader {
        chain: site.config.fallback_chain(lang),
        t,
    };
    let mut items = Vec::new();
    for scheme in &site.data.schemes {
        let Some(entry) = site.entry(&format!("{SCHEMES_DIR}/{}.md", scheme.value.id)) else {
            continue;
        };
        let path = site.output(entry, lang).path.clone();
        for change in reader.changes(site, &scheme.value, &site.config.today) {
            items.push(Item {
                title: format!(
                    "{}: {}",
                    change.what,
                    t.get("change_title")
                        .map_or("", String::as_str)
                        .replace("{date}", &change.date)
                ),
                id: format!("{path}#change-{}-{}", change.date_iso, change.key),
                path: path.clone(),
                lang: lang.to_string(),
                published: change.known.clone(),
                updated: change.known,
                summary: change.text,
            });
        }
    }
    items
}

fn render_feed(site: &Site, entry: usize, lang: &str, changes: Vec<Item>) -> RenderedFile {
    let section = site.output(entry, lang);
    let path = feed_path(&section.path);
    let address = |to: &str| match &site.config.base_url {
        Some(base) => url::absolute(base, to),
        None => url::relative(&path, to, false),
    };
    let mut items: Vec<Item> = site.entries[entry]
        .child_pages
        .iter()
        .map(|e| site.output(*e, lang))
        .filter_map(|o| {
            let source = site.source_of(o);
            let front = &source.front;
            let date = front.date.clone()?;
            Some(Item {
                title: front.title.clone(),
                path: o.path.clone(),
                id: o.path.clone(),
                lang: source.lang.clone(),
                updated: front.updated.clone().unwrap_or_else(|| date.clone()),
                published: date,
                summary: front
                    .description
                    .clone()
                    .unwrap_or_else(|| source.body.summary.clone()),
            })
        })
        .chain(changes)
        .collect();
    // Newest first; a stable sort, so pages of one day keep the model's order.
    items.sort_by(|a, b| b.published.cmp(&a.published));
    items.truncate(FEED_ENTRIES);

    let title = format!(
        "{} — {}",
        site.source_of(section).front.title,
        site.config.title.get(lang).map_or("", String::as_str)
    );
    let updated = items
        .iter()
        .map(|i| i.updated.clone())
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
        xml.push_str(&format!("  <entry xml:lang=\"{}\">\n", item.lang));
        xml.push_str(&format!("    <title>{}</title>\n", escape(&item.title)));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape(&feed_id(site, &item.id))
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&address(&item.path))
        ));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            item.published.rfc3339()
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            item.updated.rfc3339()
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(site.config.title.get(lang).map_or("", String::as_str))
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&item.summary)
        ));
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
