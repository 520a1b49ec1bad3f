//! The guidance module: draws the guidance pages into the officer's app
//! (`app::guidance::show`), built as its own small bundle
//! (`dist/guidance/`) that the app imports only when a guidance page
//! opens, so the guidance and the code that draws it stay out of the
//! first load.

use wasm_bindgen::prelude::*;

/// Draws the page for `slug` (the index when none) into `container`, its
/// heading focused when `focus` (the app knows whether the officer has
/// acted yet, so whether focus may move).
#[wasm_bindgen]
pub async fn show(container: web_sys::Element, slug: Option<String>, focus: bool) {
    course_of_conduct::app::guidance::show(container, slug, focus).await
}

fn main() {}
