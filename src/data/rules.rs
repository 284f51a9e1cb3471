//! Calculators' rules (beside `schema` and `dated`; read by `data::check`, `render` and `check`):
//! an [`Amount`] of a record, on a given day, becomes a [`Rule`] that turns a monthly wage into
//! riel, and [`evaluate`] is the one place that does the arithmetic in Rust. The theme's
//! `js/calculator.js` does the same with the same integers; both run
//! `tests/fixtures/calculator-vectors.json`.
//!
//! Rounding: everything is whole riel and whole hundredths of a percent, multiplied first and
//! divided once at the end, rounding to the nearest riel with halves going up. Numbers stay below
//! 2^53, so JavaScript's doubles compute exactly the same integers.

use serde::{Deserialize, Serialize};

use super::{Amount, Currency, Date, Dated, WageBase};

/// The average daily wage is the monthly wage divided by this (stated under every figure).
pub(crate) const DAYS_IN_MONTH: u64 = 30;
/// The largest monthly wage the calculators accept, so every product stays below 2^53.
pub(crate) const MAX_WAGE: u64 = 1_000_000_000;
/// The wages (riel a month) of the table that pages show without JavaScript.
pub(crate) const WAGE_BANDS: [u64; 7] = [
    200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000, 1_600_000,
];

/// A rule in force: what the calculator computes for one figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Rule {
    /// The same amount whatever the wage.
    Flat { riel: u64 },
    /// `hundredths` of a percent (260 for 2.6 %) of the monthly wage, counted between `floor`
    /// and `cap`; with `daily`, of the daily wage (÷ 30), times `days`.
    Rate {
        hundredths: u64,
        daily: bool,
        floor: Option<u64>,
        cap: Option<u64>,
        days: u64,
    },
}

/// The figure for a monthly `wage` in riel; `None` above [`MAX_WAGE`].
pub(crate) fn evaluate(rule: &Rule, wage: u64) -> Option<u64> {
    if wage > MAX_WAGE {
        return None;
    }
    match *rule {
        Rule::Flat { riel } => Some(riel),
        Rule::Rate {
            hundredths,
            daily,
            floor,
            cap,
            days,
        } => {
            let counted = wage.max(floor.unwrap_or(0)).min(cap.unwrap_or(u64::MAX));
            // Checked, so a rule `data::check` refuses can never overflow (`spean check` still
            // renders pages when data has errors).
            let numerator = counted.checked_mul(hundredths)?.checked_mul(days)?;
            let denominator = 10_000 * if daily { DAYS_IN_MONTH } else { 1 };
            Some(numerator.checked_mul(2)?.checked_add(denominator)? / (2 * denominator))
        }
    }
}

/// The rule of `amount` in force on `day`, when it is one the calculator can compute: an amount
/// in riel, or a rate with a `base`. `data::check` has refused values that are not whole.
pub(crate) fn rule_on(amount: &Amount, day: &Date) -> Option<Rule> {
    let on = |d: &Option<Dated>| d.as_ref().and_then(|d| d.value_on(day));
    if let Some(riel) = on(&amount.amount) {
        // A flat amount in whole riel; anything else is shown, not computed.
        let whole = riel.fract() == 0.0 && (0.0..=MAX_WAGE as f64).contains(&riel);
        return (amount.currency == Some(Currency::Riel) && amount.base.is_none() && whole)
            .then_some(Rule::Flat { riel: riel as u64 });
    }
    let base = amount.base?;
    Some(Rule::Rate {
        hundredths: (on(&amount.percent)? * 100.0).round() as u64,
        daily: base == WageBase::DailyWage,
        floor: on(&amount.floor).map(|v| v as u64),
        cap: on(&amount.cap).map(|v| v as u64),
        days: on(&amount.days).map_or(1, |v| v as u64),
    })
}

/// What is wrong with an amount as a rule, by field: `(field, message, hint)`.
pub(crate) fn rule_problems(amount: &Amount) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let mut each = |field: &'static str, check: &dyn Fn(f64) -> Option<(String, String)>| {
        if let Some(dated) = amount.field(field) {
            for change in &dated.changes {
                if let Some((message, hint)) = check(change.value) {
                    out.push((field, message, hint));
                }
            }
        }
    };
    let whole_riel = |what: &'static str| {
        move |v: f64| {
            (v < 0.0 || v.fract() != 0.0 || v > MAX_WAGE as f64).then(|| {
                (
                    format!("{what} {v} is not a whole number of riel from 0 to {MAX_WAGE}"),
                    "write whole riel, like 1200000".to_string(),
                )
            })
        }
    };
    // Only what the calculator computes is held to its limits: a rate without `base` is only
    // shown, so data written before the calculators stays valid.
    if amount.base.is_none() {
        out.extend(without_base(amount));
        return out;
    }
    each("percent", &|v| {
        let hundredths = v * 100.0;
        (!(0.0..=100.0).contains(&v) || (hundredths - hundredths.round()).abs() > 1e-6).then(|| {
            (
                format!(
                    "the rate {v}% is not a percentage from 0 to 100 with at most two decimals"
                ),
                "write it like 2.6 or 2.75".to_string(),
            )
        })
    });
    each("floor", &whole_riel("the wage floor"));
    each("cap", &whole_riel("the wage cap"));
    each("days", &|v| {
        (!(1.0..=366.0).contains(&v) || v.fract() != 0.0).then(|| {
            (
                format!("{v} days is not a whole number of days from 1 to 366"),
                "write the number of days the benefit is paid for, like 90".to_string(),
            )
        })
    });
    if amount.percent.is_none() {
        out.push((
            "base",
            "`base` is the wage a rate is counted on, but this amount has no `percent`".into(),
            "add `percent:`, or remove `base:`".into(),
        ));
    }
    if amount.days.is_some() && amount.base == Some(WageBase::MonthlyWage) {
        out.push((
            "days",
            "`days` counts days of the daily wage, but `base` is `monthly_wage`".into(),
            "write `base: daily_wage`".into(),
        ));
    }
    out.extend(floor_above_cap(amount));
    out
}

/// `floor`, `cap` and `days` of an amount without `base`: they would be silently ignored.
fn without_base(amount: &Amount) -> Vec<(&'static str, String, String)> {
    ["floor", "cap", "days"]
        .into_iter()
        .filter(|field| amount.field(field).is_some())
        .map(|field| {
            (
                field,
                format!("`{field}` is only used by a rate with a `base`"),
                "add `base: monthly_wage` (or `daily_wage`) beside `percent:`".to_string(),
            )
        })
        .collect()
}

/// A floor above the cap on any day one of them changes.
fn floor_above_cap(amount: &Amount) -> Option<(&'static str, String, String)> {
    let (floor, cap) = (amount.floor.as_ref()?, amount.cap.as_ref()?);
    let days = floor
        .changes
        .iter()
        .chain(&cap.changes)
        .map(|c| c.from.clone());
    for day in days {
        // A plain value is in force on every day: compare on the first day there is.
        let day = day.unwrap_or_else(|| Date::parse("0001-01-01").expect("a valid date"));
        if let (Some(f), Some(c)) = (floor.value_on(&day), cap.value_on(&day))
            && f > c
        {
            return Some((
                "floor",
                format!("the wage floor {f} is above the wage cap {c}"),
                "the floor is the lowest wage counted, the cap the highest".into(),
            ));
        }
    }
    None
}

impl Amount {
    /// A dated number of the amount by its field name.
    pub(crate) fn field(&self, name: &str) -> Option<&Dated> {
        match name {
            "amount" => self.amount.as_ref(),
            "percent" => self.percent.as_ref(),
            "floor" => self.floor.as_ref(),
            "cap" => self.cap.as_ref(),
            "days" => self.days.as_ref(),
            _ => None,
        }
    }

    /// The fields that may be dated, for checks that look at every change.
    pub(crate) const DATED_FIELDS: [&'static str; 5] =
        ["amount", "percent", "floor", "cap", "days"];

    /// The first day after `day` on which any number of the amount changes.
    pub(crate) fn next_change(&self, day: &Date) -> Option<Date> {
        Self::DATED_FIELDS
            .iter()
            .filter_map(|f| self.field(f)?.next_after(day))
            .filter_map(|(_, c)| c.from.clone())
            .min()
    }

    /// The day the amount's numbers last changed on or before `day` (`None`: never dated).
    pub(crate) fn in_force_since(&self, day: &Date) -> Option<Date> {
        Self::DATED_FIELDS
            .iter()
            .filter_map(|f| self.field(f)?.on(day)?.from.clone())
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Vectors {
        cases: Vec<Case>,
    }
    #[derive(Deserialize)]
    struct Case {
        rule: Rule,
        wage: u64,
        expected: Option<u64>,
    }

    /// The vectors the browser test also runs through `calculator.js`.
    #[test]
    fn shared_vectors() {
        let text = include_str!("../../tests/fixtures/calculator-vectors.json");
        let vectors: Vectors = serde_json::from_str(text).unwrap();
        assert!(vectors.cases.len() >= 20);
        for case in &vectors.cases {
            assert_eq!(
                evaluate(&case.rule, case.wage),
                case.expected,
                "{:?} at {}",
                case.rule,
                case.wage
            );
        }
    }

    #[test]
    fn halves_round_up_once_at_the_end() {
        let rate = |hundredths, daily, days| Rule::Rate {
            hundredths,
            daily,
            floor: None,
            cap: None,
            days,
        };
        // 2.6 % of 12,345 = 320.97 → 321; 0.5 % of 100 = 0.5 → 1.
        assert_eq!(evaluate(&rate(260, false, 1), 12_345), Some(321));
        assert_eq!(evaluate(&rate(50, false, 1), 100), Some(1));
        assert_eq!(evaluate(&rate(50, false, 1), 99), Some(0));
        // 70 % of 1,000,000 ÷ 30 × 90 = 2,100,000 exactly, not 90 rounded daily amounts.
        assert_eq!(evaluate(&rate(7000, true, 90), 1_000_000), Some(2_100_000));
        assert_eq!(evaluate(&rate(7000, true, 1), 1_000_000), Some(23_333));
        assert_eq!(
            evaluate(&rate(10_000, true, 366), MAX_WAGE),
            Some(12_200_000_000)
        );
        assert_eq!(evaluate(&rate(1, false, 1), MAX_WAGE + 1), None);
        let huge = Rule::Rate {
            hundredths: u64::MAX,
            daily: false,
            floor: Some(u64::MAX),
            cap: None,
            days: 2,
        };
        assert_eq!(evaluate(&huge, 1), None, "never overflows");
    }
}
