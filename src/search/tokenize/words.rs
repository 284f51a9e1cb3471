//! Search's tokenizer, counting a text's Latin words as it reads them: a word of up to 16 bytes
//! (nearly every one) is counted as one number, its bytes ([`Short`], which the index's keys
//! use too), with no string to hash or compare.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::fingerprint::FastMap;

/// The hash of a key that is one number (a packed Khmer pair, a short word) in one
/// multiplication, its two halves' product folded (as foldhash and wyhash do): a page's
/// thousands of Khmer pairs and Latin words are counted by it, where a general hasher's
/// finaliser cost a third of each count.
#[derive(Default)]
pub(crate) struct PackedHasher(u64);

impl Hasher for PackedHasher {
    #[inline]
    fn write_u128(&mut self, n: u128) {
        const K1: u64 = 0x243F_6A88_85A3_08D3;
        const K2: u64 = 0x1319_8A2E_0370_7344;
        let product = u128::from(self.0 ^ n as u64 ^ K1) * u128::from((n >> 64) as u64 ^ K2);
        self.0 = product as u64 ^ (product >> 64) as u64;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only a `u128` is hashed by it; anything else, sixteen bytes at a time.
        for chunk in bytes.chunks(16) {
            let mut word = [0u8; 16];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u128(u128::from_le_bytes(word));
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A word or key of up to 16 bytes (whose last byte is not zero, as no word's or key's is) as
/// one number, its bytes: the number says how long it is, and is hashed and compared at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Short(u128);

impl Short {
    #[inline]
    pub(crate) fn of(bytes: &[u8]) -> Option<Short> {
        // The length is where the last byte that is not zero is.
        if bytes.len() > 16 || bytes.last() == Some(&0) {
            return None;
        }
        let mut number = [0u8; 16];
        number[..bytes.len()].copy_from_slice(bytes);
        Some(Short(u128::from_le_bytes(number)))
    }

    /// How many bytes it has.
    pub(crate) fn len(self) -> usize {
        (128 - self.0.leading_zeros()).div_ceil(8) as usize
    }

    /// The text it was made from (of a `str`).
    pub(crate) fn text(self) -> String {
        String::from_utf8(self.0.to_le_bytes()[..self.len()].to_vec()).expect("made from a str")
    }
}

/// The words of a text and how many times each is there.
#[derive(Default)]
pub(super) struct Words<'t> {
    /// Words of up to 16 bytes: (times, where it first is).
    short: HashMap<Short, (u32, u32), BuildHasherDefault<PackedHasher>>,
    long: FastMap<&'t str, u32>,
}

impl<'t> Words<'t> {
    /// Counts the word at bytes `start..end` of `text`.
    #[inline]
    pub(super) fn count(&mut self, text: &'t str, start: usize, end: usize) {
        match Short::of(&text.as_bytes()[start..end]).zip(u32::try_from(start).ok()) {
            Some((short, start)) => self.short.entry(short).or_insert((0, start)).0 += 1,
            None => *self.long.entry(&text[start..end]).or_default() += 1,
        }
    }

    /// Each word of `text` (the text counted) with its times, in no particular order.
    pub(super) fn for_each(self, text: &'t str, mut word: impl FnMut(&'t str, u32)) {
        for (short, (times, start)) in self.short {
            let start = start as usize;
            word(&text[start..start + short.len()], times);
        }
        for (text, times) in self.long {
            word(text, times);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_back_with_their_counts_short_or_long() {
        let text = "a été x a supercalifragilistic été supercalifragilistic a";
        let mut words = Words::default();
        for (start, word) in text.split(' ').scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        }) {
            words.count(text, start, start + word.len());
        }
        let mut found = Vec::new();
        words.for_each(text, |w, n| found.push((w.to_string(), n)));
        found.sort();
        let expected = [("a", 3), ("supercalifragilistic", 2), ("x", 1), ("été", 2)];
        assert_eq!(found, expected.map(|(w, n)| (w.to_string(), n)));
    }
}
