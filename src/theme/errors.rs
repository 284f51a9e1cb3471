//! Tera's errors as diagnostics on the template file and line of the fault, with that line shown.
//!
//! Syntax and rendering errors carry the template's name and a span. Reference errors (an
//! unknown filter, test or function, an `include` of a missing template, a block the parent
//! lacks) come only as Tera's printed reports, one per fault, which are read back here. Where
//! Tera stops at the end of a block or of the file because a tag was left open, the diagnostic
//! points at the tag left open.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A template by name: the file to name in diagnostics and its text.
pub(crate) type Lookup<'a> = dyn Fn(&str) -> Option<(PathBuf, &'a str)> + 'a;

/// One problem of one template.
pub(crate) struct TemplateProblem {
    /// The template the fault is in (its name in the theme).
    pub template: String,
    pub diagnostic: Diagnostic,
}

const HINT: &str = "fix the template; the line above shows where";

/// The problems a Tera error reports; `current` names the template being added or rendered,
/// for errors that name none.
pub(crate) fn problems(err: &tera::Error, find: &Lookup, current: &str) -> Vec<TemplateProblem> {
    let at_name = |name: &str| {
        let name = if name.is_empty() { current } else { name };
        let (file, text) = find(name).unwrap_or_else(|| (PathBuf::from(name), ""));
        (name.to_string(), file, text)
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let (template, file, text) = at_name(report.filename());
            let span = report.span();
            let diagnostic = located(
                &file,
                text,
                report.message(),
                span.start_line,
                span.start_col + 1,
            );
            vec![TemplateProblem {
                template,
                diagnostic,
            }]
        }
        tera::ErrorKind::Msg(message) => {
            let mut found: Vec<TemplateProblem> = printed_reports(message)
                .into_iter()
                .map(|(name, line, column, message)| {
                    let (template, file, text) = at_name(&name);
                    TemplateProblem {
                        template,
                        diagnostic: located(&file, text, &message, line, column),
                    }
                })
                .collect();
            if found.is_empty() {
                let (template, file, _) = at_name(current);
                found.push(TemplateProblem {
                    template,
                    diagnostic: Diagnostic::error(
                        file,
                        format!("template error: {}", first_line(message)),
                    ),
                });
            }
            found
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let (template, file, text) = at_name(current);
            vec![TemplateProblem {
                template,
                diagnostic: at_tag(
                    &file,
                    text,
                    "extends",
                    format!(
                        "template error: `{current}` extends `{parent}`, which is not in the theme"
                    ),
                )
                .with_hint(format!(
                        "name a template of the theme, or add templates/{parent} to the site's theme folder"
                    )),
            }]
        }
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => {
            let (template, file, text) = at_name(tpl);
            let tag = if matches!(err.kind(), tera::ErrorKind::CircularExtend { .. }) {
                "extends"
            } else {
                "include"
            };
            vec![TemplateProblem {
                template,
                diagnostic: at_tag(
                    &file,
                    text,
                    tag,
                    format!("template error: {}", first_line(&err.to_string())),
                )
                .with_hint("a template cannot use itself, even through other templates"),
            }]
        }
        _ => {
            let (template, file, _) = at_name(current);
            vec![TemplateProblem {
                template,
                diagnostic: Diagnostic::error(
                    file,
                    format!("template error: {}", first_line(&err.to_string())),
                )
                .with_hint("check the template names used in `extends` and `include`"),
            }]
        }
    }
}

/// A diagnostic at `line`:`column` of a template. When Tera stopped at the end of a block or of
/// the file, the tag left open is the fault: the diagnostic points there instead.
fn located(file: &Path, text: &str, message: &str, line: usize, column: usize) -> Diagnostic {
    let stopped = line_offset(text, line).map_or(text.len(), |start| {
        start
            + text[start..]
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(text.len() - start, |(i, _)| i)
    });
    let stopped = if line == 0 { text.len() } else { stopped };
    let premature_end = message == "Unknown tag" || message.starts_with("Unexpected end of input");
    if premature_end && let Some((offset, tag)) = open_tag_before(text, stopped) {
        let (stop_line, _) = crate::diagnostic::line_column(text, stopped);
        return Diagnostic::error(
            file,
            format!("template error: `{{% {tag} %}}` is not closed"),
        )
        .at_offset(text, offset)
        .with_hint(format!(
            "add `{{% end{tag} %}}` where its part ends (Tera reached line {stop_line} with it still open)"
        ));
    }
    if line == 0 {
        // No position (the end of the file): the last delimiter left unclosed, or the last line.
        let offset = unclosed_delimiter(text)
            .unwrap_or_else(|| text.trim_end().rfind('\n').map_or(0, |i| i + 1));
        return Diagnostic::error(file, format!("template error: {message}"))
            .at_offset(text, offset)
            .with_hint(format!("{HINT} the template is left unfinished"));
    }
    // A span starting on white space (the line break before stray text) points at what follows.
    let skipped = text[stopped..]
        .find(|c: char| !c.is_whitespace())
        .map_or(stopped, |i| stopped + i);
    Diagnostic::error(file, format!("template error: {message}"))
        .at_offset(text, skipped)
        .with_hint(format!("{HINT} Tera stopped"))
}

/// A diagnostic at the first `{% tag ... %}` of a template (its first line when there is none).
fn at_tag(file: &Path, text: &str, tag: &str, message: String) -> Diagnostic {
    let offset = tags(text).find(|t| t.word == tag).map_or(0, |t| t.start);
    Diagnostic::error(file, message).at_offset(text, offset)
}

/// Reads back Tera's printed reports (`error: Unknown filter `x``, then ` --> page.html:3:17`):
/// (template, line, column, message) for each.
fn printed_reports(text: &str) -> Vec<(String, usize, usize, String)> {
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(place)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line = parts.next().and_then(|l| l.parse().ok());
            if let (Some(column), Some(line), Some(name)) = (column, line, parts.next()) {
                found.push((name.to_string(), line, column, m.to_string()));
            }
            message = None;
        }
    }
    found
}

/// A `{% ... %}` tag: where it starts and ends, and its first word (`if`, `endfor`).
struct Tag<'a> {
    start: usize,
    end: usize,
    word: &'a str,
    /// The text inside the delimiters, trimmed.
    inner: &'a str,
}

/// The tags of a template in order, outside comments and `{% raw %}` blocks.
fn tags(text: &str) -> impl Iterator<Item = Tag<'_>> {
    let mut from = 0;
    let mut in_raw = false;
    std::iter::from_fn(move || {
        loop {
            let rest = &text[from..];
            let open = rest.find(['{'])?;
            let start = from + open;
            let after = &text[start..];
            if after.starts_with("{#") {
                from = after.find("#}").map_or(text.len(), |i| start + i + 2);
                continue;
            }
            if !after.starts_with("{%") {
                from = start + 1;
                continue;
            }
            let end = after.find("%}").map_or(text.len(), |i| start + i + 2);
            let inner = text[start + 2..end.saturating_sub(2).max(start + 2)]
                .trim_matches(|c: char| c == '-' || c.is_whitespace());
            let word = inner.split_whitespace().next().unwrap_or("");
            from = end;
            if in_raw && word != "endraw" {
                continue;
            }
            in_raw = word == "raw";
            return Some(Tag {
                start,
                end,
                word,
                inner,
            });
        }
    })
}

/// The innermost block tag still open at byte `at`: its offset and name (`if`, `for`,
/// `block`, `filter`, `component`, `raw`, or `set` with a body).
fn open_tag_before(text: &str, at: usize) -> Option<(usize, &'static str)> {
    const OPENERS: [&str; 7] = ["if", "for", "block", "filter", "component", "raw", "set"];
    let mut open: Vec<(usize, &'static str)> = Vec::new();
    for tag in tags(text).take_while(|t| t.end <= at) {
        let word = if tag.word == "set_global" {
            "set"
        } else {
            tag.word
        };
        if let Some(name) = OPENERS.iter().find(|o| **o == word) {
            // `{% set x = 1 %}` is whole; `{% set x %}…{% endset %}` has a body.
            if *name != "set" || !tag.inner.contains('=') {
                open.push((tag.start, name));
            }
        } else if let Some(name) = word.strip_prefix("end")
            && open.last().is_some_and(|(_, o)| *o == name)
        {
            open.pop();
        }
    }
    open.pop()
}

/// The last `{{`, `{%` or `{#` with no closing delimiter after it.
fn unclosed_delimiter(text: &str) -> Option<usize> {
    [("{{", "}}"), ("{%", "%}"), ("{#", "#}")]
        .iter()
        .filter_map(|(open, close)| {
            let at = text.rfind(open)?;
            (!text[at..].contains(close)).then_some(at)
        })
        .max()
}

/// Byte offset where 1-based `line` starts.
fn line_offset(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(templates: &[(&str, &str)]) -> Vec<(String, String, usize)> {
        let mut tera = tera::Tera::new();
        let err = tera
            .add_raw_templates(templates.iter().copied())
            .unwrap_err();
        let find = |name: &str| {
            templates
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, t)| (PathBuf::from(format!("templates/{n}")), *t))
        };
        problems(&err, &find, templates[0].0)
            .into_iter()
            .map(|p| (p.template, p.diagnostic.message, p.diagnostic.line))
            .collect()
    }

    const BASE: (&str, &str) = (
        "base.html",
        "<body>\n{% block content %}{% endblock content %}\n</body>\n",
    );

    #[test]
    fn text_after_the_last_block_of_a_child_is_found_in_the_child() {
        let found = problems_of(&[
            ("404.html", "<p>missing</p>\n"),
            BASE,
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<p>x</p>\n{% endblock content %}\nstray text\n",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "page.html");
        assert_eq!(found[0].2, 5, "{found:?}");
    }

    #[test]
    fn every_unknown_filter_is_reported_at_its_line() {
        let found = problems_of(&[
            BASE,
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title | shout }}</h1>\n<p>{{ x | whisper }}</p>\n{% endblock content %}\n",
            ),
        ]);
        let lines: Vec<(&str, usize)> = found.iter().map(|(t, _, l)| (t.as_str(), *l)).collect();
        assert_eq!(lines, [("page.html", 3), ("page.html", 4)], "{found:?}");
        assert!(found[0].1.contains("Unknown filter `shout`"), "{found:?}");
    }

    #[test]
    fn a_tag_left_open_is_pointed_at() {
        let found = problems_of(&[
            BASE,
            (
                "page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{% for p in pages %}\n<p>{{ p }}</p>\n{% endblock content %}\n",
            ),
        ]);
        assert_eq!(found[0].2, 3, "{found:?}");
        assert!(
            found[0].1.contains("`{% for %}` is not closed"),
            "{found:?}"
        );
        let found = problems_of(&[("page.html", "<p>\n{% if a %}\nyes\n")]);
        assert_eq!(found[0].2, 2, "{found:?}");
        assert!(found[0].1.contains("`{% if %}` is not closed"), "{found:?}");
    }

    #[test]
    fn open_tags_follow_nesting_and_skip_comments_and_raw() {
        let text = "{% if a %}{% for x in y %}{% endfor %}{# {% if b %} #}{% raw %}{% if c %}{% endraw %}{% set v = 1 %}";
        assert_eq!(open_tag_before(text, text.len()), Some((0, "if")));
        let text = "{% set v %}body";
        assert_eq!(open_tag_before(text, text.len()), Some((0, "set")));
        assert_eq!(unclosed_delimiter("<p>{{ a }}</p>\n<p>{{ b"), Some(18));
    }
}
