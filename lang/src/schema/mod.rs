//! Option schemas of every input and output kind, and their validation.
//!
//! Each kind declares its options in one table (`inputs.rs`, `outputs.rs`;
//! options every input or output has, and shared blocks such as `tls`, in
//! `common.rs`). [`validate`] checks a declaration's options against its table
//! at check time; the runtime reads the same tables for defaults and uses
//! [`parse_duration`], [`parse_size`] and [`parse_template`] to read values.

mod common;
mod inputs;
mod outputs;
mod reference;
mod spec;
mod suggest;
mod template;
mod typing;
mod units;
mod validate;
mod value;

#[cfg(test)]
mod tests;

pub use common::{INPUT_COMMON, OUTPUT_COMMON};
pub use reference::reference_markdown;
pub use spec::{DefaultValue, KindSpec, OptionSpec, OptionType, Requirement, Role};
pub use template::{FieldRef, FieldRoot, FieldSegment, Template, TemplatePart, parse_template};
pub use units::{parse_duration, parse_size};
pub use validate::validate;

/// Every kind of a role, in reference order.
pub fn kinds(role: Role) -> &'static [KindSpec] {
    match role {
        Role::Input => inputs::INPUTS,
        Role::Output => outputs::OUTPUTS,
    }
}

/// The kind named `name` of a role.
pub fn kind(role: Role, name: &str) -> Option<&'static KindSpec> {
    kinds(role).iter().find(|spec| spec.name == name)
}

/// The spec of option `name` of a kind, its own or one every component of the
/// role has; `None` for an unknown kind or option.
pub fn option(role: Role, kind_name: &str, name: &str) -> Option<&'static OptionSpec> {
    let own = kind(role, kind_name)?.options;
    spec::find(own, name).or_else(|| spec::find(validate::common_options(role), name))
}
