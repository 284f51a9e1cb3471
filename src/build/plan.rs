//! The build driver's plan step: the model becomes a list of **jobs**, one per output (a page
//! with its listing pages, sub-pages and redirects; a language's search page; each of the
//! site's own files; a copied file), each with a stable key and a fingerprint of what it reads:
//! for a copied file, its source; for the others, what rendering read when the job last ran
//! (`render::reads`), looked up again in the new model. A full build executes every job; a
//! rebuild executes those whose fingerprint differs from the one recorded when they last ran
//! (`execute`). Each language's search index is made after the pages, from their documents.

use std::sync::Arc;

use rayon::prelude::*;

use crate::fingerprint::FastMap;
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
    /// A language's search page (by language number), which lists the first pages of every
    /// section.
    SearchPage(usize),
    /// A part of a section's own index in the search folder: (language number, section's
    /// group, part from 1), as `render::site_pages::search_parts` numbers them.
    SearchPart(usize, (usize, usize)),
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
            Job::SearchPart(l, (k, n)) => format!(
                "search part {}",
                crate::render::site_pages::part_path(&site.config.languages[*l].code, *k, *n)
            ),
            Job::Site(file) => format!("site {file:?}"),
            Job::Static(rel) => format!("static {rel}"),
        }
    }
}

/// Every job of a site, with its key and, when it can be known before the job runs, its
/// fingerprint.
pub(crate) struct Plan {
    pub(crate) jobs: Vec<Job>,
    pub(crate) keys: Arc<[String]>,
    /// Each job's number in the last build's memory (`Memory::jobs`), when it ran before.
    pub(crate) recorded: Vec<Option<usize>>,
    /// A static file's and the public key's fingerprint is that of their source. A job that
    /// renders has the fingerprint of what it read when it last ran, read again in this model;
    /// `None` when it never ran (or something it read is gone): it must run.
    pub(crate) fingerprints: Vec<Option<u64>>,
    /// Whether each job must run: it never ran, or its fingerprint differs from the recorded one.
    pub(crate) to_run: Vec<bool>,
}

/// What the last build remembered, with the fingerprints of this model's reads, and whether
/// this model has the last one's shape (it was patched: the same outputs and entries in the
/// same order).
pub(crate) struct Last<'a> {
    pub(crate) memory: &'a mut Memory,
    pub(crate) now: &'a Fingerprints<'a>,
    pub(crate) same_shape: bool,
}

/// The jobs of a site: pages first (in the model's order), then the search pages, the site's
/// own files and the static files.
pub(crate) fn plan(site: &Site, statics: &Statics, public_key: u64, last: Option<Last>) -> Plan {
    let mut jobs: Vec<Job> = (0..site.outputs.len()).map(Job::Page).collect();
    if site.config.search {
        let languages = 0..site.config.languages.len();
        jobs.extend(languages.clone().map(Job::SearchPage));
        let parts = crate::render::site_pages::search_parts(site);
        jobs.extend(
            languages.flat_map(|l| parts.iter().map(move |part| Job::SearchPart(l, *part))),
        );
    }
    jobs.extend(site_files(site).into_iter().map(Job::Site));
    jobs.extend(statics.keys().cloned().map(Job::Static));
    let Some(last) = last else {
        let keys: Arc<[String]> = jobs.par_iter().map(|j| j.key(site)).collect();
        let fingerprints = jobs
            .iter()
            .map(|job| own_fingerprint(job, statics, public_key));
        return Plan {
            recorded: vec![None; jobs.len()],
            fingerprints: fingerprints.collect(),
            to_run: vec![true; jobs.len()],
            keys,
            jobs,
        };
    };
    let memory: &Memory = last.memory;
    let (keys, recorded): (Arc<[String]>, Vec<Option<usize>>) =
        if last.same_shape && same_jobs(site, &jobs, memory) {
            (
                Arc::clone(&memory.keys),
                (0..jobs.len()).map(Some).collect(),
            )
        } else {
            let keys: Arc<[String]> = jobs.par_iter().map(|j| j.key(site)).collect();
            let by_key: FastMap<&str, usize> = memory
                .keys
                .iter()
                .enumerate()
                .map(|(i, key)| (key.as_str(), i))
                .collect();
            let recorded = keys
                .iter()
                .map(|k| by_key.get(k.as_str()).copied())
                .collect();
            (keys, recorded)
        };
    let inputs = last
        .memory
        .input_fingerprints(site, last.now, last.same_shape);
    let memory: &Memory = last.memory;
    // One look at each job's record: its fingerprint now, and whether it must run.
    let (fingerprints, to_run): (Vec<Option<u64>>, Vec<bool>) = jobs
        .par_iter()
        .zip(&recorded)
        .map(|(job, recorded)| {
            let recorded = recorded.map(|r| &memory.jobs[r]);
            let fingerprint = own_fingerprint(job, statics, public_key).or_else(|| {
                recorded
                    .and_then(|r| r.reads.as_ref())
                    .and_then(|reads| Memory::fingerprint_now(reads, &inputs))
            });
            let run = fingerprint.is_none() || recorded.map(|r| r.fingerprint) != fingerprint;
            (fingerprint, run)
        })
        .unzip();
    Plan {
        jobs,
        keys,
        recorded,
        fingerprints,
        to_run,
    }
}

/// The fingerprint of a job that is known before it runs: a static file's and the public
/// key's are their source's.
fn own_fingerprint(job: &Job, statics: &Statics, public_key: u64) -> Option<u64> {
    match job {
        Job::Static(rel) => Some(statics[rel].fingerprint),
        Job::Site(SiteFile::PublicKey) => Some(public_key),
        _ => None,
    }
}

/// Whether the jobs of a model with the remembered one's shape are the remembered jobs, in
/// order: only the static files (read on every rebuild) can differ.
fn same_jobs(site: &Site, jobs: &[Job], memory: &Memory) -> bool {
    jobs.len() == memory.keys.len()
        && jobs
            .iter()
            .zip(memory.keys.iter())
            .all(|(job, key)| match job {
                Job::Static(_) => job.key(site) == *key,
                _ => true,
            })
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
