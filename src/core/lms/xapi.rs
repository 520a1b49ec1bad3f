//! xAPI statements, for a cmi5 launch and for a force's own LRS.
//!
//! cmi5 (the AICC's cmi5 specification, sections 7, 9 and 10): every
//! statement carries the LMS's context template (its session id and
//! publisher grouping); the cmi5-defined ones (`initialized`, `completed`,
//! `passed`/`failed`, `terminated`) add the cmi5 category, and those with a
//! success or completion result the moveOn category too. `initialized` is
//! the first statement of a session and `terminated` the last; `completed`
//! and one of `passed`/`failed` are sent at most once per registration, and
//! never in Browse or Review mode. Each decision is an `answered` statement,
//! a "cmi5 allowed" one (the template, no cmi5 category).
//!
//! Standalone, the same statements go to the force's LRS, one registration
//! per run, without the cmi5 categories.

use crate::core::lms::{decimal, parse_decimal, time, Answer, Outcome, Summary};
use crate::core::model::DecisionKind;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
/// This app's result extension: each assessed competency's score (0-100).
pub const COMPETENCY_SCORES: &str = "urn:course-of-conduct:xapi:competency-scores";
pub const INTERACTION_TYPE: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
pub const XAPI_VERSION: &str = "1.0.3";
/// The State API document the LMS writes before a cmi5 launch.
pub const LAUNCH_DATA: &str = "LMS.LaunchData";

pub type Raw = Box<RawValue>;

fn raw(json: String) -> Raw {
    RawValue::from_string(json).expect("the app writes valid JSON")
}

fn text(value: &str) -> Raw {
    raw(serde_json::to_string(value).expect("a string is valid JSON"))
}

/// xAPI lets a context activity list be one object or an array.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Raw>, D::Error> {
    let value = Raw::deserialize(deserializer)?;
    if value.get().trim_start().starts_with('[') {
        serde_json::from_str(value.get()).map_err(serde::de::Error::custom)
    } else {
        Ok(vec![value])
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ContextActivities {
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub parent: Vec<Raw>,
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub grouping: Vec<Raw>,
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub category: Vec<Raw>,
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub other: Vec<Raw>,
}

impl ContextActivities {
    fn is_empty(&self) -> bool {
        self.parent.is_empty()
            && self.grouping.is_empty()
            && self.category.is_empty()
            && self.other.is_empty()
    }
}

/// A statement's context; for cmi5, the LMS's `contextTemplate` as given,
/// which the app adds to and never overwrites.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(
        rename = "contextActivities",
        default,
        skip_serializing_if = "ContextActivities::is_empty"
    )]
    pub context_activities: ContextActivities,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructor: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<Raw>,
}

/// What the LMS wrote in `LMS.LaunchData` (cmi5 section 10).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchData {
    pub context_template: Context,
    pub launch_mode: LaunchMode,
    /// As the LMS wrote it (a JSON number from 0 to 1), so the statements
    /// repeat it exactly.
    #[serde(default)]
    pub mastery_score: Option<Raw>,
    #[serde(default)]
    pub move_on: Option<String>,
    #[serde(default, rename = "returnURL")]
    pub return_url: Option<String>,
}

impl LaunchData {
    pub fn parse(json: &str) -> Result<LaunchData, String> {
        let data: LaunchData = serde_json::from_str(json)
            .map_err(|e| format!("the LMS's launch data could not be read ({e})"))?;
        if data.mastery_score.is_some() && data.mastery().is_none() {
            return Err("the LMS's mastery score is not a number between 0 and 1".into());
        }
        Ok(data)
    }

    /// The mastery score in ten-thousandths (0.8 → 8000).
    pub fn mastery(&self) -> Option<u64> {
        self.mastery_score.as_ref().and_then(mastery_of)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaunchMode {
    Normal,
    Browse,
    Review,
}

/// Who the statements are about, and about what.
#[derive(Clone, Debug)]
pub struct Launch {
    /// The agent, as JSON: the LMS's `actor`, or the force's account form.
    pub actor: Raw,
    pub activity_id: String,
    pub registration: String,
    pub context: Context,
    /// cmi5: the categories and the session id apply.
    pub cmi5: bool,
    pub mode: LaunchMode,
    /// The LMS's mastery score as it wrote it, when it gave one.
    pub mastery: Option<Raw>,
}

/// The officer as an xAPI agent on the force's LRS: an account on the
/// force's home page, or (only when the force chooses it) an email address.
pub fn agent(identifier: &Identifier, name: &str) -> Raw {
    #[derive(Serialize)]
    struct Account<'a> {
        #[serde(rename = "homePage")]
        home_page: &'a str,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct Agent<'a> {
        #[serde(rename = "objectType")]
        object_type: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        account: Option<Account<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        mbox: Option<String>,
    }
    let agent = match identifier {
        Identifier::Account { home_page } => Agent {
            object_type: "Agent",
            account: Some(Account { home_page, name }),
            mbox: None,
        },
        Identifier::Email { domain } => Agent {
            object_type: "Agent",
            account: None,
            mbox: Some(format!("mailto:{name}@{domain}")),
        },
    };
    raw(serde_json::to_string(&agent).expect("an agent is plain data"))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Account { home_page: String },
    Email { domain: String },
}

/// What has been sent in this session and registration, so the ordering
/// rules hold across reloads. The edge stores it with the outbox.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub registration: String,
    /// The cmi5 session the flags below belong to.
    #[serde(default)]
    pub session: String,
    /// When `initialized` was made (ms since 1970), once it has been.
    pub initialized_at: Option<u64>,
    pub terminated: bool,
    pub completed: bool,
    /// `Some(true)` once passed, `Some(false)` once failed.
    pub judged: Option<bool>,
    /// The last timestamp given (ms): statements are ordered by timestamp,
    /// so each is later than the one before, even within a millisecond.
    #[serde(default)]
    pub last_at: u64,
}

impl Journal {
    fn stamp(&mut self, at: u64) -> u64 {
        let at = at.max(self.last_at + 1);
        self.last_at = at;
        at
    }
}

#[derive(Serialize)]
struct Verb {
    id: String,
    display: BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
struct Statement<'a> {
    id: &'a str,
    actor: &'a RawValue,
    verb: Verb,
    object: Object,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<StatementResult>,
    context: Context,
    timestamp: String,
}

#[derive(Serialize)]
struct Object {
    #[serde(rename = "objectType")]
    object_type: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<Definition>,
}

#[derive(Serialize)]
struct Definition {
    #[serde(rename = "type")]
    kind: &'static str,
    name: BTreeMap<&'static str, String>,
    description: BTreeMap<&'static str, String>,
    #[serde(rename = "interactionType")]
    interaction_type: &'static str,
    choices: Vec<Component>,
}

#[derive(Serialize)]
struct Component {
    id: String,
    description: BTreeMap<&'static str, String>,
}

#[derive(Serialize, Default)]
struct StatementResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<Score>,
    #[serde(skip_serializing_if = "Option::is_none")]
    success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    completion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: BTreeMap<&'static str, BTreeMap<String, u32>>,
}

#[derive(Serialize)]
struct Score {
    scaled: Raw,
    raw: u32,
    min: u32,
    max: u32,
}

/// One statement ready to send: its id and JSON text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    pub id: String,
    pub verb: String,
    pub json: String,
}

enum Kind {
    Defined { moveon: bool },
    Allowed,
}

fn verb(name: &'static str) -> Verb {
    Verb {
        id: format!("http://adlnet.gov/expapi/verbs/{name}"),
        display: BTreeMap::from([("en-US", name)]),
    }
}

impl Launch {
    fn context(&self, kind: Kind) -> Context {
        let mut context = self.context.clone();
        context.registration = Some(self.registration.clone());
        if self.cmi5 {
            if let Kind::Defined { moveon } = kind {
                let activity = |id: &str| raw(format!("{{\"id\":{}}}", text(id).get()));
                context
                    .context_activities
                    .category
                    .push(activity(CMI5_CATEGORY));
                if moveon {
                    context
                        .context_activities
                        .category
                        .push(activity(MOVEON_CATEGORY));
                }
            }
        }
        context
    }

    fn statement(
        &self,
        id: &str,
        name: &'static str,
        object: Object,
        result: Option<StatementResult>,
        context: Context,
        at: u64,
    ) -> Ready {
        let statement = Statement {
            id,
            actor: &self.actor,
            verb: verb(name),
            object,
            result,
            context,
            timestamp: time::timestamp(at),
        };
        Ready {
            id: id.to_string(),
            verb: name.to_string(),
            json: serde_json::to_string(&statement).expect("a statement is plain data"),
        }
    }

    fn activity(&self) -> Object {
        Object {
            object_type: "Activity",
            id: self.activity_id.clone(),
            definition: None,
        }
    }

    /// `initialized`: the first statement of a session, once.
    pub fn initialized(&self, journal: &mut Journal, id: &str, at: u64) -> Option<Ready> {
        if journal.initialized_at.is_some() || journal.terminated {
            return None;
        }
        let at = journal.stamp(at);
        journal.initialized_at = Some(at);
        let context = self.context(Kind::Defined { moveon: false });
        Some(self.statement(id, "initialized", self.activity(), None, context, at))
    }

    /// `answered`, for one decision: only between `initialized` and
    /// `terminated`, and only in Normal mode (Browse and Review record nothing
    /// about how the officer did).
    pub fn answered(&self, journal: &mut Journal, answer: &Answer, id: &str) -> Option<Ready> {
        if journal.initialized_at.is_none() || journal.terminated || self.mode != LaunchMode::Normal
        {
            return None;
        }
        let lang = |text: &str| BTreeMap::from([("en-GB", text.to_string())]);
        let object = Object {
            object_type: "Activity",
            id: format!(
                "{}/decisions/{}/{}",
                self.activity_id.trim_end_matches('/'),
                answer.scenario_id,
                answer.scene_id
            ),
            definition: Some(Definition {
                kind: INTERACTION_TYPE,
                name: lang(&answer.prompt),
                description: lang(match answer.kind {
                    DecisionKind::Single => "Choose one.",
                    DecisionKind::Multiple => "Choose all that apply.",
                }),
                interaction_type: "choice",
                choices: answer
                    .options
                    .iter()
                    .map(|(id, text)| Component {
                        id: id.clone(),
                        description: lang(text),
                    })
                    .collect(),
            }),
        };
        let mut context = self.context(Kind::Allowed);
        let parent = raw(format!("{{\"id\":{}}}", text(&self.activity_id).get()));
        context.context_activities.parent.push(parent);
        let result = StatementResult {
            success: match answer.outcome() {
                Outcome::Correct => Some(true),
                Outcome::Wrong => Some(false),
                Outcome::Neutral => None,
            },
            response: Some(answer.chosen.join("[,]")),
            duration: Some(time::duration(answer.latency)),
            ..StatementResult::default()
        };
        let at = journal.stamp(answer.at);
        Some(self.statement(id, "answered", object, Some(result), context, at))
    }

    /// The package's result once complete: `completed`, then `passed` or
    /// `failed`, each at most once per registration, none outside Normal mode.
    pub fn result(
        &self,
        journal: &mut Journal,
        summary: &Summary,
        next_id: &mut dyn FnMut() -> String,
        at: u64,
    ) -> Vec<Ready> {
        let mut out = Vec::new();
        let Some(started) = journal.initialized_at else {
            return out;
        };
        if self.mode != LaunchMode::Normal || journal.terminated || !summary.complete {
            return out;
        }
        let duration = Some(time::duration(at.saturating_sub(started)));
        if !journal.completed {
            let at = journal.stamp(at);
            journal.completed = true;
            let result = StatementResult {
                completion: Some(true),
                duration: duration.clone(),
                ..StatementResult::default()
            };
            let context = self.context(Kind::Defined { moveon: true });
            out.push(self.statement(
                &next_id(),
                "completed",
                self.activity(),
                Some(result),
                context,
                at,
            ));
        }
        if let (None, Some(passed)) = (journal.judged, summary.passed) {
            let at = journal.stamp(at);
            journal.judged = Some(passed);
            let extensions = summary
                .competencies
                .iter()
                .filter_map(|c| c.percent.map(|p| (c.id.clone(), p)))
                .collect();
            // cmi5 9.3.5: a failed statement's score must be below the
            // mastery score; a run failed for another reason (a critical
            // error, a competency below the pass mark) says so without it.
            let below_mastery = |p: u32| passed || p < summary.mastery;
            let result = StatementResult {
                score: summary
                    .percent
                    .filter(|&p| below_mastery(p))
                    .map(|p| Score {
                        scaled: raw(decimal(u64::from(p), 100)),
                        raw: p,
                        min: 0,
                        max: 100,
                    }),
                success: Some(passed),
                duration,
                extensions: BTreeMap::from([(COMPETENCY_SCORES, extensions)]),
                ..StatementResult::default()
            };
            let mut context = self.context(Kind::Defined { moveon: true });
            if let (true, Some(mastery)) = (self.cmi5, &self.mastery) {
                context
                    .extensions
                    .insert(MASTERY_SCORE.into(), mastery.clone());
            }
            let name = if passed { "passed" } else { "failed" };
            out.push(self.statement(&next_id(), name, self.activity(), Some(result), context, at));
        }
        out
    }

    /// `terminated`: the last statement of the session, with its duration.
    pub fn terminated(&self, journal: &mut Journal, id: &str, at: u64) -> Option<Ready> {
        let started = journal.initialized_at?;
        if journal.terminated {
            return None;
        }
        journal.terminated = true;
        let at = journal.stamp(at);
        let result = StatementResult {
            duration: Some(time::duration(at.saturating_sub(started))),
            ..StatementResult::default()
        };
        let context = self.context(Kind::Defined { moveon: false });
        Some(self.statement(id, "terminated", self.activity(), Some(result), context, at))
    }
}

/// The LMS's mastery score as written (0 to 1) in ten-thousandths.
fn mastery_of(raw: &Raw) -> Option<u64> {
    parse_decimal(raw.get()).filter(|&m| m <= 10_000)
}

/// The LMS's mastery score (ten-thousandths) as a pass mark (0-100),
/// rounded up so that a pass is never below it (cmi5 9.3.4) and a fail
/// never at or above it.
fn mastery_percent(mastery: u64) -> u32 {
    mastery.div_ceil(100).min(100) as u32
}

impl Launch {
    /// The pass mark (0-100) the LMS set, when it set one.
    pub fn pass_mark(&self) -> Option<u32> {
        self.mastery
            .as_ref()
            .and_then(mastery_of)
            .map(mastery_percent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::progress::ProfileScore;
    use crate::core::scoring::Points;
    use serde_json::Value;

    const TEMPLATE: &str = r#"{
        "contextTemplate": {
            "contextActivities": {"grouping": {"id": "https://example.org/au/1"}},
            "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"}
        },
        "launchMode": "Normal", "masteryScore": 0.8, "moveOn": "CompletedAndPassed",
        "returnURL": "https://lms.example/return"
    }"#;

    fn launch(mode: LaunchMode) -> Launch {
        let data = LaunchData::parse(TEMPLATE).unwrap();
        Launch {
            actor: raw(r#"{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"4127"}}"#.into()),
            activity_id: "https://example.org/au/1".into(),
            registration: "0f0e0d0c-0b0a-4908-8706-050403020100".into(),
            context: data.context_template,
            cmi5: true,
            mode,
            mastery: data.mastery_score.clone(),
        }
    }

    fn summary(passed: bool) -> Summary {
        Summary {
            complete: true,
            percent: Some(if passed { 85 } else { 60 }),
            passed: Some(passed),
            mastery: 80,
            pass_mark: 70,
            competencies: vec![ProfileScore {
                id: "risk".into(),
                name: "Risk".into(),
                earned: 6,
                best: 10,
                percent: Some(60),
                band: None,
                scenarios: 1,
            }],
            finished: 1,
            scenarios: 1,
        }
    }

    fn json(ready: &Ready) -> Value {
        serde_json::from_str(&ready.json).unwrap()
    }

    fn categories(statement: &Value) -> Vec<String> {
        statement["context"]["contextActivities"]["category"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|c| c["id"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_session_sends_initialized_first_and_terminated_last_once_each() {
        let launch = launch(LaunchMode::Normal);
        let mut journal = Journal::default();
        let first = launch.initialized(&mut journal, "i-1", 1_000).unwrap();
        assert!(launch.initialized(&mut journal, "i-2", 2_000).is_none());
        let mut ids = (0..).map(|n| format!("id-{n}"));
        let results = launch.result(
            &mut journal,
            &summary(true),
            &mut || ids.next().unwrap(),
            61_000,
        );
        assert_eq!(
            results.iter().map(|r| r.verb.as_str()).collect::<Vec<_>>(),
            ["completed", "passed"]
        );
        // At most one completed and one passed or failed per registration.
        assert!(launch
            .result(&mut journal, &summary(false), &mut || "x".into(), 62_000)
            .is_empty());
        let last = launch.terminated(&mut journal, "t-1", 121_000).unwrap();
        assert!(launch.terminated(&mut journal, "t-2", 122_000).is_none());

        let first = json(&first);
        assert_eq!(
            first["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/initialized"
        );
        assert_eq!(
            first["context"]["registration"],
            "0f0e0d0c-0b0a-4908-8706-050403020100"
        );
        assert_eq!(first["context"]["extensions"][SESSION_ID], "s-1");
        assert_eq!(
            first["context"]["contextActivities"]["grouping"][0]["id"],
            "https://example.org/au/1"
        );
        assert_eq!(categories(&first), [CMI5_CATEGORY]);
        assert!(first.get("result").is_none());
        assert_eq!(first["timestamp"], "1970-01-01T00:00:01.000Z");

        let passed = json(&results[1]);
        assert_eq!(categories(&passed), [CMI5_CATEGORY, MOVEON_CATEGORY]);
        assert_eq!(passed["result"]["success"], true);
        assert_eq!(passed["result"]["score"]["scaled"], 0.85);
        assert_eq!(passed["result"]["duration"], "PT1M0.00S");
        assert_eq!(
            passed["result"]["extensions"][COMPETENCY_SCORES]["risk"],
            60
        );
        assert_eq!(passed["context"]["extensions"][MASTERY_SCORE], 0.8);
        let completed = json(&results[0]);
        assert_eq!(completed["result"]["completion"], true);
        assert!(completed["result"].get("score").is_none());
        let last = json(&last);
        assert_eq!(last["result"]["duration"], "PT2M0.00S");
        assert_eq!(categories(&last), [CMI5_CATEGORY]);
    }

    #[test]
    fn answered_statements_are_cmi5_allowed_and_only_inside_the_session() {
        let launch = launch(LaunchMode::Normal);
        let mut journal = Journal::default();
        let answer = sample_answer();
        assert!(launch.answered(&mut journal, &answer, "a-0").is_none());
        launch.initialized(&mut journal, "i", 1_000);
        let answered = json(&launch.answered(&mut journal, &answer, "a-1").unwrap());
        assert!(categories(&answered).is_empty());
        assert_eq!(answered["context"]["extensions"][SESSION_ID], "s-1");
        assert_eq!(
            answered["context"]["contextActivities"]["parent"][0]["id"],
            "https://example.org/au/1"
        );
        assert_eq!(
            answered["object"]["id"],
            "https://example.org/au/1/decisions/the-tracker/the-call"
        );
        assert_eq!(
            answered["object"]["definition"]["interactionType"],
            "choice"
        );
        assert_eq!(answered["result"]["response"], "b");
        assert_eq!(answered["result"]["success"], true);
        launch.terminated(&mut journal, "t", 9_000);
        assert!(launch.answered(&mut journal, &answer, "a-2").is_none());
    }

    fn sample_answer() -> Answer {
        Answer {
            scenario_id: "the-tracker".into(),
            seed: 1,
            step: 2,
            scene_id: "the-call".into(),
            prompt: "What now?".into(),
            kind: DecisionKind::Single,
            chosen: vec!["b".into()],
            options: vec![("a".into(), "A".into()), ("b".into(), "B".into())],
            points: Points { earned: 3, best: 3 },
            critical: false,
            competencies: vec!["risk".into()],
            at: 5_000,
            latency: 2_500,
        }
    }

    #[test]
    fn browse_and_review_send_no_result() {
        for mode in [LaunchMode::Browse, LaunchMode::Review] {
            let launch = launch(mode);
            let mut journal = Journal::default();
            launch.initialized(&mut journal, "i", 0);
            assert!(launch
                .answered(&mut journal, &sample_answer(), "a")
                .is_none());
            assert!(launch
                .result(&mut journal, &summary(true), &mut || "x".into(), 1)
                .is_empty());
            assert!(launch.terminated(&mut journal, "t", 2).is_some());
        }
    }

    #[test]
    fn standalone_statements_name_an_account_and_carry_no_cmi5_category() {
        let mut launch = launch(LaunchMode::Normal);
        launch.cmi5 = false;
        launch.context = Context::default();
        launch.actor = agent(
            &Identifier::Account {
                home_page: "https://intranet.force.example".into(),
            },
            "PC 4127",
        );
        let mut journal = Journal::default();
        let first = json(&launch.initialized(&mut journal, "i", 0).unwrap());
        assert!(categories(&first).is_empty());
        assert_eq!(first["actor"]["account"]["name"], "PC 4127");
        assert!(first["actor"].get("mbox").is_none());
        let failed = launch.result(&mut journal, &summary(false), &mut || "f".into(), 5);
        let failed = json(&failed[1]);
        assert_eq!(
            failed["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/failed"
        );
        assert!(failed["context"]["extensions"].get(MASTERY_SCORE).is_none());
    }

    #[test]
    fn launch_data_is_read_or_refused_in_plain_words() {
        assert!(LaunchData::parse("{}")
            .unwrap_err()
            .contains("launch data could not be read"));
        let data = LaunchData::parse(TEMPLATE).unwrap();
        assert_eq!(data.launch_mode, LaunchMode::Normal);
        assert_eq!(
            data.return_url.as_deref(),
            Some("https://lms.example/return")
        );
        assert_eq!(data.mastery(), Some(8000));
        assert_eq!(mastery_percent(8000), 80);
        assert_eq!(mastery_percent(8001), 81);
        let wrong = TEMPLATE.replace("0.8", "1.5");
        assert!(LaunchData::parse(&wrong)
            .unwrap_err()
            .contains("mastery score"));
    }
}
