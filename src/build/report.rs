//! The build driver's last step, **report**: what a build or a rebuild did, for the one-line
//! summary, and why a build did not produce a site.

use std::path::PathBuf;
use std::time::Duration;

use crate::data;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render;

/// What a successful build did, for the one-line summary.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Pages per reader language (fallbacks included), in the order of `site.yaml`.
    pub pages: Vec<(String, usize)>,
    /// Pages shown from another language, per reader language, in the same order.
    pub fallbacks: Vec<(String, usize)>,
    /// Translated texts of structured data shown in another language, per reader language.
    pub field_fallbacks: Vec<(String, usize)>,
    /// Files written.
    pub files: usize,
    /// From the start of the build to the swap.
    pub elapsed: Duration,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Lines for the summary (the search index's size, a sitemap not written).
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

/// Why a build did not produce a site: content problems ([`BuildError::Content`]), or one of the
/// other failures of [`crate::error::Error`].
pub use crate::error::Error as BuildError;

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
    /// Files no output makes any more, removed.
    pub removed: Vec<String>,
    /// From the start of the rebuild to the last page written (before the search index).
    pub pages_written: Duration,
    /// From the start of the rebuild to its end (search index included).
    pub elapsed: Duration,
    /// Problems that do not stop the rebuild.
    pub warnings: Vec<Diagnostic>,
}

impl RebuildReport {
    /// A rebuild that was a full build, rendering `rendered` pages.
    pub(crate) fn full_build(report: BuildReport, rendered: usize) -> RebuildReport {
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

    /// One line saying what the rebuild did (or the full build's summary).
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
