//! The sample NSSF portal of this repository builds, online and offline, with every internal
//! link resolving, every page in every language, and its data marked as sample data.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::broken_links;

fn build_sample(args: &[&str]) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let result = Command::cargo_bin("spean")
        .unwrap()
        .args(["build", "--site"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("public"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

#[test]
fn the_sample_portal_builds_with_every_link_resolving() {
    let out = build_sample(&[]);
    let public = out.path().join("public");
    let broken = broken_links(&public, false, Some("/"));
    assert!(broken.is_empty(), "{broken:#?}");
    for lang in ["km", "en", "fr"] {
        for page in [
            "",
            "voluntary/join/",
            "schemes/",
            "schemes/voluntary-health-care/",
            "enrol/join-self-employed/checklist/",
            "facilities/phnom-penh/",
            "news/talks-in-france/",
        ] {
            assert!(
                public.join(format!("{lang}/{page}index.html")).is_file(),
                "{lang}/{page}"
            );
        }
    }
    let directory =
        std::fs::read_to_string(public.join("en/facilities/siem-reap/index.html")).unwrap();
    assert!(
        directory.contains("Sample record"),
        "invented facilities say so"
    );
}

#[test]
fn the_sample_portal_works_offline() {
    let out = build_sample(&["--offline"]);
    let broken = broken_links(&out.path().join("public"), true, None);
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The README shows what a build of the sample portal prints; the two must not drift apart.
#[test]
fn the_readme_shows_the_real_output_of_a_sample_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for part in [
        "site.yaml",
        "content",
        "data",
        "themes",
        "static",
        "signing-key.pub",
    ] {
        let from = root.join(part);
        if from.is_dir() {
            common::copy_tree(&from, &site.path().join(part));
        } else if from.is_file() {
            std::fs::copy(&from, site.path().join(part)).unwrap();
        }
    }
    let out = Command::cargo_bin("spean")
        .unwrap()
        .arg("build")
        .current_dir(site.path())
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let marker = "<!-- The real output of `cargo run --release -- build` here";
    let after = &readme[readme.find(marker).expect("the README's marker")..];
    let block = after
        .split("```\n")
        .nth(1)
        .expect("a code block after the marker");
    let seconds = |text: &str| -> String {
        text.lines()
            .map(|line| match (line.find(" in "), line.find(" s → ")) {
                (Some(a), Some(b)) if a < b => format!("{} in … s{}", &line[..a], &line[b + 2..]),
                _ => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(seconds(block.trim_end()), seconds(printed.trim_end()));
}

#[test]
fn no_passage_of_the_search_index_runs_two_blocks_together() {
    let out = build_sample(&[]);
    let mut glued = Vec::new();
    let mut passages = 0;
    for lang in ["en", "fr", "km"] {
        let dir = out.path().join("public/search").join(lang);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("d-") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let json = &text[text.find(",[").unwrap() + 1..text.rfind(");").unwrap()];
            let docs: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
            for doc in docs {
                for p in doc["p"].as_array().unwrap() {
                    let p = p.as_str().unwrap();
                    passages += 1;
                    // A lower-case letter right before an upper-case one starting a word
                    // ("peopleThe") is two blocks' text run together.
                    let chars: Vec<char> = p.chars().collect();
                    if chars
                        .windows(3)
                        .any(|w| w[0].is_lowercase() && w[1].is_uppercase() && w[2].is_lowercase())
                    {
                        glued.push(format!("{lang}/{name}: {p}"));
                    }
                }
            }
        }
    }
    assert!(passages > 300, "{passages} passages");
    assert!(glued.is_empty(), "{glued:#?}");
}
