//! Running a trainee through a scenario. The UI asks the session what to show
//! (`view`) and feeds choices back (`choose`); the session never reaches into
//! the UI. A run is its scenario's content hash, its seed and its choices:
//! replaying those reproduces it exactly, which is how saved runs resume.
//!
//! Randomness (cast variants, option order in assessment mode) comes from
//! `StdRng` seeded from the run's seed, so native and wasm builds agree.

use crate::core::condition::{all_hold, clock_label, ConditionState, Minutes};
use crate::core::framework::ForceSettings;
use crate::core::model::*;
use crate::core::scoring::{decision_worth, Points};
use crate::core::text::Placeholders;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Feedback and the citation after every decision, options in file order.
    Training,
    /// Options shuffled by seed, no feedback until the end, a pass or not-yet result.
    Assessment,
}

/// What a saved run stores: enough to replay it exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRun {
    pub format: u32,
    pub scenario_id: String,
    /// Stored as 16 hex digits (format 2 on), so JavaScript tools reading the
    /// record do not round it; format 1's number is still read.
    #[serde(
        serialize_with = "crate::core::model::hex::serialize",
        deserialize_with = "crate::core::progress::stored_hash"
    )]
    pub content_hash: u64,
    pub seed: u64,
    pub mode: Mode,
    /// Option ids chosen at each step; empty where a scene was simply continued.
    pub choices: Vec<Vec<String>>,
    /// The scene a trainer's play-test started from, when not the scenario's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

pub const SAVED_RUN_FORMAT: u32 = 2;

/// One step taken: what was offered and chosen, and what it was worth per
/// competency (only the competencies the decision assessed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub scene: SceneIndex,
    pub offered: Vec<String>,
    pub chosen: Vec<String>,
    pub worth: BTreeMap<String, Points>,
    pub critical: Vec<String>,
    pub clock_before: Minutes,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunState {
    pub scene: SceneIndex,
    pub flags: BTreeSet<String>,
    pub counters: BTreeMap<String, i64>,
    pub marks: BTreeMap<String, Minutes>,
    /// Minutes since the scenario's clock started.
    pub elapsed: Minutes,
    /// Key actions achieved and practices shown (their ids never clash).
    pub done: BTreeSet<String>,
    pub log: Vec<Step>,
}

impl ConditionState for RunState {
    fn flags(&self) -> &BTreeSet<String> {
        &self.flags
    }
    fn counters(&self) -> &BTreeMap<String, i64> {
        &self.counters
    }
    fn marks(&self) -> &BTreeMap<String, Minutes> {
        &self.marks
    }
    fn elapsed(&self) -> Minutes {
        self.elapsed
    }
    fn done(&self) -> &BTreeSet<String> {
        &self.done
    }
}

/// Why a choice was refused. Nothing changes when a choice is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceError {
    Finished,
    NothingChosen,
    OnlyOneAllowed,
    ContinueOnly,
    NotOffered(String),
    ChosenTwice(String),
    NoRoute,
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChoiceError::Finished => write!(f, "the scenario has already ended"),
            ChoiceError::NothingChosen => write!(f, "choose at least one option"),
            ChoiceError::OnlyOneAllowed => write!(f, "this decision takes exactly one option"),
            ChoiceError::ContinueOnly => write!(f, "this scene has no decision: continue instead"),
            ChoiceError::NotOffered(id) => {
                write!(f, "`{id}` is not one of the options offered here")
            }
            ChoiceError::ChosenTwice(id) => write!(f, "`{id}` was chosen twice"),
            ChoiceError::NoRoute => write!(
                f,
                "no destination applies from this scene (a scenario error)"
            ),
        }
    }
}

/// Why a saved run could not be resumed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeError {
    Format(u32),
    OtherScenario(String),
    ScenarioChanged,
    Choice { step: usize, error: ChoiceError },
}

impl fmt::Display for ResumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeError::Format(v) => write!(
                f,
                "the saved run is in format {v}, which this version cannot read"
            ),
            ResumeError::OtherScenario(id) => write!(f, "the saved run belongs to scenario `{id}`"),
            ResumeError::ScenarioChanged => {
                write!(f, "the scenario has been changed since this run was saved")
            }
            ResumeError::Choice { step, error } => write!(f, "step {}: {error}", step + 1),
        }
    }
}

/// What happened after a choice: the feedback for each option chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub feedback: Vec<ChoiceFeedback>,
    pub clock_moved: bool,
    pub finished: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceFeedback {
    pub option_id: String,
    pub option_text: String,
    pub feedback: Option<String>,
    pub cite: Option<String>,
    pub critical: bool,
    pub points: BTreeMap<String, i32>,
}

/// Everything the UI needs to show the current scene, with text rendered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SceneView {
    pub scene_id: String,
    pub step: usize,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub clock: String,
    pub exhibits: Vec<ExhibitView>,
    pub body: BodyView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExhibitView {
    pub id: String,
    pub kind: ExhibitKind,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub entries: Vec<EntryView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryView {
    pub at: Option<String>,
    pub from: Option<String>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum BodyView {
    Decision {
        prompt: String,
        kind: DecisionKind,
        options: Vec<OptionView>,
    },
    Continue,
    Ending {
        outcome: Vec<String>,
        debrief: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OptionView {
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Session {
    scenario: Rc<Scenario>,
    seed: u64,
    mode: Mode,
    /// Practices the force has withdrawn: options showing them are not offered.
    withdrawn: Vec<String>,
    placeholders: Placeholders,
    state: RunState,
    choices: Vec<Vec<String>>,
    start_scene: SceneIndex,
}

impl Session {
    pub fn new(scenario: Rc<Scenario>, settings: &ForceSettings, seed: u64, mode: Mode) -> Session {
        let start = scenario.start;
        Session::starting_at(scenario, settings, seed, mode, start)
    }

    /// A trainer's play-test from any scene, with a fresh state (no flags,
    /// counters or points yet, the clock at the scenario's start).
    pub fn starting_at(
        scenario: Rc<Scenario>,
        settings: &ForceSettings,
        seed: u64,
        mode: Mode,
        scene: SceneIndex,
    ) -> Session {
        let mut rng = StdRng::seed_from_u64(seed);
        let cast: Vec<(String, &BTreeMap<String, String>)> = scenario
            .cast
            .iter()
            .filter(|role| !role.variants.is_empty())
            .map(|role| {
                let pick = rng.random_range(0..role.variants.len());
                (role.role.clone(), &role.variants[pick])
            })
            .collect();
        let placeholders = Placeholders::new(&cast, &settings.force);
        let mut session = Session {
            placeholders,
            seed,
            mode,
            withdrawn: settings.practices.not_applicable.clone(),
            state: RunState::default(),
            choices: Vec::new(),
            start_scene: scenario.start,
            scenario: Rc::clone(&scenario),
        };
        let mut state = RunState::default();
        session.enter(
            &mut state,
            scene.min(scenario.scenes.len().saturating_sub(1)),
        );
        session.start_scene = state.scene;
        session.state = state;
        session
    }

    /// Rebuilds a saved run by replaying its choices on the same content.
    pub fn resume(
        scenario: Rc<Scenario>,
        settings: &ForceSettings,
        saved: &SavedRun,
    ) -> Result<Session, ResumeError> {
        if saved.format != SAVED_RUN_FORMAT {
            return Err(ResumeError::Format(saved.format));
        }
        if saved.scenario_id != scenario.id {
            return Err(ResumeError::OtherScenario(saved.scenario_id.clone()));
        }
        if saved.content_hash != scenario.content_hash {
            return Err(ResumeError::ScenarioChanged);
        }
        let start = match &saved.start {
            None => scenario.start,
            Some(id) => scenario.scene_index(id).ok_or_else(|| {
                ResumeError::OtherScenario(format!("{} (no scene `{id}`)", saved.scenario_id))
            })?,
        };
        let mut session = Session::starting_at(scenario, settings, saved.seed, saved.mode, start);
        for (step, chosen) in saved.choices.iter().enumerate() {
            session
                .choose(chosen)
                .map_err(|error| ResumeError::Choice { step, error })?;
        }
        Ok(session)
    }

    pub fn saved(&self) -> SavedRun {
        SavedRun {
            format: SAVED_RUN_FORMAT,
            scenario_id: self.scenario.id.clone(),
            content_hash: self.scenario.content_hash,
            seed: self.seed,
            mode: self.mode,
            choices: self.choices.clone(),
            start: (self.start_scene != self.scenario.start)
                .then(|| self.scenario.scenes[self.start_scene].id.clone()),
        }
    }

    /// Points earned and best available so far, per competency.
    pub fn tally(&self) -> BTreeMap<String, Points> {
        let mut tally: BTreeMap<String, Points> = BTreeMap::new();
        for step in &self.state.log {
            for (competency, &points) in &step.worth {
                *tally.entry(competency.clone()).or_default() += points;
            }
        }
        tally
    }

    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenario
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn mode(&self) -> Mode {
        self.mode
    }
    pub fn state(&self) -> &RunState {
        &self.state
    }
    pub fn placeholders(&self) -> &Placeholders {
        &self.placeholders
    }
    pub fn is_finished(&self) -> bool {
        matches!(self.current().body, SceneBody::Ending(_))
    }
    pub fn clock(&self) -> String {
        clock_label(self.scenario.clock_start + self.state.elapsed)
    }

    fn current(&self) -> &Scene {
        &self.scenario.scenes[self.state.scene]
    }

    /// Options offered at the current decision, in the order shown: file order
    /// in training, shuffled from the seed and step in assessment. Options
    /// whose conditions fail, or that show a practice the force has
    /// withdrawn, are not offered.
    pub fn offered(&self) -> Vec<&Choice> {
        let SceneBody::Decision(decision) = &self.current().body else {
            return Vec::new();
        };
        let mut offered: Vec<&Choice> = decision
            .options
            .iter()
            .filter(|o| all_hold(&values(&o.when), &self.state))
            .filter(|o| !o.practices.iter().any(|p| self.withdrawn.contains(&p.name)))
            .collect();
        if self.mode == Mode::Assessment {
            let step = self.state.log.len() as u64 + 1;
            let mut rng =
                StdRng::seed_from_u64(self.seed ^ step.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            offered.shuffle(&mut rng);
        }
        offered
    }

    /// Takes a choice: option ids at a decision, nothing at a scene that continues.
    pub fn choose(&mut self, chosen: &[String]) -> Result<Outcome, ChoiceError> {
        let scenario = Rc::clone(&self.scenario);
        let scene = &scenario.scenes[self.state.scene];
        let mut state = self.state.clone();
        let clock_before = state.elapsed;
        let (next, feedback, step) = match &scene.body {
            SceneBody::Ending(_) => return Err(ChoiceError::Finished),
            SceneBody::Next(routing) => {
                if !chosen.is_empty() {
                    return Err(ChoiceError::ContinueOnly);
                }
                let step = Step {
                    scene: state.scene,
                    offered: Vec::new(),
                    chosen: Vec::new(),
                    worth: BTreeMap::new(),
                    critical: Vec::new(),
                    clock_before,
                };
                (route(routing, &state), Vec::new(), step)
            }
            SceneBody::Decision(decision) => {
                let offered = self.offered();
                let picked = validate_choice(decision, &offered, chosen)?;
                let step = Step {
                    scene: state.scene,
                    offered: offered.iter().map(|o| o.id.clone()).collect(),
                    chosen: picked.iter().map(|o| o.id.clone()).collect(),
                    worth: decision_worth(decision.kind, &offered, &picked),
                    critical: picked
                        .iter()
                        .filter(|o| o.critical)
                        .map(|o| o.id.clone())
                        .collect(),
                    clock_before,
                };
                for option in &picked {
                    apply(&option.effects, &mut state);
                    state.done.extend(
                        option
                            .achieves
                            .iter()
                            .chain(&option.practices)
                            .map(|a| a.name.clone()),
                    );
                }
                let next = match (decision.kind, picked.as_slice()) {
                    (DecisionKind::Single, [only]) => route(decision.leads_from(only), &state),
                    _ => route(&decision.routing, &state),
                };
                let feedback = picked.iter().map(|o| self.feedback(o)).collect();
                (next, feedback, step)
            }
        };
        let next = next.ok_or(ChoiceError::NoRoute)?;
        state.log.push(step);
        self.enter(&mut state, next);
        let outcome = Outcome {
            feedback,
            clock_moved: state.elapsed != clock_before,
            finished: matches!(scenario.scenes[next].body, SceneBody::Ending(_)),
        };
        self.state = state;
        self.choices.push(chosen.to_vec());
        Ok(outcome)
    }

    fn enter(&self, state: &mut RunState, scene: SceneIndex) {
        let scene_data = &self.scenario.scenes[scene];
        state.scene = scene;
        state.elapsed += scene_data.advance;
        state
            .flags
            .extend(scene_data.set.iter().map(|f| f.name.clone()));
    }

    pub fn feedback(&self, option: &Choice) -> ChoiceFeedback {
        ChoiceFeedback {
            option_id: option.id.clone(),
            option_text: self.placeholders.render(&option.text),
            feedback: option
                .feedback
                .as_ref()
                .map(|f| self.placeholders.render(f)),
            cite: option.cite.as_ref().map(|c| c.value.clone()),
            critical: option.critical,
            points: option.points.clone(),
        }
    }

    pub fn render(&self, text: &str) -> String {
        self.placeholders.render(text)
    }

    /// An ending's debrief paragraphs: the base text, then each note whose
    /// conditions hold on this run.
    pub fn debrief(&self, ending: &Ending) -> Vec<String> {
        let mut out = paragraphs(&self.render(&ending.debrief));
        for note in &ending.notes {
            if all_hold(&values(&note.when), &self.state) {
                out.extend(paragraphs(&self.render(&note.text)));
            }
        }
        out
    }

    pub fn view(&self) -> SceneView {
        let scene = self.current();
        let mut paragraphs = paragraphs(&self.render(&scene.text));
        for aside in &scene.asides {
            if all_hold(&values(&aside.when), &self.state) {
                paragraphs.extend(self::paragraphs(&self.render(&aside.text)));
            }
        }
        let exhibits = scene
            .exhibits
            .iter()
            .map(|e| ExhibitView {
                id: e.id.clone(),
                kind: e.kind,
                title: self.render(&e.title),
                paragraphs: e
                    .text
                    .as_ref()
                    .map(|t| self::paragraphs(&self.render(t)))
                    .unwrap_or_default(),
                entries: e
                    .entries
                    .iter()
                    .map(|entry| EntryView {
                        at: entry.at.as_ref().map(|t| self.render(t)),
                        from: entry.from.as_ref().map(|t| self.render(t)),
                        text: self.render(&entry.text),
                    })
                    .collect(),
            })
            .collect();
        let body = match &scene.body {
            SceneBody::Decision(decision) => BodyView::Decision {
                prompt: self.render(&decision.prompt),
                kind: decision.kind,
                options: self
                    .offered()
                    .into_iter()
                    .map(|o| OptionView {
                        id: o.id.clone(),
                        text: self.render(&o.text),
                    })
                    .collect(),
            },
            SceneBody::Next(_) => BodyView::Continue,
            SceneBody::Ending(ending) => BodyView::Ending {
                outcome: self::paragraphs(&self.render(&ending.outcome)),
                debrief: self.debrief(ending),
            },
        };
        SceneView {
            scene_id: scene.id.clone(),
            step: self.state.log.len(),
            title: self.render(&scene.title),
            paragraphs,
            clock: self.clock(),
            exhibits,
            body,
        }
    }
}

fn values<T: Clone>(located: &[Located<T>]) -> Vec<T> {
    located.iter().map(|l| l.value.clone()).collect()
}

fn route(routing: &Routing, state: &RunState) -> Option<SceneIndex> {
    routing
        .routes
        .iter()
        .find(|r| all_hold(&values(&r.when), state))
        .map(|r| r.to)
        .or(routing.fallback)
}

fn apply(effects: &Effects, state: &mut RunState) {
    for flag in &effects.set {
        state.flags.insert(flag.name.clone());
    }
    for flag in &effects.clear {
        state.flags.remove(&flag.name);
    }
    for (counter, amount) in &effects.add {
        *state.counters.entry(counter.name.clone()).or_insert(0) += amount;
    }
    state.elapsed += effects.advance;
    for mark in &effects.mark {
        state.marks.insert(mark.name.clone(), state.elapsed);
    }
}

fn validate_choice<'a>(
    decision: &Decision,
    offered: &[&'a Choice],
    chosen: &[String],
) -> Result<Vec<&'a Choice>, ChoiceError> {
    if chosen.is_empty() {
        return Err(ChoiceError::NothingChosen);
    }
    if decision.kind == DecisionKind::Single && chosen.len() > 1 {
        return Err(ChoiceError::OnlyOneAllowed);
    }
    let mut picked: Vec<&Choice> = Vec::with_capacity(chosen.len());
    for id in chosen {
        let option = offered
            .iter()
            .find(|o| &o.id == id)
            .ok_or_else(|| ChoiceError::NotOffered(id.clone()))?;
        if picked.iter().any(|p| &p.id == id) {
            return Err(ChoiceError::ChosenTwice(id.clone()));
        }
        picked.push(option);
    }
    // Effects apply in file order, whatever order the ticks came in (taken
    // from the file, not sorted: each sort instantiated adds kilobytes to
    // the officer's download).
    Ok(decision
        .options
        .iter()
        .filter_map(|o| picked.iter().find(|p| p.id == o.id).copied())
        .collect())
}

/// Splits text on blank lines into paragraphs, joining wrapped lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}
