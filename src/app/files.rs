//! The files module, at the edge: a separate bundle (`files/` beside the
//! app) with the JSON the app reads and writes as files and the upgrade of
//! records earlier versions stored as JSON, imported by `modules.js` only
//! when one of these is asked for.

use crate::app::browser;
use js_sys::Array;
use std::future::Future;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/app/modules.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = callFiles)]
    async fn call(name: &str, args: Array) -> Result<JsValue, JsValue>;
}

/// Why the module could not answer, in plain words.
const NOT_LOADED: &str = "the part of the app that reads and writes files could not be loaded";

async fn ask(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    call(name, args.iter().collect())
        .await
        .map_err(|_| NOT_LOADED.to_string())
}

/// An answer that is one text.
async fn ask_text(name: &str, args: &[JsValue]) -> Result<String, String> {
    ask(name, args)
        .await?
        .as_string()
        .ok_or_else(|| NOT_LOADED.into())
}

/// A record stored as JSON, packed (`core::progress::Progress::from_json`):
/// the packed record, and each part set aside as (reason, data).
pub async fn upgrade(text: &str) -> Result<(String, Vec<(String, String)>), String> {
    let answer = browser::strings(&ask("upgrade", &[text.into()]).await?);
    let mut parts = answer.into_iter();
    let packed = parts.next().ok_or(NOT_LOADED)?;
    let mut aside = Vec::new();
    while let (Some(reason), Some(data)) = (parts.next(), parts.next()) {
        aside.push((reason, data));
    }
    Ok((packed, aside))
}

/// A set-aside record stored as JSON, packed.
pub async fn upgrade_aside(text: &str) -> Result<String, String> {
    ask_text("upgrade_aside", &[text.into()]).await
}

/// A file to import, read: `Ok(Ok(packed))`, or `Ok(Err(why it was refused))`.
pub async fn import(text: &str) -> Result<Result<String, String>, String> {
    let answer = browser::strings(&ask("read_import", &[text.into()]).await?);
    match answer.as_slice() {
        [ok, packed] if ok == "ok" => Ok(Ok(packed.clone())),
        [_, why] => Ok(Err(why.clone())),
        _ => Err(NOT_LOADED.into()),
    }
}

/// The records (packed) as the file the officer downloads.
pub async fn progress_file(packed: &str) -> Result<String, String> {
    ask_text("progress_file", &[packed.into()]).await
}

/// One completed run's report from the records (packed), as a file.
pub async fn report_file(packed: &str, number: u32) -> Result<String, String> {
    ask_text("report_file", &[packed.into(), number.into()]).await
}

/// A saved run (`core::progress::pack_run`) as a file.
pub async fn run_file(run: &str) -> Result<String, String> {
    ask_text("run_file", &[run.into()]).await
}

/// Downloads a JSON file once the module has `made` it; `done` hears why
/// it did not start, if it did not.
pub fn download(
    name: String,
    made: impl Future<Output = Result<String, String>> + 'static,
    done: impl FnOnce(Option<String>) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = made
            .await
            .and_then(|json| browser::download(&name, "application/json", &json));
        done(result.err());
    });
}
