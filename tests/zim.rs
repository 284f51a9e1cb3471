//! `spean package --zim`: the ZIM archive for Kiwix, on the `portal` fixture and the sample
//! portal. The archive is checked again with `zimcheck`, its entries listed with `zimdump`, its
//! metadata read back with Kiwix's own `kiwix-manage` (zimdump 3.1 cannot show metadata of
//! archives with the new namespaces), its full-text index queried with `zimsearch`, and the
//! sample's archive served by `kiwix-serve` and read in headless Chromium: spean's own search
//! page and the directory filter work there, and their links open. Also: the message without zim-tools, and a title
//! too long for a ZIM at its line of `site.yaml`.
//!
//! `./test.sh` installs zim-tools and kiwix-tools (`.ci/setup`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{Fixture, headless_chromium};

/// The date `SOURCE_DATE_EPOCH` gives the packages: 2025-03-05.
const EPOCH: &str = "1741132800";

/// A zim-tools or kiwix-tools program; without it the test binary stops saying how to get it.
fn tool(name: &str) -> Command {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .any(|dir| dir.join(name).is_file());
    if !found {
        eprintln!(
            "the ZIM tests need {name}: run ./test.sh, which installs it, or \
             `apt-get install zim-tools kiwix-tools`"
        );
        std::process::exit(1);
    }
    Command::new(name)
}

/// Runs a program that must succeed; returns its standard output.
fn run_ok(command: &mut Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A site with a signing key in its own key folder.
struct Site {
    site: Fixture,
    keys: tempfile::TempDir,
}

impl Site {
    fn new(site: Fixture) -> Site {
        let keys = tempfile::tempdir().unwrap();
        let s = Site { site, keys };
        let out = s.spean(&["keygen"], None);
        assert!(out.status.success(), "{out:?}");
        s
    }

    /// `spean ARGS`, with `path` as PATH when given.
    fn spean(&self, args: &[&str], path: Option<&Path>) -> Output {
        let mut cmd = self.site.spean();
        cmd.env("SPEAN_KEY_DIR", self.keys.path())
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .args(args);
        if let Some(path) = path {
            cmd.env("PATH", path);
        }
        cmd.output().unwrap()
    }

    /// `spean package --zim`, which must succeed; returns the archive `zim:` names (relative to the site,
    /// as spean prints it).
    fn package_zim(&self) -> PathBuf {
        let out = self.spean(&["package", "--output", "dist", "--zim"], None);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("zim:"))
            .expect("package names the ZIM archive");
        let path = line.trim().trim_end_matches(" (checked by zimcheck)");
        self.site.path().join(path)
    }

    fn dist(&self) -> PathBuf {
        self.site.path().join("dist")
    }
}

/// The attributes of the `<book>` Kiwix's library records for the archive, as Kiwix shows
/// them.
fn kiwix_metadata(zim: &Path) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library.xml");
    run_ok(tool("kiwix-manage").arg(&library).arg("add").arg(zim));
    let xml = std::fs::read_to_string(&library).unwrap();
    let book = &xml[xml.find("<book ").expect("a book") + 6..];
    let book = &book[..book.find("/>").unwrap()];
    let mut attributes = BTreeMap::new();
    for part in book.split("\" ").map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once("=\"").unwrap();
        let value = value.trim_end_matches('"');
        let value = value
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        attributes.insert(key.to_string(), value);
    }
    attributes
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| *c != b'=') {
        let value = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

/// Every file of a folder, by `/`-separated path.
fn files_of(folder: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(folder)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn the_portal_as_a_zim_passes_zimcheck_with_the_metadata_kiwix_shows() {
    let fixture = Fixture::copy("portal");
    let yaml = std::fs::read_to_string(fixture.path().join("site.yaml")).unwrap();
    fixture.write(
        "site.yaml",
        format!("{yaml}zim:\n  creator: The fund\n  publisher: The agency\n  tags: [social security, test]\n"),
    );
    let site = Site::new(fixture);
    let zim = site.package_zim();
    assert_eq!(zim, site.dist().join("test-site-2025-03-05.zim"));
    // Beside the bundle and its zip, nothing else is left (no staging folder).
    let left: BTreeSet<String> = std::fs::read_dir(site.dist())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".spean-lock"))
        .collect();
    let expected = [
        "test-site-2025-03-05",
        "test-site-2025-03-05.zip",
        "test-site-2025-03-05.zim",
    ];
    assert_eq!(
        left,
        expected
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    );

    let check = run_ok(tool("zimcheck").arg("-A").arg(&zim));
    assert!(check.contains("Overall Test Status: Pass"), "{check}");

    let meta = kiwix_metadata(&zim);
    assert_eq!(meta["title"], "គេហទំព័រសាកល្បង"); // the default language's title
    assert_eq!(meta["description"], "សាកល្បង");
    assert_eq!(meta["language"], "khm,eng,fra");
    assert_eq!(meta["creator"], "The fund");
    assert_eq!(meta["publisher"], "The agency");
    assert_eq!(meta["name"], "test-site_mul");
    assert!(
        meta["tags"].starts_with("social security;test;"),
        "{}",
        meta["tags"]
    );
    // Kiwix's date is the day the archive was written (zimwriterfs sets it; see the README).
    assert_eq!(meta["date"].len(), 10);

    // The illustration: a 48×48 PNG, the same bytes as the entry zimwriterfs took it from.
    assert_eq!(meta["faviconMimeType"], "image/png");
    let favicon = base64_decode(&meta["favicon"]);
    assert_eq!(&favicon[1..4], b"PNG");
    assert_eq!(&favicon[16..24], &[0, 0, 0, 48, 0, 0, 0, 48], "48×48");
    let shown = tool("zimdump")
        .args(["show", "--url", "zim-illustration-48x48.png"])
        .arg(&zim)
        .output()
        .unwrap();
    assert_eq!(shown.stdout, favicon);

    // The entries are the bundle's site: every file but the bundle's readmes and signature,
    // plus the illustration.
    let listed: BTreeSet<String> = run_ok(tool("zimdump").arg("list").arg(&zim))
        .lines()
        .map(str::to_string)
        .collect();
    let mut site_files = files_of(&site.dist().join("test-site-2025-03-05"));
    for bundle_only in ["README.txt", "README.html", "SHA256SUMS", "SHA256SUMS.sig"] {
        assert!(
            site_files.remove(bundle_only),
            "{bundle_only} in the bundle"
        );
    }
    site_files.insert("zim-illustration-48x48.png".into());
    assert_eq!(listed, site_files);
    assert!(listed.contains("km/index.html") && listed.contains("fr/search/index.html"));

    // Kiwix's own full-text index finds the English and French pages of a word.
    let found = run_ok(tool("zimsearch").arg(&zim).arg("Kampot"));
    assert!(
        found.contains("Kampot · Test site") && found.contains("Kampot · Site d'essai"),
        "{found}"
    );
}

#[test]
fn without_zim_tools_package_says_how_to_install_them_and_writes_nothing() {
    let site = Site::new(Fixture::copy("portal"));
    let empty = tempfile::tempdir().unwrap();
    let out = site.spean(
        &["package", "--output", "dist", "--zim"],
        Some(empty.path()),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("zimwriterfs and zimcheck not found")
            && stderr.contains("`sudo apt install zim-tools`"),
        "{stderr}"
    );
    assert!(!site.dist().exists(), "nothing is written");
}

#[test]
fn a_title_too_long_for_a_zim_is_refused_at_its_line_and_only_by_package_zim() {
    let fixture = Fixture::copy("portal");
    let yaml = std::fs::read_to_string(fixture.path().join("site.yaml")).unwrap();
    let long = "ក".repeat(31);
    // The default language's title is the ZIM's, unless `zim: title:` is given.
    fixture.write(
        "site.yaml",
        yaml.replace("km: គេហទំព័រសាកល្បង", &format!("km: {long}")),
    );
    let site = Site::new(fixture);
    let out = site.spean(&["package", "--output", "dist", "--zim"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site.yaml:2:")
            && stderr.contains("this title has 31 characters; a ZIM title has at most 30"),
        "{stderr}"
    );
    assert!(!site.dist().exists(), "nothing is written");
    // A build, and a package without --zim, do not care.
    assert!(site.spean(&["build"], None).status.success());

    let lines = yaml.lines().count();
    site.site.write(
        "site.yaml",
        format!(
            "{yaml}zim:\n  title: {long}\n  description: {}\n",
            "d".repeat(81)
        ),
    );
    let out = site.spean(&["package", "--output", "dist", "--zim"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("site.yaml:{}:", lines + 2))
            && stderr.contains(&format!("site.yaml:{}:", lines + 3))
            && stderr
                .contains("this description has 81 characters; a ZIM description has at most 80"),
        "{stderr}"
    );
}

/// `kiwix-serve` on a free port of 127.0.0.1, stopped when dropped.
struct KiwixServe {
    child: std::process::Child,
    port: u16,
}

impl KiwixServe {
    fn start(zim: &Path) -> KiwixServe {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = tool("kiwix-serve")
            // Without kiwix-serve's own top bar, whose inline handlers the pages' policy
            // refuses (it is kiwix-serve's, added to every page with a `<body>`).
            .args([
                "--nosearchbar",
                "--address",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(zim)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let server = KiwixServe { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "kiwix-serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// The status code and body of a GET of `path`.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, body.to_string())
    }

    fn status(&self, path: &str) -> u16 {
        self.get(path).0
    }
}

/// Percent-encodes every byte but ASCII letters and digits.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b.is_ascii_alphanumeric() {
            true => (b as char).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect()
}

impl Drop for KiwixServe {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// `a/b/c/index.html` + `../../x/` → `a/x/`.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn the_sample_portal_as_a_zim_passes_zimcheck_and_its_search_and_filter_work_in_kiwix_serve() {
    let site = Site::new(Fixture::sample());
    let zim = site.package_zim();
    let check = run_ok(tool("zimcheck").arg("-A").arg(&zim));
    assert!(check.contains("Overall Test Status: Pass"), "{check}");
    let meta = kiwix_metadata(&zim);
    assert_eq!(meta["title"], "ព័ត៌មាន ប.ស.ស. · NSSF");
    assert_eq!(meta["language"], "khm,eng,fra");

    let server = KiwixServe::start(&zim);
    let book = zim.file_stem().unwrap().to_string_lossy().into_owned();
    let links_in = |dom: &str, list: &str, end: &str| -> Vec<String> {
        let at = dom.find(&format!("id=\"{list}\"")).expect(list);
        let part = &dom[at..];
        let part = &part[..part.find(end).unwrap_or(part.len())];
        part.split("<a href=\"")
            .skip(1)
            .map(|h| h.split('"').next().unwrap().replace("&amp;", "&"))
            .filter(|h| !h.starts_with("tel:"))
            .collect()
    };
    let opened = |page: &str, query: &str| {
        headless_chromium(&[
            "--dump-dom".to_string(),
            format!("http://127.0.0.1:{}{page}?{query}", server.port),
        ])
    };
    for (lang, query, encoded) in [
        (
            "km",
            "ចូលរួម",
            "%E1%9E%85%E1%9E%BC%E1%9E%9B%E1%9E%9A%E1%9E%BD%E1%9E%98",
        ),
        ("en", "hospital", "hospital"),
    ] {
        let page = format!("/{book}/{lang}/search/index.html");
        let hrefs = links_in(
            &opened(&page, &format!("q={encoded}")),
            "search-results",
            "</ol>",
        );
        assert!(!hrefs.is_empty(), "no result for {query}");
        for href in hrefs {
            // Kiwix has no folder addresses: a result must name the page's index.html.
            let target = resolve(&page, &href);
            assert_eq!(server.status(&target), 200, "{query}: {href} → {target}");
        }
    }
    // The directory filter's cards link to their province pages there too.
    let page = format!("/{book}/en/facilities/index.html");
    let cards = links_in(&opened(&page, "province=17"), "filter-results", "</form>");
    assert!(!cards.is_empty(), "the filter shows cards");
    for href in cards {
        let target = resolve(&page, &href);
        let target = target.split('#').next().unwrap();
        assert_eq!(server.status(target), 200, "{href} → {target}");
    }

    // What the README says of Kiwix's own search bar: its full-text results find English words
    // but no Khmer word (Debian 12's libzim 8.1); its suggestions find titles that begin with
    // the Khmer typed. If this fails, Kiwix changed: update the README's Kiwix section.
    let full_text = |pattern: &str| {
        let (status, body) = server.get(&format!(
            "/search?content={book}&pattern={}",
            encode(pattern)
        ));
        assert_eq!(status, 200);
        body.matches(&format!("<a href=\"/{book}/")).count()
    };
    assert!(full_text("hospital") > 0);
    assert_eq!(full_text("ចូលរួម"), 0);
    let (_, suggested) = server.get(&format!("/suggest?content={book}&term={}", encode("ចូលរួម")));
    assert!(
        suggested.contains("\"km/enrol/join-self-employed/index.html\""),
        "{suggested}"
    );
}
