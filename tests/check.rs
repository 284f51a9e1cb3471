//! `spean check`, translation status and `spean new` on fixture sites: the problems reported,
//! exit codes, JSON output, outdated translations after an edit of the source, new files that
//! build; every data record of the sample portal and the `portal` fixture reported at its own
//! line (the expected line found in the file's text), `--today`, stale records counted per
//! file, and `spean new` refusing an id that exists.

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

/// A record of a data file as its text shows it, found without spean: the line of its
/// `- id: <id>` and its lines up to the next record.
struct WrittenRecord {
    file: String,
    kind: &'static str,
    id: String,
    line: usize,
    /// (line number, text) of each of its lines.
    lines: Vec<(usize, String)>,
}

impl WrittenRecord {
    /// The line of the record's own `key:` (two spaces in, as the sample data writes them).
    fn line_of(&self, key: &str) -> Option<usize> {
        let prefix = format!("  {key}:");
        self.lines
            .iter()
            .find(|(_, text)| text.starts_with(&prefix))
            .map(|(n, _)| *n)
    }
}

fn written_records(site: &std::path::Path) -> Vec<WrittenRecord> {
    let mut records: Vec<WrittenRecord> = Vec::new();
    for (folder, kind) in [
        ("schemes", "scheme"),
        ("benefits", "benefit"),
        ("journeys", "journey"),
        ("facilities", "facility"),
        ("questions", "question tree"),
    ] {
        // Not every site has every kind (the portal fixture has no questions).
        let Ok(entries) = std::fs::read_dir(site.join("data").join(folder)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let file = path.strip_prefix(site).unwrap().display().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut current: Option<WrittenRecord> = None;
            for (n, line) in text.lines().enumerate() {
                if line.starts_with("- ") {
                    records.extend(current.take());
                    let id = line
                        .strip_prefix("- id: ")
                        .unwrap_or_else(|| panic!("{file}:{}: a record starts with its id", n + 1));
                    current = Some(WrittenRecord {
                        file: file.clone(),
                        kind,
                        id: id.trim().to_string(),
                        line: n + 1,
                        lines: Vec::new(),
                    });
                }
                if let Some(r) = &mut current {
                    r.lines.push((n + 1, line.to_string()));
                }
            }
            records.extend(current);
        }
    }
    records
}

/// The diagnostics of a JSON report as (file, line, column, message, hint).
fn located(json: &Value, kind: &str) -> Vec<(String, u64, u64, String, String)> {
    json[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["hint"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
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
fn every_stale_record_of_the_sample_data_is_reported_at_its_own_line() {
    for site in [Fixture::sample(), Fixture::copy("portal")] {
        let records = written_records(site.path());
        assert!(records.len() > 5, "{} records", records.len());
        // Judged far in the future, every record is stale.
        let (code, json) = check_json(&site, &["--today", "2100-01-01"]);
        assert_eq!(code, 0, "{json:#}");
        let stale: Vec<_> = located(&json, "warnings")
            .into_iter()
            .filter(|w| w.3.contains(" last verified "))
            .collect();
        for r in &records {
            let expected = r.line_of("last_verified").unwrap();
            let prefix = format!("{} `{}` last verified", r.kind, r.id);
            let found: Vec<_> = stale
                .iter()
                .filter(|w| w.0 == r.file && w.3.starts_with(&prefix))
                .collect();
            assert_eq!(found.len(), 1, "{prefix}: {stale:#?}");
            assert_eq!(
                (found[0].1, found[0].2),
                (expected as u64, 3),
                "{prefix} in {}, whose record starts at line {}",
                r.file,
                r.line
            );
        }
        assert_eq!(stale.len(), records.len());
    }
}

#[test]
fn every_record_with_a_repeated_id_or_an_unknown_reference_is_reported_at_its_line() {
    for site in [Fixture::sample(), Fixture::copy("portal")] {
        let records = written_records(site.path());
        // Every record gets the id `dup`: each kind's records repeat one id, and every
        // reference between records names an id that no longer exists.
        let mut files: Vec<&str> = records.iter().map(|r| r.file.as_str()).collect();
        files.dedup();
        for file in files {
            let text = std::fs::read_to_string(site.path().join(file)).unwrap();
            let renamed: Vec<String> = text
                .lines()
                .map(|l| {
                    if l.starts_with("- id: ") {
                        "- id: dup".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            site.write(file, renamed.join("\n") + "\n");
        }
        let (code, json) = check_json(&site, &[]);
        assert_eq!(code, 1);
        let errors = located(&json, "errors");
        for kind in ["scheme", "benefit", "journey", "facility", "question tree"] {
            let id_lines: Vec<(String, u64)> = records
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| (r.file.clone(), r.line as u64))
                .collect();
            if id_lines.is_empty() {
                continue;
            }
            let message = format!("duplicate {kind} id `dup`");
            let reported: Vec<_> = errors.iter().filter(|e| e.3 == message).collect();
            assert_eq!(reported.len(), id_lines.len() - 1, "{message}: {errors:#?}");
            for e in &reported {
                assert!(
                    id_lines.contains(&(e.0.clone(), e.1)) && e.2 == 3,
                    "{message} at {}:{}:{}, not at a record's id (records at {id_lines:?})",
                    e.0,
                    e.1,
                    e.2
                );
                // The hint names the first record with the id, the only one not reported.
                let first = e.4.split(" already uses it").next().unwrap();
                let (file, line) = first.rsplit_once(':').unwrap();
                let first = (file.to_string(), line.parse::<u64>().unwrap());
                assert!(id_lines.contains(&first), "{}", e.4);
                assert!(!reported.iter().any(|r| (r.0.clone(), r.1) == first));
            }
        }
        let mut expected_references = Vec::new();
        for r in &records {
            let key = match r.kind {
                "benefit" | "journey" => "scheme",
                "scheme" => "journey",
                _ => continue,
            };
            let Some(line) = r.line_of(key) else { continue };
            let found = errors.iter().any(|e| {
                (e.0.as_str(), e.1, e.2) == (r.file.as_str(), line as u64, 3)
                    && e.3.starts_with(&format!("{key} `"))
                    && e.3.ends_with("` does not exist")
            });
            assert!(
                found,
                "{} `{}`: unknown {key} at {}:{line}: {errors:#?}",
                r.kind, r.id, r.file
            );
            expected_references.push(line);
        }
        // A question outcome's `scheme:` names a scheme too (deeper in its record).
        for r in records.iter().filter(|r| r.kind == "question tree") {
            for (line, text) in &r.lines {
                let Some(at) = text.find("scheme: ") else {
                    continue;
                };
                if text[..at].trim().is_empty() {
                    let column = at as u64 + 1;
                    assert!(
                        errors.iter().any(|e| (e.0.as_str(), e.1, e.2)
                            == (r.file.as_str(), *line as u64, column)
                            && e.3.starts_with("scheme `")),
                        "{}:{line}: unknown scheme of an outcome: {errors:#?}",
                        r.file
                    );
                    expected_references.push(*line);
                }
            }
        }
        assert!(!expected_references.is_empty());
        let unknown = errors
            .iter()
            .filter(|e| e.3.ends_with("` does not exist") && !e.3.starts_with("link"))
            .count();
        assert_eq!(unknown, expected_references.len(), "{errors:#?}");
        // The build reports the same places.
        let out = site.build(&[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1));
        for e in errors.iter().filter(|e| e.0.starts_with("data/")) {
            let place = format!("{}:{}:{}", e.0, e.1, e.2);
            assert!(stderr.contains(&place), "{place} in:\n{stderr}");
        }
    }
}

#[test]
fn a_fresh_clone_passes_check_strict() {
    let site = Fixture::sample();
    let out = site
        .spean()
        .args(["check", "--strict", "--today", "2026-12-01"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn stale_records_are_counted_per_file_unless_verbose_and_judged_on_the_day_given() {
    let site = Fixture::copy("portal");
    let run = |args: &[&str]| {
        let out = site.spean().arg("check").args(args).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // On 2026-06-01 every record of the fixture (verified in March 2025) is stale.
    let (code, stderr) = run(&["--today", "2026-06-01"]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "warning: data/facilities/sample.yaml: 4 records not verified since before 2025-06-01 (stale_after_days: 365); --verbose lists them",
        "warning: data/schemes/schemes.yaml: 2 records not verified since before 2025-06-01 (stale_after_days: 365); --verbose lists them",
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("facility `pp-hospital`"), "{stderr}");
    // A file with one stale record shows it whole, with its line.
    assert!(
        stderr.contains("benefit `birth-grant` last verified 451 days ago (2025-03-07)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("data/benefits/benefits.yaml:8:3"),
        "{stderr}"
    );

    let (_, verbose) = run(&["--today", "2026-06-01", "--verbose"]);
    assert!(!verbose.contains("--verbose lists them"), "{verbose}");
    for (id, line) in [
        ("pp-hospital", 14),
        ("pp-centre", 26),
        ("sr-centre", 33),
        ("sr-hospital", 42),
    ] {
        assert!(
            verbose.contains(&format!("facility `{id}` last verified")),
            "{verbose}"
        );
        assert!(
            verbose.contains(&format!("data/facilities/sample.yaml:{line}:3")),
            "{verbose}"
        );
    }
    // JSON keeps every warning.
    let (_, json) = check_json(&site, &["--today", "2026-06-01"]);
    let stale = messages(&json, "warnings")
        .into_iter()
        .filter(|w| w.contains(" last verified "))
        .count();
    assert_eq!(stale, 8);
    // Judged on a day soon after the records were verified, none is stale.
    let (_, json) = check_json(&site, &["--today", "2025-04-01"]);
    assert!(
        !messages(&json, "warnings")
            .iter()
            .any(|w| w.contains("last verified")),
        "{json:#}"
    );
    // A bad day is a clear error, and nothing is checked.
    for (day, why) in [
        ("2026-02-30", "is not a real date (month 2 has no day 30)"),
        ("01/12/2026", "is not a date; write it as YYYY-MM-DD"),
        ("2026-12-01T10:00", "has a time: write the day alone"),
    ] {
        let (code, stderr) = run(&["--today", day]);
        assert_eq!(code, 2, "{day}: {stderr}");
        assert!(
            stderr.contains("--today") && stderr.contains(why),
            "{day}: {stderr}"
        );
    }
}

#[test]
fn a_repeated_record_id_is_one_error_at_its_record() {
    let site = Fixture::copy("portal");
    let schemes = std::fs::read_to_string(site.path().join("data/schemes/schemes.yaml")).unwrap();
    let first_record: String = schemes
        .split_inclusive('\n')
        .take_while(|l| !l.starts_with("- id: employees"))
        .collect();
    site.write(
        "data/schemes/schemes.yaml",
        format!("{schemes}{first_record}"),
    );
    let second = schemes.lines().count() + 1;
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    // Not also "two files are the `km` translation of schemes/voluntary.md" for each language.
    assert_eq!(
        messages(&json, "errors"),
        [format!(
            "data/schemes/schemes.yaml:{second}: duplicate scheme id `voluntary`"
        )]
    );
    assert_eq!(
        json["errors"][0]["hint"],
        "data/schemes/schemes.yaml:1 already uses it; every scheme needs its own id"
    );
}

#[test]
fn problems_with_a_records_page_point_at_the_record() {
    let site = Fixture::copy("portal");
    // A page of content/ where a record's page is.
    site.write(
        "content/schemes/employees.en.md",
        "---\ntitle: Employees\ndescription: x\n---\nText\n",
    );
    // An id that no USB drive can hold as a folder name, after one that starts like it.
    site.write(
        "data/schemes/more.yaml",
        "- id: aux-fund\n  name: A\n  summary: A\n  who_can_join: [A]\n  contributions: [{amount: 1, currency: KHR}]\n  covers: [A]\n  source: S\n  last_verified: 2025-03-07\n\n- id: aux\n  name: B\n  summary: B\n  who_can_join: [B]\n  contributions: [{amount: 1, currency: KHR}]\n  covers: [B]\n  source: S\n  last_verified: 2025-03-07\n",
    );
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let errors = messages(&json, "errors");
    let line = std::fs::read_to_string(site.path().join("data/schemes/schemes.yaml"))
        .unwrap()
        .lines()
        .position(|l| l == "- id: employees")
        .unwrap()
        + 1;
    assert!(
        errors.contains(&format!("data/schemes/schemes.yaml:{line}: two files are the `en` translation of schemes/employees.md: this one and content/schemes/employees.en.md")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("data/schemes/more.yaml:10: this page cannot be written")),
        "{errors:#?}"
    );
}

#[test]
fn links_in_records_sources_are_listed_at_their_line() {
    let site = Fixture::copy("portal");
    let (_, json) = check_json(&site, &[]);
    let links = json["external_links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .any(|l| l["file"] == "data/schemes/schemes.yaml"
                && l["line"] == 26
                && l["url"] == "https://www.nssf.gov.kh/"),
        "{links:#?}"
    );
}

#[test]
fn new_refuses_an_id_that_exists_naming_its_file_and_line_and_writes_nothing() {
    let site = Fixture::copy("portal");
    for (kind, id, file) in [
        ("scheme", "employees", "data/schemes/schemes.yaml"),
        ("facility", "sr-centre", "data/facilities/sample.yaml"),
    ] {
        let text = std::fs::read_to_string(site.path().join(file)).unwrap();
        let line = text
            .lines()
            .position(|l| l == format!("- id: {id}"))
            .unwrap()
            + 1;
        let before = common::tree_snapshot(site.path());
        let out = site.spean().args(["new", kind, id]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: {file}:{line}:3: a {kind} with id `{id}` already exists; choose another id, or edit that record\n"
            )
        );
        assert_eq!(
            before,
            common::tree_snapshot(site.path()),
            "nothing written"
        );
    }
}

#[test]
fn the_readmes_new_record_examples_work_on_the_sample() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let site = Fixture::sample();
    let mut ran = 0;
    for line in readme.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let ["spean", "new", kind @ ("scheme" | "facility"), id, ..] = words[..] else {
            continue;
        };
        let out = site.spean().args(["new", kind, id]).output().unwrap();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert_eq!(
        ran, 2,
        "the README shows `spean new scheme` and `spean new facility`"
    );
    // Created records only: no repeated id, no second page for one.
    let (_, json) = check_json(&site, &[]);
    let errors = messages(&json, "errors");
    assert!(
        !errors
            .iter()
            .any(|e| e.contains("duplicate") || e.contains("two files")),
        "{errors:#?}"
    );
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
