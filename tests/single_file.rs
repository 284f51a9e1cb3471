//! The one-file edition of each language (`spean build --single-file`, `spean package`): every
//! page's heading of the language is in its file, every in-file link leads to an id of the file,
//! nothing points outside it but `data:`, `tel:`, `mailto:`, `http(s):` and the other languages'
//! files (at ids they have), the stylesheet is allowed by its hash, the sample portal's Khmer file
//! stays under 400 KB, and the home page offers the file only when the build made it.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{Fixture, broken_links, ids_in, links_in};

const SAMPLE_NAME: &str = "nssf-information-for-citizens";
const PORTAL_NAME: &str = "test-site";
const LANGUAGES: [&str; 3] = ["km", "en", "fr"];

/// The text of every `<h1>` of a page, tags left out.
fn headings(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h1") {
        rest = &rest[at..];
        let start = rest.find('>').unwrap() + 1;
        let end = rest.find("</h1>").unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for c in rest[start..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        found.push(text.trim().to_string());
        rest = &rest[end..];
    }
    found
}

/// Every edition of a build, by language.
fn editions(public: &Path, name: &str) -> HashMap<String, String> {
    LANGUAGES
        .iter()
        .map(|lang| {
            let file = public.join(format!("{name}-{lang}.html"));
            let html = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{} not written: {e}", file.display()));
            (lang.to_string(), html)
        })
        .collect()
}

/// Checks every link of every edition; returns the problems.
fn link_problems(files: &HashMap<String, String>, name: &str) -> Vec<String> {
    let ids: HashMap<String, Vec<String>> = files
        .iter()
        .map(|(lang, html)| (format!("{name}-{lang}.html"), ids_in(html)))
        .collect();
    let mut problems = Vec::new();
    for (lang, html) in files {
        let own = format!("{name}-{lang}.html");
        for link in links_in(html) {
            let external = ["data:", "tel:", "mailto:", "http://", "https://"]
                .iter()
                .any(|p| link.starts_with(p));
            if external {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let file = if file.is_empty() { own.as_str() } else { file };
            match ids.get(file) {
                None => problems.push(format!("{lang}: {link} leads out of the files")),
                Some(_) if fragment.is_empty() && file == own => {
                    problems.push(format!("{lang}: empty link {link}"));
                }
                Some(known) if !fragment.is_empty() && !known.iter().any(|id| id == fragment) => {
                    problems.push(format!("{lang}: {link} leads to no id of {file}"));
                }
                Some(_) => {}
            }
        }
    }
    problems
}

/// The style text and the policy of an edition.
fn style_and_policy(html: &str) -> (&str, &str) {
    let style = html
        .split("<style>")
        .nth(1)
        .unwrap()
        .split("</style>")
        .next()
        .unwrap();
    let policy = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .expect("the file carries its policy")
        .split('"')
        .next()
        .unwrap();
    (style, policy)
}

#[test]
fn the_sample_portal_has_one_file_per_language_with_every_page() {
    let site = Fixture::sample();
    let out = site.build_ok(&["--single-file"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let public = site.public();
    let files = editions(&public, SAMPLE_NAME);

    for (lang, html) in &files {
        let file = format!("{SAMPLE_NAME}-{lang}.html");
        let kb = html.len().div_ceil(1024);
        assert!(stdout.contains(&format!("{file} {kb} KB")), "{stdout}");
        assert!(!html.contains("<script"), "{file} holds a script");
        assert!(!html.contains("one-file-offer"), "{file} offers itself");
        // Every page's heading of the language, in the file.
        let in_file = headings(html);
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(public.join(lang)) {
            let path = entry.unwrap().into_path();
            let rel = path
                .strip_prefix(public.join(lang))
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if !rel.ends_with("index.html") || rel.starts_with("search/") {
                continue;
            }
            for heading in headings(&std::fs::read_to_string(&path).unwrap()) {
                pages += 1;
                assert!(
                    in_file.contains(&heading),
                    "{file} lacks `{heading}` of {rel}"
                );
            }
        }
        assert!(pages >= 40, "{lang}: only {pages} pages seen");
        assert!(in_file.len() >= pages.min(40));
        // Its own policy, allowing exactly its stylesheet and no script.
        let (style, policy) = style_and_policy(html);
        use sha2::Digest;
        let hash = sha2::Sha256::digest(style.as_bytes());
        let hash = base64_of(&hash);
        assert!(
            policy.contains(&format!("style-src 'sha256-{hash}'")),
            "{policy}"
        );
        assert!(policy.contains("script-src 'none'") && policy.contains("font-src data:"));
        assert!(policy.contains("default-src 'none'") && policy.contains("img-src data:"));
        if lang == "km" {
            assert!(
                style.contains("data:font/woff;base64,"),
                "the Khmer font is inlined, cut (WOFF 1.0)"
            );
            assert!(html.len() < 400 * 1024, "the Khmer file is {kb} KB");
        }
    }
    assert_eq!(link_problems(&files, SAMPLE_NAME), Vec::<String>::new());

    // The home page of each language offers its file, and every link of the site still leads
    // somewhere.
    for lang in LANGUAGES {
        let home = site.read(&format!("{lang}/index.html"));
        assert!(
            home.contains(&format!("../{SAMPLE_NAME}-{lang}.html")),
            "{home}"
        );
    }
    assert_eq!(
        broken_links(&public, false, Some("/")),
        Vec::<String>::new()
    );
}

#[test]
fn a_plain_build_has_no_one_file_edition_and_no_link_to_it() {
    let site = Fixture::copy("portal");
    let out = site.build_ok(&[]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("one file per language"));
    for lang in LANGUAGES {
        assert!(
            !site
                .public()
                .join(format!("{PORTAL_NAME}-{lang}.html"))
                .exists()
        );
        assert!(
            !site
                .read(&format!("{lang}/index.html"))
                .contains("one-file-offer")
        );
    }
    assert_eq!(
        broken_links(&site.public(), false, Some("/portal/")),
        Vec::<String>::new()
    );
}

#[test]
fn links_across_languages_and_images_in_the_one_file_edition() {
    let site = Fixture::copy("portal");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{yaml}single_file:\n  max_image_kb: 1\n"),
    );
    site.write("content/guide/small.png", vec![7u8; 200]);
    site.write("content/guide/big.png", vec![7u8; 5000]);
    site.write(
        "content/guide/links.km.md",
        "---\ntitle: តំណ\n---\n## ផ្នែក {#part}\n\n[English](@/guide/pay.en.md#when-where) \
         [here](#part) [paying](@/guide/pay.md#when-where) [guide](@/guide/)\n\n\
         ![small card](small.png) ![big card](big.png)\n",
    );
    site.build_ok(&["--single-file", "--offline"]);
    let files = editions(&site.public(), PORTAL_NAME);
    let km = &files["km"];
    assert_eq!(link_problems(&files, PORTAL_NAME), Vec::<String>::new());
    let links = links_in(km);
    // To the English page by name, in the English file.
    assert!(
        links.contains(&format!("{PORTAL_NAME}-en.html#guide/pay:when-where")),
        "{links:?}"
    );
    // In-page anchors carry the page's prefix; pages are sections of the file.
    assert!(
        links.contains(&"#guide/links:part".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"#guide".to_string()), "{links:?}");
    // The Khmer reader's link to the page shown from English stays in the Khmer file.
    assert!(
        links.contains(&"#guide/pay:when-where".to_string()),
        "{links:?}"
    );
    assert!(
        km.contains("data:image/png;base64,"),
        "the small image is inlined"
    );
    assert!(
        km.contains("image-left-out") && km.contains("big card"),
        "the big one left out"
    );
    assert!(
        !links
            .iter()
            .any(|l| l.contains(".csv") || l.contains("atom.xml"))
    );
    assert_eq!(
        broken_links(&site.public(), true, None),
        Vec::<String>::new()
    );
}

#[test]
fn a_bad_name_for_the_files_is_a_located_error() {
    let site = Fixture::copy("portal");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{yaml}single_file:\n  name: ../escape\n"),
    );
    let out = site.build(&["--single-file"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot start a file name") && stderr.contains("site.yaml:"),
        "{stderr}"
    );
}

fn base64_of(bytes: &[u8]) -> String {
    // The test's own encoder, so that it checks spean's rather than sharing it.
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
