//! `spean check`, translation status and `spean new` on fixture sites: the problems reported,
//! exit codes, JSON output, outdated translations after an edit of the source, new files that
//! build.

mod common;

use common::Fixture;
use serde_json::Value;

fn check_json(site: &Fixture, args: &[&str]) -> (i32, Value) {
    let out = site
        .spean()
        .args(["check", "--format", "json"])
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1780272000")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json)
}

fn messages(json: &Value, kind: &str) -> Vec<String> {
    json[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn warnings_do_not_fail_unless_strict_and_nothing_is_written() {
    let site = Fixture::copy("basic");
    site.write("content/guide/pictures.en.md", "---\ntitle: Pictures\ndescription: Cards.\n---\nThe card: ![](card.svg)\n\nSee [the fund](https://www.nssf.gov.kh/).\n");
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "{json:#}");
    let warnings = messages(&json, "warnings");
    assert!(
        warnings.contains(
            &"content/guide/pictures.en.md:5: image without alternative text".to_string()
        ),
        "{warnings:#?}"
    );
    assert!(
        warnings.contains(&"content/guide/join.en.md:0: page without description".to_string())
            || warnings
                .iter()
                .any(|w| w
                    .starts_with("content/guide/steps/first.en.md:2: page without description")),
        "{warnings:#?}"
    );
    let links = json["external_links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .any(|l| l["url"] == "https://www.nssf.gov.kh/" && l["line"] == 7),
        "{links:?}"
    );
    assert!(!site.public().exists(), "check writes nothing");
    let (code, _) = check_json(&site, &["--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn errors_fail_with_file_and_line_in_json() {
    let site = Fixture::copy("basic");
    site.write(
        "content/guide/join.en.md",
        "---\ntitle: How to join\ndescription: x\n---\n[steps](@/guide/nowhere.md)\n",
    );
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let errors = messages(&json, "errors");
    assert!(
        errors.iter().any(
            |e| e.starts_with("content/guide/join.en.md:5: link to a page that does not exist")
        ),
        "{errors:#?}"
    );
    assert!(json["errors"][0]["hint"].is_string());
    // A template that only fails while rendering is found too (check renders every page).
    site.write(
        "content/guide/join.en.md",
        "---\ntitle: How to join\ndescription: x\n---\nText\n",
    );
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.nope }}{% endblock content %}",
    );
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let errors = messages(&json, "errors");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("themes/default/templates/page.html:1:") && e.contains("nope")),
        "{errors:#?}"
    );
    assert!(!site.public().exists());
}

#[test]
fn records_not_verified_for_too_long_are_reported() {
    let site = Fixture::copy("portal");
    // SOURCE_DATE_EPOCH is 2026-06-01; the fixture's records were verified in March 2025.
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0);
    let warnings = messages(&json, "warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("data/facilities/sample.yaml:")
                && w.contains("facility `pp-hospital` last verified 457 days ago")),
        "{warnings:#?}"
    );
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{text}stale_after_days: 500\n"));
    let (_, json) = check_json(&site, &[]);
    assert!(
        !messages(&json, "warnings")
            .iter()
            .any(|w| w.contains("last verified"))
    );
    let rows = json["data_translations"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["id"] == "pp-centre" && r["missing"]["fr"] == 1),
        "{rows:?}"
    );
}

#[test]
fn translations_are_current_then_outdated_after_the_source_changes() {
    let site = Fixture::copy("basic");
    let status = |site: &Fixture| {
        let (_, json) = check_json(site, &[]);
        let row = json["translations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["page"] == "guide/steps/first.md")
            .unwrap()
            .clone();
        row["languages"].clone()
    };
    assert_eq!(status(&site)["fr"], "unmarked");
    assert_eq!(status(&site)["km"], "source");
    let out = site
        .spean()
        .args(["translations", "mark", "content/guide/steps/first.fr.md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let front =
        std::fs::read_to_string(site.path().join("content/guide/steps/first.fr.md")).unwrap();
    assert!(front.contains("translated_from: km:"), "{front}");
    assert_eq!(status(&site)["fr"], "current");
    // The Khmer source changes: the French translation is now outdated.
    let km = site.path().join("content/guide/steps/first.km.md");
    let text = std::fs::read_to_string(&km).unwrap();
    std::fs::write(&km, text.replace("អត្តសញ្ញាណប័ណ្ណ។", "អត្តសញ្ញាណប័ណ្ណ និងរូបថត។")).unwrap();
    assert_eq!(status(&site)["fr"], "outdated");
    assert_eq!(status(&site)["en"], "unmarked");
    // Marked against English instead: current again, and the table says so.
    let out = site
        .spean()
        .args([
            "translations",
            "mark",
            "content/guide/steps/first.fr.md",
            "--from",
            "en",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = site
        .spean()
        .args(["check", "--translations"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let line = table
        .lines()
        .find(|l| l.starts_with("guide/steps/first.md"))
        .unwrap();
    assert!(
        line.contains("source") && line.contains("current"),
        "{table}"
    );
    let line = table
        .lines()
        .find(|l| l.starts_with("guide/join.md"))
        .unwrap();
    assert!(line.contains("MISSING"), "{table}");
}

#[test]
fn new_creates_files_that_build_and_never_overwrites() {
    let site = Fixture::copy("portal");
    for (kind, path) in [
        ("page", "guide/faq"),
        ("news", "march-talks"),
        ("scheme", "pension"),
        ("facility", "kep-centre"),
    ] {
        let out = site.spean().args(["new", kind, path]).output().unwrap();
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for f in [
        "content/guide/faq.km.md",
        "content/guide/faq.en.md",
        "content/guide/faq.fr.md",
        "content/news/march-talks.en.md",
        "data/schemes/pension.yaml",
        "data/facilities/kep-centre.yaml",
    ] {
        assert!(site.path().join(f).is_file(), "{f}");
    }
    site.write("content/news/_index.en.md", "---\ntitle: News\n---\n");
    // They are drafts: the site builds without them, and shows them with --drafts.
    site.build_ok(&[]);
    assert!(!site.public().join("en/guide/faq/index.html").exists());
    site.build_ok(&["--drafts"]);
    assert!(
        site.read("en/guide/faq/index.html")
            .contains("TODO(spean): title (en)")
    );
    assert!(
        site.read("fr/schemes/pension/index.html")
            .contains("TODO(spean): name (fr)")
    );
    let out = site
        .spean()
        .args(["new", "page", "guide/faq"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("never overwrites"));
    let out = site
        .spean()
        .args(["new", "page", "Guide/FAQ Page"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// Every file under `dir` whose bytes hold `needle`.
fn files_holding(dir: &std::path::Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).contains(needle))
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn placeholders_of_spean_new_never_reach_readers() {
    let site = Fixture::copy("portal");
    for (kind, path) in [("page", "guide/faq"), ("facility", "kep-centre")] {
        let out = site.spean().args(["new", kind, path]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // New files are drafts: nothing of them in the pages, the search index, the directory.
    site.build_ok(&[]);
    assert_eq!(files_holding(&site.public(), "TODO"), Vec::<String>::new());
    // Untouched, they are "not started" (not "unmarked", which means translated).
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "{json:#}");
    let row = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["page"] == "guide/faq.md")
        .unwrap_or_else(|| panic!("a row for the new page: {json:#}"))
        .clone();
    for lang in ["km", "en", "fr"] {
        assert_eq!(row["languages"][lang], "not_started", "{row}");
    }
    let out = site
        .spean()
        .args(["check", "--translations"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let line = table
        .lines()
        .find(|l| l.starts_with("guide/faq.md"))
        .unwrap();
    assert_eq!(line.matches("NOT STARTED").count(), 3, "{table}");
    assert!(
        table.contains("NOT STARTED: the file still holds `TODO(spean)` placeholders"),
        "the legend explains it: {table}"
    );

    // The English page is written but one placeholder is left, and the draft line deleted;
    // the facility's draft line is deleted untouched.
    let en = site.path().join("content/guide/faq.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let text = text
        .lines()
        .filter(|l| !l.starts_with("draft:"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("TODO(spean): title (en)", "Questions")
        .replace("TODO(spean): write the page in Markdown (en).", "Answers.");
    std::fs::write(&en, format!("{text}\n")).unwrap();
    let facility = site.path().join("data/facilities/kep-centre.yaml");
    let text = std::fs::read_to_string(&facility).unwrap();
    std::fs::write(&facility, text.replace("  draft: true", "  # was a draft")).unwrap();
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let errors = messages(&json, "errors");
    assert!(
        errors.contains(
            &"content/guide/faq.en.md:3: placeholder not replaced: `TODO(spean): one sentence for listings and search results (en)` would be published"
                .to_string()
        ),
        "{errors:#?}"
    );
    let facility_errors: Vec<&String> = errors
        .iter()
        .filter(|e| e.starts_with("data/facilities/kep-centre.yaml:"))
        .collect();
    // Every text of the record in every language, and the comments asking to check a value.
    assert!(facility_errors.len() > 15, "{errors:#?}");
    assert!(
        facility_errors
            .iter()
            .any(|e| e.starts_with("data/facilities/kep-centre.yaml:5: placeholder not replaced: `TODO(spean): its province")),
        "{errors:#?}"
    );
    assert!(json["errors"][0]["column"].as_u64().unwrap() > 0);
    // The build refuses the same and writes nothing.
    let before = common::tree_snapshot(&site.public());
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--> content/guide/faq.en.md:3:15")
            && stderr.contains("help: write the real text in its place; until the page is ready, keep `draft: true`"),
        "{stderr}"
    );
    assert_eq!(before, common::tree_snapshot(&site.public()));
    // Drafts again, they may hold placeholders: `build --drafts` previews them.
    std::fs::write(&facility, text).unwrap();
    let en_text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, en_text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    site.build_ok(&["--drafts"]);
    site.build_ok(&[]);
    assert_eq!(files_holding(&site.public(), "TODO"), Vec::<String>::new());
}
