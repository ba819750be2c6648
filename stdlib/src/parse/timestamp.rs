//! Text to timestamps with strftime formats compiled once, and the time
//! zones times are read and written in; shared by `parse_timestamp`,
//! `format_timestamp` and the web-server log parsers.
//!
//! [`Zone`] is the one reader of zone arguments: `UTC`, fixed offsets and
//! IANA names (`Europe/Paris`, from the tz database compiled into chrono-tz).

use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

/// A compiled timestamp format.
#[derive(Clone, Debug)]
pub enum Format {
    /// RFC 3339 (`rfc3339` or `%+`), with fraction and offset.
    Rfc3339,
    /// A strftime format, parsed into items once.
    Strftime { source: String, items: Vec<Item<'static>> },
}

impl Format {
    /// Compiles `source`: `rfc3339`, `%+` or any strftime format.
    ///
    /// # Errors
    /// When `source` holds an unknown or incomplete `%` specifier.
    pub fn compile(source: &str) -> Result<Format, String> {
        if source == "rfc3339" || source == "%+" {
            return Ok(Format::Rfc3339);
        }
        match StrftimeItems::new(source).parse_to_owned() {
            Ok(items) => Ok(Format::Strftime { source: source.to_string(), items }),
            Err(_) => Err(format!(
                "invalid timestamp format {source:?}: unknown or incomplete `%` specifier"
            )),
        }
    }

    /// Parses `text`. A text that carries its own offset (`%z`, RFC 3339)
    /// keeps it and Unix seconds (`%s`) are UTC; other times are wall-clock
    /// times in `zone`. A format without a time of day means midnight.
    ///
    /// # Errors
    /// A one-line message saying why `text` does not fit the format, or
    /// that its wall-clock time does not exist in `zone`.
    pub fn parse(&self, text: &str, zone: Zone) -> Result<DateTime<Utc>, String> {
        match self {
            Format::Rfc3339 => DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| format!("`{}` is not an RFC 3339 timestamp: {e}", shorten(text))),
            Format::Strftime { source, items } => {
                let mut parsed = Parsed::new();
                chrono::format::parse(&mut parsed, text, items.iter()).map_err(|e| {
                    format!("`{}` does not match format {source:?}: {e}", shorten(text))
                })?;
                match fields(&parsed) {
                    Some(Fields::Instant(at)) => Ok(at),
                    Some(Fields::Local(local)) => zone.local_to_utc(&local),
                    None => Err(format!(
                        "`{}` does not give a complete, valid date with format {source:?}",
                        shorten(text)
                    )),
                }
            }
        }
    }
}

/// What parsed fields name: an instant, or a wall-clock time still to be
/// placed in a zone.
enum Fields {
    Instant(DateTime<Utc>),
    Local(NaiveDateTime),
}

/// The time `parsed` names: its own offset first, then a Unix timestamp
/// (always UTC), then a local date and time; `None` when incomplete.
fn fields(parsed: &Parsed) -> Option<Fields> {
    if parsed.offset().is_some() {
        return parsed.to_datetime().ok().map(|t| Fields::Instant(t.with_timezone(&Utc)));
    }
    if parsed.timestamp().is_some() {
        let at = parsed.to_naive_datetime_with_offset(0).ok()?;
        return Some(Fields::Instant(Utc.from_utc_datetime(&at)));
    }
    let local = match parsed.to_naive_datetime_with_offset(0) {
        Ok(local) => local,
        Err(_) => parsed.to_naive_date().ok()?.and_time(NaiveTime::MIN),
    };
    Some(Fields::Local(local))
}

/// A time zone argument: a fixed offset, or an IANA zone whose offset
/// depends on the instant (daylight saving time, changes of law).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// `UTC`, `Z` or an offset such as `+02:00`, `+0200`, `-05`.
    Fixed(FixedOffset),
    /// A tz database name such as `Europe/Paris` or `America/New_York`.
    Named(Tz),
}

impl Zone {
    /// Reads a zone: `UTC` (any case) or `Z`, a fixed offset `+02:00`,
    /// `+0200`, `-05`, or an IANA name spelt as the tz database does
    /// (`Europe/Paris`, `Etc/GMT+3`).
    ///
    /// # Errors
    /// An "unknown time zone" message naming `text` and the accepted forms.
    pub fn parse(text: &str) -> Result<Zone, String> {
        if let Some(offset) = parse_offset(text) {
            return Ok(Zone::Fixed(offset));
        }
        Tz::from_str(text).map(Zone::Named).map_err(|_| {
            format!(
                "unknown time zone `{}`: expected `UTC`, an offset such as `+02:00` \
                 or a name such as `Europe/Paris`",
                shorten(text)
            )
        })
    }

    /// [`Zone::parse`] with a did-you-mean for a misspelt name. Comparing
    /// with every name in the database is too slow for each event, so this
    /// is for checking constant arguments only.
    ///
    /// # Errors
    /// As [`Zone::parse`].
    pub fn parse_suggesting(text: &str) -> Result<Zone, String> {
        Zone::parse(text).map_err(|message| match closest_name(text) {
            Some(name) => format!("unknown time zone `{}`; did you mean `{name}`?", shorten(text)),
            None => message,
        })
    }

    /// The instant the wall-clock time `local` names in this zone. A time
    /// that occurs twice (clocks turned back) is the earlier instant.
    ///
    /// # Errors
    /// When clocks jump over `local` (turned forward), or when it is beyond
    /// the range of timestamps.
    pub fn local_to_utc(self, local: &NaiveDateTime) -> Result<DateTime<Utc>, String> {
        let found = match self {
            Zone::Fixed(offset) => offset.from_local_datetime(local).map(|t| t.to_utc()),
            Zone::Named(tz) => tz.from_local_datetime(local).map(|t| t.to_utc()),
        };
        match found {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at),
            LocalResult::None if self.is_named() && within_a_day_of_range(local) => Err(format!(
                "local time `{local}` does not exist in {self}: clocks skip it when they are \
                 turned forward"
            )),
            LocalResult::None => Err(format!("local time `{local}` in {self} is out of range")),
        }
    }

    /// `at` written with strftime `items` in this zone: `%z` and `%:z` give
    /// that instant's offset, `%Z` its abbreviation (`CEST`) in a named zone.
    ///
    /// # Errors
    /// When an item cannot be written for this timestamp.
    pub fn format(self, at: &DateTime<Utc>, items: &[Item<'_>]) -> Result<String, fmt::Error> {
        let mut out = String::new();
        match self {
            Zone::Fixed(offset) => {
                write!(out, "{}", at.with_timezone(&offset).format_with_items(items.iter()))
            }
            Zone::Named(tz) => {
                write!(out, "{}", at.with_timezone(&tz).format_with_items(items.iter()))
            }
        }?;
        Ok(out)
    }

    fn is_named(self) -> bool {
        matches!(self, Zone::Named(_))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(offset) => write!(f, "{offset}"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

/// UTC, the zone of times that carry no offset unless told otherwise.
pub fn utc() -> Zone {
    Zone::Fixed(Utc.fix())
}

/// A fixed zone: `UTC`, `Z`, or an offset `+02:00`, `+0200`, `-05`.
fn parse_offset(zone: &str) -> Option<FixedOffset> {
    if zone.eq_ignore_ascii_case("utc") || zone == "Z" {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, zone.get(1..)?),
        b'-' => (-1, zone.get(1..)?),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 =
        digits.get(2..).filter(|m| !m.is_empty()).map_or(Some(0), |m| m.parse().ok())?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// True when `local` is a day away from both ends of the timestamp range,
/// so a zone that cannot place it has a gap there rather than overflowing.
fn within_a_day_of_range(local: &NaiveDateTime) -> bool {
    let day = TimeDelta::days(1);
    local.checked_sub_signed(day).is_some() && local.checked_add_signed(day).is_some()
}

/// The tz database name closest to a misspelt `name`: the same name in
/// another case, else one a few edits away (a third of its length at most).
fn closest_name(name: &str) -> Option<&'static str> {
    // Longer text is no typo of a zone name, and would make the comparison slow.
    if name.len() > 64 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
    if let Some(same) = names.clone().find(|candidate| candidate.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let max_edits = (name.chars().count() / 3).max(1);
    names
        .map(|candidate| (strsim::levenshtein(&lower, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(edits, _)| *edits <= max_edits)
        .min()
        .map(|(_, candidate)| candidate)
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> &str {
    text.char_indices().nth(40).map_or(text, |(end, _)| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, format: &str, zone: &str) -> Result<String, String> {
        let zone = Zone::parse(zone)?;
        Format::compile(format)?
            .parse(text, zone)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }

    #[test]
    fn offsets_in_text_win_over_the_zone() {
        assert_eq!(
            parse("10/Oct/2000:13:55:36 -0700", "%d/%b/%Y:%T %z", "+01:00"),
            Ok("2000-10-10T20:55:36Z".into())
        );
        assert_eq!(
            parse("2000-10-10 13:55:36", "%Y-%m-%d %H:%M:%S", "+01:00"),
            Ok("2000-10-10T12:55:36Z".into())
        );
        assert_eq!(parse("2000-10-10", "%Y-%m-%d", "UTC"), Ok("2000-10-10T00:00:00Z".into()));
        assert_eq!(parse("1700000000", "%s", "+05"), Ok("2023-11-14T22:13:20Z".into()));
        assert_eq!(
            parse("2020-01-01T00:00:00.5+01:00", "%+", "UTC"),
            Ok("2019-12-31T23:00:00.500Z".into())
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(
            Format::compile("%Q").err(),
            Some(r#"invalid timestamp format "%Q": unknown or incomplete `%` specifier"#.into())
        );
        assert_eq!(
            parse("nope", "%Y", "UTC"),
            Err(r#"`nope` does not match format "%Y": input contains invalid characters"#.into())
        );
        assert!(parse("13:00", "%H:%M", "UTC").is_err_and(|e| e.contains("complete")));
    }

    fn fixed(seconds: i32) -> Result<Zone, String> {
        FixedOffset::east_opt(seconds).map(Zone::Fixed).ok_or_else(|| "bad offset".into())
    }

    #[test]
    fn zones_parse_in_every_written_form() {
        assert_eq!(Zone::parse("UTC"), fixed(0));
        assert_eq!(Zone::parse("utc"), fixed(0));
        assert_eq!(Zone::parse("Z"), fixed(0));
        assert_eq!(Zone::parse("+02:00"), fixed(7200));
        assert_eq!(Zone::parse("-0530"), fixed(-19800));
        assert_eq!(Zone::parse("+05"), fixed(18000));
        assert_eq!(Zone::parse("Europe/Paris"), Ok(Zone::Named(Tz::Europe__Paris)));
        assert_eq!(Zone::parse("Asia/Kolkata"), Ok(Zone::Named(Tz::Asia__Kolkata)));
        assert_eq!(Zone::parse("Etc/UTC"), Ok(Zone::Named(Tz::Etc__UTC)));
        for bad in ["", "+", "+24:00", "+01:60", "+1", "+0١:00", "+01:00:00", "Mars/Olympus"] {
            assert!(Zone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_zones_are_named_with_a_suggestion_when_checked() {
        assert_eq!(
            Zone::parse("Mars/Olympus"),
            Err("unknown time zone `Mars/Olympus`: expected `UTC`, an offset such as `+02:00` \
                 or a name such as `Europe/Paris`"
                .into())
        );
        assert_eq!(
            Zone::parse_suggesting("Europe/Pari"),
            Err("unknown time zone `Europe/Pari`; did you mean `Europe/Paris`?".into())
        );
        assert_eq!(
            Zone::parse_suggesting("america/new_york"),
            Err("unknown time zone `america/new_york`; did you mean `America/New_York`?".into())
        );
        assert_eq!(Zone::parse_suggesting("Mars/Olympus"), Zone::parse("Mars/Olympus"));
        let long = "Europe/Paris".repeat(1000);
        assert!(Zone::parse_suggesting(&long).is_err_and(|e| e.len() < 200));
    }

    #[test]
    fn named_zones_follow_daylight_saving_time_both_ways() {
        let format = "%Y-%m-%d %H:%M:%S";
        assert_eq!(
            parse("2024-07-01 12:00:00", format, "Europe/Paris"),
            Ok("2024-07-01T10:00:00Z".into())
        );
        assert_eq!(
            parse("2024-01-15 12:00:00", format, "Europe/Paris"),
            Ok("2024-01-15T11:00:00Z".into())
        );
        assert_eq!(
            parse("2024-07-01 12:00:00", format, "America/New_York"),
            Ok("2024-07-01T16:00:00Z".into())
        );
        assert_eq!(
            parse("2024-12-01 12:00:00", format, "America/New_York"),
            Ok("2024-12-01T17:00:00Z".into())
        );
        assert_eq!(
            parse("2024-07-01 12:00:00", format, "Asia/Kolkata"),
            Ok("2024-07-01T06:30:00Z".into())
        );
    }

    #[test]
    fn offsets_in_text_win_over_a_named_zone() {
        assert_eq!(
            parse("2024-07-01 12:00:00 +0000", "%Y-%m-%d %H:%M:%S %z", "Europe/Paris"),
            Ok("2024-07-01T12:00:00Z".into())
        );
        assert_eq!(
            parse("2024-07-01T12:00:00-04:00", "rfc3339", "Asia/Kolkata"),
            Ok("2024-07-01T16:00:00Z".into())
        );
        assert_eq!(parse("1700000000", "%s", "Europe/Paris"), Ok("2023-11-14T22:13:20Z".into()));
    }

    #[test]
    fn skipped_local_times_fail_and_repeated_ones_take_the_earlier_instant() {
        let format = "%Y-%m-%d %H:%M:%S";
        assert_eq!(
            parse("2024-03-31 02:30:00", format, "Europe/Paris"),
            Err("local time `2024-03-31 02:30:00` does not exist in Europe/Paris: clocks skip \
                 it when they are turned forward"
                .into())
        );
        assert!(parse("2024-03-10 02:00:00", format, "America/New_York").is_err());
        // 02:30 happens in CEST (+02:00) and again in CET (+01:00).
        assert_eq!(
            parse("2024-10-27 02:30:00", format, "Europe/Paris"),
            Ok("2024-10-27T00:30:00Z".into())
        );
        assert_eq!(
            parse("2024-11-03 01:30:00", format, "America/New_York"),
            Ok("2024-11-03T05:30:00Z".into())
        );
    }

    #[test]
    fn local_times_past_the_end_of_the_range_fail_without_panicking() {
        let format = "%Y-%m-%d %H:%M:%S";
        assert_eq!(
            parse("+262142-12-31 23:59:59", format, "Europe/Paris"),
            Ok("+262142-12-31T22:59:59Z".into())
        );
        assert_eq!(
            parse("+262142-12-31 23:59:59", format, "-12:00"),
            Err("local time `+262142-12-31 23:59:59` in -12:00 is out of range".into())
        );
        assert_eq!(
            parse("-262143-01-01 00:00:00", format, "Europe/Paris"),
            Err("local time `-262143-01-01 00:00:00` in Europe/Paris is out of range".into())
        );
    }

    #[test]
    fn named_zones_write_the_offset_and_abbreviation_of_each_instant() {
        let items = StrftimeItems::new("%H:%M %z %:z %Z").parse_to_owned().unwrap_or_default();
        let write = |seconds: i64, zone: &str| {
            let at = DateTime::from_timestamp(seconds, 0).unwrap_or_default();
            Zone::parse(zone).map(|zone| zone.format(&at, &items))
        };
        // 2024-07-01T10:00:00Z and 2024-01-15T11:00:00Z.
        assert_eq!(write(1_719_828_000, "Europe/Paris"), Ok(Ok("12:00 +0200 +02:00 CEST".into())));
        assert_eq!(write(1_705_316_400, "Europe/Paris"), Ok(Ok("12:00 +0100 +01:00 CET".into())));
        assert_eq!(
            write(1_719_828_000, "America/New_York"),
            Ok(Ok("06:00 -0400 -04:00 EDT".into()))
        );
        assert_eq!(write(1_719_828_000, "Asia/Kolkata"), Ok(Ok("15:30 +0530 +05:30 IST".into())));
        assert_eq!(write(1_719_828_000, "+02:00"), Ok(Ok("12:00 +0200 +02:00 +02:00".into())));
    }
}
