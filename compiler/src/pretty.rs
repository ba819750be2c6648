//! A readable rendering of the pipeline IR for `lgp explain FILE --ir`: one
//! statement a line, blocks indented two spaces, locals as `l0`, `l1`, ...
//! (the IR keeps slots, not names), constants as compact JSON, calls with
//! every parameter in order (`_` where the call leaves one out).

use std::fmt::Write as _;

use lgp_stdlib::Str;

use crate::ir::{ArgCheck, Arm, Block, CallIr, Expr, NodeCode, PathRef, Root, Seg, Stmt};

/// Deeper nesting is shown as `...`, so hostile programs cannot exhaust the
/// stack here.
const MAX_DEPTH: usize = 200;

/// The code of one node: a header line `kind name (N locals)`, then its
/// statements or route lanes, indented.
pub fn node(name: &str, code: &NodeCode) -> String {
    let mut printer = Printer::default();
    match code {
        NodeCode::Pass => printer.line(&format!("{name}: passes events through")),
        NodeCode::Transform { body, locals } => {
            printer.line(&format!("transform {name} ({})", plural(*locals, "local")));
            printer.body(body);
        }
        NodeCode::Route { lanes, locals } => {
            printer.line(&format!("route {name} ({})", plural(*locals, "local")));
            printer.lanes(lanes);
        }
    }
    printer.out
}

/// One expression on one line (blocks inside it span several).
pub fn expr(e: &Expr) -> String {
    let mut printer = Printer::default();
    printer.expr(e);
    printer.out
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
    depth: usize,
}

impl Printer {
    fn line(&mut self, text: &str) {
        self.start_line();
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn start_line(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    fn body(&mut self, block: &Block) {
        self.indent += 1;
        for stmt in &block.stmts {
            self.start_line();
            self.stmt(stmt);
            self.out.push('\n');
        }
        self.indent -= 1;
    }

    fn lanes(&mut self, lanes: &[(Str, Expr)]) {
        self.indent += 1;
        for (lane, cond) in lanes {
            self.start_line();
            let _ = write!(self.out, "lane {lane} if ");
            self.expr(cond);
            self.out.push('\n');
        }
        self.indent -= 1;
    }

    /// `{`, the statements on their own lines, `}` at this indentation.
    fn braced(&mut self, block: &Block) {
        self.out.push_str("{\n");
        self.body(block);
        self.start_line();
        self.out.push('}');
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::SetLocal(slot, e) => self.assignment(&format!("l{slot}"), e),
            Stmt::Assign(target, e) => self.assignment(&path(target), e),
            Stmt::AssignWithError { value, error, expr } => {
                self.assignment(&format!("{}, {}", path(value), path(error)), expr);
            }
            Stmt::For { key, value, iter, body } => {
                let key = key.map(|k| format!("l{k}, ")).unwrap_or_default();
                let _ = write!(self.out, "for {key}l{value} in ");
                self.expr(iter);
                self.out.push(' ');
                self.braced(body);
            }
            Stmt::ProjectJson { call, projection } => {
                self.out.push_str(". = ");
                self.call(call);
                let _ = write!(
                    self.out,
                    "  # projected: parses {}, leaves out {}",
                    names(&projection.keep),
                    names(&projection.skip)
                );
            }
            Stmt::Drop => self.out.push_str("drop"),
            Stmt::Abort(None) => self.out.push_str("abort"),
            Stmt::Abort(Some(reason)) => {
                self.out.push_str("abort ");
                self.expr(reason);
            }
            Stmt::Emit(lane) => {
                let _ = write!(self.out, "emit {lane}");
            }
            Stmt::Expr(e) => self.expr(e),
        }
    }

    fn assignment(&mut self, target: &str, value: &Expr) {
        let _ = write!(self.out, "{target} = ");
        self.expr(value);
    }

    fn expr(&mut self, e: &Expr) {
        if self.depth >= MAX_DEPTH {
            self.out.push_str("...");
            return;
        }
        self.depth += 1;
        self.expr_inner(e);
        self.depth -= 1;
    }

    fn expr_inner(&mut self, e: &Expr) {
        match e {
            Expr::Const(value) => {
                let _ = write!(self.out, "{value}");
            }
            Expr::Path(p) => self.out.push_str(&path(p)),
            Expr::Array(items) => self.list("[", items.iter().map(|e| (None, e)), "]"),
            Expr::Object(entries) => {
                self.list("{", entries.iter().map(|(k, e)| (Some(k.as_str()), e)), "}");
            }
            Expr::Call(call) => self.call(call),
            Expr::Del(p) => {
                let _ = write!(self.out, "del({})", path(p));
            }
            Expr::Exists(p) => {
                let _ = write!(self.out, "exists({})", path(p));
            }
            Expr::Unary(op, inner) => {
                self.out.push_str(op.as_str());
                self.operand(inner);
            }
            Expr::Binary(op, lhs, rhs) => {
                self.operand(lhs);
                let _ = write!(self.out, " {} ", op.as_str());
                self.operand(rhs);
            }
            Expr::Block(block) => self.braced(block),
            Expr::If(branches, otherwise) => self.if_chain(branches, otherwise.as_ref()),
            Expr::Match(scrutinee, arms) => self.match_arms(scrutinee, arms),
            Expr::ArgCheck(check) => self.arg_check(check),
        }
    }

    /// An operand of an operator: parenthesized unless it is a single term.
    fn operand(&mut self, e: &Expr) {
        let single = matches!(
            e,
            Expr::Const(_) | Expr::Path(_) | Expr::Call(_) | Expr::Array(_) | Expr::Object(_)
        );
        if !single {
            self.out.push('(');
        }
        self.expr(e);
        if !single {
            self.out.push(')');
        }
    }

    fn list<'e>(
        &mut self,
        open: &str,
        items: impl Iterator<Item = (Option<&'e str>, &'e Expr)>,
        close: &str,
    ) {
        self.out.push_str(open);
        for (i, (key, item)) in items.enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            if let Some(key) = key {
                let _ = write!(self.out, "{}: ", quoted(key));
            }
            self.expr(item);
        }
        self.out.push_str(close);
    }

    /// `name!(a, _, c)`: every parameter in order, `_` where absent.
    fn call(&mut self, call: &CallIr) {
        let bang = if call.bang { "!" } else { "" };
        let _ = write!(self.out, "{}{bang}(", call.name);
        for (i, arg) in call.args.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            match arg {
                Some(e) => self.expr(e),
                None => self.out.push('_'),
            }
        }
        self.out.push(')');
    }

    fn if_chain(&mut self, branches: &[(Expr, Block)], otherwise: Option<&Block>) {
        for (i, (cond, body)) in branches.iter().enumerate() {
            self.out.push_str(if i == 0 { "if " } else { " else if " });
            self.expr(cond);
            self.out.push(' ');
            self.braced(body);
        }
        if let Some(body) = otherwise {
            self.out.push_str(" else ");
            self.braced(body);
        }
    }

    fn match_arms(&mut self, scrutinee: &Expr, arms: &[Arm]) {
        self.out.push_str("match ");
        self.expr(scrutinee);
        self.out.push_str(" {\n");
        self.indent += 1;
        for arm in arms {
            self.start_line();
            let patterns: Vec<String> = arm
                .patterns
                .iter()
                .map(|p| p.as_ref().map_or_else(|| "_".to_string(), ToString::to_string))
                .collect();
            let _ = write!(self.out, "{} => ", patterns.join(" | "));
            self.expr(&arm.body);
            self.out.push('\n');
        }
        self.indent -= 1;
        self.start_line();
        self.out.push('}');
    }

    /// `check(value is KINDS, "what")`: a user function's argument check.
    fn arg_check(&mut self, check: &ArgCheck) {
        self.out.push_str("check(");
        self.expr(&check.value);
        let _ = write!(self.out, " is {}, {})", check.kinds, quoted(&check.what));
    }
}

/// `.a.b[0]`, `%file.path`, `l2.x`, `.` for the whole event.
pub fn path(p: &PathRef) -> String {
    let mut out = match p.root {
        Root::Event => String::new(),
        Root::Meta => String::from("%"),
        Root::Local(slot) => format!("l{slot}"),
    };
    for (i, seg) in p.segments.iter().enumerate() {
        match seg {
            Seg::Field(name) => {
                let dot = i > 0 || p.root != Root::Meta;
                if dot {
                    out.push('.');
                }
                out.push_str(&field(name));
            }
            Seg::Index(index) => {
                let _ = write!(out, "[{index}]");
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// A field name as written in a path: bare when it is an identifier.
fn field(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier { name.to_string() } else { quoted(name) }
}

fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn names(list: &[Str]) -> String {
    if list.is_empty() {
        return "nothing".into();
    }
    list.iter().map(|n| field(n)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use lgp_lang::ast::BinaryOp;
    use lgp_stdlib::Value;

    use super::*;

    fn event_path(fields: &[&str]) -> PathRef {
        PathRef {
            root: Root::Event,
            segments: fields.iter().map(|f| Seg::Field((*f).into())).collect(),
        }
    }

    #[test]
    fn paths_read_as_written() {
        assert_eq!(path(&event_path(&[])), ".");
        assert_eq!(path(&event_path(&["a", "b c"])), ".a.\"b c\"");
        let meta = PathRef { root: Root::Meta, segments: vec![Seg::Field("file".into())] };
        assert_eq!(path(&meta), "%file");
        let local = PathRef { root: Root::Local(2), segments: vec![Seg::Index(-1)] };
        assert_eq!(path(&local), "l2[-1]");
    }

    #[test]
    fn a_transform_prints_one_statement_a_line() {
        let cond = Expr::Binary(
            BinaryOp::Gt,
            Box::new(Expr::Path(event_path(&["n"]))),
            Box::new(Expr::Const(Value::Int(3))),
        );
        let body = Block {
            stmts: vec![
                Stmt::SetLocal(0, Expr::Const(Value::from("x"))),
                Stmt::Expr(Expr::If(vec![(cond, Block { stmts: vec![Stmt::Drop] })], None)),
                Stmt::Assign(
                    event_path(&["y"]),
                    Expr::Path(PathRef { root: Root::Local(0), segments: vec![] }),
                ),
            ],
        };
        let text = node("t", &NodeCode::Transform { body, locals: 1 });
        assert_eq!(
            text,
            "transform t (1 local)\n  l0 = \"x\"\n  if .n > 3 {\n    drop\n  }\n  .y = l0\n"
        );
    }

    #[test]
    fn deep_nesting_is_cut_short() {
        let mut e = Expr::Const(Value::Null);
        for _ in 0..(MAX_DEPTH * 2) {
            e = Expr::Array(vec![e]);
        }
        assert!(expr(&e).contains("..."));
    }
}
