//! What the edit benchmarks (`watch_bench`, `serve_bench`) share: which page of a corpus
//! (`examples/corpus.rs`) the `n`th edit saves.

use std::path::{Path, PathBuf};

/// One page to edit: its language, section and slug, and its source file.
pub(crate) struct Edit {
    pub(crate) lang: &'static str,
    pub(crate) section: String,
    pub(crate) slug: String,
    pub(crate) source: PathBuf,
}

/// The page the `n`th edit saves: a different section and language each time (en, km, fr in
/// turn), spread over the section's pages.
pub(crate) fn page_to_edit(site: &Path, n: usize) -> Edit {
    let languages = ["en", "km", "fr"];
    let section = format!("s{:02}", 1 + (n * 7) % 49);
    let lang = languages[n % languages.len()];
    let folder = site.join("content").join(&section);
    let mut pages: Vec<String> = std::fs::read_dir(&folder)
        .expect("a corpus section")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('p') && name.ends_with(&format!(".{lang}.md")))
        .collect();
    pages.sort();
    let name = &pages[(n * 13) % pages.len()];
    let slug = name.split('.').next().expect("a file name").to_string();
    Edit {
        lang,
        source: folder.join(name),
        section,
        slug,
    }
}
