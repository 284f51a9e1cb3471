//! Structured content: schemes, benefits, enrolment journeys, health facilities and guided
//! questions (`questions`), kept as
//! YAML records in `data/<kind>/*.yaml` (each file a list of records, split as editors like).
//!
//! Step 1 of the pipeline for `data/` (beside `load` for `content/`): `read` parses each
//! record on its own, so every bad record of a file is reported with its line; `check` then
//! looks across records (duplicate ids, references); `pages` turns records into pages of the
//! site (step 1 too: they join the Markdown pages). Each kind of record is one schema that
//! implements `kind::Kind`, and one line of `kinds!` below.

pub(crate) mod check;
pub(crate) mod dated;
pub(crate) mod import;
pub(crate) mod kind;
pub(crate) mod pages;
pub(crate) mod provinces;
pub(crate) mod questions;
pub(crate) mod read;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod spreadsheet;

use std::ops::Range;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::record_ref::RecordRef;
use crate::yaml;
pub(crate) use kind::Kind;
pub(crate) use questions::QuestionTree;
pub(crate) use read::{load_data, strip_item_path};
pub(crate) use schema::*;

// The kinds of records, in the order they are read, checked and listed. A new kind: its schema
// (implementing `Kind`), its template if it has pages, and one line here.
kind::kinds! {
    schemes: Scheme,
    benefits: Benefit,
    journeys: Journey,
    facilities: Facility,
    questions: QuestionTree,
}

/// A data file, kept whole to point later checks at lines.
#[derive(Debug, Clone)]
pub(crate) struct DataFile {
    pub path: PathBuf,
    pub text: String,
}

/// A record and where it was written: file number in [`Data::files`], the line of its `- `,
/// and its text in the file, so its fields are found without searching the file again
/// ([`Data::locate`]).
#[derive(Debug, Clone)]
pub(crate) struct Record<T> {
    pub value: T,
    pub file: usize,
    /// 1-based line of the `- ` that starts the record.
    pub line: usize,
    /// The record's bytes in the file's text, up to the next record.
    pub(crate) span: Range<usize>,
}

impl Data {
    /// Every translated text of every record.
    pub(crate) fn translated_fields(&self) -> Vec<&Translated> {
        self.records_texts()
            .into_iter()
            .flat_map(|(_, _, texts)| texts)
            .collect()
    }

    /// For each record: its file number, its id and its translated texts.
    pub(crate) fn records_texts(&self) -> Vec<(usize, &Id, Vec<&Translated>)> {
        self.kinds()
            .into_iter()
            .flat_map(|k| k.records)
            .map(|r| (r.file, r.value.id(), r.value.texts()))
            .collect()
    }

    /// How many translated texts a reader of `lang` sees in another language.
    pub(crate) fn missing_translations(&self, lang: &str) -> usize {
        self.translated_fields()
            .iter()
            .filter(|t| t.lacks(lang))
            .count()
    }

    pub(crate) fn scheme(&self, id: &Id) -> Option<&Scheme> {
        self.schemes.iter().map(|r| &r.value).find(|s| &s.id == id)
    }

    pub(crate) fn journey(&self, id: &Id) -> Option<&Journey> {
        self.journeys.iter().map(|r| &r.value).find(|j| &j.id == id)
    }

    /// The line and column in its file of a record (`path` empty) or of a field of it,
    /// following `path` inside the record (`[Key("steps"), Item(2), Key("link")]`). A field the
    /// record does not have gives the deepest step found, at least the record's `- `.
    pub(crate) fn locate<T>(&self, record: &Record<T>, path: &[yaml::Step]) -> (usize, usize) {
        let text = &self.files[record.file].text[record.span.clone()];
        let mut steps = vec![yaml::Step::Item(0)];
        steps.extend_from_slice(path);
        let (line, column) = yaml::locate(text, &steps);
        (record.line + line - 1, column)
    }

    /// The record of `kind` (`scheme`, `benefit`, `journey`, `facility`, `question tree`, as in
    /// messages) with this id: its file and the line and column of its `id:`.
    pub(crate) fn find(&self, kind: &str, id: &str) -> Option<(&DataFile, usize, usize)> {
        let kinds = self.kinds();
        let records = &kinds.iter().find(|k| k.kind.name == kind)?.records;
        let r = records.iter().find(|r| r.value.id().0 == id)?;
        let (line, column) = self.locate(r, &[yaml::Step::Key("id")]);
        Some((&self.files[r.file], line, column))
    }

    /// Where the record a data page shows has its `id:` (the page's name comes from it), with
    /// its file. A province page shows no record of its own: `None`.
    pub(crate) fn page_location(&self, page: RecordRef) -> Option<(&DataFile, usize, usize)> {
        let kinds = self.kinds();
        let records = &kinds.iter().find(|k| k.kind.folder == page.kind)?.records;
        let r = records.get(page.index)?;
        let (line, column) = self.locate(r, &[yaml::Step::Key("id")]);
        Some((&self.files[r.file], line, column))
    }

    /// An error about a record or one of its fields (see [`Data::locate`]).
    pub(crate) fn diagnostic<T>(
        &self,
        record: &Record<T>,
        path: &[yaml::Step],
        message: impl Into<String>,
    ) -> Diagnostic {
        let file = &self.files[record.file];
        let (line, column) = self.locate(record, path);
        Diagnostic::error(&file.path, message).at(&file.text, line, column)
    }
}
