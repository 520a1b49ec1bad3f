//! The competency-gap report at the end of a run: each competency's score and
//! band, critical errors first, the key actions missed with why they matter
//! and where the guidance is, and the decision log with its feedback.

use crate::core::engine::{ChoiceFeedback, Mode, Session};
use crate::core::framework::Framework;
use crate::core::model::SceneBody;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Competent,
    NotYetCompetent,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Competent => "Competent",
            Verdict::NotYetCompetent => "Not yet competent",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapReport {
    pub scenario_id: String,
    pub scenario_title: String,
    pub scenario_version: String,
    pub content_hash: String,
    pub seed: u64,
    pub mode: Mode,
    pub choices: Vec<Vec<String>>,
    /// False when the run stopped before an ending.
    pub finished: bool,
    pub ending: Option<EndingReport>,
    pub verdict: Verdict,
    pub pass_mark: u32,
    pub competencies: Vec<CompetencyScore>,
    pub critical_errors: Vec<CriticalError>,
    pub missed_key_actions: Vec<KeyActionReport>,
    pub achieved_key_actions: Vec<KeyActionReport>,
    pub decisions: Vec<DecisionRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndingReport {
    pub scene_id: String,
    pub title: String,
    pub outcome: String,
    pub debrief: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyScore {
    pub id: String,
    pub name: String,
    pub earned: i32,
    pub best: i32,
    /// None when no decision on this path assessed the competency.
    pub percent: Option<u32>,
    pub band: Option<String>,
    pub passed: Option<bool>,
    pub guidance: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriticalError {
    pub scene_title: String,
    pub option_id: String,
    pub option_text: String,
    pub feedback: Option<String>,
    pub cite: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyActionReport {
    pub id: String,
    pub text: String,
    pub competency: String,
    pub why: String,
    pub cite: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub scene_id: String,
    pub scene_title: String,
    pub prompt: String,
    pub clock: String,
    pub chosen: Vec<ChoiceFeedback>,
}

/// Rounds earned/best to the nearest whole percent; earned below 0 counts as 0.
pub fn percent(earned: i32, best: i32) -> Option<u32> {
    (best > 0).then(|| {
        let earned = i64::from(earned.clamp(0, best));
        let best = i64::from(best);
        ((earned * 200 + best) / (best * 2)) as u32
    })
}

impl GapReport {
    pub fn build(session: &Session, framework: &Framework) -> GapReport {
        let scenario = session.scenario();
        let state = session.state();
        let mut earned: BTreeMap<&str, i32> = BTreeMap::new();
        let mut best: BTreeMap<&str, i32> = BTreeMap::new();
        for step in &state.log {
            for (c, p) in &step.earned {
                *earned.entry(c).or_default() += p;
            }
            for (c, p) in &step.best {
                *best.entry(c).or_default() += p;
            }
        }
        let pass = framework.competencies.pass;
        let competencies: Vec<CompetencyScore> = framework
            .competencies
            .competencies
            .iter()
            .map(|c| {
                let e = earned.get(c.id.as_str()).copied().unwrap_or(0);
                let b = best.get(c.id.as_str()).copied().unwrap_or(0);
                let pct = percent(e, b);
                CompetencyScore {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    earned: e,
                    best: b,
                    percent: pct,
                    band: pct.map(|p| framework.band(p).to_string()),
                    passed: pct.map(|p| p >= pass),
                    guidance: c.guidance.clone(),
                }
            })
            .collect();

        let mut decisions = Vec::new();
        let mut critical_errors = Vec::new();
        for step in &state.log {
            let scene = &scenario.scenes[step.scene];
            let SceneBody::Decision(decision) = &scene.body else {
                continue;
            };
            let chosen: Vec<ChoiceFeedback> = step
                .chosen
                .iter()
                .filter_map(|id| decision.options.iter().find(|o| &o.id == id))
                .map(|o| session.feedback(o))
                .collect();
            let scene_title = session.render(&scene.title);
            for c in chosen.iter().filter(|c| c.critical) {
                critical_errors.push(CriticalError {
                    scene_title: scene_title.clone(),
                    option_id: c.option_id.clone(),
                    option_text: c.option_text.clone(),
                    feedback: c.feedback.clone(),
                    cite: c.cite.clone(),
                });
            }
            decisions.push(DecisionRecord {
                scene_id: scene.id.clone(),
                scene_title,
                prompt: session.render(&decision.prompt),
                clock: crate::core::condition::clock_label(
                    scenario.clock_start + step.clock_before,
                ),
                chosen,
            });
        }

        let key_action = |a: &crate::core::model::KeyAction| KeyActionReport {
            id: a.id.clone(),
            text: session.render(&a.text),
            competency: a.competency.name.clone(),
            why: session.render(&a.why),
            cite: a.cite.clone(),
        };
        let (achieved, missed): (Vec<_>, Vec<_>) = scenario
            .key_actions
            .iter()
            .partition(|a| state.achieved.contains(&a.id));

        let finished = session.is_finished();
        let ending = finished.then(|| {
            let scene = &scenario.scenes[state.scene];
            let SceneBody::Ending(ending) = &scene.body else {
                unreachable!("finished runs stand on an ending")
            };
            EndingReport {
                scene_id: scene.id.clone(),
                title: session.render(&scene.title),
                outcome: session.render(&ending.outcome),
                debrief: session.render(&ending.debrief),
            }
        });
        let all_passed = competencies.iter().all(|c| c.passed != Some(false));
        let verdict = if finished && critical_errors.is_empty() && all_passed {
            Verdict::Competent
        } else {
            Verdict::NotYetCompetent
        };
        GapReport {
            scenario_id: scenario.id.clone(),
            scenario_title: session.render(&scenario.title),
            scenario_version: scenario.version.clone(),
            content_hash: format!("{:016x}", scenario.content_hash),
            seed: session.seed(),
            mode: session.mode(),
            choices: session.saved().choices,
            finished,
            ending,
            verdict,
            pass_mark: pass,
            competencies,
            critical_errors,
            missed_key_actions: missed.into_iter().map(key_action).collect(),
            achieved_key_actions: achieved.into_iter().map(key_action).collect(),
            decisions,
        }
    }

    /// The weakest assessed competency, for "what to try next".
    pub fn weakest(&self) -> Option<&CompetencyScore> {
        self.competencies
            .iter()
            .filter(|c| c.percent.is_some())
            .min_by_key(|c| c.percent)
    }

    /// A plain-text rendering for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} (version {})",
            self.scenario_title, self.scenario_version
        );
        let _ = writeln!(out, "Result: {}", self.verdict.label());
        if let Some(ending) = &self.ending {
            let _ = writeln!(out, "Ending: {}: {}", ending.title, ending.outcome);
        } else {
            let _ = writeln!(out, "Ending: not reached (the run stopped part-way)");
        }
        if !self.critical_errors.is_empty() {
            let _ = writeln!(out, "\nCRITICAL ERRORS");
            for e in &self.critical_errors {
                let _ = writeln!(out, "  ! {}: {}", e.scene_title, e.option_text);
                if let Some(f) = &e.feedback {
                    let _ = writeln!(out, "    {f}");
                }
                if let Some(c) = &e.cite {
                    let _ = writeln!(out, "    Source: {c}");
                }
            }
        }
        let _ = writeln!(out, "\nCOMPETENCIES (pass mark {}%)", self.pass_mark);
        for c in &self.competencies {
            match (c.percent, &c.band) {
                (Some(p), Some(band)) => {
                    let _ = writeln!(
                        out,
                        "  {:<34} {:>3}%  {band}  ({}/{} points)",
                        c.name,
                        p,
                        c.earned.max(0),
                        c.best
                    );
                }
                _ => {
                    let _ = writeln!(out, "  {:<34}   -   not assessed on this path", c.name);
                }
            }
        }
        if !self.missed_key_actions.is_empty() {
            let _ = writeln!(out, "\nKEY ACTIONS MISSED");
            for a in &self.missed_key_actions {
                let _ = writeln!(
                    out,
                    "  - {} [{}]\n    Why it matters: {}\n    Guidance: {}",
                    a.text, a.competency, a.why, a.cite
                );
            }
        }
        let _ = writeln!(out, "\nDECISIONS");
        for (i, d) in self.decisions.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} ({})\n     {}",
                i + 1,
                d.scene_title,
                d.clock,
                d.prompt
            );
            for c in &d.chosen {
                let mark = if c.critical { " [CRITICAL]" } else { "" };
                let _ = writeln!(out, "     > {}{mark}", c.option_text);
                if let Some(f) = &c.feedback {
                    let _ = writeln!(out, "       {f}");
                }
                if let Some(cite) = &c.cite {
                    let _ = writeln!(out, "       Source: {cite}");
                }
            }
        }
        let _ = writeln!(
            out,
            "\nAudit: scenario {} content {} seed {} choices {}",
            self.scenario_id,
            self.content_hash,
            self.seed,
            self.choices
                .iter()
                .map(|c| if c.is_empty() {
                    "continue".to_string()
                } else {
                    c.join("+")
                })
                .collect::<Vec<_>>()
                .join(",")
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percent_rounds_to_nearest_and_floors_at_zero() {
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(-4, 3), Some(0));
        assert_eq!(percent(5, 3), Some(100));
        assert_eq!(percent(0, 0), None);
    }
}
