//! Step 0 of the pipeline, the `zim:` block of `site.yaml`: the metadata Kiwix shows for the ZIM
//! archive `spean package --zim` makes (title, description, creator, publisher, name, tags), with
//! defaults from the site, and the site's languages as ISO 639-3 codes (km → khm).
//!
//! The ZIM's limits (title 30 characters, description 80) matter only to `--zim`: they are
//! checked here with the rest of the configuration, and their diagnostics wait in
//! [`Zim::problems`] until a package asks for a ZIM, so a long site title never stops a build.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::problems::Problems;
use crate::diagnostic::Diagnostic;
use crate::yaml::Step;

/// The longest `Title` a ZIM may have (zim-tools' metadata rules), in characters.
pub(crate) const MAX_TITLE: usize = 30;
/// The longest `Description` a ZIM may have, in characters.
pub(crate) const MAX_DESCRIPTION: usize = 80;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawZim {
    title: Option<String>,
    description: Option<String>,
    creator: Option<String>,
    publisher: Option<String>,
    name: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// The ZIM archive's metadata, with the site's defaults filled in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Zim {
    /// `zim: title:`, else the site's title in the default language.
    pub title: String,
    /// `zim: description:`, else the site's description in the default language.
    pub description: String,
    /// Who made the content: `zim: creator:`, else the ZIM's title.
    pub creator: String,
    /// Who made the ZIM file: `zim: publisher:`, else the creator.
    pub publisher: String,
    /// Kiwix's identifier across versions (`zim: name:`); `None`: made from the bundle's name.
    pub name: Option<String>,
    pub tags: Vec<String>,
    /// The site's languages in ISO 639-3, in the site's order (khm, eng, fra).
    pub languages: Vec<String>,
    /// What would stop `spean package --zim`, located in `site.yaml`.
    pub problems: Vec<Diagnostic>,
}

/// The site's texts the ZIM's defaults come from.
pub(super) struct SiteTexts<'a> {
    pub title: &'a BTreeMap<String, String>,
    pub description: &'a BTreeMap<String, String>,
    pub default_language: &'a str,
    pub languages: &'a [&'a str],
}

/// Fills in the defaults and checks every value against the ZIM's rules.
pub(super) fn check_zim(raw: RawZim, site: &SiteTexts, text: &str, file: &Path) -> Zim {
    let mut problems = Problems::new(text, file);
    let title = limited_text(
        "title",
        raw.title,
        site.title,
        site,
        MAX_TITLE,
        &mut problems,
    );
    let description = limited_text(
        "description",
        raw.description,
        site.description,
        site,
        MAX_DESCRIPTION,
        &mut problems,
    );
    let creator = raw.creator.unwrap_or_else(|| title.clone());
    let publisher = raw.publisher.unwrap_or_else(|| creator.clone());
    for (key, value) in [
        ("title", &title),
        ("description", &description),
        ("creator", &creator),
        ("publisher", &publisher),
    ] {
        if value.chars().any(char::is_control) {
            problems.add(
                &[Step::Key("zim"), Step::Key(key)],
                format!("the ZIM {key} holds a line break or control character"),
                "write it on one line".into(),
            );
        }
    }
    check_name_and_tags(raw.name.as_deref(), &raw.tags, &mut problems);
    let languages = iso_languages(site.languages, &mut problems);
    Zim {
        title: title.trim().to_string(),
        description: description.trim().to_string(),
        creator,
        publisher,
        name: raw.name,
        tags: raw.tags,
        languages,
        problems: problems.list,
    }
}

/// The ZIM's `what` (title or description): as written under `zim:`, else the site's in the
/// default language; refused, at the line it comes from, when empty or over `max` characters.
fn limited_text(
    what: &str,
    written: Option<String>,
    site_texts: &BTreeMap<String, String>,
    site: &SiteTexts,
    max: usize,
    problems: &mut Problems,
) -> String {
    let lang = site.default_language;
    let (value, at) = match written {
        Some(t) => (t, [Step::Key("zim"), Step::Key(what)]),
        None => (
            site_texts.get(lang).cloned().unwrap_or_default(),
            [Step::Key(what), Step::Key(lang)],
        ),
    };
    let count = value.trim().chars().count();
    if count == 0 {
        problems.add(
            &at,
            format!("the ZIM archive needs a {what}"),
            format!("add `zim: {what}: ...` (at most {max} characters)"),
        );
    } else if count > max {
        problems.add(
            &at,
            format!("this {what} has {count} characters; a ZIM {what} has at most {max}"),
            format!("Kiwix cuts it short: set a shorter `zim: {what}:` for the ZIM archive"),
        );
    }
    value
}

/// Kiwix's name of the archive and its tags.
fn check_name_and_tags(name: Option<&str>, tags: &[String], problems: &mut Problems) {
    if let Some(name) = name
        && (name.is_empty() || !name.chars().all(is_name_char))
    {
        problems.add(
            &[Step::Key("zim"), Step::Key("name")],
            format!("`{name}` cannot be a ZIM name"),
            "use lower-case letters, digits, `-`, `_` and `.`, e.g. nssf-portal_mul".into(),
        );
    }
    for (i, tag) in tags.iter().enumerate() {
        if tag.trim().is_empty() || tag.contains(';') || tag.chars().any(char::is_control) {
            problems.add(
                &[Step::Key("zim"), Step::Key("tags"), Step::Item(i)],
                format!("`{tag}` cannot be a ZIM tag"),
                "a tag is a word or two, without `;` (Kiwix separates tags with it)".into(),
            );
        }
    }
}

/// The site's languages as ISO 639-3 codes, which a ZIM needs; a language without one is a
/// problem at its code.
fn iso_languages(codes: &[&str], problems: &mut Problems) -> Vec<String> {
    let mut languages = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        match iso_639_3(code) {
            Some(three) => languages.push(three.to_string()),
            None => problems.add(
                &[Step::Key("languages"), Step::Item(i), Step::Key("code")],
                format!("spean does not know the ISO 639-3 code of `{code}`, which a ZIM needs"),
                format!(
                    "it knows {}; a three-letter code is used as it is",
                    ISO_639_3.map(|(two, _)| two).join(", ")
                ),
            ),
        }
    }
    languages
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
}

/// Two-letter codes (ISO 639-1, as in file names and URLs) and their ISO 639-3 code, which ZIM
/// metadata requires: the site's languages and those of Cambodia's neighbours and visitors.
const ISO_639_3: [(&str, &str); 18] = [
    ("km", "khm"),
    ("en", "eng"),
    ("fr", "fra"),
    ("th", "tha"),
    ("lo", "lao"),
    ("vi", "vie"),
    ("zh", "zho"),
    ("my", "mya"),
    ("ms", "msa"),
    ("id", "ind"),
    ("ja", "jpn"),
    ("ko", "kor"),
    ("es", "spa"),
    ("pt", "por"),
    ("de", "deu"),
    ("ru", "rus"),
    ("ar", "ara"),
    ("hi", "hin"),
];

/// The ISO 639-3 code of a site language: from the table, or the code itself when it already
/// has three letters.
fn iso_639_3(code: &str) -> Option<&str> {
    if code.len() == 3 {
        return Some(code);
    }
    ISO_639_3
        .iter()
        .find(|(two, _)| *two == code)
        .map(|(_, three)| *three)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zim_of(title: &str, raw: RawZim, text: &str) -> Zim {
        let titles = BTreeMap::from([("km".to_string(), title.to_string())]);
        let descriptions = BTreeMap::from([("km".to_string(), "ពិពណ៌នា".to_string())]);
        let site = SiteTexts {
            title: &titles,
            description: &descriptions,
            default_language: "km",
            languages: &["km", "en", "fr"],
        };
        check_zim(raw, &site, text, Path::new("site.yaml"))
    }

    #[test]
    fn defaults_come_from_the_default_language() {
        let zim = zim_of("ព័ត៌មាន", RawZim::default(), "");
        assert!(zim.problems.is_empty(), "{:?}", zim.problems);
        assert_eq!(
            (zim.title.as_str(), zim.creator.as_str()),
            ("ព័ត៌មាន", "ព័ត៌មាន")
        );
        assert_eq!(zim.publisher, "ព័ត៌មាន");
        assert_eq!(zim.languages, ["khm", "eng", "fra"]);
    }

    #[test]
    fn a_long_title_is_refused_at_its_line_counting_characters_not_bytes() {
        let text = "title:\n  km: long\n";
        // 30 Khmer characters are 90 bytes: still allowed.
        assert!(
            zim_of(&"ក".repeat(30), RawZim::default(), text)
                .problems
                .is_empty()
        );
        let zim = zim_of(&"ក".repeat(31), RawZim::default(), text);
        assert_eq!(zim.problems.len(), 1);
        assert_eq!(zim.problems[0].line, 2);
        assert!(zim.problems[0].message.contains("31 characters"));
    }

    #[test]
    fn bad_tags_names_and_unknown_languages_are_reported() {
        let raw = RawZim {
            tags: vec!["a;b".into()],
            name: Some("NSSF Portal".into()),
            ..Default::default()
        };
        let zim = zim_of("t", raw, "");
        assert_eq!(zim.problems.len(), 2, "{:?}", zim.problems);
        assert_eq!(iso_639_3("xx"), None);
        assert_eq!(iso_639_3("khm"), Some("khm"));
    }
}
