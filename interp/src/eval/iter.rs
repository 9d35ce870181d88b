//! Iteration: what `for`, unpacking, `list(x)`, `join` and friends walk.

use super::{Eval, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::{Range, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// An iterator over a value. A list is walked by index, live, as Python
/// does (appending while iterating is seen); the rest are snapshots.
pub(crate) enum Iter {
    Range(Range, i64),
    List(Rc<RefCell<Vec<Value>>>, usize),
    Items(Vec<Value>, usize),
    /// A dict's keys, the next position, and its size when iteration began.
    Keys(Rc<RefCell<crate::value::Dict>>, Vec<Value>, usize, usize),
}

impl Iter {
    /// The next item, if any.
    pub fn next_item(&mut self) -> Option<Value> {
        match self {
            Iter::Range(r, i) => {
                if *i < r.len() {
                    let v = r.at(*i);
                    *i += 1;
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
            Iter::List(list, i) => {
                let v = list.borrow().get(*i).cloned();
                *i += 1;
                v
            }
            Iter::Items(items, i) => {
                let v = items.get(*i).cloned();
                *i += 1;
                v
            }
            Iter::Keys(_, keys, i, _) => {
                let v = keys.get(*i).cloned();
                *i += 1;
                v
            }
        }
    }

    /// Whether the dict being walked changed size (CPython then raises
    /// `RuntimeError: dictionary changed size during iteration`).
    pub fn dict_resized(&self) -> bool {
        match self {
            Iter::Keys(d, _, _, len) => d.borrow().items.len() != *len,
            _ => false,
        }
    }
}

/// An iterator over `v`, or `None` if it is not iterable.
pub(crate) fn iterate(v: &Value) -> Option<Iter> {
    Some(match v {
        Value::Range(r) => Iter::Range(*r, 0),
        Value::List(l) => Iter::List(l.clone(), 0),
        Value::Tuple(t) => Iter::Items(t.to_vec(), 0),
        Value::Str(s) => Iter::Items(s.chars().map(|c| Value::str(c.to_string())).collect(), 0),
        Value::Bytes(b) => Iter::Items(b.iter().map(|&x| Value::Int(i64::from(x))).collect(), 0),
        Value::Dict(d) => {
            let keys: Vec<Value> = d.borrow().items.iter().map(|(k, _)| k.clone()).collect();
            let len = keys.len();
            Iter::Keys(d.clone(), keys, 0, len)
        }
        _ => return None,
    })
}

/// All items of an iterable, or `None` if it is not one.
pub(crate) fn iterate_value(v: &Value) -> Option<Vec<Value>> {
    let mut it = iterate(v)?;
    let mut out = Vec::new();
    while let Some(x) = it.next_item() {
        out.push(x);
    }
    Some(out)
}

impl<H: Host> Interp<H> {
    /// An iterator over `v`, or `TypeError: 'int' object is not iterable`.
    pub(crate) fn iter_of(&self, v: &Value) -> Eval<Iter> {
        match iterate(v) {
            Some(it) => Ok(it),
            None => self.err(
                ExcClass::TypeError,
                format!("'{}' object is not iterable", v.type_name()),
            ),
        }
    }

    /// All items of an iterable.
    pub(crate) fn collect(&self, v: &Value) -> Eval<Vec<Value>> {
        let mut it = self.iter_of(v)?;
        let mut out = Vec::new();
        while let Some(x) = it.next_item() {
            out.push(x);
        }
        Ok(out)
    }
}
