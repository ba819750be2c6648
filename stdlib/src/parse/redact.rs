//! Finding and replacing sensitive text for `redact`: named filters (each a
//! regex for candidates plus a validator, such as the Luhn check for card
//! numbers) and custom regexes.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex_automata::meta::Regex;
use sha2::{Digest, Sha256};

use crate::function::FnError;
use crate::value::Value;

/// The named filters, as users write them.
pub const FILTER_NAMES: [&str; 6] =
    ["bearer_token", "credit_card", "email", "ipv4", "ipv6", "us_social_security_number"];

/// One filter: the candidates a regex finds, kept when `valid`, of which
/// the part after `keep(candidate)` bytes is replaced.
#[derive(Clone, Debug)]
pub struct Filter {
    regex: Regex,
    valid: Validator,
    keep: Kept,
}

/// What replaces redacted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redactor {
    /// `[REDACTED]`.
    Full,
    /// The hex SHA-256 digest of the text, so equal secrets stay correlatable.
    Sha256,
}

impl Redactor {
    /// # Errors
    /// When `name` is not `full` or `sha256`.
    pub fn from_name(name: &str) -> Result<Redactor, FnError> {
        match name {
            "full" => Ok(Redactor::Full),
            "sha256" => Ok(Redactor::Sha256),
            other => {
                Err(FnError(format!("unknown redactor {other:?}: expected \"full\" or \"sha256\"")))
            }
        }
    }

    fn write(self, secret: &str, out: &mut String) {
        match self {
            Redactor::Full => out.push_str("[REDACTED]"),
            Redactor::Sha256 => {
                for byte in Sha256::digest(secret.as_bytes()) {
                    out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
                    out.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
                }
            }
        }
    }
}

impl Filter {
    /// The named filter `name`.
    ///
    /// # Errors
    /// When `name` is unknown; the message lists the known names.
    pub fn named(name: &str) -> Result<Filter, String> {
        static BUILT: OnceLock<Vec<Filter>> = OnceLock::new();
        let index = FILTER_NAMES.iter().position(|n| *n == name).ok_or_else(|| {
            format!(
                "unknown redact filter {name:?}: expected a regex or one of {}",
                FILTER_NAMES.join(", ")
            )
        })?;
        let built =
            BUILT.get_or_init(|| FILTER_NAMES.iter().filter_map(|n| build_named(n)).collect());
        built.get(index).cloned().ok_or_else(|| format!("redact filter {name:?} failed to compile"))
    }

    /// A filter replacing every match of `regex`.
    pub fn pattern(regex: Regex) -> Filter {
        Filter { regex, valid: |_| true, keep: |_| 0 }
    }

    /// The filter an element of `filters` describes: a name or a regex.
    ///
    /// # Errors
    /// On an unknown name or an element of another kind.
    pub fn from_value(value: &Value) -> Result<Filter, FnError> {
        match value {
            Value::String(name) => Filter::named(name).map_err(FnError),
            Value::Regex(regex) => Ok(Filter::pattern(regex.regex.clone())),
            other => Err(FnError(format!(
                "a redact filter must be a name or a regex, got {}",
                other.kind_name()
            ))),
        }
    }

    /// `text` with this filter's matches replaced; borrowed when none is.
    pub fn apply<'a>(&self, text: &'a str, redactor: Redactor) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        for found in self.regex.find_iter(text) {
            let Some(candidate) = text.get(found.range()) else { continue };
            if !(self.valid)(candidate) {
                continue;
            }
            let start = found.start() + (self.keep)(candidate).min(candidate.len());
            let (Some(before), Some(secret)) =
                (text.get(copied..start), text.get(start..found.end()))
            else {
                continue;
            };
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(before);
            redactor.write(secret, out);
            copied = found.end();
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut out) => {
                out.push_str(text.get(copied..).unwrap_or(""));
                Cow::Owned(out)
            }
        }
    }
}

/// Whether a candidate is really sensitive.
type Validator = fn(&str) -> bool;
/// How many leading bytes of a match stay visible.
type Kept = fn(&str) -> usize;

fn build_named(name: &str) -> Option<Filter> {
    let (pattern, valid, keep): (&str, Validator, Kept) = match name {
        "credit_card" => (r"\b\d(?:[ -]?\d){12,18}\b", luhn_valid, |_| 0),
        "email" => {
            (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", |_| true, |_| 0)
        }
        "ipv4" => (
            r"\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\b",
            |_| true,
            |_| 0,
        ),
        "ipv6" => (
            r"(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*",
            |c| c.parse::<std::net::Ipv6Addr>().is_ok(),
            |_| 0,
        ),
        "bearer_token" => (r"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*", |_| true, bearer_prefix),
        "us_social_security_number" => (r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b", ssn_valid, |_| 0),
        _ => return None,
    };
    let regex = super::regex::compile(pattern).ok()?;
    Some(Filter { regex, valid, keep })
}

/// The Luhn checksum over the digits of `candidate` (spaces and dashes skipped).
fn luhn_valid(candidate: &str) -> bool {
    let digits = candidate.bytes().filter(u8::is_ascii_digit).map(|b| u32::from(b - b'0'));
    let every_second_doubled = |(i, d): (usize, u32)| match (i % 2, d * 2) {
        (0, _) => d,
        (_, doubled) if doubled > 9 => doubled - 9,
        (_, doubled) => doubled,
    };
    let sum: u32 = digits.rev().enumerate().map(every_second_doubled).sum();
    sum.is_multiple_of(10)
}

/// Social security numbers never have area 000, 666 or 9xx, group 00 or serial 0000.
fn ssn_valid(candidate: &str) -> bool {
    let mut parts = candidate.split('-');
    let (area, group, serial) = (parts.next(), parts.next(), parts.next());
    !matches!(area, Some("000" | "666"))
        && !area.is_some_and(|a| a.starts_with('9'))
        && group != Some("00")
        && serial != Some("0000")
}

/// `Bearer ` and the spaces after it stay; only the token is replaced.
fn bearer_prefix(candidate: &str) -> usize {
    let word_end = candidate.find(char::is_whitespace).unwrap_or(candidate.len());
    let rest = candidate.get(word_end..).unwrap_or("");
    word_end + (rest.len() - rest.trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redact(name: &str, text: &str) -> String {
        match Filter::named(name) {
            Ok(filter) => filter.apply(text, Redactor::Full).into_owned(),
            Err(error) => error,
        }
    }

    #[test]
    fn credit_cards_need_the_luhn_check() {
        assert_eq!(redact("credit_card", "card 4111 1111 1111 1111 ok"), "card [REDACTED] ok");
        assert_eq!(redact("credit_card", "card 4111-1111-1111-1111"), "card [REDACTED]");
        assert_eq!(redact("credit_card", "order 4111111111111112"), "order 4111111111111112");
        assert_eq!(redact("credit_card", "id 1234567890"), "id 1234567890");
        assert_eq!(
            redact("credit_card", "5500005555555559,378282246310005"),
            "[REDACTED],[REDACTED]"
        );
    }

    #[test]
    fn other_named_filters() {
        assert_eq!(redact("email", "mail a.b+c@example.co.uk now"), "mail [REDACTED] now");
        assert_eq!(
            redact("ipv4", "from 10.0.0.255 and 999.1.1.1"),
            "from [REDACTED] and 999.1.1.1"
        );
        assert_eq!(redact("ipv6", "at fe80::1 at 12:30:45"), "at [REDACTED] at 12:30:45");
        assert_eq!(
            redact("bearer_token", "Authorization: Bearer abc.DEF-123=="),
            "Authorization: Bearer [REDACTED]"
        );
        assert_eq!(
            redact("us_social_security_number", "123-45-6789 666-45-6789"),
            "[REDACTED] 666-45-6789"
        );
        assert!(redact("phone", "x").starts_with(
            "unknown redact filter \"phone\": expected a regex or one of bearer_token"
        ));
    }

    #[test]
    fn sha256_redactor() {
        let Ok(filter) = Filter::named("email") else { panic!("known filter") };
        let redacted = filter.apply("to a@b.io", Redactor::Sha256);
        assert_eq!(redacted.len(), 3 + 64);
        assert!(matches!(filter.apply("nothing here", Redactor::Sha256), Cow::Borrowed(_)));
    }
}
