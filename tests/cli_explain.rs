//! End-to-end tests of `lgp explain FILE`: the DAG, the fused functions
//! with their nodes and slot layouts, and the `--ir`, `--clif` and `--asm`
//! dumps, on the quickstart example; diagnostic codes still work.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `lgp` at the workspace root with `args`.
fn lgp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lgp"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot run lgp: {error}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `lgp explain ARGS` succeeds; its stdout.
fn explain(args: &[&str]) -> String {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    let output = lgp(&all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn explain_file_names_the_fused_function_and_its_nodes() {
    let text = explain(&["examples/quickstart.lgp"]);
    // The DAG: every node with its kind, upstreams and lanes, then the edges.
    assert!(text.contains("input     app"), "{text}");
    assert!(
        text.contains("route     by_level       <- parsed  lanes: errors, warnings, _"),
        "{text}"
    );
    assert!(text.contains("by_level.errors -> errors_file"), "{text}");
    // `parsed` feeds only `by_level`: one function runs both.
    assert!(text.contains("Functions: 1 for 2 transforms and routes"), "{text}");
    assert!(text.contains("fn parsed+by_level: parsed -> by_level"), "{text}");
    // `parsed` names its fields after replacing the event: the JIT keeps
    // them in slots from its second statement on.
    assert!(
        text.contains("field slots of `parsed` (frame offsets, for statements 2 on,"),
        "{text}"
    );
    assert!(text.contains("  1  .level\n"), "{text}");
    assert!(!text.contains("Cranelift IR"), "dumps only on request:\n{text}");
}

#[test]
fn explain_file_dumps_ir_clif_and_asm_per_function() {
    let text = explain(&["examples/quickstart.lgp", "--ir", "--clif", "--asm"]);
    assert!(text.contains("pipeline IR:"), "{text}");
    assert!(text.contains("transform parsed (0 locals)"), "{text}");
    assert!(text.contains("lane errors if .level == \"error\""), "{text}");
    assert!(text.contains("Cranelift IR:"), "{text}");
    assert!(text.contains("= lgp_read"), "{text}");
    assert_eq!(text.matches("function u0:").count(), 1, "one function for the chain:\n{text}");
    assert!(text.contains("Cranelift's VCode disassembly"), "{text}");
    assert!(text.contains("call"), "{text}");
}

#[test]
fn explain_file_that_does_not_check_exits_1() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("no temp dir: {error}"));
    let path = dir.path().join("bad.lgp");
    std::fs::write(&path, "input a = stdin {}\noutput o <- nowhere = stdout {}\n")
        .unwrap_or_else(|error| panic!("{error}"));
    let output = lgp(&["explain", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("does not check; nothing to explain"), "{}", stderr(&output));
}

#[test]
fn explain_code_still_prints_the_long_doc_and_refuses_dumps() {
    assert!(explain(&["E0401"]).starts_with("## E0401\n"));
    let output = lgp(&["explain", "E0401", "--ir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("explain a pipeline file"), "{}", stderr(&output));
    let missing = lgp(&["explain", "no/such/file.lgp"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: cannot read `no/such/file.lgp`"));
}

#[test]
fn explain_file_lists_native_locals_and_their_machine_arithmetic() {
    let text = explain(&["tests/lang/reference/native_scalars.lgp", "--clif"]);
    assert!(text.contains("native locals of `t` (machine registers): l0 int, l1 int"), "{text}");
    assert!(text.contains("l7 bool"), "{text}");
    assert!(text.contains("l5 float"), "{text}");
    // Int `+` is one instruction with its overflow check, `%` guards the
    // divisor before `srem`, and floats compare natively.
    assert!(text.contains("sadd_overflow"), "{text}");
    assert!(text.contains("srem"), "{text}");
    assert!(text.contains("fcmp"), "{text}");
}
