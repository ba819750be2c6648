//! `capitalize`: a string with its first character in upper case.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Capitalize;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The string to capitalize.",
}];

impl FnSig for Capitalize {
    fn name(&self) -> &'static str {
        "capitalize"
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
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns `value` with its first character in upper case (Unicode-aware, so it may \
         become several characters: `ß` gives `SS`) and the rest unchanged. Use `downcase` \
         first for `Hello` from `HELLO`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "sentence",
                source: r#"capitalize("connection reset by peer")"#,
                input: "{}",
                result: Ok(r#""Connection reset by peer""#),
            },
            Example {
                title: "Unicode",
                source: "capitalize(.city)",
                input: r#"{"city": "île-de-France"}"#,
                result: Ok(r#""Île-de-France""#),
            },
        ]
    }
}

impl Function for Capitalize {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let mut chars = value.chars();
        let Some(first) = chars.next() else { return Ok(Value::String(value.clone())) };
        if first.to_uppercase().eq([first]) {
            // Nothing changes, so the argument is returned without copying.
            return Ok(Value::String(value.clone()));
        }
        let mut out = String::with_capacity(value.len() + 2);
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
        Ok(Value::from(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn capitalize(text: &str) -> Result<Value, FnError> {
        call(&Capitalize, vec![some(text)])
    }

    #[test]
    fn only_the_first_character_changes() {
        assert_eq!(capitalize("hello World"), Ok(Value::from("Hello World")));
        assert_eq!(capitalize("Hello"), Ok(Value::from("Hello")));
        assert_eq!(capitalize("ßa"), Ok(Value::from("SSa")));
        assert_eq!(capitalize("ǆemal"), Ok(Value::from("Ǆemal")));
    }

    #[test]
    fn edge_cases() {
        assert_eq!(capitalize(""), Ok(Value::from("")));
        assert_eq!(capitalize(" x"), Ok(Value::from(" x")));
        assert_eq!(capitalize("1st"), Ok(Value::from("1st")));
        assert_eq!(capitalize("日本"), Ok(Value::from("日本")));
        assert!(call(&Capitalize, vec![some(1)]).is_err());
    }
}
