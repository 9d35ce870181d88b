//! `min`, `max`, and the stable sort behind `sorted` and `list.sort`.

use crate::eval::{Args, Eval, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::Value;

impl<H: Host> Interp<H> {
    pub(super) async fn min_max(&mut self, name: &'static str, mut args: Args) -> Eval<Value> {
        let key = args.take_kw("key");
        let default = args.take_kw("default");
        let items = match args.pos.len() {
            0 => {
                return self.err(
                    ExcClass::TypeError,
                    format!("{name} expected at least 1 argument, got 0"),
                )
            }
            1 => self.collect(&args.pos[0])?,
            _ => args.pos,
        };
        let mut best: Option<(Value, Value)> = None;
        for v in items {
            let k = match &key {
                Some(f) => self.call(f, vec![v.clone()], vec![]).await?,
                None => v.clone(),
            };
            let better = match &best {
                None => true,
                Some((bk, _)) => {
                    let ord = self.order(&k, bk)?;
                    if name == "min" {
                        ord == Some(std::cmp::Ordering::Less)
                    } else {
                        ord == Some(std::cmp::Ordering::Greater)
                    }
                }
            };
            if better {
                best = Some((k, v));
            }
        }
        match (best, default) {
            (Some((_, v)), _) => Ok(v),
            (None, Some(d)) => Ok(d),
            (None, None) => self.err(
                ExcClass::ValueError,
                format!("{name}() arg is an empty sequence"),
            ),
        }
    }

    /// A stable sort by `key`, as `sorted` and `list.sort` do.
    pub(crate) async fn sort(
        &mut self,
        items: Vec<Value>,
        key: Option<Value>,
        reverse: bool,
    ) -> Eval<Vec<Value>> {
        let mut keyed = Vec::with_capacity(items.len());
        for v in items {
            let k = match &key {
                Some(Value::None) | None => v.clone(),
                Some(f) => self.call(f, vec![v.clone()], vec![]).await?,
            };
            keyed.push((k, v));
        }
        // Insertion sort with fallible comparisons: scripts sort short lists.
        let mut out: Vec<(Value, Value)> = Vec::with_capacity(keyed.len());
        for (k, v) in keyed {
            let mut at = out.len();
            while at > 0 {
                let ord = self.order(&k, &out[at - 1].0)?;
                let before = if reverse {
                    ord == Some(std::cmp::Ordering::Greater)
                } else {
                    ord == Some(std::cmp::Ordering::Less)
                };
                if !before {
                    break;
                }
                at -= 1;
            }
            out.insert(at, (k, v));
        }
        Ok(out.into_iter().map(|(_, v)| v).collect())
    }
}
