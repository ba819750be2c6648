//! `encode_json`: a value written as JSON text.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct EncodeJson;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to encode." },
    ParamSig {
        name: "pretty",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Indent with two spaces over several lines; false by default.",
    },
];

impl FnSig for EncodeJson {
    fn name(&self) -> &'static str {
        "encode_json"
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
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Writes `value` as JSON: compact, or indented with `pretty = true`. Object fields come \
         out sorted by name. Timestamps become RFC 3339 strings, bytes UTF-8 strings (invalid \
         sequences replaced), a regex its source, and NaN or infinite floats `null`, as JSON \
         cannot hold them."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "object",
                source: r#"encode_json({"b": [1, 2.5, null], "a": "é"})"#,
                input: "{}",
                result: Ok(r#""{\"a\":\"é\",\"b\":[1,2.5,null]}""#),
            },
            Example {
                title: "string",
                source: r#"encode_json("say \"hi\"")"#,
                input: "{}",
                result: Ok(r#""\"say \\\"hi\\\"\"""#),
            },
        ]
    }
}

impl Function for EncodeJson {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let pretty = args.bool_or(1, false)?;
        let json = args.get(0).unwrap_or(&Value::Null).to_json();
        let text =
            if pretty { serde_json::to_string_pretty(&json) } else { serde_json::to_string(&json) };
        // Serialising a `serde_json::Value` into a string cannot fail.
        text.map(Value::from).map_err(|err| FnError::new(format!("cannot encode JSON: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn compact_and_pretty() {
        let value = json(r#"{"k": [true, {"x": null}]}"#);
        assert_eq!(
            call(&EncodeJson, vec![Some(value.clone()), None]),
            Ok(Value::from(r#"{"k":[true,{"x":null}]}"#))
        );
        let pretty = "{\n  \"k\": [\n    true,\n    {\n      \"x\": null\n    }\n  ]\n}";
        assert_eq!(call(&EncodeJson, vec![Some(value), some(true)]), Ok(Value::from(pretty)));
    }

    #[test]
    fn kinds_json_lacks() {
        assert_eq!(call(&EncodeJson, vec![some(f64::NAN), None]).ok(), Some(Value::from("null")));
        let t = chrono::DateTime::from_timestamp(0, 0).map(Value::Timestamp);
        assert_eq!(call(&EncodeJson, vec![t, None]), Ok(Value::from(r#""1970-01-01T00:00:00Z""#)));
        assert_eq!(call(&EncodeJson, vec![some("\u{1b}"), None]), Ok(Value::from(r#""\u001b""#)));
    }
}
