//! The checker module, at the edge: a separate bundle (`checker/` beside the
//! app) with the TOML reader and every check, imported only when a force
//! has changed a file on the server since this release was compiled.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/app/checker.js")]
extern "C" {
    /// Sends an encoded `publish::CheckRequest`; resolves to the encoded answer.
    #[wasm_bindgen(catch)]
    pub async fn check(request: Vec<u8>) -> Result<JsValue, JsValue>;

    /// Sends a `guidance.toml`'s text; resolves to an encoded `Result<Guidance, LoadFailure>`.
    #[wasm_bindgen(catch)]
    pub async fn guidance(text: String) -> Result<JsValue, JsValue>;
}
