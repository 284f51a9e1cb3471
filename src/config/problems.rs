//! Step 0 (config): the problems found in `site.yaml`, each a diagnostic at the line and column
//! of the key it is about, collected so that every problem is reported at once.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::yaml::{self, Step};

/// The problems found in `site.yaml`, each located at the key it is about.
pub(super) struct Problems<'a> {
    text: &'a str,
    file: &'a Path,
    pub(super) list: Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    pub(super) fn new(text: &'a str, file: &'a Path) -> Self {
        Problems {
            text,
            file,
            list: Vec::new(),
        }
    }

    /// A problem at the key `path` leads to.
    pub(super) fn add(&mut self, path: &[Step], message: String, hint: String) {
        let (line, column) = yaml::locate(self.text, path);
        self.list.push(
            Diagnostic::error(self.file, message)
                .at(self.text, line, column)
                .with_hint(hint),
        );
    }
}
