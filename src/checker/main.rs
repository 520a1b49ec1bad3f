//! The checker module: the TOML reader and every check, built as its own
//! small bundle (`dist/checker/`) that the officer's app imports only when
//! a force has changed a file on the server since this release was
//! compiled. It keeps no state: one call, compiled data in and out
//! (`core::publish::check_request`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn check(request: Vec<u8>) -> Vec<u8> {
    course_of_conduct::core::publish::check_request(&request)
}

fn main() {}
