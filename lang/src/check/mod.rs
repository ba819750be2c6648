//! Name resolution, topology and type checking.

/// Reads files named by `use`, so the checker stays free of I/O policy.
pub trait Loader {
    /// The text of `path` (as written in `use`, relative to `from`), and the
    /// name to show in diagnostics; `Err` with a message when it cannot be read.
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String>;
}
