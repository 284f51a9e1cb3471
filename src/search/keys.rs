//! Search's keys as an index holds them: a document's keys with their weights ([`DocKeys`]),
//! and the index's numbering of every key it has seen ([`KeyTable`]). Khmer pairs, most of the
//! keys by far, stay numbers ([`Packed`]) in both, and are spelled out once each, when a key
//! is first seen.

use std::hash::BuildHasherDefault;

use super::tokenize::{Found, Packed, PackedHasher};
use crate::fingerprint::FastMap;

/// A map keyed by packed Khmer, hashed by [`PackedHasher`].
type PackedMap<V> = std::collections::HashMap<Packed, V, BuildHasherDefault<PackedHasher>>;

/// The keys of one document and their weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocKeys {
    packed: PackedMap<u32>,
    text: FastMap<String, u32>,
}

/// A key of a document, given up to the index.
pub(super) enum Key {
    Packed(Packed),
    Text(String),
}

impl DocKeys {
    /// Adds `weight` to a key found in the document.
    pub(super) fn add(&mut self, found: Found<'_>, weight: u32) {
        match found {
            Found::Packed(packed) => *self.packed.entry(packed).or_default() += weight,
            Found::Text(_, text) => match self.text.get_mut(text) {
                Some(w) => *w += weight,
                None => {
                    self.text.insert(text.to_string(), weight);
                }
            },
        }
    }

    pub(super) fn len(&self) -> usize {
        self.packed.len() + self.text.len()
    }

    /// The keys and their weights, in no particular order.
    pub(super) fn into_keys(self) -> impl Iterator<Item = (Key, u32)> {
        let packed = self.packed.into_iter().map(|(k, w)| (Key::Packed(k), w));
        packed.chain(self.text.into_iter().map(|(k, w)| (Key::Text(k), w)))
    }

    /// The weight of a key given as text (tests look keys up so).
    #[cfg(test)]
    pub(crate) fn weight(&self, key: &str) -> Option<u32> {
        let packed = Packed::of(key).and_then(|p| self.packed.get(&p));
        packed.or_else(|| self.text.get(key)).copied()
    }
}

/// Every key an index has seen, numbered in the order it saw them.
#[derive(Default)]
pub(super) struct KeyTable {
    packed: PackedMap<u32>,
    text: FastMap<String, u32>,
    names: Vec<String>,
}

impl KeyTable {
    /// The number of a key, and whether it is new.
    pub(super) fn id(&mut self, key: Key) -> (u32, bool) {
        let next = u32::try_from(self.names.len()).expect("fewer than 4 billion keys");
        let (id, name) = match key {
            Key::Packed(packed) => match self.packed.get(&packed) {
                Some(&id) => return (id, false),
                None => {
                    self.packed.insert(packed, next);
                    (next, packed.text())
                }
            },
            Key::Text(text) => match self.text.get(&text) {
                Some(&id) => return (id, false),
                None => {
                    self.text.insert(text.clone(), next);
                    (next, text)
                }
            },
        };
        self.names.push(name);
        (id, true)
    }

    /// The text of key number `id`.
    pub(super) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// The keys' texts, by number.
    pub(super) fn names(&self) -> &[String] {
        &self.names
    }
}
