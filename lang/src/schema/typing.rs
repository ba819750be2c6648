//! Checks one constant option value against the option's type: wrong type
//! (E0506), value not allowed (E0507), malformed template (E0509), duration
//! or size (E0510), invalid regex (E0106), and secrets written literally (W0108).

use super::spec::OptionType;
use super::suggest::{did_you_mean, list};
use super::template::parse_template;
use super::units::{self, UnitError};
use super::validate::Validator;
use super::value::{Val, ValKind};
use crate::diag::{Code, Diagnostic};

impl Validator<'_, '_> {
    /// Checks `value` against `ty`; `name` is the dotted option name for messages.
    pub(crate) fn check(&mut self, name: &str, ty: &OptionType, value: &Val) {
        if let ValKind::External { function, fallback } = &value.kind {
            return self.external(name, ty, value, function, fallback.as_deref());
        }
        match (ty, &value.kind) {
            (OptionType::Int { min, max }, ValKind::Int(number)) => {
                self.range(name, value, *number as f64, *min as f64, *max as f64);
            }
            (OptionType::Float { min, max }, ValKind::Int(number)) => {
                self.range(name, value, *number as f64, *min, *max)
            }
            (OptionType::Float { min, max }, ValKind::Float(number)) => {
                self.range(name, value, *number, *min, *max)
            }
            (OptionType::Bool, ValKind::Bool(_)) => {}
            (OptionType::String, ValKind::Str(_)) => {}
            (OptionType::Path, ValKind::Str(text)) => self.not_empty(name, value, text),
            (OptionType::Duration, ValKind::Str(text)) => {
                self.unit(name, value, "duration", units::duration(text).err());
            }
            (OptionType::Size, ValKind::Str(text)) => {
                self.unit(name, value, "size", units::size(text).err())
            }
            (OptionType::Size, ValKind::Int(number)) => {
                self.range(name, value, *number as f64, 0.0, f64::MAX)
            }
            (OptionType::Template, ValKind::Str(text)) => self.template(name, value, text),
            (OptionType::Enum(allowed), ValKind::Str(text)) => {
                self.enumeration(name, value, allowed, text)
            }
            (OptionType::Enum(allowed), ValKind::Int(number))
                if allowed.contains(&number.to_string().as_str()) => {}
            (OptionType::Regex, ValKind::Str(pattern)) => self.regex(name, value, pattern),
            // The parser already refused invalid `r'...'` literals (E0106).
            (OptionType::Regex, ValKind::Regex(_)) => {}
            (OptionType::Address, ValKind::Str(text)) => self.address(name, value, text),
            (OptionType::Url, ValKind::Str(text)) => self.url(name, value, text),
            (OptionType::Array(inner), ValKind::Array(items)) => {
                self.array(name, inner, value, items)
            }
            (OptionType::Map, ValKind::Object(entries)) => self.map(name, entries),
            _ => self.wrong_type(name, ty, value),
        }
    }

    /// A value read at startup is a string: its content cannot be checked now.
    fn external(
        &mut self,
        name: &str,
        ty: &OptionType,
        value: &Val,
        function: &str,
        fallback: Option<&Val>,
    ) {
        let stringly = matches!(
            ty,
            OptionType::String
                | OptionType::Path
                | OptionType::Duration
                | OptionType::Size
                | OptionType::Template
                | OptionType::Enum(_)
                | OptionType::Regex
                | OptionType::Address
                | OptionType::Url
        );
        if !stringly {
            let message =
                format!("`{name}` expects {}, found a string from `{function}`", ty.describe());
            return self.report(
                Diagnostic::new(Code::OptionType, value.span, message)
                    .with_label("read as a string at startup")
                    .with_help("write the value in the pipeline, or in a `const`"),
            );
        }
        if let Some(fallback) = fallback {
            self.check(name, ty, fallback);
        }
    }

    fn wrong_type(&mut self, name: &str, ty: &OptionType, value: &Val) {
        let found = value.kind.describe();
        let mut diag = Diagnostic::new(
            Code::OptionType,
            value.span,
            format!("`{name}` expects {}, found {found}", ty.describe()),
        )
        .with_label(format!("this is {found}"));
        if let Some(help) = type_help(ty, &value.kind) {
            diag = diag.with_help(help);
        }
        self.report(diag);
    }

    fn range(&mut self, name: &str, value: &Val, number: f64, min: f64, max: f64) {
        let (bound, limit) = if number < min {
            ("at least", min)
        } else if number > max {
            ("at most", max)
        } else {
            return;
        };
        let message = format!("`{name}` must be {bound} {limit}, found {number}");
        self.report(
            Diagnostic::new(Code::OptionValue, value.span, message).with_label("out of range"),
        );
    }

    fn not_empty(&mut self, name: &str, value: &Val, text: &str) {
        if text.is_empty() {
            let diag = Diagnostic::new(
                Code::OptionValue,
                value.span,
                format!("`{name}` must not be empty"),
            )
            .with_label("empty");
            self.report(diag);
        }
    }

    fn unit(&mut self, name: &str, value: &Val, what: &str, error: Option<UnitError>) {
        let Some(error) = error else { return };
        let mut diag = Diagnostic::new(
            Code::InvalidDuration,
            value.span,
            format!("malformed {what} for `{name}`"),
        )
        .with_label(error.reason);
        if let Some(fix) = error.fix {
            diag = diag.with_help(format!("write `\"{fix}\"`"));
        }
        self.report(diag);
    }

    fn template(&mut self, name: &str, value: &Val, text: &str) {
        if let Err(message) = parse_template(text) {
            let diag = Diagnostic::new(Code::InvalidTemplate, value.span, format!("malformed template for `{name}`"))
                .with_label(message)
                .with_note("templates insert fields with `{{ .path }}` and dates with strftime items such as `%Y-%m-%d`; `%%` is a percent sign");
            self.report(diag);
        }
    }

    fn enumeration(&mut self, name: &str, value: &Val, allowed: &[&str], text: &str) {
        if allowed.contains(&text) {
            return;
        }
        let component = self.component();
        let message = format!("`{text}` is not a valid `{name}` for {component}");
        let mut diag = Diagnostic::new(Code::OptionValue, value.span, message)
            .with_label(format!("expected one of {}", list(allowed)));
        let same_but_case = allowed.iter().find(|candidate| candidate.eq_ignore_ascii_case(text));
        let help = match same_but_case {
            Some(candidate) => Some(format!("write `\"{candidate}\"`: values are case-sensitive")),
            None => did_you_mean(text, allowed.iter().copied()),
        };
        if let Some(help) = help {
            diag = diag.with_help(help);
        }
        self.report(diag);
    }

    fn regex(&mut self, name: &str, value: &Val, pattern: &str) {
        if let Err(reason) = regex_error(pattern) {
            let diag = Diagnostic::new(
                Code::InvalidRegex,
                value.span,
                format!("invalid regex for `{name}`"),
            )
            .with_label(reason);
            self.report(diag);
        }
    }

    fn address(&mut self, name: &str, value: &Val, text: &str) {
        if let Err(reason) = check_address(text) {
            let diag = Diagnostic::new(
                Code::OptionValue,
                value.span,
                format!("`{name}` must be a `host:port` address, found `{text}`"),
            )
            .with_label(reason)
            .with_help(
                "write it as `\"0.0.0.0:514\"`, `\"logs.example.com:9092\"` or `\"[::1]:8080\"`",
            );
            self.report(diag);
        }
    }

    fn url(&mut self, name: &str, value: &Val, text: &str) {
        let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
        let has_host = rest.is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
        });
        if !has_host {
            let diag = Diagnostic::new(
                Code::OptionValue,
                value.span,
                format!("`{name}` must be an http:// or https:// URL, found `{text}`"),
            )
            .with_label("not a URL")
            .with_help(format!("write it as `\"https://{}\"`", text.trim_start_matches('/')));
            self.report(diag);
        }
    }

    fn array(&mut self, name: &str, inner: &OptionType, value: &Val, items: &[Val]) {
        if items.is_empty() && self.required(name) {
            let diag = Diagnostic::new(
                Code::OptionValue,
                value.span,
                format!("`{name}` must not be empty"),
            )
            .with_label("empty array");
            return self.report(diag);
        }
        for (at, item) in items.iter().enumerate() {
            self.check(&format!("{name}[{at}]"), inner, item);
        }
    }

    fn map(&mut self, name: &str, entries: &[(String, Val)]) {
        for (key, item) in entries {
            self.check(&format!("{name}.{key}"), &OptionType::String, item);
        }
    }

    /// Warns about a secret written in the file (W0108), including inside arrays
    /// and as the fallback of `get_env(...) ?? "..."`.
    pub(crate) fn secret(&mut self, name: &str, value: &Val) {
        match &value.kind {
            ValKind::Str(text) if !text.is_empty() => {
                let message =
                    format!("`{name}` of {} is written in the pipeline", self.component());
                self.report(
                    Diagnostic::new(Code::SecretLiteral, value.span, message)
                        .with_label("secret in plain text")
                        .with_help("read it at startup: `get_env(\"NAME\")` or `read_secret(\"/path/to/file\")`"),
                );
            }
            ValKind::Array(items) => items.iter().for_each(|item| self.secret(name, item)),
            ValKind::External { fallback: Some(fallback), .. } => self.secret(name, fallback),
            _ => {}
        }
    }

    /// Whether the option named `name` (dotted) is required, for "must not be empty".
    fn required(&self, name: &str) -> bool {
        let mut table = self.kind.options;
        let mut spec = None;
        for part in name.split('.') {
            let found = table.iter().find(|candidate| candidate.name == part);
            spec = found;
            table = found.and_then(|found| found.block_options()).unwrap_or(&[]);
        }
        spec.is_some_and(|spec| spec.required)
    }
}

/// A hint for the commonest type slips: quoted numbers and booleans, a lone
/// value where an array is expected, a number of seconds for a duration.
fn type_help(ty: &OptionType, found: &ValKind) -> Option<String> {
    match (ty, found) {
        (OptionType::Int { .. } | OptionType::Float { .. }, ValKind::Str(text))
            if text.trim().parse::<f64>().is_ok() =>
        {
            Some(format!("write `{}` without quotes", text.trim()))
        }
        (OptionType::Bool, ValKind::Str(text)) if matches!(text.as_str(), "true" | "false") => {
            Some(format!("write `{text}` without quotes"))
        }
        (OptionType::Duration, ValKind::Int(seconds)) => {
            Some(format!("write `\"{seconds}s\"` for seconds"))
        }
        (OptionType::Array(_), ValKind::Str(text)) => {
            Some(format!("wrap it in brackets: `[{text:?}]`"))
        }
        _ => None,
    }
}

/// Checks `host:port`: a port number, and a host that is a name, an IPv4
/// address, a bracketed IPv6 address, or empty (every interface).
fn check_address(text: &str) -> Result<(), &'static str> {
    if text.contains("://") {
        return Err("an address has no scheme");
    }
    let (host, port) = text.rsplit_once(':').ok_or("no `:port`")?;
    port.parse::<u16>().map_err(|_| "the port must be a number from 0 to 65535")?;
    let bracketed = host.starts_with('[') && host.ends_with(']');
    if !bracketed && host.contains(':') {
        return Err("write an IPv6 host in brackets: `[::1]:8080`");
    }
    if host.contains(|c: char| c.is_whitespace() || c == '/') {
        return Err("the host has a space or `/`");
    }
    Ok(())
}

/// Parses a regex with regex-syntax; the error is its one-line kind.
fn regex_error(pattern: &str) -> Result<(), String> {
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(_) => Ok(()),
        Err(regex_syntax::Error::Parse(error)) => Err(error.kind().to_string()),
        Err(regex_syntax::Error::Translate(error)) => Err(error.kind().to_string()),
        Err(error) => Err(error.to_string().lines().next().unwrap_or("invalid regex").to_string()),
    }
}
