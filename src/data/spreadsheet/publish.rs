//! The directory published for spreadsheets and scripts: `data/facilities.csv` (the import's
//! columns, one per language for translated fields, so it can be edited and imported again) and
//! `data/facilities.json`. Every CSV cell goes through `cells::escape` (formula injection).

use std::collections::BTreeMap;

use serde::Serialize;

use super::cells;
use super::columns::{FIELDS, TRANSLATED};
use crate::data::{Data, Translated};

/// The directory as CSV, in the import format (one column per language for translated fields).
pub(crate) fn facilities_csv(data: &Data, languages: &[String]) -> Vec<u8> {
    let mut columns: Vec<String> = vec!["id".into()];
    for field in FIELDS.into_iter().skip(1) {
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
                .map_or(String::new(), crate::date::Date::ymd),
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
        let _ = writer.write_record(row.iter().map(|cell| cells::escape(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

/// The directory as JSON, every translation included.
pub(crate) fn facilities_json(data: &Data) -> Vec<u8> {
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
                contract_checked: f.contract_checked.as_ref().map(crate::date::Date::ymd),
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
