//! The theme: Tera templates, UI strings per language and static files (CSS, fonts, scripts).
//!
//! The default theme is built into spean (see `build.rs`); a site's `themes/<name>/` folder
//! overrides it file by file (and UI strings key by key), so a site can change one template
//! without copying the rest. Template syntax errors become diagnostics naming the template file,
//! line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::i18n::{self, UiStrings};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

/// A static file of the theme, copied to the output root under the same path.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}

pub struct Theme {
    pub tera: tera::Tera,
    pub strings: UiStrings,
    /// Path under the output folder (`css/style.css`) → where the bytes come from.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template name → the file to name in diagnostics, and its text for the snippet.
    template_files: BTreeMap<String, (PathBuf, String)>,
    /// Template name → fingerprint of its text and of every template it uses (see
    /// `model::deps`).
    template_fingerprints: BTreeMap<String, u64>,
}

impl Theme {
    /// The file a template came from, as an editor would find it.
    pub fn template_file(&self, name: &str) -> PathBuf {
        self.template_files
            .get(name)
            .map(|(file, _)| file.clone())
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    /// The text of a template, to show the line an error is on.
    pub fn template_text(&self, name: &str) -> &str {
        self.template_files
            .get(name)
            .map_or("", |(_, text)| text.as_str())
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.template_files.contains_key(name)
    }

    /// Changes when the template or any template it extends, includes or imports changes.
    pub fn template_fingerprint(&self, name: &str) -> u64 {
        self.template_fingerprints
            .get(name)
            .copied()
            .unwrap_or_else(|| crate::fingerprint::of(("missing template", name)))
    }

    /// Changes when any UI string of the language changes.
    pub fn strings_fingerprint(&self, lang: &str) -> u64 {
        crate::fingerprint::of(self.strings.get(lang))
    }
}

/// Template name → fingerprint of the texts of the template and of all the templates it
/// reaches through `extends`, `include` and `import`.
fn template_fingerprints(templates: &BTreeMap<String, (String, PathBuf)>) -> BTreeMap<String, u64> {
    let references: BTreeMap<&str, Vec<String>> = templates
        .iter()
        .map(|(name, (text, _))| (name.as_str(), referenced_templates(text)))
        .collect();
    templates
        .keys()
        .map(|name| {
            let mut reached = std::collections::BTreeSet::new();
            let mut stack = vec![name.clone()];
            while let Some(next) = stack.pop() {
                if reached.insert(next.clone())
                    && let Some(refs) = references.get(next.as_str())
                {
                    stack.extend(refs.iter().cloned());
                }
            }
            let texts: Vec<(&String, Option<&String>)> = reached
                .iter()
                .map(|n| (n, templates.get(n).map(|(text, _)| text)))
                .collect();
            (name.clone(), crate::fingerprint::of(texts))
        })
        .collect()
}

/// The template names in a template's `extends`, `include` and `import` tags.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let Some(end) = rest[start..].find("%}").map(|i| i + start) else {
            break;
        };
        let tag = rest[start + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if ["extends", "include", "import"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            // Every quoted string of the tag: `include ["a.html", "b.html"] ignore missing`.
            let mut parts = tag.split(['"', '\'']);
            parts.next();
            names.extend(parts.step_by(2).map(str::to_string));
        }
        rest = &rest[end + 2..];
    }
    names
}

/// Loads the built-in theme, overlays the site's theme folder, and checks templates and strings.
pub fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    let mut string_files: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    let mut problems = Vec::new();

    for (rel, bytes) in builtin::FILES {
        let shown = PathBuf::from(format!("(built-in theme)/{rel}"));
        add_file(
            rel,
            shown,
            FileBytes::Builtin(bytes),
            &mut templates,
            &mut string_files,
            &mut static_files,
            &mut problems,
        );
    }
    if let Some(dir) = &config.theme_dir {
        for entry in crate::load::source_files(dir) {
            let rel = crate::load::rel_path(dir, entry.path());
            let shown = display_path(&config.site_dir, entry.path());
            add_file(
                &rel,
                shown,
                FileBytes::Disk(entry.path()),
                &mut templates,
                &mut string_files,
                &mut static_files,
                &mut problems,
            );
        }
    }

    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut template_files = BTreeMap::new();
    // Add one by one first, to point syntax errors at the right file; then all together so
    // inheritance (`extends`) is checked.
    for (name, (text, file)) in &templates {
        // Each template is checked on its own first, with `extends`/`include` blanked out, so that
        // every broken template is reported (Tera stops at the first error of a batch).
        let mut probe = tera::Tera::new();
        if let Err(err) = probe.add_raw_template(name, &without_references(text)) {
            problems.push(template_diagnostic(&err, file, text));
        }
        template_files.insert(name.clone(), (file.clone(), text.clone()));
    }
    if problems.is_empty()
        && let Err(err) = tera.add_raw_templates(templates.iter().map(|(n, (t, _))| (n, t)))
    {
        let file = templates
            .values()
            .next()
            .map(|(_, f)| f.clone())
            .unwrap_or_default();
        problems.push(template_diagnostic(&err, &file, ""));
    }

    let strings = match i18n::load_strings(config, &string_files) {
        Ok(strings) => strings,
        Err(more) => {
            problems.extend(more);
            UiStrings::default()
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Theme {
        tera,
        strings,
        static_files,
        template_fingerprints: template_fingerprints(&templates),
        template_files,
    })
}

enum FileBytes<'a> {
    Builtin(&'static [u8]),
    Disk(&'a Path),
}

fn add_file(
    rel: &str,
    shown: PathBuf,
    bytes: FileBytes,
    templates: &mut BTreeMap<String, (String, PathBuf)>,
    string_files: &mut BTreeMap<String, Vec<(String, PathBuf)>>,
    static_files: &mut BTreeMap<String, StaticFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let read_text = |problems: &mut Vec<Diagnostic>| -> Option<String> {
        let raw = match &bytes {
            FileBytes::Builtin(b) => b.to_vec(),
            FileBytes::Disk(p) => match std::fs::read(p) {
                Ok(b) => b,
                Err(err) => {
                    problems.push(Diagnostic::error(&shown, format!("cannot read: {err}")));
                    return None;
                }
            },
        };
        crate::load::source::decode(&raw, &shown)
            .map_err(|d| problems.push(d))
            .ok()
    };
    if let Some(name) = rel.strip_prefix("templates/") {
        if let Some(text) = read_text(problems) {
            templates.insert(name.to_string(), (text, shown));
        }
    } else if let Some(file) = rel.strip_prefix("i18n/") {
        if let Some(lang) = file.strip_suffix(".yaml")
            && let Some(text) = read_text(problems)
        {
            string_files
                .entry(lang.to_string())
                .or_default()
                .push((text, shown));
        }
    } else if let Some(path) = rel.strip_prefix("static/") {
        let file = match bytes {
            FileBytes::Builtin(b) => StaticFile::Builtin(b),
            FileBytes::Disk(p) => StaticFile::Disk(p.to_path_buf()),
        };
        static_files.insert(path.to_string(), file);
    }
}

/// The template with its `extends`, `include` and `import` tags replaced by spaces (lines and
/// columns kept), to check its own syntax without the templates it names.
fn without_references(text: &str) -> String {
    let mut out = text.to_string();
    let mut from = 0;
    while let Some(start) = out[from..].find("{%").map(|i| i + from) {
        let Some(end) = out[start..].find("%}").map(|i| i + start + 2) else {
            break;
        };
        let tag = out[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if ["extends", "include", "import"]
            .iter()
            .any(|t| tag.starts_with(t))
        {
            let blank: String = out[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            out.replace_range(start..end, &blank);
        }
        from = end.min(out.len());
    }
    out
}

/// A Tera error as a diagnostic on the template's file and line.
pub fn template_diagnostic(err: &tera::Error, file: &Path, text: &str) -> Diagnostic {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::error(file, format!("template error: {}", report.message()))
                .at(text, span.start_line, span.start_col + 1)
                .with_hint("fix the template; the line above shows where Tera stopped")
        }
        _ => Diagnostic::error(
            file,
            format!("template error: {}", first_line(&err.to_string())),
        )
        .with_hint("check the template names used in `extends` and `include`"),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_fingerprint_follows_what_it_uses() {
        assert_eq!(
            referenced_templates(
                "{% extends \"base.html\" %}{%- include [\"a.html\", 'b.html'] ignore missing -%}{% import \"m.html\" as m %}{% block x %}{% endblock %}"
            ),
            ["base.html", "a.html", "b.html", "m.html"]
        );
        let mut templates: BTreeMap<String, (String, PathBuf)> = [
            ("base.html", "{% block body %}{% endblock %}"),
            ("page.html", "{% extends \"base.html\" %}"),
            ("other.html", "plain"),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), (t.to_string(), PathBuf::new())))
        .collect();
        let before = template_fingerprints(&templates);
        templates
            .get_mut("base.html")
            .unwrap()
            .0
            .push_str("<footer>");
        let after = template_fingerprints(&templates);
        assert_ne!(before["page.html"], after["page.html"]);
        assert_eq!(before["other.html"], after["other.html"]);
    }
}
