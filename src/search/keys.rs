//! Search's keys as an index holds them: a document's keys with their weights ([`DocKeys`]),
//! and the index's numbering of every key it has seen ([`KeyTable`]). Khmer pairs, most of the
//! keys by far, stay numbers ([`Packed`]) in both, as do other keys of up to 16 bytes, most
//! Latin terms ([`Short`], the tokenizer's number for a short word); each is spelled out once,
//! when the index first sees it.

use std::hash::BuildHasherDefault;

use super::tokenize::{Found, Packed, PackedHasher, Short};
use crate::fingerprint::FastMap;

/// A map keyed by a number ([`Packed`], [`Short`]), hashed by [`PackedHasher`].
type NumberMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<PackedHasher>>;

/// The keys of one document and their weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocKeys {
    packed: NumberMap<Packed, u32>,
    short: NumberMap<Short, u32>,
    text: FastMap<String, u32>,
}

/// A key of a document, given up to the index.
pub(super) enum Key {
    Packed(Packed),
    Short(Short),
    Text(String),
}

impl DocKeys {
    /// Adds `weight` to a key found in the document.
    pub(super) fn add(&mut self, found: Found<'_>, weight: u32) {
        match found {
            Found::Packed(packed) => *self.packed.entry(packed).or_default() += weight,
            Found::Text(_, text) => match Short::of(text.as_bytes()) {
                Some(short) => *self.short.entry(short).or_default() += weight,
                None => match self.text.get_mut(text) {
                    Some(w) => *w += weight,
                    None => {
                        self.text.insert(text.to_string(), weight);
                    }
                },
            },
        }
    }

    pub(super) fn len(&self) -> usize {
        self.packed.len() + self.short.len() + self.text.len()
    }

    /// The keys and their weights, in no particular order.
    pub(super) fn into_keys(self) -> impl Iterator<Item = (Key, u32)> {
        let packed = self.packed.into_iter().map(|(k, w)| (Key::Packed(k), w));
        let short = self.short.into_iter().map(|(k, w)| (Key::Short(k), w));
        let text = self.text.into_iter().map(|(k, w)| (Key::Text(k), w));
        packed.chain(short).chain(text)
    }

    /// The weight of a key given as text (tests look keys up so).
    #[cfg(test)]
    pub(crate) fn weight(&self, key: &str) -> Option<u32> {
        let packed = Packed::of(key).and_then(|p| self.packed.get(&p));
        let short = || Short::of(key.as_bytes()).and_then(|s| self.short.get(&s));
        packed
            .or_else(short)
            .or_else(|| self.text.get(key))
            .copied()
    }
}

/// Every key an index has seen, numbered in the order it saw them.
#[derive(Default)]
pub(super) struct KeyTable {
    packed: NumberMap<Packed, u32>,
    short: NumberMap<Short, u32>,
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
            Key::Short(short) => match self.short.get(&short) {
                Some(&id) => return (id, false),
                None => {
                    self.short.insert(short, next);
                    (next, short.text())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_key_spells_out_what_it_was_made_from() {
        for key in [
            "contribut",
            "w:ចូល",
            "hôpital",
            "a",
            "sixteen-bytes-16",
            "a\0b",
        ] {
            assert_eq!(
                Short::of(key.as_bytes()).map(Short::text).as_deref(),
                Some(key)
            );
        }
        assert_eq!(Short::of(b"seventeen-bytes-x"), None);
        assert_eq!(
            Short::of(b"ab\0"),
            None,
            "a last zero byte would not be spelled out"
        );
    }

    #[test]
    fn a_key_keeps_its_number_whatever_map_holds_it() {
        let mut table = KeyTable::default();
        let short = Short::of(b"contribut").expect("short");
        let long = "w:ការចុះឈ្មោះ".to_string();
        assert_eq!(table.id(Key::Short(short)), (0, true));
        assert_eq!(table.id(Key::Text(long.clone())), (1, true));
        assert_eq!(table.id(Key::Short(short)), (0, false));
        assert_eq!(table.id(Key::Text(long)), (1, false));
        assert_eq!(table.names(), ["contribut", "w:ការចុះឈ្មោះ"]);
    }
}
