//! Parsing helpers shared by the `parse_*` built-ins: the algorithm cores
//! live here, the `fns/parse_*.rs` files hold signatures, docs and glue.
//! Helpers that read arguments are in [`crate::util`], shared with every
//! other function.

pub mod csv;
pub mod duration;
pub mod json;
pub mod json_projection;
pub mod kv;
pub mod query;
pub mod redact;
pub mod regex;
pub mod regex_split;
pub mod syslog;
pub mod timestamp;
pub mod user_agent;
pub mod weblog;
