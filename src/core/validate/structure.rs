//! The shape of the scene graph: every scene reachable from the start, and an
//! ending reachable from every scene (no loop without a way out).

use crate::core::analysis::Analysis;
use crate::core::diagnostic::Diagnostic;
use crate::core::model::Scenario;

pub fn check(scenario: &Scenario, analysis: &Analysis, diagnostics: &mut Vec<Diagnostic>) {
    for (index, scene) in scenario.scenes.iter().enumerate() {
        if !analysis.reachable[index] {
            diagnostics.push(
                Diagnostic::error(
                    "unreachable",
                    scene.id_span.clone(),
                    format!("no path from the start leads to scene `{}`", scene.id),
                )
                .with_hint("point an option's `goto` (or a `next`) at it, or remove it"),
            );
        } else if !analysis.can_end[index] && !scenario.successors(index).is_empty() {
            // A scene with no way on at all was reported when it was read.
            diagnostics.push(
                Diagnostic::error(
                    "no-way-out",
                    scene.id_span.clone(),
                    format!("no ending can be reached from scene `{}`", scene.id),
                )
                .with_hint("it goes round a loop with no way out: route at least one option to a scene that leads to an ending"),
            );
        }
    }
}
