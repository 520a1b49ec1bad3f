//! The shape of the scene graph: every scene reachable from the start, and an
//! ending reachable from every scene, with the reason when one is not (a
//! loop with no way out, or a scene further on that leads nowhere).

use crate::core::analysis::Analysis;
use crate::core::diagnostic::{Cause, Diagnostic};
use crate::core::model::{Scenario, SceneIndex};

pub fn check(scenario: &Scenario, analysis: &Analysis, diagnostics: &mut Vec<Diagnostic>) {
    let stops_at = dead_ends_reached(scenario, analysis);
    for (index, scene) in scenario.scenes.iter().enumerate() {
        if !analysis.reachable[index] {
            let mut error = Diagnostic::error(
                "unreachable",
                scene.id_span.clone(),
                format!("no path from the start leads to scene `{}`", scene.id),
            )
            .with_hint("point an option's `goto` (or a `next`) at it, or remove it");
            // The second of two scenes with one id: every `goto` finds the first.
            if scenario.scenes[..index].iter().any(|s| s.id == scene.id) {
                error = error.caused_by(Cause {
                    code: "duplicate-id",
                    span: scene.id_span.clone(),
                });
            }
            diagnostics.push(error);
        } else if !analysis.can_end[index] && !scenario.successors(index).is_empty() {
            // A scene with no way on at all was reported when it was read.
            let scene_id = &scene.id;
            let diagnostic = match stops_at[index] {
                Some(dead_end) => {
                    let dead_id = &scenario.scenes[dead_end].id;
                    Diagnostic::error(
                        "no-way-out",
                        scene.id_span.clone(),
                        format!("no ending can be reached from scene `{scene_id}`: every way on stops at scene `{dead_id}`, which leads nowhere"),
                    )
                    .with_hint(format!("give scene `{dead_id}` a way on (a decision, an ending or `next`), or route `{scene_id}` to a scene that leads to an ending"))
                }
                None => Diagnostic::error(
                    "no-way-out",
                    scene.id_span.clone(),
                    format!("no ending can be reached from scene `{scene_id}`: the ways on from it go round a loop with no way out"),
                )
                .with_hint("route at least one option in the loop to a scene that leads to an ending"),
            };
            diagnostics.push(diagnostic);
        }
    }
}

/// For each scene from which no ending can be reached and which cannot
/// reach a loop either, a scene further on that leads nowhere. Peels the
/// scenes that cannot end from the dead ends backwards: whatever is left
/// over reaches a loop.
fn dead_ends_reached(scenario: &Scenario, analysis: &Analysis) -> Vec<Option<SceneIndex>> {
    let count = scenario.scenes.len();
    let stuck = |i: SceneIndex| analysis.reachable[i] && !analysis.can_end[i];
    let successors: Vec<Vec<SceneIndex>> = (0..count)
        .map(|i| {
            if stuck(i) {
                scenario.successors(i)
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut predecessors = vec![Vec::new(); count];
    let mut waiting: Vec<usize> = vec![0; count];
    for (from, out) in successors.iter().enumerate() {
        waiting[from] = out.len();
        for &to in out {
            predecessors[to].push(from);
        }
    }
    let mut stops_at: Vec<Option<SceneIndex>> = vec![None; count];
    let mut queue: Vec<SceneIndex> = (0..count)
        .filter(|&i| stuck(i) && successors[i].is_empty())
        .collect();
    for &i in &queue {
        stops_at[i] = Some(i);
    }
    while let Some(scene) = queue.pop() {
        for &from in &predecessors[scene] {
            waiting[from] -= 1;
            if waiting[from] == 0 {
                stops_at[from] = successors[from].iter().find_map(|&to| stops_at[to]);
                queue.push(from);
            }
        }
    }
    stops_at
}
