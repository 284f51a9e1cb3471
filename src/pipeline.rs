//! The whole build, stage after stage: configuration → load → model → render → write.
//!
//! Problems are collected from every stage that can run (a broken template does not hide a broken
//! page), and nothing is written unless the site is free of errors.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{BuildOptions, Config};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Site};
use crate::render::{self, RenderedFile};
use crate::theme::{self, StaticFile, Theme};
use crate::write::Staging;
use crate::{data, load, model::url, search};

/// What a successful build did, for the one-line summary.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    /// Pages per reader language (fallbacks included), in the order of `site.yaml`.
    pub pages: Vec<(String, usize)>,
    /// Pages shown from another language, per reader language, in the same order.
    pub fallbacks: Vec<(String, usize)>,
    /// Translated texts of structured data shown in another language, per reader language.
    pub field_fallbacks: Vec<(String, usize)>,
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    pub notes: Vec<String>,
}

impl BuildReport {
    /// `built 45 pages (km 15, en 15, fr 15; fallbacks: fr 2) in 0.21 s → public/`
    pub fn summary(&self) -> String {
        let total: usize = self.pages.iter().map(|(_, n)| n).sum();
        let per_lang = self
            .pages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let fallbacks: Vec<String> = self
            .fallbacks
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        let fallbacks = if fallbacks.is_empty() {
            "no fallbacks".to_string()
        } else {
            format!("fallbacks: {}", fallbacks.join(", "))
        };
        let fields: Vec<String> = self
            .field_fallbacks
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        let fallbacks = if fields.is_empty() {
            fallbacks
        } else {
            format!(
                "{fallbacks}; untranslated data texts: {}",
                fields.join(", ")
            )
        };
        format!(
            "built {total} pages ({per_lang}; {fallbacks}), {} files in {:.2} s → {}",
            self.files,
            self.elapsed.as_secs_f64(),
            self.output_dir.display()
        )
    }
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the content, configuration or theme, all of them.
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    Io(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(d) => write!(f, "{} problem(s) in the site", d.len()),
            BuildError::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for BuildError {}

/// Loads, checks and models a site without writing anything.
pub fn load_site(options: &BuildOptions) -> Result<(Site, Theme, Vec<Diagnostic>), BuildError> {
    let config = Config::load(options).map_err(BuildError::Content)?;
    let mut diagnostics = Diagnostics::default();
    let (theme, ((mut loaded, load_problems), (data, data_problems))) = rayon::join(
        || theme::load_theme(&config),
        || rayon::join(|| load::load_content(&config), || data::load_data(&config)),
    );
    diagnostics.extend(load_problems);
    diagnostics.extend(data_problems);
    diagnostics.extend(data::pages::add_data_pages(
        &config,
        &data,
        &mut loaded.pages,
    ));
    let theme = theme.map_err(|problems| diagnostics.extend(problems)).ok();
    let (site, model_problems) = model::build_model(config, loaded, data);
    diagnostics.extend(model_problems);
    match theme {
        Some(theme) if !diagnostics.has_errors() => Ok((site, theme, diagnostics.into_sorted())),
        _ => Err(BuildError::Content(diagnostics.into_sorted())),
    }
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (site, theme, warnings) = load_site(options)?;
    let loaded = started.elapsed();
    let staging = Staging::new(&site.config.output_dir, site.config.minify)
        .map_err(|e| io_error("cannot create the staging folder", e))?;

    let problems = Mutex::new(Diagnostics::default());
    let report = |d: Diagnostic| problems.lock().expect("no panic while locked").push(d);
    let io_failure: Mutex<Option<String>> = Mutex::new(None);
    let write = |file: &RenderedFile| {
        if let Err(err) = staging.write(file) {
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
        .map(|_| search::Indexer::default())
        .collect();
    let written: usize = (0..site.outputs.len())
        .into_par_iter()
        .map(|index| match render::render_output(&site, &theme, index) {
            Ok(files) => {
                if site.config.search {
                    index_page(&site, index, &files[0], &indexers);
                }
                files.iter().for_each(write);
                files.len()
            }
            Err(d) => {
                report(d);
                0
            }
        })
        .sum();

    let mut site_files = Vec::new();
    match render::site_pages::render_chooser(&site, &theme) {
        Ok(file) => site_files.push(file),
        Err(d) => report(d),
    }
    for lang in &site.config.languages {
        let path = format!("{}/404.html", lang.code);
        match render::site_pages::render_not_found(&site, &theme, &lang.code, &path) {
            Ok(file) => site_files.push(file),
            Err(d) => report(d),
        }
    }
    match render::site_pages::render_not_found(
        &site,
        &theme,
        &site.config.default_language,
        "404.html",
    ) {
        Ok(file) => site_files.push(file),
        Err(d) => report(d),
    }
    site_files.extend(render::feed::render_feeds(&site));
    site_files.extend(directory_files(&site, &theme));
    let mut search_sizes = Vec::new();
    let indexers = if site.config.search {
        indexers
    } else {
        Vec::new()
    };
    for (lang, indexer) in site.config.languages.iter().zip(indexers) {
        let files = indexer.files(&lang.code);
        search_sizes.push((lang.code.clone(), search::sizes(&files)));
        site_files.extend(files);
        let path = format!("{}/search/index.html", lang.code);
        match render::site_pages::render_search_page(&site, &theme, &lang.code, &path) {
            Ok(file) => site_files.push(file),
            Err(d) => report(d),
        }
    }
    match published_public_key(&site.config) {
        Ok(Some(file)) => site_files.push(file),
        Ok(None) => {}
        Err(d) => report(d),
    }
    site_files.extend(render::sitemap::render_sitemap(&site));
    site_files.push(render::sitemap::render_robots(&site));
    site_files.par_iter().for_each(write);

    let rendered = started.elapsed();
    let copied = copy_static(&site, &theme, &staging, &report, &io_failure);

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

    let mut notes = Vec::new();
    notes.extend(site.config.search.then(|| {
        format!(
            "search index: {}",
            search_sizes
                .iter()
                .map(|(l, (total, biggest))| format!(
                    "{l} {} KB (largest shard {} KB)",
                    total / 1024,
                    biggest / 1024
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }));
    if site.config.base_url.is_none() {
        notes.push("no base_url in site.yaml: sitemap.xml not written".to_string());
    }
    let languages = site.config.languages.len();
    Ok(BuildReport {
        output_dir: site.config.output_dir.clone(),
        pages: site
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), site.outputs.len() / languages))
            .collect(),
        fallbacks: {
            let counts = site.fallback_counts();
            site.config
                .language_codes()
                .map(|l| (l.to_string(), counts.get(l).copied().unwrap_or(0)))
                .collect()
        },
        files: written + site_files.len() + copied,
        elapsed: started.elapsed(),
        field_fallbacks: site
            .config
            .language_codes()
            .map(|l| (l.to_string(), site.data.missing_translations(l)))
            .collect(),
        warnings,
        notes,
    })
}

/// Theme static files, then the site's `static/` folder (overriding the theme's), then the
/// files of `content/` at their own paths.
fn copy_static(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    report: &(dyn Fn(Diagnostic) + Sync),
    io_failure: &Mutex<Option<String>>,
) -> usize {
    let mut files: BTreeMap<String, StaticFile> = theme.static_files.clone();
    if site.config.static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site.config.static_dir)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !load::is_ignored(&e.file_name().to_string_lossy()))
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let rel = load::rel_path(&site.config.static_dir, entry.path());
            files.insert(rel, StaticFile::Disk(entry.into_path()));
        }
    }
    let fail = |what: &str, err: std::io::Error| {
        io_failure
            .lock()
            .expect("no panic while locked")
            .get_or_insert_with(|| format!("cannot copy {what}: {err}"));
    };
    files.par_iter().for_each(|(rel, file)| {
        let result = match file {
            StaticFile::Builtin(bytes) => staging.write_static(rel, bytes),
            StaticFile::Disk(path) => {
                std::fs::read(path).and_then(|b| staging.write_static(rel, &b))
            }
        };
        if let Err(err) = result {
            fail(rel, err);
        }
    });
    let languages: Vec<&str> = site.config.language_codes().collect();
    site.assets.par_iter().for_each(|asset| {
        let top = asset.rel.split('/').next().unwrap_or_default();
        if languages.contains(&top) || files.contains_key(&asset.rel) {
            report(
                Diagnostic::error(
                    crate::diagnostic::display_path(&site.config.site_dir, &asset.source),
                    format!(
                        "this file would be written over {}",
                        url::file_of(&asset.rel)
                    ),
                )
                .with_hint("move it into another folder of content/"),
            );
            return;
        }
        if let Err(err) = staging.copy(&asset.rel, &asset.source) {
            fail(&asset.rel, err);
        }
    });
    files.len() + site.assets.len()
}

/// Adds an output page to its language's search index (its first file: the page itself, not
/// its pagination or checklist pages).
fn index_page(site: &Site, index: usize, file: &RenderedFile, indexers: &[search::Indexer]) {
    let output = &site.outputs[index];
    let entry = &site.entries[output.entry];
    let lang = site.lang_index(&output.lang);
    let url = output
        .path
        .strip_prefix(&format!("{}/", output.lang))
        .unwrap_or(&output.path)
        .to_string();
    let section = entry
        .parent
        .map(|p| {
            site.source_of(site.output(p, &output.lang))
                .front
                .title
                .clone()
        })
        .unwrap_or_default();
    let title = &site.source_of(output).front.title;
    indexers[lang].add(
        &entry.key,
        search::document(url, title, &section, &file.bytes),
    );
}

/// The site's public signing key (`signing-key.pub` from `spean keygen`), published on every
/// build so anyone can check a USB copy against it.
fn published_public_key(config: &Config) -> Result<Option<RenderedFile>, Diagnostic> {
    use crate::package::keys;
    let path = config.site_dir.join(keys::SITE_PUBLIC_KEY);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    match keys::parse_public_key(&text) {
        Some(key) => Ok(Some(RenderedFile {
            path: keys::PUBLISHED_PUBLIC_KEY.into(),
            bytes: keys::public_key_text(&key).into_bytes(),
        })),
        None => Err(
            Diagnostic::error(keys::SITE_PUBLIC_KEY, "this is not a spean public key")
                .at(&text, 1, 1)
                .with_hint(
                    "make a key pair with `spean keygen` (it writes this file), or remove it",
                ),
        ),
    }
}

/// The directory published for reuse (CSV, JSON) and for the filter (a script per language).
fn directory_files(site: &Site, theme: &Theme) -> Vec<RenderedFile> {
    use render::data_views::{
        FACILITIES_CSV, FACILITIES_JSON, facilities_script, facilities_script_path,
    };
    if site.data.facilities.is_empty() {
        return Vec::new();
    }
    let languages: Vec<String> = site.config.language_codes().map(str::to_string).collect();
    let mut files = vec![
        RenderedFile {
            path: FACILITIES_CSV.into(),
            bytes: data::spreadsheet::facilities_csv(&site.data, &languages),
        },
        RenderedFile {
            path: FACILITIES_JSON.into(),
            bytes: data::spreadsheet::facilities_json(&site.data),
        },
    ];
    for lang in &languages {
        files.push(RenderedFile {
            path: facilities_script_path(lang),
            bytes: facilities_script(site, lang, &theme.strings[lang]),
        });
    }
    files
}

fn io_error(what: &str, err: std::io::Error) -> BuildError {
    BuildError::Io(format!("{what}: {err}"))
}
