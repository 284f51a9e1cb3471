//! Step 1 (load, beside content): the records of `data/`, as typed schemas (serde,
//! `deny_unknown_fields`): the values every kind shares here, and a file per kind (`scheme`,
//! `benefit`, `journey`, `facility`; question trees are in `data::questions`), each with what
//! the generic steps read of it (`data::kind`).
//!
//! Values are checked while they are parsed (a province code outside 1-25, coordinates outside
//! Cambodia, a malformed phone number, a translation in a language the site does not have), so
//! the YAML parser's error points at the offending line and column. Checks that need the whole
//! site (duplicate ids, references between records and pages) are in `data::check`.

mod amount;
mod benefit;
mod facility;
mod journey;
mod scheme;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

pub(crate) use super::dated::Dated;
pub(crate) use crate::date::Date;
pub(crate) use amount::{Amount, Currency, Payer, Period, WageBase};
pub(crate) use benefit::Benefit;
pub(crate) use facility::{Facility, FacilityType, Latitude, Longitude, Phone, ProvinceCode};
pub(crate) use journey::Journey;
pub(crate) use scheme::Scheme;

thread_local! {
    /// The site's language codes while a data file is parsed on this thread, so a translated
    /// field can refuse a language the site does not have, at its own line.
    static LANGUAGES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `parse` with the site's languages known to translated fields.
pub(crate) fn with_languages<T>(languages: &[String], parse: impl FnOnce() -> T) -> T {
    LANGUAGES.with(|l| *l.borrow_mut() = languages.to_vec());
    let result = parse();
    LANGUAGES.with(|l| l.borrow_mut().clear());
    result
}

/// A text in several languages: `{km: ..., en: ..., fr: ...}`, or one plain text for all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Translated {
    /// Language code → text; the key `*` holds a text written once for every language.
    pub texts: BTreeMap<String, String>,
}

impl Translated {
    /// The text for a reader following `chain` (their language, then fallbacks): the text and
    /// the language it is in.
    pub(crate) fn get<'a>(&'a self, chain: &[&'a str]) -> Option<(&'a str, &'a str)> {
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
    pub(crate) fn lacks(&self, lang: &str) -> bool {
        !self.texts.contains_key("*") && !self.texts.contains_key(lang)
    }

    pub(crate) fn plain(text: &str) -> Translated {
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
pub(super) enum Scalar<'a> {
    Text(&'a str),
    Number(f64),
}

/// Deserialises a scalar and checks it inside the visitor, so the parser's error carries the
/// scalar's own line and column (an error raised after deserialising points at the record).
pub(super) fn checked<'de, D, T>(
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
pub(crate) struct Id(pub String);

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
pub(crate) struct Source {
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
pub(crate) struct Sources(pub Vec<Source>);

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

#[cfg(test)]
mod tests {
    use super::*;

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
