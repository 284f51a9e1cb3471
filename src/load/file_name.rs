//! Step 1 (load): what the name of a page's file says, the one place that knows these names: its
//! language (`join.km.md`, `join.en.md`, or `join.md` in the default language) and whether it is
//! a section's own page (`_index.md`, whose key names its folder).

use crate::config::is_language_code;

/// The file stem of a section's own page: `voluntary/_index.km.md` introduces `voluntary/`.
pub(crate) const SECTION_STEM: &str = "_index";

/// The key of a section's own page in the top folder of `content/`: the home page.
pub(crate) const SECTION_INDEX: &str = "_index.md";

/// The key of the section page of `dir`, a folder under `content/` (`""` for the top):
/// `voluntary` → `voluntary/_index.md`.
pub(crate) fn section_key(dir: &str) -> String {
    if dir.is_empty() {
        SECTION_INDEX.to_string()
    } else {
        format!("{dir}/{SECTION_INDEX}")
    }
}

/// The language a page's file name is marked with.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NamedLanguage<'a> {
    /// A language of the site: `join.en.md`.
    Site(&'a str),
    /// What looks like a language code but is no language of the site: `join.de.md`.
    Unknown(&'a str),
    /// No language: `join.md`, in the site's default language.
    Default,
}

/// `join.en.md` → (`join`, `Site("en")`) when `is_language("en")`; `join.md` or `join.x.md` →
/// (`join` or `join.x`, no language of the site). A path works too:
/// `voluntary/join.en.md` → `voluntary/join`.
pub(crate) fn split_language(
    name: &str,
    is_language: impl Fn(&str) -> bool,
) -> (&str, NamedLanguage<'_>) {
    let base = name.strip_suffix(".md").unwrap_or(name);
    if let Some((stem, code)) = base.rsplit_once('.') {
        if is_language(code) {
            return (stem, NamedLanguage::Site(code));
        }
        if is_language_code(code) {
            return (base, NamedLanguage::Unknown(code));
        }
    }
    (base, NamedLanguage::Default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_their_language() {
        let site = |code: &str| ["km", "en"].contains(&code);
        assert_eq!(
            split_language("join.en.md", site),
            ("join", NamedLanguage::Site("en"))
        );
        assert_eq!(
            split_language("join.md", site),
            ("join", NamedLanguage::Default)
        );
        assert_eq!(
            split_language("join.de.md", site),
            ("join.de", NamedLanguage::Unknown("de"))
        );
        assert_eq!(
            split_language("v/join.v2.md", site),
            ("v/join.v2", NamedLanguage::Default)
        );
        assert_eq!(section_key(""), "_index.md");
        assert_eq!(section_key("news"), "news/_index.md");
    }
}
