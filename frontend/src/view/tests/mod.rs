//! Tests of the view module, one file per submodule.

mod explain;
mod oneliner;
mod payload;
mod ports;
mod rejection;
