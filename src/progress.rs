//! Progress of long work (a build's pages, a bundle's files) for whoever shows it. The library
//! only counts, stage by stage; the command line draws a bar on a terminal (`cli/bar.rs`, with
//! indicatif), and tests and other callers see nothing.

use std::fmt;
use std::sync::Arc;

/// Whoever shows progress: told when a stage starts (with how many steps it has) and as steps
/// are done, from any thread.
pub trait Observer: Send + Sync {
    fn stage(&self, name: &str, total: u64);
    fn advance(&self, steps: u64);
    fn finish(&self);
}

/// A handle to an observer, or to nobody (the default): cheap to clone and to call.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Observer>>);

impl Progress {
    pub fn new(observer: Arc<dyn Observer>) -> Progress {
        Progress(Some(observer))
    }

    pub fn stage(&self, name: &str, total: usize) {
        if let Some(o) = &self.0 {
            o.stage(name, total as u64);
        }
    }

    pub fn advance(&self) {
        if let Some(o) = &self.0 {
            o.advance(1);
        }
    }

    pub fn finish(&self) {
        if let Some(o) = &self.0 {
            o.finish();
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(shown)"
        } else {
            "Progress(none)"
        })
    }
}
