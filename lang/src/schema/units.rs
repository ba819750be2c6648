//! Durations (`"500ms"`, `"1m30s"`) and sizes (`"64KiB"`, `"10MB"`): the parsers
//! the runtime uses, and the "write `5s`" hints the checker shows for near misses.

use std::time::Duration;

/// A refused duration or size: what is wrong and, when the intent is clear,
/// the canonical spelling to suggest.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UnitError {
    /// Why the text was refused, such as "units are `ms`, `s`, ...".
    pub reason: &'static str,
    pub fix: Option<String>,
}

impl UnitError {
    /// The one-line form returned by the public parsers.
    fn into_message(self, text: &str, what: &str) -> String {
        let message = format!("`{text}` is not a {what}: {}", self.reason);
        match self.fix {
            Some(fix) => format!("{message}; write `{fix}`"),
            None => message,
        }
    }
}

const DURATION_UNITS: &[(&str, u64)] =
    &[("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)];

/// Spellings people write for each duration unit.
const DURATION_WORDS: &[(&str, &[&str])] = &[
    ("ms", &["ms", "msec", "msecs", "milli", "millis", "millisecond", "milliseconds"]),
    ("s", &["s", "sec", "secs", "second", "seconds"]),
    ("m", &["m", "min", "mins", "minute", "minutes"]),
    ("h", &["h", "hr", "hrs", "hour", "hours"]),
    ("d", &["d", "day", "days"]),
];

const SIZE_UNITS: &[(&str, u64)] = &[
    ("B", 1),
    ("KB", 1000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
];

/// Spellings people write for each size unit (compared case-insensitively).
const SIZE_WORDS: &[(&str, &[&str])] = &[
    ("B", &["b", "byte", "bytes"]),
    ("KB", &["kb"]),
    ("MB", &["mb"]),
    ("GB", &["gb"]),
    ("TB", &["tb"]),
    ("KiB", &["k", "kib"]),
    ("MiB", &["m", "mib"]),
    ("GiB", &["g", "gib"]),
    ("TiB", &["t", "tib"]),
];

/// Parses a duration: one or more `<integer><unit>` terms with units `ms`,
/// `s`, `m`, `h`, `d` and no spaces, such as `"500ms"`, `"5s"`, `"1m30s"`.
///
/// # Errors
/// A message naming the problem, with the canonical spelling when the intent is
/// clear (`"5 sec"` gives "...; write `5s`").
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    duration(text).map_err(|error| error.into_message(text, "duration"))
}

/// Parses a size in bytes: an integer, optionally followed by `B`, `KB`, `MB`,
/// `GB`, `TB` (powers of 1000) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024).
///
/// # Errors
/// A message naming the problem, with the canonical spelling when the intent is clear.
pub fn parse_size(text: &str) -> Result<u64, String> {
    size(text).map_err(|error| error.into_message(text, "size"))
}

pub(crate) fn duration(text: &str) -> Result<Duration, UnitError> {
    strict_duration(text)
        .map(Duration::from_millis)
        .map_err(|reason| UnitError { reason, fix: duration_fix(text) })
}

pub(crate) fn size(text: &str) -> Result<u64, UnitError> {
    strict_size(text).map_err(|reason| UnitError { reason, fix: size_fix(text) })
}

/// The duration in milliseconds, or why the text is not in canonical form.
fn strict_duration(text: &str) -> Result<u64, &'static str> {
    if text.is_empty() {
        return Err("it is empty");
    }
    if text.contains(char::is_whitespace) {
        return Err("it has a space");
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let (digits, after) = split_while(rest, |c| c.is_ascii_digit());
        if digits.is_empty() {
            return Err("expected a whole number such as `5s`");
        }
        let (unit, after) = split_while(after, |c| c.is_ascii_alphabetic());
        let Some(factor) = lookup(DURATION_UNITS, unit) else {
            return Err(if unit.is_empty() {
                "each number needs a unit: `ms`, `s`, `m`, `h` or `d`"
            } else {
                "units are `ms`, `s`, `m`, `h` and `d`"
            });
        };
        let value: u64 = digits.parse().map_err(|_| "the number is too large")?;
        total = value
            .checked_mul(factor)
            .and_then(|millis| total.checked_add(millis))
            .ok_or("the duration is too large")?;
        rest = after;
    }
    Ok(total)
}

fn strict_size(text: &str) -> Result<u64, &'static str> {
    if text.contains(char::is_whitespace) {
        return Err("it has a space");
    }
    let (digits, unit) = split_while(text, |c| c.is_ascii_digit());
    if digits.is_empty() {
        return Err("expected a whole number of bytes, optionally with a unit such as `KiB`");
    }
    let factor = if unit.is_empty() { Some(1) } else { lookup(SIZE_UNITS, unit) };
    let factor =
        factor.ok_or("units are `B`, `KB`, `MB`, `GB`, `TB`, `KiB`, `MiB`, `GiB`, `TiB`")?;
    let value: u64 = digits.parse().map_err(|_| "the number is too large")?;
    value.checked_mul(factor).ok_or("the size is too large")
}

/// Rewrites near misses (`"5 sec"`, `"1.5h"`, `"30"`) into canonical form.
fn duration_fix(text: &str) -> Option<String> {
    let mut fixed = String::new();
    for (number, word) in terms(text)? {
        let unit = if word.is_empty() {
            "s"
        } else {
            canonical_unit(DURATION_WORDS, &word.to_ascii_lowercase())?
        };
        fixed.push_str(&whole_number(&number, unit, DURATION_UNITS)?);
    }
    (fixed != text && strict_duration(&fixed).is_ok()).then_some(fixed)
}

fn size_fix(text: &str) -> Option<String> {
    let terms = terms(text)?;
    let [(number, word)] = terms.as_slice() else { return None };
    let unit =
        if word.is_empty() { "B" } else { canonical_unit(SIZE_WORDS, &word.to_ascii_lowercase())? };
    let fixed = whole_number(number, unit, SIZE_UNITS)?;
    (fixed != text && strict_size(&fixed).is_ok()).then_some(fixed)
}

/// Splits loose text into `(number, unit word)` pairs, ignoring spaces;
/// `None` when it holds anything else.
fn terms(text: &str) -> Option<Vec<(String, String)>> {
    let mut terms = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (number, after) = split_while(rest, |c| c.is_ascii_digit() || c == '.');
        let (word, after) = split_while(after.trim_start(), |c| c.is_ascii_alphabetic());
        if number.is_empty() || terms.len() >= 8 {
            return None;
        }
        terms.push((number.to_string(), word.to_string()));
        rest = after.trim_start();
    }
    Some(terms)
}

/// Writes `number unit` with a whole number, moving to smaller units while
/// the number has a fraction: `1.5h` becomes `90m`.
fn whole_number(number: &str, unit: &str, units: &[(&str, u64)]) -> Option<String> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.contains('.') || fraction.len() > 9 || whole.len() > 19 {
        return None;
    }
    let factor = lookup(units, unit)?;
    let scale = 10u128.pow(fraction.len() as u32);
    let mantissa: u128 = format!("{whole}{fraction}").parse().ok()?;
    // Try the written unit first, then each smaller one of the same family.
    let mut candidates: Vec<&(&str, u64)> =
        units.iter().filter(|(_, f)| *f <= factor && factor.is_multiple_of(*f)).collect();
    candidates.sort_by_key(|(_, smaller)| std::cmp::Reverse(*smaller));
    candidates.into_iter().find_map(|(name, smaller)| {
        let scaled = mantissa * u128::from(factor / smaller);
        scaled.is_multiple_of(scale).then(|| format!("{}{name}", scaled / scale))
    })
}

fn canonical_unit(words: &[(&'static str, &[&str])], word: &str) -> Option<&'static str> {
    words.iter().find(|(_, spellings)| spellings.contains(&word)).map(|(unit, _)| *unit)
}

fn lookup(units: &[(&str, u64)], unit: &str) -> Option<u64> {
    units.iter().find(|(name, _)| *name == unit).map(|(_, factor)| *factor)
}

fn split_while(text: &str, keep: impl Fn(char) -> bool) -> (&str, &str) {
    let end = text.find(|c: char| !keep(c)).unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        let cases = [
            ("500ms", 500),
            ("5s", 5000),
            ("1m", 60_000),
            ("2h", 7_200_000),
            ("1d", 86_400_000),
            ("1m30s", 90_000),
            ("0s", 0),
        ];
        for (text, millis) in cases {
            assert_eq!(parse_duration(text), Ok(Duration::from_millis(millis)), "{text}");
        }
    }

    #[test]
    fn duration_near_misses_get_a_fix() {
        let cases = [
            ("5 sec", "5s"),
            ("30", "30s"),
            ("1.5h", "90m"),
            ("0.5s", "500ms"),
            ("2 Minutes", "2m"),
            ("1 h 30 min", "1h30m"),
        ];
        for (text, fix) in cases {
            assert_eq!(
                duration(text).err().and_then(|error| error.fix),
                Some(fix.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn duration_errors_read_as_one_line() {
        assert_eq!(
            parse_duration("5 sec"),
            Err("`5 sec` is not a duration: it has a space; write `5s`".into())
        );
        assert_eq!(parse_duration(""), Err("`` is not a duration: it is empty".into()));
        assert!(parse_duration("-5s").is_err());
        assert!(parse_duration("5fortnights").is_err_and(|message| !message.contains("write")));
    }

    #[test]
    fn huge_durations_and_sizes_are_refused_not_wrapped() {
        assert!(parse_duration("99999999999999999999d").is_err());
        assert!(parse_duration("999999999999999d").is_err());
        assert!(parse_size("99999999TiB").is_err());
        assert!(parse_size(&"9".repeat(10_000)).is_err());
        assert!(duration(&"1.".repeat(5_000)).is_err());
    }

    #[test]
    fn sizes_in_every_unit() {
        let cases = [
            ("512", 512),
            ("512B", 512),
            ("64KiB", 65_536),
            ("10MB", 10_000_000),
            ("1GiB", 1 << 30),
            ("2TB", 2_000_000_000_000),
        ];
        for (text, bytes) in cases {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
    }

    #[test]
    fn size_near_misses_get_a_fix() {
        let cases = [
            ("10 mb", "10MB"),
            ("64k", "64KiB"),
            ("1.5GiB", "1536MiB"),
            ("2 kib", "2KiB"),
            ("0.5KB", "500B"),
        ];
        for (text, fix) in cases {
            assert_eq!(
                size(text).err().and_then(|error| error.fix),
                Some(fix.to_string()),
                "{text}"
            );
        }
        assert_eq!(parse_size("ten"), Err("`ten` is not a size: expected a whole number of bytes, optionally with a unit such as `KiB`".into()));
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic_and_fixes_parse(text in "[0-9. a-zA-Z-]{0,24}") {
            if let Err(UnitError { fix: Some(fix), .. }) = duration(&text) {
                proptest::prop_assert!(strict_duration(&fix).is_ok());
            }
            if let Err(UnitError { fix: Some(fix), .. }) = size(&text) {
                proptest::prop_assert!(strict_size(&fix).is_ok());
            }
        }
    }
}
