//! The build driver's load step for the files copied as they are: the theme's `static/`, the
//! site's `static/` and the files of `content/` that are not pages. Their names are checked here
//! (a name a USB drive cannot hold, two names differing only by case, a content file over a
//! static one), and each gets the fingerprint of its source (its size and modification time),
//! read here so that later steps do not touch the file system to decide what changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::fingerprint::FastMap;
use crate::model::Site;
use crate::render;
use crate::theme::{StaticFile, Theme};
use crate::write;

/// The static files of the output by path, each with where it comes from.
pub(crate) type Statics = BTreeMap<String, Static>;

/// A static file: its source and the fingerprint of that source when it was listed.
pub(crate) struct Static {
    pub(crate) source: Source,
    /// Changes when the source does (`Source::fingerprint`).
    pub(crate) fingerprint: u64,
}

impl Static {
    fn of(source: Source) -> Static {
        Static {
            fingerprint: source.fingerprint(),
            source,
        }
    }
}

/// Where a static file of the output comes from.
pub(crate) enum Source {
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

    pub(crate) fn bytes(&self, rel: &str, minify: bool) -> std::io::Result<Vec<u8>> {
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
pub(crate) fn static_sources(site: &Site, theme: &Theme) -> (Statics, Vec<Diagnostic>) {
    let shown = |path: &Path| crate::diagnostic::display_path(&site.config.site_dir, path);
    let mut problems = Vec::new();
    let mut files: Statics = BTreeMap::new();
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
                files.insert(rel, Static::of(source));
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
            files.insert(
                asset.rel.clone(),
                Static::of(Source::Asset(asset.source.clone())),
            );
        }
    }
    (files, problems)
}
