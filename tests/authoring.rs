//! AUTHORING.md's worked example is a real scenario: this test takes it out
//! of the guide, exactly as a trainer would copy it, and checks it.

use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::validate::load;

const HEADING: &str = "## The complete worked example";

fn worked_example() -> String {
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/AUTHORING.md")).unwrap();
    let section = guide
        .split_once(HEADING)
        .expect("AUTHORING.md has the worked example heading")
        .1;
    let section = section.split("\n## ").next().unwrap();
    let blocks: Vec<&str> = section
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap())
        .collect();
    assert_eq!(
        blocks.len(),
        1,
        "the worked example section holds exactly one TOML block"
    );
    blocks[0].to_string()
}

#[test]
fn the_guides_worked_example_passes_the_checker_with_no_warnings() {
    let source = SourceFile::new("worked-example.toml", worked_example());
    let loaded = load(&source, &Framework::bundled());
    let rendered: Vec<String> = loaded.diagnostics.iter().map(|d| d.render()).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n\n"));
    let scenario = loaded.scenario.unwrap();
    assert_eq!(scenario.id, "worked-example");
    let stats =
        course_of_conduct::core::analysis::Stats::of(&scenario, loaded.analysis.as_ref().unwrap());
    assert!(
        stats.endings >= 3 && stats.critical_options >= 1 && stats.key_actions >= 1,
        "{stats:?}"
    );
}
