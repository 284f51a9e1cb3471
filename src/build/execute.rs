//! The build driver's execute step: runs the jobs of a plan through a writer (`writer`). A full
//! build runs every job (`Staged`); a rebuild runs the jobs whose fingerprint differs from the
//! one the last build recorded and keeps the files of the others (`InPlace`). The same code does
//! both, in this order:
//!
//! 1. pages (in parallel): each makes its files and its search document;
//! 2. the search pages and the site's own files;
//! 3. nothing is written if any job failed; then each language's search index, when a document
//!    of that language changed (or an entry is gone);
//! 4. static files, when their source changed;
//! 5. in a web build, the manifests and workers, versioned by every file so far (`web_app`);
//! 6. the one-file editions, from the pages collected while rendering (full builds only);
//! 7. the writer puts everything in place.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::progress::Progress;
use crate::render;
use crate::search::{self, SearchDoc};
use crate::theme::Theme;

use super::memory::{Memory, Recorded};
use super::plan::{Job, Plan};
use super::report::BuildError;
use super::statics::Statics;
use super::writer::{Finished, Writer};
use super::{single, site_files, web_app};
use crate::render::reads::{Fingerprints, Read, Reads};

/// What a build reads besides the plan.
pub(crate) struct Run<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) statics: &'a Statics,
    /// The text of `signing-key.pub`, when the site has one.
    pub(crate) public_key: Option<&'a str>,
    /// Remember what was written, for rebuilds (watch, serve).
    pub(crate) retain: bool,
    pub(crate) progress: &'a Progress,
    /// Problems found before the plan (the static files' names), reported with the jobs'.
    pub(crate) problems: Vec<Diagnostic>,
    /// When the build started (for `SPEAN_TIMINGS`).
    pub(crate) started: std::time::Instant,
    /// The fingerprints of this model's reads, when the plan needed them (a rebuild).
    pub(crate) fingerprints: Option<&'a Fingerprints<'a>>,
    /// Told the files a rebuild wrote as soon as its pages are in place, before the search
    /// index and the rest (`spean serve` reloads open pages then).
    pub(crate) pages_written: Option<&'a PagesWritten>,
}

/// What hears which files a rebuild's pages wrote ([`Run::pages_written`]).
pub(crate) type PagesWritten = dyn Fn(&[String]) + Send + Sync;

/// What executing a plan did.
pub(crate) struct Executed {
    /// Jobs of output pages that ran.
    pub(crate) pages: usize,
    pub(crate) finished: Finished,
    /// Per language: the search index's total size and its largest shard (bytes).
    pub(crate) search_sizes: Vec<(String, (usize, usize))>,
    /// The one-file editions written: file name and size.
    pub(crate) single_files: Vec<(String, usize)>,
    /// Warnings of the build itself (a font the one-file edition could not cut).
    pub(crate) warnings: Vec<Diagnostic>,
    /// What to remember for the next rebuild (with `Run::retain`).
    pub(crate) memory: Option<Memory>,
}

/// How many output pages the plan renders again.
pub(crate) fn pages_to_run(plan: &Plan) -> usize {
    (0..plan.jobs.len())
        .filter(|&j| matches!(plan.jobs[j], Job::Page(_)) && plan.to_run[j])
        .count()
}

/// A job that ran: the files it made, and a page's search document (language, entry, document).
struct Ran {
    job: usize,
    files: Vec<String>,
    /// What it read (jobs that render, when the build is remembered).
    reads: Option<Vec<Read>>,
    document: Option<(usize, String, SearchDoc)>,
}

/// Runs the jobs of `plan` that differ from `last` (all of them without `last`).
pub(crate) fn execute(
    run: &Run,
    plan: &Plan,
    mut last: Option<&mut Memory>,
    writer: Box<dyn Writer>,
) -> Result<Executed, BuildError> {
    // Without a last build, every job runs.
    let dirty: Vec<bool> = if last.is_some() {
        plan.to_run.clone()
    } else {
        vec![true; plan.jobs.len()]
    };
    let jobs = Jobs::new(run, plan, writer.as_ref(), last.is_none());
    let to_run: Vec<usize> = (0..plan.jobs.len()).filter(|&j| dirty[j]).collect();

    // 1. Pages, then 2. the search pages and the site's own files.
    let (pages, others): (Vec<usize>, Vec<usize>) = to_run
        .iter()
        .partition(|&&j| matches!(plan.jobs[j], Job::Page(_)));
    run.progress.stage("rendering pages", pages.len());
    let mut ran: Vec<Ran> = pages
        .par_iter()
        .inspect(|_| run.progress.advance())
        .filter_map(|&j| jobs.page(j))
        .collect();
    super::timing("pages", run.started);
    ran.par_extend(
        others
            .par_iter()
            .filter(|&&j| !matches!(plan.jobs[j], Job::Static(_)))
            .filter_map(|&j| jobs.site_page(j)),
    );

    // 3. Nothing is written unless every job succeeded.
    let Jobs {
        fresh,
        collected,
        problems,
        ..
    } = jobs;
    let problems = problems.into_inner().expect("no panic while locked");
    if problems.has_errors() {
        return Err(BuildError::Content(problems.into_sorted()));
    }
    let written = writer.pages_done()?;
    if let Some(hear) = run.pages_written.filter(|_| !written.is_empty()) {
        hear(&written);
    }
    if let Some(last) = last.as_deref() {
        keep_unchanged(plan, &dirty, last, writer.as_ref());
    }
    super::timing("site files", run.started);
    let mut search = write_search(run, last.as_deref_mut(), fresh, &mut ran, writer.as_ref());
    let search_sizes = std::mem::take(&mut search.sizes);

    // 4. Static files, 5. a web build's manifests and workers, 6. the one-file editions.
    super::timing("search", run.started);
    copy_statics(run, plan, &dirty, writer.as_ref());
    super::timing("statics", run.started);
    write_web_app(run, writer.as_ref())?;
    let (single_files, mut warnings) = match collected {
        Some(collected) => {
            single::write_editions(run.site, run.theme, run.statics, collected, writer.as_ref())?
        }
        None => (Vec::new(), Vec::new()),
    };
    warnings.extend(problems.into_sorted());

    // 7. In place.
    super::timing("web app, one-file editions", run.started);
    let mut finished = writer.finish()?;
    super::timing("written", run.started);
    let memory = run
        .retain
        .then(|| remember(run, plan, last, ran, &mut finished, search));
    super::timing("remembered", run.started);
    Ok(Executed {
        pages: pages.len(),
        finished,
        search_sizes,
        single_files,
        warnings,
        memory,
    })
}

/// What the jobs of one execution share while they run in parallel.
struct Jobs<'a> {
    run: &'a Run<'a>,
    plan: &'a Plan,
    writer: &'a dyn Writer,
    /// The search indexes of a full build, which take documents as pages are made.
    fresh: Option<Vec<search::Indexer>>,
    /// The pages kept for the one-file editions.
    collected: Option<crate::single::Collected>,
    problems: Mutex<Diagnostics>,
}

impl<'a> Jobs<'a> {
    /// What the jobs of a full build (`full`) or a rebuild share.
    fn new(run: &'a Run<'a>, plan: &'a Plan, writer: &'a dyn Writer, full: bool) -> Jobs<'a> {
        let mut known = Diagnostics::default();
        known.extend(run.problems.iter().cloned());
        let config = &run.site.config;
        Jobs {
            run,
            plan,
            writer,
            // A full build adds documents as pages are made (one pass over 15,000 pages would
            // hold them all); a rebuild adds them once nothing has failed.
            fresh: full.then(|| {
                (0..config.languages.len())
                    .map(|_| {
                        if run.retain {
                            search::Indexer::retaining()
                        } else {
                            search::Indexer::default()
                        }
                    })
                    .collect()
            }),
            collected: config
                .single_file
                .enabled
                .then(crate::single::Collected::default),
            problems: Mutex::new(known),
        }
    }

    fn report(&self, problem: Diagnostic) {
        self.problems
            .lock()
            .expect("no panic while locked")
            .push(problem);
    }

    /// Runs the job of an output page.
    fn page(&self, j: usize) -> Option<Ran> {
        let site = self.run.site;
        let Job::Page(index) = self.plan.jobs[j] else {
            unreachable!("only pages")
        };
        let reads = Reads::new(site, self.run.theme);
        let files = render::render_output_read(&reads, index)
            .map_err(|d| self.report(d))
            .ok()?;
        if let Some(collected) = &self.collected {
            collected.keep(site, index, &files);
        }
        let document = site.config.search.then(|| {
            let output = &site.outputs[index];
            let lang = site.lang_index(&output.lang);
            let key = site.entries[output.entry].key.clone();
            let doc = site_files::search_document(&reads, index, &files[0]);
            (lang, key, doc)
        });
        let document = match (&self.fresh, document) {
            (Some(indexers), Some((lang, key, doc))) => {
                indexers[lang].add(&key, doc);
                None
            }
            (_, document) => document,
        };
        files.iter().for_each(|f| self.writer.put(f));
        Some(Ran {
            job: j,
            files: files.into_iter().map(|f| f.path).collect(),
            // Only a rebuild needs them (a one-shot build would hold every page's until the end).
            reads: self.run.retain.then(|| reads.into_reads()),
            document,
        })
    }

    /// Runs the job of a search page or of one of the site's own files.
    fn site_page(&self, j: usize) -> Option<Ran> {
        let site = self.run.site;
        let reads = Reads::new(site, self.run.theme);
        let files = match &self.plan.jobs[j] {
            Job::SearchPage(l) => {
                let lang = &site.config.languages[*l].code;
                let path = crate::model::url::search_page(lang);
                render::site_pages::render_search_page(&reads, lang, &path)
            }
            Job::SearchPart(l, part) => {
                let lang = &site.config.languages[*l].code;
                render::site_pages::render_search_part(&reads, lang, *part)
            }
            Job::Site(file) => site_files::render_site_file(&reads, file, self.run.public_key),
            Job::Page(_) | Job::Static(_) => unreachable!("pages and static files run apart"),
        };
        let files = files.map_err(|d| self.report(d)).ok()?;
        files.iter().for_each(|f| self.writer.put(f));
        // The public key's fingerprint is its text's: it reads nothing of the model.
        let reads =
            (self.run.retain && self.plan.fingerprints[j].is_none()).then(|| reads.into_reads());
        Some(Ran {
            job: j,
            files: files.into_iter().map(|f| f.path).collect(),
            reads,
            document: None,
        })
    }
}

/// A web build's manifests and workers, versioned by every file written so far.
fn write_web_app(run: &Run, writer: &dyn Writer) -> Result<(), BuildError> {
    if run.site.config.web_app() {
        let files = web_app::files(run.site, run.theme, &writer.fingerprints(), run.statics)
            .map_err(|e| BuildError::io("cannot read the theme's static files", e))?;
        files.iter().for_each(|f| writer.put(f));
    }
    Ok(())
}

/// The files of the jobs that did not run stay as they are.
fn keep_unchanged(plan: &Plan, dirty: &[bool], last: &Memory, writer: &dyn Writer) {
    let mut kept = (0..plan.jobs.len())
        .filter(|&j| !dirty[j] && !matches!(plan.jobs[j], Job::Static(_)))
        .filter_map(|j| plan.recorded[j].map(|r| &last.jobs[r]))
        .flat_map(|recorded| recorded.files.iter().map(String::as_str));
    writer.keep_all(&mut kept);
}

/// Copies the static files whose source changed (all of them in a full build).
fn copy_statics(run: &Run, plan: &Plan, dirty: &[bool], writer: &dyn Writer) {
    let statics: Vec<(usize, &String)> = plan
        .jobs
        .iter()
        .enumerate()
        .filter_map(|(j, job)| match job {
            Job::Static(rel) => Some((j, rel)),
            _ => None,
        })
        .collect();
    run.progress.stage("copying files", statics.len());
    statics.par_iter().for_each(|&(j, rel)| {
        run.progress.advance();
        if dirty[j] {
            writer.copy(rel, &run.statics[rel]);
        } else {
            writer.keep(rel);
        }
    });
}

/// The search indexes after the pages: what they are and the files they were written as.
struct SearchWritten {
    indexers: Vec<search::Indexer>,
    files: Vec<Vec<String>>,
    sizes: Vec<(String, (usize, usize))>,
}

/// Writes each language's search index that changed: in a full build all of them (`fresh`
/// already holds every document), in a rebuild those that got a document (`ran`) or lost the
/// document of an entry that is gone; the others' files are kept.
fn write_search(
    run: &Run,
    last: Option<&mut Memory>,
    fresh: Option<Vec<search::Indexer>>,
    ran: &mut [Ran],
    writer: &dyn Writer,
) -> SearchWritten {
    let site = run.site;
    let mut written = SearchWritten {
        indexers: Vec::new(),
        files: Vec::new(),
        sizes: Vec::new(),
    };
    if !site.config.search {
        return written;
    }
    let languages = &site.config.languages;
    let (indexers, changed, old_files) = match (fresh, last) {
        (Some(indexers), _) => (indexers, vec![true; languages.len()], Vec::new()),
        (None, Some(last)) => {
            let indexers = std::mem::take(&mut last.search);
            let mut changed = vec![false; languages.len()];
            for r in ran.iter_mut() {
                if let Some((l, key, doc)) = r.document.take() {
                    indexers[l].add(&key, doc);
                    changed[l] = true;
                }
            }
            // Every entry of the site has its document (it was indexed when first made), so
            // only an index holding more documents than there are entries has stale ones.
            for (l, indexer) in indexers.iter().enumerate() {
                if indexer.len() <= site.entries.len() {
                    continue;
                }
                for key in indexer.entries() {
                    if site.entry(&key).is_none() {
                        indexer.remove(&key);
                        changed[l] = true;
                    }
                }
            }
            (indexers, changed, std::mem::take(&mut last.search_files))
        }
        (None, None) => unreachable!("a rebuild follows a build"),
    };
    for (l, lang) in languages.iter().enumerate() {
        // A rebuild that only replaced documents writes the shards and document files they
        // touch, and keeps the others.
        let only_changed = (changed[l] && !old_files.is_empty())
            .then(|| indexers[l].changed_files(&lang.code))
            .flatten();
        if let Some(files) = only_changed {
            files.par_iter().for_each(|f| writer.put(f));
            let made: std::collections::HashSet<&str> =
                files.iter().map(|f| f.path.as_str()).collect();
            old_files[l]
                .iter()
                .filter(|f| !made.contains(f.as_str()))
                .for_each(|f| writer.keep(f));
            written.files.push(old_files[l].clone());
        } else if changed[l] {
            let made = indexers[l].files(&lang.code, &mut |f| writer.put(&f));
            written
                .sizes
                .push((lang.code.clone(), (made.total, made.biggest)));
            written.files.push(made.paths);
        } else {
            old_files[l].iter().for_each(|f| writer.keep(f));
            written.files.push(old_files[l].clone());
        }
    }
    written.indexers = indexers;
    written
}

/// What the next rebuild needs of this build: each job's fingerprint, reads and files (those of
/// the jobs that did not run stay as they were), the files of the output, the search indexes.
fn remember(
    run: &Run,
    plan: &Plan,
    last: Option<&mut Memory>,
    ran: Vec<Ran>,
    finished: &mut Finished,
    search: SearchWritten,
) -> Memory {
    let site = run.site;
    let mut memory = match last {
        Some(last) => std::mem::take(last),
        None => Memory::default(),
    };
    let computed;
    let now = match run.fingerprints {
        Some(now) => now,
        None => {
            computed = Fingerprints::new(site, run.theme);
            &computed
        }
    };
    // Each job's record, in the plan's order: a new one for each job that ran (and each
    // static file), the last one for the others.
    let mut old: Vec<Option<Recorded>> = std::mem::take(&mut memory.jobs)
        .into_iter()
        .map(Some)
        .collect();
    let mut records: Vec<Option<Recorded>> = (0..plan.jobs.len()).map(|_| None).collect();
    for r in ran {
        let fingerprint = match &r.reads {
            Some(reads) => now.of_all(reads),
            None => plan.fingerprints[r.job].expect("a job that reads nothing has a fingerprint"),
        };
        records[r.job] = Some(Recorded {
            fingerprint,
            reads: r.reads.map(|reads| memory.intern(site, &reads)),
            files: r.files,
        });
    }
    memory.jobs = records
        .into_iter()
        .enumerate()
        .map(|(j, record)| match (record, &plan.jobs[j]) {
            (Some(record), _) => record,
            (None, Job::Static(rel)) => Recorded {
                fingerprint: run.statics[rel].fingerprint,
                reads: None,
                files: vec![rel.clone()],
            },
            (None, _) => plan.recorded[j]
                .and_then(|r| old[r].take())
                .expect("a job that did not run ran before"),
        })
        .collect();
    memory.keys = Arc::clone(&plan.keys);
    memory.table = Some(now.table().clone());
    memory.files = std::sync::Arc::new(std::mem::take(&mut finished.files));
    memory.search = search.indexers;
    memory.search_files = search.files;
    memory
}
