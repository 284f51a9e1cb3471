//! `spean keygen`, `spean package` and `spean verify` on the `portal` fixture: a bundle that
//! verifies (folder and zip, and with `sha256sum -c`), that fails verification naming the file
//! for every kind of tampering, that is byte-identical when made twice, and that never packs
//! the private key.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{Fixture, broken_links};

struct Packaged {
    site: Fixture,
    keys: tempfile::TempDir,
    /// The fingerprint `spean keygen` printed.
    fingerprint: String,
}

impl Packaged {
    fn new() -> Packaged {
        let site = Fixture::copy("portal");
        let keys = tempfile::tempdir().unwrap();
        let mut p = Packaged {
            site,
            keys,
            fingerprint: String::new(),
        };
        let out = p.run(&["keygen"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        p.fingerprint = String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("fingerprint "))
            .expect("keygen prints the fingerprint")
            .to_string();
        p
    }

    fn run(&self, args: &[&str]) -> Output {
        self.site
            .spean()
            .env("SPEAN_KEY_DIR", self.keys.path())
            .env("SOURCE_DATE_EPOCH", "1741132800") // 2025-03-05
            .args(args)
            .output()
            .unwrap()
    }

    fn package(&self, output: &str) -> (PathBuf, PathBuf) {
        let out = self.run(&["package", "--output", output]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dir = self.site.path().join(output);
        (
            dir.join("test-site-2025-03-05"),
            dir.join("test-site-2025-03-05.zip"),
        )
    }

    fn verify(&self, path: &Path, key: Option<&Path>) -> (bool, String) {
        self.verify_with(path, key.map(|k| k.display().to_string()).as_deref())
    }

    /// `spean verify PATH [--key KEY]`, KEY as typed: (success, stdout and stderr).
    fn verify_with(&self, path: &Path, key: Option<&str>) -> (bool, String) {
        let mut args = vec!["verify".to_string(), path.display().to_string()];
        if let Some(key) = key {
            args.push("--key".into());
            args.push(key.to_string());
        }
        let out = self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    fn public_key(&self) -> PathBuf {
        self.site.path().join("signing-key.pub")
    }
}

#[test]
fn a_fresh_bundle_verifies_as_folder_and_zip() {
    let p = Packaged::new();
    let (folder, zip) = p.package("dist");
    for f in [
        "index.html",
        "README.txt",
        "README.html",
        "SHA256SUMS",
        "SHA256SUMS.sig",
        "spean-public-key.txt",
        "km/index.html",
        // The one-file edition of each language, at the root.
        "test-site-km.html",
        "test-site-en.html",
        "test-site-fr.html",
    ] {
        assert!(folder.join(f).is_file(), "{f}");
    }
    let (ok, text) = p.verify(&folder, Some(&p.public_key()));
    assert!(ok, "{text}");
    assert!(text.contains("files present and unaltered"), "{text}");
    let (ok, text) = p.verify(&zip, Some(&p.public_key()));
    assert!(ok, "{text}");
    let (ok, text) = p.verify(&zip, None);
    assert!(
        ok && text.contains("checked against the key inside the bundle"),
        "{text}"
    );
    // The manifest is in the format `sha256sum -c` reads.
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&folder)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let readme = std::fs::read_to_string(folder.join("README.txt")).unwrap();
    assert!(
        readme.contains("How to open this site")
            && readme.contains("Comment ouvrir ce site")
            && readme.contains("របៀបបើកគេហទំព័រនេះ")
    );
    for file in [
        "test-site-km.html",
        "test-site-en.html",
        "test-site-fr.html",
    ] {
        assert!(readme.contains(file), "the readme names {file}");
    }
    let home = std::fs::read_to_string(folder.join("en/index.html")).unwrap();
    assert!(
        home.contains("../test-site-en.html"),
        "the home page offers the file"
    );
}

#[test]
fn the_bundle_works_from_file_urls_and_loads_nothing_from_elsewhere() {
    let p = Packaged::new();
    let (folder, _) = p.package("dist");
    let broken = broken_links(&folder, true, None);
    assert!(broken.is_empty(), "{broken:#?}");
    // Every page is reachable from the root index.html by following links.
    let reached = common::reachable_pages(&folder.join("index.html"));
    for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
        let path = entry.path();
        let html = path.extension().is_some_and(|e| e == "html");
        let special = path.ends_with("404.html") || path.ends_with("README.html");
        if html && !special {
            assert!(
                reached.contains(&path.canonicalize().unwrap()),
                "not reachable from index.html: {}",
                path.display()
            );
        }
        if html {
            let text = std::fs::read_to_string(path).unwrap();
            assert_loads_nothing_remote(path, &text);
        }
    }
}

/// No script, image, stylesheet or icon from another host (links to other sites are fine: a
/// reader chooses to follow them; the canonical address names the site, it loads nothing).
fn assert_loads_nothing_remote(path: &Path, html: &str) {
    for remote in ["src=http", "src=\"http", "src=//", "src=\"//"] {
        assert!(!html.contains(remote), "{}: {remote}", path.display());
    }
    for tag in html.split("<link ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if tag.contains("stylesheet") || tag.contains("icon") || tag.contains("preload") {
            assert!(
                !tag.contains("href=http")
                    && !tag.contains("href=\"http")
                    && !tag.contains("href=//"),
                "{}: <link {tag}>",
                path.display()
            );
        }
    }
}

fn tamper(p: &Packaged, folder: &Path, change: impl FnOnce(&Path)) -> String {
    change(folder);
    let (ok, text) = p.verify(folder, Some(&p.public_key()));
    assert!(!ok, "verify passed after tampering:\n{text}");
    text
}

#[test]
fn verify_fails_naming_the_file_for_each_kind_of_tampering() {
    let p = Packaged::new();
    let (folder, _) = p.package("a");
    let text = tamper(&p, &folder, |f| {
        let page = f.join("en/index.html");
        let mut bytes = std::fs::read(&page).unwrap();
        bytes[100] ^= 1;
        std::fs::write(page, bytes).unwrap();
    });
    assert!(text.contains("en/index.html: altered"), "{text}");

    let (folder, _) = p.package("b");
    let text = tamper(&p, &folder, |f| {
        std::fs::remove_file(f.join("css/style.css")).unwrap();
    });
    assert!(text.contains("css/style.css: missing"), "{text}");

    let (folder, _) = p.package("c");
    let text = tamper(&p, &folder, |f| {
        std::fs::write(f.join("autorun.inf"), "[autorun]\nopen=setup.exe\n").unwrap();
        std::fs::write(f.join("km/.hidden.exe"), "MZ").unwrap();
    });
    assert!(text.contains("autorun.inf: not in the manifest"), "{text}");
    assert!(
        text.contains("km/.hidden.exe: not in the manifest"),
        "{text}"
    );

    let (folder, _) = p.package("d");
    let text = tamper(&p, &folder, |f| {
        let manifest = f.join("SHA256SUMS");
        let edited =
            std::fs::read_to_string(&manifest)
                .unwrap()
                .replacen("  404.html", "  404.htm", 1);
        std::fs::write(manifest, edited).unwrap();
    });
    assert!(
        text.contains("SHA256SUMS.sig: the signature does not match SHA256SUMS"),
        "{text}"
    );
}

#[test]
fn a_swapped_signature_or_the_wrong_key_fails() {
    let p = Packaged::new();
    let (folder, _) = p.package("mine");
    // Another agency's key and bundle of the same site.
    let other = Packaged::new();
    let (other_folder, _) = other.package("theirs");
    std::fs::copy(
        other_folder.join("SHA256SUMS.sig"),
        folder.join("SHA256SUMS.sig"),
    )
    .unwrap();
    let (ok, text) = p.verify(&folder, Some(&p.public_key()));
    assert!(
        !ok && text.contains("SHA256SUMS.sig: the signature does not match"),
        "{text}"
    );

    let (folder, _) = p.package("again");
    let (ok, text) = p.verify(&folder, Some(&other.public_key()));
    assert!(!ok && text.contains("signed with another key"), "{text}");
}

#[test]
fn the_zip_is_byte_identical_when_made_twice() {
    let p = Packaged::new();
    let (_, first) = p.package("one");
    let (_, second) = p.package("two");
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

#[test]
fn a_zip_entry_that_would_escape_is_reported() {
    use std::io::Write;
    let p = Packaged::new();
    let (_, zip) = p.package("z");
    let bad = p.site.path().join("bad.zip");
    let mut reader = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
    for i in 0..reader.len() {
        writer.raw_copy_file(reader.by_index(i).unwrap()).unwrap();
    }
    writer
        .start_file(
            "test-site-2025-03-05/../../evil.sh",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    writer.write_all(b"rm -rf ~").unwrap();
    writer.finish().unwrap();
    let (ok, text) = p.verify(&bad, Some(&p.public_key()));
    assert!(
        !ok && text.contains("evil.sh: a path that would escape the folder"),
        "{text}"
    );
}

#[test]
fn the_private_key_is_never_packed_nor_kept_in_the_site() {
    let p = Packaged::new();
    let key = p.keys.path().join("signing.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A key copied into the site's static files is refused.
    std::fs::create_dir_all(p.site.path().join("static")).unwrap();
    std::fs::copy(&key, p.site.path().join("static/backup.txt")).unwrap();
    let out = p.run(&["package"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("the private key would be packed as backup.txt")
    );
    // keygen refuses to write a private key inside the site, and never replaces one: run again,
    // it uses the key that is there.
    let out = p
        .site
        .spean()
        .args(["keygen", "keys/signing.key"])
        .output()
        .unwrap();
    assert!(
        !out.status.success()
            && String::from_utf8_lossy(&out.stderr).contains("inside the site folder")
    );
    let before = std::fs::read(&key).unwrap();
    let out = p.run(&["keygen"]);
    assert!(
        out.status.success()
            && String::from_utf8_lossy(&out.stdout).contains("already there: used, not replaced"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        before,
        std::fs::read(&key).unwrap(),
        "the private key is kept"
    );
}

/// `spean` in `site` with the key folder found the default way: `$XDG_CONFIG_HOME/spean/`, or
/// `$HOME/.config/spean/` without it, both in temporary folders (never the real home).
fn spean_at_home(site: &Path, home: &Path, xdg: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("spean").unwrap();
    cmd.current_dir(site)
        .env("HOME", home)
        .env_remove("SPEAN_KEY_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env("SOURCE_DATE_EPOCH", "1741132800");
    if let Some(xdg) = xdg {
        cmd.env("XDG_CONFIG_HOME", xdg);
    }
    cmd.args(args).output().unwrap()
}

/// The command a message names between backticks after "run".
fn command_named(stderr: &str) -> Vec<String> {
    let after = stderr
        .split("run `")
        .nth(1)
        .unwrap_or_else(|| panic!("no command named: {stderr}"));
    let command = after.split('`').next().unwrap();
    command.split_whitespace().map(str::to_string).collect()
}

#[test]
fn a_second_site_gets_the_public_half_of_the_key_already_on_this_computer() {
    let home = tempfile::tempdir().unwrap();
    let first = Fixture::copy("portal");
    let out = spean_at_home(first.path(), home.path(), None, &["keygen"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = home.path().join(".config/spean/signing.key");
    assert!(key.is_file(), "the key went to $HOME/.config/spean/");
    let private_before = std::fs::read(&key).unwrap();
    let published = std::fs::read_to_string(first.path().join("signing-key.pub")).unwrap();

    // A second site (or a clone without signing-key.pub): package says which command fixes it,
    // and that command does.
    let second = Fixture::copy("portal");
    let out = spean_at_home(second.path(), home.path(), None, &["package"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("the site has no public key"),
        "{stderr}"
    );
    let command = command_named(&stderr);
    assert_eq!(command, ["spean", "keygen"], "{stderr}");
    let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    let out = spean_at_home(second.path(), home.path(), None, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("already there: used, not replaced")
            && stdout.contains("written: the public half of that key"),
        "{stdout}"
    );
    assert_eq!(
        published,
        std::fs::read_to_string(second.path().join("signing-key.pub")).unwrap()
    );
    assert_eq!(private_before, std::fs::read(&key).unwrap());
    let out = spean_at_home(second.path(), home.path(), None, &["package"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Run again, keygen has nothing to do.
    let out = spean_at_home(second.path(), home.path(), None, &["keygen"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to do"));
}

#[test]
fn package_names_the_exact_keygen_command_for_another_folder_and_key() {
    // Run from elsewhere, with XDG_CONFIG_HOME and then an explicit --key.
    let home = tempfile::tempdir().unwrap();
    let xdg = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let first = Fixture::copy("portal");
    let out = spean_at_home(first.path(), home.path(), Some(xdg.path()), &["keygen"]);
    assert!(out.status.success());
    assert!(
        xdg.path().join("spean/signing.key").is_file(),
        "XDG_CONFIG_HOME is followed"
    );
    assert!(!home.path().join(".config").exists());

    let second = Fixture::copy("portal");
    let site = second.path().display().to_string();
    let out = spean_at_home(
        elsewhere.path(),
        home.path(),
        Some(xdg.path()),
        &["package", "--site", &site],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let command = command_named(&stderr);
    assert_eq!(
        command,
        ["spean", "keygen", "--site", site.as_str()],
        "{stderr}"
    );
    let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
    let out = spean_at_home(elsewhere.path(), home.path(), Some(xdg.path()), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = spean_at_home(
        elsewhere.path(),
        home.path(),
        Some(xdg.path()),
        &["package", "--site", &site],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let third = Fixture::copy("portal");
    let other_key = elsewhere.path().join("agency.key");
    std::fs::copy(xdg.path().join("spean/signing.key"), &other_key).unwrap();
    let (site, key) = (
        third.path().display().to_string(),
        other_key.display().to_string(),
    );
    let out = spean_at_home(
        elsewhere.path(),
        home.path(),
        Some(xdg.path()),
        &["package", "--site", &site, "--key", &key],
    );
    let command = command_named(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        command,
        ["spean", "keygen", key.as_str(), "--site", site.as_str()]
    );
}

#[test]
fn keygen_never_replaces_the_public_key_of_another_private_key() {
    let home = tempfile::tempdir().unwrap();
    let other_home = tempfile::tempdir().unwrap();
    let site = Fixture::copy("portal");
    assert!(
        spean_at_home(site.path(), home.path(), None, &["keygen"])
            .status
            .success()
    );
    let published = std::fs::read_to_string(site.path().join("signing-key.pub")).unwrap();
    // Another computer, with no key: the site's key was made elsewhere.
    let out = spean_at_home(site.path(), other_home.path(), None, &["keygen"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("its private key is not at"),
        "{stderr}"
    );
    assert!(
        !other_home.path().join(".config/spean/signing.key").exists(),
        "no key made"
    );
    let out = spean_at_home(site.path(), other_home.path(), None, &["package"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("was made on another computer; copy its private key"),
        "{stderr}"
    );
    // Another computer with a key of its own: refused, the site keeps its key.
    let elsewhere = Fixture::copy("basic");
    assert!(
        spean_at_home(elsewhere.path(), other_home.path(), None, &["keygen"])
            .status
            .success()
    );
    let out = spean_at_home(site.path(), other_home.path(), None, &["keygen"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("spean will not replace a site's key"),
        "{stderr}"
    );
    assert_eq!(
        published,
        std::fs::read_to_string(site.path().join("signing-key.pub")).unwrap()
    );
}

#[test]
fn every_build_publishes_the_public_key() {
    let p = Packaged::new();
    p.site.build_ok(&[]);
    let published = p.site.read("spean-public-key.txt");
    assert_eq!(published, std::fs::read_to_string(p.public_key()).unwrap());
}

const TOP: &str = "test-site-2025-03-05";

/// Copies every entry of `zip` into a new zip at `to`, after the entries `before` writes.
fn rezip(zip: &Path, to: &Path, before: impl FnOnce(&mut zip::ZipWriter<std::fs::File>)) {
    let mut reader = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    before(&mut writer);
    for i in 0..reader.len() {
        writer.raw_copy_file(reader.by_index(i).unwrap()).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_zip_with_two_entries_of_one_name_fails() {
    use std::io::{Read, Write};
    let p = Packaged::new();
    let (_, zip) = p.package("dist");
    // The `zip` crate refuses to write one name twice: write the tampered page under a name of
    // the same length, then rename it in the bytes (its local header and its directory entry).
    let real = format!("{TOP}/en/index.html");
    let stand_in = format!("{TOP}/en/XXXXX.html");
    let bad = p.site.path().join("twice.zip");
    rezip(&zip, &bad, |w| {
        w.start_file(stand_in.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(b"<p>Send your NSSF card number to this number</p>")
            .unwrap();
    });
    let bytes = std::fs::read(&bad).unwrap();
    let at: Vec<usize> = bytes
        .windows(stand_in.len())
        .enumerate()
        .filter(|(_, w)| *w == stand_in.as_bytes())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        at.len(),
        2,
        "the name in the local header and the directory"
    );
    let mut patched = bytes;
    for i in at {
        patched[i..i + real.len()].copy_from_slice(real.as_bytes());
    }
    std::fs::write(&bad, patched).unwrap();
    // What fooled verify: reading by name gives the genuine page, which is the second entry,
    // while `unzip -n` extracts the first one, the tampered page.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&bad).unwrap()).unwrap();
    assert!(archive.has_duplicate_names());
    let mut page = String::new();
    archive
        .by_name(&real)
        .unwrap()
        .read_to_string(&mut page)
        .unwrap();
    assert!(!page.contains("Send your NSSF card number"));

    let (ok, text) = p.verify(&bad, Some(&p.public_key()));
    assert!(!ok, "{text}");
    assert!(
        text.contains("problem: en/index.html: 2 entries of this name in the zip"),
        "{text}"
    );
}

#[test]
fn a_zip_whose_entries_disagree_with_its_table_of_contents_fails() {
    // Programs that read a zip from the start (streaming extractors) see the local headers;
    // `unzip` and verify see the central directory. Rename a page in its local header only.
    let p = Packaged::new();
    let (_, zip) = p.package("dist");
    let real = format!("{TOP}/en/index.html");
    let mut bytes = std::fs::read(&zip).unwrap();
    let first = bytes
        .windows(real.len())
        .position(|w| w == real.as_bytes())
        .unwrap();
    bytes[first..first + real.len()].copy_from_slice(format!("{TOP}/en/XXXXX.html").as_bytes());
    let bad = p.site.path().join("headers.zip");
    std::fs::write(&bad, bytes).unwrap();
    let (ok, text) = p.verify(&bad, Some(&p.public_key()));
    assert!(!ok, "{text}");
    assert!(
        text.contains("headers.zip: its entries disagree with its table of contents"),
        "{text}"
    );
}

#[test]
fn names_differing_only_by_case_and_empty_folders_fail() {
    use std::io::Write;
    let p = Packaged::new();
    // A folder bundle: a second page whose name differs only by case, an empty folder.
    let (folder, zip) = p.package("a");
    let text = tamper(&p, &folder, |f| {
        std::fs::copy(f.join("en/index.html"), f.join("en/INDEX.html")).unwrap();
    });
    assert!(
        text.contains("problem: en/INDEX.html and en/index.html: names that differ only by case"),
        "{text}"
    );
    let (folder, _) = p.package("device");
    let text = tamper(&p, &folder, |f| {
        std::fs::write(f.join("km/con.html"), "<p>a device on Windows</p>").unwrap();
    });
    assert!(
        text.contains("problem: km/con.html: a name no bundle may hold")
            && text.contains("device name"),
        "{text}"
    );
    let (folder, _) = p.package("b");
    let text = tamper(&p, &folder, |f| {
        std::fs::create_dir_all(f.join("km/autorun.inf")).unwrap();
    });
    assert!(
        text.contains("problem: km/autorun.inf/: an empty folder, not in the manifest"),
        "{text}"
    );

    // The same in a zip: an added entry that differs from a listed one only by case, and an
    // empty folder entry.
    let bad = p.site.path().join("case.zip");
    rezip(&zip, &bad, |w| {
        let options = zip::write::SimpleFileOptions::default();
        w.start_file(format!("{TOP}/km/Index.html"), options)
            .unwrap();
        w.write_all(b"<p>other</p>").unwrap();
        w.add_directory(format!("{TOP}/autorun.inf/"), options)
            .unwrap();
    });
    let (ok, text) = p.verify(&bad, Some(&p.public_key()));
    assert!(!ok, "{text}");
    assert!(
        text.contains("problem: km/Index.html and km/index.html: names that differ only by case"),
        "{text}"
    );
    assert!(
        text.contains("problem: autorun.inf/: an empty folder, not in the manifest"),
        "{text}"
    );
    // A folder entry that holds listed files is fine (zips made by other programs have them).
    let fine = p.site.path().join("folders.zip");
    rezip(&zip, &fine, |w| {
        w.add_directory(
            format!("{TOP}/km/"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    });
    let (ok, text) = p.verify(&fine, Some(&p.public_key()));
    assert!(ok, "{text}");
}

#[test]
fn verify_key_takes_the_printed_fingerprint_the_key_file_or_the_key_text() {
    let p = Packaged::new();
    let (folder, zip) = p.package("dist");
    let readme = std::fs::read_to_string(folder.join("README.txt")).unwrap();
    assert!(
        readme.contains(&format!(
            "Fingerprint of the signing key: {}",
            p.fingerprint
        )),
        "the README shows what keygen printed: {readme}"
    );
    let key_file = p.public_key().display().to_string();
    let key_text = std::fs::read_to_string(p.public_key()).unwrap();
    for bundle in [&folder, &zip] {
        for key in [
            p.fingerprint.as_str(),
            &key_file,
            &key_text,
            key_text.trim(),
        ] {
            let (ok, text) = p.verify_with(bundle, Some(key));
            assert!(ok, "--key {key:?} on {}:\n{text}", bundle.display());
            assert!(
                text.contains(&format!("manifest signed by key {}", p.fingerprint)),
                "{text}"
            );
            assert!(!text.contains("key inside the bundle"), "{text}");
        }
    }
    // A wrong fingerprint fails, and so does the bundle of another key (made and signed by
    // someone else, with their own key inside) checked with ours.
    let mut wrong = p.fingerprint.clone().into_bytes();
    wrong[0] = if wrong[0] == b'0' { b'1' } else { b'0' };
    let wrong = String::from_utf8(wrong).unwrap();
    let (ok, text) = p.verify_with(&zip, Some(&wrong));
    assert!(!ok, "{text}");
    assert!(
        text.contains(&format!(
            "spean-public-key.txt: this key's fingerprint is {}, not {wrong}",
            p.fingerprint
        )),
        "{text}"
    );
    let other = Packaged::new();
    let (theirs, _) = other.package("theirs");
    let (ok, text) = p.verify_with(&theirs, Some(&p.fingerprint));
    assert!(
        !ok && text.contains("the bundle was not signed with the key you named"),
        "{text}"
    );
    let (ok, text) = p.verify_with(&zip, Some("0123"));
    assert!(!ok && text.contains("is not a spean public key"), "{text}");
}

#[test]
fn package_refuses_names_a_usb_drive_would_merge_and_keeps_the_last_good_bundle() {
    // The build refuses such names before anything is packed (the check after signing,
    // `package::confirm`, is tested in src/package: it removes a signature and zip that fail).
    let p = Packaged::new();
    let (folder, zip) = p.package("dist");
    assert!(zip.is_file());
    let before = common::tree_snapshot(&folder);
    let zip_before = std::fs::read(&zip).unwrap();
    p.site.write("static/Notes.txt", "first");
    p.site.write("static/notes.txt", "second");
    let out = p.run(&["package", "--output", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("notes.txt and Notes.txt differ only by case")
            && stderr.contains("static/notes.txt"),
        "{stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("bundle:"),
        "no success reported"
    );
    // The bundle of the first run is left whole, and still verifies.
    assert_eq!(before, common::tree_snapshot(&folder));
    assert_eq!(zip_before, std::fs::read(&zip).unwrap());
    let (ok, text) = p.verify(&zip, Some(&p.public_key()));
    assert!(ok, "{text}");
}

#[test]
fn package_refuses_a_site_with_placeholders_outside_drafts() {
    let p = Packaged::new();
    p.site.write(
        "content/guide/faq.en.md",
        "---\ntitle: Questions\n---\nTODO(spean): write the answers (en).\n",
    );
    let out = p.run(&["package", "--output", "dist"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--> content/guide/faq.en.md:4:1")
            && stderr.contains("placeholder not replaced")
            && stderr.contains("nothing was packed"),
        "{stderr}"
    );
    assert!(!p.site.path().join("dist/test-site-2025-03-05.zip").exists());
    // As a draft, the page stays out of the bundle and the site is packaged.
    p.site.write(
        "content/guide/faq.en.md",
        "---\ntitle: Questions\ndraft: true\n---\nTODO(spean): write the answers (en).\n",
    );
    let (folder, _) = p.package("dist");
    assert!(!folder.join("en/guide/faq/index.html").exists());
}

#[test]
fn packaging_shows_progress_on_a_terminal_and_nothing_extra_when_piped() {
    let p = Packaged::new();
    let keys = p.keys.path().display().to_string();
    let env = [("SPEAN_KEY_DIR", keys.as_str())];
    let terminal = common::on_a_terminal(&p.site, "package --output t", &env);
    assert!(
        terminal.contains("rendering pages") && terminal.contains("zipping"),
        "{terminal:?}"
    );
    let piped = p.run(&["package", "--output", "piped"]);
    assert!(piped.status.success());
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(
        !stderr.contains("zipping") && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
}
