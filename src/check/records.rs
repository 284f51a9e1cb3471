//! What `spean check` says about data records besides the build's own checks: records not
//! verified within `stale_after_days` before the day checked, and the addresses in their
//! sources, each at its record's line (`Data::locate`).

use super::ExternalLink;
use crate::data::{Data, Id, Record, Sources};
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
    let data = &site.data;
    let mut out = Vec::new();
    stale.check(
        &data.schemes,
        "scheme",
        |r| (&r.id, &r.last_verified),
        &mut out,
    );
    stale.check(
        &data.benefits,
        "benefit",
        |r| (&r.id, &r.last_verified),
        &mut out,
    );
    stale.check(
        &data.journeys,
        "journey",
        |r| (&r.id, &r.last_verified),
        &mut out,
    );
    stale.check(
        &data.facilities,
        "facility",
        |r| (&r.id, &r.last_verified),
        &mut out,
    );
    stale.check(
        &data.questions,
        "question tree",
        |r| (&r.id, &r.last_verified),
        &mut out,
    );
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
    fn check<T>(
        &self,
        records: &[Record<T>],
        kind: &str,
        fields: fn(&T) -> (&Id, &Date),
        out: &mut Vec<Diagnostic>,
    ) {
        for r in records {
            let (id, verified) = fields(&r.value);
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
    links_of(data, &data.schemes, |r| &r.source, &mut links);
    links_of(data, &data.benefits, |r| &r.source, &mut links);
    links_of(data, &data.journeys, |r| &r.source, &mut links);
    links_of(data, &data.facilities, |r| &r.source, &mut links);
    links_of(data, &data.questions, |r| &r.source, &mut links);
    links
}

fn links_of<T>(
    data: &Data,
    records: &[Record<T>],
    sources: fn(&T) -> &Sources,
    links: &mut Vec<ExternalLink>,
) {
    for r in records {
        let field = data.locate(r, &[Key("source")]);
        for (i, source) in sources(&r.value).0.iter().enumerate() {
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
