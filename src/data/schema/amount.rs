//! Step 1 (load): amounts of money and rates, shared by schemes, benefits and journey steps.

use serde::{Deserialize, Serialize};

use super::{Dated, Translated};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum Currency {
    #[serde(rename = "KHR")]
    Riel,
    #[serde(rename = "USD")]
    Dollar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Period {
    Day,
    Month,
    Year,
    Once,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Payer {
    Member,
    Employer,
    Employee,
    State,
}

/// An amount of money, or a rate of something (a wage): always numbers, never free text, so
/// templates can write them in each language's way. Each number may be a dated list
/// (`data::dated`): the site shows the value in force on the build date.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Amount {
    /// What the amount is for ("Member", "Twins").
    pub label: Option<Translated>,
    #[serde(default, deserialize_with = "crate::data::dated::amount")]
    pub amount: Option<Dated>,
    pub currency: Option<Currency>,
    /// A rate in percent (2.6 for 2.6 %), with what it is a rate of.
    #[serde(default, deserialize_with = "crate::data::dated::percent")]
    pub percent: Option<Dated>,
    pub of: Option<Translated>,
    /// The wage a rate applies to, for the calculator: `monthly_wage`, or `daily_wage` (the
    /// average daily wage, taken as the monthly wage ÷ 30). A rate without it is only shown.
    pub base: Option<WageBase>,
    /// The lowest and highest monthly wage (riel) the rate is counted on.
    #[serde(default, deserialize_with = "crate::data::dated::floor")]
    pub floor: Option<Dated>,
    #[serde(default, deserialize_with = "crate::data::dated::cap")]
    pub cap: Option<Dated>,
    /// A benefit paid for a number of days (maternity: 90) at the rate of the daily wage.
    #[serde(default, deserialize_with = "crate::data::dated::days")]
    pub days: Option<Dated>,
    pub period: Option<Period>,
    pub paid_by: Option<Payer>,
    pub note: Option<Translated>,
}

/// What a rate of [`Amount`] is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum WageBase {
    MonthlyWage,
    DailyWage,
}

impl Amount {
    /// Its translated texts.
    pub(super) fn texts(&self) -> impl Iterator<Item = &Translated> {
        [&self.label, &self.of, &self.note].into_iter().flatten()
    }
}
