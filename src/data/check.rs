//! Step 1 (load): checks across records, every kind alike through the table of kinds
//! ([`Data::kinds`]): ids unique per kind, records named by others that exist, each record's own
//! problems (`Fields::problems`: amounts, journey steps, question trees), and the `TODO(spean)`
//! placeholders of published records. Links from records to pages are checked with the site's
//! other links (`pages`).

use std::collections::HashMap;

use super::kind::{Records, Reference, Reporter};
use super::{Amount, Data, Id, Record};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::{Item, Key};

pub(crate) fn check_data(data: &Data) -> Vec<Diagnostic> {
    let kinds = data.kinds();
    kinds
        .iter()
        .flat_map(|records| check_kind(data, records, &kinds))
        .collect()
}

/// The checks of one kind's records, `kinds` being every kind (for references).
pub(crate) fn check_kind(data: &Data, records: &Records, kinds: &[Records]) -> Vec<Diagnostic> {
    let mut problems = duplicates(data, records);
    for r in &records.records {
        for reference in r.value.references() {
            problems.extend(unknown(data, r, &reference, kinds));
        }
        problems.extend(r.value.problems(&Reporter::new(data, r)));
    }
    problems.extend(placeholders(data, records));
    problems
}

fn duplicates(data: &Data, records: &Records) -> Vec<Diagnostic> {
    let kind = records.kind.name;
    let mut problems = Vec::new();
    let mut seen: HashMap<&Id, &Record<_>> = HashMap::new();
    for r in &records.records {
        // The hint names the first record with the id, for a third one too.
        let first = *seen.entry(r.value.id()).or_insert(r);
        if !std::ptr::eq(first, r) {
            let first_file = &data.files[first.file];
            let (line, _) = data.locate(first, &[Key("id")]);
            problems.push(
                data.diagnostic(
                    r,
                    &[Key("id")],
                    format!("duplicate {kind} id `{}`", r.value.id()),
                )
                .with_hint(format!(
                    "{}:{line} already uses it; every {kind} needs its own id",
                    first_file.path.display()
                )),
            );
        }
    }
    problems
}

/// A reference to a record that does not exist, with the closest id as a hint.
fn unknown<T>(
    data: &Data,
    record: &Record<T>,
    reference: &Reference,
    kinds: &[Records],
) -> Option<Diagnostic> {
    let target = reference.kind;
    let known: Vec<String> = kinds
        .iter()
        .filter(|k| k.kind.folder == target.folder)
        .flat_map(|k| &k.records)
        .map(|r| r.value.id().0.clone())
        .collect();
    if known.contains(&reference.id.0) {
        return None;
    }
    let kind = target.name;
    let hint = match crate::yaml::closest(&reference.id.0, &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => {
            format!("there is no {kind} yet: add one in data/{}/", target.folder)
        }
        None => format!("known {kind}s: {}", known.join(", ")),
    };
    let message = format!("{kind} `{}` does not exist", reference.id);
    Some(
        data.diagnostic(record, &reference.at, message)
            .with_hint(hint),
    )
}

/// Errors for the `TODO(spean)` placeholders of records that are not drafts (in their texts or
/// their comments: `spean new` puts some in comments beside values to check).
fn placeholders(data: &Data, records: &Records) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for r in records.records.iter().filter(|r| !r.value.is_draft()) {
        let file = &data.files[r.file];
        for at in crate::placeholder::offsets(&file.text[r.span.clone()]) {
            problems.push(crate::placeholder::diagnostic(
                &file.path,
                &file.text,
                r.span.start + at,
                "write the real value in its place (and delete the comment that asks for it); until the record is ready, keep `draft: true` in it (drafts are not published)",
            ));
        }
    }
    problems
}

/// The amounts of list `list` incomplete, or not rules the calculators can use
/// (`rules::rule_problems`), at the line of the amount or of its field.
pub(crate) fn amount_problems(
    at: &Reporter,
    list: &'static str,
    amounts: &[Amount],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, amount) in amounts.iter().enumerate() {
        if let Some((message, hint)) = incomplete(amount) {
            out.push(at.at(&[Key(list), Item(i)], message, hint));
        }
        for (field, message, hint) in super::rules::rule_problems(amount) {
            out.push(at.at(&[Key(list), Item(i), Key(field)], message, hint));
        }
    }
    out
}

/// An amount must be money (`amount` + `currency`) or a rate (`percent` + `of`), not both.
pub(crate) fn incomplete(a: &Amount) -> Option<(String, String)> {
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
