//! The built-in functions and classes a course script uses.
//!
//! - `functions.rs`: calling a built-in function; `print.rs`: `print`;
//!   `ordering.rs`: `min`, `max` and sorting; `types.rs`: `isinstance` and
//!   `type`.
//! - `convert.rs`: calling a built-in class (`int(x)`, `bytes(x)`, …).

mod convert;
mod functions;
mod ordering;
mod print;
mod types;

pub(crate) use convert::convert;

use crate::eval::{Args, Eval, Interp};
use crate::exc::{self, ExcClass};
use crate::host::Host;
use crate::value::{Builtin, Type, Value};

/// Built-in functions by name.
const FUNCTIONS: &[&str] = &[
    "print",
    "len",
    "repr",
    "isinstance",
    "type",
    "abs",
    "min",
    "max",
    "sum",
    "sorted",
    "enumerate",
    "zip",
    "reversed",
    "round",
    "hex",
    "bin",
    "oct",
    "ord",
    "chr",
    "any",
    "all",
    "divmod",
    "format",
    "hasattr",
    "getattr",
    "id",
    "exit",
    "quit",
    "iter",
    "next",
    "input",
    "open",
    "callable",
];

/// Built-ins that exist in Python but not here, with what to say.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "input",
        "input() (a script cannot read from the keyboard here)",
    ),
    ("open", "open() (no files in the playground)"),
    ("iter", "iter() and next()"),
    ("next", "iter() and next()"),
];

/// The built-in namespace: what a name means when no variable has it.
pub fn lookup(name: &str) -> Option<Value> {
    let t = match name {
        "int" => Type::Int,
        "float" => Type::Float,
        "bool" => Type::Bool,
        "str" => Type::Str,
        "bytes" => Type::Bytes,
        "list" => Type::List,
        "tuple" => Type::Tuple,
        "dict" => Type::Dict,
        "range" => Type::Range,
        "None" => return Some(Value::None),
        "True" => return Some(Value::Bool(true)),
        "False" => return Some(Value::Bool(false)),
        _ => {
            if let Some(c) = exc::ALL.iter().find(|c| c.name() == name) {
                return Some(Value::Type(Type::Exc(*c)));
            }
            return FUNCTIONS
                .iter()
                .find(|f| **f == name)
                .map(|f| Value::Builtin(Builtin::Global(f)));
        }
    };
    Some(Value::Type(t))
}

/// Checks a built-in's argument count.
fn arity<H: Host>(i: &Interp<H>, name: &str, args: &Args, min: usize, max: usize) -> Eval<()> {
    let n = args.pos.len();
    if n < min || n > max {
        let expected = if min == max {
            format!("exactly {min} argument{}", if min == 1 { "" } else { "s" })
        } else if n < min {
            format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
        } else {
            format!("at most {max} argument{}", if max == 1 { "" } else { "s" })
        };
        return i.err(
            ExcClass::TypeError,
            format!("{name}() takes {expected} ({n} given)"),
        );
    }
    Ok(())
}
