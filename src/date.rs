//! Beside the stages: a calendar date, optionally with a time, as content writes it
//! (`2025-03-05`, `2025-03-05T09:30:00+07:00`). The command line's `--today` (step 0, config),
//! front matter (step 1, load), data records and feeds all read and write dates through it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date, optionally with a time: `2025-03-05` or `2025-03-05T09:30:00+07:00`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// `HH:MM[:SS]` and an optional zone, as written.
    pub time: Option<String>,
}

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let parts: Vec<&str> = date.split('-').collect();
        let bad = || format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-05");
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "`{text}` is not a real date (month {month} has no day {day})"
            ));
        }
        if let Some(t) = time {
            let hm: Vec<&str> = t.get(..5).unwrap_or("").split(':').collect();
            let valid = hm.len() == 2
                && hm[0].parse::<u8>().is_ok_and(|h| h < 24)
                && hm[1].parse::<u8>().is_ok_and(|m| m < 60);
            if !valid {
                return Err(format!(
                    "`{text}` has a bad time; write it as 2025-03-05T09:30:00+07:00"
                ));
            }
        }
        Ok(Date {
            year,
            month,
            day,
            time: time.map(str::to_string),
        })
    }

    /// RFC 3339, as Atom feeds want: a date alone becomes midnight in Cambodia (UTC+7).
    pub fn rfc3339(&self) -> String {
        let day = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        match &self.time {
            None => format!("{day}T00:00:00+07:00"),
            Some(t) => {
                let has_zone = t.ends_with('Z') || t[5..].contains(['+', '-']);
                let seconds = if t.len() >= 8 && t.as_bytes()[5] == b':' {
                    ""
                } else {
                    ":00"
                };
                let (clock, zone) = if has_zone {
                    let at = t[5..].find(['+', '-', 'Z']).map_or(t.len(), |i| i + 5);
                    (&t[..at], &t[at..])
                } else {
                    (t.as_str(), "+07:00")
                };
                format!("{day}T{clock}{seconds}{zone}")
            }
        }
    }

    /// Today (UTC), or the date of `SOURCE_DATE_EPOCH` when set (reproducible builds and tests).
    pub fn today() -> Date {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            });
        Date::from_days((seconds / 86_400) as i64)
    }

    /// Days since 1970-01-01 → date (Howard Hinnant's civil-from-days algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            time: None,
        }
    }

    /// Days since 1970-01-01 (the inverse of `from_days`).
    pub fn days(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date alone, `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.time {
            Some(t) => write!(f, "{}T{t}", self.ymd()),
            None => write!(f, "{}", self.ymd()),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written as YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse("2025-03-05").unwrap().ymd(), "2025-03-05");
        assert!(Date::parse("2025-02-30").is_err());
        assert!(Date::parse("5 March 2025").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert_eq!(
            Date::parse("2025-03-05").unwrap().rfc3339(),
            "2025-03-05T00:00:00+07:00"
        );
        assert_eq!(
            Date::parse("2025-03-05T09:30").unwrap().rfc3339(),
            "2025-03-05T09:30:00+07:00"
        );
        assert_eq!(
            Date::parse("2025-03-05T09:30:10Z").unwrap().rfc3339(),
            "2025-03-05T09:30:10Z"
        );
    }

    #[test]
    fn days_round_trip() {
        for text in ["1970-01-01", "2024-02-29", "2025-03-05", "2026-11-24"] {
            let d = Date::parse(text).unwrap();
            assert_eq!(Date::from_days(d.days()).ymd(), text);
        }
        assert_eq!(Date::parse("2026-02-23").unwrap().days(), 20_507);
    }
}
