//! What each output is made of: a fingerprint per output page (and per search page) that
//! changes exactly when something the page shows changes. `spean serve` and `spean watch` render
//! again only the outputs whose fingerprint differs from the one they wrote last time.
//!
//! An output page depends on
//! - the site configuration and its template (with every template it extends, includes or
//!   imports) and the UI strings of its language;
//! - the text of the source it shows (a translation or a fallback), its address, whether it is
//!   a fallback, and where each of its links leads;
//! - the language switcher: the address of the entry in every language, translated or not;
//! - the listing details (title, description or summary, date, address, language) of its
//!   breadcrumb trail, of the top sections in the menu, and for a section, of every page and
//!   section listed in it, in order;
//! - for pages that show structured data (a scheme, a journey, a province, the home page's
//!   journeys, the schemes table, the directory, a question tree and each page of a way
//!   through it), all the data and every address of the site.
//!
//! This list mirrors what `render::page_context` and `render::data_views` read; a test builds a
//! site, changes one thing at a time, and checks that the pages whose bytes change are among
//! those whose fingerprint changed.

use rayon::prelude::*;

use super::{Output, Site};
use crate::data::pages::{FACILITIES_DIR, JOURNEYS_DIR, QUESTIONS_DIR, SCHEMES_DIR};
use crate::fingerprint::{self, Builder};

pub type TemplateFingerprint<'a> = Box<dyn Fn(&Site, &Output) -> u64 + Sync + 'a>;

/// The fingerprints of the theme parts an output uses, from `theme::Theme`.
pub struct ThemeParts<'a> {
    /// The fingerprint of the template an output is rendered with (and those it uses).
    pub template: TemplateFingerprint<'a>,
    /// Per language (in `site.yaml` order), the fingerprint of its UI strings.
    pub strings: Vec<u64>,
    /// The fingerprint of the search page's template.
    pub search_template: u64,
    /// The fingerprint of the templates of the site's own pages (language chooser, 404) and of
    /// every language's UI strings.
    pub site_templates: u64,
}

pub struct Fingerprints {
    /// One per output, at the same index as `Site::outputs`.
    pub outputs: Vec<u64>,
    /// One per language: the search page, which lists every page.
    pub search_pages: Vec<u64>,
    /// The site's own files other than the search pages: language chooser, 404 pages, feeds,
    /// sitemap, directory files.
    pub site_files: u64,
}

/// The fingerprint of the configuration: everything `site.yaml` and the command line set.
pub fn config_fingerprint(site: &Site) -> u64 {
    fingerprint::of(format!("{:?}", site.config))
}

pub fn fingerprints(site: &Site, theme: &ThemeParts) -> Fingerprints {
    let languages = site.config.languages.len();
    let config = config_fingerprint(site);
    // What listings show of each output.
    let listing: Vec<u64> = site
        .outputs
        .par_iter()
        .map(|o| {
            let source = site.source_of(o);
            let front = &source.front;
            fingerprint::of((
                &o.path,
                o.is_fallback,
                &source.lang,
                &front.title,
                front.description.as_ref().unwrap_or(&source.body.summary),
                front.date.as_ref().map(|d| d.ymd()),
                // Not shown in listings, but in the sitemap.
                front.updated.as_ref().map(|d| d.ymd()),
            ))
        })
        .collect();
    let home = site.home();
    let nav: Vec<u64> = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(l, lang)| {
            let mut b = Builder::default();
            if let Some(h) = home {
                b.add(&site.output(h, &lang.code).path);
                for s in &site.entries[h].child_sections {
                    b.add(listing[s * languages + l]);
                }
            }
            b.finish()
        })
        .collect();
    // Every address of the site, for pages of structured data (their views link to data pages
    // and to the pages journey steps name).
    let addresses = fingerprint::of(site.outputs.iter().map(|o| &o.path).collect::<Vec<_>>());
    let data_keys = [
        "_index.md".to_string(),
        format!("{SCHEMES_DIR}/_index.md"),
        format!("{JOURNEYS_DIR}/_index.md"),
        format!("{FACILITIES_DIR}/_index.md"),
        format!("{QUESTIONS_DIR}/_index.md"),
    ];

    let outputs = (0..site.outputs.len())
        .into_par_iter()
        .map(|index| {
            let output = &site.outputs[index];
            let l = index % languages;
            let entry = &site.entries[output.entry];
            let source = site.source_of(output);
            let mut b = Builder::default();
            b.add(config)
                .add((theme.template)(site, output))
                .add(theme.strings[l])
                .add(nav[l])
                .add(source.fingerprint)
                .add(&output.path)
                .add(output.is_fallback)
                .add(&site.links[index]);
            for other in 0..languages {
                let o = &site.outputs[output.entry * languages + other];
                b.add((&o.path, o.is_fallback));
            }
            let mut parent = entry.parent;
            while let Some(p) = parent {
                b.add(listing[p * languages + l]);
                parent = site.entries[p].parent;
            }
            // The feed link names the feed section's address.
            for section in &site.config.feeds {
                if let Some(e) = site.entry(&format!("{section}/_index.md")) {
                    b.add(&site.outputs[e * languages + l].path);
                }
            }
            b.add(entry.child_pages.len());
            for child in entry.child_pages.iter().chain(&entry.child_sections) {
                b.add(listing[child * languages + l]);
            }
            if source.data.is_some() || data_keys.contains(&entry.key) {
                b.add(site.data.fingerprint).add(addresses);
            }
            b.finish()
        })
        .collect();

    let search_pages = site
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(l, _)| {
            let mut b = Builder::default();
            b.add(config)
                .add(theme.search_template)
                .add(theme.strings[l])
                .add(nav[l]);
            for (e, entry) in site.entries.iter().enumerate() {
                b.add((listing[e * languages + l], entry.parent))
                    .add((&entry.child_pages, &entry.child_sections));
            }
            b.finish()
        })
        .collect();
    let site_files = {
        let mut b = Builder::default();
        b.add(config)
            .add(theme.site_templates)
            .add(&nav)
            .add(&listing)
            .add(site.data.fingerprint);
        for entry in &site.entries {
            b.add((entry.parent, &entry.child_pages, &entry.child_sections));
        }
        b.finish()
    };
    Fingerprints {
        outputs,
        search_pages,
        site_files,
    }
}
