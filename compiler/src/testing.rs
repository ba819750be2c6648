//! `test` blocks: feed the events of each test's `input` statements through
//! the pipeline and compare what reaches each `expect` target.
//!
//! Expected values are literals where `_` matches anything. Objects match
//! exactly (the same keys), arrays element by element, numbers by value
//! (`1 == 1.0`).

use lgp_lang::ast::{DeclKind, Expr, ExprKind, Literal, TestStmtKind, Upstream};
use lgp_lang::check::typed::NodeKind;
use lgp_stdlib::{Event, Value};

use crate::interp::ops;
use crate::pipeline::{NodeTrace, Pipeline};

/// An expected value.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    Any,
    Value(Value),
    Array(Vec<Pattern>),
    Object(Vec<(String, Pattern)>),
}

/// The result of one `test` block.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    pub name: String,
    pub failures: Vec<Failure>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// One expectation that did not hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// What was expected, in words (`expect parsed`).
    pub what: String,
    pub message: String,
    /// Line-by-line difference of expected and actual, when values differ.
    pub diff: Vec<DiffLine>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DiffLine {
    Same(String),
    Expected(String),
    Actual(String),
}

/// Runs every `test` block of the main file on the interpreter.
pub fn run_tests(pipeline: &Pipeline) -> Vec<TestResult> {
    run_tests_on(pipeline, &|inputs| pipeline.feed(inputs))
}

/// Runs every `test` block of the main file, feeding events with `feed`
/// (`Pipeline::feed`, or `Pipeline::feed_jit` for the JIT).
pub fn run_tests_on(pipeline: &Pipeline, feed: &Feeder<'_>) -> Vec<TestResult> {
    pipeline
        .checked
        .program
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Test { name, stmts } => Some((name.value.clone(), stmts)),
            _ => None,
        })
        .map(|(name, stmts)| TestResult { name, failures: run_one(pipeline, feed, stmts) })
        .collect()
}

/// Runs a pipeline over fed events and returns the trace of every node.
pub type Feeder<'a> = dyn Fn(&[(usize, Vec<Event>)]) -> Vec<NodeTrace> + 'a;

fn run_one(
    pipeline: &Pipeline,
    feed: &Feeder<'_>,
    stmts: &[lgp_lang::ast::TestStmt],
) -> Vec<Failure> {
    let mut failures = Vec::new();
    let mut inputs = Vec::new();
    for stmt in stmts {
        if let TestStmtKind::Input { target, events } = &stmt.kind {
            let Some(id) = pipeline.checked.node_by_name(&target.name) else {
                failures.push(fail(format!("input {}", target.name), "no such input".into()));
                continue;
            };
            match events_of(events) {
                Ok(evs) => inputs.push((id, evs)),
                Err(message) => failures.push(fail(format!("input {}", target.name), message)),
            }
        }
    }
    let traces = feed(&inputs);
    for stmt in stmts {
        match &stmt.kind {
            TestStmtKind::Input { .. } => {}
            TestStmtKind::Expect { target, events } => {
                failures.extend(expect_events(pipeline, &traces, target, events));
            }
            TestStmtKind::ExpectDropped { target } => {
                failures.extend(expect_dropped(pipeline, &traces, target));
            }
            TestStmtKind::ExpectAborted { target, reason } => {
                failures.extend(expect_aborted(pipeline, &traces, target, reason.as_ref()));
            }
        }
    }
    failures
}

fn fail(what: String, message: String) -> Failure {
    Failure { what, message, diff: Vec::new() }
}

fn target_name(target: &Upstream) -> String {
    match &target.lane {
        Some(lane) => format!("{}.{}", target.node.name, lane.name),
        None => target.node.name.clone(),
    }
}

/// The trace of the target's node and the events it sent on the lane asked for.
fn sent<'t>(
    pipeline: &Pipeline,
    traces: &'t [NodeTrace],
    target: &Upstream,
) -> Option<(&'t NodeTrace, Vec<&'t Event>)> {
    let id = pipeline.checked.node_by_name(&target.node.name)?;
    let trace = traces.get(id)?;
    let lane = target.lane.as_ref().map(|l| l.name.as_str());
    let out = trace.out.iter().filter(|(l, _)| l.as_deref() == lane).map(|(_, e)| e).collect();
    Some((trace, out))
}

fn expect_events(
    pipeline: &Pipeline,
    traces: &[NodeTrace],
    target: &Upstream,
    expected: &Expr,
) -> Option<Failure> {
    let what = format!("expect {}", target_name(target));
    let Some((_, actual)) = sent(pipeline, traces, target) else {
        return Some(fail(what, "no such transform, route lane or output".into()));
    };
    let patterns = match &expected.kind {
        ExprKind::Array(items) => items.iter().map(pattern).collect::<Result<Vec<_>, _>>(),
        _ => pattern(expected).map(|p| vec![p]),
    };
    let patterns = match patterns {
        Ok(p) => p,
        Err(message) => return Some(fail(what, message)),
    };
    if patterns.len() != actual.len() {
        let mut f =
            fail(what, format!("expected {} event(s), got {}", patterns.len(), actual.len()));
        for event in &actual {
            f.diff.push(DiffLine::Actual(event.fields.to_json().to_string()));
        }
        return Some(f);
    }
    for (i, (p, event)) in patterns.iter().zip(&actual).enumerate() {
        if !matches(p, &event.fields) {
            let mut f = fail(what, format!("event {} differs", i + 1));
            f.diff = diff(p, &event.fields);
            return Some(f);
        }
    }
    None
}

fn expect_dropped(pipeline: &Pipeline, traces: &[NodeTrace], target: &Upstream) -> Option<Failure> {
    let what = format!("expect {} dropped", target_name(target));
    let Some((_, out)) = sent(pipeline, traces, target) else {
        return Some(fail(what, "no such transform, route lane or output".into()));
    };
    let dropped_anywhere: usize = traces.iter().map(|t| t.dropped).sum();
    if !out.is_empty() {
        return Some(fail(what, format!("{} event(s) came through", out.len())));
    }
    if let Some((reason, _)) = traces.iter().flat_map(|t| &t.aborted).next() {
        return Some(fail(what, format!("an event was aborted, not dropped: {reason}")));
    }
    if dropped_anywhere == 0 {
        return Some(fail(what, "nothing was dropped".into()));
    }
    None
}

fn expect_aborted(
    pipeline: &Pipeline,
    traces: &[NodeTrace],
    target: &Upstream,
    reason: Option<&Expr>,
) -> Option<Failure> {
    let what = format!("expect {} aborted", target_name(target));
    let id = pipeline.checked.node_by_name(&target.node.name)?;
    let node = &pipeline.checked.nodes[id];
    let trace = &traces[id];
    if trace.aborted.is_empty() {
        let kind = if node.kind == NodeKind::Output {
            "outputs do not abort"
        } else {
            "no event was aborted"
        };
        return Some(fail(what, kind.into()));
    }
    let wanted = match reason.map(|r| &r.kind) {
        None => return None,
        Some(ExprKind::Literal(Literal::String { value, .. })) => value,
        Some(_) => return Some(fail(what, "the reason must be a string literal".into())),
    };
    if trace.aborted.iter().any(|(r, _)| r.contains(wanted.as_str())) {
        return None;
    }
    let mut f = fail(what, format!("no abort reason contains {wanted:?}"));
    f.diff = trace.aborted.iter().map(|(r, _)| DiffLine::Actual(r.clone())).collect();
    Some(f)
}

/// The events of an `input` statement: an object, or an array of objects.
fn events_of(expr: &Expr) -> Result<Vec<Event>, String> {
    let items: Vec<&Expr> = match &expr.kind {
        ExprKind::Array(items) => items.iter().collect(),
        _ => vec![expr],
    };
    items
        .into_iter()
        .map(|e| match value_of(e)? {
            Value::Object(o) => Ok(Event::new(o)),
            other => Err(format!("an event must be an object, got {}", other.kind_name())),
        })
        .collect()
}

/// A literal's value (`_` is refused here: inputs are concrete).
fn value_of(expr: &Expr) -> Result<Value, String> {
    match pattern(expr)? {
        Pattern::Any => Err("`_` cannot be fed as input".into()),
        p => pattern_value(&p),
    }
}

fn pattern_value(p: &Pattern) -> Result<Value, String> {
    Ok(match p {
        Pattern::Any => return Err("`_` cannot be fed as input".into()),
        Pattern::Value(v) => v.clone(),
        Pattern::Array(items) => {
            Value::Array(items.iter().map(pattern_value).collect::<Result<_, _>>()?)
        }
        Pattern::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, p)| Ok((k.as_str().into(), pattern_value(p)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

/// A pattern from a literal expression.
///
/// # Errors
/// When the expression is not made of literals, arrays, objects and `_`.
pub fn pattern(expr: &Expr) -> Result<Pattern, String> {
    Ok(match &expr.kind {
        ExprKind::Wildcard => Pattern::Any,
        ExprKind::Paren(inner) => pattern(inner)?,
        ExprKind::Array(items) => {
            Pattern::Array(items.iter().map(pattern).collect::<Result<_, _>>()?)
        }
        ExprKind::Object(entries) => Pattern::Object(
            entries
                .iter()
                .map(|e| Ok((e.key.value.clone(), pattern(&e.value)?)))
                .collect::<Result<_, String>>()?,
        ),
        ExprKind::Literal(lit) => Pattern::Value(match lit {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Int(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(*f),
            Literal::String { value, .. } => Value::from(value.as_str()),
            Literal::Timestamp(t) => chrono::DateTime::parse_from_rfc3339(t)
                .map(|t| Value::Timestamp(t.with_timezone(&chrono::Utc)))
                .map_err(|e| format!("invalid timestamp: {e}"))?,
            Literal::Regex(_) => return Err("a regex cannot be an event value".into()),
        }),
        _ => return Err("test values must be literals, arrays, objects or `_`".into()),
    })
}

/// Whether `value` matches `p`.
pub fn matches(p: &Pattern, value: &Value) -> bool {
    match (p, value) {
        (Pattern::Any, _) => true,
        (Pattern::Value(v), actual) => ops::equal(v, actual),
        (Pattern::Array(items), Value::Array(actual)) => {
            items.len() == actual.len() && items.iter().zip(actual).all(|(p, v)| matches(p, v))
        }
        (Pattern::Object(entries), Value::Object(actual)) => {
            entries.len() == actual.len()
                && entries
                    .iter()
                    .all(|(k, p)| actual.get(k.as_str()).is_some_and(|v| matches(p, v)))
        }
        _ => false,
    }
}

fn show(p: &Pattern) -> String {
    match p {
        Pattern::Any => "_".into(),
        Pattern::Value(v) => v.to_json().to_string(),
        Pattern::Array(items) => {
            format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", "))
        }
        Pattern::Object(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, p)| format!("{k:?}: {}", show(p)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A structural diff of an object pattern against an actual object: one
/// line per key, sorted; other shapes compare whole.
pub fn diff(p: &Pattern, actual: &Value) -> Vec<DiffLine> {
    let (Pattern::Object(entries), Value::Object(obj)) = (p, actual) else {
        return vec![DiffLine::Expected(show(p)), DiffLine::Actual(actual.to_json().to_string())];
    };
    let mut keys: Vec<&str> =
        entries.iter().map(|(k, _)| k.as_str()).chain(obj.keys().map(|k| k.as_str())).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let expected = entries.iter().find(|(k, _)| k == key).map(|(_, p)| p);
        let got = obj.get(key);
        match (expected, got) {
            (Some(p), Some(v)) if matches(p, v) => {
                out.push(DiffLine::Same(format!("{key:?}: {}", show(p))))
            }
            (Some(p), Some(v)) => {
                out.push(DiffLine::Expected(format!("{key:?}: {}", show(p))));
                out.push(DiffLine::Actual(format!("{key:?}: {}", v.to_json())));
            }
            (Some(p), None) => out.push(DiffLine::Expected(format!("{key:?}: {}", show(p)))),
            (None, Some(v)) => out.push(DiffLine::Actual(format!("{key:?}: {}", v.to_json()))),
            (None, None) => {}
        }
    }
    out
}
