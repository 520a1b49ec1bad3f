#[cfg(feature = "web")]
pub mod app;
pub mod core;
#[cfg(feature = "web")]
pub mod workshop;
