//! Step 0 (config): the values of `site.yaml` checked and turned into the [`Config`] every later
//! stage reads. Every problem is reported, not just the first, each at its key's line.

use std::path::{Path, PathBuf};

use super::problems::Problems;
use super::raw::{RawConfig, RawSingleFile};
use super::raw_html::check_raw_html;
use super::{BuildOptions, Config, Language, SingleFile, file_name_slug, is_language_code, zim};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step;

/// Images inlined in the one-file edition when not larger than this, unless `site.yaml` says.
const DEFAULT_MAX_IMAGE_KB: u64 = 30;

/// Checks every value of `raw`; the configuration, or every problem found.
pub(super) fn check(
    mut raw: RawConfig,
    text: &str,
    file: &Path,
    options: &BuildOptions,
) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Problems::new(text, file);
    let codes: Vec<&str> = raw.languages.iter().map(|l| l.code.as_str()).collect();
    check_languages(&raw, &codes, &mut problems);
    check_texts(&raw, &codes, &mut problems);
    let base_url = check_values(&raw, &mut problems);
    let theme_dir = check_theme(&raw.theme, options, &mut problems);
    check_raw_html(&raw.raw_html, &mut problems);
    let single_name = check_single_file_name(&raw.single_file, &mut problems);
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    let site_texts = zim::SiteTexts {
        title: &raw.title,
        description: &raw.description,
        default_language: &raw.default_language,
        languages: &codes,
    };
    let zim = zim::check_zim(std::mem::take(&mut raw.zim), &site_texts, text, file);
    let checked = Checked {
        base_url,
        theme_dir,
        single_name,
        zim,
    };
    Ok(into_config(raw, checked, options))
}

/// The languages: at least one, each code well formed and listed once, fallbacks to other
/// languages of the site, and a default language among them.
fn check_languages(raw: &RawConfig, codes: &[&str], problems: &mut Problems) {
    if raw.languages.is_empty() {
        problems.add(
            &[Step::Key("languages")],
            "`languages` is empty".into(),
            "list at least one language, e.g. `- {code: km, name: ខ្មែរ}`".into(),
        );
    }
    for (i, lang) in raw.languages.iter().enumerate() {
        if !is_language_code(&lang.code) {
            problems.add(
                &[Step::Key("languages"), Step::Item(i), Step::Key("code")],
                format!("`{}` is not a language code", lang.code),
                "use a two- or three-letter lower-case code such as km, en or fr".into(),
            );
        }
        if codes[..i].contains(&lang.code.as_str()) {
            problems.add(
                &[Step::Key("languages"), Step::Item(i), Step::Key("code")],
                format!("language `{}` is listed twice", lang.code),
                "list each language once".into(),
            );
        }
        for f in &lang.fallback {
            if !codes.contains(&f.as_str()) || *f == lang.code {
                problems.add(
                    &[Step::Key("languages"), Step::Item(i), Step::Key("fallback")],
                    format!("`{}` cannot fall back to `{f}`", lang.code),
                    format!(
                        "a fallback must be another language of the site: one of {}",
                        others(codes, &lang.code)
                    ),
                );
            }
        }
    }
    if !codes.contains(&raw.default_language.as_str()) {
        problems.add(
            &[Step::Key("default_language")],
            format!(
                "default_language `{}` is not one of the languages",
                raw.default_language
            ),
            format!("allowed: {}", codes.join(", ")),
        );
    }
}

/// The site's title (and its description, when it has one) in every language and no other.
fn check_texts(raw: &RawConfig, codes: &[&str], problems: &mut Problems) {
    for (key, map) in [("title", &raw.title), ("description", &raw.description)] {
        if key == "description" && map.is_empty() {
            continue;
        }
        for code in codes {
            if !map.contains_key(*code) {
                problems.add(
                    &[Step::Key(key)],
                    format!("`{key}` has no text for language `{code}`"),
                    format!("add `{code}: ...` under `{key}:`"),
                );
            }
        }
        for code in map.keys() {
            if !codes.contains(&code.as_str()) {
                problems.add(
                    &[Step::Key(key), Step::Key(code)],
                    format!("`{key}` has text for `{code}`, which is not a language of the site"),
                    format!("allowed: {}", codes.join(", ")),
                );
            }
        }
    }
}

/// The base URL, the hotline and the page size of listings; the base URL as the configuration
/// keeps it (with one trailing slash), if the site has one.
fn check_values(raw: &RawConfig, problems: &mut Problems) -> Option<String> {
    let base_url = raw
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(url) = base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        problems.add(
            &[Step::Key("base_url")],
            format!("base_url `{url}` is not an absolute web address"),
            "write it like https://portal.example.org/ (or leave it out)".into(),
        );
    }
    if let Some(phone) = &raw.hotline
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == ' ' || c == '-')
    {
        problems.add(
            &[Step::Key("hotline")],
            format!("hotline `{phone}` is not a phone number"),
            "use digits, spaces, `-` and a leading `+` only, e.g. 1286".into(),
        );
    }
    if raw.paginate == 0 {
        problems.add(
            &[Step::Key("paginate")],
            "paginate must be at least 1".into(),
            "the number of pages listed per section page, e.g. 30".into(),
        );
    }
    base_url.map(|u| format!("{}/", u.trim_end_matches('/')))
}

/// The site's own theme folder, if it has one; a theme other than the built-in `default` must.
fn check_theme(theme: &str, options: &BuildOptions, problems: &mut Problems) -> Option<PathBuf> {
    let site_theme = options.site_dir.join("themes").join(theme);
    let theme_dir = site_theme.is_dir().then_some(site_theme);
    if theme_dir.is_none() && theme != "default" {
        problems.add(
            &[Step::Key("theme")],
            format!("theme `{theme}` not found in themes/"),
            "create themes/<name>/ or use `default` (built into spean)".into(),
        );
    }
    theme_dir
}

/// `single_file: name:`, which starts file names: already a slug of ASCII letters, digits and
/// `-`.
fn check_single_file_name(raw: &RawSingleFile, problems: &mut Problems) -> Option<String> {
    let name = raw.name.as_ref()?;
    let slug = file_name_slug(name).filter(|slug| slug == name);
    if slug.is_none() {
        problems.add(
            &[Step::Key("single_file"), Step::Key("name")],
            format!("`{name}` cannot start a file name"),
            "use lower-case ASCII letters, digits and `-`, e.g. `nssf-guide`".into(),
        );
    }
    slug
}

/// What the checks made of the raw values.
struct Checked {
    base_url: Option<String>,
    theme_dir: Option<PathBuf>,
    single_name: Option<String>,
    zim: zim::Zim,
}

/// The configuration from checked values and the command line's options.
fn into_config(raw: RawConfig, checked: Checked, options: &BuildOptions) -> Config {
    let output_dir = options
        .output_dir
        .clone()
        .unwrap_or_else(|| options.site_dir.join("public"));
    let mut config = Config {
        site_dir: options.site_dir.clone(),
        content_dir: options.site_dir.join("content"),
        static_dir: options.site_dir.join("static"),
        theme_dir: checked.theme_dir,
        output_dir,
        languages: raw
            .languages
            .into_iter()
            .map(|l| Language {
                code: l.code,
                name: l.name,
                fallback: l.fallback,
            })
            .collect(),
        default_language: raw.default_language,
        title: raw.title,
        description: raw.description,
        base_url: checked.base_url,
        hotline: raw.hotline,
        paginate: raw.paginate,
        feeds: raw
            .feeds
            .into_iter()
            .map(|f| f.trim_matches('/').to_string())
            .collect(),
        search: raw.search,
        raw_html: raw.raw_html,
        zim: checked.zim,
        stale_after_days: raw.stale_after_days,
        rebuild_warning_days: raw.rebuild_warning_days,
        today: options
            .today
            .clone()
            .unwrap_or_else(crate::date::Date::today),
        single_file: SingleFile {
            enabled: options.single_file,
            name: checked.single_name.unwrap_or_default(),
            max_image_bytes: raw
                .single_file
                .max_image_kb
                .unwrap_or(DEFAULT_MAX_IMAGE_KB)
                .saturating_mul(1024),
        },
        offline: options.offline,
        drafts: options.drafts,
        minify: !options.no_minify,
    };
    if config.single_file.name.is_empty() {
        config.single_file.name = config.short_name();
    }
    config
}

/// The languages of `codes` but `except`, for a hint.
fn others(codes: &[&str], except: &str) -> String {
    codes
        .iter()
        .filter(|c| **c != except)
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}
