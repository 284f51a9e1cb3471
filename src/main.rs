//! The `spean` command: parses the command line and calls the library. Nothing else lives here.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use spean::date::Date;
use spean::{BuildError, BuildOptions};

/// spean (ស្ពាន, "bridge") builds a trilingual static site (Khmer, English, French) from Markdown
/// and YAML, that works on any web host and when opened from a folder or USB drive.
#[derive(Parser)]
#[command(name = "spean", version, about, long_about = None)]
struct Cli {
    /// What to do; without a command, spean builds the site in the current folder.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output). Checks everything first: on any content
    /// problem it prints them all and leaves the previous output untouched.
    Build(BuildArgs),
    /// Preview while editing: build, serve the site on http://127.0.0.1:1286/, rebuild on every
    /// save and reload the open pages. A save that breaks the site shows the problems over the
    /// page (and here); the last good version stays served until the next good save.
    Serve {
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = spean::serve::DEFAULT_PORT)]
        port: u16,
        /// Address to listen on. The default, 127.0.0.1, is reachable from this computer only;
        /// 0.0.0.0 opens the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Where to write the site (default: public/ inside the site folder).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Build as for file:// (links end in index.html), as a USB copy will be.
        #[arg(long)]
        offline: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build, then rebuild the output on every save until stopped (Ctrl+C), without a server.
    Watch(BuildArgs),
    /// Make an Ed25519 key pair for signing USB bundles. The private key goes to PATH (default
    /// ~/.config/spean/signing.key, owner-only), never inside the site; the public key goes to
    /// signing-key.pub in the site folder, published on every build. With a key already at
    /// PATH (another site, another clone of this one), that key is used and never replaced: the
    /// site gets its public half.
    Keygen {
        /// Where to write the private key.
        path: Option<PathBuf>,
        /// The site folder that gets the public key.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Build the site for file:// into a bundle folder and a zip (named with the site and the
    /// date), with README files, a SHA-256 manifest and its signature, for USB drives. Success
    /// is reported only once both pass `spean verify`.
    Package {
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to put the bundle folder and zip.
        #[arg(long, default_value = "dist")]
        output: PathBuf,
        /// The private key (default ~/.config/spean/signing.key).
        #[arg(long)]
        key: Option<PathBuf>,
        /// Also make a ZIM archive of the site for Kiwix (offline readers), checked by zimcheck,
        /// beside the bundle. Needs Debian's zim-tools (`sudo apt install zim-tools`).
        #[arg(long)]
        zim: bool,
    },
    /// Check a bundle folder or zip: signature, every file present and unaltered, nothing added,
    /// no name twice (also by case), no empty folder, no path escaping the folder.
    Verify {
        /// The bundle folder or its zip.
        path: PathBuf,
        /// The agency's public key: its file (signing-key.pub), its text, its 64 hex digits, or
        /// the 16-digit fingerprint `spean keygen` printed (it pins the key inside the bundle).
        /// Without it, the key inside the bundle is used, which proves the copy is intact but
        /// not who made it.
        #[arg(long)]
        key: Option<String>,
    },
    /// Check the whole site without writing anything: everything the build checks, plus images
    /// without alternative text, pages without description, out-of-date records; lists links to
    /// other sites. Exit code 0 when clean, 1 on errors (and on warnings with --strict).
    Check {
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Output format: text (for people) or json (for tools).
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Show the translation status of every page and data record.
        #[arg(long)]
        translations: bool,
        /// The day to judge the site on: records last verified more than `stale_after_days`
        /// (site.yaml) before it are reported. Default: today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
        today: Option<Date>,
        /// List every warning; without it, warnings of one file that say the same (records not
        /// verified for too long) are counted on one line.
        #[arg(long)]
        verbose: bool,
    },
    /// Translation helpers.
    Translations {
        #[command(subcommand)]
        what: TranslationsCommand,
    },
    /// Create a new page (in every language), news item, scheme or facility, ready to edit: a
    /// draft (not published until its `draft: true` line is deleted) with `TODO(spean)`
    /// placeholders to replace.
    New {
        /// page, news, scheme or facility.
        #[arg(value_parser = ["page", "news", "scheme", "facility"])]
        kind: String,
        /// For pages: the path under content/ without language (voluntary/faq); for news, scheme
        /// and facility: a name (march-talks, pension, health-centre-12).
        path: String,
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Turn a spreadsheet (CSV) into the YAML data the site uses. Every cell is checked with the
    /// site's own rules (and refused when it would run as a formula); every problem is reported
    /// by row and column, and nothing is written until there is none.
    Import {
        #[command(subcommand)]
        what: ImportKind,
    },
}

#[derive(Subcommand)]
enum TranslationsCommand {
    /// Record that FILE is translated from the current version of its source (writes
    /// `translated_from:` in its front matter); a later change of the source marks it outdated.
    Mark {
        file: PathBuf,
        /// The source language (default: the site's default language).
        #[arg(long)]
        from: Option<String>,
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportKind {
    /// Health facilities: columns id, name (or name_km, name_en, name_fr), type, province,
    /// district, commune, address, phone, hours, emergency_24h, services, nssf_contract,
    /// contract_checked, nssf_desk, lat, lon, source, last_verified (see the README).
    Facilities {
        /// The CSV file (UTF-8, comma-separated, a header row).
        file: PathBuf,
        /// The site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The YAML file to write (default: data/facilities/<name of the CSV>.yaml).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Args)]
struct BuildArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// Where to write the site (default: public/ inside the site folder). Replaced whole.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Make every link work from file:// (USB drives): links to folders end in index.html.
    #[arg(long)]
    offline: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Write HTML, CSS and JavaScript as rendered, without minifying.
    #[arg(long)]
    no_minify: bool,
    /// Also write the one-file edition of each language (`<name>-km.html`...) at the output's
    /// root, as `spean package` does (not with `spean watch`).
    #[arg(long)]
    single_file: bool,
    /// The day the site shows the rules of: amounts and rates with `from:` dates are shown as
    /// in force on it, later changes announced. Default: today (or SOURCE_DATE_EPOCH's day).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    today: Option<Date>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Build(args)) => build(args),
        Some(Command::Serve {
            site,
            port,
            bind,
            output,
            offline,
            drafts,
        }) => serve(
            BuildArgs {
                site,
                output,
                offline,
                drafts,
                no_minify: false,
                single_file: false,
                today: None,
            },
            spean::serve::Listen { bind, port },
        ),
        Some(Command::Watch(args)) => watch(args),
        Some(Command::Keygen { path, site }) => keygen(path, &site),
        Some(Command::Check {
            site,
            strict,
            format,
            translations,
            today,
            verbose,
        }) => check(
            site,
            CheckArgs {
                strict,
                json: format == "json",
                translations,
                today: today.unwrap_or_else(Date::today),
                verbose,
            },
        ),
        Some(Command::Translations {
            what: TranslationsCommand::Mark { file, from, site },
        }) => match spean::check::mark_translation(&site, &file, from.as_deref()) {
            Ok(version) => {
                println!("{}: translated_from: {version}", file.display());
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
        },
        Some(Command::New { kind, path, site }) => new(&kind, &path, &site),
        Some(Command::Package {
            site,
            output,
            key,
            zim,
        }) => package(site, output, key, zim),
        Some(Command::Verify { path, key }) => verify(&path, key.as_deref()),
        Some(Command::Import {
            what: ImportKind::Facilities { file, site, output },
        }) => import_facilities(&file, &site, output),
        None => build(BuildArgs {
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

fn build(args: BuildArgs) -> ExitCode {
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
    let result = spean::build(&options);
    progress.finish();
    match result {
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
        Err(BuildError::Content(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{}\n", d.render(color));
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("build failed: {errors} error(s); nothing was written");
            ExitCode::from(1)
        }
        Err(BuildError::Io(message)) => {
            let err = anyhow::anyhow!(message);
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Options for a kept engine: the site folder absolute, so that the watcher's paths match.
fn watch_options(args: BuildArgs) -> Result<BuildOptions, ExitCode> {
    if args.single_file {
        // A rebuild renders only what changed; the one-file edition needs every page.
        eprintln!(
            "error: --single-file is for `spean build` and `spean package`, not `spean watch`"
        );
        return Err(ExitCode::from(2));
    }
    let site_dir = args.site.canonicalize().map_err(|err| {
        eprintln!(
            "error: cannot open the site folder {}: {err}",
            args.site.display()
        );
        ExitCode::from(2)
    })?;
    Ok(BuildOptions {
        site_dir,
        output_dir: args.output.map(|o| std::path::absolute(&o).unwrap_or(o)),
        offline: args.offline,
        drafts: args.drafts,
        no_minify: args.no_minify,
        single_file: false,
        today: args.today,
        progress: spean::progress::Progress::default(),
    })
}

/// What the terminal shows after each rebuild of watch and serve.
fn print_round(round: &spean::watch::Round) {
    let color = std::io::stderr().is_terminal();
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
        Err(BuildError::Content(diagnostics)) => {
            for d in diagnostics {
                eprintln!(
                    "{}
",
                    d.render(color)
                );
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{what} changed: {errors} error(s); the output keeps the last good version. Fix and save to try again."
            );
        }
        Err(BuildError::Io(message)) => eprintln!("{what} changed: error: {message}"),
    }
}

fn print_first_build(result: &Result<spean::BuildReport, BuildError>) {
    let color = std::io::stderr().is_terminal();
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{}", warning.render(color));
            }
            println!("{}", report.summary());
        }
        Err(BuildError::Content(diagnostics)) => {
            for d in diagnostics {
                eprintln!(
                    "{}
",
                    d.render(color)
                );
            }
            eprintln!("the site has errors: fix and save, it rebuilds by itself");
        }
        Err(BuildError::Io(message)) => eprintln!("error: {message}"),
    }
}

fn watch(args: BuildArgs) -> ExitCode {
    let options = match watch_options(args) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let mut engine = spean::engine::Engine::new(options.clone(), true);
    print_first_build(&engine.build());
    let Some(output_dir) = engine.output_dir() else {
        eprintln!("error: site.yaml cannot be read; fix it, then start spean watch again");
        return ExitCode::from(1);
    };
    let mut watcher = match spean::watch::Watcher::start(&options.site_dir, &output_dir) {
        Ok(watcher) => watcher,
        Err(err) => {
            eprintln!("error: cannot watch {}: {err}", options.site_dir.display());
            return ExitCode::from(2);
        }
    };
    println!(
        "watching {} for changes (Ctrl+C to stop)",
        options.site_dir.display()
    );
    spean::watch::run(&mut engine, &mut watcher, |_, round| print_round(&round));
    ExitCode::SUCCESS
}

fn serve(args: BuildArgs, listen: spean::serve::Listen) -> ExitCode {
    let options = match watch_options(args) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let result = spean::serve::serve(
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
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) if message.starts_with("error") => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(message) => {
            eprintln!("error: {:#}", anyhow::anyhow!(message));
            ExitCode::from(2)
        }
    }
}

fn import_facilities(
    file: &std::path::Path,
    site: &std::path::Path,
    output: Option<PathBuf>,
) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    let output = output.unwrap_or_else(|| {
        let stem = file
            .file_stem()
            .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
        site.join("data/facilities").join(format!("{stem}.yaml"))
    });
    let progress = bar::terminal();
    let imported = spean::data::import::import_facilities_file(file, site, &output, &progress);
    progress.finish();
    match imported {
        Ok(count) => {
            println!("imported {count} facilities → {}", output.display());
            ExitCode::SUCCESS
        }
        Err(spean::BuildError::Content(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{}\n", d.render(color));
            }
            eprintln!(
                "import failed: {} problem(s); nothing was written",
                diagnostics.len()
            );
            ExitCode::from(1)
        }
        Err(spean::BuildError::Io(message)) => {
            eprintln!("error: {:#}", anyhow::anyhow!(message));
            ExitCode::from(2)
        }
    }
}

fn keygen(path: Option<PathBuf>, site: &std::path::Path) -> ExitCode {
    use spean::package::keys::{self, Keygen};
    let Some(path) = path.or_else(keys::default_private_key_path) else {
        eprintln!("error: no HOME to put the key in; name a file: spean keygen PATH");
        return ExitCode::from(2);
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
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn package(site: PathBuf, output: PathBuf, key: Option<PathBuf>, zim: bool) -> ExitCode {
    let Some(private_key) = key.or_else(spean::package::keys::default_private_key_path) else {
        eprintln!("error: no signing key: pass --key or run `spean keygen`");
        return ExitCode::from(2);
    };
    let output = if output.is_relative() {
        site.join(output)
    } else {
        output
    };
    let progress = bar::terminal();
    let options = spean::package::PackageOptions {
        site_dir: site,
        output_dir: output,
        private_key,
        progress: progress.clone(),
        zim,
    };
    let result = spean::package::package(&options);
    progress.finish();
    match result {
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
        Err(BuildError::Content(diagnostics)) => {
            let color = std::io::stderr().is_terminal();
            for d in &diagnostics {
                eprintln!("{}\n", d.render(color));
            }
            eprintln!("package failed: the site has problems; nothing was packed");
            ExitCode::from(1)
        }
        Err(BuildError::Io(message)) => {
            eprintln!("error: {:#}", anyhow::anyhow!(message));
            ExitCode::from(2)
        }
    }
}

fn verify(path: &std::path::Path, key: Option<&str>) -> ExitCode {
    match spean::package::verify::verify(path, key) {
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
            ExitCode::from(1)
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// A day on the command line: `2026-12-01`.
fn day(text: &str) -> Result<Date, String> {
    match Date::parse(text)? {
        date if date.time.is_none() => Ok(date),
        _ => Err(format!(
            "`{text}` has a time: write the day alone, as YYYY-MM-DD, e.g. 2026-12-01"
        )),
    }
}

struct CheckArgs {
    strict: bool,
    json: bool,
    translations: bool,
    today: Date,
    verbose: bool,
}

fn check(site: PathBuf, args: CheckArgs) -> ExitCode {
    let options = BuildOptions {
        site_dir: site.clone(),
        today: Some(args.today.clone()),
        ..Default::default()
    };
    let report = match spean::check::check(&options, &args.today) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let failed = !report.errors.is_empty() || (args.strict && !report.warnings.is_empty());
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        let color = std::io::stderr().is_terminal();
        for d in &report.errors {
            eprintln!("{}\n", d.render(color));
        }
        for shown in
            spean::diagnostic::render_grouped(&report.warnings, &report.groups, args.verbose, color)
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
            let languages: Vec<String> = spean::config::Config::load(&options)
                .map(|c| c.language_codes().map(str::to_string).collect())
                .unwrap_or_default();
            println!("\n{}", spean::check::translation_table(&report, &languages));
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
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn new(kind: &str, path: &str, site: &std::path::Path) -> ExitCode {
    use spean::new::Kind;
    let kind = match kind {
        "news" => Kind::News,
        "scheme" => Kind::Scheme,
        "facility" => Kind::Facility,
        _ => Kind::Page,
    };
    match spean::new::create(site, kind, path) {
        Ok(files) => {
            for f in &files {
                println!("created {}", f.display());
            }
            println!(
                "next: replace every TODO(spean) placeholder (`spean serve --drafts` previews drafts), delete the `draft: true` line, then run `spean check`"
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// The progress bar of long commands (build, package, import): drawn on standard error only
/// when it is a terminal and not in CI, and only once the work has run for about a second, so
/// quick builds, pipes and logs get nothing extra.
mod bar {
    use std::io::IsTerminal;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use spean::progress::{Observer, Progress};

    /// A progress handle for this terminal, or one that shows nothing.
    pub fn terminal() -> Progress {
        let quiet = !std::io::stderr().is_terminal()
            || std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
        if quiet {
            return Progress::default();
        }
        // Tests set a shorter wait to see the bar at all on a small site.
        let after = std::env::var("SPEAN_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        Progress::new(Arc::new(Bar {
            started: Instant::now(),
            after,
            bar: Mutex::new(None),
        }))
    }

    struct Bar {
        started: Instant,
        after: Duration,
        bar: Mutex<Option<ProgressBar>>,
    }

    impl Bar {
        fn current(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
            self.bar
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }
    }

    impl Observer for Bar {
        fn stage(&self, name: &str, total: u64) {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{prefix:>16} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(name.to_string());
            if let Some(old) = self.current().replace(bar) {
                old.finish_and_clear();
            }
        }

        fn advance(&self, steps: u64) {
            let current = self.current();
            let Some(bar) = current.as_ref() else { return };
            bar.inc(steps);
            if bar.is_hidden() && self.started.elapsed() >= self.after {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }

        fn finish(&self) {
            if let Some(bar) = self.current().take() {
                bar.finish_and_clear();
            }
        }
    }
}
