//! Why a command failed: the one error type of the library, from the build's content problems to
//! a file that cannot be written or a program that is not installed.
//!
//! Each kind says its message (`Display`: the text after `error: `) and decides the command's
//! exit code ([`Error::exit_code`]): [`PROBLEMS`] when what the editor gave has problems to fix,
//! [`CANNOT_RUN`] when spean could not do its work (the system, a tool, an argument, a key).

use std::fmt;

use crate::diagnostic::Diagnostic;

/// The exit code of a command that found problems in what it was given (the site's content, a
/// bundle that fails `spean verify`, a page `spean new` will not make).
pub(crate) const PROBLEMS: u8 = 1;
/// The exit code of a command that could not do its work (a file or the network, a missing tool,
/// an argument, a signing key).
pub(crate) const CANNOT_RUN: u8 = 2;

/// The source of an [`Error::Io`]: an `std::io::Error`, or the error of a crate that reads or
/// writes for us (walkdir, notify, zip, getrandom).
pub(crate) type Source = Box<dyn std::error::Error + Send + Sync>;

/// Why a command did not do what it was asked.
#[derive(Debug)]
pub enum Error {
    /// Problems in the content, configuration or theme, all of them.
    Content(Vec<Diagnostic>),
    /// The system refused: a file or folder that cannot be read or written, a port, a watcher.
    Io {
        /// What was being done, naming the file or folder: `cannot write en/index.html`.
        doing: String,
        /// The system's error.
        source: Source,
    },
    /// The port to serve on cannot be had (another program may hold it).
    Listen {
        /// The address asked for.
        address: std::net::SocketAddr,
        /// The system's error.
        source: std::io::Error,
    },
    /// A value on the command line that cannot be used: a date, a key's text, an option that does
    /// not go with the command.
    BadArgument(String),
    /// A program spean needs is not installed (zim-tools for `--zim`).
    MissingTool(String),
    /// A program spean ran (zimwriterfs, zimcheck) failed; its last lines of output are said.
    ToolFailed(String),
    /// The signing key cannot be made, read or used with this site.
    Key(String),
    /// The bundle cannot be signed or would not pass `spean verify` (then its signature and zip
    /// are removed).
    Bundle(String),
    /// The site lacks what a ZIM archive needs (its icon), or holds a file the archive needs the
    /// name of.
    Zim(String),
    /// The ZIM archive failed after the bundle and its zip were made and verified.
    ZimAfterBundle(Box<Error>),
    /// What was asked goes against the site as it stands: `spean new` of an existing page or id,
    /// or of a name that cannot be a page; `spean translations mark` of a file that cannot be.
    Refused(String),
}

impl Error {
    /// An I/O failure while `doing` something (`cannot write public/en/index.html`).
    pub fn io(doing: impl Into<String>, source: impl Into<Source>) -> Error {
        Error::Io {
            doing: doing.into(),
            source: source.into(),
        }
    }

    /// The exit code of a command that failed with this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Refused(_) => PROBLEMS,
            Error::Io { .. }
            | Error::Listen { .. }
            | Error::BadArgument(_)
            | Error::MissingTool(_)
            | Error::ToolFailed(_)
            | Error::Key(_)
            | Error::Bundle(_)
            | Error::Zim(_) => CANNOT_RUN,
            Error::ZimAfterBundle(error) => error.exit_code(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(d) => write!(f, "{} problem(s) in the site", d.len()),
            Error::Io { doing, source } => write!(f, "{doing}: {source}"),
            Error::Listen { address, source } => write!(
                f,
                "cannot listen on {address}: {source} (another program may use the port; try --port)"
            ),
            Error::ZimAfterBundle(error) => {
                write!(f, "{error}\n(the bundle and its zip are made and verified)")
            }
            Error::BadArgument(message)
            | Error::MissingTool(message)
            | Error::ToolFailed(message)
            | Error::Key(message)
            | Error::Bundle(message)
            | Error::Zim(message)
            | Error::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source.as_ref()),
            Error::Listen { source, .. } => Some(source),
            Error::ZimAfterBundle(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_and_refusals_are_problems_the_rest_cannot_run() {
        let io = Error::io(
            "cannot write en/index.html",
            std::io::Error::other("disk full"),
        );
        assert_eq!(io.to_string(), "cannot write en/index.html: disk full");
        assert_eq!(io.exit_code(), CANNOT_RUN);
        assert_eq!(Error::Content(Vec::new()).exit_code(), PROBLEMS);
        assert_eq!(Error::Refused("exists".into()).exit_code(), PROBLEMS);
        assert_eq!(
            Error::MissingTool("zimcheck".into()).exit_code(),
            CANNOT_RUN
        );
        let late = Error::ZimAfterBundle(Box::new(Error::ToolFailed("zimcheck failed".into())));
        assert_eq!(late.exit_code(), CANNOT_RUN);
        assert_eq!(
            late.to_string(),
            "zimcheck failed\n(the bundle and its zip are made and verified)"
        );
    }
}
