//! `spean check` (beside the pipeline): what it says about data records besides the build's
//! own checks, for every kind through `Data::kinds`: records not verified within
//! `stale_after_days` before the day checked, and the addresses in their sources, each at its
//! record's line (`Data::locate`).

use super::ExternalLink;
use crate::data::Data;
use crate::data::kind::Records;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;
use crate::yaml::Step::{Item, Key};

/// The group of warnings about records not verified for too long (`CheckReport::groups[0]`).
pub(super) const STALE: u16 = 0;

/// Records last verified more than `stale_after_days` before `today`, each reported at its
/// `last_verified:`, with what they have in common (the terminal counts them per file).
pub(super) fn stale_records(site: &Site, today: &Date) -> (String, Vec<Diagnostic>) {
    let limit = site.config.stale_after_days;
    let since = Date::from_days(today.days() - i64::from(limit));
    let stale = Staleness {
        data: &site.data,
        since: since.days(),
        today: today.days(),
        hint: format!(
            "check it against its source and update `last_verified` (limit: stale_after_days: {limit} in site.yaml)"
        ),
    };
    let mut out = Vec::new();
    for records in site.data.kinds() {
        stale.check(&records, &mut out);
    }
    let summary = format!(
        "records not verified since before {} (stale_after_days: {limit})",
        since.ymd()
    );
    (summary, out)
}

struct Staleness<'a> {
    data: &'a Data,
    /// Days since 1970: verified before `since` is too old.
    since: i64,
    today: i64,
    hint: String,
}

impl Staleness<'_> {
    fn check(&self, records: &Records, out: &mut Vec<Diagnostic>) {
        let kind = records.kind.name;
        for r in &records.records {
            let (id, verified) = (r.value.id(), r.value.last_verified());
            if verified.days() >= self.since {
                continue;
            }
            let age = self.today - verified.days();
            let mut d = self
                .data
                .diagnostic(
                    r,
                    &[Key("last_verified")],
                    format!(
                        "{kind} `{id}` last verified {age} days ago ({})",
                        verified.ymd()
                    ),
                )
                .with_hint(self.hint.clone())
                .in_group(STALE);
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
}

/// The addresses in every record's `source`, each at the line of its `url:`.
pub(super) fn source_links(data: &Data) -> Vec<ExternalLink> {
    let mut links = Vec::new();
    for records in data.kinds() {
        links_of(data, &records, &mut links);
    }
    links
}

fn links_of(data: &Data, records: &Records, links: &mut Vec<ExternalLink>) {
    for r in &records.records {
        let field = data.locate(r, &[Key("source")]);
        for (i, source) in r.value.sources().0.iter().enumerate() {
            let Some(url) = &source.url else { continue };
            // `source: [{title, url}, ...]` or `source: {title, url}`.
            let listed = data.locate(r, &[Key("source"), Item(i), Key("url")]);
            let (line, _) = if listed != field {
                listed
            } else {
                data.locate(r, &[Key("source"), Key("url")])
            };
            links.push(ExternalLink {
                file: data.files[r.file].path.display().to_string(),
                line,
                url: url.clone(),
            });
        }
    }
}
