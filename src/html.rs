//! Beside the stages: text made safe inside HTML (and XML), the one escaper every stage that
//! writes markup uses: load (Markdown's footnotes and link addresses), render (pages, feeds,
//! sitemap), the one-file edition, `spean serve`'s own pages and the bundle's README.

/// Text made safe inside elements and inside quoted attributes: `&`, `<`, `>` and `"`.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text made safe inside elements only (`&`, `<` and `>`; quotes stay as written): for prose
/// that never stands in an attribute.
pub(crate) fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_text() {
        assert_eq!(escape(r#"a & "b" <c>"#), "a &amp; &quot;b&quot; &lt;c&gt;");
        assert_eq!(escape_text(r#"a & "b" <c>"#), "a &amp; \"b\" &lt;c&gt;");
    }
}
