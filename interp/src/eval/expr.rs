//! Expressions and assignment targets.

use super::stmt::BoxFut;
use super::{Eval, Flow, Interp};
use crate::ast::{BinOp, BoolOp, Const, Expr, ExprKind, FPart, UnaryOp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::{Dict, Value};
use std::cell::RefCell;
use std::rc::Rc;

impl<H: Host> Interp<H> {
    /// Evaluates an expression.
    pub(crate) fn eval<'a>(&'a mut self, e: &'a Expr) -> BoxFut<'a, Value> {
        Box::pin(async move {
            match &e.kind {
                ExprKind::Const(c) => Ok(constant(c)),
                ExprKind::Name(n) => self.lookup(n),
                ExprKind::FString(parts) => Ok(Value::str(self.fstring(parts).await?)),
                ExprKind::Tuple(items) => Ok(Value::tuple(self.eval_all(items).await?)),
                ExprKind::List(items) => Ok(Value::list(self.eval_all(items).await?)),
                ExprKind::Dict(pairs) => {
                    let mut d = Dict::default();
                    for (k, v) in pairs {
                        let k = self.eval(k).await?;
                        let v = self.eval(v).await?;
                        self.check_hashable(&k)?;
                        d.set(k, v);
                    }
                    Ok(Value::Dict(Rc::new(RefCell::new(d))))
                }
                ExprKind::ListComp {
                    elt,
                    target,
                    iter,
                    ifs,
                } => {
                    let iterable = self.eval(iter).await?;
                    let mut it = self.iter_of(&iterable)?;
                    // The loop variable is the comprehension's own, as in
                    // Python 3: whatever the name held before comes back.
                    let mut names = Vec::new();
                    target_names(target, &mut names);
                    let saved: Vec<_> = names
                        .iter()
                        .map(|n| (n.clone(), self.peek_name(n)))
                        .collect();
                    let mut out = Vec::new();
                    let result: Eval<()> = async {
                        'items: while let Some(item) = it.next_item() {
                            self.assign(target, item).await?;
                            for cond in ifs {
                                if !self.eval(cond).await?.truthy() {
                                    continue 'items;
                                }
                            }
                            out.push(self.eval(elt).await?);
                        }
                        Ok(())
                    }
                    .await;
                    for (name, v) in saved {
                        self.restore_name(&name, v);
                    }
                    result.map(|()| Value::list(out))
                }
                ExprKind::Attribute { value, attr } => {
                    let v = self.eval(value).await?;
                    self.get_attr(&v, attr)
                }
                ExprKind::Subscript { value, index } => {
                    let container = self.eval(value).await?;
                    if let ExprKind::Slice { lower, upper, step } = &index.kind {
                        let lower = self.eval_opt(lower.as_deref()).await?;
                        let upper = self.eval_opt(upper.as_deref()).await?;
                        let step = self.eval_opt(step.as_deref()).await?;
                        return self.slice(&container, &lower, &upper, &step);
                    }
                    let index = self.eval(index).await?;
                    self.get_item(&container, &index)
                }
                ExprKind::Slice { .. } => {
                    self.err(ExcClass::SyntaxError, "a slice outside brackets")
                }
                ExprKind::Call { func, args, kwargs } => {
                    let f = self.eval(func).await?;
                    let args = self.eval_all(args).await?;
                    let mut kw = Vec::with_capacity(kwargs.len());
                    for (name, value) in kwargs {
                        kw.push((name.clone(), self.eval(value).await?));
                    }
                    self.call(&f, args, kw).await
                }
                ExprKind::BinOp { left, op, right } => {
                    let l = self.eval(left).await?;
                    let r = self.eval(right).await?;
                    self.binop(*op, &l, &r)
                }
                ExprKind::UnaryOp { op, operand } => {
                    let v = self.eval(operand).await?;
                    self.unary(*op, &v)
                }
                ExprKind::BoolOp { op, values } => {
                    let mut last = Value::None;
                    for v in values {
                        last = self.eval(v).await?;
                        let stop = match op {
                            BoolOp::And => !last.truthy(),
                            BoolOp::Or => last.truthy(),
                        };
                        if stop {
                            break;
                        }
                    }
                    Ok(last)
                }
                ExprKind::Compare { left, ops } => {
                    let mut l = self.eval(left).await?;
                    for (op, right) in ops {
                        let r = self.eval(right).await?;
                        if !self.compare(*op, &l, &r)? {
                            return Ok(Value::Bool(false));
                        }
                        l = r;
                    }
                    Ok(Value::Bool(true))
                }
                ExprKind::IfExp { test, body, orelse } => {
                    if self.eval(test).await?.truthy() {
                        self.eval(body).await
                    } else {
                        self.eval(orelse).await
                    }
                }
                ExprKind::Lambda(def) => {
                    let mut defaults = Vec::new();
                    for p in &def.params {
                        if let Some(d) = &p.default {
                            defaults.push(self.eval(d).await?);
                        }
                    }
                    Ok(Value::Function(self.make_function(def, defaults, true)))
                }
            }
        })
    }

    async fn eval_opt(&mut self, e: Option<&Expr>) -> Eval<Option<Value>> {
        match e {
            Some(e) => Ok(Some(self.eval(e).await?)),
            None => Ok(None),
        }
    }

    pub(crate) async fn eval_all(&mut self, items: &[Expr]) -> Eval<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for e in items {
            out.push(self.eval(e).await?);
        }
        Ok(out)
    }

    fn fstring<'a>(&'a mut self, parts: &'a [FPart]) -> BoxFut<'a, String> {
        Box::pin(async move {
            let mut out = String::new();
            for p in parts {
                match p {
                    FPart::Lit(s) => out.push_str(s),
                    FPart::Value {
                        expr,
                        conversion,
                        spec,
                        debug,
                    } => {
                        let v = self.eval(expr).await?;
                        if let Some(text) = debug {
                            out.push_str(text);
                        }
                        let spec = self.fstring(spec).await?;
                        let conversion = match conversion {
                            None if debug.is_some() && spec.is_empty() => Some('r'),
                            c => *c,
                        };
                        let v = match conversion {
                            Some('r') => Value::str(v.repr()),
                            Some('a') => Value::str(crate::format::ascii(&v.repr())),
                            Some(_) => Value::str(v.to_str()),
                            None => v,
                        };
                        out.push_str(&self.format_value(&v, &spec)?);
                    }
                }
            }
            Ok(out)
        })
    }

    /// `format(value, spec)`.
    pub(crate) fn format_value(&self, v: &Value, spec: &str) -> Eval<String> {
        crate::format::format_spec(v, spec).map_err(|m| self.flow_err(m))
    }

    /// Turns a (class, message) pair from a pure helper into a raise.
    pub(crate) fn flow_err(&self, (class, message): (ExcClass, String)) -> Flow {
        Flow::Raise(self.raised(crate::exc::ExcObj::new(class, message)))
    }

    pub(crate) fn check_hashable(&self, k: &Value) -> Eval<()> {
        if k.hashable() {
            Ok(())
        } else {
            self.err(
                ExcClass::TypeError,
                format!("unhashable type: '{}'", k.type_name()),
            )
        }
    }

    /// Assigns to a target: a name, a tuple/list of targets, `x[i]`.
    pub(crate) fn assign<'a>(&'a mut self, target: &'a Expr, v: Value) -> BoxFut<'a, ()> {
        Box::pin(async move {
            match &target.kind {
                ExprKind::Name(n) => {
                    self.set_name(n, v);
                    Ok(())
                }
                ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                    let items = self.unpack(&v, targets.len())?;
                    for (t, item) in targets.iter().zip(items) {
                        self.assign(t, item).await?;
                    }
                    Ok(())
                }
                ExprKind::Subscript { value, index } => {
                    let container = self.eval(value).await?;
                    let index = self.eval(index).await?;
                    self.set_item(&container, index, v)
                }
                ExprKind::Attribute { value, attr } => {
                    let obj = self.eval(value).await?;
                    self.err(
                        ExcClass::AttributeError,
                        format!(
                            "'{}' object attribute '{attr}' is read-only",
                            obj.type_name()
                        ),
                    )
                }
                _ => self.err(ExcClass::SyntaxError, "cannot assign to this expression"),
            }
        })
    }

    fn unpack(&self, v: &Value, n: usize) -> Eval<Vec<Value>> {
        let items = match self.iter_of(v) {
            Ok(mut it) => {
                let mut items = Vec::new();
                while let Some(x) = it.next_item() {
                    items.push(x);
                    if items.len() > n {
                        return self.err(
                            ExcClass::ValueError,
                            format!("too many values to unpack (expected {n})"),
                        );
                    }
                }
                items
            }
            Err(_) => {
                return self.err(
                    ExcClass::TypeError,
                    format!("cannot unpack non-iterable {} object", v.type_name()),
                )
            }
        };
        if items.len() < n {
            return self.err(
                ExcClass::ValueError,
                format!(
                    "not enough values to unpack (expected {n}, got {})",
                    items.len()
                ),
            );
        }
        Ok(items)
    }

    pub(crate) async fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr) -> Eval<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                let current = self.lookup(n)?;
                let r = self.eval(value).await?;
                let v = self.binop_inplace(op, &current, &r)?;
                self.set_name(n, v);
                Ok(())
            }
            ExprKind::Subscript {
                value: container,
                index,
            } => {
                let container = self.eval(container).await?;
                let index = self.eval(index).await?;
                let current = self.get_item(&container, &index)?;
                let r = self.eval(value).await?;
                let v = self.binop_inplace(op, &current, &r)?;
                self.set_item(&container, index, v)
            }
            _ => self.err(
                ExcClass::SyntaxError,
                "illegal expression for augmented assignment",
            ),
        }
    }

    /// `x op= y`: lists extend in place, everything else rebinds.
    fn binop_inplace(&self, op: BinOp, l: &Value, r: &Value) -> Eval<Value> {
        if let (BinOp::Add, Value::List(list)) = (op, l) {
            let mut it = self.iter_of(r).map_err(|_| {
                self.flow_err((
                    ExcClass::TypeError,
                    format!("'{}' object is not iterable", r.type_name()),
                ))
            })?;
            let mut extra = Vec::new();
            while let Some(x) = it.next_item() {
                extra.push(x);
            }
            list.borrow_mut().extend(extra);
            return Ok(l.clone());
        }
        self.binop(op, l, r)
    }

    fn unary(&self, op: UnaryOp, v: &Value) -> Eval<Value> {
        match (op, v) {
            (UnaryOp::Not, v) => Ok(Value::Bool(!v.truthy())),
            (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
            (UnaryOp::Pos, Value::Float(f)) => Ok(Value::Float(*f)),
            (op, v) => match (op, v.as_int()) {
                (UnaryOp::Neg, Some(i)) => i
                    .checked_neg()
                    .map(Value::Int)
                    .ok_or_else(|| self.flow_err(crate::eval::ops::overflow())),
                (UnaryOp::Pos, Some(i)) => Ok(Value::Int(i)),
                (UnaryOp::Invert, Some(i)) => Ok(Value::Int(!i)),
                _ => {
                    let sym = match op {
                        UnaryOp::Neg => "-",
                        UnaryOp::Pos => "+",
                        _ => "~",
                    };
                    self.err(
                        ExcClass::TypeError,
                        format!("bad operand type for unary {sym}: '{}'", v.type_name()),
                    )
                }
            },
        }
    }
}

/// The names a target binds.
fn target_names(t: &Expr, out: &mut Vec<String>) {
    match &t.kind {
        ExprKind::Name(n) => out.push(n.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().for_each(|i| target_names(i, out))
        }
        _ => {}
    }
}

fn constant(c: &Const) -> Value {
    match c {
        Const::None | Const::Ellipsis => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => Value::str(s.as_str()),
        Const::Bytes(b) => Value::bytes(b.as_slice()),
    }
}
