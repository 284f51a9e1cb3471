//! `spean check` (beside the pipeline): the translation status of every page and translated
//! field, the table the terminal shows, and `spean translations mark FILE`.
//!
//! A translation records which version of its source it was made from
//! (`translated_from: en:3f2a9c1d`, written by `spean translations mark FILE`: the source's
//! language and a short hash of its title and text); when the source changes, the hash no
//! longer matches and the translation is reported outdated.

use crate::load::file_name::{NamedLanguage, split_language};
use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::CheckReport;
use crate::config::BuildOptions;
use crate::model::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    /// The language the others are translated from.
    Source,
    /// Translated from the source as it is now.
    Current,
    /// Translated from an older version of the source.
    Outdated,
    /// Translated, but not marked with the version it was made from.
    Unmarked,
    /// The file still holds `TODO(spean)` placeholders (as `spean new` wrote it): a draft, so
    /// readers get a fallback.
    NotStarted,
    /// No translation: readers get a fallback.
    Missing,
}

impl Status {
    /// Every status, in the order the legend explains them.
    pub(crate) const ALL: [Status; 6] = [
        Status::Source,
        Status::Current,
        Status::Outdated,
        Status::Unmarked,
        Status::NotStarted,
        Status::Missing,
    ];

    /// The words editors see, in the terminal table and on the status page of `spean serve`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::Source => "source",
            Status::Current => "current",
            Status::Outdated => "outdated",
            Status::Unmarked => "unmarked",
            Status::NotStarted => "not started",
            Status::Missing => "missing",
        }
    }

    /// What needs doing, which the terminal table writes in capitals.
    pub(crate) fn needs_work(self) -> bool {
        matches!(
            self,
            Status::Outdated | Status::NotStarted | Status::Missing
        )
    }

    /// The legend's line for this status.
    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Status::Source => "the language the others are translated from",
            Status::Current => "translated from the source as it is now",
            Status::Outdated => {
                "the source changed since the translation; update it, then run `spean translations mark FILE`"
            }
            Status::Unmarked => {
                "translated, not yet marked: run `spean translations mark FILE` after translating, so later changes are noticed"
            }
            Status::NotStarted => {
                "the file still holds `TODO(spean)` placeholders from `spean new`; it stays a draft (readers get a fallback) until they are replaced and its `draft: true` line deleted"
            }
            Status::Missing => "no file in this language: readers get the page in another language",
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct TranslationRow {
    /// The page, as `@/` links name it.
    pub page: String,
    pub languages: BTreeMap<String, Status>,
}

#[derive(Debug, Serialize)]
pub(crate) struct DataRow {
    pub file: String,
    pub id: String,
    /// Language → how many of the record's texts are missing in it.
    pub missing: BTreeMap<String, usize>,
}

/// `en:3f2a9c1d`: the language of the source and a short hash of its title and text.
pub(crate) fn version_of(site_dir: &Path, file: &Path, lang: &str) -> Option<String> {
    let text = std::fs::read(site_dir.join(file)).ok()?;
    let text = crate::text::decode(&text, file).ok()?;
    let split = crate::load::frontmatter::split(&text);
    let title = crate::load::frontmatter::parse(&text, file).ok()?.0.title;
    let hash =
        crate::package::manifest::sha256_hex(format!("{title}\n{}", split.body.trim()).as_bytes());
    Some(format!("{lang}:{}", &hash[..8]))
}

/// One language's file of a page, as the translation status needs it.
struct Variant {
    file: std::path::PathBuf,
    translated_from: Option<String>,
    placeholders: usize,
}

/// The translation status of every page, drafts included (`spean new` writes drafts, which the
/// site leaves out: their files are read here, and a draft still holding placeholders is
/// "not started").
pub(super) fn translation_status(site: &Site) -> Vec<TranslationRow> {
    let mut pages: BTreeMap<String, BTreeMap<String, Variant>> = BTreeMap::new();
    let variant = |s: &crate::load::SourcePage| Variant {
        file: s.file.clone(),
        translated_from: s.front.translated_from.clone(),
        placeholders: s.placeholders,
    };
    for source in site.sources.iter().filter(|s| s.data.is_none()) {
        pages
            .entry(source.key.clone())
            .or_default()
            .insert(source.lang.clone(), variant(source));
    }
    for draft in drafts_left_out(site) {
        pages
            .entry(draft.key.clone())
            .or_default()
            .entry(draft.lang.clone())
            .or_insert_with(|| variant(&draft));
    }
    let codes: Vec<&str> = site.config.language_codes().collect();
    pages
        .into_iter()
        .map(|(page, variants)| {
            let marked: Vec<(String, String)> = variants
                .values()
                .filter_map(|v| v.translated_from.clone())
                .filter_map(|t| {
                    t.split_once(':')
                        .map(|(l, h)| (l.to_string(), h.to_string()))
                })
                .collect();
            let source_lang = marked
                .first()
                .map(|(l, _)| l.clone())
                .filter(|l| variants.contains_key(l))
                .unwrap_or_else(|| {
                    if variants.contains_key(&site.config.default_language) {
                        site.config.default_language.clone()
                    } else {
                        variants.keys().next().cloned().unwrap_or_default()
                    }
                });
            let current = variants
                .get(&source_lang)
                .and_then(|v| version_of(&site.config.site_dir, &v.file, &source_lang));
            let languages = codes
                .iter()
                .map(|lang| {
                    let status = match variants.get(*lang) {
                        None => Status::Missing,
                        Some(v) if v.placeholders > 0 => Status::NotStarted,
                        Some(_) if *lang == source_lang => Status::Source,
                        Some(v) => match &v.translated_from {
                            None => Status::Unmarked,
                            Some(t) if Some(t) == current.as_ref() => Status::Current,
                            Some(_) => Status::Outdated,
                        },
                    };
                    (lang.to_string(), status)
                })
                .collect();
            TranslationRow { page, languages }
        })
        .collect()
}

/// The draft pages a build without `--drafts` leaves out, read as a build with drafts reads
/// them (those that cannot be read are left out here too: a draft's problems are not the
/// site's).
fn drafts_left_out(site: &Site) -> Vec<crate::load::SourcePage> {
    if site.config.drafts {
        return Vec::new();
    }
    let loaded: std::collections::HashSet<&Path> =
        site.sources.iter().map(|s| s.file.as_path()).collect();
    let config = crate::config::Config {
        drafts: true,
        ..site.config.clone()
    };
    let (files, _, _) = crate::load::scan(&config, &config.content_dir);
    files
        .par_iter()
        .filter(|(path, _)| {
            !loaded.contains(crate::diagnostic::display_path(&config.site_dir, path).as_path())
        })
        .filter_map(|(path, rel)| crate::load::load_page(&config, path, rel).ok().flatten())
        .filter(|page| page.front.draft)
        .collect()
}

pub(super) fn data_status(site: &Site) -> Vec<DataRow> {
    let codes: Vec<String> = site.config.language_codes().map(str::to_string).collect();
    let data = &site.data;
    data.records_texts()
        .into_iter()
        .filter_map(|(file, id, texts)| {
            let missing: BTreeMap<String, usize> = codes
                .iter()
                .map(|l| (l.clone(), texts.iter().filter(|t| t.lacks(l)).count()))
                .filter(|(_, n)| *n > 0)
                .collect();
            (!missing.is_empty()).then(|| DataRow {
                file: data.files[file].path.display().to_string(),
                id: id.0.clone(),
                missing,
            })
        })
        .collect()
}

/// The translation table for the terminal.
pub(crate) fn translation_table(report: &CheckReport, languages: &[String]) -> String {
    let width = report
        .translations
        .iter()
        .map(|r| r.page.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let column = Status::ALL
        .iter()
        .map(|s| s.name().len())
        .chain(languages.iter().map(String::len))
        .max()
        .unwrap_or(9);
    let mut out = format!("{:width$}", "page");
    for l in languages {
        out.push_str(&format!("  {l:<column$}"));
    }
    out.push('\n');
    for row in &report.translations {
        out.push_str(&format!("{:width$}", row.page));
        for l in languages {
            let status = row.languages.get(l).copied().unwrap_or(Status::Missing);
            // What needs doing stands out in capitals.
            let s = if status.needs_work() {
                status.name().to_uppercase()
            } else {
                status.name().to_string()
            };
            out.push_str(&format!("  {s:<column$}"));
        }
        out.push('\n');
    }
    if !report.data_translations.is_empty() {
        out.push_str("\ndata texts missing a language:\n");
        for r in &report.data_translations {
            let missing: Vec<String> = r.missing.iter().map(|(l, n)| format!("{l} {n}")).collect();
            out.push_str(&format!(
                "  {} `{}`: {}\n",
                r.file,
                r.id,
                missing.join(", ")
            ));
        }
    }
    out.push('\n');
    for status in Status::ALL {
        let name = if status.needs_work() {
            status.name().to_uppercase()
        } else {
            status.name().to_string()
        };
        out.push_str(&format!("{name}: {}.\n", status.meaning()));
    }
    out
}

/// Writes `translated_from: <lang>:<hash>` into a translation's front matter.
pub(crate) fn mark_translation(
    site_dir: &Path,
    file: &Path,
    from: Option<&str>,
) -> Result<String, String> {
    let options = BuildOptions {
        site_dir: site_dir.to_path_buf(),
        ..Default::default()
    };
    let config = crate::config::Config::load(&options).map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let absolute = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| e.to_string())?
            .join(file)
    };
    let content = std::fs::canonicalize(&config.content_dir)
        .map_err(|e| format!("no content/ folder: {e}"))?;
    let absolute = std::fs::canonicalize(&absolute)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let rel = absolute.strip_prefix(&content).map_err(|_| {
        format!(
            "{} is not in {}",
            file.display(),
            config.content_dir.display()
        )
    })?;
    let name = rel
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("not a file name")?;
    if !name.ends_with(".md") {
        return Err("a translation is a .md file".into());
    }
    let (stem, lang) = match split_language(name, |code| config.language(code).is_some()) {
        (stem, NamedLanguage::Site(lang)) => (stem.to_string(), lang.to_string()),
        (base, _) => (base.to_string(), config.default_language.clone()),
    };
    let from = from.map_or_else(|| config.default_language.clone(), str::to_string);
    if from == lang {
        return Err(format!(
            "{} is in `{lang}`, the language it would be marked as translated from; pass --from with the source language",
            file.display()
        ));
    }
    let dir = rel.parent().unwrap_or(Path::new(""));
    let candidates = [
        dir.join(format!("{stem}.{from}.md")),
        dir.join(format!("{stem}.md")),
    ];
    let source = candidates
        .iter()
        .find(|c| {
            config.content_dir.join(c).is_file()
                && (c.to_string_lossy().ends_with(&format!(".{from}.md"))
                    || from == config.default_language)
        })
        .ok_or_else(|| {
            format!(
                "no `{from}` source beside {}: expected {}",
                file.display(),
                candidates[0].display()
            )
        })?;
    let source_file = Path::new("content").join(source);
    let version = version_of(site_dir, &source_file, &from)
        .ok_or_else(|| format!("cannot read {}", source_file.display()))?;
    let text = std::fs::read_to_string(&absolute).map_err(|e| e.to_string())?;
    let split = crate::load::frontmatter::split(&text);
    let Some(front) = split.front else {
        return Err(format!("{} has no front matter", file.display()));
    };
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with("translated_from:"))
        .map(str::to_string)
        .collect();
    lines.push(format!("translated_from: {version}"));
    let updated = format!("---\n{}\n---\n{}", lines.join("\n"), split.body);
    std::fs::write(&absolute, updated).map_err(|e| e.to_string())?;
    Ok(version)
}
