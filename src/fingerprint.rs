//! Fingerprints: 64-bit hashes that tell whether something changed between two rebuilds of
//! `spean serve`/`spean watch` (see `model::deps`). Not for security: a collision would only
//! make a rebuild skip a page, and SipHash with fixed keys makes one astronomically unlikely.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of anything hashable. The same value gives the same number in every run.
pub fn of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint built from parts, in order.
#[derive(Default)]
pub struct Builder(DefaultHasher);

impl Builder {
    pub fn add(&mut self, value: impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}
