//! Step 1 (load), after Markdown: raw HTML written in a page is cleaned with `ammonia`, a
//! maintained HTML sanitiser, so no page can carry script.
//!
//! Only bodies that hold raw HTML go through it (most pages have none, and parsing every page
//! again would cost a large site seconds). What survives: the tags and attributes Markdown itself
//! writes (headings with ids, tables, footnotes, code), the harmless tags editors use (`<details>`,
//! `<summary>`, `<abbr>`, `<br>`, `<sup>`, `<kbd>` …), and what `raw_html:` in `site.yaml` adds.
//! `<script>`, `<style>`, event handlers (`onerror=`), `style=` and links with schemes other than
//! http, https, mailto and tel are removed.

use std::collections::HashSet;

use crate::config::RawHtml;

/// The body with its raw HTML made safe.
pub(crate) fn sanitize(html: &str, extra: &RawHtml) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class", "dir"])
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("a", ["title"])
        // The schemes content may use, and the placeholders Markdown's internal links are until
        // the model resolves them (`spean-link:N:`).
        .url_schemes(
            super::address::ALLOWED_SCHEMES
                .into_iter()
                .chain([super::links::PLACEHOLDER.trim_end_matches(':')])
                .collect::<HashSet<_>>(),
        )
        .link_rel(None)
        .add_tags(extra.tags.iter().map(String::as_str));
    for (tag, attributes) in &extra.attributes {
        builder.add_tag_attributes(tag.as_str(), attributes.iter().map(String::as_str));
    }
    builder.clean(html).to_string()
}

/// How pulldown-cmark writes an aligned table cell: ` style="text-align: left">`.
const ALIGNED_CELL: &str = " style=\"text-align: ";

/// Table alignment as classes (`align-left` …) instead of `style=` attributes, which the pages'
/// Content-Security-Policy does not allow.
pub(crate) fn align_with_classes(html: String) -> String {
    if !html.contains(ALIGNED_CELL) {
        return html;
    }
    let mut out = html;
    for side in ["left", "center", "right"] {
        out = out.replace(
            &format!("{ALIGNED_CELL}{side}\">"),
            &format!(" class=\"align-{side}\">"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_handlers_go_harmless_tags_stay() {
        let clean = sanitize(
            "<p>a<script>alert(1)</script></p><img src=x.png onerror=alert(1) alt=card><a href=\"javascript:alert(1)\">x</a><details><summary>More</summary><abbr title=\"National Social Security Fund\">NSSF</abbr><br></details><table><tr><td style=\"color:red\">1</td></tr></table>",
            &RawHtml::default(),
        );
        assert!(!clean.contains("script"), "{clean}");
        assert!(!clean.contains("onerror"), "{clean}");
        assert!(!clean.contains("javascript"), "{clean}");
        assert!(!clean.contains("style"), "{clean}");
        for kept in [
            "<details>",
            "<summary>More</summary>",
            "<abbr title=\"National Social Security Fund\">",
            "<br>",
            "<td>1</td>",
            "<img src=\"x.png\" alt=\"card\">",
        ] {
            assert!(clean.contains(kept), "{kept} in {clean}");
        }
    }

    #[test]
    fn what_markdown_writes_survives() {
        let html = "<h2 id=\"documents\">Documents</h2>\n<div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th class=\"align-left\">A</th></tr></thead></table></div>\n<p><a href=\"spean-link:0:\">join</a><sup class=\"footnote-reference\" id=\"fnref-a\"><a href=\"#fn-a\">1</a></sup></p>\n<pre><code class=\"language-yaml\">a: b\n</code></pre>\n";
        assert_eq!(sanitize(html, &RawHtml::default()), html);
    }

    #[test]
    fn a_site_may_allow_more() {
        let extra = RawHtml {
            tags: vec!["video".into()],
            attributes: [("video".to_string(), vec!["controls".to_string()])].into(),
        };
        let clean = sanitize("<video controls onplay=\"x()\">v</video>", &extra);
        assert_eq!(clean, "<video controls=\"\">v</video>");
        assert_eq!(
            sanitize("<video controls>v</video>", &RawHtml::default()),
            "v"
        );
    }
}
