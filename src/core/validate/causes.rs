//! Which problems are caused by another. One misspelt `goto` leaves every
//! scene after it unreachable, its key actions unachievable and the scenes
//! before it with no way out; the trainer should see the typo first and the
//! rest folded under it.
//!
//! The whole-scenario checks are run again on the scenario with one mistake
//! repaired the way the trainer most likely meant it: a destination that
//! names no scene pointed at the scene the "did you mean" suggests (or, with
//! no suggestion, at an ending), a scene or option that leads nowhere given a
//! way to an ending, an unknown key action renamed to the nearest real one.
//! Every problem that goes away is a consequence of that mistake. What goes
//! away only when all are repaired together is put under the first.

use crate::core::diagnostic::{Cause, Diagnostic};
use crate::core::lower::closest;
use crate::core::model::{
    DecisionKind, Ending, LinkAt, Route, Routing, RoutingAt, Scenario, Scene, SceneBody, SceneIndex,
};

/// Repairs tried one at a time; beyond this, only all together (a file with
/// dozens of broken links is being written, and each run costs a full check).
const ONE_BY_ONE: usize = 8;

/// The problems a repair can make go away: those about the paths through
/// the scenario. Nothing else is re-checked for.
const ABOUT_PATHS: [&str; 9] = [
    "unreachable",
    "no-way-out",
    "unachievable",
    "not-always-assessed",
    "no-option-offered",
    "nothing-good",
    "scored-twice",
    "route-always-taken",
    "route-never-taken",
];

struct Repair {
    cause: Cause,
    kind: Kind,
}

enum Kind {
    /// Index into `Scenario::unresolved`.
    Destination(usize),
    /// A scene or option with no way on: give it one, to an ending.
    LeadsNowhere(RoutingAt),
    /// An option achieving a key action that does not exist: the nearest one.
    KeyAction {
        scene: SceneIndex,
        option: usize,
        index: usize,
        to: String,
    },
}

/// Sets `cause` on each diagnostic in `found` that goes away when one of the
/// scenario's mistakes is repaired. `rerun` runs the same checks again.
pub fn attribute(
    scenario: &Scenario,
    found: &mut [Diagnostic],
    rerun: impl Fn(&Scenario) -> Vec<Diagnostic>,
) {
    let about_paths = |d: &Diagnostic| d.cause.is_none() && ABOUT_PATHS.contains(&d.code);
    if !found.iter().any(about_paths) {
        return;
    }
    let repairs = repairs(scenario);
    if repairs.is_empty() {
        return;
    }
    let is_a_cause = |d: &Diagnostic| {
        repairs
            .iter()
            .any(|r| r.cause.code == d.code && r.cause.span == d.span)
    };
    let assign = |after: &[Diagnostic], cause: &Cause, found: &mut [Diagnostic]| {
        for diagnostic in found.iter_mut() {
            if about_paths(diagnostic)
                && !is_a_cause(diagnostic)
                && !after.iter().any(|a| a.same_problem(diagnostic))
            {
                diagnostic.cause = Some(cause.clone());
            }
        }
    };
    for repair in repairs.iter().take(ONE_BY_ONE) {
        let after = rerun(&repaired(scenario, &[repair]));
        assign(&after, &repair.cause, found);
    }
    if repairs.len() > 1 {
        let all: Vec<&Repair> = repairs.iter().collect();
        let after = rerun(&repaired(scenario, &all));
        assign(&after, &repairs[0].cause, found);
    }
}

/// Every mistake the model records or shows, in file order of discovery.
fn repairs(scenario: &Scenario) -> Vec<Repair> {
    let mut out: Vec<Repair> = scenario
        .unresolved
        .iter()
        .enumerate()
        .map(|(index, u)| Repair {
            cause: Cause {
                code: "unknown-scene",
                span: u.span.clone(),
            },
            kind: Kind::Destination(index),
        })
        .collect();
    let unresolved_fallback = |at: RoutingAt| {
        scenario
            .unresolved
            .iter()
            .any(|u| matches!(u.at, LinkAt::Fallback(a) if a == at))
    };
    for (index, scene) in scenario.scenes.iter().enumerate() {
        match &scene.body {
            SceneBody::Next(routing)
                if routing.fallback.is_none() && !unresolved_fallback(RoutingAt::Scene(index)) =>
            {
                out.push(Repair {
                    cause: Cause {
                        code: "dead-end",
                        span: scene.id_span.clone(),
                    },
                    kind: Kind::LeadsNowhere(RoutingAt::Scene(index)),
                });
            }
            SceneBody::Decision(decision) => {
                let decision_at = RoutingAt::Decision(index);
                let multiple = decision.kind == DecisionKind::Multiple;
                if multiple && decision.routing.is_empty() && !unresolved_fallback(decision_at) {
                    out.push(Repair {
                        cause: Cause {
                            code: "dead-end",
                            span: decision.span.clone(),
                        },
                        kind: Kind::LeadsNowhere(decision_at),
                    });
                }
                for (option_index, option) in decision.options.iter().enumerate() {
                    let at = RoutingAt::Option(index, option_index);
                    if !multiple
                        && decision.leads_from(option).is_empty()
                        && !unresolved_fallback(at)
                        && !unresolved_fallback(decision_at)
                    {
                        out.push(Repair {
                            cause: Cause {
                                code: "dead-end",
                                span: option.id_span.clone(),
                            },
                            kind: Kind::LeadsNowhere(at),
                        });
                    }
                    for (achieved_index, achieved) in option.achieves.iter().enumerate() {
                        if scenario.key_actions.iter().any(|a| a.id == achieved.name) {
                            continue;
                        }
                        let ids = scenario.key_actions.iter().map(|a| a.id.as_str());
                        if let Some(near) = closest(&achieved.name, ids) {
                            out.push(Repair {
                                cause: Cause {
                                    code: "unknown-key-action",
                                    span: achieved.span.clone(),
                                },
                                kind: Kind::KeyAction {
                                    scene: index,
                                    option: option_index,
                                    index: achieved_index,
                                    to: near.to_string(),
                                },
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn virtual_scene(body: SceneBody) -> Scene {
    Scene {
        id: String::new(),
        title: String::new(),
        text: String::new(),
        advance: 0,
        set: Vec::new(),
        asides: Vec::new(),
        exhibits: Vec::new(),
        body,
        span: 0..0,
        id_span: 0..0,
    }
}

/// The scenario as it would be with these mistakes mended. It gains an
/// ending no trainee sees, for destinations with no likely scene, and for an
/// unknown `start` with no likely scene, a start that can lead anywhere.
fn repaired(scenario: &Scenario, repairs: &[&Repair]) -> Scenario {
    let mut mended = scenario.clone();
    let ending = mended.scenes.len();
    mended.scenes.push(virtual_scene(SceneBody::Ending(Ending {
        outcome: String::new(),
        debrief: String::new(),
        claims: Vec::new(),
        notes: Vec::new(),
    })));
    // Later repairs first, so a route's position among its routing's routes still holds.
    for repair in repairs.iter().rev() {
        match &repair.kind {
            Kind::Destination(index) => {
                let unresolved = &scenario.unresolved[*index];
                let to = unresolved.likely.unwrap_or(ending);
                match &unresolved.at {
                    LinkAt::Start => {
                        mended.start = unresolved.likely.unwrap_or_else(|| {
                            let anywhere = Routing {
                                routes: (0..ending)
                                    .map(|to| Route {
                                        when: Vec::new(),
                                        to,
                                        span: 0..0,
                                    })
                                    .collect(),
                                fallback: Some(ending),
                            };
                            mended.scenes.push(virtual_scene(SceneBody::Next(anywhere)));
                            mended.scenes.len() - 1
                        });
                    }
                    LinkAt::Fallback(at) => {
                        if let Some(routing) = mended.routing_mut(*at) {
                            routing.fallback = Some(to);
                        }
                    }
                    LinkAt::Route(at, position, when, span) => {
                        if let Some(routing) = mended.routing_mut(*at) {
                            let position = (*position).min(routing.routes.len());
                            let (when, span) = (when.clone(), span.clone());
                            routing.routes.insert(position, Route { when, to, span });
                        }
                    }
                }
            }
            Kind::LeadsNowhere(at) => {
                if let Some(routing) = mended.routing_mut(*at) {
                    routing.fallback.get_or_insert(ending);
                }
            }
            Kind::KeyAction {
                scene,
                option,
                index,
                to,
            } => {
                if let Some(SceneBody::Decision(decision)) =
                    mended.scenes.get_mut(*scene).map(|s| &mut s.body)
                {
                    if let Some(achieved) = decision
                        .options
                        .get_mut(*option)
                        .and_then(|o| o.achieves.get_mut(*index))
                    {
                        achieved.name = to.clone();
                    }
                }
            }
        }
    }
    mended.unresolved.clear();
    mended
}
