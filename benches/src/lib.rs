//! Shared pieces of the benchmarks: generated programs and workload data.
//!
//! See `benches/*.rs` for the criterion targets and `docs/performance.md`
//! for the figures and the commands that produced them.

use std::fmt::Write as _;

/// A realistic pipeline of about `lines` lines: one input, chains of
/// transforms that parse, enrich and branch, a route and outputs per chain.
/// Every tenth transform starts a new chain so the graph has some width.
pub fn pipeline(lines: usize) -> String {
    let mut src = String::with_capacity(lines * 40);
    src.push_str("# generated benchmark pipeline\ninput app = file {\n  paths = [\"/var/log/app/*.log\"]\n  read_from = \"beginning\"\n}\n\n");
    src.push_str(
        "fn speed(ms: int) -> string {\n  if ms > 500 { \"slow\" } else { \"fast\" }\n}\n\n",
    );
    let mut i = 0;
    let mut upstream = "app".to_string();
    while src.lines().count() < lines.saturating_sub(12) {
        let _ = write!(
            src,
            "transform t{i} <- {upstream} {{\n  . = parse_json(.message) ?? {{ \"raw\": .message }}\n  .level{i} = downcase(string(.level) ?? \"info\")\n  .duration_ms = int(.duration_ms) ?? 0\n  .speed = speed(.duration_ms)\n  if .duration_ms > {i} {{\n    .slow = true\n  }} else {{\n    .fast = true\n  }}\n  .tag{i} = \"t{i}\"\n}}\n\n"
        );
        upstream = format!("t{i}");
        if i % 10 == 9 {
            let _ = write!(
                src,
                "route r{i} <- t{i} {{\n  errors = .level == \"error\"\n  _ = true\n}}\n\noutput o{i} <- r{i}.errors, r{i}._ = blackhole {{}}\n\n"
            );
            upstream = "app".to_string();
        }
        i += 1;
    }
    let _ = writeln!(src, "output last <- {upstream} = stdout {{\n  codec = \"json\"\n}}");
    src
}

/// The shared workload files for `lines` lines, generated on first use into
/// `$LGP_BENCH_DATA` (default `target/bench-data/<lines>`).
pub fn bench_data(lines: usize) -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("LGP_BENCH_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| manifest.join("../target/bench-data").join(lines.to_string()));
    if !dir.join("json.log").exists() {
        let status = std::process::Command::new("python3")
            .arg(manifest.join("gen_logs.py"))
            .arg(lines.to_string())
            .arg(&dir)
            .status();
        assert!(status.is_ok_and(|s| s.success()), "generating bench data into {}", dir.display());
    }
    dir
}

/// The lines of a data file.
pub fn read_lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: no files in benchmarks"))
    }
}

/// Parses, checks and lowers a workload program (path relative to `benches/`);
/// `None`, with the reason on stderr, when it does not compile.
pub fn compile(program: &str) -> Option<lgp_compiler::Pipeline> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(program);
    let src = std::fs::read_to_string(&path).ok()?;
    let file = lgp_lang::SourceFile::new(program, src.as_str());
    let (ast, diags) = lgp_lang::parser::parse(&src);
    let (checked, more) = lgp_lang::check::check(&file, &ast, lgp_stdlib::registry(), &NoFiles);
    let errors: Vec<String> =
        diags.iter().chain(&more).filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    if !errors.is_empty() {
        eprintln!("{program}: skipped: {}", errors.join("; "));
        return None;
    }
    lgp_compiler::Pipeline::new(checked).map_err(|e| eprintln!("{program}: {e}")).ok()
}

/// The code of the first transform of a pipeline.
pub fn first_transform(pipeline: &lgp_compiler::Pipeline) -> Option<&lgp_compiler::ir::NodeCode> {
    let id = pipeline
        .checked
        .nodes
        .iter()
        .position(|n| n.kind == lgp_lang::check::typed::NodeKind::Transform)?;
    pipeline.code.get(id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_pipeline_has_about_the_asked_size() {
        for n in [1_000, 5_000] {
            let lines = super::pipeline(n).lines().count();
            assert!(lines >= n - 20 && lines <= n + 20, "{n} -> {lines}");
        }
    }
}
