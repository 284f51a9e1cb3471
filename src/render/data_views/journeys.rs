//! Step 3 (render): the view of an enrolment journey (its page, its checklist, listings).

use serde::Serialize;

use super::{AmountView, LinkView, SourceView, Text, Views, rebase};
use crate::data::Journey;
use crate::data::pages::{JOURNEYS_DIR, SCHEMES_DIR};
use crate::model::url;
use crate::render::format::{format_date, localize_digits};

#[derive(Serialize)]
pub(crate) struct StepView {
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
pub(crate) struct JourneyView {
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

impl Views<'_> {
    pub(super) fn journey(&self, index: usize) -> JourneyView {
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
                        .filter(|a| crate::render::calculator::in_force(a, &self.site.config.today))
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
}
