//! The `lgp` command: compiler, linter, formatter, test runner, REPL and agent.
//!
//! Everything user-facing lives in [`cli`]; this file only hands over the exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
