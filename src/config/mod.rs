//! Step 0 of the pipeline: `site.yaml` and the command line become one checked [`Config`].
//!
//! Everything after this point reads the checked configuration, never the raw file: a wrong value
//! is reported here, naming the key, its line and what is allowed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::yaml::{self, Step};

mod zim;
pub use zim::{MAX_DESCRIPTION, MAX_TITLE, Zim};

/// The name of the configuration file at the root of a site folder.
pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: BTreeMap<String, String>,
    #[serde(default)]
    description: BTreeMap<String, String>,
    base_url: Option<String>,
    default_language: String,
    languages: Vec<RawLanguage>,
    #[serde(default = "default_theme")]
    theme: String,
    hotline: Option<String>,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default = "default_feeds")]
    feeds: Vec<String>,
    #[serde(default = "default_true")]
    search: bool,
    #[serde(default = "default_stale_after_days")]
    stale_after_days: u32,
    #[serde(default = "default_rebuild_warning_days")]
    rebuild_warning_days: u32,
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    zim: zim::RawZim,
    #[serde(default)]
    single_file: RawSingleFile,
}

/// `single_file:` in `site.yaml`: how the one-file edition of each language is made.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSingleFile {
    /// The start of the file names (`<name>-km.html`); default: from the English title.
    name: Option<String>,
    /// Images up to this size are inlined; larger ones are left out, their alt text shown.
    max_image_kb: Option<u64>,
}

/// The one-file edition of each language (`spean package`, `spean build --single-file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleFile {
    /// Made by this build.
    pub enabled: bool,
    /// File names are `<name>-<lang>.html`, at the output's root.
    pub name: String,
    pub max_image_bytes: u64,
}

impl SingleFile {
    /// The file of one language's edition, at the output's root: `<name>-<lang>.html`.
    pub fn file_name(&self, lang: &str) -> String {
        format!("{}-{lang}.html", self.name)
    }
}

/// Images inlined in the one-file edition when not larger than this, unless `site.yaml` says.
const DEFAULT_MAX_IMAGE_KB: u64 = 30;

fn default_stale_after_days() -> u32 {
    365
}

fn default_rebuild_warning_days() -> u32 {
    30
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    #[serde(default)]
    fallback: Vec<String>,
}

/// A tag or attribute name: ASCII letters, digits and `-`.
fn is_html_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_true() -> bool {
    true
}

fn default_paginate() -> usize {
    30
}

fn default_feeds() -> Vec<String> {
    vec!["news".to_string()]
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// BCP 47 primary subtag, as used in file names (`join.km.md`) and URLs (`km/`).
    pub code: String,
    /// The language's own name in its own script (ខ្មែរ, English, Français).
    pub name: String,
    /// Languages to borrow a page from when this one lacks it, in order.
    pub fallback: Vec<String>,
}

/// What raw HTML in Markdown may keep beyond the safe set (`raw_html:` in `site.yaml`): more
/// tags, and more attributes per tag. Script, styles and event handlers are never allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHtml {
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Vec<String>>,
}

/// Tags that carry script or styles, or load a whole other document: never allowed.
const NEVER_TAGS: [&str; 12] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "noscript",
];

/// What the command line asks of this build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site folder holding `site.yaml`, `content/` and optionally `themes/` and `static/`.
    pub site_dir: PathBuf,
    /// Output folder; `public/` inside the site folder when not given.
    pub output_dir: Option<PathBuf>,
    /// Links to folders end in `index.html` so the output works from `file://`.
    pub offline: bool,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Skip minification (for debugging templates and for like-for-like benchmarks).
    pub no_minify: bool,
    /// Also write the one-file edition of each language (`<name>-<lang>.html`).
    pub single_file: bool,
    /// The day whose rules the site shows (`--today`); `Date::today()` when not given.
    pub today: Option<crate::load::frontmatter::Date>,
    /// Who is told how far the build is (the command line's progress bar; nobody by default).
    pub progress: crate::progress::Progress,
}

/// The checked configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    pub site_dir: PathBuf,
    pub content_dir: PathBuf,
    pub static_dir: PathBuf,
    /// The site's own theme folder, if it has one; the built-in default theme fills the gaps.
    pub theme_dir: Option<PathBuf>,
    pub output_dir: PathBuf,
    pub languages: Vec<Language>,
    pub default_language: String,
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    /// Absolute base URL with a trailing slash, for the sitemap, feeds and canonical links.
    pub base_url: Option<String>,
    pub hotline: Option<String>,
    pub paginate: usize,
    /// Section paths (relative to `content/`) that get an Atom feed per language.
    pub feeds: Vec<String>,
    /// Build the search index and show the search box (on by default).
    pub search: bool,
    /// `spean check` warns about records whose `last_verified` is older than this.
    pub stale_after_days: u32,
    /// `spean check` warns about a dated change taking effect within this many days.
    pub rebuild_warning_days: u32,
    /// The day whose amounts and rates the site shows (`data::dated`): `--today`, else today.
    pub today: crate::load::frontmatter::Date,
    /// What raw HTML in Markdown may keep beyond the safe set.
    pub raw_html: RawHtml,
    /// The metadata of `spean package --zim`'s archive, and what stops it.
    pub zim: Zim,
    pub single_file: SingleFile,
    pub offline: bool,
    pub drafts: bool,
    pub minify: bool,
}

impl Config {
    /// A web build of a site with a `base_url` gets a web manifest and a service worker per
    /// language (`render::web_app`): a reader who opened a page once can read it again without a
    /// connection. Never in `--offline` builds: a service worker cannot run from `file://`.
    pub fn web_app(&self) -> bool {
        !self.offline && self.base_url.is_some()
    }

    /// Reads and checks `site.yaml`; returns every problem found, not just the first.
    pub fn load(options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
        let file = options.site_dir.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let text = match std::fs::read(&file) {
            Ok(bytes) => crate::load::source::decode(&bytes, &shown).map_err(|d| vec![d])?,
            Err(err) => {
                return Err(vec![
                    Diagnostic::error(&file, format!("cannot read the site configuration: {err}"))
                        .with_hint(
                            "run spean from a site folder (one with a site.yaml), or pass --site DIR",
                        ),
                ]);
            }
        };
        let raw: RawConfig =
            yaml::parse(&text, &shown, &text, yaml::Placement::WHOLE_FILE).map_err(|d| vec![d])?;
        check(raw, &text, &shown, options)
    }

    /// The site's short name for file names: the English (else default-language) title as a
    /// slug of ASCII letters, digits and `-`, or `site`.
    pub fn short_name(&self) -> String {
        let title = self
            .title
            .get("en")
            .or_else(|| self.title.get(&self.default_language))
            .cloned()
            .unwrap_or_default();
        file_name_slug(&title).unwrap_or_else(|| "site".to_string())
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// The languages to try, in order, for a reader of `code`: itself, then its fallbacks, then
    /// the default language, then every other language (so a page is never missing).
    pub fn fallback_chain<'a>(&'a self, code: &'a str) -> Vec<&'a str> {
        let mut chain = vec![code];
        if let Some(lang) = self.language(code) {
            chain.extend(lang.fallback.iter().map(String::as_str));
        }
        chain.push(&self.default_language);
        chain.extend(self.language_codes());
        let mut seen = Vec::new();
        chain.retain(|c| {
            let fresh = !seen.contains(c);
            seen.push(*c);
            fresh
        });
        chain
    }
}

fn check(
    raw: RawConfig,
    text: &str,
    file: &Path,
    options: &BuildOptions,
) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut problem = |path: &[Step], message: String, hint: String| {
        let (line, column) = yaml::locate(text, path);
        problems.push(
            Diagnostic::error(file, message)
                .at(text, line, column)
                .with_hint(hint),
        );
    };

    if raw.languages.is_empty() {
        problem(
            &[Step::Key("languages")],
            "`languages` is empty".into(),
            "list at least one language, e.g. `- {code: km, name: ខ្មែរ}`".into(),
        );
    }
    let codes: Vec<&str> = raw.languages.iter().map(|l| l.code.as_str()).collect();
    for (i, lang) in raw.languages.iter().enumerate() {
        if !is_language_code(&lang.code) {
            problem(
                &[Step::Key("languages"), Step::Item(i), Step::Key("code")],
                format!("`{}` is not a language code", lang.code),
                "use a two- or three-letter lower-case code such as km, en or fr".into(),
            );
        }
        if codes[..i].contains(&lang.code.as_str()) {
            problem(
                &[Step::Key("languages"), Step::Item(i), Step::Key("code")],
                format!("language `{}` is listed twice", lang.code),
                "list each language once".into(),
            );
        }
        for f in &lang.fallback {
            if !codes.contains(&f.as_str()) || *f == lang.code {
                problem(
                    &[Step::Key("languages"), Step::Item(i), Step::Key("fallback")],
                    format!("`{}` cannot fall back to `{f}`", lang.code),
                    format!(
                        "a fallback must be another language of the site: one of {}",
                        others(&codes, &lang.code)
                    ),
                );
            }
        }
    }
    if !codes.contains(&raw.default_language.as_str()) {
        problem(
            &[Step::Key("default_language")],
            format!(
                "default_language `{}` is not one of the languages",
                raw.default_language
            ),
            format!("allowed: {}", codes.join(", ")),
        );
    }
    for (key, map) in [("title", &raw.title), ("description", &raw.description)] {
        if key == "description" && map.is_empty() {
            continue;
        }
        for code in &codes {
            if !map.contains_key(*code) {
                problem(
                    &[Step::Key(key)],
                    format!("`{key}` has no text for language `{code}`"),
                    format!("add `{code}: ...` under `{key}:`"),
                );
            }
        }
        for code in map.keys() {
            if !codes.contains(&code.as_str()) {
                problem(
                    &[Step::Key(key), Step::Key(code)],
                    format!("`{key}` has text for `{code}`, which is not a language of the site"),
                    format!("allowed: {}", codes.join(", ")),
                );
            }
        }
    }
    let base_url = raw
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(url) = base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        problem(
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
        problem(
            &[Step::Key("hotline")],
            format!("hotline `{phone}` is not a phone number"),
            "use digits, spaces, `-` and a leading `+` only, e.g. 1286".into(),
        );
    }
    if raw.paginate == 0 {
        problem(
            &[Step::Key("paginate")],
            "paginate must be at least 1".into(),
            "the number of pages listed per section page, e.g. 30".into(),
        );
    }
    let site_theme = options.site_dir.join("themes").join(&raw.theme);
    let theme_dir = site_theme.is_dir().then_some(site_theme);
    if theme_dir.is_none() && raw.theme != "default" {
        problem(
            &[Step::Key("theme")],
            format!("theme `{}` not found in themes/", raw.theme),
            "create themes/<name>/ or use `default` (built into spean)".into(),
        );
    }
    for (i, tag) in raw.raw_html.tags.iter().enumerate() {
        if NEVER_TAGS.contains(&tag.to_ascii_lowercase().as_str()) || !is_html_name(tag) {
            problem(
                &[Step::Key("raw_html"), Step::Key("tags"), Step::Item(i)],
                format!("raw_html cannot allow `<{tag}>`"),
                format!(
                    "script, styles and embedded documents never pass ({})",
                    NEVER_TAGS.join(", ")
                ),
            );
        }
    }
    for (tag, attributes) in &raw.raw_html.attributes {
        for attribute in attributes {
            let lower = attribute.to_ascii_lowercase();
            let never = lower.starts_with("on")
                || matches!(
                    lower.as_str(),
                    "style" | "srcdoc" | "formaction" | "xlink:href"
                );
            if never || !is_html_name(attribute) || !is_html_name(tag) {
                problem(
                    &[
                        Step::Key("raw_html"),
                        Step::Key("attributes"),
                        Step::Key(tag),
                    ],
                    format!("raw_html cannot allow the attribute `{attribute}` on `<{tag}>`"),
                    "event handlers (on...), style and srcdoc never pass".into(),
                );
            }
        }
    }

    let single_name = match &raw.single_file.name {
        Some(name) => match file_name_slug(name).filter(|slug| slug == name) {
            Some(slug) => Some(slug),
            None => {
                problem(
                    &[Step::Key("single_file"), Step::Key("name")],
                    format!("`{name}` cannot start a file name"),
                    "use lower-case ASCII letters, digits and `-`, e.g. `nssf-guide`".into(),
                );
                None
            }
        },
        None => None,
    };

    if !problems.is_empty() {
        return Err(problems);
    }
    let site_texts = zim::SiteTexts {
        title: &raw.title,
        description: &raw.description,
        default_language: &raw.default_language,
        languages: &codes,
    };
    let zim = zim::check_zim(raw.zim, &site_texts, text, file);
    let output_dir = options
        .output_dir
        .clone()
        .unwrap_or_else(|| options.site_dir.join("public"));
    let mut config = Config {
        site_dir: options.site_dir.clone(),
        content_dir: options.site_dir.join("content"),
        static_dir: options.site_dir.join("static"),
        theme_dir,
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
        base_url: base_url.map(|u| format!("{}/", u.trim_end_matches('/'))),
        hotline: raw.hotline,
        paginate: raw.paginate,
        feeds: raw
            .feeds
            .into_iter()
            .map(|f| f.trim_matches('/').to_string())
            .collect(),
        search: raw.search,
        raw_html: raw.raw_html,
        zim,
        stale_after_days: raw.stale_after_days,
        rebuild_warning_days: raw.rebuild_warning_days,
        today: options
            .today
            .clone()
            .unwrap_or_else(crate::load::frontmatter::Date::today),
        single_file: SingleFile {
            enabled: options.single_file,
            name: single_name.unwrap_or_default(),
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
    Ok(config)
}

/// `text` as a slug fit for a file name (ASCII letters, digits and `-`), if anything is left.
fn file_name_slug(text: &str) -> Option<String> {
    let slug: String = crate::slug::slugify(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let slug = slug.trim_matches('-');
    (!slug.is_empty()).then(|| slug.to_string())
}

fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

fn others(codes: &[&str], except: &str) -> String {
    codes
        .iter()
        .filter(|c| **c != except)
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_from(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        Config::load(&BuildOptions {
            site_dir: dir.path().to_path_buf(),
            ..Default::default()
        })
    }

    const GOOD: &str = "title: {km: ក, en: A, fr: A}\ndefault_language: km\nlanguages:\n  - {code: km, name: ខ្មែរ, fallback: [en]}\n  - {code: en, name: English}\n  - code: fr\n    name: Français\n    fallback: [en]\n";

    #[test]
    fn a_good_config_loads_with_defaults() {
        let c = config_from(GOOD).unwrap();
        assert_eq!(c.default_language, "km");
        assert_eq!(c.paginate, 30);
        assert_eq!(c.feeds, vec!["news"]);
        assert_eq!(c.fallback_chain("fr"), vec!["fr", "en", "km"]);
        assert_eq!(c.fallback_chain("en"), vec!["en", "km", "fr"]);
    }

    #[test]
    fn a_bad_fallback_names_key_line_and_allowed_values() {
        let text = GOOD.replace("fallback: [en]\n", "fallback: [de]\n");
        let errs = config_from(&text).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].message, "`fr` cannot fall back to `de`");
        assert_eq!(errs[0].line, 8);
        assert!(errs[0].hint.as_deref().unwrap().contains("km, en"));
    }

    #[test]
    fn a_wrong_default_language_and_missing_title_are_both_reported() {
        let text = GOOD
            .replace("default_language: km", "default_language: kh")
            .replace(", fr: A}", "}");
        let errs = config_from(&text).unwrap_err();
        let messages: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
        assert!(messages.contains(&"default_language `kh` is not one of the languages"));
        assert!(messages.contains(&"`title` has no text for language `fr`"));
        let dl = errs
            .iter()
            .find(|e| e.message.starts_with("default_"))
            .unwrap();
        assert_eq!(dl.line, 2);
    }

    #[test]
    fn an_unknown_key_suggests_the_right_one() {
        let errs = config_from(&format!("{GOOD}basе_url: x\nbase_ulr: https://x/\n")).unwrap_err();
        assert!(errs[0].message.contains("unknown field"));
    }
}
