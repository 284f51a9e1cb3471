//! Internal links, resolved and checked once for the whole site.
//!
//! `@/voluntary/join.md` means "the page voluntary/join in the reader's language": on the English
//! page it leads to `en/voluntary/join/`, on a Khmer page to `km/voluntary/join/`, whether that
//! output shows the translation or a fallback. An anchor (`#documents`) must exist in the page
//! that output shows. Files of `content/` (images, PDFs) are linked by their path.

use std::collections::HashSet;

use rayon::prelude::*;

use super::{Site, url};
use crate::diagnostic::Diagnostic;
use crate::load::links::LinkTarget;

/// For each output, the hrefs of its body's links; and every broken link of the site.
pub(crate) fn resolve_links(site: &Site) -> (Vec<Vec<String>>, Vec<Diagnostic>) {
    let assets = asset_set(site);
    let results: Vec<(Vec<String>, Vec<Diagnostic>)> = (0..site.outputs.len())
        .into_par_iter()
        .map(|index| resolve_output(site, &assets, index))
        .collect();
    let mut all_problems = Vec::new();
    let links = results
        .into_iter()
        .map(|(hrefs, problems)| {
            all_problems.extend(problems);
            hrefs
        })
        .collect();
    (links, all_problems)
}

/// The files of `content/` links may name.
pub(crate) fn asset_set(site: &Site) -> HashSet<&str> {
    site.assets.iter().map(|a| a.rel.as_str()).collect()
}

/// The hrefs of one output's body links, and its broken links.
pub(crate) fn resolve_output(
    site: &Site,
    assets: &HashSet<&str>,
    index: usize,
) -> (Vec<String>, Vec<Diagnostic>) {
    let output = &site.outputs[index];
    let source = site.source_of(output);
    let mut hrefs = Vec::with_capacity(source.body.links.len());
    let mut problems = Vec::new();
    for (link, position) in source.body.links.iter().zip(&source.link_positions) {
        let href = match resolve(site, assets, output, &link.target) {
            Ok(href) => href,
            Err((message, hint)) => {
                problems.push(position.diagnostic(&source.file, message).with_hint(hint));
                String::from("#")
            }
        };
        hrefs.push(href);
    }
    (hrefs, problems)
}

/// The `id="…"` values written in a page's HTML (anchors besides headings).
pub(crate) fn html_ids(html: &str) -> Vec<&str> {
    html.match_indices("id=\"")
        .filter_map(|(at, _)| html[at + 4..].split('"').next())
        .collect()
}

type Problem = (String, String);

fn resolve(
    site: &Site,
    assets: &HashSet<&str>,
    output: &super::Output,
    target: &LinkTarget,
) -> Result<String, Problem> {
    let offline = site.config.offline;
    match target {
        LinkTarget::Page { key, lang, anchor } => {
            let Some(entry) = site.entry(key) else {
                return Err((
                    format!("link to a page that does not exist: @/{key}"),
                    suggest_page(site, key),
                ));
            };
            let lang = lang.as_deref().unwrap_or(&output.lang);
            let target = site.output(entry, lang);
            let mut href = url::relative(&output.path, &target.path, offline);
            if let Some(anchor) = anchor {
                let shown = site.source_of(target);
                let ids: Vec<&str> = shown.body.headings.iter().map(|h| h.id.as_str()).collect();
                if !ids.contains(&anchor.as_str()) && !has_html_id(&shown.body.html, anchor) {
                    return Err((
                        format!("`#{anchor}` is not a heading of {}", shown.file.display()),
                        anchor_hint(&ids),
                    ));
                }
                href.push('#');
                href.push_str(anchor);
            }
            Ok(href)
        }
        LinkTarget::Asset { rel, anchor } => {
            if !assets.contains(rel.as_str()) {
                return Err((
                    format!("link to a file that does not exist: content/{rel}"),
                    "check the file name and folder; paths are relative to this page's folder"
                        .to_string(),
                ));
            }
            let mut href = url::encode_path(&url::relative(&output.path, rel, false));
            if let Some(anchor) = anchor {
                href.push('#');
                href.push_str(anchor);
            }
            Ok(href)
        }
        LinkTarget::Anchor(anchor) => {
            let shown = site.source_of(output);
            let ids: Vec<&str> = shown.body.headings.iter().map(|h| h.id.as_str()).collect();
            if !ids.contains(&anchor.as_str()) && !has_html_id(&shown.body.html, anchor) {
                return Err((
                    format!("`#{anchor}` is not a heading of this page"),
                    anchor_hint(&ids),
                ));
            }
            Ok(format!("#{anchor}"))
        }
        LinkTarget::Invalid { written, reason } => Err((
            format!("link `{written}` cannot work: {reason}"),
            "link to pages as @/path/to/page.md and to files by a path relative to this page"
                .to_string(),
        )),
    }
}

fn has_html_id(html: &str, id: &str) -> bool {
    html.contains(&format!("id=\"{id}\""))
}

fn anchor_hint(ids: &[&str]) -> String {
    if ids.is_empty() {
        "that page has no headings to link to".to_string()
    } else {
        format!(
            "headings there: {}; to share one anchor across translations, give the heading an id: `## Title {{#id}}`",
            ids.iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn suggest_page(site: &Site, key: &str) -> String {
    let keys: Vec<String> = site.entries.iter().map(|e| e.key.clone()).collect();
    match crate::yaml::closest(key, &keys) {
        Some(best) => format!("did you mean @/{best}?"),
        None => {
            "write the path of the page's file under content/, e.g. @/voluntary/join.md".to_string()
        }
    }
}
