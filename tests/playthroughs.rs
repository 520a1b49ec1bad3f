//! Runs every playthrough test plan in tests/playthroughs/ through the real
//! engine against the real scenario file, comparing ending, result, critical
//! errors, missed key actions and per-competency scores.

mod support;

use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::parse::parse_toml;
use course_of_conduct::core::plan::{self, Plan};
use std::rc::Rc;

#[test]
fn every_playthrough_plan_reproduces_its_expected_outcome() {
    let framework = Framework::bundled();
    let library = support::library();
    let folder = support::root().join("tests/playthroughs");
    let mut plans: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    plans.sort();
    assert!(!plans.is_empty(), "no playthrough plans found");
    let mut failures = Vec::new();
    for path in &plans {
        let source = support::read(path);
        let plan: Plan =
            parse_toml(&source).unwrap_or_else(|d| panic!("{}", source.locate(&d).render()));
        let entry = library
            .iter()
            .find(|e| {
                e.loaded
                    .scenario
                    .as_ref()
                    .is_some_and(|s| s.id == plan.scenario)
            })
            .unwrap_or_else(|| {
                panic!(
                    "{}: no valid scenario `{}` in scenarios/",
                    source.name, plan.scenario
                )
            });
        let scenario = Rc::new(entry.loaded.scenario.clone().unwrap());
        if let Err(problems) = plan::run(&plan, scenario, &framework) {
            failures.push(format!("{}:\n  {}", source.name, problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} plans failed:\n{}",
        failures.len(),
        plans.len(),
        failures.join("\n")
    );
}

#[test]
fn the_mini_fixture_plays_the_same_whatever_the_tick_order() {
    let framework = Framework::bundled();
    let source = support::read(&support::root().join("tests/fixtures/valid/mini.toml"));
    let scenario = Rc::new(
        course_of_conduct::core::validate::load(&source, &framework)
            .scenario
            .unwrap(),
    );
    let play = |choices: &[&str]| {
        let plan = Plan {
            scenario: "mini".into(),
            seed: 4,
            mode: course_of_conduct::core::engine::Mode::Training,
            choices: choices.iter().map(|c| c.to_string()).collect(),
            expect: parse_toml::<Plan>(&course_of_conduct::core::diagnostic::SourceFile::new(
                "p",
                "scenario = \"mini\"\nseed = 4\nmode = \"training\"\nchoices = []\n[expect]\nending = \"late\"\nresult = \"competent\"\n[expect.scores]\nidentify = 100\norders = 100\nadvice = 100\n",
            ))
            .unwrap()
            .expect,
        };
        plan::run(&plan, Rc::clone(&scenario), &framework)
    };
    assert!(play(&["stalking", "diary+refer", "continue", "apply"]).is_ok());
    assert!(play(&["stalking", "refer+diary", "continue", "apply"]).is_ok());
    let wrong = play(&["stalking", "diary", "continue", "apply"]).unwrap_err();
    assert_eq!(wrong, vec![
        "result: expected Competent, got NotYetCompetent".to_string(),
        "missed key actions: expected [], got [\"referred\"]".to_string(),
        "scores: expected {\"advice\": 100, \"identify\": 100, \"orders\": 100}, got {\"advice\": 33, \"identify\": 100, \"orders\": 100}".to_string(),
    ]);
}
