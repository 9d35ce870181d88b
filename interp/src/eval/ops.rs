//! Operators, comparisons, indexing and slicing, with CPython's messages.

use super::{Eval, Interp};
use crate::ast::{BinOp, CmpOp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::{Type, Value};
use std::cmp::Ordering;

/// The error for an int result beyond 64 bits.
pub(crate) fn overflow() -> (ExcClass, String) {
    (
        ExcClass::OverflowError,
        "integer beyond 64 bits (the playground's ints are 64-bit)".into(),
    )
}

/// Python's floor division and modulo for ints.
fn floor_divmod(a: i64, b: i64) -> Option<(i64, i64)> {
    let q = a.checked_div(b)?;
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some((q - 1, r + b))
    } else {
        Some((q, r))
    }
}

impl<H: Host> Interp<H> {
    /// `l op r`.
    pub(crate) fn binop(&self, op: BinOp, l: &Value, r: &Value) -> Eval<Value> {
        if let (Some(a), Some(b)) = (l.as_int(), r.as_int()) {
            if !matches!(l, Value::Bool(_))
                || !matches!(r, Value::Bool(_))
                || !matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor)
            {
                return self.int_op(op, a, b);
            }
            let v = match op {
                BinOp::BitAnd => a & b,
                BinOp::BitOr => a | b,
                _ => a ^ b,
            };
            return Ok(Value::Bool(v != 0));
        }
        if let (Some(a), Some(b)) = (num(l), num(r)) {
            return self.float_op(op, a, b, l, r);
        }
        use Value as V;
        match (op, l, r) {
            (BinOp::Add, V::Str(a), V::Str(b)) => Ok(Value::str(format!("{a}{b}"))),
            (BinOp::Add, V::Bytes(a), V::Bytes(b)) => Ok(Value::bytes([&a[..], &b[..]].concat())),
            (BinOp::Add, V::List(a), V::List(b)) => {
                let mut v = a.borrow().clone();
                v.extend(b.borrow().iter().cloned());
                Ok(Value::list(v))
            }
            (BinOp::Add, V::Tuple(a), V::Tuple(b)) => Ok(Value::tuple([&a[..], &b[..]].concat())),
            (BinOp::Add, V::Str(_), other) => self.err(
                ExcClass::TypeError,
                format!(
                    "can only concatenate str (not \"{}\") to str",
                    other.type_name()
                ),
            ),
            (BinOp::Add, V::Bytes(_), other) => self.err(
                ExcClass::TypeError,
                format!("can't concat {} to bytes", other.type_name()),
            ),
            (BinOp::Add, V::List(_) | V::Tuple(_), other) => self.err(
                ExcClass::TypeError,
                format!(
                    "can only concatenate {} (not \"{}\") to {}",
                    l.type_name(),
                    other.type_name(),
                    l.type_name()
                ),
            ),
            (BinOp::Mul, seq, n) | (BinOp::Mul, n, seq)
                if matches!(seq, V::Str(_) | V::Bytes(_) | V::List(_) | V::Tuple(_)) =>
            {
                let Some(n) = n.as_int() else {
                    return self.err(
                        ExcClass::TypeError,
                        format!(
                            "can't multiply sequence by non-int of type '{}'",
                            n.type_name()
                        ),
                    );
                };
                self.repeat(seq, n)
            }
            (BinOp::Mod, V::Str(fmt), args) => crate::format::percent_str(fmt, args)
                .map(Value::str)
                .map_err(|e| self.flow_err(e)),
            (BinOp::Mod, V::Bytes(fmt), args) => crate::format::percent_bytes(fmt, args)
                .map(Value::bytes)
                .map_err(|e| self.flow_err(e)),
            _ => self.err(
                ExcClass::TypeError,
                format!(
                    "unsupported operand type(s) for {}: '{}' and '{}'",
                    op.symbol(),
                    l.type_name(),
                    r.type_name()
                ),
            ),
        }
    }

    fn repeat(&self, seq: &Value, n: i64) -> Eval<Value> {
        let n = usize::try_from(n).unwrap_or(0);
        let len = match seq {
            Value::Str(s) => s.len(),
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            _ => 0,
        };
        if len.saturating_mul(n) > 64 * 1024 * 1024 {
            return self.err(
                ExcClass::MemoryError,
                "the result would exceed the playground's 64 MiB",
            );
        }
        Ok(match seq {
            Value::Str(s) => Value::str(s.repeat(n)),
            Value::Bytes(b) => Value::bytes(b.repeat(n)),
            Value::List(l) => Value::list(repeat_items(&l.borrow(), n)),
            Value::Tuple(t) => Value::tuple(repeat_items(t, n)),
            other => other.clone(),
        })
    }

    fn int_op(&self, op: BinOp, a: i64, b: i64) -> Eval<Value> {
        let ov = || self.flow_err(overflow());
        let v = match op {
            BinOp::Add => a.checked_add(b).ok_or_else(ov)?,
            BinOp::Sub => a.checked_sub(b).ok_or_else(ov)?,
            BinOp::Mul => a.checked_mul(b).ok_or_else(ov)?,
            BinOp::Div => {
                if b == 0 {
                    return self.err(ExcClass::ZeroDivisionError, "division by zero");
                }
                return Ok(Value::Float(a as f64 / b as f64));
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if b == 0 {
                    let msg = if op == BinOp::Mod {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    return self.err(ExcClass::ZeroDivisionError, msg);
                }
                let (q, r) = floor_divmod(a, b).ok_or_else(ov)?;
                if op == BinOp::Mod {
                    r
                } else {
                    q
                }
            }
            BinOp::Pow => {
                if b < 0 {
                    if a == 0 {
                        return self.err(
                            ExcClass::ZeroDivisionError,
                            "0.0 cannot be raised to a negative power",
                        );
                    }
                    return Ok(Value::Float((a as f64).powf(b as f64)));
                }
                let e = u32::try_from(b).map_err(|_| ov())?;
                a.checked_pow(e).ok_or_else(ov)?
            }
            BinOp::LShift => {
                if b < 0 {
                    return self.err(ExcClass::ValueError, "negative shift count");
                }
                let s = u32::try_from(b).map_err(|_| ov())?;
                let v = a.checked_shl(s).ok_or_else(ov)?;
                if v >> s != a {
                    return Err(ov());
                }
                v
            }
            BinOp::RShift => {
                if b < 0 {
                    return self.err(ExcClass::ValueError, "negative shift count");
                }
                a >> b.min(63)
            }
            BinOp::BitAnd => a & b,
            BinOp::BitOr => a | b,
            BinOp::BitXor => a ^ b,
        };
        Ok(Value::Int(v))
    }

    fn float_op(&self, op: BinOp, a: f64, b: f64, l: &Value, r: &Value) -> Eval<Value> {
        let v = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => {
                if b == 0.0 {
                    return self.err(ExcClass::ZeroDivisionError, "float division by zero");
                }
                a / b
            }
            BinOp::FloorDiv => {
                if b == 0.0 {
                    return self.err(ExcClass::ZeroDivisionError, "float floor division by zero");
                }
                float_floordiv(a, b)
            }
            BinOp::Mod => {
                if b == 0.0 {
                    return self.err(ExcClass::ZeroDivisionError, "float modulo");
                }
                let m = a % b;
                if m != 0.0 && ((m < 0.0) != (b < 0.0)) {
                    m + b
                } else {
                    m
                }
            }
            BinOp::Pow => {
                if a == 0.0 && b < 0.0 {
                    return self.err(
                        ExcClass::ZeroDivisionError,
                        "0.0 cannot be raised to a negative power",
                    );
                }
                a.powf(b)
            }
            _ => {
                return self.err(
                    ExcClass::TypeError,
                    format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        op.symbol(),
                        l.type_name(),
                        r.type_name()
                    ),
                )
            }
        };
        Ok(Value::Float(v))
    }

    /// One comparison of a chain.
    pub(crate) fn compare(&self, op: CmpOp, l: &Value, r: &Value) -> Eval<bool> {
        Ok(match op {
            CmpOp::Eq => l.py_eq(r),
            CmpOp::NotEq => !l.py_eq(r),
            CmpOp::Is => l.is(r),
            CmpOp::IsNot => !l.is(r),
            CmpOp::In => self.contains(r, l)?,
            CmpOp::NotIn => !self.contains(r, l)?,
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                let Some(ord) = self.order_for(op.symbol(), l, r)? else {
                    return Ok(false);
                };
                match op {
                    CmpOp::Lt => ord == Ordering::Less,
                    CmpOp::LtE => ord != Ordering::Greater,
                    CmpOp::Gt => ord == Ordering::Greater,
                    _ => ord != Ordering::Less,
                }
            }
        })
    }

    /// The order of two values (`None` for NaN), or the TypeError.
    pub(crate) fn order(&self, l: &Value, r: &Value) -> Eval<Option<Ordering>> {
        self.order_for("<", l, r)
    }

    /// [`Self::order`] for the comparison written `symbol`, which names it
    /// in the TypeError.
    pub(crate) fn order_for(&self, symbol: &str, l: &Value, r: &Value) -> Eval<Option<Ordering>> {
        use Value as V;
        if let (Some(a), Some(b)) = (l.as_int(), r.as_int()) {
            return Ok(Some(a.cmp(&b)));
        }
        if let (Some(a), Some(b)) = (num(l), num(r)) {
            return Ok(a.partial_cmp(&b));
        }
        match (l, r) {
            (V::Str(a), V::Str(b)) => Ok(Some(a.cmp(b))),
            (V::Bytes(a), V::Bytes(b)) => Ok(Some(a.cmp(b))),
            (V::Tuple(a), V::Tuple(b)) => self.order_seq(a, b),
            (V::List(a), V::List(b)) => {
                let (a, b) = (a.borrow().clone(), b.borrow().clone());
                self.order_seq(&a, &b)
            }
            _ => self.err(
                ExcClass::TypeError,
                format!(
                    "'{symbol}' not supported between instances of '{}' and '{}'",
                    l.type_name(),
                    r.type_name()
                ),
            ),
        }
    }

    fn order_seq(&self, a: &[Value], b: &[Value]) -> Eval<Option<Ordering>> {
        for (x, y) in a.iter().zip(b) {
            if !x.py_eq(y) {
                return self.order(x, y);
            }
        }
        Ok(Some(a.len().cmp(&b.len())))
    }

    /// `item in container`.
    pub(crate) fn contains(&self, container: &Value, item: &Value) -> Eval<bool> {
        use Value as V;
        match (container, item) {
            (V::Str(s), V::Str(sub)) => Ok(s.contains(&**sub)),
            (V::Str(_), other) => self.err(
                ExcClass::TypeError,
                format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ),
            ),
            (V::Bytes(b), V::Bytes(sub)) => Ok(find_bytes(b, sub, 0).is_some()),
            (V::Bytes(b), x) if x.as_int().is_some() => {
                let n = x.as_int().unwrap_or(-1);
                match u8::try_from(n) {
                    Ok(n) => Ok(b.contains(&n)),
                    Err(_) => self.err(ExcClass::ValueError, "byte must be in range(0, 256)"),
                }
            }
            (V::Bytes(_), other) => self.err(
                ExcClass::TypeError,
                format!(
                    "a bytes-like object is required, not '{}'",
                    other.type_name()
                ),
            ),
            (V::Dict(d), k) => {
                self.check_hashable(k)?;
                Ok(d.borrow().find(k).is_some())
            }
            (V::Range(r), x) => Ok(match x.as_int() {
                Some(x) => {
                    let (x, start, step) = (i128::from(x), i128::from(r.start), i128::from(r.step));
                    let i = (x - start) / step;
                    (x - start) % step == 0 && i >= 0 && i < i128::from(r.len())
                }
                None => false,
            }),
            (c, x) => {
                let mut it = match super::iter::iterate(c) {
                    Some(it) => it,
                    None => {
                        return self.err(
                            ExcClass::TypeError,
                            format!("argument of type '{}' is not iterable", c.type_name()),
                        )
                    }
                };
                while let Some(y) = it.next_item() {
                    if y.py_eq(x) {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// `container[index]`.
    pub(crate) fn get_item(&self, container: &Value, index: &Value) -> Eval<Value> {
        use Value as V;
        match container {
            V::Dict(d) => {
                self.check_hashable(index)?;
                match d.borrow().get(index) {
                    Some(v) => Ok(v.clone()),
                    None => Err(self.flow_key_error(index)),
                }
            }
            V::List(l) => {
                let l = l.borrow();
                let i = self.seq_index(index, l.len(), "list")?;
                Ok(l[i].clone())
            }
            V::Tuple(t) => {
                let i = self.seq_index(index, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            V::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.seq_index(index, chars.len(), "string")?;
                Ok(Value::str(chars[i].to_string()))
            }
            V::Bytes(b) => {
                let i = self.seq_index(index, b.len(), "")?;
                Ok(Value::Int(i64::from(b[i])))
            }
            V::Range(r) => {
                let i =
                    self.seq_index(index, usize::try_from(r.len()).unwrap_or(0), "range object")?;
                Ok(Value::Int(r.at(i as i64)))
            }
            V::Type(Type::Exc(_)) | V::Type(_) => self.err(
                ExcClass::TypeError,
                format!("type '{}' is not subscriptable", container.type_name()),
            ),
            other => self.err(
                ExcClass::TypeError,
                format!("'{}' object is not subscriptable", other.type_name()),
            ),
        }
    }

    fn flow_key_error(&self, key: &Value) -> super::Flow {
        super::Flow::Raise(self.raised(crate::exc::ExcObj::construct(
            ExcClass::KeyError,
            vec![key.clone()],
        )))
    }

    /// A sequence index, negative from the end, checked.
    fn seq_index(&self, index: &Value, len: usize, what: &str) -> Eval<usize> {
        let Some(i) = index.as_int() else {
            let what = if what.is_empty() {
                "byte"
            } else {
                what.split(' ').next().unwrap_or(what)
            };
            let what = if what == "string" { "string" } else { what };
            return self.err(
                ExcClass::TypeError,
                format!(
                    "{what} indices must be integers or slices, not {}",
                    index.type_name()
                ),
            );
        };
        let len = len as i64;
        let j = if i < 0 { i + len } else { i };
        if j < 0 || j >= len {
            let msg = if what.is_empty() {
                "index out of range".to_string()
            } else {
                format!("{what} index out of range")
            };
            return self.err(ExcClass::IndexError, msg);
        }
        Ok(j as usize)
    }

    /// `container[index] = v`.
    pub(crate) fn set_item(&self, container: &Value, index: Value, v: Value) -> Eval<()> {
        match container {
            Value::Dict(d) => {
                self.check_hashable(&index)?;
                d.borrow_mut().set(index, v);
                Ok(())
            }
            Value::List(l) => {
                let len = l.borrow().len();
                let i = self.seq_index(&index, len, "list assignment")?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            other => self.err(
                ExcClass::TypeError,
                format!(
                    "'{}' object does not support item assignment",
                    other.type_name()
                ),
            ),
        }
    }

    /// `del container[index]`.
    pub(crate) fn del_item(&self, container: &Value, index: &Value) -> Eval<()> {
        match container {
            Value::Dict(d) => {
                self.check_hashable(index)?;
                let removed = d.borrow_mut().remove(index);
                removed
                    .map(|_| ())
                    .ok_or_else(|| self.flow_key_error(index))
            }
            Value::List(l) => {
                let len = l.borrow().len();
                let i = self.seq_index(index, len, "list assignment")?;
                l.borrow_mut().remove(i);
                Ok(())
            }
            other => self.err(
                ExcClass::TypeError,
                format!(
                    "'{}' object doesn't support item deletion",
                    other.type_name()
                ),
            ),
        }
    }

    /// `container[lower:upper:step]`.
    pub(crate) fn slice(
        &self,
        container: &Value,
        lower: &Option<Value>,
        upper: &Option<Value>,
        step: &Option<Value>,
    ) -> Eval<Value> {
        let int_or_none = |v: &Option<Value>| -> Eval<Option<i64>> {
            match v {
                None | Some(Value::None) => Ok(None),
                Some(x) => match x.as_int() {
                    Some(i) => Ok(Some(i)),
                    None => self.err(
                        ExcClass::TypeError,
                        "slice indices must be integers or None or have an __index__ method",
                    ),
                },
            }
        };
        let (lo, hi, st) = (int_or_none(lower)?, int_or_none(upper)?, int_or_none(step)?);
        let step = st.unwrap_or(1);
        if step == 0 {
            return self.err(ExcClass::ValueError, "slice step cannot be zero");
        }
        let pick = |len: usize| -> Vec<usize> { slice_indices(len as i64, lo, hi, step) };
        Ok(match container {
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                Value::str(
                    pick(chars.len())
                        .into_iter()
                        .map(|i| chars[i])
                        .collect::<String>(),
                )
            }
            Value::Bytes(b) => {
                Value::bytes(pick(b.len()).into_iter().map(|i| b[i]).collect::<Vec<u8>>())
            }
            Value::List(l) => {
                let l = l.borrow();
                Value::list(pick(l.len()).into_iter().map(|i| l[i].clone()).collect())
            }
            Value::Tuple(t) => {
                Value::tuple(pick(t.len()).into_iter().map(|i| t[i].clone()).collect())
            }
            other => {
                return self.err(
                    ExcClass::TypeError,
                    format!("'{}' object is not subscriptable", other.type_name()),
                )
            }
        })
    }
}

/// The indices a slice selects, as `slice.indices` computes them.
pub(crate) fn slice_indices(len: i64, lo: Option<i64>, hi: Option<i64>, step: i64) -> Vec<usize> {
    // In i128, so a huge step cannot overflow.
    let (len, step) = (i128::from(len), i128::from(step));
    let norm = |v: i64| {
        let v = i128::from(v);
        if v < 0 {
            v + len
        } else {
            v
        }
    };
    let mut out = Vec::new();
    if step > 0 {
        let start = lo.map_or(0, |v| norm(v).clamp(0, len));
        let stop = hi.map_or(len, |v| norm(v).clamp(0, len));
        let mut i = start;
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        let start = lo.map_or(len - 1, |v| norm(v).clamp(-1, len - 1));
        let stop = hi.map_or(-1, |v| norm(v).clamp(-1, len - 1));
        let mut i = start;
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    out
}

/// `items * n`.
fn repeat_items(items: &[Value], n: usize) -> Vec<Value> {
    items
        .iter()
        .cloned()
        .cycle()
        .take(items.len() * n)
        .collect()
}

/// CPython's float floor division: from `fmod`, so `7.0 // 0.1` is 69.0.
fn float_floordiv(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div == 0.0 {
        return 0.0_f64.copysign(a / b);
    }
    let floor = div.floor();
    if div - floor > 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// A float for int, bool and float operands.
fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        v => v.as_int().map(|i| i as f64),
    }
}

/// Where `needle` first occurs in `hay` at or after `from`.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}
