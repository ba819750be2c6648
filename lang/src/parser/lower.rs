//! Lowering: pest pairs to the typed AST, with literal validation.
//!
//! Every function takes the chunk's byte offset so spans point into the
//! whole file. Expressions arrive flat (`prefix* primary (op prefix* primary)*`)
//! and are folded by precedence here, iteratively, so a long operator chain
//! costs no recursion; tree depth is measured as nodes are built and capped
//! at [`MAX_DEPTH`].

use pest::iterators::Pair;

use super::Rule;
use crate::ast::*;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// The deepest expression tree lowering builds (deeper is E0107).
pub const MAX_DEPTH: usize = 256;

type Diags = Vec<Diagnostic>;

fn span(pair: &Pair<'_, Rule>, offset: usize) -> Span {
    let s = pair.as_span();
    Span::new(s.start() + offset, s.end() + offset)
}

/// Children that carry meaning (keywords are matched, then dropped).
fn inner<'a>(pair: Pair<'a, Rule>) -> impl Iterator<Item = Pair<'a, Rule>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_input
            | Rule::kw_transform
            | Rule::kw_route
            | Rule::kw_output
            | Rule::kw_fn
            | Rule::kw_const
            | Rule::kw_use
            | Rule::kw_test
            | Rule::kw_expect
            | Rule::kw_aborted
            | Rule::kw_let
            | Rule::kw_for
            | Rule::kw_in
            | Rule::kw_abort
            | Rule::kw_emit
            | Rule::kw_if
            | Rule::kw_else
            | Rule::kw_match
            | Rule::EOI
    )
}

fn ident(pair: Pair<'_, Rule>, off: usize) -> Ident {
    Ident { name: pair.as_str().to_string(), span: span(&pair, off) }
}

// ---- declarations ------------------------------------------------------------------

pub fn decl_chunk(chunk: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Option<Decl> {
    inner(chunk).next().and_then(|p| decl(p, off, diags))
}

fn decl(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Option<Decl> {
    let sp = span(&pair, off);
    let rule = pair.as_rule();
    let mut it = inner(pair);
    let mut next = || it.next();
    let kind = match rule {
        Rule::input_decl => DeclKind::Input {
            name: ident(next()?, off),
            kind: ident(next()?, off),
            options: options(next()?, off, diags),
        },
        Rule::transform_decl => DeclKind::Transform {
            name: ident(next()?, off),
            upstreams: upstreams(next()?, off),
            body: block(next()?, off, diags, 0),
        },
        Rule::route_decl => {
            let name = ident(next()?, off);
            let ups = upstreams(next()?, off);
            let mut lanes = Vec::new();
            while let Some(p) = next() {
                lanes.push(lane(p, off, diags));
            }
            DeclKind::Route { name, upstreams: ups, lanes }
        }
        Rule::output_decl => DeclKind::Output {
            name: ident(next()?, off),
            upstreams: upstreams(next()?, off),
            kind: ident(next()?, off),
            options: options(next()?, off, diags),
        },
        Rule::fn_decl => fn_decl(it, off, diags)?,
        Rule::const_decl => {
            DeclKind::Const { name: ident(next()?, off), value: expr(next()?, off, diags, 0) }
        }
        Rule::use_decl => DeclKind::Use { path: str_lit(next()?, off, diags) },
        Rule::test_decl => {
            let name = str_lit(next()?, off, diags);
            let mut stmts = Vec::new();
            while let Some(p) = next() {
                stmts.extend(test_stmt(p, off, diags));
            }
            DeclKind::Test { name, stmts }
        }
        _ => return None,
    };
    Some(Decl { kind, span: sp })
}

fn fn_decl<'a>(
    mut it: impl Iterator<Item = Pair<'a, Rule>>,
    off: usize,
    diags: &mut Diags,
) -> Option<DeclKind> {
    let name = ident(it.next()?, off);
    let mut params = Vec::new();
    let mut ret = None;
    let mut body = None;
    for p in it {
        match p.as_rule() {
            Rule::params => {
                for param in inner(p) {
                    let sp = span(&param, off);
                    let mut pi = inner(param);
                    let (Some(n), Some(t)) = (pi.next(), pi.next()) else { continue };
                    params.push(Param { name: ident(n, off), ty: type_expr(t, off), span: sp });
                }
            }
            Rule::ret_type => ret = inner(p).next().map(|t| type_expr(t, off)),
            Rule::block => body = Some(block(p, off, diags, 0)),
            _ => {}
        }
    }
    Some(DeclKind::Fn { name, params, ret, body: body? })
}

fn type_expr(pair: Pair<'_, Rule>, off: usize) -> TypeExpr {
    let sp = span(&pair, off);
    TypeExpr { alternatives: inner(pair).map(|p| ident(p, off)).collect(), span: sp }
}

fn upstreams(pair: Pair<'_, Rule>, off: usize) -> Vec<Upstream> {
    inner(pair)
        .map(|up| {
            let sp = span(&up, off);
            let mut it = inner(up);
            let node = it.next().map(|p| ident(p, off));
            let lane = it.next().map(|p| ident(p, off));
            Upstream {
                node: node.unwrap_or(Ident { name: String::new(), span: sp }),
                lane,
                span: sp,
            }
        })
        .collect()
}

fn lane(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Lane {
    let sp = span(&pair, off);
    let mut it = inner(pair);
    let name = it.next().map_or(Ident { name: String::new(), span: sp }, |p| ident(p, off));
    let cond = it.next().map_or_else(|| null_expr(sp), |p| expr(p, off, diags, 0));
    Lane { name, cond, span: sp }
}

fn options(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Options {
    let sp = span(&pair, off);
    let entries = inner(pair)
        .filter_map(|entry| {
            let esp = span(&entry, off);
            let mut it = inner(entry);
            let key = ident(it.next()?, off);
            let v = it.next()?;
            let value = match v.as_rule() {
                Rule::options => OptionValue::Block(options(v, off, diags)),
                _ => OptionValue::Expr(expr(v, off, diags, 0)),
            };
            Some(OptionEntry { key, value, span: esp })
        })
        .collect();
    Options { entries, span: sp }
}

fn test_stmt(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Option<TestStmt> {
    let sp = span(&pair, off);
    let rule = pair.as_rule();
    let mut it = inner(pair);
    let kind = match rule {
        Rule::test_input => TestStmtKind::Input {
            target: ident(it.next()?, off),
            events: expr(it.next()?, off, diags, 0),
        },
        Rule::test_expect => {
            let target = upstreams_one(it.next()?, off);
            let what = it.next()?;
            match what.as_rule() {
                Rule::expect_dropped => TestStmtKind::ExpectDropped { target },
                Rule::expect_aborted => TestStmtKind::ExpectAborted {
                    target,
                    reason: inner(what).next().map(|p| expr(p, off, diags, 0)),
                },
                _ => TestStmtKind::Expect { target, events: expr(what, off, diags, 0) },
            }
        }
        _ => return None,
    };
    Some(TestStmt { kind, span: sp })
}

fn upstreams_one(pair: Pair<'_, Rule>, off: usize) -> Upstream {
    let sp = span(&pair, off);
    let mut it = inner(pair);
    let node = it.next().map_or(Ident { name: String::new(), span: sp }, |p| ident(p, off));
    Upstream { node, lane: it.next().map(|p| ident(p, off)), span: sp }
}

// ---- statements ----------------------------------------------------------------------

pub fn stmts_chunk(chunk: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Vec<Stmt> {
    inner(chunk).map(|p| stmt(p, off, diags, 0)).collect()
}

fn block(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> Block {
    let sp = span(&pair, off);
    Block { stmts: inner(pair).map(|p| stmt(p, off, diags, depth + 1)).collect(), span: sp }
}

fn stmt(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> Stmt {
    let sp = span(&pair, off);
    let rule = pair.as_rule();
    let kind = match rule {
        Rule::let_stmt => {
            let mut names = Vec::new();
            let mut value = None;
            for p in inner(pair) {
                match p.as_rule() {
                    Rule::ident => names.push(ident(p, off)),
                    _ => value = Some(expr(p, off, diags, depth)),
                }
            }
            StmtKind::Let { names, value: value.unwrap_or_else(|| null_expr(sp)) }
        }
        Rule::for_stmt => {
            let mut names = Vec::new();
            let mut iter = None;
            let mut body = None;
            for p in inner(pair) {
                match p.as_rule() {
                    Rule::ident => names.push(ident(p, off)),
                    Rule::block => body = Some(block(p, off, diags, depth)),
                    _ => iter = Some(expr(p, off, diags, depth)),
                }
            }
            StmtKind::For {
                names,
                iter: iter.unwrap_or_else(|| null_expr(sp)),
                body: body.unwrap_or(Block { stmts: Vec::new(), span: sp }),
            }
        }
        Rule::drop_stmt => StmtKind::Drop,
        Rule::abort_stmt => {
            StmtKind::Abort { reason: inner(pair).next().map(|p| expr(p, off, diags, depth)) }
        }
        Rule::emit_stmt => StmtKind::Emit {
            lane: inner(pair)
                .next()
                .map_or(Ident { name: String::new(), span: sp }, |p| ident(p, off)),
        },
        Rule::assign_stmt => assign(pair, off, diags, depth),
        _ => {
            // expr_stmt wraps one expr.
            let e = match rule {
                Rule::expr_stmt => inner(pair).next().map(|p| expr(p, off, diags, depth)),
                _ => Some(expr(pair, off, diags, depth)),
            };
            StmtKind::Expr(e.unwrap_or_else(|| null_expr(sp)))
        }
    };
    Stmt { kind, span: sp }
}

fn assign(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> StmtKind {
    let sp = span(&pair, off);
    let mut targets = Vec::new();
    let mut value = None;
    for p in inner(pair) {
        match p.as_rule() {
            Rule::path => targets.push(path(p, off, diags)),
            _ => value = Some(expr(p, off, diags, depth)),
        }
    }
    if let Some(extra) = targets.get(2) {
        diags.push(
            Diagnostic::new(Code::InvalidAssignTarget, extra.span, "too many assignment targets")
                .with_label("an assignment takes a value and at most an error binding")
                .with_help("write `.a, err = f(...)`, or one assignment per target"),
        );
        targets.truncate(2);
    }
    StmtKind::Assign { targets, value: value.unwrap_or_else(|| null_expr(sp)) }
}

// ---- expressions ---------------------------------------------------------------------

fn null_expr(span: Span) -> Expr {
    Expr { kind: ExprKind::Literal(Literal::Null), span }
}

pub fn expr_chunk(chunk: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Option<Expr> {
    inner(chunk).next().map(|p| expr(p, off, diags, 0))
}

/// Folds `prefix* primary (op prefix* primary)*` by precedence with an
/// operator stack (shunting-yard), so long chains need no recursion.
///
/// `depth` counts the ancestors of this expression. A chain of `k`
/// operators puts its operands at most `k` levels further down, so the
/// operands are lowered at `depth + k + 1`; a chain that would pass
/// [`MAX_DEPTH`] is refused before anything below it is built.
fn expr(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> Expr {
    let sp = span(&pair, off);
    let parts: Vec<Pair<'_, Rule>> = inner(pair).collect();
    let ops_count = parts.iter().filter(|p| !is_primary(p.as_rule())).count();
    if depth + ops_count > MAX_DEPTH {
        diags.push(too_deep(sp));
        return null_expr(sp);
    }
    let child_depth = depth + ops_count + 1;
    let mut operands: Vec<Expr> = Vec::new();
    let mut ops: Vec<(BinaryOp, Span)> = Vec::new();
    let mut prefixes: Vec<(UnaryOp, Span)> = Vec::new();
    for p in parts {
        let psp = span(&p, off);
        match p.as_rule() {
            Rule::not_op => prefixes.push((UnaryOp::Not, psp)),
            Rule::neg_op => prefixes.push((UnaryOp::Neg, psp)),
            rule => {
                if let Some(op) = binary_op(rule) {
                    while let Some(&(top, _)) = ops.last() {
                        if top.precedence() < op.precedence() {
                            break;
                        }
                        reduce(&mut operands, &mut ops);
                    }
                    ops.push((op, psp));
                } else if p.as_rule() == Rule::number
                    && prefixes.last().is_some_and(|(op, _)| *op == UnaryOp::Neg)
                {
                    // `-` directly on a number is part of the literal, so
                    // `-9223372036854775808` fits.
                    let neg_span = prefixes.pop().map_or(psp, |(_, s)| s);
                    let lit = ExprKind::Literal(literal(p, off, diags, true));
                    let prim = Expr { kind: lit, span: neg_span.to(psp) };
                    operands.push(apply_prefixes(prim, std::mem::take(&mut prefixes)));
                } else {
                    let prim = primary(p, off, diags, child_depth);
                    operands.push(apply_prefixes(prim, std::mem::take(&mut prefixes)));
                }
            }
        }
    }
    while !ops.is_empty() {
        reduce(&mut operands, &mut ops);
    }
    operands.pop().unwrap_or_else(|| null_expr(sp))
}

fn is_primary(rule: Rule) -> bool {
    !matches!(rule, Rule::not_op | Rule::neg_op) && binary_op(rule).is_none()
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::new(Code::NestingTooDeep, span, "nesting too deep")
        .with_label(format!("this expression nests more than {MAX_DEPTH} levels"))
        .with_help("split the expression with `let` bindings")
}

fn reduce(operands: &mut Vec<Expr>, ops: &mut Vec<(BinaryOp, Span)>) {
    let Some((op, op_span)) = ops.pop() else { return };
    let (Some(rhs), Some(lhs)) = (operands.pop(), operands.pop()) else { return };
    let span = lhs.span.to(rhs.span);
    operands.push(Expr {
        kind: ExprKind::Binary { op, op_span, lhs: Box::new(lhs), rhs: Box::new(rhs) },
        span,
    });
}

/// Wraps a primary in its prefix operators, innermost last.
fn apply_prefixes(mut expr: Expr, prefixes: Vec<(UnaryOp, Span)>) -> Expr {
    for (op, op_span) in prefixes.into_iter().rev() {
        let span = op_span.to(expr.span);
        expr = Expr { kind: ExprKind::Unary { op, op_span, expr: Box::new(expr) }, span };
    }
    expr
}

fn binary_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::coalesce_op => BinaryOp::Coalesce,
        Rule::or_op => BinaryOp::Or,
        Rule::and_op => BinaryOp::And,
        Rule::eq_op => BinaryOp::Eq,
        Rule::ne_op => BinaryOp::Ne,
        Rule::match_op => BinaryOp::Match,
        Rule::not_match_op => BinaryOp::NotMatch,
        Rule::le_op => BinaryOp::Le,
        Rule::ge_op => BinaryOp::Ge,
        Rule::lt_op => BinaryOp::Lt,
        Rule::gt_op => BinaryOp::Gt,
        Rule::add_op => BinaryOp::Add,
        Rule::sub_op => BinaryOp::Sub,
        Rule::mul_op => BinaryOp::Mul,
        Rule::div_op => BinaryOp::Div,
        Rule::rem_op => BinaryOp::Rem,
        _ => return None,
    })
}

fn primary(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> Expr {
    let sp = span(&pair, off);
    let d = depth + 1;
    let kind = match pair.as_rule() {
        Rule::paren => {
            let e = inner(pair).next().map_or_else(|| null_expr(sp), |p| expr(p, off, diags, d));
            ExprKind::Paren(Box::new(e))
        }
        Rule::block => ExprKind::Block(block(pair, off, diags, d)),
        Rule::array => ExprKind::Array(inner(pair).map(|p| expr(p, off, diags, d)).collect()),
        Rule::object => {
            ExprKind::Object(inner(pair).filter_map(|p| object_entry(p, off, diags, d)).collect())
        }
        Rule::call => ExprKind::Call(call(pair, off, diags, d)),
        Rule::if_expr => if_expr(pair, off, diags, d),
        Rule::match_expr => match_expr(pair, off, diags, d),
        Rule::path => ExprKind::Path(path(pair, off, diags)),
        Rule::wildcard => ExprKind::Wildcard,
        Rule::neg_literal => ExprKind::Literal(
            inner(pair).next().map_or(Literal::Null, |p| literal(p, off, diags, true)),
        ),
        _ => ExprKind::Literal(literal(pair, off, diags, false)),
    };
    Expr { kind, span: sp }
}

fn object_entry(
    pair: Pair<'_, Rule>,
    off: usize,
    diags: &mut Diags,
    depth: usize,
) -> Option<ObjectEntry> {
    let sp = span(&pair, off);
    let mut it = inner(pair);
    let key_pair = inner(it.next()?).next()?;
    let key = match key_pair.as_rule() {
        Rule::ident_raw => {
            StrLit { value: key_pair.as_str().to_string(), bare: true, span: span(&key_pair, off) }
        }
        _ => str_lit(key_pair, off, diags),
    };
    let value = expr(it.next()?, off, diags, depth);
    Some(ObjectEntry { key, value, span: sp })
}

fn call(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> Call {
    let sp = span(&pair, off);
    let mut it = inner(pair);
    let mut name = Ident { name: String::new(), span: sp };
    let mut bang = false;
    if let Some(head) = it.next() {
        for p in head.into_inner() {
            match p.as_rule() {
                Rule::ident_raw | Rule::match_name => name = ident(p, off),
                Rule::bang => bang = true,
                _ => {}
            }
        }
    }
    let args_start = name.span.end + u32::from(bang);
    let args: Vec<Arg> = it.map(|a| arg(a, off, diags, depth)).collect();
    Call { name, bang, args, args_span: Span { start: args_start, end: sp.end } }
}

fn arg(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> Arg {
    let sp = span(&pair, off);
    let mut name = None;
    let mut value = None;
    for p in inner(pair) {
        match p.as_rule() {
            Rule::ident => name = Some(ident(p, off)),
            _ => value = Some(expr(p, off, diags, depth)),
        }
    }
    Arg { name, value: value.unwrap_or_else(|| null_expr(sp)), span: sp }
}

fn if_expr(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> ExprKind {
    let mut branches = Vec::new();
    let mut cond: Option<Expr> = None;
    let mut otherwise = None;
    for p in inner(pair) {
        match p.as_rule() {
            Rule::block => {
                let b = block(p, off, diags, depth);
                match cond.take() {
                    Some(c) => branches.push((c, b)),
                    None => otherwise = Some(b),
                }
            }
            _ => cond = Some(expr(p, off, diags, depth)),
        }
    }
    ExprKind::If { branches, otherwise }
}

fn match_expr(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> ExprKind {
    let mut it = inner(pair);
    let scrutinee =
        it.next().map_or_else(|| null_expr(Span::default()), |p| expr(p, off, diags, depth));
    let arms = it.map(|a| arm(a, off, diags, depth)).collect();
    ExprKind::Match { scrutinee: Box::new(scrutinee), arms }
}

fn arm(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, depth: usize) -> MatchArm {
    let sp = span(&pair, off);
    let mut patterns = Vec::new();
    let mut body = None;
    for p in inner(pair) {
        match p.as_rule() {
            Rule::assign_stmt => {
                // `pat => .x = 1` is sugar for `pat => { .x = 1 }`.
                let s = stmt(p, off, diags, depth);
                let bsp = s.span;
                body = Some(Expr {
                    kind: ExprKind::Block(Block { stmts: vec![s], span: bsp }),
                    span: bsp,
                });
            }
            Rule::expr => body = Some(expr(p, off, diags, depth)),
            _ => patterns.push(primary(p, off, diags, depth)),
        }
    }
    MatchArm { patterns, body: body.unwrap_or_else(|| null_expr(sp)), span: sp }
}

// ---- paths -------------------------------------------------------------------------

fn path(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Path {
    let sp = span(&pair, off);
    let mut root = PathRoot::Event;
    let mut segments = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::event_root | Rule::meta_root => {
                root =
                    if p.as_rule() == Rule::event_root { PathRoot::Event } else { PathRoot::Meta };
                if let Some(f) = p.into_inner().next() {
                    segments.push(field(f, off, diags));
                }
            }
            Rule::var_root => {
                if let Some(id) = p.into_inner().next() {
                    root = PathRoot::Var(ident(id, off));
                }
            }
            Rule::field => segments.push(field(p, off, diags)),
            Rule::index => segments.push(index(p, off, diags)),
            _ => {}
        }
    }
    Path { root, segments, span: sp }
}

fn field(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Segment {
    let sp = span(&pair, off);
    match pair.into_inner().next() {
        Some(p) if p.as_rule() == Rule::string => {
            let lit = str_lit(p, off, diags);
            Segment::Field { name: lit.value, quoted: true, span: sp }
        }
        Some(p) => Segment::Field { name: p.as_str().to_string(), quoted: false, span: sp },
        None => Segment::Field { name: String::new(), quoted: false, span: sp },
    }
}

fn index(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> Segment {
    let sp = span(&pair, off);
    let text = pair.into_inner().next().map_or("0", |p| p.as_str());
    let index = text.parse::<i64>().unwrap_or_else(|_| {
        diags.push(int_out_of_range(sp));
        0
    });
    Segment::Index { index, span: sp }
}

// ---- literals ------------------------------------------------------------------------

fn literal(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags, negated: bool) -> Literal {
    let sp = span(&pair, off);
    match pair.as_rule() {
        Rule::null => Literal::Null,
        Rule::bool_lit => Literal::Bool(pair.as_str() == "true"),
        Rule::number => number(pair.as_str(), sp, diags, negated),
        Rule::string => Literal::String { value: str_lit(pair, off, diags).value, raw: false },
        Rule::raw_string => Literal::String { value: quoted_body(pair), raw: true },
        Rule::regex => {
            let body = quoted_body(pair);
            if let Err(err) = regex_syntax::Parser::new().parse(&body) {
                diags.push(
                    Diagnostic::new(Code::InvalidRegex, sp, "invalid regex literal")
                        .with_label(regex_error_text(&err)),
                );
            }
            Literal::Regex(body)
        }
        Rule::timestamp => {
            let body = quoted_body(pair);
            if chrono::DateTime::parse_from_rfc3339(&body).is_err() {
                diags.push(
                    Diagnostic::new(Code::InvalidTimestamp, sp, "invalid timestamp literal")
                        .with_label("not an RFC 3339 timestamp")
                        .with_help("write it like `t'2026-11-26T10:00:00Z'` or `t'2026-11-26T10:00:00.5+01:00'`"),
                );
            }
            Literal::Timestamp(body)
        }
        _ => Literal::Null,
    }
}

fn regex_error_text(err: &regex_syntax::Error) -> String {
    match err {
        regex_syntax::Error::Parse(e) => e.kind().to_string(),
        regex_syntax::Error::Translate(e) => e.kind().to_string(),
        _ => "the pattern does not compile".to_string(),
    }
}

/// The text between the quotes of `s'...'`, `r'...'` and `t'...'`, with
/// `\'` unescaped and every other backslash kept.
fn quoted_body(pair: Pair<'_, Rule>) -> String {
    let body = pair.into_inner().next().map_or("", |p| p.as_str());
    body.replace("\\'", "'")
}

/// A number literal; `negated` when a `-` stands right before it.
fn number(text: &str, sp: Span, diags: &mut Diags, negated: bool) -> Literal {
    let is_float = text.contains(['.', 'e', 'E']);
    if is_float {
        return match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Literal::Float(if negated { -f } else { f }),
            _ => {
                diags.push(
                    Diagnostic::new(Code::InvalidNumber, sp, "invalid number literal")
                        .with_label("this float is too large to represent"),
                );
                Literal::Float(0.0)
            }
        };
    }
    let value = text.parse::<u64>().ok().and_then(|v| {
        let v = i128::from(v);
        i64::try_from(if negated { -v } else { v }).ok()
    });
    match value {
        Some(v) => Literal::Int(v),
        None => {
            diags.push(int_out_of_range(sp));
            Literal::Int(0)
        }
    }
}

fn int_out_of_range(span: Span) -> Diagnostic {
    Diagnostic::new(Code::IntegerOutOfRange, span, "integer literal out of range")
        .with_label("does not fit in a 64-bit signed integer")
        .with_help("integers range from -9223372036854775808 to 9223372036854775807; use a float for larger numbers")
}

fn str_lit(pair: Pair<'_, Rule>, off: usize, diags: &mut Diags) -> StrLit {
    let sp = span(&pair, off);
    let body_pair = pair.into_inner().next();
    let (body, body_start) = match &body_pair {
        Some(p) => (p.as_str(), p.as_span().start() + off),
        None => ("", sp.start as usize + 1),
    };
    StrLit { value: unescape(body, body_start, diags), bare: false, span: sp }
}

/// Resolves escapes; a bad one is reported (E0103) and kept as written.
fn unescape(body: &str, start: usize, diags: &mut Diags) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\\' | '"' | '\'' | '{' | '}' => out.push(e),
            'u' => {
                match unicode_escape(&mut chars) {
                    Some(ch) => out.push(ch),
                    None => {
                        diags.push(bad_escape(start + i, "expected `\\u{XXXX}` with 1 to 6 hex digits naming a Unicode scalar value"));
                    }
                }
            }
            other => {
                diags.push(bad_escape(start + i, &format!("`\\{other}` is not an escape")));
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

fn unicode_escape(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<char> {
    if chars.next()?.1 != '{' {
        return None;
    }
    let mut hex = String::new();
    for (_, c) in chars.by_ref() {
        if c == '}' {
            break;
        }
        hex.push(c);
        if hex.len() > 6 {
            return None;
        }
    }
    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
}

fn bad_escape(at: usize, label: &str) -> Diagnostic {
    Diagnostic::new(Code::InvalidEscape, Span::new(at, at + 2), "invalid escape sequence")
        .with_label(label)
        .with_help("escapes are `\\n`, `\\t`, `\\r`, `\\0`, `\\\\`, `\\\"`, `\\'`, `\\{`, `\\}` and `\\u{XXXX}`; a raw string `s'...'` keeps backslashes")
}
