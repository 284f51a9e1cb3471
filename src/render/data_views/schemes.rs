//! Step 3 (render): the view of a scheme (its page, the schemes' listing, a question's outcome)
//! and of its benefits.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{AmountView, LinkView, SourceView, Text, Views};
use crate::data::pages::{JOURNEYS_DIR, SCHEMES_DIR};
use crate::data::{Benefit, Scheme};
use crate::render::calculator::{CalculatorView, ChangeView};
use crate::render::format::format_date;

#[derive(Serialize)]
pub(crate) struct BenefitView {
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
pub(crate) struct SchemeView {
    pub id: String,
    /// The ids of its page's sections by name (`anchors.how_to_pay` is `how-to-pay`): the
    /// template writes them from here, the page's anchors come from the same list.
    pub anchors: BTreeMap<String, &'static str>,
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

impl Views<'_> {
    pub(super) fn benefit(&self, b: &Benefit) -> BenefitView {
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
            anchors: Scheme::ANCHORS
                .iter()
                .map(|id| (id.replace('-', "_"), *id))
                .collect(),
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
}
