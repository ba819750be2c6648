//! The Markdown reference of every component and option, generated from the
//! tables (the CLI writes it to `docs/components.md`).

use std::fmt::Write;

use super::common::{INPUT_COMMON, OUTPUT_COMMON};
use super::kinds;
use super::spec::{KindSpec, OptionSpec, OptionType, Role};
use super::suggest::list;

/// Renders the reference: one section per kind with a table of its options,
/// nested blocks flattened as `block.option`, then the options every input or
/// every output shares.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Components\n\n\
         Generated from the option tables in `lang/src/schema/`; do not edit by hand.\n\n\
         Option types: `duration` is a string such as `\"500ms\"`, `\"5s\"`, `\"1m30s\"`, `\"2h\"`, `\"1d\"`; \
         `size` is a byte count or a string such as `\"64KiB\"` or `\"10MB\"`; `template` is a string with \
         `{{ .field }}` references and strftime items such as `%Y-%m-%d`; `address` is `\"host:port\"`. \
         Values are literals, `const`s, `get_env(\"NAME\")` or `read_secret(\"path\")`. \
         Options marked secret should come from `get_env` or `read_secret`.\n",
    );
    for role in [Role::Input, Role::Output] {
        section(&mut out, role);
    }
    out
}

fn section(out: &mut String, role: Role) {
    let (title, common) = match role {
        Role::Input => ("Inputs", INPUT_COMMON),
        Role::Output => ("Outputs", OUTPUT_COMMON),
    };
    let _ = write!(out, "\n## {title}\n");
    for kind in kinds(role) {
        kind_section(out, kind);
    }
    let _ = write!(out, "\n### Options of every {}\n\n", role.as_str());
    table(out, common);
}

fn kind_section(out: &mut String, kind: &KindSpec) {
    let _ = write!(out, "\n### `{}` {}\n\n{}\n\n", kind.name, kind.role.as_str(), kind.doc);
    if kind.options.is_empty() {
        out.push_str("No options of its own.\n");
    } else {
        table(out, kind.options);
    }
    for rule in kind.requirements {
        let option =
            rule.block.map_or(rule.option.to_string(), |block| format!("{block}.{}", rule.option));
        let needs =
            rule.block.map_or(rule.needs.to_string(), |block| format!("{block}.{}", rule.needs));
        let _ = writeln!(out, "\nWith `{option} = \"{}\"`, `{needs}` is required.", rule.equals);
    }
}

fn table(out: &mut String, options: &[OptionSpec]) {
    out.push_str("| option | type | default | description |\n| --- | --- | --- | --- |\n");
    rows(out, "", options);
}

fn rows(out: &mut String, prefix: &str, options: &[OptionSpec]) {
    for spec in options {
        let name = format!("{prefix}{}", spec.name);
        let mut default = default_cell(spec);
        if spec.required && !prefix.is_empty() {
            default.push_str(" in the block");
        }
        let _ =
            writeln!(out, "| `{name}` | {} | {default} | {} |", type_cell(spec), doc_cell(spec));
        if let OptionType::Block(nested) = spec.ty {
            rows(out, &format!("{name}."), nested);
        }
    }
}

fn type_cell(spec: &OptionSpec) -> String {
    match spec.ty {
        OptionType::Enum(values) => format!("one of {}", list(values)),
        OptionType::Int { min, .. } if min > i64::MIN => format!("int, at least {min}"),
        OptionType::Float { min, max } => format!("float, {min} to {max}"),
        ty => ty.short_name(),
    }
}

fn default_cell(spec: &OptionSpec) -> String {
    match (spec.required, spec.default) {
        (true, _) => "**required**".into(),
        (false, Some(value)) => format!("`{value}`").replace('|', "\\|"),
        (false, None) => String::new(),
    }
}

fn doc_cell(spec: &OptionSpec) -> String {
    let doc = spec.doc.replace('|', "\\|");
    if spec.secret { format!("{doc} (secret)") } else { doc }
}
