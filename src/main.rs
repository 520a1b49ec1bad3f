//! The officer's web app, built by trunk for the browser.

use course_of_conduct::app;

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        app::prepare().await;
        app::mount::<app::App>();
    });
}
