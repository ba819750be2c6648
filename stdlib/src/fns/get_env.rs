//! `get_env`: the value of an environment variable of the agent.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_text;
use crate::value::Value;

pub struct GetEnv;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "name", kinds: Kinds::STRING, required: true, doc: "The variable's name." }];

impl FnSig for GetEnv {
    fn name(&self) -> &'static str {
        "get_env"
    }
    fn category(&self) -> &'static str {
        "system"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("environment variable {} may be unset", arg_text(args, 0, "name")))
    }
    fn pure(&self) -> bool {
        false
    }
    fn doc(&self) -> &'static str {
        "Returns the value of the environment variable `name` in the agent's process. Fails \
         when it is unset or not valid UTF-8. Options may use it too, to keep secrets out of \
         pipeline files: `password = get_env(\"KAFKA_PASSWORD\")`."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "with a default",
            source: r#"get_env("LGP_EXAMPLE_SURELY_UNSET") ?? "unknown""#,
            input: "{}",
            result: Ok(r#""unknown""#),
        }]
    }
}

impl Function for GetEnv {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let name = args.str(0)?;
        // `std::env::var` panics on names with `=` or NUL; such a variable cannot exist.
        if name.is_empty() || name.contains(['=', '\0']) {
            return Err(FnError::new(format!("environment variable `{name}` is not set")));
        }
        match std::env::var(name.as_str()) {
            Ok(value) => Ok(Value::from(value)),
            Err(std::env::VarError::NotPresent) => {
                Err(FnError::new(format!("environment variable `{name}` is not set")))
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(FnError::new(format!("environment variable `{name}` is not valid UTF-8")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call_once, some};

    #[test]
    fn reads_a_set_variable() {
        // PATH is set wherever tests run; its exact value does not matter.
        let got = call_once(&GetEnv, vec![some("PATH")]);
        assert!(matches!(got, Ok(Value::String(_))), "{got:?}");
    }

    #[test]
    fn unset_and_impossible_names_fail() {
        let err = call_once(&GetEnv, vec![some("LGP_TEST_SURELY_UNSET_123")]).unwrap_err();
        assert_eq!(err.0, "environment variable `LGP_TEST_SURELY_UNSET_123` is not set");
        for name in ["", "A=B", "A\0B"] {
            assert!(call_once(&GetEnv, vec![some(name)]).is_err(), "{name:?}");
        }
    }
}
