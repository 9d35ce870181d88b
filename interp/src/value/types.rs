//! What values hold: ranges, dicts, user functions and bound methods.

use super::Value;
use crate::ast::FunctionDef;
use std::cell::RefCell;
use std::rc::Rc;

/// `range(start, stop, step)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// First value.
    pub start: i64,
    /// Bound (exclusive).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl Range {
    /// How many values it yields.
    pub fn len(&self) -> i64 {
        // In i128: a range can span more than i64 holds.
        let (start, stop, step) = (
            i128::from(self.start),
            i128::from(self.stop),
            i128::from(self.step),
        );
        let n = if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// Whether it yields nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th value (`i` already checked against `len`).
    pub fn at(&self, i: i64) -> i64 {
        let v = i128::from(self.start) + i128::from(i) * i128::from(self.step);
        i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
    }
}

/// A user function: its definition and the defaults evaluated at `def` time.
#[derive(Debug)]
pub struct Function {
    /// The definition (shared with the syntax tree).
    pub def: Rc<FunctionDef>,
    /// One value per parameter that has a default, in order.
    pub defaults: Vec<Value>,
    /// Whether it is a `lambda` (its body is one `return`).
    pub lambda: bool,
    /// The names its body makes local (CPython's compile-time rule).
    pub locals: Rc<std::collections::HashSet<String>>,
    /// The variables of the functions it is nested in, innermost first,
    /// shared live (a closure sees later assignments, as with cells).
    pub closure: Vec<Vars>,
}

/// A function call's variables, shared with the functions defined in it.
pub type Vars = Rc<RefCell<indexmap::IndexMap<String, Value>>>;

/// A method bound to its receiver.
#[derive(Debug)]
pub struct Method {
    /// The object.
    pub receiver: Value,
    /// The method's name.
    pub name: &'static str,
}

/// An insertion-ordered dict with linear lookup: the scripts' dicts are small.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    /// Key-value pairs in insertion order.
    pub items: Vec<(Value, Value)>,
}

impl Dict {
    /// The index of `key`, if present.
    pub fn find(&self, key: &Value) -> Option<usize> {
        self.items.iter().position(|(k, _)| k.py_eq(key))
    }

    /// The value for `key`.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.find(key).map(|i| &self.items[i].1)
    }

    /// Inserts or replaces, keeping the first insertion's place.
    pub fn set(&mut self, key: Value, value: Value) {
        match self.find(&key) {
            Some(i) => self.items[i].1 = value,
            None => self.items.push((key, value)),
        }
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        self.find(key).map(|i| self.items.remove(i).1)
    }
}
