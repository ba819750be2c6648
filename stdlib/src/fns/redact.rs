//! `redact`: sensitive text (card numbers, emails, tokens, custom regexes) replaced.

use lgp_lang::ast::{ExprKind, Literal};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::redact::{Filter, Redactor};
use crate::util::{arg_const_str, arg_given, arg_text, const_arg, prepared};
use crate::value::Value;

pub struct Redact;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The text to redact." },
    ParamSig {
        name: "filters",
        kinds: Kinds::ARRAY,
        required: true,
        doc: "Filter names (`credit_card`, `email`, `ipv4`, `ipv6`, `bearer_token`, \
              `us_social_security_number`) and regexes.",
    },
    ParamSig {
        name: "redactor",
        kinds: Kinds::STRING,
        required: false,
        doc: "`full` (default) writes `[REDACTED]`; `sha256` writes the hex SHA-256 of the text.",
    },
];

/// The filters, built once when the `filters` argument is constant.
struct State {
    filters: Vec<Filter>,
}

impl FnSig for Redact {
    fn name(&self) -> &'static str {
        "redact"
    }
    fn category(&self) -> &'static str {
        "security"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    /// Redacting cannot fail; only filters or a redactor computed at run
    /// time may turn out unknown.
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        if literal_filters(args).is_none() {
            return Some(format!("`{}` may hold an unknown filter", arg_text(args, 1, "filters")));
        }
        (arg_given(args, 2) && arg_const_str(args, 2).is_none())
            .then(|| format!("`{}` may not be a known redactor", arg_text(args, 2, "redactor")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        for element in literal_filters(args).unwrap_or_default() {
            match element {
                Literal::String { value, .. } => {
                    Filter::named(value).map(drop).map_err(|e| (1, e))?
                }
                Literal::Regex(source) => {
                    crate::parse::regex::compile(source).map(drop).map_err(|e| (1, e))?
                }
                _ => return Err((1, "a redact filter must be a name or a regex".to_string())),
            }
        }
        match arg_const_str(args, 2) {
            Some(name) => Redactor::from_name(name).map(drop).map_err(|e| (2, e.0)),
            None => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Replaces sensitive text in `value`. Each filter is a name or a regex, applied in \
         order: `credit_card` (13 to 19 digits, optionally grouped by spaces or dashes, \
         that pass the Luhn check), `email`, `ipv4`, `ipv6`, `bearer_token` (the token \
         after `Bearer `; the word stays) and `us_social_security_number` (`123-45-6789`, \
         impossible numbers skipped). The `full` redactor writes `[REDACTED]`; `sha256` \
         writes the hex SHA-256 digest of the text, so equal secrets stay correlatable \
         (unsalted: short secrets can be guessed from it)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "credit card and email",
                source: r#"redact(.message, filters = ["credit_card", "email"])"#,
                input: r#"{"message": "paid with 4111 1111 1111 1111 by jo@example.com"}"#,
                result: Ok(r#""paid with [REDACTED] by [REDACTED]""#),
            },
            Example {
                title: "custom regex",
                source: r#"redact("my id is 123456", filters = [r'\d+'])"#,
                input: "{}",
                result: Ok(r#""my id is [REDACTED]""#),
            },
            Example {
                title: "hashed",
                source: r#"redact("my id is 123456", filters = [r'\d+'], redactor = "sha256")"#,
                input: "{}",
                result: Ok(
                    r#""my id is 8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92""#,
                ),
            },
        ]
    }
}

/// The elements of a literal `filters` array, when every one is a literal.
fn literal_filters<'a>(args: &SigArgs<'a>) -> Option<Vec<&'a Literal>> {
    match &args.get(1)?.as_ref()?.expr.kind {
        ExprKind::Array(items) => items
            .iter()
            .map(|item| match &item.kind {
                ExprKind::Literal(literal) => Some(literal),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn build_filters(filters: &[Value]) -> Result<Vec<Filter>, FnError> {
    filters.iter().map(Filter::from_value).collect()
}

impl Function for Redact {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        match const_arg(consts, 1) {
            Some(Value::Array(filters)) => {
                Ok(Some(Box::new(State { filters: build_filters(filters)? })))
            }
            _ => Ok(None),
        }
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let redactor =
            args.opt_str(2)?.map_or(Ok(Redactor::Full), |name| Redactor::from_name(name))?;
        let built;
        let filters = match prepared::<State>(prepared_state) {
            Some(state) => &state.filters,
            None => match args.get(1) {
                Some(Value::Array(filters)) => {
                    built = build_filters(filters)?;
                    &built
                }
                other => {
                    let got = other.map_or("nothing", Value::kind_name);
                    return Err(FnError(format!("`filters` must be an array, got {got}")));
                }
            },
        };
        let input = args.str(0)?;
        let mut text = std::borrow::Cow::Borrowed(input.as_str());
        for filter in filters {
            if let std::borrow::Cow::Owned(redacted) = filter.apply(&text, redactor) {
                text = std::borrow::Cow::Owned(redacted);
            }
        }
        Ok(match text {
            // Nothing matched: hand back the same string, no copy.
            std::borrow::Cow::Borrowed(_) => Value::String(input.clone()),
            std::borrow::Cow::Owned(text) => Value::from(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    fn filters(names: &[&str]) -> Value {
        Value::Array(names.iter().map(|n| Value::from(*n)).collect())
    }

    #[test]
    fn filters_apply_in_order_and_errors_are_clear() {
        let all = filters(&[
            "bearer_token",
            "credit_card",
            "email",
            "ipv4",
            "ipv6",
            "us_social_security_number",
        ]);
        let text = "Bearer t0k3n from 10.1.2.3 / ::1, ssn 078-05-1120, card 378282246310005";
        assert_json(
            run(&Redact, &[Value::from(text), all]),
            r#""Bearer [REDACTED] from [REDACTED] / [REDACTED], ssn [REDACTED], card [REDACTED]""#,
        );
        assert_error(
            run(&Redact, &[Value::from("x"), filters(&["iban"])]),
            "unknown redact filter \"iban\"",
        );
        assert_error(
            run(&Redact, &[Value::from("x"), filters(&[]), Value::from("rot13")]),
            "unknown redactor",
        );
        assert_error(
            run(&Redact, &[Value::from("x"), Value::Array(vec![Value::Int(1)])]),
            "must be a name or a regex",
        );
        assert_json(run(&Redact, &[Value::from(""), filters(&["email"])]), r#""""#);
    }

    #[test]
    fn huge_input_stays_linear() {
        let digits = "4".repeat(1 << 20);
        let Ok(Value::String(out)) =
            run(&Redact, &[Value::from(digits.as_str()), filters(&["credit_card"])])
        else {
            panic!("a string")
        };
        assert!(out.len() <= digits.len());
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in "[0-9a-z @.:\\- ]{0,120}") {
            let all = filters(&["bearer_token", "credit_card", "email", "ipv4", "ipv6", "us_social_security_number"]);
            let Ok(Value::String(out)) = run(&Redact, &[Value::from(text.as_str()), all]) else {
                return Err(TestCaseError::fail("not a string"));
            };
            prop_assert!(out.len() <= text.len() + 10 * (text.len() / 2 + 1));
        }
    }
}
