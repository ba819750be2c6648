//! How replies are shown: pretty JSON (coloured on a terminal) for people,
//! one compact JSON line per value for scripts; diagnostics and errors on
//! stderr either way.

use std::fmt::Write as _;

use lgp_lang::diag::render::{self, Format, Sources};

use super::super::{write_stderr, write_stdout};
use super::session::Reply;

/// Colours of values on a terminal (ANSI SGR codes).
const KEY: &str = "\x1b[34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[36m";
const LITERAL: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

/// Values nested deeper than this are printed without colour, by
/// `serde_json`, so the colouring recursion stays bounded.
const MAX_COLOR_DEPTH: usize = 64;

/// How to print.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// A person at a terminal: values pretty-printed.
    pub interactive: bool,
    pub color_stdout: bool,
    pub color_stderr: bool,
}

/// What printing the replies of one entry found.
#[derive(Clone, Copy, Debug, Default)]
pub struct Printed {
    pub failed: bool,
    pub quit: bool,
}

/// Prints the replies of one entry.
pub fn print(replies: &[Reply], style: Style) -> Printed {
    let mut printed = Printed::default();
    for reply in replies {
        printed.failed |= reply.is_failure();
        match reply {
            Reply::Value(value) => write_stdout(&value_text(&value.to_json(), style)),
            Reply::Text(text) => write_stdout(&with_newline(text)),
            Reply::Diagnostics { diags, source, used } => {
                let sources = Sources::new(source).with_used(used);
                let format = Format::Human { color: style.color_stderr };
                write_stderr(&render::render(format, diags, &sources));
            }
            Reply::Error(message) => write_stderr(&format!("error: {message}\n")),
            Reply::Note(message) => write_stderr(&format!("{message}\n")),
            Reply::Quit => printed.quit = true,
        }
    }
    printed
}

/// A value as its line(s) of output.
pub fn value_text(json: &serde_json::Value, style: Style) -> String {
    if !style.interactive {
        return format!("{json}\n");
    }
    if style.color_stdout {
        let mut out = String::new();
        colored(&mut out, json, 0);
        return with_newline(&out);
    }
    with_newline(&serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string()))
}

fn with_newline(text: &str) -> String {
    if text.ends_with('\n') { text.to_string() } else { format!("{text}\n") }
}

/// Pretty JSON with two-space indents, as `serde_json` writes it, in colour.
fn colored(out: &mut String, json: &serde_json::Value, depth: usize) {
    use serde_json::Value as J;
    if depth > MAX_COLOR_DEPTH {
        out.push_str(&serde_json::to_string(json).unwrap_or_default());
        return;
    }
    match json {
        J::Null | J::Bool(_) => paint(out, LITERAL, &json.to_string()),
        J::Number(_) => paint(out, NUMBER, &json.to_string()),
        J::String(_) => paint(out, STRING, &json.to_string()),
        J::Array(items) if items.is_empty() => out.push_str("[]"),
        J::Object(fields) if fields.is_empty() => out.push_str("{}"),
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                colored(out, item, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        J::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                paint(out, KEY, &serde_json::Value::from(key.as_str()).to_string());
                out.push_str(": ");
                colored(out, item, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
    }
}

fn paint(out: &mut String, color: &str, text: &str) {
    let _ = write!(out, "{color}{text}{RESET}");
}

fn indent(out: &mut String, depth: usize) {
    out.extend(std::iter::repeat_n("  ", depth));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(interactive: bool, color: bool) -> Style {
        Style { interactive, color_stdout: color, color_stderr: color }
    }

    #[test]
    fn scripts_get_one_compact_line() {
        let json = serde_json::json!({"a": [1, "x"], "b": null});
        assert_eq!(value_text(&json, style(false, true)), "{\"a\":[1,\"x\"],\"b\":null}\n");
    }

    #[test]
    fn people_get_pretty_json_and_colour_only_when_asked() {
        let json = serde_json::json!({"a": [1, "x"], "b": {}});
        let plain = value_text(&json, style(true, false));
        assert_eq!(plain, "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"b\": {}\n}\n");
        let colored = value_text(&json, style(true, true));
        assert!(colored.contains("\x1b[34m\"a\"\x1b[0m"), "{colored:?}");
        let stripped =
            colored.replace(KEY, "").replace(STRING, "").replace(NUMBER, "").replace(RESET, "");
        assert_eq!(stripped, plain);
    }
}
