//! The pure core: scenario model, loading and validation, analysis, the
//! engine, scoring and reports. Nothing here depends on a browser, so all of
//! it is tested natively with `cargo test --no-default-features`.

pub mod analysis;
pub mod base64;
pub mod catalogue;
pub mod condition;
pub mod coverage;
pub mod diagnostic;
pub mod edit;
pub mod encoding;
pub mod endings;
pub mod engine;
pub mod file;
#[cfg(test)]
pub mod fixtures;
pub mod framework;
pub mod guidance;
pub mod library;
pub mod lms;
pub mod lower;
pub mod map;
pub mod model;
pub mod package;
pub mod parse;
pub mod plan;
pub mod practice_use;
pub mod progress;
pub mod publish;
pub mod quiz;
pub mod read;
pub mod report;
pub mod scoring;
pub mod starter;
pub mod states;
pub mod strategies;
pub mod syntax;
pub mod synthetic;
pub mod text;
pub mod transcript;
pub mod validate;
