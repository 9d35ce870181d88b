//! Statements: blocks, control flow, `try`, `with`, imports, `def`.

use super::{Eval, Flow, Interp, Mode, Raised};
use crate::ast::{ExprKind, Handler, Stmt, StmtKind, WithItem};
use crate::exc::{ExcClass, ExcObj};
use crate::host::Host;
use crate::value::{Function, Module, Type, Value};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A boxed future: statements and expressions recurse, so their futures
/// must be boxed.
pub(crate) type BoxFut<'a, T> = Pin<Box<dyn Future<Output = Eval<T>> + 'a>>;

impl<H: Host> Interp<H> {
    /// Runs a block of statements in order.
    pub(crate) fn exec_block<'a>(&'a mut self, body: &'a [Stmt]) -> BoxFut<'a, ()> {
        Box::pin(async move {
            for stmt in body {
                self.exec(stmt).await?;
            }
            Ok(())
        })
    }

    async fn exec(&mut self, stmt: &Stmt) -> Eval<()> {
        self.step(stmt.pos.line).await?;
        match &stmt.kind {
            StmtKind::Expr(e) => {
                let v = self.eval(e).await?;
                if self.mode == Mode::Interactive
                    && self.frames.is_empty()
                    && !matches!(v, Value::None)
                {
                    let text = format!("{}\n", v.repr());
                    self.host.write(crate::value::Stream::Stdout, &text);
                }
                Ok(())
            }
            StmtKind::Assign { targets, value } => {
                let v = self.eval(value).await?;
                for t in targets {
                    self.assign(t, v.clone()).await?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value).await,
            StmtKind::If { test, body, orelse } => {
                if self.eval(test).await?.truthy() {
                    self.exec_block(body).await
                } else {
                    self.exec_block(orelse).await
                }
            }
            StmtKind::While { test, body, orelse } => {
                loop {
                    if !self.eval(test).await?.truthy() {
                        return self.exec_block(orelse).await;
                    }
                    match self.exec_block(body).await {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => return Ok(()),
                        Err(e) => return Err(e),
                    }
                    // A `while True:` whose body is all `continue` still counts.
                    self.step(stmt.pos.line).await?;
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let iterable = self.eval(iter).await?;
                let mut it = self.iter_of(&iterable)?;
                while let Some(item) = it.next_item() {
                    self.assign(target, item).await?;
                    match self.exec_block(body).await {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => return Ok(()),
                        Err(e) => return Err(e),
                    }
                    if it.dict_resized() {
                        return self.err(
                            ExcClass::RuntimeError,
                            "dictionary changed size during iteration",
                        );
                    }
                }
                self.exec_block(orelse).await
            }
            StmtKind::Break => Err(Flow::Break),
            StmtKind::Continue => Err(Flow::Continue),
            StmtKind::Pass => Ok(()),
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => self.eval(e).await?,
                    None => Value::None,
                };
                Err(Flow::Return(v))
            }
            StmtKind::Raise { exc, cause } => self.raise(exc.as_ref(), cause.as_ref()).await,
            StmtKind::Assert { test, msg } => {
                if self.eval(test).await?.truthy() {
                    return Ok(());
                }
                let args = match msg {
                    Some(m) => vec![self.eval(m).await?],
                    None => vec![],
                };
                Err(Flow::Raise(
                    self.raised(ExcObj::construct(ExcClass::AssertionError, args)),
                ))
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.exec_try(body, handlers, orelse, finalbody).await,
            StmtKind::With { items, body } => self.exec_with(items, body).await,
            StmtKind::FunctionDef(def) => {
                let mut defaults = Vec::new();
                for p in &def.params {
                    if let Some(d) = &p.default {
                        defaults.push(self.eval(d).await?);
                    }
                }
                let f = Value::Function(self.make_function(def, defaults, false));
                self.set_name(&def.name, f);
                Ok(())
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let module = self.module(&a.name)?;
                    let name = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.set_name(&name, Value::Module(module));
                }
                Ok(())
            }
            StmtKind::ImportFrom { module, names } => {
                let m = self.module(module)?;
                if names.is_empty() {
                    for (name, v) in crate::modules::star(m, &self.argv) {
                        self.set_name(name, v);
                    }
                    return Ok(());
                }
                for a in names {
                    let Some(v) = crate::modules::attr(m, &a.name, &self.argv) else {
                        return self.err(
                            ExcClass::ImportError,
                            format!(
                                "cannot import name '{}' from '{}' (the playground's {} module does not have it)",
                                a.name,
                                m.name(),
                                m.name()
                            ),
                        );
                    };
                    let name = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.set_name(&name, v);
                }
                Ok(())
            }
            StmtKind::Global(names) => {
                if let Some(f) = self.frames.last_mut() {
                    f.globals.extend(names.iter().cloned());
                }
                Ok(())
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(t).await?;
                }
                Ok(())
            }
        }
    }

    fn module(&self, name: &str) -> Eval<Module> {
        match Module::by_name(name) {
            Some(m) => Ok(m),
            None => self.err(
                ExcClass::ModuleNotFoundError,
                format!(
                    "No module named '{name}' (the playground has socket, sys, time and errno)"
                ),
            ),
        }
    }

    async fn raise(
        &mut self,
        exc: Option<&crate::ast::Expr>,
        cause: Option<&crate::ast::Expr>,
    ) -> Eval<()> {
        let Some(exc) = exc else {
            return match self.handling.last() {
                Some(r) => Err(Flow::Raise(r.clone())),
                None => self.err(ExcClass::RuntimeError, "No active exception to reraise"),
            };
        };
        let v = self.eval(exc).await?;
        let cause = match cause {
            Some(c) => Some(self.eval(c).await?),
            None => None,
        };
        let exc = match v {
            Value::Exception(e) => e,
            Value::Type(Type::Exc(class)) => Rc::new(ExcObj::construct(class, vec![])),
            other => {
                return self.err(
                    ExcClass::TypeError,
                    format!(
                        "exceptions must derive from BaseException, not {}",
                        other.type_name()
                    ),
                )
            }
        };
        if let Some(c) = cause {
            let c = match c {
                Value::Type(Type::Exc(class)) => {
                    Value::Exception(Rc::new(ExcObj::construct(class, vec![])))
                }
                c => c,
            };
            *exc.cause.borrow_mut() = Some(c);
        }
        let mut r = self.raised(ExcObj::construct(exc.class, vec![]));
        r.exc = exc;
        Err(Flow::Raise(r))
    }

    async fn exec_try(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> Eval<()> {
        let mut result = self.exec_block(body).await;
        if let Err(Flow::Raise(raised)) = &result {
            let raised = raised.clone();
            for h in handlers {
                match self.handler_matches(h, &raised).await {
                    Ok(false) => continue,
                    Ok(true) => {}
                    // A bad `except` clause: its error replaces the
                    // exception, and `finally` still runs.
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
                if let Some(name) = &h.name {
                    self.set_name(name, Value::Exception(raised.exc.clone()));
                }
                self.handling.push(raised.clone());
                result = self.exec_block(&h.body).await;
                self.handling.pop();
                if let Some(name) = &h.name {
                    self.unset_name(name);
                }
                break;
            }
        } else if result.is_ok() {
            result = self.exec_block(orelse).await;
        }
        if !finalbody.is_empty() {
            if let Err(Flow::Halt(_)) = result {
                return result;
            }
            // While `finally` runs for an exception on its way out, a bare
            // `raise` re-raises it.
            let pending = match &result {
                Err(Flow::Raise(r)) => Some(r.clone()),
                _ => None,
            };
            if let Some(r) = &pending {
                self.handling.push(r.clone());
            }
            let finished = self.exec_block(finalbody).await;
            if pending.is_some() {
                self.handling.pop();
            }
            finished?;
        }
        result
    }

    async fn handler_matches(&mut self, h: &Handler, raised: &Raised) -> Eval<bool> {
        let Some(class) = &h.class else {
            return Ok(true);
        };
        let v = self.eval(class).await?;
        let classes = match &v {
            Value::Tuple(items) => items.to_vec(),
            other => vec![other.clone()],
        };
        for c in classes {
            match c {
                Value::Type(Type::Exc(c)) => {
                    if raised.exc.class.is_subclass(c) {
                        return Ok(true);
                    }
                }
                _ => {
                    return self.err(
                        ExcClass::TypeError,
                        "catching classes that do not inherit from BaseException is not allowed",
                    )
                }
            }
        }
        Ok(false)
    }

    async fn exec_with(&mut self, items: &[WithItem], body: &[Stmt]) -> Eval<()> {
        let Some((first, rest)) = items.split_first() else {
            return self.exec_block(body).await;
        };
        let manager = self.eval(&first.context).await?;
        let entered = match &manager {
            Value::Socket(_) => manager.clone(),
            other => {
                return self.err(
                    ExcClass::TypeError,
                    format!(
                        "'{}' object does not support the context manager protocol",
                        other.type_name()
                    ),
                )
            }
        };
        if let Some(t) = &first.target {
            self.assign(t, entered).await?;
        }
        let result = Box::pin(self.exec_with(rest, body)).await;
        if let Err(Flow::Halt(_)) = result {
            return result;
        }
        // __exit__: a socket closes, whatever happened in the block.
        if let Value::Socket(s) = &manager {
            self.socket_close(s).await?;
        }
        result
    }

    /// A function value for `def`/`lambda` run here: it knows its local
    /// names and shares the variables of the function it is defined in.
    pub(crate) fn make_function(
        &self,
        def: &Rc<crate::ast::FunctionDef>,
        defaults: Vec<Value>,
        lambda: bool,
    ) -> Rc<Function> {
        let locals = super::scope::locals_of(def.params.iter().map(|p| p.name.clone()), &def.body);
        let closure = match self.frames.last() {
            Some(f) => std::iter::once(f.vars.clone())
                .chain(f.closure.iter().cloned())
                .collect(),
            None => Vec::new(),
        };
        Rc::new(Function {
            def: def.clone(),
            defaults,
            lambda,
            locals: Rc::new(locals),
            closure,
        })
    }

    /// The value `name` has in the current scope itself (not enclosing or
    /// built-in ones).
    pub(crate) fn peek_name(&self, name: &str) -> Option<Value> {
        match self.frames.last() {
            Some(f) if !f.globals.iter().any(|g| g == name) => f.vars.borrow().get(name).cloned(),
            _ => self.globals.get(name).cloned(),
        }
    }

    /// Puts back what [`Self::peek_name`] saw.
    pub(crate) fn restore_name(&mut self, name: &str, v: Option<Value>) {
        match v {
            Some(v) => self.set_name(name, v),
            None => self.unset_name(name),
        }
    }

    /// Binds `name` in the current scope.
    pub(crate) fn set_name(&mut self, name: &str, v: Value) {
        match self.frames.last_mut() {
            Some(f) if !f.globals.iter().any(|g| g == name) => {
                f.vars.borrow_mut().insert(name.to_string(), v);
            }
            _ => {
                self.globals.insert(name.to_string(), v);
            }
        }
    }

    fn unset_name(&mut self, name: &str) {
        match self.frames.last_mut() {
            Some(f) if !f.globals.iter().any(|g| g == name) => {
                f.vars.borrow_mut().shift_remove(name);
            }
            _ => {
                self.globals.shift_remove(name);
            }
        }
    }

    /// Looks a name up: locals, the enclosing functions', globals, then
    /// built-ins. A local name not yet assigned is an `UnboundLocalError`.
    pub(crate) fn lookup(&self, name: &str) -> Eval<Value> {
        if let Some(f) = self.frames.last() {
            if let Some(v) = f.vars.borrow().get(name) {
                return Ok(v.clone());
            }
            if f.locals.contains(name) && !f.globals.iter().any(|g| g == name) {
                return self.err(
                    ExcClass::UnboundLocalError,
                    format!("cannot access local variable '{name}' where it is not associated with a value"),
                );
            }
            for vars in &f.closure {
                if let Some(v) = vars.borrow().get(name) {
                    return Ok(v.clone());
                }
            }
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = crate::builtins::lookup(name) {
            return Ok(v);
        }
        self.err(ExcClass::NameError, format!("name '{name}' is not defined"))
    }

    /// `del name` / `del x[i]`.
    async fn delete(&mut self, target: &crate::ast::Expr) -> Eval<()> {
        match &target.kind {
            ExprKind::Name(name) => {
                let in_frame = self
                    .frames
                    .last()
                    .is_some_and(|f| f.vars.borrow().contains_key(name));
                let removed = if in_frame {
                    self.frames
                        .last_mut()
                        .and_then(|f| f.vars.borrow_mut().shift_remove(name))
                } else {
                    self.globals.shift_remove(name)
                };
                match removed {
                    Some(_) => Ok(()),
                    None => self.err(ExcClass::NameError, format!("name '{name}' is not defined")),
                }
            }
            ExprKind::Subscript { value, index } => {
                let container = self.eval(value).await?;
                let index = self.eval(index).await?;
                self.del_item(&container, &index)
            }
            _ => self.err(ExcClass::TypeError, "cannot delete this target"),
        }
    }
}
