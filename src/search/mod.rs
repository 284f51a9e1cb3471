//! Offline search, one index per language, built from the rendered pages and loaded by the
//! browser with `<script src>` (never `fetch()`, which browsers block over `file://`), in shards,
//! only when the reader uses the search box.
//!
//! Files under `search/<lang>/`: `index.js` (the lists of shards and sections), `k-<shard>.js`
//! (keys starting with the shard's letters → documents and weights), `d-<n>.js` (titles,
//! addresses and passages of documents n·4 … n·4+3). Weights: title 10, headings 4, text 1.

#[cfg(test)]
mod bench_tests;
mod document;
mod incremental;
mod keys;
mod posting;
mod shards;
pub(crate) mod tokenize;

pub(crate) use document::{decode, document};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::RenderedFile;

use keys::{DocKeys, KeyTable};
use posting::Posting;
use shards::{Layout, key_bytes, shard_file};

/// Documents per `d-<n>.js` file: a query's results come from as many files as they are spread
/// over, so small files keep what a query loads small: at 3 × 5,000 pages, 100 documents a file
/// made an English query load about 435 KB, 20 made it 130 KB, 8 made a long Khmer query load
/// 279 KB instead of 418 (its twelve results' documents were 236 KB of it), and 4 take a
/// Khmer query's documents from about 100 KB to about 55.
const DOCS_PER_SHARD: usize = 4;
/// A key found in more documents than this keeps only the ones where it weighs most: such a
/// key tells pages apart too little to be worth its bytes on a phone.
const MAX_POSTINGS: usize = 500;
const PASSAGES: usize = 10;

/// One page as search sees it.
#[derive(Debug, Clone)]
pub(crate) struct SearchDoc {
    /// Path of the page relative to its language folder (`voluntary/join/`).
    pub url: String,
    pub title: String,
    /// The section it belongs to, for the result line.
    pub section: String,
    /// Headings and the first sentences, where the matched words are shown.
    pub passages: Vec<String>,
    pub keys: DocKeys,
}

/// A document as its `d-<n>.js` file has it: its section by number, in the language's list of
/// sections (`index.js`), not by name on every page of the section.
#[derive(Serialize)]
struct Shown<'d> {
    u: &'d str,
    t: &'d str,
    s: usize,
    p: &'d [String],
}

/// The sections of the documents, each once, in order: a document names its own by its place
/// in them.
fn sections<'d>(docs: &[&'d SearchDoc]) -> Vec<&'d str> {
    let set: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.section.as_str()).collect();
    set.into_iter().collect()
}

/// The documents of one language, collected as pages are rendered (in parallel) and merged
/// into postings at once. Documents are named by their entry's key (`voluntary/join.md`) and
/// numbered in key order when the files are written, so builds are reproducible and a document
/// can be replaced or removed by `spean serve` without touching the others.
#[derive(Default)]
pub(crate) struct Indexer {
    inner: std::sync::Mutex<IndexerState>,
}

#[derive(Default)]
struct IndexerState {
    /// Keep each document's keys, so it can be replaced or removed later (`spean serve`).
    retain: bool,
    /// Entry key → slot (a number that stays while the document does).
    slots: BTreeMap<String, u32>,
    docs: Vec<Option<Slot>>,
    free: Vec<u32>,
    keys: KeyTable,
    /// Key id → the documents that have it, in no particular order.
    postings: Vec<Vec<Posting>>,
    /// What changed since the files were last made (a retaining index's: `incremental`).
    changes: incremental::Changes,
    /// How the files were last made, when they were (a retaining index's).
    written: Option<incremental::Written>,
    /// The bytes above which a group of keys is split into shards ([`shards::SHARD_BYTES`]
    /// unless a test asks for fewer).
    shard_bytes: Option<usize>,
}

struct Slot {
    doc: SearchDoc,
    /// (key id, weight), only when retained.
    keys: Vec<(u32, u32)>,
}

impl Indexer {
    /// An index whose documents can be replaced and removed (it keeps their keys).
    pub(crate) fn retaining() -> Indexer {
        Indexer {
            inner: std::sync::Mutex::new(IndexerState {
                retain: true,
                ..IndexerState::default()
            }),
        }
    }

    /// An index whose groups of keys are split above `bytes` (tests split small ones).
    #[cfg(test)]
    pub(crate) fn with_shard_bytes(self, bytes: usize) -> Indexer {
        self.inner
            .lock()
            .expect("no panic while locked")
            .shard_bytes = Some(bytes);
        self
    }

    /// Adds the document of an entry, replacing the one it had (which needs [`Indexer::retaining`]).
    pub(crate) fn add(&self, entry: &str, mut doc: SearchDoc) {
        let keys = std::mem::take(&mut doc.keys);
        let mut state = self.inner.lock().expect("no panic while locked");
        let state = &mut *state;
        if let Some(&slot) = state.slots.get(entry) {
            state.replace(entry, slot, doc, keys);
            return;
        }
        // A new document moves the numbers of those after it.
        state.changes.renumbered |= state.retain;
        let slot = match state.free.pop() {
            Some(slot) => slot,
            // A language of more pages than an index numbers has the first ones searchable.
            None if state.docs.len() >= posting::MAX_SLOTS => return,
            None => {
                state.docs.push(None);
                (state.docs.len() - 1) as u32
            }
        };
        state.slots.insert(entry.to_string(), slot);
        let mut kept = Vec::with_capacity(if state.retain { keys.len() } else { 0 });
        for (key, weight) in keys.into_keys() {
            let id = state.key_id(key);
            state.postings[id as usize].push(Posting::new(slot, weight));
            if state.retain {
                kept.push((id, weight));
            }
        }
        state.docs[slot as usize] = Some(Slot { doc, keys: kept });
    }

    /// Removes the document of an entry (a page that was deleted).
    pub(crate) fn remove(&self, entry: &str) {
        let mut state = self.inner.lock().expect("no panic while locked");
        if state.slots.contains_key(entry) {
            state.changes.renumbered = true;
        }
        state.remove(entry);
    }

    /// How many documents the index holds.
    pub(crate) fn len(&self) -> usize {
        self.inner
            .lock()
            .expect("no panic while locked")
            .slots
            .len()
    }

    /// Entry keys of the documents, in order.
    pub(crate) fn entries(&self) -> Vec<String> {
        let state = self.inner.lock().expect("no panic while locked");
        state.slots.keys().cloned().collect()
    }

    /// The index files, documents numbered in entry-key order. The postings are made one shard
    /// at a time (a copy of them all would be the build's peak of memory), and an index that
    /// does not retain gives up each key's as it is written: its files are made once. Each
    /// file goes to `put` as soon as it is made, and only one is held at a time.
    pub(crate) fn files(&self, lang: &str, put: &mut dyn FnMut(RenderedFile)) -> Made {
        let mut state = self.inner.lock().expect("no panic while locked");
        let state = &mut *state;
        let layout = state.layout();
        let mut given_up = if state.retain {
            Vec::new()
        } else {
            std::mem::take(&mut state.postings)
        };
        let (numbers, docs) = state.numbered();
        let mut made = Made::default();
        let mut put = |file: RenderedFile| {
            made.total += file.bytes.len();
            if file.path.contains("/k-") {
                made.biggest = made.biggest.max(file.bytes.len());
            }
            made.paths.push(file.path.clone());
            put(file);
        };
        let sections = sections(&docs);
        index_files(lang, &docs, &sections, &layout, &mut put, |id| {
            let id = id as usize;
            let list = match given_up.get_mut(id) {
                Some(list) => posting_list(&std::mem::take(list), &numbers),
                None => posting_list(&state.postings[id], &numbers),
            };
            (state.keys.name(id as u32), list)
        });
        let sections = sections.into_iter().map(str::to_string).collect();
        drop(docs);
        state.written = state.retain.then(|| incremental::Written {
            key_bytes: state.key_bytes(),
            layout,
            sections,
        });
        state.changes = incremental::Changes::default();
        made
    }
}

/// The files an index was made into: their paths, and their total bytes and the biggest
/// shard's, for the build report.
#[derive(Default)]
pub(crate) struct Made {
    pub(crate) paths: Vec<String>,
    pub(crate) total: usize,
    pub(crate) biggest: usize,
}

/// A key's postings as written: document numbers (not slots), the heaviest `MAX_POSTINGS`,
/// in document order.
fn posting_list(list: &[Posting], numbers: &[u32]) -> Vec<(u32, u32)> {
    let mut list: Vec<(u32, u32)> = list
        .iter()
        .map(|p| (numbers[p.slot() as usize], p.weight()))
        .collect();
    if list.len() > MAX_POSTINGS {
        list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
    }
    list.sort_unstable();
    list
}

impl IndexerState {
    /// Each slot's document number (entry-key order), and the documents in that order.
    fn numbered(&self) -> (Vec<u32>, Vec<&SearchDoc>) {
        let mut numbers = vec![0u32; self.docs.len()];
        let mut docs = Vec::with_capacity(self.slots.len());
        for (n, slot) in self.slots.values().enumerate() {
            numbers[*slot as usize] = n as u32;
            docs.push(
                &self.docs[*slot as usize]
                    .as_ref()
                    .expect("a slot in use has a document")
                    .doc,
            );
        }
        (numbers, docs)
    }

    /// How the keys in use are put in shards now.
    fn layout(&self) -> Layout {
        let names = self.keys.names();
        Layout::new(
            shards::depth(&self.postings),
            self.shard_bytes.unwrap_or(shards::SHARD_BYTES),
            (0..names.len() as u32).filter(|&id| !self.postings[id as usize].is_empty()),
            |id| &names[id as usize],
            |id| key_bytes(&names[id as usize], self.postings[id as usize].len()),
        )
    }

    /// Each key's bytes in its shard now (by id), for a rebuild to know what a change moved.
    fn key_bytes(&self) -> Vec<u32> {
        (self.keys.names().iter().zip(&self.postings))
            .map(|(name, list)| u32::try_from(key_bytes(name, list.len())).unwrap_or(u32::MAX))
            .collect()
    }

    /// The id of a key, a new one for a key not seen before.
    fn key_id(&mut self, key: keys::Key) -> u32 {
        let (id, new) = self.keys.id(key);
        if new {
            self.postings.push(Vec::new());
        }
        id
    }

    /// Replaces the document in `slot` (entry `entry`): it keeps its number, and only the keys
    /// whose weight changed (or that came or went) and, when its title, address, section or
    /// passages changed, its entry are noted as changed, so a rebuild rewrites only the shards
    /// and document files that differ.
    fn replace(&mut self, entry: &str, slot: u32, doc: SearchDoc, keys: DocKeys) {
        assert!(
            self.retain,
            "a document was replaced in an index that does not keep keys"
        );
        let old = self.docs[slot as usize]
            .take()
            .expect("a slot in use has a document");
        let mut new: Vec<(u32, u32)> = keys
            .into_keys()
            .map(|(key, weight)| (self.key_id(key), weight))
            .collect();
        new.sort_unstable();
        let mut before = old.keys;
        before.sort_unstable();
        // Both in key-id order: walk them side by side.
        let (mut i, mut j) = (0, 0);
        while i < before.len() || j < new.len() {
            let (a, b) = (before.get(i), new.get(j));
            match (a, b) {
                (Some(&(id, w)), Some(&(id2, w2))) if id == id2 => {
                    if w != w2 {
                        self.set_posting(id, slot, Some(w2));
                    }
                    i += 1;
                    j += 1;
                }
                (Some(&(id, _)), Some(&(id2, _))) if id < id2 => {
                    self.set_posting(id, slot, None);
                    i += 1;
                }
                (Some(&(id, _)), None) => {
                    self.set_posting(id, slot, None);
                    i += 1;
                }
                (_, Some(&(id2, w2))) => {
                    self.set_posting(id2, slot, Some(w2));
                    j += 1;
                }
                (None, None) => unreachable!("the loop stops when both are done"),
            }
        }
        let shown_same = old.doc.url == doc.url
            && old.doc.title == doc.title
            && old.doc.section == doc.section
            && old.doc.passages == doc.passages;
        if !shown_same {
            self.changes.entries.push(entry.to_string());
        }
        self.docs[slot as usize] = Some(Slot { doc, keys: new });
    }

    /// Sets (or, with `None`, takes away) the weight of `slot` in the postings of key `id`,
    /// and notes the key as changed.
    fn set_posting(&mut self, id: u32, slot: u32, weight: Option<u32>) {
        self.changes.keys.push(id);
        let list = &mut self.postings[id as usize];
        let at = list.iter().position(|p| p.slot() == slot);
        match (at, weight) {
            (Some(i), Some(w)) => list[i] = Posting::new(slot, w),
            (Some(i), None) => {
                list.swap_remove(i);
            }
            (None, Some(w)) => list.push(Posting::new(slot, w)),
            (None, None) => {}
        }
    }

    fn remove(&mut self, entry: &str) {
        let Some(slot) = self.slots.remove(entry) else {
            return;
        };
        let old = self.docs[slot as usize]
            .take()
            .expect("a slot in use has a document");
        assert!(
            self.retain,
            "a document was replaced in an index that does not keep keys"
        );
        for (id, _) in old.keys {
            self.changes.keys.push(id);
            let list = &mut self.postings[id as usize];
            if let Some(i) = list.iter().position(|p| p.slot() == slot) {
                list.swap_remove(i);
            }
        }
        self.free.push(slot);
    }
}

/// The index files of one language, each to `put` as it is made: `sections` are the
/// documents' ([`sections`]), `layout` holds the ids of the keys of each shard, and `list`
/// gives a key's name and postings as written.
fn index_files<'k>(
    lang: &str,
    docs: &[&SearchDoc],
    sections: &[&str],
    layout: &Layout,
    put: &mut dyn FnMut(RenderedFile),
    mut list: impl FnMut(u32) -> (&'k str, Vec<(u32, u32)>),
) {
    let base = format!("search/{lang}");
    for (shard, ids) in &layout.shards {
        let keys: Shard = ids.iter().map(|id| list(*id)).collect();
        put(keys_file(lang, shard, &keys));
    }
    // Names only: the browser spells a shard's file from its name as `shard_file` does.
    let shard_list: Vec<&str> = layout.shards.keys().map(String::as_str).collect();
    for (n, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        put(docs_file(lang, n, chunk, sections));
    }
    let shard_list = serde_json::to_string(&shard_list).unwrap_or_default();
    let sections = serde_json::to_string(&sections).unwrap_or_default();
    put(RenderedFile {
        path: format!("{base}/index.js"),
        bytes: format!("SPEAN_SEARCH.index({{\"docs\":{},\"per\":{DOCS_PER_SHARD},\"depth\":{},\"shards\":{shard_list},\"sections\":{sections},\"rules\":{}}});\n", docs.len(), layout.depth, tokenize::rules_json()).into_bytes(),
    });
}

/// The keys of one shard, in key order, with their postings.
type Shard<'k> = BTreeMap<&'k str, Vec<(u32, u32)>>;

/// The file of one shard of keys.
fn keys_file(lang: &str, shard: &str, keys: &Shard) -> RenderedFile {
    let json = serde_json::to_string(keys).unwrap_or_default();
    RenderedFile {
        path: format!("search/{lang}/k-{}.js", shard_file(shard)),
        bytes: format!("SPEAN_SEARCH.keys({shard:?},{json});\n").into_bytes(),
    }
}

/// The file of documents `n`·4 … `n`·4+3, each naming its section by its place in `sections`.
fn docs_file(lang: &str, n: usize, chunk: &[&SearchDoc], sections: &[&str]) -> RenderedFile {
    let shown: Vec<Shown> = (chunk.iter())
        .map(|d| Shown {
            u: &d.url,
            t: &d.title,
            s: sections.binary_search(&d.section.as_str()).unwrap_or(0),
            p: &d.passages,
        })
        .collect();
    let json = serde_json::to_string(&shown).unwrap_or_default();
    RenderedFile {
        path: format!("search/{lang}/d-{n}.js"),
        bytes: format!("SPEAN_SEARCH.docs({n},{json});\n").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_come_from_main_without_navigation() {
        let html = b"<html><nav>Menu</nav><main><nav>crumbs</nav><h1>How to join</h1><p>Pay 15,600 riel.</p><h2 id=x>Who can join</h2><p>Self-employed people &amp; spouses.</p></main><footer>Call</footer>";
        let doc = document("join/".into(), "How to join", "Voluntary", html);
        assert_eq!(doc.passages[0], "How to join");
        assert!(doc.passages.contains(&"Who can join".to_string()));
        assert!(
            doc.passages
                .iter()
                .any(|p| p.contains("Self-employed people & spouses"))
        );
        assert!(doc.keys.weight("spous").is_some(), "{:?}", doc.keys);
        assert!(doc.keys.weight("crumb").is_none() && doc.keys.weight("menu").is_none());
        assert!(doc.keys.weight("join") >= Some(10));
    }

    #[test]
    fn words_never_run_together_across_elements() {
        let html = b"<main><ul><li><a href=x><span class=card-title>Health care</span><span class=card-text>The scheme</span></a><li><a href=y>Pensions</a></ul><blockquote>Quoted</blockquote><p>An <em>emphasised</em> word.</main>";
        let doc = document("x/".into(), "T", "", html);
        assert!(
            doc.passages.iter().any(|p| p == "Health care"),
            "{:?}",
            doc.passages
        );
        assert!(
            doc.passages.iter().any(|p| p == "The scheme"),
            "{:?}",
            doc.passages
        );
        assert!(
            doc.passages.iter().any(|p| p == "Quoted"),
            "{:?}",
            doc.passages
        );
        assert!(
            doc.passages.iter().any(|p| p == "An emphasised word."),
            "{:?}",
            doc.passages
        );
    }
}
