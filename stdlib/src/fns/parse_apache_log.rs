//! `parse_apache_log`: an Apache access or error log line to an object.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::weblog::{LogFormat, function};
use crate::util::arg_text;
use crate::value::Value;

pub struct ParseApacheLog;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The log line to parse." },
    ParamSig {
        name: "format",
        kinds: Kinds::STRING,
        required: true,
        doc: "`common`, `combined` or `error`.",
    },
    ParamSig {
        name: "timestamp_format",
        kinds: Kinds::STRING,
        required: false,
        doc: "strftime format of the timestamp (default `%d/%b/%Y:%T %z`).",
    },
];

impl FnSig for ParseApacheLog {
    fn name(&self) -> &'static str {
        "parse_apache_log"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        function::return_type(args, LogFormat::apache)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!(
            "`{}` may not be an Apache log line of that format",
            arg_text(args, 0, "value")
        ))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        function::check_args(args, LogFormat::apache)
    }
    fn doc(&self) -> &'static str {
        "Parses an Apache log line. `common` gives `host`, `identity`, `user`, `timestamp`, \
         `message` (the request line) with its `method`, `path` and `protocol`, `status` \
         and `size`; `combined` adds `referrer` and `agent`. `error` gives `timestamp`, \
         `module`, `severity`, `pid`, `thread`, `client`, `port` and `message`; its \
         timestamp may also be in Apache's own `Wed Oct 11 14:32:52 2000` form when no \
         `timestamp_format` is given. Fields written as `-` are absent. Timestamps without \
         an offset are read as UTC."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "combined",
                source: r#"parse_apache_log!(.message, "combined")"#,
                input: r#"{"message": "127.0.0.1 bob frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://example.com/start\" \"Mozilla/5.0\""}"#,
                result: Ok(
                    r#"{"agent": "Mozilla/5.0", "host": "127.0.0.1", "identity": "bob", "message": "GET /apache_pb.gif HTTP/1.0", "method": "GET", "path": "/apache_pb.gif", "protocol": "HTTP/1.0", "referrer": "http://example.com/start", "size": 2326, "status": 200, "timestamp": "2000-10-10T20:55:36Z", "user": "frank"}"#,
                ),
            },
            Example {
                title: "error",
                source: r#"parse_apache_log!(s'[01/Mar/2021:12:00:19 +0000] [ab:alert] [pid 4803:tid 3814] [client 147.159.108.175:24259] I will bypass the haptic COM bandwidth', "error")"#,
                input: "{}",
                result: Ok(
                    r#"{"client": "147.159.108.175", "message": "I will bypass the haptic COM bandwidth", "module": "ab", "pid": 4803, "port": 24259, "severity": "alert", "thread": "3814", "timestamp": "2021-03-01T12:00:19Z"}"#,
                ),
            },
            Example {
                title: "wrong format",
                source: r#"parse_apache_log!("GET / HTTP/1.1", "common")"#,
                input: "{}",
                result: Err("missing [timestamp]"),
            },
        ]
    }
}

impl Function for ParseApacheLog {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        function::prepare(consts, LogFormat::apache)
    }

    fn call(&self, prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        function::call(prepared, args, LogFormat::apache)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn custom_timestamp_format_and_bad_options() {
        let line = Value::from(r#"::1 - - [2000-10-10 13:55:36] "GET / HTTP/1.1" 304 -"#);
        let args = [line.clone(), Value::from("common"), Value::from("%Y-%m-%d %H:%M:%S")];
        assert_json(
            run(&ParseApacheLog, &args),
            r#"{"host": "::1", "message": "GET / HTTP/1.1", "method": "GET", "path": "/", "protocol": "HTTP/1.1", "status": 304, "timestamp": "2000-10-10T13:55:36Z"}"#,
        );
        assert_error(
            run(&ParseApacheLog, &[line.clone(), Value::from("common")]),
            "does not match format",
        );
        assert_error(
            run(&ParseApacheLog, &[line.clone(), Value::from("fancy")]),
            "unknown Apache log format \"fancy\"",
        );
        assert_error(
            run(&ParseApacheLog, &[line, Value::from("common"), Value::from("%J")]),
            "invalid timestamp format",
        );
    }

    #[test]
    fn truncated_and_empty_lines() {
        let full =
            r#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5 "-" "curl""#;
        for end in 0..full.len() - 1 {
            let args = [Value::from(&full[..end]), Value::from("combined")];
            assert!(run(&ParseApacheLog, &args).is_err(), "truncated at {end}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in r#"[\[\]" \-:/0-9a-zA-Z]{0,120}"#, format in "common|combined|error") {
            if let Ok(value) = run(&ParseApacheLog, &[Value::from(text.as_str()), Value::from(format.as_str())]) {
                prop_assert!(value.to_json().to_string().len() <= text.len() * 4 + 256);
            }
        }
    }
}
