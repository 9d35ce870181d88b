//! Methods of `list`, `tuple` and `dict`.

use super::{arg, no_attr, Pure};
use crate::eval::Args;
use crate::exc::ExcClass;
use crate::value::{Dict, Value};
use std::cell::RefCell;

/// `list.name(*a)`.
pub(super) fn list_method(
    receiver: &Value,
    l: &RefCell<Vec<Value>>,
    name: &str,
    a: &[Value],
) -> Pure {
    match name {
        "append" => {
            l.borrow_mut().push(arg(a, 0, "append")?);
            Ok(Value::None)
        }
        "extend" => {
            let items = crate::eval::iterate_value(&arg(a, 0, "extend")?)
                .ok_or((ExcClass::TypeError, "object is not iterable".to_string()))?;
            l.borrow_mut().extend(items);
            Ok(Value::None)
        }
        "insert" => {
            let at = arg(a, 0, "insert")?.as_int().unwrap_or(0);
            let v = arg(a, 1, "insert")?;
            let mut l = l.borrow_mut();
            let len = l.len() as i64;
            let at = if at < 0 {
                (at + len).max(0)
            } else {
                at.min(len)
            };
            l.insert(at as usize, v);
            Ok(Value::None)
        }
        "pop" => {
            let mut l = l.borrow_mut();
            if l.is_empty() {
                return Err((ExcClass::IndexError, "pop from empty list".into()));
            }
            let len = l.len() as i64;
            let at = a.first().and_then(Value::as_int).unwrap_or(-1);
            let at = if at < 0 { at + len } else { at };
            if at < 0 || at >= len {
                return Err((ExcClass::IndexError, "pop index out of range".into()));
            }
            Ok(l.remove(at as usize))
        }
        "remove" => {
            let v = arg(a, 0, "remove")?;
            let mut l = l.borrow_mut();
            match l.iter().position(|x| x.py_eq(&v)) {
                Some(p) => {
                    l.remove(p);
                    Ok(Value::None)
                }
                None => Err((ExcClass::ValueError, "list.remove(x): x not in list".into())),
            }
        }
        "index" => {
            let v = arg(a, 0, "index")?;
            match l.borrow().iter().position(|x| x.py_eq(&v)) {
                Some(p) => Ok(Value::Int(p as i64)),
                None => Err((ExcClass::ValueError, format!("{} is not in list", v.repr()))),
            }
        }
        "count" => {
            let v = arg(a, 0, "count")?;
            Ok(Value::Int(
                l.borrow().iter().filter(|x| x.py_eq(&v)).count() as i64,
            ))
        }
        "clear" => {
            l.borrow_mut().clear();
            Ok(Value::None)
        }
        "copy" => Ok(Value::list(l.borrow().clone())),
        "reverse" => {
            l.borrow_mut().reverse();
            Ok(Value::None)
        }
        _ => Err(no_attr(receiver, name)),
    }
}

/// `tuple.index` and `tuple.count`.
pub(super) fn tuple_method(t: &[Value], name: &str, a: &[Value]) -> Pure {
    let v = arg(a, 0, name)?;
    match name {
        "index" => t
            .iter()
            .position(|x| x.py_eq(&v))
            .map(|p| Value::Int(p as i64))
            .ok_or((
                ExcClass::ValueError,
                "tuple.index(x): x not in tuple".into(),
            )),
        _ => Ok(Value::Int(t.iter().filter(|x| x.py_eq(&v)).count() as i64)),
    }
}

/// `dict.name(*args)`.
pub(super) fn dict_method(
    receiver: &Value,
    d: &RefCell<Dict>,
    name: &str,
    args: &mut Args,
) -> Pure {
    let a = &args.pos;
    match name {
        "get" => {
            let k = arg(a, 0, "get")?;
            Ok(d.borrow()
                .get(&k)
                .cloned()
                .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
        }
        "keys" => Ok(Value::list(
            d.borrow().items.iter().map(|(k, _)| k.clone()).collect(),
        )),
        "values" => Ok(Value::list(
            d.borrow().items.iter().map(|(_, v)| v.clone()).collect(),
        )),
        "items" => Ok(Value::list(
            d.borrow()
                .items
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                .collect(),
        )),
        "pop" => {
            let k = arg(a, 0, "pop")?;
            let removed = d.borrow_mut().remove(&k);
            match (removed, a.get(1)) {
                (Some(v), _) => Ok(v),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err((ExcClass::KeyError, k.to_str())),
            }
        }
        "setdefault" => {
            let k = arg(a, 0, "setdefault")?;
            let default = a.get(1).cloned().unwrap_or(Value::None);
            let existing = d.borrow().get(&k).cloned();
            match existing {
                Some(v) => Ok(v),
                None => {
                    d.borrow_mut().set(k, default.clone());
                    Ok(default)
                }
            }
        }
        "update" => {
            if let Some(Value::Dict(other)) = a.first() {
                let items = other.borrow().items.clone();
                for (k, v) in items {
                    d.borrow_mut().set(k, v);
                }
            }
            for (k, v) in std::mem::take(&mut args.kw) {
                d.borrow_mut().set(Value::str(k), v);
            }
            Ok(Value::None)
        }
        "copy" => Ok(Value::Dict(std::rc::Rc::new(std::cell::RefCell::new(
            d.borrow().clone(),
        )))),
        "clear" => {
            d.borrow_mut().items.clear();
            Ok(Value::None)
        }
        _ => Err(no_attr(receiver, name)),
    }
}
