//! `hostname`: the name of the host the agent runs on.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::Type;

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Hostname;

impl FnSig for Hostname {
    fn name(&self) -> &'static str {
        "hostname"
    }
    fn category(&self) -> &'static str {
        "system"
    }
    fn params(&self) -> &'static [ParamSig] {
        &[]
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        Some("the host name may not be valid UTF-8".to_owned())
    }
    fn pure(&self) -> bool {
        false
    }
    fn doc(&self) -> &'static str {
        "Returns the host name of the machine the agent runs on, as the operating system \
         reports it (`gethostname`). Fails when it is empty or not valid UTF-8."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "is a string",
            source: r#"is_string(hostname() ?? "unknown")"#,
            input: "{}",
            result: Ok("true"),
        }]
    }
}

impl Function for Hostname {
    fn call(&self, _prepared: &Prepared, _args: &mut Args) -> Result<Value, FnError> {
        match gethostname::gethostname().into_string() {
            Ok(name) if !name.is_empty() => Ok(Value::from(name)),
            Ok(_) => Err(FnError::new("the host name is empty")),
            Err(_) => Err(FnError::new("the host name is not valid UTF-8")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::call_once;

    #[test]
    fn agrees_with_the_operating_system() {
        let expected = gethostname::gethostname().into_string().ok().filter(|n| !n.is_empty());
        let got = call_once(&Hostname, vec![]).ok();
        assert_eq!(got, expected.map(Value::from));
        assert!(!Hostname.pure());
    }
}
