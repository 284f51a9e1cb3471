//! Step 1 of the pipeline, **load**: walk `content/`, read every page (front matter + Markdown)
//! and list the other files (images, PDFs) to copy.
//!
//! Files are read and parsed in parallel; every problem becomes a diagnostic and loading goes on,
//! so an editor sees all the problems of the site at once.

pub(crate) mod address;
pub(crate) mod file_name;
pub(crate) mod frontmatter;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod nesting;
pub(crate) mod record_ref;
pub(crate) mod sanitize;
pub(crate) mod typography;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use file_name::{NamedLanguage, SECTION_STEM};
use frontmatter::FrontMatter;
use markdown::RenderedMarkdown;

/// One Markdown file of `content/`, parsed.
#[derive(Debug, Clone)]
pub(crate) struct SourcePage {
    /// As shown to editors: relative to the site folder (`content/join.en.md`).
    pub file: PathBuf,
    /// The page's identity across languages: its path under `content/` without the language,
    /// `/`-separated (`voluntary/join.md`, `voluntary/_index.md`, `_index.md` for the home page).
    /// Internal links name pages by it: `@/voluntary/join.md`.
    pub key: String,
    /// The folder under `content/`, `/`-separated, empty for the top.
    pub dir: String,
    /// The file name without language and extension (`join`, `_index`).
    pub stem: String,
    pub lang: String,
    pub is_section: bool,
    pub front: FrontMatter,
    /// The file's text before the body (the front matter and its `---` lines), so later steps
    /// can point at a front-matter key without reading the file again.
    pub head: String,
    /// The body rendered to HTML once, with placeholders for internal links.
    pub body: RenderedMarkdown,
    /// Where each of `body.links` was written, for diagnostics.
    pub link_positions: Vec<Position>,
    /// Images without alternative text and links to other sites, where they were written.
    pub missing_alt: Vec<Position>,
    pub external_links: Vec<(Position, String)>,
    /// How many `TODO(spean)` placeholders the file holds: only a draft may hold any (see
    /// `placeholder`); the translation status calls such a file "not started".
    pub placeholders: usize,
    /// For pages made from structured data: which record the page shows.
    pub data: Option<record_ref::RecordRef>,
    /// Changes whenever the file's text changes (for data pages: whenever the data changes),
    /// so `spean serve` knows which pages to render again.
    pub fingerprint: u64,
}

/// A place in a source file, with the text of its line for the snippet.
#[derive(Debug, Clone)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
}

impl Position {
    pub(crate) fn in_text(text: &str, offset: usize) -> Position {
        let (line, column) = crate::diagnostic::line_column(text, offset);
        let line_text = text.lines().nth(line - 1).unwrap_or_default().to_string();
        Position {
            line,
            column,
            line_text,
        }
    }

    /// A diagnostic at this position.
    pub(crate) fn diagnostic(&self, file: &Path, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(file, message);
        d.line = self.line;
        d.column = self.column;
        d.source_line = Some(self.line_text.clone());
        d
    }
}

/// A file of `content/` that is not a page: copied as it is, at the same path under the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub source: PathBuf,
    /// Path under `content/`, `/`-separated.
    pub rel: String,
}

/// Pages are shared (`Arc`) so that `spean serve` can keep them between rebuilds and hand the
/// unchanged ones to the next model without copying them.
#[derive(Debug, Default)]
pub(crate) struct LoadedContent {
    pub pages: Vec<Arc<SourcePage>>,
    pub assets: Vec<Asset>,
}

/// Reads every page of `content/`; drafts are left out unless the build asks for them.
pub(crate) fn load_content(config: &Config) -> (LoadedContent, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if !config.content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(&config.content_dir, "there is no content/ folder")
                .with_hint("create content/_index.<language>.md for the home page"),
        );
        return (LoadedContent::default(), diagnostics);
    }
    let (page_files, assets, walk_problems) = scan(config, &config.content_dir);
    diagnostics.extend(walk_problems);
    let results: Vec<Result<Option<SourcePage>, Vec<Diagnostic>>> = page_files
        .par_iter()
        .map(|(path, rel)| load_page(config, path, rel))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(Some(page)) => pages.push(Arc::new(page)),
            Ok(None) => {}
            Err(problems) => diagnostics.extend(problems),
        }
    }
    (LoadedContent { pages, assets }, diagnostics)
}

/// The Markdown files (path, path under `content/`) and the other files under `folder` (a
/// folder of `content/`), in name order, leaving out what editors and systems leave behind.
pub(crate) fn scan(
    config: &Config,
    folder: &Path,
) -> (Vec<(PathBuf, String)>, Vec<Asset>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut page_files = Vec::new();
    let mut assets = Vec::new();
    let walker = WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                diagnostics.push(Diagnostic::error(
                    display_path(&config.site_dir, &path),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_path(&config.content_dir, entry.path());
        if rel.ends_with(".md") {
            page_files.push((entry.into_path(), rel));
        } else {
            assets.push(Asset {
                source: entry.into_path(),
                rel,
            });
        }
    }
    (page_files, assets, diagnostics)
}

/// The files under `dir`, in name order, without what editors and systems leave behind (for
/// the theme, data and static folders; unreadable entries are skipped).
pub(crate) fn source_files(dir: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
        .flatten()
        .filter(|e| e.file_type().is_file())
}

/// Names an editor or the system leaves behind, never content: hidden files, backups
/// (`page.md~`, `#page.md#`), vim swap files and vim's write test file `4913`, office lock files.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// `path` relative to `base`, `/`-separated whatever the platform: how spean names files in
/// URLs, manifests and diagnostics.
pub(crate) fn rel_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads one page: `None` for a draft the build leaves out; the page's problems otherwise (a
/// page that parses but holds placeholders has one per placeholder).
pub(crate) fn load_page(
    config: &Config,
    path: &Path,
    rel: &str,
) -> Result<Option<SourcePage>, Vec<Diagnostic>> {
    let shown = display_path(&config.site_dir, path);
    let (dir, file_name) = match rel.rsplit_once('/') {
        Some((dir, name)) => (dir.to_string(), name),
        None => (String::new(), rel),
    };
    let (stem, lang) = language_of(file_name, config).map_err(|msg| {
        vec![Diagnostic::error(&shown, msg).with_hint(format!(
            "name translations like join.km.md, join.en.md (languages of this site: {})",
            config.language_codes().collect::<Vec<_>>().join(", ")
        ))]
    })?;
    let bytes = std::fs::read(path)
        .map_err(|err| vec![Diagnostic::error(&shown, format!("cannot read: {err}"))])?;
    let text = crate::text::decode(&bytes, &shown).map_err(|d| vec![d])?;
    let (front, split) = frontmatter::parse(&text, &shown).map_err(|d| vec![d])?;
    if front.title.trim().is_empty() {
        let (line, column) = crate::yaml::locate_key(split.front.unwrap_or(""), &["title"]);
        return Err(vec![
            Diagnostic::error(&shown, "the title is empty")
                .at(&text, line + 1, column)
                .with_hint("every page needs a title: `title: How to join`"),
        ]);
    }
    if front.draft && !config.drafts {
        return Ok(None);
    }
    if !front.draft {
        let problems = crate::placeholder::in_page(&shown, &text);
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    let body_start = text.len() - split.body.len();
    let languages: Vec<String> = config.language_codes().map(str::to_string).collect();
    let body = markdown::render_markdown(split.body, &lang, &dir, &languages, &config.raw_html);
    if let Some(offset) = body.too_deep {
        return Err(vec![
            Position::in_text(&text, body_start + offset)
                .diagnostic(
                    &shown,
                    format!(
                        "lists, quotes or HTML elements are nested deeper than {} levels here",
                        markdown::MAX_NESTING
                    ),
                )
                .with_hint(
                    "no page needs this many levels: close the lists, `>` quotes or `<div>`s above",
                ),
        ]);
    }
    let link_positions = body
        .links
        .iter()
        .map(|link| Position::in_text(&text, body_start + link.offset))
        .collect();
    let key = if dir.is_empty() {
        format!("{stem}.md")
    } else {
        format!("{dir}/{stem}.md")
    };
    Ok(Some(SourcePage {
        file: shown,
        key,
        dir,
        is_section: stem == SECTION_STEM,
        stem,
        lang,
        front,
        head: text[..body_start].to_string(),
        missing_alt: body
            .images_without_alt
            .iter()
            .map(|o| Position::in_text(&text, body_start + o))
            .collect(),
        external_links: body
            .external_links
            .iter()
            .map(|(o, url)| (Position::in_text(&text, body_start + o), url.clone()))
            .collect(),
        placeholders: crate::placeholder::count(&text),
        body,
        link_positions,
        data: None,
        fingerprint: crate::fingerprint::of((&rel, &text)),
    }))
}

/// `join.en.md` → (`join`, `en`); `join.md` → (`join`, default language).
fn language_of(file_name: &str, config: &Config) -> Result<(String, String), String> {
    match file_name::split_language(file_name, |code| config.language(code).is_some()) {
        (stem, NamedLanguage::Site(code)) => Ok((stem.to_string(), code.to_string())),
        (_, NamedLanguage::Unknown(code)) => Err(format!(
            "`{file_name}` is in language `{code}`, which is not a language of this site"
        )),
        (base, NamedLanguage::Default) => Ok((base.to_string(), config.default_language.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".join.md.swp",
            "join.md~",
            "#join.md#",
            "4913",
            "~$sheet.xlsx",
            ".DS_Store",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["join.km.md", "card.png", "_index.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
