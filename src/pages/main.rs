//! The pages module: the report and record pages (`app::pages`), built as
//! their own bundle (`dist/pages/`) that the officer's app imports only
//! when one of them opens, so neither is in the first load. It draws with
//! a yew root of its own, from the records the app passes it.

use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Draws (or redraws) `page` (`#/report/N` or `#/record`) in `container`:
/// the records packed, data kept aside as key and record pairs, what the
/// LMS says, whether focus may move, and `act`, the app's door for what the
/// pages ask of it.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn show(
    container: Element,
    page: String,
    progress: String,
    aside: Vec<String>,
    in_lms: bool,
    cmi5: bool,
    waiting: u32,
    reached: Vec<String>,
    focus: bool,
    act: js_sys::Function,
) {
    course_of_conduct::app::pages::show(
        container, page, progress, aside, in_lms, cmi5, waiting, reached, focus, act,
    )
    .await
}

/// Takes down the page in `container`.
#[wasm_bindgen]
pub fn hide(container: Element) {
    course_of_conduct::app::pages::hide(container)
}

fn main() {}
