//! Fused chains against node-by-node runs: every program of the repository
//! and hand-written multi-node chains must give the same traces when each
//! chain runs as one function (interpreter and JIT) as when the interpreter
//! runs node by node. Inside a chain no event is copied, so a node that
//! hands its events on lists in its trace only those it emitted to a lane;
//! everything else (counts, drops, aborts with their events, what leaves the
//! chain) must match exactly.

mod support;

use std::path::{Path, PathBuf};

use lgp_compiler::fusion::{ChainOutcome, Fusion};
use lgp_compiler::interp::Outcome;
use lgp_compiler::jit::{JitOptions, JitProgram};
use lgp_compiler::{Engine, NodeTrace, Pipeline};
use lgp_lang::check::typed::{NodeId, NodeKind};
use lgp_stdlib::{Event, Value};
use support::{GENERIC_EVENTS, events, lgp_files, same_shape, same_value, workspace_root};

/// Reads `use`d files relative to the workspace root.
struct Files(PathBuf);

impl lgp_lang::check::Loader for Files {
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String> {
        let base = Path::new(from).parent().unwrap_or(Path::new(""));
        let name = base.join(path).display().to_string();
        let text = std::fs::read_to_string(self.0.join(&name)).map_err(|e| e.to_string())?;
        Ok((text, name))
    }
}

fn build(name: &str, src: &str) -> Result<Pipeline, String> {
    let file = lgp_lang::SourceFile::new(name, src);
    let (program, mut diags) = lgp_lang::parser::parse(src);
    let loader = Files(workspace_root());
    let (checked, more) = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &loader);
    diags.extend(more);
    let errors: Vec<String> =
        diags.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    Pipeline::new(checked).map_err(|e| e.to_string())
}

/// Runs `inputs` node by node on the interpreter and fused on both engines;
/// `Err` describes the first difference.
fn compare(
    p: &Pipeline,
    inputs: &[(NodeId, Vec<Event>)],
    same: fn(&Value, &Value) -> bool,
) -> Result<(), String> {
    let reference = p.feed(inputs);
    let fusion = Fusion::of(&p.checked);
    let interp = p.feed_fused(Engine::Interp, inputs).map_err(|e| e.to_string())?;
    let jit = p.feed_fused(Engine::Jit, inputs).map_err(|e| format!("JIT: {e}"))?;
    for (engine, fused) in [("interp", &interp), ("jit", &jit)] {
        for (id, (a, b)) in reference.iter().zip(fused).enumerate() {
            let hands_on = fusion.place(id).is_some_and(|place| {
                fusion.chain(place.chain).is_some_and(|c| place.stage + 1 < c.nodes.len())
            });
            if !same_trace(a, b, hands_on, same) {
                let name = &p.checked.nodes[id].name;
                return Err(format!(
                    "{engine}, node `{name}`:\n  by node: {a:?}\n  fused:   {b:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Whether a node-by-node trace `a` and a fused one `b` agree; a node that
/// hands events on lists in `b` only those it emitted to a lane.
fn same_trace(
    a: &NodeTrace,
    b: &NodeTrace,
    hands_on: bool,
    same: fn(&Value, &Value) -> bool,
) -> bool {
    let same_event = |a: &Event, b: &Event| same(&a.fields, &b.fields) && same(&a.meta, &b.meta);
    let expected_out: Vec<_> =
        a.out.iter().filter(|(lane, _)| !hands_on || lane.is_some()).collect();
    a.received == b.received
        && a.dropped == b.dropped
        && expected_out.len() == b.out.len()
        && expected_out
            .iter()
            .zip(&b.out)
            .all(|((la, ea), (lb, eb))| la == lb && same_event(ea, eb))
        && a.aborted.len() == b.aborted.len()
        && a.aborted
            .iter()
            .zip(&b.aborted)
            .all(|((ra, ea), (rb, eb))| ra == rb && same_event(ea, eb))
}

fn inputs_of(p: &Pipeline) -> Vec<NodeId> {
    let nodes = p.checked.nodes.iter().enumerate();
    nodes.filter(|(_, n)| n.kind == NodeKind::Input).map(|(id, _)| id).collect()
}

/// Runs `src` on `json` events fed to every input; panics on a difference.
fn agree(src: &str, json: &[&str]) {
    let p = build("t.lgp", src).unwrap_or_else(|e| panic!("{e}\n{src}"));
    let inputs: Vec<_> = inputs_of(&p).into_iter().map(|id| (id, events(json))).collect();
    if let Err(difference) = compare(&p, &inputs, same_value) {
        panic!("{difference}\n{src}");
    }
}

/// Every program of `tests/lang` and `examples` that builds: its path
/// from the workspace root, its text and its pipeline.
fn repository_programs() -> Vec<(String, String, Pipeline)> {
    let root = workspace_root();
    let mut files = Vec::new();
    lgp_files(&root.join("tests/lang"), &mut files);
    lgp_files(&root.join("examples"), &mut files);
    files.sort();
    let mut programs = Vec::new();
    for path in files {
        let name = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok(p) = build(&name, &text) else { continue };
        programs.push((name, text, p));
    }
    programs
}

#[test]
fn every_repository_program_runs_the_same_fused() {
    let (mut ran, mut fused, mut problems) = (0, 0, Vec::new());
    for (name, text, p) in repository_programs() {
        let impure = ["now()", "uuid_v4("].iter().any(|call| text.contains(call));
        let same = if impure { same_shape } else { same_value };
        let inputs: Vec<_> =
            inputs_of(&p).into_iter().map(|id| (id, events(GENERIC_EVENTS))).collect();
        ran += 1;
        fused += usize::from(Fusion::of(&p.checked).chains.iter().any(|c| c.nodes.len() > 1));
        if let Err(difference) = compare(&p, &inputs, same) {
            problems.push(format!("{name}: {difference}"));
        }
    }
    assert!(ran >= 40 && fused >= 2, "only {ran} programs ran, {fused} with a fused chain");
    assert!(problems.is_empty(), "{} of {ran} differ:\n{}", problems.len(), problems.join("\n"));
}

/// Whether two chain outcomes agree, events compared with `same`.
fn same_outcome(a: &ChainOutcome, b: &ChainOutcome, same: fn(&Value, &Value) -> bool) -> bool {
    let same_event = |a: &Event, b: &Event| same(&a.fields, &b.fields) && same(&a.meta, &b.meta);
    a.stage == b.stage
        && match (&a.outcome, &b.outcome) {
            (Outcome::Out { lane: la, event: ea }, Outcome::Out { lane: lb, event: eb }) => {
                la == lb && same_event(ea, eb)
            }
            (Outcome::Dropped, Outcome::Dropped) => true,
            (
                Outcome::Aborted { reason: ra, event: ea },
                Outcome::Aborted { reason: rb, event: eb },
            ) => ra == rb && same_event(ea, eb),
            _ => false,
        }
}

#[test]
fn a_jit_batch_runs_each_event_as_the_interpreter_runs_it_alone() {
    // One batch holds every generic event three times over, so the
    // registers, the failure and the lane of one event must never leak
    // into the next, whatever way the event before left the chain.
    let (mut batches, mut problems) = (0, Vec::new());
    for (name, text, p) in repository_programs() {
        let impure = ["now()", "uuid_v4("].iter().any(|call| text.contains(call));
        let same = if impure { same_shape } else { same_value };
        let jit = JitProgram::compile_fused(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
        let batch: Vec<Event> = (0..3).flat_map(|_| events(GENERIC_EVENTS)).collect();
        for (id, chain) in jit.fusion().chains.iter().enumerate() {
            let mut got = Vec::new();
            jit.run_batch(id, batch.clone(), &mut got);
            let want: Vec<ChainOutcome> =
                batch.iter().map(|event| p.run_chain(chain, event.clone())).collect();
            batches += 1;
            let agree = got.len() == want.len()
                && got.iter().zip(&want).all(|(g, w)| same_outcome(g, w, same));
            if !agree {
                problems
                    .push(format!("{name}, chain {id}:\n  jit:    {got:?}\n  interp: {want:?}"));
            }
        }
    }
    assert!(batches >= 40, "only {batches} chains ran");
    assert!(problems.is_empty(), "{} chains differ:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn drops_aborts_and_emits_are_counted_at_their_node() {
    agree(
        r#"
input app = stdin {}
transform parse <- app {
  . = parse_json(.message) ?? { "raw": .message }
  if .level == "debug" { drop }
}
transform enrich <- parse {
  if .level == "ERROR" { abort "no shouting" }
  if exists(.raw) { emit unparsed }
  .seen = true
}
transform count <- enrich {
  .n = length(keys(.))
  if .n > 3 { drop }
}
route by_level <- count {
  errors = .level == "error"
  warnings = .level == "warn"
  _ = true
}
output e <- by_level.errors = blackhole {}
output w <- by_level.warnings, by_level._ = blackhole {}
"#,
        GENERIC_EVENTS,
    );
}

#[test]
fn each_node_keeps_its_own_locals() {
    // The same local slots in every node: fused, each node must start on
    // null locals and never see the previous node's.
    agree(
        r#"
input app = stdin {}
transform a <- app {
  let x = 1
  let y, err = parse_json(.message)
  .a = x
  .err = err
  let o = { "p": 1, "q": 2 }
  for k, v in o { .last = k }
}
transform b <- a {
  let x = .a ?? 0
  x = (x + 10) ?? -1
  .b = x
  let items = [5, 6, 7]
  for i, v in items { .i = i }
}
transform c <- b {
  let z = (.b * 2) ?? 0
  .c = z
}
output o <- c = blackhole {}
"#,
        GENERIC_EVENTS,
    );
}

#[test]
fn failures_abort_with_their_node_reason() {
    agree(
        r#"
input app = stdin {}
transform first <- app {
  .n = 1
}
transform second <- first {
  .m = int!(.message)
}
transform third <- second {
  .k = parse_json!("{" + .message)
}
output o <- third = blackhole {}
"#,
        &[r#"{"message": "12"}"#, r#"{"message": "x"}"#, r#"{}"#],
    );
}

#[test]
fn the_runtime_compiles_one_function_per_chain() {
    let src = r#"
input app = stdin {}
transform a <- app { .a = 1 }
transform b <- a { .b = 2 }
route r <- b {
  big = .a > 0
  _ = true
}
output o <- r.big, r._ = blackhole {}
"#;
    let p = build("t.lgp", src).unwrap_or_else(|e| panic!("{e}"));
    let options = JitOptions { fused: true, disassembly: true };
    let jit = JitProgram::compile_with(&p, options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jit.fusion().chains.len(), 1);
    let clif = jit.chain_clif(0);
    assert_eq!(clif.matches("function ").count(), 1, "{clif}");
    assert!(jit.chain_disassembly(0).is_some_and(|asm| !asm.is_empty()));
    // A fused node has no function of its own.
    let b = p.checked.node_by_name("b").unwrap_or_default();
    let outcome = jit.run(b, Event::default_object());
    assert!(matches!(outcome, lgp_compiler::interp::Outcome::Aborted { .. }), "{outcome:?}");
    let traces = p.feed_jit(&jit, &[(0, events(&["{}"]))]);
    assert_eq!(traces[b].received, 1);
}

/// A projected `parse_json` leaves untouched fields as JSON text; the next
/// node of the chain must see them parsed, on both engines.
#[test]
fn the_next_node_sees_fields_a_projected_parse_left_as_text() {
    let src = r#"
input app = stdin {}

transform parsed <- app {
  . = parse_json!(.message)
  .seen = true
}

transform uses <- parsed {
  .copy = .level
  .n = length(keys(.))
}

output out <- uses = blackhole {}
"#;
    let json = [r#"{"message": "{\"level\":\"info\",\"tags\":[1,2],\"n\":1}"}"#];
    agree(src, &json);
    let p = build("projected.lgp", src).expect("builds");
    let feed: Vec<_> = inputs_of(&p).into_iter().map(|id| (id, events(&json))).collect();
    let out = p.checked.node_by_name("out").expect("out");
    for engine in [Engine::Interp, Engine::Jit] {
        let traces = p.feed_fused(engine, &feed).expect("runs");
        let fields = traces[out].out.first().and_then(|(_, e)| e.fields.as_object().cloned());
        let field = |name: &str| fields.as_ref().and_then(|f| f.get(name).cloned());
        assert_eq!(field("copy"), Some(Value::from("info")), "{engine:?}");
        assert_eq!(field("n"), Some(Value::Int(5)), "{engine:?}");
    }
}
