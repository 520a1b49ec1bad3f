//! The officer's web app, built by trunk for the browser.

use course_of_conduct::app::App;

fn main() {
    let document = gloo::utils::document();
    // index.html holds a loading message for the moments before the app starts.
    let root = document
        .get_element_by_id("app")
        .unwrap_or_else(|| document.body().expect("the page has a body").into());
    root.set_text_content(None);
    yew::Renderer::<App>::with_root(root).render();
}
