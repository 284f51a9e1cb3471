//! The files of `content/` as last read, kept between rebuilds: a change re-reads only the
//! files (or folders) it names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Asset, LoadedContent, SourcePage};

type Loaded = Result<Option<Arc<SourcePage>>, Vec<Diagnostic>>;

/// Pages and other files by path. `PathBuf` orders by component, like the sorted walk of a
/// full build, so the pages reach the model in the same order either way.
#[derive(Default)]
pub(crate) struct ContentCache {
    pages: BTreeMap<PathBuf, Loaded>,
    assets: BTreeMap<PathBuf, String>,
    missing: bool,
    walk_problems: Vec<Diagnostic>,
}

impl ContentCache {
    /// Reads the whole of `content/`.
    pub(crate) fn load(config: &Config) -> ContentCache {
        let mut cache = ContentCache::default();
        if !config.content_dir.is_dir() {
            cache.missing = true;
            return cache;
        }
        cache.read_folder(config, &config.content_dir);
        cache
    }

    /// What the model needs, and the problems of the files that could not be read.
    pub(crate) fn loaded(&self, config: &Config) -> (LoadedContent, Vec<Diagnostic>) {
        if self.missing {
            return load::load_content(config);
        }
        let mut problems = self.walk_problems.clone();
        let mut pages = Vec::with_capacity(self.pages.len());
        for loaded in self.pages.values() {
            match loaded {
                Ok(Some(page)) => pages.push(Arc::clone(page)),
                Ok(None) => {}
                Err(found) => problems.extend(found.iter().cloned()),
            }
        }
        let assets = self
            .assets
            .iter()
            .map(|(source, rel)| Asset {
                source: source.clone(),
                rel: rel.clone(),
            })
            .collect();
        (LoadedContent { pages, assets }, problems)
    }

    /// The page read from `path`, when it was read without problems.
    pub(crate) fn page(&self, path: &Path) -> Option<&Arc<SourcePage>> {
        match self.pages.get(path) {
            Some(Ok(Some(page))) => Some(page),
            _ => None,
        }
    }

    /// Takes in changed paths under `content/`: a file is read again, a folder read again
    /// whole, and whatever no longer exists is forgotten (with everything under it).
    pub(crate) fn update(&mut self, config: &Config, changed: &[PathBuf]) {
        if self.missing || !config.content_dir.is_dir() {
            *self = ContentCache::load(config);
            return;
        }
        let mut files = Vec::new();
        for path in changed {
            let Ok(rel) = path.strip_prefix(&config.content_dir) else {
                continue;
            };
            if rel
                .components()
                .any(|c| load::is_ignored(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            self.forget(path);
            if path.is_dir() {
                self.read_folder(config, path);
            } else {
                // Read even when it looks gone, and gone when the read finds it so: a file can
                // be removed or renamed away between a look and a read (a folder renamed just
                // after its pages were written).
                files.push(path.clone());
            }
        }
        let read: Vec<(PathBuf, Option<Loaded>)> = files
            .par_iter()
            .map(|path| {
                let rel = load::rel_path(&config.content_dir, path);
                let page = rel
                    .ends_with(".md")
                    .then(|| load::load_page(config, path, &rel).map(|p| p.map(Arc::new)));
                (path.clone(), page)
            })
            .collect();
        for (path, page) in read {
            match page {
                // Not there (any more): a removal, not an error of the page.
                Some(Err(_)) | None if !path.exists() => {}
                Some(page) => {
                    self.pages.insert(path, page);
                }
                None => {
                    let rel = load::rel_path(&config.content_dir, &path);
                    self.assets.insert(path, rel);
                }
            }
        }
    }

    /// Forgets `path` and everything under it (which sorts right after it).
    fn forget(&mut self, path: &Path) {
        fn under<V>(map: &BTreeMap<PathBuf, V>, path: &Path) -> Vec<PathBuf> {
            map.range(path.to_path_buf()..)
                .take_while(|(p, _)| p.starts_with(path))
                .map(|(p, _)| p.clone())
                .collect()
        }
        for p in under(&self.pages, path) {
            self.pages.remove(&p);
        }
        for p in under(&self.assets, path) {
            self.assets.remove(&p);
        }
    }

    fn read_folder(&mut self, config: &Config, folder: &Path) {
        let (page_files, assets, problems) = load::scan(config, folder);
        // Problems of a walk are kept until the next full read (they are rare: unreadable
        // folders).
        self.walk_problems.extend(problems);
        let read: Vec<(PathBuf, Loaded)> = page_files
            .par_iter()
            .map(|(path, rel)| {
                (
                    path.clone(),
                    load::load_page(config, path, rel).map(|p| p.map(Arc::new)),
                )
            })
            .collect();
        self.pages.extend(read);
        self.assets
            .extend(assets.into_iter().map(|asset| (asset.source, asset.rel)));
    }
}
