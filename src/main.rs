//! The `lgp` command: compiler, linter, formatter, test runner, REPL and agent.

fn main() {}
