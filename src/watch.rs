//! `spean watch`: rebuild the output whenever a source changes (and the loop `spean serve`
//! runs beside its server).
//!
//! Watched: the site folder itself, not recursively (for `site.yaml`, `signing-key.pub` and
//! folders that appear), and `content/`, `data/`, `themes/` and `static/` recursively. Events
//! come through notify-debouncer-full, which merges an editor's save (write to a temporary
//! file, rename over the page, delete the backup) into one batch; batches that keep coming
//! (a burst of saves) are gathered until the folder is quiet for a moment, then the engine
//! rebuilds once. Editor leftovers (`.swp`, `~`, `4913`, ...) never reach the model
//! (`load::is_ignored`), and the output folder is never watched. A page caught in the middle
//! of a save (emptied and not yet written, deleted and not yet recreated) is given a moment to
//! be whole again before the rebuild reads it, so a save never flashes a false error.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::build::{Engine, RebuildReport};
use crate::config::CONFIG_FILE;
use crate::error::Error;

/// How long a path must be quiet before the debouncer hands its events over.
/// (An editor's save, all its renames included, takes well under a millisecond.)
const DEBOUNCE: Duration = Duration::from_millis(6);
/// How often the debouncer looks.
const TICK: Duration = Duration::from_millis(2);
/// After a batch, how long to wait for more before rebuilding (a burst of saves is one
/// rebuild).
const SETTLE: Duration = Duration::from_millis(10);
/// How long a page caught in the middle of a save (empty, without its front matter, gone) may
/// take to be whole again before the rebuild reads it as it is (and reports what is wrong).
const HALF_SAVED: Duration = Duration::from_millis(200);
/// How often such a page is read again meanwhile (events about it end the wait sooner).
const HALF_SAVED_POLL: Duration = Duration::from_millis(10);

/// Folders of a site that hold sources, watched recursively.
const SOURCE_FOLDERS: [&str; 4] = ["content", "data", "themes", "static"];

/// Files a rebuild needs to know about, as notify reports them.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    site_dir: PathBuf,
    output_dir: PathBuf,
    watched: Vec<PathBuf>,
}

/// What one round of the loop saw and did.
pub(crate) struct Round {
    pub changed: Vec<PathBuf>,
    pub result: Result<RebuildReport, Error>,
}

impl Watcher {
    /// Starts watching a site (`site_dir` absolute) whose output goes to `output_dir`.
    pub(crate) fn start(
        site_dir: &Path,
        output_dir: &Path,
    ) -> notify_debouncer_full::notify::Result<Watcher> {
        let (sender, events) = mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), sender)?;
        let mut watcher = Watcher {
            debouncer,
            events,
            site_dir: site_dir.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(site_dir, RecursiveMode::NonRecursive)?;
        watcher.watch_source_folders();
        Ok(watcher)
    }

    /// Watches the source folders that exist and are not watched yet (one may appear later).
    fn watch_source_folders(&mut self) {
        for name in SOURCE_FOLDERS {
            let folder = self.site_dir.join(name);
            if folder.is_dir()
                && !self.watched.contains(&folder)
                && self
                    .debouncer
                    .watch(&folder, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.push(folder);
            }
        }
        self.watched.retain(|f| f.is_dir());
    }

    /// Waits for the next change that matters, gathers the burst it belongs to, and returns the
    /// changed paths. `None` when the watcher stopped.
    pub(crate) fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let first = self.events.recv().ok()?;
            let mut changed = Vec::new();
            let mut rescan = self.take(first, &mut changed);
            loop {
                match self.events.recv_timeout(SETTLE) {
                    Ok(more) => rescan |= self.take(more, &mut changed),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            // An editor that empties a page and then writes it, or deletes it and then writes
            // it again, can be caught in between; an unfinished page would show as an error.
            let deadline = Instant::now() + HALF_SAVED;
            let mut unfinished: Vec<PathBuf> = changed.clone();
            loop {
                unfinished.retain(|p| self.is_half_saved(p));
                let left = deadline.checked_duration_since(Instant::now());
                let Some(left) = left.filter(|_| !unfinished.is_empty()) else {
                    break;
                };
                let seen = changed.len();
                match self.events.recv_timeout(left.min(HALF_SAVED_POLL)) {
                    Ok(more) => rescan |= self.take(more, &mut changed),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                unfinished.extend_from_slice(&changed[seen..]);
            }
            if rescan {
                // notify lost events (its queue overflowed): read every source again.
                changed.extend(SOURCE_FOLDERS.iter().map(|f| self.site_dir.join(f)));
            }
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            // A source folder created (or replaced) while we run gets watched too.
            if changed
                .iter()
                .any(|p| p.parent() == Some(self.site_dir.as_path()))
            {
                self.watch_source_folders();
            }
            return Some(changed);
        }
    }

    /// Keeps the paths of a batch that are sources; true when notify asks for a rescan.
    fn take(&self, batch: DebounceEventResult, changed: &mut Vec<PathBuf>) -> bool {
        let Ok(events) = batch else {
            return false;
        };
        let mut rescan = false;
        for event in events {
            rescan |= event.need_rescan();
            // Reading a file is not changing it (the rebuild reads every file it needs); closing
            // a file written to is (it says the writing is over).
            let finished_writing = matches!(
                event.kind,
                EventKind::Access(AccessKind::Close(AccessMode::Write))
            );
            if !finished_writing
                && matches!(
                    event.kind,
                    EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
                )
            {
                continue;
            }
            for path in &event.paths {
                if self.is_source(path) {
                    changed.push(path.clone());
                }
            }
        }
        rescan
    }

    /// A page of `content/` that is gone, empty, or has no (closed) front matter, or a
    /// `site.yaml` gone or empty: what a save looks like halfway, and never a site that builds.
    fn is_half_saved(&self, path: &Path) -> bool {
        if path == self.site_dir.join(CONFIG_FILE) {
            return std::fs::read(path).map_or(true, |b| b.trim_ascii().is_empty());
        }
        if !path.starts_with(self.site_dir.join("content"))
            || path.extension().is_none_or(|e| e != "md")
        {
            return false;
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                crate::load::frontmatter::split(&text).front.is_none()
            }
            Err(err) => err.kind() == std::io::ErrorKind::NotFound,
        }
    }

    fn is_source(&self, path: &Path) -> bool {
        if path.starts_with(&self.output_dir) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.site_dir) else {
            return false;
        };
        if rel
            .components()
            .any(|c| crate::load::is_ignored(&c.as_os_str().to_string_lossy()))
        {
            return false;
        }
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let Some(top) = parts.next() else {
            return false;
        };
        match parts.next() {
            // Directly in the site folder: only the files spean reads, and source folders.
            None => {
                top == CONFIG_FILE
                    || top == crate::package::keys::SITE_PUBLIC_KEY
                    || SOURCE_FOLDERS.contains(&top.as_ref())
            }
            Some(_) => SOURCE_FOLDERS.contains(&top.as_ref()),
        }
    }
}

/// Rebuilds after every change until the watcher stops; `report` hears of each round.
pub(crate) fn run(
    engine: &mut Engine,
    watcher: &mut Watcher,
    mut report: impl FnMut(&Engine, Round),
) {
    while let Some(changed) = watcher.next_change() {
        let result = engine.rebuild(&changed);
        report(engine, Round { changed, result });
    }
}
