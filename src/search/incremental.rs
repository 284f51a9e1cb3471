//! A retaining index's files after a few documents were replaced (`spean watch`, `spean
//! serve`): only the shards of keys whose postings changed, and the document files of the
//! entries replaced, made by the same functions as a whole index, so the files equal those a
//! full build writes. When the documents' numbers or the set of files would change (a document
//! added or removed, the shard depth changed, a shard appeared or emptied, or a group of keys
//! grew or shrank past the size at which it is split), the whole index is made again instead.

use std::collections::BTreeSet;

use super::shards::{Layout, depth, key_bytes};
use super::{
    DOCS_PER_SHARD, Indexer, RenderedFile, Shard, docs_file, keys_file, posting_list, sections,
};

/// What changed in an index since its files were last made.
#[derive(Default)]
pub(super) struct Changes {
    /// A document was added or removed: every number after it moved.
    pub(super) renumbered: bool,
    /// Entries whose document was replaced.
    pub(super) entries: Vec<String>,
    /// Keys whose postings changed (with repeats).
    pub(super) keys: Vec<u32>,
}

/// How the files were last made: the shards, each key's bytes in them (by id), and the
/// documents' sections.
pub(super) struct Written {
    pub(super) layout: Layout,
    pub(super) key_bytes: Vec<u32>,
    pub(super) sections: Vec<String>,
}

impl Indexer {
    /// The files of this index that changed since they were last made, or `None` when the
    /// whole index must be made again (`Indexer::files`).
    pub(crate) fn changed_files(&self, lang: &str) -> Option<Vec<RenderedFile>> {
        let mut guard = self.inner.lock().expect("no panic while locked");
        let state = &mut *guard;
        if state.changes.renumbered || state.written.is_none() {
            return None;
        }
        // Taken while the files are made: when they cannot be, the whole index is made again,
        // which writes it anew.
        let mut written = state.written.take().expect("checked above");
        let mut keys: Vec<u32> = std::mem::take(&mut state.changes.keys);
        let (numbers, docs) = state.numbered();
        if depth(&state.postings) != written.layout.depth {
            return None;
        }
        // A section named anew (or no longer) renumbers the sections: `index.js` changes.
        let now = sections(&docs);
        if !now.iter().eq(written.sections.iter()) {
            return None;
        }
        // The shards the changed keys are in; a key new to the index joins its shard, and a
        // shard that appears or empties changes the list of files. Every group a changed key
        // is in has its bytes moved, and must still be split, or not, as it was.
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut groups: BTreeSet<&str> = BTreeSet::new();
        keys.sort_unstable();
        keys.dedup();
        for id in keys {
            let name = state.keys.name(id);
            let postings = state.postings[id as usize].len();
            let bytes = key_bytes(name, postings);
            let at = id as usize;
            if written.key_bytes.len() <= at {
                written.key_bytes.resize(at + 1, 0);
            }
            let old = std::mem::replace(&mut written.key_bytes[at], u32::try_from(bytes).ok()?);
            let path = written.layout.path(name);
            written.layout.resize(&path, old as usize, bytes)?;
            let shard = *path.last().expect("a path has a group");
            let members = written.layout.shards.get_mut(shard)?;
            if postings == 0 {
                members.remove(&id);
            } else {
                members.insert(id);
            }
            if members.is_empty() {
                return None;
            }
            touched.insert(shard.to_string());
            groups.extend(path);
        }
        let names = |id: u32| state.keys.name(id);
        if !groups.iter().all(|g| written.layout.holds(g, names)) {
            return None;
        }
        let mut files = Vec::new();
        for shard in &touched {
            let keys: Shard = written.layout.shards[shard]
                .iter()
                .map(|id| {
                    let id = *id as usize;
                    (
                        state.keys.name(id as u32),
                        posting_list(&state.postings[id], &numbers),
                    )
                })
                .collect();
            files.push(keys_file(lang, shard, &keys));
        }
        let chunks: BTreeSet<usize> = state
            .changes
            .entries
            .iter()
            .filter_map(|entry| state.slots.get(entry))
            .map(|slot| numbers[*slot as usize] as usize / DOCS_PER_SHARD)
            .collect();
        for n in chunks {
            let end = (n * DOCS_PER_SHARD + DOCS_PER_SHARD).min(docs.len());
            files.push(docs_file(lang, n, &docs[n * DOCS_PER_SHARD..end], &now));
        }
        drop(docs);
        state.written = Some(written);
        state.changes = Changes::default();
        Some(files)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::document;
    use super::*;

    fn page(n: usize) -> (String, super::super::SearchDoc) {
        page_saying(n, "Contribution hospital", "Card")
    }

    fn page_saying(n: usize, text: &str, heading: &str) -> (String, super::super::SearchDoc) {
        let html = format!(
            "<main><h1>Page {n}</h1><p>{text} {n} ចូលរួមរបប</p><h2>{heading} {}</h2></main>",
            n % 3
        );
        let doc = document(format!("p{n}/"), &format!("Page {n}"), "S", html.as_bytes());
        (format!("p{n}.md"), doc)
    }

    fn files(index: &Indexer) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let made = index.files("en", &mut |f| files.push((f.path, f.bytes)));
        assert_eq!(made.paths.len(), files.len());
        assert_eq!(made.total, files.iter().map(|f| f.1.len()).sum::<usize>());
        files
    }

    #[test]
    fn an_index_that_gives_its_postings_up_writes_what_a_retaining_one_writes() {
        let (one_shot, retaining) = (Indexer::default(), Indexer::retaining());
        for n in (0..30).rev() {
            let (entry, doc) = page(n);
            one_shot.add(&entry, doc.clone());
            retaining.add(&entry, doc);
        }
        let written = files(&retaining);
        assert_eq!(files(&one_shot), written);
        assert!(written.iter().any(|f| f.0 == "search/en/d-3.js"));
        // The retaining one keeps its postings: the same files again.
        assert_eq!(files(&retaining), written);
    }

    #[test]
    fn a_rebuild_splits_the_groups_of_keys_a_build_would_split() {
        // Small shards: `c` (contribut and card, 30 pages each) is one byte too many.
        let limit = key_bytes("contribut", 30) + key_bytes("card", 30) - 1;
        let build = |docs: &[(String, super::super::SearchDoc)]| {
            let index = Indexer::retaining().with_shard_bytes(limit);
            for (entry, doc) in docs {
                index.add(entry, doc.clone());
            }
            index
        };
        let mut docs: Vec<_> = (0..30).map(page).collect();
        let index = build(&docs);
        let first = files(&index);
        let paths: Vec<&str> = first.iter().map(|f| f.0.as_str()).collect();
        assert!(
            paths.contains(&"search/en/k-co.js") && paths.contains(&"search/en/k-ca.js"),
            "{paths:?}"
        );
        assert!(!paths.contains(&"search/en/k-c.js"), "{paths:?}");
        // A page says a word twice: the same shards, and the rewritten ones are a build's.
        let (entry, doc) = page_saying(7, "Contribution contribution hospital", "Card");
        docs[7] = (entry.clone(), doc.clone());
        index.add(&entry, doc);
        let changed = index.changed_files("en").expect("the same shards");
        assert!(changed.iter().any(|f| f.path == "search/en/k-co.js"));
        let mut after: BTreeMap<String, Vec<u8>> = first.into_iter().collect();
        after.extend(changed.into_iter().map(|f| (f.path, f.bytes)));
        let full: BTreeMap<String, Vec<u8>> = files(&build(&docs)).into_iter().collect();
        assert_eq!(after, full);
        // A page without either word: `c` is small enough for one shard again, which a
        // rebuild of a few shards cannot make, so the whole index is made again.
        let (entry, doc) = page_saying(8, "Hospital", "Help");
        index.add(&entry, doc);
        assert!(index.changed_files("en").is_none());
    }

    #[test]
    fn a_section_named_anew_makes_the_whole_index_again() {
        let index = Indexer::retaining();
        for n in 0..10 {
            let (entry, doc) = page(n);
            index.add(&entry, doc);
        }
        files(&index);
        // The same words in the same section: only its document file.
        let (entry, doc) = page_saying(3, "Contribution hospital", "Card");
        index.add(&entry, doc.clone());
        assert!(index.changed_files("en").is_some());
        // Its section renamed: every document after it in the list of sections is renumbered.
        index.add(
            &entry,
            super::super::SearchDoc {
                section: "Other".into(),
                ..doc
            },
        );
        assert!(index.changed_files("en").is_none());
    }
}
