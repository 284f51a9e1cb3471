//! The `spean` command: reads the command line (`args`), runs the command it names and says
//! how it went, on the terminal and in the exit code (decided by the error's kind,
//! [`Error::exit_code`]). One file per group of commands: `build` (build, watch, serve),
//! `editing` (check, new, translations, import) and `bundle` (keygen, package, verify); `bar`
//! draws the progress of long commands.

mod args;
mod bar;
mod build;
mod bundle;
mod editing;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use args::{BuildArgs, Cli, Command, ImportKind, TranslationsCommand};

/// Runs the command of this process's command line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Build(args)) => build::build(args),
        Some(Command::Serve {
            site,
            port,
            bind,
            output,
            offline,
            drafts,
        }) => build::serve(
            BuildArgs {
                site,
                output,
                offline,
                drafts,
                no_minify: false,
                single_file: false,
                today: None,
            },
            crate::serve::Listen { bind, port },
        ),
        Some(Command::Watch(args)) => build::watch(args),
        Some(Command::Keygen { path, site }) => bundle::keygen(path, &site),
        Some(Command::Check {
            site,
            strict,
            format,
            translations,
            today,
            verbose,
        }) => editing::check(
            site,
            editing::CheckArgs {
                strict,
                json: format == "json",
                translations,
                today: today.unwrap_or_else(Date::today),
                verbose,
            },
        ),
        Some(Command::Translations {
            what: TranslationsCommand::Mark { file, from, site },
        }) => editing::mark_translation(&site, &file, from.as_deref()),
        Some(Command::New { kind, path, site }) => editing::new(&kind, &path, &site),
        Some(Command::Package {
            site,
            output,
            key,
            zim,
        }) => bundle::package(site, output, key, zim),
        Some(Command::Verify { path, key }) => bundle::verify(&path, key.as_deref()),
        Some(Command::Import {
            what: ImportKind::Facilities { file, site, output },
        }) => editing::import_facilities(&file, &site, output),
        None => build::build(BuildArgs {
            site: PathBuf::from("."),
            output: None,
            offline: false,
            drafts: false,
            no_minify: false,
            single_file: false,
            today: None,
        }),
    }
}

/// Says why a command failed (`error: …` on standard error) and gives its exit code.
fn fail(error: &Error) -> ExitCode {
    eprintln!("error: {error}");
    exit(error)
}

/// The exit code of a command that failed with `error`.
fn exit(error: &Error) -> ExitCode {
    ExitCode::from(error.exit_code())
}

/// Shows every problem on standard error, each followed by an empty line, in colour on a
/// terminal.
fn show_problems(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics {
        eprintln!("{}\n", d.render(color));
    }
}
