//! What a kept engine (watch, serve) remembers of the last good build: for each job, the
//! fingerprint it had, what it read (`render::reads`) and the files it made; every file of the
//! output with the fingerprint of its bytes; and each language's search index.

use rayon::prelude::*;

use crate::fingerprint::{Builder, FastMap};
use crate::model::Site;
use crate::render::reads::{Fingerprints, Input, Read};
use crate::search;

/// One job as it last ran.
pub(crate) struct Recorded {
    pub(crate) fingerprint: u64,
    /// What it read, as numbers into `Memory::inputs`; `None` for a job whose fingerprint is
    /// known before it runs (a static file, the public key).
    pub(crate) reads: Option<Vec<u32>>,
    pub(crate) files: Vec<String>,
}

#[derive(Default)]
pub(crate) struct Memory {
    /// Job key → how it last ran.
    pub(crate) jobs: FastMap<String, Recorded>,
    /// Every input any job read, once.
    inputs: Vec<Input>,
    ids: FastMap<Input, u32>,
    /// Every file of the output → fingerprint of its bytes (static files: of their source).
    pub(crate) files: FastMap<String, u64>,
    /// Per language: the search index with every document, and the files it was written as.
    pub(crate) search: Vec<search::Indexer>,
    pub(crate) search_files: Vec<Vec<String>>,
}

impl Memory {
    /// The numbers of `reads` in the input table, adding the inputs it does not have yet.
    pub(crate) fn intern(&mut self, site: &Site, reads: &[Read]) -> Vec<u32> {
        reads
            .iter()
            .map(|read| {
                let input = read.input(site);
                if let Some(id) = self.ids.get(&input) {
                    return *id;
                }
                let id = u32::try_from(self.inputs.len()).expect("fewer than 4 billion inputs");
                self.inputs.push(input.clone());
                self.ids.insert(input, id);
                id
            })
            .collect()
    }

    /// What each remembered input gives in a new model (`None`: it is gone).
    pub(crate) fn input_fingerprints(&self, site: &Site, now: &Fingerprints) -> Vec<Option<u64>> {
        let paths: FastMap<&str, usize> = site
            .outputs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.path.as_str(), i))
            .collect();
        self.inputs
            .par_iter()
            .map(|input| now.resolve(input, &paths).map(|read| now.of(&read)))
            .collect()
    }

    /// The fingerprint a job that last read `reads` would have now (`None` when one of them
    /// is gone).
    pub(crate) fn fingerprint_now(reads: &[u32], inputs: &[Option<u64>]) -> Option<u64> {
        let mut b = Builder::default();
        for id in reads {
            b.add(inputs[*id as usize]?);
        }
        Some(b.finish())
    }
}
