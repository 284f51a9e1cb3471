//! Builds into one output folder at the same time, and what builds leave beside it: the real
//! binary, run as two editors (or an editor and a script) would run it.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Fixture, tree_snapshot};

/// How long a test waits for something the build prints before failing.
const DEADLINE: Duration = Duration::from_secs(60);

fn spean_build(site: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("spean"));
    command
        .arg("build")
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// The files under `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    tree_snapshot(dir)
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(dir).unwrap().to_path_buf(), b))
        .collect()
}

/// Names in the site folder that builds use beside `public/` while they write.
fn staging_leftovers(site: &Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.spean-staging-") || n.starts_with(".public.spean-old-"))
        .collect()
}

/// The lock a build holds while it writes `public/` (a file beside it), taken by the test to
/// read the folder while no build swaps it.
fn output_lock(site: &Path) -> fd_lock::RwLock<std::fs::File> {
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(site.join(".public.spean-lock"))
        .unwrap();
    fd_lock::RwLock::new(file)
}

#[test]
fn builds_into_one_folder_at_once_all_leave_the_whole_site() {
    let site = Fixture::copy("basic");
    site.build_ok(&["--output", "reference"]);
    let reference = tree(&site.path().join("reference"));
    let mut lock = output_lock(site.path());
    for pair in 0..10 {
        let (done, ended) = mpsc::channel();
        for build in ["first", "second"] {
            let child = spean_build(site.path()).spawn().unwrap();
            let done = done.clone();
            std::thread::spawn(move || {
                let _ = done.send((build, child.wait_with_output().unwrap()));
            });
        }
        // What each build leaves, looked at as soon as it exits (the other one may still be
        // writing): every build that says it succeeded has put a whole site in place.
        for _ in 0..2 {
            let (build, out) = ended.recv_timeout(DEADLINE).expect("the build ends");
            assert!(
                out.status.success(),
                "pair {pair}, {build} build failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let held = lock.write().unwrap();
            let built = tree(&site.public());
            drop(held);
            let missing: Vec<_> = reference
                .keys()
                .filter(|p| !built.contains_key(*p))
                .collect();
            let extra: Vec<_> = built
                .keys()
                .filter(|p| !reference.contains_key(*p))
                .collect();
            let differ: Vec<_> = reference
                .iter()
                .filter(|(p, b)| built.get(*p).is_some_and(|x| x != *b))
                .map(|(p, _)| p)
                .collect();
            assert!(
                missing.is_empty() && extra.is_empty() && differ.is_empty(),
                "pair {pair}, after the {build} build: missing {missing:?}, extra {extra:?}, different {differ:?}"
            );
        }
        assert_eq!(staging_leftovers(site.path()), Vec::<String>::new());
    }
}

#[test]
fn a_second_build_waits_for_the_one_writing_the_folder() {
    let site = Fixture::copy("basic");
    // Hold the output's lock as a running build does.
    let mut lock = output_lock(site.path());
    let held = lock.write().unwrap();

    let mut build = spean_build(site.path()).spawn().unwrap();
    let (said, hear) = mpsc::channel();
    let stderr = build.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = said.send(line.clone());
            lines.push(line);
        }
        lines
    });
    let line = hear
        .recv_timeout(DEADLINE)
        .expect("the waiting build says why it waits");
    assert!(
        line.contains("waiting for another build of") && line.contains("public"),
        "{line}"
    );
    // While the lock is held, it neither finishes nor touches the folder.
    assert!(build.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!site.public().exists());
    assert_eq!(staging_leftovers(site.path()), Vec::<String>::new());

    drop(held);
    let status = build.wait().unwrap();
    let said = reader.join().unwrap();
    assert!(status.success(), "{said:#?}");
    assert!(site.public().join("en/guide/join/index.html").is_file());
}

#[test]
fn only_staging_folders_of_builds_that_ended_are_removed() {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    // A build that was killed: its process is gone.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = gone.id();
    let live = std::process::id();
    for name in [
        format!(".public.spean-staging-{dead}-0"),
        format!(".public.spean-old-{dead}-3"),
        format!(".public.spean-staging-{dead}"),
        format!(".public.spean-staging-{live}-0"),
    ] {
        site.write(&format!("{name}/index.html"), "half a site");
    }

    site.build_ok(&[]);
    let mut left = staging_leftovers(site.path());
    left.sort();
    assert_eq!(left, [format!(".public.spean-staging-{live}-0")]);
    assert_eq!(
        std::fs::read_to_string(
            site.path()
                .join(format!(".public.spean-staging-{live}-0/index.html"))
        )
        .unwrap(),
        "half a site",
        "a running process's folder is left as it was"
    );
}

#[test]
fn the_site_index_without_script_stays_light_however_long_a_section() {
    let site = common::Fixture::sample();
    site.write(
        "content/many/_index.km.md",
        "---\ntitle: ផ្នែកវែង\n---\nផ្នែកគំរូដែលមានទំព័រច្រើន។\n",
    );
    for i in 0..450 {
        site.write(
            &format!("content/many/p{i:03}.km.md"),
            format!("---\ntitle: ទំព័រគំរូវែងមួយដែលមានចំណងជើងវែងណាស់សម្រាប់សាកល្បង លេខ {i:03}\n---\nអត្ថបទ។\n"),
        );
    }
    site.build_ok(&["--offline"]);
    let public = site.public();
    let search = site.read("km/search/index.html");
    assert!(search.len() < 100_000, "{} bytes", search.len());
    // The long section lists its first pages and links to its own index.
    assert_eq!(search.matches("ទំព័រគំរូវែងមួយ").count(), 10);
    // Its own index, in parts of at most 200, covers every page once, each part light.
    let mut parts: Vec<(String, String)> = std::fs::read_dir(public.join("km/search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with("part-"))
        .map(|name| {
            let html =
                std::fs::read_to_string(public.join("km/search").join(&name).join("index.html"))
                    .unwrap();
            (name, html)
        })
        .filter(|(_, html)| html.contains("<h1>ទំព័រទាំងអស់: <a href=../../many/"))
        .collect();
    parts.sort();
    assert_eq!(
        parts.len(),
        3,
        "{:?}",
        parts.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    assert!(
        search.contains(&format!("{}/", parts[0].0)),
        "a link to the section's own index"
    );
    let mut listed = std::collections::BTreeSet::new();
    for (n, (dir, html)) in parts.iter().enumerate() {
        assert!(html.len() < 100_000, "{dir}: {} bytes", html.len());
        for link in common::links_in(html) {
            if link.contains("many/p") {
                listed.insert(link.trim_start_matches("../").to_string());
            }
        }
        assert_eq!(
            html.contains("rel=next"),
            n < 2,
            "{dir}: a link to the next part"
        );
        assert_eq!(
            html.contains("rel=prev"),
            n > 0,
            "{dir}: a link to the previous part"
        );
    }
    assert_eq!(listed.len(), 450, "{listed:?}");
    // Every link of every part leads somewhere.
    assert_eq!(
        common::broken_links(&public, true, None),
        Vec::<String>::new()
    );
}
