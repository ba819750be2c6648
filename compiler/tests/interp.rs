//! The interpreter over whole programs: parse, check, lower, feed events.

use lgp_compiler::Pipeline;
use lgp_stdlib::{Event, Value};

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: not found"))
    }
}

fn pipeline(src: &str) -> Pipeline {
    let file = lgp_lang::SourceFile::new("t.lgp", src);
    let (program, diags) = lgp_lang::parser::parse(src);
    assert!(diags.is_empty(), "syntax: {diags:?}");
    let (checked, diags) =
        lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "check: {errors:#?}");
    Pipeline::new(checked).expect("lowering")
}

fn json(v: &Value) -> String {
    v.to_json().to_string()
}

/// Runs `src` with `events` fed to input `app` and returns, per node name,
/// the outputs as `lane:json` strings, and the abort reasons.
fn run(src: &str, events: &[&str]) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let p = pipeline(src);
    let input = p.checked.node_by_name("app").expect("input app");
    let evs =
        events.iter().map(|e| Event::from_json(&serde_json::from_str(e).expect("json"))).collect();
    let traces = p.feed(&[(input, evs)]);
    let mut outs = Vec::new();
    let mut aborts = Vec::new();
    for (node, trace) in p.checked.nodes.iter().zip(&traces) {
        let o = trace
            .out
            .iter()
            .map(|(lane, e)| format!("{}:{}", lane.as_deref().unwrap_or(""), json(&e.fields)))
            .collect();
        outs.push((node.name.clone(), o));
        aborts.extend(trace.aborted.iter().map(|(r, _)| format!("{}: {r}", node.name)));
    }
    (outs, aborts)
}

fn outputs_of<'a>(outs: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    outs.iter().find(|(n, _)| n == name).map(|(_, o)| o.as_slice()).unwrap_or(&[])
}

const SRC: &str = r#"
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
"#;

#[test]
fn transforms_and_routes_events() {
    let (outs, aborts) = run(
        SRC,
        &[
            r#"{"message": "{\"level\":\"error\",\"duration_ms\":900,\"password\":\"x\",\"tags\":[1,2]}"}"#,
            r#"{"message": "not json"}"#,
        ],
    );
    assert!(aborts.is_empty(), "{aborts:?}");
    assert_eq!(
        outputs_of(&outs, "errs"),
        [r#":{"duration_ms":900,"level":"error","n":2,"slow":true,"tags":[1,2]}"#]
    );
    assert_eq!(
        outputs_of(&outs, "rest"),
        [r#":{"duration_ms":0,"n":0,"parse_error":true,"raw":"not json"}"#]
    );
}

#[test]
fn drop_abort_emit_and_errors() {
    let src = r#"
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
"#;
    let (outs, aborts) = run(
        src,
        &[
            r#"{"kind": "drop"}"#,
            r#"{"kind": "abort"}"#,
            r#"{"kind": "emit"}"#,
            r#"{"kind": "x", "payload": "[1]", "d": 0}"#,
            r#"{"kind": "x", "payload": "{", "d": 4}"#,
        ],
    );
    assert_eq!(aborts, ["t: asked to abort: abort"]);
    assert_eq!(outputs_of(&outs, "s"), [r#":{"kind":"emit"}"#]);
    let o = outputs_of(&outs, "o");
    assert_eq!(o.len(), 2);
    assert!(
        o[0].contains(r#""div":-1.0"#)
            && o[0].contains(r#""err":null"#)
            && o[0].contains(r#""v":[1]"#),
        "{}",
        o[0]
    );
    assert!(o[1].contains(r#""div":2.5"#) && o[1].contains(r#""err":"parse_json:"#), "{}", o[1]);
}

#[test]
fn user_functions_consts_loops_and_match() {
    let src = r#"
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
"#;
    let (outs, aborts) = run(src, &[r#"{"ms": 900, "xs": [1, 2, 3], "method": "PUT"}"#]);
    assert!(aborts.is_empty(), "{aborts:?}");
    assert_eq!(
        outputs_of(&outs, "o"),
        [
            r#":{"big":true,"first":1,"kind":"write","last":3,"method":"PUT","ms":900,"nested":{"a":[null,"x"]},"speed":"slow","total":6,"xs":[1,2,3]}"#
        ]
    );
}

#[test]
fn runtime_failures_abort_with_a_reason() {
    let src = "input app = stdin {}\ntransform t <- app {\n  . = parse_json!(.message)\n}\noutput o <- t = blackhole {}\n";
    let (outs, aborts) = run(
        src,
        &[r#"{"message": "[1, 2]"}"#, r#"{"message": "{"}"#, r#"{"message": "{\"a\":1}"}"#],
    );
    assert_eq!(aborts.len(), 2, "{aborts:?}");
    assert!(aborts[0].contains("must be an object"), "{aborts:?}");
    assert!(aborts[1].starts_with("t: parse_json:"), "{aborts:?}");
    assert_eq!(outputs_of(&outs, "o"), [r#":{"a":1}"#]);
}
