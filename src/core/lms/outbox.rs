//! The outbox: statements and SCORM batches waiting to reach the force's
//! records, kept in the browser so that nothing is lost when the network,
//! the LRS or the LMS says no, or the tab closes. Items go in order: the
//! first is sent, and only once it is delivered does the next go. Each
//! statement has the app's own UUID, so sending it again cannot make a
//! duplicate: an LRS that answers 409 ("already have a statement with that
//! id") has it, so the item counts as delivered.

use crate::core::lms::scorm::Batch;
use crate::core::lms::xapi::Journal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Payload {
    /// A statement for `{endpoint}statements`.
    Statement { endpoint: String, json: String },
    /// Values for a SCORM LMS, then a commit.
    Scorm(Batch),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    /// The run it belongs to (`run_key`), for the report's "reached your records".
    pub run: String,
    pub payload: Payload,
}

/// A run's key in the outbox: its scenario and seed.
pub fn run_key(scenario_id: &str, seed: u64) -> String {
    format!("{scenario_id}/{seed}")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub items: Vec<Item>,
    /// Runs whose result was queued for the force's records.
    pub recorded: Vec<String>,
    /// What each registration (cmi5) or run (an LRS) has sent so far.
    pub journals: BTreeMap<String, Journal>,
    /// Why the first item last failed, in words.
    pub last_failure: Option<String>,
}

/// What happened to an item sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Delivered,
    Failed(String),
}

/// Whether a run's result has reached the force's records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reached {
    /// No LMS or LRS was connected when it ended.
    NotSent,
    /// Items still waiting, and why the last attempt failed.
    Waiting {
        items: usize,
        failure: Option<String>,
    },
    Yes,
}

impl Reached {
    /// As the LMS module answers it (`yes`, `not-sent`, or `waiting`, the
    /// items and the last failure), which crosses to the pages module too.
    pub fn words(&self) -> Vec<String> {
        match self {
            Reached::Yes => vec!["yes".into()],
            Reached::NotSent => vec!["not-sent".into()],
            Reached::Waiting { items, failure } => {
                let mut words = vec!["waiting".into(), items.to_string()];
                words.extend(failure.clone());
                words
            }
        }
    }

    pub fn from_words(words: &[String]) -> Option<Reached> {
        match words.first()?.as_str() {
            "yes" => Some(Reached::Yes),
            "not-sent" => Some(Reached::NotSent),
            "waiting" => Some(Reached::Waiting {
                items: words.get(1).and_then(|n| n.parse().ok()).unwrap_or(0),
                failure: words.get(2).filter(|f| !f.is_empty()).cloned(),
            }),
            _ => None,
        }
    }
}

impl Outbox {
    /// What a registration or run has sent so far (nothing, if it is new).
    pub fn journal(&self, key: &str) -> Journal {
        self.journals.get(key).cloned().unwrap_or_default()
    }

    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// Notes that a finished run's result has been queued.
    pub fn record(&mut self, run: &str) {
        if !self.recorded.iter().any(|r| r == run) {
            self.recorded.push(run.to_string());
        }
    }

    /// The item to send now.
    pub fn next(&self) -> Option<&Item> {
        self.items.first()
    }

    /// Settles the first item after sending it. True when delivered, so the
    /// next may go; a failure keeps it first, to be sent again later.
    pub fn settle(&mut self, id: &str, delivery: Delivery) -> bool {
        if self.items.first().is_none_or(|item| item.id != id) {
            return false;
        }
        match delivery {
            Delivery::Delivered => {
                self.items.remove(0);
                self.last_failure = None;
                true
            }
            Delivery::Failed(why) => {
                self.last_failure = Some(why);
                false
            }
        }
    }

    pub fn reached(&self, run: &str) -> Reached {
        let items = self.items.iter().filter(|i| i.run == run).count();
        if items > 0 {
            Reached::Waiting {
                items,
                failure: self.last_failure.clone(),
            }
        } else if self.recorded.iter().any(|r| r == run) {
            Reached::Yes
        } else {
            Reached::NotSent
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("the outbox is plain data")
    }

    /// Reads the stored outbox; `None` when it cannot be read (the app then
    /// keeps the text aside rather than dropping what was waiting).
    pub fn decode(text: &str) -> Option<Outbox> {
        serde_json::from_str(text).ok()
    }
}

/// What an LRS's answer to a statement means.
pub fn statement_delivery(status: u16) -> Delivery {
    match status {
        200..=299 => Delivery::Delivered,
        // "Differing statements already exist with the same ID": the LRS
        // has this id, and only this app makes it, so it has this statement.
        409 => Delivery::Delivered,
        0 => Delivery::Failed("the records service could not be reached".into()),
        401 | 403 => Delivery::Failed(format!(
            "the records service did not accept the app's credentials (HTTP {status})"
        )),
        400 => Delivery::Failed(
            "the records service refused the result as not valid (HTTP 400)".into(),
        ),
        _ => Delivery::Failed(format!("the records service answered HTTP {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, run: &str) -> Item {
        Item {
            id: id.into(),
            run: run.into(),
            payload: Payload::Statement {
                endpoint: "http://127.0.0.1:1/xapi/".into(),
                json: format!("{{\"id\":\"{id}\"}}"),
            },
        }
    }

    #[test]
    fn reached_crosses_as_words_and_back() {
        for reached in [
            Reached::Yes,
            Reached::NotSent,
            Reached::Waiting {
                items: 3,
                failure: Some("the LRS said 503".into()),
            },
            Reached::Waiting {
                items: 1,
                failure: None,
            },
        ] {
            assert_eq!(Reached::from_words(&reached.words()), Some(reached));
        }
        assert_eq!(Reached::from_words(&[]), None);
    }

    #[test]
    fn items_go_in_order_and_a_failure_holds_the_queue() {
        let mut outbox = Outbox::default();
        outbox.push(item("a", "r/1"));
        outbox.push(item("b", "r/1"));
        outbox.record("r/1");
        assert_eq!(outbox.next().unwrap().id, "a");
        // Only the first item can be settled.
        assert!(!outbox.settle("b", Delivery::Delivered));
        assert!(!outbox.settle("a", statement_delivery(0)));
        assert_eq!(
            outbox.reached("r/1"),
            Reached::Waiting {
                items: 2,
                failure: Some("the records service could not be reached".into())
            }
        );
        assert!(outbox.settle("a", statement_delivery(204)));
        // A retry of a statement the LRS already holds is delivered.
        assert!(outbox.settle("b", statement_delivery(409)));
        assert_eq!(outbox.reached("r/1"), Reached::Yes);
        assert_eq!(outbox.reached("r/2"), Reached::NotSent);
    }

    #[test]
    fn the_outbox_survives_storage_and_damage_is_noticed() {
        let mut outbox = Outbox::default();
        outbox.push(item("a", "r/1"));
        outbox.push(Item {
            id: "s".into(),
            run: "r/1".into(),
            payload: Payload::Scorm(Batch {
                values: vec![("cmi.core.lesson_status".into(), "incomplete".into())],
            }),
        });
        assert_eq!(Outbox::decode(&outbox.encode()), Some(outbox));
        assert_eq!(Outbox::decode("{\"items\":"), None);
    }

    #[test]
    fn refusals_are_said_in_plain_words() {
        for (status, words) in [(401, "credentials"), (400, "not valid"), (503, "HTTP 503")] {
            match statement_delivery(status) {
                Delivery::Failed(why) => assert!(why.contains(words), "{why}"),
                Delivery::Delivered => panic!("{status} is not a delivery"),
            }
        }
    }
}
