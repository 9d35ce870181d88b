//! Tests of the op builder, one file per submodule.

mod arguments;
mod catalogue;
mod form;
mod payload;
