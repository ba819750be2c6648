//! `encode_percent`: a string percent-encoded, as in URLs.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_const_str, arg_given, arg_text, const_str, prepared};
use crate::value::Value;

pub struct EncodePercent;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The text to encode." },
    ParamSig {
        name: "ascii_set",
        kinds: Kinds::STRING,
        required: false,
        doc: "Which ASCII characters to encode besides non-ASCII ones: `NON_ALPHANUMERIC` \
              (the default), `CONTROLS`, `FRAGMENT`, `QUERY`, `SPECIAL`, `PATH`, `USERINFO`, \
              `COMPONENT` or `WWW_FORM_URLENCODED`.",
    },
];

/// The WHATWG URL standard's percent-encode sets, each built on the one before.
const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');
const QUERY: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>');
const SPECIAL: &AsciiSet = &QUERY.add(b'\'');
const PATH: &AsciiSet = &QUERY.add(b'?').add(b'`').add(b'{').add(b'}');
const USERINFO: &AsciiSet = &PATH
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'|');
const COMPONENT: &AsciiSet = &USERINFO.add(b'$').add(b'%').add(b'&').add(b'+').add(b',');
const WWW_FORM_URLENCODED: &AsciiSet =
    &COMPONENT.add(b'!').add(b'\'').add(b'(').add(b')').add(b'~');

const SETS: [(&str, &AsciiSet); 9] = [
    ("NON_ALPHANUMERIC", NON_ALPHANUMERIC),
    ("CONTROLS", CONTROLS),
    ("FRAGMENT", FRAGMENT),
    ("QUERY", QUERY),
    ("SPECIAL", SPECIAL),
    ("PATH", PATH),
    ("USERINFO", USERINFO),
    ("COMPONENT", COMPONENT),
    ("WWW_FORM_URLENCODED", WWW_FORM_URLENCODED),
];

impl FnSig for EncodePercent {
    fn name(&self) -> &'static str {
        "encode_percent"
    }
    fn category(&self) -> &'static str {
        "codec"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        (arg_given(args, 1) && arg_const_str(args, 1).is_none())
            .then(|| format!("`{}` may not name a known set", arg_text(args, 1, "ascii_set")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_str(args, 1).map(|name| ascii_set(Some(name))) {
            Some(Err(err)) => Err((1, err.0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Percent-encodes `value`: every byte of a non-ASCII character, and every ASCII \
         character in `ascii_set`, becomes `%` and two uppercase hex digits. The sets are \
         those of the WHATWG URL standard (as in VRL); the default, `NON_ALPHANUMERIC`, \
         leaves only letters and digits as they are. `WWW_FORM_URLENCODED` writes a space as \
         `%20`, not `+`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "every non-alphanumeric character",
                source: r#"encode_percent("foo bar?")"#,
                input: "{}",
                result: Ok(r#""foo%20bar%3F""#),
            },
            Example {
                title: "a query string value",
                source: r#"encode_percent("a b&c=é", ascii_set = "COMPONENT")"#,
                input: "{}",
                result: Ok(r#""a%20b%26c%3D%C3%A9""#),
            },
        ]
    }
}

impl Function for EncodePercent {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        match const_str(consts, 1) {
            Some(name) => Ok(Some(Box::new(ascii_set(Some(name))?))),
            None => Ok(None),
        }
    }

    fn call(&self, state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let set = match prepared::<&'static AsciiSet>(state) {
            Some(set) => set,
            None => ascii_set(args.opt_str(1)?.map(|s| s.as_str()))?,
        };
        Ok(Value::from(utf8_percent_encode(args.str(0)?, set).to_string()))
    }
}

/// The set named `name`; `NON_ALPHANUMERIC` when absent.
fn ascii_set(name: Option<&str>) -> Result<&'static AsciiSet, FnError> {
    let name = name.unwrap_or("NON_ALPHANUMERIC");
    match SETS.iter().find(|(known, _)| *known == name) {
        Some((_, set)) => Ok(set),
        None => Err(FnError::new(format!(
            "unknown ASCII set `{name}`; expected {}",
            SETS.map(|(known, _)| known).join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn encode(text: &str, set: Option<&str>) -> Result<Value, FnError> {
        call(&EncodePercent, vec![some(text), set.map(Value::from)])
    }

    #[test]
    fn sets_encode_what_the_standard_says() {
        let text = "a b/c?d#e'f";
        assert_eq!(encode(text, None), Ok(Value::from("a%20b%2Fc%3Fd%23e%27f")));
        assert_eq!(encode(text, Some("CONTROLS")), Ok(Value::from("a b/c?d#e'f")));
        assert_eq!(encode(text, Some("QUERY")), Ok(Value::from("a%20b/c?d%23e'f")));
        assert_eq!(encode(text, Some("SPECIAL")), Ok(Value::from("a%20b/c?d%23e%27f")));
        assert_eq!(encode(text, Some("PATH")), Ok(Value::from("a%20b/c%3Fd%23e'f")));
        assert_eq!(encode(text, Some("USERINFO")), Ok(Value::from("a%20b%2Fc%3Fd%23e'f")));
        assert_eq!(encode("~!", Some("COMPONENT")), Ok(Value::from("~!")));
        assert_eq!(encode("~!", Some("WWW_FORM_URLENCODED")), Ok(Value::from("%7E%21")));
        assert_eq!(encode("\u{0}\u{7f}", Some("FRAGMENT")), Ok(Value::from("%00%7F")));
    }

    #[test]
    fn unicode_and_empty() {
        assert_eq!(encode("日", Some("CONTROLS")), Ok(Value::from("%E6%97%A5")));
        assert_eq!(encode("", None), Ok(Value::from("")));
    }

    #[test]
    fn unknown_sets_fail() {
        let err = encode("x", Some("query")).unwrap_err().0;
        assert!(err.starts_with("unknown ASCII set `query`; expected NON_ALPHANUMERIC, "), "{err}");
    }
}
