//! Equality and identity of values: `==` and `is`.

use super::Value;
use std::rc::Rc;

impl Value {
    /// `a == b` for the built-in types (identity for the rest).
    pub fn py_eq(&self, other: &Value) -> bool {
        self.eq_depth(other, 0)
    }

    /// Equality, giving up (unequal) past a nesting depth a list that
    /// contains itself would otherwise never leave.
    fn eq_depth(&self, other: &Value, depth: usize) -> bool {
        use Value as V;
        if depth > 200 {
            return false;
        }
        let seq_eq = |a: &[Value], b: &[Value]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_depth(y, depth + 1))
        };
        if let (Some(a), Some(b)) = (self.as_int(), other.as_int()) {
            return a == b;
        }
        match (self, other) {
            (V::None, V::None) => true,
            (V::Float(a), V::Float(b)) => a == b,
            (V::Float(a), b) | (b, V::Float(a)) => b.as_int().is_some_and(|b| *a == b as f64),
            (V::Str(a), V::Str(b)) => a == b,
            (V::Bytes(a), V::Bytes(b)) => a == b,
            (V::Tuple(a), V::Tuple(b)) => seq_eq(a, b),
            (V::List(a), V::List(b)) => Rc::ptr_eq(a, b) || seq_eq(&a.borrow(), &b.borrow()),
            (V::Dict(a), V::Dict(b)) => {
                if Rc::ptr_eq(a, b) {
                    return true;
                }
                let (a, b) = (a.borrow(), b.borrow());
                a.items.len() == b.items.len()
                    && a.items
                        .iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.eq_depth(w, depth + 1)))
            }
            (V::Range(a), V::Range(b)) => a == b,
            (V::Type(a), V::Type(b)) => a == b,
            (V::Module(a), V::Module(b)) => a == b,
            (V::Builtin(a), V::Builtin(b)) => a == b,
            (V::Stream(a), V::Stream(b)) => a == b,
            _ => self.is(other),
        }
    }

    /// `a is b`: identity for shared objects, equality for the small
    /// immutable singletons CPython interns (None, bools, small ints).
    pub fn is(&self, other: &Value) -> bool {
        use Value as V;
        match (self, other) {
            (V::None, V::None) => true,
            (V::Bool(a), V::Bool(b)) => a == b,
            (V::Int(a), V::Int(b)) => a == b && (-5..=256).contains(a),
            (V::Enum(a), V::Enum(b)) => std::ptr::eq(*a, *b),
            (V::Str(a), V::Str(b)) => Rc::ptr_eq(a, b),
            (V::Bytes(a), V::Bytes(b)) => Rc::ptr_eq(a, b),
            (V::Tuple(a), V::Tuple(b)) => Rc::ptr_eq(a, b),
            (V::List(a), V::List(b)) => Rc::ptr_eq(a, b),
            (V::Dict(a), V::Dict(b)) => Rc::ptr_eq(a, b),
            (V::Function(a), V::Function(b)) => Rc::ptr_eq(a, b),
            (V::Exception(a), V::Exception(b)) => Rc::ptr_eq(a, b),
            (V::Socket(a), V::Socket(b)) => Rc::ptr_eq(a, b),
            (V::Type(a), V::Type(b)) => a == b,
            (V::Module(a), V::Module(b)) => a == b,
            (V::Stream(a), V::Stream(b)) => a == b,
            _ => false,
        }
    }
}
