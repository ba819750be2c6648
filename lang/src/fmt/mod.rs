//! The canonical formatter.
