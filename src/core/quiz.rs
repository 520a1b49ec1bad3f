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

/// A quiz as a reviewer fills it in. Each question's `key` is an opaque code
/// for the scenario and decision (a scenario's id could hint at the case);
/// the seed fixes the codes and the lettering.
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
    /// A hash of the decision as exported (prompt, options and their points),
    /// so answers to a decision that has changed since are not marked
    /// against the new one.
    pub fingerprint: String,
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

fn fingerprint(decision: &crate::core::model::Decision) -> String {
    let mut text = decision.prompt.clone();
    for option in &decision.options {
        text.push('\n');
        text.push_str(&option.id);
        text.push_str(&option.text);
        text.push_str(&format!("{:?}{}", option.points, option.critical));
    }
    format!("{:016x}", crate::core::model::content_hash(&text))
}

/// The opaque code a quiz with this seed gives a scenario's decision.
fn code(seed: u64, scenario: &str, number: usize) -> String {
    let hash = crate::core::model::content_hash(&format!("{seed}:{scenario}#{number}"));
    format!("Q-{:06x}", hash & 0xff_ffff)
}

/// The option order shown for one question: shuffled by the quiz seed and
/// the question's code, so the same seed letters the same question the same way.
fn order(seed: u64, key: &str, count: usize) -> Vec<usize> {
    let mixed = crate::core::model::content_hash(key) ^ seed;
    let mut order: Vec<usize> = (0..count).collect();
    order.shuffle(&mut StdRng::seed_from_u64(mixed));
    order
}

/// Which part of a split review a quiz is: part `part` of `parts`. Each
/// scenario's decisions are dealt round the parts in turn, so a reviewer
/// sees only a few from any one scenario, and the options of one cannot
/// give away the facts another depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub part: usize,
    pub parts: usize,
}

impl Part {
    pub const WHOLE: Part = Part { part: 1, parts: 1 };

    /// Reads `K/N`, with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Option<Part> {
        let (part, parts) = text.split_once('/')?;
        let (part, parts) = (part.trim().parse().ok()?, parts.trim().parse().ok()?);
        (1..=parts).contains(&part).then_some(Part { part, parts })
    }

    fn holds(self, number: usize) -> bool {
        (number - 1) % self.parts == self.part - 1
    }
}

pub fn export(scenarios: &[Rc<Scenario>], settings: &ForceSettings, seed: u64, part: Part) -> Quiz {
    let mut questions = Vec::new();
    for scenario in scenarios {
        let session = Session::new(Rc::clone(scenario), settings, seed, Mode::Training);
        for (number, decision) in scored_decisions(scenario)
            .into_iter()
            .filter(|(n, _)| part.holds(*n))
        {
            let key = code(seed, &scenario.id, number);
            let options = order(seed, &key, decision.options.len())
                .into_iter()
                .map(|i| session.render(&decision.options[i].text))
                .collect();
            questions.push(Question {
                fingerprint: fingerprint(decision),
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
            let _ = writeln!(out, "fingerprint = {}", toml_string(&q.fingerprint));
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
    /// Questions whose decision the files no longer have, or have changed
    /// since the quiz was exported: not marked.
    pub unknown: Vec<String>,
    pub by_scenario: BTreeMap<String, Tally>,
    pub library: Tally,
}

/// Marks a filled-in quiz against the scenarios it was exported from.
pub fn score(quiz: &Quiz, scenarios: &[Rc<Scenario>]) -> Scored {
    let mut scored = Scored::default();
    let decisions: Vec<(String, &Rc<Scenario>, &crate::core::model::Decision)> = scenarios
        .iter()
        .flat_map(|scenario| {
            scored_decisions(scenario)
                .into_iter()
                .map(move |(n, d)| (code(quiz.seed, &scenario.id, n), scenario, d))
        })
        .collect();
    for question in &quiz.questions {
        let found = decisions
            .iter()
            .find(|(code, _, decision)| {
                *code == question.key && fingerprint(decision) == question.fingerprint
            })
            .map(|(_, scenario, decision)| (*scenario, *decision));
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
        let number = scored_decisions(scenario)
            .iter()
            .position(|(_, d)| std::ptr::eq(*d, decision))
            .map_or(0, |i| i + 1);
        let marked = Marked {
            key: format!("{}#{number}", scenario.id),
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
                "changed since the quiz was exported, or not in these files (not marked): {}",
                self.unknown.join(", ")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::framework::Framework;
    use crate::core::validate::load;

    fn mini(text: &str) -> Rc<Scenario> {
        let loaded = load(&SourceFile::new("mini.toml", text), &Framework::bundled());
        Rc::new(loaded.scenario.expect("the fixture loads"))
    }

    use crate::core::fixtures::MINI;

    /// Answers every question with the letter of the given option id.
    fn answer(quiz: &mut Quiz, pick: &[&str]) {
        for question in &mut quiz.questions {
            question.answer = question
                .options
                .iter()
                .enumerate()
                .filter(|(_, text)| pick.iter().any(|p| text.ends_with(p)))
                .map(|(i, _)| letter(i))
                .collect();
        }
    }

    #[test]
    fn the_quiz_hides_the_case_and_marks_best_answers() {
        let scenarios = [mini(MINI)];
        let mut quiz = export(&scenarios, &Framework::bundled().settings, 5, Part::WHOLE);
        let text = quiz.to_toml();
        assert!(
            !text.contains("mini") && !text.contains("Messages"),
            "{text}"
        );
        assert_eq!(quiz.questions.len(), 3);
        answer(
            &mut quiz,
            &[
                "Record stalking.",
                "Apply for an interim SPO now.",
                "Keep a diary of each incident and how it affected you.",
                "I will refer you to the Northvale Stalking Advocacy Service.",
            ],
        );
        let scored = score(&quiz, &scenarios);
        assert_eq!(scored.library.single_answerable, 2);
        assert_eq!(scored.library.multiple_answerable, 1);
        assert_eq!(scored.library.single_percent(), Some(100));

        answer(
            &mut quiz,
            &[
                "Record malicious communications.",
                "Wait for a charge.",
                "Delete the messages and block them.",
            ],
        );
        let scored = score(&quiz, &scenarios);
        assert_eq!(scored.library.single_answerable, 0);
        assert_eq!(scored.library.critical_picked, 1);
    }

    #[test]
    fn a_split_review_deals_each_scenarios_decisions_round_the_parts() {
        let scenarios = [mini(MINI)];
        let settings = Framework::bundled().settings;
        let parts: Vec<Quiz> = (1..=2)
            .map(|part| export(&scenarios, &settings, 5, Part { part, parts: 2 }))
            .collect();
        assert_eq!(parts[0].questions.len(), 2);
        assert_eq!(parts[1].questions.len(), 1);
        assert_eq!(Part::parse("2/3"), Some(Part { part: 2, parts: 3 }));
        assert_eq!(Part::parse("4/3"), None);
        assert_eq!(Part::parse("0/3"), None);
    }

    #[test]
    fn answers_to_a_decision_changed_since_export_are_not_marked() {
        let mut quiz = export(
            &[mini(MINI)],
            &Framework::bundled().settings,
            5,
            Part::WHOLE,
        );
        answer(&mut quiz, &["Record stalking."]);
        let changed = mini(&MINI.replace(
            "Record stalking.",
            "Record stalking, linking every incident.",
        ));
        let scored = score(&quiz, &[changed]);
        assert_eq!(scored.unknown.len(), 1);
        assert_eq!(scored.unanswered.len(), 2);
        assert_eq!(scored.library, Tally::default());
    }
}
