//! The SCORM run-time data model values the app sets, for SCORM 1.2 and
//! SCORM 2004 4th edition: status, scores, one objective per competency,
//! one interaction per decision, resume data, session time and exit.
//! The edge sets them in order and commits; a batch that the LMS refuses
//! stays queued (see `outbox`) and is set again later.

use crate::core::lms::time;
use crate::core::lms::{decimal, parse_decimal, Answer, Outcome, Summary};
use crate::core::model::DecisionKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Version {
    Scorm12,
    Scorm2004,
}

/// Stands for the next free interaction index (`cmi.interactions._count`),
/// read when the batch is set, so a batch retried later still appends.
pub const NEXT_INTERACTION: &str = "{n}";

/// Values to set, in order, then commit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub values: Vec<(String, String)>,
}

impl Batch {
    fn set(&mut self, element: impl Into<String>, value: impl Into<String>) {
        self.values.push((element.into(), value.into()));
    }

    pub fn needs_interaction_count(&self) -> bool {
        self.values
            .iter()
            .any(|(e, _)| e.contains(NEXT_INTERACTION))
    }

    /// The values with the interaction index filled in.
    pub fn resolved(&self, interaction_count: u32) -> Vec<(String, String)> {
        self.values
            .iter()
            .map(|(e, v)| {
                (
                    e.replace(NEXT_INTERACTION, &interaction_count.to_string()),
                    v.clone(),
                )
            })
            .collect()
    }
}

/// The element that holds the mastery score, as the LMS gives it from the manifest.
pub fn mastery_element(version: Version) -> &'static str {
    match version {
        Version::Scorm12 => "cmi.student_data.mastery_score",
        Version::Scorm2004 => "cmi.scaled_passing_score",
    }
}

/// The mastery score (0-100) from the LMS's value; `None` when it gives none.
pub fn read_mastery(version: Version, value: &str) -> Option<u32> {
    let number = parse_decimal(value)?;
    let percent = match version {
        // Rounded up: a score at the pass mark is at or above the LMS's.
        Version::Scorm12 => number.div_ceil(10_000),
        Version::Scorm2004 => number.div_ceil(100),
    };
    (percent <= 100).then_some(percent as u32)
}

pub fn learner_element(version: Version) -> &'static str {
    match version {
        Version::Scorm12 => "cmi.core.student_id",
        Version::Scorm2004 => "cmi.learner_id",
    }
}

/// The same element in both versions.
pub const SUSPEND_ELEMENT: &str = "cmi.suspend_data";

pub fn location_element(version: Version) -> &'static str {
    match version {
        Version::Scorm12 => "cmi.core.lesson_location",
        Version::Scorm2004 => "cmi.location",
    }
}

/// After a decision (or a scene continued): the interaction for a decision,
/// the resume data and where the officer is (`location`, the scenario id;
/// empty once a run is finished, when the element is left as it was: some
/// LMSs refuse an empty value, and only an unfinished run is reopened),
/// then "incomplete" unless the package is already complete.
pub fn after_step(
    version: Version,
    answer: Option<&Answer>,
    suspend_data: &str,
    location: &str,
    summary: &Summary,
) -> Batch {
    let mut batch = Batch::default();
    if let Some(answer) = answer {
        interaction(version, answer, &mut batch);
    }
    batch.set(SUSPEND_ELEMENT, suspend_data);
    if !location.is_empty() {
        batch.set(location_element(version), location);
    }
    if !summary.complete {
        status(version, summary, &mut batch);
    }
    batch
}

/// After a run ends: the package's status, score and objectives, and the resume data.
pub fn after_run(version: Version, suspend_data: &str, summary: &Summary) -> Batch {
    let mut batch = Batch::default();
    batch.set(SUSPEND_ELEMENT, suspend_data);
    result(version, summary, &mut batch);
    batch
}

/// On leaving: the session's time, and whether the officer will come back.
pub fn on_exit(version: Version, session_ms: u64, summary: &Summary) -> Batch {
    let mut batch = Batch::default();
    match version {
        Version::Scorm12 => {
            batch.set("cmi.core.session_time", time::timespan(session_ms));
            batch.set(
                "cmi.core.exit",
                if summary.complete { "" } else { "suspend" },
            );
        }
        Version::Scorm2004 => {
            batch.set("cmi.session_time", time::duration(session_ms));
            batch.set(
                "cmi.exit",
                if summary.complete {
                    "normal"
                } else {
                    "suspend"
                },
            );
        }
    }
    batch
}

/// At start: "incomplete" once the officer begins, unless already complete.
pub fn at_start(version: Version, summary: &Summary) -> Batch {
    let mut batch = Batch::default();
    if summary.complete {
        result(version, summary, &mut batch);
    } else {
        status(version, summary, &mut batch);
    }
    batch
}

fn status(version: Version, summary: &Summary, batch: &mut Batch) {
    match version {
        Version::Scorm12 => batch.set("cmi.core.lesson_status", lesson_status(summary)),
        Version::Scorm2004 => {
            batch.set(
                "cmi.completion_status",
                if summary.complete {
                    "completed"
                } else {
                    "incomplete"
                },
            );
            batch.set("cmi.progress_measure", progress(summary));
            batch.set(
                "cmi.success_status",
                match summary.passed {
                    Some(true) => "passed",
                    Some(false) => "failed",
                    None => "unknown",
                },
            );
        }
    }
}

fn lesson_status(summary: &Summary) -> &'static str {
    match summary.passed {
        Some(true) => "passed",
        Some(false) => "failed",
        None => "incomplete",
    }
}

fn progress(summary: &Summary) -> String {
    decimal(summary.finished as u64, summary.scenarios as u64)
}

fn result(version: Version, summary: &Summary, batch: &mut Batch) {
    let prefix = match version {
        Version::Scorm12 => "cmi.core.score",
        Version::Scorm2004 => "cmi.score",
    };
    if let Some(percent) = summary.percent {
        batch.set(format!("{prefix}.min"), "0");
        batch.set(format!("{prefix}.max"), "100");
        batch.set(format!("{prefix}.raw"), percent.to_string());
        if version == Version::Scorm2004 {
            batch.set("cmi.score.scaled", decimal(u64::from(percent), 100));
        }
    }
    for (n, competency) in summary.competencies.iter().enumerate() {
        let at = format!("cmi.objectives.{n}");
        batch.set(format!("{at}.id"), competency.id.as_str());
        if let Some(percent) = competency.percent {
            batch.set(format!("{at}.score.min"), "0");
            batch.set(format!("{at}.score.max"), "100");
            batch.set(format!("{at}.score.raw"), percent.to_string());
            if version == Version::Scorm2004 {
                batch.set(
                    format!("{at}.score.scaled"),
                    decimal(u64::from(percent), 100),
                );
            }
        }
        let passed = competency
            .percent
            .map(|p| crate::core::scoring::passes(p, summary.pass_mark));
        match version {
            Version::Scorm12 => batch.set(
                format!("{at}.status"),
                match passed {
                    Some(true) => "passed",
                    Some(false) => "failed",
                    None => "not attempted",
                },
            ),
            Version::Scorm2004 => {
                batch.set(
                    format!("{at}.success_status"),
                    match passed {
                        Some(true) => "passed",
                        Some(false) => "failed",
                        None => "unknown",
                    },
                );
                batch.set(
                    format!("{at}.completion_status"),
                    if passed.is_some() {
                        "completed"
                    } else {
                        "not attempted"
                    },
                );
                batch.set(format!("{at}.description"), competency.name.as_str());
            }
        }
    }
    status(version, summary, batch);
}

fn interaction(version: Version, answer: &Answer, batch: &mut Batch) {
    let at = format!("cmi.interactions.{NEXT_INTERACTION}");
    batch.set(format!("{at}.id"), answer.id());
    batch.set(format!("{at}.type"), "choice");
    for (n, competency) in answer.competencies.iter().enumerate() {
        batch.set(format!("{at}.objectives.{n}.id"), competency.as_str());
    }
    let outcome = answer.outcome();
    match version {
        Version::Scorm12 => {
            batch.set(format!("{at}.time"), time::time_of_day(answer.at));
            batch.set(format!("{at}.weighting"), answer.points.best.to_string());
            let positions: Vec<String> = answer.positions().iter().map(char::to_string).collect();
            batch.set(format!("{at}.student_response"), positions.join(","));
            batch.set(
                format!("{at}.result"),
                match outcome {
                    Outcome::Correct => "correct",
                    Outcome::Wrong => "wrong",
                    Outcome::Neutral => "neutral",
                },
            );
            batch.set(format!("{at}.latency"), time::timespan(answer.latency));
        }
        Version::Scorm2004 => {
            batch.set(
                format!("{at}.timestamp"),
                time::timestamp_seconds(answer.at),
            );
            batch.set(format!("{at}.weighting"), answer.points.best.to_string());
            batch.set(format!("{at}.learner_response"), answer.chosen.join("[,]"));
            batch.set(
                format!("{at}.result"),
                match outcome {
                    Outcome::Correct => "correct",
                    Outcome::Wrong => "incorrect",
                    Outcome::Neutral => "neutral",
                },
            );
            batch.set(format!("{at}.latency"), time::duration(answer.latency));
            let kind = match answer.kind {
                DecisionKind::Single => "choose one",
                DecisionKind::Multiple => "choose all that apply",
            };
            batch.set(
                format!("{at}.description"),
                format!("{{lang=en-GB}}{} ({kind})", truncate(&answer.prompt, 220)),
            );
        }
    }
}

fn truncate(text: &str, chars: usize) -> String {
    // The description must not start a language tag of its own.
    let text = text.trim_start_matches('{');
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lms::Summary;
    use crate::core::progress::ProfileScore;
    use crate::core::scoring::Points;

    fn summary(complete: bool, passed: Option<bool>) -> Summary {
        Summary {
            complete,
            percent: Some(72),
            passed,
            mastery: 80,
            pass_mark: 70,
            competencies: vec![
                ProfileScore {
                    id: "identify".into(),
                    name: "Identifying stalking".into(),
                    earned: 7,
                    best: 10,
                    percent: Some(70),
                    band: Some("Competent".into()),
                    scenarios: 1,
                },
                ProfileScore {
                    id: "risk".into(),
                    name: "Risk".into(),
                    earned: 0,
                    best: 0,
                    percent: None,
                    band: None,
                    scenarios: 0,
                },
            ],
            finished: 1,
            scenarios: if complete { 1 } else { 3 },
        }
    }

    fn answer() -> Answer {
        Answer {
            scenario_id: "after-the-break-up".into(),
            seed: 36,
            step: 3,
            scene_id: "s".into(),
            prompt: "What do you do?".into(),
            kind: DecisionKind::Multiple,
            chosen: vec!["b-id".into(), "c-id".into()],
            options: vec![
                ("a-id".into(), "A".into()),
                ("b-id".into(), "B".into()),
                ("c-id".into(), "C".into()),
            ],
            points: Points { earned: 2, best: 4 },
            critical: false,
            competencies: vec!["identify".into()],
            at: 1_709_251_199_999,
            latency: 12_340,
        }
    }

    fn value<'a>(batch: &'a [(String, String)], element: &str) -> Option<&'a str> {
        batch
            .iter()
            .find(|(e, _)| e == element)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn scorm12_interactions_use_single_character_responses() {
        let batch = after_step(
            Version::Scorm12,
            Some(&answer()),
            "1;",
            "x",
            &summary(false, None),
        );
        assert!(batch.needs_interaction_count());
        let values = batch.resolved(4);
        let get = |e| value(&values, e);
        assert_eq!(
            get("cmi.interactions.4.id"),
            Some("after-the-break-up_r10_d3")
        );
        assert_eq!(get("cmi.interactions.4.type"), Some("choice"));
        assert_eq!(get("cmi.interactions.4.student_response"), Some("b,c"));
        assert_eq!(get("cmi.interactions.4.result"), Some("neutral"));
        assert_eq!(get("cmi.interactions.4.weighting"), Some("4"));
        assert_eq!(get("cmi.interactions.4.time"), Some("23:59:59"));
        assert_eq!(get("cmi.interactions.4.latency"), Some("0000:00:12.34"));
        assert_eq!(get("cmi.interactions.4.objectives.0.id"), Some("identify"));
        assert_eq!(get("cmi.core.lesson_status"), Some("incomplete"));
        assert_eq!(get("cmi.suspend_data"), Some("1;"));
        assert_eq!(get("cmi.core.lesson_location"), Some("x"));

        // A finished run leaves the location as it was: an empty value is
        // refused by some LMSs (scorm-again's SCORM 2004, error 406).
        let finished = after_step(Version::Scorm2004, None, "1;", "", &summary(false, None));
        assert_eq!(value(&finished.resolved(0), "cmi.location"), None);
        let run = after_run(Version::Scorm2004, "1;", &summary(true, Some(true)));
        assert_eq!(value(&run.values, "cmi.location"), None);
    }

    #[test]
    fn scorm2004_interactions_name_the_options_and_describe_the_decision() {
        let values = after_step(
            Version::Scorm2004,
            Some(&answer()),
            "1;",
            "x",
            &summary(false, None),
        )
        .resolved(0);
        let get = |e| value(&values, e);
        assert_eq!(
            get("cmi.interactions.0.learner_response"),
            Some("b-id[,]c-id")
        );
        assert_eq!(
            get("cmi.interactions.0.timestamp"),
            Some("2024-02-29T23:59:59")
        );
        assert_eq!(get("cmi.interactions.0.latency"), Some("PT12.34S"));
        assert_eq!(
            get("cmi.interactions.0.description"),
            Some("{lang=en-GB}What do you do? (choose all that apply)")
        );
        assert_eq!(get("cmi.completion_status"), Some("incomplete"));
        assert_eq!(get("cmi.progress_measure"), Some("0.3333"));
    }

    #[test]
    fn results_carry_status_score_and_one_objective_per_competency() {
        let values = after_run(Version::Scorm12, "d", &summary(true, Some(false))).values;
        let get = |e| value(&values, e);
        assert_eq!(get("cmi.core.lesson_status"), Some("failed"));
        assert_eq!(get("cmi.core.score.raw"), Some("72"));
        assert_eq!(get("cmi.objectives.0.id"), Some("identify"));
        assert_eq!(get("cmi.objectives.0.status"), Some("passed"));
        assert_eq!(get("cmi.objectives.1.status"), Some("not attempted"));
        assert_eq!(get("cmi.objectives.1.score.raw"), None);

        let values = after_run(Version::Scorm2004, "d", &summary(true, Some(true))).values;
        let get = |e| value(&values, e);
        assert_eq!(get("cmi.completion_status"), Some("completed"));
        assert_eq!(get("cmi.success_status"), Some("passed"));
        assert_eq!(get("cmi.score.scaled"), Some("0.72"));
        assert_eq!(get("cmi.objectives.0.score.scaled"), Some("0.7"));
        assert_eq!(get("cmi.objectives.1.success_status"), Some("unknown"));
        assert_eq!(get("cmi.progress_measure"), Some("1"));
    }

    #[test]
    fn exit_suspends_until_complete_and_mastery_reads_both_scales() {
        let values = on_exit(Version::Scorm12, 3_723_450, &summary(false, None)).values;
        assert_eq!(value(&values, "cmi.core.exit"), Some("suspend"));
        assert_eq!(
            value(&values, "cmi.core.session_time"),
            Some("0001:02:03.45")
        );
        let values = on_exit(Version::Scorm2004, 1000, &summary(true, Some(true))).values;
        assert_eq!(value(&values, "cmi.exit"), Some("normal"));
        assert_eq!(read_mastery(Version::Scorm12, "80"), Some(80));
        assert_eq!(read_mastery(Version::Scorm2004, "0.8"), Some(80));
        assert_eq!(read_mastery(Version::Scorm12, ""), None);
        assert_eq!(read_mastery(Version::Scorm2004, "2"), None);
        assert_eq!(read_mastery(Version::Scorm2004, "0.875"), Some(88));
        assert_eq!(read_mastery(Version::Scorm2004, "0.801"), Some(81));
        assert_eq!(read_mastery(Version::Scorm12, "80.5"), Some(81));
    }
}
