//! The officer's web app, built by trunk for the browser.

fn main() {
    course_of_conduct::app::mount::<course_of_conduct::app::App>();
}
