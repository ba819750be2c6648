//! Option schemas of every input and output kind, and their validation.
