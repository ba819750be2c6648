//! End-to-end tests of `lgp bench`: it runs the chain fused, as `lgp run`
//! does, in batches, and both engines count the same kept, dropped and
//! aborted events; a chain started in the middle of a fused function runs
//! node by node.

use std::process::{Command, Output};

fn lgp(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lgp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot run lgp: {error}"))
}

const PIPELINE: &str = r#"
input app = stdin {}
transform parse <- app {
  . = parse_json!(.message)
  if .level == "debug" { drop }
}
transform enrich <- parse {
  .n = int!(.n)
  .big = .n > 10
}
output out <- enrich = blackhole {}
"#;

/// `lgp bench` with `extra` arguments on 1,500 lines: a third debug
/// (dropped), a third with a non-numeric `n` (aborted), a third kept.
fn bench(extra: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join("p.lgp"), PIPELINE).expect("pipeline written");
    let mut lines = String::new();
    for i in 0..500 {
        lines.push_str(&format!("{{\"level\":\"debug\",\"n\":{i}}}\n"));
        lines.push_str(&format!("{{\"level\":\"info\",\"n\":\"x{i}\"}}\n"));
        lines.push_str(&format!("{{\"level\":\"info\",\"n\":{i}}}\n"));
    }
    std::fs::write(dir.path().join("in.log"), lines).expect("input written");
    let mut args = vec!["bench", "p.lgp", "--input", "in.log", "--runs", "1", "--format", "json"];
    args.extend_from_slice(extra);
    let output = lgp(dir.path(), &args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

#[test]
fn both_engines_count_the_same_outcomes_on_the_fused_chain() {
    for engine in ["interp", "jit"] {
        let report = bench(&["--engine", engine]);
        assert_eq!(report["chain"], serde_json::json!(["parse", "enrich"]), "{report}");
        assert_eq!(report["events"], 1500, "{report}");
        assert_eq!(
            (&report["kept"], &report["dropped"], &report["aborted"]),
            (&serde_json::json!(500), &serde_json::json!(500), &serde_json::json!(500)),
            "{engine}: {report}"
        );
    }
}

#[test]
fn a_chain_started_inside_a_fused_function_runs_node_by_node() {
    let report = bench(&["--engine", "jit", "--transform", "enrich"]);
    assert_eq!(report["chain"], serde_json::json!(["enrich"]), "{report}");
    // `enrich` alone sees `{"message": line}` events: no `.n`, so
    // `int!(null)` gives 0 and every event is kept.
    assert_eq!(report["kept"], 1500, "{report}");
}
