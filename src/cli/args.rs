//! The command line as clap reads it: every command, its flags and their help texts. The
//! commands themselves are in the files beside this one.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::date::Date;
use crate::error::Error;

/// spean (ស្ពាន, "bridge") builds a trilingual static site (Khmer, English, French) from Markdown
/// and YAML, that works on any web host and when opened from a folder or USB drive.
#[derive(Parser)]
#[command(name = "spean", version, about, long_about = None)]
pub(super) struct Cli {
    /// What to do; without a command, spean builds the site in the current folder.
    #[command(subcommand)]
    pub(super) command: Option<Command>,
}

#[derive(Subcommand)]
pub(super) enum Command {
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
        #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
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
pub(super) enum TranslationsCommand {
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
pub(super) enum ImportKind {
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
pub(super) struct BuildArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub(super) site: PathBuf,
    /// Where to write the site (default: public/ inside the site folder). Replaced whole.
    #[arg(long)]
    pub(super) output: Option<PathBuf>,
    /// Make every link work from file:// (USB drives): links to folders end in index.html.
    #[arg(long)]
    pub(super) offline: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub(super) drafts: bool,
    /// Write HTML, CSS and JavaScript as rendered, without minifying.
    #[arg(long)]
    pub(super) no_minify: bool,
    /// Also write the one-file edition of each language (`<name>-km.html`...) at the output's
    /// root, as `spean package` does (not with `spean watch`).
    #[arg(long)]
    pub(super) single_file: bool,
    /// The day the site shows the rules of: amounts and rates with `from:` dates are shown as
    /// in force on it, later changes announced. Default: today (or SOURCE_DATE_EPOCH's day).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub(super) today: Option<Date>,
}

/// A day on the command line: `2026-12-01`.
fn day(text: &str) -> Result<Date, Error> {
    match Date::parse(text).map_err(Error::BadArgument)? {
        date if date.time.is_none() => Ok(date),
        _ => Err(Error::BadArgument(format!(
            "`{text}` has a time: write the day alone, as YYYY-MM-DD, e.g. 2026-12-01"
        ))),
    }
}
