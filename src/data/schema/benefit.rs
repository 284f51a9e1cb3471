//! Step 1 (load): a benefit of a scheme, shown on its scheme's page (no page of its own).

use serde::Deserialize;

use super::{Amount, Date, Id, Sources, Translated};
use crate::data::Scheme;
use crate::data::check::amount_problems;
use crate::data::kind::{Fields, Kind, KindInfo, Reference, Reporter};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{self, Item, Key};

/// A benefit of a scheme: conditions, amounts, documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Benefit {
    pub id: Id,
    /// Left out of the site unless the build asks for drafts, like a draft page: `spean new`
    /// writes it, so a record can hold placeholders until it is ready.
    #[serde(default)]
    pub draft: bool,
    pub scheme: Id,
    pub name: Translated,
    pub description: Translated,
    #[serde(default)]
    pub conditions: Vec<Translated>,
    #[serde(default)]
    pub amounts: Vec<Amount>,
    #[serde(default)]
    pub documents: Vec<Translated>,
    pub source: Sources,
    pub last_verified: Date,
}

impl Fields for Benefit {
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
        let mut all = vec![&self.name, &self.description];
        all.extend(self.conditions.iter().chain(&self.documents));
        all.extend(self.amounts.iter().flat_map(Amount::texts));
        all
    }
    fn references(&self) -> Vec<Reference<'_>> {
        vec![Reference {
            at: vec![Key("scheme")],
            kind: Scheme::INFO,
            id: &self.scheme,
        }]
    }
    fn amounts(&self) -> Vec<(Vec<Step<'static>>, &Amount)> {
        let at = |i| vec![Key("amounts"), Item(i)];
        self.amounts
            .iter()
            .enumerate()
            .map(|(i, a)| (at(i), a))
            .collect()
    }
    fn problems(&self, at: &Reporter) -> Vec<Diagnostic> {
        amount_problems(at, "amounts", &self.amounts)
    }
}

impl Kind for Benefit {
    const INFO: &'static KindInfo = &KindInfo {
        folder: "benefits",
        name: "benefit",
        section: None,
        template: None,
    };
}
