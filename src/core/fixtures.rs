//! The small valid scenario the core's unit tests share
//! (`tests/fixtures/valid/mini.toml`), read once per test in one place.

use crate::core::diagnostic::SourceFile;
use crate::core::framework::Framework;
use crate::core::validate::{load, Loaded};

pub const MINI: &str = include_str!("../../tests/fixtures/valid/mini.toml");

/// `mini.toml` loaded against the bundled framework.
pub fn mini() -> Loaded {
    load(&SourceFile::new("mini.toml", MINI), &Framework::bundled())
}
