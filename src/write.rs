//! Step 4 of the pipeline, **write**: minify, write into a staging folder beside the output, and
//! swap it in only when everything succeeded.
//!
//! A failed or interrupted build therefore never leaves `public/` half-written or empty: until the
//! swap, the previous site stays exactly as it was, and the swap itself is one atomic exchange of
//! the two folders where the system has one (Linux), so `public/` never goes missing. A
//! build holds an exclusive lock on its output folder (`OutputLock`) from the staging folder's
//! creation to the swap; a staging folder left by a build that was killed is removed by the next
//! one, a live build's never.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::outpath::confine;
use crate::render::RenderedFile;

mod compact;

const STAGING_MARK: &str = ".spean-staging-";
const OLD_MARK: &str = ".spean-old-";
const LOCK_MARK: &str = ".spean-lock";

/// Numbers the staging folders of one process, so that two builds of one process (a serve that
/// rebuilds, a test) never share a name.
static STAGING_COUNT: AtomicUsize = AtomicUsize::new(0);

/// The lock that makes builds of one output folder take turns. It is a file beside the folder
/// (`.public.spean-lock`), not inside it, since the folder is swapped whole; the system releases
/// it when its holder exits, however it exits.
pub(crate) struct OutputLock {
    file: fd_lock::RwLock<File>,
    target: PathBuf,
}

impl OutputLock {
    /// Opens (or creates) the lock file of the output folder `target`, without locking it.
    pub(crate) fn beside(target: &Path) -> io::Result<OutputLock> {
        let parent = parent_of(target);
        fs::create_dir_all(parent)?;
        let path = parent.join(format!(".{}{LOCK_MARK}", folder_name(target)));
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        Ok(OutputLock {
            file: fd_lock::RwLock::new(file),
            target: target.to_path_buf(),
        })
    }

    /// Takes the lock, waiting (and saying so on stderr) while another build, of this process or
    /// another, holds it. Released when the guard is dropped.
    pub(crate) fn hold(&mut self) -> io::Result<fd_lock::RwLockWriteGuard<'_, File>> {
        match self.file.try_write().map(drop) {
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => eprintln!(
                "waiting for another build of {} to finish",
                self.target.display()
            ),
            Err(err) => return Err(err),
            Ok(()) => {}
        }
        self.file.write()
    }

    /// Waits until no build writes the folder (takes the lock shared, and lets it go).
    pub(crate) fn wait_for_writer(&self) -> io::Result<()> {
        self.file.read().map(drop)
    }
}

/// A folder being filled with the new site.
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    minify: bool,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, removing those that builds killed
    /// before they could clean up left there. The caller holds `target`'s `OutputLock`.
    pub(crate) fn new(target: &Path, minify: bool) -> io::Result<Staging> {
        let parent = parent_of(target);
        fs::create_dir_all(parent)?;
        let name = folder_name(target);
        remove_leftovers(parent, &name);
        let dir = sibling(target, STAGING_MARK);
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            minify,
            committed: false,
        })
    }

    /// Whether HTML, CSS and JavaScript are minified.
    pub(crate) fn minify(&self) -> bool {
        self.minify
    }

    /// Writes bytes as they are, or minified when they are CSS or JavaScript.
    pub(crate) fn write_static(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_bytes(rel, &prepare_static(rel, bytes, self.minify))
    }

    /// Copies a file as it is (images, PDFs).
    pub(crate) fn copy(&self, rel: &str, source: &Path) -> io::Result<()> {
        let dest = confine(&self.dir, rel)?;
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(source, dest).map(|_| ())
    }

    /// Writes bytes as they are.
    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let dest = confine(&self.dir, rel)?;
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(dest, bytes)
    }

    /// Replaces the output folder with the staged one: one atomic exchange where the system
    /// has it (a reader of `public/` sees the old site or the new one, never no folder), two
    /// renames elsewhere.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        refuse_to_replace_a_site_folder(&self.target)?;
        if self.target.exists() && exchange(&self.dir, &self.target)? {
            self.committed = true;
            // The staging name now holds the previous site. Failing to delete it does not undo
            // the build: the next build removes it as a leftover.
            let _ = fs::remove_dir_all(&self.dir);
        } else if self.target.exists() {
            let old = sibling(&self.target, OLD_MARK);
            fs::rename(&self.target, &old)?;
            if let Err(err) = fs::rename(&self.dir, &self.target) {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, &self.target);
                return Err(err);
            }
            self.committed = true;
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&self.dir, &self.target)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An abandoned build (an error, a panic) removes its staging folder.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Swaps two folders in one step; `false` where the system (or the file system) cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel, or a file system without the flag (some network and FUSE ones).
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// `.public<mark><pid>-<n>` beside `target`: the pid tells later builds whether its owner runs.
fn sibling(target: &Path, mark: &str) -> PathBuf {
    let count = STAGING_COUNT.fetch_add(1, Ordering::Relaxed);
    parent_of(target).join(format!(
        ".{}{mark}{}-{count}",
        folder_name(target),
        std::process::id()
    ))
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn folder_name(target: &Path) -> String {
    target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// The bytes a rendered file is written as: minified (`compact`) when it is HTML and
/// minification is on.
pub(crate) fn prepare(file: &RenderedFile, minify: bool) -> Cow<'_, [u8]> {
    if minify && file.is_html() {
        Cow::Owned(compact::html(&file.bytes))
    } else {
        Cow::Borrowed(&file.bytes)
    }
}

/// The bytes a static file is written as: minified when it is CSS or JavaScript.
pub(crate) fn prepare_static<'a>(rel: &str, bytes: &'a [u8], minify: bool) -> Cow<'a, [u8]> {
    match minify.then(|| minify_asset(rel, bytes)).flatten() {
        Some(minified) => Cow::Owned(minified),
        None => Cow::Borrowed(bytes),
    }
}

/// Writes one file into a live output folder (`spean serve`, `spean watch`): to a temporary
/// name first, then renamed, so a browser reading it meanwhile gets the old or the new file,
/// never half of one.
pub(crate) fn write_in_place(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let dest = confine(dir, rel)?;
    let parent = dest.parent().unwrap_or(dir);
    fs::create_dir_all(parent)?;
    let name = dest
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, &dest)
}

/// Removes a file from a live output folder, and the folders it leaves empty.
pub(crate) fn remove_in_place(dir: &Path, rel: &str) -> io::Result<()> {
    let path = confine(dir, rel)?;
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let mut folder = path.parent();
    while let Some(f) = folder {
        if f == dir || fs::remove_dir(f).is_err() {
            break;
        }
        folder = f.parent();
    }
    Ok(())
}

/// Staging and old folders of builds that were killed before they could clean up: those whose
/// owner no longer runs, and this process's own (it holds the lock, so none of its builds is
/// writing). A folder of a live process is left alone (a build of an older spean, which took
/// no lock).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let owner = [STAGING_MARK, OLD_MARK].iter().find_map(|mark| {
            let rest = file_name.strip_prefix(&format!(".{name}{mark}"))?;
            Some(rest.split('-').next()?.parse::<u32>().ok())
        });
        let stale =
            matches!(owner, Some(Some(pid)) if pid == std::process::id() || !process_runs(pid));
        if stale {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id exists (where that cannot be asked, it is taken to have
/// ended: the caller holds the lock, so no build of this spean is writing).
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // EPERM: it exists, it is another user's.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(not(unix))]
fn process_runs(_: u32) -> bool {
    false
}

/// The output folder is replaced whole, so it must never be a folder holding a site's sources.
fn refuse_to_replace_a_site_folder(target: &Path) -> io::Result<()> {
    let looks_like_sources = target.join(crate::config::CONFIG_FILE).exists()
        || target.join("content").is_dir()
        || target.join("Cargo.toml").exists()
        || target.join(".git").exists();
    if looks_like_sources {
        return Err(io::Error::other(format!(
            "refusing to replace {}: it holds sources (site.yaml, content/, .git); choose an output folder of its own",
            target.display()
        )));
    }
    Ok(())
}

fn html_config() -> minify_html::Cfg {
    minify_html::Cfg {
        // `<html lang>` must survive, and the HTML checker wants a plain doctype.
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: true,
        ..minify_html::Cfg::default()
    }
}

pub(crate) fn minify_html(bytes: &[u8]) -> Vec<u8> {
    minify_html::minify(bytes, &html_config())
}

/// CSS and JavaScript files are minified by the same minifier, through a `<style>` or
/// `<script>` wrapper; files already named `.min.css`/`.min.js` are left alone.
fn minify_asset(rel: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    if rel.contains(".min.") {
        return None;
    }
    let (open, close) = if rel.ends_with(".css") {
        ("<style>", "</style>")
    } else if rel.ends_with(".js") {
        ("<script>", "</script>")
    } else {
        return None;
    };
    let mut wrapped = Vec::with_capacity(bytes.len() + 20);
    wrapped.extend_from_slice(open.as_bytes());
    wrapped.extend_from_slice(bytes);
    wrapped.extend_from_slice(close.as_bytes());
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        ..html_config()
    };
    let out = minify_html::minify(&wrapped, &cfg);
    let inner = out
        .strip_prefix(open.as_bytes())?
        .strip_suffix(close.as_bytes())?;
    Some(inner.to_vec())
}

/// Content types of the files a site has (what `spean serve` sends, what the one-file
/// edition's `data:` addresses say).
pub(crate) fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_js_are_minified_through_a_wrapper() {
        let css = minify_asset("css/a.css", b"body {\n  color : red ;\n}\n").unwrap();
        assert_eq!(String::from_utf8(css).unwrap(), "body{color:red}");
        let js = minify_asset("js/a.js", b"function  f ( a ) {\n  return a + 1 ;\n}\n").unwrap();
        assert!(js.len() < 30, "{}", String::from_utf8_lossy(&js));
        assert!(minify_asset("fonts/a.woff2", b"x").is_none());
    }

    #[test]
    fn html_keeps_lang_and_doctype() {
        let out = minify_html(b"<!DOCTYPE html>\n<html lang=\"km\"><head><title>x</title></head><body><p>a</p></body></html>");
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.to_lowercase()
                .starts_with("<!doctype html><html lang=km>"),
            "{out}"
        );
    }

    #[test]
    fn a_dropped_staging_leaves_the_old_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&target, false).unwrap();
            staging.write_static("index.html", b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let staging = Staging::new(&target, false).unwrap();
        staging.write_static("index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
