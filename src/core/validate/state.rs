//! Flags, counters and marks: anything a condition reads must be written
//! somewhere, or the condition can never change; anything written but never
//! read is probably a typo.

use crate::core::condition::Condition;
use crate::core::diagnostic::{Cause, Diagnostic, Span};
use crate::core::lower::closest;
use crate::core::model::{Named, Scenario};
use std::collections::BTreeMap;

/// The most one option may add to (or take from) a counter: no run could
/// then make a counter overflow.
pub const MOST_ADDED: i64 = 1_000_000;

#[derive(Default)]
struct Uses {
    /// First place each name is read and written, per kind of state.
    read: BTreeMap<(&'static str, String), Span>,
    written: BTreeMap<(&'static str, String), Span>,
}

impl Uses {
    fn read(&mut self, kind: &'static str, name: &str, span: &Span) {
        self.read
            .entry((kind, name.to_string()))
            .or_insert_with(|| span.clone());
    }
    fn wrote(&mut self, kind: &'static str, named: &Named) {
        self.written
            .entry((kind, named.name.clone()))
            .or_insert_with(|| named.span.clone());
    }
}

pub fn check(scenario: &Scenario, diagnostics: &mut Vec<Diagnostic>) {
    let mut uses = Uses::default();
    for condition in scenario.conditions() {
        match &condition.value {
            Condition::Flag { name, .. } => uses.read("flag", name, &condition.span),
            Condition::Counter { name, .. } => uses.read("counter", name, &condition.span),
            Condition::Since { mark, .. } => uses.read("mark", mark, &condition.span),
            // Key actions and practices are checked with the other symbols.
            Condition::Elapsed { .. } | Condition::Done { .. } => {}
        }
    }
    for scene in &scenario.scenes {
        scene.set.iter().for_each(|f| uses.wrote("flag", f));
    }
    for (_, _, choice) in scenario.choices() {
        choice
            .effects
            .set
            .iter()
            .for_each(|f| uses.wrote("flag", f));
        for (counter, amount) in &choice.effects.add {
            uses.wrote("counter", counter);
            if !(-MOST_ADDED..=MOST_ADDED).contains(amount) {
                diagnostics.push(
                    Diagnostic::error(
                        "counter-range",
                        counter.span.clone(),
                        format!("adding {amount} to `{}` is more than a counter can take", counter.name),
                    )
                    .with_hint(format!("add between -{MOST_ADDED} and {MOST_ADDED}; counters count things, e.g. `add = {{ missed = 1 }}`")),
                );
            }
        }
        choice
            .effects
            .mark
            .iter()
            .for_each(|m| uses.wrote("mark", m));
    }
    let how = |kind: &str| match kind {
        "flag" => "`set = [\"...\"]` on an option or scene",
        "counter" => "`add = { name = 1 }` on an option",
        _ => "`mark = [\"...\"]` on an option",
    };
    // A name read but never written is usually a misspelling of one written
    // but never read: the error says so, and the warning is its consequence.
    let mut explained: BTreeMap<(&'static str, String), Cause> = BTreeMap::new();
    for ((kind, name), span) in &uses.read {
        if uses.written.contains_key(&(*kind, name.clone())) {
            continue;
        }
        let unread = uses
            .written
            .keys()
            .filter(|(k, n)| k == kind && !uses.read.contains_key(&(*k, n.clone())))
            .map(|(_, n)| n.as_str());
        let near = closest(name, unread);
        let hint = match near {
            Some(near) => format!("did you mean `{near}`? It is set but never read"),
            None => format!("set it with {}, or check the spelling", how(kind)),
        };
        let error = Diagnostic::error(
            "never-set",
            span.clone(),
            format!("the {kind} `{name}` is read here but never set"),
        )
        .with_hint(hint);
        if let Some(near) = near {
            explained.insert((*kind, near.to_string()), error.as_cause());
        }
        diagnostics.push(error);
    }
    for ((kind, name), span) in &uses.written {
        if uses.read.contains_key(&(*kind, name.clone())) {
            continue;
        }
        let mut warning = Diagnostic::warning(
            "never-read",
            span.clone(),
            format!("the {kind} `{name}` is set but no condition reads it"),
        )
        .with_hint("remove it, or use it in a `when` condition");
        // A condition that could not be read may be the one that reads it.
        let unreadable = scenario
            .unreadable_conditions
            .iter()
            .find(|c| c.text.split_whitespace().any(|word| word == name));
        if let Some(cause) = explained.get(&(*kind, name.clone())) {
            warning = warning.caused_by(cause.clone());
        } else if let Some(condition) = unreadable {
            warning = warning.caused_by(Cause {
                code: "bad-condition",
                span: condition.span.clone(),
            });
        }
        diagnostics.push(warning);
    }
}
