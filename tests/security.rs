//! Content is untrusted input: no page, front-matter value or data field may make spean write
//! outside its output folder, write a name a USB drive or Windows refuses, put script into a
//! page, or crash the build. Each case runs the real binary on a fixture site and checks the
//! diagnostic names the file and the line, and that nothing was written.

mod common;

use common::{Fixture, assert_has, failing_build};

/// `spean check` must report the same problem as the build (and fail).
fn check_reports(site: &Fixture, needles: &[&str]) {
    let out = site.spean().arg("check").output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "check must fail:\n{text}");
    assert_has(&text, needles);
}

fn page_with_aliases(aliases: &str) -> String {
    format!("---\ntitle: How to join\nweight: 1\naliases:\n{aliases}---\nText.\n")
}

#[test]
fn an_alias_cannot_write_outside_the_output_folder() {
    let site = Fixture::copy("basic");
    // A file the alias aims at, beside the site folder.
    let victim = site.path().join("../victim/index.html");
    let victim_dir = tempfile::tempdir().unwrap();
    let victim_file = victim_dir.path().join("index.html");
    std::fs::write(&victim_file, "untouched").unwrap();
    let climb = format!(
        "../../../../../../../../../../{}",
        victim_file.strip_prefix("/").unwrap().display()
    );
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            page_with_aliases(&format!("  - old/join\n  - \"{climb}\"\n")),
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:6:3",
            "cannot be written",
            "leaves its folder",
        ],
    );
    assert_eq!(std::fs::read_to_string(&victim_file).unwrap(), "untouched");
    assert!(!victim.exists());
    let site = Fixture::copy("basic");
    site.write(
        "content/guide/join.en.md",
        page_with_aliases("  - ../../../victim/index.html\n"),
    );
    check_reports(
        &site,
        &["content/guide/join.en.md:5:3", "leaves its folder"],
    );
}

#[test]
fn aliases_with_names_usb_drives_or_windows_refuse_are_errors_at_their_line() {
    let cases = [
        ("'x\\..\\..\\PWNED'", "backslash"),
        ("\"nul\\0byte\"", "control character U+0000"),
        ("CON", "device name"),
        ("aux", "device name"),
        ("old/nul.txt", "device name"),
        ("COM1", "device name"),
        ("LPT1.html", "device name"),
        ("'what?'", "refuse in file names"),
        ("'a:b'", "refuse in file names"),
        ("'a*b'", "refuse in file names"),
        ("'a<b>'", "refuse in file names"),
        ("'a|b'", "refuse in file names"),
        ("'say\"hi\"'", "refuse in file names"),
        ("'old./x'", "ends with a dot or a space"),
        ("'old /x'", "ends with a dot or a space"),
    ];
    for (alias, why) in cases {
        let stderr = failing_build(|s| {
            s.write(
                "content/guide/join.en.md",
                page_with_aliases(&format!("  - old/join\n  - {alias}\n")),
            );
        });
        assert_has(
            &stderr,
            &["content/guide/join.en.md:6:3", "cannot be written", why],
        );
    }
}

#[test]
fn an_alias_cannot_take_the_place_of_a_file_spean_writes_in_a_language_folder() {
    // The fixture has a base_url, so its web build writes a service worker per language.
    for (alias, file) in [
        ("offline.html", "en/offline.html"),
        ("404.html", "en/404.html"),
        ("SW.JS", "en/sw.js"),
        ("manifest.webmanifest/old", "en/manifest.webmanifest"),
    ] {
        let stderr = failing_build(|s| {
            s.write(
                "content/worker.en.md",
                format!("---\ntitle: Worker\naliases:\n  - {alias}\n---\nText.\n"),
            );
        });
        assert_has(
            &stderr,
            &[
                "content/worker.en.md:4:",
                &format!("over the file {file} that spean writes itself"),
                "another old address",
            ],
        );
    }
}

#[test]
fn slugs_and_file_names_with_device_names_are_refused() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\nweight: 1\nslug: CON\n---\nText.\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:4:1",
            "guide/con/index.html",
            "device name",
            "another `slug:`",
        ],
    );
    let stderr =
        failing_build(|s| s.write("content/guide/aux.en.md", "---\ntitle: Aux\n---\nText.\n"));
    assert_has(
        &stderr,
        &["content/guide/aux.en.md", "device name", "rename the file"],
    );
    let stderr = failing_build(|s| s.write("content/guide/nul.txt", "x"));
    assert_has(&stderr, &["content/guide/nul.txt", "device name"]);
    for name in ["a:b.svg", "what?.svg", "card.svg.", "back\\slash.svg"] {
        let stderr = failing_build(|s| s.write(&format!("content/guide/{name}"), "<svg/>"));
        assert_has(
            &stderr,
            &["cannot be published under its name", "rename it"],
        );
    }
}

#[test]
fn names_that_differ_only_by_case_are_one_file_on_a_usb_drive() {
    let stderr = failing_build(|s| s.write("content/guide/Card.svg", "<svg/>"));
    assert_has(
        &stderr,
        &[
            "content/guide/card.svg",
            "content/guide/Card.svg",
            "differ only by case",
        ],
    );
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/other.en.md",
            "---\ntitle: Other\naliases: [guide/Join]\n---\nText.\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/other.en.md:3:",
            "alias `guide/Join` of content/guide/other.en.md and the page content/guide/join.en.md",
            "differ only by case",
        ],
    );
}

#[test]
fn an_alias_may_not_replace_a_page_or_another_alias() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/other.en.md",
            "---\ntitle: Other\naliases:\n  - guide/join\n---\nText.\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/other.en.md:4:3",
            "alias `guide/join` of content/guide/other.en.md and the page content/guide/join.en.md are both written to en/guide/join/index.html",
            "an alias may not replace a page",
        ],
    );
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/other.en.md",
            "---\ntitle: Other\naliases: [old/join]\n---\nText.\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/other.en.md:3:",
            "content/guide/join.en.md",
            "both written to en/old/join/index.html",
            "keep the alias on one of them",
        ],
    );
}

#[test]
fn links_and_images_out_of_content_are_errors() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\n---\nText.\n\n![secret](../../../etc/passwd)\n\n[key](../../site.yaml)\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:6:1",
            "content/guide/join.en.md:8:1",
            "leads out of the content/ folder",
        ],
    );
}

#[test]
fn script_links_are_refused_in_markdown_and_in_data() {
    let cases = [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox)",
        "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
    ];
    for link in cases {
        let stderr = failing_build(|s| {
            s.write(
                "content/guide/join.en.md",
                format!("---\ntitle: How to join\n---\nText.\n\n{link}\n"),
            );
        });
        assert_has(
            &stderr,
            &[
                "content/guide/join.en.md:6:",
                "addresses are not allowed",
                "http, https, mailto and tel",
            ],
        );
    }
    let site = Fixture::copy("portal");
    site.build_ok(&[]);
    let text = std::fs::read_to_string(site.path().join("data/schemes/schemes.yaml")).unwrap();
    site.write(
        "data/schemes/schemes.yaml",
        text.replace("\"https://www.nssf.gov.kh/\"", "\"javascript:alert(1)\""),
    );
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_has(
        &stderr,
        &["data/schemes/schemes.yaml:26:", "is not a web address"],
    );
    assert!(
        !site
            .read("en/schemes/employees/index.html")
            .contains("javascript")
    );
}

#[test]
fn other_hosts_and_empty_targets_are_explained() {
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            "---\ntitle: How to join\n---\n[a]()\n\n![logo](https://cdn.example.org/logo.png)\n\n[b](//evil.example.org/x)\n",
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:4:1",
            "the link has no address",
            "content/guide/join.en.md:6:1",
            "an image from another site",
            "content/guide/join.en.md:8:1",
            "starting with `//`",
        ],
    );
}

#[test]
fn e_mail_autolinks_become_mailto_links() {
    let site = Fixture::copy("basic");
    site.write(
        "content/guide/join.en.md",
        "---\ntitle: How to join\n---\nWrite to <info@nssf.gov.kh>.\n",
    );
    site.write(
        "content/guide/info@nssf.gov.kh",
        "a file named like the address",
    );
    site.build_ok(&["--no-minify"]);
    let html = site.read("en/guide/join/index.html");
    assert!(
        html.contains("<a href=\"mailto:info@nssf.gov.kh\">info@nssf.gov.kh</a>"),
        "{html}"
    );
}

#[test]
fn raw_html_is_sanitised_and_the_harmless_tags_stay() {
    let site = Fixture::copy("basic");
    site.write(
        "content/guide/join.en.md",
        "---\ntitle: How to join\n---\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1) alt=x> and <a href=\"javascript:alert(2)\">here</a>.\n\n<details><summary>More</summary>\n\n<abbr title=\"National Social Security Fund\">NSSF</abbr><br>\n\n</details>\n\n<div onclick=\"alert(3)\" style=\"color:red\">box</div>\n\n<iframe src=\"https://evil.example.org/\"></iframe>\n",
    );
    site.build_ok(&["--no-minify"]);
    let html = site.read("en/guide/join/index.html");
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    for gone in [
        "alert",
        "onerror",
        "onclick",
        "javascript",
        "<script",
        "<iframe",
        "style=",
    ] {
        assert!(!main.contains(gone), "{gone} left in:\n{main}");
    }
    for kept in [
        "<details><summary>More</summary>",
        "<abbr title=\"National Social Security Fund\">NSSF</abbr><br>",
        "<div>box</div>",
    ] {
        assert!(main.contains(kept), "{kept} missing in:\n{main}");
    }
}

#[test]
fn site_yaml_may_allow_more_raw_html_but_never_script() {
    let site = Fixture::copy("basic");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{config}raw_html:\n  tags: [video]\n  attributes: {{video: [controls]}}\n"),
    );
    site.write(
        "content/guide/join.en.md",
        "---\ntitle: How to join\n---\n<video controls onplay=\"alert(1)\">A film</video>\n",
    );
    site.build_ok(&["--no-minify"]);
    let html = site.read("en/guide/join/index.html");
    assert!(
        html.contains("<video controls=\"\">A film</video>"),
        "{html}"
    );
    let lines = config.lines().count();
    site.write(
        "site.yaml",
        format!("{config}raw_html:\n  tags: [video, script]\n  attributes: {{video: [onplay]}}\n"),
    );
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_has(
        &stderr,
        &[
            &format!("site.yaml:{}:", lines + 2),
            "raw_html cannot allow `<script>`",
            &format!("site.yaml:{}:", lines + 3),
            "the attribute `onplay`",
        ],
    );
}

#[test]
fn every_page_carries_a_content_security_policy() {
    let site = Fixture::copy("portal");
    site.build_ok(&[]);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.public()).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let head = &html[..html
                .find("<meta charset")
                .unwrap_or(html.len())
                .min(html.len())];
            assert!(
                head.contains("http-equiv=Content-Security-Policy")
                    && head.contains("script-src 'self'"),
                "{}: no policy before the charset",
                entry.path().display()
            );
            assert!(!html.contains(" style="), "{}", entry.path().display());
            pages += 1;
        }
    }
    assert!(pages > 20, "{pages} pages");
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let quotes = format!("{} deep\n", ">".repeat(5_000));
    let divs = format!("{}deep{}\n", "<div>".repeat(5_000), "</div>".repeat(5_000));
    for (body, line) in [(lists, 54), (quotes, 4), (divs, 4)] {
        for args in [&[][..], &["--no-minify"][..]] {
            let site = Fixture::copy("basic");
            site.write(
                "content/guide/join.en.md",
                format!("---\ntitle: How to join\n---\n{body}"),
            );
            let out = site.build(args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert_has(
                &stderr,
                &[
                    &format!("content/guide/join.en.md:{line}:"),
                    "nested deeper than 100 levels",
                ],
            );
        }
    }
    // Just under the limit still builds, minified.
    let site = Fixture::copy("basic");
    site.write(
        "content/guide/join.en.md",
        format!(
            "---\ntitle: How to join\n---\n{}deep{}\n",
            "<div>".repeat(95),
            "</div>".repeat(95)
        ),
    );
    site.build_ok(&[]);
}

#[test]
fn deeply_nested_yaml_is_refused_at_once() {
    let started = std::time::Instant::now();
    let stderr = failing_build(|s| {
        s.write(
            "content/guide/join.en.md",
            format!(
                "---\ntitle: How to join\nextra: {{a: {}1{}}}\n---\nText.\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        );
    });
    assert_has(
        &stderr,
        &[
            "content/guide/join.en.md:3:",
            "nested deeper than 64 levels",
        ],
    );
    let stderr = failing_build(|s| {
        s.write(
            "data/schemes/deep.yaml",
            format!("- id: deep\n  name:\n    {}x\n", "- ".repeat(50_000)),
        );
    });
    assert_has(
        &stderr,
        &["data/schemes/deep.yaml:3:", "nested deeper than 64 levels"],
    );
    // Not a timing window: the parser alone took 34 s over the first file.
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn static_files_with_unsafe_or_case_colliding_names_are_refused() {
    let stderr = failing_build(|s| s.write("static/CON.txt", "x"));
    assert_has(
        &stderr,
        &[
            "static/CON.txt",
            "cannot be published under its name",
            "device name",
        ],
    );
    // The built-in theme ships favicon.svg; a site's Favicon.svg would be a second file with
    // the same name on a USB drive.
    let stderr = failing_build(|s| s.write("static/Favicon.svg", "<svg/>"));
    assert_has(&stderr, &["static/Favicon.svg", "differ only by case"]);
    let site = Fixture::copy("basic");
    site.write("static/aux.html", "x");
    check_reports(&site, &["static/aux.html", "device name"]);
}

#[test]
fn spean_new_writes_only_under_content() {
    let site = Fixture::copy("basic");
    for path in ["../../evil/join", "guide/../../x", "guide/con"] {
        let out = site.spean().args(["new", "page", path]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert!(
            stderr.contains("cannot be a page under content/"),
            "{stderr}"
        );
    }
    assert!(!site.path().join("../evil").exists());
    assert!(!site.path().join("x.km.md").exists());
}
