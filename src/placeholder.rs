//! Placeholders: the `TODO(spean): …` texts `spean new` writes for editors to replace.
//!
//! The marker is the same everywhere (a page's front matter and body, a data record's texts
//! and comments), and found by its text alone, so every stage recognises it the same way: a
//! page or record that is not a draft must hold none (the build, `package`, `serve` and `check`
//! report each one with its line); a draft may (it is not published), and the translation status
//! calls a file that still holds one "not started".

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// What every placeholder starts with.
pub(crate) const MARKER: &str = "TODO(spean)";

/// A placeholder asking for `what`: `TODO(spean): title (en)`.
pub(crate) fn text(what: &str) -> String {
    format!("{MARKER}: {what}")
}

/// Where the placeholders of `text` start (byte offsets).
pub(crate) fn offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices(MARKER).map(|(at, _)| at)
}

/// How many placeholders `text` holds.
pub(crate) fn count(text: &str) -> usize {
    offsets(text).count()
}

/// The error for the placeholder at `offset` of a file that is published.
pub(crate) fn diagnostic(file: &Path, text: &str, offset: usize, hint: &str) -> Diagnostic {
    let rest = &text[offset..];
    let end = rest.find(['"', '\n', '}', ']']).unwrap_or(rest.len());
    let shown: String = rest[..end].trim_end().chars().take(80).collect();
    Diagnostic::error(
        file,
        format!("placeholder not replaced: `{shown}` would be published"),
    )
    .at_offset(text, offset)
    .with_hint(hint)
}

/// The errors for every placeholder of a page that is not a draft.
pub(crate) fn in_page(file: &Path, text: &str) -> Vec<Diagnostic> {
    offsets(text)
        .map(|at| {
            diagnostic(
                file,
                text,
                at,
                "write the real text in its place; until the page is ready, keep `draft: true` in its front matter (drafts are not published)",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_is_found_with_its_line_and_text() {
        let text = format!(
            "---\ntitle: \"{}\"\n---\nIntro.\n\n{} (en).\n",
            super::text("title (en)"),
            super::text("write the page")
        );
        let found = in_page(Path::new("content/a.en.md"), &text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].column), (2, 9));
        assert!(
            found[0]
                .message
                .contains("`TODO(spean): title (en)` would be published"),
            "{}",
            found[0].message
        );
        assert_eq!(found[1].line, 6);
        assert_eq!(count("TODO: not ours; todo(spean) neither"), 0);
    }
}
