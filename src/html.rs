//! Beside the stages: text made safe inside HTML (and XML), the one escaper every stage that
//! writes markup uses: load (Markdown's footnotes and link addresses), render (pages, feeds,
//! sitemap), the one-file edition, `spean serve`'s own pages and the bundle's README; and the
//! case-blind search for tag names that render, write and the one-file edition use.

/// Where `needle` (ASCII) first occurs in `haystack`, in any case: tag names in markup
/// (`<head`, `</script`), which the stages that rewrite pages look for.
pub(crate) fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

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
