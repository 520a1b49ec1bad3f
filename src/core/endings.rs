//! Which choices can lead to which ending, for `scenario endings` and the
//! workshop's panel beside the map. Every run is followed through the
//! engine itself (each option, each set of ticks in a "select all"
//! decision), merging runs that reach the same scene in the same state, so
//! conditions, counters and the clock count exactly as in play. A scenario
//! with more distinct states than can be followed quickly (the clock and
//! counters make many) is worked out from `states::reachable_after`
//! instead, which follows flags, counters and the clock but not every
//! combination of them, so a choice may show an ending it cannot quite
//! reach; the table says which way it was made.

use crate::core::engine::{Mode, RunState, Session};
use crate::core::framework::ForceSettings;
use crate::core::model::{DecisionKind, Scenario, SceneBody, SceneIndex};
use crate::core::states::{possible_states, reachable_after};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

/// Choices the command line tries before falling back to `reachable_after`
/// (about a second); the workshop, in the browser, tries fewer.
pub const CLI_TRIES: usize = 20_000;
pub const BROWSER_TRIES: usize = 4_000;
/// A "select all" decision with more options than this is not expanded tick by tick.
const MOST_TICKABLE: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndingColumn {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChoiceRow {
    pub scene_id: String,
    pub option_id: String,
    pub option_text: String,
    /// For each ending, in `EndingsTable::endings` order: can this choice lead there?
    pub leads_to: Vec<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndingsTable {
    pub endings: Vec<EndingColumn>,
    pub rows: Vec<ChoiceRow>,
    /// Every run was followed; when false, the rows may show an ending a
    /// choice cannot quite reach (see the module's notes).
    pub exact: bool,
    /// Distinct (scene, state) pairs followed; 0 when they were too many.
    pub states: usize,
}

/// Everything in a run's state that a condition can read: runs that agree
/// on it go on the same way, whatever came before.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    scene: SceneIndex,
    flags: BTreeSet<String>,
    counters: BTreeMap<String, i64>,
    marks: BTreeMap<String, i64>,
    elapsed: i64,
    done: BTreeSet<String>,
}

fn key(state: &RunState) -> Key {
    Key {
        scene: state.scene,
        flags: state.flags.clone(),
        counters: state.counters.clone(),
        marks: state.marks.clone(),
        elapsed: state.elapsed,
        done: state.done.clone(),
    }
}

/// One state reached: the choices that leave it (option ids, where to).
struct Node {
    scene: SceneIndex,
    out: Vec<(Vec<String>, usize)>,
}

/// The table, following every run when that takes fewer than `tries` choices.
pub fn endings_table(
    scenario: &Rc<Scenario>,
    settings: &ForceSettings,
    tries: usize,
) -> EndingsTable {
    let endings: Vec<SceneIndex> = (0..scenario.scenes.len())
        .filter(|&i| matches!(scenario.scenes[i].body, SceneBody::Ending(_)))
        .collect();
    let columns = endings
        .iter()
        .map(|&i| EndingColumn {
            id: scenario.scenes[i].id.clone(),
            title: scenario.scenes[i].title.clone(),
        })
        .collect();
    match follow_every_run(scenario, settings, tries) {
        Some(nodes) => {
            let rows = exact_rows(scenario, &endings, &nodes);
            EndingsTable {
                endings: columns,
                rows,
                exact: true,
                states: nodes.len(),
            }
        }
        None => EndingsTable {
            endings: columns,
            rows: possible_rows(scenario, &endings),
            exact: false,
            states: 0,
        },
    }
}

/// Every distinct state a run can reach, or `None` when there are too many.
fn follow_every_run(
    scenario: &Rc<Scenario>,
    settings: &ForceSettings,
    most_tries: usize,
) -> Option<Vec<Node>> {
    let start = Session::new(Rc::clone(scenario), settings, 0, Mode::Training);
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut nodes: Vec<Node> = Vec::new();
    // A state's session is needed only until its choices are followed.
    let mut sessions: Vec<Option<Session>> = Vec::new();
    index.insert(key(start.state()), 0);
    nodes.push(Node {
        scene: start.state().scene,
        out: Vec::new(),
    });
    sessions.push(Some(start));
    let mut next = 0;
    let mut tries = 0;
    let longest = scenario.scenes.len() * 2 + 2;
    while next < nodes.len() {
        let Some(session) = sessions[next].take() else {
            next += 1;
            continue;
        };
        let choices: Vec<Vec<String>> = match &scenario.scenes[session.state().scene].body {
            SceneBody::Ending(_) => Vec::new(),
            SceneBody::Next(_) => vec![Vec::new()],
            SceneBody::Decision(decision) => {
                let offered: Vec<String> = session.offered().iter().map(|o| o.id.clone()).collect();
                match decision.kind {
                    DecisionKind::Single => offered.into_iter().map(|id| vec![id]).collect(),
                    DecisionKind::Multiple if offered.len() <= MOST_TICKABLE => (1_u32
                        ..1 << offered.len())
                        .map(|mask| {
                            offered
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| mask & (1 << i) != 0)
                                .map(|(_, id)| id.clone())
                                .collect()
                        })
                        .collect(),
                    DecisionKind::Multiple => return None,
                }
            }
        };
        // A run this long is going round a loop that keeps changing its
        // state (the clock moving on): it could go on for ever.
        if session.state().log.len() > longest {
            return None;
        }
        for chosen in choices {
            tries += 1;
            if tries > most_tries {
                return None;
            }
            let mut after = session.clone();
            if after.choose(&chosen).is_err() {
                continue;
            }
            let at = *index.entry(key(after.state())).or_insert_with(|| {
                nodes.push(Node {
                    scene: after.state().scene,
                    out: Vec::new(),
                });
                sessions.push(Some(after));
                nodes.len() - 1
            });
            nodes[next].out.push((chosen, at));
        }
        next += 1;
    }
    Some(nodes)
}

fn exact_rows(scenario: &Scenario, endings: &[SceneIndex], nodes: &[Node]) -> Vec<ChoiceRow> {
    // Endings reachable from each state, to a fixed point (runs can loop).
    let mut reach: Vec<Vec<bool>> = nodes
        .iter()
        .map(|n| endings.iter().map(|&e| e == n.scene).collect())
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..nodes.len()).rev() {
            for (_, to) in &nodes[i].out {
                changed |= gain(&mut reach, i, *to);
            }
        }
    }
    let mut leads: BTreeMap<(SceneIndex, String), Vec<bool>> = BTreeMap::new();
    for node in nodes {
        for (chosen, to) in &node.out {
            for option in chosen {
                let row = leads
                    .entry((node.scene, option.clone()))
                    .or_insert_with(|| vec![false; endings.len()]);
                for (cell, &can) in row.iter_mut().zip(&reach[*to]) {
                    *cell |= can;
                }
            }
        }
    }
    rows(scenario, endings.len(), |scene, option| {
        leads.get(&(scene, option.to_string())).cloned()
    })
}

/// Adds to `reach[into]` every ending `reach[from]` has; true if any was new.
fn gain(reach: &mut [Vec<bool>], into: usize, from: usize) -> bool {
    let more = reach[from].clone();
    let mut changed = false;
    for (cell, can) in reach[into].iter_mut().zip(more) {
        if can && !*cell {
            *cell = true;
            changed = true;
        }
    }
    changed
}

/// From what a run can hold at each scene: the endings reachable after each option.
fn possible_rows(scenario: &Scenario, endings: &[SceneIndex]) -> Vec<ChoiceRow> {
    let possible = possible_states(scenario);
    rows(scenario, endings.len(), |scene, option| {
        let SceneBody::Decision(decision) = &scenario.scenes[scene].body else {
            return None;
        };
        let index = decision.options.iter().position(|o| o.id == option)?;
        let reached = reachable_after(scenario, &possible, scene, index);
        Some(endings.iter().map(|&e| reached[e]).collect())
    })
}

/// One row per option, in file order; an option no run is offered leads nowhere.
fn rows(
    scenario: &Scenario,
    width: usize,
    leads: impl Fn(SceneIndex, &str) -> Option<Vec<bool>>,
) -> Vec<ChoiceRow> {
    scenario
        .choices()
        .map(|(scene, _, option)| ChoiceRow {
            scene_id: scenario.scenes[scene].id.clone(),
            option_id: option.id.clone(),
            option_text: option.text.clone(),
            leads_to: leads(scene, &option.id).unwrap_or_else(|| vec![false; width]),
        })
        .collect()
}

impl EndingsTable {
    /// A plain-text table: endings as lettered columns with a key above.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(if self.exact {
            "Which ending each choice can lead to, following every run through the engine.\n"
        } else {
            "Which ending each choice can lead to. There are too many runs to follow each one, so this follows flags, counters and the clock but not every combination of them: a choice may show an ending it cannot quite reach.\n"
        });
        let letters: Vec<String> = (0..self.endings.len()).map(column_name).collect();
        for (letter, ending) in letters.iter().zip(&self.endings) {
            out.push_str(&format!("  {letter}  {} ({})\n", ending.id, ending.title));
        }
        let width = self
            .rows
            .iter()
            .map(|r| r.scene_id.len() + r.option_id.len() + 3)
            .max()
            .unwrap_or(10);
        out.push_str(&format!("\n{:width$}  {}\n", "choice", letters.join(" ")));
        for row in &self.rows {
            let name = format!("{} / {}", row.scene_id, row.option_id);
            let cells: Vec<String> = row
                .leads_to
                .iter()
                .zip(&letters)
                .map(|(&can, letter)| {
                    if can {
                        letter.clone()
                    } else {
                        "-".repeat(letter.len())
                    }
                })
                .collect();
            out.push_str(&format!("{name:width$}  {}\n", cells.join(" ")));
        }
        out
    }
}

/// A, B, ... Z, AA, AB, ...
fn column_name(index: usize) -> String {
    let mut name = String::new();
    let mut n = index + 1;
    while n > 0 {
        let letter = u8::try_from((n - 1) % 26).unwrap_or(0);
        name.insert(0, char::from(b'A' + letter));
        n = (n - 1) / 26;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::mini;
    use crate::core::framework::Framework;

    #[test]
    fn conditions_and_the_clock_decide_which_ending_a_choice_can_reach() {
        let framework = Framework::bundled();
        let scenario = Rc::new(mini().scenario.unwrap());
        let table = endings_table(&scenario, &framework.settings, BROWSER_TRIES);
        assert!(table.exact);
        // The same rows, worked out without following every run.
        let rough = endings_table(&scenario, &framework.settings, 1);
        assert!(!rough.exact);
        for (exact, rough) in table.rows.iter().zip(&rough.rows) {
            assert!(
                exact
                    .leads_to
                    .iter()
                    .zip(&rough.leads_to)
                    .all(|(e, r)| !e || *r),
                "never fewer endings than there are"
            );
        }
        let ids: Vec<&str> = table.endings.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["safe", "late"]);
        let row = |scene: &str, option: &str| {
            table
                .rows
                .iter()
                .find(|r| r.scene_id == scene && r.option_id == option)
                .unwrap()
                .leads_to
                .clone()
        };
        // Applying is late whenever two weeks have passed: after "later"
        // (14d), never after "escalation" (1d), which malicious
        // communications (missed >= 1) leads to.
        assert_eq!(row("review", "apply"), [true, true]);
        assert_eq!(row("review", "wait"), [false, true]);
        assert_eq!(row("report", "malcomms"), [true, true]);
        assert_eq!(row("report", "stalking"), [false, true]);
        let text = table.to_text();
        assert!(
            text.contains("  A  safe (Order made)\n  B  late (Too slow)\n"),
            "{text}"
        );
        assert!(text.contains("report / stalking  - B\n"), "{text}");
    }

    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }
}
