//! Step 2 (model): every file the site will write, checked before anything is written.
//!
//! Each page, pagination page, checklist, alias and copied file of `content/` gets its path
//! checked by [`crate::outpath::check`] (inside the output folder, safe on USB drives and
//! Windows), and no two of them may land on one file, not even by a difference of case (FAT and
//! exFAT drives ignore case). Problems point at the line that caused them: the `slug:`, the alias
//! in `aliases:`, the file's name.

use std::collections::HashMap;

use super::{Site, url};
use crate::diagnostic::{Diagnostic, display_path};
use crate::load::SourcePage;
use crate::outpath::{self, Unsafe};
use crate::yaml::{self, Step};

/// What writes a file, for messages that name both sides of a collision.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Page(&'a SourcePage),
    Alias(&'a SourcePage, usize),
    Asset(&'a crate::load::Asset),
}

impl Owner<'_> {
    fn describe(&self, site: &Site) -> String {
        match self {
            Owner::Page(p) => format!("the page {}", p.file.display()),
            Owner::Alias(p, i) => {
                format!("alias `{}` of {}", p.front.aliases[*i], p.file.display())
            }
            Owner::Asset(a) => format!(
                "the file {}",
                display_path(&site.config.site_dir, &a.source).display()
            ),
        }
    }
}

/// Every unsafe or colliding output path of the site.
pub(crate) fn check_output_paths(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut files: HashMap<String, (String, Owner)> = HashMap::new();
    // Pages first (in site order), so an alias over a page is the one reported.
    let mut unsafe_sources = std::collections::HashSet::new();
    for output in &site.outputs {
        let source = site.source_of(output);
        for file in files_of_page(site, output) {
            match outpath::check(&file) {
                Ok(()) => claim(&mut files, site, file, Owner::Page(source), &mut problems),
                Err(why) => {
                    if unsafe_sources.insert(output.source) {
                        problems.push(unsafe_page(site, source, &file, &why));
                    }
                }
            }
        }
    }
    for output in &site.outputs {
        let source = site.source_of(output);
        for (i, alias) in source.front.aliases.iter().enumerate() {
            let file = url::alias_file(&output.lang, alias);
            match outpath::check(&file) {
                Ok(()) => claim(
                    &mut files,
                    site,
                    file,
                    Owner::Alias(source, i),
                    &mut problems,
                ),
                // Reported once per alias (in the page's own language), not once per language
                // it is shown in.
                Err(why) if !output.is_fallback => {
                    problems.push(unsafe_alias(site, source, i, &why));
                }
                Err(_) => {}
            }
        }
    }
    for asset in &site.assets {
        match outpath::check(&asset.rel) {
            Ok(()) => claim(
                &mut files,
                site,
                asset.rel.clone(),
                Owner::Asset(asset),
                &mut problems,
            ),
            Err(why) => problems.push(
                Diagnostic::error(
                    display_path(&site.config.site_dir, &asset.source),
                    format!("this file cannot be published under its name: {why}"),
                )
                .with_hint("rename it with letters, digits, `-` and `_` (e.g. `nssf-card.png`)"),
            ),
        }
    }
    problems.extend(over_reserved_files(site, &files));
    problems
}

/// Pages and aliases that would take the place of a file spean writes itself in a language
/// folder (`url::reserved_files`: an alias `offline.html`, or `sw.js`, which would make a folder
/// of the service worker's name), each reported once, at its `slug:` or its alias.
fn over_reserved_files(site: &Site, files: &HashMap<String, (String, Owner)>) -> Vec<Diagnostic> {
    let web_app = site.config.web_app();
    let reserved: std::collections::HashSet<String> = site
        .config
        .language_codes()
        .flat_map(|lang| url::reserved_files(lang, web_app))
        .map(|file| outpath::case_key(&file))
        .collect();
    let mut taken: Vec<(&String, &String, &Owner)> = files
        .iter()
        .filter_map(|(key, (path, owner))| {
            let mut parts = key.splitn(3, '/');
            let top = format!("{}/{}", parts.next()?, parts.next()?);
            reserved.get(&top).map(|file| (file, path, owner))
        })
        .collect();
    taken.sort_by(|a, b| a.1.cmp(b.1));
    let mut reported = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (file, path, owner) in taken {
        let message = format!(
            "{} would be written as {path}, over the file {file} that spean writes itself",
            owner.describe(site)
        );
        match *owner {
            Owner::Page(source) if reported.insert((&source.file, None)) => {
                let (text, line, column) = locate(site, source, &[Step::Key("slug")]);
                problems.push(
                    Diagnostic::error(&source.file, message)
                        .at(&text, line, column)
                        .with_hint("choose another `slug:`, or rename the file or its folder"),
                );
            }
            Owner::Alias(source, i) if reported.insert((&source.file, Some(i))) => {
                let steps = [Step::Key("aliases"), Step::Item(i)];
                let (text, line, column) = locate(site, source, &steps);
                problems.push(
                    Diagnostic::error(&source.file, message)
                        .at(&text, line, column)
                        .with_hint("choose another old address for this alias"),
                );
            }
            _ => {}
        }
    }
    problems
}

/// Takes `path` for `owner`, or reports the collision with the path's first owner.
fn claim<'a>(
    files: &mut HashMap<String, (String, Owner<'a>)>,
    site: &Site,
    path: String,
    owner: Owner<'a>,
    problems: &mut Vec<Diagnostic>,
) {
    match files.entry(outpath::case_key(&path)) {
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert((path, owner));
        }
        std::collections::hash_map::Entry::Occupied(slot) => {
            let (first_path, first) = slot.get();
            let case = if *first_path == path {
                String::new()
            } else {
                format!(" ({first_path} and {path} differ only by case: one file on a USB drive)")
            };
            problems.push(collision(site, owner, first, &path, &case));
        }
    }
}

/// The HTML files an output page writes: the page, its listing pages, its sub-pages (a
/// journey's checklist, a question tree's answers).
fn files_of_page(site: &Site, output: &super::Output) -> Vec<String> {
    let entry = &site.entries[output.entry];
    let mut files = vec![url::file_of(&output.path)];
    if entry.is_section {
        let listings = entry
            .child_pages
            .len()
            .div_ceil(site.config.paginate.max(1));
        for n in 2..=listings {
            files.push(url::file_of(&url::pagination_path(&output.path, n)));
        }
    }
    files.extend(site.sub_pages(output).iter().map(|p| url::file_of(&p.path)));
    files
}

/// The text of a source file (before its body) and the place of a front-matter key in it (for data pages: of the
/// record's id, which names its page).
fn locate(site: &Site, source: &SourcePage, steps: &[Step]) -> (String, usize, usize) {
    if let Some((file, line, column)) = source.data.and_then(|r| site.data.page_location(r)) {
        return (file.text.clone(), line, column);
    }
    let (line, column) = yaml::locate(&source.head, steps);
    (source.head.clone(), line, column)
}

fn unsafe_page(site: &Site, source: &SourcePage, file: &str, why: &Unsafe) -> Diagnostic {
    let (text, line, column) = if source.front.slug.is_some() {
        locate(site, source, &[Step::Key("slug")])
    } else {
        locate(site, source, &[])
    };
    let hint = if source.front.slug.is_some() {
        "choose another `slug:`"
    } else {
        "rename the file or its folder, or give the page a `slug:`"
    };
    Diagnostic::error(
        &source.file,
        format!("this page cannot be written as {file}: {why}"),
    )
    .at(&text, line, column)
    .with_hint(hint)
}

fn unsafe_alias(site: &Site, source: &SourcePage, index: usize, why: &Unsafe) -> Diagnostic {
    let (text, line, column) = locate(site, source, &[Step::Key("aliases"), Step::Item(index)]);
    Diagnostic::error(
        &source.file,
        format!(
            "alias `{}` cannot be written: {why}",
            shown(&source.front.aliases[index])
        ),
    )
    .at(&text, line, column)
    .with_hint("an alias is an old address of this page under its language folder, e.g. `old/join`; it cannot leave the site")
}

/// A value as written, with control characters (a NUL) made visible.
fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn collision(site: &Site, second: Owner, first: &Owner, path: &str, case: &str) -> Diagnostic {
    let message = format!(
        "{} and {} are both written to {path}{case}",
        second.describe(site),
        first.describe(site)
    );
    match second {
        Owner::Page(source) => {
            let (text, line, column) = locate(site, source, &[Step::Key("slug")]);
            Diagnostic::error(&source.file, message)
                .at(&text, line, column)
                .with_hint("give one of them another `slug:` or file name")
        }
        Owner::Alias(source, i) => {
            let (text, line, column) = locate(site, source, &[Step::Key("aliases"), Step::Item(i)]);
            let hint = if matches!(first, Owner::Page(_)) {
                "an alias may not replace a page: remove it, or move the page"
            } else {
                "two pages cannot redirect from one address: keep the alias on one of them"
            };
            Diagnostic::error(&source.file, message)
                .at(&text, line, column)
                .with_hint(hint)
        }
        Owner::Asset(asset) => {
            Diagnostic::error(display_path(&site.config.site_dir, &asset.source), message)
                .with_hint("rename one of the files: USB drives do not tell upper from lower case")
        }
    }
}
