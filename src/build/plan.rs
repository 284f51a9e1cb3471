//! The build driver's plan step: the model becomes a list of **jobs**, one per output (a page
//! with its listing pages, sub-pages and redirects; a language's search page; each of the
//! site's own files; a copied file), each with a stable key and a fingerprint of what it reads:
//! for a copied file, its source; for the others, what rendering read when the job last ran
//! (`render::reads`), looked up again in the new model. A full build executes every job; a
//! rebuild executes those whose fingerprint differs from the one recorded when they last ran
//! (`execute`). Each language's search index is made after the pages, from their documents.

use rayon::prelude::*;

use crate::model::Site;
use crate::render::reads::Fingerprints;

use super::memory::Memory;
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

/// Every job of a site, with its key and, when it can be known before the job runs, its
/// fingerprint.
pub(crate) struct Plan {
    pub(crate) jobs: Vec<Job>,
    pub(crate) keys: Vec<String>,
    /// A static file's and the public key's fingerprint is that of their source. A job that
    /// renders has the fingerprint of what it read when it last ran, read again in this model;
    /// `None` when it never ran (or something it read is gone): it must run.
    pub(crate) fingerprints: Vec<Option<u64>>,
    /// Whether each job must run: it never ran, or its fingerprint differs from the recorded one.
    pub(crate) to_run: Vec<bool>,
}

/// The jobs of a site: pages first (in the model's order), then the search pages, the site's
/// own files and the static files. `last`: what the last build remembered, with the fingerprints
/// of this model's reads.
pub(crate) fn plan(
    site: &Site,
    statics: &Statics,
    public_key: u64,
    last: Option<(&Memory, &Fingerprints)>,
) -> Plan {
    let mut jobs: Vec<Job> = (0..site.outputs.len()).map(Job::Page).collect();
    if site.config.search {
        jobs.extend((0..site.config.languages.len()).map(Job::SearchPage));
    }
    jobs.extend(site_files(site).into_iter().map(Job::Site));
    jobs.extend(statics.keys().cloned().map(Job::Static));
    let keys: Vec<String> = jobs.par_iter().map(|j| j.key(site)).collect();
    let inputs = last.map(|(memory, now)| memory.input_fingerprints(site, now));
    // One look at each job's record: its fingerprint now, and whether it must run.
    let (fingerprints, to_run): (Vec<Option<u64>>, Vec<bool>) = jobs
        .par_iter()
        .zip(&keys)
        .map(|(job, key)| {
            let recorded = last.and_then(|(memory, _)| memory.jobs.get(key));
            let fingerprint = match job {
                Job::Static(rel) => Some(statics[rel].fingerprint),
                Job::Site(SiteFile::PublicKey) => Some(public_key),
                _ => recorded
                    .and_then(|r| r.reads.as_ref())
                    .zip(inputs.as_ref())
                    .and_then(|(reads, inputs)| Memory::fingerprint_now(reads, inputs)),
            };
            let run = fingerprint.is_none() || recorded.map(|r| r.fingerprint) != fingerprint;
            (fingerprint, run)
        })
        .unzip();
    Plan {
        jobs,
        keys,
        fingerprints,
        to_run,
    }
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
