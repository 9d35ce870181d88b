//! Which names a function's body makes local, as CPython decides at compile
//! time: every name it assigns (`=`, `+=`, `for`, `with … as`, `except … as`,
//! `def`, `import`, `del`), unless declared `global`. Reading one before it
//! is assigned is an `UnboundLocalError`, not a read of the global.

use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use std::collections::HashSet;

/// The local names of a function with `params` and `body`.
pub(crate) fn locals_of(params: impl Iterator<Item = String>, body: &[Stmt]) -> HashSet<String> {
    let mut assigned: HashSet<String> = params.collect();
    let mut globals = HashSet::new();
    walk(body, &mut assigned, &mut globals);
    assigned.retain(|n| !globals.contains(n));
    assigned
}

fn walk(body: &[Stmt], out: &mut HashSet<String>, globals: &mut HashSet<String>) {
    for s in body {
        match &s.kind {
            StmtKind::Assign { targets, .. } => targets.iter().for_each(|t| target(t, out)),
            StmtKind::AugAssign { target: t, .. } => target(t, out),
            StmtKind::For {
                target: t,
                body,
                orelse,
                ..
            } => {
                target(t, out);
                walk(body, out, globals);
                walk(orelse, out, globals);
            }
            StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
                walk(body, out, globals);
                walk(orelse, out, globals);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                walk(body, out, globals);
                for h in handlers {
                    if let Some(n) = &h.name {
                        out.insert(n.clone());
                    }
                    walk(&h.body, out, globals);
                }
                walk(orelse, out, globals);
                walk(finalbody, out, globals);
            }
            StmtKind::With { items, body } => {
                for i in items {
                    if let Some(t) = &i.target {
                        target(t, out);
                    }
                }
                walk(body, out, globals);
            }
            StmtKind::FunctionDef(def) => {
                out.insert(def.name.clone());
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let name = a
                        .asname
                        .clone()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or(&a.name).to_string());
                    out.insert(name);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    out.insert(a.asname.clone().unwrap_or_else(|| a.name.clone()));
                }
            }
            StmtKind::Global(names) => globals.extend(names.iter().cloned()),
            StmtKind::Delete(targets) => targets.iter().for_each(|t| target(t, out)),
            _ => {}
        }
    }
}

fn target(t: &Expr, out: &mut HashSet<String>) {
    match &t.kind {
        ExprKind::Name(n) => {
            out.insert(n.clone());
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().for_each(|i| target(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::locals_of;
    use crate::ast::StmtKind;

    #[test]
    fn assigned_names_are_local_unless_global() {
        let module = crate::parser::parse(
            "def f(a):\n    global g\n    b = 1\n    c += 1\n    g = 2\n    for i, (j, k) in x: pass\n    with s as conn: pass\n    try: pass\n    except E as e: pass\n    def h(): z = 1\n    print(y)\n",
        )
        .expect("parses");
        let StmtKind::FunctionDef(def) = &module.body[0].kind else {
            panic!("not a def");
        };
        let locals = locals_of(def.params.iter().map(|p| p.name.clone()), &def.body);
        let mut names: Vec<_> = locals.into_iter().collect();
        names.sort();
        assert_eq!(names, ["a", "b", "c", "conn", "e", "h", "i", "j", "k"]);
    }
}
