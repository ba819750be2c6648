//! `now`: the current time.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::Type;

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Now;

impl FnSig for Now {
    fn name(&self) -> &'static str {
        "now"
    }
    fn category(&self) -> &'static str {
        "time"
    }
    fn params(&self) -> &'static [ParamSig] {
        &[]
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::timestamp()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn pure(&self) -> bool {
        false
    }
    fn doc(&self) -> &'static str {
        "Returns the current time, in UTC, with the system clock's precision. Each call reads \
         the clock again."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "is a timestamp",
            source: "is_timestamp(now())",
            input: "{}",
            result: Ok("true"),
        }]
    }
}

impl Function for Now {
    fn call(&self, _prepared: &Prepared, _args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Timestamp(chrono::Utc::now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::call_once;

    #[test]
    fn reads_the_clock() {
        let before = chrono::Utc::now();
        let Ok(Value::Timestamp(t)) = call_once(&Now, vec![]) else {
            panic!("now must give a timestamp")
        };
        assert!(t >= before && t <= chrono::Utc::now());
        assert!(!Now.pure());
    }
}
