//! The named built-ins: classes, modules, built-in functions, the standard
//! streams and the socket module's enum members.

use crate::exc::ExcClass;

/// An `IntEnum` member of the socket module.
#[derive(Debug, PartialEq, Eq)]
pub struct EnumMember {
    /// The enum's class (`AddressFamily`, `SocketKind`).
    pub class: &'static str,
    /// The member's name (`AF_INET`).
    pub name: &'static str,
    /// Its integer value.
    pub value: i64,
}

/// `sys.stdout` or `sys.stderr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// The modules a script can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// `socket`.
    Socket,
    /// `sys`.
    Sys,
    /// `time`.
    Time,
    /// `errno`.
    Errno,
}

impl Module {
    /// The module's name.
    pub fn name(self) -> &'static str {
        match self {
            Module::Socket => "socket",
            Module::Sys => "sys",
            Module::Time => "time",
            Module::Errno => "errno",
        }
    }

    /// The module for an `import` name, if the playground has it.
    pub fn by_name(name: &str) -> Option<Module> {
        Some(match name {
            "socket" => Module::Socket,
            "sys" => Module::Sys,
            "time" => Module::Time,
            "errno" => Module::Errno,
            _ => return None,
        })
    }
}

/// Built-in classes: calling one converts or constructs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// `int`
    Int,
    /// `float`
    Float,
    /// `bool`
    Bool,
    /// `str`
    Str,
    /// `bytes`
    Bytes,
    /// `bytearray` is not supported; `list`
    List,
    /// `tuple`
    Tuple,
    /// `dict`
    Dict,
    /// `range`
    Range,
    /// `type(None)`
    NoneType,
    /// `socket.socket`
    Socket,
    /// An exception class.
    Exc(ExcClass),
}

impl Type {
    /// The class's `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            Type::Int => "int",
            Type::Float => "float",
            Type::Bool => "bool",
            Type::Str => "str",
            Type::Bytes => "bytes",
            Type::List => "list",
            Type::Tuple => "tuple",
            Type::Dict => "dict",
            Type::Range => "range",
            Type::NoneType => "NoneType",
            Type::Socket => "socket",
            Type::Exc(c) => c.name(),
        }
    }

    /// `repr(cls)`: `<class 'int'>`, `<class 'socket.gaierror'>`.
    pub fn repr(self) -> String {
        match self {
            Type::Socket => "<class 'socket.socket'>".into(),
            Type::Exc(c) => format!("<class '{}'>", c.qualname()),
            t => format!("<class '{}'>", t.name()),
        }
    }
}

/// Built-in functions, module functions included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// A function of the builtins namespace.
    Global(&'static str),
    /// A function of a module (`time.sleep`, `socket.getaddrinfo`).
    Module(Module, &'static str),
}
