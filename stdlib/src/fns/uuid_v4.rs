//! `uuid_v4`: a random UUID.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::Type;

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct UuidV4;

impl FnSig for UuidV4 {
    fn name(&self) -> &'static str {
        "uuid_v4"
    }
    fn category(&self) -> &'static str {
        "random"
    }
    fn params(&self) -> &'static [ParamSig] {
        &[]
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn pure(&self) -> bool {
        false
    }
    fn doc(&self) -> &'static str {
        "Returns a new random (version 4) UUID in its lowercase hyphenated form, such as \
         `1d262f4f-199b-458d-879f-05fd0a5f0683`. Each call gives a different one."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example { title: "length", source: "length(uuid_v4())", input: "{}", result: Ok("36") }]
    }
}

impl Function for UuidV4 {
    fn call(&self, _prepared: &Prepared, _args: &mut Args) -> Result<Value, FnError> {
        let mut buffer = uuid::Uuid::encode_buffer();
        Ok(Value::from(&*uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::call_once;

    #[test]
    fn version_4_and_different_each_time() {
        let first = call_once(&UuidV4, vec![]).unwrap_or_default();
        let second = call_once(&UuidV4, vec![]).unwrap_or_default();
        assert_ne!(first, second);
        let text = first.as_str().unwrap_or_default();
        let parsed = uuid::Uuid::parse_str(text).map(|u| u.get_version_num());
        assert_eq!(parsed, Ok(4));
        assert_eq!(text, text.to_lowercase());
    }
}
