//! `bool`: a value converted to a boolean.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_may_be, arg_text};
use crate::value::Value;

pub struct Bool;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::NULL.0 | Kinds::BOOL.0 | Kinds::INT.0 | Kinds::FLOAT.0 | Kinds::STRING.0),
    required: true,
    doc: "The value to convert.",
}];

const TRUE_WORDS: &[&str] = &["true", "t", "yes", "y", "on", "1"];
const FALSE_WORDS: &[&str] = &["false", "f", "no", "n", "off", "0"];

impl FnSig for Bool {
    fn name(&self) -> &'static str {
        "bool"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::bool()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        arg_may_be(args, 0, Kinds::STRING)
            .then(|| format!("`{}` may not be a boolean word", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Converts a value to a boolean. Strings `true`, `t`, `yes`, `y`, `on`, `1` are true and \
         `false`, `f`, `no`, `n`, `off`, `0` false, in any letter case, surrounding whitespace \
         ignored; other strings fail. A number is true when it is not zero, `null` is false. \
         Only strings can fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "word", source: r#"bool!("Yes")"#, input: "{}", result: Ok("true") },
            Example { title: "number", source: "bool(0)", input: "{}", result: Ok("false") },
            Example {
                title: "unknown word",
                source: r#"bool!("maybe")"#,
                input: "{}",
                result: Err("`maybe` is not a boolean word (true/false, yes/no, on/off, 1/0)"),
            },
        ]
    }
}

impl Function for Bool {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let converted = match args.take(0) {
            Value::Null => false,
            Value::Bool(b) => b,
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
            Value::String(text) => parse(&text)?,
            other => {
                return Err(FnError::new(format!(
                    "cannot convert {} to a boolean",
                    other.kind_name()
                )));
            }
        };
        Ok(Value::Bool(converted))
    }
}

fn parse(text: &str) -> Result<bool, FnError> {
    let word = text.trim();
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(word));
    if is(TRUE_WORDS) {
        return Ok(true);
    }
    if is(FALSE_WORDS) {
        return Ok(false);
    }
    Err(FnError::new(format!(
        "`{}` is not a boolean word (true/false, yes/no, on/off, 1/0)",
        text.escape_debug()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    fn convert(value: Value) -> Result<Value, FnError> {
        call(&Bool, vec![Some(value)])
    }

    #[test]
    fn words_in_any_case() {
        assert_eq!(convert(" TRUE ".into()), Ok(Value::Bool(true)));
        assert_eq!(convert("Off".into()), Ok(Value::Bool(false)));
        assert_eq!(convert("0".into()), Ok(Value::Bool(false)));
        assert!(convert("".into()).is_err());
        assert!(convert("trué".into()).is_err());
    }

    #[test]
    fn numbers_and_null() {
        assert_eq!(convert(Value::Int(-3)), Ok(Value::Bool(true)));
        assert_eq!(convert(Value::Float(-0.0)), Ok(Value::Bool(false)));
        assert_eq!(convert(Value::Null), Ok(Value::Bool(false)));
        assert_eq!(convert(json("[]")).unwrap_err().0, "cannot convert array to a boolean");
    }
}
