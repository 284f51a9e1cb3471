//! The build driver's step for the one-file editions (`single`): after the pages, from the
//! pages collected while rendering and the files the output holds.

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::RenderedFile;
use crate::theme::{StaticFile, Theme};

use super::report::BuildError;
use super::statics::{Source, Statics};
use super::writer::Writer;

/// The one-file editions (`single`), from the pages collected while rendering and the files
/// the output will hold. A name already taken by a file of the site is an error.
pub(crate) fn editions(
    site: &Site,
    theme: &Theme,
    collected: crate::single::Collected,
    statics: &Statics,
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
        match &statics.get(rel)?.source {
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

/// The one-file editions written: each file's name and size.
pub(crate) type Editions = Vec<(String, usize)>;

/// The one-file editions, from the pages collected: their names and sizes, and the warnings
/// of making them (a font that could not be cut).
pub(crate) fn write_editions(
    site: &Site,
    theme: &Theme,
    statics: &Statics,
    collected: crate::single::Collected,
    writer: &dyn Writer,
) -> Result<(Editions, Vec<Diagnostic>), BuildError> {
    let found = std::sync::Mutex::new(Vec::new());
    let editions = editions(site, theme, collected, statics, &|d| {
        found.lock().expect("no panic while locked").push(d);
    });
    let found = found.into_inner().expect("no panic while locked");
    if found.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(found));
    }
    editions
        .iter()
        .for_each(|f| writer.put_as_is(&f.path, &f.bytes));
    let sizes = editions
        .iter()
        .map(|f| (f.path.clone(), f.bytes.len()))
        .collect();
    Ok((sizes, found))
}
