//! The syntax tree of the Python subset the playground runs.
//!
//! The parser (`parser.rs`) builds it from tokens; the evaluator
//! (`eval/`) walks it. Every statement and every call carries the line it
//! starts on, so a traceback, the step marker and the console can name the
//! source line.

use std::rc::Rc;

/// A 1-based line and column in the script, as CPython reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1 (characters, not bytes).
    pub col: u32,
}

/// A whole script or one console input.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// Its statements in order.
    pub body: Vec<Stmt>,
}

/// A statement with the position it starts at.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// Where it starts.
    pub pos: Pos,
    /// What it is.
    pub kind: StmtKind,
}

/// The statements of the subset.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its effect (a call), or echoed in the console.
    Expr(Expr),
    /// `a = b = value`: every target gets the value, left to right.
    Assign {
        /// The targets (names, tuples/lists of targets, subscripts, attributes).
        targets: Vec<Expr>,
        /// The value.
        value: Expr,
    },
    /// `x += value` and the other augmented assignments.
    AugAssign {
        /// A name, subscript or attribute.
        target: Expr,
        /// The operator (`Add` for `+=`).
        op: BinOp,
        /// The right-hand side.
        value: Expr,
    },
    /// `if`/`elif`/`else`: `elif` is an `If` alone in `orelse`.
    If {
        /// The condition.
        test: Expr,
        /// Runs when it is true.
        body: Vec<Stmt>,
        /// Runs otherwise (may be empty).
        orelse: Vec<Stmt>,
    },
    /// `while test: body else: orelse`.
    While {
        /// The condition, checked before each pass.
        test: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Runs when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `for target in iter: body else: orelse`.
    For {
        /// What each item is assigned to.
        target: Expr,
        /// The iterable.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Runs when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `pass`.
    Pass,
    /// `return value?`.
    Return(Option<Expr>),
    /// `raise`, `raise exc`, `raise exc from cause`.
    Raise {
        /// The exception (class or instance); `None` re-raises.
        exc: Option<Expr>,
        /// `from cause` (evaluated, then only kept for the traceback).
        cause: Option<Expr>,
    },
    /// `assert test, msg`.
    Assert {
        /// The condition.
        test: Expr,
        /// The message.
        msg: Option<Expr>,
    },
    /// `try`/`except`/`else`/`finally`.
    Try {
        /// The guarded block.
        body: Vec<Stmt>,
        /// The handlers, tried in order.
        handlers: Vec<Handler>,
        /// Runs when the body raised nothing.
        orelse: Vec<Stmt>,
        /// Always runs.
        finalbody: Vec<Stmt>,
    },
    /// `with a as x, b as y: body`.
    With {
        /// The context managers, entered left to right.
        items: Vec<WithItem>,
        /// The block.
        body: Vec<Stmt>,
    },
    /// `def name(params): body`.
    FunctionDef(Rc<FunctionDef>),
    /// `import a, b as c` (only modules the playground has).
    Import(Vec<Alias>),
    /// `from module import a, b as c` or `from module import *`.
    ImportFrom {
        /// The module's name.
        module: String,
        /// The names; empty means `*`.
        names: Vec<Alias>,
    },
    /// `global a, b`.
    Global(Vec<String>),
    /// `del target, ...`.
    Delete(Vec<Expr>),
}

/// `except Class as name:`.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    /// Where the `except` is.
    pub pos: Pos,
    /// The class or tuple of classes; `None` catches everything.
    pub class: Option<Expr>,
    /// The name the exception is bound to.
    pub name: Option<String>,
    /// The handler's block.
    pub body: Vec<Stmt>,
}

/// One `expr as target` of a `with`.
#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    /// The context manager.
    pub context: Expr,
    /// Where `__enter__`'s result goes.
    pub target: Option<Expr>,
}

/// `name` or `name as asname` in an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    /// The imported name (may be dotted for `import a.b`).
    pub name: String,
    /// The local name, if renamed.
    pub asname: Option<String>,
}

/// A function definition.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// Where `def` is.
    pub pos: Pos,
    /// The function's name.
    pub name: String,
    /// Positional-or-keyword parameters, with defaults for the last ones.
    pub params: Vec<Param>,
    /// The body.
    pub body: Vec<Stmt>,
}

/// One parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its default value, evaluated when `def` runs.
    pub default: Option<Expr>,
}

/// An expression with the position it starts at.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// Where it starts.
    pub pos: Pos,
    /// What it is.
    pub kind: ExprKind,
}

/// The expressions of the subset.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal constant.
    Const(Const),
    /// An f-string: literal parts and `{expr!conv:spec}` parts, in order.
    FString(Vec<FPart>),
    /// A variable.
    Name(String),
    /// `(a, b)` or `a, b`.
    Tuple(Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `{k: v}`.
    Dict(Vec<(Expr, Expr)>),
    /// `[elt for target in iter if cond]` (one `for`, optional `if`s).
    ListComp {
        /// The element.
        elt: Box<Expr>,
        /// The loop variable(s).
        target: Box<Expr>,
        /// The iterable.
        iter: Box<Expr>,
        /// Filters.
        ifs: Vec<Expr>,
    },
    /// `a.b`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute's name.
        attr: String,
    },
    /// `a[i]`.
    Subscript {
        /// The container.
        value: Box<Expr>,
        /// The index or slice.
        index: Box<Expr>,
    },
    /// `lo:hi:step` inside a subscript.
    Slice {
        /// Start.
        lower: Option<Box<Expr>>,
        /// Stop.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
    /// `f(args, key=value)`.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments.
        args: Vec<Expr>,
        /// Keyword arguments.
        kwargs: Vec<(String, Expr)>,
    },
    /// `a + b` and the other binary operators.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// The operator.
        op: BinOp,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `-a`, `+a`, `~a`, `not a`.
    UnaryOp {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a and b and c` / `a or b` (short-circuit).
    BoolOp {
        /// `and` or `or`.
        op: BoolOp,
        /// Two or more operands.
        values: Vec<Expr>,
    },
    /// `a < b <= c`: a chain, each pair compared, short-circuit.
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// Each operator with its right operand.
        ops: Vec<(CmpOp, Expr)>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// The condition.
        test: Box<Expr>,
        /// Value when true.
        body: Box<Expr>,
        /// Value when false.
        orelse: Box<Expr>,
    },
    /// `lambda params: body`.
    Lambda(Rc<FunctionDef>),
}

/// A literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string literal (adjacent literals already joined).
    Str(String),
    /// A bytes literal (adjacent literals already joined).
    Bytes(Vec<u8>),
    /// `...`.
    Ellipsis,
}

/// One piece of an f-string.
#[derive(Clone, Debug, PartialEq)]
pub enum FPart {
    /// Text taken as is (`{{` already unescaped).
    Lit(String),
    /// `{expr!conv:spec}`.
    Value {
        /// The expression.
        expr: Box<Expr>,
        /// `r`, `s` or `a` after `!`.
        conversion: Option<char>,
        /// The format spec after `:`; may itself contain `{...}` parts.
        spec: Vec<FPart>,
        /// `{expr=}`: the source text and `=` to print before the value.
        debug: Option<String>,
    },
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%` (also `%`-formatting)
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    BitAnd,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
    /// `not x`
    Not,
}

/// `and` / `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}
