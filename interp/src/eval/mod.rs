//! The evaluator: walks the syntax tree, `async` so a socket call can wait
//! for the relay without blocking the thread.
//!
//! - `stmt.rs`: statements and control flow.
//! - `expr.rs`: expressions, assignment targets.
//! - `ops.rs`: operators, comparisons, indexing.
//! - `call.rs`: calling functions, built-ins and methods.
//! - `iter.rs`: `for` loops and everything that consumes an iterable.

mod call;
mod expr;
mod iter;
mod ops;
mod scope;
mod stmt;

use crate::ast::Module;
use crate::exc::{ExcClass, ExcObj};
use crate::host::{Host, HostError};
use crate::syntax::SyntaxError;
use crate::value::Value;
use indexmap::IndexMap;
use std::fmt;
use std::rc::Rc;

pub(crate) use call::Args;
pub(crate) use iter::iterate_value;
pub(crate) use ops::{find_bytes, overflow};

/// Guard rails for one run, so a script without a blocking call cannot
/// hang the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Statements executed before the run is stopped.
    pub max_steps: u64,
    /// Seconds the run may take, waiting included.
    pub max_seconds: f64,
    /// The longest single `time.sleep`.
    pub max_sleep: f64,
    /// Nested function calls before `RecursionError`.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 1_000_000,
            max_seconds: 600.0,
            max_sleep: 10.0,
            max_depth: 100,
        }
    }
}

/// Why a run stopped without finishing or raising: nothing a script can
/// catch.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Halt {
    /// The step budget ran out.
    #[error("stopped after {0} steps without finishing (an endless loop?); the playground's limit is {0}")]
    Steps(u64),
    /// The wall-clock limit ran out.
    #[error("stopped after {0} seconds; the playground's limit for one run")]
    Seconds(f64),
    /// The host failed or was stopped.
    #[error("{0}")]
    Host(#[from] HostError),
    /// A blocking call was cancelled (its socket closed while it waited).
    #[error("{op}() was cancelled: {reason}")]
    Cancelled {
        /// The op.
        op: String,
        /// Why.
        reason: String,
    },
    /// The script used something the playground does not have.
    #[error("not supported in the playground: {0}")]
    Unsupported(String),
}

/// A raised exception with where it was raised.
#[derive(Clone, Debug)]
pub struct Raised {
    /// The exception.
    pub exc: Rc<ExcObj>,
    /// The call stack at the raise: (function name, line), outermost first.
    pub stack: Vec<(String, u32)>,
}

/// How a statement or expression ended other than normally.
#[derive(Debug)]
pub(crate) enum Flow {
    Raise(Raised),
    Return(Value),
    Break,
    Continue,
    Halt(Halt),
}

impl From<Halt> for Flow {
    fn from(h: Halt) -> Self {
        Flow::Halt(h)
    }
}

impl From<HostError> for Flow {
    fn from(h: HostError) -> Self {
        Flow::Halt(Halt::Host(h))
    }
}

/// The result of evaluating something.
pub(crate) type Eval<T> = Result<T, Flow>;

/// How one run ended.
#[derive(Debug)]
pub enum Outcome {
    /// It ran to the end.
    Finished,
    /// The source did not parse; nothing ran.
    Syntax(SyntaxError),
    /// An exception nobody caught.
    Raised(Raised),
    /// `sys.exit(code)`.
    Exit(i64),
    /// A guard rail or the host stopped it.
    Halted(Halt),
}

impl Outcome {
    /// What a terminal shows for it (empty when it finished cleanly):
    /// CPython's traceback, or the playground's reason for stopping.
    pub fn report(&self, filename: &str, source: &str) -> String {
        match self {
            Outcome::Finished | Outcome::Exit(_) => String::new(),
            Outcome::Syntax(e) => e.render(filename),
            Outcome::Raised(r) => traceback(r, filename, source),
            Outcome::Halted(h) => format!("playground: {h}\n"),
        }
    }
}

/// CPython's traceback format for an uncaught exception.
pub fn traceback(r: &Raised, filename: &str, source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::from("Traceback (most recent call last):\n");
    for (func, line) in &r.stack {
        out.push_str(&format!("  File \"{filename}\", line {line}, in {func}\n"));
        if let Some(text) = lines.get((*line as usize).wrapping_sub(1)) {
            out.push_str(&format!("    {}\n", text.trim()));
        }
    }
    out.push_str(&r.exc.last_line());
    out.push('\n');
    out
}

/// Whether a run is a script or a console input (which echoes the value
/// of an expression statement, as Python's REPL does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A whole file.
    Script,
    /// One console input.
    Interactive,
}

/// The variables visible to a stepping page.
pub struct Scope<'a> {
    globals: &'a IndexMap<String, Value>,
    locals: Option<&'a Frame>,
}

impl Scope<'_> {
    /// The script's own variables (not modules, functions or classes) with
    /// their reprs, innermost function's first.
    pub fn variables(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(frame) = self.locals {
            for (name, v) in frame.vars.borrow().iter() {
                out.push((format!("{}: {name}", frame.name), short_repr(v)));
            }
        }
        for (name, v) in self.globals {
            if !matches!(
                v,
                Value::Module(_) | Value::Function(_) | Value::Type(_) | Value::Builtin(_)
            ) && !name.starts_with("__")
            {
                out.push((name.clone(), short_repr(v)));
            }
        }
        out
    }

    /// The function being run, if not the top level.
    pub fn function(&self) -> Option<&str> {
        self.locals.map(|f| f.name.as_str())
    }
}

/// A repr cut to a length a panel can show.
fn short_repr(v: &Value) -> String {
    const MAX: usize = 120;
    let r = v.repr();
    if r.chars().count() > MAX {
        let cut: String = r.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        r
    }
}

/// A function call's local variables.
#[derive(Debug, Default)]
pub(crate) struct Frame {
    pub name: String,
    pub vars: crate::value::Vars,
    /// The names the function's body makes local.
    pub locals: Rc<std::collections::HashSet<String>>,
    /// The enclosing functions' variables, innermost first.
    pub closure: Vec<crate::value::Vars>,
    pub globals: Vec<String>,
    pub line: u32,
}

/// The interpreter: globals that persist across runs (the console keeps
/// its variables between inputs) and the host it talks through.
pub struct Interp<H> {
    /// The host.
    pub host: H,
    limits: Limits,
    globals: IndexMap<String, Value>,
    frames: Vec<Frame>,
    /// The top level's current line.
    line: u32,
    steps: u64,
    started: f64,
    argv: Vec<String>,
    mode: Mode,
    /// The exception being handled, for a bare `raise`.
    handling: Vec<Raised>,
    /// Sockets the scripts created, to close them all on Stop.
    pub(crate) sockets: Vec<Rc<crate::socket::SocketObj>>,
}

impl<H: Host> Interp<H> {
    /// A fresh interpreter; `argv` is `sys.argv` (the script's name first).
    pub fn new(host: H, limits: Limits, argv: Vec<String>) -> Self {
        let mut globals = IndexMap::new();
        globals.insert("__name__".to_string(), Value::str("__main__"));
        Interp {
            host,
            limits,
            globals,
            frames: Vec::new(),
            line: 0,
            steps: 0,
            started: 0.0,
            argv,
            mode: Mode::Script,
            handling: Vec::new(),
            sockets: Vec::new(),
        }
    }

    /// Parses and runs `source`. In [`Mode::Interactive`] the value of an
    /// expression statement other than `None` is echoed, as in Python's
    /// console; globals persist from one run to the next either way.
    pub async fn run(&mut self, source: &str, mode: Mode) -> Outcome {
        let module: Module = match crate::parser::parse(source) {
            Ok(m) => m,
            Err(e) => return Outcome::Syntax(e),
        };
        self.run_module(&module, mode).await
    }

    /// Runs an already parsed module.
    pub async fn run_module(&mut self, module: &Module, mode: Mode) -> Outcome {
        self.mode = mode;
        self.steps = 0;
        self.started = self.host.monotonic();
        self.frames.clear();
        self.handling.clear();
        match self.exec_block(&module.body).await {
            Ok(()) => Outcome::Finished,
            Err(Flow::Raise(r)) if r.exc.class == ExcClass::SystemExit => {
                exit_outcome(&r, &mut self.host)
            }
            Err(Flow::Raise(r)) => Outcome::Raised(r),
            Err(Flow::Halt(h)) => Outcome::Halted(h),
            Err(Flow::Return(_)) => Outcome::Raised(self.raised(ExcObj::new(
                ExcClass::RuntimeError,
                "'return' outside function",
            ))),
            Err(Flow::Break | Flow::Continue) => Outcome::Raised(self.raised(ExcObj::new(
                ExcClass::RuntimeError,
                "'break' or 'continue' outside loop",
            ))),
        }
    }

    /// The guard rails in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The sockets scripts opened that are not closed yet (a page closes
    /// them when the learner stops a script).
    pub fn open_sockets(&self) -> Vec<shared::SocketId> {
        self.sockets
            .iter()
            .filter(|s| !s.closed.get())
            .map(|s| s.id)
            .collect()
    }

    /// The relay's session ended and a new one began: every socket the
    /// scripts hold is gone, and its handle may name another socket now.
    pub fn forget_sockets(&mut self) {
        for s in self.sockets.drain(..) {
            s.stale.set(true);
            s.closed.set(true);
            s.fd.set(-1);
        }
    }

    /// The current variables, for a page showing them between runs.
    pub fn scope(&self) -> Scope<'_> {
        Scope {
            globals: &self.globals,
            locals: self.frames.last(),
        }
    }

    /// A raised exception with the current call stack.
    pub(crate) fn raised(&self, exc: ExcObj) -> Raised {
        let mut stack = vec![("<module>".to_string(), self.line)];
        stack.extend(self.frames.iter().map(|f| (f.name.clone(), f.line)));
        Raised {
            exc: Rc::new(exc),
            stack,
        }
    }

    /// `Err(Flow::Raise(...))` for a new exception of `class`.
    pub(crate) fn err<T>(&self, class: ExcClass, message: impl Into<String>) -> Eval<T> {
        Err(Flow::Raise(self.raised(ExcObj::new(class, message))))
    }

    /// Counts a step and enforces the limits; then lets the host see it.
    async fn step(&mut self, line: u32) -> Eval<()> {
        match self.frames.last_mut() {
            Some(f) => f.line = line,
            None => self.line = line,
        }
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(Halt::Steps(self.limits.max_steps).into());
        }
        if self.steps % 1024 == 0 {
            self.check_clock()?;
        }
        let scope = Scope {
            globals: &self.globals,
            locals: self.frames.last(),
        };
        self.host.before_statement(line, &scope).await?;
        Ok(())
    }

    fn check_clock(&self) -> Eval<()> {
        if self.host.monotonic() - self.started > self.limits.max_seconds {
            return Err(Halt::Seconds(self.limits.max_seconds).into());
        }
        Ok(())
    }
}

fn exit_outcome<H: Host>(r: &Raised, host: &mut H) -> Outcome {
    match r.exc.args.first() {
        None | Some(Value::None) => Outcome::Exit(0),
        Some(v) => match v.as_int() {
            Some(code) => Outcome::Exit(code),
            None => {
                host.write(crate::value::Stream::Stderr, &format!("{}\n", v.to_str()));
                Outcome::Exit(1)
            }
        },
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Finished => write!(f, "finished"),
            Outcome::Syntax(e) => write!(f, "{e}"),
            Outcome::Raised(r) => write!(f, "{}", r.exc.last_line()),
            Outcome::Exit(code) => write!(f, "exit({code})"),
            Outcome::Halted(h) => write!(f, "{h}"),
        }
    }
}
