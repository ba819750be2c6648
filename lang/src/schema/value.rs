//! Turns an option's expression into a constant value, following references
//! to `const`s, or says why it is not constant (E0512).
//!
//! Allowed: literals, arrays and objects of allowed values, `-` on a number,
//! a `const` (with field or index segments into it), `get_env("NAME")` and
//! `read_secret("path")` (read once at startup), and `a ?? b` of those.

use crate::ast::{BinaryOp, Call, Expr, ExprKind, Literal, Path, PathRoot, Segment, UnaryOp};
use crate::span::Span;

/// A constant option value. `span` points into the option block: values
/// reached through a `const` carry the span of the reference.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Val {
    pub kind: ValKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ValKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Always written literally in the source (there is no string arithmetic).
    Str(String),
    Regex(String),
    Timestamp,
    Array(Vec<Val>),
    Object(Vec<(String, Val)>),
    /// A string known only at startup; `fallback` is the right side of `??`.
    External {
        function: &'static str,
        fallback: Option<Box<Val>>,
    },
}

impl ValKind {
    /// How the value reads in "found ..." messages.
    pub fn describe(&self) -> String {
        match self {
            ValKind::Null => "null".into(),
            ValKind::Bool(_) => "a boolean".into(),
            ValKind::Int(_) => "an integer".into(),
            ValKind::Float(_) => "a float".into(),
            ValKind::Str(_) => "a string".into(),
            ValKind::Regex(_) => "a regex".into(),
            ValKind::Timestamp => "a timestamp".into(),
            ValKind::Array(_) => "an array".into(),
            ValKind::Object(_) => "an object".into(),
            ValKind::External { function, .. } => format!("a string from `{function}`"),
        }
    }
}

/// Why a value is not constant: where, and what the user wrote there.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NotConstant {
    pub span: Span,
    pub what: String,
}

/// Functions whose result is fixed when the pipeline starts.
const STARTUP_FUNCTIONS: &[&str] = &["get_env", "read_secret"];

/// Recursion bound: nesting plus `const` hops. Deeper chains are cycles or
/// generated input; the checker reports those itself.
const MAX_DEPTH: u32 = 200;
/// Node bound, so `const A = [B, B, B]` chains cannot blow up memory.
const MAX_NODES: usize = 10_000;

pub(crate) struct Resolver<'c, 'p> {
    consts: &'c dyn Fn(&str) -> Option<&'p Expr>,
    nodes: usize,
}

type Resolved = Result<Val, NotConstant>;

impl<'c, 'p> Resolver<'c, 'p> {
    pub fn new(consts: &'c dyn Fn(&str) -> Option<&'p Expr>) -> Resolver<'c, 'p> {
        Resolver { consts, nodes: 0 }
    }

    /// Resolves one option value; the node budget is per option.
    pub fn resolve(&mut self, expr: &Expr) -> Resolved {
        self.nodes = 0;
        self.value(expr, None, 0)
    }

    /// `site` is the span of the `const` reference when `expr` is a constant's body.
    fn value(&mut self, expr: &Expr, site: Option<Span>, depth: u32) -> Resolved {
        let span = site.unwrap_or(expr.span);
        self.nodes += 1;
        if depth > MAX_DEPTH || self.nodes > MAX_NODES {
            return Err(NotConstant {
                span,
                what: "a value too large or too deeply nested to check".into(),
            });
        }
        let kind = match &expr.kind {
            ExprKind::Literal(literal) => literal_kind(literal),
            ExprKind::Array(items) => ValKind::Array(
                items
                    .iter()
                    .map(|item| self.value(item, site, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Object(entries) => ValKind::Object(
                entries
                    .iter()
                    .map(|entry| {
                        Ok((entry.key.value.clone(), self.value(&entry.value, site, depth + 1)?))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Paren(inner) => return self.value(inner, site, depth + 1),
            ExprKind::Unary { op, expr: operand, .. } => self.unary(*op, operand, site, depth)?,
            ExprKind::Binary { op: BinaryOp::Coalesce, lhs, rhs, .. } => {
                return self.coalesce(lhs, rhs, site, depth);
            }
            ExprKind::Path(path) => return self.path(path, site, depth),
            ExprKind::Call(call) => self.call(call, site, depth)?,
            other => return Err(NotConstant { span, what: describe_expr(other) }),
        };
        Ok(Val { kind, span })
    }

    fn unary(
        &mut self,
        op: UnaryOp,
        operand: &Expr,
        site: Option<Span>,
        depth: u32,
    ) -> Result<ValKind, NotConstant> {
        let inner = self.value(operand, site, depth + 1)?;
        match (op, inner.kind) {
            (UnaryOp::Neg, ValKind::Int(value)) if value != i64::MIN => Ok(ValKind::Int(-value)),
            (UnaryOp::Neg, ValKind::Float(value)) => Ok(ValKind::Float(-value)),
            (UnaryOp::Not, ValKind::Bool(value)) => Ok(ValKind::Bool(!value)),
            _ => {
                Err(NotConstant { span: inner.span, what: "an operator applied to a value".into() })
            }
        }
    }

    /// `get_env("X") ?? "default"`: the fallback is kept so it is checked too.
    fn coalesce(&mut self, lhs: &Expr, rhs: &Expr, site: Option<Span>, depth: u32) -> Resolved {
        let left = self.value(lhs, site, depth + 1)?;
        let right = self.value(rhs, site, depth + 1)?;
        match left.kind {
            ValKind::External { function, fallback: None } => Ok(Val {
                kind: ValKind::External { function, fallback: Some(Box::new(right)) },
                span: site.unwrap_or(lhs.span.to(rhs.span)),
            }),
            ValKind::Null => Ok(right),
            _ => Ok(left),
        }
    }

    fn call(
        &mut self,
        call: &Call,
        site: Option<Span>,
        depth: u32,
    ) -> Result<ValKind, NotConstant> {
        let span = site.unwrap_or(call.name.span.to(call.args_span));
        let Some(function) = STARTUP_FUNCTIONS.iter().find(|name| **name == call.name.name) else {
            return Err(NotConstant {
                span,
                what: format!("a call to `{}`, which runs per event", call.name.name),
            });
        };
        let argument = match call.args.as_slice() {
            [arg] if arg.name.is_none() => self.value(&arg.value, site, depth + 1)?,
            _ => {
                return Err(NotConstant {
                    span,
                    what: format!("`{function}` with other than one string argument"),
                });
            }
        };
        match argument.kind {
            ValKind::Str(_) => Ok(ValKind::External { function, fallback: None }),
            _ => Err(NotConstant {
                span: argument.span,
                what: format!("an argument of `{function}` that is not a string"),
            }),
        }
    }

    fn path(&mut self, path: &Path, site: Option<Span>, depth: u32) -> Resolved {
        let span = site.unwrap_or(path.span);
        let name = match &path.root {
            PathRoot::Event => {
                return Err(NotConstant {
                    span,
                    what: "an event field, which differs per event".into(),
                });
            }
            PathRoot::Meta => {
                return Err(NotConstant {
                    span,
                    what: "event metadata, which differs per event".into(),
                });
            }
            PathRoot::Var(name) => name,
        };
        let Some(body) = (self.consts)(&name.name) else {
            return Err(NotConstant {
                span,
                what: format!("`{}`, which is not a `const`", name.name),
            });
        };
        let mut value = self.value(body, Some(span), depth + 1)?;
        for segment in &path.segments {
            value = step(value, segment).ok_or_else(|| NotConstant {
                span,
                what: format!("a path into `{}` that does not exist", name.name),
            })?;
        }
        Ok(value)
    }
}

/// Follows one segment of a path into a constant's value.
fn step(value: Val, segment: &Segment) -> Option<Val> {
    match (value.kind, segment) {
        (ValKind::Object(entries), Segment::Field { name, .. }) => {
            entries.into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
        }
        (ValKind::Array(items), Segment::Index { index, .. }) => {
            let at = if *index < 0 {
                items.len().checked_sub(index.unsigned_abs() as usize)?
            } else {
                *index as usize
            };
            items.into_iter().nth(at)
        }
        _ => None,
    }
}

fn literal_kind(literal: &Literal) -> ValKind {
    match literal {
        Literal::Null => ValKind::Null,
        Literal::Bool(value) => ValKind::Bool(*value),
        Literal::Int(value) => ValKind::Int(*value),
        Literal::Float(value) => ValKind::Float(*value),
        Literal::String { value, .. } => ValKind::Str(value.clone()),
        Literal::Regex(pattern) => ValKind::Regex(pattern.clone()),
        Literal::Timestamp(_) => ValKind::Timestamp,
    }
}

fn describe_expr(kind: &ExprKind) -> String {
    match kind {
        ExprKind::Binary { op, .. } => {
            format!("the operator `{}`, evaluated per event", op.as_str())
        }
        ExprKind::Block(_) => "a block, evaluated per event".into(),
        ExprKind::If { .. } => "an `if`, evaluated per event".into(),
        ExprKind::Match { .. } => "a `match`, evaluated per event".into(),
        ExprKind::Wildcard => "`_`, which only matches in patterns".into(),
        _ => "an expression evaluated per event".into(),
    }
}
