//! Scoring must be fair and defensible: every scored option explains itself
//! (its citation is checked in `citations`), every decision that scores
//! tells options apart, every key action can be achieved, and every
//! competency the scenario assesses is assessed on every complete path.

use crate::core::analysis::Analysis;
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Scenario, SceneBody};
use std::collections::BTreeMap;

pub fn check(scenario: &Scenario, analysis: &Analysis, diagnostics: &mut Vec<Diagnostic>) {
    for (_, _, choice) in scenario.choices() {
        if choice.is_scored()
            && choice
                .feedback
                .as_deref()
                .is_none_or(|f| f.trim().is_empty())
        {
            diagnostics.push(
                Diagnostic::error(
                    "no-feedback",
                    choice.span.clone(),
                    format!("option `{}` is scored but has no feedback", choice.id),
                )
                .with_hint("add `feedback = \"...\"` saying why this choice is right or wrong"),
            );
        }
    }

    for scene in &scenario.scenes {
        let SceneBody::Decision(decision) = &scene.body else {
            continue;
        };
        fn scoring(o: &crate::core::model::Choice) -> (BTreeMap<&String, i32>, bool) {
            let points = o
                .points
                .iter()
                .filter(|(_, &p)| p != 0)
                .map(|(k, &p)| (k, p))
                .collect();
            (points, o.critical)
        }
        let first = decision.options.first().map(scoring);
        let scored = decision.options.iter().any(|o| o.is_scored());
        if scored && decision.options.iter().all(|o| Some(scoring(o)) == first) {
            diagnostics.push(
                Diagnostic::error("same-scores", decision.span.clone(), format!("every option in scene `{}` scores the same", scene.id))
                    .with_hint("a scored decision must tell the better choice from the worse; change the points"),
            );
        }
    }

    for action in &scenario.key_actions {
        let achievable = scenario.choices().any(|(scene, _, o)| {
            analysis.reachable[scene] && o.achieves.iter().any(|a| a.name == action.id)
        });
        if !achievable {
            diagnostics.push(
                Diagnostic::error(
                    "unachievable",
                    action.span.clone(),
                    format!(
                        "no reachable option achieves the key action `{}`",
                        action.id
                    ),
                )
                .with_hint(format!(
                    "add `achieves = [\"{}\"]` to the option that does it",
                    action.id
                )),
            );
        }
    }

    for (competency, range) in &analysis.competencies {
        if range.best_max > 0 && range.best_min == 0 {
            diagnostics.push(
                Diagnostic::warning(
                    "not-always-assessed",
                    scenario.pattern.span.clone(),
                    format!("some complete path never assesses `{competency}`"),
                )
                .with_hint(
                    "make sure every route through the scenario faces a decision that scores it",
                ),
            );
        }
    }
}
