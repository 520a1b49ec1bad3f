//! Names that refer to data outside the scene graph: the case pattern, the
//! competencies, and the key actions options claim to achieve.

use crate::core::diagnostic::Diagnostic;
use crate::core::framework::Framework;
use crate::core::lower::{closest, key_span};
use crate::core::model::{Named, Scenario};

pub fn check(
    scenario: &Scenario,
    framework: &Framework,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let pattern = &scenario.pattern;
    if framework.pattern(&pattern.name).is_none() {
        let ids = framework.patterns.patterns.iter().map(|p| p.id.as_str());
        diagnostics.push(unknown(
            "unknown-pattern",
            "case pattern",
            pattern,
            ids,
            "patterns.toml",
        ));
    }
    let competency_ids = || {
        framework
            .competencies
            .competencies
            .iter()
            .map(|c| c.id.as_str())
    };
    for action in &scenario.key_actions {
        if framework.competency(&action.competency.name).is_none() {
            diagnostics.push(unknown(
                "unknown-competency",
                "competency",
                &action.competency,
                competency_ids(),
                "competencies.toml",
            ));
        }
    }
    for (_, _, choice) in scenario.choices() {
        for competency in choice.points.keys() {
            if framework.competency(competency).is_none() {
                let named = Named {
                    name: competency.clone(),
                    span: key_span(&choice.points_span, competency, source),
                };
                diagnostics.push(unknown(
                    "unknown-competency",
                    "competency",
                    &named,
                    competency_ids(),
                    "competencies.toml",
                ));
            }
        }
        for achieved in &choice.achieves {
            if !scenario.key_actions.iter().any(|a| a.id == achieved.name) {
                let ids = scenario.key_actions.iter().map(|a| a.id.as_str());
                diagnostics.push(unknown(
                    "unknown-key-action",
                    "key action",
                    achieved,
                    ids,
                    "this file's [[key_action]] tables",
                ));
            }
        }
    }
}

fn unknown<'a>(
    code: &'static str,
    what: &str,
    named: &Named,
    known: impl Iterator<Item = &'a str> + Clone,
    defined_in: &str,
) -> Diagnostic {
    let hint = match closest(&named.name, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "use one defined in {defined_in}: {}",
            known.collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic::error(
        code,
        named.span.clone(),
        format!("there is no {what} called `{}`", named.name),
    )
    .with_hint(hint)
}
