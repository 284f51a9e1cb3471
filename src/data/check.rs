//! Checks across records: ids unique per kind, references between records that exist, amounts
//! that are complete. Links from journey steps to pages are checked with the site's other links.

use std::collections::HashMap;

use super::{Amount, Data, Id, Record};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{Item, Key};

pub fn check_data(data: &Data) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    duplicates(data, &data.schemes, |s| &s.id, "scheme", &mut problems);
    duplicates(data, &data.benefits, |b| &b.id, "benefit", &mut problems);
    duplicates(data, &data.journeys, |j| &j.id, "journey", &mut problems);
    duplicates(data, &data.facilities, |f| &f.id, "facility", &mut problems);
    duplicates(
        data,
        &data.questions,
        |q| &q.id,
        "question tree",
        &mut problems,
    );

    let scheme_ids: Vec<String> = data.schemes.iter().map(|s| s.value.id.0.clone()).collect();
    let journey_ids: Vec<String> = data.journeys.iter().map(|j| j.value.id.0.clone()).collect();
    let unknown = |kind: &str, id: &Id, known: &[String]| {
        let hint = match crate::yaml::closest(&id.0, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => format!("there is no {kind} yet: add one in data/{kind}s/"),
            None => format!("known {kind}s: {}", known.join(", ")),
        };
        (format!("{kind} `{id}` does not exist"), hint)
    };
    for b in &data.benefits {
        if data.scheme(&b.value.scheme).is_none() {
            let (message, hint) = unknown("scheme", &b.value.scheme, &scheme_ids);
            problems.push(
                data.diagnostic(b, &[Key("scheme")], message)
                    .with_hint(hint),
            );
        }
        for (i, amount) in b.value.amounts.iter().enumerate() {
            amount_problems(data, b, "amounts", i, amount, &mut problems);
        }
    }
    for s in &data.schemes {
        if let Some(journey) = &s.value.journey
            && data.journey(journey).is_none()
        {
            let (message, hint) = unknown("journey", journey, &journey_ids);
            problems.push(
                data.diagnostic(s, &[Key("journey")], message)
                    .with_hint(hint),
            );
        }
        for (i, amount) in s.value.contributions.iter().enumerate() {
            amount_problems(data, s, "contributions", i, amount, &mut problems);
        }
    }
    for q in &data.questions {
        for (n, node) in q.value.nodes.iter().enumerate() {
            if let Some(scheme) = node.outcome.as_ref().and_then(|o| o.scheme.as_ref())
                && data.scheme(scheme).is_none()
            {
                let (message, hint) = unknown("scheme", scheme, &scheme_ids);
                let path = [Key("nodes"), Item(n), Key("outcome"), Key("scheme")];
                problems.push(data.diagnostic(q, &path, message).with_hint(hint));
            }
        }
    }
    for j in &data.journeys {
        if let Some(scheme) = &j.value.scheme
            && data.scheme(scheme).is_none()
        {
            let (message, hint) = unknown("scheme", scheme, &scheme_ids);
            problems.push(
                data.diagnostic(j, &[Key("scheme")], message)
                    .with_hint(hint),
            );
        }
        if j.value.steps.is_empty() {
            problems.push(
                data.diagnostic(j, &[Key("steps")], "a journey needs at least one step")
                    .with_hint("list the steps in order under `steps:`"),
            );
        }
        for (i, step) in j.value.steps.iter().enumerate() {
            if let Some((message, hint)) = step.cost.as_ref().and_then(incomplete) {
                problems.push(
                    data.diagnostic(j, &[Key("steps"), Item(i), Key("cost")], message)
                        .with_hint(hint),
                );
            }
        }
    }
    for f in &data.facilities {
        if f.value.lat.is_some() != f.value.lon.is_some() {
            let field = if f.value.lat.is_some() { "lat" } else { "lon" };
            problems.push(
                data.diagnostic(f, &[Key(field)], "coordinates need both `lat` and `lon`")
                    .with_hint("add the other one, or remove this one"),
            );
        }
    }
    problems
}

fn duplicates<T>(
    data: &Data,
    records: &[Record<T>],
    id: impl Fn(&T) -> &Id,
    kind: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&Id, &Record<T>> = HashMap::new();
    for r in records {
        // The hint names the first record with the id, for a third one too.
        let first = *seen.entry(id(&r.value)).or_insert(r);
        if !std::ptr::eq(first, r) {
            let first_file = &data.files[first.file];
            let (line, _) = data.locate(first, &[Key("id")]);
            problems.push(
                data.diagnostic(
                    r,
                    &[Key("id")],
                    format!("duplicate {kind} id `{}`", id(&r.value)),
                )
                .with_hint(format!(
                    "{}:{line} already uses it; every {kind} needs its own id",
                    first_file.path.display()
                )),
            );
        }
    }
}

/// An amount incomplete, or not a rule the calculators can use (`rules::rule_problems`), at
/// the line of the amount or of its field.
fn amount_problems<T>(
    data: &Data,
    record: &Record<T>,
    list: &'static str,
    i: usize,
    amount: &Amount,
    out: &mut Vec<Diagnostic>,
) {
    if let Some((message, hint)) = incomplete(amount) {
        out.push(
            data.diagnostic(record, &[Key(list), Item(i)], message)
                .with_hint(hint),
        );
    }
    for (field, message, hint) in super::rules::rule_problems(amount) {
        out.push(
            data.diagnostic(record, &[Key(list), Item(i), Key(field)], message)
                .with_hint(hint),
        );
    }
}

/// An amount must be money (`amount` + `currency`) or a rate (`percent` + `of`), not both.
fn incomplete(a: &Amount) -> Option<(String, String)> {
    match (&a.amount, &a.percent) {
        (Some(_), Some(_)) => Some((
            "an amount has both `amount` and `percent`".into(),
            "split it in two entries, one with `amount:` and one with `percent:`".into(),
        )),
        (None, None) => Some((
            "an amount has neither `amount` nor `percent`".into(),
            "write `amount: 15600` with `currency: KHR`, or `percent: 2.6` with `of: {en: monthly wage}`".into(),
        )),
        (Some(_), None) if a.currency.is_none() => Some((
            "an amount has no `currency`".into(),
            "add `currency: KHR` (riel) or `currency: USD`".into(),
        )),
        (None, Some(_)) if a.of.is_none() => Some((
            "a percentage does not say what it is a percentage of".into(),
            "add `of: {km: ..., en: monthly wage, fr: ...}`".into(),
        )),
        _ => None,
    }
}
