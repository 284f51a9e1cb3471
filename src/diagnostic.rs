//! Content problems, collected across the whole site and shown together.
//!
//! Every stage reports what it finds as a [`Diagnostic`] (file, line, column, message, hint) instead
//! of stopping at the first problem; the CLI prints them all with a snippet and a caret.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is: errors stop the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the content, the configuration or the theme.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// An error stops the build; a warning does not.
    pub severity: Severity,
    /// The file as the editor knows it (relative to the site folder where possible).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message with a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Warnings of one kind (records not verified for too long) share a group number: the
    /// terminal counts those of a file on one line ([`render_grouped`]). A number, not the
    /// group's text, so that a `Result<_, Diagnostic>` stays small.
    #[serde(skip)]
    pub group: Option<u16>,
}

impl Diagnostic {
    /// A problem that stops the build, in `file` (its place is set with `at`).
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            group: None,
        }
    }

    /// A problem worth saying that does not stop the build.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a line and column of `text`, keeping that line for the snippet.
    /// A place past the end of `text` (a parser's "end of input") is the end of its last line.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        let lines = text.lines().count();
        let (line, column) = if line > lines && lines > 0 {
            let last = text.lines().last().unwrap_or_default();
            (lines, last.chars().count() + 1)
        } else {
            (line, column)
        };
        self.line = line;
        self.column = column.max(1);
        self.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// Points the diagnostic at a byte offset of `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.at(text, line, column)
    }

    /// The same problem, with what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Puts the diagnostic in a group of alike ones (see [`Diagnostic::group`]).
    pub fn in_group(mut self, group: u16) -> Self {
        self.group = Some(group);
        self
    }

    /// Whether it stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic with its snippet, as the terminal shows it.
    pub fn render(&self, color: bool) -> String {
        let path = self.file.display().to_string();
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut report = Vec::new();
        let title = level.primary_title(&self.message);
        let group = match (&self.source_line, self.line) {
            (Some(source), line) if line > 0 => {
                let start = byte_index_of_column(source, self.column);
                let end = next_char_boundary(source, start);
                title.element(
                    Snippet::source(source.as_str())
                        .line_start(line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            _ => title.element(annotate_snippets::Origin::path(path.as_str())),
        };
        report.push(group);
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report).clone()
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `file:line:column: error: message (hint)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Diagnostics as the terminal shows them, in order: each with its snippet, except that two or
/// more of one file in the same group are one line with their count, unless `verbose`.
/// `groups[n]` says what the members of group `n` have in common: with `records not verified
/// since before 2025-12-01 (stale_after_days: 365)`, the line is `data/facilities/x.yaml: 12
/// records not verified since before 2025-12-01 (stale_after_days: 365); --verbose lists them`.
pub(crate) fn render_grouped(
    list: &[Diagnostic],
    groups: &[String],
    verbose: bool,
    color: bool,
) -> Vec<String> {
    let mut counts: HashMap<(&Path, u16), usize> = HashMap::new();
    for d in list {
        if let Some(group) = d.group {
            *counts.entry((d.file.as_path(), group)).or_default() += 1;
        }
    }
    let mut shown = HashSet::new();
    let mut out = Vec::new();
    for d in list {
        let key = d.group.map(|group| (d.file.as_path(), group));
        let count = key.map_or(0, |key| counts[&key]);
        let summary = d.group.and_then(|group| groups.get(usize::from(group)));
        let (Some(key), Some(summary), false, 2..) = (key, summary, verbose, count) else {
            out.push(d.render(color));
            continue;
        };
        // The count line once, where the group's first member would be; the rest are left out.
        if !shown.insert(key) {
            continue;
        }
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let text = format!(
            "{}: {count} {summary}; --verbose lists them",
            d.file.display()
        );
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let title = Group::with_title(level.primary_title(text.as_str()));
        out.push(renderer.render(&[title]).clone());
    }
    out
}

/// Every diagnostic of one build, in a stable order (by file, then line).
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Sorted and without repeats (a template error met by many pages is one problem).
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// A path shown relative to the site folder when it lies inside it.
pub(crate) fn display_path(site_root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(site_root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn byte_index_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

fn next_char_boundary(line: &str, start: usize) -> usize {
    line[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "title: ក\nbad: x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.find("bad").unwrap()), (2, 1));
        assert_eq!(line_column(text, text.find('x').unwrap()), (2, 6));
        // After the three-byte Khmer letter, column 9 (not 11).
        assert_eq!(line_column(text, "title: ក".len()), (1, 9));
    }

    #[test]
    fn render_shows_path_line_caret_and_hint() {
        let text = "---\ntitel: Hello\n---\n";
        let d = Diagnostic::error("content/a.en.md", "unknown field `titel`")
            .at(text, 2, 1)
            .with_hint("did you mean `title`?");
        let out = d.render(false);
        assert!(out.contains("content/a.en.md:2:1"), "{out}");
        assert!(out.contains("titel: Hello"), "{out}");
        assert!(out.contains("^"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
        assert_eq!(
            d.to_string(),
            "content/a.en.md:2:1: error: unknown field `titel` (did you mean `title`?)"
        );
    }
}
