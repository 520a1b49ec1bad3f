//! Story text never says the trainee did something they did not do. Text
//! that credits or blames the trainee declares it with `claims` (`ID` or
//! `not ID`, a key action or a practice), and each claim is proved here on
//! every path that can show the text: either the text's own `when` has the
//! matching `done ID` / `not done ID`, or the scene graph makes it certain.
//!
//! ## Implementation note
//! The graph proof ignores every other condition (on options, routes and
//! the text), so it considers more paths than play can take: it never
//! accepts a claim that some path contradicts, but it can reject one that
//! only an impossible path contradicts. The message then names the path, and
//! the fix is to add the matching `done` condition to the text.
//! `done` conditions and claims must also name a real key action or practice.
//!
//! The checker cannot read English, so it cannot know every sentence that
//! credits the trainee. It does catch the usual form: text shown on every
//! path through its scene that says "you" did something ("you recorded",
//! "you took") but declares no claim is reported as a warning.

use crate::core::condition::Condition;
use crate::core::diagnostic::Diagnostic;
use crate::core::framework::Framework;
use crate::core::lower::closest;
use crate::core::model::{Claim, DecisionKind, Located, Scenario, SceneBody, SceneIndex};
use std::collections::VecDeque;

pub fn check(scenario: &Scenario, framework: &Framework, diagnostics: &mut Vec<Diagnostic>) {
    let known = |id: &str| {
        scenario.key_actions.iter().any(|a| a.id == id) || framework.practice(id).is_some()
    };
    for condition in scenario.conditions() {
        if let Condition::Done { id, .. } = &condition.value {
            if !known(id) {
                diagnostics.push(unknown(scenario, framework, id, condition.span.clone()));
            }
        }
    }
    for (span, what, text) in unconditional_texts(scenario) {
        if let Some(phrase) = credits_the_trainee(text) {
            diagnostics.push(
                Diagnostic::warning(
                    "unclaimed-credit",
                    span,
                    format!("{what} says \"{phrase}\" on every path that reaches it, and declares no claim"),
                )
                .with_hint("if it tells the trainee what they did, move it to a `[[scene.ending.note]]` (or aside) shown `when = [\"done ID\"]` with `claims = [\"ID\"]`; if it does not, reword it"),
            );
        }
    }
    let graph = Graph::of(scenario);
    for (scene, when, claims) in texts(scenario) {
        for claim in claims {
            if !known(&claim.value.id) {
                diagnostics.push(unknown(
                    scenario,
                    framework,
                    &claim.value.id,
                    claim.span.clone(),
                ));
                continue;
            }
            let stated = when.iter().any(|c| {
                c.value
                    == Condition::Done {
                        id: claim.value.id.clone(),
                        set: claim.value.done,
                    }
            });
            if stated {
                continue;
            }
            if let Some(path) = graph.counterexample(scenario, scene, &claim.value) {
                let (did, did_not) = if claim.value.done {
                    ("says the trainee did", "without doing it")
                } else {
                    ("says the trainee did not do", "after doing it")
                };
                diagnostics.push(
                    Diagnostic::error(
                        "unproven-claim",
                        claim.span.clone(),
                        format!(
                            "this text {did} `{}`, but a trainee can reach scene `{}` {did_not}: {path}",
                            claim.value.id, scenario.scenes[scene].id
                        ),
                    )
                    .with_hint(format!(
                        "show the text only when it is true, with `when = [\"{}done {}\"]`, or route that path to another ending",
                        if claim.value.done { "" } else { "not " },
                        claim.value.id
                    )),
                );
            }
        }
    }
}

/// Ending text and asides shown whatever the trainee did, with no claims.
fn unconditional_texts(
    scenario: &Scenario,
) -> Vec<(crate::core::diagnostic::Span, &'static str, &str)> {
    let mut out = Vec::new();
    for scene in &scenario.scenes {
        for aside in scene
            .asides
            .iter()
            .filter(|a| a.when.is_empty() && a.claims.is_empty())
        {
            out.push((
                scene.id_span.clone(),
                "an aside of this scene",
                aside.text.as_str(),
            ));
        }
        if let SceneBody::Ending(ending) = &scene.body {
            if ending.claims.is_empty() {
                out.push((
                    scene.id_span.clone(),
                    "this ending's outcome",
                    ending.outcome.as_str(),
                ));
                out.push((
                    scene.id_span.clone(),
                    "this ending's debrief",
                    ending.debrief.as_str(),
                ));
            }
            for note in ending
                .notes
                .iter()
                .filter(|n| n.when.is_empty() && n.claims.is_empty())
            {
                out.push((note.span.clone(), "this note", note.text.as_str()));
            }
        }
    }
    out
}

/// Past-tense verbs that are not "-ed" words.
const IRREGULAR_PAST: &[&str] = &[
    "made",
    "took",
    "gave",
    "sent",
    "saw",
    "kept",
    "told",
    "got",
    "went",
    "chose",
    "did",
    "spoke",
    "put",
    "set",
    "left",
    "wrote",
    "brought",
    "found",
    "thought",
    "knew",
    "rang",
    "ran",
    "sought",
    "caught",
    "understood",
    "dealt",
    "led",
    "met",
    "heard",
];

/// "-ed" words after "you" that do not say what the trainee did.
const NOT_ACTIONS: &[&str] = &["needed", "wanted", "hoped", "seemed", "wished", "used"];

/// The first "you <did something>" phrase in the text, if any.
fn credits_the_trainee(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).find_map(|pair| {
        let verb = pair[1].as_str();
        let past = (verb.len() > 3 && verb.ends_with("ed") && !NOT_ACTIONS.contains(&verb))
            || IRREGULAR_PAST.contains(&verb);
        (pair[0] == "you" && past).then(|| format!("you {verb}"))
    })
}

type Text<'a> = (SceneIndex, &'a [Located<Condition>], &'a [Located<Claim>]);

/// Every piece of text that may carry claims, with its scene and conditions.
fn texts(scenario: &Scenario) -> Vec<Text<'_>> {
    let mut out: Vec<Text<'_>> = Vec::new();
    for (index, scene) in scenario.scenes.iter().enumerate() {
        for aside in &scene.asides {
            out.push((index, &aside.when, &aside.claims));
        }
        if let SceneBody::Ending(ending) = &scene.body {
            out.push((index, &[], &ending.claims));
            for note in &ending.notes {
                out.push((index, &note.when, &note.claims));
            }
        }
    }
    out
}

fn unknown(
    scenario: &Scenario,
    framework: &Framework,
    id: &str,
    span: crate::core::diagnostic::Span,
) -> Diagnostic {
    let ids = scenario
        .key_actions
        .iter()
        .map(|a| a.id.as_str())
        .chain(framework.practices.iter().map(|p| p.id.as_str()));
    let hint = match closest(id, ids) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "name a key action of this file or a practice in practices.toml".to_string(),
    };
    Diagnostic::error(
        "unknown-done",
        span,
        format!("there is no key action or practice called `{id}`"),
    )
    .with_hint(hint)
}

/// One way out of a scene, with what taking it does: a single-choice option
/// certainly does what it achieves and shows; a select-all decision may do
/// what any of its options does, but certainly does none of it.
struct Edge<'a> {
    to: SceneIndex,
    scene: &'a str,
    /// The option taken, for a single-choice decision.
    option: Option<&'a str>,
    /// For a select-all decision, each option and what it does.
    ticks: Vec<(&'a str, Vec<&'a str>)>,
    does: Vec<&'a str>,
    certain: bool,
}

impl Edge<'_> {
    /// The step in words, for a path on which `id` is (`done`) or is not done.
    fn describe(&self, id: &str, done: bool) -> Option<String> {
        if let Some(option) = self.option {
            return Some(format!("at `{}` choose `{option}`", self.scene));
        }
        if self.ticks.is_empty() {
            return None;
        }
        let doing: Vec<&str> = self
            .ticks
            .iter()
            .filter(|(_, does)| does.contains(&id))
            .map(|(option, _)| *option)
            .collect();
        Some(match (doing.as_slice(), done) {
            ([], _) => format!("at `{}` tick any options", self.scene),
            (options, true) => format!("at `{}` tick `{}`", self.scene, options.join("` or `")),
            (options, false) => format!(
                "at `{}` leave `{}` unticked",
                self.scene,
                options.join("` and `")
            ),
        })
    }
}

struct Graph<'a> {
    edges: Vec<Vec<Edge<'a>>>,
}

impl<'a> Graph<'a> {
    fn of(scenario: &'a Scenario) -> Graph<'a> {
        let edges = scenario
            .scenes
            .iter()
            .map(|scene| match &scene.body {
                SceneBody::Ending(_) => Vec::new(),
                SceneBody::Next(routing) => routing
                    .targets()
                    .map(|to| Edge {
                        to,
                        scene: &scene.id,
                        option: None,
                        ticks: Vec::new(),
                        does: Vec::new(),
                        certain: true,
                    })
                    .collect(),
                SceneBody::Decision(decision) => match decision.kind {
                    DecisionKind::Single => decision
                        .options
                        .iter()
                        .flat_map(|option| {
                            let does: Vec<&str> = option
                                .achieves
                                .iter()
                                .chain(&option.practices)
                                .map(|n| n.name.as_str())
                                .collect();
                            decision.leads_from(option).targets().map(move |to| Edge {
                                to,
                                scene: &scene.id,
                                option: Some(&option.id),
                                ticks: Vec::new(),
                                does: does.clone(),
                                certain: true,
                            })
                        })
                        .collect(),
                    DecisionKind::Multiple => {
                        let ticks: Vec<(&str, Vec<&str>)> = decision
                            .options
                            .iter()
                            .map(|o| {
                                let does = o
                                    .achieves
                                    .iter()
                                    .chain(&o.practices)
                                    .map(|n| n.name.as_str())
                                    .collect();
                                (o.id.as_str(), does)
                            })
                            .collect();
                        let does: Vec<&str> =
                            ticks.iter().flat_map(|(_, d)| d.iter().copied()).collect();
                        decision
                            .routing
                            .targets()
                            .map(|to| Edge {
                                to,
                                scene: &scene.id,
                                option: None,
                                ticks: ticks.clone(),
                                does: does.clone(),
                                certain: false,
                            })
                            .collect()
                    }
                },
            })
            .collect();
        Graph { edges }
    }

    /// A path from the start to `target` on which the claim is false, in words.
    fn counterexample(
        &self,
        scenario: &Scenario,
        target: SceneIndex,
        claim: &Claim,
    ) -> Option<String> {
        let id = claim.id.as_str();
        if claim.done {
            // False when the scene can be reached without certainly doing it.
            let path = self.path(scenario.start, target, |e| {
                !(e.certain && e.does.contains(&id))
            })?;
            Some(self.describe(&path, id, false))
        } else {
            // False when some path to the scene passes an edge that may do it.
            for (from, out) in self.edges.iter().enumerate() {
                for edge in out.iter() {
                    if !edge.does.contains(&id) {
                        continue;
                    }
                    let Some(before) = self.path(scenario.start, from, |_| true) else {
                        continue;
                    };
                    let Some(after) = self.path(edge.to, target, |_| true) else {
                        continue;
                    };
                    let steps: Vec<String> = before
                        .iter()
                        .map(|&(s, e)| self.edges[s][e].describe(id, false))
                        .chain([edge.describe(id, true)])
                        .chain(
                            after
                                .iter()
                                .map(|&(s, e)| self.edges[s][e].describe(id, false)),
                        )
                        .flatten()
                        .collect();
                    return Some(words(steps));
                }
            }
            None
        }
    }

    /// The shortest path (as edges) from `from` to `to` over allowed edges.
    fn path(
        &self,
        from: SceneIndex,
        to: SceneIndex,
        allowed: impl Fn(&Edge) -> bool,
    ) -> Option<Vec<(SceneIndex, usize)>> {
        let mut came_from: Vec<Option<(SceneIndex, usize)>> = vec![None; self.edges.len()];
        let mut seen = vec![false; self.edges.len()];
        let mut queue = VecDeque::from([from]);
        seen[from] = true;
        while let Some(scene) = queue.pop_front() {
            if scene == to {
                let mut path = Vec::new();
                let mut at = to;
                while let Some((previous, edge)) = came_from[at] {
                    path.push((previous, edge));
                    at = previous;
                }
                path.reverse();
                return Some(path);
            }
            for (index, edge) in self.edges[scene].iter().enumerate() {
                if allowed(edge) && !seen[edge.to] {
                    seen[edge.to] = true;
                    came_from[edge.to] = Some((scene, index));
                    queue.push_back(edge.to);
                }
            }
        }
        None
    }

    fn describe(&self, path: &[(SceneIndex, usize)], id: &str, done: bool) -> String {
        words(
            path.iter()
                .filter_map(|&(scene, edge)| self.edges[scene][edge].describe(id, done))
                .collect(),
        )
    }
}

fn words(steps: Vec<String>) -> String {
    if steps.is_empty() {
        "straight from the start".to_string()
    } else {
        steps.join(", then ")
    }
}
