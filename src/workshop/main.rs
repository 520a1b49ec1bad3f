//! The trainers' workshop, built by trunk for the browser as its own page
//! and bundle (`dist/workshop/`), so officers never download it.

fn main() {
    course_of_conduct::app::mount::<course_of_conduct::workshop::Workshop>();
}
