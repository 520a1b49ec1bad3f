//! The officer's web app, built by trunk for the browser.

use course_of_conduct::app;

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        let props = app::prepare().await;
        app::mount_with::<app::App>(props);
    });
}
