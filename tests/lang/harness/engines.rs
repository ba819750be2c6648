//! Runtime expectations (`input:`, `output:`, `dropped:`, `aborted:`) and the one place
//! where engines plug in: [`run_engines`].

use lgp_lang::check::Checked;
use lgp_lang::check::typed::NodeKind;
use serde_json::Value;

use crate::Verdict;
use crate::diag_line::DiagLine;
use crate::header::Header;
use crate::source::Analysis;

/// What the engines did with a test's input events.
enum EngineOutcome {
    /// The program could not be compiled for an engine.
    Failed(String),
    /// One result per engine (`interp`, `jit`), each compared with the expectations and
    /// with the others.
    Ran(Vec<(&'static str, RunResult)>),
}

/// The events of one run, in order, by where they ended up: `output` holds
/// what reached the outputs (in the order of the outputs, then of arrival);
/// `dropped` and `aborted` hold the input events that were dropped or
/// aborted on the way (their reasons are checked by `lgp test` blocks).
#[derive(Debug, PartialEq)]
struct RunResult {
    output: Vec<Value>,
    dropped: Vec<Value>,
    aborted: Vec<Value>,
}

/// The one place where engines plug in: run the checked program on `inputs` in each engine.
/// Events go to the first input, one at a time, so each can be classified.
fn run_engines(checked: Checked, inputs: &[Value]) -> EngineOutcome {
    let pipeline = match lgp_compiler::Pipeline::new(checked) {
        Ok(p) => p,
        Err(error) => return EngineOutcome::Failed(format!("cannot compile: {error}")),
    };
    let jit = match lgp_compiler::jit::JitProgram::compile(&pipeline) {
        Ok(jit) => jit,
        Err(error) => return EngineOutcome::Failed(format!("the JIT cannot compile it: {error}")),
    };
    let Some(input) = pipeline.checked.nodes.iter().position(|n| n.kind == NodeKind::Input) else {
        return EngineOutcome::Failed("the program has no input to feed".into());
    };
    let interp = run_one(&pipeline, input, inputs, |feed| pipeline.feed(feed));
    let jit = run_one(&pipeline, input, inputs, |feed| pipeline.feed_jit(&jit, feed));
    EngineOutcome::Ran(vec![("interp", interp), ("jit", jit)])
}

type Feed = [(usize, Vec<lgp_stdlib::Event>)];

fn run_one(
    pipeline: &lgp_compiler::Pipeline,
    input: usize,
    inputs: &[Value],
    feed: impl Fn(&Feed) -> Vec<lgp_compiler::NodeTrace>,
) -> RunResult {
    let mut result = RunResult { output: Vec::new(), dropped: Vec::new(), aborted: Vec::new() };
    for json in inputs {
        let traces = feed(&[(input, vec![lgp_stdlib::Event::from_json(json)])]);
        let mut reached = false;
        for (node, trace) in pipeline.checked.nodes.iter().zip(&traces) {
            if node.kind == NodeKind::Output {
                for (_, event) in &trace.out {
                    result.output.push(event.fields.to_json());
                    reached = true;
                }
            }
        }
        if traces.iter().any(|t| !t.aborted.is_empty()) {
            result.aborted.push(json.clone());
        } else if !reached {
            result.dropped.push(json.clone());
        }
    }
    result
}

/// Runs a test's events when its header has any, once its diagnostics matched.
pub fn check_runtime(header: &Header, analysis: &Analysis) -> Verdict {
    if !header.has_runtime() {
        return Verdict::Pass;
    }
    if analysis.diagnostics.iter().any(DiagLine::is_error) {
        return Verdict::Fail("the program has errors, so its events cannot run".into());
    }
    let inputs = header.input.as_deref().unwrap_or_default();
    match run_engines(analysis.checked.clone(), inputs) {
        EngineOutcome::Failed(message) => Verdict::Fail(message),
        EngineOutcome::Ran(results) => compare_runs(header, &results),
    }
}

fn compare_runs(header: &Header, results: &[(&'static str, RunResult)]) -> Verdict {
    let mut problems = Vec::new();
    for (engine, result) in results {
        let expectations = [
            ("output", &header.output, &result.output),
            ("dropped", &header.dropped, &result.dropped),
            ("aborted", &header.aborted, &result.aborted),
        ];
        for (key, expected, actual) in expectations {
            if let Some(expected) = expected.as_ref().filter(|expected| *expected != actual) {
                problems
                    .push(format!("{engine}: `{key}:` differs\n{}", events_diff(expected, actual)));
            }
        }
    }
    if let Some(((first, reference), rest)) = results.split_first() {
        for (engine, result) in rest.iter().filter(|(_, result)| result != reference) {
            problems.push(format!("{first} and {engine} disagree: {reference:?} vs {result:?}"));
        }
    }
    if problems.is_empty() { Verdict::Pass } else { Verdict::Fail(problems.join("\n")) }
}

fn events_diff(expected: &[Value], actual: &[Value]) -> String {
    let mut out = String::new();
    expected.iter().for_each(|event| out.push_str(&format!("  - {event}\n")));
    actual.iter().for_each(|event| out.push_str(&format!("  + {event}\n")));
    out
}
