//! `parse_user_agent`: a User-Agent header to browser, system and device.

use std::collections::BTreeMap;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::user_agent::{self, Agent};
use crate::value::{Object, Str, Value};

pub struct ParseUserAgent;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The User-Agent header.",
}];

impl FnSig for ParseUserAgent {
    fn name(&self) -> &'static str {
        "parse_user_agent"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        let text = || Type::of(Kinds(Kinds::STRING.0 | Kinds::NULL.0));
        let pair = || closed(&[("family", text()), ("version", text())]);
        closed(&[("browser", pair()), ("os", pair()), ("device", closed(&[("category", text())]))])
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Reads a User-Agent header into `{browser: {family, version}, os: {family, \
         version}, device: {category}}`, like VRL's fast mode. A small built-in rule set \
         knows the major browsers (Chrome, Edge, Firefox, Safari, Opera, Samsung Internet, \
         Yandex, Vivaldi, UC Browser, Internet Explorer, Android WebView), systems \
         (Windows, macOS as `Mac OS X`, iOS, Android, Chrome OS, Linux and a few \
         distributions), well-known crawlers and common HTTP tools (curl, Wget, Python \
         Requests, Go, OkHttp, kube-probe, ...). The device category is `pc`, \
         `smartphone`, `tablet`, `crawler` (the browser family then names the crawler, \
         when known) or `misc` (HTTP tools). Anything the rules do not know is `null`, and \
         the call never fails. Limits: there is no device model or vendor; Windows 11 \
         reports itself as Windows 10, and iPads since iPadOS 13 as macOS, so they read \
         so; browsers that copy another's header exactly (Brave as Chrome) are reported as \
         that one; only the first 2048 bytes are read."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "desktop browser",
                source: "parse_user_agent(.agent)",
                input: r#"{"agent": "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"}"#,
                result: Ok(
                    r#"{"browser": {"family": "Firefox", "version": "121.0"}, "device": {"category": "pc"}, "os": {"family": "Linux", "version": null}}"#,
                ),
            },
            Example {
                title: "phone",
                source: "parse_user_agent(.agent)",
                input: r#"{"agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"}"#,
                result: Ok(
                    r#"{"browser": {"family": "Safari", "version": "17.2"}, "device": {"category": "smartphone"}, "os": {"family": "iOS", "version": "17.2"}}"#,
                ),
            },
            Example {
                title: "crawler",
                source: "parse_user_agent(.agent)",
                input: r#"{"agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}"#,
                result: Ok(
                    r#"{"browser": {"family": "Googlebot", "version": "2.1"}, "device": {"category": "crawler"}, "os": {"family": null, "version": null}}"#,
                ),
            },
        ]
    }
}

impl Function for ParseUserAgent {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(to_value(user_agent::parse(args.str(0)?)))
    }
}

/// A closed object type with these fields.
fn closed(fields: &[(&str, Type)]) -> Type {
    let fields: BTreeMap<String, Type> =
        fields.iter().map(|(name, ty)| ((*name).to_owned(), ty.clone())).collect();
    Type::object_with(fields, None)
}

fn to_value(agent: Agent) -> Value {
    let family = |name: Option<&'static str>| {
        name.map_or(Value::Null, |n| Value::String(Str::from_static(n)))
    };
    let version = |text: Option<String>| text.map_or(Value::Null, Value::from);
    let pair = |name, text| object([("family", family(name)), ("version", version(text))]);
    object([
        ("browser", pair(agent.browser, agent.browser_version)),
        ("os", pair(agent.os, agent.os_version)),
        ("device", object([("category", family(agent.device))])),
    ])
}

fn object<const N: usize>(fields: [(&'static str, Value); N]) -> Value {
    Value::Object(
        fields.into_iter().map(|(key, value)| (Str::from_static(key), value)).collect::<Object>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn unknown_headers_give_nulls() {
        let nulls = json(
            r#"{"browser": {"family": null, "version": null}, "device": {"category": null},
                "os": {"family": null, "version": null}}"#,
        );
        assert_eq!(call(&ParseUserAgent, vec![some("")]), Ok(nulls.clone()));
        assert_eq!(call(&ParseUserAgent, vec![some("\u{0}\u{1b}[31m")]), Ok(nulls));
    }

    #[test]
    fn tools_are_misc() {
        let parsed = call(&ParseUserAgent, vec![some("Wget/1.21.4")]);
        let expected = json(
            r#"{"browser": {"family": "Wget", "version": "1.21.4"}, "device": {"category": "misc"},
                "os": {"family": null, "version": null}}"#,
        );
        assert_eq!(parsed, Ok(expected));
    }

    #[test]
    fn non_strings_fail() {
        assert!(call(&ParseUserAgent, vec![some(1)]).is_err());
    }
}
