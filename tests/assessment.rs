//! The library measures judgement, not recall: strategies that never read
//! the case cannot pass any scenario, and score at most half on average.
//! `scenario strategies scenarios/` prints the same figures.

mod support;

use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::report::Verdict;
use course_of_conduct::core::strategies::{play, Strategy};
use std::rc::Rc;

#[test]
fn strategies_that_never_read_the_case_cannot_pass() {
    let framework = Framework::bundled();
    let scenarios: Vec<_> = support::library()
        .into_iter()
        .map(|entry| {
            Rc::new(
                entry
                    .loaded
                    .scenario
                    .unwrap_or_else(|| panic!("{} has errors", entry.file)),
            )
        })
        .collect();
    assert!(scenarios.len() >= 12, "{} scenarios", scenarios.len());
    let mut failures = Vec::new();
    for strategy in Strategy::ALL {
        let mut total = 0;
        for scenario in &scenarios {
            let outcome = play(Rc::clone(scenario), &framework, strategy, 1);
            if outcome.verdict == Verdict::Competent {
                failures.push(format!(
                    "{}: \"{}\" passes with {}%",
                    scenario.id,
                    strategy.label(),
                    outcome.overall_percent
                ));
            }
            total += outcome.overall_percent;
        }
        let mean = f64::from(total) / scenarios.len() as f64;
        if mean > 50.0 {
            failures.push(format!(
                "\"{}\" scores {mean:.1}% on average across the library",
                strategy.label()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
