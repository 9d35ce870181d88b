//! Exceptions: the built-in class tree and exception objects.
//!
//! Scripts cannot define classes, so the tree is fixed: CPython's built-in
//! exceptions that socket code meets, plus `socket.gaierror` and
//! `socket.herror`. `socket.timeout` and `socket.error` are aliases of
//! `TimeoutError` and `OSError`, as in Python 3.10 and later.

use crate::value::Value;
use shared::{ExceptionClass, PyError};

/// A built-in exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ExcClass {
    BaseException,
    SystemExit,
    KeyboardInterrupt,
    Exception,
    ArithmeticError,
    ZeroDivisionError,
    OverflowError,
    AssertionError,
    AttributeError,
    LookupError,
    IndexError,
    KeyError,
    NameError,
    UnboundLocalError,
    OSError,
    BlockingIOError,
    ConnectionError,
    BrokenPipeError,
    ConnectionAbortedError,
    ConnectionRefusedError,
    ConnectionResetError,
    TimeoutError,
    PermissionError,
    InterruptedError,
    FileNotFoundError,
    Gaierror,
    Herror,
    ImportError,
    ModuleNotFoundError,
    MemoryError,
    RuntimeError,
    NotImplementedError,
    RecursionError,
    StopIteration,
    SyntaxError,
    TypeError,
    ValueError,
    UnicodeError,
    UnicodeDecodeError,
    UnicodeEncodeError,
}

/// Every class, for the builtins namespace.
pub const ALL: &[ExcClass] = &[
    ExcClass::BaseException,
    ExcClass::SystemExit,
    ExcClass::KeyboardInterrupt,
    ExcClass::Exception,
    ExcClass::ArithmeticError,
    ExcClass::ZeroDivisionError,
    ExcClass::OverflowError,
    ExcClass::AssertionError,
    ExcClass::AttributeError,
    ExcClass::LookupError,
    ExcClass::IndexError,
    ExcClass::KeyError,
    ExcClass::NameError,
    ExcClass::UnboundLocalError,
    ExcClass::OSError,
    ExcClass::BlockingIOError,
    ExcClass::ConnectionError,
    ExcClass::BrokenPipeError,
    ExcClass::ConnectionAbortedError,
    ExcClass::ConnectionRefusedError,
    ExcClass::ConnectionResetError,
    ExcClass::TimeoutError,
    ExcClass::PermissionError,
    ExcClass::InterruptedError,
    ExcClass::FileNotFoundError,
    ExcClass::ImportError,
    ExcClass::ModuleNotFoundError,
    ExcClass::MemoryError,
    ExcClass::RuntimeError,
    ExcClass::NotImplementedError,
    ExcClass::RecursionError,
    ExcClass::StopIteration,
    ExcClass::SyntaxError,
    ExcClass::TypeError,
    ExcClass::ValueError,
    ExcClass::UnicodeError,
    ExcClass::UnicodeDecodeError,
    ExcClass::UnicodeEncodeError,
];

impl ExcClass {
    /// The class's `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            ExcClass::Gaierror => "gaierror",
            ExcClass::Herror => "herror",
            c => c.builtin_name(),
        }
    }

    /// The name a traceback prints: `socket.gaierror` for the module's own.
    pub fn qualname(self) -> &'static str {
        match self {
            ExcClass::Gaierror => "socket.gaierror",
            ExcClass::Herror => "socket.herror",
            c => c.builtin_name(),
        }
    }

    fn builtin_name(self) -> &'static str {
        use ExcClass as E;
        match self {
            E::BaseException => "BaseException",
            E::SystemExit => "SystemExit",
            E::KeyboardInterrupt => "KeyboardInterrupt",
            E::Exception => "Exception",
            E::ArithmeticError => "ArithmeticError",
            E::ZeroDivisionError => "ZeroDivisionError",
            E::OverflowError => "OverflowError",
            E::AssertionError => "AssertionError",
            E::AttributeError => "AttributeError",
            E::LookupError => "LookupError",
            E::IndexError => "IndexError",
            E::KeyError => "KeyError",
            E::NameError => "NameError",
            E::UnboundLocalError => "UnboundLocalError",
            E::OSError => "OSError",
            E::BlockingIOError => "BlockingIOError",
            E::ConnectionError => "ConnectionError",
            E::BrokenPipeError => "BrokenPipeError",
            E::ConnectionAbortedError => "ConnectionAbortedError",
            E::ConnectionRefusedError => "ConnectionRefusedError",
            E::ConnectionResetError => "ConnectionResetError",
            E::TimeoutError => "TimeoutError",
            E::PermissionError => "PermissionError",
            E::InterruptedError => "InterruptedError",
            E::FileNotFoundError => "FileNotFoundError",
            E::Gaierror => "gaierror",
            E::Herror => "herror",
            E::ImportError => "ImportError",
            E::ModuleNotFoundError => "ModuleNotFoundError",
            E::MemoryError => "MemoryError",
            E::RuntimeError => "RuntimeError",
            E::NotImplementedError => "NotImplementedError",
            E::RecursionError => "RecursionError",
            E::StopIteration => "StopIteration",
            E::SyntaxError => "SyntaxError",
            E::TypeError => "TypeError",
            E::ValueError => "ValueError",
            E::UnicodeError => "UnicodeError",
            E::UnicodeDecodeError => "UnicodeDecodeError",
            E::UnicodeEncodeError => "UnicodeEncodeError",
        }
    }

    /// The class's base, `None` for `BaseException`.
    pub fn parent(self) -> Option<ExcClass> {
        use ExcClass as E;
        Some(match self {
            E::BaseException => return None,
            E::SystemExit | E::KeyboardInterrupt | E::Exception => E::BaseException,
            E::ZeroDivisionError | E::OverflowError => E::ArithmeticError,
            E::IndexError | E::KeyError => E::LookupError,
            E::UnboundLocalError => E::NameError,
            E::BlockingIOError
            | E::ConnectionError
            | E::TimeoutError
            | E::PermissionError
            | E::InterruptedError
            | E::FileNotFoundError
            | E::Gaierror
            | E::Herror => E::OSError,
            E::BrokenPipeError
            | E::ConnectionAbortedError
            | E::ConnectionRefusedError
            | E::ConnectionResetError => E::ConnectionError,
            E::NotImplementedError | E::RecursionError => E::RuntimeError,
            E::ModuleNotFoundError => E::ImportError,
            E::UnicodeError => E::ValueError,
            E::UnicodeDecodeError | E::UnicodeEncodeError => E::UnicodeError,
            _ => E::Exception,
        })
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass(self, other: ExcClass) -> bool {
        let mut c = Some(self);
        while let Some(k) = c {
            if k == other {
                return true;
            }
            c = k.parent();
        }
        false
    }

    /// Whether instances carry `errno` and `strerror`.
    pub fn is_os_error(self) -> bool {
        self.is_subclass(ExcClass::OSError)
    }

    /// The class CPython's `OSError(errno, strerror)` constructor picks for
    /// an errno (PEP 3151), for `OSError` itself.
    fn for_errno(errno: i64) -> ExcClass {
        let Ok(errno) = i32::try_from(errno) else {
            return ExcClass::OSError;
        };
        from_shared(ExceptionClass::for_errno(errno))
    }
}

/// The interpreter's class for the relay's exception class.
pub fn from_shared(class: ExceptionClass) -> ExcClass {
    use ExceptionClass as S;
    match class {
        S::OSError => ExcClass::OSError,
        S::BlockingIOError => ExcClass::BlockingIOError,
        S::BrokenPipeError => ExcClass::BrokenPipeError,
        S::ConnectionAbortedError => ExcClass::ConnectionAbortedError,
        S::ConnectionRefusedError => ExcClass::ConnectionRefusedError,
        S::ConnectionResetError => ExcClass::ConnectionResetError,
        S::TimeoutError => ExcClass::TimeoutError,
        S::PermissionError => ExcClass::PermissionError,
        S::InterruptedError => ExcClass::InterruptedError,
        S::OverflowError => ExcClass::OverflowError,
        S::ValueError => ExcClass::ValueError,
        S::TypeError => ExcClass::TypeError,
        S::Gaierror => ExcClass::Gaierror,
        S::Herror => ExcClass::Herror,
    }
}

/// An exception instance.
#[derive(Debug)]
pub struct ExcObj {
    /// Its class.
    pub class: ExcClass,
    /// `e.args`.
    pub args: Vec<Value>,
    /// `e.__cause__`: set by `raise … from cause`.
    pub cause: std::cell::RefCell<Option<Value>>,
}

impl ExcObj {
    /// An exception with one message argument (`ValueError('…')`).
    pub fn new(class: ExcClass, message: impl Into<String>) -> ExcObj {
        ExcObj::construct(class, vec![Value::str(message.into())])
    }

    /// `Class(*args)` as CPython constructs it: `OSError(111, 'msg')`
    /// becomes a `ConnectionRefusedError`.
    pub fn construct(class: ExcClass, args: Vec<Value>) -> ExcObj {
        let class = match (class, args.first().and_then(Value::as_int)) {
            (ExcClass::OSError, Some(errno)) if args.len() >= 2 => ExcClass::for_errno(errno),
            _ => class,
        };
        ExcObj {
            class,
            args,
            cause: std::cell::RefCell::new(None),
        }
    }

    /// The exception the relay reported, with `errno`/`strerror` filled in
    /// when it has an errno.
    pub fn from_pyerror(e: &PyError) -> ExcObj {
        let class = from_shared(e.class);
        if let Some(errno) = e.errno {
            let prefix = format!("[Errno {errno}] ");
            if let Some(strerror) = e.message.strip_prefix(&prefix) {
                return ExcObj::construct(
                    class,
                    vec![Value::Int(i64::from(errno)), Value::str(strerror)],
                );
            }
        }
        ExcObj::new(class, e.message.clone())
    }

    /// `e.errno` (`None` unless an OS error built from two or more args).
    pub fn errno(&self) -> Value {
        match (self.class.is_os_error(), self.args.as_slice()) {
            (true, [errno, _, ..]) => errno.clone(),
            _ => Value::None,
        }
    }

    /// `e.strerror`.
    pub fn strerror(&self) -> Value {
        match (self.class.is_os_error(), self.args.as_slice()) {
            (true, [_, strerror, ..]) => strerror.clone(),
            _ => Value::None,
        }
    }

    /// `str(e)`.
    pub fn to_str(&self) -> String {
        if self.class.is_os_error() {
            if let [errno, strerror] = self.args.as_slice() {
                return format!("[Errno {}] {}", errno.to_str(), strerror.to_str());
            }
        }
        match self.args.as_slice() {
            [] => String::new(),
            [one] if self.class == ExcClass::KeyError => one.repr(),
            [one] => one.to_str(),
            many => Value::tuple(many.to_vec()).repr(),
        }
    }

    /// `repr(e)`: `ConnectionRefusedError(111, 'Connection refused')`.
    pub fn repr(&self) -> String {
        let args = Value::tuple(self.args.clone()).repr();
        let args = if self.args.len() == 1 {
            // `(x,)` → `(x)`
            format!("{})", &args[..args.len() - 2])
        } else {
            args
        };
        format!("{}{args}", self.class.name())
    }

    /// The traceback's last line: `ConnectionRefusedError: [Errno 111] …`.
    pub fn last_line(&self) -> String {
        let text = self.to_str();
        if text.is_empty() {
            self.class.qualname().to_string()
        } else {
            format!("{}: {text}", self.class.qualname())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_print_like_cpython() {
        let e = ExcObj::construct(
            ExcClass::OSError,
            vec![Value::Int(111), Value::str("Connection refused")],
        );
        assert_eq!(e.class, ExcClass::ConnectionRefusedError);
        assert_eq!(e.to_str(), "[Errno 111] Connection refused");
        assert_eq!(
            e.repr(),
            "ConnectionRefusedError(111, 'Connection refused')"
        );
        let t = ExcObj::from_pyerror(&PyError::timed_out());
        assert_eq!(t.repr(), "TimeoutError('timed out')");
        assert_eq!(t.last_line(), "TimeoutError: timed out");
        assert!(matches!(t.errno(), Value::None));
        let g = ExcObj::from_pyerror(&PyError::gai(-2, "Name or service not known"));
        assert_eq!(
            g.last_line(),
            "socket.gaierror: [Errno -2] Name or service not known"
        );
        assert_eq!(g.repr(), "gaierror(-2, 'Name or service not known')");
        assert!(ExcClass::ConnectionResetError.is_subclass(ExcClass::OSError));
        assert!(!ExcClass::ValueError.is_subclass(ExcClass::OSError));
        assert_eq!(
            ExcObj::construct(ExcClass::KeyError, vec![Value::str("k")]).to_str(),
            "'k'"
        );
        assert_eq!(
            ExcObj::construct(ExcClass::ValueError, vec![]).last_line(),
            "ValueError"
        );
    }
}
