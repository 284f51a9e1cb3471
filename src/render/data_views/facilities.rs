//! Step 3 (render): the views of the facility directory: a province's page, the directory's
//! index, and the data file its filter reads.

use crate::load::file_name::section_key;
use std::collections::BTreeMap;

use serde::Serialize;

use super::{SourceView, Text, Views, s};
use crate::data::Facility;
use crate::data::pages::FACILITIES_DIR;
use crate::data::provinces::province;
use crate::model::Site;
use crate::render::format::{format_date, localize_digits};

type Strings = BTreeMap<String, String>;

#[derive(Serialize)]
pub(crate) struct FacilityView {
    pub id: String,
    pub name: Text,
    pub type_code: &'static str,
    pub type_name: String,
    pub province: String,
    pub district: Text,
    pub commune: Option<Text>,
    pub address: Option<Text>,
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub hours: Option<Text>,
    pub emergency_24h: bool,
    pub services: Vec<Text>,
    pub nssf_contract: bool,
    pub contract_checked: Option<String>,
    pub contract_checked_iso: Option<String>,
    pub nssf_desk: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub sample: bool,
    pub sources: Vec<SourceView>,
    pub last_verified: String,
    pub last_verified_iso: String,
}

#[derive(Serialize)]
pub(crate) struct DistrictView {
    pub name: Text,
    pub facilities: Vec<FacilityView>,
}

#[derive(Serialize)]
pub(crate) struct ProvinceView {
    pub code: u8,
    pub name: String,
    pub url: String,
    pub count: usize,
    pub count_text: String,
    pub districts: Vec<DistrictView>,
}

#[derive(Serialize)]
pub(crate) struct TypeView {
    pub code: &'static str,
    pub name: String,
}

impl Views<'_> {
    pub(super) fn province(&self, code: u8, summary_only: bool) -> ProvinceView {
        let p = province(code).expect("a known province");
        let facilities: Vec<&Facility> = self
            .site
            .data
            .facilities
            .iter()
            .map(|r| &r.value)
            .filter(|f| f.province.0 == code)
            .collect();
        let mut districts: Vec<DistrictView> = Vec::new();
        if !summary_only {
            let mut sorted = facilities.clone();
            sorted.sort_by_key(|f| (self.text(&f.district).text, f.kind, self.text(&f.name).text));
            for f in sorted {
                let name = self.text(&f.district);
                match districts.last_mut() {
                    Some(d) if d.name.text == name.text => d.facilities.push(self.facility(f)),
                    _ => districts.push(DistrictView {
                        name,
                        facilities: vec![self.facility(f)],
                    }),
                }
            }
        }
        ProvinceView {
            code,
            name: p.name(self.lang).to_string(),
            url: self
                .page_url(&format!("{FACILITIES_DIR}/{}.md", p.slug()))
                .unwrap_or_default(),
            count: facilities.len(),
            count_text: localize_digits(&facilities.len().to_string(), self.t),
            districts,
        }
    }

    pub(super) fn facility(&self, f: &Facility) -> FacilityView {
        FacilityView {
            id: f.id.0.clone(),
            name: self.text(&f.name),
            type_code: f.kind.code(),
            type_name: s(self.t, &format!("facility_type_{}", f.kind.code())),
            province: province(f.province.0)
                .map_or_else(String::new, |p| p.name(self.lang).to_string()),
            district: self.text(&f.district),
            commune: f.commune.as_ref().map(|t| self.text(t)),
            address: f.address.as_ref().map(|t| self.text(t)),
            phone: f.phone.as_ref().map(|p| p.0.clone()),
            tel: f.phone.as_ref().map(crate::data::schema::Phone::tel),
            hours: f.hours.as_ref().map(|t| self.text(t)),
            emergency_24h: f.emergency_24h,
            services: self.texts(&f.services),
            nssf_contract: f.nssf_contract,
            contract_checked: f.contract_checked.as_ref().map(|d| format_date(d, self.t)),
            contract_checked_iso: f.contract_checked.as_ref().map(crate::date::Date::ymd),
            nssf_desk: f.nssf_desk,
            lat: f.lat.map(|v| v.0),
            lon: f.lon.map(|v| v.0),
            sample: f.sample,
            sources: self.sources(&f.source),
            last_verified: format_date(&f.last_verified, self.t),
            last_verified_iso: f.last_verified.ymd(),
        }
    }
}

/// The directory in the reader's language for the filter script: one small object per facility.
pub(crate) fn facilities_script(site: &Site, lang: &str, t: &Strings) -> Vec<u8> {
    #[derive(Serialize)]
    struct Item {
        id: String,
        name: String,
        #[serde(rename = "type")]
        kind: &'static str,
        type_name: String,
        province: u8,
        province_name: String,
        /// Relative to the directory's index page.
        page: String,
        district: String,
        address: String,
        phone: String,
        tel: String,
        hours: String,
        emergency_24h: bool,
        nssf_contract: bool,
        services: Vec<String>,
        sample: bool,
    }
    let index = site
        .entry(&section_key(FACILITIES_DIR))
        .map(|e| site.output(e, lang).path.clone())
        .unwrap_or_else(|| format!("{lang}/{FACILITIES_DIR}/"));
    let views = Views {
        site,
        lang,
        chain: site.config.fallback_chain(lang),
        path: &index,
        t,
    };
    let items: Vec<Item> = site
        .data
        .facilities
        .iter()
        .map(|r| {
            let f = views.facility(&r.value);
            let page = province(r.value.province.0)
                .and_then(|p| views.page_url(&format!("{FACILITIES_DIR}/{}.md", p.slug())))
                .unwrap_or_default();
            Item {
                page: format!("{page}#{}", f.id),
                id: f.id,
                name: f.name.text,
                kind: f.type_code,
                type_name: f.type_name,
                province: r.value.province.0,
                province_name: f.province,
                district: f.district.text,
                address: f.address.map(|a| a.text).unwrap_or_default(),
                phone: f.phone.unwrap_or_default(),
                tel: f.tel.unwrap_or_default(),
                hours: f.hours.map(|h| h.text).unwrap_or_default(),
                emergency_24h: f.emergency_24h,
                nssf_contract: f.nssf_contract,
                services: f.services.into_iter().map(|s| s.text).collect(),
                sample: f.sample,
            }
        })
        .collect();
    let json = serde_json::to_string(&items).unwrap_or_else(|_| "[]".into());
    format!("window.SPEAN_FACILITIES = {json};\n").into_bytes()
}
