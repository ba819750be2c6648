//! `format`: a template string with `{}` placeholders filled from an array.

use lgp_lang::ast::ExprKind;
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, value_text};
use crate::value::Value;

pub struct Format;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "template",
        kinds: Kinds::STRING,
        required: true,
        doc: "Text with a `{}` for each argument; `{{` and `}}` stand for braces.",
    },
    ParamSig {
        name: "args",
        kinds: Kinds::ARRAY,
        required: true,
        doc: "The values to insert, in order.",
    },
];

impl FnSig for Format {
    fn name(&self) -> &'static str {
        "format"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let template = arg(args, 0).and_then(|a| a.const_str()).map(placeholders);
        let given = arg(args, 1).and_then(|a| match &a.expr.kind {
            ExprKind::Array(items) => Some(items.len()),
            _ => None,
        });
        match (template, given) {
            (Some(Ok(wanted)), Some(given)) if wanted == given => None,
            _ => Some(format!(
                "`{}` may not have one item per placeholder of `{}`",
                arg_text(args, 1, "args"),
                arg_text(args, 0, "template")
            )),
        }
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 0).and_then(|a| a.const_str()).map(placeholders) {
            Some(Err(message)) => Err((0, message)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Replaces each `{}` in `template` by the next item of `args`: strings as they are, \
         other scalars as `string` writes them, `null` as `null`, arrays and objects as \
         compact JSON. `{{` and `}}` write literal braces. Fails when the template has an \
         unmatched brace or when the number of items differs from the number of placeholders \
         (the checker proves it cannot when both are written out)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "mixed values",
                source: r#"format("{} took {} ms", [.path, .ms])"#,
                input: r#"{"path": "/api", "ms": 12.5}"#,
                result: Ok(r#""/api took 12.5 ms""#),
            },
            Example {
                title: "literal braces",
                source: r#"format("{{{}}}", [[1, "a"]])"#,
                input: "{}",
                result: Ok(r#""{[1,\"a\"]}""#),
            },
            Example {
                title: "missing argument",
                source: r#"format!("{} and {}", ["one"])"#,
                input: "{}",
                result: Err("the template has 2 placeholders but `args` has 1 item"),
            },
        ]
    }
}

impl Function for Format {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let template = args.str(0)?;
        let Some(Value::Array(items)) = args.get(1) else {
            let got = args.get(1).map_or("nothing", Value::kind_name);
            return Err(FnError::new(format!("`args` must be an array, got {got}")));
        };
        let wanted = placeholders(template).map_err(FnError::new)?;
        if wanted != items.len() {
            return Err(FnError::new(format!(
                "the template has {wanted} placeholder{} but `args` has {} item{}",
                plural(wanted),
                items.len(),
                plural(items.len())
            )));
        }
        Ok(Value::from(fill(template, items)))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Counts the `{}` placeholders of a template.
fn placeholders(template: &str) -> Result<usize, String> {
    let mut count = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                chars.next();
            }
            ('{', Some('}')) => {
                chars.next();
                count += 1;
            }
            ('{', _) => {
                return Err("unmatched `{` in the template; write `{{` for a brace".to_owned());
            }
            ('}', _) => {
                return Err("unmatched `}` in the template; write `}}` for a brace".to_owned());
            }
            _ => {}
        }
    }
    Ok(count)
}

/// Fills a template already checked by [`placeholders`].
fn fill(template: &str, items: &[Value]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut items = items.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                chars.next();
                out.push(c);
            }
            ('{', Some('}')) => {
                chars.next();
                out.push_str(&items.next().map(value_text).unwrap_or_default());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn fills_placeholders_with_text_of_each_kind() {
        let items = json(r#"["é", 1, 2.0, true, null, {"a": [1]}]"#);
        let got = call(&Format, vec![some("{}|{}|{}|{}|{}|{}"), Some(items)]);
        assert_eq!(got, Ok(Value::from(r#"é|1|2.0|true|null|{"a":[1]}"#)));
    }

    #[test]
    fn braces_escape_and_empty_templates() {
        assert_eq!(call(&Format, vec![some("{{}}"), Some(json("[]"))]), Ok(Value::from("{}")));
        assert_eq!(call(&Format, vec![some(""), Some(json("[]"))]), Ok(Value::from("")));
    }

    #[test]
    fn count_mismatch_and_unmatched_braces_fail() {
        let err = call(&Format, vec![some("{}"), Some(json("[1, 2]"))]).unwrap_err();
        assert_eq!(err.0, "the template has 1 placeholder but `args` has 2 items");
        let err = call(&Format, vec![some("{x}"), Some(json("[]"))]).unwrap_err();
        assert_eq!(err.0, "unmatched `{` in the template; write `{{` for a brace");
        let err = call(&Format, vec![some("}"), Some(json("[]"))]).unwrap_err();
        assert_eq!(err.0, "unmatched `}` in the template; write `}}` for a brace");
    }
}
