//! `print(*args, sep=, end=, file=, flush=)`.

use crate::eval::{Args, Eval, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::{Stream, Value};

impl<H: Host> Interp<H> {
    pub(super) fn print(&mut self, mut args: Args) -> Eval<Value> {
        let text_kw = |v: Option<Value>, default: &str, what: &str| -> Result<String, String> {
            match v {
                None | Some(Value::None) => Ok(default.to_string()),
                Some(Value::Str(s)) => Ok(s.to_string()),
                Some(v) => Err(format!(
                    "{what} must be None or a string, not {}",
                    v.type_name()
                )),
            }
        };
        let sep = text_kw(args.take_kw("sep"), " ", "sep");
        let end = text_kw(args.take_kw("end"), "\n", "end");
        let (sep, end) = match (sep, end) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(m), _) | (_, Err(m)) => return self.err(ExcClass::TypeError, m),
        };
        let stream = match args.take_kw("file") {
            None | Some(Value::None) => Stream::Stdout,
            Some(Value::Stream(s)) => s,
            Some(v) => {
                return self.err(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute 'write'", v.type_name()),
                )
            }
        };
        let flush = args.take_kw("flush").is_some_and(|v| v.truthy());
        if let Some((k, _)) = args.kw.first() {
            return self.err(
                ExcClass::TypeError,
                format!("'{k}' is an invalid keyword argument for print()"),
            );
        }
        let mut out = String::new();
        for (i, v) in args.pos.iter().enumerate() {
            if i > 0 {
                out.push_str(&sep);
            }
            out.push_str(&v.to_str());
        }
        out.push_str(&end);
        self.host.write(stream, &out);
        if flush {
            self.host.flush();
        }
        Ok(Value::None)
    }
}
