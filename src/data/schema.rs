//! The four kinds of structured content, as typed records (serde, `deny_unknown_fields`).
//!
//! Values are checked while they are parsed (a province code outside 1-25, coordinates outside
//! Cambodia, a malformed phone number, a translation in a language the site does not have), so
//! the YAML parser's error points at the offending line and column. Checks that need the whole
//! site (duplicate ids, references between records and pages) are in `data::check`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

pub use super::dated::Dated;
pub use crate::date::Date;

thread_local! {
    /// The site's language codes while a data file is parsed on this thread, so a translated
    /// field can refuse a language the site does not have, at its own line.
    static LANGUAGES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `parse` with the site's languages known to translated fields.
pub fn with_languages<T>(languages: &[String], parse: impl FnOnce() -> T) -> T {
    LANGUAGES.with(|l| *l.borrow_mut() = languages.to_vec());
    let result = parse();
    LANGUAGES.with(|l| l.borrow_mut().clear());
    result
}

/// A text in several languages: `{km: ..., en: ..., fr: ...}`, or one plain text for all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Translated {
    /// Language code → text; the key `*` holds a text written once for every language.
    pub texts: BTreeMap<String, String>,
}

impl Translated {
    /// The text for a reader following `chain` (their language, then fallbacks): the text and
    /// the language it is in.
    pub fn get<'a>(&'a self, chain: &[&'a str]) -> Option<(&'a str, &'a str)> {
        if let Some(all) = self.texts.get("*") {
            return Some((all.as_str(), chain.first().copied().unwrap_or("")));
        }
        chain
            .iter()
            .find_map(|lang| self.texts.get(*lang).map(|t| (t.as_str(), *lang)))
            .or_else(|| {
                self.texts
                    .iter()
                    .next()
                    .map(|(l, t)| (t.as_str(), l.as_str()))
            })
    }

    /// Whether a reader of `lang` gets a fallback.
    pub fn lacks(&self, lang: &str) -> bool {
        !self.texts.contains_key("*") && !self.texts.contains_key(lang)
    }

    pub fn plain(text: &str) -> Translated {
        Translated {
            texts: BTreeMap::from([("*".to_string(), text.to_string())]),
        }
    }
}

impl<'de> Deserialize<'de> for Translated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Translated, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Translated;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a text per language like {km: ..., en: ..., fr: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Translated, E> {
                Ok(Translated::plain(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Translated, E> {
                Ok(Translated::plain(&v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Translated, E> {
                Ok(Translated::plain(&v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Translated, A::Error> {
                let languages = LANGUAGES.with(|l| l.borrow().clone());
                let mut texts = BTreeMap::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    if !languages.is_empty() && !languages.contains(&lang) {
                        return Err(de::Error::custom(format!(
                            "`{lang}` is not a language of this site (languages: {})",
                            languages.join(", ")
                        )));
                    }
                    texts.insert(lang, text);
                }
                if texts.is_empty() {
                    return Err(de::Error::custom(
                        "a translated text needs at least one language",
                    ));
                }
                Ok(Translated { texts })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A YAML scalar, for values checked while they are parsed.
enum Scalar<'a> {
    Text(&'a str),
    Number(f64),
}

/// Deserialises a scalar and checks it inside the visitor, so the parser's error carries the
/// scalar's own line and column (an error raised after deserialising points at the record).
fn checked<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    check: fn(Scalar) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T> {
        expecting: &'static str,
        check: fn(Scalar) -> Result<T, String>,
    }
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.check)(Scalar::Text(v)).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            (self.check)(Scalar::Number(v as f64)).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            (self.check)(Scalar::Number(v as f64)).map_err(E::custom)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            (self.check)(Scalar::Number(v)).map_err(E::custom)
        }
    }
    deserializer.deserialize_any(V { expecting, check })
}

/// A record id: lower-case letters, digits and `-` (used in URLs and references).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        checked(deserializer, "an id like `health-centre-12`", |v| {
            let text = match v {
                Scalar::Text(t) => t.to_string(),
                Scalar::Number(n) => n.to_string(),
            };
            let ok = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if ok {
                Ok(Id(text))
            } else {
                Err(format!(
                    "`{text}` is not a valid id: use lower-case letters, digits and `-`, like `health-centre-12`"
                ))
            }
        })
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a fact comes from: a title, optionally its address and date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    pub date: Option<String>,
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Source, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            title: String,
            url: Option<WebAddress>,
            date: Option<String>,
        }
        // A visitor rather than an untagged enum, so a bad `url` is reported at its own line
        // with its own message.
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Source;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source: its title, or {title, url, date}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Source, E> {
                Ok(Source {
                    title: v.to_string(),
                    url: None,
                    date: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Source, A::Error> {
                let f = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Source {
                    title: f.title,
                    url: f.url.map(|u| u.0),
                    date: f.date,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The address of another site (`https://...`): checked while parsed, so `javascript:` and
/// other schemes are refused at their line.
struct WebAddress(String);

impl<'de> Deserialize<'de> for WebAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WebAddress, D::Error> {
        checked(
            deserializer,
            "a web address starting with https://",
            |v| match v {
                Scalar::Text(t) => {
                    crate::load::address::check_web_address(t).map(|()| WebAddress(t.to_string()))
                }
                Scalar::Number(n) => Err(format!("`{n}` is not a web address")),
            },
        )
    }
}

/// One source or a list of them.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Sources(pub Vec<Source>);

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Sources, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Sources;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source (its title), or a list of sources")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Sources, E> {
                Ok(Sources(vec![Source {
                    title: v.to_string(),
                    url: None,
                    date: None,
                }]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sources, A::Error> {
                let mut list = Vec::new();
                while let Some(s) = seq.next_element::<Source>()? {
                    list.push(s);
                }
                Ok(Sources(list))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Sources, A::Error> {
                let source = Source::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Sources(vec![source]))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Currency {
    #[serde(rename = "KHR")]
    Riel,
    #[serde(rename = "USD")]
    Dollar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Month,
    Year,
    Once,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
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
pub struct Amount {
    /// What the amount is for ("Member", "Twins").
    pub label: Option<Translated>,
    #[serde(default, deserialize_with = "super::dated::amount")]
    pub amount: Option<Dated>,
    pub currency: Option<Currency>,
    /// A rate in percent (2.6 for 2.6 %), with what it is a rate of.
    #[serde(default, deserialize_with = "super::dated::percent")]
    pub percent: Option<Dated>,
    pub of: Option<Translated>,
    /// The wage a rate applies to, for the calculator: `monthly_wage`, or `daily_wage` (the
    /// average daily wage, taken as the monthly wage ÷ 30). A rate without it is only shown.
    pub base: Option<WageBase>,
    /// The lowest and highest monthly wage (riel) the rate is counted on.
    #[serde(default, deserialize_with = "super::dated::floor")]
    pub floor: Option<Dated>,
    #[serde(default, deserialize_with = "super::dated::cap")]
    pub cap: Option<Dated>,
    /// A benefit paid for a number of days (maternity: 90) at the rate of the daily wage.
    #[serde(default, deserialize_with = "super::dated::days")]
    pub days: Option<Dated>,
    pub period: Option<Period>,
    pub paid_by: Option<Payer>,
    pub note: Option<Translated>,
}

/// What a rate of [`Amount`] is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WageBase {
    MonthlyWage,
    DailyWage,
}

/// A social security scheme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub id: Id,
    /// Left out of the site unless the build asks for drafts, like a draft page: `spean new`
    /// writes it, so a record can hold placeholders until it is ready.
    #[serde(default)]
    pub draft: bool,
    pub name: Translated,
    pub summary: Translated,
    #[serde(default)]
    pub weight: i64,
    pub who_can_join: Vec<Translated>,
    pub contributions: Vec<Amount>,
    pub covers: Vec<Translated>,
    #[serde(default)]
    pub how_to_pay: Vec<Translated>,
    pub if_you_stop_paying: Option<Translated>,
    /// The enrolment journey for this scheme, by id.
    pub journey: Option<Id>,
    /// Facts the sources do not settle, shown as such.
    #[serde(default)]
    pub uncertain: Vec<Translated>,
    pub source: Sources,
    pub last_verified: Date,
}

/// A benefit of a scheme: conditions, amounts, documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benefit {
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

/// An enrolment journey: ordered steps from "I want to join" to "I am covered".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub id: Id,
    /// Left out of the site unless the build asks for drafts, like a draft page: `spean new`
    /// writes it, so a record can hold placeholders until it is ready.
    #[serde(default)]
    pub draft: bool,
    pub title: Translated,
    pub summary: Translated,
    pub scheme: Option<Id>,
    pub steps: Vec<Step>,
    pub source: Sources,
    pub last_verified: Date,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: Translated,
    pub what_to_do: Translated,
    #[serde(default)]
    pub documents: Vec<Translated>,
    #[serde(rename = "where")]
    pub place: Option<Translated>,
    pub how_long: Option<Translated>,
    pub cost: Option<Amount>,
    /// A page with more about this step: `@/voluntary/contribution.md#when-where`.
    pub link: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityType {
    NationalHospital,
    ProvincialHospital,
    ReferralHospital,
    HealthCentre,
    HealthPost,
    PrivateFacility,
}

impl FacilityType {
    pub const ALL: [FacilityType; 6] = [
        FacilityType::NationalHospital,
        FacilityType::ProvincialHospital,
        FacilityType::ReferralHospital,
        FacilityType::HealthCentre,
        FacilityType::HealthPost,
        FacilityType::PrivateFacility,
    ];

    /// The name used in YAML and CSV (`health_centre`), also the UI-string key suffix.
    pub fn code(self) -> &'static str {
        match self {
            FacilityType::NationalHospital => "national_hospital",
            FacilityType::ProvincialHospital => "provincial_hospital",
            FacilityType::ReferralHospital => "referral_hospital",
            FacilityType::HealthCentre => "health_centre",
            FacilityType::HealthPost => "health_post",
            FacilityType::PrivateFacility => "private_facility",
        }
    }
}

/// A province by its NCDD code, 1 to 25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ProvinceCode(pub u8);

impl<'de> Deserialize<'de> for ProvinceCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ProvinceCode, D::Error> {
        checked(deserializer, "a province code from 1 to 25", |v| {
            let code = match v {
                Scalar::Number(n) if n.fract() == 0.0 => n,
                Scalar::Number(n) => {
                    return Err(format!("province {n} is not a whole number from 1 to 25"));
                }
                Scalar::Text(t) => {
                    return Err(format!(
                        "province `{t}` must be its code, a number from 1 to 25 (12 is Phnom Penh; the list is in the README)"
                    ));
                }
            };
            match u8::try_from(code as i64)
                .ok()
                .and_then(super::provinces::province)
            {
                Some(p) => Ok(ProvinceCode(p.code)),
                None => Err(format!(
                    "province {code} is not one of Cambodia's 25 provinces: use a code from 1 to 25 (12 is Phnom Penh; the list is in the README)"
                )),
            }
        })
    }
}

/// Latitude in degrees, inside Cambodia (about 10° to 14.7° north).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Latitude(pub f64);
/// Longitude in degrees, inside Cambodia (about 102.3° to 107.7° east).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Longitude(pub f64);

pub const LATITUDE_RANGE: (f64, f64) = (9.9, 14.8);
pub const LONGITUDE_RANGE: (f64, f64) = (102.3, 107.7);

fn coordinate(v: Scalar, name: &str, range: (f64, f64)) -> Result<f64, String> {
    let value = match v {
        Scalar::Number(n) => n,
        Scalar::Text(t) => t
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("{name} `{t}` is not a number of degrees like 11.5564"))?,
    };
    if (range.0..=range.1).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{name} {value} is outside Cambodia (between {} and {}); check that lat and lon are not swapped",
            range.0, range.1
        ))
    }
}

impl<'de> Deserialize<'de> for Latitude {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Latitude, D::Error> {
        checked(deserializer, "a latitude in degrees", |v| {
            coordinate(v, "latitude", LATITUDE_RANGE).map(Latitude)
        })
    }
}

impl<'de> Deserialize<'de> for Longitude {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Longitude, D::Error> {
        checked(deserializer, "a longitude in degrees", |v| {
            coordinate(v, "longitude", LONGITUDE_RANGE).map(Longitude)
        })
    }
}

/// A Cambodian phone number as written (`023 123 456`, `+855 12 345 678`, `1286`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phone(pub String);

impl Phone {
    pub fn parse(text: &str) -> Result<Phone, String> {
        let text = text.trim();
        let allowed = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let plus_ok =
            !text.contains('+') || (text.starts_with("+855") && text.matches('+').count() == 1);
        let national = text.starts_with('0') || text.starts_with('+') || digits.len() <= 4;
        if allowed && plus_ok && national && (3..=13).contains(&digits.len()) {
            Ok(Phone(text.to_string()))
        } else {
            Err(format!(
                "`{text}` is not a phone number: write it like 023 123 456, 012 345 678, +855 12 345 678 or a short hotline like 1286"
            ))
        }
    }

    /// The `tel:` address: digits and a leading `+`.
    pub fn tel(&self) -> String {
        let mut out = String::new();
        for c in self.0.chars() {
            if c.is_ascii_digit() || (c == '+' && out.is_empty()) {
                out.push(c);
            }
        }
        out
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Phone, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Phone;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a phone number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Phone, E> {
                Phone::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Phone, E> {
                Phone::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Phone, E> {
                Phone::parse(&v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A health facility. These field names are also the CSV columns of `spean import`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    pub id: Id,
    /// Left out of the site unless the build asks for drafts, like a draft page: `spean new`
    /// writes it, so a record can hold placeholders until it is ready.
    #[serde(default)]
    pub draft: bool,
    pub name: Translated,
    #[serde(rename = "type")]
    pub kind: FacilityType,
    pub province: ProvinceCode,
    pub district: Translated,
    pub commune: Option<Translated>,
    pub address: Option<Translated>,
    pub phone: Option<Phone>,
    pub hours: Option<Translated>,
    #[serde(default)]
    pub emergency_24h: bool,
    #[serde(default)]
    pub services: Vec<Translated>,
    #[serde(default)]
    pub nssf_contract: bool,
    pub contract_checked: Option<Date>,
    /// An NSSF desk on site, where members can ask and register.
    #[serde(default)]
    pub nssf_desk: bool,
    pub lat: Option<Latitude>,
    pub lon: Option<Longitude>,
    pub source: Sources,
    pub last_verified: Date,
    /// An invented record (the sample portal's directory): the card says so.
    #[serde(default)]
    pub sample: bool,
}

/// A record that can be a draft (every kind can).
pub trait Draft {
    fn is_draft(&self) -> bool;
}

macro_rules! drafts {
    ($($kind:ty),*) => {$(
        impl Draft for $kind {
            fn is_draft(&self) -> bool {
                self.draft
            }
        }
    )*};
}
drafts!(Scheme, Benefit, Journey, Facility, super::QuestionTree);

impl Amount {
    fn texts(&self) -> impl Iterator<Item = &Translated> {
        [&self.label, &self.of, &self.note].into_iter().flatten()
    }
}

impl Scheme {
    /// Every translated text of the record.
    pub fn texts(&self) -> Vec<&Translated> {
        let mut all = vec![&self.name, &self.summary];
        all.extend(
            self.who_can_join
                .iter()
                .chain(&self.covers)
                .chain(&self.how_to_pay)
                .chain(&self.uncertain),
        );
        all.extend(self.if_you_stop_paying.iter());
        all.extend(self.contributions.iter().flat_map(Amount::texts));
        all
    }
}

impl Benefit {
    pub fn texts(&self) -> Vec<&Translated> {
        let mut all = vec![&self.name, &self.description];
        all.extend(self.conditions.iter().chain(&self.documents));
        all.extend(self.amounts.iter().flat_map(Amount::texts));
        all
    }
}

impl Journey {
    pub fn texts(&self) -> Vec<&Translated> {
        let mut all = vec![&self.title, &self.summary];
        for step in &self.steps {
            all.extend([&step.title, &step.what_to_do]);
            all.extend(step.documents.iter());
            all.extend([&step.place, &step.how_long].into_iter().flatten());
            all.extend(step.cost.iter().flat_map(Amount::texts));
        }
        all
    }
}

impl Facility {
    pub fn texts(&self) -> Vec<&Translated> {
        let mut all = vec![&self.name, &self.district];
        all.extend(
            [&self.commune, &self.address, &self.hours]
                .into_iter()
                .flatten(),
        );
        all.extend(self.services.iter());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(Phone::parse("023 123 456").is_ok());
        assert!(Phone::parse("+855 12 345 678").is_ok());
        assert!(Phone::parse("1286").is_ok());
        assert!(Phone::parse("12-34-ab").is_err());
        assert!(Phone::parse("+33 1 23 45 67 89").is_err());
        assert!(
            Phone::parse("123456").is_err(),
            "a long number must start with 0 or +855"
        );
        assert_eq!(
            Phone::parse("+855 (0)12 345-678").unwrap().tel(),
            "+855012345678"
        );
    }

    #[test]
    fn translated_falls_back_along_the_chain() {
        let t = Translated {
            texts: BTreeMap::from([("en".into(), "Card".into()), ("km".into(), "ប័ណ្ណ".into())]),
        };
        assert_eq!(t.get(&["fr", "en", "km"]), Some(("Card", "en")));
        assert_eq!(t.get(&["km", "en"]), Some(("ប័ណ្ណ", "km")));
        assert!(t.lacks("fr") && !t.lacks("en"));
        assert_eq!(Translated::plain("1286").get(&["fr"]), Some(("1286", "fr")));
    }
}
