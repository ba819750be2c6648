//! Runs the documented examples of every built-in function through the real
//! front end and the reference interpreter: each example must check (so its
//! fallible calls are handled as written) and give exactly its documented
//! result or error. `docs/functions.md` shows the same examples.

mod support;

use lgp_compiler::Pipeline;
use lgp_lang::check::Loader;
use lgp_lang::sig::Example;
use lgp_stdlib::{Event, Value};
use support::literal_of;

struct NoFiles;

impl Loader for NoFiles {
    fn load(&self, _from: &str, _path: &str) -> Result<(String, String), String> {
        Err("examples use no other files".to_owned())
    }
}

#[test]
fn every_example_checks_and_gives_its_result() {
    let mut problems = Vec::new();
    let mut ran = 0;
    for function in lgp_stdlib::fns::all() {
        for example in function.examples() {
            ran += 1;
            if let Err(problem) = run(function.name(), example) {
                problems.push(format!("{}: {:?}: {problem}", function.name(), example.title));
            }
        }
    }
    assert!(ran >= 180, "only {ran} examples found");
    assert!(
        problems.is_empty(),
        "{} of {ran} examples failed:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Puts the example in a transform whose event is first set to the
/// example's input (so the checker knows the fields' types), runs it, and
/// compares `.result` or the abort reason.
fn run(name: &str, example: &Example) -> Result<(), String> {
    let input: serde_json::Value =
        serde_json::from_str(example.input).map_err(|e| format!("input is not JSON: {e}"))?;
    let text = format!(
        "input app = stdin {{}}\ntransform t <- app {{\n. = {}\n.result = {}\n}}\noutput o <- t = blackhole {{}}\n",
        literal_of(&input),
        example.source
    );
    let file = lgp_lang::SourceFile::new("example.lgp", text.as_str());
    let (program, mut diags) = lgp_lang::parser::parse(&text);
    let (checked, more) = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    diags.extend(more);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    if !errors.is_empty() {
        return Err(format!("checker: {}", errors.join("; ")));
    }
    let pipeline = Pipeline::new(checked).map_err(|e| format!("lowering: {e}"))?;
    let app = pipeline.checked.node_by_name("app").ok_or("no input")?;
    let t = pipeline.checked.node_by_name("t").ok_or("no transform")?;
    let traces = pipeline.feed(&[(app, vec![Event::default_object()])]);
    let trace = &traces[t];
    match (trace.out.first(), trace.aborted.first(), example.result) {
        (Some((_, event)), _, Ok(expected)) => {
            let documented: serde_json::Value = serde_json::from_str(expected)
                .map_err(|e| format!("documented result is not JSON: {e}"))?;
            let got = event
                .fields
                .as_object()
                .and_then(|o| o.get("result"))
                .cloned()
                .unwrap_or(Value::Null);
            if got.to_json() == documented {
                Ok(())
            } else {
                Err(format!("gave {got}, documented {expected}"))
            }
        }
        (_, Some((reason, _)), Err(expected)) => {
            // Abort reasons name the function: `parse_json: <message>`.
            let message = reason.strip_prefix(&format!("{name}: ")).unwrap_or(reason);
            if message == expected {
                Ok(())
            } else {
                Err(format!("failed with {reason:?}, documented {expected:?}"))
            }
        }
        (Some((_, event)), _, Err(expected)) => {
            Err(format!("gave {}, documented error {expected:?}", event.fields))
        }
        (_, Some((reason, _)), Ok(_)) => Err(format!("failed with {reason:?}")),
        (None, None, _) => Err("the event was dropped".into()),
    }
}
