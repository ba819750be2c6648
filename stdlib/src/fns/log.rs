//! `log`: writes a value to the agent's standard error, rate-limited.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, const_arg, prepared, value_text};
use crate::value::Value;

pub struct Log;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "What to write." },
    ParamSig {
        name: "level",
        kinds: Kinds::STRING,
        required: false,
        doc: "`trace`, `debug`, `info` (default), `warn` or `error`.",
    },
    ParamSig {
        name: "rate_limit_secs",
        kinds: Kinds::INT,
        required: false,
        doc: "Write at most once per this many seconds from this call; 1 by default, 0 for no limit.",
    },
];

const LEVELS: &[&str] = &["trace", "debug", "info", "warn", "error"];

/// The rate limit of one call site.
#[derive(Default)]
struct Limiter {
    /// When this call last wrote, and how many messages it dropped since.
    state: Mutex<(Option<Instant>, u64)>,
}

impl Limiter {
    /// Whether a message may be written at `now`; when it may, how many were
    /// dropped since the last one written.
    fn admit(&self, now: Instant, every: Duration) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (last, dropped) = &mut *state;
        if last.is_some_and(|last| now.saturating_duration_since(last) < every) {
            *dropped += 1;
            return None;
        }
        *last = Some(now);
        Some(std::mem::take(dropped))
    }
}

/// Used only when a call site was not prepared: all such calls share one limit.
static UNPREPARED: Limiter = Limiter { state: Mutex::new((None, 0)) };

impl FnSig for Log {
    fn name(&self) -> &'static str {
        "log"
    }
    fn category(&self) -> &'static str {
        "debug"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::null()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        arg(args, 1)
            .filter(|a| a.const_str().is_none())
            .map(|_| format!("`{}` may not be a known level", arg_text(args, 1, "level")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 1).and_then(|a| a.const_str()).map(level) {
            Some(Err(err)) => Err((1, err.0)),
            _ => Ok(()),
        }
    }
    fn pure(&self) -> bool {
        false
    }
    fn doc(&self) -> &'static str {
        "Writes `value` (strings as they are, other values as JSON) to the agent's standard \
         error as `LEVEL log: text`, and returns `null`. Each call site writes at most once \
         per `rate_limit_secs` seconds (1 by default, 0 for no limit), so a busy pipeline does \
         not flood the terminal; the next message written says how many were dropped."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "debug a field",
            source: r#"log(.status, level = "debug")"#,
            input: r#"{"status": 503}"#,
            result: Ok("null"),
        }]
    }
}

impl Function for Log {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        if let Some(Value::String(name)) = const_arg(consts, 1) {
            level(name)?;
        }
        Ok(Some(Box::new(Limiter::default())))
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let level = level(args.opt_str(1)?.map_or("info", |s| s.as_str()))?;
        let seconds = args.opt_int(2)?.unwrap_or(1).max(0);
        let every = Duration::from_secs(u64::try_from(seconds).unwrap_or(0));
        let limiter = prepared::<Limiter>(prepared_state).unwrap_or(&UNPREPARED);
        if let Some(dropped) = limiter.admit(Instant::now(), every) {
            let text = value_text(args.get(0).unwrap_or(&Value::Null));
            let upper = level.to_ascii_uppercase();
            match dropped {
                0 => eprintln!("{upper:>5} log: {text}"),
                n => eprintln!(
                    "{upper:>5} log: {text} ({n} earlier messages dropped by the rate limit)"
                ),
            }
        }
        Ok(Value::Null)
    }
}

fn level(name: &str) -> Result<&'static str, FnError> {
    LEVELS.iter().copied().find(|l| *l == name).ok_or_else(|| {
        FnError::new(format!("unknown level `{name}`; expected trace, debug, info, warn or error"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call_once, some};

    #[test]
    fn returns_null_and_rejects_unknown_levels() {
        assert_eq!(call_once(&Log, vec![some("é"), some("warn"), some(0)]), Ok(Value::Null));
        let err = call_once(&Log, vec![some("x"), some("fatal"), None]).unwrap_err();
        assert_eq!(err.0, "unknown level `fatal`; expected trace, debug, info, warn or error");
        assert!(Log.prepare(&[None, Some(Value::from("loud")), None]).is_err());
    }

    #[test]
    fn limiter_drops_and_counts_within_the_window() {
        let limiter = Limiter::default();
        let start = Instant::now();
        let second = Duration::from_secs(1);
        assert_eq!(limiter.admit(start, second), Some(0));
        assert_eq!(limiter.admit(start + Duration::from_millis(10), second), None);
        assert_eq!(limiter.admit(start + Duration::from_millis(20), second), None);
        assert_eq!(limiter.admit(start + second, second), Some(2));
        assert_eq!(limiter.admit(start + second, Duration::ZERO), Some(0));
    }
}
