//! The `parse_json` projection pass: which programs it rewrites, which
//! fields it parses, and that a projected run equals an unprojected one on
//! both engines.

use lgp_compiler::ir::{NodeCode, Stmt};
use lgp_compiler::jit::JitProgram;
use lgp_compiler::{Engine, Pipeline};
use lgp_stdlib::{Event, Str, Value};
use proptest::prelude::*;

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: not found"))
    }
}

fn pipeline(body: &str) -> Pipeline {
    let src = format!(
        "input app = stdin {{}}\ntransform t <- app {{\n{body}\n}}\noutput o <- t = blackhole {{}}\n"
    );
    let file = lgp_lang::SourceFile::new("t.lgp", &src);
    let (program, diags) = lgp_lang::parser::parse(&src);
    assert!(diags.is_empty(), "syntax: {diags:?}");
    let (checked, diags) =
        lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "check: {errors:#?}");
    Pipeline::new(checked).expect("lowering")
}

/// The fields the transform's projected `parse_json` parses, if projected.
fn kept(body: &str) -> Option<Vec<String>> {
    let p = pipeline(body);
    let id = p.checked.node_by_name("t").expect("transform t");
    let Some(NodeCode::Transform { body, .. }) = p.code.get(id) else { return None };
    body.stmts.iter().find_map(|stmt| match stmt {
        Stmt::ProjectJson { projection, .. } => {
            Some(projection.keep.iter().map(Str::to_string).collect())
        }
        _ => None,
    })
}

fn skipped(body: &str) -> Vec<String> {
    let p = pipeline(body);
    let id = p.checked.node_by_name("t").expect("transform t");
    let Some(NodeCode::Transform { body, .. }) = p.code.get(id) else { return Vec::new() };
    body.stmts
        .iter()
        .find_map(|stmt| match stmt {
            Stmt::ProjectJson { projection, .. } => {
                Some(projection.skip.iter().map(Str::to_string).collect())
            }
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn fields_touched_after_the_parse_are_the_ones_parsed() {
    let body = ".a = 1\n. = parse_json!(.message)\n.env = \"p\"\ndel(.tags)\n.svc = del(.service)\n\
                if exists(.d) { .slow = true }";
    assert_eq!(kept(body), Some(["d", "env", "service", "slow", "svc"].map(String::from).to_vec()));
    assert_eq!(skipped(body), ["tags"]);
    // Deleted after something that can fail, or read again: parsed.
    assert_eq!(
        skipped(". = parse_json!(.message)\n.d = int!(.d)\ndel(.tags)"),
        Vec::<String>::new()
    );
    assert_eq!(skipped(". = parse_json!(.message)\ndel(.tags)\n.t = .tags"), Vec::<String>::new());
    assert_eq!(kept(". = parse_json!(.message)"), Some(vec![]));
    assert_eq!(
        kept(". = parse_json!(.message, max_depth = 4)\n.x = .y.z"),
        Some(["x", "y"].map(String::from).to_vec())
    );
}

#[test]
fn whole_event_uses_and_other_shapes_are_not_projected() {
    for body in [
        ". = parse_json!(.message)\n.n = length(keys(.))",
        ". = parse_json!(.message)\n.copy = .",
        ". = parse_json!(.message)\n. = merge(., {\"a\": 1})",
        ". = parse_json!(.message)\nfor k, v in . { .last = k }",
        ".p = parse_json!(.message)",
        ". = parse_json(.message) ?? {}",
        "if true { . = parse_json!(.message) }",
    ] {
        assert_eq!(kept(body), None, "{body}");
    }
}

fn outcomes(p: &Pipeline, engine: Engine, messages: &[String]) -> String {
    let input = p.checked.node_by_name("app").expect("input app");
    let events = messages.iter().map(|m| Event::from_line(m)).collect();
    let traces = p.feed_with(engine, &[(input, events)]).expect("engine");
    format!("{traces:?}")
}

/// Turns every projected statement back into the plain assignment.
fn unprojected(mut p: Pipeline) -> Pipeline {
    for code in &mut p.code {
        let NodeCode::Transform { body, .. } = code else { continue };
        for stmt in &mut body.stmts {
            if let Stmt::ProjectJson { call, .. } = stmt {
                let root = lgp_compiler::ir::PathRef {
                    root: lgp_compiler::ir::Root::Event,
                    segments: Vec::new(),
                };
                *stmt = Stmt::Assign(root, lgp_compiler::ir::Expr::Call(call.clone()));
            }
        }
    }
    p
}

/// JSON-ish text: valid and invalid documents, canonical and not.
fn document() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        Just("1".to_string()),
        Just("-0".to_string()),
        Just("2.50".to_string()),
        Just("1e2".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("\"s\"".to_string()),
        Just("\"a\\/b\\u00e9\\n\"".to_string()),
        Just("[1, {\"b\":1,\"a\":2}]".to_string()),
        Just("{\"a\":[]}".to_string()),
        Just("tru".to_string()),
    ];
    let key =
        prop_oneof![Just("a"), Just("d"), Just("tags"), Just("service"), Just("z"), Just("a b")];
    prop::collection::vec((key, scalar, prop::bool::ANY), 0..6).prop_map(|fields| {
        let body: Vec<String> = fields
            .iter()
            .map(
                |(k, v, spaced)| {
                    if *spaced { format!("\"{k}\" : {v}") } else { format!("\"{k}\":{v}") }
                },
            )
            .collect();
        format!("{{{}}}", body.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn projected_runs_equal_unprojected_runs(docs in prop::collection::vec(document(), 1..8)) {
        let body = ". = parse_json!(.message)\n.env = \"p\"\ndel(.tags)\n.svc = del(.service)\n\
                    .d = int(.d) ?? 0\n.z = int!(.z)";
        let projected = pipeline(body);
        let plain = unprojected(pipeline(body));
        let expected = outcomes(&plain, Engine::Interp, &docs);
        prop_assert_eq!(&outcomes(&projected, Engine::Interp, &docs), &expected);
        prop_assert_eq!(&outcomes(&projected, Engine::Jit, &docs), &expected);
    }
}

#[test]
fn the_jit_compiles_a_projected_transform() {
    let p = pipeline(". = parse_json!(.message)\n.x = 1");
    assert!(JitProgram::compile(&p).is_ok());
    let input = p.checked.node_by_name("app").expect("input app");
    let output = p.checked.node_by_name("o").expect("output o");
    let events = vec![Event::from_line("{\"y\":[1,2],\"x\":0}")];
    let traces = p.feed_with(Engine::Jit, &[(input, events)]).expect("jit");
    let out: Vec<Value> = traces[output].out.iter().map(|(_, e)| e.fields.clone()).collect();
    let expected = serde_json::json!({"x": 1, "y": [1, 2]});
    assert_eq!(out, vec![Value::from_json(&expected)]);
}
