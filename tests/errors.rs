//! Bad input: each case gives its message with file and line, all problems of the site are
//! reported together, the exit code is 1, and the previous `public/` is left exactly as it was.

mod common;

use common::{assert_has, failing_build};

#[test]
fn invalid_yaml_in_front_matter() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\ndescription: a: b\n---\nText\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:3:",
            "mapping values are not allowed",
            "help: check the indentation",
        ],
    );
}

#[test]
fn yaml_that_ends_too_early_is_shown_at_the_end_of_its_last_line() {
    // Found by tests/fuzz.rs: the parser placed the fault past the text, so no line was shown.
    let stderr = failing_build(|s| {
        s.write(
            "data/schemes/fuzzed.yaml",
            "- id: a\n  name: {en: A}\n- name: {#id}\n- id: c\n",
        );
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: [unclosed\n---\nText\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "data/schemes/fuzzed.yaml:3:14",
            "3 | - name: {#id}",
            "content/guide/join.en.md:2:",
            "2 | title: [unclosed",
        ],
    );
}

#[test]
fn unknown_front_matter_field_suggests_the_right_name() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\ndescripton: Joining\n---\nText\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "error: unknown field `descripton`",
            "content/guide/join.en.md:3:1",
            "3 | descripton: Joining",
            "help: did you mean `description`?",
        ],
    );
}

#[test]
fn wrong_type_names_the_expected_type() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\nweight: first\n---\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:3:9",
            "invalid type: string \"first\"",
            "help: this value must be i64",
        ],
    );
}

#[test]
fn bad_date_says_how_to_write_one() {
    let stderr = failing_build(|s| {
        s.write(
            "content/news/first.en.md",
            "---\ntitle: First news\ndate: 2025-02-30\n---\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/news/first.en.md:3:7",
            "`2025-02-30` is not a real date",
        ],
    );
    let stderr = failing_build(|s| {
        s.write(
            "content/news/first.en.md",
            "---\ntitle: First news\ndate: 5 March 2025\n---\n",
        );
    });
    assert_has(
        &stderr,
        &["content/news/first.en.md:3:7", "write it as YYYY-MM-DD"],
    );
}

#[test]
fn missing_title() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ndescription: No title\n---\nText\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:2:1",
            "missing field `title`",
            "help: add a `title:` line",
        ],
    );
    let stderr =
        failing_build(|s| s.write("content/guide/join.en.md", "Just text, no front matter\n"));
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:1:1",
            "the page has no front matter",
        ],
    );
}

#[test]
fn two_pages_with_the_same_output_path() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/other.en.md",
            "---\ntitle: Other\nweight: 3\nslug: join\n---\nText\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/other.en.md:4:1",
            "are both written to en/guide/join/index.html",
            "content/guide/join.en.md",
        ],
    );
}

#[test]
fn broken_internal_links_and_anchors() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\n---\nSee [steps](@/guide/step/first.md).\n\nAnd [docs](@/guide/steps/first.md#papers).\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:4:5",
            "link to a page that does not exist: @/guide/step/first.md",
            "did you mean @/guide/steps/first.md?",
            "content/guide/join.en.md:6:5",
            "`#papers` is not a heading of content/guide/steps/first.en.md",
            "headings there: #documents, #paying",
        ],
    );
}

#[test]
fn invalid_utf8() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            b"---\ntitle: How to join\n---\nCaf\xE9 text\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:4:4",
            "not valid UTF-8",
            "save the file as UTF-8",
        ],
    );
}

/// A page template of the site's theme override, with `body` as its content block and `after`
/// after the block.
fn page_template(body: &str, after: &str) -> String {
    format!(
        "{{% extends \"base.html\" %}}\n{{% block content %}}\n{body}\n{{% endblock content %}}\n{after}"
    )
}

const PAGE_TEMPLATE: &str = "themes/default/templates/page.html";

#[test]
fn template_error_names_template_and_line() {
    let stderr = failing_build(|s| {
        s.write(
            PAGE_TEMPLATE,
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
        );
    });
    assert_has(
        &stderr,
        &["themes/default/templates/page.html:3:", "template error"],
    );
    // A template that parses but fails while rendering (an unknown variable).
    let stderr = failing_build(|s| {
        s.write(
            PAGE_TEMPLATE,
            page_template("\n<p>{{ page.no_such_field }}</p>", ""),
        );
    });
    assert_has(
        &stderr,
        &[
            "themes/default/templates/page.html:4:12",
            "4 | <p>{{ page.no_such_field }}</p>",
            "no_such_field",
        ],
    );
}

#[test]
fn text_after_the_last_block_of_a_child_template_is_reported_in_that_template() {
    // It was reported in 404.html (the first template), without a line.
    let stderr = failing_build(|s| {
        s.write(
            PAGE_TEMPLATE,
            page_template("<p>{{ page.title }}</p>", "<footer>stray</footer>\n"),
        );
    });
    assert_has(
        &stderr,
        &[
            "--> themes/default/templates/page.html:5:1",
            "5 | <footer>stray</footer>",
            "only `extends`, `block` and `component` are allowed at the top level",
        ],
    );
    assert!(!stderr.contains("404.html"), "{stderr}");
}

#[test]
fn an_unknown_filter_or_template_is_reported_at_its_line() {
    let stderr = failing_build(|s| {
        s.write(
            PAGE_TEMPLATE,
            page_template(
                "<h1>{{ page.title | shout }}</h1>\n{% include \"nowhere.html\" %}",
                "",
            ),
        );
    });
    assert_has(
        &stderr,
        &[
            "--> themes/default/templates/page.html:3:21",
            "Unknown filter `shout`",
            "--> themes/default/templates/page.html:4:12",
            "Unknown template `nowhere.html`",
            "build failed: 2 error(s)",
        ],
    );
}

#[test]
fn a_tag_left_open_is_reported_where_it_opens() {
    let stderr = failing_build(|s| {
        s.write(
            PAGE_TEMPLATE,
            page_template(
                "<ul>\n{% for item in page.toc %}\n<li>{{ item.title }}</li>\n</ul>",
                "",
            ),
        );
    });
    assert_has(
        &stderr,
        &[
            "--> themes/default/templates/page.html:4:1",
            "`{% for %}` is not closed",
            "add `{% endfor %}`",
        ],
    );
    // Left open at the end of the file: the innermost open tag is named.
    let stderr = failing_build(|s| {
        s.write(
            "themes/default/templates/section.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% if section %}\n<p>x</p>\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "--> themes/default/templates/section.html:3:1",
            "`{% if %}` is not closed",
        ],
    );
}

#[test]
fn every_broken_template_is_reported_at_once() {
    let stderr = failing_build(|s| {
        s.write(PAGE_TEMPLATE, page_template("<p>x</p>", "stray\n"));
        s.write(
            "themes/default/templates/section.html",
            page_template("<p>{{ page.title | shout }}</p>", ""),
        );
    });
    assert_has(
        &stderr,
        &[
            "--> themes/default/templates/page.html:5:1",
            "--> themes/default/templates/section.html:3:",
            "build failed: 2 error(s)",
        ],
    );
}

#[test]
fn a_placeholder_outside_a_draft_is_an_error_at_its_line() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: \"TODO(spean): title (en)\"\n---\nIntro.\n\nTODO(spean): write the steps.\n",
        );
        // A draft may hold placeholders: it is not published.
        s.write(
            "content/guide/later.en.md",
            "---\ntitle: \"TODO(spean): title (en)\"\ndraft: true\n---\nTODO(spean): all of it\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "placeholder not replaced: `TODO(spean): title (en)` would be published",
            "--> content/guide/join.en.md:2:9",
            "--> content/guide/join.en.md:6:1",
            "6 | TODO(spean): write the steps.",
            "keep `draft: true` in its front matter",
            "build failed: 2 error(s)",
        ],
    );
    assert!(!stderr.contains("later.en.md"), "{stderr}");
}

#[test]
fn missing_ui_string_names_key_and_language() {
    let stderr = failing_build(|s| {
        s.write(
            "themes/default/i18n/en.yaml",
            "print_button: Print this page\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "UI string `print_button` is missing in language `km`",
            "UI string `print_button` is missing in language `fr`",
            "add `print_button: ...`",
        ],
    );
}

#[test]
fn the_name_of_each_language_is_a_ui_string_of_every_language() {
    let stderr = failing_build(|s| {
        s.write(
            "themes/default/i18n/fr.yaml",
            "language_in_en: \"\"\nfallback_notice: \"Affichée en {language}.\"\n",
        );
        s.write("themes/default/i18n/km.yaml", "skip_to_content: រំលង\n");
    });
    assert_has(
        &stderr,
        &[
            "UI string `fallback_notice` in language `fr` does not say where the language goes",
            "write `{in_language}` where the shown language is named",
        ],
    );
    // A language the built-in theme does not name: each language must name it.
    let stderr = failing_build(|s| {
        let text = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
        s.write(
            "site.yaml",
            text.replace(
                "  - code: fr\n",
                "  - {code: th, name: ไทย, fallback: [en]}\n  - code: fr\n",
            )
            .replace("  fr: Site d'essai\n", "  fr: Site d'essai\n  th: เว็บไซต์\n")
            .replace(
                "  fr: Un site d'essai\n",
                "  fr: Un site d'essai\n  th: ทดสอบ\n",
            ),
        );
        s.write(
            "themes/default/i18n/th.yaml",
            std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/themes/default/i18n/en.yaml"
            ))
            .unwrap(),
        );
    });
    assert_has(
        &stderr,
        &[
            "UI string `language_in_th` is missing in language `km`",
            "UI string `language_in_th` is missing in language `fr`",
            "UI string `language_in_th` is missing in language `th`",
            "the language `th` as the fallback notice names it in `fr`",
        ],
    );
}

#[test]
fn bad_site_configuration_names_key_line_and_allowed_values() {
    let stderr = failing_build(|s| {
        let text = std::fs::read_to_string(s.path().join("site.yaml")).unwrap();
        s.write(
            "site.yaml",
            text.replace("fallback: [en, km]", "fallback: [de]"),
        );
    });
    assert_has(
        &stderr,
        &[
            "site.yaml:20:5",
            "20 |     fallback: [de]",
            "`fr` cannot fall back to `de`",
            "one of km, en",
        ],
    );
}

#[test]
fn a_file_in_an_unknown_language() {
    let stderr =
        failing_build(|s| s.write("content/guide/join.de.md", "---\ntitle: Beitreten\n---\n"));
    assert_has(
        &stderr,
        &[
            "content/guide/join.de.md",
            "language `de`, which is not a language of this site",
        ],
    );
}

#[test]
fn every_problem_of_the_site_is_reported_at_once() {
    let stderr = failing_build(|s| {
        s.write("content/guide/join.en.md", "---\ntitel: How to join\n---\n");
        s.write(
            "content/news/first.en.md",
            "---\ntitle: First\ndate: yesterday\n---\n",
        );
        s.write(
            "content/guide/steps/first.fr.md",
            "---\ntitle: Étape\n---\n[x](@/nowhere.md)\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:2:1",
            "content/news/first.en.md:3:7",
            "content/guide/steps/first.fr.md:4:1",
            "build failed: 3 error(s)",
        ],
    );
}
