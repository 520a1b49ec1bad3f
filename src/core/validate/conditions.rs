//! Conditions that can strand or misjudge a trainee: a decision where, on
//! some path, no option is offered; a "select all" decision with nothing
//! good to tick; a route that is always taken (so the routes after it and
//! the fallback are dead) or never taken. What a run can hold at each scene
//! comes from `states::possible_states`, which over-approximates (see its
//! notes): a stranded trainee is never missed, and a message that rests on
//! the over-approximation says "may" and how to settle it.

use crate::core::condition::Condition;
use crate::core::diagnostic::{Cause, Diagnostic};
use crate::core::model::{Choice, DecisionKind, Routing, Scenario, SceneBody};
use crate::core::states::{none_hold, Instead, NoneHold, Possible, RunStates};

const MAY_BE_IMPOSSIBLE: &str = "the checker follows flags, counters and the clock along every path here, but not every combination of them, so this case may be one no trainee can reach";

fn when_of(option: &Choice) -> Vec<Condition> {
    option.when.iter().map(|c| c.value.clone()).collect()
}

fn case(instead: &[Instead]) -> String {
    instead
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" and ")
}

pub fn check(scenario: &Scenario, possible: &Possible, diagnostics: &mut Vec<Diagnostic>) {
    for (index, scene) in scenario.scenes.iter().enumerate() {
        match &scene.body {
            SceneBody::Next(routing) => routes(scenario, routing, diagnostics),
            SceneBody::Decision(decision) => {
                routes(scenario, &decision.routing, diagnostics);
                for option in &decision.options {
                    routes(scenario, &option.routing, diagnostics);
                }
                let Some(states) = &possible.at[index] else {
                    continue;
                };
                if decision.options.is_empty() {
                    continue; // reported when read
                }
                let all: Vec<Vec<Condition>> = decision.options.iter().map(when_of).collect();
                let stranded = none_hold(states, &all);
                if let Some(diagnostic) = stranded_here(&scene.id, decision.span.clone(), &stranded)
                {
                    diagnostics.push(diagnostic);
                    continue;
                }
                if decision.kind == DecisionKind::Multiple {
                    nothing_good(&scene.id, decision, states, diagnostics);
                }
            }
            SceneBody::Ending(_) => {}
        }
    }
}

fn stranded_here(
    scene_id: &str,
    span: crate::core::diagnostic::Span,
    found: &NoneHold,
) -> Option<Diagnostic> {
    let fix = "add an option with no `when`, so there is always one to choose, or one whose `when` covers that case";
    let diagnostic = match found {
        NoneHold::Never => return None,
        NoneHold::When(instead) => Diagnostic::error(
            "no-option-offered",
            span,
            format!(
                "a trainee may reach the decision in `{scene_id}` with no option offered: when {}, every option's `when` is false",
                case(instead)
            ),
        )
        .with_hint(format!("{fix} ({MAY_BE_IMPOSSIBLE})")),
        NoneHold::GaveUp => Diagnostic::error(
            "no-option-offered",
            span,
            format!("the checker could not prove that the decision in `{scene_id}` always offers an option: its options' `when` conditions combine in too many ways"),
        )
        .with_hint(fix),
    };
    Some(diagnostic)
}

/// A "select all" decision must always offer something good to tick, since
/// the trainee has to tick at least one option.
fn nothing_good(
    scene_id: &str,
    decision: &crate::core::model::Decision,
    states: &RunStates,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !decision.options.iter().any(Choice::is_scored) {
        return;
    }
    let good: Vec<Vec<Condition>> = decision
        .options
        .iter()
        .filter(|o| !o.critical && o.points.values().any(|&p| p > 0))
        .map(when_of)
        .collect();
    let hint = "a trainee must tick at least one option: give at least one option positive points (with no `when`, or one that holds whenever the decision is reached)";
    let message = if good.is_empty() {
        format!("the \"select all\" decision in `{scene_id}` has nothing good to tick: no option earns points, so every trainee loses points here")
    } else {
        match none_hold(states, &good) {
            NoneHold::Never => return,
            NoneHold::When(instead) => format!(
                "the \"select all\" decision in `{scene_id}` may offer nothing good to tick: when {}, no option that earns points is offered ({MAY_BE_IMPOSSIBLE})",
                case(&instead)
            ),
            NoneHold::GaveUp => format!("the checker could not prove that the \"select all\" decision in `{scene_id}` always offers something good to tick"),
        }
    };
    diagnostics
        .push(Diagnostic::error("nothing-good", decision.span.clone(), message).with_hint(hint));
}

/// Routes are tried in order and the first whose conditions all hold is
/// taken: one that always holds hides everything after it, and one that
/// the routes before it always catch is never taken. Both are exact (about
/// any state at all), not about the states a run can reach.
fn routes(scenario: &Scenario, routing: &Routing, diagnostics: &mut Vec<Diagnostic>) {
    let count = routing.routes.len();
    for (index, route) in routing.routes.iter().enumerate() {
        // A condition that could not be read was left out: what follows is its doing.
        let unreadable = scenario
            .unreadable_conditions
            .iter()
            .find(|c| c.owner == route.span);
        let because = |diagnostic: Diagnostic| match unreadable {
            Some(c) => diagnostic.caused_by(Cause {
                code: "bad-condition",
                span: c.span.clone(),
            }),
            None => diagnostic,
        };
        let when: Vec<Condition> = route.when.iter().map(|c| c.value.clone()).collect();
        let earlier: Vec<Vec<Condition>> = routing.routes[..index]
            .iter()
            .map(|r| r.when.iter().map(|c| c.value.clone()).collect())
            .collect();
        let anything = RunStates::anything(when.iter().chain(earlier.iter().flatten()));
        let hides_more = index + 1 < count || routing.fallback.is_some();
        if hides_more && none_hold(&anything, std::slice::from_ref(&when)) == NoneHold::Never {
            let why = if unreadable.is_some() {
                "its only conditions could not be read"
            } else if when.is_empty() {
                "it has no conditions (`when = []`)"
            } else {
                "its conditions always hold"
            };
            diagnostics.push(because(
                Diagnostic::error(
                    "route-always-taken",
                    route.span.clone(),
                    format!("this route is always taken, because {why}: the routes after it and the plain `goto` or `next` are never used"),
                )
                .with_hint("give it the conditions for when it applies, or, if it should always apply, delete it and put its destination in the plain `goto` or `next`"),
            ));
            return;
        }
        let Some(taken) = anything.given(&route.when) else {
            diagnostics.push(because(
                Diagnostic::error(
                    "route-never-taken",
                    route.span.clone(),
                    "this route is never taken: its conditions can never all hold at once",
                )
                .with_hint(
                    "check the comparisons: a route needs every condition in its `when` to hold",
                ),
            ));
            continue;
        };
        if !earlier.is_empty() && none_hold(&taken, &earlier) == NoneHold::Never {
            diagnostics.push(because(
                Diagnostic::error(
                    "route-never-taken",
                    route.span.clone(),
                    "this route is never taken: whenever its conditions hold, a route before it is taken instead",
                )
                .with_hint("routes are tried in order and the first that holds is taken: put this one before the route that catches it, or change its conditions"),
            ));
        }
    }
}
