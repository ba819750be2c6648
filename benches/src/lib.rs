//! Benchmarks of the workspace; see the `benches/` targets and `docs/performance.md`.
