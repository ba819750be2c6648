//! The `lgp` command: compiler, linter, formatter, test runner, REPL and agent.
//!
//! Everything user-facing lives in [`cli`]; this file only hands over the exit code.

mod cli;

/// mimalloc instead of glibc malloc: events are allocated on input threads
/// and freed on output threads, and glibc's arenas serialise those frees
/// (about a third of the E1 profile). mimalloc frees cross-thread without
/// locking the allocating thread's heap.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
