//! `spean build`, `spean watch` and `spean serve`: one build, or a build kept up to date on
//! every save (with the preview server for `serve`), and what the terminal shows of them.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::args::BuildArgs;
use super::{bar, exit, fail, show_problems};
use crate::build::BuildReport;
use crate::config::BuildOptions;
use crate::error::{Error, PROBLEMS};
use crate::watch::Round;

/// `spean build` (and `spean` alone).
pub(super) fn build(args: BuildArgs) -> ExitCode {
    let progress = bar::terminal();
    let options = BuildOptions {
        site_dir: args.site,
        output_dir: args.output,
        offline: args.offline,
        drafts: args.drafts,
        no_minify: args.no_minify,
        single_file: args.single_file,
        today: args.today,
        progress: progress.clone(),
    };
    let color = std::io::stderr().is_terminal();
    let result = crate::build::build(&options);
    progress.finish();
    match &result {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{}", warning.render(color));
            }
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            println!("{}", report.summary());
            ExitCode::SUCCESS
        }
        Err(error @ Error::Content(diagnostics)) => {
            show_problems(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("build failed: {errors} error(s); nothing was written");
            exit(error)
        }
        Err(error) => fail(error),
    }
}

/// Options for a kept engine: the site folder absolute, so that the watcher's paths match.
fn watch_options(args: BuildArgs) -> Result<BuildOptions, Error> {
    if args.single_file {
        // A rebuild renders only what changed; the one-file edition needs every page.
        return Err(Error::BadArgument(
            "--single-file is for `spean build` and `spean package`, not `spean watch`".into(),
        ));
    }
    let site_dir = args.site.canonicalize().map_err(|err| {
        Error::io(
            format!("cannot open the site folder {}", args.site.display()),
            err,
        )
    })?;
    Ok(BuildOptions {
        site_dir,
        output_dir: args.output.map(|o| std::path::absolute(&o).unwrap_or(o)),
        offline: args.offline,
        drafts: args.drafts,
        no_minify: args.no_minify,
        single_file: false,
        today: args.today,
        progress: crate::progress::Progress::default(),
    })
}

/// What the terminal shows after each rebuild of watch and serve.
fn print_round(round: &Round) {
    let changed: Vec<String> = round
        .changed
        .iter()
        .take(3)
        .map(|p| {
            p.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let more = round.changed.len().saturating_sub(3);
    let what = if more > 0 {
        format!("{} and {more} more", changed.join(", "))
    } else {
        changed.join(", ")
    };
    match &round.result {
        Ok(report) => println!("{what} changed: {}", report.summary()),
        Err(Error::Content(diagnostics)) => {
            show_problems(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{what} changed: {errors} error(s); the output keeps the last good version. Fix and save to try again."
            );
        }
        Err(error) => eprintln!("{what} changed: error: {error}"),
    }
}

/// What the terminal shows of the first build of watch and serve.
fn print_first_build(result: &Result<BuildReport, Error>) {
    match result {
        Ok(report) => {
            let color = std::io::stderr().is_terminal();
            for warning in &report.warnings {
                eprintln!("{}", warning.render(color));
            }
            println!("{}", report.summary());
        }
        Err(Error::Content(diagnostics)) => {
            show_problems(diagnostics);
            eprintln!("the site has errors: fix and save, it rebuilds by itself");
        }
        Err(error) => eprintln!("error: {error}"),
    }
}

/// `spean watch`: builds, then rebuilds on every save until stopped.
pub(super) fn watch(args: BuildArgs) -> ExitCode {
    let options = match watch_options(args) {
        Ok(options) => options,
        Err(error) => return fail(&error),
    };
    let mut engine = crate::build::Engine::new(options.clone(), true);
    let first = engine.build();
    print_first_build(&first);
    let Some(output_dir) = engine.output_dir() else {
        // Only a site.yaml that cannot be read leaves no output folder (its problems are above).
        eprintln!("error: site.yaml cannot be read; fix it, then start spean watch again");
        return ExitCode::from(first.as_ref().err().map_or(PROBLEMS, Error::exit_code));
    };
    let mut watcher = match crate::watch::Watcher::start(&options.site_dir, &output_dir) {
        Ok(watcher) => watcher,
        Err(err) => {
            let doing = format!("cannot watch {}", options.site_dir.display());
            return fail(&Error::io(doing, err));
        }
    };
    println!(
        "watching {} for changes (Ctrl+C to stop)",
        options.site_dir.display()
    );
    crate::watch::run(&mut engine, &mut watcher, |_, round| print_round(&round));
    ExitCode::SUCCESS
}

/// `spean serve`: `watch` with the preview server.
pub(super) fn serve(args: BuildArgs, listen: crate::serve::Listen) -> ExitCode {
    let options = match watch_options(args) {
        Ok(options) => options,
        Err(error) => return fail(&error),
    };
    let result = crate::serve::serve(
        options,
        listen,
        |address, first| {
            print_first_build(first);
            let host = match address.ip() {
                ip if ip.is_unspecified() => "127.0.0.1".to_string(),
                std::net::IpAddr::V6(ip) => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            println!("serving http://{host}:{}/ (Ctrl+C to stop)", address.port());
            println!(
                "translation status for editors: http://{host}:{}/__spean/translations",
                address.port()
            );
        },
        print_round,
    );
    match &result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error @ Error::Content(problems)) => {
            let shown: Vec<String> = problems.iter().map(|d| d.render(false)).collect();
            eprintln!(
                "{}\nsite.yaml cannot be used; fix it, then start spean serve again",
                shown.join("\n\n")
            );
            exit(error)
        }
        Err(error) => fail(error),
    }
}
