//! Text to timestamps with strftime formats compiled once, and fixed-offset
//! time zones; shared by `parse_timestamp` and the web-server log parsers.
//!
//! Named zones (`Europe/Paris`) would need the tz database (chrono-tz, a
//! sizeable dependency); only `UTC` and fixed offsets are supported.

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone, Utc};

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

    /// Parses `text`. Times without an offset in the text are taken in
    /// `zone`; a format without a time of day means midnight.
    ///
    /// # Errors
    /// A one-line message saying why `text` does not fit the format.
    pub fn parse(&self, text: &str, zone: FixedOffset) -> Result<DateTime<Utc>, String> {
        match self {
            Format::Rfc3339 => DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| format!("`{}` is not an RFC 3339 timestamp: {e}", shorten(text))),
            Format::Strftime { source, items } => {
                let mut parsed = Parsed::new();
                chrono::format::parse(&mut parsed, text, items.iter()).map_err(|e| {
                    format!("`{}` does not match format {source:?}: {e}", shorten(text))
                })?;
                resolve(&parsed, zone).ok_or_else(|| {
                    format!(
                        "`{}` does not give a complete, valid date with format {source:?}",
                        shorten(text)
                    )
                })
            }
        }
    }
}

/// The instant `parsed` names: its own offset first, then a Unix timestamp
/// (always UTC), then the local date and time in `zone`.
fn resolve(parsed: &Parsed, zone: FixedOffset) -> Option<DateTime<Utc>> {
    if parsed.offset().is_some() {
        return parsed.to_datetime().ok().map(|t| t.with_timezone(&Utc));
    }
    if parsed.timestamp().is_some() {
        return parsed.to_naive_datetime_with_offset(0).ok().map(|t| Utc.from_utc_datetime(&t));
    }
    let local = match parsed.to_naive_datetime_with_offset(0) {
        Ok(local) => local,
        Err(_) => parsed.to_naive_date().ok()?.and_time(NaiveTime::MIN),
    };
    zone.from_local_datetime(&local).single().map(|t| t.with_timezone(&Utc))
}

/// Reads a time zone: `UTC`/`Z`, or a fixed offset `+02:00`, `+0200`, `-05`.
///
/// # Errors
/// On anything else, named zones included.
pub fn parse_zone(text: &str) -> Result<FixedOffset, String> {
    crate::util::parse_offset(text).ok_or_else(|| {
        format!("unsupported time zone {text:?}: use \"UTC\" or a fixed offset such as \"+02:00\"")
    })
}

/// UTC as a fixed offset.
pub fn utc() -> FixedOffset {
    chrono::Offset::fix(&Utc)
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> &str {
    text.char_indices().nth(40).map_or(text, |(end, _)| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, format: &str, zone: &str) -> Result<String, String> {
        let zone = parse_zone(zone)?;
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
        assert!(parse_zone("Europe/Paris").is_err_and(|e| e.contains("unsupported time zone")));
        assert!(parse_zone("+99:00").is_err());
        assert_eq!(parse_zone("-0530").map(|z| z.local_minus_utc()), Ok(-19800));
        assert_eq!(parse_zone("+02").map(|z| z.local_minus_utc()), Ok(7200));
    }
}
