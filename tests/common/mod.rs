//! Helpers shared by the integration tests: copy a fixture site into a temporary folder, run the
//! real `spean` binary on it, read what it wrote, and check every link of the output.

#![allow(dead_code)]

pub(crate) mod cdp;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub(crate) struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub(crate) fn copy(name: &str) -> Fixture {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("a temporary folder");
        copy_tree(&source, dir.path());
        Fixture { dir }
    }

    /// A fresh copy of the repository's own sample portal (`site.yaml`, `content/`, `data/`,
    /// `themes/`), as a fresh clone has it.
    pub(crate) fn sample() -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        for folder in ["content", "data", "themes"] {
            copy_tree(&root.join(folder), &dir.path().join(folder));
        }
        Fixture { dir }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn public(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub(crate) fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).unwrap();
    }

    pub(crate) fn spean(&self) -> Command {
        let mut cmd = Command::cargo_bin("spean").expect("the spean binary");
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Runs `spean build` with extra arguments.
    pub(crate) fn build(&self, args: &[&str]) -> Output {
        self.spean()
            .arg("build")
            .args(args)
            .output()
            .expect("spean runs")
    }

    /// Runs a build that must succeed.
    pub(crate) fn build_ok(&self, args: &[&str]) -> Output {
        let out = self.build(args);
        assert!(
            out.status.success(),
            "build failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A file of the output, as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Builds once (so there is a previous site), applies `break_it`, builds again and returns
/// stderr after checking the build failed and changed nothing.
pub(crate) fn failing_build(break_it: impl FnOnce(&Fixture)) -> String {
    let site = Fixture::copy("basic");
    site.build_ok(&[]);
    let before = tree_snapshot(&site.public());
    break_it(&site);
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code 1 expected:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        before,
        tree_snapshot(&site.public()),
        "public/ changed:\n{stderr}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("spean-staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    stderr
}

pub(crate) fn assert_has(stderr: &str, needles: &[&str]) {
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    }
}

/// Every file under `dir` with its bytes, to prove a failed build changed nothing.
pub(crate) fn tree_snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The values of `href`, `src` and form `action` attributes, quoted or not (minified HTML drops
/// quotes).
pub(crate) fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in [" href=", " src=", " action="] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            links.push(value.replace("&amp;", "&"));
        }
    }
    links
}

fn percent_decode(text: &str) -> String {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Ids defined in an HTML document (quoted or not).
pub(crate) fn ids_in(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=") {
        rest = &rest[at + 4..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        ids.push(value.to_string());
    }
    ids
}

/// Every internal link and asset reference of every HTML file under `public`, resolved as a
/// browser would over `file://`: returns the ones that do not lead to a file (or to an id in it).
/// With `offline`, a link to a folder counts as broken (file:// shows a listing, not the page).
/// Links starting with `base_path` (the 404 pages' links on a server) resolve from `public`.
pub(crate) fn broken_links(public: &Path, offline: bool, base_path: Option<&str>) -> Vec<String> {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(public).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for link in links_in(&html) {
            if link.is_empty()
                || link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with("data:")
            {
                continue;
            }
            let from_root = base_path.and_then(|b| link.strip_prefix(b));
            if link.starts_with('/') && from_root.is_none() {
                broken.push(format!("{}: absolute link {link}", path.display()));
                continue;
            }
            let (file_part, fragment) = match link.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (link.as_str(), None),
            };
            let file_part = &percent_decode(file_part);
            let target = if let Some(rest) = from_root {
                public.join(rest.split('#').next().unwrap_or(""))
            } else if file_part.is_empty() {
                path.to_path_buf()
            } else {
                path.parent().unwrap().join(file_part)
            };
            let target = if target.is_dir() {
                if offline {
                    broken.push(format!("{}: link to a folder {link}", path.display()));
                    continue;
                }
                target.join("index.html")
            } else {
                target
            };
            if !target.is_file() {
                broken.push(format!("{}: {link} does not exist", path.display()));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && target.extension().is_some_and(|e| e == "html")
            {
                let text = std::fs::read_to_string(&target).unwrap();
                if !ids_in(&text).iter().any(|id| id == fragment) {
                    broken.push(format!(
                        "{}: no #{fragment} in {}",
                        path.display(),
                        target.display()
                    ));
                }
            }
        }
    }
    broken
}

/// Every HTML page reachable from `start` by following links (canonical paths).
pub(crate) fn reachable_pages(start: &Path) -> std::collections::HashSet<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    let mut queue = vec![start.canonicalize().unwrap()];
    while let Some(page) = queue.pop() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let html = std::fs::read_to_string(&page).unwrap_or_default();
        for link in links_in(&html) {
            if link.contains(':') || link.starts_with('#') || link.is_empty() {
                continue;
            }
            let file = percent_decode(link.split('#').next().unwrap_or(""));
            let target = page.parent().unwrap().join(file);
            if target.extension().is_some_and(|e| e == "html")
                && let Ok(target) = target.canonicalize()
            {
                queue.push(target);
            }
        }
    }
    seen
}

/// The flags headless Chromium needs on this machine (no sandbox as root, no GPU, nothing
/// fetched in the background), for every browser test.
pub(crate) const CHROMIUM_FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// Debian's Chromium, or `CHROMIUM`; without it the test binary stops with one line saying how
/// to get it.
pub(crate) fn chromium() -> String {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if !Path::new(&chromium).exists() {
        eprintln!(
            "browser tests need Chromium ({chromium} not found): run ./test.sh, which installs it, or `apt-get install chromium`"
        );
        std::process::exit(1);
    }
    chromium
}

/// The repository's own sample portal built `--offline` into a temporary folder (the folder
/// and the output in it), as on a USB drive.
pub(crate) fn offline_sample() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("spean"))
        .args([
            "build",
            "--offline",
            "--site",
            env!("CARGO_MANIFEST_DIR"),
            "--output",
        ])
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (out, public)
}

/// Runs Debian's headless Chromium (or `CHROMIUM`) with the flags this machine needs and a fresh
/// profile, plus `args` (`--dump-dom URL`...); returns what it printed. Every page it opens must
/// keep to its Content-Security-Policy: Chromium's log of the page's console is checked.
/// Without Chromium the test binary stops with one line saying how to get it.
pub(crate) fn headless_chromium(args: &[String]) -> String {
    let chromium = chromium();
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(&chromium)
        .args(CHROMIUM_FLAGS)
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {chromium}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {stderr}");
    let violations: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Content Security Policy"))
        .collect();
    assert!(
        violations.is_empty(),
        "the page broke its Content-Security-Policy:\n{}",
        violations.join("\n")
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `spean ARGS` (`args` as one shell word list) in the site on a terminal (`script` gives
/// it a pseudo-terminal), with the progress bar shown from the start; returns everything the
/// terminal received. The command must succeed.
pub(crate) fn on_a_terminal(site: &Fixture, args: &str, env: &[(&str, &str)]) -> String {
    let spean = assert_cmd::cargo::cargo_bin("spean");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", spean.display()), "/dev/null"])
        .current_dir(site.path())
        .env_remove("CI")
        .env("SPEAN_PROGRESS_AFTER_MS", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script (util-linux) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
