//! Any program that checks runs the same on the interpreter and the JIT:
//! the same events out (with lanes), drops and abort reasons, on a few
//! generic events. Programs calling impure functions (`now`, `uuid_v4`)
//! are skipped, as their runs cannot agree on values.
#![no_main]

use lgp_compiler::{Engine, Pipeline};
use lgp_stdlib::Event;

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: not available while fuzzing"))
    }
}

const EVENTS: &[&str] = &[
    r#"{}"#,
    r#"{"message": "hello world", "n": 3, "f": 2.5}"#,
    r#"{"message": "{\"level\":\"error\",\"duration_ms\":900,\"tags\":[1,2]}", "level": "ERROR", "status": 500}"#,
    r#"{"message": "a=1 b=two", "level": "debug", "duration_ms": "12", "tags": ["x"], "n": null}"#,
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let impure = lgp_stdlib::fns::all().iter().filter(|f| !f.pure());
    if impure.map(|f| format!("{}(", f.name())).any(|call| src.contains(&call)) {
        return;
    }
    let file = lgp_lang::SourceFile::new("fuzz.lgp", src);
    let (program, diags) = lgp_lang::parser::parse(src);
    if diags.iter().any(|d| d.is_error()) {
        return;
    }
    let (checked, diags) =
        lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    if diags.iter().any(|d| d.is_error()) {
        return;
    }
    let Ok(pipeline) = Pipeline::new(checked) else { return };
    let events: Vec<Event> = EVENTS
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok())
        .map(|json| Event::from_json(&json))
        .collect();
    let inputs: Vec<_> = pipeline
        .checked
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| node.kind == lgp_lang::check::typed::NodeKind::Input)
        .map(|(id, _)| (id, events.clone()))
        .collect();
    let Ok(jit) = pipeline.feed_with(Engine::Jit, &inputs) else { return };
    let interp = pipeline.feed(&inputs);
    // Debug text compares floats by value and prints NaN alike.
    assert_eq!(format!("{interp:?}"), format!("{jit:?}"), "engines disagree on:\n{src}");
});
