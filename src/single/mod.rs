//! The one-file edition of each language (beside step 4, write): `<name>-km.html`, every page of
//! the language in one HTML file that works alone, opened from a messaging app or a phone's file
//! manager, where relative links and stylesheets fail.
//!
//! 1. While the build renders, [`Collected::keep`] keeps the `<main>` of each page (and of a
//!    journey's checklist, of a question tree's answer pages) as rendered: the pages the build writes, never files read back.
//! 2. [`editions`] puts them in site order (home, then each section followed by its pages and its
//!    subsections, as the menus list them), each in a `<section>` whose id is the page's path
//!    without its language (`voluntary/join`, the home `home`); `rewrite` prefixes the ids inside
//!    and turns links into in-file anchors.
//! 3. The document gets a table of contents, the stylesheet and fonts inlined (`inline`), each
//!    font cut to the characters the file draws (`font`), and its own Content-Security-Policy;
//!    it is minified like any page.

pub(crate) mod font;
pub(crate) mod inline;
pub(crate) mod rewrite;
mod tags;
pub(crate) mod woff;

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::model::{Site, url};
use crate::render::RenderedFile;
use crate::theme::Theme;

/// The id of the table of contents (page ids never start with `:`).
pub(crate) const CONTENTS_ID: &str = ":contents";

/// The `<main>` of every page rendered, by output index: the page's own and its sub-pages'.
#[derive(Default)]
pub(crate) struct Collected(Mutex<HashMap<usize, Vec<Part>>>);

/// One page of the file as rendered: its output path and the inside of its `<main>`.
struct Part {
    path: String,
    main: String,
    /// What kind of sub-page it is (`None` for the output's own page).
    sub: Option<crate::model::SubPageKind>,
}

impl Collected {
    /// Keeps what the one-file edition needs of the files rendered for output `index`.
    pub(crate) fn keep(&self, site: &Site, index: usize, files: &[RenderedFile]) {
        let output = &site.outputs[index];
        let mut parts = Vec::new();
        let own = std::iter::once((output.path.clone(), None));
        let subs = site
            .sub_pages(output)
            .into_iter()
            .map(|p| (p.path, Some(p.kind)));
        for (path, sub) in own.chain(subs) {
            let file = url::file_of(&path);
            if let Some(main) = files
                .iter()
                .find(|f| f.path == file)
                .and_then(|f| main_of(&f.bytes))
            {
                parts.push(Part { path, main, sub });
            }
        }
        self.0
            .lock()
            .expect("no panic while locked")
            .insert(index, parts);
    }
}

/// The inside of a page's `<main …>`.
fn main_of(html: &[u8]) -> Option<String> {
    let html = std::str::from_utf8(html).ok()?;
    let start = html.find("<main")?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = html.rfind("</main>")?;
    (end >= open_end).then(|| html[open_end..end].to_string())
}

/// One page in the file.
struct Placed<'a> {
    part: &'a Part,
    index: usize,
    id: String,
    depth: usize,
}

/// A file of the output by its path, if not larger than the given number of bytes.
pub(crate) type ReadFile<'a> = dyn Fn(&str, u64) -> Option<Vec<u8>> + Sync + 'a;

/// The one-file edition of every language, from the pages collected while rendering.
pub(crate) fn editions(
    site: &Site,
    theme: &Theme,
    collected: Collected,
    read: &ReadFile,
    report: &(dyn Fn(Diagnostic) + Sync),
) -> Vec<RenderedFile> {
    let kept = collected.0.into_inner().expect("no panic while locked");
    let config = &site.config;
    let files: HashMap<String, String> = config
        .language_codes()
        .map(|l| (l.to_string(), config.single_file.file_name(l)))
        .collect();
    let order = site_order(site);
    let mut placed: HashMap<&str, Vec<Placed>> = HashMap::new();
    let mut pages = HashMap::new();
    for lang in config.language_codes() {
        let mut taken: HashSet<String> = HashSet::new();
        let list = placed.entry(lang).or_default();
        for &(entry, depth) in &order {
            let index = site.output_index(entry, lang);
            for part in kept.get(&index).into_iter().flatten() {
                let id = unique_id(&section_id(&part.path, lang), &mut taken);
                pages.insert(part.path.clone(), (lang.to_string(), id.clone()));
                let depth = depth + usize::from(part.sub.is_some());
                list.push(Placed {
                    part,
                    index,
                    id,
                    depth,
                });
            }
        }
    }
    let theme_css = theme_stylesheet(read);
    let langs: Vec<&str> = config.language_codes().collect();
    langs
        .into_par_iter()
        .map(|lang| {
            let image = |rel: &str| {
                inline::is_image(rel)
                    .then(|| read(rel, config.single_file.max_image_bytes))
                    .flatten()
                    .map(|bytes| inline::data_address(rel, &bytes))
            };
            let targets = rewrite::Targets {
                lang,
                pages: &pages,
                files: &files,
                image: &image,
            };
            let html = document(site, theme, lang, &placed[lang], &targets, &files);
            let css = stylesheet(&theme_css, &font::drawn_chars(&html), read, report);
            RenderedFile {
                path: files[lang].clone(),
                bytes: finish(html, &css, config.minify),
            }
        })
        .collect()
}

/// The theme's stylesheet, minified.
fn theme_stylesheet(read: &ReadFile) -> String {
    let theme_css = read("css/style.css", u64::MAX).unwrap_or_default();
    let theme_css = crate::write::prepare_static("css/style.css", &theme_css, true);
    String::from_utf8_lossy(&theme_css).into_owned()
}

/// The stylesheet of a file drawing `chars`: the theme's with its fonts cut to them and
/// inlined, and the edition's own styles.
fn stylesheet(
    theme_css: &str,
    chars: &std::collections::BTreeSet<char>,
    read: &ReadFile,
    report: &(dyn Fn(Diagnostic) + Sync),
) -> String {
    let read_any = |rel: &str| read(rel, u64::MAX);
    let warn = |rel: &str, why: String| {
        report(
            Diagnostic::warning(
                rel,
                format!("cannot cut this font for the one-file edition: {why}"),
            )
            .with_hint("the font is inlined whole; check that it is a valid WOFF2 file"),
        );
    };
    let theme_css = font::subset_faces(theme_css, chars, &read_any, &warn);
    let mut css = inline::inline_urls(&theme_css, &read_any);
    css.push_str(inline::EXTRA_CSS);
    css
}

/// Minifies the document, then puts the policy and the stylesheet before its `<title>` (after
/// `<meta charset>`, which must come within the first 1024 bytes). The stylesheet goes in after
/// minifying so that its text is exactly the one the policy's hash names.
fn finish(html: String, css: &str, minify: bool) -> Vec<u8> {
    let html = if minify {
        String::from_utf8(crate::write::minify_html(html.as_bytes())).unwrap_or(html)
    } else {
        html
    };
    let at = html.find("<title>").unwrap_or(0);
    let head = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><style>{css}</style>",
        inline::policy(css)
    );
    let mut out = String::with_capacity(html.len() + head.len());
    out.push_str(&html[..at]);
    out.push_str(&head);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// The whole file of one language, before minifying.
fn document(
    site: &Site,
    theme: &Theme,
    lang: &str,
    placed: &[Placed],
    targets: &rewrite::Targets,
    files: &HashMap<String, String>,
) -> String {
    let config = &site.config;
    let t = |key: &str| escape(theme.strings[lang].get(key).map_or("", String::as_str));
    let title = escape(config.title.get(lang).map_or("", String::as_str));
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body class=\"one-file\">\n<header class=\"site-header\"><div class=\"bar\"><span class=\"brand\">{title}</span>\n<nav class=\"languages\" aria-label=\"{}\"><ul>\n",
        t("language_label")
    );
    for language in &config.languages {
        let name = escape(&language.name);
        let code = &language.code;
        if code == lang {
            html.push_str(&format!("<li><span class=\"current\" lang=\"{code}\" aria-current=\"true\">{name}</span></li>\n"));
        } else {
            html.push_str(&format!(
                "<li><a href=\"{}\" lang=\"{code}\" hreflang=\"{code}\">{name}</a></li>\n",
                escape(&files[code])
            ));
        }
    }
    html.push_str(&format!(
        "</ul></nav></div></header>\n<nav class=\"one-file-contents\" id=\"{CONTENTS_ID}\" aria-labelledby=\":contents-title\">\n<h2 id=\":contents-title\">{}</h2>\n<ol>\n",
        t("one_file_contents")
    ));
    for page in placed {
        let output = &site.outputs[page.index];
        let source = site.source_of(output);
        let mut name = escape(&source.front.title);
        match &page.part.sub {
            Some(crate::model::SubPageKind::Checklist) => {
                name = format!("{name} · {}", t("checklist_title"));
            }
            // Reached from the questions, not listed: a tree can have hundreds.
            Some(crate::model::SubPageKind::Answer) => continue,
            None => {}
        }
        let lang_attribute = if output.is_fallback {
            format!(" lang=\"{}\"", source.lang)
        } else {
            String::new()
        };
        html.push_str(&format!(
            "<li class=\"depth-{}\"{lang_attribute}><a href=\"#{}\">{name}</a></li>\n",
            page.depth.min(3),
            escape(&page.id)
        ));
    }
    html.push_str("</ol>\n</nav>\n<main>\n");
    for page in placed {
        html.push_str(&format!(
            "<section class=\"one-file-page\" id=\"{}\">\n",
            escape(&page.id)
        ));
        html.push_str(&rewrite::rewrite_page(
            &page.part.main,
            &page.part.path,
            &page.id,
            targets,
        ));
        html.push_str(&format!(
            "\n<p class=\"one-file-back\"><a href=\"#{CONTENTS_ID}\">{}</a></p>\n</section>\n",
            t("one_file_back")
        ));
    }
    html.push_str("</main>\n<footer class=\"site-footer\">\n");
    if let Some(hotline) = &config.hotline {
        // Shown in the reader's digits, as on the site's pages; `tel:` stays ASCII.
        let shown = escape(&crate::render::context::localize_digits(
            hotline,
            &theme.strings[lang],
        ));
        let hotline = escape(hotline);
        html.push_str(&format!(
            "<p class=\"hotline\">{}<br><a class=\"call\" href=\"tel:{hotline}\">{} <span class=\"number\">{shown}</span></a></p>\n",
            t("hotline_label"),
            t("call")
        ));
    }
    html.push_str(&format!(
        "<p>{}</p>\n</footer>\n</body>\n</html>\n",
        t("footer_note")
    ));
    html
}

/// Entries in site order with their depth: the home, then each section followed by its pages
/// and its subsections (in the order the model sorted them); entries out of that tree last.
fn site_order(site: &Site) -> Vec<(usize, usize)> {
    fn visit(
        site: &Site,
        entry: usize,
        depth: usize,
        seen: &mut [bool],
        order: &mut Vec<(usize, usize)>,
    ) {
        if std::mem::replace(&mut seen[entry], true) {
            return;
        }
        order.push((entry, depth));
        let e = &site.entries[entry];
        let below = if site.home() == Some(entry) {
            depth
        } else {
            depth + 1
        };
        for &child in e.child_pages.iter().chain(&e.child_sections) {
            visit(site, child, below, seen, order);
        }
    }
    let mut seen = vec![false; site.entries.len()];
    let mut order = Vec::with_capacity(site.entries.len());
    if let Some(home) = site.home() {
        visit(site, home, 0, &mut seen, &mut order);
    }
    for entry in 0..site.entries.len() {
        visit(site, entry, 0, &mut seen, &mut order);
    }
    order
}

/// The id of a page's section: its path without the language and the slashes around it;
/// `home` for the home page.
fn section_id(path: &str, lang: &str) -> String {
    let path = path
        .strip_prefix(&format!("{lang}/"))
        .unwrap_or(path)
        .trim_matches('/');
    if path.is_empty() {
        "home".to_string()
    } else {
        path.to_string()
    }
}

/// `id`, or `id~2`, `id~3`... if already taken (a page at `home/` beside the home page).
fn unique_id(id: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = id.to_string();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}~{n}");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_ids_come_from_the_path() {
        assert_eq!(section_id("km/", "km"), "home");
        assert_eq!(section_id("en/voluntary/join/", "en"), "voluntary/join");
        let mut taken = HashSet::new();
        assert_eq!(unique_id("home", &mut taken), "home");
        assert_eq!(unique_id("home", &mut taken), "home~2");
    }

    #[test]
    fn main_is_found_inside_the_page() {
        assert_eq!(
            main_of(b"<body><nav>x</nav><main id=\"main\"><h1>T</h1></main><footer>").as_deref(),
            Some("<h1>T</h1>")
        );
    }
}
