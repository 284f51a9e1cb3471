//! The health-facility directory to and from spreadsheets.
//!
//! Editors keep facility lists in spreadsheets: `spean import facilities FILE.csv` turns a CSV
//! export into the YAML the site uses, checking every row with the same rules as the site (a bad
//! row is reported by its line and nothing is written); the build publishes the directory back
//! as `data/facilities.csv` (same columns, so it can be edited and imported again) and JSON.
//!
//! Columns: the facility field names. A translated field is one column per language (`name_km`,
//! `name_en`, `name_fr`) or one column for all (`name`); lists (`services`) separate items
//! with `;`; yes/no fields accept yes, no, true, false, 1, 0, oui, non.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{Data, Facility, FacilityType, Translated};
use crate::diagnostic::Diagnostic;
use crate::yaml::{self, Value};

const TRANSLATED: [&str; 6] = [
    "name", "district", "commune", "address", "hours", "services",
];
const PLAIN: [&str; 12] = [
    "id",
    "type",
    "province",
    "phone",
    "emergency_24h",
    "nssf_contract",
    "contract_checked",
    "nssf_desk",
    "lat",
    "lon",
    "source",
    "last_verified",
];
const BOOLEANS: [&str; 3] = ["emergency_24h", "nssf_contract", "nssf_desk"];

/// Reads a CSV of facilities and returns the YAML text for `data/facilities/`, or every bad row.
pub fn import_facilities(
    csv_text: &str,
    file: &Path,
    languages: &[String],
) -> Result<(String, usize), Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(err) => {
            return Err(vec![
                Diagnostic::error(file, format!("cannot read the header row: {err}"))
                    .at(csv_text, 1, 1),
            ]);
        }
    };
    let mut problems = Vec::new();
    for (i, column) in headers.iter().enumerate() {
        if column_field(column, languages).is_none() {
            let known: Vec<String> = PLAIN
                .iter()
                .chain(TRANSLATED.iter())
                .chain(["sample"].iter())
                .map(|s| s.to_string())
                .collect();
            let hint = match yaml::closest(column, &known) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "columns: {}; translated ones also as name_km, name_en...",
                    known.join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(
                    file,
                    format!("unknown column `{column}` (column {})", i + 1),
                )
                .at(csv_text, 1, 1)
                .with_hint(hint),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut records = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line() as usize);
                problems.push(
                    Diagnostic::error(file, format!("unreadable row: {err}")).at(csv_text, line, 1),
                );
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let record = row_to_yaml(&headers, &row, languages);
        let text = yaml::to_string(&vec![record.clone()]);
        let parsed: Result<Vec<Facility>, Diagnostic> =
            super::schema::with_languages(languages, || {
                yaml::parse(&text, file, &text, yaml::Placement::WHOLE_FILE)
            });
        match parsed {
            Ok(_) => records.push(record),
            Err(d) => {
                let mut d = Diagnostic::error(
                    file,
                    format!(
                        "row {}: {}",
                        line.saturating_sub(1),
                        super::strip_item_path(&d.message)
                    ),
                )
                .at(csv_text, line, 1);
                d.hint = Some("fix this row in the spreadsheet and export again".into());
                problems.push(d);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let count = records.len();
    let mut out = format!(
        "# Health facilities imported from {} by `spean import facilities`.\n# Edit here or in the spreadsheet (then import again).\n",
        file.display()
    );
    out.push_str(&yaml::to_string(&records));
    Ok((out, count))
}

/// (field, language) for a column name: `name_en` → (name, Some(en)), `phone` → (phone, None).
fn column_field<'a>(column: &'a str, languages: &[String]) -> Option<(&'a str, Option<&'a str>)> {
    if PLAIN.contains(&column) || TRANSLATED.contains(&column) || column == "sample" {
        return Some((column, None));
    }
    let (field, lang) = column.rsplit_once('_')?;
    (TRANSLATED.contains(&field) && languages.iter().any(|l| l == lang))
        .then_some((field, Some(lang)))
}

fn row_to_yaml(
    headers: &csv::StringRecord,
    row: &csv::StringRecord,
    languages: &[String],
) -> Value {
    let mut map = serde_yaml_map();
    let mut translated: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for (column, cell) in headers.iter().zip(row.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let Some((field, lang)) = column_field(column, languages) else {
            continue;
        };
        if TRANSLATED.contains(&field) {
            translated
                .entry(field)
                .or_default()
                .insert(lang.unwrap_or("*").to_string(), cell.to_string());
            continue;
        }
        let value = if BOOLEANS.contains(&field) || field == "sample" {
            match cell.to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "oui" | "បាទ" | "ចាស" => Value::Bool(true),
                "no" | "n" | "false" | "0" | "non" | "ទេ" => Value::Bool(false),
                _ => Value::String(cell.to_string()),
            }
        } else if matches!(field, "province") {
            cell.parse::<i64>()
                .map_or_else(|_| Value::String(cell.to_string()), Value::from)
        } else if matches!(field, "lat" | "lon") {
            cell.parse::<f64>()
                .map_or_else(|_| Value::String(cell.to_string()), Value::from)
        } else {
            Value::String(cell.to_string())
        };
        map.insert(Value::String(field.to_string()), value);
    }
    for (field, texts) in translated {
        let value = if field == "services" {
            services_value(&texts)
        } else if texts.len() == 1 && texts.contains_key("*") {
            Value::String(texts["*"].clone())
        } else {
            translated_value(&texts)
        };
        map.insert(Value::String(field.to_string()), value);
    }
    // Keep the documented field order for readable YAML.
    let order = [
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
    let mut ordered = serde_yaml_map();
    for key in order {
        if let Some(v) = map.remove(Value::String(key.to_string())) {
            ordered.insert(Value::String(key.to_string()), v);
        }
    }
    Value::Mapping(ordered)
}

fn serde_yaml_map() -> yaml::Mapping {
    yaml::Mapping::new()
}

fn translated_value(texts: &BTreeMap<String, String>) -> Value {
    let mut m = serde_yaml_map();
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

/// The directory as CSV, in the import format (one column per language for translated fields).
pub fn facilities_csv(data: &Data, languages: &[String]) -> Vec<u8> {
    let mut columns: Vec<String> = vec!["id".into()];
    for field in [
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
    ] {
        if TRANSLATED.contains(&field) {
            columns.extend(languages.iter().map(|l| format!("{field}_{l}")));
        } else {
            columns.push(field.into());
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(&columns);
    for record in &data.facilities {
        let f = &record.value;
        let text = |t: &Option<Translated>, l: &str| {
            t.as_ref().map_or(String::new(), |t| {
                t.get(&[l])
                    .filter(|(_, used)| *used == l || t.texts.contains_key("*"))
                    .map_or(String::new(), |(s, _)| s.to_string())
            })
        };
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        let mut row = vec![f.id.0.clone()];
        for l in languages {
            row.push(text(&Some(f.name.clone()), l));
        }
        row.push(f.kind.code().into());
        row.push(f.province.0.to_string());
        for l in languages {
            row.push(text(&Some(f.district.clone()), l));
        }
        for l in languages {
            row.push(text(&f.commune, l));
        }
        for l in languages {
            row.push(text(&f.address, l));
        }
        row.push(f.phone.as_ref().map_or(String::new(), |p| p.0.clone()));
        for l in languages {
            row.push(text(&f.hours, l));
        }
        row.push(yes(f.emergency_24h));
        for l in languages {
            row.push(
                f.services
                    .iter()
                    .map(|s| text(&Some(s.clone()), l))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        row.push(yes(f.nssf_contract));
        row.push(
            f.contract_checked
                .as_ref()
                .map_or(String::new(), |d| d.ymd()),
        );
        row.push(yes(f.nssf_desk));
        row.push(f.lat.map_or(String::new(), |v| v.0.to_string()));
        row.push(f.lon.map_or(String::new(), |v| v.0.to_string()));
        row.push(
            f.source
                .0
                .iter()
                .map(|s| s.title.clone())
                .collect::<Vec<_>>()
                .join("; "),
        );
        row.push(f.last_verified.ymd());
        row.push(yes(f.sample));
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

/// The directory as JSON, every translation included.
pub fn facilities_json(data: &Data) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'a> {
        id: &'a str,
        name: &'a BTreeMap<String, String>,
        #[serde(rename = "type")]
        kind: &'static str,
        province: u8,
        district: &'a BTreeMap<String, String>,
        commune: Option<&'a BTreeMap<String, String>>,
        address: Option<&'a BTreeMap<String, String>>,
        phone: Option<&'a str>,
        hours: Option<&'a BTreeMap<String, String>>,
        emergency_24h: bool,
        services: Vec<&'a BTreeMap<String, String>>,
        nssf_contract: bool,
        contract_checked: Option<String>,
        nssf_desk: bool,
        lat: Option<f64>,
        lon: Option<f64>,
        source: Vec<&'a str>,
        last_verified: String,
        sample: bool,
    }
    let list: Vec<Out> = data
        .facilities
        .iter()
        .map(|r| {
            let f = &r.value;
            Out {
                id: &f.id.0,
                name: &f.name.texts,
                kind: f.kind.code(),
                province: f.province.0,
                district: &f.district.texts,
                commune: f.commune.as_ref().map(|t| &t.texts),
                address: f.address.as_ref().map(|t| &t.texts),
                phone: f.phone.as_ref().map(|p| p.0.as_str()),
                hours: f.hours.as_ref().map(|t| &t.texts),
                emergency_24h: f.emergency_24h,
                services: f.services.iter().map(|s| &s.texts).collect(),
                nssf_contract: f.nssf_contract,
                contract_checked: f.contract_checked.as_ref().map(|d| d.ymd()),
                nssf_desk: f.nssf_desk,
                lat: f.lat.map(|v| v.0),
                lon: f.lon.map(|v| v.0),
                source: f.source.0.iter().map(|s| s.title.as_str()).collect(),
                last_verified: f.last_verified.ymd(),
                sample: f.sample,
            }
        })
        .collect();
    serde_json::to_vec_pretty(&list).unwrap_or_default()
}

/// Every facility type, for documentation and the filter.
pub fn facility_types() -> impl Iterator<Item = FacilityType> {
    FacilityType::ALL.into_iter()
}
