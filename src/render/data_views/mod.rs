//! Step 3 (render): what templates see of structured data: every translated text resolved for
//! the reader (with its `lang` when it is a fallback, so the template can mark the passage), every
//! amount written the reader's way, every link relative to the page. Templates get these typed
//! views, never the YAML: a file per kind of page (`schemes`, `journeys`, `facilities`,
//! `questions`), the shared pieces here.

mod facilities;
mod journeys;
mod questions;
mod schemes;

use crate::load::file_name::{SECTION_INDEX, section_key};
use std::collections::BTreeMap;

use serde::Serialize;

use super::calculator::Reader;
use super::format::{format_amount, payer_key};
use crate::data::pages::{FACILITIES_DIR, JOURNEYS_DIR, SCHEMES_DIR};
use crate::data::{Amount, Journey, Kind, QuestionTree, Scheme, Sources, Translated};
use crate::model::{Output, Site, url};
pub(crate) use facilities::{ProvinceView, TypeView, facilities_script};
pub(crate) use journeys::JourneyView;
pub(crate) use questions::QuestionView;
pub(crate) use schemes::SchemeView;

type Strings = BTreeMap<String, String>;

/// A text for the reader; `lang` is set when it is in another language (a fallback).
#[derive(Serialize, Clone)]
pub(crate) struct Text {
    pub text: String,
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct AmountView {
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
pub(crate) struct SourceView {
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct LinkView {
    pub title: String,
    pub url: String,
}

/// The `data` of a page's template context: only what its kind of page needs.
#[derive(Serialize, Default)]
pub(crate) struct DataContext {
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
    pub question: Option<QuestionView>,
}

/// Builds the data a page's template needs, from where the page is (`path`).
pub(crate) fn data_context(site: &Site, output: &Output, path: &str, t: &Strings) -> DataContext {
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
    if key == section_key(SCHEMES_DIR) {
        context.schemes = site
            .data
            .schemes
            .iter()
            .map(|s| views.scheme(&s.value))
            .collect();
    }
    if key == SECTION_INDEX || key == section_key(JOURNEYS_DIR) {
        context.journeys = (0..site.data.journeys.len())
            .map(|i| views.journey(i))
            .collect();
    }
    if key == section_key(FACILITIES_DIR) && !site.data.facilities.is_empty() {
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

pub(crate) const FACILITIES_CSV: &str = "data/facilities.csv";
pub(crate) const FACILITIES_JSON: &str = "data/facilities.json";

pub(crate) fn facilities_script_path(lang: &str) -> String {
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

    pub(super) fn reader(&self) -> Reader<'_> {
        Reader {
            chain: self.chain.clone(),
            t: self.t,
        }
    }

    /// The amounts in force on the build's day (a dated amount may not have started yet).
    pub(super) fn amounts(&self, list: &[Amount]) -> Vec<AmountView> {
        let day = &self.site.config.today;
        list.iter()
            .filter(|a| super::calculator::in_force(a, day))
            .map(|a| self.amount(a))
            .collect()
    }

    pub(super) fn amount(&self, a: &Amount) -> AmountView {
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

    pub(super) fn page_url(&self, key: &str) -> Option<String> {
        let entry = self.site.entry(key)?;
        Some(url::relative(
            self.path,
            &self.site.output(entry, self.lang).path,
            self.site.config.offline,
        ))
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
