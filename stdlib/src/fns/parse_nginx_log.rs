//! `parse_nginx_log`: an nginx access or error log line to an object.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::weblog::{LogFormat, function};
use crate::util::arg_text;
use crate::value::Value;

pub struct ParseNginxLog;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The log line to parse." },
    ParamSig {
        name: "format",
        kinds: Kinds::STRING,
        required: true,
        doc: "`combined` or `error`.",
    },
    ParamSig {
        name: "timestamp_format",
        kinds: Kinds::STRING,
        required: false,
        doc: "strftime format of the timestamp (default `%d/%b/%Y:%T %z`, `%Y/%m/%d %H:%M:%S` for `error`).",
    },
];

impl FnSig for ParseNginxLog {
    fn name(&self) -> &'static str {
        "parse_nginx_log"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        function::return_type(args, LogFormat::nginx)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!(
            "`{}` may not be an nginx log line of that format",
            arg_text(args, 0, "value")
        ))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        function::check_args(args, LogFormat::nginx)
    }
    fn doc(&self) -> &'static str {
        "Parses an nginx log line. `combined` gives `client`, `user`, `timestamp`, \
         `request` with its `method`, `path` and `protocol`, `status`, `size`, `referer`, \
         `agent` and, when present, `compression`. `error` gives `timestamp`, `severity`, \
         `pid`, `tid`, `cid`, `message` and the trailing `client`, `server`, `request`, \
         `upstream`, `host`, `referrer` (and any other `key: value`) pairs. Fields written \
         as `-` are absent. Timestamps without an offset (all of `error`'s) are read as UTC."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "combined",
                source: r#"parse_nginx_log!(.message, "combined")"#,
                input: r#"{"message": "172.17.0.1 - alice [01/Apr/2021:12:02:31 +0000] \"POST /not-found HTTP/1.1\" 404 153 \"http://localhost/somewhere\" \"curl/8.0\" \"2.75\""}"#,
                result: Ok(
                    r#"{"agent": "curl/8.0", "client": "172.17.0.1", "compression": "2.75", "method": "POST", "path": "/not-found", "protocol": "HTTP/1.1", "referer": "http://localhost/somewhere", "request": "POST /not-found HTTP/1.1", "size": 153, "status": 404, "timestamp": "2021-04-01T12:02:31Z", "user": "alice"}"#,
                ),
            },
            Example {
                title: "error",
                source: r#"parse_nginx_log!(s'2021/04/01 13:02:31 [error] 31#31: *1 open() "/usr/share/nginx/html/not-found" failed (2: No such file or directory), client: 172.17.0.1, server: localhost, request: "POST /not-found HTTP/1.1", host: "localhost:8081"', "error")"#,
                input: "{}",
                result: Ok(
                    r#"{"cid": 1, "client": "172.17.0.1", "host": "localhost:8081", "message": "open() \"/usr/share/nginx/html/not-found\" failed (2: No such file or directory)", "pid": 31, "request": "POST /not-found HTTP/1.1", "server": "localhost", "severity": "error", "tid": 31, "timestamp": "2021-04-01T13:02:31Z"}"#,
                ),
            },
        ]
    }
}

impl Function for ParseNginxLog {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        function::prepare(consts, LogFormat::nginx)
    }

    fn call(&self, prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        function::call(prepared, args, LogFormat::nginx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, run};
    use proptest::prelude::*;

    #[test]
    fn bad_lines_and_options() {
        assert_error(
            run(&ParseNginxLog, &[Value::from("x"), Value::from("common")]),
            "unknown nginx log format",
        );
        assert_error(run(&ParseNginxLog, &[Value::from(""), Value::from("error")]), "missing date");
        let bad_pid = "2021/04/01 13:02:31 [error] x: boom";
        assert_error(
            run(&ParseNginxLog, &[Value::from(bad_pid), Value::from("error")]),
            "missing pid#tid",
        );
        let bad_status =
            r#"1.2.3.4 - - [01/Apr/2021:12:02:31 +0000] "GET / HTTP/1.1" OK 1 "-" "-""#;
        assert_error(
            run(&ParseNginxLog, &[Value::from(bad_status), Value::from("combined")]),
            "invalid status `OK`",
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in r##"[\[\]"#*, \-:/0-9a-z]{0,120}"##, format in "combined|error") {
            if let Ok(value) = run(&ParseNginxLog, &[Value::from(text.as_str()), Value::from(format.as_str())]) {
                prop_assert!(value.to_json().to_string().len() <= text.len() * 4 + 256);
            }
        }
    }
}
