//! Data-driven language tests: every `tests/lang/**/*.lgp` file.
fn main() {}
