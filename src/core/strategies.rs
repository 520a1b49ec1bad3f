//! Playing a scenario without reading the case. If a strategy that never
//! looks at the scene text can pass, the scenario rewards a pattern in the
//! wording of its options, not judgement about the case. Each strategy sees
//! only the options offered (in training order, which is file order) and
//! picks by their words alone.

use crate::core::engine::{BodyView, Mode, Session};
use crate::core::framework::Framework;
use crate::core::model::{DecisionKind, Scenario};
use crate::core::report::{GapReport, Verdict};
use serde::Serialize;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Always the first option offered.
    First,
    /// Always the longest option.
    Longest,
    /// The option with the most "good practice" words.
    GoodPracticeWords,
    /// The most interventionist option.
    MostInterventionist,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::First,
        Strategy::Longest,
        Strategy::GoodPracticeWords,
        Strategy::MostInterventionist,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Strategy::First => "always the first option",
            Strategy::Longest => "always the longest option",
            Strategy::GoodPracticeWords => "most good-practice words",
            Strategy::MostInterventionist => "most interventionist",
        }
    }

    /// How much the strategy likes an option (higher is better). Ties go to
    /// the option offered first.
    fn appeal(self, position: usize, text: &str) -> i64 {
        // Words are matched at the start of a word, so `escalat` finds
        // "escalation" and `spo` does not find "response".
        let spaced = format!(
            " {} ",
            text.to_lowercase()
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let count = |words: &[&str]| {
            words
                .iter()
                .filter(|w| spaced.contains(&format!(" {w}")))
                .count() as i64
        };
        match self {
            Strategy::First => -(position as i64),
            Strategy::Longest => text.chars().count() as i64,
            Strategy::GoodPracticeWords => count(GOOD_PRACTICE_WORDS),
            Strategy::MostInterventionist => count(INTERVENTIONIST_WORDS),
        }
    }
}

/// Words a reader who knows the guidance's stock answers would look for.
pub const GOOD_PRACTICE_WORDS: &[&str] = &[
    "stalking",
    "record",
    "risk",
    "s-dash",
    "dash",
    "advocate",
    "refer",
    "specialist",
    "helpline",
    "evidence",
    "preserve",
    "safety",
    "safeguard",
    "protection order",
    "spo",
    "impact",
    "pattern",
    "course of conduct",
    "diary",
    "victim",
    "support",
    "marac",
    "threat",
    "check",
    "cps",
    "four",
    "fixated",
    "escalat",
    "assess",
];

/// Words of action for its own sake: the option that does the most.
pub const INTERVENTIONIST_WORDS: &[&str] = &[
    "arrest",
    "immediate",
    "now",
    "tonight",
    "urgent",
    "apply",
    "interim",
    "seize",
    "charge",
    "remand",
    "recall",
    "refer",
    "marac",
    "threat to life",
    "osman",
    "warrant",
    "straight away",
    "today",
    "at once",
    "full",
    "every",
    "all",
    "escalate",
];

/// What one strategy scored on one scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub scenario: String,
    pub strategy: Strategy,
    pub verdict: Verdict,
    pub overall_percent: u32,
    pub critical_errors: usize,
}

/// Plays the scenario to an ending with the strategy; the seed picks the cast.
pub fn play(
    scenario: Rc<Scenario>,
    framework: &Framework,
    strategy: Strategy,
    seed: u64,
) -> Outcome {
    let mut session = Session::new(
        Rc::clone(&scenario),
        &framework.settings,
        seed,
        Mode::Training,
    );
    // Every path ends (the checker proves it); the bound only guards loops.
    for _ in 0..10_000 {
        let picks = match session.view().body {
            BodyView::Ending { .. } => break,
            BodyView::Continue => Vec::new(),
            BodyView::Decision { kind, options, .. } => {
                let appeal: Vec<i64> = options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| strategy.appeal(i, &o.text))
                    .collect();
                let top = appeal.iter().copied().max().unwrap_or(0);
                let mut best = options.iter().zip(&appeal).filter(|(_, &a)| a == top);
                match kind {
                    DecisionKind::Single => best
                        .next()
                        .map(|(o, _)| vec![o.id.clone()])
                        .unwrap_or_default(),
                    // Select-all: tick every option the strategy likes most
                    // (for word counts, every option with at least one word).
                    DecisionKind::Multiple => {
                        let liked: Vec<String> = match strategy {
                            Strategy::GoodPracticeWords | Strategy::MostInterventionist => options
                                .iter()
                                .zip(&appeal)
                                .filter(|(_, &a)| a > 0)
                                .map(|(o, _)| o.id.clone())
                                .collect(),
                            _ => Vec::new(),
                        };
                        if liked.is_empty() {
                            best.next()
                                .map(|(o, _)| vec![o.id.clone()])
                                .unwrap_or_default()
                        } else {
                            liked
                        }
                    }
                }
            }
        };
        if session.choose(&picks).is_err() {
            break;
        }
    }
    let report = GapReport::build(&session, framework);
    Outcome {
        scenario: scenario.id.clone(),
        strategy,
        verdict: report.verdict,
        overall_percent: report.overall_percent().unwrap_or(0),
        critical_errors: report.critical_errors.len(),
    }
}
