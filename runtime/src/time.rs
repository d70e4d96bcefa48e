//! Date and time values used in generated models.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// RFC 3339 timestamp that also accepts a missing seconds field
/// (`2021-09-28T02:15Z`, `2021-09-28T02:15+02:00`); serialises as RFC 3339.
///
/// The API sends such second-less timestamps in a few places, which strict
/// RFC 3339 parsers reject. Fractional seconds are accepted and kept. The offset
/// is kept as sent; equality, ordering and hashing compare the instant, so
/// `02:15Z` equals `04:15+02:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(chrono::DateTime<FixedOffset>);

impl DateTime {
    /// Wraps a chrono timestamp.
    pub fn new(inner: chrono::DateTime<FixedOffset>) -> Self {
        DateTime(inner)
    }

    /// The chrono timestamp.
    pub fn into_inner(self) -> chrono::DateTime<FixedOffset> {
        self.0
    }

    /// The chrono timestamp, borrowed.
    pub fn as_chrono(&self) -> &chrono::DateTime<FixedOffset> {
        &self.0
    }

    /// Parses RFC 3339, or RFC 3339 without the seconds field.
    pub fn parse(text: &str) -> Result<Self, DateTimeParseError> {
        if let Ok(parsed) = chrono::DateTime::parse_from_rfc3339(text) {
            return Ok(DateTime(parsed));
        }
        // "YYYY-MM-DDTHH:MM" is 16 bytes; a zone designator must follow at once
        // when the seconds are missing.
        let bytes = text.as_bytes();
        let zone_follows = bytes.get(13) == Some(&b':')
            && matches!(bytes.get(16), Some(b'Z' | b'z' | b'+' | b'-'));
        // Byte 16 is ASCII, so it is a character boundary.
        if let (true, Some(minutes), Some(zone)) = (zone_follows, text.get(..16), text.get(16..)) {
            let with_seconds = format!("{minutes}:00{zone}");
            if let Ok(parsed) = chrono::DateTime::parse_from_rfc3339(&with_seconds) {
                return Ok(DateTime(parsed));
            }
        }
        Err(DateTimeParseError {
            input: text.to_owned(),
        })
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    fn from(inner: chrono::DateTime<FixedOffset>) -> Self {
        DateTime(inner)
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(inner: chrono::DateTime<chrono::Utc>) -> Self {
        DateTime(inner.fixed_offset())
    }
}

impl From<DateTime> for chrono::DateTime<FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        DateTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A string that is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid timestamp {input:?}: expected RFC 3339, e.g. 2021-09-28T02:15:00Z")]
pub struct DateTimeParseError {
    input: String,
}

/// Calendar date `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// Wraps a chrono date.
    pub fn new(inner: NaiveDate) -> Self {
        Date(inner)
    }

    /// The date from its parts; `None` if it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// The chrono date.
    pub fn into_inner(self) -> NaiveDate {
        self.0
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateParseError> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| DateParseError {
                input: text.to_owned(),
            })
    }
}

impl From<NaiveDate> for Date {
    fn from(inner: NaiveDate) -> Self {
        Date(inner)
    }
}

impl From<Date> for NaiveDate {
    fn from(value: Date) -> Self {
        value.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for Date {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Date::parse(text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A string that is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {input:?}: expected YYYY-MM-DD")]
pub struct DateParseError {
    input: String,
}
