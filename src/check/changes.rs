//! `spean check` (beside the pipeline): what it says about dated rules (`data::dated`), for
//! every kind's amounts (`Fields::amounts`): a change taking effect within
//! `rebuild_warning_days` of the day checked, at the line of its `from:` entry, so the site is
//! rebuilt on that day (a static site shows the value of the day it was built).

use crate::data::{Amount, Data, Record};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;
use crate::yaml::Step::{Item, Key};

/// Every dated change of every amount that takes effect after `today` and at most
/// `rebuild_warning_days` later.
pub(super) fn coming_changes(site: &Site, today: &Date) -> Vec<Diagnostic> {
    let window = Window {
        data: &site.data,
        today: today.days(),
        days: i64::from(site.config.rebuild_warning_days),
    };
    let mut out = Vec::new();
    for records in site.data.kinds() {
        for r in &records.records {
            for (at, amount) in r.value.amounts() {
                window.amount(r, &at, amount, &mut out);
            }
        }
    }
    out
}

struct Window<'a> {
    data: &'a Data,
    today: i64,
    days: i64,
}

impl Window<'_> {
    fn amount<T>(
        &self,
        r: &Record<T>,
        at: &[crate::yaml::Step],
        a: &Amount,
        out: &mut Vec<Diagnostic>,
    ) {
        for field in Amount::DATED_FIELDS {
            let Some(dated) = a.field(field) else {
                continue;
            };
            for (j, change) in dated.changes.iter().enumerate() {
                let Some(from) = &change.from else { continue };
                let within = from.days() - self.today;
                if within <= 0 || within > self.days {
                    continue;
                }
                let mut path = at.to_vec();
                path.extend([Key(field), Item(j)]);
                let day = from.ymd();
                let mut d = self
                    .data
                    .diagnostic(
                        r,
                        &path,
                        format!(
                            "`{field}` changes to {} on {day}, in {within} day(s): the site shows the new value only once it is built on or after that day",
                            change.value
                        ),
                    )
                    .with_hint(format!(
                        "rebuild and publish the site on {day} (`spean build`; `spean build --today {day}` makes that day's site ahead of time) (rebuild_warning_days: {} in site.yaml)",
                        self.days
                    ));
                d.severity = Severity::Warning;
                out.push(d);
            }
        }
    }
}
