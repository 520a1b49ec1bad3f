//! The competency-gap report at the end of a run: each competency's score and
//! band, critical errors first, the key actions missed with why they matter
//! and where the guidance is, and the decision log with its feedback.

use crate::core::engine::{ChoiceFeedback, Mode, Session};
use crate::core::framework::{Framework, Treatment};
use crate::core::model::{Choice, DecisionKind, SceneBody};
use crate::core::scoring::{self, Points};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

pub use crate::core::scoring::Verdict;

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
    /// The practices behind each gap: errors shown first (critical, then
    /// penalties), then what a better choice would have shown.
    pub practice_gaps: Vec<PracticeGap>,
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

/// Whether a practice behind a gap was shown by the trainee's choice or
/// belonged to a better choice they did not make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    Shown,
    Missed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeGap {
    pub kind: GapKind,
    pub practice_id: String,
    /// The practice in one plain sentence, from the catalogue.
    pub text: String,
    pub treatment: Treatment,
    pub competency: String,
    pub why: String,
    pub cite: String,
    pub scene_title: String,
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

impl GapReport {
    pub fn build(session: &Session, framework: &Framework) -> GapReport {
        let scenario = session.scenario();
        let state = session.state();
        let tally = session.tally();
        let pass = framework.competencies.pass;
        let competencies: Vec<CompetencyScore> = framework
            .competencies
            .competencies
            .iter()
            .map(|c| {
                let points = tally.get(&c.id).copied().unwrap_or_default();
                let pct = points.percent();
                CompetencyScore {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    earned: points.earned,
                    best: points.best,
                    percent: pct,
                    band: pct.map(|p| framework.band(p).to_string()),
                    passed: pct.map(|p| scoring::passes(p, pass)),
                    guidance: c.guidance.clone(),
                }
            })
            .collect();

        let mut decisions = Vec::new();
        let mut critical_errors = Vec::new();
        let mut shown = Vec::new();
        let mut missed = Vec::new();
        for step in &state.log {
            let scene = &scenario.scenes[step.scene];
            let SceneBody::Decision(decision) = &scene.body else {
                continue;
            };
            let option = |id: &String| decision.options.iter().find(|o| &o.id == id);
            let picked: Vec<&Choice> = step.chosen.iter().filter_map(option).collect();
            let offered: Vec<&Choice> = step.offered.iter().filter_map(option).collect();
            let chosen: Vec<ChoiceFeedback> = picked.iter().map(|o| session.feedback(o)).collect();
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
            let gap = |kind: GapKind, id: &str| {
                framework.practice(id).map(|p| PracticeGap {
                    kind,
                    practice_id: p.id.clone(),
                    text: p.text.clone(),
                    treatment: p.treatment,
                    competency: framework
                        .competency(&p.competency)
                        .map_or_else(|| p.competency.clone(), |c| c.name.clone()),
                    why: p.why.clone(),
                    cite: p.cite.clone(),
                    scene_title: scene_title.clone(),
                })
            };
            let shown_here: Vec<&str> = picked
                .iter()
                .flat_map(|o| &o.practices)
                .map(|p| p.name.as_str())
                .collect();
            shown.extend(
                shown_here
                    .iter()
                    .filter_map(|id| gap(GapKind::Shown, id))
                    .filter(|g| matches!(g.treatment, Treatment::Penalty | Treatment::Critical)),
            );
            let better = better_choices(decision.kind, &offered, &picked);
            missed.extend(
                better
                    .iter()
                    .flat_map(|o| &o.practices)
                    .map(|p| p.name.as_str())
                    .filter(|id| !shown_here.contains(id))
                    .filter_map(|id| gap(GapKind::Missed, id))
                    .filter(|g| g.treatment == Treatment::Credit),
            );
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
        // Critical first, each group in the order met (a partition, not a
        // sort, which would add kilobytes to the officer's download).
        let (mut practice_gaps, rest): (Vec<_>, Vec<_>) = shown
            .into_iter()
            .partition(|g| g.treatment == Treatment::Critical);
        practice_gaps.extend(rest);
        for gap in missed {
            if !practice_gaps
                .iter()
                .any(|g| g.practice_id == gap.practice_id && g.scene_title == gap.scene_title)
            {
                practice_gaps.push(gap);
            }
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
            .partition(|a| state.done.contains(&a.id));

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
                debrief: session.debrief(ending).join("\n\n"),
            }
        });
        let verdict = scoring::verdict(
            finished,
            critical_errors.len(),
            competencies.iter().map(|c| c.percent),
            pass,
        );
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
            practice_gaps,
            missed_key_actions: missed.into_iter().map(key_action).collect(),
            achieved_key_actions: achieved.into_iter().map(key_action).collect(),
            decisions,
        }
    }

    /// The overall score: credited points over points available, across
    /// every competency this run assessed.
    pub fn overall_percent(&self) -> Option<u32> {
        scoring::overall_percent(self.competencies.iter().map(CompetencyScore::points))
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
                        c.points().credited(),
                        c.best
                    );
                }
                _ => {
                    let _ = writeln!(out, "  {:<34}   -   not assessed on this path", c.name);
                }
            }
        }
        if !self.practice_gaps.is_empty() {
            let _ = writeln!(out, "\nPRACTICE BEHIND THE GAPS");
            for g in &self.practice_gaps {
                let lead = match g.kind {
                    GapKind::Shown => format!("You showed ({})", g.treatment.label()),
                    GapKind::Missed => "A better choice would have shown".to_string(),
                };
                let _ = writeln!(
                    out,
                    "  - {}: {lead}: {} [{}]\n    Why it matters: {}\n    Guidance: {}",
                    g.scene_title, g.text, g.competency, g.why, g.cite
                );
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

impl CompetencyScore {
    pub fn points(&self) -> Points {
        Points {
            earned: self.earned,
            best: self.best,
        }
    }
}

/// The options a trainee could have picked instead that were worth more:
/// the offered single option(s) with the highest total points when that beats
/// what was picked, or the positive options of a select-all decision left
/// unticked.
fn better_choices<'a>(
    kind: DecisionKind,
    offered: &[&'a Choice],
    picked: &[&'a Choice],
) -> Vec<&'a Choice> {
    let total = |o: &Choice| o.points.values().sum::<i32>();
    match kind {
        DecisionKind::Single => {
            let picked_total: i32 = picked.iter().map(|o| total(o)).sum();
            let top = offered.iter().map(|o| total(o)).max().unwrap_or(0);
            if top <= picked_total {
                return Vec::new();
            }
            offered
                .iter()
                .copied()
                .filter(|o| total(o) == top && !o.critical)
                .collect()
        }
        DecisionKind::Multiple => offered
            .iter()
            .copied()
            .filter(|o| total(o) > 0 && !picked.iter().any(|p| p.id == o.id))
            .collect(),
    }
}
