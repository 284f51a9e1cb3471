//! Step 3b, **render site pages**: the pages spean makes itself rather than from content: the
//! root language chooser, the 404 page of each language, and the search page (which is the
//! site index when script is off); and the search links every page's header carries.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::*;
use super::{RenderedFile, data_views, language_view, page_context, render_template, site_view};
use crate::diagnostic::Diagnostic;
use crate::model::{Site, url};
use crate::theme::Theme;

/// Links for the search box of a page at `path`; `link` makes a link to a path of the output.
/// `root` is the (relative or base) path of the output root from the page.
pub(crate) fn search_links(
    enabled: bool,
    lang: &str,
    link: impl Fn(&str) -> String,
    root: &str,
) -> SearchLinks {
    SearchLinks {
        enabled,
        page: link(&format!("{lang}/search/")),
        index: format!("{root}search/{lang}/"),
        lang_root: format!("{root}{lang}/"),
    }
}

/// `<lang>/search/`: the search results page, which without script is the site index: every
/// page, by section.
pub fn render_search_page(
    site: &Site,
    theme: &Theme,
    lang: &str,
    path: &str,
) -> Result<RenderedFile, Diagnostic> {
    let Some(home) = site.home() else {
        return Err(Diagnostic::error(
            &site.config.content_dir,
            "the site has no home page",
        ));
    };
    let t = &theme.strings[lang];
    let offline = site.config.offline;
    let home_output = site.output(home, lang);
    let mut context = page_context(site, theme, home_output, path, String::new(), None);
    let mut groups = vec![IndexGroup {
        title: site.source_of(home_output).front.title.clone(),
        url: url::relative(path, &home_output.path, offline),
        lang: home_output
            .is_fallback
            .then(|| site.source_of(home_output).lang.clone()),
        pages: site.entries[home]
            .child_pages
            .iter()
            .map(|e| page_link(site, path, site.output(*e, lang), t))
            .collect(),
    }];
    for section in &site.entries[home].child_sections {
        let out = site.output(*section, lang);
        let mut pages = Vec::new();
        let mut stack = vec![*section];
        while let Some(s) = stack.pop() {
            for p in site.entries[s]
                .child_pages
                .iter()
                .chain(site.entries[s].child_sections.iter())
            {
                pages.push(page_link(site, path, site.output(*p, lang), t));
            }
            stack.extend(site.entries[s].child_sections.iter().rev());
        }
        groups.push(IndexGroup {
            title: site.source_of(out).front.title.clone(),
            url: url::relative(path, &out.path, offline),
            lang: out.is_fallback.then(|| site.source_of(out).lang.clone()),
            pages,
        });
    }
    context.site_index = groups;
    context.page = PageView {
        canonical: site
            .config
            .base_url
            .as_ref()
            .map(|b| url::absolute(b, &format!("{lang}/search/"))),
        ..PageView::generated(
            "search",
            t.get("search_title").cloned().unwrap_or_default(),
            lang,
        )
    };
    context.breadcrumbs = Vec::new();
    context.translations = site
        .config
        .languages
        .iter()
        .map(|l| TranslationLink {
            code: l.code.clone(),
            name: l.name.clone(),
            url: url::relative(path, &format!("{}/search/", l.code), offline),
            current: l.code == lang,
            translated: true,
        })
        .collect();
    context.data = data_views::DataContext::default();
    Ok(RenderedFile {
        path: path.to_string(),
        bytes: render_template(theme, "search.html", &context)?,
    })
}

/// The root `index.html`: a choice of language, in every language's own script, without script.
pub fn render_chooser(site: &Site, theme: &Theme) -> Result<RenderedFile, Diagnostic> {
    #[derive(Serialize)]
    struct Choice {
        code: String,
        name: String,
        title: String,
        description: String,
        url: String,
        label: String,
        /// What the footer of that language's pages says of the site (not the official one).
        notice: String,
    }
    #[derive(Serialize)]
    struct ChooserContext<'a> {
        site: SiteView,
        lang: LanguageView,
        t: &'a BTreeMap<String, String>,
        root: String,
        choices: Vec<Choice>,
    }
    let config = &site.config;
    let choices = config
        .languages
        .iter()
        .map(|lang| {
            let home = site.home().map_or_else(
                || format!("{}/", lang.code),
                |h| site.output(h, &lang.code).path.clone(),
            );
            Choice {
                code: lang.code.clone(),
                name: lang.name.clone(),
                title: config.title.get(&lang.code).cloned().unwrap_or_default(),
                description: config
                    .description
                    .get(&lang.code)
                    .cloned()
                    .unwrap_or_default(),
                url: url::relative("", &home, config.offline),
                label: theme.strings[&lang.code]
                    .get("choose_language")
                    .cloned()
                    .unwrap_or_default(),
                notice: theme.strings[&lang.code]
                    .get("footer_note")
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect();
    let lang = &config.default_language;
    let context = ChooserContext {
        site: site_view(site, lang, &theme.strings[lang]),
        lang: language_view(site, lang),
        t: &theme.strings[lang],
        root: String::new(),
        choices,
    };
    let html = render_template(theme, "chooser.html", &context)?;
    Ok(RenderedFile {
        path: "index.html".to_string(),
        bytes: html,
    })
}

/// A 404 page for each language (`km/404.html`) and one at the root in the default language.
pub fn render_not_found(
    site: &Site,
    theme: &Theme,
    lang: &str,
    path: &str,
) -> Result<RenderedFile, Diagnostic> {
    render_shown_anywhere(site, theme, lang, path, "404.html", "not_found_title")
}

/// The page a web build's service worker shows, in the reader's language, when a page not
/// kept on the phone is opened without a connection (`km/offline.html`).
pub fn render_offline_page(
    site: &Site,
    theme: &Theme,
    lang: &str,
) -> Result<RenderedFile, Diagnostic> {
    let path = url::offline_page_path(lang);
    render_shown_anywhere(site, theme, lang, &path, "offline.html", "offline_title")
}

/// A page shown at whatever address was asked for (a server's 404 page, the worker's offline
/// page), so relative links in it would point nowhere: when the site has a `base_url`, its links
/// start from its path instead.
fn render_shown_anywhere(
    site: &Site,
    theme: &Theme,
    lang: &str,
    path: &str,
    template: &'static str,
    title_key: &str,
) -> Result<RenderedFile, Diagnostic> {
    let config = &site.config;
    let t = &theme.strings[lang];
    let base_path = config
        .base_url
        .as_deref()
        .filter(|_| !config.offline)
        .map(|b| {
            let after_scheme = b.split_once("://").map_or(b, |(_, rest)| rest);
            after_scheme
                .find('/')
                .map_or("/".to_string(), |i| after_scheme[i..].to_string())
        });
    let link = |to: &str| match &base_path {
        Some(base) => format!("{base}{to}"),
        None => url::relative(path, to, config.offline),
    };
    let home = site
        .home()
        .map_or_else(|| format!("{lang}/"), |h| site.output(h, lang).path.clone());
    let context = PageContext {
        site: site_view(site, lang, t),
        lang: language_view(site, lang),
        t,
        root: base_path
            .clone()
            .unwrap_or_else(|| url::relative(path, "", false)),
        home_url: link(&home),
        page: PageView::generated(
            template.trim_end_matches(".html"),
            t.get(title_key).cloned().unwrap_or_default(),
            lang,
        ),
        section: None,
        translations: config
            .languages
            .iter()
            .map(|l| TranslationLink {
                code: l.code.clone(),
                name: l.name.clone(),
                url: link(&site.home().map_or_else(
                    || format!("{}/", l.code),
                    |h| site.output(h, &l.code).path.clone(),
                )),
                current: l.code == lang,
                translated: true,
            })
            .collect(),
        breadcrumbs: Vec::new(),
        nav: Vec::new(),
        feed_url: None,
        offline: config.offline,
        data: data_views::DataContext::default(),
        search: search_links(
            config.search,
            lang,
            link,
            &base_path
                .clone()
                .unwrap_or_else(|| url::relative(path, "", false)),
        ),
        web_app: WebAppLinks::of(config, lang, link),
        site_index: Vec::new(),
        one_file_url: None,
    };
    let html = render_template(theme, template, &context)?;
    Ok(RenderedFile {
        path: path.to_string(),
        bytes: html,
    })
}
