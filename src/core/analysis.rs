//! Static analysis of a scenario's scene graph, ignoring conditions (so it
//! over-approximates what play can reach): reachability, whether an ending can
//! be reached, loops, the number of complete paths, the longest and shortest
//! paths, and the range of points each competency can earn.
//!
//! Everything is linear in scenes plus options, so it stays fast on very
//! large generated scenarios. Loops that have a way out are allowed; the
//! figures count paths that do not go round a loop again.

use crate::core::model::{Choice, DecisionKind, Scenario, SceneBody, SceneIndex};
use crate::core::scoring::best_points;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CompetencyRange {
    /// The fewest and most points a complete path can earn.
    pub min: i64,
    pub max: i64,
    /// The least and most "best available" points over complete paths: a
    /// `best_min` of 0 means some path never assesses the competency.
    pub best_min: i64,
    pub best_max: i64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Analysis {
    #[serde(skip)]
    pub reachable: Vec<bool>,
    #[serde(skip)]
    pub can_end: Vec<bool>,
    /// Edges that go back round a loop.
    #[serde(skip)]
    pub back_edges: Vec<(SceneIndex, SceneIndex)>,
    pub competencies: BTreeMap<String, CompetencyRange>,
    /// Complete paths from the start (option by option), capped at u64::MAX.
    pub paths: u64,
    pub paths_capped: bool,
    /// Decisions on the longest and the shortest complete path.
    pub longest_path: usize,
    pub shortest_path: usize,
    /// Decisions with scored options on the complete path with fewest of them.
    pub fewest_scored_decisions: usize,
}

/// One way out of a scene; `worth` indexes a row of `Graph::worth`.
struct Edge {
    to: SceneIndex,
    worth: usize,
    scored: bool,
}

/// The scene graph with each edge's value per competency, stored flat:
/// row `r` of `worth` is `worth[r * k .. (r + 1) * k]` for `k` competencies,
/// each (earned min, earned max, best).
struct Graph {
    edges: Vec<Vec<Edge>>,
    worth: Vec<(i64, i64, i64)>,
}

/// Path figures for the rest of the way from one scene to an ending.
#[derive(Clone, Copy)]
struct Suffix {
    paths: u64,
    capped: bool,
    longest: usize,
    shortest: usize,
    fewest_scored: usize,
}

pub fn analyse(scenario: &Scenario, competencies: &[String]) -> Analysis {
    let count = scenario.scenes.len();
    let k = competencies.len();
    let graph = build_graph(scenario, competencies);
    let edges = &graph.edges;

    let reachable = reach(count, [scenario.start], |i| {
        edges[i].iter().map(|e| e.to).collect()
    });
    let mut predecessors = vec![Vec::new(); count];
    for (from, out) in edges.iter().enumerate() {
        for edge in out {
            predecessors[edge.to].push(from);
        }
    }
    let endings = (0..count).filter(|&i| matches!(scenario.scenes[i].body, SceneBody::Ending(_)));
    let can_end = reach(count, endings, |i| predecessors[i].clone());

    let (order, back_edges) = post_order(scenario.start, edges);
    let back: std::collections::HashSet<_> = back_edges.iter().copied().collect();

    // Post-order visits every scene after the scenes it leads to (back edges
    // aside), so each scene's suffix is built from finished suffixes.
    let mut suffix: Vec<Option<Suffix>> = vec![None; count];
    let mut ranges = vec![CompetencyRange::default(); count * k];
    for &scene in &order {
        if matches!(scenario.scenes[scene].body, SceneBody::Ending(_)) {
            suffix[scene] = Some(Suffix {
                paths: 1,
                capped: false,
                longest: 0,
                shortest: 0,
                fewest_scored: 0,
            });
            continue;
        }
        let step = usize::from(matches!(
            scenario.scenes[scene].body,
            SceneBody::Decision(_)
        ));
        let mut merged: Option<Suffix> = None;
        for edge in edges[scene]
            .iter()
            .filter(|e| !back.contains(&(scene, e.to)))
        {
            let Some(next) = suffix[edge.to] else {
                continue;
            };
            let first = merged.is_none();
            for c in 0..k {
                let (lo, hi, best) = graph.worth[edge.worth * k + c];
                let from = ranges[edge.to * k + c].clone();
                let here = &mut ranges[scene * k + c];
                let candidate = CompetencyRange {
                    min: from.min + lo,
                    max: from.max + hi,
                    best_min: from.best_min + best,
                    best_max: from.best_max + best,
                };
                *here = if first {
                    candidate
                } else {
                    CompetencyRange {
                        min: here.min.min(candidate.min),
                        max: here.max.max(candidate.max),
                        best_min: here.best_min.min(candidate.best_min),
                        best_max: here.best_max.max(candidate.best_max),
                    }
                };
            }
            let candidate = Suffix {
                longest: next.longest + step,
                shortest: next.shortest + step,
                fewest_scored: next.fewest_scored + usize::from(edge.scored),
                ..next
            };
            merged = Some(match merged {
                None => candidate,
                Some(so_far) => {
                    let (paths, overflow) = so_far.paths.overflowing_add(candidate.paths);
                    Suffix {
                        paths: if overflow { u64::MAX } else { paths },
                        capped: so_far.capped || candidate.capped || overflow,
                        longest: so_far.longest.max(candidate.longest),
                        shortest: so_far.shortest.min(candidate.shortest),
                        fewest_scored: so_far.fewest_scored.min(candidate.fewest_scored),
                    }
                }
            });
        }
        suffix[scene] = merged;
    }

    let start = suffix.get(scenario.start).copied().flatten();
    let start_ranges = match start {
        Some(_) => ranges[scenario.start * k..(scenario.start + 1) * k].to_vec(),
        None => vec![CompetencyRange::default(); k],
    };
    Analysis {
        competencies: competencies.iter().cloned().zip(start_ranges).collect(),
        paths: start.map_or(0, |s| s.paths),
        paths_capped: start.is_some_and(|s| s.capped),
        longest_path: start.map_or(0, |s| s.longest),
        shortest_path: start.map_or(0, |s| s.shortest),
        fewest_scored_decisions: start.map_or(0, |s| s.fewest_scored),
        reachable,
        can_end,
        back_edges,
    }
}

fn build_graph(scenario: &Scenario, competencies: &[String]) -> Graph {
    let k = competencies.len();
    // Row 0 is worth nothing: the edges of scenes without a decision.
    let mut worth = vec![(0, 0, 0); k];
    let points = |o: &Choice, c: &String| i64::from(o.points.get(c).copied().unwrap_or(0));
    let edges = scenario
        .scenes
        .iter()
        .map(|scene| match &scene.body {
            SceneBody::Ending(_) => Vec::new(),
            SceneBody::Next(routing) => routing
                .targets()
                .map(|to| Edge {
                    to,
                    worth: 0,
                    scored: false,
                })
                .collect(),
            SceneBody::Decision(decision) => {
                let scored = decision.options.iter().any(|o| o.is_scored());
                let best: Vec<i64> = competencies
                    .iter()
                    .map(|c| i64::from(best_points(decision.kind, decision.options.iter(), c)))
                    .collect();
                let mut out = Vec::new();
                match decision.kind {
                    DecisionKind::Single => {
                        for option in &decision.options {
                            let row = worth.len() / k.max(1);
                            worth.extend(
                                competencies
                                    .iter()
                                    .zip(&best)
                                    .map(|(c, &b)| (points(option, c), points(option, c), b)),
                            );
                            out.extend(decision.leads_from(option).targets().map(|to| Edge {
                                to,
                                worth: row,
                                scored,
                            }));
                        }
                    }
                    DecisionKind::Multiple => {
                        let row = worth.len() / k.max(1);
                        worth.extend(competencies.iter().zip(&best).map(|(c, &b)| {
                            let negatives =
                                decision.options.iter().map(|o| points(o, c).min(0)).sum();
                            (negatives, b, b)
                        }));
                        out.extend(decision.routing.targets().map(|to| Edge {
                            to,
                            worth: row,
                            scored,
                        }));
                    }
                }
                out
            }
        })
        .collect();
    Graph { edges, worth }
}

/// Breadth-first reach from `starts` over `next`.
fn reach(
    count: usize,
    starts: impl IntoIterator<Item = SceneIndex>,
    next: impl Fn(SceneIndex) -> Vec<SceneIndex>,
) -> Vec<bool> {
    let mut seen = vec![false; count];
    let mut queue: Vec<SceneIndex> = starts.into_iter().filter(|&s| s < count).collect();
    for &s in &queue {
        seen[s] = true;
    }
    while let Some(scene) = queue.pop() {
        for to in next(scene) {
            if !seen[to] {
                seen[to] = true;
                queue.push(to);
            }
        }
    }
    seen
}

/// Iterative depth-first search (deep scenarios must not overflow the stack):
/// scenes in post-order, and the edges that close a loop.
fn post_order(
    start: SceneIndex,
    edges: &[Vec<Edge>],
) -> (Vec<SceneIndex>, Vec<(SceneIndex, SceneIndex)>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    let mut order = Vec::with_capacity(edges.len());
    let mut back = Vec::new();
    if start >= edges.len() {
        return (order, back);
    }
    let mut stack = vec![(start, 0usize)];
    mark[start] = Mark::Open;
    while let Some((scene, next_edge)) = stack.last_mut() {
        let scene = *scene;
        if let Some(edge) = edges[scene].get(*next_edge) {
            *next_edge += 1;
            match mark[edge.to] {
                Mark::New => {
                    mark[edge.to] = Mark::Open;
                    stack.push((edge.to, 0));
                }
                Mark::Open => back.push((scene, edge.to)),
                Mark::Done => {}
            }
        } else {
            mark[scene] = Mark::Done;
            order.push(scene);
            stack.pop();
        }
    }
    back.sort_unstable();
    back.dedup();
    (order, back)
}

/// Counts and ranges for one scenario, as `scenario stats --json` prints them.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub id: String,
    pub title: String,
    pub pattern: String,
    pub role: String,
    pub scenes: usize,
    pub decisions: usize,
    pub endings: usize,
    pub exhibits: usize,
    pub options: usize,
    pub scored_options: usize,
    pub cited_options: usize,
    pub critical_options: usize,
    pub key_actions: usize,
    pub competencies: BTreeMap<String, CompetencyRange>,
    pub paths: u64,
    pub paths_capped: bool,
    pub longest_path: usize,
    pub shortest_path: usize,
    pub fewest_scored_decisions: usize,
}

impl Stats {
    pub fn of(scenario: &Scenario, analysis: &Analysis) -> Stats {
        let count =
            |f: fn(&SceneBody) -> bool| scenario.scenes.iter().filter(|s| f(&s.body)).count();
        let choices: Vec<_> = scenario.choices().map(|(_, _, c)| c).collect();
        Stats {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            pattern: scenario.pattern.name.clone(),
            role: scenario.role.id().to_string(),
            scenes: scenario.scenes.len(),
            decisions: count(|b| matches!(b, SceneBody::Decision(_))),
            endings: count(|b| matches!(b, SceneBody::Ending(_))),
            exhibits: scenario.scenes.iter().map(|s| s.exhibits.len()).sum(),
            options: choices.len(),
            scored_options: choices.iter().filter(|c| c.is_scored()).count(),
            cited_options: choices.iter().filter(|c| c.cite.is_some()).count(),
            critical_options: choices.iter().filter(|c| c.critical).count(),
            key_actions: scenario.key_actions.len(),
            competencies: analysis
                .competencies
                .iter()
                .filter(|(_, r)| r.best_max > 0 || r.min != 0 || r.max != 0)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            paths: analysis.paths,
            paths_capped: analysis.paths_capped,
            longest_path: analysis.longest_path,
            shortest_path: analysis.shortest_path,
            fewest_scored_decisions: analysis.fewest_scored_decisions,
        }
    }
}
