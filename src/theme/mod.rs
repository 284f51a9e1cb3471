//! The theme: Tera templates, UI strings per language and static files (CSS, fonts, scripts).
//!
//! The default theme is built into spean (see `build.rs`); a site's `themes/<name>/` folder
//! overrides it file by file (and UI strings key by key), so a site can change one template
//! without copying the rest. Template errors become diagnostics naming the template file, line
//! and column of the fault (`errors`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::i18n::{self, UiStrings};

mod errors;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

/// A static file of the theme, copied to the output root under the same path.
#[derive(Debug, Clone)]
pub(crate) enum StaticFile {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}

pub(crate) struct Theme {
    pub tera: tera::Tera,
    pub strings: UiStrings,
    /// Each language's strings as one template value, made once: every page of the language
    /// receives the same `t`, and a page's context shares it instead of copying 175 strings.
    string_values: BTreeMap<String, tera::Value>,
    /// Path under the output folder (`css/style.css`) → where the bytes come from.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template name → the file to name in diagnostics, and its text for the snippet.
    template_files: BTreeMap<String, (PathBuf, String)>,
    /// Template name → fingerprint of its text and of every template it uses (a rendering's
    /// `Read::Template`, see `render::reads`).
    template_fingerprints: BTreeMap<String, u64>,
}

impl Theme {
    /// The file a template came from, as an editor would find it.
    pub(crate) fn template_file(&self, name: &str) -> PathBuf {
        self.template_files
            .get(name)
            .map(|(file, _)| file.clone())
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    /// A language's strings as a template value (cloning it shares them).
    pub(crate) fn strings_value(&self, lang: &str) -> tera::Value {
        self.string_values
            .get(lang)
            .cloned()
            .unwrap_or_else(tera::Value::undefined)
    }

    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.template_files.contains_key(name)
    }

    /// A Tera error met while rendering `name`, as a diagnostic on the template file and line
    /// of the fault (which may be a template `name` extends or includes).
    pub(crate) fn render_error(&self, err: &tera::Error, name: &str) -> Diagnostic {
        let find = |name: &str| {
            self.template_files
                .get(name)
                .map(|(file, text)| (file.clone(), text.as_str()))
        };
        errors::problems(err, &find, name)
            .into_iter()
            .next()
            .map_or_else(
                || Diagnostic::error(self.template_file(name), "template error"),
                |p| p.diagnostic,
            )
    }

    /// Changes when the template or any template it extends, includes or imports changes.
    pub(crate) fn template_fingerprint(&self, name: &str) -> u64 {
        self.template_fingerprints
            .get(name)
            .copied()
            .unwrap_or_else(|| crate::fingerprint::of(("missing template", name)))
    }

    /// Changes when any UI string of the language changes.
    pub(crate) fn strings_fingerprint(&self, lang: &str) -> u64 {
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
pub(crate) fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
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

    let template_files: BTreeMap<String, (PathBuf, String)> = templates
        .iter()
        .map(|(name, (text, file))| (name.clone(), (file.clone(), text.clone())))
        .collect();
    let tera = match templates_together(&template_files) {
        Ok(tera) => tera,
        Err(more) => {
            problems.extend(more);
            tera::Tera::new()
        }
    };

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
    let string_values = strings
        .iter()
        .map(|(lang, t)| (lang.clone(), tera::Value::from_serializable(t)))
        .collect();
    Ok(Theme {
        tera,
        strings,
        string_values,
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
        crate::text::decode(&raw, &shown)
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

/// Adds every template to one Tera (inheritance and references are checked across them). Tera
/// stops at the first fault of a batch: the template at fault is set aside and the others are
/// added again, until they add cleanly, so every broken template is reported. A child of a
/// template set aside is set aside silently (its parent's problem is the one to fix).
fn templates_together(
    templates: &BTreeMap<String, (PathBuf, String)>,
) -> Result<tera::Tera, Vec<Diagnostic>> {
    let find = |name: &str| {
        templates
            .get(name)
            .map(|(file, text)| (file.clone(), text.as_str()))
    };
    let mut aside: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    loop {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let batch = templates
            .iter()
            .filter(|(name, _)| !aside.contains(*name))
            .map(|(name, (_, text))| (name, text));
        let Err(err) = tera.add_raw_templates(batch) else {
            return if problems.is_empty() {
                Ok(tera)
            } else {
                Err(problems)
            };
        };
        let before = aside.len();
        if let tera::ErrorKind::MissingParent { current, parent } = err.kind()
            && aside.contains(parent)
        {
            aside.insert(current.clone());
            continue;
        }
        let first = templates.keys().find(|n| !aside.contains(*n));
        for problem in errors::problems(&err, &find, first.map_or("", String::as_str)) {
            aside.insert(problem.template);
            problems.push(problem.diagnostic);
        }
        if aside.len() == before {
            // The error names no template of the batch: nothing more can be learnt.
            return Err(problems);
        }
    }
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
