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
