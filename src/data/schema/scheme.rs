//! Step 1 (load): a social security scheme, with what its page and the checks take from it.

use serde::Deserialize;

use super::{Amount, Date, Id, Sources, Translated};
use crate::data::Journey;
use crate::data::check::amount_problems;
use crate::data::kind::{Fields, Kind, KindInfo, RecordPage, Reference, Reporter};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{self, Item, Key};

/// A social security scheme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Scheme {
    pub id: Id,
    /// Left out of the site unless the build asks for drafts, like a draft page: `spean new`
    /// writes it, so a record can hold placeholders until it is ready.
    #[serde(default)]
    pub draft: bool,
    pub name: Translated,
    pub summary: Translated,
    #[serde(default)]
    pub weight: i64,
    pub who_can_join: Vec<Translated>,
    pub contributions: Vec<Amount>,
    pub covers: Vec<Translated>,
    #[serde(default)]
    pub how_to_pay: Vec<Translated>,
    pub if_you_stop_paying: Option<Translated>,
    /// The enrolment journey for this scheme, by id.
    pub journey: Option<Id>,
    /// Facts the sources do not settle, shown as such.
    #[serde(default)]
    pub uncertain: Vec<Translated>,
    pub source: Sources,
    pub last_verified: Date,
}

impl Scheme {
    /// The ids of the scheme template's sections (`#cost`, `#covers`...): its page's anchors,
    /// and the ids `scheme.html` writes (`data.scheme.anchors.cost`), so they are written once.
    pub(crate) const ANCHORS: [&str; 8] = [
        "who-can-join",
        "cost",
        "calculator",
        "covers",
        "benefits",
        "how-to-pay",
        "stop-paying",
        "sources",
    ];
}

impl Fields for Scheme {
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
        let mut all = vec![&self.name, &self.summary];
        all.extend(
            self.who_can_join
                .iter()
                .chain(&self.covers)
                .chain(&self.how_to_pay)
                .chain(&self.uncertain),
        );
        all.extend(self.if_you_stop_paying.iter());
        all.extend(self.contributions.iter().flat_map(Amount::texts));
        all
    }
    fn weight(&self) -> Option<i64> {
        Some(self.weight)
    }
    fn references(&self) -> Vec<Reference<'_>> {
        let journey = self.journey.as_ref().map(|id| Reference {
            at: vec![Key("journey")],
            kind: Journey::INFO,
            id,
        });
        journey.into_iter().collect()
    }
    fn amounts(&self) -> Vec<(Vec<Step<'static>>, &Amount)> {
        let at = |i| vec![Key("contributions"), Item(i)];
        self.contributions
            .iter()
            .enumerate()
            .map(|(i, a)| (at(i), a))
            .collect()
    }
    fn problems(&self, at: &Reporter) -> Vec<Diagnostic> {
        amount_problems(at, "contributions", &self.contributions)
    }
    fn page(&self) -> RecordPage<'_> {
        RecordPage {
            title: Some(&self.name),
            summary: Some(&self.summary),
            anchors: Scheme::ANCHORS
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            ..RecordPage::default()
        }
    }
}

impl Kind for Scheme {
    const INFO: &'static KindInfo = &KindInfo {
        folder: "schemes",
        name: "scheme",
        section: Some("schemes"),
        template: Some("scheme.html"),
    };
}
