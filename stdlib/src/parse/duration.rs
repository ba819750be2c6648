//! Durations like `1.5s`, `1h30m` or `1s 250ms` to a number of some unit.

/// Every unit, with its length in nanoseconds.
pub const UNITS: [(&str, f64); 10] = [
    ("ns", 1.0),
    ("us", 1e3),
    ("µs", 1e3),
    ("ms", 1e6),
    ("cs", 1e7),
    ("ds", 1e8),
    ("s", 1e9),
    ("m", 60e9),
    ("h", 3600e9),
    ("d", 86400e9),
];

/// The length of `unit` in nanoseconds.
///
/// # Errors
/// When `unit` is not one of [`UNITS`].
pub fn unit_length(unit: &str) -> Result<f64, String> {
    UNITS.iter().find(|(name, _)| *name == unit).map(|(_, length)| *length).ok_or_else(|| {
        let names: Vec<&str> = UNITS.iter().map(|(name, _)| *name).collect();
        format!("unknown duration unit {unit:?}: expected one of {}", names.join(", "))
    })
}

/// Parses `text` (one or more `<number><unit>` parts, optionally separated
/// by spaces, a leading `-` negating the whole) into nanoseconds.
///
/// # Errors
/// When a part lacks its number or unit, or the unit is unknown.
pub fn parse_nanos(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let (sign, mut rest) = match trimmed.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    if rest.is_empty() {
        return Err(format!("invalid duration {text:?}: empty"));
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len =
            rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        let value: f64 =
            number.parse().map_err(|_| format!("invalid duration {text:?}: expected a number"))?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let length =
            unit_length(unit.trim()).map_err(|e| format!("invalid duration {text:?}: {e}"))?;
        total += value * length;
        rest = after.trim_start();
    }
    Ok(sign * total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_and_fractional() {
        assert_eq!(parse_nanos("1h30m"), Ok(5400e9));
        assert_eq!(parse_nanos("1s 1ms"), Ok(1.001e9));
        assert_eq!(parse_nanos("-1.5µs"), Ok(-1500.0));
        assert_eq!(parse_nanos(".5d"), Ok(43200e9));
    }

    #[test]
    fn malformed_durations() {
        assert_eq!(parse_nanos(""), Err(r#"invalid duration "": empty"#.into()));
        assert_eq!(parse_nanos("5"), Err(r#"invalid duration "5": unknown duration unit "": expected one of ns, us, µs, ms, cs, ds, s, m, h, d"#.into()));
        assert_eq!(parse_nanos("ms"), Err(r#"invalid duration "ms": expected a number"#.into()));
        assert!(parse_nanos("1.2.3s").is_err());
        assert!(parse_nanos("1s-2s").is_err());
    }
}
