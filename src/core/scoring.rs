//! The scoring rule, in one place: what a decision is worth, how points add
//! up, the floor at zero, percentages and the verdict. The engine, the
//! report, saved progress, the static analysis and the views all score
//! through this module, so the rule cannot drift between them.
//!
//! - A decision is worth, per competency, the best a trainee could earn from
//!   the options offered: the best single option, or for a select-all
//!   decision every positive option together.
//! - A trainee earns the sum of the points of what they picked (negative
//!   points count against them).
//! - A competency's score is its earned points over the best available on
//!   the path, with earned points below zero counted as zero.
//! - A run is "competent" when it reached an ending, made no critical error,
//!   and every competency it assessed reached the pass mark.

use crate::core::model::{Choice, DecisionKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// The most points on offer for a competency at one decision.
pub fn best_points<'a>(
    kind: DecisionKind,
    offered: impl Iterator<Item = &'a Choice>,
    competency: &str,
) -> i32 {
    let points = offered.map(|o| o.points.get(competency).copied().unwrap_or(0));
    match kind {
        DecisionKind::Single => points.max().unwrap_or(0).max(0),
        DecisionKind::Multiple => points.filter(|&p| p > 0).sum(),
    }
}

/// Points earned beside points available, for one decision or summed over many.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Points {
    pub earned: i32,
    pub best: i32,
}

impl Points {
    /// Earned points as they count towards a score: never below zero, never
    /// above the best available.
    pub fn credited(self) -> i32 {
        self.earned.clamp(0, self.best.max(0))
    }

    /// The score as a whole percentage, rounded to the nearest; `None` when
    /// nothing was available (the competency was not assessed).
    pub fn percent(self) -> Option<u32> {
        (self.best > 0).then(|| {
            let earned = i64::from(self.credited());
            let best = i64::from(self.best);
            ((earned * 200 + best) / (best * 2)) as u32
        })
    }

    /// Adds another decision's (or run's) points. Each part is floored on
    /// its own first, so a bad run cannot pull another run's score down.
    pub fn combine(self, other: Points) -> Points {
        Points {
            earned: self.credited() + other.credited(),
            best: self.best + other.best,
        }
    }
}

impl std::ops::AddAssign for Points {
    /// Adds decisions within one run: negatives count against the run's total.
    fn add_assign(&mut self, other: Points) {
        self.earned += other.earned;
        self.best += other.best;
    }
}

/// What picking `picked` from `offered` is worth, per competency. A
/// competency appears only when the decision assessed it: something was on
/// offer or something was earned or lost.
pub fn decision_worth(
    kind: DecisionKind,
    offered: &[&Choice],
    picked: &[&Choice],
) -> BTreeMap<String, Points> {
    // Built by inserting, not `collect`, which sorts first: each sort, and
    // each map or set type, instantiated adds kilobytes to the officer's
    // download.
    let mut worth = BTreeMap::new();
    for competency in offered.iter().flat_map(|o| o.points.keys()) {
        if worth.contains_key(competency) {
            continue;
        }
        let points = Points {
            earned: picked
                .iter()
                .map(|o| o.points.get(competency).copied().unwrap_or(0))
                .sum(),
            best: best_points(kind, offered.iter().copied(), competency),
        };
        if points.best > 0 || points.earned != 0 {
            worth.insert(competency.clone(), points);
        }
    }
    worth
}

/// The overall score of a run or a profile: credited points over points
/// available, across every competency assessed.
pub fn overall_percent(points: impl IntoIterator<Item = Points>) -> Option<u32> {
    points
        .into_iter()
        .fold(Points::default(), Points::combine)
        .percent()
}

/// Whether a competency's percentage reaches the pass mark.
pub fn passes(percent: u32, pass_mark: u32) -> bool {
    percent >= pass_mark
}

/// The verdict on a run.
pub fn verdict(
    finished: bool,
    critical_errors: usize,
    percents: impl IntoIterator<Item = Option<u32>>,
    pass_mark: u32,
) -> Verdict {
    let all_pass = percents.into_iter().flatten().all(|p| passes(p, pass_mark));
    if finished && critical_errors == 0 && all_pass {
        Verdict::Competent
    } else {
        Verdict::NotYetCompetent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(earned: i32, best: i32) -> Points {
        Points { earned, best }
    }

    #[test]
    fn percent_rounds_to_nearest_and_floors_at_zero() {
        assert_eq!(points(1, 3).percent(), Some(33));
        assert_eq!(points(2, 3).percent(), Some(67));
        assert_eq!(points(-4, 3).percent(), Some(0));
        assert_eq!(points(5, 3).percent(), Some(100));
        assert_eq!(points(0, 0).percent(), None);
        assert_eq!(points(-2, 0).percent(), None);
    }

    #[test]
    fn runs_combine_after_each_is_floored() {
        let total = points(-6, 4).combine(points(4, 4));
        assert_eq!(total, points(4, 8));
        assert_eq!(overall_percent([points(-6, 4), points(4, 4)]), Some(50));
    }

    #[test]
    fn decisions_within_a_run_add_negatives() {
        let mut total = points(2, 2);
        total += points(-3, 2);
        assert_eq!(total, points(-1, 4));
        assert_eq!(total.percent(), Some(0));
    }

    #[test]
    fn the_verdict_needs_an_ending_no_critical_error_and_every_pass() {
        assert_eq!(verdict(true, 0, [Some(70), None], 70), Verdict::Competent);
        assert_eq!(verdict(true, 0, [Some(69)], 70), Verdict::NotYetCompetent);
        assert_eq!(verdict(true, 1, [Some(100)], 70), Verdict::NotYetCompetent);
        assert_eq!(verdict(false, 0, [Some(100)], 70), Verdict::NotYetCompetent);
    }
}
