//! `parse_groks`: the captures of the first of several grok patterns that matches.

use std::sync::Arc;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use super::parse_grok::{
    DEFINITIONS, compile, no_match, parse, sig_definitions, value_definitions,
};
use crate::function::{Args, FnError, Function, Prepared};
use crate::grok::{Grok, compile_cached};
use crate::util::{arg_text, prepared};
use crate::value::Value;

pub struct ParseGroks;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to parse." },
    ParamSig {
        name: "patterns",
        kinds: Kinds::ARRAY,
        required: true,
        doc: "Grok patterns, tried in order; the first that matches wins.",
    },
    DEFINITIONS,
];

/// Every pattern, compiled, in order.
struct Compiled(Vec<Arc<Grok>>);

impl FnSig for ParseGroks {
    fn name(&self) -> &'static str {
        "parse_groks"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let patterns = args.get(1).and_then(Option::as_ref).and_then(|info| info.const_str_array());
        let (Some(patterns), Ok(definitions)) = (patterns, sig_definitions(args, 2)) else {
            return Type::object();
        };
        let types: Option<Vec<Type>> = patterns
            .iter()
            .map(|p| compile_cached(p, &definitions).ok().map(|g| g.result_type()))
            .collect();
        types
            .and_then(|types| types.into_iter().reduce(|all, ty| all.union(&ty)))
            .unwrap_or_else(Type::object)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may match none of the grok patterns", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        let definitions = sig_definitions(args, 2).map_err(|message| (2, message))?;
        let Some(info) = args.get(1).and_then(Option::as_ref) else { return Ok(()) };
        let Some(patterns) = info.const_str_array() else { return Ok(()) };
        if patterns.is_empty() {
            return Err((1, "`patterns` is empty: give at least one grok pattern".to_string()));
        }
        for (index, pattern) in patterns.iter().enumerate() {
            compile_cached(pattern, &definitions)
                .map_err(|e| (1, format!("pattern {}: {e}", index + 1)))?;
        }
        Ok(())
    }
    fn doc(&self) -> &'static str {
        "Tries each grok pattern of `patterns` in order against `value` and returns the named \
         captures of the first that matches, as `parse_grok` does. The result type is the union \
         of the patterns' shapes: a field that only some patterns capture may be `null`. Fails \
         when no pattern matches."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "first pattern that matches",
                source: r#"parse_groks!("ERROR disk full", ["%{INT:code} %{GREEDYDATA:text}", "%{LOGLEVEL:level} %{GREEDYDATA:text}"])"#,
                input: "{}",
                result: Ok(r#"{"level": "ERROR", "text": "disk full"}"#),
            },
            Example {
                title: "no pattern matches",
                source: r#"parse_groks!("", ["%{INT:n}", "%{WORD:w}"])"#,
                input: "{}",
                result: Err("value matches none of the 2 grok patterns"),
            },
        ]
    }
}

impl Function for ParseGroks {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        let Some(Value::Array(patterns)) = consts.get(1).and_then(Option::as_ref) else {
            return Ok(None);
        };
        let definitions = value_definitions(consts.get(2).and_then(Option::as_ref))?;
        match compile_all(patterns, &definitions) {
            Ok(compiled) => Ok(Some(Box::new(Compiled(compiled)))),
            // Definitions that were not handed over as constants are seen by `call`.
            Err(_) if consts.get(2).and_then(Option::as_ref).is_none() => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let dynamic;
        let groks: &[Arc<Grok>] = match prepared::<Compiled>(prepared_state) {
            Some(compiled) => &compiled.0,
            None => {
                let Some(Value::Array(patterns)) = args.get(1) else {
                    let got = args.get(1).map_or("nothing", Value::kind_name);
                    return Err(FnError::new(format!(
                        "`patterns` must be an array of strings, got {got}"
                    )));
                };
                dynamic = compile_all(patterns, &value_definitions(args.get(2))?)?;
                &dynamic
            }
        };
        for grok in groks {
            if let Some(value) = parse(grok, args)? {
                return Ok(value);
            }
        }
        Err(no_match(&groks.iter().map(Arc::as_ref).collect::<Vec<_>>()))
    }
}

fn compile_all(
    patterns: &[Value],
    definitions: &[(String, String)],
) -> Result<Vec<Arc<Grok>>, FnError> {
    if patterns.is_empty() {
        return Err(FnError::new("`patterns` is empty: give at least one grok pattern"));
    }
    patterns
        .iter()
        .map(|pattern| match pattern {
            Value::String(text) => compile(text, definitions),
            other => Err(FnError::new(format!(
                "`patterns` must hold strings, got {}",
                other.kind_name()
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};

    #[test]
    fn order_decides_and_errors_are_clear() {
        let patterns = Value::Array(vec![Value::from("%{WORD:a}"), Value::from("%{INT:b:int}")]);
        assert_json(run(&ParseGroks, &[Value::from("42"), patterns]), r#"{"a": "42"}"#);
        assert_error(
            run(&ParseGroks, &[Value::from("-"), Value::Array(vec![])]),
            "`patterns` is empty",
        );
        let mixed = Value::Array(vec![Value::from("%{WORD:a}"), Value::Int(1)]);
        assert_error(
            run(&ParseGroks, &[Value::from("x"), mixed]),
            "`patterns` must hold strings, got int",
        );
        let bad = Value::Array(vec![Value::from("%{WORD:a}"), Value::from("(?!x)")]);
        assert_error(run(&ParseGroks, &[Value::from("x"), bad]), "negative look-ahead");
    }
}
