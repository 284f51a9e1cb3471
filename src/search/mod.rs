//! Offline search, one index per language, built from the rendered pages and loaded by the
//! browser with `<script src>` (never `fetch()`, which browsers block over `file://`), in shards,
//! only when the reader uses the search box.
//!
//! Files under `search/<lang>/`: `index.js` (the list of shards and documents), `k-<shard>.js`
//! (keys starting with the shard's letters → documents and weights), `d-<n>.js` (titles,
//! addresses and passages of documents n·100 … n·100+99). Weights: title 10, headings 4, text 1.

pub(crate) mod tokenize;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::fingerprint::FastMap;

use serde::Serialize;

use crate::render::RenderedFile;

const DOCS_PER_SHARD: usize = 100;
/// A key found in more documents than this keeps only the ones where it weighs most: such a
/// key tells pages apart too little to be worth its bytes on a phone.
const MAX_POSTINGS: usize = 500;
const PASSAGES: usize = 10;

/// One page as search sees it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchDoc {
    /// Path of the page relative to its language folder (`voluntary/join/`).
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "t")]
    pub title: String,
    /// The section it belongs to, for the result line.
    #[serde(rename = "s")]
    pub section: String,
    /// Headings and the first sentences, where the matched words are shown.
    #[serde(rename = "p")]
    pub passages: Vec<String>,
    #[serde(skip)]
    pub keys: FastMap<String, u32>,
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
    key_ids: FastMap<String, u32>,
    key_names: Vec<String>,
    /// Key id → (slot, weight), in no particular order.
    postings: Vec<Vec<(u32, u32)>>,
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

    /// Adds the document of an entry, replacing the one it had (which needs [`Indexer::retaining`]).
    pub(crate) fn add(&self, entry: &str, mut doc: SearchDoc) {
        let keys = std::mem::take(&mut doc.keys);
        let mut state = self.inner.lock().expect("no panic while locked");
        let state = &mut *state;
        state.remove(entry);
        let slot = match state.free.pop() {
            Some(slot) => slot,
            None => {
                state.docs.push(None);
                (state.docs.len() - 1) as u32
            }
        };
        state.slots.insert(entry.to_string(), slot);
        let mut kept = Vec::with_capacity(if state.retain { keys.len() } else { 0 });
        for (key, weight) in keys {
            let id = match state.key_ids.get(&key) {
                Some(id) => *id,
                None => {
                    let id = state.key_names.len() as u32;
                    state.key_names.push(key.clone());
                    state.key_ids.insert(key, id);
                    state.postings.push(Vec::new());
                    id
                }
            };
            state.postings[id as usize].push((slot, weight));
            if state.retain {
                kept.push((id, weight));
            }
        }
        state.docs[slot as usize] = Some(Slot { doc, keys: kept });
    }

    /// Removes the document of an entry (a page that was deleted).
    pub(crate) fn remove(&self, entry: &str) {
        self.inner
            .lock()
            .expect("no panic while locked")
            .remove(entry);
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

    /// The index files, documents numbered in entry-key order.
    pub(crate) fn files(&self, lang: &str) -> Vec<RenderedFile> {
        let state = self.inner.lock().expect("no panic while locked");
        let mut numbers = vec![0u32; state.docs.len()];
        let mut docs = Vec::with_capacity(state.slots.len());
        for (n, slot) in state.slots.values().enumerate() {
            numbers[*slot as usize] = n as u32;
            docs.push(
                &state.docs[*slot as usize]
                    .as_ref()
                    .expect("a slot in use has a document")
                    .doc,
            );
        }
        let mut postings: Vec<(&str, Vec<(u32, u32)>)> = state
            .postings
            .iter()
            .zip(&state.key_names)
            .filter(|(list, _)| !list.is_empty())
            .map(|(list, key)| {
                let mut list: Vec<(u32, u32)> = list
                    .iter()
                    .map(|(slot, weight)| (numbers[*slot as usize], *weight))
                    .collect();
                if list.len() > MAX_POSTINGS {
                    list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    list.truncate(MAX_POSTINGS);
                }
                list.sort_unstable();
                (key.as_str(), list)
            })
            .collect();
        postings.sort_unstable_by(|a, b| a.0.cmp(b.0));
        index_files(lang, &docs, postings)
    }
}

impl IndexerState {
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
            let list = &mut self.postings[id as usize];
            if let Some(i) = list.iter().position(|(s, _)| *s == slot) {
                list.swap_remove(i);
            }
        }
        self.free.push(slot);
    }
}

/// Builds a document from a page's rendered HTML (what is inside `<main>`).
pub(crate) fn document(url: String, title: &str, section: &str, html: &[u8]) -> SearchDoc {
    let html = String::from_utf8_lossy(html);
    let main = html
        .find("<main")
        .map(|start| {
            &html[start
                ..html[start..]
                    .find("</main>")
                    .map_or(html.len(), |e| start + e)]
        })
        .unwrap_or(&html);
    let (headings, text) = text_of(main);
    let mut keys: FastMap<String, u32> = FastMap::default();
    let mut add = |text: &str, weight: u32| {
        tokenize::for_each_key(text, |_, key| match keys.get_mut(key) {
            Some(w) => *w += weight,
            None => {
                keys.insert(key.to_string(), weight);
            }
        });
    };
    add(title, 10);
    for h in &headings {
        add(h, 4);
    }
    add(&text, 1);
    let mut passages: Vec<String> = headings.into_iter().filter(|h| !h.is_empty()).collect();
    passages.extend(sentences(&text).take(PASSAGES.saturating_sub(passages.len())));
    passages.truncate(PASSAGES);
    SearchDoc {
        url,
        title: title.to_string(),
        section: section.to_string(),
        passages,
        keys,
    }
}

/// (headings, all text) of an HTML fragment, tags removed and entities decoded.
fn text_of(html: &str) -> (Vec<String>, String) {
    let mut headings = Vec::new();
    let mut text = String::with_capacity(html.len() / 2);
    let mut heading: Option<String> = None;
    let mut rest = html;
    let mut skip_depth: u32 = 0; // inside <nav>, <script>, <form>: not page text
    while let Some(open) = rest.find('<') {
        let chunk = decode(&rest[..open]);
        if skip_depth == 0 {
            text.push_str(&chunk);
            if let Some(h) = heading.as_mut() {
                h.push_str(&chunk);
            }
        }
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open + 1..close.saturating_sub(1)];
        let bare = tag.trim_start_matches('/');
        let length = bare
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bare.len());
        // Tag names are short: lower-cased on the stack (longer ones are no name we know).
        let mut buffer = [0u8; 12];
        let name = if length <= buffer.len() {
            buffer[..length].copy_from_slice(&bare.as_bytes()[..length]);
            buffer[..length].make_ascii_lowercase();
            std::str::from_utf8(&buffer[..length]).unwrap_or("")
        } else {
            ""
        };
        let closing = tag.starts_with('/');
        match name {
            "nav" | "script" | "form" | "style" => {
                if closing {
                    skip_depth = skip_depth.saturating_sub(1);
                } else {
                    skip_depth += 1;
                }
            }
            "h1" | "h2" | "h3" | "h4" if skip_depth == 0 => {
                if closing {
                    headings.extend(heading.take().map(|h| h.trim().to_string()));
                } else {
                    heading = Some(String::new());
                }
            }
            _ => {}
        }
        // A block ends a line; so does an element closed right where the next one opens
        // (`<span class=card-title>…</span><span class=card-text>…`, which the style sheet
        // shows as blocks): words never run together across them.
        let next_opens = rest[close.min(rest.len())..].starts_with('<')
            && !rest[close.min(rest.len())..].starts_with("</");
        if is_block(name) || (closing && next_opens) {
            text.push('\n');
        }
        rest = &rest[close.min(rest.len())..];
    }
    text.push_str(&decode(rest));
    (headings, text)
}

/// Elements that start a line of their own.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "caption"
            | "dl"
            | "dd"
            | "dt"
            | "br"
            | "hr"
            | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "pre"
            | "address"
    )
}

/// The text of HTML with the entities spean's renderers write decoded.
pub(crate) fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(decode_entities(text))
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{A0}")
        .replace("&amp;", "&")
}

/// Lines and sentences of the text, trimmed, at most 200 characters each.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(['\n', '។'])
        .flat_map(|line| line.split(". "))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.chars().count() > 3)
        .map(|s| crate::load::typography::shorten(&s, 200))
}

/// The index files of one language.
fn index_files(
    lang: &str,
    docs: &[&SearchDoc],
    postings: Vec<(&str, Vec<(u32, u32)>)>,
) -> Vec<RenderedFile> {
    let base = format!("search/{lang}");
    // Small sites: one shard per first letter (fewer files); large ones: per first two letters.
    let depth = if postings.iter().map(|(_, l)| l.len()).sum::<usize>() < 50_000 {
        1
    } else {
        2
    };
    type Shard<'k> = BTreeMap<&'k str, Vec<(u32, u32)>>;
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (key, list) in postings {
        shards
            .entry(shard_of(key, depth))
            .or_default()
            .insert(key, list);
    }
    let mut files = Vec::new();
    let shard_names: Vec<String> = shards.keys().cloned().collect();
    for (shard, keys) in &shards {
        let json = serde_json::to_string(keys).unwrap_or_default();
        files.push(RenderedFile {
            path: format!("{base}/k-{}.js", shard_file(shard)),
            bytes: format!("SPEAN_SEARCH.keys({shard:?},{json});\n").into_bytes(),
        });
    }
    for (n, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        let json = serde_json::to_string(chunk).unwrap_or_default();
        files.push(RenderedFile {
            path: format!("{base}/d-{n}.js"),
            bytes: format!("SPEAN_SEARCH.docs({n},{json});\n").into_bytes(),
        });
    }
    let shard_list = serde_json::to_string(
        &shard_names
            .iter()
            .map(|s| (s.clone(), shard_file(s)))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    files.push(RenderedFile {
        path: format!("{base}/index.js"),
        bytes: format!("SPEAN_SEARCH.index({{\"docs\":{},\"per\":{DOCS_PER_SHARD},\"depth\":{depth},\"shards\":{shard_list},\"rules\":{}}});\n", docs.len(), tokenize::rules_json()).into_bytes(),
    });
    files
}

/// Keys are grouped by their first `depth` characters (`c` or `co`, `ក` or `កា`), word keys
/// likewise after `w:`. A query prefix at least `depth` long names exactly one shard; a shorter
/// one (a one-letter Khmer cluster) names every shard starting with it.
pub(crate) fn shard_of(key: &str, depth: usize) -> String {
    let key = key.strip_prefix("w:").unwrap_or(key);
    key.chars().take(depth).collect()
}

/// A file-name-safe form of a shard name (Khmer and accented letters as code points).
fn shard_file(shard: &str) -> String {
    shard
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("u{:x}", c as u32)
            }
        })
        .collect()
}

/// Total bytes of a language's index, and of its biggest shard, for the build report.
pub(crate) fn sizes(files: &[RenderedFile]) -> (usize, usize) {
    let total = files.iter().map(|f| f.bytes.len()).sum();
    let biggest = files
        .iter()
        .filter(|f| f.path.contains("/k-"))
        .map(|f| f.bytes.len())
        .max()
        .unwrap_or(0);
    (total, biggest)
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
        assert!(doc.keys.contains_key("spous"), "{:?}", doc.keys);
        assert!(!doc.keys.contains_key("crumb") && !doc.keys.contains_key("menu"));
        assert!(doc.keys["join"] >= 10);
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

    #[test]
    fn shards_group_keys_by_prefix() {
        assert_eq!(shard_of("contribut", 2), "co");
        assert_eq!(shard_of("contribut", 1), "c");
        assert_eq!(shard_of("ចូល", 2), "ចូ");
        assert_eq!(shard_of("w:ចូលរួម", 1), "ច");
        assert_eq!(shard_file("ch"), "ch");
        assert_eq!(shard_file("ច"), "u1785");
    }
}
