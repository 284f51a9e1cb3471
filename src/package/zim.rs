//! `spean package --zim`: the bundle's site as a ZIM archive for Kiwix, made and checked by
//! Debian's zim-tools (`zimwriterfs`, `zimcheck`) and put beside the bundle as `<bundle>.zim`.
//!
//! Steps: (1) [`require_tools`], before anything is built, so that without zim-tools nothing is
//! written; (2) the site's files (the bundle without its readmes, manifest and signature) and a
//! 48×48 PNG drawn from the site's `favicon.svg` into a staging folder beside the bundle;
//! (3) `zimwriterfs` writes the archive there; (4) `zimcheck` checks it; (5) only then is it
//! renamed to its place. The staging folder is removed whatever happens.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::Config;
use crate::error::Error;

/// The illustration's name inside the ZIM (zimwriterfs takes it from the HTML folder, and it
/// stays there as a file): a name the build never writes.
const ILLUSTRATION: &str = "zim-illustration-48x48.png";

/// The site's icon, as the build writes it (the theme's, or the site's own `static/` one).
const ICON: &str = "favicon.svg";

/// Where zim-tools' programs are.
pub(crate) struct Tools {
    zimwriterfs: PathBuf,
    zimcheck: PathBuf,
}

/// Finds `zimwriterfs` and `zimcheck` on `PATH`, or says how to install them.
pub(crate) fn require_tools() -> Result<Tools, Error> {
    let writer = find_on_path("zimwriterfs");
    let check = find_on_path("zimcheck");
    match (writer, check) {
        (Some(zimwriterfs), Some(zimcheck)) => Ok(Tools {
            zimwriterfs,
            zimcheck,
        }),
        (writer, check) => {
            let missing: Vec<&str> = [("zimwriterfs", writer), ("zimcheck", check)]
                .into_iter()
                .filter(|(_, found)| found.is_none())
                .map(|(name, _)| name)
                .collect();
            Err(Error::MissingTool(format!(
                "{} not found: --zim needs Debian's zim-tools; install them with \
                 `sudo apt install zim-tools` (nothing was packed)",
                missing.join(" and ")
            )))
        }
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Writes `<output_dir>/<name>.zim` from the site's files (`/`-separated paths and bytes, as
/// the bundle holds them, without the bundle's own files) and checks it. A ZIM of an earlier
/// run with this name is removed first, so a failed run leaves none. `site` is the site's part
/// of the bundle's name (without the date), for the ZIM's `Name`.
pub(super) fn write_zim(
    tools: &Tools,
    config: &Config,
    site_files: &[(String, Vec<u8>)],
    output_dir: &Path,
    (name, site): (&str, &str),
) -> Result<PathBuf, Error> {
    let target = output_dir.join(format!("{name}.zim"));
    let staging = output_dir.join(format!(".{name}.zim-staging"));
    for old in [&target, &staging] {
        remove(old)?;
    }
    let zim_name = zim_name(config, site);
    let made = make_zim(tools, config, site_files, &staging, (name, &zim_name)).and_then(|zim| {
        std::fs::rename(&zim, &target).map_err(|e| {
            Error::io(
                format!("cannot move the ZIM archive to {}", target.display()),
                e,
            )
        })
    });
    let cleaned = remove(&staging);
    made.and(cleaned).map(|()| target)
}

fn make_zim(
    tools: &Tools,
    config: &Config,
    site_files: &[(String, Vec<u8>)],
    staging: &Path,
    (name, zim_name): (&str, &str),
) -> Result<PathBuf, Error> {
    let html = staging.join("site");
    let write = |rel: &str, bytes: &[u8]| {
        crate::outpath::confine(&html, rel)
            .and_then(|path| {
                std::fs::create_dir_all(path.parent().unwrap_or(&html))?;
                std::fs::write(path, bytes)
            })
            .map_err(|e| Error::io(format!("cannot write {rel} for the ZIM archive"), e))
    };
    for (rel, bytes) in site_files {
        if rel == ILLUSTRATION {
            return Err(Error::Zim(format!(
                "the site has a file named {ILLUSTRATION}, the name of the ZIM's illustration"
            )));
        }
        write(rel, bytes)?;
    }
    let icon = site_files
        .iter()
        .find(|(rel, _)| rel == ICON)
        .ok_or_else(|| {
            Error::Zim(format!(
                "the site has no {ICON}: the ZIM's illustration is drawn from it"
            ))
        })?;
    write(ILLUSTRATION, &illustration(&icon.1)?)?;

    let zim = staging.join(format!("{name}.zim"));
    let meta = &config.zim;
    let mut writer = Command::new(&tools.zimwriterfs);
    writer
        .args(["--welcome", "index.html", "--illustration", ILLUSTRATION])
        .args(["--language", &meta.languages.join(",")])
        .args(["--title", &meta.title, "--description", &meta.description])
        .args(["--creator", &meta.creator, "--publisher", &meta.publisher])
        .args(["--name", zim_name])
        .args(["--scraper", concat!("spean ", env!("CARGO_PKG_VERSION"))]);
    if !meta.tags.is_empty() {
        writer.args(["--tags", &meta.tags.join(";")]);
    }
    if let Some(url) = &config.base_url {
        writer.args(["--source", url]);
    }
    run(writer.arg(&html).arg(&zim), "zimwriterfs")?;
    run(
        Command::new(&tools.zimcheck).arg("-A").arg(&zim),
        "zimcheck",
    )?;
    Ok(zim)
}

/// Kiwix's identifier of the content across versions: `zim: name:`, else the site's part of
/// the bundle's name and the language (`mul` for several), as Kiwix's own names go.
fn zim_name(config: &Config, site: &str) -> String {
    if let Some(name) = &config.zim.name {
        return name.clone();
    }
    let lang = match config.zim.languages.as_slice() {
        [one] => one.as_str(),
        _ => "mul",
    };
    format!("{site}_{lang}")
}

/// Runs a zim-tools program; its output becomes the error when it fails.
fn run(command: &mut Command, what: &str) -> Result<(), Error> {
    let output = command
        .output()
        .map_err(|e| Error::io(format!("cannot run {what}"), e))?;
    if output.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(20)..].join("\n  ");
    Err(Error::ToolFailed(format!(
        "{what} failed ({}), so no ZIM archive was written:\n  {tail}",
        output.status
    )))
}

/// The site's icon drawn at 48×48 (Kiwix's illustration size), centred, as a PNG.
/// resvg without its text and raster-image features: an SVG cannot make it read a file.
fn illustration(svg: &[u8]) -> Result<Vec<u8>, Error> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default()).map_err(|e| {
        Error::Zim(format!(
            "{ICON} cannot be drawn for the ZIM's illustration: {e}"
        ))
    })?;
    let mut pixmap = tiny_skia::Pixmap::new(48, 48)
        .ok_or_else(|| Error::Zim("cannot make a 48×48 image".to_string()))?;
    let size = tree.size();
    let scale = (48.0 / size.width()).min(48.0 / size.height());
    let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(
        (48.0 - size.width() * scale) / 2.0,
        (48.0 - size.height() * scale) / 2.0,
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| Error::Zim(format!("cannot encode the ZIM's illustration: {e}")))
}

/// Removes a file or folder, where it exists.
fn remove(path: &Path) -> Result<(), Error> {
    let removed = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    match removed {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io(format!("cannot remove {}", path.display()), e))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_illustration_is_the_icon_at_48_pixels() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#0b3d6b"/></svg>"##;
        let png = illustration(svg).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, right after the chunk's length and type.
        assert_eq!(&png[16..24], &[0, 0, 0, 48, 0, 0, 0, 48]);
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        let centre = pixmap.pixel(24, 24).unwrap();
        assert_eq!(
            (centre.red(), centre.green(), centre.blue()),
            (0x0b, 0x3d, 0x6b)
        );
        assert!(illustration(b"<svg").is_err());
    }
}
