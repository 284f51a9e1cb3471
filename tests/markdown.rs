//! Snapshots (insta) of the HTML spean renders for Markdown features and Khmer headings.
//! Review changes with `cargo insta review` (or accept by renaming the `.snap.new` files).

use spean::RawHtml;
use spean::fill_links;
use spean::render_markdown;

fn langs() -> Vec<String> {
    vec!["km".into(), "en".into(), "fr".into()]
}

/// Renders with link placeholders filled by a marker naming the target index.
fn render(body: &str, lang: &str) -> String {
    let rendered = render_markdown(body, lang, "guide", &langs(), &RawHtml::default());
    let html = fill_links(&rendered.html, |i| format!("LINK-{i}"));
    let toc: Vec<String> = rendered
        .headings
        .iter()
        .map(|h| format!("h{} #{} {}", h.level, h.id, h.title))
        .collect();
    format!(
        "{html}\n--- toc ---\n{}\n--- summary ---\n{}\n",
        toc.join("\n"),
        rendered.summary
    )
}

#[test]
fn tables_footnotes_strikethrough_and_links() {
    insta::assert_snapshot!(render(
        "## Contribution\n\n| Scheme | Amount |\n|---|---:|\n| Voluntary | 15,600 riel |\n\n\
         ~~Old rule~~ replaced.[^1] See [the steps](@/guide/join.md#documents), [a card](card.png)\n\
         and [the hotline](tel:1286) or [the fund](https://www.nssf.gov.kh/).\n\n[^1]: Sub-Decree 280.\n",
        "en"
    ));
}

#[test]
fn khmer_headings_keep_every_letter_and_mark() {
    insta::assert_snapshot!(render(
        "## អ្នកណាខ្លះអាចចូលរួម?\n\nអ្នកប្រកបរបរខ្លួនឯង។\n\n### ភាគទាន ប្រចាំខែ\n\n## ជំហានទី១៖ ចុះឈ្មោះ {#register}\n\n## អ្នកណាខ្លះអាចចូលរួម?\n",
        "km"
    ));
}

#[test]
fn smart_punctuation_per_language() {
    let text = "He said \"join now\" -- it's cheap... Really?\n";
    insta::assert_snapshot!(format!(
        "en: {}\nfr: {}\nkm: {}",
        render(text, "en"),
        render("Il a dit \"adhérez\" -- c'est simple... Vraiment ?\n", "fr"),
        render("គាត់និយាយថា \"ចូលរួម\"...\n", "km")
    ));
}

#[test]
fn khmer_quotes_stay_as_written_so_they_always_match() {
    // Straight quotes stay straight (they once came out as 'សួស្តី’), curly ones curly.
    let html = render("គាត់ថា 'សួស្តី' និង \"សួស្តី\" ហើយ ‘ចូលរួម’ និង “ចូលរួម”។\n", "km");
    assert!(
        html.contains("'សួស្តី'") || html.contains("&#39;សួស្តី&#39;"),
        "{html}"
    );
    assert!(
        html.contains("\"សួស្តី\"") || html.contains("&quot;សួស្តី&quot;"),
        "{html}"
    );
    assert!(html.contains("‘ចូលរួម’") && html.contains("“ចូលរួម”"), "{html}");
}

#[test]
fn code_is_left_as_written() {
    insta::assert_snapshot!(render(
        "Use `\"quotes\"` here:\n\n```\ntitle: \"How to join\" -- ok\n```\n",
        "fr"
    ));
}
