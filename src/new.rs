//! `spean new page|news|scheme|facility PATH`: the files of a new page (in every language of the
//! site) or a new record, with every field filled with a placeholder to replace, so the site
//! builds right away. Never overwrites: if any of the files exists, nothing is written.

use std::path::{Path, PathBuf};

use crate::config::{BuildOptions, Config};
use crate::load::frontmatter::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    News,
    Scheme,
    Facility,
}

/// Creates the files; returns their paths.
pub fn create(site_dir: &Path, kind: Kind, path: &str) -> Result<Vec<PathBuf>, String> {
    let config = Config::load(&BuildOptions {
        site_dir: site_dir.to_path_buf(),
        ..Default::default()
    })
    .map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let path = path
        .trim_matches('/')
        .trim_end_matches(".md")
        .trim_end_matches(".yaml");
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!(
            "`{name}` cannot be a file name here: use lower-case letters, digits and `-`, like how-to-pay"
        ));
    }
    refuse_existing_id(&config, kind, name)?;
    let today = Date::today().ymd();
    let langs: Vec<String> = config.language_codes().map(str::to_string).collect();
    let files: Vec<(PathBuf, String)> = match kind {
        Kind::Page | Kind::News => {
            let dir = if kind == Kind::News && !path.contains('/') {
                format!("news/{path}")
            } else {
                path.to_string()
            };
            // The page's files go under content/ and nowhere else (`spean new page ../x` is
            // refused), with names a USB drive can hold.
            crate::outpath::check(&dir)
                .map_err(|why| format!("`{dir}` cannot be a page under content/: {why}"))?;
            langs
                .iter()
                .map(|lang| {
                    let date = if kind == Kind::News { format!("date: {today}\n") } else { String::new() };
                    let from = if *lang == config.default_language {
                        String::new()
                    } else {
                        format!("# After translating, run: spean translations mark content/{dir}.{lang}.md\n")
                    };
                    (
                        config.content_dir.join(format!("{dir}.{lang}.md")),
                        format!(
                            "---\ntitle: \"TODO: title ({lang})\"\ndescription: \"TODO: one sentence for listings and search results ({lang})\"\n{date}{from}---\nTODO: write the page in Markdown ({lang}).\n\n<!-- Link to other pages as [text](@/path/to/page.md), to files as [text](file.pdf). -->\n"
                        ),
                    )
                })
                .collect()
        }
        Kind::Scheme => vec![(
            site_dir.join(format!("data/schemes/{name}.yaml")),
            format!(
                "- id: {name}\n  name: {t}\n  summary: {t}\n  who_can_join:\n    - {t}\n  contributions:\n    - {{amount: 0, currency: KHR, period: month, paid_by: member}}\n  covers:\n    - {t}\n  source: \"TODO: where these facts come from\"\n  last_verified: {today}\n",
                t = translated(&langs, "TODO")
            ),
        )],
        Kind::Facility => vec![(
            site_dir.join(format!("data/facilities/{name}.yaml")),
            format!(
                "- id: {name}\n  name: {t}\n  type: health_centre   # national_hospital, provincial_hospital, referral_hospital, health_centre, health_post, private_facility\n  province: 12          # 1-25, see the README\n  district: {t}\n  address: {t}\n  phone: 023 000 000\n  hours: {t}\n  emergency_24h: false\n  services:\n    - {t}\n  nssf_contract: false\n  source: \"TODO: where this record comes from\"\n  last_verified: {today}\n",
                t = translated(&langs, "TODO")
            ),
        )],
    };
    if let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(format!(
            "{} already exists: spean new never overwrites; choose another name",
            existing.display()
        ));
    }
    for (file, text) in &files {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn translated(langs: &[String], text: &str) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| format!("{l}: \"{text} ({l})\""))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// A new scheme or facility needs an id no record of its kind has: names the record that has it.
fn refuse_existing_id(config: &Config, kind: Kind, id: &str) -> Result<(), String> {
    let kind = match kind {
        Kind::Scheme => "scheme",
        Kind::Facility => "facility",
        Kind::Page | Kind::News => return Ok(()),
    };
    let (data, _) = crate::data::load_data(config);
    match data.find(kind, id) {
        Some((file, line, column)) => Err(format!(
            "{}:{line}:{column}: a {kind} with id `{id}` already exists; choose another id, or edit that record",
            file.path.display()
        )),
        None => Ok(()),
    }
}
