//! Step 1 (load): an enrolment journey, with what its page (a section per step, the step links)
//! and the checks take from it.

use serde::Deserialize;

use super::{Amount, Date, Id, Sources, Translated};
use crate::data::Scheme;
use crate::data::check::incomplete;
use crate::data::kind::{Fields, Kind, KindInfo, RecordLink, RecordPage, Reference, Reporter};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{Item, Key};

/// An enrolment journey: ordered steps from "I want to join" to "I am covered".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Journey {
    pub id: Id,
    /// Left out of the site unless the build asks for drafts, like a draft page: `spean new`
    /// writes it, so a record can hold placeholders until it is ready.
    #[serde(default)]
    pub draft: bool,
    pub title: Translated,
    pub summary: Translated,
    pub scheme: Option<Id>,
    pub steps: Vec<Step>,
    pub source: Sources,
    pub last_verified: Date,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    pub title: Translated,
    pub what_to_do: Translated,
    #[serde(default)]
    pub documents: Vec<Translated>,
    #[serde(rename = "where")]
    pub place: Option<Translated>,
    pub how_long: Option<Translated>,
    pub cost: Option<Amount>,
    /// A page with more about this step: `@/voluntary/contribution.md#when-where`.
    pub link: Option<String>,
}

impl Journey {
    /// The id of step `n`'s section (from 1): `step-2`.
    pub(crate) fn anchor(n: usize) -> String {
        format!("step-{n}")
    }
}

impl Fields for Journey {
    fn id(&self) -> &Id {
        &self.id
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn last_verified(&self) -> &Date {
        &self.last_verified
    }
    fn sources(&self) -> &Sources {
        &self.source
    }
    fn texts(&self) -> Vec<&Translated> {
        let mut all = vec![&self.title, &self.summary];
        for step in &self.steps {
            all.extend([&step.title, &step.what_to_do]);
            all.extend(step.documents.iter());
            all.extend([&step.place, &step.how_long].into_iter().flatten());
            all.extend(step.cost.iter().flat_map(Amount::texts));
        }
        all
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let scheme = self.scheme.as_ref().map(|id| Reference {
            at: vec![Key("scheme")],
            kind: Scheme::INFO,
            id,
        });
        scheme.into_iter().collect()
    }
    fn amounts(&self) -> Vec<(Vec<crate::yaml::Step<'static>>, &Amount)> {
        let at = |i| vec![Key("steps"), Item(i), Key("cost")];
        let costs = self.steps.iter().enumerate();
        costs
            .filter_map(|(i, s)| Some((at(i), s.cost.as_ref()?)))
            .collect()
    }
    fn problems(&self, at: &Reporter) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if self.steps.is_empty() {
            problems.push(at.at(
                &[Key("steps")],
                "a journey needs at least one step",
                "list the steps in order under `steps:`",
            ));
        }
        for (i, step) in self.steps.iter().enumerate() {
            if let Some((message, hint)) = step.cost.as_ref().and_then(incomplete) {
                problems.push(at.at(&[Key("steps"), Item(i), Key("cost")], message, hint));
            }
        }
        problems
    }
    fn page(&self) -> RecordPage<'_> {
        // Step links are checked and resolved with the site's other links.
        let links = self.steps.iter().enumerate().filter_map(|(n, step)| {
            Some(RecordLink {
                at: vec![Key("steps"), Item(n), Key("link")],
                link: step.link.as_deref()?,
                why: "a step links to a page of the site, written @/path/to/page.md",
            })
        });
        RecordPage {
            title: Some(&self.title),
            summary: Some(&self.summary),
            anchors: (1..=self.steps.len()).map(Journey::anchor).collect(),
            links: links.collect(),
            sample: false,
        }
    }
}

impl Kind for Journey {
    const INFO: &'static KindInfo = &KindInfo {
        folder: "journeys",
        name: "journey",
        section: Some("enrol"),
        template: Some("journey.html"),
    };
}
