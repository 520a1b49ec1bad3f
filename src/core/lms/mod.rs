//! Training records: what the app tells a learning management system
//! (SCORM 1.2, SCORM 2004 4th edition) or a learning record store (xAPI,
//! cmi5) about an officer's runs. Everything here is data in, data out:
//! the values to set, the statements to send, the queue that holds them
//! until they are delivered and the compact resume data. The browser calls
//! (API discovery, fetch, storage) sit in the app's `lms` edge.
//!
//! A package (one module, or the whole course) is judged as a whole: it is
//! complete when every scenario it lists has a finished run, its score is
//! the overall score of the latest run of each, and it is passed when each
//! of those runs is "competent" and the score reaches the mastery score.
//! Every figure comes from `core::scoring` through the reports.

pub mod outbox;
pub mod scorm;
pub mod suspend;
pub mod time;
pub mod xapi;

use crate::core::engine::Session;
use crate::core::framework::Framework;
use crate::core::model::{DecisionKind, SceneBody};
use crate::core::progress::{ProfileScore, Progress};
use crate::core::report::Verdict;
use crate::core::scoring::{self, Points};

/// Where the app was launched from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    Scorm12,
    Scorm2004,
    Cmi5,
    /// Standalone, with an LRS configured in `settings.toml`.
    Lrs,
}

/// The package's result as the LMS should record it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Every scenario of the package has a finished run.
    pub complete: bool,
    /// The overall score (0-100) over the latest run of each scenario taken.
    pub percent: Option<u32>,
    /// Judged only once complete.
    pub passed: Option<bool>,
    /// The pass mark the package was judged against (0-100).
    pub mastery: u32,
    /// The framework's pass mark for each competency.
    pub pass_mark: u32,
    /// One per competency, over the same runs.
    pub competencies: Vec<ProfileScore>,
    /// Scenarios with a finished run, of those in the package.
    pub finished: usize,
    pub scenarios: usize,
}

impl Summary {
    /// The package's result from the officer's records. `mastery` is the
    /// LMS's mastery score when it gives one, else the framework's pass mark.
    pub fn of(
        progress: &Progress,
        scenario_ids: &[String],
        framework: &Framework,
        mastery: Option<u32>,
    ) -> Summary {
        let mastery = mastery.unwrap_or(framework.competencies.pass);
        let latest: Vec<_> = scenario_ids
            .iter()
            .filter_map(|id| progress.latest(id))
            .collect();
        let competencies = progress.profile_of(framework, scenario_ids);
        let percent = scoring::overall_percent(competencies.iter().map(|c| Points {
            earned: c.earned,
            best: c.best,
        }));
        let complete = !scenario_ids.is_empty() && latest.len() == scenario_ids.len();
        let passed = complete.then(|| {
            latest
                .iter()
                .all(|run| run.report.verdict == Verdict::Competent)
                && percent.is_none_or(|p| scoring::passes(p, mastery))
        });
        Summary {
            complete,
            percent,
            passed,
            mastery,
            pass_mark: framework.competencies.pass,
            competencies,
            finished: latest.len(),
            scenarios: scenario_ids.len(),
        }
    }
}

/// How one decision went, for an LMS interaction or an `answered` statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub scenario_id: String,
    pub seed: u64,
    /// Counts from 1 over every step of the run.
    pub step: usize,
    pub scene_id: String,
    pub prompt: String,
    pub kind: DecisionKind,
    /// Option ids chosen, and every option of the decision in file order.
    pub chosen: Vec<String>,
    pub options: Vec<(String, String)>,
    /// The decision's worth summed over competencies (`scoring::decision_worth`).
    pub points: Points,
    pub critical: bool,
    /// Competencies the decision assessed.
    pub competencies: Vec<String>,
    /// Milliseconds since 1970 when answered, and how long it took.
    pub at: u64,
    pub latency: u64,
}

/// Whether a decision earned all, none or part of what it was worth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Correct,
    Wrong,
    Neutral,
}

impl Answer {
    /// The decision taken at `step` (counting from 0) of a run, if that step was a decision.
    pub fn of(session: &Session, step: usize, at: u64, latency: u64) -> Option<Answer> {
        let taken = session.state().log.get(step)?;
        let scene = &session.scenario().scenes[taken.scene];
        let SceneBody::Decision(decision) = &scene.body else {
            return None;
        };
        let mut points = Points::default();
        for worth in taken.worth.values() {
            points += *worth;
        }
        Some(Answer {
            scenario_id: session.scenario().id.clone(),
            seed: session.seed(),
            step: step + 1,
            scene_id: scene.id.clone(),
            prompt: session.render(&decision.prompt),
            kind: decision.kind,
            chosen: taken.chosen.clone(),
            options: decision
                .options
                .iter()
                .map(|o| (o.id.clone(), session.render(&o.text)))
                .collect(),
            points,
            critical: !taken.critical.is_empty(),
            competencies: taken.worth.keys().cloned().collect(),
            at,
            latency,
        })
    }

    pub fn outcome(&self) -> Outcome {
        if self.critical || (self.points.best > 0 && self.points.earned <= 0) {
            Outcome::Wrong
        } else if self.points.best > 0 && self.points.earned >= self.points.best {
            Outcome::Correct
        } else {
            Outcome::Neutral
        }
    }

    /// An identifier for this decision of this run: letters, digits, `-` and `_`.
    pub fn id(&self) -> String {
        format!(
            "{}_r{}_d{}",
            self.scenario_id,
            radix36(self.seed),
            self.step
        )
    }

    /// The chosen options as positions in the decision's file order: `a`-`z`
    /// then `0`-`9` (SCORM 1.2's choice responses are single characters).
    pub fn positions(&self) -> Vec<char> {
        self.chosen
            .iter()
            .filter_map(|id| self.options.iter().position(|(o, _)| o == id))
            .map(position_char)
            .collect()
    }
}

pub fn position_char(index: usize) -> char {
    const CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    CHARS.get(index).map_or('?', |&c| char::from(c))
}

pub fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(char::from(DIGITS[(n % 36) as usize]));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// `numerator / denominator` as a decimal with at most four places and no
/// trailing zeros ("0.72", "1", "0.3333"), in whole-number arithmetic: the
/// officer's download carries no floating-point formatting.
pub fn decimal(numerator: u64, denominator: u64) -> String {
    if denominator == 0 {
        return "0".into();
    }
    let scaled = (numerator * 20_000 + denominator) / (denominator * 2);
    let (whole, part) = (scaled / 10_000, scaled % 10_000);
    if part == 0 {
        return whole.to_string();
    }
    let digits = format!("{part:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// A decimal such as "80", "0.8" or "0.875" in ten-thousandths of one unit
/// (`0.8` → 8000); `None` for anything else. No floating point.
pub fn parse_decimal(text: &str) -> Option<u64> {
    let text = text.trim();
    let (whole, part) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && part.is_empty() {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(part) || whole.len() > 9 {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut fraction = 0;
    for (i, b) in part.bytes().take(4).enumerate() {
        fraction += u64::from(b - b'0') * 10u64.pow(3 - i as u32);
    }
    Some(whole * 10_000 + fraction)
}

pub fn from_radix36(text: &str) -> Option<u64> {
    u64::from_str_radix(text, 36).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix36_round_trips() {
        for n in [0, 1, 35, 36, 1_000_000, u64::MAX] {
            assert_eq!(from_radix36(&radix36(n)), Some(n), "{n}");
        }
        assert_eq!(radix36(35), "z");
        assert_eq!(radix36(36), "10");
    }

    #[test]
    fn decimals_without_floating_point() {
        assert_eq!(decimal(72, 100), "0.72");
        assert_eq!(decimal(1, 3), "0.3333");
        assert_eq!(decimal(2, 3), "0.6667");
        assert_eq!(decimal(5, 5), "1");
        assert_eq!(decimal(0, 5), "0");
        assert_eq!(parse_decimal("0.8"), Some(8000));
        assert_eq!(parse_decimal("80"), Some(800_000));
        assert_eq!(parse_decimal(" .875 "), Some(8750));
        assert_eq!(parse_decimal("1e3"), None);
        assert_eq!(parse_decimal("-1"), None);
        assert_eq!(parse_decimal(""), None);
    }
}
