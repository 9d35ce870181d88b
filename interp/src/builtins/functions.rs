//! Calling a built-in function: `len`, `isinstance`, `round`, `hex`, ….

use super::types::{is_instance, type_of};
use super::{arity, UNSUPPORTED};
use crate::eval::{Args, Eval, Halt, Interp};
use crate::exc::{ExcClass, ExcObj};
use crate::host::Host;
use crate::value::Value;

impl<H: Host> Interp<H> {
    /// Calls the built-in function `name`.
    pub(crate) async fn call_builtin(&mut self, name: &'static str, mut args: Args) -> Eval<Value> {
        if let Some((_, what)) = UNSUPPORTED.iter().find(|(n, _)| *n == name) {
            return Err(Halt::Unsupported((*what).to_string()).into());
        }
        match name {
            "print" => self.print(args),
            "len" => {
                arity(self, name, &args, 1, 1)?;
                let v = &args.pos[0];
                let n = match v {
                    Value::Str(s) => s.chars().count(),
                    Value::Bytes(b) => b.len(),
                    Value::Tuple(t) => t.len(),
                    Value::List(l) => l.borrow().len(),
                    Value::Dict(d) => d.borrow().items.len(),
                    Value::Range(r) => usize::try_from(r.len()).unwrap_or(0),
                    other => {
                        return self.err(
                            ExcClass::TypeError,
                            format!("object of type '{}' has no len()", other.type_name()),
                        )
                    }
                };
                Ok(Value::Int(n as i64))
            }
            "repr" => {
                arity(self, name, &args, 1, 1)?;
                Ok(Value::str(args.pos[0].repr()))
            }
            "isinstance" => {
                arity(self, name, &args, 2, 2)?;
                let classes = match &args.pos[1] {
                    Value::Tuple(t) => t.to_vec(),
                    other => vec![other.clone()],
                };
                let mut yes = false;
                for c in &classes {
                    match c {
                        Value::Type(t) => yes |= is_instance(&args.pos[0], *t),
                        _ => {
                            return self.err(
                                ExcClass::TypeError,
                                "isinstance() arg 2 must be a type, a tuple of types, or a union",
                            )
                        }
                    }
                }
                Ok(Value::Bool(yes))
            }
            "type" => {
                arity(self, name, &args, 1, 1)?;
                Ok(type_of(&args.pos[0]))
            }
            "callable" => {
                arity(self, name, &args, 1, 1)?;
                Ok(Value::Bool(matches!(
                    args.pos[0],
                    Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Type(_)
                )))
            }
            "abs" => {
                arity(self, name, &args, 1, 1)?;
                match &args.pos[0] {
                    Value::Float(f) => Ok(Value::Float(f.abs())),
                    v => match v.as_int() {
                        Some(i) => i
                            .checked_abs()
                            .map(Value::Int)
                            .ok_or_else(|| self.flow_err(crate::eval::overflow())),
                        None => self.err(
                            ExcClass::TypeError,
                            format!("bad operand type for abs(): '{}'", v.type_name()),
                        ),
                    },
                }
            }
            "min" | "max" => self.min_max(name, args).await,
            "sum" => {
                arity(self, name, &args, 1, 2)?;
                let start = args.pos.get(1).cloned().unwrap_or(Value::Int(0));
                let mut acc = start;
                for v in self.collect(&args.pos[0])? {
                    acc = self.binop(crate::ast::BinOp::Add, &acc, &v)?;
                }
                Ok(acc)
            }
            "sorted" => {
                arity(self, name, &args, 1, 1)?;
                let key = args.take_kw("key");
                let reverse = args.take_kw("reverse").is_some_and(|v| v.truthy());
                let items = self.collect(&args.pos[0])?;
                Ok(Value::list(self.sort(items, key, reverse).await?))
            }
            "enumerate" => {
                arity(self, name, &args, 1, 2)?;
                let start = args.pos.get(1).and_then(Value::as_int).unwrap_or(0);
                let items = self.collect(&args.pos[0])?;
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.into_iter().enumerate() {
                    let n = start
                        .checked_add(i as i64)
                        .ok_or_else(|| self.flow_err(crate::eval::overflow()))?;
                    out.push(Value::tuple(vec![Value::Int(n), v]));
                }
                Ok(Value::list(out))
            }
            "zip" => {
                let mut lists = Vec::new();
                for a in &args.pos {
                    lists.push(self.collect(a)?);
                }
                let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                Ok(Value::list(
                    (0..n)
                        .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
                        .collect(),
                ))
            }
            "reversed" => {
                arity(self, name, &args, 1, 1)?;
                let mut items = self.collect(&args.pos[0])?;
                items.reverse();
                Ok(Value::list(items))
            }
            "round" => {
                arity(self, name, &args, 1, 2)?;
                let digits = args.pos.get(1).and_then(Value::as_int);
                match (&args.pos[0], digits) {
                    (Value::Float(f), None) => Ok(Value::Int(round_half_even(*f) as i64)),
                    (Value::Float(f), Some(d)) => {
                        let m = 10f64.powi(i32::try_from(d).unwrap_or(0));
                        Ok(Value::Float(round_half_even(f * m) / m))
                    }
                    (v, _) if v.as_int().is_some() => Ok(Value::Int(v.as_int().unwrap_or(0))),
                    (v, _) => self.err(
                        ExcClass::TypeError,
                        format!("type {} doesn't define __round__ method", v.type_name()),
                    ),
                }
            }
            "hex" | "bin" | "oct" => {
                arity(self, name, &args, 1, 1)?;
                let Some(i) = args.pos[0].as_int() else {
                    return self.err(
                        ExcClass::TypeError,
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            args.pos[0].type_name()
                        ),
                    );
                };
                let (sign, a) = if i < 0 {
                    ("-", i.unsigned_abs())
                } else {
                    ("", i as u64)
                };
                Ok(Value::str(match name {
                    "hex" => format!("{sign}0x{a:x}"),
                    "bin" => format!("{sign}0b{a:b}"),
                    _ => format!("{sign}0o{a:o}"),
                }))
            }
            "ord" => {
                arity(self, name, &args, 1, 1)?;
                match &args.pos[0] {
                    Value::Str(s) if s.chars().count() == 1 => {
                        Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
                    }
                    Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(i64::from(b[0]))),
                    Value::Str(s) => self.err(
                        ExcClass::TypeError,
                        format!(
                            "ord() expected a character, but string of length {} found",
                            s.chars().count()
                        ),
                    ),
                    v => self.err(
                        ExcClass::TypeError,
                        format!(
                            "ord() expected string of length 1, but {} found",
                            v.type_name()
                        ),
                    ),
                }
            }
            "chr" => {
                arity(self, name, &args, 1, 1)?;
                let c = args.pos[0]
                    .as_int()
                    .and_then(|i| u32::try_from(i).ok())
                    .and_then(char::from_u32);
                match c {
                    Some(c) => Ok(Value::str(c.to_string())),
                    None => self.err(ExcClass::ValueError, "chr() arg not in range(0x110000)"),
                }
            }
            "any" | "all" => {
                arity(self, name, &args, 1, 1)?;
                let items = self.collect(&args.pos[0])?;
                Ok(Value::Bool(if name == "any" {
                    items.iter().any(Value::truthy)
                } else {
                    items.iter().all(Value::truthy)
                }))
            }
            "divmod" => {
                arity(self, name, &args, 2, 2)?;
                let q = self.binop(crate::ast::BinOp::FloorDiv, &args.pos[0], &args.pos[1])?;
                let r = self.binop(crate::ast::BinOp::Mod, &args.pos[0], &args.pos[1])?;
                Ok(Value::tuple(vec![q, r]))
            }
            "format" => {
                arity(self, name, &args, 1, 2)?;
                let spec = match args.pos.get(1) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                Ok(Value::str(self.format_value(&args.pos[0], &spec)?))
            }
            "hasattr" | "getattr" => {
                arity(self, name, &args, 2, 3)?;
                let Value::Str(attr) = &args.pos[1] else {
                    return self.err(ExcClass::TypeError, "attribute name must be string");
                };
                let found = self.get_attr(&args.pos[0], attr);
                match (name, found) {
                    ("hasattr", r) => Ok(Value::Bool(r.is_ok())),
                    (_, Ok(v)) => Ok(v),
                    (_, Err(e)) => args.pos.get(2).cloned().ok_or(e),
                }
            }
            "id" => {
                arity(self, name, &args, 1, 1)?;
                Ok(Value::Int(
                    0x7f00_0000_0000 + (self_hash(&args.pos[0]) & 0xffff_ffff),
                ))
            }
            "exit" | "quit" => Err(crate::eval::Flow::Raise(
                self.raised(ExcObj::construct(ExcClass::SystemExit, args.pos)),
            )),
            _ => Err(Halt::Unsupported(format!("{name}()")).into()),
        }
    }
}

/// Banker's rounding, as Python's `round`.
fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - f.signum()
    } else {
        r
    }
}

fn self_hash(v: &Value) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.repr().hash(&mut h);
    (h.finish() >> 1) as i64
}
