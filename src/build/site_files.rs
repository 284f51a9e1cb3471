//! The build driver's execute step for the site's own files (`plan::SiteFile`): which render
//! function makes each, and the search document of a page.

use crate::data;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::{self, Reads, RenderedFile};
use crate::search;
use crate::theme::Theme;

use super::plan::SiteFile;

/// The files of one of the site's own outputs. `public_key` is the text of the site's
/// `signing-key.pub` (read by the load step), when it has one.
pub(crate) fn render_site_file(
    r: &Reads,
    file: &SiteFile,
    public_key: Option<&str>,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    use render::site_pages::{render_chooser, render_not_found, render_offline_page};
    let theme = r.theme();
    Ok(match file {
        SiteFile::Chooser => vec![render_chooser(r)?],
        SiteFile::NotFound(Some(lang)) => {
            vec![render_not_found(r, lang, &format!("{lang}/404.html"))?]
        }
        SiteFile::NotFound(None) => {
            let lang = &r.config().default_language;
            vec![render_not_found(r, lang, "404.html")?]
        }
        SiteFile::Offline(lang) => vec![render_offline_page(r, lang)?],
        SiteFile::PublicKey => published_public_key(public_key)?.into_iter().collect(),
        // Feeds list pages as links do, and announce the coming changes of the data.
        SiteFile::Feeds => {
            r.data();
            for lang in r.config().language_codes() {
                r.strings(lang);
            }
            render::feed::render_feeds(r.listings(), &theme.strings)
        }
        SiteFile::Directory => {
            for lang in r.config().language_codes() {
                r.strings(lang);
            }
            directory_files(r.data(), theme)
        }
        SiteFile::Sitemap => render::sitemap::render_sitemap(r.addresses())
            .into_iter()
            .collect(),
        SiteFile::Robots => vec![render::sitemap::render_robots(r.config())],
    })
}

/// The site's public signing key (`signing-key.pub` from `spean keygen`), published on every
/// build so anyone can check a USB copy against it.
fn published_public_key(text: Option<&str>) -> Result<Option<RenderedFile>, Diagnostic> {
    use crate::package::keys;
    let Some(text) = text else {
        return Ok(None);
    };
    match keys::parse_public_key(text) {
        Some(key) => Ok(Some(RenderedFile {
            path: keys::PUBLISHED_PUBLIC_KEY.into(),
            bytes: keys::public_key_text(&key).into_bytes(),
        })),
        None => Err(
            Diagnostic::error(keys::SITE_PUBLIC_KEY, "this is not a spean public key")
                .at(text, 1, 1)
                .with_hint(
                    "make a key pair with `spean keygen` (it writes this file), or remove it",
                ),
        ),
    }
}

/// The search document of an output page, from its first file (the page itself, not its
/// pagination or checklist pages).
pub(crate) fn search_document(r: &Reads, index: usize, file: &RenderedFile) -> search::SearchDoc {
    let (output, source, _) = r.page(index);
    let url = output
        .path
        .strip_prefix(&format!("{}/", output.lang))
        .unwrap_or(&output.path)
        .to_string();
    let section = r
        .parent(output.entry)
        .map(|p| r.listing(r.output_index(p, &output.lang)).title.to_string())
        .unwrap_or_default();
    search::document(url, &source.front.title, &section, &file.bytes)
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
