//! The build engine behind `spean build`, `spean watch` and `spean serve`.
//!
//! A full build loads everything, renders every output into a staging folder and swaps it in
//! (`write::Staging`). An engine that is kept (watch, serve) also remembers what it wrote: the
//! fingerprint of every output page (`model::deps`), of every file's bytes, and the search
//! index with each document's keys. A rebuild after a change then
//!
//! 1. reads again only the changed files (`content::ContentCache`; the theme, the data or the
//!    configuration again whole when one of their files changed),
//! 2. builds the model again from the cached pages (cheap: no file is parsed again),
//! 3. renders only the outputs whose fingerprint changed, and the site's own small files,
//! 4. writes, into the live output folder, only files whose bytes changed (each to a temporary
//!    name, then renamed), updates the search index of the languages whose documents changed,
//!    and removes the files no output produces any more.
//!
//! Nothing is written unless the whole site is free of errors, so a failed rebuild leaves the
//! last good site in place; the next rebuild compares with what is really on disk. A change to
//! `site.yaml`, or one that touches most pages (a template every page uses), is a full build.

pub mod content;
mod web_app;

use std::collections::{BTreeMap, HashSet};

use crate::fingerprint::FastMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{BuildOptions, CONFIG_FILE, Config};
use crate::data::{self, Data};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Site, deps};
use crate::pipeline::{self, BuildError, BuildReport};
use crate::render::{self, RenderedFile};
use crate::search::{self, SearchDoc};
use crate::theme::{self, StaticFile, Theme};
use crate::write::{self, Staging};
use content::ContentCache;

/// An output page rendered again: its index, its files, its search document.
type RenderedPage = (usize, Vec<RenderedFile>, Option<SearchDoc>);

/// What the last good build wrote into the output folder.
struct Written {
    output_dir: PathBuf,
    /// Output path (`en/voluntary/join/`) → its fingerprint and the files it produced.
    outputs: FastMap<String, (u64, Vec<String>)>,
    /// Per language: the fingerprint of the search page.
    search_pages: Vec<u64>,
    /// The site's other own files (`pipeline::site_files`): their fingerprint (with the
    /// published key's) and paths.
    site_files: (u64, Vec<String>),
    /// Every file of the output → fingerprint of its bytes (static files: of their source).
    files: FastMap<String, u64>,
    /// Per language: the search index and the files it was written as.
    search: Vec<search::Indexer>,
    search_files: Vec<Vec<String>>,
}

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
    written: Option<Written>,
}

/// What a rebuild did.
#[derive(Debug)]
pub struct RebuildReport {
    /// Set when the rebuild was a full build.
    pub full: Option<BuildReport>,
    /// Output pages rendered again.
    pub rendered: usize,
    /// The edit only changed pages' text: the last model was patched, not built again.
    pub patched: bool,
    /// Files whose bytes changed, by path under the output folder.
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// From the start of the rebuild to the last page written (before the search index).
    pub pages_written: Duration,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl RebuildReport {
    /// A rebuild that was a full build, rendering `rendered` pages.
    fn full_build(report: BuildReport, rendered: usize) -> RebuildReport {
        RebuildReport {
            rendered,
            patched: false,
            written: Vec::new(),
            removed: Vec::new(),
            pages_written: report.elapsed,
            elapsed: report.elapsed,
            warnings: report.warnings.clone(),
            full: Some(report),
        }
    }

    pub fn summary(&self) -> String {
        if let Some(full) = &self.full {
            return full.summary();
        }
        format!(
            "rebuilt {} page(s): {} file(s) changed, {} removed, in {:.0} ms (pages written after {:.0} ms)",
            self.rendered,
            self.written.len(),
            self.removed.len(),
            self.elapsed.as_secs_f64() * 1000.0,
            self.pages_written.as_secs_f64() * 1000.0
        )
    }

    /// True when only stylesheets changed: a browser can apply them without reloading. (A web
    /// build's workers and manifests change with the stylesheet, but the preview never runs
    /// them: `js/offline.js`.)
    pub fn css_only(&self) -> bool {
        let shown: Vec<&String> = self
            .written
            .iter()
            .filter(|p| !render::web_app::is_web_app_file(p))
            .collect();
        self.full.is_none()
            && self.removed.is_empty()
            && !shown.is_empty()
            && shown.iter().all(|p| p.ends_with(".css"))
    }
}

impl Engine {
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
        }
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
        let report = self.build_staged(&site, &theme, warnings.clone(), started)?;
        if self.retain {
            self.site = Some((site, warnings));
        }
        Ok(report)
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
        let output_missing = self
            .written
            .as_ref()
            .is_some_and(|w| !w.output_dir.is_dir());
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
        let was_patched = matches!(patched, Some(Ok(())));
        let (site, warnings) = match patched {
            Some(Ok(())) => self.site.take().expect("a patched model"),
            Some(Err(problems)) => return Err(BuildError::Content(problems)),
            None => {
                self.site = None;
                let (site, _, warnings) = self.load()?;
                (site, warnings)
            }
        };
        let theme = match &self.theme {
            Some(Ok(theme)) => Arc::clone(theme),
            _ => unreachable!("a model was built, so the theme loaded"),
        };
        timing("load+model", started);
        let result = self.update(&site, &theme, warnings.clone(), started);
        self.site = Some((site, warnings));
        result.map(|report| RebuildReport {
            patched: was_patched,
            ..report
        })
    }

    /// Puts the new text of edited pages into the last model, when the edits leave its shape
    /// alone: same title, date, weight and address (so no listing order or link changes), same
    /// anchors (so no other page's link breaks). Then only the links of those pages are
    /// resolved again. `None` when the model must be built again.
    fn patch(&mut self, paths: &[PathBuf]) -> Option<Result<(), Vec<Diagnostic>>> {
        let cache = self.content.as_ref()?;
        let (site, warnings) = self.site.as_mut()?;
        let mut replaced = Vec::new();
        for path in paths {
            let new = cache.page(path)?;
            let entry = site.entry(&new.key)?;
            let index = *site.entries[entry].variants.get(&new.lang)?;
            let old = &site.sources[index];
            let same_shape = old.file == new.file
                && old.front.title == new.front.title
                && old.front.date == new.front.date
                && old.front.weight == new.front.weight
                && old.front.slug == new.front.slug
                && old.front.aliases == new.front.aliases
                && old.body.headings.iter().map(|h| &h.id).eq(new
                    .body
                    .headings
                    .iter()
                    .map(|h| &h.id))
                && model::links::html_ids(&old.body.html) == model::links::html_ids(&new.body.html);
            if !same_shape {
                return None;
            }
            replaced.push((index, Arc::clone(new)));
        }
        let files: Vec<PathBuf> = replaced.iter().map(|(_, p)| p.file.clone()).collect();
        for (index, page) in &replaced {
            site.sources[*index] = Arc::clone(page);
        }
        let shown: Vec<usize> = (0..site.outputs.len())
            .filter(|i| replaced.iter().any(|(s, _)| *s == site.outputs[*i].source))
            .collect();
        let assets = model::links::asset_set(site);
        let resolved: Vec<(usize, Vec<String>, Vec<Diagnostic>)> = shown
            .iter()
            .map(|&i| {
                let (hrefs, problems) = model::links::resolve_output(site, &assets, i);
                (i, hrefs, problems)
            })
            .collect();
        let mut problems: Vec<Diagnostic> = warnings
            .iter()
            .filter(|d| !files.contains(&d.file))
            .cloned()
            .collect();
        for (i, hrefs, found) in resolved {
            site.links[i] = hrefs;
            problems.extend(found);
        }
        let mut all = Diagnostics::default();
        all.extend(problems);
        if all.has_errors() {
            self.site = None;
            return Some(Err(all.into_sorted()));
        }
        *warnings = all.into_sorted();
        Some(Ok(()))
    }

    /// Config, theme, content and data, from the cache where it is still good; then the model.
    pub(crate) fn load(&mut self) -> Result<(Site, Arc<Theme>, Vec<Diagnostic>), BuildError> {
        let config = match &self.config {
            Some(config) => config.clone(),
            None => {
                let config = Config::load(&self.options).map_err(BuildError::Content)?;
                self.config = Some(config.clone());
                config
            }
        };
        let need_theme = self.theme.is_none();
        let need_content = self.content.is_none();
        let need_data = self.data.is_none();
        let (theme, (content, data)) = rayon::join(
            || need_theme.then(|| theme::load_theme(&config).map(Arc::new)),
            || {
                rayon::join(
                    || need_content.then(|| ContentCache::load(&config)),
                    || {
                        need_data.then(|| {
                            let (data, problems) = data::load_data(&config);
                            (Arc::new(data), problems)
                        })
                    },
                )
            },
        );
        if let Some(theme) = theme {
            self.theme = Some(theme);
        }
        if let Some(content) = content {
            self.content = Some(content);
        }
        if let Some(data) = data {
            self.data = Some(data);
        }
        let t = Instant::now();
        let mut diagnostics = Diagnostics::default();
        let (mut loaded, problems) = self
            .content
            .as_ref()
            .expect("content was just loaded")
            .loaded(&config);
        diagnostics.extend(problems);
        let (data, problems) = self.data.as_ref().expect("data was just loaded");
        diagnostics.extend(problems.iter().cloned());
        diagnostics.extend(data::pages::add_data_pages(
            &config,
            data,
            &mut loaded.pages,
        ));
        let theme = match self.theme.as_ref().expect("the theme was just loaded") {
            Ok(theme) => Some(Arc::clone(theme)),
            Err(problems) => {
                diagnostics.extend(problems.iter().cloned());
                None
            }
        };
        timing("cache", t);
        let (site, problems) = model::build_model(config, loaded, Arc::clone(data));
        timing("model", t);
        diagnostics.extend(problems);
        match theme {
            Some(theme) if !diagnostics.has_errors() => {
                Ok((site, theme, diagnostics.into_sorted()))
            }
            _ => Err(BuildError::Content(diagnostics.into_sorted())),
        }
    }

    /// The whole site into a staging folder; remembers what it wrote when the engine is kept.
    fn build_staged(
        &mut self,
        site: &Site,
        theme: &Theme,
        warnings: Vec<Diagnostic>,
        started: Instant,
    ) -> Result<BuildReport, BuildError> {
        let loaded = started.elapsed();
        let mut lock = lock_output(&site.config.output_dir)?;
        let _held = lock
            .hold()
            .map_err(|e| io_error("cannot lock the output folder", e))?;
        let staging = Staging::new(&site.config.output_dir, site.config.minify)
            .map_err(|e| io_error("cannot create the staging folder", e))?;
        let problems = Mutex::new(Diagnostics::default());
        let report = |d: Diagnostic| problems.lock().expect("no panic while locked").push(d);
        let io_failure: Mutex<Option<String>> = Mutex::new(None);
        let files = Mutex::new(FastMap::default());
        // A web build's workers carry a fingerprint of every file written (`web_app::files`).
        let fingerprint_files = self.retain || site.config.web_app();
        let write = |file: &RenderedFile| match staging.write(file, fingerprint_files) {
            Ok(Some(fingerprint)) => {
                files
                    .lock()
                    .expect("no panic while locked")
                    .insert(file.path.clone(), fingerprint);
            }
            Ok(None) => {}
            Err(err) => {
                io_failure
                    .lock()
                    .expect("no panic while locked")
                    .get_or_insert_with(|| format!("cannot write {}: {err}", file.path));
            }
        };

        let indexers: Vec<search::Indexer> = site
            .config
            .languages
            .iter()
            .map(|_| {
                if self.retain {
                    search::Indexer::retaining()
                } else {
                    search::Indexer::default()
                }
            })
            .collect();
        let collected = site
            .config
            .single_file
            .enabled
            .then(crate::single::Collected::default);
        let progress = &self.options.progress;
        progress.stage("rendering pages", site.outputs.len());
        let produced: Vec<Vec<String>> = (0..site.outputs.len())
            .into_par_iter()
            .inspect(|_| progress.advance())
            .map(|index| match render::render_output(site, theme, index) {
                Ok(files) => {
                    if let Some(collected) = &collected {
                        collected.keep(site, index, &files);
                    }
                    if site.config.search {
                        let lang = site.lang_index(&site.outputs[index].lang);
                        let key = &site.entries[site.outputs[index].entry].key;
                        indexers[lang].add(key, pipeline::search_document(site, index, &files[0]));
                    }
                    files.iter().for_each(write);
                    files.into_iter().map(|f| f.path).collect()
                }
                Err(d) => {
                    report(d);
                    Vec::new()
                }
            })
            .collect();
        let written_pages: usize = produced.iter().map(Vec::len).sum();

        let (mut site_files, site_problems) = pipeline::site_files(site, theme, &|_| true, true);
        site_problems.into_iter().for_each(report);
        let site_file_paths: Vec<String> = site_files
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| !p.ends_with("/search/index.html"))
            .collect();
        let mut search_sizes = Vec::new();
        let mut search_files = Vec::new();
        if site.config.search {
            for (lang, indexer) in site.config.languages.iter().zip(&indexers) {
                let files = indexer.files(&lang.code);
                search_sizes.push((lang.code.clone(), search::sizes(&files)));
                search_files.push(files.iter().map(|f| f.path.clone()).collect());
                site_files.extend(files);
            }
        }
        site_files.par_iter().for_each(write);

        let rendered = started.elapsed();
        let (statics, static_problems) = static_sources(site, theme);
        static_problems.into_iter().for_each(report);
        let copied = statics.len();
        progress.stage("copying files", copied);
        let static_fingerprints: Vec<(String, u64)> = statics
            .par_iter()
            .inspect(|_| progress.advance())
            .filter_map(|(rel, source)| {
                let result = match source {
                    Source::Theme(StaticFile::Builtin(bytes)) => staging.write_static(rel, bytes),
                    Source::Theme(StaticFile::Disk(path)) => {
                        std::fs::read(path).and_then(|b| staging.write_static(rel, &b))
                    }
                    Source::Asset(path) => staging.copy(rel, path),
                };
                match result {
                    Ok(()) => Some((rel.clone(), source.fingerprint())),
                    Err(err) => {
                        io_failure
                            .lock()
                            .expect("no panic while locked")
                            .get_or_insert_with(|| format!("cannot copy {rel}: {err}"));
                        None
                    }
                }
            })
            .collect();

        let app_files = if site.config.web_app() {
            let generated = files.lock().expect("no panic while locked").clone();
            web_app::files(site, theme, &generated, &statics)
                .map_err(|e| io_error("cannot read the theme's static files", e))?
        } else {
            Vec::new()
        };
        app_files.par_iter().for_each(write);

        let rendered_well = !problems.lock().expect("no panic while locked").has_errors();
        let single_files = match collected {
            Some(collected) if rendered_well => {
                let files = single_editions(site, theme, collected, &statics, &report);
                for file in &files {
                    if let Err(err) = staging.write_static(&file.path, &file.bytes) {
                        io_failure
                            .lock()
                            .expect("no panic while locked")
                            .get_or_insert_with(|| format!("cannot write {}: {err}", file.path));
                    }
                }
                files
                    .iter()
                    .map(|f| (f.path.clone(), f.bytes.len()))
                    .collect()
            }
            _ => Vec::new(),
        };

        let problems = problems.into_inner().expect("no panic while locked");
        if problems.has_errors() {
            let mut all = Diagnostics::default();
            all.extend(warnings);
            all.extend(problems.into_sorted());
            return Err(BuildError::Content(all.into_sorted()));
        }
        if let Some(message) = io_failure.into_inner().expect("no panic while locked") {
            return Err(BuildError::Io(message));
        }
        staging
            .commit()
            .map_err(|e| io_error("cannot put the new site in place", e))?;
        if std::env::var_os("SPEAN_TIMINGS").is_some() {
            eprintln!(
                "timings: load+model {:.3} s, render+write pages {:.3} s, static+swap {:.3} s",
                loaded.as_secs_f64(),
                (rendered - loaded).as_secs_f64(),
                (started.elapsed() - rendered).as_secs_f64()
            );
        }

        // Warnings of the build itself (a font the one-file edition could not cut).
        let mut warnings = warnings;
        warnings.extend(problems.into_sorted());
        let mut report = pipeline::build_report(
            site,
            written_pages + site_files.len() + copied + app_files.len() + single_files.len(),
            started.elapsed(),
            warnings,
            &search_sizes,
        );
        report.single_files = single_files;
        if self.retain {
            let mut files = files.into_inner().expect("no panic while locked");
            files.extend(static_fingerprints);
            let fingerprints = deps::fingerprints(site, &theme_parts(site, theme));
            self.written = Some(Written {
                output_dir: site.config.output_dir.clone(),
                outputs: site
                    .outputs
                    .iter()
                    .zip(fingerprints.outputs)
                    .zip(produced)
                    .map(|((o, fp), files)| (o.path.clone(), (fp, files)))
                    .collect(),
                search_pages: fingerprints.search_pages,
                site_files: (
                    crate::fingerprint::of((fingerprints.site_files, public_key_fingerprint(site))),
                    site_file_paths,
                ),
                files,
                search: indexers,
                search_files,
            });
        }
        Ok(report)
    }

    /// Renders and writes only what changed since the last good build.
    fn update(
        &mut self,
        site: &Site,
        theme: &Theme,
        warnings: Vec<Diagnostic>,
        started: Instant,
    ) -> Result<RebuildReport, BuildError> {
        let written = self.written.as_ref().expect("a rebuild follows a build");
        let fingerprints = deps::fingerprints(site, &theme_parts(site, theme));
        timing("fingerprints", started);
        let to_render: Vec<usize> = (0..site.outputs.len())
            .filter(|i| {
                written
                    .outputs
                    .get(&site.outputs[*i].path)
                    .is_none_or(|(fp, _)| *fp != fingerprints.outputs[*i])
            })
            .collect();
        // A change that touches most pages (a template every page uses) is cheaper, and
        // lighter on memory, as a full build.
        if to_render.len() > 200 && to_render.len() * 2 > site.outputs.len() {
            let report = self.build_staged(site, theme, warnings, started)?;
            return Ok(RebuildReport::full_build(report, to_render.len()));
        }

        // Render everything first: nothing is written if anything fails.
        let search_on = site.config.search;
        let rendered: Vec<Result<RenderedPage, Diagnostic>> = to_render
            .par_iter()
            .map(|&index| {
                let files = render::render_output(site, theme, index)?;
                let doc = search_on.then(|| pipeline::search_document(site, index, &files[0]));
                Ok((index, files, doc))
            })
            .collect();
        timing("render", started);
        let languages = site.config.languages.len();
        let search_page_changed: Vec<bool> = (0..languages)
            .map(|l| written.search_pages.get(l) != Some(&fingerprints.search_pages[l]))
            .collect();
        let site_files_fp =
            crate::fingerprint::of((fingerprints.site_files, public_key_fingerprint(site)));
        let other_site_files = written.site_files.0 != site_files_fp;
        let (site_files, mut problems) =
            pipeline::site_files(site, theme, &|l| search_page_changed[l], other_site_files);
        timing("site files", started);
        let (statics, static_problems) = static_sources(site, theme);
        problems.extend(static_problems);
        timing("statics", started);
        let mut pages = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok(page) => pages.push(page),
                Err(d) => problems.push(d),
            }
        }
        if problems.iter().any(Diagnostic::is_error) {
            let mut all = Diagnostics::default();
            all.extend(warnings);
            all.extend(problems);
            return Err(BuildError::Content(all.into_sorted()));
        }

        // Write: pages first (what the editor is looking at), then the rest.
        let written = self.written.as_mut().expect("a rebuild follows a build");
        let out = written.output_dir.clone();
        let mut lock = lock_output(&out)?;
        let _held = lock
            .hold()
            .map_err(|e| io_error("cannot lock the output folder", e))?;
        let minify = site.config.minify;
        let old_files = std::mem::take(&mut written.files);
        let put = |file: &RenderedFile| -> Result<(String, u64, bool), BuildError> {
            let bytes = write::prepare(file, minify);
            let fp = crate::fingerprint::of(&*bytes);
            let changed = old_files.get(&file.path) != Some(&fp);
            if changed {
                write::write_in_place(&out, &file.path, &bytes)
                    .map_err(|e| io_error(&format!("cannot write {}", file.path), e))?;
            }
            Ok((file.path.clone(), fp, changed))
        };
        let page_results: Vec<(String, u64, bool)> = pages
            .par_iter()
            .flat_map_iter(|(_, files, _)| files.iter().map(put))
            .collect::<Result<_, _>>()?;
        let pages_written = started.elapsed();

        let mut tally = Tally {
            files: FastMap::with_capacity_and_hasher(old_files.len(), Default::default()),
            changed: Vec::new(),
        };
        tally.record(page_results);
        let rendered_paths: HashSet<&str> = pages
            .iter()
            .map(|(i, _, _)| site.outputs[*i].path.as_str())
            .collect();
        let mut outputs = FastMap::with_capacity_and_hasher(site.outputs.len(), Default::default());
        for (index, output) in site.outputs.iter().enumerate() {
            if rendered_paths.contains(output.path.as_str()) {
                continue;
            }
            let (fp, produced) = written
                .outputs
                .remove(&output.path)
                .expect("an output not rendered again was written before");
            for file in &produced {
                tally.keep(file, &old_files);
            }
            debug_assert_eq!(fp, fingerprints.outputs[index]);
            outputs.insert(output.path.clone(), (fp, produced));
        }
        for (index, page_files, _) in &pages {
            outputs.insert(
                site.outputs[*index].path.clone(),
                (
                    fingerprints.outputs[*index],
                    page_files.iter().map(|f| f.path.clone()).collect(),
                ),
            );
        }
        // The search pages not rendered again stay as they are.
        for (l, lang) in site.config.languages.iter().enumerate() {
            let path = format!("{}/search/index.html", lang.code);
            if !search_page_changed[l] && search_on {
                tally.keep(&path, &old_files);
            }
        }
        tally.record(
            site_files
                .par_iter()
                .map(put)
                .collect::<Result<Vec<_>, _>>()?,
        );
        if other_site_files {
            let paths = site_files
                .iter()
                .map(|f| f.path.clone())
                .filter(|p| !p.ends_with("/search/index.html"))
                .collect();
            written.site_files = (site_files_fp, paths);
        } else {
            for path in &written.site_files.1 {
                tally.keep(path, &old_files);
            }
        }

        // Search: replace the documents of the pages rendered again, drop those of entries
        // that are gone, and write again the index of each language that changed.
        let mut search_changed = vec![false; languages];
        if search_on {
            for (index, _, doc) in &mut pages {
                if let Some(doc) = doc.take() {
                    let output = &site.outputs[*index];
                    let l = site.lang_index(&output.lang);
                    written.search[l].add(&site.entries[output.entry].key, doc);
                    search_changed[l] = true;
                }
            }
            // Every entry of the site has its document (it was indexed when first rendered),
            // so only an index holding more documents than there are entries has stale ones.
            for (l, indexer) in written.search.iter().enumerate() {
                if indexer.len() <= site.entries.len() {
                    continue;
                }
                for key in indexer.entries() {
                    if site.entry(&key).is_none() {
                        indexer.remove(&key);
                        search_changed[l] = true;
                    }
                }
            }
            for (l, lang) in site.config.languages.iter().enumerate() {
                if search_changed[l] {
                    let index_files = written.search[l].files(&lang.code);
                    written.search_files[l] = index_files.iter().map(|f| f.path.clone()).collect();
                    tally.record(
                        index_files
                            .par_iter()
                            .map(put)
                            .collect::<Result<Vec<_>, _>>()?,
                    );
                } else {
                    for path in &written.search_files[l] {
                        tally.keep(path, &old_files);
                    }
                }
            }
        }

        // Static files: copied again when their source changed.
        let static_results: Vec<(String, u64, bool)> = statics
            .par_iter()
            .map(|(rel, source)| {
                let fp = source.fingerprint();
                let changed = old_files.get(rel) != Some(&fp);
                if changed {
                    source
                        .bytes(rel, minify)
                        .and_then(|bytes| write::write_in_place(&out, rel, &bytes))
                        .map_err(|e| io_error(&format!("cannot copy {rel}"), e))?;
                }
                Ok((rel.clone(), fp, changed))
            })
            .collect::<Result<_, BuildError>>()?;
        tally.record(static_results);
        if site.config.web_app() {
            let app_files = web_app::files(site, theme, &tally.files, &statics)
                .map_err(|e| io_error("cannot read the theme's static files", e))?;
            tally.record(app_files.iter().map(put).collect::<Result<Vec<_>, _>>()?);
        }

        let mut removed: Vec<String> = old_files
            .keys()
            .filter(|path| !tally.files.contains_key(*path))
            .cloned()
            .collect();
        removed.sort();
        for path in &removed {
            write::remove_in_place(&out, path)
                .map_err(|e| io_error(&format!("cannot remove {path}"), e))?;
        }
        let Tally { files, mut changed } = tally;
        changed.sort();
        written.files = files;
        written.outputs = outputs;
        written.search_pages = fingerprints.search_pages;
        Ok(RebuildReport {
            full: None,
            rendered: pages.len(),
            patched: false,
            written: changed,
            removed,
            pages_written,
            elapsed: started.elapsed(),
            warnings,
        })
    }
}

/// The files of the output after a rebuild, and those whose bytes changed.
struct Tally {
    files: FastMap<String, u64>,
    changed: Vec<String>,
}

impl Tally {
    /// Files just written (or found unchanged): (path, fingerprint, written).
    fn record(&mut self, results: Vec<(String, u64, bool)>) {
        for (path, fp, written) in results {
            if written {
                self.changed.push(path.clone());
            }
            self.files.insert(path, fp);
        }
    }

    /// A file left as it was.
    fn keep(&mut self, path: &str, old: &FastMap<String, u64>) {
        if let Some(fp) = old.get(path) {
            self.files.insert(path.to_string(), *fp);
        }
    }
}

/// Where a static file of the output comes from.
/// The one-file editions (`single`), from the pages collected while rendering and the files
/// the output will hold. A name already taken by a file of the site is an error.
fn single_editions(
    site: &Site,
    theme: &Theme,
    collected: crate::single::Collected,
    statics: &BTreeMap<String, Source>,
    report: &(dyn Fn(Diagnostic) + Sync),
) -> Vec<RenderedFile> {
    for lang in site.config.language_codes() {
        let name = site.config.single_file.file_name(lang);
        if statics.contains_key(&name) {
            report(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("the one-file edition {name} would replace a file of the site"),
                )
                .with_hint("rename that file, or set another `single_file: name:` in site.yaml"),
            );
            return Vec::new();
        }
    }
    let read = |rel: &str, limit: u64| -> Option<Vec<u8>> {
        match statics.get(rel)? {
            Source::Theme(StaticFile::Builtin(bytes)) => {
                (bytes.len() as u64 <= limit).then(|| bytes.to_vec())
            }
            Source::Theme(StaticFile::Disk(path)) | Source::Asset(path) => {
                let size = std::fs::metadata(path).ok()?.len();
                (size <= limit).then(|| std::fs::read(path).ok()).flatten()
            }
        }
    };
    crate::single::editions(site, theme, collected, &read, report)
}

enum Source {
    /// The theme's `static/` (built-in or the site's) or the site's `static/`: CSS and
    /// JavaScript are minified.
    Theme(StaticFile),
    /// A file of `content/` (an image, a PDF): copied as it is.
    Asset(PathBuf),
}

impl Source {
    /// Changes when the file does (its size or modification time, for files on disk).
    fn fingerprint(&self) -> u64 {
        let of_file = |path: &Path| {
            let meta = std::fs::metadata(path).ok();
            crate::fingerprint::of((
                path,
                meta.as_ref().map(std::fs::Metadata::len),
                meta.and_then(|m| m.modified().ok()),
            ))
        };
        match self {
            Source::Theme(StaticFile::Builtin(bytes)) => {
                crate::fingerprint::of((bytes.as_ptr() as usize, bytes.len()))
            }
            Source::Theme(StaticFile::Disk(path)) => of_file(path),
            Source::Asset(path) => of_file(path) ^ 1,
        }
    }

    fn bytes(&self, rel: &str, minify: bool) -> std::io::Result<Vec<u8>> {
        Ok(match self {
            Source::Theme(StaticFile::Builtin(bytes)) => {
                write::prepare_static(rel, bytes, minify).into_owned()
            }
            Source::Theme(StaticFile::Disk(path)) => {
                write::prepare_static(rel, &std::fs::read(path)?, minify).into_owned()
            }
            Source::Asset(path) => std::fs::read(path)?,
        })
    }
}

/// Theme static files, then the site's `static/` folder (overriding the theme's), then the
/// files of `content/` at their own paths; a content file that would overwrite a page or a
/// static file is an error.
fn static_sources(site: &Site, theme: &Theme) -> (BTreeMap<String, Source>, Vec<Diagnostic>) {
    let shown = |path: &Path| crate::diagnostic::display_path(&site.config.site_dir, path);
    let mut problems = Vec::new();
    let mut files: BTreeMap<String, Source> = BTreeMap::new();
    // Case-folded name → name, for names a USB drive would take for one file.
    let mut folded: FastMap<String, String> = FastMap::default();
    let mut add = |rel: String, source: Source, problems: &mut Vec<Diagnostic>| {
        let on_disk = match &source {
            Source::Theme(StaticFile::Disk(path)) | Source::Asset(path) => Some(path.clone()),
            Source::Theme(StaticFile::Builtin(_)) => None,
        };
        let refuse = |message: String| {
            Diagnostic::error(
                on_disk.as_deref().map_or_else(|| rel.clone().into(), shown),
                message,
            )
        };
        if let Err(why) = crate::outpath::check(&rel) {
            problems.push(
                refuse(format!(
                    "this file cannot be published under its name: {why}"
                ))
                .with_hint("rename it with letters, digits, `-` and `_` (e.g. `nssf-card.png`)"),
            );
            return;
        }
        match folded.insert(crate::outpath::case_key(&rel), rel.clone()) {
            Some(other) if other != rel => problems.push(
                refuse(format!(
                    "{rel} and {other} differ only by case: one file on a USB drive"
                ))
                .with_hint("rename one of them: USB drives do not tell upper from lower case"),
            ),
            _ => {
                files.insert(rel, source);
            }
        }
    };
    // The registration script and the worker's code serve web builds only.
    let unused = |rel: &str| {
        !site.config.web_app()
            && [
                render::web_app::REGISTRATION_SCRIPT,
                render::web_app::WORKER_CODE,
            ]
            .contains(&rel)
    };
    for (rel, file) in &theme.static_files {
        if !unused(rel) {
            add(rel.clone(), Source::Theme(file.clone()), &mut problems);
        }
    }
    if site.config.static_dir.is_dir() {
        for entry in crate::load::source_files(&site.config.static_dir) {
            let rel = crate::load::rel_path(&site.config.static_dir, entry.path());
            if unused(&rel) {
                continue;
            }
            // The site's static/ overrides the theme's file of the same name.
            add(
                rel,
                Source::Theme(StaticFile::Disk(entry.into_path())),
                &mut problems,
            );
        }
    }
    let languages: Vec<&str> = site.config.language_codes().collect();
    for asset in &site.assets {
        let top = asset.rel.split('/').next().unwrap_or_default();
        let taken = folded.contains_key(&crate::outpath::case_key(&asset.rel));
        if languages.contains(&top) || taken {
            problems.push(
                Diagnostic::error(
                    shown(&asset.source),
                    format!(
                        "this file would be written over {}",
                        crate::model::url::file_of(&asset.rel)
                    ),
                )
                .with_hint("move it into another folder of content/"),
            );
            continue;
        }
        // Names were checked by the model (`model::paths`).
        if crate::outpath::check(&asset.rel).is_ok() {
            files.insert(asset.rel.clone(), Source::Asset(asset.source.clone()));
        }
    }
    (files, problems)
}

/// The problems of the static files (unsafe names, case-only collisions, a content file over a
/// static one), for `spean check`, which writes nothing.
pub(crate) fn static_problems(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    static_sources(site, theme).1
}

/// The published public key changes with `signing-key.pub` (read on every build).
fn public_key_fingerprint(site: &Site) -> u64 {
    let path = site
        .config
        .site_dir
        .join(crate::package::keys::SITE_PUBLIC_KEY);
    crate::fingerprint::of(std::fs::read(path).ok())
}

/// The fingerprints of the theme that `model::deps` needs.
fn theme_parts<'a>(site: &Site, theme: &'a Theme) -> deps::ThemeParts<'a> {
    deps::ThemeParts {
        template: Box::new(move |site, output| {
            let fp = theme.template_fingerprint(render::template_of(site, theme, output));
            match site.source_of(output).data {
                // A journey also gets a printable checklist.
                Some(r) if <data::Journey as data::Kind>::index_of(r).is_some() => {
                    crate::fingerprint::of((fp, theme.template_fingerprint("checklist.html")))
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
        site_templates: crate::fingerprint::of((
            theme.template_fingerprint("chooser.html"),
            theme.template_fingerprint("404.html"),
            theme.template_fingerprint("offline.html"),
            &theme.strings,
        )),
    }
}

/// With `SPEAN_TIMINGS=1`, how long a rebuild took to reach each step.
fn timing(step: &str, started: Instant) {
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
    BuildError::Io(format!("{what}: {err}"))
}
