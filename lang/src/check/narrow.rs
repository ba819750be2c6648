//! Flow-sensitive state and narrowing.
//!
//! The checker walks a body in order with a [`Flow`]: the type of the event,
//! of the metadata and of every local variable at that point, and whether the
//! point is reachable at all. Branches work on copies that are joined after
//! the branch (a branch that ends in `drop`, `abort` or `emit` does not flow
//! on, so it is left out of the join).
//!
//! A condition yields [`Facts`]: what is known about places (event paths,
//! metadata paths and local variables made of field segments) when it is true
//! and when it is false:
//!
//! | condition | when true | when false |
//! | --- | --- | --- |
//! | `is_string(P)` (every exact `is_*`) | `P` is `string` | `P` is not `string` |
//! | `is_nullish(P)` | `P` is `null` or `string` | `P` is not `null` |
//! | `P != null` | `P` is not `null` | `P` is `null` |
//! | `P == null` | `P` is `null` | `P` is not `null` |
//! | `exists(P)` | nothing (a present field may hold `null`) | `P` is `null` |
//! | `!c` | facts of `c` when false | facts of `c` when true |
//! | `a && b` | facts of `a` and of `b` | nothing |
//! | `a \|\| b` | nothing | facts of `a` and of `b` when false |
//!
//! The right side of `&&` is checked with the left side's facts when true,
//! that of `||` with them when false. `if` applies a condition's facts to its
//! branch and their opposite to what follows (the `else` branches, or the
//! code after an `if` whose branch always ends in `drop`/`abort`/`emit`).
//! Narrowing `.a.b` also makes `.a` an object, as it must be for `.a.b` to
//! hold anything.

use crate::ast::{BinaryOp, Expr, ExprKind, Literal, PathRoot, Segment, UnaryOp};
use crate::span::Span;
use crate::types::{Kinds, Type};

use super::shape::{self, never};

/// Types at one point of a body.
#[derive(Clone, Debug)]
pub(super) struct Flow {
    pub event: Type,
    pub meta: Type,
    /// Indexed by binding id; bindings made in other branches hold `never`.
    pub vars: Vec<Type>,
    /// True when this point cannot be reached (after `drop`, `abort`, `emit`).
    pub diverged: bool,
}

impl Flow {
    pub fn new(event: Type) -> Flow {
        Flow { event, meta: Type::object(), vars: Vec::new(), diverged: false }
    }

    /// The state after either of two paths.
    pub fn join(&self, other: &Flow) -> Flow {
        if self.diverged {
            return other.clone();
        }
        if other.diverged {
            return self.clone();
        }
        let len = self.vars.len().max(other.vars.len());
        let var = |flow: &Flow, i: usize| flow.vars.get(i).cloned().unwrap_or_else(never);
        Flow {
            event: self.event.union(&other.event),
            meta: self.meta.union(&other.meta),
            vars: (0..len).map(|i| var(self, i).union(&var(other, i))).collect(),
            diverged: false,
        }
    }

    pub fn var(&self, id: usize) -> Type {
        self.vars.get(id).cloned().unwrap_or_else(Type::any)
    }

    pub fn set_var(&mut self, id: usize, ty: Type) {
        if self.vars.len() <= id {
            self.vars.resize(id + 1, never());
        }
        if let Some(slot) = self.vars.get_mut(id) {
            *slot = ty;
        }
    }

    /// Applies facts, in order.
    pub fn apply(&mut self, facts: &[Fact]) {
        for fact in facts {
            self.narrow(fact);
        }
    }

    fn narrow(&mut self, fact: &Fact) {
        let root = match fact.place.root {
            Root::Event => self.event.clone(),
            Root::Meta => self.meta.clone(),
            Root::Var(id) => self.var(id),
        };
        let current = fact.place.fields.iter().fold(root.clone(), |t, f| t.field(f));
        let narrowed = match fact.narrow {
            Narrow::To(kinds) => shape::restrict(&current, kinds),
            Narrow::Remove(kinds) => shape::without(&current, kinds),
        };
        let segments: Vec<Segment> = fact
            .place
            .fields
            .iter()
            .map(|f| Segment::Field { name: f.clone(), quoted: false, span: Span::default() })
            .collect();
        let updated = shape::set_path(&root, &segments, narrowed);
        match fact.place.root {
            Root::Event => self.event = updated,
            Root::Meta => self.meta = updated,
            Root::Var(id) => self.set_var(id, updated),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Root {
    Event,
    Meta,
    /// A local variable, by binding id.
    Var(usize),
}

/// A place that can be narrowed: a root and field names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Place {
    pub root: Root,
    pub fields: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Narrow {
    /// The place holds one of these kinds.
    To(Kinds),
    /// The place holds none of these kinds.
    Remove(Kinds),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Fact {
    pub place: Place,
    pub narrow: Narrow,
}

/// What a condition tells about places when true and when false.
#[derive(Clone, Debug, Default)]
pub(super) struct Facts {
    pub when_true: Vec<Fact>,
    pub when_false: Vec<Fact>,
}

impl Facts {
    fn swap(self) -> Facts {
        Facts { when_true: self.when_false, when_false: self.when_true }
    }

    fn pair(place: Place, when_true: Narrow, when_false: Narrow) -> Facts {
        Facts {
            when_true: vec![Fact { place: place.clone(), narrow: when_true }],
            when_false: vec![Fact { place, narrow: when_false }],
        }
    }
}

/// How narrowing resolves names and built-ins, supplied by the checker.
pub(super) trait Resolve {
    /// The binding id of a visible local named `name`.
    fn local(&self, name: &str) -> Option<usize>;
    /// True when `name` is a built-in function (not shadowed by anything).
    fn is_builtin(&self, name: &str) -> bool;
}

/// How deep conditions are inspected (the parser bounds nesting anyway).
const MAX_DEPTH: usize = 64;

/// The facts a condition establishes.
pub(super) fn facts(resolve: &dyn Resolve, cond: &Expr) -> Facts {
    facts_at(resolve, cond, 0)
}

fn facts_at(resolve: &dyn Resolve, cond: &Expr, depth: usize) -> Facts {
    if depth > MAX_DEPTH {
        return Facts::default();
    }
    match &cond.kind {
        ExprKind::Paren(inner) => facts_at(resolve, inner, depth + 1),
        ExprKind::Unary { op: UnaryOp::Not, expr, .. } => facts_at(resolve, expr, depth + 1).swap(),
        ExprKind::Binary { op, lhs, rhs, .. } => binary_facts(resolve, *op, lhs, rhs, depth),
        ExprKind::Call(call) if !call.bang && call.args.len() == 1 => {
            let Some(arg) = call.args.first().filter(|a| a.name.is_none()) else {
                return Facts::default();
            };
            let Some(place) = place(resolve, &arg.value) else { return Facts::default() };
            call_facts(resolve, &call.name.name, place)
        }
        _ => Facts::default(),
    }
}

fn binary_facts(
    resolve: &dyn Resolve,
    op: BinaryOp,
    lhs: &Expr,
    rhs: &Expr,
    depth: usize,
) -> Facts {
    match op {
        BinaryOp::And => {
            let (l, r) = (facts_at(resolve, lhs, depth + 1), facts_at(resolve, rhs, depth + 1));
            Facts { when_true: [l.when_true, r.when_true].concat(), when_false: Vec::new() }
        }
        BinaryOp::Or => {
            let (l, r) = (facts_at(resolve, lhs, depth + 1), facts_at(resolve, rhs, depth + 1));
            Facts { when_true: Vec::new(), when_false: [l.when_false, r.when_false].concat() }
        }
        BinaryOp::Ne | BinaryOp::Eq => {
            let compared = if is_null(rhs) {
                place(resolve, lhs)
            } else if is_null(lhs) {
                place(resolve, rhs)
            } else {
                None
            };
            let Some(place) = compared else { return Facts::default() };
            let facts = Facts::pair(place, Narrow::Remove(Kinds::NULL), Narrow::To(Kinds::NULL));
            if op == BinaryOp::Eq { facts.swap() } else { facts }
        }
        _ => Facts::default(),
    }
}

fn call_facts(resolve: &dyn Resolve, name: &str, place: Place) -> Facts {
    let exact = match name {
        "is_null" => Kinds::NULL,
        "is_bool" => Kinds::BOOL,
        "is_int" => Kinds::INT,
        "is_float" => Kinds::FLOAT,
        "is_string" => Kinds::STRING,
        "is_array" => Kinds::ARRAY,
        "is_object" => Kinds::OBJECT,
        "is_timestamp" => Kinds::TIMESTAMP,
        "is_nullish" if resolve.is_builtin(name) => {
            let nullish = Kinds::NULL.union(Kinds::STRING);
            return Facts::pair(place, Narrow::To(nullish), Narrow::Remove(Kinds::NULL));
        }
        "exists" => {
            return Facts {
                when_true: Vec::new(),
                when_false: vec![Fact { place, narrow: Narrow::To(Kinds::NULL) }],
            };
        }
        _ => return Facts::default(),
    };
    if !resolve.is_builtin(name) {
        return Facts::default();
    }
    Facts::pair(place, Narrow::To(exact), Narrow::Remove(exact))
}

fn is_null(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Literal(Literal::Null))
}

/// The place an expression names, when it is a path of field segments.
pub(super) fn place(resolve: &dyn Resolve, expr: &Expr) -> Option<Place> {
    let ExprKind::Path(path) = &unparen(expr).kind else { return None };
    let root = match &path.root {
        PathRoot::Event => Root::Event,
        PathRoot::Meta => Root::Meta,
        PathRoot::Var(ident) => Root::Var(resolve.local(&ident.name)?),
    };
    let fields = path
        .segments
        .iter()
        .map(|s| match s {
            Segment::Field { name, .. } => Some(name.clone()),
            Segment::Index { .. } => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Place { root, fields })
}

/// The expression inside any parentheses.
pub(super) fn unparen(expr: &Expr) -> &Expr {
    let mut current = expr;
    while let ExprKind::Paren(inner) = &current.kind {
        current = inner;
    }
    current
}
