//! Structured content: schemes, benefits, enrolment journeys, health facilities and guided
//! questions (`questions`), kept as
//! YAML records in `data/<kind>/*.yaml` (each file a list of records, split as editors like).
//!
//! Loading parses each record on its own, so every bad record of a file is reported with its
//! line; `check` then looks across records (duplicate ids, references). `pages` turns records
//! into pages of the site (`render::format` writes amounts and numbers in each language's way).

pub mod check;
pub mod dated;
pub mod import;
pub mod pages;
pub mod provinces;
pub mod questions;
pub mod rules;
pub mod schema;
pub mod spreadsheet;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::yaml;
pub use questions::QuestionTree;
pub use schema::*;

/// A data file, kept whole to point later checks at lines.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: PathBuf,
    pub text: String,
}

/// A record and where it was written: file number in [`Data::files`], the line of its `- `,
/// and its text in the file, so its fields are found without searching the file again
/// ([`Data::locate`]).
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub value: T,
    pub file: usize,
    /// 1-based line of the `- ` that starts the record.
    pub line: usize,
    /// The record's bytes in the file's text, up to the next record.
    pub(crate) span: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Data {
    pub files: Vec<DataFile>,
    pub schemes: Vec<Record<Scheme>>,
    pub benefits: Vec<Record<Benefit>>,
    pub journeys: Vec<Record<Journey>>,
    pub facilities: Vec<Record<Facility>>,
    pub questions: Vec<Record<QuestionTree>>,
    /// Changes whenever any data file changes (see `model::deps`).
    pub fingerprint: u64,
}

impl Data {
    pub fn is_empty(&self) -> bool {
        self.schemes.is_empty()
            && self.benefits.is_empty()
            && self.journeys.is_empty()
            && self.facilities.is_empty()
            && self.questions.is_empty()
    }

    /// Every translated text of every record.
    pub fn translated_fields(&self) -> Vec<&Translated> {
        self.records_texts()
            .into_iter()
            .flat_map(|(_, _, texts)| texts)
            .collect()
    }

    /// For each record: its file number, its id and its translated texts.
    pub fn records_texts(&self) -> Vec<(usize, &Id, Vec<&Translated>)> {
        fn of<T>(
            records: &[Record<T>],
            fields: fn(&T) -> (&Id, Vec<&Translated>),
        ) -> impl Iterator<Item = (usize, &Id, Vec<&Translated>)> {
            records.iter().map(move |r| {
                let (id, texts) = fields(&r.value);
                (r.file, id, texts)
            })
        }
        of(&self.schemes, |r| (&r.id, r.texts()))
            .chain(of(&self.benefits, |r| (&r.id, r.texts())))
            .chain(of(&self.journeys, |r| (&r.id, r.texts())))
            .chain(of(&self.facilities, |r| (&r.id, r.texts())))
            .chain(of(&self.questions, |r| (&r.id, r.texts())))
            .collect()
    }

    /// How many translated texts a reader of `lang` sees in another language.
    pub fn missing_translations(&self, lang: &str) -> usize {
        self.translated_fields()
            .iter()
            .filter(|t| t.lacks(lang))
            .count()
    }

    pub fn scheme(&self, id: &Id) -> Option<&Scheme> {
        self.schemes.iter().map(|r| &r.value).find(|s| &s.id == id)
    }

    pub fn journey(&self, id: &Id) -> Option<&Journey> {
        self.journeys.iter().map(|r| &r.value).find(|j| &j.id == id)
    }

    /// The line and column in its file of a record (`path` empty) or of a field of it,
    /// following `path` inside the record (`[Key("steps"), Item(2), Key("link")]`). A field the
    /// record does not have gives the deepest step found, at least the record's `- `.
    pub fn locate<T>(&self, record: &Record<T>, path: &[yaml::Step]) -> (usize, usize) {
        let text = &self.files[record.file].text[record.span.clone()];
        let mut steps = vec![yaml::Step::Item(0)];
        steps.extend_from_slice(path);
        let (line, column) = yaml::locate(text, &steps);
        (record.line + line - 1, column)
    }

    /// The record of `kind` (`scheme`, `benefit`, `journey`, `facility`, `question tree`, as in
    /// messages) with
    /// this id: its file and the line and column of its `id:`.
    pub fn find(&self, kind: &str, id: &str) -> Option<(&DataFile, usize, usize)> {
        fn find<T>(
            data: &Data,
            records: &[Record<T>],
            id: impl Fn(&T) -> bool,
        ) -> Option<(usize, (usize, usize))> {
            let r = records.iter().find(|r| id(&r.value))?;
            Some((r.file, data.locate(r, &[yaml::Step::Key("id")])))
        }
        let (file, (line, column)) = match kind {
            "scheme" => find(self, &self.schemes, |r| r.id.0 == id),
            "benefit" => find(self, &self.benefits, |r| r.id.0 == id),
            "journey" => find(self, &self.journeys, |r| r.id.0 == id),
            "facility" => find(self, &self.facilities, |r| r.id.0 == id),
            "question tree" => find(self, &self.questions, |r| r.id.0 == id),
            _ => None,
        }?;
        Some((&self.files[file], line, column))
    }

    /// Where the record a data page shows has its `id:` (the page's name comes from it), with
    /// its file. A province page shows no record of its own: `None`.
    pub fn page_location(&self, page: pages::DataRef) -> Option<(&DataFile, usize, usize)> {
        let (file, (line, column)) = match page {
            pages::DataRef::Scheme(i) => {
                let r = &self.schemes[i];
                (r.file, self.locate(r, &[yaml::Step::Key("id")]))
            }
            pages::DataRef::Journey(i) => {
                let r = &self.journeys[i];
                (r.file, self.locate(r, &[yaml::Step::Key("id")]))
            }
            pages::DataRef::Question(i) => {
                let r = &self.questions[i];
                (r.file, self.locate(r, &[yaml::Step::Key("id")]))
            }
            pages::DataRef::Province(_) => return None,
        };
        Some((&self.files[file], line, column))
    }

    /// An error about a record or one of its fields (see [`Data::locate`]).
    pub fn diagnostic<T>(
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

/// The folders of `data/`, one per kind.
pub const KINDS: [&str; 5] = ["schemes", "benefits", "journeys", "facilities", "questions"];

/// Reads every data file of the site.
pub fn load_data(config: &Config) -> (Data, Vec<Diagnostic>) {
    let data_dir = config.site_dir.join("data");
    let mut files = Vec::new();
    for kind in KINDS {
        let dir = data_dir.join(kind);
        if !dir.is_dir() {
            continue;
        }
        for entry in crate::load::source_files(&dir) {
            let name = entry.file_name().to_string_lossy();
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                files.push((kind, entry.into_path()));
            }
        }
    }
    let languages: Vec<String> = config.language_codes().map(str::to_string).collect();
    let parsed: Vec<(DataFile, Parsed, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(kind, path)| {
            schema::with_languages(&languages, || parse_file(kind, path, &config.site_dir))
        })
        .collect();

    let mut data = Data::default();
    let mut diagnostics = Vec::new();
    for (file_number, (file, records, problems)) in parsed.into_iter().enumerate() {
        data.files.push(file);
        diagnostics.extend(problems);
        let drafts = config.drafts;
        match records {
            Parsed::Schemes(list) => data.schemes.extend(records_of(list, file_number, drafts)),
            Parsed::Benefits(list) => data.benefits.extend(records_of(list, file_number, drafts)),
            Parsed::Journeys(list) => data.journeys.extend(records_of(list, file_number, drafts)),
            Parsed::Facilities(list) => {
                data.facilities
                    .extend(records_of(list, file_number, drafts))
            }
            Parsed::Questions(list) => data.questions.extend(records_of(list, file_number, drafts)),
        }
    }
    data.fingerprint = crate::fingerprint::of(
        data.files
            .iter()
            .map(|f| (&f.path, &f.text))
            .collect::<Vec<_>>(),
    );
    data.schemes
        .sort_by(|a, b| (a.value.weight, &a.value.id).cmp(&(b.value.weight, &b.value.id)));
    data.questions
        .sort_by(|a, b| (a.value.weight, &a.value.id).cmp(&(b.value.weight, &b.value.id)));
    diagnostics.extend(check::check_data(&data));
    diagnostics.extend(questions::check_questions(&data));
    diagnostics.extend(placeholders_in_records(&data));
    (data, diagnostics)
}

/// The records of a file, without its drafts unless `drafts`.
fn records_of<T: Draft>(
    list: Vec<Record<T>>,
    file: usize,
    drafts: bool,
) -> impl Iterator<Item = Record<T>> {
    list.into_iter()
        .filter(move |r| drafts || !r.value.is_draft())
        .map(move |r| Record { file, ..r })
}

/// Errors for the `TODO(spean)` placeholders of records that are not drafts (in their texts or
/// their comments: `spean new` puts some in comments beside values to check).
fn placeholders_in_records(data: &Data) -> Vec<Diagnostic> {
    fn published<T: Draft>(
        records: &[Record<T>],
    ) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
        records
            .iter()
            .filter(|r| !r.value.is_draft())
            .map(|r| (r.file, r.span.clone()))
    }
    let mut problems = Vec::new();
    let spans = published(&data.schemes)
        .chain(published(&data.benefits))
        .chain(published(&data.journeys))
        .chain(published(&data.facilities))
        .chain(published(&data.questions));
    for (number, span) in spans {
        let file = &data.files[number];
        for at in crate::placeholder::offsets(&file.text[span.clone()]) {
            problems.push(crate::placeholder::diagnostic(
                &file.path,
                &file.text,
                span.start + at,
                "write the real value in its place (and delete the comment that asks for it); until the record is ready, keep `draft: true` in it (drafts are not published)",
            ));
        }
    }
    problems
}

enum Parsed {
    Schemes(Vec<Record<Scheme>>),
    Benefits(Vec<Record<Benefit>>),
    Journeys(Vec<Record<Journey>>),
    Facilities(Vec<Record<Facility>>),
    Questions(Vec<Record<QuestionTree>>),
}

fn parse_file(kind: &str, path: &Path, site_dir: &Path) -> (DataFile, Parsed, Vec<Diagnostic>) {
    let shown = display_path(site_dir, path);
    let mut problems = Vec::new();
    let text = match std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))
        .and_then(|bytes| crate::load::source::decode(&bytes, &shown))
    {
        Ok(text) => text,
        Err(d) => {
            problems.push(d);
            String::new()
        }
    };
    let parsed = match kind {
        "schemes" => Parsed::Schemes(parse_records(&text, &shown, &mut problems)),
        "benefits" => Parsed::Benefits(parse_records(&text, &shown, &mut problems)),
        "journeys" => Parsed::Journeys(parse_records(&text, &shown, &mut problems)),
        "questions" => Parsed::Questions(parse_records(&text, &shown, &mut problems)),
        _ => Parsed::Facilities(parse_records(&text, &shown, &mut problems)),
    };
    (DataFile { path: shown, text }, parsed, problems)
}

/// Parses a list of records one record at a time (each `- ` at the start of a line begins one),
/// so every bad record is reported, each at its own line. The records' `file` is set by the
/// caller.
fn parse_records<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Record<T>> {
    let chunks = split_records(text);
    if chunks.is_empty() {
        if !text.trim().is_empty()
            && !text.lines().all(|l| {
                l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---"
            })
        {
            problems.push(
                Diagnostic::error(file, "this data file is not a list of records")
                    .at(text, 1, 1)
                    .with_hint(
                        "start each record with `- ` at the beginning of a line, e.g. `- id: ...`",
                    ),
            );
        }
        return Vec::new();
    }
    let mut records = Vec::new();
    for (first_line, span) in chunks {
        let placement = yaml::Placement {
            line_offset: first_line,
        };
        match yaml::parse::<Vec<T>>(&text[span.clone()], file, text, placement) {
            Ok(mut list) if list.len() == 1 => records.push(Record {
                value: list.remove(0),
                file: 0,
                line: first_line + 1,
                span,
            }),
            Ok(_) => {}
            Err(mut d) => {
                // Each record is parsed as a one-item list: drop that list's index from the path.
                d.message = strip_item_path(&d.message);
                problems.push(d);
            }
        }
    }
    records
}

/// `.[0].province: ...` → `province: ...`; `.[0]: ...` → `...`.
pub fn strip_item_path(message: &str) -> String {
    let rest = message
        .strip_prefix(".[0]")
        .or_else(|| message.strip_prefix("[0]"));
    match rest {
        Some(rest) => rest
            .trim_start_matches('.')
            .trim_start_matches(": ")
            .to_string(),
        None => message.to_string(),
    }
}

/// Where each top-level list item is: the number of lines before it, and its bytes.
fn split_records(text: &str) -> Vec<(usize, Range<usize>)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if line.starts_with("- ") || line.trim_end() == "-" {
            starts.push((number, offset));
        }
        offset += line.len();
    }
    let mut chunks = Vec::new();
    for (i, (line, start)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(_, s)| *s);
        chunks.push((*line, *start..end));
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_record_of_a_file_is_reported_at_its_line() {
        let text = "# facilities\n- id: a\n  name: A\n  type: health_centre\n  province: 12\n  district: X\n  source: s\n  last_verified: 2025-01-01\n- id: b\n  name: B\n  type: clinic\n  province: 12\n  district: X\n  source: s\n  last_verified: 2025-01-01\n- id: c\n  name: C\n  type: health_post\n  province: 30\n  district: X\n  source: s\n  last_verified: 2025-01-01\n";
        let mut problems = Vec::new();
        let records: Vec<Record<Facility>> =
            parse_records(text, Path::new("f.yaml"), &mut problems);
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].value.id.0.as_str(), records[0].line), ("a", 2));
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert_eq!(problems[0].line, 11);
        assert!(problems[0].message.contains("unknown variant `clinic`"));
        assert_eq!((problems[1].line, problems[1].column), (19, 13));
        assert!(problems[1].message.contains("province 30"));
    }
}
