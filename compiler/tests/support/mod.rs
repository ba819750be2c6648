//! Helpers shared by the compiler's integration tests. Each test crate uses
//! a different subset of them.
#![allow(dead_code, reason = "each test crate uses a different subset")]

use std::path::{Path, PathBuf};

use lgp_stdlib::{Event, Value};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Events from JSON texts (a test's own data: a typo panics).
pub fn events(json: &[&str]) -> Vec<Event> {
    json.iter()
        .map(|text| Event::from_json(&serde_json::from_str(text).expect("test JSON")))
        .collect()
}

/// Events every program is also fed, whatever it expects.
pub const GENERIC_EVENTS: &[&str] = &[
    r#"{}"#,
    r#"{"message": "hello world"}"#,
    r#"{"message": "{\"level\":\"error\",\"duration_ms\":900,\"tags\":[1,2]}", "level": "ERROR", "status": 500}"#,
    r#"{"message": "a=1 b=two", "level": "debug", "duration_ms": "12", "tags": ["x"], "n": null}"#,
    r#"{"message": "<34>Oct 11 22:14:15 host app[1]: m", "password": "p", "service": "api", "xs": [1, 2.5, "3"]}"#,
    r#"{"message": "m", "level": "warn", "service": "api"}"#,
];

/// Every `.lgp` file below `dir` (test data folders excluded).
pub fn lgp_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "data") {
            lgp_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "lgp") {
            found.push(path);
        }
    }
}

/// Value equality where NaN equals NaN (both runs computed it).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && same_value(vx, vy))
        }
        _ => a == b,
    }
}

/// Kinds only, for programs whose results change from run to run (`now`).
pub fn same_shape(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_shape(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && same_shape(vx, vy))
        }
        _ => a.kind_name() == b.kind_name(),
    }
}

/// JSON written as a literal of the language, whose strings escape control
/// characters as `\u{1b}` where JSON writes `\u001b`.
pub fn literal_of(json: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match json {
        J::String(text) => {
            let mut out = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        J::Array(items) => {
            format!("[{}]", items.iter().map(literal_of).collect::<Vec<_>>().join(", "))
        }
        J::Object(fields) => format!(
            "{{{}}}",
            fields
                .iter()
                .map(|(k, v)| format!("{}: {}", literal_of(&J::String(k.clone())), literal_of(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => scalar.to_string(),
    }
}
