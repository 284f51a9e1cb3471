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

pub(crate) mod calculator;
pub(crate) mod context;
pub(crate) mod csp;
pub(crate) mod data_views;
pub(crate) mod feed;
pub(crate) mod format;
pub(crate) mod reads;
pub(crate) mod site_pages;
pub(crate) mod sitemap;
pub(crate) mod web_app;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::data::pages::{FACILITIES_DIR, SCHEMES_DIR};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::load::file_name::{SECTION_INDEX, section_key};
use crate::load::links::fill_links;
use crate::model::{Site, url};
use crate::theme::Theme;
use context::*;
pub(crate) use reads::Reads;

/// A file to write, by its path under the output folder.
pub(crate) struct RenderedFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl RenderedFile {
    pub(crate) fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Renders one output page (with its pagination pages and alias redirects).
pub(crate) fn render_output(
    site: &Site,
    theme: &Theme,
    index: usize,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    render_output_read(&Reads::new(site, theme), index)
}

/// Renders one output page, noting in `reads` what it read.
pub(crate) fn render_output_read(r: &Reads, index: usize) -> Result<Vec<RenderedFile>, Diagnostic> {
    let theme = r.theme();
    let (output, source, entry) = r.page(index);
    let t = r.strings(&output.lang);
    let template = template_of_read(r, index).to_string();
    if !theme.has_template(&template) {
        let (line, column) = crate::yaml::locate_key(&source.head, &["template"]);
        return Err(Diagnostic::error(
            &source.file,
            format!("template `{template}` not found in the theme"),
        )
        .at(&source.head, line, column)
        .with_hint(format!("use one of: {}", template_names(theme))));
    }

    let links = r.links(index);
    let content = fill_links(&source.body.html, |i| links[i].clone());
    let mut files = Vec::new();
    let (child_pages, child_sections) = if entry.is_section {
        r.children(output.entry)
    } else {
        (&[][..], &[][..])
    };
    let listed: Vec<usize> = child_pages
        .iter()
        .map(|e| r.output_index(*e, &output.lang))
        .collect();
    // Only the listing template pages through a section; the others (home, schemes, the
    // directory) show their whole list on one page.
    let paginated = entry.is_section && template == "section.html";
    let pages_per_listing = if paginated {
        r.config().paginate
    } else {
        listed.len().max(1)
    };
    let listing_count = if paginated {
        listed.len().div_ceil(pages_per_listing).max(1)
    } else {
        1
    };
    let offline = r.config().offline;
    for n in 1..=listing_count {
        let path = url::pagination_path(&output.path, n);
        let section = entry.is_section.then(|| {
            let start = (n - 1) * pages_per_listing;
            let chunk =
                &listed[start.min(listed.len())..(start + pages_per_listing).min(listed.len())];
            SectionView {
                pages: chunk.iter().map(|o| page_link(r, &path, *o, t)).collect(),
                subsections: child_sections
                    .iter()
                    .map(|e| page_link(r, &path, r.output_index(*e, &output.lang), t))
                    .collect(),
                pagination: Pagination {
                    current: n,
                    total: listing_count,
                    previous: (n > 1).then(|| {
                        url::relative(&path, &url::pagination_path(&output.path, n - 1), offline)
                    }),
                    next: (n < listing_count).then(|| {
                        url::relative(&path, &url::pagination_path(&output.path, n + 1), offline)
                    }),
                },
            }
        });
        let context = page_context(r, index, &path, content.clone(), section);
        let html = render_page_template(r, &template, &context)?;
        files.push(RenderedFile {
            path: url::file_of(&path),
            bytes: html,
        });
    }
    // A journey's printable checklist, a question tree's page per way through it.
    let sub_pages = if source.data.is_some() {
        r.data().sub_pages(output)
    } else {
        Vec::new()
    };
    for sub in sub_pages {
        let sub_template = match sub.kind {
            crate::model::SubPageKind::Checklist => "checklist.html",
            crate::model::SubPageKind::Answer => template.as_str(),
        };
        let context = page_context(r, index, &sub.path, String::new(), None);
        files.push(RenderedFile {
            path: url::file_of(&sub.path),
            bytes: render_page_template(r, sub_template, &context)?,
        });
    }
    for alias in &source.front.aliases {
        let alias_path = url::alias_file(&output.lang, alias);
        files.push(redirect_page(
            offline,
            &alias_path,
            &output.path,
            &output.lang,
        ));
    }
    Ok(files)
}

/// Whether the page of an entry shows structured data besides a record's own page: the home
/// page and the listings of the data kinds (`data_views::data_context` reads data for those and
/// for pages made from a record, and for nothing else). Only those pages read the data.
fn shows_data(key: &str) -> bool {
    use crate::data::pages::{JOURNEYS_DIR, QUESTIONS_DIR};
    key == SECTION_INDEX
        || [SCHEMES_DIR, JOURNEYS_DIR, FACILITIES_DIR, QUESTIONS_DIR]
            .iter()
            .any(|dir| key == section_key(dir))
}

/// The template an output page is rendered with: the one its front matter names, or the one
/// for its kind of page. (It may be missing from the theme; `render_output` reports that.)
fn template_of_read<'a>(r: &Reads<'a>, index: usize) -> &'a str {
    let (_, source, entry) = r.page(index);
    let theme = r.theme();
    match &source.front.template {
        Some(name) => name,
        None if entry.key == SECTION_INDEX => "home.html",
        None if entry.key == section_key(SCHEMES_DIR) && theme.has_template("schemes.html") => {
            "schemes.html"
        }
        None if entry.key == section_key(FACILITIES_DIR)
            && theme.has_template("facilities.html") =>
        {
            "facilities.html"
        }
        None if entry.is_section => "section.html",
        None => "page.html",
    }
}

/// What the templates of output page `index` are given, shown at `path` (the page, one of its
/// listing pages or one of its sub-pages).
pub(crate) fn page_context<'a>(
    r: &Reads<'a>,
    index: usize,
    path: &str,
    content: String,
    section: Option<SectionView>,
) -> PageContext {
    let (output, source, entry) = r.page(index);
    let config = r.config();
    let t = r.strings(&output.lang);
    let offline = config.offline;
    let home_entry = r.home();
    let around = Around::of(r, index, path, home_entry);
    PageContext {
        site: site_view(config, &output.lang, t),
        lang: language_view(config, &output.lang),
        root: url::relative(path, "", false),
        home_url: around.home_url,
        page: page_view(r, index, content, t),
        section,
        translations: around.translations,
        breadcrumbs: around.breadcrumbs,
        nav: around.nav,
        feed_url: around.feed_url,
        offline,
        data: if source.data.is_some() || shows_data(&entry.key) {
            data_views::data_context(r.data(), output, path, t)
        } else {
            data_views::DataContext::default()
        },
        search: site_pages::search_links(
            config.search,
            &output.lang,
            |to| url::relative(path, to, offline),
            &url::relative(path, "", false),
        ),
        web_app: WebAppLinks::of(config, &output.lang, |to| url::relative(path, to, false)),
        site_index: Vec::new(),
        search_part: None,
        one_file_url: (config.single_file.enabled && home_entry == Some(output.entry))
            .then(|| url::relative(path, &config.single_file.file_name(&output.lang), offline)),
    }
}

/// The page itself as its template sees it: title, dates, body, contents, fallback notice.
fn page_view(r: &Reads, index: usize, content: String, t: &BTreeMap<String, String>) -> PageView {
    let (output, source, entry) = r.page(index);
    let config = r.config();
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
    let kind = if entry.key == SECTION_INDEX {
        "home"
    } else if entry.is_section {
        "section"
    } else {
        "page"
    };
    let front = &source.front;
    PageView {
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
    }
}

/// The links around a page: home, language switcher, breadcrumbs, menu, feed.
struct Around {
    home_url: String,
    translations: Vec<TranslationLink>,
    breadcrumbs: Vec<PageLink>,
    nav: Vec<NavLink>,
    feed_url: Option<String>,
}

impl Around {
    fn of(r: &Reads, index: usize, path: &str, home_entry: Option<usize>) -> Around {
        let (output, _, entry) = r.page(index);
        let config = r.config();
        let t = r.strings(&output.lang);
        let offline = config.offline;
        let lang = &output.lang;
        let translations = config
            .languages
            .iter()
            .map(|other_lang| {
                let other = r.listing(r.output_index(output.entry, &other_lang.code));
                TranslationLink {
                    code: other_lang.code.clone(),
                    name: other_lang.name.clone(),
                    url: url::relative(path, other.path, offline),
                    current: other_lang.code == *lang,
                    translated: !other.is_fallback,
                }
            })
            .collect();
        let mut breadcrumbs = Vec::new();
        let mut parent = r.parent(output.entry);
        while let Some(p) = parent {
            breadcrumbs.push(page_link(r, path, r.output_index(p, lang), t));
            parent = r.parent(p);
        }
        breadcrumbs.reverse();
        let nav = home_entry
            .map(|h| {
                r.children(h)
                    .1
                    .iter()
                    .map(|s| {
                        let target = r.listing(r.output_index(*s, lang));
                        NavLink {
                            title: target.title.to_string(),
                            url: url::relative(path, target.path, offline),
                            current: output.path.starts_with(target.path),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let feed_url = config
            .feeds
            .iter()
            .find(|f| entry.dir == **f || entry.dir.starts_with(&format!("{f}/")))
            .and_then(|f| r.entry(&format!("{f}/{SECTION_INDEX}")))
            .map(|e| {
                let feed_section = r.listing(r.output_index(e, lang));
                url::relative(path, &feed::feed_path(feed_section.path), offline)
            });
        let home_url = home_entry.map_or_else(String::new, |h| {
            url::relative(path, r.listing(r.output_index(h, lang)).path, offline)
        });
        Around {
            home_url,
            translations,
            breadcrumbs,
            nav,
            feed_url,
        }
    }
}

/// The site's own texts in `lang`; the hotline as a reader of `lang` writes it (Khmer digits on
/// Khmer pages, as in the text), beside the ASCII number `tel:` links need.
pub(crate) fn site_view(config: &Config, lang: &str, t: &BTreeMap<String, String>) -> SiteView {
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

pub(crate) fn language_view(config: &Config, code: &str) -> LanguageView {
    LanguageView {
        code: code.to_string(),
        name: config
            .language(code)
            .map(|l| l.name.clone())
            .unwrap_or_default(),
    }
}

/// Renders a template, turning a Tera error into a diagnostic on the template's file and line.
pub(crate) fn render_template(
    r: &Reads,
    name: &str,
    context: &impl Serialize,
) -> Result<Vec<u8>, Diagnostic> {
    let context = template_context(r, name, context)?;
    render_context(r, name, &context)
}

/// [`render_template`] for a page: its language's strings (`t`) are the theme's value of them,
/// shared, instead of copied into every page's context.
pub(crate) fn render_page_template(
    r: &Reads,
    name: &str,
    context: &PageContext,
) -> Result<Vec<u8>, Diagnostic> {
    let mut template_context = template_context(r, name, context)?;
    template_context.insert_value("t", r.strings_value(&context.lang.code));
    render_context(r, name, &template_context)
}

fn template_context(
    r: &Reads,
    name: &str,
    context: &impl Serialize,
) -> Result<tera::Context, Diagnostic> {
    tera::Context::from_serialize(context).map_err(|err| {
        Diagnostic::error(
            r.theme().template_file(name),
            format!("cannot pass page data to the template: {err}"),
        )
    })
}

fn render_context(r: &Reads, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
    r.template(name);
    let theme = r.theme();
    // Rendered straight into bytes: the writer wants bytes, and a String would be checked
    // for UTF-8 once more for nothing.
    let mut html = Vec::with_capacity(32 * 1024);
    theme
        .tera
        .render_to(name, context, &mut html)
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
fn redirect_page(offline: bool, from_file: &str, to: &str, lang: &str) -> RenderedFile {
    let target = url::relative(from_file, to, offline);
    let target = escape(&target);
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
