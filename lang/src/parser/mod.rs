//! The parser: pest grammar, lowering to the AST, syntax diagnostics.
