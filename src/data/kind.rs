//! Step 1 (load, beside content): what a kind of record tells the steps that treat every kind
//! alike. Its schema implements [`Fields`] (what loading, the checks, `spean check` and the
//! page step read of a record) and [`Kind`] (its folder, its name in messages, its pages), and
//! one line of `kinds!` in `data/mod.rs` registers it: [`Data`] gets its list of records and
//! [`Data::kinds`] its row in the table the generic steps go through.

use std::ops::Range;

use serde::de::DeserializeOwned;

use super::{Amount, Data, Date, Id, Record, Sources, Translated};
use crate::diagnostic::Diagnostic;
use crate::load::record_ref::RecordRef;
use crate::yaml::Step;

/// A kind of record, as the generic steps name it.
#[derive(Debug)]
pub(crate) struct KindInfo {
    /// Its folder under `data/`: `schemes`.
    pub folder: &'static str,
    /// One record in messages: `scheme`, `question tree`.
    pub name: &'static str,
    /// The section of `content/` its pages are in (`schemes`): the section's `_index` page
    /// holds the editors' introduction. `None`: its records have no pages.
    pub section: Option<&'static str>,
    /// The template of a page per record (`scheme.html`); `None` when its records have no page
    /// of their own (benefits show on their scheme's page, facilities on their province's).
    pub template: Option<&'static str>,
}

/// A record of another kind that a record names, at the field that names it.
pub(crate) struct Reference<'a> {
    pub at: Vec<Step<'static>>,
    pub kind: &'static KindInfo,
    pub id: &'a Id,
}

/// A link of a record to a page of the site (`@/path/to/page.md`), checked and resolved with
/// the site's other links, at the field that holds it.
pub(crate) struct RecordLink<'a> {
    pub at: Vec<Step<'static>>,
    pub link: &'a str,
    /// What the field should hold, for the message of a link that is not one.
    pub why: &'static str,
}

/// What the page of a record takes from it (kinds with a template).
#[derive(Default)]
pub(crate) struct RecordPage<'a> {
    pub title: Option<&'a Translated>,
    pub summary: Option<&'a Translated>,
    /// The fixed ids of its template's sections (`#cost`), checked like any heading's anchor.
    pub anchors: Vec<String>,
    /// In the order the page's links are resolved in (templates find them by that order).
    pub links: Vec<RecordLink<'a>>,
    pub sample: bool,
}

/// What the steps that treat every kind alike read of a record.
pub(crate) trait Fields {
    fn id(&self) -> &Id;
    /// Left out of the site unless the build asks for drafts (`spean new` writes drafts).
    fn is_draft(&self) -> bool;
    fn last_verified(&self) -> &Date;
    fn sources(&self) -> &Sources;
    /// Every translated text of the record (translation status).
    fn texts(&self) -> Vec<&Translated>;
    /// Its `weight:` for kinds whose records editors order: those are listed by weight, then
    /// id; the others as written (and their pages weigh their place).
    fn weight(&self) -> Option<i64> {
        None
    }
    /// The records of other kinds it names.
    fn references(&self) -> Vec<Reference<'_>> {
        Vec::new()
    }
    /// Every amount, at its field, for the dated changes `spean check` announces.
    fn amounts(&self) -> Vec<(Vec<Step<'static>>, &Amount)> {
        Vec::new()
    }
    /// Problems of the record alone that parsing cannot see (an amount both money and rate, a
    /// journey without steps...).
    fn problems(&self, _at: &Reporter) -> Vec<Diagnostic> {
        Vec::new()
    }
    /// What its page takes from it; used when its kind has a template.
    fn page(&self) -> RecordPage<'_> {
        RecordPage::default()
    }
}

/// A kind of record: its schema, parsed from `data/<folder>/*.yaml`.
pub(crate) trait Kind: Fields + DeserializeOwned + Send + 'static {
    const INFO: &'static KindInfo;

    /// The record number of a page's `data:` when it shows a record of this kind.
    fn index_of(page: RecordRef) -> Option<usize> {
        (page.kind == Self::INFO.folder).then_some(page.index)
    }
}

/// A row of the table of kinds ([`Data::kinds`]): the kind and its records, each as [`Fields`].
pub(crate) struct Records<'a> {
    pub kind: &'static KindInfo,
    pub records: Vec<Record<&'a dyn Fields>>,
}

impl<'a> Records<'a> {
    pub(crate) fn of<K: Kind>(records: &'a [Record<K>]) -> Records<'a> {
        Records {
            kind: K::INFO,
            records: records
                .iter()
                .map(|r| Record {
                    value: &r.value as &dyn Fields,
                    file: r.file,
                    line: r.line,
                    span: r.span.clone(),
                })
                .collect(),
        }
    }
}

/// Diagnostics about one record or its fields, at their lines ([`Data::locate`]).
pub(crate) struct Reporter<'a> {
    pub data: &'a Data,
    file: usize,
    line: usize,
    span: Range<usize>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new<T>(data: &'a Data, record: &Record<T>) -> Reporter<'a> {
        Reporter {
            data,
            file: record.file,
            line: record.line,
            span: record.span.clone(),
        }
    }

    fn place(&self) -> Record<()> {
        Record {
            value: (),
            file: self.file,
            line: self.line,
            span: self.span.clone(),
        }
    }

    /// The line of a field of the record.
    pub(crate) fn line(&self, path: &[Step]) -> usize {
        self.data.locate(&self.place(), path).0
    }

    /// An error at a field, with a hint.
    pub(crate) fn at(
        &self,
        path: &[Step],
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        self.data
            .diagnostic(&self.place(), path, message)
            .with_hint(hint)
    }
}

/// Registers the kinds of records, one line each (`schemes: Scheme`): the field of [`Data`]
/// holding its records, and its type (which implements [`Kind`]). Makes [`Data`], its table
/// [`Data::kinds`] and the loading of each kind in turn.
macro_rules! kinds {
    ($($field:ident: $kind:ty),* $(,)?) => {
        /// Every data file and record of the site, by kind.
        #[derive(Debug, Default)]
        pub(crate) struct Data {
            pub files: Vec<DataFile>,
            $(
                #[doc = concat!("The records of `data/", stringify!($field), "/`.")]
                pub $field: Vec<Record<$kind>>,
            )*
            /// Changes whenever any data file changes (a page made from data reads it).
            pub fingerprint: u64,
        }

        impl Data {
            /// The table of kinds, in the order they are registered: each kind with its records.
            pub(crate) fn kinds(&self) -> Vec<kind::Records<'_>> {
                vec![$(kind::Records::of(&self.$field)),*]
            }
        }

        /// Reads every kind's files in turn (files are numbered in that order).
        fn read_kinds(data: &mut Data, config: &Config, problems: &mut Vec<Diagnostic>) {
            $(read::read_kind(config, &mut data.files, &mut data.$field, problems);)*
        }
    };
}
pub(crate) use kinds;

#[cfg(test)]
mod tests;
