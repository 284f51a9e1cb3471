//! The build driver behind `spean build`, `spean check`, `spean watch`, `spean serve` and
//! `spean package`, one step per file:
//!
//! 1. **inputs** (this file's `Engine::load`, `content`, `statics`): configuration, content,
//!    data, theme, the static files and the site's public key: everything the build reads from
//!    disk, read here; a kept engine (watch, serve) keeps them and reads again only what changed;
//! 2. the model (`model::build_model`), built again from the kept pages, or patched when an
//!    edit only changed pages' text (`Engine::patch`);
//! 3. **plan** (`plan`): the model becomes jobs, one per output, each with a fingerprint;
//! 4. **execute** (`execute`, with `site_files`, `web_app`, `single`): a full build runs every
//!    job, a rebuild the jobs whose fingerprint changed, through the same code;
//! 5. **write** (`writer`): a full build into a staging folder swapped in at the end, a rebuild
//!    in place, only files whose bytes changed, and removing what no job makes any more;
//! 6. **report** (`report`).
//!
//! Nothing is written unless the whole site is free of errors, so a failed rebuild leaves the
//! last good site in place; the next rebuild compares with what is really on disk. A change to
//! `site.yaml`, or one that touches most pages (a template every page uses), is a full build.

pub(crate) mod content;
mod execute;
mod inputs;
mod memory;
mod patch;
mod plan;
pub(crate) mod report;
mod single;
mod site_files;
mod statics;
mod web_app;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::config::{BuildOptions, CONFIG_FILE, Config};
use crate::data::Data;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::reads::Fingerprints;
use crate::theme::Theme;
use crate::write::{self, Staging};
use content::ContentCache;
use execute::Run;
use memory::Memory;
pub use report::{BuildError, BuildReport, RebuildReport};

/// Builds a site, once or again and again.
pub struct Engine {
    options: BuildOptions,
    /// Keep what is needed for rebuilds (watch, serve); a one-off build does not.
    retain: bool,
    config: Option<Config>,
    content: Option<ContentCache>,
    data: Option<(Arc<Data>, Vec<Diagnostic>)>,
    theme: Option<Result<Arc<Theme>, Vec<Diagnostic>>>,
    /// The model of the last load without errors, and its warnings: an edit of a page's text
    /// patches it instead of building it again (`patch`).
    site: Option<(Site, Vec<Diagnostic>)>,
    /// What the last good build wrote, and where.
    written: Option<(PathBuf, Memory)>,
    /// Told which files a rebuild wrote once its pages are in place (`spean serve`).
    pages_written: Option<Box<execute::PagesWritten>>,
}

/// Loads, checks and models a site without writing anything.
pub(crate) fn load_site(
    options: &BuildOptions,
) -> Result<(Site, Arc<Theme>, Vec<Diagnostic>), BuildError> {
    Engine::new(options.clone(), false).load()
}

/// Builds the site into its output folder (a one-off build; `spean serve` keeps an [`Engine`]
/// to rebuild).
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    Engine::new(options.clone(), false).build()
}

/// The problems of the static files (unsafe names, case-only collisions, a content file over a
/// static one), for `spean check`, which writes nothing.
pub(crate) fn static_problems(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    statics::static_sources(site, theme).1
}

impl Engine {
    /// An engine for the options; `retain`: keep what rebuilds need (watch, serve).
    pub fn new(options: BuildOptions, retain: bool) -> Engine {
        Engine {
            options,
            retain,
            config: None,
            content: None,
            data: None,
            theme: None,
            site: None,
            written: None,
            pages_written: None,
        }
    }

    /// Has `hear` told, at each rebuild that writes pages, the files written as soon as the
    /// pages are in place: before the search index, the copied files and the one-file
    /// editions, which may take longer. A rebuild that fails after that still returns its
    /// error.
    pub(crate) fn on_pages_written(&mut self, hear: impl Fn(&[String]) + Send + Sync + 'static) {
        self.pages_written = Some(Box::new(hear));
    }

    /// The output folder, once `site.yaml` has been read.
    pub fn output_dir(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.output_dir.clone())
    }

    /// The site's language codes, once `site.yaml` has been read.
    pub fn languages(&self) -> Vec<String> {
        self.config
            .as_ref()
            .map(|c| c.language_codes().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// The UI strings of the theme last loaded without errors.
    pub fn ui_strings(&self) -> Option<crate::i18n::UiStrings> {
        match &self.theme {
            Some(Ok(theme)) => Some(theme.strings.clone()),
            _ => None,
        }
    }

    /// Reads everything again and builds the whole site into a staging folder, swapped in at
    /// the end.
    pub fn build(&mut self) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        self.config = None;
        self.content = None;
        self.data = None;
        self.theme = None;
        self.site = None;
        let (site, theme, warnings) = self.load()?;
        let outcome = self.execute(&site, &theme, warnings.clone(), started, None)?;
        if self.retain {
            self.site = Some((site, warnings));
        }
        match outcome {
            Outcome::Full(report, _) => Ok(report),
            Outcome::Rebuilt(_) => unreachable!("a build without a last build is a full build"),
        }
    }

    /// Takes in changed files (absolute paths, or relative to the same folder as the site
    /// folder given) and brings the output up to date.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<RebuildReport, BuildError> {
        let started = Instant::now();
        let site_dir = &self.options.site_dir;
        let mut content_changes = Vec::new();
        let mut full = self.written.is_none();
        for path in changed {
            if path == &site_dir.join(CONFIG_FILE) || path == site_dir {
                full = true;
            } else if path.starts_with(site_dir.join("data")) {
                self.data = None;
            } else if path.starts_with(site_dir.join("content")) {
                content_changes.push(path.clone());
            } else if path.starts_with(site_dir.join("themes")) {
                self.theme = None;
            }
            // static/ and signing-key.pub are read on every rebuild.
        }
        let output_missing = self.written.as_ref().is_some_and(|(dir, _)| !dir.is_dir());
        if full || output_missing {
            return self.build().map(|report| {
                let pages = report.pages.iter().map(|(_, n)| n).sum();
                RebuildReport::full_build(report, pages)
            });
        }
        let only_pages = content_changes.len() == changed.len()
            && self.data.is_some()
            && matches!(self.theme, Some(Ok(_)));
        if let (Some(cache), Some(config)) = (self.content.as_mut(), self.config.as_ref()) {
            cache.update(config, &content_changes);
        }
        let patched = if only_pages {
            self.patch(&content_changes)
        } else {
            None
        };
        let was_patched = matches!(patched, Some(Ok(_)));
        let (site, warnings, changed_outputs) = match patched {
            Some(Ok(shown)) => {
                let (site, warnings) = self.site.take().expect("a patched model");
                (site, warnings, Some(shown))
            }
            Some(Err(problems)) => return Err(BuildError::Content(problems)),
            None => {
                self.site = None;
                let (site, _, warnings) = self.load()?;
                (site, warnings, None)
            }
        };
        let theme = match &self.theme {
            Some(Ok(theme)) => Arc::clone(theme),
            _ => unreachable!("a model was built, so the theme loaded"),
        };
        timing("load+model", started);
        let result = self.execute(
            &site,
            &theme,
            warnings.clone(),
            started,
            Some(changed_outputs),
        );
        self.site = Some((site, warnings));
        result.map(|outcome| match outcome {
            Outcome::Full(report, pages) => RebuildReport::full_build(report, pages),
            Outcome::Rebuilt(report) => RebuildReport {
                patched: was_patched,
                ..report
            },
        })
    }

    /// The writer of a full build (`last` is `None`: a staging folder) or of a rebuild (in
    /// place, comparing with what `last` wrote).
    fn writer(
        &self,
        site: &Site,
        last: Option<&Memory>,
    ) -> Result<Box<dyn writer::Writer>, BuildError> {
        let out = &site.config.output_dir;
        Ok(match last {
            Some(memory) => Box::new(writer::InPlace::new(
                out.clone(),
                site.config.minify,
                Arc::clone(&memory.files),
            )),
            None => {
                let staging = Staging::new(out, site.config.minify)
                    .map_err(|e| io_error("cannot create the staging folder", e))?;
                // A web build's workers carry a fingerprint of every file written.
                Box::new(writer::Staged::new(
                    staging,
                    self.retain || site.config.web_app(),
                ))
            }
        })
    }

    /// Runs the plan of `site`: every job into a staging folder, or, in a rebuild
    /// (`rebuild` is `Some`), the jobs that changed since the last good build, in place.
    /// `rebuild` is `Some(Some(outputs))` when `site` is the engine's last model patched, with
    /// the outputs whose text changed.
    fn execute(
        &mut self,
        site: &Site,
        theme: &Theme,
        warnings: Vec<Diagnostic>,
        started: Instant,
        rebuild: Option<Option<Vec<usize>>>,
    ) -> Result<Outcome, BuildError> {
        let (statics, static_problems) = statics::static_sources(site, theme);
        let public_key = inputs::read_public_key(&site.config);
        let out = site.config.output_dir.clone();
        let mut last = match self.written.take() {
            Some((dir, memory)) if rebuild.is_some() && dir == out && out.is_dir() => Some(memory),
            _ => None,
        };
        let public_key_fingerprint = crate::fingerprint::of(&public_key);
        // A patched model's fingerprints are the last ones but for the outputs it changed.
        let patched = rebuild.flatten();
        let same_shape = patched.is_some() && last.as_ref().is_some_and(|m| m.table.is_some());
        let now = last
            .as_mut()
            .map(|memory| match (memory.table.take(), &patched) {
                (Some(table), Some(changed)) => Fingerprints::patched(site, theme, table, changed),
                _ => Fingerprints::new(site, theme),
            });
        timing("fingerprints of the reads", started);
        let plan = plan::plan(
            site,
            &statics,
            public_key_fingerprint,
            last.as_mut()
                .zip(now.as_ref())
                .map(|(memory, now)| plan::Last {
                    memory,
                    now,
                    same_shape,
                }),
        );
        timing("plan", started);
        // A change that touches most pages (a template every page uses) is cheaper, and
        // lighter on memory, as a full build.
        if last.is_some() {
            let pages = execute::pages_to_run(&plan);
            if pages > 200 && pages * 2 > site.outputs.len() {
                last = None;
            }
        }
        let mut lock = lock_output(&out)?;
        let _held = lock
            .hold()
            .map_err(|e| io_error("cannot lock the output folder", e))?;
        let writer = self.writer(site, last.as_ref())?;
        let full = last.is_none();
        let run = Run {
            site,
            theme,
            statics: &statics,
            public_key: public_key.as_deref(),
            retain: self.retain,
            progress: &self.options.progress,
            problems: static_problems,
            started,
            fingerprints: now.as_ref(),
            pages_written: self.pages_written.as_deref(),
        };
        let result = execute::execute(&run, &plan, last.as_mut(), writer);
        let executed = match result {
            Ok(executed) => executed,
            Err(BuildError::Content(problems)) => {
                // What the last build wrote is still what is on disk.
                self.written = last.map(|m| (out, m));
                return Err(with_warnings(warnings, problems));
            }
            Err(err) => return Err(err),
        };
        if std::env::var_os("SPEAN_TIMINGS").is_some() {
            eprintln!("timings: build {:.3} s", started.elapsed().as_secs_f64());
        }
        let outcome = outcome(site, &executed, warnings, started, full);
        if let Some(memory) = executed.memory {
            self.written = Some((out, memory));
        }
        Ok(outcome)
    }
}

/// What a full build or a rebuild reports, from what executing its plan did.
fn outcome(
    site: &Site,
    executed: &execute::Executed,
    warnings: Vec<Diagnostic>,
    started: Instant,
    full: bool,
) -> Outcome {
    let finished = &executed.finished;
    let mut all_warnings = warnings;
    all_warnings.extend(executed.warnings.iter().cloned());
    if full {
        let mut report = report::build_report(
            site,
            finished.count,
            started.elapsed(),
            all_warnings,
            &executed.search_sizes,
        );
        report.single_files = executed.single_files.clone();
        return Outcome::Full(report, executed.pages);
    }
    Outcome::Rebuilt(RebuildReport {
        full: None,
        rendered: executed.pages,
        patched: false,
        written: finished.changed.clone(),
        removed: finished.removed.clone(),
        pages_written: finished
            .pages_written
            .map_or_else(|| started.elapsed(), |t| t.duration_since(started)),
        elapsed: started.elapsed(),
        warnings: all_warnings,
    })
}

/// What `Engine::execute` did: a full build (with the pages it rendered) or a rebuild.
enum Outcome {
    Full(BuildReport, usize),
    Rebuilt(RebuildReport),
}

/// Load warnings and the problems of a failed build, as one sorted list.
fn with_warnings(warnings: Vec<Diagnostic>, problems: Vec<Diagnostic>) -> BuildError {
    let mut all = Diagnostics::default();
    all.extend(warnings);
    all.extend(problems);
    BuildError::Content(all.into_sorted())
}

/// With `SPEAN_TIMINGS=1`, how long a rebuild took to reach each step.
pub(super) fn timing(step: &str, started: Instant) {
    if std::env::var_os("SPEAN_TIMINGS").is_some() {
        eprintln!(
            "timing: {step} after {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// The lock that one build of `output` at a time holds while it writes (`write::OutputLock`).
fn lock_output(output: &Path) -> Result<write::OutputLock, BuildError> {
    write::OutputLock::beside(output)
        .map_err(|e| io_error(&format!("cannot open the lock of {}", output.display()), e))
}

fn io_error(what: &str, err: std::io::Error) -> BuildError {
    BuildError::io(what, err)
}
