//! `lgp check`: parse and check pipeline files and print their diagnostics.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use lgp_lang::diag::render::{self, Format};
use lgp_lang::{Severity, SourceFile};

use super::{Analysis, Outcome, analyze, read_source, write_stderr, write_stdout};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// How to print diagnostics: human and short go to stderr, json and github to stdout
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Exit with status 1 on warnings as well as errors
    #[arg(long)]
    deny_warnings: bool,
    /// The pipeline files to check
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Source snippets with labels, help and notes
    Human,
    /// One line per diagnostic: file:line:col: error[CODE]: message
    Short,
    /// One JSON object per line
    Json,
    /// GitHub Actions annotations
    Github,
}

/// Checks every file (one unreadable file does not stop the others) and
/// returns the worst outcome.
pub fn run(args: &CheckArgs) -> Outcome {
    args.files.iter().map(|path| check_file(args, path)).max().unwrap_or(Outcome::Success)
}

fn check_file(args: &CheckArgs, path: &Path) -> Outcome {
    let text = match read_source(path) {
        Ok(text) => text,
        Err(error) => {
            super::report_error(&error);
            return Outcome::Error;
        }
    };
    let analysis = analyze(SourceFile::new(path.display().to_string(), text));
    print_diagnostics(args.format, &analysis);
    let errors = analysis.count(Severity::Error);
    let warnings = analysis.count(Severity::Warning);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

fn print_diagnostics(format: OutputFormat, analysis: &Analysis) {
    let sources = analysis.sources();
    let diagnostics = &analysis.diagnostics;
    match format {
        OutputFormat::Human => {
            let color = super::stderr_color();
            write_stderr(&render::render(Format::Human { color }, diagnostics, &sources));
            write_stderr(&summary(analysis));
        }
        OutputFormat::Short => write_stderr(&render::render(Format::Short, diagnostics, &sources)),
        OutputFormat::Json => write_stdout(&render::render(Format::Json, diagnostics, &sources)),
        OutputFormat::Github => {
            write_stdout(&render::render(Format::Github, diagnostics, &sources))
        }
    }
}

/// `pipeline.lgp: 2 errors, 1 warning`, or `pipeline.lgp: ok`.
fn summary(analysis: &Analysis) -> String {
    let errors = analysis.count(Severity::Error);
    let warnings = analysis.count(Severity::Warning);
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning"));
    }
    if parts.is_empty() {
        parts.push(String::from("ok"));
    }
    format!("{}: {}\n", analysis.file.name, parts.join(", "))
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

#[cfg(test)]
mod tests {
    use lgp_lang::{Code, Diagnostic, Span};

    use super::*;

    fn analysis_with(codes: &[Code]) -> Analysis {
        let mut analysis = analyze(SourceFile::new("p.lgp", ""));
        analysis.diagnostics =
            codes.iter().map(|code| Diagnostic::new(*code, Span::default(), "m")).collect();
        analysis
    }

    #[test]
    fn summary_counts_and_pluralizes() {
        let analysis = analysis_with(&[Code::SyntaxError, Code::TypeMismatch, Code::Unused]);
        assert_eq!(summary(&analysis), "p.lgp: 2 errors, 1 warning\n");
        assert_eq!(summary(&analysis_with(&[Code::Unused, Code::Shadowed])), "p.lgp: 2 warnings\n");
        assert_eq!(summary(&analysis_with(&[])), "p.lgp: ok\n");
    }
}
