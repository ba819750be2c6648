//! The syntax tree of a `.lgp` file: plain data with a byte span on every node.
//!
//! The tree holds no semantic information (types, resolved names); the checker
//! keeps those in side tables.

use crate::span::Span;

/// A parsed file: its declarations in source order and every comment in it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    pub decls: Vec<Decl>,
    /// Every `# ...` comment, in source order; the formatter puts them back.
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The comment text after `#`, without the line break.
    pub text: String,
    pub span: Span,
}

/// A name as written: `app`, `parse_json`, `retry`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub kind: DeclKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DeclKind {
    /// `input NAME = KIND { options }`
    Input { name: Ident, kind: Ident, options: Options },
    /// `transform NAME <- UP, ... { stmts }`
    Transform { name: Ident, upstreams: Vec<Upstream>, body: Block },
    /// `route NAME <- UP, ... { lane = cond ... }`
    Route { name: Ident, upstreams: Vec<Upstream>, lanes: Vec<Lane> },
    /// `output NAME <- UP, ... = KIND { options }`
    Output { name: Ident, upstreams: Vec<Upstream>, kind: Ident, options: Options },
    /// `fn name(a: T, ...) -> T { body }`
    Fn { name: Ident, params: Vec<Param>, ret: Option<TypeExpr>, body: Block },
    /// `const NAME = expr`
    Const { name: Ident, value: Expr },
    /// `use "path.lgp"`
    Use { path: StrLit },
    /// `test "name" { input ... expect ... }`
    Test { name: StrLit, stmts: Vec<TestStmt> },
}

impl Decl {
    /// The declared name, when the form has one.
    pub fn name(&self) -> Option<&Ident> {
        match &self.kind {
            DeclKind::Input { name, .. }
            | DeclKind::Transform { name, .. }
            | DeclKind::Route { name, .. }
            | DeclKind::Output { name, .. }
            | DeclKind::Fn { name, .. }
            | DeclKind::Const { name, .. } => Some(name),
            DeclKind::Use { .. } | DeclKind::Test { .. } => None,
        }
    }
}

/// A reference to an upstream node: `parsed` or a route lane `by_level.errors`.
#[derive(Clone, Debug, PartialEq)]
pub struct Upstream {
    pub node: Ident,
    pub lane: Option<Ident>,
    pub span: Span,
}

/// `errors = .level == "error"` inside a route.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub name: Ident,
    pub cond: Expr,
    pub span: Span,
}

/// `{ key = value  nested { ... } }` after an input or output kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub entries: Vec<OptionEntry>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OptionEntry {
    pub key: Ident,
    pub value: OptionValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    /// `key = expr`
    Expr(Expr),
    /// `key { nested = ... }`
    Block(Options),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeExpr,
    pub span: Span,
}

/// A written type: `string`, `int | float`, `array`, `object`, `any`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// The alternatives of the union, each a type name.
    pub alternatives: Vec<Ident>,
    pub span: Span,
}

/// A statement inside a `test` block.
#[derive(Clone, Debug, PartialEq)]
pub struct TestStmt {
    pub kind: TestStmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TestStmtKind {
    /// `input app = { ... }` or `= [ {...}, {...} ]` for several events.
    Input { target: Ident, events: Expr },
    /// `expect parsed = { ... }` (or an array): the events that reach `target`,
    /// in order; `_` in a value matches anything.
    Expect { target: Upstream, events: Expr },
    /// `expect parsed dropped`: every event fed was dropped before `target`.
    ExpectDropped { target: Upstream },
    /// `expect parsed aborted "reason"`: the event was aborted (sent to the
    /// dead-letter queue) in `target`; the reason, when given, must match.
    ExpectAborted { target: Upstream, reason: Option<Expr> },
}

/// `{ stmt ... }`; its value is that of its last expression statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `let x = e` or `let v, err = e` (two names: value and error).
    Let { names: Vec<Ident>, value: Expr },
    /// `.path = e`, `%meta = e`, `x = e`, `x.a = e`; also `.a, err = f(x)`.
    Assign { targets: Vec<Path>, value: Expr },
    /// `for x in e { }` or `for k, v in e { }`.
    For { names: Vec<Ident>, iter: Expr, body: Block },
    /// `drop`
    Drop,
    /// `abort` or `abort "reason"` (any string expression).
    Abort { reason: Option<Expr> },
    /// `emit lane`
    Emit { lane: Ident },
    /// Any expression: a call such as `del(.x)`, an `if`, a `match`.
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `.a.b`, `%meta`, `x.a[0]`
    Path(Path),
    /// `[a, b]`
    Array(Vec<Expr>),
    /// `{ "k": v, k2: v }`
    Object(Vec<ObjectEntry>),
    /// `f(a, name = b)` or `f!(a)`
    Call(Call),
    Unary {
        op: UnaryOp,
        op_span: Span,
        expr: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `( e )`, kept so the formatter writes back what the user wrote.
    Paren(Box<Expr>),
    /// `{ stmts }` used as a value.
    Block(Block),
    /// `if c { } else if c { } else { }`
    If {
        branches: Vec<(Expr, Block)>,
        otherwise: Option<Block>,
    },
    /// `match e { pat | pat => body, _ => body }`
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<MatchArm>,
    },
    /// `_`: matches anything; only valid in test expectations and match arms.
    Wildcard,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectEntry {
    pub key: StrLit,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    /// The alternatives; a lone `_` is [`ExprKind::Wildcard`].
    pub patterns: Vec<Expr>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub name: Ident,
    /// `f!(...)`: abort the event when the call fails.
    pub bang: bool,
    pub args: Vec<Arg>,
    /// Span of the parenthesised argument list.
    pub args_span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    /// `=~`
    Match,
    /// `!~`
    NotMatch,
    And,
    Or,
    /// `??`
    Coalesce,
}

impl BinaryOp {
    /// Binding strength: higher binds tighter. `??` is loosest so that
    /// `int(.x) ?? 0 + 1` reads as `int(.x) ?? (0 + 1)`.
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            Coalesce => 1,
            Or => 2,
            And => 3,
            Eq | Ne | Match | NotMatch => 4,
            Lt | Le | Gt | Ge => 5,
            Add | Sub => 6,
            Mul | Div | Rem => 7,
        }
    }

    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Mul => "*",
            Div => "/",
            Rem => "%",
            Add => "+",
            Sub => "-",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Eq => "==",
            Ne => "!=",
            Match => "=~",
            NotMatch => "!~",
            And => "&&",
            Or => "||",
            Coalesce => "??",
        }
    }
}

impl UnaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string with escapes resolved. `raw` remembers the `s'...'` form.
    String {
        value: String,
        raw: bool,
    },
    /// `r'...'`: the pattern text, validated by the checker.
    Regex(String),
    /// `t'2026-11-26T10:00:00Z'`: the text as written, validated by the checker.
    Timestamp(String),
}

/// A string literal where the grammar wants one (use paths, test names, object keys).
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    pub value: String,
    /// True when written as a bare identifier (object keys only: `{ a: 1 }`).
    pub bare: bool,
    pub span: Span,
}

/// A place: the event (`.`), metadata (`%`) or a variable, then segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub root: PathRoot,
    pub segments: Vec<Segment>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PathRoot {
    /// `.` / `.a`
    Event,
    /// `%` / `%input` / `%file.path`
    Meta,
    /// `x` / `x.a`
    Var(Ident),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    /// `.name` or `."odd key"`; `quoted` keeps the written form.
    Field { name: String, quoted: bool, span: Span },
    /// `[3]` or `[-1]` (from the end).
    Index { index: i64, span: Span },
}

impl Segment {
    pub fn span(&self) -> Span {
        match self {
            Segment::Field { span, .. } | Segment::Index { span, .. } => *span,
        }
    }
}
