//! The trainers' workshop, built by trunk for the browser as its own page
//! and bundle (`dist/workshop/`), so officers never download it.

fn main() {
    // Citations in the play-test open the app's guidance, beside the workshop.
    course_of_conduct::app::guidance::link_to_app_at("../");
    course_of_conduct::app::mount::<course_of_conduct::workshop::Workshop>();
}
