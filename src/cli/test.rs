//! `lgp test`: runs the `test` blocks of pipeline files and reports like a
//! test runner: one line per test, a structural diff for each failure, and
//! a closing `N passed, M failed` line.

use std::path::PathBuf;

use lgp_compiler::Pipeline;
use lgp_compiler::testing::{self, DiffLine, TestResult};
use lgp_lang::diag::render::{self, Format};
use lgp_lang::{Severity, SourceFile};

use super::{Outcome, analyze, read_source, write_stdout};

#[derive(clap::Args)]
pub struct TestArgs {
    /// The engine that runs the transforms
    #[arg(long, default_value = "jit", value_parser = ["interp", "jit"])]
    engine: String,
    /// Only run tests whose name contains this text
    #[arg(long)]
    filter: Option<String>,
    /// The pipeline files whose tests to run
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

pub fn run(args: &TestArgs) -> anyhow::Result<Outcome> {
    let color = std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut tally = Tally::default();
    let mut worst = Outcome::Success;
    for path in &args.files {
        worst = worst.max(run_file(args, path, color, &mut tally));
    }
    write_stdout(&format!("\n{} passed, {} failed\n", tally.passed, tally.failed));
    if tally.failed > 0 {
        worst = worst.max(Outcome::Failure);
    }
    Ok(worst)
}

fn run_file(args: &TestArgs, path: &std::path::Path, color: bool, tally: &mut Tally) -> Outcome {
    let text = match read_source(path) {
        Ok(text) => text,
        Err(error) => {
            super::report_error(&error);
            return Outcome::Error;
        }
    };
    let name = path.display().to_string();
    let analysis = analyze(SourceFile::new(name.clone(), text));
    if analysis.count(Severity::Error) > 0 {
        let color = super::stderr_color();
        let text =
            render::render(Format::Human { color }, &analysis.diagnostics, &analysis.sources());
        super::write_stderr(&text);
        write_stdout(&format!("{name}: does not check; its tests did not run\n"));
        tally.failed += 1;
        return Outcome::Failure;
    }
    let pipeline = match Pipeline::new(analysis.checked) {
        Ok(p) => p,
        Err(error) => {
            write_stdout(&format!("{name}: cannot compile: {error}\n"));
            tally.failed += 1;
            return Outcome::Failure;
        }
    };
    let results = if args.engine == "jit" {
        match lgp_compiler::jit::JitProgram::compile(&pipeline) {
            Ok(jit) => testing::run_tests_on(&pipeline, &|inputs| pipeline.feed_jit(&jit, inputs)),
            Err(error) => {
                write_stdout(&format!("{name}: the JIT cannot compile it: {error}\n"));
                tally.failed += 1;
                return Outcome::Failure;
            }
        }
    } else {
        testing::run_tests(&pipeline)
    };
    for result in results {
        if args.filter.as_ref().is_some_and(|f| !result.name.contains(f.as_str())) {
            continue;
        }
        report(&name, &result, color);
        if result.passed() {
            tally.passed += 1;
        } else {
            tally.failed += 1;
        }
    }
    Outcome::Success
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}

fn report(file: &str, result: &TestResult, color: bool) {
    let status =
        if result.passed() { paint("ok", "32", color) } else { paint("FAILED", "31", color) };
    let mut out = format!("test {file} :: {} ... {status}\n", result.name);
    for failure in &result.failures {
        out.push_str(&format!("  {}: {}\n", failure.what, failure.message));
        for line in &failure.diff {
            let text = match line {
                DiffLine::Same(t) => format!("      {t}"),
                DiffLine::Expected(t) => paint(&format!("    - {t}"), "31", color),
                DiffLine::Actual(t) => paint(&format!("    + {t}"), "32", color),
            };
            out.push_str(&text);
            out.push('\n');
        }
        if !failure.diff.is_empty() && failure.diff.iter().any(|l| !matches!(l, DiffLine::Same(_)))
        {
            out.push_str(&format!(
                "    ({} expected, {} actual)\n",
                paint("-", "31", color),
                paint("+", "32", color)
            ));
        }
    }
    write_stdout(&out);
}
