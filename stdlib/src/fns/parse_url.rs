//! `parse_url`: a URL to an object of its parts.

use std::collections::BTreeMap;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::fns::parse_query_string::query_type;
use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::query;
use crate::util::arg_text;
use crate::value::{Object, Str, Value};

pub struct ParseUrl;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The URL to parse." },
    ParamSig {
        name: "default_known_ports",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Fill in `port` for http, https, ws, wss and ftp when the URL has none (default false).",
    },
];

impl FnSig for ParseUrl {
    fn name(&self) -> &'static str {
        "parse_url"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        let maybe = |kinds: Kinds| Type::of(kinds.union(Kinds::NULL));
        let fields = BTreeMap::from([
            ("fragment".to_string(), maybe(Kinds::STRING)),
            ("host".to_string(), maybe(Kinds::STRING)),
            ("password".to_string(), Type::string()),
            ("path".to_string(), Type::string()),
            ("port".to_string(), maybe(Kinds::INT)),
            ("query".to_string(), query_type()),
            ("scheme".to_string(), Type::string()),
            ("username".to_string(), Type::string()),
        ]);
        Type::object_with(fields, None)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be a valid URL", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Parses an absolute URL (WHATWG rules, as browsers do: the host is lower-cased, \
         the path normalised) into `scheme`, `username`, `password`, `host`, `port`, \
         `path`, `query` (parsed as `parse_query_string` does) and `fragment`. `port` is \
         `null` when the URL gives none or gives the scheme's default, unless \
         `default_known_ports` is true."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "every part",
                source: r#"parse_url!("ftp://foo:bar@example.com:4343/foobar?hello=world#123")"#,
                input: "{}",
                result: Ok(
                    r#"{"fragment": "123", "host": "example.com", "password": "bar", "path": "/foobar", "port": 4343, "query": {"hello": "world"}, "scheme": "ftp", "username": "foo"}"#,
                ),
            },
            Example {
                title: "default port",
                source: r#"parse_url!(.url, default_known_ports = true)"#,
                input: r#"{"url": "https://Example.com"}"#,
                result: Ok(
                    r#"{"fragment": null, "host": "example.com", "password": "", "path": "/", "port": 443, "query": {}, "scheme": "https", "username": ""}"#,
                ),
            },
            Example {
                title: "relative",
                source: r#"parse_url!("/just/a/path")"#,
                input: "{}",
                result: Err("invalid URL: relative URL without a base"),
            },
        ]
    }
}

impl Function for ParseUrl {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let known_ports = args.bool_or(1, false)?;
        let url =
            url::Url::parse(args.str(0)?).map_err(|e| FnError(format!("invalid URL: {e}")))?;
        Ok(Value::Object(parts(&url, known_ports)))
    }
}

fn parts(url: &url::Url, known_ports: bool) -> Object {
    let port = if known_ports { url.port_or_known_default() } else { url.port() };
    let text = |s: &str| Value::from(s);
    let query = url.query().map(|q| {
        let owned = Str::from(q);
        query::parse(&owned, &owned)
    });
    Object::from([
        (Str::from_static("fragment"), url.fragment().map_or(Value::Null, text)),
        (Str::from_static("host"), url.host_str().map_or(Value::Null, text)),
        (Str::from_static("password"), text(url.password().unwrap_or(""))),
        (Str::from_static("path"), text(url.path())),
        (Str::from_static("port"), port.map_or(Value::Null, |p| Value::Int(i64::from(p)))),
        (Str::from_static("query"), Value::Object(query.unwrap_or_default())),
        (Str::from_static("scheme"), text(url.scheme())),
        (Str::from_static("username"), text(url.username())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn unusual_urls() {
        assert_json(
            run(&ParseUrl, &[Value::from("mailto:a@b.c")]),
            r#"{"fragment": null, "host": null, "password": "", "path": "a@b.c", "port": null, "query": {}, "scheme": "mailto", "username": ""}"#,
        );
        let ipv6 = run(&ParseUrl, &[Value::from("http://[::1]:8080/?a=1&a=2")]);
        assert_json(
            ipv6,
            r#"{"fragment": null, "host": "[::1]", "password": "", "path": "/", "port": 8080, "query": {"a": ["1", "2"]}, "scheme": "http", "username": ""}"#,
        );
        assert_error(run(&ParseUrl, &[Value::from("")]), "invalid URL");
        assert_error(
            run(&ParseUrl, &[Value::from("http://exa mple.com")]),
            "invalid URL: invalid international domain name",
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "(https?://)?[a-z:/@?#&=.%\\[\\]0-9]{0,60}") {
            let _ = run(&ParseUrl, &[Value::from(text.as_str()), Value::Bool(true)]);
        }
    }
}
