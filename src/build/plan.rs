//! The build driver's plan step: the model becomes a list of **jobs**, one per output (a page
//! with its listing pages, sub-pages and redirects; a language's search page; each of the
//! site's own files; a language's search index; a copied file), each with a stable key and a
//! fingerprint of what it reads. A full build executes every job; a rebuild executes those whose
//! fingerprint differs from the one recorded when they last ran (`execute`).

use crate::fingerprint;
use crate::model::{Site, deps};
use crate::render;
use crate::theme::Theme;

use super::statics::Statics;

/// One output of the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    /// An output page (`Site::outputs[i]`): its file, its listing pages, its sub-pages, its
    /// aliases' redirects, and its search document.
    Page(usize),
    /// A language's search page (by language number), which lists every page.
    SearchPage(usize),
    /// One of the site's own files.
    Site(SiteFile),
    /// A file copied as it is (or minified, for the theme's CSS and JavaScript).
    Static(String),
}

/// The files spean makes besides the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SiteFile {
    /// The language chooser at the root.
    Chooser,
    /// A language's 404 page (by code), or the root's (`None`).
    NotFound(Option<String>),
    /// A web build's offline page of a language.
    Offline(String),
    /// The site's public signing key, published for anyone to check a USB copy against.
    PublicKey,
    /// The Atom feeds of the sections `site.yaml` names.
    Feeds,
    /// The directory for reuse (CSV, JSON) and the filter's script per language.
    Directory,
    Sitemap,
    Robots,
}

impl Job {
    /// A name that stays the same from one build to the next while the output exists (an
    /// output page is known by its path: its index moves when pages are added).
    pub(crate) fn key(&self, site: &Site) -> String {
        match self {
            Job::Page(i) => format!("page {}", site.outputs[*i].path),
            Job::SearchPage(l) => format!("search page {}", site.config.languages[*l].code),
            Job::Site(file) => format!("site {file:?}"),
            Job::Static(rel) => format!("static {rel}"),
        }
    }
}

/// Every job of a site, with its fingerprint.
pub(crate) struct Plan {
    pub(crate) jobs: Vec<Job>,
    pub(crate) fingerprints: Vec<u64>,
}

/// The jobs of a site: pages first (in the model's order), then the search pages, the site's
/// own files and the static files.
pub(crate) fn plan(site: &Site, theme: &Theme, statics: &Statics, public_key: u64) -> Plan {
    let found = deps::fingerprints(site, &theme_parts(site, theme));
    let mut jobs = Vec::with_capacity(site.outputs.len() + statics.len() + 16);
    let mut fingerprints = Vec::with_capacity(jobs.capacity());
    for (i, fp) in found.outputs.into_iter().enumerate() {
        jobs.push(Job::Page(i));
        fingerprints.push(fp);
    }
    if site.config.search {
        for (l, fp) in found.search_pages.into_iter().enumerate() {
            jobs.push(Job::SearchPage(l));
            fingerprints.push(fp);
        }
    }
    for file in site_files(site) {
        let fp = match file {
            SiteFile::PublicKey => public_key,
            _ => found.site_files,
        };
        jobs.push(Job::Site(file));
        fingerprints.push(fp);
    }
    for (rel, file) in statics {
        jobs.push(Job::Static(rel.clone()));
        fingerprints.push(file.fingerprint);
    }
    Plan { jobs, fingerprints }
}

/// The site's own files this site has.
fn site_files(site: &Site) -> Vec<SiteFile> {
    let config = &site.config;
    let mut files = vec![SiteFile::Chooser, SiteFile::NotFound(None)];
    files.extend(
        config
            .language_codes()
            .map(|l| SiteFile::NotFound(Some(l.to_string()))),
    );
    if config.web_app() {
        files.extend(
            config
                .language_codes()
                .map(|l| SiteFile::Offline(l.to_string())),
        );
    }
    files.extend([
        SiteFile::PublicKey,
        SiteFile::Feeds,
        SiteFile::Directory,
        SiteFile::Sitemap,
        SiteFile::Robots,
    ]);
    files
}

/// The fingerprints of the theme that `model::deps` needs.
fn theme_parts<'a>(site: &Site, theme: &'a Theme) -> deps::ThemeParts<'a> {
    deps::ThemeParts {
        template: Box::new(move |site, output| {
            let fp = theme.template_fingerprint(render::template_of(site, theme, output));
            match site.source_of(output).data {
                // A journey also gets a printable checklist.
                Some(crate::data::pages::DataRef::Journey(_)) => {
                    fingerprint::of((fp, theme.template_fingerprint("checklist.html")))
                }
                _ => fp,
            }
        }),
        strings: site
            .config
            .language_codes()
            .map(|l| theme.strings_fingerprint(l))
            .collect(),
        search_template: theme.template_fingerprint("search.html"),
        site_templates: fingerprint::of((
            theme.template_fingerprint("chooser.html"),
            theme.template_fingerprint("404.html"),
            theme.template_fingerprint("offline.html"),
            &theme.strings,
        )),
    }
}
