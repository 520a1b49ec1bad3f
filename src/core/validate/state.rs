//! Flags, counters and marks: anything a condition reads must be written
//! somewhere, or the condition can never change; anything written but never
//! read is probably a typo.

use crate::core::condition::Condition;
use crate::core::diagnostic::{Diagnostic, Span};
use crate::core::model::{Named, Scenario};
use std::collections::BTreeMap;

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
        choice
            .effects
            .add
            .iter()
            .for_each(|(c, _)| uses.wrote("counter", c));
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
    for ((kind, name), span) in &uses.read {
        if !uses.written.contains_key(&(*kind, name.clone())) {
            diagnostics.push(
                Diagnostic::error(
                    "never-set",
                    span.clone(),
                    format!("the {kind} `{name}` is read here but never set"),
                )
                .with_hint(format!("set it with {}, or check the spelling", how(kind))),
            );
        }
    }
    for ((kind, name), span) in &uses.written {
        if !uses.read.contains_key(&(*kind, name.clone())) {
            diagnostics.push(
                Diagnostic::warning(
                    "never-read",
                    span.clone(),
                    format!("the {kind} `{name}` is set but no condition reads it"),
                )
                .with_hint("remove it, or use it in a `when` condition"),
            );
        }
    }
}
