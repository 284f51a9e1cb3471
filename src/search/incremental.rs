//! A retaining index's files after a few documents were replaced (`spean watch`, `spean
//! serve`): only the shards of keys whose postings changed, and the document files of the
//! entries replaced, made by the same functions as a whole index, so the files equal those a
//! full build writes. When the documents' numbers or the set of files would change (a document
//! added or removed, the shard depth or the list of shards changed), the whole index is made
//! again instead.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    DOCS_PER_SHARD, Indexer, RenderedFile, Shard, depth, docs_file, keys_file, posting_list,
    shard_of,
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

/// How the files were last made: the shard depth, and the keys of each shard.
pub(super) struct Written {
    pub(super) depth: usize,
    pub(super) shards: BTreeMap<String, BTreeSet<u32>>,
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
        if depth(&state.postings) != written.depth {
            return None;
        }
        // The shards the changed keys are in; a key new to the index joins its shard, and a
        // shard that appears or empties changes the list of files.
        let mut touched: BTreeSet<String> = BTreeSet::new();
        keys.sort_unstable();
        keys.dedup();
        for id in keys {
            let name = state.keys.name(id);
            let shard = shard_of(name, written.depth);
            let members = written.shards.get_mut(&shard)?;
            if state.postings[id as usize].is_empty() {
                members.remove(&id);
            } else {
                members.insert(id);
            }
            if members.is_empty() {
                return None;
            }
            touched.insert(shard);
        }
        let mut files = Vec::new();
        for shard in &touched {
            let keys: Shard = written.shards[shard]
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
            files.push(docs_file(lang, n, &docs[n * DOCS_PER_SHARD..end]));
        }
        drop(docs);
        state.written = Some(written);
        state.changes = Changes::default();
        Some(files)
    }
}

#[cfg(test)]
mod tests {
    use super::super::document;
    use super::*;

    fn page(n: usize) -> (String, super::super::SearchDoc) {
        let html = format!(
            "<main><h1>Page {n}</h1><p>Contribution hospital {n} ចូលរួមរបប</p><h2>Card {}</h2></main>",
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
}
