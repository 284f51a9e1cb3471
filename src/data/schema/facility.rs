//! Step 1 (load): a health facility of the directory, and the values it holds (type,
//! province, coordinates inside Cambodia, phone), each checked while it is parsed.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::{Date, Id, Scalar, Sources, Translated, checked};
use crate::data::kind::{Fields, Kind, KindInfo, Reporter};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::Key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FacilityType {
    NationalHospital,
    ProvincialHospital,
    ReferralHospital,
    HealthCentre,
    HealthPost,
    PrivateFacility,
}

impl FacilityType {
    pub(crate) const ALL: [FacilityType; 6] = [
        FacilityType::NationalHospital,
        FacilityType::ProvincialHospital,
        FacilityType::ReferralHospital,
        FacilityType::HealthCentre,
        FacilityType::HealthPost,
        FacilityType::PrivateFacility,
    ];

    /// The name used in YAML and CSV (`health_centre`), also the UI-string key suffix.
    pub(crate) fn code(self) -> &'static str {
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
pub(crate) struct ProvinceCode(pub u8);

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
                .and_then(crate::data::provinces::province)
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
pub(crate) struct Latitude(pub f64);
/// Longitude in degrees, inside Cambodia (about 102.3° to 107.7° east).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Longitude(pub f64);

pub(crate) const LATITUDE_RANGE: (f64, f64) = (9.9, 14.8);
pub(crate) const LONGITUDE_RANGE: (f64, f64) = (102.3, 107.7);

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
pub(crate) struct Phone(pub String);

impl Phone {
    pub(crate) fn parse(text: &str) -> Result<Phone, String> {
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
    pub(crate) fn tel(&self) -> String {
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
pub(crate) struct Facility {
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

impl Fields for Facility {
    fn id(&self) -> &Id {
        &self.id
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn last_verified(&self) -> &Date {
        &self.last_verified
    }
    fn sources(&self) -> &Sources {
        &self.source
    }
    fn texts(&self) -> Vec<&Translated> {
        let mut all = vec![&self.name, &self.district];
        all.extend(
            [&self.commune, &self.address, &self.hours]
                .into_iter()
                .flatten(),
        );
        all.extend(self.services.iter());
        all
    }
    fn problems(&self, at: &Reporter) -> Vec<Diagnostic> {
        if self.lat.is_some() == self.lon.is_some() {
            return Vec::new();
        }
        let field = if self.lat.is_some() { "lat" } else { "lon" };
        vec![at.at(
            &[Key(field)],
            "coordinates need both `lat` and `lon`",
            "add the other one, or remove this one",
        )]
    }
}

impl Kind for Facility {
    // Its pages are the provinces' (`pages::add_province_pages`), in the section `facilities`.
    const INFO: &'static KindInfo = &KindInfo {
        folder: "facilities",
        name: "facility",
        section: Some("facilities"),
        template: None,
    };
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
}
