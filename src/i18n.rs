//! UI strings of the theme, one YAML file per language (`themes/default/i18n/km.yaml`).
//!
//! Every language must have every key: a key present in one language file and missing in another
//! is an error naming the key and the language, so no reader meets an untranslated button. Each
//! language also names every language of the site in its own words (`language_in_en: en
//! anglais`), for the fallback notice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::yaml;

/// The notice over a page shown in another language, and the placeholder in it for the language
/// shown, which becomes `language_in_<code>` of the reader's strings ("en anglais").
pub(crate) const FALLBACK_NOTICE: &str = "fallback_notice";
pub(crate) const IN_LANGUAGE: &str = "{in_language}";
pub(crate) const LANGUAGE_IN: &str = "language_in_";

/// Language code → key → text.
pub(crate) type UiStrings = BTreeMap<String, BTreeMap<String, String>>;

/// Merges the built-in files with the site theme's (later files override earlier keys), then
/// checks that every language of the site has every key.
pub(crate) fn load_strings(
    config: &Config,
    files: &BTreeMap<String, Vec<(String, PathBuf)>>,
) -> Result<UiStrings, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut strings: UiStrings = BTreeMap::new();
    let mut last_file: BTreeMap<String, PathBuf> = BTreeMap::new();
    for lang in config.language_codes() {
        let Some(layers) = files.get(lang) else {
            problems.push(
                Diagnostic::error(format!("i18n/{lang}.yaml"), format!("the theme has no UI strings for language `{lang}`"))
                    .with_hint(format!("create themes/<theme>/i18n/{lang}.yaml with the same keys as the other languages")),
            );
            continue;
        };
        let merged = strings.entry(lang.to_string()).or_default();
        for (text, file) in layers {
            match yaml::parse::<BTreeMap<String, String>>(
                text,
                file,
                text,
                yaml::Placement::WHOLE_FILE,
            ) {
                Ok(map) => merged.extend(map),
                Err(d) => problems.push(d),
            }
            last_file.insert(lang.to_string(), file.clone());
        }
    }
    // Every key some language has, and the name of every language of the site as the fallback
    // notice says it ("en anglais"): a site with a fourth language needs it named in each.
    let language_names: Vec<String> = config
        .language_codes()
        .map(|code| format!("{LANGUAGE_IN}{code}"))
        .collect();
    let required: BTreeSet<&String> = strings
        .values()
        .flat_map(|m| m.keys())
        .chain(&language_names)
        .collect();
    for (lang, map) in &strings {
        for key in &required {
            if !map.contains_key(*key) {
                let owner = strings
                    .iter()
                    .find(|(_, m)| m.contains_key(*key))
                    .map(|(l, _)| l.as_str());
                let hint = match (owner, key.strip_prefix(LANGUAGE_IN)) {
                    (Some(owner), _) => format!("add `{key}: ...` (the `{owner}` file has it)"),
                    (None, Some(code)) => format!(
                        "add `{key}: ...`: the language `{code}` as the fallback notice names it in `{lang}` (`in English`, `en anglais`)"
                    ),
                    (None, None) => format!("add `{key}: ...`"),
                };
                problems.push(
                    Diagnostic::error(
                        last_file.get(lang).cloned().unwrap_or_default(),
                        format!("UI string `{key}` is missing in language `{lang}`"),
                    )
                    .with_hint(hint),
                );
            }
        }
        if let Some(notice) = map.get(FALLBACK_NOTICE)
            && !notice.contains(IN_LANGUAGE)
        {
            problems.push(
                Diagnostic::error(
                    last_file.get(lang).cloned().unwrap_or_default(),
                    format!("UI string `{FALLBACK_NOTICE}` in language `{lang}` does not say where the language goes"),
                )
                .with_hint(format!(
                    "write `{IN_LANGUAGE}` where the shown language is named (`It is shown {IN_LANGUAGE}.`); it becomes one of the `{LANGUAGE_IN}<code>` strings"
                )),
            );
        }
    }
    if problems.is_empty() {
        Ok(strings)
    } else {
        Err(problems)
    }
}
