//! The build driver's model step for small edits: the new text of edited pages put into the
//! last model when the edits leave its shape alone, so only their links are resolved again.

use std::path::PathBuf;
use std::sync::Arc;

use super::Engine;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Site};

impl Engine {
    /// Puts the new text of edited pages into the last model, when the edits leave its shape
    /// alone: same date, weight and address, same anchors (so no other page's link breaks); a
    /// title may change, and when that moves its page in its section's listings they are
    /// sorted again (no address or link changes with them). Then only the links of those
    /// pages are resolved again. The outputs that show the new text (whose listings other
    /// pages show are fingerprinted again with them), or `None` when the model must be built
    /// again.
    pub(super) fn patch(
        &mut self,
        paths: &[PathBuf],
    ) -> Option<Result<Vec<usize>, Vec<Diagnostic>>> {
        let cache = self.content.as_ref()?;
        let (site, warnings) = self.site.as_mut()?;
        let mut replaced = Vec::new();
        let mut retitled = Vec::new();
        for path in paths {
            let new = cache.page(path)?;
            let entry = site.entry(&new.key)?;
            let index = *site.entries[entry].variants.get(&new.lang)?;
            let old = &site.sources[index];
            let same_shape = old.file == new.file
                && old.front.date == new.front.date
                && old.front.weight == new.front.weight
                && old.front.slug == new.front.slug
                && old.front.aliases == new.front.aliases
                && old.body.headings.iter().map(|h| &h.id).eq(new
                    .body
                    .headings
                    .iter()
                    .map(|h| &h.id))
                && model::links::html_ids(&old.body.html) == model::links::html_ids(&new.body.html);
            if !same_shape {
                return None;
            }
            if old.front.title != new.front.title {
                retitled.push(entry);
            }
            replaced.push((index, Arc::clone(new)));
        }
        let files: Vec<PathBuf> = replaced.iter().map(|(_, p)| p.file.clone()).collect();
        for (index, page) in &replaced {
            site.sources[*index] = Arc::clone(page);
        }
        // A new title that moves its page in its section's listings sorts them again; the
        // section's listing pages read them (their fingerprints are made again with the
        // patched model's: `Fingerprints::patched`).
        for &e in &retitled {
            if let Some(parent) = site.entries[e].parent
                && !in_order(site, e)
            {
                model::sort_children(site, parent);
            }
        }
        let shown: Vec<usize> = (0..site.outputs.len())
            .filter(|i| replaced.iter().any(|(s, _)| *s == site.outputs[*i].source))
            .collect();
        let assets = model::links::asset_set(site);
        let resolved: Vec<(usize, Vec<String>, Vec<Diagnostic>)> = shown
            .iter()
            .map(|&i| {
                let (hrefs, problems) = model::links::resolve_output(site, &assets, i);
                (i, hrefs, problems)
            })
            .collect();
        let mut problems: Vec<Diagnostic> = warnings
            .iter()
            .filter(|d| !files.contains(&d.file))
            .cloned()
            .collect();
        for (i, hrefs, found) in resolved {
            site.links[i] = hrefs;
            problems.extend(found);
        }
        let mut all = Diagnostics::default();
        all.extend(problems);
        if all.has_errors() {
            self.site = None;
            return Some(Err(all.into_sorted()));
        }
        *warnings = all.into_sorted();
        Some(Ok(shown))
    }
}

/// Whether the listings that hold entry `e` are still in the model's order (after a new title):
/// most new titles leave them so, and nothing is sorted.
fn in_order(site: &Site, e: usize) -> bool {
    let Some(parent) = site.entries[e].parent else {
        return true;
    };
    let parent = &site.entries[parent];
    let order = |e: usize| model::listing_order(&site.entries[e], &site.sources);
    [&parent.child_pages, &parent.child_sections]
        .iter()
        // The model's sort is stable over entries in index order: ties go by index.
        .all(|list| {
            list.windows(2)
                .all(|w| (order(w[0]), w[0]) < (order(w[1]), w[1]))
        })
}
