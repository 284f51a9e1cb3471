//! Step 0 (config), `raw_html:` in `site.yaml`: what raw HTML in Markdown may keep beyond the
//! safe set (load's sanitiser adds it), checked so that script, styles, embedded documents and
//! event handlers can never be allowed.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::problems::Problems;
use crate::yaml::Step;

/// What raw HTML in Markdown may keep beyond the safe set (`raw_html:` in `site.yaml`): more
/// tags, and more attributes per tag. Script, styles and event handlers are never allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHtml {
    /// HTML elements allowed in Markdown besides the safe set.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Per element (`*`: any), the attributes allowed besides the safe set.
    #[serde(default)]
    pub attributes: BTreeMap<String, Vec<String>>,
}

/// Tags that carry script or styles, or load a whole other document: never allowed.
const NEVER_TAGS: [&str; 12] = [
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "noscript",
];

/// A tag or attribute name: ASCII letters, digits and `-`.
fn is_html_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Refuses tags and attributes that could carry script or styles.
pub(super) fn check_raw_html(raw_html: &RawHtml, problems: &mut Problems) {
    for (i, tag) in raw_html.tags.iter().enumerate() {
        if NEVER_TAGS.contains(&tag.to_ascii_lowercase().as_str()) || !is_html_name(tag) {
            problems.add(
                &[Step::Key("raw_html"), Step::Key("tags"), Step::Item(i)],
                format!("raw_html cannot allow `<{tag}>`"),
                format!(
                    "script, styles and embedded documents never pass ({})",
                    NEVER_TAGS.join(", ")
                ),
            );
        }
    }
    for (tag, attributes) in &raw_html.attributes {
        for attribute in attributes {
            let lower = attribute.to_ascii_lowercase();
            let never = lower.starts_with("on")
                || matches!(
                    lower.as_str(),
                    "style" | "srcdoc" | "formaction" | "xlink:href"
                );
            if never || !is_html_name(attribute) || !is_html_name(tag) {
                problems.add(
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
}
