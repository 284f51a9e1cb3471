//! Step 3b, **render site pages**: the pages spean makes itself rather than from content: the
//! root language chooser, the 404 page of each language, and the search page (which is the
//! site index when script is off); and the search links every page's header carries.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::*;
use super::{
    Reads, RenderedFile, data_views, language_view, page_context, render_page_template,
    render_template, site_view,
};
use crate::diagnostic::Diagnostic;
use crate::model::{Site, url};

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

/// How many pages of a section the search page lists itself; the others are on the section's
/// own index pages, [`PART_SIZE`] at a time, so that no page of the index without script grows
/// past about 100 KB however large the site (Khmer titles are three bytes a letter).
const INLINE: usize = 10;
const PART_SIZE: usize = 200;

/// A group of the site index: what heads it (an entry, or an output) and its pages'.
type Group = (usize, Vec<usize>);

/// The groups of the site index, as entries: the home page with its own pages, then each
/// section under the home page with every page and section below it (depth first). The same
/// for every language (each entry has an output in each). `children` is the model's or a
/// [`Reads`]'s, which notes what it read.
fn index_groups<'s>(
    home: usize,
    children: impl Fn(usize) -> (&'s [usize], &'s [usize]),
) -> Vec<Group> {
    let (home_pages, home_sections) = children(home);
    let mut groups: Vec<Group> = vec![(home, home_pages.to_vec())];
    for section in home_sections {
        let mut pages = Vec::new();
        let mut stack = vec![*section];
        while let Some(s) = stack.pop() {
            let (child_pages, child_sections) = children(s);
            pages.extend(child_pages.iter().chain(child_sections.iter()));
            stack.extend(child_sections.iter().rev());
        }
        groups.push((*section, pages));
    }
    groups
}

/// The parts of the site index a site has, each as (group, part from 1): the same in every
/// language. The build makes each part a job of its own, so a new title makes again only the
/// part that lists it.
pub(crate) fn search_parts(site: &Site) -> Vec<(usize, usize)> {
    let Some(home) = site.entry(crate::load::file_name::SECTION_INDEX) else {
        return Vec::new();
    };
    let children = |e: usize| {
        let e = &site.entries[e];
        (e.child_pages.as_slice(), e.child_sections.as_slice())
    };
    index_groups(home, children)
        .iter()
        .enumerate()
        .filter(|(_, (_, pages))| pages.len() > INLINE)
        .flat_map(|(k, (_, pages))| (1..=pages.len().div_ceil(PART_SIZE)).map(move |n| (k, n)))
        .collect()
}

/// The site index's groups in a language: the output each is headed by, and its pages'.
fn groups_in(r: &Reads, lang: &str) -> Result<(usize, Vec<Group>), Diagnostic> {
    let Some(home) = r.home() else {
        return Err(Diagnostic::error(
            &r.config().content_dir,
            "the site has no home page",
        ));
    };
    let groups = index_groups(home, |e| r.children(e))
        .into_iter()
        .map(|(head, pages)| {
            let pages = pages.iter().map(|e| r.output_index(*e, lang)).collect();
            (r.output_index(head, lang), pages)
        })
        .collect();
    Ok((r.output_index(home, lang), groups))
}

/// One group of the site index as a page at `at` shows it: its heading and `pages`, of `count`.
fn index_group(
    r: &Reads,
    lang: &str,
    at: &str,
    (head, pages): (usize, &[usize]),
    count: usize,
    all: Option<String>,
) -> IndexGroup {
    let t = r.strings(lang);
    let listing = r.listing(head);
    IndexGroup {
        title: listing.title.to_string(),
        url: url::relative(at, listing.path, r.config().offline),
        lang: listing.is_fallback.then(|| listing.lang.to_string()),
        pages: pages.iter().map(|o| page_link(r, at, *o, t)).collect(),
        count,
        all,
    }
}

/// `<lang>/search/` at `path`: the search results page, which without script is the site
/// index: every section with its first pages, and a link to its own index (the parts).
pub(crate) fn render_search_page(
    r: &Reads,
    lang: &str,
    path: &str,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    let offline = r.config().offline;
    let (home_output, groups) = groups_in(r, lang)?;
    let mut context = search_context(r, lang, path, home_output);
    context.site_index = groups
        .iter()
        .enumerate()
        .map(|(k, (head, pages))| {
            let all = (pages.len() > INLINE)
                .then(|| url::relative(path, &part_path(lang, k, 1), offline));
            let shown = &pages[..pages.len().min(INLINE)];
            index_group(r, lang, path, (*head, shown), pages.len(), all)
        })
        .collect();
    Ok(vec![RenderedFile {
        path: path.to_string(),
        bytes: render_page_template(r, "search.html", &context)?,
    }])
}

/// Part `n` (from 1) of group `k`'s own index in a language (`<lang>/search/part-<k>/`,
/// `part-<k>-2/`…): [`PART_SIZE`] of its pages, with links to the parts before and after.
pub(crate) fn render_search_part(
    r: &Reads,
    lang: &str,
    (k, n): (usize, usize),
) -> Result<Vec<RenderedFile>, Diagnostic> {
    let offline = r.config().offline;
    let (home_output, groups) = groups_in(r, lang)?;
    let Some((head, pages)) = groups.get(k) else {
        return Ok(Vec::new());
    };
    let total = pages.len().div_ceil(PART_SIZE);
    let Some(chunk) = pages.chunks(PART_SIZE).nth(n - 1) else {
        return Ok(Vec::new());
    };
    let path = url::search_page(lang);
    let at = part_path(lang, k, n);
    let link = |n: usize| url::relative(&at, &part_path(lang, k, n), offline);
    let mut context = search_context(r, lang, &at, home_output);
    context.site_index = vec![index_group(r, lang, &at, (*head, chunk), pages.len(), None)];
    context.search_part = Some(SearchPart {
        part: Pagination {
            current: n,
            total,
            previous: (n > 1).then(|| link(n - 1)),
            next: (n < total).then(|| link(n + 1)),
        },
        back: url::relative(&at, &path, offline),
    });
    Ok(vec![RenderedFile {
        bytes: render_page_template(r, "search.html", &context)?,
        path: at,
    }])
}

/// Where part `n` (from 1) of group `k`'s own index is written.
pub(crate) fn part_path(lang: &str, k: usize, n: usize) -> String {
    if n == 1 {
        format!("{lang}/search/part-{k}/index.html")
    } else {
        format!("{lang}/search/part-{k}-{n}/index.html")
    }
}

/// The context of a page of the search folder at `path`.
fn search_context(r: &Reads, lang: &str, path: &str, home_output: usize) -> PageContext {
    let config = r.config();
    let t = r.strings(lang);
    let offline = config.offline;
    let mut context = page_context(r, home_output, path, String::new(), None);
    let folder = path.strip_suffix("index.html").unwrap_or(path);
    context.page = PageView {
        canonical: config.base_url.as_ref().map(|b| url::absolute(b, folder)),
        ..PageView::generated(
            "search",
            t.get("search_title").cloned().unwrap_or_default(),
            lang,
        )
    };
    context.breadcrumbs = Vec::new();
    context.translations = config
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
    context
}

/// The root `index.html`: a choice of language, in every language's own script, without script.
pub(crate) fn render_chooser(r: &Reads) -> Result<RenderedFile, Diagnostic> {
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
    let config = r.config();
    let home_entry = r.home();
    let choices = config
        .languages
        .iter()
        .map(|lang| {
            let home = home_entry.map_or_else(
                || format!("{}/", lang.code),
                |h| r.listing(r.output_index(h, &lang.code)).path.to_string(),
            );
            let strings = r.strings(&lang.code);
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
                label: strings.get("choose_language").cloned().unwrap_or_default(),
                notice: strings.get("footer_note").cloned().unwrap_or_default(),
            }
        })
        .collect();
    let lang = &config.default_language;
    let t = r.strings(lang);
    let context = ChooserContext {
        site: site_view(config, lang, t),
        lang: language_view(config, lang),
        t,
        root: String::new(),
        choices,
    };
    let html = render_template(r, "chooser.html", &context)?;
    Ok(RenderedFile {
        path: "index.html".to_string(),
        bytes: html,
    })
}

/// A 404 page for each language (`km/404.html`) and one at the root in the default language.
pub(crate) fn render_not_found(
    r: &Reads,
    lang: &str,
    path: &str,
) -> Result<RenderedFile, Diagnostic> {
    render_shown_anywhere(r, lang, path, "404.html", "not_found_title")
}

/// The page a web build's service worker shows, in the reader's language, when a page not
/// kept on the phone is opened without a connection (`km/offline.html`).
pub(crate) fn render_offline_page(r: &Reads, lang: &str) -> Result<RenderedFile, Diagnostic> {
    let path = url::offline_page_path(lang);
    render_shown_anywhere(r, lang, &path, "offline.html", "offline_title")
}

/// A page shown at whatever address was asked for (a server's 404 page, the worker's offline
/// page), so relative links in it would point nowhere: when the site has a `base_url`, its links
/// start from its path instead.
fn render_shown_anywhere(
    r: &Reads,
    lang: &str,
    path: &str,
    template: &'static str,
    title_key: &str,
) -> Result<RenderedFile, Diagnostic> {
    let config = r.config();
    let t = r.strings(lang);
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
    let home_entry = r.home();
    let home_in = |l: &str| {
        home_entry.map_or_else(
            || format!("{l}/"),
            |h| r.listing(r.output_index(h, l)).path.to_string(),
        )
    };
    let home = home_in(lang);
    let context = PageContext {
        site: site_view(config, lang, t),
        lang: language_view(config, lang),
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
                url: link(&home_in(&l.code)),
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
        search_part: None,
        one_file_url: None,
    };
    let html = render_page_template(r, template, &context)?;
    Ok(RenderedFile {
        path: path.to_string(),
        bytes: html,
    })
}
