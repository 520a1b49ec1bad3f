//! The checker module: the TOML reader and every check, built as its own
//! small bundle (`dist/checker/`) that the officer's app imports only when
//! a force has changed a file on the server since this release was
//! compiled. It keeps no state: compiled data in and out, to check
//! scenario files (`core::publish::check_request`) or read an edited
//! `guidance.toml` (`core::guidance::read_request`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn check(request: Vec<u8>) -> Vec<u8> {
    course_of_conduct::core::publish::check_request(&request)
}

/// Reads a `guidance.toml` edited on the server (`core::guidance::read_request`).
#[wasm_bindgen]
pub fn guidance(text: String) -> Vec<u8> {
    course_of_conduct::core::guidance::read_request(text)
}

fn main() {}
