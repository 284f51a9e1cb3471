//! What templates see: typed, serialisable views of the model, built per output page.
//!
//! Templates never read files or compute URLs: every link here is already relative to the page
//! being rendered (and ends in `index.html` in offline builds).

use std::collections::BTreeMap;

use serde::Serialize;

use super::reads::Reads;
use crate::date::Date;
use crate::load::markdown::Heading;
use crate::model::url;

pub(crate) use super::format::{format_date, localize_digits};

#[derive(Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub hotline: Option<String>,
    pub hotline_shown: Option<String>,
    pub base_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct LanguageView {
    pub code: String,
    pub name: String,
}

/// A link to another page, with what listings show of it.
#[derive(Serialize)]
pub(crate) struct PageLink {
    pub title: String,
    pub url: String,
    /// The language of the title and summary (differs from the page's for a fallback).
    pub lang: String,
    pub is_fallback: bool,
    pub description: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
}

/// The same page in another language, for the switcher and `hreflang` alternates.
#[derive(Serialize)]
pub(crate) struct TranslationLink {
    pub code: String,
    pub name: String,
    pub url: String,
    pub current: bool,
    /// False when that language shows a fallback.
    pub translated: bool,
}

#[derive(Serialize)]
pub(crate) struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub content: String,
    pub toc: Vec<TocEntry>,
    /// The language the text is written in (the reader's, or the fallback's).
    pub content_lang: String,
    pub is_fallback: bool,
    /// Shown above a fallback: "This page is not yet available in English..." (HTML).
    pub fallback_notice: Option<String>,
    pub sample: bool,
    pub canonical: Option<String>,
    pub extra: BTreeMap<String, crate::yaml::Value>,
}

impl PageView {
    /// A page spean makes itself (404, search), with only a title.
    pub(crate) fn generated(kind: &'static str, title: String, lang: &str) -> PageView {
        PageView {
            kind,
            title,
            description: String::new(),
            date: None,
            date_iso: None,
            updated: None,
            updated_iso: None,
            content: String::new(),
            toc: Vec::new(),
            content_lang: lang.to_string(),
            is_fallback: false,
            fallback_notice: None,
            sample: false,
            canonical: None,
            extra: BTreeMap::new(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct SectionView {
    pub pages: Vec<PageLink>,
    pub subsections: Vec<PageLink>,
    pub pagination: Pagination,
}

/// Everything a page template receives, besides its language's UI strings (`t`), which
/// `render_page_template` adds, the same value for every page of the language.
#[derive(Serialize)]
pub(crate) struct PageContext {
    pub site: SiteView,
    pub lang: LanguageView,
    /// Relative path to the output root, for assets: `{{ root }}css/style.css`.
    pub root: String,
    pub home_url: String,
    pub page: PageView,
    pub section: Option<SectionView>,
    pub translations: Vec<TranslationLink>,
    pub breadcrumbs: Vec<PageLink>,
    pub nav: Vec<NavLink>,
    pub feed_url: Option<String>,
    pub offline: bool,
    /// Structured data for this page (a scheme, a journey, a province...), already translated.
    pub data: super::data_views::DataContext,
    /// Where the search box sends the reader and finds its index.
    pub search: SearchLinks,
    /// In a web build: the language's manifest and service worker.
    pub web_app: Option<WebAppLinks>,
    /// On the search page: every page by section (what readers without script get).
    pub site_index: Vec<IndexGroup>,
    /// On a section's own index page: which part it is.
    pub search_part: Option<SearchPart>,
    /// On the home page of a build that writes the one-file editions: the link to this
    /// language's file (`../<name>-km.html`).
    pub one_file_url: Option<String>,
}

/// Links of a web build's page to its language's manifest, registration script and worker
/// (`render::web_app`); `None` in offline builds and without `base_url`.
#[derive(Serialize)]
pub(crate) struct WebAppLinks {
    pub manifest: String,
    pub script: String,
    pub worker: String,
}

impl WebAppLinks {
    /// The links of a page in `lang`; `link` makes a link to a path of the output.
    pub(crate) fn of(
        config: &crate::config::Config,
        lang: &str,
        link: impl Fn(&str) -> String,
    ) -> Option<WebAppLinks> {
        use super::web_app::REGISTRATION_SCRIPT;
        use crate::model::url::{manifest_path, worker_path};
        config.web_app().then(|| WebAppLinks {
            manifest: link(&manifest_path(lang)),
            script: link(REGISTRATION_SCRIPT),
            worker: link(&worker_path(lang)),
        })
    }
}

#[derive(Serialize)]
pub(crate) struct SearchLinks {
    /// False when the site turned search off (`search: false`): no box, no index.
    pub enabled: bool,
    /// The search page of the reader's language.
    pub page: String,
    /// The folder of the language's index files (`search/<lang>/`).
    pub index: String,
    /// The language folder, which result addresses are relative to.
    pub lang_root: String,
}

#[derive(Serialize)]
pub(crate) struct IndexGroup {
    pub title: String,
    pub url: String,
    pub lang: Option<String>,
    /// The pages listed here: on the search page, the first few of a long section.
    pub pages: Vec<PageLink>,
    /// How many pages the section has.
    pub count: usize,
    /// On the search page, when the section has more pages than it lists: the first of the
    /// section's own index pages.
    pub all: Option<String>,
}

/// One of a section's own index pages (`<lang>/search/part-<k>/`), which list its pages a few
/// hundred at a time, so the site index without script stays light on a phone.
#[derive(Serialize)]
pub(crate) struct SearchPart {
    /// Which part, of how many, and the links to the parts beside it (as a listing's pages).
    #[serde(flatten)]
    pub part: Pagination,
    /// The search page.
    pub back: String,
}

#[derive(Serialize)]
pub(crate) struct NavLink {
    pub title: String,
    pub url: String,
    pub current: bool,
}

/// Nests a flat list of headings (h2 with its h3s, ...) for the table of contents.
pub(crate) fn nest_headings(headings: &[Heading]) -> Vec<TocEntry> {
    fn take(headings: &[Heading], i: &mut usize, level: u8) -> Vec<TocEntry> {
        let mut out = Vec::new();
        while *i < headings.len() && headings[*i].level >= level {
            let h = &headings[*i];
            *i += 1;
            let children = take(headings, i, h.level + 1);
            out.push(TocEntry {
                id: h.id.clone(),
                title: h.title.clone(),
                children,
            });
        }
        out
    }
    let top = headings.iter().map(|h| h.level).min().unwrap_or(2);
    let mut i = 0;
    take(headings, &mut i, top)
}

/// A link from `from` (a path) to output page `to`, with its listing details.
pub(crate) fn page_link(
    r: &Reads,
    from: &str,
    to: usize,
    t: &BTreeMap<String, String>,
) -> PageLink {
    let listing = r.listing(to);
    PageLink {
        title: listing.title.to_string(),
        url: url::relative(from, listing.path, r.config().offline),
        lang: listing.lang.to_string(),
        is_fallback: listing.is_fallback,
        description: listing.description.to_string(),
        date: listing.date.map(|d| format_date(d, t)),
        date_iso: listing.date.map(Date::ymd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_nests_by_level() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: id.into(),
        };
        let toc = nest_headings(&[h(2, "a"), h(3, "a1"), h(3, "a2"), h(2, "b")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert!(toc[1].children.is_empty());
    }
}
