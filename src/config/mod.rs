//! Step 0 of the pipeline: `site.yaml` and the command line become one checked [`Config`].
//!
//! Everything after this point reads the checked configuration, never the raw file: a wrong value
//! is reported here, naming the key, its line and what is allowed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::yaml;

mod check;
mod problems;
mod raw;
mod raw_html;
mod zim;
pub use raw_html::RawHtml;
pub(crate) use zim::Zim;

/// The name of the configuration file at the root of a site folder.
pub(crate) const CONFIG_FILE: &str = "site.yaml";

/// The one-file edition of each language (`spean package`, `spean build --single-file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SingleFile {
    /// Made by this build.
    pub enabled: bool,
    /// File names are `<name>-<lang>.html`, at the output's root.
    pub name: String,
    pub max_image_bytes: u64,
}

impl SingleFile {
    /// The file of one language's edition, at the output's root: `<name>-<lang>.html`.
    pub(crate) fn file_name(&self, lang: &str) -> String {
        format!("{}-{lang}.html", self.name)
    }
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Language {
    /// BCP 47 primary subtag, as used in file names (`join.km.md`) and URLs (`km/`).
    pub code: String,
    /// The language's own name in its own script (ខ្មែរ, English, Français).
    pub name: String,
    /// Languages to borrow a page from when this one lacks it, in order.
    pub fallback: Vec<String>,
}

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
    pub today: Option<crate::date::Date>,
    /// Who is told how far the build is (the command line's progress bar; nobody by default).
    pub progress: crate::progress::Progress,
}

/// The checked configuration every later stage reads.
#[derive(Debug, Clone)]
pub(crate) struct Config {
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
    pub today: crate::date::Date,
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
    pub(crate) fn web_app(&self) -> bool {
        !self.offline && self.base_url.is_some()
    }

    /// Reads and checks `site.yaml`; returns every problem found, not just the first.
    pub(crate) fn load(options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
        let file = options.site_dir.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let text = match std::fs::read(&file) {
            Ok(bytes) => crate::text::decode(&bytes, &shown).map_err(|d| vec![d])?,
            Err(err) => {
                return Err(vec![
                    Diagnostic::error(&file, format!("cannot read the site configuration: {err}"))
                        .with_hint(
                            "run spean from a site folder (one with a site.yaml), or pass --site DIR",
                        ),
                ]);
            }
        };
        let raw: raw::RawConfig =
            yaml::parse(&text, &shown, &text, yaml::Placement::WHOLE_FILE).map_err(|d| vec![d])?;
        check::check(raw, &text, &shown, options)
    }

    /// The site's short name for file names: the English (else default-language) title as a
    /// slug of ASCII letters, digits and `-`, or `site`.
    pub(crate) fn short_name(&self) -> String {
        let title = self
            .title
            .get("en")
            .or_else(|| self.title.get(&self.default_language))
            .cloned()
            .unwrap_or_default();
        file_name_slug(&title).unwrap_or_else(|| "site".to_string())
    }

    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub(crate) fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// The languages to try, in order, for a reader of `code`: itself, then its fallbacks, then
    /// the default language, then every other language (so a page is never missing).
    pub(crate) fn fallback_chain<'a>(&'a self, code: &'a str) -> Vec<&'a str> {
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

/// `text` as a slug fit for a file name (ASCII letters, digits and `-`), if anything is left.
fn file_name_slug(text: &str) -> Option<String> {
    let slug: String = crate::slug::slugify(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let slug = slug.trim_matches('-');
    (!slug.is_empty()).then(|| slug.to_string())
}

/// What a language code looks like: two or three lower-case ASCII letters (`km`, `en`, `fra`).
pub(crate) fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
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
