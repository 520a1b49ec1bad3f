//! The officer's web app, built by trunk for the browser.

use course_of_conduct::app;

fn main() {
    // An LMS, when there is one, says whose records to read before the app starts.
    wasm_bindgen_futures::spawn_local(async {
        app::lms::begin().await;
        app::mount::<app::App>();
    });
}
