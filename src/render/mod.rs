//! Step 3 of the pipeline, **render**: the model and the theme become output files.
//!
//! 1. pages: each output page fills its body's link placeholders, then goes through its
//!    template (`home`, `section`, `page` or the one its front matter names); sections are split
//!    into pages of `paginate` entries; aliases become redirect pages;
//! 2. site files: the language chooser at the root, a 404 page per language and the search
//!    page (`site_pages`), Atom feeds (`feed`), the sitemap and `robots.txt` (`sitemap`);
//! 3. in a web build, each language's manifest and service worker (`web_app`).
//!
//! Every function here is pure over the model: the build runs them in parallel and the writer
//! writes what they return.

pub mod calculator;
pub mod context;
pub mod csp;
pub mod data_views;
pub mod feed;
pub mod format;
pub mod site_pages;
pub mod sitemap;
pub mod web_app;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::load::frontmatter::Date;
use crate::load::markdown::fill_links;
use crate::model::{Output, Site, url};
use crate::theme::Theme;
use context::*;

/// A file to write, by its path under the output folder.
pub struct RenderedFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl RenderedFile {
    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Renders one output page (with its pagination pages and alias redirects).
pub fn render_output(
    site: &Site,
    theme: &Theme,
    index: usize,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    let output = &site.outputs[index];
    let entry = &site.entries[output.entry];
    let source = site.source_of(output);
    let t = &theme.strings[&output.lang];
    let template = template_of(site, theme, output).to_string();
    if !theme.has_template(&template) {
        let (line, column, text) = locate_in_file(site, &source.file, "template");
        return Err(Diagnostic::error(
            &source.file,
            format!("template `{template}` not found in the theme"),
        )
        .at(&text, line, column)
        .with_hint(format!("use one of: {}", template_names(theme))));
    }

    let content = fill_links(&source.body.html, |i| site.links[index][i].clone());
    let mut files = Vec::new();
    let pages_per_listing = site.config.paginate;
    let listed: Vec<&Output> = entry
        .child_pages
        .iter()
        .map(|e| site.output(*e, &output.lang))
        .collect();
    // Only the listing template pages through a section; the others (home, schemes, the
    // directory) show their whole list on one page.
    let paginated = entry.is_section && template == "section.html";
    let pages_per_listing = if paginated {
        pages_per_listing
    } else {
        listed.len().max(1)
    };
    let listing_count = if paginated {
        listed.len().div_ceil(pages_per_listing).max(1)
    } else {
        1
    };
    for n in 1..=listing_count {
        let path = url::pagination_path(&output.path, n);
        let section = entry.is_section.then(|| {
            let start = (n - 1) * pages_per_listing;
            let chunk =
                &listed[start.min(listed.len())..(start + pages_per_listing).min(listed.len())];
            SectionView {
                pages: chunk.iter().map(|o| page_link(site, &path, o, t)).collect(),
                subsections: entry
                    .child_sections
                    .iter()
                    .map(|e| page_link(site, &path, site.output(*e, &output.lang), t))
                    .collect(),
                pagination: Pagination {
                    current: n,
                    total: listing_count,
                    previous: (n > 1).then(|| {
                        url::relative(
                            &path,
                            &url::pagination_path(&output.path, n - 1),
                            site.config.offline,
                        )
                    }),
                    next: (n < listing_count).then(|| {
                        url::relative(
                            &path,
                            &url::pagination_path(&output.path, n + 1),
                            site.config.offline,
                        )
                    }),
                },
            }
        });
        let context = page_context(site, theme, output, &path, content.clone(), section);
        let html = render_template(theme, &template, &context)?;
        files.push(RenderedFile {
            path: url::file_of(&path),
            bytes: html,
        });
    }
    // A journey's printable checklist, a question tree's page per way through it.
    for sub in site.sub_pages(output) {
        let sub_template = match sub.kind {
            crate::model::SubPageKind::Checklist => "checklist.html",
            crate::model::SubPageKind::Answer(_) => template.as_str(),
        };
        let context = page_context(site, theme, output, &sub.path, String::new(), None);
        files.push(RenderedFile {
            path: url::file_of(&sub.path),
            bytes: render_template(theme, sub_template, &context)?,
        });
    }
    for alias in &source.front.aliases {
        let alias_path = url::alias_file(&output.lang, alias);
        files.push(redirect_page(site, &alias_path, &output.path, &output.lang));
    }
    Ok(files)
}

/// The template an output page is rendered with: the one its front matter names, or the one
/// for its kind of page. (It may be missing from the theme; `render_output` reports that.)
pub fn template_of<'a>(site: &'a Site, theme: &Theme, output: &Output) -> &'a str {
    let entry = &site.entries[output.entry];
    match &site.source_of(output).front.template {
        Some(name) => name,
        None if entry.key == "_index.md" => "home.html",
        None if entry.key == "schemes/_index.md" && theme.has_template("schemes.html") => {
            "schemes.html"
        }
        None if entry.key == "facilities/_index.md" && theme.has_template("facilities.html") => {
            "facilities.html"
        }
        None if entry.is_section => "section.html",
        None => "page.html",
    }
}

pub(crate) fn page_context<'a>(
    site: &Site,
    theme: &'a Theme,
    output: &Output,
    path: &str,
    content: String,
    section: Option<SectionView>,
) -> PageContext<'a> {
    let entry = &site.entries[output.entry];
    let source = site.source_of(output);
    let config = &site.config;
    let t = &theme.strings[&output.lang];
    let offline = config.offline;
    // The notice is in the reader's language, and so is the name of the language shown
    // ("Elle est affichée en anglais"), so it needs no `lang` of its own.
    let fallback_notice = output.is_fallback.then(|| {
        let in_language = t
            .get(&format!("{}{}", crate::i18n::LANGUAGE_IN, source.lang))
            .map_or(source.lang.as_str(), String::as_str);
        escape(
            t.get(crate::i18n::FALLBACK_NOTICE)
                .map_or("", String::as_str),
        )
        .replace(crate::i18n::IN_LANGUAGE, &escape(in_language))
    });
    let home = site
        .home()
        .map(|h| site.output(h, &output.lang).path.clone());
    let translations = config
        .languages
        .iter()
        .map(|lang| {
            let other = site.output(output.entry, &lang.code);
            TranslationLink {
                code: lang.code.clone(),
                name: lang.name.clone(),
                url: url::relative(path, &other.path, offline),
                current: lang.code == output.lang,
                translated: !other.is_fallback,
            }
        })
        .collect();
    let mut breadcrumbs = Vec::new();
    let mut parent = entry.parent;
    while let Some(p) = parent {
        breadcrumbs.push(page_link(site, path, site.output(p, &output.lang), t));
        parent = site.entries[p].parent;
    }
    breadcrumbs.reverse();
    let nav = site
        .home()
        .map(|h| {
            site.entries[h]
                .child_sections
                .iter()
                .map(|s| {
                    let target = site.output(*s, &output.lang);
                    NavLink {
                        title: site.source_of(target).front.title.clone(),
                        url: url::relative(path, &target.path, offline),
                        current: output.path.starts_with(&target.path),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let feed_url = config
        .feeds
        .iter()
        .find(|f| entry.dir == **f || entry.dir.starts_with(&format!("{f}/")))
        .and_then(|f| site.entry(&format!("{f}/_index.md")))
        .map(|e| {
            url::relative(
                path,
                &feed::feed_path(&site.output(e, &output.lang).path),
                offline,
            )
        });
    let kind = if entry.key == "_index.md" {
        "home"
    } else if entry.is_section {
        "section"
    } else {
        "page"
    };
    let front = &source.front;
    PageContext {
        site: site_view(site, &output.lang, t),
        lang: language_view(site, &output.lang),
        t,
        root: url::relative(path, "", false),
        home_url: home.map_or_else(String::new, |h| url::relative(path, &h, offline)),
        page: PageView {
            kind,
            title: front.title.clone(),
            description: front
                .description
                .clone()
                .unwrap_or_else(|| source.body.summary.clone()),
            date: front.date.as_ref().map(|d| format_date(d, t)),
            date_iso: front.date.as_ref().map(Date::ymd),
            updated: front.updated.as_ref().map(|d| format_date(d, t)),
            updated_iso: front.updated.as_ref().map(Date::ymd),
            content,
            toc: nest_headings(&source.body.headings),
            content_lang: source.lang.clone(),
            is_fallback: output.is_fallback,
            fallback_notice,
            sample: front.sample,
            canonical: config
                .base_url
                .as_ref()
                .map(|b| url::absolute(b, &output.path)),
            extra: front.extra.clone(),
        },
        section,
        translations,
        breadcrumbs,
        nav,
        feed_url,
        offline,
        data: data_views::data_context(site, output, path, t),
        search: site_pages::search_links(
            config.search,
            &output.lang,
            |to| url::relative(path, to, offline),
            &url::relative(path, "", false),
        ),
        web_app: WebAppLinks::of(config, &output.lang, |to| url::relative(path, to, false)),
        site_index: Vec::new(),
        one_file_url: (config.single_file.enabled && site.home() == Some(output.entry))
            .then(|| url::relative(path, &config.single_file.file_name(&output.lang), offline)),
    }
}

/// The site's own texts in `lang`; the hotline as a reader of `lang` writes it (Khmer digits on
/// Khmer pages, as in the text), beside the ASCII number `tel:` links need.
pub(crate) fn site_view(site: &Site, lang: &str, t: &BTreeMap<String, String>) -> SiteView {
    let config = &site.config;
    SiteView {
        title: config.title.get(lang).cloned().unwrap_or_default(),
        description: config.description.get(lang).cloned().unwrap_or_default(),
        hotline: config.hotline.clone(),
        hotline_shown: config
            .hotline
            .as_deref()
            .map(|h| context::localize_digits(h, t)),
        base_url: config.base_url.clone(),
    }
}

pub(crate) fn language_view(site: &Site, code: &str) -> LanguageView {
    LanguageView {
        code: code.to_string(),
        name: site
            .config
            .language(code)
            .map(|l| l.name.clone())
            .unwrap_or_default(),
    }
}

/// Renders a template, turning a Tera error into a diagnostic on the template's file and line.
pub fn render_template(
    theme: &Theme,
    name: &str,
    context: &impl Serialize,
) -> Result<Vec<u8>, Diagnostic> {
    let context = tera::Context::from_serialize(context).map_err(|err| {
        Diagnostic::error(
            theme.template_file(name),
            format!("cannot pass page data to the template: {err}"),
        )
    })?;
    // Rendered straight into bytes: the writer wants bytes, and a String would be checked
    // for UTF-8 once more for nothing.
    let mut html = Vec::with_capacity(32 * 1024);
    theme
        .tera
        .render_to(name, &context, &mut html)
        .map_err(|err| theme.render_error(&err, name))?;
    Ok(csp::with_policy(html))
}

fn template_names(theme: &Theme) -> String {
    theme
        .tera
        .get_template_names()
        .filter(|n| !n.starts_with('_'))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A small page that sends the reader on to the page's current address.
fn redirect_page(site: &Site, from_file: &str, to: &str, lang: &str) -> RenderedFile {
    let target = url::relative(from_file, to, site.config.offline);
    let target = target.replace('&', "&amp;").replace('"', "&quot;");
    let csp = csp::meta();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>→</title>\
         {csp}<meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={target}\">\
         <link rel=\"canonical\" href=\"{target}\"></head><body><p><a href=\"{target}\">→ {target}</a></p></body></html>\n"
    );
    RenderedFile {
        path: from_file.to_string(),
        bytes: html.into_bytes(),
    }
}

/// Text made safe inside HTML and XML elements and quoted attributes.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Finds `key:` in a page's front matter, for diagnostics about values that parsed fine.
fn locate_in_file(site: &Site, file: &std::path::Path, key: &str) -> (usize, usize, String) {
    let text = std::fs::read_to_string(site.config.site_dir.join(file)).unwrap_or_default();
    let (line, column) = crate::yaml::locate_key(&text, &[key]);
    (line, column, text)
}
