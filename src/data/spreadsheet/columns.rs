//! The columns of a facility spreadsheet: the field names of `data::schema::Facility`, a
//! translated field once per language (`name_km`, `name_en`, `name_fr`) or once for all
//! (`name`). The header row is checked whole (unknown, repeated and missing columns) before rows.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::yaml;

/// Fields with a text per language; `services` is a `;`-separated list of such texts.
pub(super) const TRANSLATED: [&str; 6] = [
    "name", "district", "commune", "address", "hours", "services",
];
/// Every field, in the documented order: the order of the YAML import writes and of the columns
/// of the published CSV.
pub(super) const FIELDS: [&str; 19] = [
    "id",
    "name",
    "type",
    "province",
    "district",
    "commune",
    "address",
    "phone",
    "hours",
    "emergency_24h",
    "services",
    "nssf_contract",
    "contract_checked",
    "nssf_desk",
    "lat",
    "lon",
    "source",
    "last_verified",
    "sample",
];
/// Fields answered yes or no.
pub(super) const YES_NO: [&str; 4] = ["emergency_24h", "nssf_contract", "nssf_desk", "sample"];
/// Fields every facility has.
pub(super) const REQUIRED: [&str; 7] = [
    "id",
    "name",
    "type",
    "province",
    "district",
    "source",
    "last_verified",
];

/// What one column of the header holds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column<'a> {
    /// The column's name as written in the header, for messages.
    pub name: &'a str,
    pub field: &'static str,
    /// For a translated field: the language, or `None` for a text in every language.
    pub lang: Option<&'a str>,
}

/// Reads the header row: one entry per cell, `None` for a column that cannot be used (unknown,
/// a repeat, or without a name). Every problem of the header goes to `problems`; `starts` are the byte offsets
/// of the cells in `text` (see `cells::row_layout`).
pub(super) fn read_header<'a>(
    header: &'a csv::StringRecord,
    starts: &[usize],
    text: &str,
    file: &Path,
    languages: &'a [String],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Option<Column<'a>>> {
    let at = |i: usize| {
        let offset = starts.get(i).or(starts.first()).copied().unwrap_or(0);
        move |d: Diagnostic| d.at_offset(text, offset)
    };
    let mut columns = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    // For each translated field, the first column giving it (and whether that one is for all
    // languages), to refuse `name` beside `name_en`.
    let mut translated: BTreeMap<&str, (&str, bool)> = BTreeMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let number = i + 1;
        if name.contains('\0') {
            problems.push(at(i)(
                Diagnostic::error(
                    file,
                    format!("column {number}: the header holds a NUL character"),
                )
                .with_hint("the file may be saved as UTF-16: save or export it as CSV UTF-8"),
            ));
            columns.push(None);
            continue;
        }
        if name.is_empty() {
            // A spreadsheet often exports empty columns after the last one; their cells are
            // checked to be empty row by row.
            columns.push(None);
            continue;
        }
        if let Some(&first) = seen.get(name) {
            problems.push(at(i)(
                Diagnostic::error(
                    file,
                    format!("column `{name}` appears twice (columns {first} and {number})"),
                )
                .with_hint("keep one of them: spean would not know which one to use"),
            ));
            columns.push(None);
            continue;
        }
        seen.insert(name, number);
        let Some(column) = column_of(name, languages) else {
            problems.push(at(i)(unknown_column(file, name, number, languages)));
            columns.push(None);
            continue;
        };
        if TRANSLATED.contains(&column.field) {
            let all = column.lang.is_none();
            match translated.get(column.field) {
                Some(&(other, other_all)) if all || other_all => {
                    problems.push(at(i)(
                        Diagnostic::error(
                            file,
                            format!("columns `{other}` and `{name}` both give the {}", column.field),
                        )
                        .with_hint(format!(
                            "use `{0}` for one text in every language, or one column per language ({0}_{1}), not both",
                            column.field,
                            languages.join(&format!(", {}_", column.field))
                        )),
                    ));
                    columns.push(None);
                    continue;
                }
                Some(_) => {}
                None => {
                    translated.insert(column.field, (name, all));
                }
            }
        }
        columns.push(Some(column));
    }
    problems.extend(missing_columns(&columns, file, languages).map(at(0)));
    columns
}

/// An error for each required field no column gives.
fn missing_columns<'a>(
    columns: &'a [Option<Column>],
    file: &'a Path,
    languages: &'a [String],
) -> impl Iterator<Item = Diagnostic> + 'a {
    let missing = REQUIRED
        .into_iter()
        .filter(|field| !columns.iter().flatten().any(|c| c.field == *field));
    missing.map(move |field| {
        let hint = if TRANSLATED.contains(&field) {
            format!(
                "add a column `{field}` (one text for every language) or one per language: {field}_{}",
                languages.join(&format!(", {field}_"))
            )
        } else {
            format!("add a column `{field}`")
        };
        Diagnostic::error(file, format!("no `{field}` column: every facility needs one"))
            .with_hint(hint)
    })
}

/// The field (and language) a column name stands for: `name_en` → name in `en`, `phone` → phone.
fn column_of<'a>(name: &'a str, languages: &[String]) -> Option<Column<'a>> {
    if let Some(field) = FIELDS.iter().find(|f| **f == name) {
        return Some(Column {
            name,
            field,
            lang: None,
        });
    }
    let (field, lang) = name.rsplit_once('_')?;
    let field = TRANSLATED.iter().find(|f| **f == field)?;
    languages.iter().any(|l| l == lang).then_some(Column {
        name,
        field,
        lang: Some(lang),
    })
}

fn unknown_column(file: &Path, name: &str, number: usize, languages: &[String]) -> Diagnostic {
    let message = format!("unknown column `{name}` (column {number})");
    if let Some((field, lang)) = name.rsplit_once('_')
        && TRANSLATED.contains(&field)
    {
        return Diagnostic::error(file, message).with_hint(format!(
            "`{lang}` is not a language of this site (languages: {})",
            languages.join(", ")
        ));
    }
    let known: Vec<String> = FIELDS
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let hint = match yaml::closest(name, &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "columns: {}; translated ones also as name_km, name_en...",
            known.join(", ")
        ),
    };
    Diagnostic::error(file, message).with_hint(hint)
}
