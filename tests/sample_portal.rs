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
