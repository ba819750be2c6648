//! Typed AST to pipeline IR, and the engines that run it: the reference
//! interpreter and (later) the Cranelift JIT.
