//! Step 3 (render): numbers, amounts and dates in each language's way, from the theme's UI
//! strings: thousands and
//! decimal separators (`15,600` in English, `15 600` with a narrow no-break space in French),
//! the language's own digits (`១៥,៦០០` in Khmer), and currency and period phrases
//! ("15,600 riel a month", "15 600 riels par mois", "១៥,៦០០ រៀល ក្នុងមួយខែ"), and dates
//! ("5 March 2025", "៥ មីនា ២០២៥"). Data gives numbers; this writes them.

use std::collections::BTreeMap;

use crate::data::{Amount, Currency, Dated, Payer, Period};
use crate::date::Date;

type Strings = BTreeMap<String, String>;

fn s<'a>(t: &'a Strings, key: &str) -> &'a str {
    t.get(key).map_or("", String::as_str)
}

/// `15600` → `15,600` (en), `15 600` (fr), `១៥,៦០០` (km); decimals kept to two places.
pub(crate) fn format_number(value: f64, t: &Strings) -> String {
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let fraction = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let separator = s(t, "thousands_separator");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    if fraction > 0 {
        grouped.push_str(s(t, "decimal_separator"));
        let f = format!("{fraction:02}");
        grouped.push_str(f.trim_end_matches('0'));
    }
    if negative {
        grouped.insert(0, '-');
    }
    localize_digits(&grouped, t)
}

/// `15600` riel as a reader of the language says it: "15,600 riel", "១៥,៦០០ រៀល".
pub(crate) fn format_riel(value: u64, t: &Strings) -> String {
    s(t, "currency_KHR").replace("{amount}", &format_number(value as f64, t))
}

/// The amount in force on `day` as a reader of the language says it, without label or payer.
pub(crate) fn format_amount(
    amount: &Amount,
    day: &Date,
    of_text: Option<&str>,
    t: &Strings,
) -> String {
    let on = |d: &Option<Dated>| d.as_ref().and_then(|d| d.value_on(day));
    if let Some(percent) = on(&amount.percent) {
        return s(t, "percent_of")
            .replace("{percent}", &format_number(percent, t))
            .replace("{of}", of_text.unwrap_or(""));
    }
    let Some(value) = on(&amount.amount) else {
        return String::new();
    };
    if value == 0.0 {
        return s(t, "free").to_string();
    }
    let key = match amount.currency {
        Some(Currency::Dollar) => "currency_USD",
        _ => "currency_KHR",
    };
    let mut text = s(t, key).replace("{amount}", &format_number(value, t));
    if let Some(period) = amount.period.filter(|p| *p != Period::Once) {
        let phrase = s(t, period_key(period));
        if !phrase.is_empty() {
            text.push(' ');
            text.push_str(phrase);
        }
    }
    text
}

/// Formats a date for readers of `lang`: "5 March 2025", "5 mars 2025", "៥ មីនា ២០២៥".
pub(crate) fn format_date(date: &Date, t: &Strings) -> String {
    let month = t
        .get(&format!("month_{}", date.month))
        .cloned()
        .unwrap_or_else(|| date.month.to_string());
    let pattern = t
        .get("date_format")
        .map_or("{day} {month} {year}", String::as_str);
    let text = pattern
        .replace("{day}", &date.day.to_string())
        .replace("{month}", &month)
        .replace("{year}", &date.year.to_string());
    localize_digits(&text, t)
}

/// Writes ASCII digits with the language's own digits when its strings ask for them
/// (`digits: ០១២៣៤៥៦៧៨៩` in km.yaml).
pub(crate) fn localize_digits(text: &str, t: &Strings) -> String {
    let Some(digits) = t.get("digits") else {
        return text.to_string();
    };
    let digits: Vec<char> = digits.chars().collect();
    if digits.len() != 10 {
        return text.to_string();
    }
    text.chars()
        .map(|c| c.to_digit(10).map_or(c, |d| digits[d as usize]))
        .collect()
}

pub(crate) fn period_key(period: Period) -> &'static str {
    match period {
        Period::Day => "period_day",
        Period::Month => "period_month",
        Period::Year => "period_year",
        Period::Once => "period_once",
    }
}

pub(crate) fn payer_key(payer: Payer) -> &'static str {
    match payer {
        Payer::Member => "paid_by_member",
        Payer::Employer => "paid_by_employer",
        Payer::Employee => "paid_by_employee",
        Payer::State => "paid_by_state",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn khmer_dates_use_khmer_digits_and_month_names() {
        let t: BTreeMap<String, String> = [
            ("digits", "០១២៣៤៥៦៧៨៩"),
            ("month_3", "មីនា"),
            ("date_format", "{day} {month} {year}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let date = Date::parse("2025-03-05").unwrap();
        assert_eq!(format_date(&date, &t), "៥ មីនា ២០២៥");
    }

    fn strings(lang: &str) -> Strings {
        let pairs: &[(&str, &str)] = match lang {
            "km" => &[
                ("thousands_separator", ","),
                ("decimal_separator", "."),
                ("digits", "០១២៣៤៥៦៧៨៩"),
                ("currency_KHR", "{amount} រៀល"),
                ("currency_USD", "{amount} ដុល្លារ"),
                ("period_month", "ក្នុងមួយខែ"),
                ("percent_of", "{percent}% នៃ{of}"),
            ],
            "fr" => &[
                ("thousands_separator", "\u{202F}"),
                ("decimal_separator", ","),
                ("digits", "0123456789"),
                ("currency_KHR", "{amount} riels"),
                ("currency_USD", "{amount} $ US"),
                ("period_month", "par mois"),
                ("percent_of", "{percent} % ({of})"),
                ("free", "gratuit"),
            ],
            _ => &[
                ("thousands_separator", ","),
                ("decimal_separator", "."),
                ("digits", "0123456789"),
                ("currency_KHR", "{amount} riel"),
                ("currency_USD", "US${amount}"),
                ("period_month", "a month"),
                ("percent_of", "{percent}% of {of}"),
            ],
        };
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn money(amount: f64, currency: Currency, period: Option<Period>) -> Amount {
        Amount {
            label: None,
            amount: Some(Dated::plain(amount)),
            currency: Some(currency),
            percent: None,
            of: None,
            base: None,
            floor: None,
            cap: None,
            days: None,
            period,
            paid_by: None,
            note: None,
        }
    }

    fn day() -> Date {
        Date::parse("2026-01-01").unwrap()
    }

    #[test]
    fn riel_per_month_in_three_languages() {
        let a = money(15600.0, Currency::Riel, Some(Period::Month));
        assert_eq!(
            format_amount(&a, &day(), None, &strings("en")),
            "15,600 riel a month"
        );
        assert_eq!(
            format_amount(&a, &day(), None, &strings("fr")),
            "15\u{202F}600 riels par mois"
        );
        assert_eq!(
            format_amount(&a, &day(), None, &strings("km")),
            "១៥,៦០០ រៀល ក្នុងមួយខែ"
        );
    }

    #[test]
    fn dollars_decimals_percentages_and_free() {
        assert_eq!(
            format_amount(
                &money(4.0, Currency::Dollar, None),
                &day(),
                None,
                &strings("en")
            ),
            "US$4"
        );
        assert_eq!(
            format_amount(
                &money(4.0, Currency::Dollar, None),
                &day(),
                None,
                &strings("fr")
            ),
            "4 $ US"
        );
        assert_eq!(
            format_number(1_200_000.0, &strings("fr")),
            "1\u{202F}200\u{202F}000"
        );
        assert_eq!(format_number(2.75, &strings("fr")), "2,75");
        assert_eq!(format_number(0.8, &strings("km")), "០.៨");
        let rate = Amount {
            percent: Some(Dated::plain(2.6)),
            amount: None,
            ..money(0.0, Currency::Riel, None)
        };
        assert_eq!(
            format_amount(&rate, &day(), Some("monthly wage"), &strings("en")),
            "2.6% of monthly wage"
        );
        assert_eq!(
            format_amount(&rate, &day(), Some("salaire mensuel"), &strings("fr")),
            "2,6 % (salaire mensuel)"
        );
        assert_eq!(
            format_amount(
                &money(0.0, Currency::Riel, None),
                &day(),
                None,
                &strings("fr")
            ),
            "gratuit"
        );
    }
}
