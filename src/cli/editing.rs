//! The editors' commands: `spean check`, `spean new`, `spean translations mark` and
//! `spean import facilities`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{bar, exit, fail, show_problems};
use crate::config::BuildOptions;
use crate::date::Date;
use crate::error::{Error, PROBLEMS};

/// How `spean check` reports.
pub(super) struct CheckArgs {
    pub(super) strict: bool,
    pub(super) json: bool,
    pub(super) translations: bool,
    pub(super) today: Date,
    pub(super) verbose: bool,
}

/// `spean check`: every problem and warning, without writing anything.
pub(super) fn check(site: PathBuf, args: CheckArgs) -> ExitCode {
    let options = BuildOptions {
        site_dir: site.clone(),
        today: Some(args.today.clone()),
        ..Default::default()
    };
    let report = match crate::check::check(&options, &args.today) {
        Ok(report) => report,
        Err(error) => return fail(&error),
    };
    let failed = !report.errors.is_empty() || (args.strict && !report.warnings.is_empty());
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print_check(&report, &options, &args);
    }
    if failed {
        ExitCode::from(PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The report of `spean check` for people.
fn print_check(report: &crate::check::CheckReport, options: &BuildOptions, args: &CheckArgs) {
    let color = std::io::stderr().is_terminal();
    show_problems(&report.errors);
    for shown in
        crate::diagnostic::render_grouped(&report.warnings, &report.groups, args.verbose, color)
    {
        eprintln!("{shown}\n");
    }
    if !report.external_links.is_empty() {
        println!("links to other sites (not checked; open them now and then):");
        for l in &report.external_links {
            println!("  {}:{}  {}", l.file, l.line, l.url);
        }
    }
    if args.translations {
        let languages: Vec<String> = crate::config::Config::load(options)
            .map(|c| c.language_codes().map(str::to_string).collect())
            .unwrap_or_default();
        println!("\n{}", crate::check::translation_table(report, &languages));
    }
    let next = if !report.errors.is_empty() {
        "fix the errors above, then run spean check again"
    } else if !report.warnings.is_empty() {
        "the site builds; the warnings above are worth fixing before publishing"
    } else {
        "all clear: spean build will succeed"
    };
    println!(
        "{} error(s), {} warning(s): {next}",
        report.errors.len(),
        report.warnings.len()
    );
}

/// `spean translations mark FILE`.
pub(super) fn mark_translation(site: &Path, file: &Path, from: Option<&str>) -> ExitCode {
    match crate::check::mark_translation(site, file, from) {
        Ok(version) => {
            println!("{}: translated_from: {version}", file.display());
            ExitCode::SUCCESS
        }
        Err(message) => fail(&Error::Refused(message)),
    }
}

/// `spean new KIND PATH`.
pub(super) fn new(kind: &str, path: &str, site: &Path) -> ExitCode {
    use crate::new::Kind;
    let kind = match kind {
        "news" => Kind::News,
        "scheme" => Kind::Scheme,
        "facility" => Kind::Facility,
        _ => Kind::Page,
    };
    match &crate::new::create(site, kind, path) {
        Ok(files) => {
            for f in files {
                println!("created {}", f.display());
            }
            println!(
                "next: replace every TODO(spean) placeholder (`spean serve --drafts` previews drafts), delete the `draft: true` line, then run `spean check`"
            );
            ExitCode::SUCCESS
        }
        Err(error @ Error::Content(diagnostics)) => {
            let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            eprintln!("error: {}", shown.join("\n"));
            exit(error)
        }
        Err(error) => fail(error),
    }
}

/// `spean import facilities FILE`.
pub(super) fn import_facilities(file: &Path, site: &Path, output: Option<PathBuf>) -> ExitCode {
    let output = output.unwrap_or_else(|| {
        let stem = file
            .file_stem()
            .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
        site.join("data/facilities").join(format!("{stem}.yaml"))
    });
    let progress = bar::terminal();
    let imported = crate::data::import::import_facilities_file(file, site, &output, &progress);
    progress.finish();
    match &imported {
        Ok(count) => {
            println!("imported {count} facilities → {}", output.display());
            ExitCode::SUCCESS
        }
        Err(error @ Error::Content(diagnostics)) => {
            show_problems(diagnostics);
            eprintln!(
                "import failed: {} problem(s); nothing was written",
                diagnostics.len()
            );
            exit(error)
        }
        Err(error) => fail(error),
    }
}
