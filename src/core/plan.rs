//! Playthrough test plans: a scenario, a seed and the choices to make, with
//! the outcome to expect. A trainer can read one; `cargo test` and
//! `scenario test` run them through the real engine.

use crate::core::engine::{Mode, Session};
use crate::core::framework::Framework;
use crate::core::model::Scenario;
use crate::core::report::{GapReport, Verdict};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub scenario: String,
    pub seed: u64,
    pub mode: Mode,
    pub choices: Vec<String>,
    pub expect: Expect,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub ending: String,
    pub result: Verdict,
    #[serde(default)]
    pub critical_errors: Vec<String>,
    #[serde(default)]
    pub missed_key_actions: Vec<String>,
    #[serde(default)]
    pub scores: BTreeMap<String, u32>,
}

/// `"a+b"` ticks two options; `"continue"` continues a scene without a decision.
pub fn parse_choice(text: &str) -> Vec<String> {
    if text == "continue" {
        Vec::new()
    } else {
        text.split('+').map(|s| s.trim().to_string()).collect()
    }
}

/// Plays the plan and lists every way the outcome differs from what it expects.
pub fn run(
    plan: &Plan,
    scenario: Rc<Scenario>,
    framework: &Framework,
) -> Result<GapReport, Vec<String>> {
    let mut session = Session::new(scenario, &framework.settings, plan.seed, plan.mode);
    for (step, choice) in plan.choices.iter().enumerate() {
        let scene = session.view().scene_id;
        session.choose(&parse_choice(choice)).map_err(|e| {
            vec![format!(
                "step {} (`{choice}` at scene `{scene}`): {e}",
                step + 1
            )]
        })?;
    }
    let report = GapReport::build(&session, framework);
    let mut problems = Vec::new();
    let ending = report.ending.as_ref().map(|e| e.scene_id.as_str());
    if ending != Some(plan.expect.ending.as_str()) {
        problems.push(format!(
            "ending: expected `{}`, got {}",
            plan.expect.ending,
            ending.map_or_else(
                || format!("no ending (stopped at `{}`)", session.view().scene_id),
                |e| format!("`{e}`")
            )
        ));
    }
    if report.verdict != plan.expect.result {
        problems.push(format!(
            "result: expected {:?}, got {:?}",
            plan.expect.result, report.verdict
        ));
    }
    let critical: Vec<String> = report
        .critical_errors
        .iter()
        .map(|c| c.option_id.clone())
        .collect();
    if critical != plan.expect.critical_errors {
        problems.push(format!(
            "critical errors: expected {:?}, got {critical:?}",
            plan.expect.critical_errors
        ));
    }
    let mut missed: Vec<String> = report
        .missed_key_actions
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let mut expected_missed = plan.expect.missed_key_actions.clone();
    missed.sort();
    expected_missed.sort();
    if missed != expected_missed {
        problems.push(format!(
            "missed key actions: expected {expected_missed:?}, got {missed:?}"
        ));
    }
    let scores: BTreeMap<String, u32> = report
        .competencies
        .iter()
        .filter_map(|c| c.percent.map(|p| (c.id.clone(), p)))
        .collect();
    if scores != plan.expect.scores {
        problems.push(format!(
            "scores: expected {:?}, got {scores:?}",
            plan.expect.scores
        ));
    }
    if problems.is_empty() {
        Ok(report)
    } else {
        Err(problems)
    }
}
