//! The case-blind review: can a decision's best answer be picked from its
//! prompt and options alone, without the case? A decision that can is
//! testing recall of stock answers, not judgement about the case.
//!
//! `export` writes every scored decision of some scenarios as a quiz with
//! the case left out (no scene text, exhibits or title) and the options
//! shuffled and lettered; a reviewer who knows the guidance answers it;
//! `score` marks each answer against the files: a single-choice decision is
//! "answerable case-blind" when the reviewer picked a best-scoring option,
//! a select-all decision when they ticked exactly the options that score.

use crate::core::engine::{Mode, Session};
use crate::core::framework::ForceSettings;
use crate::core::model::{Choice, DecisionKind, Scenario, SceneBody};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

/// A quiz as a reviewer fills it in. `key` names the scenario and the
/// decision's number in it; the seed fixes the lettering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub seed: u64,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub key: String,
    pub kind: DecisionKind,
    pub prompt: String,
    pub options: Vec<String>,
    /// The reviewer's letters: one for a single-choice decision, any number
    /// for select-all. Empty until answered.
    #[serde(default)]
    pub answer: Vec<String>,
}

const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn letter(index: usize) -> String {
    LETTERS
        .chars()
        .nth(index)
        .map_or_else(|| format!("#{}", index + 1), String::from)
}

/// The scored decisions of a scenario, in file order, numbered from 1.
fn scored_decisions(scenario: &Scenario) -> Vec<(usize, &crate::core::model::Decision)> {
    scenario
        .scenes
        .iter()
        .filter_map(|scene| match &scene.body {
            SceneBody::Decision(d) if d.options.iter().any(Choice::is_scored) => Some(d),
            _ => None,
        })
        .enumerate()
        .map(|(i, d)| (i + 1, d))
        .collect()
}

/// The option order shown for one question: shuffled by the quiz seed and
/// the question's key, so the same seed letters the same question the same way.
fn order(seed: u64, key: &str, count: usize) -> Vec<usize> {
    let mixed = crate::core::model::content_hash(key) ^ seed;
    let mut order: Vec<usize> = (0..count).collect();
    order.shuffle(&mut StdRng::seed_from_u64(mixed));
    order
}

pub fn export(scenarios: &[Rc<Scenario>], settings: &ForceSettings, seed: u64) -> Quiz {
    let mut questions = Vec::new();
    for scenario in scenarios {
        let session = Session::new(Rc::clone(scenario), settings, seed, Mode::Training);
        for (number, decision) in scored_decisions(scenario) {
            let key = format!("{}#{number}", scenario.id);
            let options = order(seed, &key, decision.options.len())
                .into_iter()
                .map(|i| session.render(&decision.options[i].text))
                .collect();
            questions.push(Question {
                kind: decision.kind,
                prompt: session.render(&decision.prompt),
                options,
                answer: Vec::new(),
                key,
            });
        }
    }
    // Questions from one scenario are spread out, so that nothing but the
    // prompt and options links them.
    questions.shuffle(&mut StdRng::seed_from_u64(seed));
    Quiz { seed, questions }
}

impl Quiz {
    /// The quiz as a TOML file with instructions for the reviewer.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# Case-blind review. Each question is a decision from a training scenario,\n\
             # with the case left out. For each, write the letter of the option you\n\
             # think is best in `answer` (e.g. answer = [\"C\"]); for a select-all\n\
             # question, every letter you would tick (answer = [\"A\", \"D\"]).\n\
             # Answer from the options alone; do not look at the scenario files.\n\n",
        );
        let _ = writeln!(out, "seed = {}\n", self.seed);
        for q in &self.questions {
            let _ = writeln!(out, "[[question]]");
            let _ = writeln!(out, "key = {}", toml_string(&q.key));
            let kind = match q.kind {
                DecisionKind::Single => "single",
                DecisionKind::Multiple => "multiple",
            };
            let _ = writeln!(out, "kind = \"{kind}\"");
            let _ = writeln!(out, "prompt = {}", toml_string(&q.prompt));
            let _ = writeln!(out, "options = [");
            for (i, text) in q.options.iter().enumerate() {
                let _ = writeln!(out, "  {},", toml_string(&format!("{}. {text}", letter(i))));
            }
            let _ = writeln!(out, "]");
            let answer: Vec<String> = q.answer.iter().map(|a| toml_string(a)).collect();
            let _ = writeln!(out, "answer = [{}]\n", answer.join(", "));
        }
        out
    }
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// How one answered question scored against the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Marked {
    pub key: String,
    pub scenario: String,
    pub kind: DecisionKind,
    /// The reviewer found a best answer without the case.
    pub answerable: bool,
    /// The reviewer picked an option the file marks critical.
    pub critical: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    pub single: usize,
    pub single_answerable: usize,
    pub multiple: usize,
    pub multiple_answerable: usize,
    pub critical_picked: usize,
}

impl Tally {
    pub fn single_percent(&self) -> Option<u32> {
        (self.single > 0).then(|| (self.single_answerable * 100 / self.single) as u32)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scored {
    pub marked: Vec<Marked>,
    pub unanswered: Vec<String>,
    /// Keys the files no longer have (a scenario changed since export).
    pub unknown: Vec<String>,
    pub by_scenario: BTreeMap<String, Tally>,
    pub library: Tally,
}

/// Marks a filled-in quiz against the scenarios it was exported from.
pub fn score(quiz: &Quiz, scenarios: &[Rc<Scenario>]) -> Scored {
    let mut scored = Scored::default();
    for question in &quiz.questions {
        let found = question.key.split_once('#').and_then(|(id, number)| {
            let scenario = scenarios.iter().find(|s| s.id == id)?;
            let number: usize = number.parse().ok()?;
            let (_, decision) = scored_decisions(scenario)
                .into_iter()
                .find(|(n, _)| *n == number)?;
            Some((scenario, decision))
        });
        let Some((scenario, decision)) = found else {
            scored.unknown.push(question.key.clone());
            continue;
        };
        if question.answer.is_empty() {
            scored.unanswered.push(question.key.clone());
            continue;
        }
        let order = order(quiz.seed, &question.key, decision.options.len());
        let picked: Vec<&Choice> = question
            .answer
            .iter()
            .filter_map(|l| LETTERS.find(l.trim()))
            .filter_map(|i| order.get(i))
            .map(|&i| &decision.options[i])
            .collect();
        let total = |o: &Choice| o.points.values().sum::<i32>();
        let answerable = match decision.kind {
            DecisionKind::Single => {
                let best = decision
                    .options
                    .iter()
                    .filter(|o| !o.critical)
                    .map(total)
                    .max();
                matches!(picked.as_slice(), [only] if !only.critical && Some(total(only)) == best)
            }
            DecisionKind::Multiple => {
                let mut good: Vec<&str> = decision
                    .options
                    .iter()
                    .filter(|o| total(o) > 0 && !o.critical)
                    .map(|o| o.id.as_str())
                    .collect();
                let mut ticked: Vec<&str> = picked.iter().map(|o| o.id.as_str()).collect();
                good.sort_unstable();
                ticked.sort_unstable();
                good == ticked
            }
        };
        let marked = Marked {
            key: question.key.clone(),
            scenario: scenario.id.clone(),
            kind: decision.kind,
            answerable,
            critical: picked.iter().any(|o| o.critical),
        };
        for tally in [
            scored.by_scenario.entry(scenario.id.clone()).or_default(),
            &mut scored.library,
        ] {
            match marked.kind {
                DecisionKind::Single => {
                    tally.single += 1;
                    tally.single_answerable += usize::from(marked.answerable);
                }
                DecisionKind::Multiple => {
                    tally.multiple += 1;
                    tally.multiple_answerable += usize::from(marked.answerable);
                }
            }
            tally.critical_picked += usize::from(marked.critical);
        }
        scored.marked.push(marked);
    }
    scored
}

impl Scored {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let line = |out: &mut String, name: &str, t: &Tally| {
            let _ = writeln!(
                out,
                "{name:<28} single {:>3}/{:<3} answerable case-blind ({:>3}%)   select-all {:>2}/{:<2} exact   critical picked {}",
                t.single_answerable,
                t.single,
                t.single_percent().map_or("-".to_string(), |p| p.to_string()),
                t.multiple_answerable,
                t.multiple,
                t.critical_picked
            );
        };
        for (id, tally) in &self.by_scenario {
            line(&mut out, id, tally);
        }
        line(&mut out, "LIBRARY", &self.library);
        let answerable: Vec<&str> = self
            .marked
            .iter()
            .filter(|m| m.answerable)
            .map(|m| m.key.as_str())
            .collect();
        let _ = writeln!(
            out,
            "\nanswerable without the case: {}",
            answerable.join(", ")
        );
        if !self.unanswered.is_empty() {
            let _ = writeln!(out, "unanswered: {}", self.unanswered.join(", "));
        }
        if !self.unknown.is_empty() {
            let _ = writeln!(
                out,
                "not in these files (changed since export?): {}",
                self.unknown.join(", ")
            );
        }
        out
    }
}
