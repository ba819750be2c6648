//! Declarations: inputs, transforms, routes, outputs, functions, constants,
//! `use` and tests, with their option lists, lanes and upstreams.

use super::Formatter;
use super::list::{Bounds, ListStyle, STATEMENTS};
use super::literal::quote;
use super::printer::Doc;
use crate::ast::{
    Decl, DeclKind, Ident, Lane, OptionEntry, OptionValue, Options, Param, StrLit, TestStmt,
    TestStmtKind, TypeExpr, Upstream,
};

const PARAMS: ListStyle = ListStyle {
    open: "(",
    close: ")",
    separator: ",",
    trailing_separator: true,
    padded: false,
    keep_blank_lines: false,
};

impl Formatter<'_> {
    pub(super) fn decl(&mut self, decl: &Decl) -> Doc {
        match &decl.kind {
            DeclKind::Input { name, kind, options } => {
                let head = format!("input {} = {} ", name.name, kind.name);
                Doc::Concat(vec![Doc::text(head), self.options(options)])
            }
            DeclKind::Transform { name, upstreams, body } => {
                let head = format!("transform {} <- {} ", name.name, upstream_list(upstreams));
                Doc::Concat(vec![Doc::text(head), self.block(body)])
            }
            DeclKind::Route { name, upstreams, lanes } => self.route(decl, name, upstreams, lanes),
            DeclKind::Output { name, upstreams, kind, options } => {
                let head = format!(
                    "output {} <- {} = {} ",
                    name.name,
                    upstream_list(upstreams),
                    kind.name
                );
                Doc::Concat(vec![Doc::text(head), self.options(options)])
            }
            DeclKind::Fn { name, params, ret, body } => {
                self.fn_decl(name, params, ret.as_ref(), body)
            }
            DeclKind::Const { name, value } => {
                let value = self.hang(value.span.start, |f| f.expr(value));
                Doc::Concat(vec![Doc::text(format!("const {} =", name.name)), value])
            }
            DeclKind::Use { path } => Doc::text(format!("use {}", quote(&path.value))),
            DeclKind::Test { name, stmts } => self.test(decl, name, stmts),
        }
    }

    fn route(&mut self, decl: &Decl, name: &Ident, upstreams: &[Upstream], lanes: &[Lane]) -> Doc {
        let head = format!("route {} <- {} ", name.name, upstream_list(upstreams));
        let open = upstreams.last().map_or(name.span.end, |u| u.span.end);
        let bounds = Bounds { open, close: decl.span.end };
        let lanes = self.list(&STATEMENTS, bounds, lanes, |lane| lane.span, Self::lane);
        Doc::Concat(vec![Doc::text(head), lanes.group(true)])
    }

    fn lane(&mut self, lane: &Lane) -> Doc {
        let cond = self.hang(lane.cond.span.start, |f| f.expr(&lane.cond));
        Doc::Concat(vec![Doc::text(format!("{} =", lane.name.name)), cond])
    }

    /// `{ key = value ... }`: one entry per line, except that a single
    /// `key = value` written on one line stays there.
    pub(super) fn options(&mut self, options: &Options) -> Doc {
        let list = self.list(
            &STATEMENTS,
            Bounds::of(options.span),
            &options.entries,
            |entry| entry.span,
            Self::option_entry,
        );
        let single =
            matches!(options.entries.as_slice(), [OptionEntry { value: OptionValue::Expr(_), .. }]);
        list.group(!(single && self.one_line_in_source(options.span)))
    }

    fn option_entry(&mut self, entry: &OptionEntry) -> Doc {
        let key = entry.key.name.clone();
        match &entry.value {
            OptionValue::Expr(value) => {
                let value = self.hang(value.span.start, |f| f.expr(value));
                Doc::Concat(vec![Doc::text(format!("{key} =")), value])
            }
            OptionValue::Block(nested) => {
                Doc::Concat(vec![Doc::text(format!("{key} ")), self.options(nested)])
            }
        }
    }

    fn fn_decl(
        &mut self,
        name: &Ident,
        params: &[Param],
        ret: Option<&TypeExpr>,
        body: &crate::ast::Block,
    ) -> Doc {
        let close = ret.map_or(body.span.start, |r| r.span.start);
        let bounds = Bounds { open: name.span.end, close };
        let params = self.list(
            &PARAMS,
            bounds,
            params,
            |p| p.span,
            |_, p| Doc::text(format!("{}: {}", p.name.name, type_text(&p.ty))),
        );
        let mut docs = vec![Doc::text(format!("fn {}", name.name)), params.group(false)];
        if let Some(ret) = ret {
            docs.push(Doc::text(format!(" -> {}", type_text(ret))));
        }
        docs.extend([Doc::text(" "), self.block(body)]);
        Doc::Concat(docs)
    }

    fn test(&mut self, decl: &Decl, name: &StrLit, stmts: &[TestStmt]) -> Doc {
        let bounds = Bounds { open: name.span.end, close: decl.span.end };
        let body = self.list(&STATEMENTS, bounds, stmts, |s| s.span, Self::test_stmt);
        Doc::Concat(vec![Doc::text(format!("test {} ", quote(&name.value))), body.group(true)])
    }

    fn test_stmt(&mut self, stmt: &TestStmt) -> Doc {
        match &stmt.kind {
            TestStmtKind::Input { target, events } => {
                let events = self.hang(events.span.start, |f| f.expr(events));
                Doc::Concat(vec![Doc::text(format!("input {} =", target.name)), events])
            }
            TestStmtKind::Expect { target, events } => {
                let events = self.hang(events.span.start, |f| f.expr(events));
                Doc::Concat(vec![Doc::text(format!("expect {} =", upstream_text(target))), events])
            }
            TestStmtKind::ExpectDropped { target } => {
                Doc::text(format!("expect {} dropped", upstream_text(target)))
            }
            TestStmtKind::ExpectAborted { target, reason } => {
                let mut docs = vec![Doc::text(format!("expect {} aborted", upstream_text(target)))];
                if let Some(reason) = reason {
                    docs.extend([Doc::text(" "), self.expr(reason)]);
                }
                Doc::Concat(docs)
            }
        }
    }
}

fn upstream_list(upstreams: &[Upstream]) -> String {
    upstreams.iter().map(upstream_text).collect::<Vec<_>>().join(", ")
}

fn upstream_text(upstream: &Upstream) -> String {
    match &upstream.lane {
        Some(lane) => format!("{}.{}", upstream.node.name, lane.name),
        None => upstream.node.name.clone(),
    }
}

fn type_text(ty: &TypeExpr) -> String {
    ty.alternatives.iter().map(|alt| alt.name.as_str()).collect::<Vec<_>>().join(" | ")
}
