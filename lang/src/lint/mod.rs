//! Lints: warnings about programs that are valid but probably wrong.
