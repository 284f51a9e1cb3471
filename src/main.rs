//! The `spean` command: parses the command line and calls the library. Nothing else lives here.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

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
    /// Turn a spreadsheet (CSV) into the YAML data the site uses. Every row is checked with the
    /// site's own rules; bad rows are reported by line and nothing is written.
    Import {
        #[command(subcommand)]
        what: ImportKind,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Build(args)) => build(args),
        Some(Command::Import {
            what: ImportKind::Facilities { file, site, output },
        }) => import_facilities(&file, &site, output),
        None => build(BuildArgs {
            site: PathBuf::from("."),
            output: None,
            offline: false,
            drafts: false,
            no_minify: false,
        }),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        site_dir: args.site,
        output_dir: args.output,
        offline: args.offline,
        drafts: args.drafts,
        no_minify: args.no_minify,
    };
    let color = std::io::stderr().is_terminal();
    match spean::build(&options) {
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
    match spean::data::import::import_facilities_file(file, site, &output) {
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
