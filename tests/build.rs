//! `spean build` on the fixture site: every page in every language, translations linked,
//! fallbacks marked, links relative and resolving (also offline), sitemap, feeds, 404 pages.

mod common;

use common::{Fixture, broken_links};

#[test]
fn every_page_exists_in_every_language() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    for lang in ["km", "en", "fr"] {
        for page in [
            "",
            "guide/",
            "guide/join/",
            "guide/steps/",
            "news/",
            "news/first/",
        ] {
            let file = site.public().join(format!("{lang}/{page}index.html"));
            assert!(file.is_file(), "missing {}", file.display());
        }
        assert!(site.public().join(format!("{lang}/404.html")).is_file());
    }
    assert!(
        site.public()
            .join("fr/guide/steps/premiere-etape/index.html")
            .is_file()
    );
    assert!(site.public().join("404.html").is_file());
    // Drafts are left out unless asked for.
    assert!(!site.public().join("en/guide/draft/index.html").exists());
    site.build_ok(&["--drafts"]);
    assert!(site.public().join("en/guide/draft/index.html").is_file());
}

#[test]
fn a_missing_translation_falls_back_with_a_notice_in_the_readers_language() {
    let site = Fixture::copy("basic");
    let out = site.build_ok(&[]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("built 27 pages (km 9, en 9, fr 9; fallbacks: km 4, en 1, fr 6)"),
        "{summary}"
    );

    let km = site.read("km/guide/join/index.html");
    assert!(km.contains("<html lang=km>"), "{km}");
    assert!(
        km.contains("ទំព័រនេះមិនទាន់មានជាភាសាខ្មែរ"),
        "notice in Khmer: {km}"
    );
    assert!(
        km.contains("<article lang=en>"),
        "English passage marked: {km}"
    );
    assert!(km.contains("How to join"));

    // The language shown is named in the reader's language, not in its own ("en English"), and
    // the sentence is whole (no `<span lang>` around the name any more).
    assert!(
        km.contains("ទំព័រនេះបង្ហាញជាភាសាអង់គ្លេស។"),
        "Khmer notice names English in Khmer: {km}"
    );
    let fr = site.read("fr/guide/join/index.html");
    assert!(
        fr.contains(
            "Cette page n’est pas encore traduite en français. Elle est affichée en anglais."
        ),
        "{fr}"
    );
    // news/third exists in Khmer only.
    let en = site.read("en/news/third/index.html");
    assert!(
        en.contains("This page is not yet available in English. It is shown in Khmer."),
        "{en}"
    );
    assert!(
        site.read("fr/news/third/index.html")
            .contains("Elle est affichée en khmer."),
        "French notice names Khmer in French"
    );
    // A translated page has no notice.
    let en = site.read("en/guide/join/index.html");
    assert!(!en.contains("notice fallback"), "{en}");
}

#[test]
fn translations_are_linked_by_switcher_and_hreflang() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--no-minify"]);
    let en = site.read("en/guide/steps/first/index.html");
    assert!(
        en.contains(
            r#"<link rel="alternate" hreflang="km" href="../../../../km/guide/steps/first/">"#
        ),
        "{en}"
    );
    assert!(en.contains(r#"<link rel="alternate" hreflang="fr" href="../../../../fr/guide/steps/premiere-etape/">"#), "{en}");
    assert!(
        en.contains(
            r#"<a href="../../../../km/guide/steps/first/" lang="km" hreflang="km">ខ្មែរ</a>"#
        ),
        "{en}"
    );
    assert!(
        en.contains(r#"<span class="current" lang="en" aria-current="true">English</span>"#),
        "{en}"
    );
    // A fallback is not announced as a translation in hreflang, but the switcher still links it.
    let join = site.read("en/guide/join/index.html");
    assert!(
        !join.contains(r#"hreflang="fr" href"#.replace(" href", "").as_str())
            || !join.contains(r#"<link rel="alternate" hreflang="fr""#),
        "{join}"
    );
    assert!(
        join.contains(r#"<a href="../../../fr/guide/join/" lang="fr" hreflang="fr">Français</a>"#),
        "{join}"
    );
}

#[test]
fn internal_links_resolve_in_the_readers_language() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--no-minify"]);
    let km = site.read("km/index.html");
    assert!(km.contains(r#"href="guide/""#), "{km}");
    assert!(
        km.contains(r#"href="guide/steps/first/#ការបង់ប្រាក់""#),
        "{km}"
    );
    let en = site.read("en/index.html");
    assert!(
        en.contains(r#"href="guide/steps/first/#documents""#),
        "{en}"
    );
    assert!(en.contains(r#"href="../guide/card.svg""#), "{en}");
    // A link pinned to a language goes there from every language.
    let join = site.read("fr/guide/join/index.html");
    assert!(join.contains(r#"href="../../../km/""#), "{join}");
    // The asset is copied once, at its own path; a file name with a space is encoded in links.
    assert!(site.public().join("guide/card.svg").is_file());
    assert!(site.public().join("guide/NSSF form.svg").is_file());
    let guide = site.read("en/guide/index.html");
    assert!(
        guide.contains(r#"href="../../guide/NSSF%20form.svg""#),
        "{guide}"
    );
}

#[test]
fn every_link_of_the_output_resolves_online_and_offline() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let broken = broken_links(&site.public(), false, Some("/portal/"));
    assert!(broken.is_empty(), "{broken:#?}");

    site.build_ok(&["--offline"]);
    let broken = broken_links(&site.public(), true, None);
    assert!(broken.is_empty(), "{broken:#?}");
    let home = site.read("en/index.html");
    assert!(home.contains("href=guide/index.html"), "{home}");
    assert!(
        home.contains("guide/steps/first/index.html#documents"),
        "{home}"
    );
    let root = site.read("index.html");
    assert!(root.contains("href=km/index.html"), "{root}");
}

#[test]
fn all_links_are_relative_and_nothing_loads_from_another_host() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    for entry in walkdir::WalkDir::new(site.public()).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        // A 404 page is shown at any missing address, and the offline page at any address
        // not kept by the service worker, so their links start from the site's path.
        let shown_anywhere =
            entry.path().ends_with("404.html") || entry.path().ends_with("offline.html");
        for link in common::links_in(&html) {
            assert!(
                !link.starts_with('/') || (shown_anywhere && link.starts_with("/portal/")),
                "{}: {link}",
                entry.path().display()
            );
        }
        assert!(!html.contains("src=http"), "{}", entry.path().display());
        assert!(!html.contains("src=\"http"), "{}", entry.path().display());
        assert!(
            !html.contains("stylesheet href=http"),
            "{}",
            entry.path().display()
        );
    }
}

#[test]
fn every_page_declares_its_language() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    for lang in ["km", "en", "fr"] {
        for entry in walkdir::WalkDir::new(site.public().join(lang))
            .into_iter()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(entry.path()).unwrap();
                assert!(
                    html.contains(&format!("<html lang={lang}>")),
                    "{}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn root_index_lets_the_reader_choose_a_language_without_script() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--no-minify"]);
    let root = site.read("index.html");
    for (code, name, label) in [
        ("km", "ខ្មែរ", "ជ្រើសរើសភាសា"),
        ("en", "English", "Choose your language"),
        ("fr", "Français", "Choisissez votre langue"),
    ] {
        assert!(root.contains(&format!(r#"<li lang="{code}">"#)), "{root}");
        assert!(
            root.contains(&format!(r#"<a href="{code}/" hreflang="{code}">"#)),
            "{root}"
        );
        assert!(root.contains(name) && root.contains(label), "{root}");
    }
    assert!(!root.contains("<script"), "{root}");
}

#[test]
fn sitemap_lists_every_page_with_its_alternates() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/portal/en/guide/steps/first/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="fr" href="https://example.org/portal/fr/guide/steps/premiere-etape/"/>"#), "{sitemap}");
    assert!(
        sitemap.contains(r#"hreflang="x-default" href="https://example.org/portal/""#),
        "{sitemap}"
    );
    assert_eq!(sitemap.matches("<url>").count(), 9 * 3, "{sitemap}");
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/portal/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn news_has_an_atom_feed_per_language_newest_first() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let feed = site.read("en/news/atom.xml");
    assert!(
        feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">"#),
        "{feed}"
    );
    let third = feed
        .find("ព័ត៌មានទីបី")
        .expect("the Khmer-only item, as a fallback");
    let second = feed.find("Second news").unwrap();
    let first = feed.find("First news").unwrap();
    assert!(third < second && second < first, "{feed}");
    assert!(
        feed.contains("<published>2025-03-07T00:00:00+07:00</published>"),
        "{feed}"
    );
    assert!(feed.contains(r#"<entry xml:lang="km">"#), "{feed}");
    assert!(
        feed.contains("https://example.org/portal/en/news/second/"),
        "{feed}"
    );
    assert!(site.public().join("km/news/atom.xml").is_file());
    assert!(site.public().join("fr/news/atom.xml").is_file());
    let page = site.read("en/news/first/index.html");
    assert!(
        page.contains("atom.xml"),
        "pages of the section announce the feed"
    );
}

#[test]
fn sections_are_paginated_and_list_their_pages() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--no-minify"]);
    let first = site.read("en/news/index.html");
    let second = site.read("en/news/page/2/index.html");
    assert!(
        first.contains(r#"<a rel="next" href="page/2/">"#),
        "{first}"
    );
    assert!(
        second.contains(r#"<a rel="prev" href="../../">"#),
        "{second}"
    );
    assert!(first.contains("Page 1 of 2"), "{first}");
    assert_eq!(
        first.matches("<li").count() - second.matches("<li").count(),
        1
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let alias = site.read("en/old/join/index.html");
    assert!(alias.contains(r#"url=../../guide/join/""#), "{alias}");
}

#[test]
fn khmer_headings_keep_their_letters_in_anchors_and_toc() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--no-minify"]);
    let km = site.read("km/guide/steps/first/index.html");
    assert!(km.contains(r#"<h2 id="ការបង់ប្រាក់">ការបង់ប្រាក់</h2>"#), "{km}");
    assert!(km.contains(r#"<h2 id="documents">ឯកសារត្រូវយក</h2>"#), "{km}");
}

#[test]
fn french_quotes_and_spaces_follow_french_typography() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let fr = site.read("fr/index.html");
    assert!(
        fr.contains("«\u{202F}bonjour\u{202F}»\u{202F}: c’est tout\u{202F}!"),
        "{fr}"
    );
}

#[test]
fn the_footer_calls_the_hotline_and_the_khmer_font_ships_with_the_site() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let page = site.read("km/guide/index.html");
    assert!(page.contains("href=tel:1286"), "{page}");
    assert!(
        site.public()
            .join("fonts/noto-sans-khmer-khmer-400-normal.woff2")
            .is_file()
    );
    assert!(site.public().join("fonts/OFL.txt").is_file());
    let css = site.read("css/style.css");
    assert!(
        css.contains("noto-sans-khmer-khmer-400-normal.woff2"),
        "{css}"
    );
    assert!(!css.contains("http"), "no font from another host: {css}");
}

#[test]
fn minification_is_on_by_default_and_can_be_turned_off() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--no-minify"]);
    let plain = site.read("en/guide/join/index.html");
    let plain_css = site.read("css/style.css");
    site.build_ok(&[]);
    let small = site.read("en/guide/join/index.html");
    let small_css = site.read("css/style.css");
    assert!(
        small.len() < plain.len() * 9 / 10,
        "{} vs {}",
        small.len(),
        plain.len()
    );
    assert!(small_css.len() < plain_css.len() * 9 / 10);
    assert!(
        small.starts_with("<!doctype html><html lang=en>"),
        "{small}"
    );
}

#[test]
fn byte_order_marks_and_windows_line_endings_are_accepted() {
    let site = Fixture::copy("basic");
    site.write(
        "content/guide/windows.en.md",
        b"\xEF\xBB\xBF---\r\ntitle: Saved on Windows\r\nweight: 5\r\n---\r\n## Heading\r\n\r\nText.\r\n",
    );
    site.build_ok(&[]);
    let page = site.read("en/guide/windows/index.html");
    assert!(page.contains("Saved on Windows"), "{page}");
    assert!(page.contains("<h2 id=heading>"), "{page}");
}

#[test]
fn a_site_theme_overrides_one_template_and_keeps_the_rest() {
    let site = Fixture::copy("basic");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=custom>{{ page.title }}</p>{% endblock content %}",
    );
    site.build_ok(&[]);
    assert!(
        site.read("en/guide/join/index.html")
            .contains("<p class=custom>How to join")
    );
    assert!(site.read("en/guide/index.html").contains("<h1>Guide</h1>"));
}

#[test]
fn output_option_writes_elsewhere_and_replaces_the_previous_build() {
    let site = Fixture::copy("basic");
    let out = site.path().join("elsewhere");
    site.build_ok(&["--output", out.to_str().unwrap()]);
    assert!(out.join("en/index.html").is_file());
    std::fs::write(out.join("stale.html"), "old").unwrap();
    site.build_ok(&["--output", out.to_str().unwrap()]);
    assert!(
        !out.join("stale.html").exists(),
        "the output is replaced whole"
    );
    assert!(!site.public().exists());
}

#[test]
fn a_long_build_shows_progress_on_a_terminal_and_nothing_extra_elsewhere() {
    let site = Fixture::copy("basic");
    let terminal = common::on_a_terminal(&site, "build", &[]);
    assert!(terminal.contains("rendering pages"), "{terminal:?}");
    assert!(terminal.contains("built 27 pages"), "{terminal:?}");
    // In CI, or piped, only the summary (and notes).
    let ci = common::on_a_terminal(&site, "build", &[("CI", "true")]);
    assert!(!ci.contains("rendering pages"), "{ci:?}");
    let piped = site
        .spean()
        .arg("build")
        .env_remove("CI")
        .env("SPEAN_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(
        !stderr.contains("rendering pages") && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert_eq!(String::from_utf8_lossy(&piped.stdout).lines().count(), 1);
}
