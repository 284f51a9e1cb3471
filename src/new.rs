//! `spean new page|news|scheme|facility PATH`: the files of a new page (in every language of the
//! site) or a new record, each a draft (`draft: true`, so the site builds and previews right
//! away, without it) with every field holding a `TODO(spean)` placeholder to replace, and values
//! that must be checked (an amount, a phone number) flagged with one in a comment. Never
//! overwrites: if any of the files exists, nothing is written.

use std::path::{Path, PathBuf};

use crate::config::{BuildOptions, Config};
use crate::date::Date;
use crate::error::Error;
use crate::placeholder;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Page,
    News,
    Scheme,
    Facility,
}

/// Creates the files; returns their paths.
pub(crate) fn create(site_dir: &Path, kind: Kind, path: &str) -> Result<Vec<PathBuf>, Error> {
    let config = Config::load(&BuildOptions {
        site_dir: site_dir.to_path_buf(),
        ..Default::default()
    })
    .map_err(Error::Content)?;
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
        return Err(Error::Refused(format!(
            "`{name}` cannot be a file name here: use lower-case letters, digits and `-`, like how-to-pay"
        )));
    }
    refuse_existing_id(&config, kind, name)?;
    let today = Date::today().ymd();
    let langs: Vec<String> = config.language_codes().map(str::to_string).collect();
    let files = match kind {
        Kind::Page | Kind::News => page_files(&config, kind, path, &today)?,
        Kind::Scheme => vec![scheme_file(site_dir, name, &langs, &today)],
        Kind::Facility => vec![facility_file(site_dir, name, &langs, &today)],
    };
    write_new(&files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// A page's file in every language of the site (`news/` for news given a bare name).
fn page_files(
    config: &Config,
    kind: Kind,
    path: &str,
    today: &str,
) -> Result<Vec<(PathBuf, String)>, Error> {
    let dir = if kind == Kind::News && !path.contains('/') {
        format!("news/{path}")
    } else {
        path.to_string()
    };
    // The page's files go under content/ and nowhere else (`spean new page ../x` is
    // refused), with names a USB drive can hold.
    crate::outpath::check(&dir)
        .map_err(|why| Error::Refused(format!("`{dir}` cannot be a page under content/: {why}")))?;
    let files = config
        .language_codes()
        .map(|lang| {
            let date = if kind == Kind::News { format!("date: {today}\n") } else { String::new() };
            let from = if lang == config.default_language {
                String::new()
            } else {
                format!("# After translating, run: spean translations mark content/{dir}.{lang}.md\n")
            };
            (
                config.content_dir.join(format!("{dir}.{lang}.md")),
                format!(
                    "---\ntitle: \"{title}\"\ndescription: \"{description}\"\n{date}{DRAFT_LINE}{from}---\n{body}\n\n<!-- Link to other pages as [text](@/path/to/page.md), to files as [text](file.pdf). -->\n",
                    title = placeholder::text(&format!("title ({lang})")),
                    description = placeholder::text(&format!(
                        "one sentence for listings and search results ({lang})"
                    )),
                    body = placeholder::text(&format!("write the page in Markdown ({lang}).")),
                ),
            )
        })
        .collect();
    Ok(files)
}

/// A scheme record, in a file of its own under `data/schemes/`.
fn scheme_file(site_dir: &Path, name: &str, langs: &[String], today: &str) -> (PathBuf, String) {
    (
        site_dir.join(format!("data/schemes/{name}.yaml")),
        format!(
            "- id: {name}\n  {DRAFT_LINE}  name: {name_t}\n  summary: {summary}\n  who_can_join:\n    - {who}\n  contributions:\n    - {{amount: 0, currency: KHR, period: month, paid_by: member}}   # {amount}\n  covers:\n    - {covers}\n  source: \"{source}\"\n  last_verified: {today}\n",
            name_t = translated(langs, "name"),
            summary = translated(langs, "one sentence on the scheme"),
            who = translated(langs, "who can join"),
            amount = placeholder::text("the real amount, currency, period and payer"),
            covers = translated(langs, "what it covers"),
            source = placeholder::text("where these facts come from"),
        ),
    )
}

/// A facility record, in a file of its own under `data/facilities/`.
fn facility_file(site_dir: &Path, name: &str, langs: &[String], today: &str) -> (PathBuf, String) {
    (
        site_dir.join(format!("data/facilities/{name}.yaml")),
        format!(
            "- id: {name}\n  {DRAFT_LINE}  name: {name_t}\n  type: health_centre   # {kind}\n  province: 12          # {province}\n  district: {district}\n  address: {address}\n  phone: 023 000 000    # {phone}\n  hours: {hours}\n  emergency_24h: false  # {emergency}\n  services:\n    - {services}\n  nssf_contract: false  # {contract}\n  source: \"{source}\"\n  last_verified: {today}\n",
            name_t = translated(langs, "name"),
            kind = placeholder::text(
                "one of national_hospital, provincial_hospital, referral_hospital, health_centre, health_post, private_facility"
            ),
            province = placeholder::text("its province, 1-25 (see the README)"),
            district = translated(langs, "district"),
            address = translated(langs, "address"),
            phone = placeholder::text("its number, or delete the line"),
            hours = translated(langs, "opening hours"),
            emergency = placeholder::text("true if it gives emergency care 24 hours a day"),
            services = translated(langs, "a service"),
            contract = placeholder::text("true if the NSSF has a contract with it"),
            source = placeholder::text("where this record comes from"),
        ),
    )
}

/// Writes the new files, none if any of them exists (`spean new` never overwrites).
fn write_new(files: &[(PathBuf, String)]) -> Result<(), Error> {
    if let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(Error::Refused(format!(
            "{} already exists: spean new never overwrites; choose another name",
            existing.display()
        )));
    }
    for (file, text) in files {
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
        }
        std::fs::write(file, text)
            .map_err(|e| Error::io(format!("cannot write {}", file.display()), e))?;
    }
    Ok(())
}

/// The line that keeps a new page or record out of the site until an editor removes it.
const DRAFT_LINE: &str = "draft: true   # not published while this line is here: delete it once every placeholder is replaced\n";

/// A placeholder per language: `{km: "TODO(spean): name (km)", en: ...}`.
fn translated(langs: &[String], what: &str) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| format!("{l}: \"{}\"", placeholder::text(&format!("{what} ({l})"))))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// A new scheme or facility needs an id no record of its kind has: names the record that has it.
fn refuse_existing_id(config: &Config, kind: Kind, id: &str) -> Result<(), Error> {
    let kind = match kind {
        Kind::Scheme => "scheme",
        Kind::Facility => "facility",
        Kind::Page | Kind::News => return Ok(()),
    };
    let (data, _) = crate::data::load_data(config);
    match data.find(kind, id) {
        Some((file, line, column)) => Err(Error::Refused(format!(
            "{}:{line}:{column}: a {kind} with id `{id}` already exists; choose another id, or edit that record",
            file.path.display()
        ))),
        None => Ok(()),
    }
}
