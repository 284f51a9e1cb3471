//! What a kept engine (watch, serve) remembers of the last good build: for each job, the
//! fingerprint it had, what it read (`render::reads`) and the files it made; every file of the
//! output with the fingerprint of its bytes; and each language's search index.
//!
//! Jobs are kept in the order of the plan that ran them, with their keys beside them: when the
//! next model has the same shape (a patched model), job `j` of the new plan is job `j` here, and
//! every input is the same read of the model as before, so a rebuild looks nothing up by name.

use std::sync::Arc;

use rayon::prelude::*;

use crate::fingerprint::{Builder, FastMap};
use crate::model::Site;
use crate::render::reads::{Fingerprints, Input, Read, Table};
use crate::search;

/// One job as it last ran.
#[derive(Default)]
pub(crate) struct Recorded {
    pub(crate) fingerprint: u64,
    /// What it read, as numbers into `Memory::inputs`; `None` for a job whose fingerprint is
    /// known before it runs (a static file, the public key).
    pub(crate) reads: Option<Vec<u32>>,
    pub(crate) files: Vec<String>,
}

#[derive(Default)]
pub(crate) struct Memory {
    /// How each job of the last plan last ran, in the plan's order, and the jobs' keys.
    pub(crate) jobs: Vec<Recorded>,
    pub(crate) keys: Arc<[String]>,
    /// Every input any job read, once, and what it is in the model this memory describes
    /// (`None`: that model does not have it).
    inputs: Vec<Input>,
    reads: Vec<Option<Read>>,
    ids: FastMap<Input, u32>,
    /// The fingerprints of the model this memory describes, which is the engine's model: a
    /// patch of it changes only the fingerprints of the outputs it changed. `None` after a
    /// failed rebuild (the engine's model is then newer than this memory).
    pub(crate) table: Option<Table>,
    /// Every file of the output → fingerprint of its bytes (static files: of their source),
    /// shared with the writer of the next rebuild (which reads it and makes a new one).
    pub(crate) files: Arc<FastMap<String, u64>>,
    /// Per language: the search index with every document, and the files it was written as.
    pub(crate) search: Vec<search::Indexer>,
    pub(crate) search_files: Vec<Vec<String>>,
}

impl Memory {
    /// The numbers of `reads` (of `site`, the model this memory is about to describe) in the
    /// input table, adding the inputs it does not have yet.
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
                self.reads.push(Some(read.clone()));
                self.ids.insert(input, id);
                id
            })
            .collect()
    }

    /// What each remembered input gives in a new model (`None`: it is gone). `same_shape`:
    /// the new model is this memory's with only some pages' text changed, so each input is the
    /// same read as before; otherwise each is found again by its name, and from then on this
    /// memory's reads are those of the new model.
    pub(crate) fn input_fingerprints(
        &mut self,
        site: &Site,
        now: &Fingerprints,
        same_shape: bool,
    ) -> Vec<Option<u64>> {
        if !same_shape {
            let paths: FastMap<&str, usize> = site
                .outputs
                .iter()
                .enumerate()
                .map(|(i, o)| (o.path.as_str(), i))
                .collect();
            self.reads = self
                .inputs
                .par_iter()
                .map(|input| now.resolve(input, &paths))
                .collect();
        }
        self.reads
            .par_iter()
            .map(|read| read.as_ref().map(|read| now.of(read)))
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
