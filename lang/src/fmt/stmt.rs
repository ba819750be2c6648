//! Blocks and statements.

use super::Formatter;
use super::list::{Bounds, ListDoc, STATEMENTS};
use super::printer::Doc;
use crate::ast::{Block, Ident, Stmt, StmtKind};

impl Formatter<'_> {
    /// A block on its own: `{ stmt }` when [`Self::block_may_be_flat`], else
    /// one statement per line.
    pub(super) fn block(&mut self, block: &Block) -> Doc {
        let flat = self.block_may_be_flat(block) && self.one_line_in_source(block.span);
        self.block_parts(block).group(!flat)
    }

    /// The parts of a block, for callers that group several blocks together
    /// (an `if` chain is flat or broken as a whole).
    pub(super) fn block_parts(&mut self, block: &Block) -> ListDoc {
        self.list(&STATEMENTS, Bounds::of(block.span), &block.stmts, |s| s.span, Self::stmt)
    }

    /// Only a single statement, and not a loop, may share the line with its braces.
    pub(super) fn block_may_be_flat(&self, block: &Block) -> bool {
        match block.stmts.as_slice() {
            [] => true,
            [stmt] => !matches!(stmt.kind, StmtKind::For { .. }),
            _ => false,
        }
    }

    pub(super) fn stmt(&mut self, stmt: &Stmt) -> Doc {
        match &stmt.kind {
            StmtKind::Let { names, value } => {
                let value = self.hang(value.span.start, |f| f.expr(value));
                Doc::Concat(vec![Doc::text(format!("let {} =", names_text(names))), value])
            }
            StmtKind::Assign { targets, value } => {
                let targets: Vec<String> = targets.iter().map(super::expr::path_text).collect();
                let value = self.hang(value.span.start, |f| f.expr(value));
                Doc::Concat(vec![Doc::text(format!("{} =", targets.join(", "))), value])
            }
            StmtKind::For { names, iter, body } => {
                let head = format!("for {} in ", names_text(names));
                Doc::Concat(vec![
                    Doc::text(head),
                    self.expr(iter),
                    Doc::text(" "),
                    self.block(body),
                ])
            }
            StmtKind::Drop => Doc::text("drop"),
            StmtKind::Abort { reason: None } => Doc::text("abort"),
            StmtKind::Abort { reason: Some(reason) } => {
                Doc::Concat(vec![Doc::text("abort "), self.expr(reason)])
            }
            StmtKind::Emit { lane } => Doc::text(format!("emit {}", lane.name)),
            StmtKind::Expr(expr) => self.expr(expr),
        }
    }
}

fn names_text(names: &[Ident]) -> String {
    names.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join(", ")
}
