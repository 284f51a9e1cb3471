//! `spean verify PATH [--key KEY]`: checks a bundle folder or its zip. The signature must be
//! valid for the manifest; every listed file present with its hash; no file that is not listed
//! (an added `autorun.inf`, a swapped `.exe`, a hidden file: all count), no empty folder; no two
//! names that one drive would take for one file (the same name twice in a zip, where `unzip -n`
//! keeps the first; names differing only by case, one on FAT, exFAT and NTFS drives); no path
//! that could escape the folder when the zip is extracted. Every problem is listed, by file.
//! `spean package` runs the same checks on the bundle it made before it reports success.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use ed25519_dalek::VerifyingKey;

use super::keys::{self, ExpectedKey};
use super::manifest::{self, MANIFEST, SIGNATURE};
use crate::error::Error;

/// The outcome of a check.
#[derive(Debug)]
pub(crate) struct Report {
    pub files: usize,
    /// Which key the signature was checked against.
    pub key: String,
    /// True when no `--key` was given and the bundle's own published key was used.
    pub used_bundled_key: bool,
    pub problems: Vec<String>,
}

/// Checks the bundle at `path` against the key `--key` named (see `keys::read_expected_key`), or
/// without one against the key published inside the bundle.
pub(crate) fn verify(path: &Path, key: Option<&str>) -> Result<Report, Error> {
    let expected = key.map(keys::read_expected_key).transpose()?;
    check(path, expected)
}

/// Checks the bundle at `path` against `key` (what `spean package` does with the bundle it made).
pub(crate) fn verify_with_key(path: &Path, key: &VerifyingKey) -> Result<Report, Error> {
    check(path, Some(ExpectedKey::Key(*key)))
}

fn check(path: &Path, expected: Option<ExpectedKey>) -> Result<Report, Error> {
    let bundle = if path.is_dir() {
        read_folder(path)?
    } else {
        read_zip(path)?
    };
    let mut problems = bundle.problems;
    let files = bundle.files;
    problems.extend(layout_problems(files.keys(), &bundle.folders));

    let bundled_key = || {
        files
            .get(keys::PUBLISHED_PUBLIC_KEY)
            .and_then(|b| keys::parse_public_key(&String::from_utf8_lossy(b)))
    };
    let (public, used_bundled_key) = match expected {
        Some(ExpectedKey::Key(key)) => (key, false),
        Some(ExpectedKey::Fingerprint(fingerprint)) => {
            let Some(key) = bundled_key() else {
                problems.push(format!(
                    "{}: missing or unreadable, so the fingerprint {fingerprint} cannot be checked: the key was removed, or pass the key file with --key",
                    keys::PUBLISHED_PUBLIC_KEY
                ));
                return Ok(Report {
                    files: 0,
                    key: fingerprint,
                    used_bundled_key: false,
                    problems,
                });
            };
            if keys::fingerprint(&key) != fingerprint {
                problems.push(format!(
                    "{}: this key's fingerprint is {}, not {fingerprint}: the bundle was not signed with the key you named",
                    keys::PUBLISHED_PUBLIC_KEY,
                    keys::fingerprint(&key)
                ));
            }
            (key, false)
        }
        None => {
            let key = bundled_key().ok_or_else(|| {
                Error::Key(format!("no --key given and the bundle has no {}: pass the agency's public key with --key", keys::PUBLISHED_PUBLIC_KEY))
            })?;
            (key, true)
        }
    };
    let Some(manifest_bytes) = files.get(MANIFEST) else {
        problems.push(format!(
            "{MANIFEST}: missing: this is not a spean bundle, or its manifest was removed"
        ));
        return Ok(Report {
            files: 0,
            key: keys::fingerprint(&public),
            used_bundled_key,
            problems,
        });
    };
    match files.get(SIGNATURE) {
        None => problems.push(format!("{SIGNATURE}: missing: the manifest is not signed")),
        Some(signature) => {
            if !keys::verify(&public, manifest_bytes, &String::from_utf8_lossy(signature)) {
                problems.push(format!(
                    "{SIGNATURE}: the signature does not match {MANIFEST} for key {}: the manifest was altered, or the bundle was signed with another key",
                    keys::fingerprint(&public)
                ));
            }
        }
    }
    let listed = match manifest::parse_manifest(&String::from_utf8_lossy(manifest_bytes)) {
        Ok(listed) => listed,
        Err(line) => {
            problems.push(format!(
                "{MANIFEST}:{line}: not a manifest line (`<sha256>  <path>`)"
            ));
            Vec::new()
        }
    };
    let mut seen = std::collections::HashSet::new();
    for (path, hash) in &listed {
        seen.insert(path.as_str());
        match files.get(path.as_str()) {
            None => problems.push(format!("{path}: missing")),
            Some(bytes) if manifest::sha256_hex(bytes) != *hash => problems.push(format!(
                "{path}: altered (its SHA-256 differs from the manifest)"
            )),
            Some(_) => {}
        }
    }
    for path in files.keys() {
        if !seen.contains(path.as_str()) && path != MANIFEST && path != SIGNATURE {
            problems.push(format!("{path}: not in the manifest (a file was added)"));
        }
    }
    Ok(Report {
        files: listed.len(),
        key: keys::fingerprint(&public),
        used_bundled_key,
        problems,
    })
}

/// Problems in the names of the files `spean package` is about to sign: a name the manifest
/// cannot hold (it could escape the folder), and names that differ only by case.
pub(crate) fn name_problems<'a>(
    paths: impl IntoIterator<Item = &'a String> + Clone,
) -> Vec<String> {
    let mut problems: Vec<String> = paths
        .clone()
        .into_iter()
        .filter_map(|path| {
            crate::outpath::check(path)
                .err()
                .map(|why| format!("{path}: a name no bundle may hold: {why}"))
        })
        .collect();
    problems.extend(case_problems(paths));
    problems
}

/// Names that differ only by case: FAT, exFAT and NTFS (what USB drives and Windows use) keep
/// one file for both.
fn case_problems<'a>(paths: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut folded: HashMap<String, &str> = HashMap::new();
    let mut problems = Vec::new();
    for path in paths {
        if let Some(other) = folded.insert(path.to_lowercase(), path) {
            problems.push(format!(
                "{other} and {path}: names that differ only by case (on Windows and most USB drives one would replace the other)"
            ));
        }
    }
    problems
}

/// Unsafe names, case-only differences, and folders that hold no file (an empty folder is not in the
/// manifest, so it was added).
fn layout_problems<'a>(
    files: impl Iterator<Item = &'a String> + Clone,
    folders: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = name_problems(files.clone());
    for folder in folders {
        let prefix = format!("{folder}/");
        if !files.clone().any(|f| f.starts_with(&prefix)) {
            problems.push(format!(
                "{folder}/: an empty folder, not in the manifest (a folder was added)"
            ));
        }
    }
    problems
}

/// What a bundle holds: its files by `/`-separated path, its folders (not the top one), and the
/// problems found while reading it.
struct Bundle {
    files: BTreeMap<String, Vec<u8>>,
    folders: BTreeSet<String>,
    problems: Vec<String>,
}

/// Every file and folder of the folder, hidden ones included (an added hidden file is a change
/// too).
fn read_folder(folder: &Path) -> Result<Bundle, Error> {
    let mut bundle = Bundle {
        files: BTreeMap::new(),
        folders: BTreeSet::new(),
        problems: Vec::new(),
    };
    for entry in walkdir::WalkDir::new(folder)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::io(format!("cannot read {}", folder.display()), e))?;
        let path = crate::load::rel_path(folder, entry.path());
        if entry.path_is_symlink() {
            bundle.problems.push(format!(
                "{path}: a link, not a file (links can lead outside the copy)"
            ));
        } else if entry.file_type().is_dir() {
            bundle.folders.insert(path);
        } else if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .map_err(|e| Error::io(format!("cannot read {path}"), e))?;
            bundle.files.insert(path, bytes);
        }
    }
    Ok(bundle)
}

/// The zip's entries under its one top folder. Two entries of one name are a problem: the
/// `zip` crate keeps one of them, an extracting program may keep the other.
fn read_zip(path: &Path) -> Result<Bundle, Error> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).map_err(|e| {
        Error::BadArgument(format!("{} is not a readable zip: {e}", path.display()))
    })?;
    let mut problems = Vec::new();
    let mut counted: BTreeMap<String, usize> = BTreeMap::new();
    for name in central_directory_names(&bytes, archive.central_directory_start()) {
        *counted
            .entry(String::from_utf8_lossy(&name).into_owned())
            .or_default() += 1;
    }
    counted.retain(|_, count| *count > 1);
    if counted.is_empty()
        && let Err(err) = archive.validate_header_consistency()
    {
        problems.push(format!(
            "{}: its entries disagree with its table of contents ({err}): programs would extract different files",
            path.display()
        ));
    }
    let mut entries: Vec<(String, Option<Vec<u8>>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| Error::io("cannot read the zip", e))?;
        let name = entry
            .name()
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
        if entry.is_symlink() {
            problems.push(format!("{name}: a link, not a file"));
            continue;
        }
        let plain = name.strip_suffix('/').unwrap_or(&name);
        if entry.enclosed_name().is_none() {
            problems.push(format!(
                "{name}: a path that would escape the folder when extracted"
            ));
            continue;
        }
        if let Err(why) = crate::outpath::check(plain) {
            problems.push(format!("{name}: a name no bundle may hold: {why}"));
            continue;
        }
        if entry.is_dir() {
            entries.push((plain.to_string(), None));
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(format!("cannot read {name} in the zip"), e))?;
        entries.push((name, Some(bytes)));
    }
    let top = entries
        .iter()
        .find(|(_, bytes)| bytes.is_some())
        .and_then(|(n, _)| n.split_once('/').map(|(t, _)| t.to_string()));
    let top = top.as_deref();
    let all_under_top = entries.iter().all(|(n, _)| under(top, n).is_some());
    let inside = |name: String| match under(top, &name) {
        Some(rest) if all_under_top => rest.to_string(),
        _ => name,
    };
    for (name, count) in counted {
        let name = inside(name);
        problems.push(duplicate(name.strip_suffix('/').unwrap_or(&name), count));
    }
    let mut bundle = Bundle {
        files: BTreeMap::new(),
        folders: BTreeSet::new(),
        problems,
    };
    for (name, bytes) in entries {
        let path = inside(name);
        match bytes {
            None if path.is_empty() => {}
            None => {
                bundle.folders.insert(path);
            }
            Some(bytes) => {
                // Two raw names can still give one name (a Unicode path field overrides one).
                if bundle.files.insert(path.clone(), bytes).is_some() {
                    bundle.problems.push(duplicate(&path, 2));
                }
            }
        }
    }
    Ok(bundle)
}

/// `name` inside the folder `top` (`""` for `top` itself), or `None` when it is not inside.
fn under<'a>(top: Option<&str>, name: &'a str) -> Option<&'a str> {
    let top = top?;
    if name == top {
        return Some("");
    }
    name.strip_prefix(top)?.strip_prefix('/')
}

fn duplicate(name: &str, count: usize) -> String {
    format!(
        "{name}: {count} entries of this name in the zip (extracting programs keep one or the other, so the copy on the drive cannot be trusted)"
    )
}

/// The raw name of every entry of the zip's central directory, repeats included (the `zip`
/// crate keeps one entry per name). `start` is where the directory begins; each entry is a
/// 46-byte header (signature `PK\1\2`; name, extra and comment lengths at 28, 30 and 32)
/// followed by its name, extra field and comment.
fn central_directory_names(bytes: &[u8], start: u64) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    let Ok(mut at) = usize::try_from(start) else {
        return names;
    };
    let length = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    while bytes.get(at..at + 4) == Some(&b"PK\x01\x02"[..]) {
        let (Some(name), Some(extra), Some(comment)) =
            (length(at + 28), length(at + 30), length(at + 32))
        else {
            break;
        };
        let Some(raw) = bytes.get(at + 46..at + 46 + name) else {
            break;
        };
        names.push(raw.to_vec());
        at += 46 + name + extra + comment;
    }
    names
}
