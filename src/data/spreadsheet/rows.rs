//! Import, step by step: decode the file, check the header (`columns`), check every cell of
//! every row with the site's own rules (ids, facility types, province codes, phones, yes/no
//! answers, dates, coordinates) and the formula rule (`cells`), so one run lists every problem
//! by row and column; only a sheet without any problem becomes the YAML of `data/facilities/`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use serde::de::value::{Error as ValueError, I64Deserializer, StrDeserializer};

use super::cells::{self, RowLayout};
use super::columns::{self, Column, FIELDS, REQUIRED, TRANSLATED, YES_NO};
use crate::data::{Date, Facility, FacilityType, Id, Latitude, Longitude, Phone, ProvinceCode};
use crate::diagnostic::Diagnostic;
use crate::progress::Progress;
use crate::yaml::{self, Value};

/// The words a yes/no column accepts, in the site's three languages.
const YES: [&str; 7] = ["yes", "y", "true", "1", "oui", "បាទ", "ចាស"];
const NO: [&str; 6] = ["no", "n", "false", "0", "non", "ទេ"];

/// Reads a CSV of facilities (its bytes, as read from the file) and returns the YAML text for
/// `data/facilities/` with the number of facilities, or every problem of the sheet. `taken`:
/// the ids of the site's other facilities, with where each is (`data/facilities/a.yaml:4:3`).
/// `progress` is told of each row checked.
pub(crate) fn import_facilities(
    bytes: &[u8],
    file: &Path,
    languages: &[String],
    taken: &HashMap<String, String>,
    progress: &Progress,
) -> Result<(String, usize), Vec<Diagnostic>> {
    let text = crate::text::decode(bytes, file).map_err(|d| vec![d])?;
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(file, "the file is empty").with_hint(
            "export the sheet with its header row (id, name, type, ...) and one row per facility",
        )]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut problems = Vec::new();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(err)) => return Err(vec![unreadable(file, &text, &err)]),
        None => return Err(vec![Diagnostic::error(file, "the file has no rows")]),
    };
    let header_layout = cells::row_layout(&text, start_of(&header));
    let columns = columns::read_header(
        &header,
        &header_layout.starts,
        &text,
        file,
        languages,
        &mut problems,
    );
    let mut sheet = Sheet {
        text: &text,
        file,
        header: &header,
        columns: &columns,
        header_ok: problems.is_empty(),
        ids: HashMap::new(),
        taken,
        problems,
    };
    // A record whose quoted cells hold line breaks is one row of the spreadsheet but several
    // lines of the file: rows are counted as the spreadsheet shows them.
    let mut inner_line_breaks = header_layout.inner_line_breaks;
    let mut facilities = Vec::new();
    let mut rows = 0;
    progress.stage(
        "checking rows",
        csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .count(),
    );
    for record in records {
        progress.advance();
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                sheet.problems.push(unreadable(file, &text, &err));
                continue;
            }
        };
        let layout = cells::row_layout(&text, start_of(&record));
        let line = record.position().map_or(1, |p| p.line() as usize);
        let row = (line + layout.blank_lines_before).saturating_sub(inner_line_breaks);
        inner_line_breaks += layout.inner_line_breaks;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if let Some(facility) = sheet.check_row(&record, &layout, row, languages) {
            facilities.push(facility);
        }
    }
    let mut problems = sheet.problems;
    if rows == 0 {
        problems.push(
            Diagnostic::error(file, "no facility rows below the header")
                .at_offset(&text, header_layout.starts[0])
                .with_hint("add one row per facility under the header row"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((facilities_yaml(file, &facilities), facilities.len()))
}

/// The YAML file of the imported facilities, saying where they come from.
fn facilities_yaml<T: serde::Serialize>(file: &Path, facilities: &[T]) -> String {
    // The name goes into a YAML comment: a line break in it must not start a line of YAML.
    // (U+2028 and U+2029 are line breaks to YAML too, though not control characters.)
    let shown = file.display().to_string().replace(
        |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'),
        "?",
    );
    let mut out = format!(
        "# Health facilities imported from {shown} by `spean import facilities`.\n# Edit here or in the spreadsheet (then import again).\n"
    );
    out.push_str(&yaml::to_string(&facilities));
    out
}

fn start_of(record: &csv::StringRecord) -> usize {
    record.position().map_or(0, |p| p.byte() as usize)
}

fn unreadable(file: &Path, text: &str, err: &csv::Error) -> Diagnostic {
    let line = err.position().map_or(1, |p| p.line() as usize);
    Diagnostic::error(file, format!("cannot read this row: {err}")).at(text, line, 1)
}

/// The sheet being read: what every row is checked against, and the problems so far.
struct Sheet<'a> {
    text: &'a str,
    file: &'a Path,
    header: &'a csv::StringRecord,
    columns: &'a [Option<Column<'a>>],
    /// Whether the header has no problem: otherwise rows are checked cell by cell only (a
    /// missing column is reported once, at the header, not in every row).
    header_ok: bool,
    /// Each id met so far and its row, to refuse a second facility with the same id.
    ids: HashMap<String, usize>,
    /// The ids of the site's other facilities, with where each is.
    taken: &'a HashMap<String, String>,
    problems: Vec<Diagnostic>,
}

/// A problem of one cell, in an editor's words.
struct Problem {
    message: String,
    hint: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// A cell's value: a text for one language (or all), or a value for the record as it is.
enum Cell {
    Text(String),
    Value(Value),
}

impl Sheet<'_> {
    /// Checks every cell of a row; the facility as YAML when the row has no problem.
    fn check_row(
        &mut self,
        record: &csv::StringRecord,
        layout: &RowLayout,
        row: usize,
        languages: &[String],
    ) -> Option<Value> {
        let before = self.problems.len();
        if record.len() != self.columns.len() {
            let d = Diagnostic::error(
                self.file,
                format!(
                    "row {row} has {} cells, but the header has {} columns",
                    record.len(),
                    self.columns.len()
                ),
            )
            .at_offset(self.text, layout.starts[0])
            .with_hint("a cell holding a comma must be in double quotes, like \"Kampot, river side\" (spreadsheet programs do this when they export CSV)");
            self.problems.push(d);
            return None;
        }
        let mut values: BTreeMap<&str, Value> = BTreeMap::new();
        let mut texts: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
        let mut first_column: BTreeMap<&str, usize> = BTreeMap::new();
        let mut refused: Vec<&str> = Vec::new();
        for (i, raw) in record.iter().enumerate() {
            let Some(column) = self.columns[i] else {
                let unnamed = self.header.get(i).is_some_and(|h| h.trim().is_empty());
                if unnamed && !raw.trim().is_empty() {
                    let problem = Problem::new(format!(
                        "this cell is under a column without a name (column {})",
                        i + 1
                    ))
                    .hint("give the column a name in the header row, or empty the cell");
                    self.report(row, None, layout, i, problem);
                }
                continue;
            };
            first_column.entry(column.field).or_insert(i);
            match cell_value(column, raw) {
                Ok(None) => {}
                Ok(Some(Cell::Text(text))) => {
                    let lang = column.lang.unwrap_or("*").to_string();
                    texts.entry(column.field).or_default().insert(lang, text);
                }
                Ok(Some(Cell::Value(value))) => {
                    values.insert(column.field, value);
                }
                Err(problem) => {
                    refused.push(column.field);
                    self.report(row, Some(column.name), layout, i, problem);
                }
            }
        }
        for field in REQUIRED {
            let given = values.contains_key(field) || texts.contains_key(field);
            if let Some(&i) = first_column.get(field)
                && !given
                && !refused.contains(&field)
            {
                let problem = Problem::new("empty: every facility needs one");
                self.report(row, self.columns[i].map(|c| c.name), layout, i, problem);
            }
        }
        if let Some(Value::String(id)) = values.get("id") {
            if let Some(&other) = self.ids.get(id) {
                let i = first_column["id"];
                let problem = Problem::new(format!("`{id}` is already the id of row {other}"))
                    .hint("every facility needs its own id");
                self.report(row, Some("id"), layout, i, problem);
            } else if let Some(place) = self.taken.get(id) {
                let i = first_column["id"];
                let problem = Problem::new(format!(
                    "`{id}` is already the id of a facility of the site, at {place}"
                ))
                .hint("every facility needs its own id: change it here, or remove that record");
                self.report(row, Some("id"), layout, i, problem);
            } else {
                self.ids.insert(id.clone(), row);
            }
        }
        if self.problems.len() > before || !self.header_ok {
            return None;
        }
        let record = facility_value(values, texts);
        self.confirm(&record, row, layout, languages)
            .then_some(record)
    }

    fn report(
        &mut self,
        row: usize,
        column: Option<&str>,
        layout: &RowLayout,
        i: usize,
        problem: Problem,
    ) {
        let offset = layout.starts.get(i).copied().unwrap_or(layout.starts[0]);
        let place = match column {
            Some(name) => format!("row {row}, column `{name}`"),
            None => format!("row {row}"),
        };
        let mut d = Diagnostic::error(self.file, format!("{place}: {}", problem.message))
            .at_offset(self.text, offset);
        d.hint = problem.hint;
        self.problems.push(d);
    }

    /// Parses the record as the build will (the cells were checked one by one; this checks
    /// them together, with the same code as `data/facilities/*.yaml`).
    fn confirm(
        &mut self,
        record: &Value,
        row: usize,
        layout: &RowLayout,
        langs: &[String],
    ) -> bool {
        let text = yaml::to_string(&vec![record.clone()]);
        let parsed: Result<Vec<Facility>, Diagnostic> = crate::data::with_languages(langs, || {
            yaml::parse(&text, self.file, &text, yaml::Placement::WHOLE_FILE)
        });
        match parsed {
            Ok(_) => true,
            Err(d) => {
                let message = crate::data::strip_item_path(&d.message);
                let problem =
                    Problem::new(message).hint("fix this row in the spreadsheet and export again");
                self.report(row, None, layout, 0, problem);
                false
            }
        }
    }
}

/// Checks one cell with the rule of its field; `None` for an empty cell.
fn cell_value(column: Column, raw: &str) -> Result<Option<Cell>, Problem> {
    if raw.contains('\0') {
        return Err(
            Problem::new("the cell holds a NUL character, which no text may hold")
                .hint("the export may be damaged: export the sheet again as CSV UTF-8"),
        );
    }
    let cell = match cells::unescape(raw) {
        Some(text) => text,
        None => match cells::formula_start(raw) {
            Some('+') if column.field == "phone" => raw,
            Some(start) => return Err(formula(raw, start)),
            None => raw,
        },
    };
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let text = || Value::String(cell.to_string());
    let value = match column.field {
        field if TRANSLATED.contains(&field) => return Ok(Some(Cell::Text(cell.to_string()))),
        field if YES_NO.contains(&field) => Value::Bool(yes_no(cell)?),
        "id" => {
            Id::deserialize(StrDeserializer::<ValueError>::new(cell)).map_err(rule)?;
            text()
        }
        "type" => {
            facility_type(cell)?;
            text()
        }
        "province" => {
            let code = match cell.parse::<i64>() {
                Ok(n) => ProvinceCode::deserialize(I64Deserializer::<ValueError>::new(n)),
                Err(_) => ProvinceCode::deserialize(StrDeserializer::<ValueError>::new(cell)),
            };
            Value::from(i64::from(code.map_err(rule)?.0))
        }
        "phone" => Value::String(Phone::parse(cell).map_err(Problem::new)?.0),
        "contract_checked" | "last_verified" => {
            Date::parse(cell).map_err(Problem::new)?;
            text()
        }
        "lat" => Value::from(
            Latitude::deserialize(StrDeserializer::<ValueError>::new(cell))
                .map_err(rule)?
                .0,
        ),
        "lon" => Value::from(
            Longitude::deserialize(StrDeserializer::<ValueError>::new(cell))
                .map_err(rule)?
                .0,
        ),
        _ => text(),
    };
    Ok(Some(Cell::Value(value)))
}

/// The site's own message for a value its rule refused.
fn rule(err: ValueError) -> Problem {
    Problem::new(err.to_string())
}

fn formula(raw: &str, start: char) -> Problem {
    let cell = raw.trim();
    let why = "spreadsheet programs run a cell starting with it as a formula";
    match start {
        '\t' => Problem::new(format!("the cell starts with a tab: {why}"))
            .hint("remove the tab at the start of the cell"),
        '\r' | '\n' => Problem::new(format!("the cell starts with a line break: {why}"))
            .hint("remove the line break at the start of the cell"),
        '-' if cell == "-" => Problem::new(format!("`-` alone: {why}"))
            .hint("leave the cell empty when there is nothing to write"),
        _ => {
            let shown: String = cell.chars().take(40).collect();
            let more = if cell.chars().count() > 40 { "…" } else { "" };
            Problem::new(format!("`{shown}{more}` starts with `{start}`: {why}")).hint(format!(
                "if the text really starts with `{start}`, write a ' before it ('{start}...): spean removes that quote"
            ))
        }
    }
}

fn yes_no(cell: &str) -> Result<bool, Problem> {
    let word = cell.to_lowercase();
    if YES.contains(&word.as_str()) {
        Ok(true)
    } else if NO.contains(&word.as_str()) {
        Ok(false)
    } else {
        Err(Problem::new(format!(
            "`{cell}` is not a yes/no answer: write yes or no (for yes also {}; for no also {})",
            YES[1..].join(", "),
            NO[1..].join(", ")
        )))
    }
}

fn facility_type(cell: &str) -> Result<FacilityType, Problem> {
    if let Some(kind) = FacilityType::ALL.into_iter().find(|t| t.code() == cell) {
        return Ok(kind);
    }
    let codes: Vec<String> = FacilityType::ALL
        .iter()
        .map(|t| t.code().to_string())
        .collect();
    let problem = Problem::new(format!(
        "`{cell}` is not a facility type: use one of {}",
        codes.join(", ")
    ));
    Err(match yaml::closest(&cell.to_lowercase(), &codes) {
        Some(best) => problem.hint(format!("did you mean `{best}`?")),
        None => problem,
    })
}

/// The record as YAML, fields in the documented order.
fn facility_value<'a>(
    mut values: BTreeMap<&'a str, Value>,
    texts: BTreeMap<&'a str, BTreeMap<String, String>>,
) -> Value {
    for (field, texts) in texts {
        let value = if field == "services" {
            services_value(&texts)
        } else if texts.len() == 1 && texts.contains_key("*") {
            Value::String(texts["*"].clone())
        } else {
            translated_value(&texts)
        };
        values.insert(field, value);
    }
    let mut ordered = yaml::Mapping::new();
    for field in FIELDS {
        if let Some(value) = values.remove(field) {
            ordered.insert(Value::String(field.to_string()), value);
        }
    }
    Value::Mapping(ordered)
}

fn translated_value(texts: &BTreeMap<String, String>) -> Value {
    let mut m = yaml::Mapping::new();
    for (lang, text) in texts {
        m.insert(Value::String(lang.clone()), Value::String(text.clone()));
    }
    Value::Mapping(m)
}

/// `services_en: "Outpatient; Maternity"` + `services_km: "..."` → a list of translated items.
fn services_value(texts: &BTreeMap<String, String>) -> Value {
    let split: BTreeMap<&String, Vec<&str>> = texts
        .iter()
        .map(|(l, t)| {
            (
                l,
                t.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect(),
            )
        })
        .collect();
    let count = split.values().map(Vec::len).max().unwrap_or(0);
    let items = (0..count)
        .map(|i| {
            let item: BTreeMap<String, String> = split
                .iter()
                .filter_map(|(l, list)| list.get(i).map(|t| ((*l).clone(), t.to_string())))
                .collect();
            if item.len() == 1 && item.contains_key("*") {
                Value::String(item["*"].clone())
            } else {
                translated_value(&item)
            }
        })
        .collect();
    Value::Sequence(items)
}
