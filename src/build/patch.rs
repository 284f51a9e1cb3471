//! The build driver's model step for small edits: the new text of edited pages put into the
//! last model when the edits leave its shape alone, so only their links are resolved again.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::Engine;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::SourcePage;
use crate::model::{self, Site};

impl Engine {
    /// Puts the new text of edited pages into the last model, when the edits leave its shape
    /// alone: same date, weight and address, a title that may change but leaves the page where
    /// it was in its section's listings (so no listing order or link changes), same anchors
    /// (so no other page's link breaks). Then only the links of those pages are resolved
    /// again. The outputs that show the new text (whose listings other pages show are
    /// fingerprinted again with them), or `None` when the model must be built again.
    pub(super) fn patch(
        &mut self,
        paths: &[PathBuf],
    ) -> Option<Result<Vec<usize>, Vec<Diagnostic>>> {
        let cache = self.content.as_ref()?;
        let (site, warnings) = self.site.as_mut()?;
        let mut replaced = Vec::new();
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
            replaced.push((index, Arc::clone(new)));
        }
        if !same_order(site, &replaced) {
            return None;
        }
        let files: Vec<PathBuf> = replaced.iter().map(|(_, p)| p.file.clone()).collect();
        for (index, page) in &replaced {
            site.sources[*index] = Arc::clone(page);
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

/// Whether the listings that hold the entries of the `replaced` pages keep their order with
/// the new pages' titles.
fn same_order(site: &Site, replaced: &[(usize, Arc<SourcePage>)]) -> bool {
    let new: HashMap<usize, &SourcePage> = replaced.iter().map(|(i, p)| (*i, &**p)).collect();
    let order = |e: usize| {
        let first = *site.entries[e]
            .variants
            .values()
            .next()
            .expect("an entry has a variant");
        match new.get(&first) {
            Some(page) => model::listing_order_of(page),
            None => model::listing_order_of(&site.sources[first]),
        }
    };
    replaced.iter().all(|(index, page)| {
        if site.sources[*index].front.title == page.front.title {
            return true;
        }
        let Some(entry) = site.entry(&page.key) else {
            return false;
        };
        let Some(parent) = site.entries[entry].parent else {
            return true;
        };
        let parent = &site.entries[parent];
        [&parent.child_pages, &parent.child_sections]
            .iter()
            // The model's sort is stable over entries in index order: ties go by index.
            .all(|list| {
                list.windows(2)
                    .all(|w| (order(w[0]), w[0]) < (order(w[1]), w[1]))
            })
    })
}
