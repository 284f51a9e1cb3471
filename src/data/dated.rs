//! Values with dates (beside `schema`, part of loading data): any number of an amount (`amount`,
//! `percent`, `floor`, `cap`, `days`) is one plain value, or a list of the values it takes and
//! the day each takes effect: `amount: [{from: 2024-01-01, amount: 15600}, {from: 2027-01-01,
//! amount: 17000}]`. [`Dated::on`] is the value in force on a day, [`Dated::next_after`] the next
//! change; the build, `spean check` and the calculators all ask these two and nothing else.

use std::fmt;

use serde::Serialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::date::Date;

/// One value and the day it takes effect (`None`: a plain value, in force on every day).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Change {
    pub from: Option<Date>,
    pub value: f64,
}

/// A number that may change on given days: its changes, oldest first, each `from` later than
/// the one before (checked while parsed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Dated {
    pub changes: Vec<Change>,
}

impl Dated {
    pub(crate) fn plain(value: f64) -> Dated {
        Dated {
            changes: vec![Change { from: None, value }],
        }
    }

    /// The change in force on `day`: the last one whose `from` is not after it. `None` before
    /// the first date of a list.
    pub(crate) fn on(&self, day: &Date) -> Option<&Change> {
        self.changes
            .iter()
            .rev()
            .find(|c| c.from.as_ref().is_none_or(|f| f.days() <= day.days()))
    }

    /// The value in force on `day`.
    pub(crate) fn value_on(&self, day: &Date) -> Option<f64> {
        self.on(day).map(|c| c.value)
    }

    /// The first change that takes effect after `day`.
    pub(crate) fn next_after(&self, day: &Date) -> Option<(usize, &Change)> {
        self.changes
            .iter()
            .enumerate()
            .find(|(_, c)| c.from.as_ref().is_some_and(|f| f.days() > day.days()))
    }
}

/// Deserialises a plain number or a dated list whose entries hold `from:` and `key:` (the name
/// of the field, so `amount: [{from: ..., amount: ...}]`).
fn dated<'de, D: Deserializer<'de>>(
    deserializer: D,
    key: &'static str,
) -> Result<Option<Dated>, D::Error> {
    struct V(&'static str);
    impl<'de> Visitor<'de> for V {
        type Value = Dated;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(
                f,
                "a number, or a list of dated values like [{{from: 2027-01-01, {}: 17000}}]",
                self.0
            )
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dated, E> {
            Ok(Dated::plain(v as f64))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dated, E> {
            Ok(Dated::plain(v as f64))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dated, E> {
            Ok(Dated::plain(v))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dated, A::Error> {
            let mut changes: Vec<Change> = Vec::new();
            while let Some(entry) = seq.next_element_seed(Entry(self.0))? {
                if let Some(last) = changes.last().and_then(|c| c.from.as_ref())
                    && last.days() >= entry.from.as_ref().map_or(i64::MIN, Date::days)
                {
                    return Err(de::Error::custom(format!(
                        "the dates of `{}` must go from the oldest to the newest: {} comes after {}",
                        self.0,
                        entry.from.as_ref().map_or(String::new(), Date::ymd),
                        last.ymd()
                    )));
                }
                changes.push(entry);
            }
            if changes.is_empty() {
                return Err(de::Error::custom(format!(
                    "`{}` is an empty list: write a number, or at least one {{from: YYYY-MM-DD, {}: ...}}",
                    self.0, self.0
                )));
            }
            Ok(Dated { changes })
        }
    }
    deserializer.deserialize_any(V(key)).map(Some)
}

/// One entry of a dated list: `{from: 2027-01-01, amount: 17000}`.
struct Entry(&'static str);

impl<'de> de::DeserializeSeed<'de> for Entry {
    type Value = Change;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Change, D::Error> {
        struct V(&'static str);
        impl<'de> Visitor<'de> for V {
            type Value = Change;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(
                    f,
                    "a dated value like {{from: 2027-01-01, {}: 17000}}",
                    self.0
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
                let (mut from, mut value) = (None, None);
                while let Some(name) = map.next_key::<String>()? {
                    if name == "from" {
                        from = Some(map.next_value::<Date>()?);
                    } else if name == self.0 {
                        value = Some(map.next_value::<f64>()?);
                    } else {
                        return Err(de::Error::custom(format!(
                            "unknown field `{name}` in a dated `{}`: write {{from: YYYY-MM-DD, {}: ...}}",
                            self.0, self.0
                        )));
                    }
                }
                match (from, value) {
                    (Some(from), Some(value)) => Ok(Change {
                        from: Some(from),
                        value,
                    }),
                    (None, _) => Err(de::Error::custom(format!(
                        "a dated `{}` needs `from:`, the day it takes effect (YYYY-MM-DD)",
                        self.0
                    ))),
                    (_, None) => Err(de::Error::custom(format!(
                        "a dated value needs `{}:` beside its `from:`",
                        self.0
                    ))),
                }
            }
        }
        deserializer.deserialize_map(V(self.0))
    }
}

macro_rules! dated_fields {
    ($($name:ident),*) => {$(
        /// `deserialize_with` for the field of that name: a number or a dated list.
        pub(crate) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Dated>, D::Error> {
            dated(d, stringify!($name))
        }
    )*};
}
dated_fields!(amount, percent, floor, cap, days);

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn list() -> Dated {
        Dated {
            changes: vec![
                Change {
                    from: Some(day("2024-01-01")),
                    value: 15600.0,
                },
                Change {
                    from: Some(day("2027-01-01")),
                    value: 17000.0,
                },
            ],
        }
    }

    #[test]
    fn the_value_in_force_changes_on_its_day() {
        let d = list();
        assert_eq!(d.value_on(&day("2023-12-31")), None);
        assert_eq!(d.value_on(&day("2024-01-01")), Some(15600.0));
        assert_eq!(d.value_on(&day("2026-12-31")), Some(15600.0));
        assert_eq!(d.value_on(&day("2027-01-01")), Some(17000.0));
        assert_eq!(d.next_after(&day("2026-12-31")).map(|(i, _)| i), Some(1));
        assert_eq!(d.next_after(&day("2027-01-01")), None);
        assert_eq!(Dated::plain(3.0).value_on(&day("1999-01-01")), Some(3.0));
        assert!(Dated::plain(3.0).next_after(&day("1999-01-01")).is_none());
    }
}
