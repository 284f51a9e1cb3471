//! Part of step 3, **render**: a scheme page's calculator and the dated changes the site
//! announces. Rules are taken on the build's day (`Config::today`, `--today`), evaluated by
//! `data::rules::evaluate` for the table of wage bands (shown without script) and handed to
//! `js/calculator.js` as JSON in `data-rule` attributes, so both compute from the same rule.

use std::collections::BTreeMap;

use serde::Serialize;

use super::format::format_date;
use super::format::{format_amount, format_number, format_riel, payer_key, period_key};
use crate::data::rules::{DAYS_IN_MONTH, MAX_WAGE, WAGE_BANDS, evaluate, rule_on};
use crate::data::{Amount, Date, Payer, Scheme, Translated, WageBase};
use crate::model::Site;

type Strings = BTreeMap<String, String>;

fn s(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_default()
}

/// One figure of the calculator: who pays or receives it, its rule in force and where from.
#[derive(Serialize)]
pub(crate) struct FigureView {
    /// "You pay", "Maternity cash".
    pub label: String,
    /// "a month", "a day", or empty.
    pub period: String,
    /// The rule as JSON, for `calculator.js`.
    pub rule: String,
    /// The rule in words: "2.6% of monthly wage, counted on wages from 200,000 to 1,200,000 riel".
    pub rule_text: String,
    pub source: String,
}

/// A wage of the table and the figures for it, in the order of `figures`.
#[derive(Serialize)]
pub(crate) struct BandView {
    pub value: u64,
    pub wage: String,
    pub figures: Vec<String>,
}

/// How `calculator.js` writes a number the reader's way (the same strings `format_riel` uses).
#[derive(Serialize)]
pub(crate) struct NumberFormat {
    pub currency: String,
    pub group: String,
    pub digits: String,
    pub max_wage: u64,
}

#[derive(Serialize)]
pub(crate) struct CalculatorView {
    /// The introduction and the table's caption, naming the day of the rules.
    pub intro: String,
    pub caption: String,
    pub figures: Vec<FigureView>,
    pub bands: Vec<BandView>,
    pub format: NumberFormat,
}

/// A change announced on the scheme page and in the news feed: "From 1 October 2027: ...".
#[derive(Serialize, Clone)]
pub(crate) struct ChangeView {
    pub date: String,
    pub date_iso: String,
    /// Which amount changes, for good (see `Item::key`): with the date, a stable anchor and
    /// feed entry id.
    pub key: String,
    /// What changes: the scheme's or the benefit's name, and the amount's label.
    pub what: String,
    pub text: String,
    #[serde(skip)]
    pub day: Date,
    /// The record's `last_verified`: when the change was known (the feed's publication date).
    #[serde(skip)]
    pub known: Date,
}

/// The amounts of a scheme and its benefits, with the name of what each is for.
struct Item<'a> {
    amount: &'a Amount,
    /// Names the amount for good: `contribution-2`, `<benefit id>-1` (not its place among
    /// the changes to come, which moves as changes take effect).
    key: String,
    /// The benefit's name, `None` for a contribution.
    benefit: Option<&'a Translated>,
    sources: &'a crate::data::Sources,
    known: &'a Date,
}

fn items<'a>(site: &'a Site, scheme: &'a Scheme) -> Vec<Item<'a>> {
    let mut out: Vec<Item> = scheme
        .contributions
        .iter()
        .enumerate()
        .map(|(i, amount)| Item {
            amount,
            key: format!("contribution-{}", i + 1),
            benefit: None,
            sources: &scheme.source,
            known: &scheme.last_verified,
        })
        .collect();
    for b in site
        .data
        .benefits
        .iter()
        .filter(|b| b.value.scheme == scheme.id)
    {
        out.extend(b.value.amounts.iter().enumerate().map(|(i, amount)| Item {
            amount,
            key: format!("{}-{}", b.value.id, i + 1),
            benefit: Some(&b.value.name),
            sources: &b.value.source,
            known: &b.value.last_verified,
        }));
    }
    out
}

/// Resolves translated texts for the reader (their language, then fallbacks).
pub(crate) struct Reader<'a> {
    pub chain: Vec<&'a str>,
    pub t: &'a Strings,
}

impl Reader<'_> {
    fn text(&self, t: &Translated) -> String {
        t.get(&self.chain).map_or("", |(text, _)| text).to_string()
    }

    fn label(&self, item: &Item) -> String {
        let who = match (item.benefit, item.amount.paid_by) {
            (Some(name), _) => self.text(name),
            (None, Some(Payer::Employer)) => s(self.t, "calc_employer_pays"),
            (None, Some(Payer::State)) => s(self.t, "calc_state_pays"),
            (None, _) => s(self.t, "calc_you_pay"),
        };
        match &item.amount.label {
            Some(label) => format!("{who} ({})", self.text(label)),
            None => who,
        }
    }

    /// The amount in force on `day` in words, with how its rate is counted and since when.
    pub(crate) fn rule_text(&self, a: &Amount, day: &Date) -> String {
        let mut text = self.rule_words(a, day);
        if let Some(since) = a.in_force_since(day) {
            text.push_str(", ");
            text.push_str(&s(self.t, "since_date").replace("{date}", &format_date(&since, self.t)));
        }
        text
    }

    /// The amount in force on `day` in words, with how its rate is counted.
    fn rule_words(&self, a: &Amount, day: &Date) -> String {
        let of = a.of.as_ref().map(|o| self.text(o));
        let mut parts = vec![format_amount(a, day, of.as_deref(), self.t)];
        let on = |d: &Option<crate::data::Dated>| d.as_ref().and_then(|d| d.value_on(day));
        let riel = |v: f64| format_riel(v as u64, self.t);
        let counted = match (on(&a.floor), on(&a.cap)) {
            (Some(f), Some(c)) => Some(
                s(self.t, "calc_counted_between")
                    .replace("{floor}", &riel(f))
                    .replace("{cap}", &riel(c)),
            ),
            (Some(f), None) => Some(s(self.t, "calc_counted_from").replace("{floor}", &riel(f))),
            (None, Some(c)) => Some(s(self.t, "calc_counted_up_to").replace("{cap}", &riel(c))),
            (None, None) => None,
        };
        parts.extend(counted);
        if a.base == Some(WageBase::DailyWage) {
            parts.push(
                s(self.t, "calc_daily_wage")
                    .replace("{days}", &format_number(DAYS_IN_MONTH as f64, self.t)),
            );
        }
        if let Some(days) = on(&a.days) {
            parts.push(s(self.t, "calc_for_days").replace("{days}", &format_number(days, self.t)));
        }
        if let Some(payer) = a.paid_by {
            parts.push(s(self.t, payer_key(payer)));
        }
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    }

    /// The calculator of a scheme on `day`, when any of its amounts is a rule it can compute.
    pub(crate) fn calculator(
        &self,
        site: &Site,
        scheme: &Scheme,
        day: &Date,
    ) -> Option<CalculatorView> {
        let mut figures = Vec::new();
        let mut rules = Vec::new();
        for item in items(site, scheme) {
            // A benefit that does not depend on the wage (a birth grant) is listed, not computed.
            if item.benefit.is_some() && item.amount.base.is_none() {
                continue;
            }
            let Some(rule) = rule_on(item.amount, day) else {
                continue;
            };
            let period = match item.amount.period {
                Some(p) if item.amount.days.is_none() => s(self.t, period_key(p)),
                _ => String::new(),
            };
            figures.push(FigureView {
                label: self.label(&item),
                period,
                rule: serde_json::to_string(&rule).expect("a rule serialises"),
                rule_text: self.rule_text(item.amount, day),
                source: sources_text(item.sources),
            });
            rules.push(rule);
        }
        if figures.is_empty() {
            return None;
        }
        let bands = WAGE_BANDS
            .iter()
            .map(|&wage| BandView {
                value: wage,
                wage: format_riel(wage, self.t),
                figures: rules
                    .iter()
                    .map(|r| evaluate(r, wage).map_or(String::new(), |v| format_riel(v, self.t)))
                    .collect(),
            })
            .collect();
        let date = format_date(day, self.t);
        Some(CalculatorView {
            intro: s(self.t, "calc_intro").replace("{date}", &date),
            caption: s(self.t, "calc_table_caption").replace("{date}", &date),
            figures,
            bands,
            format: NumberFormat {
                currency: s(self.t, "currency_KHR"),
                group: s(self.t, "thousands_separator"),
                digits: self
                    .t
                    .get("digits")
                    .cloned()
                    .unwrap_or_else(|| "0123456789".into()),
                max_wage: MAX_WAGE,
            },
        })
    }

    /// The changes of a scheme's and its benefits' amounts that take effect after `day`.
    pub(crate) fn changes(&self, site: &Site, scheme: &Scheme, day: &Date) -> Vec<ChangeView> {
        let mut out = Vec::new();
        for item in items(site, scheme) {
            let Some(from) = item.amount.next_change(day) else {
                continue;
            };
            let new = self.rule_words(item.amount, &from);
            let date = format_date(&from, self.t);
            let text = if in_force(item.amount, day) {
                s(self.t, "change_from_now").replace("{old}", &self.rule_text(item.amount, day))
            } else {
                s(self.t, "change_from")
            }
            .replace("{date}", &date)
            .replace("{amount}", &new);
            let what = match item.benefit {
                Some(_) => self.label(&item),
                None => format!("{} — {}", self.text(&scheme.name), self.label(&item)),
            };
            out.push(ChangeView {
                date: format_date(&from, self.t),
                date_iso: from.ymd(),
                key: item.key.clone(),
                what,
                text,
                day: from,
                known: item.known.clone(),
            });
        }
        out.sort_by_key(|c| c.day.days());
        out
    }
}

/// Whether the amount has a value on `day` (a dated list may start later).
pub(super) fn in_force(a: &Amount, day: &Date) -> bool {
    [&a.amount, &a.percent]
        .into_iter()
        .any(|d| d.as_ref().and_then(|d| d.value_on(day)).is_some())
}

fn sources_text(sources: &crate::data::Sources) -> String {
    sources
        .0
        .iter()
        .map(|src| match &src.date {
            Some(d) => format!("{} ({d})", src.title),
            None => src.title.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
