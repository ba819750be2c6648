//! Reads an option block of the syntax tree as values: literals, `const`
//! references, `get_env("X")`, `read_secret("path")` and `a ?? b`, with the
//! defaults of the schema tables for options left out.
//!
//! The checker already proved every value has the right shape; what can
//! still go wrong here is what only startup knows (an unset environment
//! variable, an unreadable secret), and those become one-line errors.

use lgp_lang::ast::{
    BinaryOp, DeclKind, Expr, ExprKind, Literal, OptionValue, Options, PathRoot, Program, Segment,
    UnaryOp,
};
use lgp_lang::schema::{DefaultValue, OptionSpec};

/// How deep values and `const` hops may nest; the checker refuses deeper
/// ones, so this only guards against a program that skipped it.
const MAX_DEPTH: u32 = 64;

/// An option's value.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<ConfigValue>),
    Object(Vec<(String, ConfigValue)>),
}

impl ConfigValue {
    fn from_default(value: &DefaultValue) -> ConfigValue {
        match value {
            DefaultValue::Bool(b) => ConfigValue::Bool(*b),
            DefaultValue::Int(i) => ConfigValue::Int(*i),
            DefaultValue::Float(f) => ConfigValue::Float(*f),
            DefaultValue::Str(s) => ConfigValue::Str((*s).to_string()),
            DefaultValue::Strs(items) => ConfigValue::Array(
                items.iter().map(|s| ConfigValue::Str((*s).to_string())).collect(),
            ),
        }
    }
}

/// One option block: the values written in it and the tables that give the
/// defaults of the rest.
pub struct Block<'p> {
    program: &'p Program,
    options: Option<&'p Options>,
    tables: Vec<&'static [OptionSpec]>,
}

impl<'p> Block<'p> {
    pub fn new(
        program: &'p Program,
        options: Option<&'p Options>,
        tables: Vec<&'static [OptionSpec]>,
    ) -> Block<'p> {
        Block { program, options, tables }
    }

    /// The value of option `name`: as written, else its default, else `None`.
    ///
    /// # Errors
    /// When a startup-time value cannot be read (unset environment variable).
    pub fn get(&self, name: &str) -> Result<Option<ConfigValue>, String> {
        let written = self.entry(name).and_then(|value| match value {
            OptionValue::Expr(expr) => Some(expr),
            OptionValue::Block(_) => None,
        });
        if let Some(expr) = written {
            let value = resolve(self.program, expr, 0)?;
            if value != ConfigValue::Null {
                return Ok(Some(value));
            }
        }
        Ok(self.spec(name).and_then(|spec| spec.default.as_ref()).map(ConfigValue::from_default))
    }

    /// The nested block `name { ... }`, written or not (then only defaults).
    pub fn block(&self, name: &str) -> Block<'p> {
        let options = self.entry(name).and_then(|value| match value {
            OptionValue::Block(options) => Some(options),
            OptionValue::Expr(_) => None,
        });
        let tables = self.spec(name).and_then(OptionSpec::block_options).into_iter().collect();
        Block { program: self.program, options, tables }
    }

    fn entry(&self, name: &str) -> Option<&'p OptionValue> {
        let options = self.options?;
        options.entries.iter().find(|entry| entry.key.name == name).map(|entry| &entry.value)
    }

    fn spec(&self, name: &str) -> Option<&'static OptionSpec> {
        self.tables.iter().find_map(|table| table.iter().find(|spec| spec.name == name))
    }
}

/// The value of a constant option expression.
fn resolve(program: &Program, expr: &Expr, depth: u32) -> Result<ConfigValue, String> {
    if depth > MAX_DEPTH {
        return Err("the value is nested too deeply".into());
    }
    let next = depth + 1;
    Ok(match &expr.kind {
        ExprKind::Literal(literal) => literal_value(literal),
        ExprKind::Array(items) => ConfigValue::Array(
            items.iter().map(|item| resolve(program, item, next)).collect::<Result<_, _>>()?,
        ),
        ExprKind::Object(entries) => ConfigValue::Object(
            entries
                .iter()
                .map(|e| Ok((e.key.value.clone(), resolve(program, &e.value, next)?)))
                .collect::<Result<_, String>>()?,
        ),
        ExprKind::Paren(inner) => resolve(program, inner, next)?,
        ExprKind::Unary { op: UnaryOp::Neg, expr: inner, .. } => {
            match resolve(program, inner, next)? {
                ConfigValue::Int(i) => ConfigValue::Int(i.saturating_neg()),
                ConfigValue::Float(f) => ConfigValue::Float(-f),
                other => other,
            }
        }
        ExprKind::Unary { op: UnaryOp::Not, expr: inner, .. } => {
            match resolve(program, inner, next)? {
                ConfigValue::Bool(b) => ConfigValue::Bool(!b),
                other => other,
            }
        }
        ExprKind::Binary { op: BinaryOp::Coalesce, lhs, rhs, .. } => {
            match resolve(program, lhs, next) {
                Ok(ConfigValue::Null) | Err(_) => resolve(program, rhs, next)?,
                Ok(value) => value,
            }
        }
        ExprKind::Call(call) => {
            let argument = call.args.first().map(|arg| resolve(program, &arg.value, next));
            let Some(Ok(ConfigValue::Str(argument))) = argument else {
                return Err(format!("`{}` needs one string argument", call.name.name));
            };
            startup_call(&call.name.name, &argument)?
        }
        ExprKind::Path(path) => {
            let PathRoot::Var(name) = &path.root else {
                return Err("an option cannot read the event".into());
            };
            let value = const_value(program, &name.name, next)?;
            path.segments.iter().try_fold(value, step)?
        }
        _ => return Err("the value is not a constant".into()),
    })
}

fn literal_value(literal: &Literal) -> ConfigValue {
    match literal {
        Literal::Null => ConfigValue::Null,
        Literal::Bool(b) => ConfigValue::Bool(*b),
        Literal::Int(i) => ConfigValue::Int(*i),
        Literal::Float(f) => ConfigValue::Float(*f),
        Literal::String { value, .. } | Literal::Regex(value) | Literal::Timestamp(value) => {
            ConfigValue::Str(value.clone())
        }
    }
}

/// `get_env("X")` and `read_secret("path")`, evaluated once at startup.
fn startup_call(function: &str, argument: &str) -> Result<ConfigValue, String> {
    match function {
        "get_env" => std::env::var(argument)
            .map(ConfigValue::Str)
            .map_err(|_| format!("the environment variable `{argument}` is not set")),
        "read_secret" => std::fs::read_to_string(argument)
            .map(|text| ConfigValue::Str(text.trim_end_matches(['\n', '\r']).to_string()))
            .map_err(|error| format!("cannot read the secret `{argument}`: {error}")),
        other => Err(format!("`{other}` cannot be used in an option")),
    }
}

fn const_value(program: &Program, name: &str, depth: u32) -> Result<ConfigValue, String> {
    let body = program.decls.iter().find_map(|decl| match &decl.kind {
        DeclKind::Const { name: declared, value } if declared.name == name => Some(value),
        _ => None,
    });
    match body {
        Some(expr) => resolve(program, expr, depth),
        None => Err(format!("`{name}` is not a constant of this file")),
    }
}

fn step(value: ConfigValue, segment: &Segment) -> Result<ConfigValue, String> {
    let found = match (value, segment) {
        (ConfigValue::Object(entries), Segment::Field { name, .. }) => {
            entries.into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
        }
        (ConfigValue::Array(items), Segment::Index { index, .. }) => {
            let at = if *index < 0 {
                items.len().checked_sub(index.unsigned_abs() as usize)
            } else {
                usize::try_from(*index).ok()
            };
            at.and_then(|at| items.into_iter().nth(at))
        }
        _ => None,
    };
    found.ok_or_else(|| "a path into a constant that does not exist".to_string())
}
