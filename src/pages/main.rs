//! The pages module: a scenario's start page and the report and record
//! pages (`app::pages`), built as their own bundle (`dist/pages/`) that the
//! officer's app imports while the home page is read, or when one of them
//! opens, so none is in the first load. It draws with a yew root of its
//! own, from the records the app passes it.

use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Draws (or redraws) a page in `container`: `call` is what the app sends
/// (`app::pages::PageCall`, encoded: the page, the records packed, data
/// kept aside, what the LMS says, whether focus may move), and `act` the
/// app's door for what the pages ask of it.
#[wasm_bindgen]
pub async fn show(container: Element, call: Vec<u8>, act: js_sys::Function) -> Result<(), JsValue> {
    course_of_conduct::app::pages::show(container, call, act).await
}

/// Takes down the page in `container`.
#[wasm_bindgen]
pub fn hide(container: Element) {
    course_of_conduct::app::pages::hide(container)
}

/// Runs once, as the module starts: see `number_roots_after_the_app`.
fn main() {
    course_of_conduct::app::pages::number_roots_after_the_app();
}
