//! `spean check` (beside the pipeline): everything the build checks, without writing
//! anything, plus what editors should fix before readers see it: images without alternative
//! text, pages without a description, records whose `last_verified` is too old before the day
//! checked (`records`), dated changes coming soon (`changes`); a list of links to other sites
//! (not fetched); and the translation status of every page and translated field
//! (`translations`).

mod changes;
mod records;
mod translations;

use rayon::prelude::*;
use serde::Serialize;

use crate::build::{self, BuildError};
use crate::config::BuildOptions;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
pub(crate) use translations::{
    DataRow, Status, TranslationRow, mark_translation, translation_table,
};
use translations::{data_status, translation_status};

#[derive(Debug, Serialize)]
pub(crate) struct CheckReport {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub external_links: Vec<ExternalLink>,
    pub translations: Vec<TranslationRow>,
    pub data_translations: Vec<DataRow>,
    /// What the warnings of each group have in common, by group number
    /// (`diagnostic::render_grouped` counts them per file).
    #[serde(skip)]
    pub groups: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ExternalLink {
    pub file: String,
    pub line: usize,
    pub url: String,
}

/// Checks the site, judging how old records are against `today`; `Err` only when the
/// configuration cannot be read.
pub(crate) fn check(options: &BuildOptions, today: &Date) -> Result<CheckReport, BuildError> {
    let (site, theme, warnings) = match build::load_site(options) {
        Ok(loaded) => loaded,
        Err(BuildError::Content(diagnostics)) => {
            let (errors, warnings) = diagnostics.into_iter().partition(Diagnostic::is_error);
            return Ok(CheckReport {
                errors,
                warnings,
                external_links: Vec::new(),
                translations: Vec::new(),
                data_translations: Vec::new(),
                groups: Vec::new(),
            });
        }
        Err(other) => return Err(other),
    };
    let mut all = Diagnostics::default();
    all.extend(warnings);
    // Templates can only fail while rendering: render every page, keep nothing.
    let render_errors: Vec<Diagnostic> = (0..site.outputs.len())
        .into_par_iter()
        .filter_map(|i| crate::render::render_output(&site, &theme, i).err())
        .collect();
    all.extend(render_errors);
    // Files copied as they are (theme and site `static/`) are checked where the build meets them.
    all.extend(crate::build::static_problems(&site, &theme));
    all.extend(editorial_warnings(&site));
    let (stale_summary, stale) = records::stale_records(&site, today);
    all.extend(stale);
    all.extend(changes::coming_changes(&site, today));
    let (errors, warnings) = all
        .into_sorted()
        .into_iter()
        .partition(Diagnostic::is_error);
    Ok(CheckReport {
        errors,
        warnings,
        external_links: external_links(&site),
        translations: translation_status(&site),
        data_translations: data_status(&site),
        // Group number `records::STALE` is the first.
        groups: vec![stale_summary],
    })
}

fn editorial_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for source in site.sources.iter().filter(|s| s.data.is_none()) {
        for p in &source.missing_alt {
            let mut d = p.diagnostic(&source.file, "image without alternative text");
            d.severity = crate::diagnostic::Severity::Warning;
            out.push(d.with_hint("describe the image for people who cannot see it: ![NSSF card, front side](card.png)"));
        }
        if source.front.description.is_none() {
            let text = std::fs::read_to_string(site.config.site_dir.join(&source.file))
                .unwrap_or_default();
            let (line, column) = crate::yaml::locate_key(&text, &["title"]);
            out.push(
                Diagnostic::warning(&source.file, "page without description")
                    .at(&text, line, column)
                    .with_hint("add `description:` with one sentence: listings, search results and link previews show it"),
            );
        }
    }
    for d in &mut out {
        d.severity = crate::diagnostic::Severity::Warning;
    }
    out
}

fn external_links(site: &Site) -> Vec<ExternalLink> {
    let mut links: Vec<ExternalLink> = site
        .sources
        .iter()
        .flat_map(|s| {
            s.external_links.iter().map(|(p, url)| ExternalLink {
                file: s.file.display().to_string(),
                line: p.line,
                url: url.clone(),
            })
        })
        .collect();
    links.extend(records::source_links(&site.data));
    links.sort_by(|a, b| (&a.file, a.line, &a.url).cmp(&(&b.file, b.line, &b.url)));
    links.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.url == b.url);
    links
}
