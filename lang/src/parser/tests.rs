//! Parser tests: every form parses to the expected tree, errors read well,
//! and hostile input is refused without a crash.

use super::*;
use crate::ast::*;

thread_local! {
    /// Overrides the parser's call budget on this thread (see `budget`).
    pub(super) static FORCED_BUDGET: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

fn ok(src: &str) -> Program {
    let (program, diags) = parse(src);
    assert!(diags.is_empty(), "unexpected diagnostics for {src:?}: {diags:#?}");
    program
}

fn errors(src: &str) -> Vec<(Code, usize, String)> {
    let (_, diags) = parse(src);
    diags.into_iter().map(|d| (d.code, d.span().start as usize, d.message)).collect()
}

const QUICKSTART: &str = r#"
# examples/quickstart.lgp
input app = file {
  paths = ["examples/data/app.log"]
  read_from = "beginning"          # or "end"
}

transform parsed <- app {
  . = parse_json(.message) ?? { "raw": .message, "parse_error": true }
  .level = downcase(string(.level) ?? "info")
  .duration_ms = int(.duration_ms) ?? 0
  if .duration_ms > 500 { .slow = true }
  del(.password)
  .host = get_env("HOSTNAME") ?? "unknown"
}

route by_level <- parsed {
  errors = .level == "error"
  debug  = .level == "debug"
  _      = true                    # everything else
}

output console <- by_level.errors = stdout { codec = "json" }
output archive <- by_level._, by_level.errors = file {
  path = "out/{{ .service }}-%Y-%m-%d.log"
}

test "slow requests are flagged" {
  input  app = { "message": "{\"level\":\"INFO\",\"duration_ms\":900}" }
  expect parsed = { "level": "info", "duration_ms": 900, "slow": true, "host": _ }
}
"#;

#[test]
fn parses_the_language_sketch() {
    let p = ok(QUICKSTART);
    assert_eq!(p.decls.len(), 6);
    assert_eq!(p.comments.len(), 3);
    let DeclKind::Transform { body, .. } = &p.decls[1].kind else { panic!("not a transform") };
    assert_eq!(body.stmts.len(), 6);
    let DeclKind::Route { lanes, .. } = &p.decls[2].kind else { panic!("not a route") };
    assert_eq!(
        lanes.iter().map(|l| l.name.name.as_str()).collect::<Vec<_>>(),
        ["errors", "debug", "_"]
    );
    let DeclKind::Output { upstreams, .. } = &p.decls[4].kind else { panic!("not an output") };
    assert_eq!(upstreams[1].lane.as_ref().map(|l| l.name.as_str()), Some("errors"));
}

#[test]
fn precedence_folds_left_and_by_strength() {
    let (e, d) = parse_expr("1 + 2 * 3 - 4 ?? 5");
    assert!(d.is_empty());
    let e = e.expect("expr");
    let ExprKind::Binary { op: BinaryOp::Coalesce, lhs, .. } = e.kind else {
        panic!("?? not outermost")
    };
    let ExprKind::Binary { op: BinaryOp::Sub, lhs: add, .. } = lhs.kind else { panic!("- next") };
    let ExprKind::Binary { op: BinaryOp::Add, rhs: mul, .. } = add.kind else {
        panic!("+ under -")
    };
    assert!(matches!(mul.kind, ExprKind::Binary { op: BinaryOp::Mul, .. }));
}

#[test]
fn every_literal_kind() {
    let src = r#"[null, true, false, 1, -2, 3.5, -0.5, 1e3, "a\n\"b\"\u{1F600}", s'raw\d', r'^\d+$', t'2026-11-26T10:00:00Z', -9223372036854775808]"#;
    let (e, d) = parse_expr(src);
    assert!(d.is_empty(), "{d:?}");
    let ExprKind::Array(items) = e.expect("expr").kind else { panic!("array") };
    let lits: Vec<Literal> = items
        .into_iter()
        .map(|i| match i.kind {
            ExprKind::Literal(l) => l,
            other => panic!("not a literal: {other:?}"),
        })
        .collect();
    assert_eq!(lits[4], Literal::Int(-2));
    assert_eq!(lits[6], Literal::Float(-0.5));
    assert_eq!(lits[7], Literal::Float(1000.0));
    assert_eq!(lits[8], Literal::String { value: "a\n\"b\"😀".into(), raw: false });
    assert_eq!(lits[9], Literal::String { value: "raw\\d".into(), raw: true });
    assert_eq!(lits[10], Literal::Regex("^\\d+$".into()));
    assert_eq!(lits[12], Literal::Int(i64::MIN));
}

#[test]
fn statements_and_control_flow() {
    let src = r#"
fn speed(ms: int | float) -> string { if ms > 500 { "slow" } else if ms > 100 { "ok" } else { "fast" } }
const LIMIT = 10
use "lib/common.lgp"
transform t <- a, b.lane {
  let x = 1
  let v, err = parse_json(.message)
  .a, err2 = parse_json(.m)
  for k, v2 in .obj { .out = k }
  for item in .arr { .n = item }
  match .method {
    "POST" | "PUT" => .write = true
    _ => { .write = false }
  }
  .kind = match .status { 200 => "ok", 404 => "missing", _ => "other" }
  if !is_string(.x) { abort "no x" }
  if .drop_me { drop }
  emit errors
  .x = %input
  %meta.a = ."odd key"[0]
  del(.a.b[-1])
  .y = f!(1, name = 2)
  abort
}
"#;
    let p = ok(src);
    assert_eq!(p.decls.len(), 4);
    let DeclKind::Transform { body, upstreams, .. } = &p.decls[3].kind else { panic!("transform") };
    assert_eq!(upstreams.len(), 2);
    assert_eq!(body.stmts.len(), 15);
}

#[test]
fn keywords_need_a_word_boundary() {
    let p = ok("transform t <- a {\n  letter = 1\n  .input = iffy\n  dropped = 1\n}\n");
    let DeclKind::Transform { body, .. } = &p.decls[0].kind else { panic!() };
    assert!(matches!(body.stmts[0].kind, StmtKind::Assign { .. }));
    assert!(matches!(body.stmts[2].kind, StmtKind::Assign { .. }));
}

#[test]
fn newlines_end_statements() {
    let p = ok("transform t <- a {\n  .x = 1\n  -1\n}\n");
    let DeclKind::Transform { body, .. } = &p.decls[0].kind else { panic!() };
    assert_eq!(body.stmts.len(), 2);
    // An operator at the end of a line continues the expression.
    let p = ok("transform t <- a {\n  .x = 1 +\n    2\n}\n");
    let DeclKind::Transform { body, .. } = &p.decls[0].kind else { panic!() };
    assert_eq!(body.stmts.len(), 1);
}

#[test]
fn syntax_error_speaks_the_users_terms() {
    let errs = errors("transform t <- app {\n  .x =\n}\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, Code::SyntaxError);
    assert_eq!(errs[0].2, "expected an expression after `=`");
    assert_eq!(errs[0].1, 28);
}

#[test]
fn recovers_to_report_errors_in_several_declarations() {
    let src = "input a = stdin {}\ntransform t <- a {\n  .x = (1 +\n}\ntransform u = a {}\noutput o <- t = stdout {}\n";
    let (program, diags) = parse(src);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_eq!(program.decls.len(), 2);
}

#[test]
fn unterminated_string_and_bad_escape() {
    let errs = errors("const A = \"abc\n");
    assert_eq!(errs[0].0, Code::UnterminatedString);
    let errs = errors("const A = \"a\\qb\"\n");
    assert_eq!(errs[0].0, Code::InvalidEscape);
    assert_eq!(errs[0].1, 12);
}

#[test]
fn literal_validation() {
    assert_eq!(errors("const A = 9223372036854775808\n")[0].0, Code::IntegerOutOfRange);
    assert_eq!(errors("const A = t'yesterday'\n")[0].0, Code::InvalidTimestamp);
    assert_eq!(errors("const A = r'(ab'\n")[0].0, Code::InvalidRegex);
    assert_eq!(errors("const A = 1e999\n")[0].0, Code::InvalidNumber);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let parens = format!("const A = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(errors(&parens)[0].0, Code::NestingTooDeep);
    let nots = format!("const A = {}true\n", "!".repeat(100_000));
    assert_eq!(errors(&nots)[0].0, Code::NestingTooDeep);
    let chain = format!("const A = 1{}\n", " + 1".repeat(100_000));
    assert_eq!(errors(&chain)[0].0, Code::NestingTooDeep);
    // Just under the limits parses.
    let fine = format!("const A = {}1{}\n", "(".repeat(100), ")".repeat(100));
    assert!(errors(&fine).is_empty());
}

#[test]
fn keyword_calls_do_not_backtrack_exponentially() {
    // `match(` is a call, `match (` a match expression; neither re-parses
    // its arguments, so deep nesting stays linear.
    let deep_calls = format!("const A = {}.x{}\n", "match(".repeat(60), ", r'a')".repeat(60));
    assert!(errors(&deep_calls).is_empty());
    let broken = format!("const A = {}1\n", "if(".repeat(60));
    assert_eq!(errors(&broken).len(), 1);
    let (e, d) = parse_expr("match (.x) { 1 => \"one\", _ => \"many\" }");
    assert!(d.is_empty(), "{d:?}");
    assert!(matches!(e.map(|e| e.kind), Some(ExprKind::Match { .. })));
    let (e, _) = parse_expr("match(.x, r'a')");
    assert!(matches!(e.map(|e| e.kind), Some(ExprKind::Call(_))));
}

#[test]
fn null_types_and_keyword_keys() {
    let p =
        ok("fn f(a: string | null) -> string | null { a }\nconst X = { input: 2, \"if\": 3 }\n");
    let DeclKind::Fn { params, .. } = &p.decls[0].kind else { panic!("fn") };
    let names: Vec<&str> = params[0].ty.alternatives.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["string", "null"]);
    let DeclKind::Const { value, .. } = &p.decls[1].kind else { panic!("const") };
    let ExprKind::Object(entries) = &value.kind else { panic!("object") };
    assert_eq!(
        entries[0].key,
        StrLit { value: "input".into(), bare: true, span: entries[0].key.span }
    );
}

#[test]
fn an_exhausted_budget_is_a_diagnostic() {
    FORCED_BUDGET.with(|b| b.set(Some(50)));
    let errs = errors("transform t <- app {\n  .x = 1 + 2 + 3\n}\n");
    FORCED_BUDGET.with(|b| b.set(None));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, Code::TooComplex);
    assert_eq!(errs[0].2, "program too complex to parse");
}

#[test]
fn empty_and_comment_only_files() {
    assert!(ok("").decls.is_empty());
    let p = ok("# only a comment\n\n# another\n");
    assert_eq!(p.comments.len(), 2);
}

#[test]
fn missing_arrow_gets_a_help() {
    let (_, d) = parse("transform t = app {\n}\n");
    assert_eq!(d[0].message, "expected `<-` after `t`");
    assert_eq!(d[0].span().start, 12);
    assert!(d[0].help.as_deref().unwrap_or("").contains("<-"));
    let (_, d) = parse("output o <- t = stdout { codec: \"json\" }\n");
    assert_eq!(d[0].message, "expected `=` or `{` after `codec`");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_text_never_panics(src in "\\PC{0,300}") {
            let _ = parse(&src);
        }

        #[test]
        fn token_soup_never_panics(parts in proptest::collection::vec(prop::sample::select(vec![
            "input", "transform", "route", "output", "fn", "const", "use", "test", "{", "}", "(", ")",
            "[", "]", "=", "<-", "->", ".", ".a", "%m", "x", "1", "-", "!", "??", "\"s\"", "s'r'", "r'a+'",
            "t'2026-01-01T00:00:00Z'", "\n", ",", ":", "=>", "if", "else", "match", "let", "_", "#c\n",
        ]), 0..80)) {
            let src = parts.join(" ");
            let _ = parse(&src);
        }

        #[test]
        fn mutated_programs_never_panic(cut in 0usize..1000, len in 0usize..20, insert in "\\PC{0,5}") {
            let mut src = QUICKSTART.to_string();
            let at = cut.min(src.len());
            let at = (0..=at).rev().find(|i| src.is_char_boundary(*i)).unwrap_or(0);
            let end = (at + len).min(src.len());
            let end = (end..=src.len()).find(|i| src.is_char_boundary(*i)).unwrap_or(src.len());
            src.replace_range(at..end, &insert);
            let _ = parse(&src);
        }
    }
}
