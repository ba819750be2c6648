//! Checker tests: small programs and the diagnostics they produce.

use std::collections::HashMap;

use super::{Checked, Loader, check};
use crate::diag::Diagnostic;
use crate::span::SourceFile;

/// Serves `use`d files from a map.
struct Files(HashMap<String, String>);

impl Loader for Files {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        self.0.get(path).map(|t| (t.clone(), path.to_string())).ok_or_else(|| "no such file".into())
    }
}

fn run_with(src: &str, files: &[(&str, &str)]) -> (Checked, Vec<Diagnostic>, SourceFile) {
    let file = SourceFile::new("main.lgp", src);
    let (program, mut diags) = crate::parser::parse(src);
    let loader = Files(files.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let registry = super::test_fns::registry();
    let (checked, more) = check(&file, &program, &registry, &loader);
    diags.extend(more);
    (checked, diags, file)
}

/// `CODE line:col` for every diagnostic.
fn diags_of(src: &str) -> Vec<String> {
    let (_, diags, file) = run_with(src, &[]);
    render(&diags, &file)
}

fn render(diags: &[Diagnostic], file: &SourceFile) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let (line, col) = file.line_col(d.span().start as usize);
            format!("{} {line}:{col} {}", d.code, d.message)
        })
        .collect()
}

/// Just the codes.
fn codes(src: &str) -> Vec<String> {
    diags_of(src).iter().map(|d| d.split(' ').next().unwrap_or("").to_string()).collect()
}

/// Wraps statements in a file-input transform read by an output.
fn transform(body: &str) -> String {
    format!(
        "input app = stdin {{}}\ntransform t <- app {{\n{body}\n}}\noutput o <- t = blackhole {{}}\n"
    )
}

#[test]
fn clean_transform_has_no_diagnostics() {
    assert_eq!(diags_of(&transform(".x = 1")), Vec::<String>::new());
}

// ---- names -------------------------------------------------------------------

#[test]
fn duplicate_declaration_names_the_first() {
    let src = "input app = stdin {}\ninput app = stdin {}\noutput o <- app = blackhole {}\n";
    let (_, diags, file) = run_with(src, &[]);
    assert_eq!(render(&diags, &file), ["E0201 2:7 the name `app` is declared twice"]);
    assert_eq!(diags[0].labels.len(), 2, "secondary label at the first declaration");
}

#[test]
fn unknown_variable_suggests_a_close_name() {
    let (_, diags, _) = run_with(&transform("let count = 1\n.x = cout\n.y = count"), &[]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `count`?"));
}

#[test]
fn unknown_function_suggests_a_builtin() {
    let (_, diags, _) = run_with(&transform(".x = upcas(.message)"), &[]);
    assert_eq!(diags.iter().map(|d| d.code.to_string()).collect::<Vec<_>>(), ["E0203"]);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `upcase`?"));
}

#[test]
fn duplicate_parameters_lanes_keys_and_upstreams() {
    let src = "fn f(a: int, a: int) -> int { a }\nconst X = f(1, 2)\n";
    assert!(codes(src).contains(&"E0208".to_string()));
    assert_eq!(codes(&transform(r#".x = { "a": 1, "a": 2 }"#)), ["E0208"]);
    let route = "input app = stdin {}\nroute r <- app {\n  a = true\n  a = false\n}\noutput o <- r.a = blackhole {}\n";
    // The second `a` also follows a catch-all, so the lint flags it too.
    assert_eq!(codes(route), ["E0208", "W0102"]);
    let ups = "input app = stdin {}\noutput o <- app, app = blackhole {}\n";
    assert_eq!(codes(ups), ["E0208"]);
}

#[test]
fn recursive_functions_are_refused() {
    let direct = "fn f(x: int) -> int { f(x) }\nconst C = f(1)\noutput o <- i = blackhole {}\ninput i = stdin {}\n";
    assert!(codes(direct).contains(&"E0209".to_string()), "{:?}", diags_of(direct));
    let mutual = "fn f(x: int) -> int { g(x) }\nfn g(x: int) -> int { f(x) }\nconst C = f(1)\n";
    assert_eq!(codes(mutual).iter().filter(|c| *c == "E0209").count(), 1, "{:?}", diags_of(mutual));
    let consts = "const A = B\nconst B = A\n";
    assert!(codes(consts).contains(&"E0209".to_string()));
}

#[test]
fn constants_and_parameters_cannot_be_assigned() {
    let src = transform("X = 2\n.x = X");
    assert_eq!(codes(&format!("const X = 1\n{src}")), ["E0210"]);
    let f = "fn f(a: int) -> int {\n  a = 2\n  a\n}\nconst _C = f(1)\n";
    assert_eq!(codes(f), ["E0210"]);
}

#[test]
fn functions_cannot_touch_the_event_or_drop() {
    let src = "fn f() -> string { .message }\nconst _C = f()\n";
    assert_eq!(codes(src), ["E0211"]);
    let src = "fn f(x: int) -> int {\n  drop\n  x\n}\nconst _C = f(1)\n";
    assert_eq!(codes(src), ["E0211"]);
    let route = "input app = stdin {}\nroute r <- app {\n  a = { emit x\n true }\n}\noutput o <- r.a = blackhole {}\n";
    assert_eq!(codes(route), ["E0211"]);
}

#[test]
fn wildcard_outside_patterns_is_refused() {
    assert_eq!(codes(&transform(".x = _")), ["E0109"]);
    assert!(codes(&transform(r#".x = match .message { "a" => 1, _ => 2 }"#)).is_empty());
}

#[test]
fn del_and_exists_take_paths() {
    assert_eq!(codes(&transform("del(1)")), ["E0302"]);
    assert_eq!(codes(&transform(".b = exists(.message)")), Vec::<String>::new());
    let src = transform(".a = 1\ndel(.a)\n.b = .a + 1");
    // The write of `.a` is dead (W0104) and `.a` is null after the delete.
    assert_eq!(codes(&src), ["W0104", "E0301"], "{:?}", diags_of(&src));
}

#[test]
fn use_brings_functions_in() {
    let lib = "fn shout(s: string) -> string { upcase(s) }\n";
    let src = format!("use \"lib.lgp\"\n{}", transform(".x = shout(.message)"));
    let (_, diags, file) = run_with(&src, &[("lib.lgp", lib)]);
    assert_eq!(render(&diags, &file), Vec::<String>::new());
}

#[test]
fn use_errors() {
    let src = format!("use \"missing.lgp\"\n{}", transform(".x = 1"));
    let (_, diags, file) = run_with(&src, &[]);
    assert_eq!(render(&diags, &file), ["E0205 1:5 cannot find `missing.lgp` to use"]);
    let lib = "input nope = stdin {}\n";
    let (_, diags, _) = run_with(&src.replace("missing", "lib"), &[("lib.lgp", lib)]);
    assert_eq!(diags.iter().map(|d| d.code.to_string()).collect::<Vec<_>>(), ["E0206"]);
    let cyclic = "use \"lib.lgp\"\nconst A = 1\n";
    let (_, diags, _) = run_with(&src.replace("missing", "lib"), &[("lib.lgp", cyclic)]);
    let codes: Vec<_> = diags.iter().map(|d| (d.code.to_string(), d.file.clone())).collect();
    assert_eq!(codes, [("E0206".to_string(), Some("lib.lgp".to_string()))]);
}

#[test]
fn diagnostics_in_used_files_name_the_file() {
    let lib = "fn f(x: int) -> int { y }\n";
    let src = format!("use \"lib.lgp\"\n{}", transform(".x = f(1)"));
    let (_, diags, _) = run_with(&src, &[("lib.lgp", lib)]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].file.as_deref(), Some("lib.lgp"));
}

// ---- topology ----------------------------------------------------------------

#[test]
fn upstream_errors() {
    let unknown = "input app = stdin {}\noutput o <- ap = blackhole {}\n";
    assert_eq!(codes(unknown), ["W0101", "E0601"]);
    let output =
        "input app = stdin {}\noutput a <- app = blackhole {}\noutput b <- a = blackhole {}\n";
    assert_eq!(codes(output), ["E0603"]);
    let route =
        "input app = stdin {}\nroute r <- app {\n  a = true\n}\noutput o <- r = blackhole {}\n";
    assert_eq!(codes(route), ["E0603"]);
    let lane =
        "input app = stdin {}\nroute r <- app {\n  a = true\n}\noutput o <- r.b = blackhole {}\n";
    assert_eq!(codes(lane), ["E0207"]);
}

#[test]
fn cycles_label_every_node() {
    let src = "input app = stdin {}\ntransform a <- app, b { .x = 1 }\ntransform b <- a { .y = 1 }\noutput o <- b = blackhole {}\n";
    let (_, diags, _) = run_with(src, &[]);
    let cycle: Vec<_> = diags.iter().filter(|d| d.code.to_string() == "E0602").collect();
    assert_eq!(cycle.len(), 1, "{diags:?}");
    assert_eq!(cycle[0].labels.len(), 2);
    assert_eq!(cycle[0].message, "cycle in the pipeline: `a` -> `b` -> `a`");
}

#[test]
fn unused_nodes_and_lanes_warn() {
    let src = "input app = stdin {}\ninput other = stdin {}\nroute r <- app {\n  a = true\n  b = false\n}\noutput o <- r.a = blackhole {}\n";
    let found = diags_of(src);
    assert_eq!(
        found,
        [
            "W0101 2:7 nothing reads input `other`",
            "W0101 5:3 nothing reads route lane `r.b`",
            "W0102 5:3 lane `b` is unreachable"
        ]
    );
}

#[test]
fn transform_lanes_come_from_emit() {
    let src = "input app = stdin {}\ntransform t <- app {\n  if .message == \"x\" { emit special }\n}\noutput a <- t.special = blackhole {}\noutput b <- t = blackhole {}\n";
    let (checked, diags, _) = run_with(src, &[]);
    assert!(diags.is_empty(), "{diags:?}");
    let t = checked.node_by_name("t").and_then(|i| checked.nodes.get(i)).map(|n| n.lanes.clone());
    assert_eq!(t, Some(vec!["special".to_string()]));
}

#[test]
fn nodes_are_in_topological_order() {
    let src = "output o <- t = blackhole {}\ntransform t <- app { .x = 1 }\ninput app = stdin {}\n";
    let (checked, diags, _) = run_with(src, &[]);
    assert!(diags.is_empty(), "{diags:?}");
    let names: Vec<&str> = checked.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["app", "t", "o"]);
    assert_eq!(checked.nodes[2].upstreams[0].node, 1);
}

// ---- types -------------------------------------------------------------------

#[test]
fn event_shape_is_tracked() {
    let src = transform(".a.b = 1\n.c = .a.b + 1\ndel(.message)");
    let (checked, diags, _) = run_with(&src, &[]);
    assert!(diags.is_empty(), "{diags:?}");
    let t = &checked.nodes[1];
    let out = t.output(None).cloned().unwrap_or_default();
    assert_eq!(out.field("c"), crate::types::Type::int());
    assert_eq!(out.field("message"), crate::types::Type::null());
}

#[test]
fn operator_mismatch_names_both_types() {
    let found = diags_of(&transform(".x = .message + 1"));
    assert_eq!(found, ["E0301 3:6 `+` cannot apply to `string` and `int`"]);
}

#[test]
fn conditions_must_be_bool() {
    assert_eq!(codes(&transform("if .message { .x = 1 }")), ["E0303"]);
    assert_eq!(codes(&transform(". = parse_json!(.message)\nif .x { .y = 1 }")), ["E0401"]);
}

#[test]
fn root_must_be_an_object() {
    assert_eq!(codes(&transform(". = 1")), ["E0305"]);
    assert!(codes(&transform(". = parse_json!(.message)")).is_empty());
}

#[test]
fn paths_into_scalars_are_refused() {
    assert_eq!(codes(&transform(".x = .message.inner")), ["E0306"]);
    assert_eq!(codes(&transform(".x = .message[0]")), ["E0306"]);
}

#[test]
fn for_needs_an_iterable() {
    assert_eq!(codes(&transform("for x in .message { .y = x }")), ["E0307"]);
    assert!(codes(&transform(".a = [1, 2]\nfor x in .a { .y = x }")).is_empty());
    assert!(
        codes(&transform(".a = {\"k\": 1}\nfor k, v in .a { .y = k }\n.z = 1"))
            .contains(&"W0101".to_string())
    );
}

#[test]
fn function_types_are_checked() {
    assert_eq!(codes("fn f(x: strng) -> string { x }\nconst _C = f(\"a\")\n"), ["E0308"]);
    assert_eq!(codes("fn f(x: int) -> string { x }\nconst _C = f(1)\n"), ["E0304"]);
    assert!(codes("fn f(x: int) -> int { x + 1 }\nconst C = f(1)\nconst _D = C\n").is_empty());
}

#[test]
fn arguments_are_bound_and_checked() {
    assert_eq!(codes(&transform(".x = upcase(.message, .message)")), ["E0501"]);
    assert_eq!(codes(&transform(".x = upcase(valu = .message)")), ["E0503", "E0502"]);
    assert_eq!(codes(&transform(".x = upcase()")), ["E0503"]);
    assert_eq!(codes(&transform(".x = upcase(.message, value = .message)")), ["E0511"]);
    assert_eq!(codes(&transform(".x = upcase(1)")), ["E0302"]);
    assert_eq!(codes(&transform(".x = parse_regex!(.message, \"(a\")")), ["E0504"]);
}

// ---- fallibility -------------------------------------------------------------

#[test]
fn unhandled_call_says_why_and_how() {
    let (_, diags, _) = run_with(&transform(". = parse_json!(.message)\n.d = int(.duration)"), &[]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.message, "unhandled error from fallible call `int`");
    assert_eq!(
        d.labels[0].message,
        "this call can fail: `.duration` is `any` here, `int` needs `null|bool|int|float|string|timestamp`"
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "handle it: `int!(.duration)` aborts the event on error, `int(.duration) ?? 0` substitutes a value, or `let duration, err = int(.duration)` binds both"
        )
    );
}

#[test]
fn function_reasons_are_shown() {
    let (_, diags, _) = run_with(&transform(". = parse_json(.message)"), &[]);
    assert_eq!(diags[0].labels[0].message, "this call can fail: `.message` may not be valid JSON");
}

#[test]
fn every_handling_form_works() {
    assert!(codes(&transform(". = parse_json!(.message)")).is_empty());
    assert!(codes(&transform(". = parse_json(.message) ?? {}")).is_empty());
    let src = transform("let v, err = parse_json(.message)\nif err == null { .v = v }");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
    let src = transform(".v, err = parse_json(.message)\n.e = err");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
    assert!(codes(&transform(".x = upcase(string(int(.message) ?? 0))")).is_empty());
}

#[test]
fn needless_handling_warns_or_errors() {
    assert_eq!(codes(&transform(".x = upcase!(.message)")), ["W0107"]);
    assert_eq!(codes(&transform(".x = upcase(.message) ?? \"\"")), ["W0107"]);
    assert_eq!(codes(&transform("let v, err = upcase(.message)\n.v = v\n.e = err")), ["E0402"]);
    assert_eq!(codes(&transform("let v, err = parse_json(.message)\n.v = v")), ["W0106"]);
    // Int arithmetic can overflow: handling it is not needless, nor required.
    assert!(codes(&transform("let n = 7\n.x = (n * 3) ?? 0")).is_empty());
    assert!(codes(&transform("let n = 7\n.x = (-n) ?? 0")).is_empty());
    assert!(codes(&transform("let n = 7\n.x = n * 3")).is_empty());
    assert_eq!(codes(&transform("let n = 7.5\n.x = (n * 3) ?? 0")), ["W0107"]);
}

#[test]
fn partial_operands_are_fallible() {
    let src = transform(". = parse_json!(.message)\n.slow = .x > 500");
    assert_eq!(codes(&src), ["E0401"]);
    let src = transform(". = parse_json!(.message)\n.slow = (.x > 500) ?? false");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
    assert_eq!(codes(&transform(".x = 10 / 2")), Vec::<String>::new());
    assert_eq!(codes(&transform(".d = 0\n.x = 10 / .d")), ["E0401"]);
}

// ---- narrowing ---------------------------------------------------------------

#[test]
fn is_functions_narrow_inside_the_branch() {
    let src = transform(". = parse_json!(.message)\nif is_string(.name) { .n = upcase(.name) }");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
    let src = transform(
        ". = parse_json!(.message)\nif is_string(.name) { .n = 1 } else { .n = upcase(.name) }",
    );
    assert_eq!(codes(&src), ["E0302"], "{:?}", diags_of(&src));
}

#[test]
fn diverging_branches_narrow_what_follows() {
    let src =
        transform(". = parse_json!(.message)\nif !is_string(.name) { abort }\n.n = upcase(.name)");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
}

#[test]
fn and_narrows_its_right_side() {
    let src = transform(". = parse_json!(.message)\n.big = is_int(.n) && .n > 5");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
    let src = transform("let x = int(.message) ?? null\nif x != null { .y = x + 1 }");
    assert!(codes(&src).is_empty(), "{:?}", diags_of(&src));
}

// ---- scopes ------------------------------------------------------------------

#[test]
fn shadowing_and_unused_variables_warn() {
    let src = transform("let x = 1\nif true { let x = 2\n.a = x }\n.b = x");
    assert_eq!(codes(&src), ["W0103"]);
    assert_eq!(codes(&transform("let x = 1")), ["W0101"]);
    assert!(codes(&transform("let _x = 1")).is_empty());
}

#[test]
fn unused_functions_and_constants_warn() {
    assert_eq!(codes("fn f() -> int { 1 }\n"), ["W0101"]);
    assert_eq!(codes("const C = 1\n"), ["W0101"]);
}

// ---- tests -------------------------------------------------------------------

#[test]
fn test_targets_are_checked() {
    let base = transform(".x = 1");
    let ok = format!(
        "{base}test \"t\" {{\n  input app = {{ \"message\": \"a\" }}\n  expect t = {{ \"message\": _, \"x\": 1 }}\n}}\n"
    );
    assert!(codes(&ok).is_empty(), "{:?}", diags_of(&ok));
    let bad = format!(
        "{base}test \"t\" {{\n  input t = {{ \"message\": \"a\" }}\n  expect app = {{ \"x\": 1 }}\n}}\n"
    );
    assert_eq!(codes(&bad), ["E0212", "E0212"]);
}

// ---- robustness --------------------------------------------------------------

#[test]
fn deep_shapes_stay_bounded() {
    let body = ".a = [.a]\n".repeat(300);
    let (_, diags, _) = run_with(&transform(&body), &[]);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn nested_loops_check_in_linear_passes() {
    let mut body = String::from(".a = [[1]]\n");
    for i in 0..40 {
        body.push_str(&format!("for x{i} in .a {{\n"));
    }
    body.push_str(".b = 1\n");
    body.push_str(&"}\n".repeat(40));
    let (_, diags, _) = run_with(&transform(&body), &[]);
    assert!(diags.iter().all(|d| d.code.to_string() == "W0101"), "{diags:?}");
}

/// `depth` nested `if`s around a type error.
fn nested_ifs(depth: usize) -> String {
    let mut body = String::new();
    for i in 0..depth {
        body.push_str(&format!("if .message == \"{i}\" {{\n"));
    }
    body.push_str(".x = 1 + \"a\"\n");
    body.push_str(&"}\n".repeat(depth));
    transform(&body)
}

#[test]
fn the_deepest_nesting_the_parser_accepts_is_checked() {
    let parses = |depth: usize| crate::parser::parse(&nested_ifs(depth)).1.is_empty();
    let depth = (1..=256).take_while(|&d| parses(d)).last().unwrap_or(0);
    assert!(depth >= 30, "the parser accepts only {depth} nested ifs");
    let (_, diags, _) = run_with(&nested_ifs(depth), &[]);
    let found: Vec<String> = diags.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(found, ["E0301"], "the innermost error is found at depth {depth}");
}

/// A program touching most forms, cut at every character below.
const EVERYTHING: &str = r#"use "lib.lgp"
const LIMIT = 500
fn speed(ms: int) -> string { if ms > LIMIT { "slow" } else { "fast" } }
input app = http { address = "0.0.0.0:80" }
transform parsed <- app, fixed {
  . = parse_json(.message) ?? { "raw": .message }
  let v, err = parse_json(.message)
  .n = int(.duration) ?? 0
  .speed = speed(.n)
  for k, x in . { .last = k }
  .kind = match .method { "GET" | "HEAD" => "read", _ => "write" }
  if !is_string(.name) { emit odd }
  del(.password)
  .e = err ?? v
}
transform fixed <- parsed.odd { .name = "x" }
route r <- parsed { slow = .speed == "slow"
  _ = true }
output o <- r.slow, r._ = stdout {}
test "t" { input app = { "message": "{}" }
  expect parsed = { "raw": _ } }
"#;

#[test]
fn every_prefix_of_a_program_checks_within_its_text() {
    let lib = "fn shout(s: string) -> string { upcase(s) }\n";
    for end in (0..=EVERYTHING.len()).filter(|&i| EVERYTHING.is_char_boundary(i)) {
        let (_, diags, _) = run_with(&EVERYTHING[..end], &[("lib.lgp", lib)]);
        for diag in diags.iter().filter(|d| d.file.is_none()) {
            for label in &diag.labels {
                assert!(label.span.end as usize <= end, "{diag:?} past the end at {end}");
            }
        }
    }
}

#[test]
fn a_declaration_that_did_not_parse_silences_unused_warnings() {
    let src = "input app = stdin {}\ntransform t <- app {\n  .x =\n}\noutput o <- app = stdout {}\ninput other = stdin {}\n";
    let (_, diags, _) = run_with(src, &[]);
    assert!(diags.iter().all(|d| d.code.to_string() != "W0101"), "{diags:?}");
    assert!(diags.iter().any(|d| d.code.to_string() == "E0101"), "{diags:?}");
    let complete =
        "input app = stdin {}\n# note\noutput o <- app = stdout {}\ninput other = stdin {}\n";
    assert_eq!(codes(complete), ["W0101"]);
}
