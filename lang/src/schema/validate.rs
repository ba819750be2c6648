//! Walks an input's or output's option block against its table: unknown,
//! duplicate and missing options, nested blocks, conditional requirements.
//! Checking one value against its type lives in `typing.rs`.

use std::collections::HashMap;

use super::spec::{KindSpec, OptionSpec, OptionType, Role};
use super::suggest::{did_you_mean, list};
use super::value::{NotConstant, Resolver, ValKind};
use super::{common, kind, kinds};
use crate::ast::{Expr, Ident, OptionEntry, OptionValue, Options};
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// Checks the options of one `input NAME = KIND { ... }` or `output ... = KIND { ... }`.
///
/// `consts` resolves the name of a `const` declared in the file to its value;
/// options may refer to constants. Returns every problem found, never stopping
/// at the first.
pub fn validate<'p>(
    role: Role,
    kind_name: &Ident,
    options: &Options,
    consts: &dyn Fn(&str) -> Option<&'p Expr>,
) -> Vec<Diagnostic> {
    let Some(spec) = kind(role, &kind_name.name) else {
        return vec![unknown_kind(role, kind_name)];
    };
    let mut validator =
        Validator { kind: spec, resolver: Resolver::new(consts), diags: Vec::new() };
    let tables = [spec.options, common_options(role)];
    let scope = Scope { path: String::new(), tables: &tables, anchor: kind_name.span };
    validator.block(&scope, options);
    validator.requirements(options);
    validator.diags
}

/// The options every component of a role has.
pub(crate) fn common_options(role: Role) -> &'static [OptionSpec] {
    match role {
        Role::Input => common::INPUT_COMMON,
        Role::Output => common::OUTPUT_COMMON,
    }
}

fn unknown_kind(role: Role, kind_name: &Ident) -> Diagnostic {
    let names: Vec<&str> = kinds(role).iter().map(|spec| spec.name).collect();
    let role_name = role.as_str();
    let diag = Diagnostic::new(
        Code::UnknownKind,
        kind_name.span,
        format!("unknown {role_name} kind `{}`", kind_name.name),
    )
    .with_label(format!("not an {role_name} kind"))
    .with_note(format!("{role_name}s are {}", list(&names)));
    if kind(role.other(), &kind_name.name).is_some() {
        return diag.with_help(format!(
            "`{}` is an {} kind",
            kind_name.name,
            role.other().as_str()
        ));
    }
    match did_you_mean(&kind_name.name, names) {
        Some(help) => diag.with_help(help),
        None => diag,
    }
}

pub(crate) struct Validator<'c, 'p> {
    pub kind: &'static KindSpec,
    pub resolver: Resolver<'c, 'p>,
    pub diags: Vec<Diagnostic>,
}

/// One option block being checked: the top level or a nested `name { ... }`.
struct Scope<'t> {
    /// Dotted path of the block (`""` at the top level, `"multiline"`, `"rotate"`).
    path: String,
    /// The tables whose options are allowed here, searched in order.
    tables: &'t [&'static [OptionSpec]],
    /// Where "missing required option" points: the kind name or the block's key.
    anchor: Span,
}

impl Scope<'_> {
    fn find(&self, name: &str) -> Option<&'static OptionSpec> {
        self.tables.iter().find_map(|table| table.iter().find(|spec| spec.name == name))
    }

    fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.tables.iter().flat_map(|table| table.iter().map(|spec| spec.name))
    }

    /// The name of an option of this block as messages write it: `multiline.mode`.
    fn qualified(&self, name: &str) -> String {
        if self.path.is_empty() { name.to_string() } else { format!("{}.{name}", self.path) }
    }
}

impl Validator<'_, '_> {
    /// "`file` input" or "`multiline` block of the `file` input".
    fn describe(&self, scope: &Scope) -> String {
        let component = format!("`{}` {}", self.kind.name, self.kind.role.as_str());
        if scope.path.is_empty() {
            component
        } else {
            format!("`{}` block of the {component}", scope.path)
        }
    }

    /// The component, for messages about one of its options.
    pub fn component(&self) -> String {
        format!("the `{}` {}", self.kind.name, self.kind.role.as_str())
    }

    fn block(&mut self, scope: &Scope, options: &Options) {
        self.duplicates(scope, options);
        for entry in &options.entries {
            self.entry(scope, entry);
        }
        self.missing(scope, options);
    }

    fn entry(&mut self, scope: &Scope, entry: &OptionEntry) {
        let Some(spec) = scope.find(&entry.key.name) else {
            return self.unknown_option(scope, &entry.key);
        };
        let name = scope.qualified(spec.name);
        match (&spec.ty, &entry.value) {
            (OptionType::Block(table), OptionValue::Block(nested)) => {
                let tables = [*table];
                let child = Scope { path: name, tables: &tables, anchor: entry.key.span };
                self.block(&child, nested);
            }
            (OptionType::Block(_), OptionValue::Expr(expr)) => self.report(
                Diagnostic::new(
                    Code::OptionType,
                    expr.span,
                    format!("`{name}` is a block of options, not a value"),
                )
                .with_label("expected a block")
                .with_help(format!("write `{} {{ ... }}` without `=`", spec.name)),
            ),
            (ty, OptionValue::Block(nested)) => self.report(
                Diagnostic::new(
                    Code::OptionType,
                    nested.span,
                    format!("`{name}` expects {}, found a block", ty.describe()),
                )
                .with_label("not a block")
                .with_help(format!("write `{} = value`", spec.name)),
            ),
            (_, OptionValue::Expr(expr)) => self.value(&name, spec, expr),
        }
    }

    fn value(&mut self, name: &str, spec: &OptionSpec, expr: &Expr) {
        match self.resolver.resolve(expr) {
            Ok(value) => {
                self.check(name, &spec.ty, &value);
                if spec.secret {
                    self.secret(name, &value);
                }
            }
            Err(NotConstant { span, what }) => self.report(
                Diagnostic::new(Code::OptionNotConstant, span, format!("option `{name}` is not a constant"))
                    .with_label(format!("this is {what}"))
                    .with_help("options are fixed when the pipeline starts: use a literal, a `const`, `get_env(\"NAME\")` or `read_secret(\"path\")`"),
            ),
        }
    }

    pub fn report(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    fn unknown_option(&mut self, scope: &Scope, key: &Ident) {
        let mut diag = Diagnostic::new(
            Code::UnknownOption,
            key.span,
            format!("{} has no option `{}`", self.describe(scope), key.name),
        )
        .with_label("unknown option");
        let help = did_you_mean(&key.name, scope.names()).or_else(|| nested_home(scope, &key.name));
        if let Some(help) = help {
            diag = diag.with_help(help);
        }
        self.report(diag);
    }

    fn duplicates(&mut self, scope: &Scope, options: &Options) {
        let mut first_seen: HashMap<&str, Span> = HashMap::new();
        for entry in &options.entries {
            let Some(first) = first_seen.get(entry.key.name.as_str()).copied() else {
                first_seen.insert(&entry.key.name, entry.key.span);
                continue;
            };
            let name = scope.qualified(&entry.key.name);
            self.report(
                Diagnostic::new(
                    Code::DuplicateItem,
                    entry.key.span,
                    format!("option `{name}` is given twice"),
                )
                .with_label("given again here")
                .with_secondary(first, "first given here"),
            );
        }
    }

    fn missing(&mut self, scope: &Scope, options: &Options) {
        let required =
            scope.tables.iter().flat_map(|table| table.iter()).filter(|spec| spec.required);
        for spec in required {
            if options.entries.iter().all(|entry| entry.key.name != spec.name) {
                let diag = Diagnostic::new(
                    Code::MissingOption,
                    scope.anchor,
                    format!("{} is missing required option `{}`", self.describe(scope), spec.name),
                )
                .with_label(format!("needs `{}`", spec.name))
                .with_help(format!("add `{}`: {}", spec.name, spec.doc));
                self.report(diag);
            }
        }
    }

    /// Options that become required because of another option's value
    /// (`mode = "tls"` needs a `tls` block).
    fn requirements(&mut self, options: &Options) {
        for rule in self.kind.requirements {
            let block = match rule.block {
                None => Some(options),
                Some(name) => options.entries.iter().find_map(|entry| match &entry.value {
                    OptionValue::Block(nested) if entry.key.name == name => Some(nested),
                    _ => None,
                }),
            };
            let Some(block) = block else { continue };
            let Some(trigger) = block.entries.iter().find(|entry| entry.key.name == rule.option)
            else {
                continue;
            };
            let triggered = match &trigger.value {
                OptionValue::Expr(expr) => self.resolver.resolve(expr).is_ok_and(
                    |value| matches!(&value.kind, ValKind::Str(text) if text == rule.equals),
                ),
                OptionValue::Block(_) => false,
            };
            if triggered && block.entries.iter().all(|entry| entry.key.name != rule.needs) {
                let option = match rule.block {
                    Some(name) => format!("{name}.{}", rule.option),
                    None => rule.option.to_string(),
                };
                self.report(
                    Diagnostic::new(
                        Code::MissingOption,
                        trigger.span,
                        format!(
                            "{} with `{option} = \"{}\"` is missing option `{}`",
                            self.component(),
                            rule.equals,
                            rule.needs
                        ),
                    )
                    .with_label(format!("this needs `{}`", rule.needs)),
                );
            }
        }
    }
}

/// "`cert` goes inside the `tls` block", for an option written one level too high.
fn nested_home(scope: &Scope, name: &str) -> Option<String> {
    let home = scope.tables.iter().flat_map(|table| table.iter()).find(|spec| {
        spec.block_options().is_some_and(|nested| nested.iter().any(|inner| inner.name == name))
    })?;
    Some(format!(
        "`{name}` goes inside the `{}` block: `{} {{ {name} = ... }}`",
        home.name, home.name
    ))
}
