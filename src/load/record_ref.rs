//! Step 1 (load): which record a page of structured data shows, the `data:` of its
//! [`SourcePage`](super::SourcePage). Named by its kind's folder, so loading pages needs no type
//! of `data` and a new kind of record needs nothing here.

/// A record of `data/` shown by a page: `schemes` record 2, or a province's page of the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RecordRef {
    /// The kind's folder under `data/` (`schemes`, `journeys`...), or
    /// `data::provinces::PROVINCES` for a province's page of the directory.
    pub kind: &'static str,
    /// The record's number among the loaded records of its kind; a province's page: its code.
    pub index: usize,
}
