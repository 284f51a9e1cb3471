//! Output paths, for every step that names a file of the output: the one check that a path
//! under the output folder stays inside it and can be copied onto a USB drive (FAT32, exFAT) and
//! unpacked on Windows, and the one function the writer turns such a path into a destination with.
//!
//! The model calls [`check`] on every page, alias, data page, copied and static file and reports a
//! refusal as a diagnostic at the line that caused it; the writer calls [`confine`] on every path
//! it writes or removes, so nothing the model missed can leave the output folder.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why a path cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unsafe {
    Empty,
    /// `/x`, `C:/x`.
    Absolute,
    /// A `..` or `.` part: it would climb out of (or around in) the output folder.
    Climbs,
    Backslash,
    /// NUL or another control character.
    Control(char),
    /// A character FAT and Windows refuse in file names: `< > : " | ? *`.
    Forbidden(char),
    /// A name Windows keeps for devices (`CON`, `aux.txt`, `COM1`, `LPT9.html`).
    Reserved(String),
    /// Windows drops a trailing dot or space, so two names would become one.
    TrailingDotOrSpace(String),
    /// A part longer than the 255 characters FAT and exFAT allow.
    TooLong(String),
}

impl fmt::Display for Unsafe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsafe::Empty => f.write_str("the path is empty"),
            Unsafe::Absolute => f.write_str("it is an absolute path"),
            Unsafe::Climbs => f.write_str("it has a `..` or `.` part, which leaves its folder"),
            Unsafe::Backslash => f.write_str("it holds a backslash `\\`"),
            Unsafe::Control(c) => write!(f, "it holds the control character U+{:04X}", *c as u32),
            Unsafe::Forbidden(c) => write!(
                f,
                "it holds `{c}`, which USB drives (FAT, exFAT) and Windows refuse in file names"
            ),
            Unsafe::Reserved(name) => write!(
                f,
                "`{name}` is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9): a copy there would fail"
            ),
            Unsafe::TrailingDotOrSpace(name) => write!(
                f,
                "`{name}` ends with a dot or a space, which Windows drops"
            ),
            Unsafe::TooLong(name) => write!(
                f,
                "`{name}…` is longer than the 255 characters a file name may have on a USB drive"
            ),
        }
    }
}

/// Checks a `/`-separated path relative to the output folder (`en/join/index.html`); a final
/// `/` (a folder) is allowed.
pub(crate) fn check(rel: &str) -> Result<(), Unsafe> {
    if rel.is_empty() {
        return Err(Unsafe::Empty);
    }
    if rel.starts_with('/') {
        return Err(Unsafe::Absolute);
    }
    let parts = rel.strip_suffix('/').unwrap_or(rel);
    for part in parts.split('/') {
        check_name(part)?;
    }
    Ok(())
}

/// Checks one file or folder name.
pub(crate) fn check_name(name: &str) -> Result<(), Unsafe> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(if name.is_empty() {
            Unsafe::Empty
        } else {
            Unsafe::Climbs
        });
    }
    for c in name.chars() {
        match c {
            '\\' => return Err(Unsafe::Backslash),
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => return Err(Unsafe::Forbidden(c)),
            c if c.is_control() => return Err(Unsafe::Control(c)),
            _ => {}
        }
    }
    if name.ends_with(['.', ' ']) {
        return Err(Unsafe::TrailingDotOrSpace(name.to_string()));
    }
    if name.encode_utf16().count() > 255 {
        return Err(Unsafe::TooLong(name.chars().take(20).collect()));
    }
    // Windows treats `con.txt`, `CON .html` and `con.tar.gz` as the device too.
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if is_device_name(stem) {
        return Err(Unsafe::Reserved(name.to_string()));
    }
    Ok(())
}

fn is_device_name(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let (head, digit) = upper.split_at(upper.len().min(3));
            (head == "COM" || head == "LPT")
                && matches!(
                    digit,
                    "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
        }
    }
}

/// The key under which two paths are the same file on a drive that ignores case (FAT, exFAT,
/// Windows, macOS): `Card.PNG` and `card.png` collide.
pub(crate) fn case_key(rel: &str) -> String {
    rel.to_lowercase()
}

/// The destination of `rel` inside `root`, or an error when `rel` is not a safe output path.
/// Every file spean writes into an output folder (or removes from it) is named through here.
pub(crate) fn confine(root: &Path, rel: &str) -> io::Result<PathBuf> {
    check(rel).map_err(|why| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{}`: {why}", rel.escape_debug()),
        )
    })?;
    let mut path = root.to_path_buf();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_pass() {
        for ok in [
            "index.html",
            "en/voluntary/join/index.html",
            "km/ចុះឈ្មោះ/index.html",
            "km/",
            "css/style.css",
            ".well-known/x",
            "console/index.html",
            "com10/index.html",
            "lpt/index.html",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        assert_eq!(check("../victim/index.html"), Err(Unsafe::Climbs));
        assert_eq!(check("en/../../x"), Err(Unsafe::Climbs));
        assert_eq!(check("en/./x"), Err(Unsafe::Climbs));
        assert_eq!(check("/etc/passwd"), Err(Unsafe::Absolute));
        assert_eq!(check("x\\..\\..\\PWNED"), Err(Unsafe::Backslash));
        assert_eq!(check("en//x"), Err(Unsafe::Empty));
        assert_eq!(check(""), Err(Unsafe::Empty));
        assert_eq!(check("a\0b"), Err(Unsafe::Control('\0')));
        assert_eq!(check("C:/x"), Err(Unsafe::Forbidden(':')));
    }

    #[test]
    fn names_windows_and_usb_drives_refuse() {
        for bad in [
            "CON",
            "con",
            "aux",
            "nul.txt",
            "NUL.tar.gz",
            "COM1",
            "com1.html",
            "LPT1",
            "lpt9.x",
            "prn",
            "con .txt",
            "COM¹",
        ] {
            assert!(
                matches!(check(bad), Err(Unsafe::Reserved(_))),
                "{bad}: {:?}",
                check(bad)
            );
        }
        for c in ['<', '>', ':', '"', '|', '?', '*'] {
            assert_eq!(check(&format!("a{c}b")), Err(Unsafe::Forbidden(c)));
        }
        assert!(matches!(check("name."), Err(Unsafe::TrailingDotOrSpace(_))));
        assert!(matches!(
            check("en/name /x"),
            Err(Unsafe::TrailingDotOrSpace(_))
        ));
        assert!(matches!(check(&"a".repeat(256)), Err(Unsafe::TooLong(_))));
    }

    #[test]
    fn confine_joins_only_safe_paths() {
        let root = Path::new("/tmp/out");
        assert_eq!(
            confine(root, "en/a/index.html").unwrap(),
            Path::new("/tmp/out/en/a/index.html")
        );
        let err = confine(root, "../../etc/passwd").unwrap_err();
        assert!(err.to_string().contains("refusing to write"), "{err}");
    }
}
