//! Scoring must be fair and defensible: every scored option explains itself
//! (its citation is checked in `citations`), every decision that scores
//! tells options apart, a critical error never earns points, no trainee is
//! scored twice on one decision in a run, every key action can be achieved,
//! and every competency the scenario assesses is assessed on every complete
//! path.

use crate::core::analysis::Analysis;
use crate::core::diagnostic::Diagnostic;
use crate::core::lower::key_span;
use crate::core::model::{Scenario, SceneBody, SceneIndex};
use crate::core::states::Possible;
use std::collections::{BTreeMap, VecDeque};

/// The most points, either way, one option may give a competency: far more
/// than any fair scheme needs (the library uses 1 and 2), and small enough
/// that no total over a run can overflow.
pub const MOST_POINTS: i32 = 100;

pub fn check(
    scenario: &Scenario,
    analysis: &Analysis,
    possible: &Possible,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (_, _, choice) in scenario.choices() {
        for (competency, &points) in &choice.points {
            if !(-MOST_POINTS..=MOST_POINTS).contains(&points) {
                diagnostics.push(
                    Diagnostic::error(
                        "points-range",
                        key_span(&choice.points_span, competency, source),
                        format!("{points} points for `{competency}` is more than an option can give"),
                    )
                    .with_hint(format!("give between -{MOST_POINTS} and {MOST_POINTS}; the library gives 2 for the best answer and -1 or -2 for poor ones")),
                );
            }
        }
        let earned: Vec<String> = choice
            .points
            .iter()
            .filter(|(_, &p)| p > 0)
            .map(|(c, p)| format!("{c} +{p}"))
            .collect();
        if choice.critical && !earned.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "critical-points",
                    choice.points_span.clone(),
                    format!(
                        "option `{}` is a critical error but earns points ({})",
                        choice.id,
                        earned.join(", ")
                    ),
                )
                .with_hint("a critical error fails the run, so it must not also earn points: make its points 0 or negative, or remove `critical = true` if it is not a safety-critical error"),
            );
        }
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

    scored_twice(scenario, possible, diagnostics);

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

/// A scored decision a run can come back to would be scored again each
/// time. Follows only the steps `possible` says a run can take.
fn scored_twice(scenario: &Scenario, possible: &Possible, diagnostics: &mut Vec<Diagnostic>) {
    let count = scenario.scenes.len();
    let mut next: Vec<Vec<SceneIndex>> = vec![Vec::new(); count];
    for &(from, to) in &possible.steps {
        next[from].push(to);
    }
    let component = components(&next);
    let mut size = vec![0_usize; count];
    for &c in &component {
        size[c] += 1;
    }
    for (index, scene) in scenario.scenes.iter().enumerate() {
        let SceneBody::Decision(decision) = &scene.body else {
            continue;
        };
        let in_a_loop = size[component[index]] > 1 || next[index].contains(&index);
        if !in_a_loop || !decision.options.iter().any(|o| o.is_scored()) {
            continue;
        }
        let way = match way_back(&next, &component, index) {
            Some(path) if path.len() <= SHOWN_LOOP => path
                .iter()
                .map(|&s| format!("`{}`", scenario.scenes[s].id))
                .collect::<Vec<_>>()
                .join(" → "),
            _ => format!("a loop through {} scenes", size[component[index]]),
        };
        diagnostics.push(
            Diagnostic::error(
                "scored-twice",
                scene.id_span.clone(),
                format!(
                    "a trainee can come back to the scored decision in `{}` and be scored on it again: {way}",
                    scene.id
                ),
            )
            .with_hint("send the loop back to a scene with no scored decision, or give the second visit its own scene with no points (if a flag or counter stops the loop, the checker may not see it: it follows them, but not every combination)"),
        );
    }
}

/// Scenes a loop message names, at most.
const SHOWN_LOOP: usize = 12;

/// The strongly connected components of a graph (Tarjan's, without
/// recursion, so deep scenarios cannot overflow the stack): scenes that can
/// each reach the others share a number.
fn components(next: &[Vec<SceneIndex>]) -> Vec<usize> {
    let count = next.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; count];
    let (mut counter, mut components) = (0, 0);
    for root in 0..count {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(SceneIndex, usize)> = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (scene, ref mut edge)) = work.last_mut() {
            if let Some(&to) = next[scene].get(*edge) {
                *edge += 1;
                if index[to] == usize::MAX {
                    index[to] = counter;
                    low[to] = counter;
                    counter += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[scene] = low[scene].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[scene]);
            }
            if low[scene] == index[scene] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == scene {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// The shortest way from a scene back to itself, within its component.
fn way_back(
    next: &[Vec<SceneIndex>],
    component: &[usize],
    from: SceneIndex,
) -> Option<Vec<SceneIndex>> {
    let mut came_from: BTreeMap<SceneIndex, SceneIndex> = BTreeMap::new();
    let mut queue: VecDeque<SceneIndex> = VecDeque::from([from]);
    while let Some(scene) = queue.pop_front() {
        for &to in &next[scene] {
            if to == from {
                let mut path = vec![from];
                let mut at = scene;
                while at != from {
                    path.push(at);
                    at = *came_from.get(&at)?;
                }
                path[1..].reverse();
                path.push(from);
                return Some(path);
            }
            if component[to] == component[from] && !came_from.contains_key(&to) {
                came_from.insert(to, scene);
                queue.push_back(to);
            }
        }
        if came_from.len() > SHOWN_LOOP * 64 {
            return None;
        }
    }
    None
}
