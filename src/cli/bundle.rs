//! The distributors' commands: `spean keygen`, `spean package` and `spean verify` (USB
//! bundles, their signing key, and the check of a copy).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{bar, exit, fail, show_problems};
use crate::error::{Error, PROBLEMS};
use crate::package::keys::{self, Keygen};

/// `spean keygen [PATH]`.
pub(super) fn keygen(path: Option<PathBuf>, site: &Path) -> ExitCode {
    let Some(path) = path.or_else(keys::default_private_key_path) else {
        return fail(&Error::BadArgument(
            "no HOME to put the key in; name a file: spean keygen PATH".into(),
        ));
    };
    match keys::keygen(&path, site) {
        Ok(report) => {
            let (private, public) = match report.done {
                Keygen::Made => (
                    "(new; keep it safe, never share it)",
                    "(part of the site; publish it)",
                ),
                Keygen::PublishedExisting => (
                    "(already there: used, not replaced)",
                    "(written: the public half of that key; part of the site, publish it)",
                ),
                Keygen::AlreadyPublished => (
                    "(already there: used, not replaced)",
                    "(already holds the public half of that key: nothing to do)",
                ),
            };
            println!("private key → {} {private}", report.private_key.display());
            println!("public key  → {} {public}", report.public_key.display());
            println!("fingerprint {}", report.fingerprint);
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// `spean package`.
pub(super) fn package(site: PathBuf, output: PathBuf, key: Option<PathBuf>, zim: bool) -> ExitCode {
    let Some(private_key) = key.or_else(keys::default_private_key_path) else {
        return fail(&Error::Key(
            "no signing key: pass --key or run `spean keygen`".into(),
        ));
    };
    let output = if output.is_relative() {
        site.join(output)
    } else {
        output
    };
    let progress = bar::terminal();
    let options = crate::package::PackageOptions {
        site_dir: site,
        output_dir: output,
        private_key,
        progress: progress.clone(),
        zim,
    };
    let result = crate::package::package(&options);
    progress.finish();
    match &result {
        Ok(bundle) => {
            println!(
                "bundle: {} ({} files)",
                bundle.folder.display(),
                bundle.files
            );
            println!("zip:    {}", bundle.zip.display());
            if let Some(zim) = &bundle.zim {
                println!("zim:    {} (checked by zimcheck)", zim.display());
            }
            println!("signed with key {}", bundle.fingerprint);
            ExitCode::SUCCESS
        }
        Err(error @ Error::Content(diagnostics)) => {
            show_problems(diagnostics);
            eprintln!("package failed: the site has problems; nothing was packed");
            exit(error)
        }
        Err(error) => fail(error),
    }
}

/// `spean verify PATH [--key KEY]`.
pub(super) fn verify(path: &Path, key: Option<&str>) -> ExitCode {
    match crate::package::verify::verify(path, key) {
        Ok(report) if report.problems.is_empty() => {
            println!(
                "OK: {} files present and unaltered, manifest signed by key {}",
                report.files, report.key
            );
            if report.used_bundled_key {
                println!(
                    "note: checked against the key inside the bundle; pass --key with the agency's published key to check who made it"
                );
            }
            ExitCode::SUCCESS
        }
        Ok(report) => {
            for problem in &report.problems {
                eprintln!("problem: {problem}");
            }
            eprintln!(
                "verify failed: {} problem(s) in {}",
                report.problems.len(),
                path.display()
            );
            ExitCode::from(PROBLEMS)
        }
        Err(error) => fail(&error),
    }
}
