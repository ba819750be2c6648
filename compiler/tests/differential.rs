//! The JIT against the reference interpreter: every program and event the
//! repository holds, every built-in function example, the programs of
//! `interp.rs`, hand-picked edge cases and generated programs must give the
//! same traces on both engines: the same events out on the same lanes, the
//! same drops, the same abort reasons with the same events.

mod support;

use support::{
    GENERIC_EVENTS, events, lgp_files, literal_of, same_shape, same_value, workspace_root,
};

use std::collections::BTreeMap;
use std::path::PathBuf;

use lgp_compiler::ir::{Arm, Block, CallIr, Expr, NodeCode, PathRef, Root, Seg, Stmt};
use lgp_compiler::jit::JitProgram;
use lgp_compiler::testing::{Pattern, pattern};
use lgp_compiler::{Engine, NodeTrace, Pipeline};
use lgp_lang::ast::{BinaryOp, DeclKind, ExprKind, TestStmtKind, UnaryOp};
use lgp_lang::check::typed::{NodeId, NodeKind};
use lgp_lang::check::{Checked, Loader};
use lgp_lang::sig::{Args as SigArgs, FnSig, ParamSig};
use lgp_lang::types::Type;
use lgp_stdlib::{Args, Event, FnError, Function, Prepared, Str, Value};
use proptest::prelude::*;

// Building and running programs.

/// Serves the parts of a multi-file test (`# --- file: NAME`) and files on
/// disk, both relative to the importing file.
struct Files {
    root: PathBuf,
    parts: BTreeMap<String, String>,
}

impl Loader for Files {
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String> {
        let name = resolve(from, path);
        let text = match self.parts.get(&name) {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(self.root.join(&name))
                .map_err(|e| format!("cannot read `{path}`: {e}"))?,
        };
        Ok((text, name))
    }
}

fn resolve(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Parses, checks and lowers `src`; `Err` with the errors when it does not
/// check.
fn build(name: &str, src: &str, parts: BTreeMap<String, String>) -> Result<Pipeline, String> {
    let file = lgp_lang::SourceFile::new(name, src);
    let (program, mut diags) = lgp_lang::parser::parse(src);
    let loader = Files { root: workspace_root(), parts };
    let (checked, more) = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &loader);
    diags.extend(more);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    Pipeline::new(checked).map_err(|e| format!("lowering: {e}"))
}

fn pipeline(src: &str) -> Pipeline {
    match build("t.lgp", src, BTreeMap::new()) {
        Ok(p) => p,
        Err(errors) => panic!("{errors}\n{src}"),
    }
}

/// Runs `inputs` through both engines; `Err` describes the first difference.
fn compare(pipeline: &Pipeline, inputs: &[(NodeId, Vec<Event>)]) -> Result<(), String> {
    compare_with(pipeline, inputs, same_value)
}

/// As [`compare`], with `same` deciding whether two values agree.
fn compare_with(
    pipeline: &Pipeline,
    inputs: &[(NodeId, Vec<Event>)],
    same: fn(&Value, &Value) -> bool,
) -> Result<(), String> {
    let interp = pipeline.feed(inputs);
    let jit = JitProgram::compile(pipeline).map_err(|e| format!("JIT: {e}"))?;
    let native = pipeline.feed_jit(&jit, inputs);
    for (id, (a, b)) in interp.iter().zip(&native).enumerate() {
        if !same_trace(a, b, same) {
            let name = &pipeline.checked.nodes[id].name;
            return Err(format!("node `{name}`:\n  interp: {a:?}\n  jit:    {b:?}"));
        }
    }
    Ok(())
}

fn same_trace(a: &NodeTrace, b: &NodeTrace, same: fn(&Value, &Value) -> bool) -> bool {
    let same_event = |a: &Event, b: &Event| same(&a.fields, &b.fields) && same(&a.meta, &b.meta);
    a.received == b.received
        && a.dropped == b.dropped
        && a.out.len() == b.out.len()
        && a.out.iter().zip(&b.out).all(|((la, ea), (lb, eb))| la == lb && same_event(ea, eb))
        && a.aborted.len() == b.aborted.len()
        && a.aborted
            .iter()
            .zip(&b.aborted)
            .all(|((ra, ea), (rb, eb))| ra == rb && same_event(ea, eb))
}

fn inputs_of(checked: &Checked) -> Vec<NodeId> {
    checked
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Input)
        .map(|(id, _)| id)
        .collect()
}

fn agree(src: &str, json: &[&str]) {
    let p = pipeline(src);
    let app = p.checked.node_by_name("app").expect("input `app`");
    if let Err(difference) = compare(&p, &[(app, events(json))]) {
        panic!("{difference}\n{src}");
    }
}

/// Runs `src` on one event and returns the abort reasons of transform `t`
/// from both engines, which must agree.
fn abort_reasons(src: &str, json: &str) -> Vec<String> {
    let p = pipeline(src);
    let app = p.checked.node_by_name("app").expect("input `app`");
    let t = p.checked.node_by_name("t").expect("transform `t`");
    let inputs = [(app, events(&[json]))];
    let interp = p.feed(&inputs);
    let jit = p.feed_with(Engine::Jit, &inputs).expect("JIT compiles");
    assert!(
        same_trace(&interp[t], &jit[t], same_value),
        "engines differ:\n{:?}\n{:?}",
        interp[t],
        jit[t]
    );
    jit[t].aborted.iter().map(|(reason, _)| reason.clone()).collect()
}

// Every program of the repository.

/// Events fed to every input of every program, on top of the program's own.
struct Program {
    name: String,
    main: String,
    parts: BTreeMap<String, String>,
}

fn split(name: &str, text: &str) -> Program {
    let mut main = String::new();
    let mut parts = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(part) = line.strip_prefix("# --- file:") {
            parts.extend(current.take());
            current = Some((resolve(name, part.trim()), String::new()));
        } else if let Some((_, part_text)) = current.as_mut() {
            part_text.push_str(line);
        } else {
            main.push_str(line);
        }
    }
    parts.extend(current);
    Program { name: name.to_string(), main, parts }
}

/// The `# input:` events of a test file's header.
fn header_inputs(text: &str) -> Vec<Event> {
    let mut found = Vec::new();
    let mut open = false;
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# input:") {
            open = true;
            found.extend(parse_event(rest.trim()));
        } else if open && line.starts_with("#  ") {
            found.extend(parse_event(line.trim_start_matches('#').trim()));
        } else {
            open = false;
        }
    }
    found
}

fn parse_event(text: &str) -> Option<Event> {
    serde_json::from_str(text).ok().map(|json| Event::from_json(&json))
}

/// The events of each `test` block's `input` statements.
fn test_block_inputs(checked: &Checked) -> Vec<Vec<(NodeId, Vec<Event>)>> {
    let tests = checked.program.decls.iter().filter_map(|d| match &d.kind {
        DeclKind::Test { stmts, .. } => Some(stmts),
        _ => None,
    });
    tests
        .map(|stmts| {
            stmts
                .iter()
                .filter_map(|stmt| match &stmt.kind {
                    TestStmtKind::Input { target, events } => {
                        let id = checked.node_by_name(&target.name)?;
                        let items = match &events.kind {
                            ExprKind::Array(items) => items.iter().collect(),
                            _ => vec![events],
                        };
                        let evs = items
                            .into_iter()
                            .filter_map(|e| match pattern(e).ok().and_then(|p| concrete(&p)) {
                                Some(Value::Object(o)) => Some(Event::new(o)),
                                _ => None,
                            })
                            .collect();
                        Some((id, evs))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn concrete(p: &Pattern) -> Option<Value> {
    Some(match p {
        Pattern::Any => return None,
        Pattern::Value(v) => v.clone(),
        Pattern::Array(items) => Value::Array(items.iter().map(concrete).collect::<Option<_>>()?),
        Pattern::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, p)| Some((Str::from(k.as_str()), concrete(p)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// Every feed a program gets: its header's events, each test block's, and
/// the generic events, each to every input.
fn feeds(program: &Program, checked: &Checked) -> Vec<Vec<(NodeId, Vec<Event>)>> {
    let inputs = inputs_of(checked);
    let mut feeds = test_block_inputs(checked);
    let header = header_inputs(&program.main);
    if !header.is_empty() {
        feeds.push(inputs.iter().map(|id| (*id, header.clone())).collect());
    }
    feeds.push(inputs.iter().map(|id| (*id, events(GENERIC_EVENTS))).collect());
    feeds
}

/// Whether `text` calls a function whose result changes from call to call
/// (`now`, `uuid_v4`): its runs then agree on kinds, not values.
fn calls_impure(text: &str) -> bool {
    let impure = lgp_stdlib::fns::all().iter().filter(|f| !f.pure());
    impure.map(|f| format!("{}(", f.name())).any(|call| text.contains(&call))
}

#[test]
fn every_repository_program_runs_the_same_on_both_engines() {
    let root = workspace_root();
    let mut files = Vec::new();
    lgp_files(&root.join("tests/lang"), &mut files);
    lgp_files(&root.join("examples"), &mut files);
    files.sort();
    let (mut ran, mut problems) = (0, Vec::new());
    for path in files {
        let name = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if text.lines().take_while(|l| l.starts_with('#')).any(|l| l.starts_with("# skip:")) {
            continue;
        }
        let program = split(&name, &text);
        let Ok(p) = build(&program.name, &program.main, program.parts.clone()) else { continue };
        let same = if calls_impure(&text) { same_shape } else { same_value };
        for feed in feeds(&program, &p.checked) {
            ran += 1;
            if let Err(difference) = compare_with(&p, &feed, same) {
                problems.push(format!("{name}: {difference}"));
            }
        }
    }
    assert!(ran >= 40, "only {ran} programs ran");
    assert!(
        problems.is_empty(),
        "{} of {ran} runs differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// Function examples.

fn compare_example(
    function: &dyn Function,
    example: &lgp_lang::sig::Example,
) -> Result<(), String> {
    let input: serde_json::Value =
        serde_json::from_str(example.input).map_err(|e| e.to_string())?;
    let src = format!(
        "input app = stdin {{}}\ntransform t <- app {{\n. = {}\n.result = {}\n}}\noutput o <- t = blackhole {{}}\n",
        literal_of(&input),
        example.source
    );
    let p = build("example.lgp", &src, BTreeMap::new())?;
    let app = p.checked.node_by_name("app").ok_or("no input")?;
    let inputs = [(app, vec![Event::default_object()])];
    let same = if function.pure() { same_value } else { same_shape };
    compare_with(&p, &inputs, same)
}

#[test]
fn every_function_example_runs_the_same_on_both_engines() {
    let (mut ran, mut problems) = (0, Vec::new());
    for function in lgp_stdlib::fns::all() {
        for example in function.examples() {
            ran += 1;
            if let Err(problem) = compare_example(*function, example) {
                problems.push(format!("{}: {:?}: {problem}", function.name(), example.title));
            }
        }
    }
    assert!(ran >= 180, "only {ran} examples found");
    assert!(
        problems.is_empty(),
        "{} of {ran} examples differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// The programs of `interp.rs`.

#[test]
fn interp_test_programs_run_the_same_on_both_engines() {
    agree(
        r#"
input app = stdin {}
transform parsed <- app {
  . = parse_json(.message) ?? { "raw": .message, "parse_error": true }
  .duration_ms = int(.duration_ms) ?? 0
  if .duration_ms > 500 { .slow = true }
  del(.password)
  .n = length(.tags) ?? 0
}
route by_level <- parsed {
  errors = .level == "error"
  _ = true
}
output errs <- by_level.errors = blackhole {}
output rest <- by_level._ = blackhole {}
"#,
        &[
            r#"{"message": "{\"level\":\"error\",\"duration_ms\":900,\"password\":\"x\",\"tags\":[1,2]}"}"#,
            r#"{"message": "not json"}"#,
        ],
    );
    agree(
        r#"
input app = http { address = "127.0.0.1:9000" }
transform t <- app {
  if .kind == "drop" { drop }
  if .kind == "abort" { abort "asked to abort: " + string!(.kind) }
  if .kind == "emit" { emit special }
  let v, err = parse_json(string!(.payload))
  .err = err
  .v = v
  .div = (10 / int!(.d)) ?? -1.0
}
output o <- t = blackhole {}
output s <- t.special = blackhole {}
"#,
        &[
            r#"{"kind": "drop"}"#,
            r#"{"kind": "abort"}"#,
            r#"{"kind": "emit"}"#,
            r#"{"kind": "x", "payload": "[1]", "d": 0}"#,
            r#"{"kind": "x", "payload": "{", "d": 4}"#,
            r#"{"kind": "x", "payload": 3, "d": "4"}"#,
        ],
    );
    agree(
        r#"
const LIMIT = 2
fn speed(ms: int) -> string { if ms > 500 { "slow" } else { "fast" } }
input app = http { address = "127.0.0.1:9000" }
transform t <- app {
  .speed = speed(int!(.ms))
  let total = 0
  for x in .xs { total = total + (int(x) ?? 0) }
  .total = total
  .big = total > LIMIT
  .kind = match .method { "POST" | "PUT" => "write", "GET" => "read", _ => "other" }
  .first = .xs[0]
  .last = .xs[-1]
  .nested.a[1] = "x"
}
output o <- t = blackhole {}
"#,
        &[
            r#"{"ms": 900, "xs": [1, 2, 3], "method": "PUT"}"#,
            r#"{"ms": 9, "xs": {"a": 1, "b": "2"}, "method": "GET"}"#,
            r#"{"ms": 9, "xs": "nope", "method": 1}"#,
            r#"{"xs": []}"#,
        ],
    );
    agree(
        "input app = stdin {}\ntransform t <- app {\n  . = parse_json!(.message)\n}\noutput o <- t = blackhole {}\n",
        &[r#"{"message": "[1, 2]"}"#, r#"{"message": "{"}"#, r#"{"message": "{\"a\":1}"}"#],
    );
}

// Edge cases.

const ARITHMETIC: &str = r#"
input app = http { address = "127.0.0.1:9000" }
transform t <- app {
  let a = int(.a) ?? 0
  let b = int(.b) ?? 0
  .op = string(.op) ?? ""
  if .op == "add" { .r = a + b }
  if .op == "sub" { .r = a - b }
  if .op == "mul" { .r = a * b }
  if .op == "div" { .r = (a / b) ?? "caught" }
  if .op == "div!" { .r = a / b ?? 0.0 }
  if .op == "rem" { .r = (a % b) ?? "caught" }
  if .op == "neg" { .r = -a }
  if .op == "deep" { .r = (a + b) ?? (a - b) ?? (a * b) ?? "all failed" }
}
output o <- t = blackhole {}
"#;

#[test]
fn arithmetic_failures_give_the_same_reasons() {
    let min = i64::MIN;
    let max = i64::MAX;
    let cases = [
        (format!(r#"{{"a": {min}, "b": -1, "op": "div"}}"#), None),
        (format!(r#"{{"a": {min}, "b": -1, "op": "rem"}}"#), None),
        (r#"{"a": 5, "b": 0, "op": "rem"}"#.to_string(), None),
        (r#"{"a": 5, "b": 0, "op": "div"}"#.to_string(), None),
        (format!(r#"{{"a": {max}, "b": 1, "op": "add"}}"#), Some("integer overflow")),
        (format!(r#"{{"a": {min}, "b": 1, "op": "sub"}}"#), Some("integer overflow")),
        (format!(r#"{{"a": {max}, "b": 2, "op": "mul"}}"#), Some("integer overflow")),
        (format!(r#"{{"a": {min}, "op": "neg"}}"#), Some("integer overflow in `-")),
        (format!(r#"{{"a": {max}, "b": {max}, "op": "deep"}}"#), None),
    ];
    for (event, reason) in cases {
        let reasons = abort_reasons(ARITHMETIC, &event);
        match reason {
            Some(expected) => {
                assert!(reasons.len() == 1 && reasons[0].contains(expected), "{event}: {reasons:?}")
            }
            None => assert!(reasons.is_empty(), "{event}: {reasons:?}"),
        }
    }
}

#[test]
fn paths_out_of_range_and_wrong_kinds_agree() {
    agree(
        r#"
input app = http { address = "127.0.0.1:9000" }
transform t <- app {
  .first = .xs[0]
  .far = .xs[10]
  .back = .xs[-10]
  .xs[-1] = "last"
  .grown[3] = 1
  .deep.a.b[1].c = true
  .gone = del(.xs[0])
  .was = exists(.xs[5])
  .ys[-5] = 1
}
output o <- t = blackhole {}
"#,
        &[r#"{"xs": [1, 2]}"#, r#"{"xs": "not an array"}"#, r#"{}"#],
    );
}

#[test]
fn deep_coalesce_chains_agree() {
    let chain: Vec<String> = (0..120).map(|i| format!("int(.f{i})")).collect();
    let src = format!(
        "input app = http {{ address = \"127.0.0.1:9000\" }}\ntransform t <- app {{\n  .r = {} ?? -1\n}}\noutput o <- t = blackhole {{}}\n",
        chain.join(" ?? ")
    );
    agree(&src, &[r#"{}"#, r#"{"f119": "7"}"#, r#"{"f3": "x", "f60": 60}"#, r#"{"f0": 0}"#]);
}

/// Runs hand-written IR as the code of transform `t` on both engines, for
/// what the checker refuses but the engines must still agree on.
fn agree_on_ir(code: NodeCode, json: &[&str]) {
    let mut p = pipeline(
        "input app = stdin {}\ntransform t <- app {\n  .a = 1\n}\noutput o <- t = blackhole {}\n",
    );
    let app = p.checked.node_by_name("app").expect("input `app`");
    let t = p.checked.node_by_name("t").expect("transform `t`");
    p.code[t] = code;
    if let Err(difference) = compare(&p, &[(app, events(json))]) {
        panic!("{difference}\n{:?}", p.code[t]);
    }
}

fn field(name: &str) -> Expr {
    Expr::Path(PathRef { root: Root::Event, segments: vec![Seg::Field(name.into())] })
}

fn constant(value: impl Into<Value>) -> Expr {
    Expr::Const(value.into())
}

fn binary(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    Expr::Binary(op, Box::new(lhs), Box::new(rhs))
}

fn assign(name: &str, value: Expr) -> Stmt {
    Stmt::Assign(PathRef { root: Root::Event, segments: vec![Seg::Field(name.into())] }, value)
}

fn transform(stmts: Vec<Stmt>, locals: usize) -> NodeCode {
    NodeCode::Transform { body: Block { stmts }, locals }
}

const ODD_VALUES: &[&str] = &[
    r#"{"c": true}"#,
    r#"{"c": false}"#,
    r#"{"c": "x"}"#,
    r#"{"c": 1}"#,
    r#"{}"#,
    r#"{"c": [1, {"d": 2}]}"#,
];

#[test]
fn values_of_the_wrong_kind_fail_the_same_way() {
    let if_c =
        Expr::If(vec![(field("c"), Block { stmts: vec![Stmt::Expr(constant("yes"))] })], None);
    let cases = vec![
        assign("r", if_c.clone()),
        assign("r", binary(BinaryOp::And, field("c"), constant(true))),
        assign("r", binary(BinaryOp::And, constant(true), field("c"))),
        assign("r", binary(BinaryOp::Or, field("c"), constant(false))),
        assign("r", binary(BinaryOp::Or, constant(false), field("c"))),
        assign("r", Expr::Unary(UnaryOp::Not, Box::new(field("c")))),
        assign("r", Expr::Unary(UnaryOp::Neg, Box::new(field("c")))),
        assign("r", binary(BinaryOp::Coalesce, if_c, constant("caught"))),
        assign("r", binary(BinaryOp::Add, field("c"), constant(1))),
        assign("r", binary(BinaryOp::Lt, field("c"), constant("b"))),
        Stmt::Abort(Some(field("c"))),
        Stmt::Assign(PathRef { root: Root::Event, segments: vec![] }, field("c")),
        Stmt::Assign(PathRef { root: Root::Meta, segments: vec![] }, field("c")),
    ];
    for stmt in cases {
        agree_on_ir(transform(vec![stmt], 0), ODD_VALUES);
    }
}

#[test]
fn loops_routes_and_matches_written_as_ir_agree() {
    let local = |slot| Expr::Path(PathRef { root: Root::Local(slot), segments: vec![] });
    let sum = Stmt::SetLocal(2, binary(BinaryOp::Add, local(2), constant(1)));
    let emit_on_two = Stmt::Expr(Expr::If(
        vec![(
            binary(BinaryOp::Eq, local(2), constant(2)),
            Block { stmts: vec![Stmt::Emit("two".into())] },
        )],
        None,
    ));
    let looped = Stmt::For {
        key: Some(0),
        value: 1,
        iter: field("c"),
        body: Block { stmts: vec![sum, emit_on_two, assign("last", local(0))] },
    };
    agree_on_ir(
        transform(vec![Stmt::SetLocal(2, constant(0)), looped, assign("n", local(2))], 3),
        ODD_VALUES,
    );
    let route = NodeCode::Route {
        lanes: vec![
            ("yes".into(), field("c")),
            ("no".into(), binary(BinaryOp::Eq, field("c"), constant(1))),
        ],
        locals: 0,
    };
    agree_on_ir(route, ODD_VALUES);
    let arms = vec![
        Arm { patterns: vec![Some(Value::Bool(true)), Some(Value::Int(1))], body: constant("one") },
        Arm {
            patterns: vec![Some(Value::from("x"))],
            body: Expr::Block(Block { stmts: vec![Stmt::Drop] }),
        },
    ];
    let matched = assign("m", Expr::Match(Box::new(field("c")), arms));
    let bound = Stmt::AssignWithError {
        value: PathRef { root: Root::Event, segments: vec![Seg::Field("v".into())] },
        error: PathRef { root: Root::Event, segments: vec![Seg::Field("e".into())] },
        expr: binary(BinaryOp::Mul, field("c"), constant(2)),
    };
    agree_on_ir(transform(vec![matched, bound], 0), ODD_VALUES);
}

#[test]
fn code_nested_too_deeply_is_refused_not_crashed() {
    let mut p = pipeline(
        "input app = stdin {}\ntransform t <- app {\n  .a = 1\n}\noutput o <- t = blackhole {}\n",
    );
    let t = p.checked.node_by_name("t").expect("transform `t`");
    let nested = |depth| (0..depth).fold(field("c"), |e, _| Expr::Unary(UnaryOp::Not, Box::new(e)));
    p.code[t] = transform(vec![assign("r", nested(1000))], 0);
    let refused = JitProgram::compile(&p).err();
    assert_eq!(refused, Some(lgp_compiler::jit::JitError::TooDeep { node: "t".into() }));
    agree_on_ir(transform(vec![assign("r", nested(390))], 0), ODD_VALUES);
}

#[test]
fn abort_reasons_and_root_assignments_agree() {
    agree(
        r#"
input app = http { address = "127.0.0.1:9000" }
transform t <- app {
  if .k == "plain" { abort }
  if .k == "text" { abort "stop: " + (string(.why) ?? "?") }
  if .k == "root" { . = parse_json!(string!(.json)) }
  if .k == "meta" { %tag = "x" }
  .done = true
}
output o <- t = blackhole {}
"#,
        &[
            r#"{"k": "plain"}"#,
            r#"{"k": "text", "why": "because"}"#,
            r#"{"k": "root", "json": "[1]"}"#,
            r#"{"k": "root", "json": "{\"a\": 1}"}"#,
            r#"{"k": "meta"}"#,
            r#"{"k": "other"}"#,
        ],
    );
}

#[test]
fn field_slots_agree_through_emits_loops_error_bindings_and_aborts() {
    // Every field this transform names is in a slot on the JIT (each is
    // named twice or more), so every way out must put them back.
    agree(
        r#"
input app = http { address = "127.0.0.1:9000" }
transform t <- app {
  .n = int(.n) ?? 0
  for x in .items ?? [] { .n = (.n + (int(x) ?? 0)) ?? .n }
  .v, .err = int(.text)
  if .n > 10 { .big = .n; emit audit }
  if .n < 0 { abort "negative: " + string(.n) }
  if .n == 0 { .zero = exists(.v); drop }
  .items = null
  .tag = %tag ?? "none"
}
output audit <- t.audit = blackhole {}
output rest <- t = blackhole {}
"#,
        &[
            r#"{"n": "4", "items": [1, 2, "3"], "text": "7"}"#,
            r#"{"n": 20, "text": "x"}"#,
            r#"{"n": -5}"#,
            r#"{"n": "zero", "items": "no"}"#,
            r#"{"n": 9223372036854775807, "items": [1]}"#,
            r#"{"text": "1", "items": [[1], {"a": 2}]}"#,
        ],
    );
}

#[test]
fn routes_choose_the_same_lanes() {
    agree(
        r#"
input app = http { address = "127.0.0.1:9000" }
route r <- app {
  errors = .level == "error"
  slow = (int(.ms) ?? 0) > 500
  _ = true
}
transform t <- r.slow {
  if .level == "debug" { drop }
  if .level == "warn" { emit loud }
}
output e <- r.errors = blackhole {}
output rest <- r._ = blackhole {}
output o <- t = blackhole {}
output loud <- t.loud = blackhole {}
"#,
        &[
            r#"{"level": "error"}"#,
            r#"{"level": "debug", "ms": 900}"#,
            r#"{"level": "warn", "ms": "901"}"#,
            r#"{"level": "info", "ms": 1}"#,
        ],
    );
}

/// A built-in that panics, to prove the JIT turns a panic into an abort.
struct Panicking;

impl FnSig for Panicking {
    fn name(&self) -> &'static str {
        "panicking"
    }
    fn category(&self) -> &'static str {
        "test"
    }
    fn params(&self) -> &'static [ParamSig] {
        &[]
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::any()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Panics."
    }
    fn examples(&self) -> &'static [lgp_lang::sig::Example] {
        &[]
    }
}

impl Function for Panicking {
    fn call(&self, _prepared: &Prepared, _args: &mut Args) -> Result<Value, FnError> {
        panic!("deliberate test panic")
    }
}

static PANICKING: Panicking = Panicking;

#[test]
fn a_panicking_builtin_aborts_the_event_instead_of_crashing() {
    let mut p = pipeline(
        "input app = stdin {}\ntransform t <- app {\n  .a = 1\n}\noutput o <- t = blackhole {}\n",
    );
    let t = p.checked.node_by_name("t").expect("transform `t`");
    let call = CallIr {
        name: "panicking",
        function: &PANICKING,
        prepared: std::sync::Arc::new(None),
        returns: lgp_lang::types::Kinds::ANY,
        args: Vec::new(),
        bang: false,
    };
    let Some(NodeCode::Transform { body, .. }) = p.code.get_mut(t) else {
        panic!("t is a transform")
    };
    body.stmts.push(Stmt::Expr(Expr::Binary(
        BinaryOp::Coalesce,
        Box::new(Expr::Call(Box::new(call))),
        Box::new(Expr::Const(Value::Null)),
    )));
    let jit = JitProgram::compile(&p).expect("JIT compiles");
    let outcome = jit.run(t, Event::default_object());
    let lgp_compiler::interp::Outcome::Aborted { reason, event } = outcome else {
        panic!("expected an abort, got {outcome:?}")
    };
    assert_eq!(reason, "internal error in `panicking`: deliberate test panic");
    assert_eq!(event.fields.to_json(), serde_json::json!({"a": 1}), "the event as it was");
}

#[test]
fn compiled_programs_can_be_shared_between_threads() {
    let p = pipeline(
        "input app = stdin {}\ntransform t <- app {\n  .n = length(.message)\n}\noutput o <- t = blackhole {}\n",
    );
    let t = p.checked.node_by_name("t").expect("transform `t`");
    let jit = JitProgram::compile(&p).expect("JIT compiles");
    let lengths: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = ["a", "bb"]
            .map(|line| scope.spawn(|| format!("{:?}", jit.run(t, Event::from_line(line)))))
            .into_iter()
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    assert!(lengths[0].contains(r#""n": Int(1)"#), "{lengths:?}");
    assert!(lengths[1].contains(r#""n": Int(2)"#), "{lengths:?}");
}

#[test]
fn clif_shows_native_control_flow_and_shim_calls() {
    let p = pipeline(
        "input app = http { address = \"127.0.0.1:9000\" }\ntransform t <- app {\n  .n = int(.n) ?? 0\n  if .n > 1 { drop }\n}\noutput o <- t = blackhole {}\n",
    );
    let t = p.checked.node_by_name("t").expect("transform `t`");
    let jit = JitProgram::compile(&p).expect("JIT compiles");
    let clif = jit.clif(t);
    for needle in ["function", "brif", "call fn", "return"] {
        assert!(clif.contains(needle), "no `{needle}` in:\n{clif}");
    }
    assert!(jit.clif(p.checked.node_by_name("app").expect("input")).is_empty());
}

// Generated programs.

/// The prelude gives the generated code typed locals from a fixed-shape event.
const PRELUDE: &str = r#"
  let a = int(.a) ?? 0
  let b = int(.b) ?? 0
  let s = string(.s) ?? ""
  let u = string(.u) ?? ""
  let f = float(.f) ?? 0.0
  let p = bool(.p) ?? false
  let q = !p
"#;

fn int_expr() -> impl Strategy<Value = String> {
    let literal = prop_oneof![
        4 => prop_oneof![Just(0i64), Just(1), Just(-1), Just(7)],
        1 => prop_oneof![Just(i64::MAX), Just(i64::MIN + 1)],
    ];
    // A `!` call aborts the event on bad input, even under `??`; rare, so
    // most runs get through.
    let leaf = prop_oneof![
        4 => Just("a".to_string()),
        4 => Just("b".to_string()),
        4 => literal.prop_map(|i| i.to_string()),
        2 => Just("length(s)".to_string()),
        2 => Just("(int(s) ?? 7)".to_string()),
        1 => Just("(int!(u) ?? 8)".to_string()),
    ];
    leaf.prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), prop_oneof![Just("+"), Just("-"), Just("*")], inner.clone())
                .prop_map(|(l, op, r)| format!("({l} {op} {r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("(({l} % {r}) ?? -2)")),
            inner.clone().prop_map(|e| format!("(-{e})")),
            (inner.clone(), inner).prop_map(|(l, r)| format!("(({l} + {r}) ?? {l})")),
        ]
    })
}

fn str_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("s".to_string()),
        Just("u".to_string()),
        prop_oneof![Just("\"\""), Just("\"x\""), Just("\"42\""), Just("\"Äb\"")]
            .prop_map(String::from),
        int_expr().prop_map(|e| format!("string({e})")),
    ];
    leaf.prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l} + {r})")),
            inner.clone().prop_map(|e| format!("upcase({e})")),
            inner.clone().prop_map(|e| format!("downcase({e})")),
            (bool_leaf(), inner.clone(), inner)
                .prop_map(|(c, t, e)| format!("(if {c} {{ {t} }} else {{ {e} }})")),
        ]
    })
}

/// Float expressions: infinities, NaN (`inf - inf`), `-0.0` and ints
/// widened by mixed arithmetic.
fn float_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => Just("f".to_string()),
        2 => prop_oneof![Just("1.5"), Just("-0.0"), Just("0.1")].prop_map(String::from),
        1 => Just("(f * 1e308 * 10.0)".to_string()),
        1 => Just("((f * 1e308 * 10.0) - (f * 1e308 * 10.0))".to_string()),
        1 => int_expr().prop_map(|e| format!("(({e} / 3) ?? 0.5)")),
    ];
    leaf.prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            (inner.clone(), prop_oneof![Just("+"), Just("-"), Just("*")], inner.clone())
                .prop_map(|(l, op, r)| format!("({l} {op} {r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("(({l} / {r}) ?? 2.0)")),
            (inner.clone(), int_expr()).prop_map(|(l, r)| format!("({l} + {r})")),
            inner.prop_map(|e| format!("(-{e})")),
        ]
    })
}

fn bool_leaf() -> impl Strategy<Value = String> {
    let compare = prop_oneof![Just("<"), Just("<="), Just(">"), Just(">="), Just("=="), Just("!=")];
    prop_oneof![
        Just("p".to_string()),
        Just("true".to_string()),
        (float_expr(), compare, float_expr()).prop_map(|(l, op, r)| format!("({l} {op} {r})")),
        prop_oneof![Just("(p == true)"), Just("(p != q)"), Just("(q == p)")].prop_map(String::from),
        (
            int_expr(),
            prop_oneof![Just("<"), Just("<="), Just(">"), Just("=="), Just("!=")],
            int_expr()
        )
            .prop_map(|(l, op, r)| format!("({l} {op} {r})")),
        Just("(s == u)".to_string()),
        Just("(s < u)".to_string()),
    ]
}

fn bool_expr() -> impl Strategy<Value = String> {
    bool_leaf().prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| format!("!{e}")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l} && {r})")),
            (inner.clone(), inner).prop_map(|(l, r)| format!("({l} || {r})")),
        ]
    })
}

fn any_expr() -> impl Strategy<Value = String> {
    prop_oneof![
        int_expr(),
        str_expr(),
        bool_expr(),
        (int_expr(), int_expr()).prop_map(|(l, r)| format!("(({l} / {r}) ?? 0.5)")),
        int_expr().prop_map(|e| format!("(f + {e})")),
        Just("[a, s, p]".to_string()),
        Just("{ \"k\": a, \"s\": s }".to_string()),
        str_expr().prop_map(|e| format!("match {e} {{ \"x\" | \"X\" => 1, \"\" => 2, _ => 3 }}")),
    ]
}

/// `drop` or `abort`, or nothing; only ever the last statement of an `if`
/// branch whose `else` goes on, so no code after it is unreachable.
fn terminal() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => Just("drop".to_string()),
        1 => str_expr().prop_map(|e| format!("abort {e}")),
    ]
}

fn stmt() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        4 => (0..4u8, any_expr()).prop_map(|(k, e)| format!(".o{k} = {e}")),
        2 => int_expr().prop_map(|e| format!("a = {e}")),
        1 => float_expr().prop_map(|e| format!("f = {e}")),
        1 => float_expr().prop_map(|e| format!(".o3 = {e}")),
        1 => bool_expr().prop_map(|e| format!("q = {e}")),
        1 => str_expr().prop_map(|e| format!("s = {e}")),
        1 => str_expr().prop_map(|e| format!(".v, .e = int(s + {e})")),
        1 => Just("for x in [a, b] { a = (a + x) ?? 0 }".to_string()),
        // Field slots: native stores, comparisons with constants, `exists`
        // and `del` on fields that may hold any kind.
        1 => (0..4u8, prop_oneof![Just("0"), Just("7"), Just("-1"), Just("1.5"), Just("-0.0")])
            .prop_map(|(k, c)| format!("if .o{k} == {c} {{ .o1 = a }} else if {c} != .o{k} {{ .o2 = f }}")),
        1 => (0..4u8).prop_map(|k| format!(".o2 = exists(.o{k})")),
        1 => (0..4u8, 0..4u8).prop_map(|(k, j)| format!(".o{k} = del(.o{j})")),
    ];
    simple.prop_recursive(2, 12, 3, |inner| {
        (
            bool_expr(),
            prop::collection::vec(inner.clone(), 1..3),
            terminal(),
            prop::collection::vec(inner, 0..3),
        )
            .prop_map(|(c, then, end, otherwise)| {
                format!(
                    "if {c} {{\n{}\n{end}\n}} else {{\n{}\n}}",
                    then.join("\n"),
                    otherwise.join("\n")
                )
            })
    })
}

fn program() -> impl Strategy<Value = String> {
    prop::collection::vec(stmt(), 1..6).prop_map(|stmts| {
        format!(
            "input app = http {{ address = \"127.0.0.1:9000\" }}\ntransform t <- app {{{PRELUDE}{}\n}}\nroute r <- t {{\n  neg = .o0 == 1 || .o1 == \"X\" || is_float(.o2)\n  _ = true\n}}\noutput o <- r._ = blackhole {{}}\noutput n <- r.neg = blackhole {{}}\n",
            stmts.join("\n")
        )
    })
}

fn event() -> impl Strategy<Value = String> {
    let int = prop_oneof![
        3 => Just("0"),
        3 => Just("3"),
        3 => Just("-4"),
        1 => Just("9223372036854775807"),
        1 => Just("-9223372036854775808"),
        1 => Just("\"12\""),
        1 => Just("null"),
    ];
    let text = prop_oneof![
        2 => Just("\"\""),
        2 => Just("\"x\""),
        3 => Just("\"42\""),
        1 => Just("\"-9223372036854775808\""),
        2 => Just("\"Äb\""),
        1 => Just("5"),
    ];
    (
        int.clone(),
        int,
        text.clone(),
        text,
        prop_oneof![Just("1.5"), Just("-0.0"), Just("\"f\"")],
        prop_oneof![Just("true"), Just("false"), Just("1")],
    )
        .prop_map(|(a, b, s, u, f, p)| {
            format!(r#"{{"a": {a}, "b": {b}, "s": {s}, "u": {u}, "f": {f}, "p": {p}}}"#)
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // A fixed budget in the normal run; `PROPTEST_CASES=5000` digs deeper.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_programs_run_the_same_on_both_engines(src in program(), evs in prop::collection::vec(event(), 1..4)) {
        let p = match build("generated.lgp", &src, BTreeMap::new()) {
            Ok(p) => p,
            Err(errors) => return Err(TestCaseError::fail(format!("generated program does not check: {errors}\n{src}"))),
        };
        let app = p.checked.node_by_name("app").expect("input `app`");
        let json: Vec<&str> = evs.iter().map(String::as_str).collect();
        if let Err(difference) = compare(&p, &[(app, events(&json))]) {
            return Err(TestCaseError::fail(format!("{difference}\n{src}")));
        }
    }
}
