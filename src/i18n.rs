//! UI strings of the theme, one YAML file per language (`themes/default/i18n/km.yaml`).
//!
//! Every language must have every key: a key present in one language file and missing in another
//! is an error naming the key and the language, so no reader meets an untranslated button.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::yaml;

/// Language code → key → text.
pub type UiStrings = BTreeMap<String, BTreeMap<String, String>>;

/// Merges the built-in files with the site theme's (later files override earlier keys), then
/// checks that every language of the site has every key.
pub fn load_strings(
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
    let all_keys: BTreeSet<&String> = strings.values().flat_map(|m| m.keys()).collect();
    for (lang, map) in &strings {
        for key in &all_keys {
            if !map.contains_key(*key) {
                let owner = strings
                    .iter()
                    .find(|(_, m)| m.contains_key(*key))
                    .map(|(l, _)| l.as_str())
                    .unwrap_or("?");
                problems.push(
                    Diagnostic::error(
                        last_file.get(lang).cloned().unwrap_or_default(),
                        format!("UI string `{key}` is missing in language `{lang}`"),
                    )
                    .with_hint(format!("add `{key}: ...` (the `{owner}` file has it)")),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(strings)
    } else {
        Err(problems)
    }
}
