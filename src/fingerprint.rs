//! Fingerprints: 64-bit hashes that tell whether something changed between two rebuilds of
//! `spean serve`/`spean watch` (see `render::reads`), and the hasher of the maps rebuilds use.
//!
//! Not for security, and not SipHash: a rebuild hashes every page's listing details and every
//! output's dependencies, so speed matters. The hash reads 8 bytes at a time (multiply and
//! rotate, with the length of each write mixed in) and ends with a full avalanche (splitmix64).
//! A collision would only make a rebuild skip a page until its next change; for two versions
//! of the same page it is as unlikely as 1 in 2^64.

use std::hash::{BuildHasherDefault, Hash, Hasher};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A fast, deterministic 64-bit hasher (the same value gives the same number in every run).
#[derive(Default, Clone)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last));
        }
        self.mix(bytes.len() as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    // One mix each, not a byte slice's two or three: a string's hash ends with a `u8`, and
    // search counts a page's Khmer pairs by `u128` (tens of millions of lookups a build).
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    #[inline]
    fn write_u128(&mut self, n: u128) {
        self.mix(n as u64);
        self.mix((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        // splitmix64's finaliser: every input bit affects every output bit.
        let mut z = self.0.wrapping_add(K);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A `HashMap` with [`FastHasher`], for the maps a rebuild goes through.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The fingerprint of anything hashable.
pub(crate) fn of(value: impl Hash) -> u64 {
    let mut hasher = FastHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint built from parts, in order.
#[derive(Default)]
pub(crate) struct Builder(FastHasher);

impl Builder {
    pub(crate) fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_differences_change_the_fingerprint() {
        let base = of("How to join the scheme");
        for other in [
            "How to join the schemf",
            "How to join the scheme ",
            "How to join the scheme\0",
            "How to join thescheme ",
            "to join the scheme How ",
        ] {
            assert_ne!(base, of(other), "{other}");
        }
        assert_ne!(of(("ab", "c")), of(("a", "bc")));
        assert_eq!(of("same"), of("same"));
    }
}
