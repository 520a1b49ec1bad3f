//! The LMS module: training records for an LMS (SCORM 1.2 and 2004, cmi5)
//! or a force's LRS, built as its own bundle (`dist/lms/`) that the
//! officer's app imports only when it finds one (`app::lms`), so officers
//! without one never download it. The runtime is `app::lms::link`; these
//! are its doors, in plain data (runs and records packed, times in
//! milliseconds since 1970).

use course_of_conduct::app::lms::link;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn listen(changed: js_sys::Function) {
    link::listen(changed);
}

#[wasm_bindgen]
pub fn begin(api: JsValue, found: String) -> String {
    link::begin(api, &found)
}

#[wasm_bindgen]
pub async fn connect(progress: String) -> Vec<String> {
    link::connect(&progress).await.to_vec()
}

#[wasm_bindgen]
pub fn status() -> Vec<String> {
    link::status().to_vec()
}

#[wasm_bindgen(js_name = sceneShown)]
pub fn scene_shown(at: f64) {
    link::scene_shown(at as u64);
}

#[wasm_bindgen(js_name = afterStep)]
pub async fn after_step(saved: String, progress: String, at: f64) {
    link::after_step(&saved, &progress, at as u64).await;
}

#[wasm_bindgen(js_name = afterRun)]
pub async fn after_run(saved: String, progress: String, finished_at: f64) {
    link::after_run(&saved, &progress, finished_at as u64).await;
}

#[wasm_bindgen(js_name = setOfficer)]
pub fn set_officer(name: String) {
    link::set_officer(&name);
}

/// `Reached::words`, or `[]`.
#[wasm_bindgen]
pub fn reached(key: String) -> Vec<String> {
    link::reached(&key).map(|r| r.words()).unwrap_or_default()
}

#[wasm_bindgen]
pub fn retry() {
    link::retry();
}

#[wasm_bindgen]
pub fn exit() {
    link::exit();
}

#[wasm_bindgen]
pub fn waiting() -> u32 {
    link::waiting() as u32
}

#[wasm_bindgen]
pub fn cleared() {
    link::cleared();
}

fn main() {}
