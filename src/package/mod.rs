//! USB distribution: `spean package` builds the site for `file://` into a bundle folder and a
//! zip, with a signed manifest; `spean verify` checks a copy. See `keys` and `manifest`.
//!
//! Packaging steps: (1) an `--offline` build into `<output>/<name>/`; (2) README.txt and
//! README.html in Khmer, English and French at the bundle's root; (3) the file names checked
//! (`verify::name_problems`: nothing is signed when one would fail verification), then
//! `SHA256SUMS` over every file and its signature; (4) a zip of the folder with sorted entries,
//! fixed timestamps and permissions, so the same content gives the same bytes; (5) `verify` on
//! the folder and the zip: success is reported only for a bundle that passes it; (6) with
//! `--zim`, the same site as a ZIM archive for Kiwix beside them (`zim`).

pub(crate) mod keys;
pub(crate) mod manifest;
pub(crate) mod readme;
pub(crate) mod verify;
pub(crate) mod zim;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::build;
use crate::config::{BuildOptions, Config};
use crate::error::Error;

/// What `spean package` made.
#[derive(Debug)]
pub(crate) struct Bundle {
    pub folder: PathBuf,
    pub zip: PathBuf,
    pub files: usize,
    pub fingerprint: String,
    /// The ZIM archive, with `--zim` (checked by `zimcheck`).
    pub zim: Option<PathBuf>,
}

pub(crate) struct PackageOptions {
    pub site_dir: PathBuf,
    pub output_dir: PathBuf,
    pub private_key: PathBuf,
    /// Who is told how far the build, hashing and zipping are.
    pub progress: crate::progress::Progress,
    /// Also make a ZIM archive for Kiwix (needs Debian's zim-tools).
    pub zim: bool,
}

pub(crate) fn package(options: &PackageOptions) -> Result<Bundle, Error> {
    // Without zim-tools, stop before anything is written.
    let zim_tools = match options.zim {
        true => Some(zim::require_tools()?),
        false => None,
    };
    let key = keys::signing_key_for(&options.site_dir, &options.private_key)?;
    let build_options = BuildOptions {
        site_dir: options.site_dir.clone(),
        offline: true,
        single_file: true,
        progress: options.progress.clone(),
        ..Default::default()
    };
    let config = Config::load(&build_options).map_err(Error::Content)?;
    if zim_tools.is_some() && !config.zim.problems.is_empty() {
        return Err(Error::Content(config.zim.problems.clone()));
    }
    let name = bundle_name(&config, &today());
    let folder = options.output_dir.join(&name);
    build::build(&BuildOptions {
        output_dir: Some(folder.clone()),
        ..build_options
    })?;

    let fingerprint = keys::fingerprint(&key.verifying_key());
    let readmes = readme::readmes(&config, &fingerprint);
    let bundle_only: Vec<&str> = readmes.iter().map(|(file, _)| *file).collect();
    for (file, text) in readmes {
        crate::outpath::confine(&folder, file)
            .and_then(|path| std::fs::write(path, text))
            .map_err(|e| Error::io(format!("cannot write {file}"), e))?;
    }
    let zip = options.output_dir.join(format!("{name}.zip"));
    // A zip of an earlier run with today's name must not outlive a failed one.
    remove_signed(&folder, &zip)?;
    let files = collect_files(&folder)?;
    let private_bytes = std::fs::read(&options.private_key).unwrap_or_default();
    if let Some((path, _)) = files.iter().find(|(_, bytes)| *bytes == private_bytes) {
        return Err(Error::Key(format!(
            "the private key would be packed as {path}: move it out of the site"
        )));
    }
    let names = verify::name_problems(files.iter().map(|(path, _)| path));
    if !names.is_empty() {
        return Err(Error::Bundle(not_verifiable(&names, "nothing was signed")));
    }
    let manifest = manifest::write_manifest(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let signature = keys::sign(&key, manifest.as_bytes());
    crate::outpath::confine(&folder, manifest::MANIFEST)
        .and_then(|path| std::fs::write(path, &manifest))
        .map_err(|e| Error::io("cannot write the manifest", e))?;
    crate::outpath::confine(&folder, manifest::SIGNATURE)
        .and_then(|path| std::fs::write(path, &signature))
        .map_err(|e| Error::io("cannot write the signature", e))?;

    let mut all = files;
    all.push((manifest::MANIFEST.to_string(), manifest.into_bytes()));
    all.push((manifest::SIGNATURE.to_string(), signature.into_bytes()));
    all.sort();
    options.progress.stage("zipping", all.len());
    write_zip(&zip, &name, &all, &options.progress)?;
    confirm(&folder, &zip, &key.verifying_key())?;
    let zim = match &zim_tools {
        Some(tools) => {
            options.progress.stage("writing the ZIM archive", 1);
            let zim = write_zim(
                tools,
                &config,
                &all,
                &bundle_only,
                (&options.output_dir, &name),
            )
            .map_err(|e| Error::ZimAfterBundle(Box::new(e)))?;
            options.progress.advance();
            Some(zim)
        }
        None => None,
    };
    Ok(Bundle {
        folder,
        zip,
        files: all.len(),
        fingerprint,
        zim,
    })
}

/// The ZIM archive of the bundle's files, without the files only a bundle has (readmes,
/// manifest, signature), beside the bundle with its name.
fn write_zim(
    tools: &zim::Tools,
    config: &Config,
    bundle: &[(String, Vec<u8>)],
    bundle_only: &[&str],
    (output_dir, name): (&Path, &str),
) -> Result<PathBuf, Error> {
    let site_files: Vec<_> = bundle
        .iter()
        .filter(|(path, _)| {
            let path = path.as_str();
            ![manifest::MANIFEST, manifest::SIGNATURE].contains(&path)
                && !bundle_only.contains(&path)
        })
        .cloned()
        .collect();
    let site = config.short_name();
    zim::write_zim(tools, config, &site_files, output_dir, (name, &site))
}

/// Runs `spean verify` on the folder and the zip just made. On any problem the signature and the
/// zip are removed, so no signed copy is left that would not verify, and the problems are the
/// error.
fn confirm(folder: &Path, zip: &Path, key: &ed25519_dalek::VerifyingKey) -> Result<(), Error> {
    let mut problems = Vec::new();
    for (what, path) in [("folder", folder), ("zip", zip)] {
        match verify::verify_with_key(path, key) {
            Ok(report) => {
                problems.extend(report.problems.into_iter().map(|p| format!("{what}: {p}")));
            }
            Err(message) => problems.push(format!("{what}: {message}")),
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    remove_signed(folder, zip)?;
    Err(Error::Bundle(not_verifiable(
        &problems,
        "its signature and the zip were removed",
    )))
}

fn not_verifiable(problems: &[String], outcome: &str) -> String {
    format!(
        "the bundle would not pass `spean verify`, so {outcome}:\n  {}",
        problems.join("\n  ")
    )
}

/// Removes the bundle's signature and its zip, where they exist.
fn remove_signed(folder: &Path, zip: &Path) -> Result<(), Error> {
    for path in [folder.join(manifest::SIGNATURE), zip.to_path_buf()] {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("cannot remove {}", path.display()), e)),
        }
    }
    Ok(())
}

/// `<site name>-<date>`: the site's English (or default-language) title as a slug.
fn bundle_name(config: &Config, date: &str) -> String {
    format!("{}-{date}", config.short_name())
}

/// Every file of the bundle folder with its bytes, by `/`-separated path, sorted. Hidden files
/// and links are refused: the build never writes them, so one there is a mistake.
fn collect_files(folder: &Path) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("cannot read the bundle", e))?;
        let path = crate::load::rel_path(folder, entry.path());
        if entry.path_is_symlink() {
            return Err(Error::Bundle(format!(
                "{path} is a link: a bundle holds only real files"
            )));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if path
            .split('/')
            .any(|p| p.starts_with('.') || crate::load::is_ignored(p))
        {
            return Err(Error::Bundle(format!(
                "{path} is a hidden or backup file: it does not belong in a bundle"
            )));
        }
        let bytes =
            std::fs::read(entry.path()).map_err(|e| Error::io(format!("cannot read {path}"), e))?;
        files.push((path, bytes));
    }
    files.sort();
    Ok(files)
}

/// A zip that is the same bytes for the same files: sorted entries, 1980-01-01 timestamps,
/// 0644 permissions, Unix attributes, all under one top folder.
fn write_zip(
    path: &Path,
    top: &str,
    files: &[(String, Vec<u8>)],
    progress: &crate::progress::Progress,
) -> Result<(), Error> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    for (name, bytes) in files {
        progress.advance();
        writer
            .start_file(format!("{top}/{name}"), options)
            .map_err(|e| Error::io("cannot write the zip", e))?;
        writer
            .write_all(bytes)
            .map_err(|e| Error::io("cannot write the zip", e))?;
    }
    writer
        .finish()
        .map_err(|e| Error::io("cannot write the zip", e))?;
    std::fs::write(path, buffer.into_inner())
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}

/// Today's date (UTC) as YYYY-MM-DD, or the date of `SOURCE_DATE_EPOCH` for reproducible builds.
fn today() -> String {
    crate::date::Date::today().ymd()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signed bundle folder holding `index.html`, and its zip, as `package` writes them.
    fn signed_bundle(dir: &Path, key: &ed25519_dalek::SigningKey) -> (PathBuf, PathBuf) {
        let folder = dir.join("top");
        std::fs::create_dir_all(&folder).unwrap();
        let mut files = vec![("index.html".to_string(), b"<p>hello</p>".to_vec())];
        let manifest =
            manifest::write_manifest(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
        let signature = keys::sign(key, manifest.as_bytes());
        files.push((manifest::MANIFEST.into(), manifest.into_bytes()));
        files.push((manifest::SIGNATURE.into(), signature.into_bytes()));
        for (path, bytes) in &files {
            std::fs::write(folder.join(path), bytes).unwrap();
        }
        let zip = dir.join("top.zip");
        write_zip(&zip, "top", &files, &Default::default()).unwrap();
        (folder, zip)
    }

    #[test]
    fn a_bundle_that_does_not_verify_loses_its_signature_and_zip() {
        let dir = tempfile::tempdir().unwrap();
        let key = keys::generate().unwrap();
        let (folder, zip) = signed_bundle(dir.path(), &key);
        confirm(&folder, &zip, &key.verifying_key()).unwrap();
        assert!(folder.join(manifest::SIGNATURE).is_file() && zip.is_file());

        std::fs::write(folder.join("index.html"), "<p>changed on the way</p>").unwrap();
        let err = confirm(&folder, &zip, &key.verifying_key())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "would not pass `spean verify`, so its signature and the zip were removed"
            ) && err.contains("folder: index.html: altered"),
            "{err}"
        );
        assert!(!folder.join(manifest::SIGNATURE).exists());
        assert!(!zip.exists());
    }
}
