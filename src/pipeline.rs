//! The whole build, stage after stage: configuration → load → model → render → write.
//!
//! Problems are collected from every stage that can run (a broken template does not hide a broken
//! page), and nothing is written unless the site is free of errors.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::{BuildOptions, Config};
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::{self, RenderedFile};
use crate::theme::Theme;
use crate::{data, search};

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
    /// The one-file editions written (file name, bytes), when the build made them.
    pub single_files: Vec<(String, usize)>,
    /// Guided questions: trees, nodes, and pages per language (one per way through a tree).
    pub questions: (usize, usize, usize),
}

impl BuildReport {
    /// `built 45 pages (km 15, en 15, fr 15; fallbacks: fr 2), 120 files in 0.21 s → public/`,
    /// with the guided questions when there are some (`; questions: 2 trees, 17 nodes, 17 ways
    /// through`) and the one-file editions when written.
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
        let single = if self.single_files.is_empty() {
            String::new()
        } else {
            let sizes: Vec<String> = self
                .single_files
                .iter()
                .map(|(name, bytes)| format!("{name} {} KB", bytes.div_ceil(1024)))
                .collect();
            format!("; one file per language: {}", sizes.join(", "))
        };
        let (trees, nodes, ways) = self.questions;
        let questions = if trees == 0 {
            String::new()
        } else {
            let trees = if trees == 1 {
                "1 tree".to_string()
            } else {
                format!("{trees} trees")
            };
            format!("; questions: {trees}, {nodes} nodes, {ways} ways through")
        };
        format!(
            "built {total} pages ({per_lang}; {fallbacks}), {} files in {:.2} s → {}{questions}{single}",
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
pub fn load_site(
    options: &BuildOptions,
) -> Result<(Site, std::sync::Arc<Theme>, Vec<Diagnostic>), BuildError> {
    crate::engine::Engine::new(options.clone(), false).load()
}

/// Builds the site into its output folder (a one-off build; `spean serve` keeps an
/// [`crate::engine::Engine`] to rebuild).
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    crate::engine::Engine::new(options.clone(), false).build()
}

/// The files spean makes itself besides the pages: the root language chooser, the 404 pages,
/// feeds, the directory's data files, the search pages (of the languages `search_page` names),
/// the published public key, the sitemap and `robots.txt`, and in a web build the offline page
/// of each language (its manifest and worker come last: `engine`). With `others` false, only the
/// search pages (a rebuild whose other site files cannot have changed).
pub(crate) fn site_files(
    site: &Site,
    theme: &Theme,
    search_page: &(dyn Fn(usize) -> bool + Sync),
    others: bool,
) -> (Vec<RenderedFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut keep = |result: Result<RenderedFile, Diagnostic>| match result {
        Ok(file) => files.push(file),
        Err(d) => problems.push(d),
    };
    if site.config.search {
        for (l, lang) in site.config.languages.iter().enumerate() {
            if search_page(l) {
                let path = format!("{}/search/index.html", lang.code);
                keep(render::site_pages::render_search_page(
                    site, theme, &lang.code, &path,
                ));
            }
        }
    }
    if !others {
        return (files, problems);
    }
    keep(render::site_pages::render_chooser(site, theme));
    for lang in &site.config.languages {
        let path = format!("{}/404.html", lang.code);
        keep(render::site_pages::render_not_found(
            site, theme, &lang.code, &path,
        ));
    }
    keep(render::site_pages::render_not_found(
        site,
        theme,
        &site.config.default_language,
        "404.html",
    ));
    if site.config.web_app() {
        for lang in &site.config.languages {
            keep(render::site_pages::render_offline_page(
                site, theme, &lang.code,
            ));
        }
    }
    match published_public_key(&site.config) {
        Ok(Some(file)) => files.push(file),
        Ok(None) => {}
        Err(d) => problems.push(d),
    }
    files.extend(render::feed::render_feeds(site, &theme.strings));
    files.extend(directory_files(site, theme));
    files.extend(render::sitemap::render_sitemap(site));
    files.push(render::sitemap::render_robots(site));
    (files, problems)
}

/// The summary of a full build.
pub(crate) fn build_report(
    site: &Site,
    files: usize,
    elapsed: Duration,
    warnings: Vec<Diagnostic>,
    search_sizes: &[(String, (usize, usize))],
) -> BuildReport {
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
    BuildReport {
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
        files,
        elapsed,
        field_fallbacks: site
            .config
            .language_codes()
            .map(|l| (l.to_string(), site.data.missing_translations(l)))
            .collect(),
        warnings,
        notes,
        single_files: Vec::new(),
        questions: (
            site.data.questions.len(),
            site.data
                .questions
                .iter()
                .map(|q| q.value.nodes.len())
                .sum(),
            site.data
                .questions
                .iter()
                .map(|q| data::questions::walks(&q.value).len())
                .sum(),
        ),
    }
}

/// The search document of an output page, from its first file (the page itself, not its
/// pagination or checklist pages).
pub(crate) fn search_document(site: &Site, index: usize, file: &RenderedFile) -> search::SearchDoc {
    let output = &site.outputs[index];
    let entry = &site.entries[output.entry];
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
    search::document(url, title, &section, &file.bytes)
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
