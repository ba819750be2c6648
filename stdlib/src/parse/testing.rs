//! Test helpers for the parser functions: calling a function the way both
//! engines do (with and without prepared constants), and running its doc
//! examples through a tiny evaluator until the real interpreter lands.
//!
//! The evaluator understands exactly the example form this crate uses: one
//! call `name(args)` or `name!(args)` whose arguments are literals, event
//! paths `.field` or nested calls, positional or `name = value`.

use std::sync::Arc;

use crate::function::{Args, FnError, Function};
use crate::value::{RegexValue, Str, Value};

/// Calls `function` with positional `args` (`Value::Null` = absent), once
/// with every argument prepared as a constant and once with none, checks
/// that both agree and returns the result.
pub(crate) fn run(function: &dyn Function, args: &[Value]) -> Result<Value, FnError> {
    let slots: Vec<Option<Value>> =
        args.iter().map(|value| if value.is_null() { None } else { Some(value.clone()) }).collect();
    let with_consts = call_with(function, &slots, &slots);
    let without: Vec<Option<Value>> = vec![None; slots.len()];
    let dynamic = call_with(function, &without, &slots);
    assert_eq!(with_consts, dynamic, "prepared and dynamic calls of `{}` differ", function.name());
    with_consts
}

fn call_with(
    function: &dyn Function,
    consts: &[Option<Value>],
    slots: &[Option<Value>],
) -> Result<Value, FnError> {
    let prepared = function.prepare(consts)?;
    let mut values = slots.to_vec();
    values.resize(function.params().len(), None);
    let mut args = Args::new(function.params(), values);
    function.call(&prepared, &mut args)
}

/// The value of `json` text, for expected results.
pub(crate) fn json(text: &str) -> serde_json::Value {
    match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => panic!("bad expected JSON {text}: {error}"),
    }
}

/// Asserts that `result` is `Ok` with the value of the JSON text `expected`.
#[track_caller]
pub(crate) fn assert_json(result: Result<Value, FnError>, expected: &str) {
    match result {
        Ok(value) => assert_eq!(value.to_json(), json(expected)),
        Err(error) => panic!("expected {expected}, got error {error}"),
    }
}

/// Asserts that `result` is an error whose message contains `needle`.
#[track_caller]
pub(crate) fn assert_error(result: Result<Value, FnError>, needle: &str) {
    match result {
        Ok(value) => panic!("expected an error containing {needle:?}, got {value}"),
        Err(error) => assert!(error.0.contains(needle), "error {:?} lacks {needle:?}", error.0),
    }
}

/// Runs every example of `function` and compares it with its stated result.
pub(crate) fn check_examples(function: &dyn Function) {
    assert!(!function.examples().is_empty(), "`{}` has no examples", function.name());
    for example in function.examples() {
        let event = Value::from_json(&json(example.input));
        let mut parser = Parser { text: example.source, pos: 0 };
        let outcome = parser.call(&event);
        assert!(parser.at_end(), "example {:?}: trailing text", example.title);
        match (&outcome, example.result) {
            (Ok(value), Ok(expected)) => {
                assert_eq!(value.to_json(), json(expected), "example {:?}", example.title);
            }
            (Err(error), Err(expected)) => {
                assert_eq!(error.0, expected, "example {:?}", example.title);
            }
            _ => panic!("example {:?}: got {outcome:?}, want {:?}", example.title, example.result),
        }
    }
}

/// A one-expression parser and evaluator over example sources.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.rest().is_empty()
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) {
        assert!(self.eat(token), "expected {token:?} at {:?}", self.rest());
    }

    fn ident(&mut self) -> String {
        self.skip_space();
        let rest = self.rest();
        let len =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        self.pos += len;
        rest[..len].to_string()
    }

    /// `name(args)` or `name!(args)`; a failing `!` call yields its error.
    fn call(&mut self, event: &Value) -> Result<Value, FnError> {
        let name = self.ident();
        let function = crate::function(&name).unwrap_or_else(|| panic!("unknown function {name}"));
        let abort = self.eat("!");
        let (consts, values) = self.arguments(function, event)?;
        let prepared = function.prepare(&consts)?;
        let mut args = Args::new(function.params(), values);
        let result = function.call(&prepared, &mut args);
        assert!(abort || result.is_ok(), "`{name}` failed without `!`: {result:?}");
        result
    }

    #[allow(clippy::type_complexity)]
    fn arguments(
        &mut self,
        function: &dyn Function,
        event: &Value,
    ) -> Result<(Vec<Option<Value>>, Vec<Option<Value>>), FnError> {
        let count = function.params().len();
        let (mut consts, mut values) = (vec![None; count], vec![None; count]);
        self.expect("(");
        let mut position = 0;
        while !self.eat(")") {
            let index = self.argument_index(function, position);
            let (value, constant) = self.expr(event)?;
            if constant {
                consts[index] = Some(value.clone());
            }
            values[index] = Some(value);
            position += 1;
            if !self.eat(",") {
                self.expect(")");
                break;
            }
        }
        Ok((consts, values))
    }

    /// The parameter a positional or `name = value` argument binds to.
    fn argument_index(&mut self, function: &dyn Function, position: usize) -> usize {
        let start = self.pos;
        let name = self.ident();
        if !name.is_empty() && self.eat("=") && !self.rest().starts_with('=') {
            return function
                .params()
                .iter()
                .position(|param| param.name == name)
                .unwrap_or_else(|| panic!("`{}` has no parameter {name}", function.name()));
        }
        self.pos = start;
        position
    }

    /// An argument value and whether it is a compile-time constant.
    fn expr(&mut self, event: &Value) -> Result<(Value, bool), FnError> {
        self.skip_space();
        let rest = self.rest();
        if rest.starts_with('.') {
            self.pos += 1;
            let name = self.ident();
            let object = event.as_object();
            return Ok((
                object.and_then(|o| o.get(name.as_str())).cloned().unwrap_or_default(),
                false,
            ));
        }
        if rest.starts_with(|c: char| c.is_ascii_lowercase())
            && !rest.starts_with("s'")
            && !rest.starts_with("r'")
            && !rest.starts_with("true")
            && !rest.starts_with("false")
            && !rest.starts_with("null")
        {
            return Ok((self.call(event)?, false));
        }
        Ok((self.literal(), true))
    }

    fn literal(&mut self) -> Value {
        self.skip_space();
        if self.eat("s'") {
            return Value::from(self.until_quote());
        }
        if self.eat("r'") {
            let source = self.until_quote();
            let regex = regex_automata::meta::Regex::new(&source).expect("example regex compiles");
            return Value::Regex(Arc::new(RegexValue { source, regex }));
        }
        if self.eat("[") {
            return self.array();
        }
        if self.eat("{") {
            return self.object();
        }
        if self.rest().starts_with('"') {
            return Value::from(self.string());
        }
        for (word, value) in
            [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)]
        {
            if self.eat(word) {
                return value;
            }
        }
        self.number()
    }

    fn until_quote(&mut self) -> String {
        let rest = self.rest();
        let end = rest.find('\'').expect("closing quote");
        self.pos += end + 1;
        rest[..end].to_string()
    }

    /// A double-quoted string with the language's escapes.
    fn string(&mut self) -> String {
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((offset, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += offset + 1;
                    return out;
                }
                '\\' => match chars.next().map(|(_, escaped)| escaped) {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some(other) => out.push(other),
                    None => break,
                },
                other => out.push(other),
            }
        }
        panic!("unterminated string literal")
    }

    fn number(&mut self) -> Value {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
            .unwrap_or(rest.len());
        let text = &rest[..len];
        self.pos += len;
        match text.parse::<i64>() {
            Ok(int) => Value::Int(int),
            Err(_) => Value::Float(text.parse().unwrap_or_else(|_| panic!("bad literal {text:?}"))),
        }
    }

    fn array(&mut self) -> Value {
        let mut items = Vec::new();
        while !self.eat("]") {
            items.push(self.literal());
            self.eat(",");
        }
        Value::Array(items)
    }

    fn object(&mut self) -> Value {
        let mut fields = crate::value::Object::new();
        while !self.eat("}") {
            self.skip_space();
            let key = self.string();
            self.expect(":");
            fields.insert(Str::from(key), self.literal());
            self.eat(",");
        }
        Value::Object(fields)
    }
}
