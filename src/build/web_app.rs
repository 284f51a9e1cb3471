//! The engine's last step in a web build (`Config::web_app`): each language's manifest and
//! service worker (`render::web_app`), made after every other file, in a full build and in a
//! rebuild alike, since the workers' version is a fingerprint of what was written.

use super::statics::{Source, Statics};
use crate::fingerprint::FastMap;
use crate::model::Site;
use crate::render::{RenderedFile, web_app};
use crate::theme::{StaticFile, Theme};

/// A web build's manifest and worker of each language (`render::web_app`), made after every
/// other file: the workers' version is a fingerprint of the bytes of every file already written
/// (`written`: path → fingerprint; static files are left out of it) and of the shell files'
/// sources, so a page that changes makes a new cache, and a full build and a rebuild of the same
/// sources write the same worker.
pub(super) fn files(
    site: &Site,
    theme: &Theme,
    written: &FastMap<String, u64>,
    statics: &Statics,
) -> std::io::Result<Vec<RenderedFile>> {
    let mut generated: Vec<(&String, &u64)> = written
        .iter()
        .filter(|(path, _)| !statics.contains_key(*path))
        .collect();
    generated.sort_unstable();
    let mut version = crate::fingerprint::Builder::default();
    version.add(&generated);
    let mut shell = Vec::new();
    let mut theme_color = None;
    for (rel, source) in statics {
        let Source::Theme(file) = &source.source else {
            continue;
        };
        if !web_app::is_shell_file(rel) {
            continue;
        }
        let bytes = match file {
            StaticFile::Builtin(bytes) => std::borrow::Cow::Borrowed(*bytes),
            StaticFile::Disk(path) => std::borrow::Cow::Owned(std::fs::read(path)?),
        };
        if rel == "css/style.css" {
            theme_color = web_app::brand_colour(&String::from_utf8_lossy(&bytes));
        }
        version.add((rel, &*bytes));
        shell.push(rel.as_str());
    }
    let version = version.finish();
    let mut files = Vec::new();
    for lang in site.config.language_codes() {
        let short_name = theme.strings[lang]
            .get("app_short_name")
            .map_or("", String::as_str);
        files.push(web_app::render_manifest(
            site,
            lang,
            short_name,
            theme_color.as_deref(),
        ));
        files.push(web_app::render_worker(site, lang, version, &shell));
    }
    Ok(files)
}
