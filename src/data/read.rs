//! Step 1 (load, beside content): reads `data/<kind>/*.yaml`, each kind in turn, each file on
//! its own thread. A file is a list of records, parsed one record at a time, so every bad record
//! of a file is reported with its line; records are then checked across (`check`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::kind::Kind;
use super::{Data, DataFile, Record, schema};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::yaml;

/// Reads every data file of the site, then checks its records.
pub(crate) fn load_data(config: &Config) -> (Data, Vec<Diagnostic>) {
    let mut data = Data::default();
    let mut diagnostics = Vec::new();
    super::read_kinds(&mut data, config, &mut diagnostics);
    data.fingerprint = crate::fingerprint::of(
        data.files
            .iter()
            .map(|f| (&f.path, &f.text))
            .collect::<Vec<_>>(),
    );
    diagnostics.extend(super::check::check_data(&data));
    (data, diagnostics)
}

/// Reads the files of kind `K` (`data/<folder>/*.yaml`), numbering them after `files`, and
/// keeps their records, without drafts unless the build asks for them; kinds with a `weight`
/// are sorted by it, then by id.
pub(super) fn read_kind<K: Kind>(
    config: &Config,
    files: &mut Vec<DataFile>,
    records: &mut Vec<Record<K>>,
    problems: &mut Vec<Diagnostic>,
) {
    let dir = config.site_dir.join("data").join(K::INFO.folder);
    if !dir.is_dir() {
        return;
    }
    let paths: Vec<PathBuf> = crate::load::source_files(&dir)
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy();
            name.ends_with(".yaml") || name.ends_with(".yml")
        })
        .map(walkdir::DirEntry::into_path)
        .collect();
    let languages: Vec<String> = config.language_codes().map(str::to_string).collect();
    let parsed: Vec<(DataFile, Vec<Record<K>>, Vec<Diagnostic>)> = paths
        .par_iter()
        .map(|path| schema::with_languages(&languages, || parse_file(path, &config.site_dir)))
        .collect();
    for (file, list, file_problems) in parsed {
        let number = files.len();
        files.push(file);
        problems.extend(file_problems);
        records.extend(
            list.into_iter()
                .filter(|r| config.drafts || !r.value.is_draft())
                .map(|r| Record { file: number, ..r }),
        );
    }
    if records.iter().all(|r| r.value.weight().is_some()) {
        records.sort_by(|a, b| {
            (a.value.weight(), a.value.id()).cmp(&(b.value.weight(), b.value.id()))
        });
    }
}

fn parse_file<T: DeserializeOwned>(
    path: &Path,
    site_dir: &Path,
) -> (DataFile, Vec<Record<T>>, Vec<Diagnostic>) {
    let shown = display_path(site_dir, path);
    let mut problems = Vec::new();
    let text = match std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))
        .and_then(|bytes| crate::text::decode(&bytes, &shown))
    {
        Ok(text) => text,
        Err(d) => {
            problems.push(d);
            String::new()
        }
    };
    let records = parse_records(&text, &shown, &mut problems);
    (DataFile { path: shown, text }, records, problems)
}

/// Parses a list of records one record at a time (each `- ` at the start of a line begins one),
/// so every bad record is reported, each at its own line. The records' `file` is set by the
/// caller.
pub(super) fn parse_records<T: DeserializeOwned>(
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
pub(crate) fn strip_item_path(message: &str) -> String {
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
    use crate::data::Facility;

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
