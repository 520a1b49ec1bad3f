#[cfg(feature = "web")]
pub mod app;
pub mod core;
