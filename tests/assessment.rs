//! The library measures judgement, not recall: strategies that never read
//! the case cannot pass any scenario, and score at most half on average
//! (`scenario strategies scenarios/` prints the figures); and reviewers who
//! know the guidance but not the cases could find the best answer to at most
//! half of the single-choice decisions, and to no more than 65% in any one
//! scenario (`scenario quiz score tests/case-blind/*.toml scenarios/`).

mod support;

use course_of_conduct::core::framework::{Framework, Treatment};
use course_of_conduct::core::model::Scenario;
use course_of_conduct::core::parse::parse_toml;
use course_of_conduct::core::quiz::{export, score, Part, Quiz};
use course_of_conduct::core::report::Verdict;
use course_of_conduct::core::strategies::{play, Strategy};
use std::rc::Rc;

fn library() -> Vec<Rc<Scenario>> {
    support::library()
        .into_iter()
        .map(|entry| {
            Rc::new(
                entry
                    .loaded
                    .scenario
                    .unwrap_or_else(|| panic!("{} has errors", entry.file)),
            )
        })
        .collect()
}

#[test]
fn strategies_that_never_read_the_case_cannot_pass() {
    let framework = Framework::bundled();
    let scenarios = library();
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

/// The recorded case-blind reviews, marked against the library as it is now.
/// A decision changed since its review is not marked; when fewer than four
/// in five of the library's scored decisions still have a current answer,
/// the library needs a fresh review.
#[test]
fn case_blind_reviewers_could_not_answer_most_decisions_without_the_case() {
    let scenarios = library();
    let folder = support::root().join("tests/case-blind");
    let mut reviews: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    reviews.sort();
    let latest = reviews.last().expect("a recorded review");
    let source = support::read(latest);
    let quiz: Quiz =
        parse_toml(&source).unwrap_or_else(|d| panic!("{}", source.locate(&d).render()));
    let scored = score(&quiz, &scenarios);

    let marked = scored.library.single + scored.library.multiple;
    let in_library = export(&scenarios, &Framework::bundled().settings, 1, Part::WHOLE)
        .questions
        .len();
    assert!(
        marked * 5 >= in_library * 4,
        "{}: only {marked} of the library's {in_library} scored decisions have an answer from before they last changed; run a fresh case-blind review (scenarios/README.md)",
        latest.display()
    );
    let library = scored
        .library
        .single_percent()
        .expect("single-choice decisions");
    assert!(
        library <= 50,
        "{library}% of single-choice decisions answerable without the case\n{}",
        scored.to_text()
    );
    for (id, tally) in &scored.by_scenario {
        if let Some(percent) = tally.single_percent() {
            assert!(
                percent <= 65,
                "{id}: {percent}% answerable without the case"
            );
        }
    }
}

/// The critical-error policy in scenarios/README.md names every practice the
/// catalogue treats as critical, and nothing else, so the lead signs off
/// one list.
#[test]
fn the_critical_error_policy_lists_exactly_the_critical_practices() {
    let readme = std::fs::read_to_string(support::root().join("scenarios/README.md")).unwrap();
    let start = readme
        .find("### Which errors are critical")
        .expect("the policy section");
    let policy = &readme[start
        ..readme[start..]
            .find("Where the line falls")
            .map_or(readme.len(), |e| start + e)];
    let listed: std::collections::BTreeSet<&str> = policy
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.contains('-'))
        .collect();
    let framework = Framework::bundled();
    let critical: std::collections::BTreeSet<&str> = framework
        .practices
        .iter()
        .filter(|p| p.treatment == Treatment::Critical)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(listed, critical);
}
