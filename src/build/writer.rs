//! The build driver's write step, behind one small interface with two implementations:
//!
//! - [`Staged`] (a full build): every file goes into a staging folder as soon as its job made
//!   it; the folder is swapped in for the output at the end (`write::Staging`), or removed when
//!   the build fails;
//! - [`InPlace`] (a rebuild): files are held until every job has run without error, then only
//!   those whose bytes differ from what the last build wrote go into the live output folder
//!   (each to a temporary name, then renamed), and the files no job produces any more are
//!   removed.
//!
//! Both remember the fingerprint of every file of the output (static files: of their source),
//! which the next rebuild compares with and a web build's workers are versioned by.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::fingerprint::{self, FastMap};
use crate::render::RenderedFile;
use crate::write::{self, Staging};

use super::report::BuildError;
use super::statics::Static;

/// Where the files of the jobs go.
pub(crate) trait Writer: Sync {
    /// A file a job made (HTML is minified when minification is on).
    fn put(&self, file: &RenderedFile);
    /// A file written as it is made, never minified (the one-file editions).
    fn put_as_is(&self, path: &str, bytes: &[u8]);
    /// A static file, copied from its source (the theme's CSS and JavaScript minified).
    fn copy(&self, rel: &str, file: &Static);
    /// A file the last build wrote, left as it is (its job did not run again).
    fn keep(&self, path: &str) {
        self.keep_all(&mut std::iter::once(path));
    }
    /// Files the last build wrote, left as they are.
    fn keep_all(&self, paths: &mut dyn Iterator<Item = &str>);
    /// Every job that renders has run without error: a rebuild writes what they made now
    /// (what the editor is looking at), before the search index and the rest, and says which
    /// files it wrote (a full build writes nothing yet: none).
    fn pages_done(&self) -> Result<Vec<String>, BuildError>;
    /// Every file so far, by path, with the fingerprint of its bytes (of its source for static
    /// files; `0` when the writer was not asked to keep fingerprints).
    fn fingerprints(&self) -> FastMap<String, u64>;
    /// Puts the files in place.
    fn finish(self: Box<Self>) -> Result<Finished, BuildError>;
}

/// What the writer did.
pub(crate) struct Finished {
    /// Every file of the output, by path, with its fingerprint.
    pub(crate) files: FastMap<String, u64>,
    /// How many files the jobs made (written or found unchanged).
    pub(crate) count: usize,
    /// Files whose bytes changed, and files removed (sorted; a rebuild's only).
    pub(crate) changed: Vec<String>,
    pub(crate) removed: Vec<String>,
    /// When the last page was written.
    pub(crate) pages_written: Option<Instant>,
}

/// A full build's writer: into a staging folder, swapped in at the end.
pub(crate) struct Staged {
    staging: Staging,
    /// Keep the fingerprint of every file's bytes (for a later rebuild, or a web build's
    /// workers); hashing every page costs time a one-off build without workers need not spend.
    fingerprint: bool,
    files: Mutex<FastMap<String, u64>>,
    count: AtomicUsize,
    failure: Mutex<Option<BuildError>>,
}

impl Staged {
    pub(crate) fn new(staging: Staging, fingerprint: bool) -> Staged {
        Staged {
            staging,
            fingerprint,
            files: Mutex::default(),
            count: AtomicUsize::new(0),
            failure: Mutex::default(),
        }
    }

    fn done(&self, path: &str, fingerprint: u64, result: std::io::Result<()>, what: &str) {
        self.count.fetch_add(1, Ordering::Relaxed);
        match result {
            Ok(()) => {
                if self.fingerprint {
                    locked(&self.files).insert(path.to_string(), fingerprint);
                }
            }
            Err(err) => {
                locked(&self.failure)
                    .get_or_insert_with(|| BuildError::io(format!("cannot {what} {path}"), err));
            }
        }
    }
}

impl Writer for Staged {
    fn put(&self, file: &RenderedFile) {
        let bytes = write::prepare(file, self.staging.minify());
        let fp = if self.fingerprint {
            fingerprint::of(&*bytes)
        } else {
            0
        };
        let result = self.staging.write_bytes(&file.path, &bytes);
        self.done(&file.path, fp, result, "write");
    }

    fn put_as_is(&self, path: &str, bytes: &[u8]) {
        let result = self.staging.write_static(path, bytes);
        self.done(path, fingerprint::of(bytes), result, "write");
    }

    fn copy(&self, rel: &str, file: &Static) {
        use super::statics::Source;
        use crate::theme::StaticFile;
        let result = match &file.source {
            Source::Theme(StaticFile::Builtin(bytes)) => self.staging.write_static(rel, bytes),
            Source::Theme(StaticFile::Disk(path)) => {
                std::fs::read(path).and_then(|b| self.staging.write_static(rel, &b))
            }
            Source::Asset(path) => self.staging.copy(rel, path),
        };
        self.done(rel, file.fingerprint, result, "copy");
    }

    fn keep_all(&self, paths: &mut dyn Iterator<Item = &str>) {
        let kept: Vec<&str> = paths.collect();
        assert!(
            kept.is_empty(),
            "a full build runs every job, so it keeps no file ({kept:?})"
        );
    }

    fn pages_done(&self) -> Result<Vec<String>, BuildError> {
        Ok(Vec::new())
    }

    fn fingerprints(&self) -> FastMap<String, u64> {
        locked(&self.files).clone()
    }

    fn finish(self: Box<Self>) -> Result<Finished, BuildError> {
        let Staged {
            staging,
            files,
            count,
            failure,
            ..
        } = *self;
        if let Some(err) = failure.into_inner().expect("no panic while locked") {
            return Err(err);
        }
        staging
            .commit()
            .map_err(|e| BuildError::io("cannot put the new site in place", e))?;
        let now = Instant::now();
        Ok(Finished {
            files: files.into_inner().expect("no panic while locked"),
            count: count.into_inner(),
            changed: Vec::new(),
            removed: Vec::new(),
            pages_written: Some(now),
        })
    }
}

/// A file a rebuild will write.
enum Pending {
    Bytes(String, Vec<u8>),
    Copy(String, Vec<u8>),
}

/// A rebuild's writer: into the live output folder, once every job has run, only what changed.
pub(crate) struct InPlace {
    out: std::path::PathBuf,
    minify: bool,
    /// What the last build wrote.
    old: std::sync::Arc<FastMap<String, u64>>,
    state: Mutex<InPlaceState>,
}

#[derive(Default)]
struct InPlaceState {
    files: FastMap<String, u64>,
    count: usize,
    pending: Vec<Pending>,
    /// Files written so far (`Writer::pages_done`), and when.
    changed: Vec<String>,
    pages_written: Option<Instant>,
    failure: Option<BuildError>,
}

impl InPlace {
    pub(crate) fn new(
        out: std::path::PathBuf,
        minify: bool,
        old: std::sync::Arc<FastMap<String, u64>>,
    ) -> InPlace {
        let state = InPlaceState {
            files: FastMap::with_capacity_and_hasher(old.len(), Default::default()),
            ..InPlaceState::default()
        };
        InPlace {
            out,
            minify,
            old,
            state: Mutex::new(state),
        }
    }

    fn record(&self, path: &str, fp: u64, pending: impl FnOnce() -> std::io::Result<Pending>) {
        let changed = self.old.get(path) != Some(&fp);
        let pending = changed.then(pending);
        let mut state = locked(&self.state);
        state.count += 1;
        state.files.insert(path.to_string(), fp);
        match pending {
            Some(Ok(p)) => state.pending.push(p),
            Some(Err(err)) => {
                state
                    .failure
                    .get_or_insert_with(|| BuildError::io(format!("cannot copy {path}"), err));
            }
            None => {}
        }
    }
}

impl Writer for InPlace {
    fn put(&self, file: &RenderedFile) {
        let bytes = write::prepare(file, self.minify);
        let fp = fingerprint::of(&*bytes);
        self.record(&file.path, fp, || {
            Ok(Pending::Bytes(file.path.clone(), bytes.into_owned()))
        });
    }

    fn put_as_is(&self, path: &str, bytes: &[u8]) {
        let fp = fingerprint::of(bytes);
        self.record(path, fp, || {
            Ok(Pending::Bytes(path.to_string(), bytes.to_vec()))
        });
    }

    fn copy(&self, rel: &str, file: &Static) {
        self.record(rel, file.fingerprint, || {
            Ok(Pending::Copy(
                rel.to_string(),
                file.source.bytes(rel, self.minify)?,
            ))
        });
    }

    fn keep_all(&self, paths: &mut dyn Iterator<Item = &str>) {
        let mut state = locked(&self.state);
        for path in paths {
            if let Some((path, fp)) = self.old.get_key_value(path) {
                state.files.insert(path.clone(), *fp);
            }
        }
    }

    fn pages_done(&self) -> Result<Vec<String>, BuildError> {
        let mut state = locked(&self.state);
        let pending = std::mem::take(&mut state.pending);
        let written = write_pending(&self.out, pending)?;
        state.changed.extend(written.iter().cloned());
        state.pages_written = Some(Instant::now());
        Ok(written)
    }

    fn fingerprints(&self) -> FastMap<String, u64> {
        locked(&self.state).files.clone()
    }

    fn finish(self: Box<Self>) -> Result<Finished, BuildError> {
        let InPlace {
            out, old, state, ..
        } = *self;
        let state = state.into_inner().expect("no panic while locked");
        if let Some(err) = state.failure {
            return Err(err);
        }
        let mut changed = state.changed;
        changed.extend(write_pending(&out, state.pending)?);
        let pages_written = state.pages_written.unwrap_or_else(Instant::now);
        let mut removed: Vec<String> = old
            .keys()
            .filter(|path| !state.files.contains_key(*path))
            .cloned()
            .collect();
        removed.sort();
        for path in &removed {
            write::remove_in_place(&out, path)
                .map_err(|e| BuildError::io(format!("cannot remove {path}"), e))?;
        }
        changed.sort();
        Ok(Finished {
            files: state.files,
            count: state.count,
            changed,
            removed,
            pages_written: Some(pages_written),
        })
    }
}

/// Writes files a rebuild holds into the live output folder; returns their paths.
fn write_pending(out: &std::path::Path, pending: Vec<Pending>) -> Result<Vec<String>, BuildError> {
    let mut written = Vec::with_capacity(pending.len());
    for pending in pending {
        let (path, bytes, what) = match pending {
            Pending::Bytes(path, bytes) => (path, bytes, "write"),
            Pending::Copy(path, bytes) => (path, bytes, "copy"),
        };
        write::write_in_place(out, &path, &bytes)
            .map_err(|e| BuildError::io(format!("cannot {what} {path}"), e))?;
        written.push(path);
    }
    Ok(written)
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no panic while locked")
}
