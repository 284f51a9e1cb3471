//! The progress bar of long commands (build, package, import): drawn on standard error only
//! when it is a terminal and not in CI, and only once the work has run for about a second, so
//! quick builds, pipes and logs get nothing extra.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::{Observer, Progress};

/// A progress handle for this terminal, or one that shows nothing.
pub(super) fn terminal() -> Progress {
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
