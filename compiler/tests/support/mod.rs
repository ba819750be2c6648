//! Helpers shared by the compiler's integration tests.

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
