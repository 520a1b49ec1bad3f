//! The checker module, at the edge: a separate bundle (`checker/` beside the
//! app) with the TOML reader and every check, imported only when a force
//! has changed a file on the server since this release was compiled, and
//! then only once: its door keeps its answers in local storage (`modules.js`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/app/modules.js")]
extern "C" {
    /// Sends an encoded `publish::CheckRequest`; resolves to the encoded
    /// answer, kept in the browser under `version` (`publish::CHECKER_VERSION`)
    /// and the request's bytes, so the same request on a later visit is
    /// answered without loading the module.
    #[wasm_bindgen(catch)]
    pub async fn check(version: &str, request: Vec<u8>) -> Result<JsValue, JsValue>;

    /// Removes every answer kept in local storage, to make room for the
    /// officer's records.
    pub fn forget();

    /// Sends a `guidance.toml`'s text; resolves to an encoded `Result<Guidance, LoadFailure>`.
    #[wasm_bindgen(catch)]
    pub async fn guidance(text: String) -> Result<JsValue, JsValue>;
}
