//! `spean verify PATH [--key PUBKEY]`: checks a bundle folder or its zip. The signature must be
//! valid for the manifest; every listed file present with its hash; no file that is not listed
//! (an added `autorun.inf`, a swapped `.exe`, a hidden file: all count); no path that could
//! escape the folder when the zip is extracted. Every problem is listed, by file.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::keys;
use super::manifest::{self, MANIFEST, SIGNATURE};

/// The outcome of a check.
#[derive(Debug)]
pub struct Report {
    pub files: usize,
    /// Which key the signature was checked against.
    pub key: String,
    /// True when no `--key` was given and the bundle's own published key was used.
    pub used_bundled_key: bool,
    pub problems: Vec<String>,
}

pub fn verify(path: &Path, key: Option<&str>) -> Result<Report, String> {
    let files = if path.is_dir() {
        read_folder(path)?
    } else {
        read_zip(path)?
    };
    let mut problems = files.problems;
    let files = files.files;

    let (public, used_bundled_key) = match key {
        Some(source) => (keys::read_public_key(source)?, false),
        None => {
            let text = files
                .get(keys::PUBLISHED_PUBLIC_KEY)
                .map(|b| String::from_utf8_lossy(b).into_owned());
            let key = text.as_deref().and_then(keys::parse_public_key).ok_or_else(|| {
                format!("no --key given and the bundle has no {}: pass the agency's public key with --key", keys::PUBLISHED_PUBLIC_KEY)
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

struct Files {
    files: BTreeMap<String, Vec<u8>>,
    problems: Vec<String>,
}

/// Every file of the folder, hidden ones included (an added hidden file is a change too).
fn read_folder(folder: &Path) -> Result<Files, String> {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
        let path = crate::load::rel_path(folder, entry.path());
        if entry.path_is_symlink() {
            problems.push(format!(
                "{path}: a link, not a file (links can lead outside the copy)"
            ));
        } else if entry.file_type().is_file() {
            let bytes =
                std::fs::read(entry.path()).map_err(|e| format!("cannot read {path}: {e}"))?;
            files.insert(path, bytes);
        }
    }
    Ok(Files { files, problems })
}

/// The zip's entries under its one top folder.
fn read_zip(path: &Path) -> Result<Files, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| format!("{} is not a readable zip: {e}", path.display()))?;
    let mut raw = Vec::new();
    let mut problems = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("cannot read the zip: {e}"))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
        if entry.is_dir() {
            continue;
        }
        if entry.is_symlink() {
            problems.push(format!("{name}: a link, not a file"));
            continue;
        }
        if entry.enclosed_name().is_none() || !manifest::is_safe_path(&name) {
            problems.push(format!(
                "{name}: a path that would escape the folder when extracted"
            ));
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name} in the zip: {e}"))?;
        raw.push((name, bytes));
    }
    let top = raw
        .first()
        .and_then(|(n, _)| n.split_once('/').map(|(t, _)| t.to_string()));
    let all_under_top = top
        .as_ref()
        .is_some_and(|t| raw.iter().all(|(n, _)| n.starts_with(&format!("{t}/"))));
    let files = raw
        .into_iter()
        .map(|(name, bytes)| {
            let path = match (&top, all_under_top) {
                (Some(t), true) => name[t.len() + 1..].to_string(),
                _ => name,
            };
            (path, bytes)
        })
        .collect();
    Ok(Files { files, problems })
}
