//! What templates see of structured data: every translated text resolved for the reader (with
//! its `lang` when it is a fallback, so the template can mark the passage), every amount written
//! the reader's way, every link relative to the page. Templates get these typed views, never
//! the YAML.

use std::collections::BTreeMap;

use serde::Serialize;

use super::calculator::{CalculatorView, ChangeView, Reader};
use super::format::{format_amount, payer_key};
use super::format::{format_date, localize_digits};
use crate::data::pages::{FACILITIES_DIR, JOURNEYS_DIR, SCHEMES_DIR};
use crate::data::provinces::province;
use crate::data::{
    Amount, Benefit, Facility, Journey, Kind, QuestionTree, Scheme, Sources, Translated,
};
use crate::model::{Output, Site, url};

type Strings = BTreeMap<String, String>;

/// A text for the reader; `lang` is set when it is in another language (a fallback).
#[derive(Serialize, Clone)]
pub struct Text {
    pub text: String,
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct AmountView {
    pub label: Option<Text>,
    /// "15,600 riel a month", "2.6% of monthly wage".
    pub text: String,
    pub paid_by: Option<String>,
    pub note: Option<Text>,
    /// The numbers in force on the build's day.
    pub amount: Option<f64>,
    pub percent: Option<f64>,
    pub currency: Option<&'static str>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

#[derive(Serialize)]
pub struct BenefitView {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub conditions: Vec<Text>,
    pub amounts: Vec<AmountView>,
    pub documents: Vec<Text>,
    pub sources: Vec<SourceView>,
    pub last_verified: String,
    pub last_verified_iso: String,
}

#[derive(Serialize)]
pub struct SchemeView {
    pub id: String,
    pub url: String,
    pub name: Text,
    pub summary: Text,
    pub who_can_join: Vec<Text>,
    pub contributions: Vec<AmountView>,
    pub covers: Vec<Text>,
    pub benefits: Vec<BenefitView>,
    pub how_to_pay: Vec<Text>,
    pub if_you_stop_paying: Option<Text>,
    pub journey: Option<LinkView>,
    pub uncertain: Vec<Text>,
    pub sources: Vec<SourceView>,
    pub last_verified: String,
    pub last_verified_iso: String,
    /// Only on the scheme's own page.
    pub calculator: Option<CalculatorView>,
    /// Dated changes of its amounts after the build's day, soonest first.
    pub changes: Vec<ChangeView>,
}

#[derive(Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct StepView {
    pub number: String,
    pub id: String,
    pub title: Text,
    pub what_to_do: Text,
    pub documents: Vec<Text>,
    pub place: Option<Text>,
    pub how_long: Option<Text>,
    pub cost: Option<AmountView>,
    pub link: Option<String>,
}

#[derive(Serialize)]
pub struct JourneyView {
    pub id: String,
    pub url: String,
    pub checklist_url: String,
    pub title: Text,
    pub summary: Text,
    pub scheme: Option<LinkView>,
    pub steps: Vec<StepView>,
    /// Every document of every step, once, for the checklist.
    pub documents: Vec<Text>,
    pub sources: Vec<SourceView>,
    pub last_verified: String,
    pub last_verified_iso: String,
}

#[derive(Serialize)]
pub struct FacilityView {
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
pub struct DistrictView {
    pub name: Text,
    pub facilities: Vec<FacilityView>,
}

#[derive(Serialize)]
pub struct ProvinceView {
    pub code: u8,
    pub name: String,
    pub url: String,
    pub count: usize,
    pub count_text: String,
    pub districts: Vec<DistrictView>,
}

#[derive(Serialize)]
pub struct TypeView {
    pub code: &'static str,
    pub name: String,
}

/// The `data` of a page's template context: only what its kind of page needs.
#[derive(Serialize, Default)]
pub struct DataContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<SchemeView>,
    pub schemes: Vec<SchemeView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey: Option<JourneyView>,
    pub journeys: Vec<JourneyView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<ProvinceView>,
    pub provinces: Vec<ProvinceView>,
    pub facility_types: Vec<TypeView>,
    /// The directory's data for the filter, loaded with `<script src>` (works over file://).
    pub facilities_script: Option<String>,
    pub facilities_csv: Option<String>,
    pub facilities_json: Option<String>,
    pub facility_count: usize,
    /// A question tree's page: the question or outcome this address shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<super::question_views::QuestionView>,
}

/// Builds the data a page's template needs, from where the page is (`path`).
pub fn data_context(site: &Site, output: &Output, path: &str, t: &Strings) -> DataContext {
    let views = Views {
        site,
        lang: &output.lang,
        chain: site.config.fallback_chain(&output.lang),
        path,
        t,
    };
    let source = site.source_of(output);
    let key = site.entries[output.entry].key.as_str();
    let mut context = DataContext::default();
    if let Some(shown) = source.data {
        if let Some(i) = Scheme::index_of(shown) {
            let scheme = &site.data.schemes[i].value;
            let mut view = views.scheme(scheme);
            view.calculator = views.reader().calculator(site, scheme, &site.config.today);
            context.scheme = Some(view);
        } else if let Some(i) = Journey::index_of(shown) {
            context.journey = Some(views.journey(i));
        } else if let Some(code) = crate::data::provinces::shown_by(shown) {
            context.province = Some(views.province(code, false));
        } else if let Some(i) = QuestionTree::index_of(shown) {
            context.question = views.question(i, output);
        }
    }
    if key == format!("{SCHEMES_DIR}/_index.md") {
        context.schemes = site
            .data
            .schemes
            .iter()
            .map(|s| views.scheme(&s.value))
            .collect();
    }
    if key == "_index.md" || key == format!("{JOURNEYS_DIR}/_index.md") {
        context.journeys = (0..site.data.journeys.len())
            .map(|i| views.journey(i))
            .collect();
    }
    if key == format!("{FACILITIES_DIR}/_index.md") && !site.data.facilities.is_empty() {
        context.provinces = crate::data::provinces::in_name_order(&output.lang)
            .iter()
            .map(|p| views.province(p.code, true))
            .collect();
        context.facility_types = crate::data::FacilityType::ALL
            .iter()
            .map(|k| TypeView {
                code: k.code(),
                name: s(t, &format!("facility_type_{}", k.code())),
            })
            .collect();
        context.facilities_script = Some(url::relative(
            path,
            &facilities_script_path(&output.lang),
            false,
        ));
        context.facilities_csv = Some(url::relative(path, FACILITIES_CSV, false));
        context.facilities_json = Some(url::relative(path, FACILITIES_JSON, false));
        context.facility_count = site.data.facilities.len();
    }
    context
}

pub const FACILITIES_CSV: &str = "data/facilities.csv";
pub const FACILITIES_JSON: &str = "data/facilities.json";

pub fn facilities_script_path(lang: &str) -> String {
    format!("data/facilities-{lang}.js")
}

fn s(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_default()
}

pub(super) struct Views<'a> {
    pub(super) site: &'a Site,
    pub(super) lang: &'a str,
    pub(super) chain: Vec<&'a str>,
    pub(super) path: &'a str,
    pub(super) t: &'a Strings,
}

impl Views<'_> {
    pub(super) fn text(&self, t: &Translated) -> Text {
        let (text, used) = t.get(&self.chain).unwrap_or(("", self.lang));
        Text {
            text: text.to_string(),
            lang: (used != self.lang).then(|| used.to_string()),
        }
    }

    pub(super) fn texts(&self, list: &[Translated]) -> Vec<Text> {
        list.iter().map(|t| self.text(t)).collect()
    }

    fn reader(&self) -> Reader<'_> {
        Reader {
            chain: self.chain.clone(),
            t: self.t,
        }
    }

    /// The amounts in force on the build's day (a dated amount may not have started yet).
    fn amounts(&self, list: &[Amount]) -> Vec<AmountView> {
        let day = &self.site.config.today;
        list.iter()
            .filter(|a| super::calculator::in_force(a, day))
            .map(|a| self.amount(a))
            .collect()
    }

    fn amount(&self, a: &Amount) -> AmountView {
        let day = &self.site.config.today;
        let of = a.of.as_ref().map(|o| self.text(o).text);
        AmountView {
            label: a.label.as_ref().map(|l| self.text(l)),
            text: format_amount(a, day, of.as_deref(), self.t),
            paid_by: a.paid_by.map(|p| s(self.t, payer_key(p))),
            note: a.note.as_ref().map(|n| self.text(n)),
            amount: a.amount.as_ref().and_then(|d| d.value_on(day)),
            percent: a.percent.as_ref().and_then(|d| d.value_on(day)),
            currency: a.currency.map(|c| match c {
                crate::data::Currency::Riel => "KHR",
                crate::data::Currency::Dollar => "USD",
            }),
        }
    }

    pub(super) fn sources(&self, sources: &Sources) -> Vec<SourceView> {
        sources
            .0
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone(),
                date: s.date.clone(),
            })
            .collect()
    }

    fn page_url(&self, key: &str) -> Option<String> {
        let entry = self.site.entry(key)?;
        Some(url::relative(
            self.path,
            &self.site.output(entry, self.lang).path,
            self.site.config.offline,
        ))
    }

    fn benefit(&self, b: &Benefit) -> BenefitView {
        BenefitView {
            id: b.id.0.clone(),
            name: self.text(&b.name),
            description: self.text(&b.description),
            conditions: self.texts(&b.conditions),
            amounts: self.amounts(&b.amounts),
            documents: self.texts(&b.documents),
            sources: self.sources(&b.source),
            last_verified: format_date(&b.last_verified, self.t),
            last_verified_iso: b.last_verified.ymd(),
        }
    }

    pub(super) fn scheme(&self, scheme: &Scheme) -> SchemeView {
        let data = &self.site.data;
        SchemeView {
            id: scheme.id.0.clone(),
            url: self
                .page_url(&format!("{SCHEMES_DIR}/{}.md", scheme.id))
                .unwrap_or_default(),
            name: self.text(&scheme.name),
            summary: self.text(&scheme.summary),
            who_can_join: self.texts(&scheme.who_can_join),
            contributions: self.amounts(&scheme.contributions),
            covers: self.texts(&scheme.covers),
            benefits: data
                .benefits
                .iter()
                .filter(|b| b.value.scheme == scheme.id)
                .map(|b| self.benefit(&b.value))
                .collect(),
            how_to_pay: self.texts(&scheme.how_to_pay),
            if_you_stop_paying: scheme.if_you_stop_paying.as_ref().map(|t| self.text(t)),
            journey: scheme.journey.as_ref().and_then(|id| {
                let j = data.journey(id)?;
                Some(LinkView {
                    title: self.text(&j.title).text,
                    url: self.page_url(&format!("{JOURNEYS_DIR}/{id}.md"))?,
                })
            }),
            uncertain: self.texts(&scheme.uncertain),
            sources: self.sources(&scheme.source),
            last_verified: format_date(&scheme.last_verified, self.t),
            last_verified_iso: scheme.last_verified.ymd(),
            calculator: None,
            changes: self
                .reader()
                .changes(self.site, scheme, &self.site.config.today),
        }
    }

    fn journey(&self, index: usize) -> JourneyView {
        let journey: &Journey = &self.site.data.journeys[index].value;
        let key = format!("{JOURNEYS_DIR}/{}.md", journey.id);
        // Resolved step links: the journey page's own output in this language holds them.
        let links = self
            .site
            .entry(&key)
            .map(|e| &self.site.links[self.site.output_index(e, self.lang)]);
        let page = self
            .site
            .entry(&key)
            .map(|e| self.site.output(e, self.lang).path.clone())
            .unwrap_or_default();
        let mut link_index = 0;
        let steps = journey
            .steps
            .iter()
            .enumerate()
            .map(|(n, step)| {
                let link = step.link.as_ref().and_then(|_| {
                    let href = links.and_then(|l| l.get(link_index)).cloned();
                    link_index += 1;
                    // Hrefs were made relative to the journey page; rebase them onto this page.
                    href.map(|h| rebase(&page, self.path, &h))
                });
                StepView {
                    number: localize_digits(&(n + 1).to_string(), self.t),
                    id: Journey::anchor(n + 1),
                    title: self.text(&step.title),
                    what_to_do: self.text(&step.what_to_do),
                    documents: self.texts(&step.documents),
                    place: step.place.as_ref().map(|t| self.text(t)),
                    how_long: step.how_long.as_ref().map(|t| self.text(t)),
                    cost: step
                        .cost
                        .as_ref()
                        .filter(|a| super::calculator::in_force(a, &self.site.config.today))
                        .map(|a| self.amount(a)),
                    link,
                }
            })
            .collect();
        let mut documents: Vec<Text> = Vec::new();
        for step in &journey.steps {
            for d in &step.documents {
                let text = self.text(d);
                if !documents.iter().any(|x| x.text == text.text) {
                    documents.push(text);
                }
            }
        }
        let url = self.page_url(&key).unwrap_or_default();
        JourneyView {
            id: journey.id.0.clone(),
            checklist_url: url::relative(
                self.path,
                &format!("{page}checklist/"),
                self.site.config.offline,
            ),
            url,
            title: self.text(&journey.title),
            summary: self.text(&journey.summary),
            scheme: journey.scheme.as_ref().and_then(|id| {
                let s = self.site.data.scheme(id)?;
                Some(LinkView {
                    title: self.text(&s.name).text,
                    url: self.page_url(&format!("{SCHEMES_DIR}/{id}.md"))?,
                })
            }),
            steps,
            documents,
            sources: self.sources(&journey.source),
            last_verified: format_date(&journey.last_verified, self.t),
            last_verified_iso: journey.last_verified.ymd(),
        }
    }

    fn province(&self, code: u8, summary_only: bool) -> ProvinceView {
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

    fn facility(&self, f: &Facility) -> FacilityView {
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
            tel: f.phone.as_ref().map(|p| p.tel()),
            hours: f.hours.as_ref().map(|t| self.text(t)),
            emergency_24h: f.emergency_24h,
            services: self.texts(&f.services),
            nssf_contract: f.nssf_contract,
            contract_checked: f.contract_checked.as_ref().map(|d| format_date(d, self.t)),
            contract_checked_iso: f.contract_checked.as_ref().map(|d| d.ymd()),
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

/// A link written relative to `from` made relative to `to` instead (same site).
pub(super) fn rebase(from: &str, to: &str, href: &str) -> String {
    if href.starts_with('#') {
        return if from == to {
            href.to_string()
        } else {
            format!("{}{href}", url::relative(to, from, false))
        };
    }
    // Resolve against `from`'s folder, then relate to `to`.
    let mut parts: Vec<&str> = url::folder_of(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let (path, anchor) = href
        .split_once('#')
        .map_or((href, None), |(p, a)| (p, Some(a)));
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    let mut target = parts.join("/");
    if path.ends_with('/') || path.is_empty() {
        target.push('/');
    }
    let mut out = url::relative(to, &target, false);
    if let Some(a) = anchor {
        out.push('#');
        out.push_str(a);
    }
    out
}

/// The directory in the reader's language for the filter script: one small object per facility.
pub fn facilities_script(site: &Site, lang: &str, t: &Strings) -> Vec<u8> {
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
        .entry(&format!("{FACILITIES_DIR}/_index.md"))
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

#[cfg(test)]
mod tests {
    use super::rebase;

    #[test]
    fn rebase_moves_links_between_pages() {
        assert_eq!(
            rebase("en/enrol/self/", "en/", "../../voluntary/pay/#when"),
            "voluntary/pay/#when"
        );
        assert_eq!(
            rebase("en/enrol/self/", "en/enrol/self/checklist/", "../../x/"),
            "../../../x/"
        );
        assert_eq!(rebase("en/enrol/self/", "en/enrol/self/", "#a"), "#a");
    }
}
