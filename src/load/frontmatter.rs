//! Front matter: the YAML block between `---` lines at the top of a Markdown page.
//!
//! The fields are typed and closed (`deny_unknown_fields`), so a typo is reported with the
//! nearest known name. Dates are checked while parsing, so a bad date points at its own line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml;

/// The fields a page may set in its front matter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Lower weights come first in section listings.
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    /// Replaces the last part of the URL, which otherwise comes from the file name.
    pub slug: Option<String>,
    /// A template of the theme to use instead of `page.html` or `section.html`.
    pub template: Option<String>,
    /// Older URLs (relative to the language folder) that redirect to this page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The page holds invented sample data: the theme shows a notice.
    #[serde(default)]
    pub sample: bool,
    /// Which version of the source language text this translation was made from.
    pub translated_from: Option<String>,
    /// Free data for the theme's templates.
    #[serde(default)]
    pub extra: BTreeMap<String, yaml::Value>,
}

/// Splits a page into its front matter and Markdown body.
pub(crate) struct Split<'a> {
    pub front: Option<&'a str>,
    pub body: &'a str,
}

pub(crate) fn split(text: &str) -> Split<'_> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Split {
            front: None,
            body: text,
        };
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Split {
                front: Some(front),
                body,
            };
        }
        offset += line.len();
    }
    Split {
        front: None,
        body: text,
    }
}

/// Parses a page's front matter, or explains what is wrong with it.
pub(crate) fn parse<'a>(
    text: &'a str,
    file: &Path,
) -> Result<(FrontMatter, Split<'a>), Diagnostic> {
    let split = split(text);
    let Some(front) = split.front else {
        let hint = if text.starts_with("---") {
            "close the front matter with a line holding only `---`"
        } else {
            "start the file with a front matter block:\n---\ntitle: Page title\n---"
        };
        return Err(Diagnostic::error(
            file,
            "the page has no front matter (title and other fields)",
        )
        .at(text, 1, 1)
        .with_hint(hint));
    };
    let front_matter = yaml::parse(front, file, text, yaml::Placement { line_offset: 1 })?;
    Ok((front_matter, split))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_front_matter_and_body_line() {
        let s = split("---\ntitle: A\n---\nHello\n");
        assert_eq!(s.front, Some("title: A\n"));
        assert_eq!(s.body, "Hello\n");
    }

    #[test]
    fn a_bad_date_points_at_its_line() {
        let text = "---\ntitle: A\ndate: 2025-13-01\n---\n";
        let err = parse(text, Path::new("a.md")).err().unwrap();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("not a real date"), "{}", err.message);
    }
}
